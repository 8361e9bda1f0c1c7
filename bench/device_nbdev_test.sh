#!/bin/bash
# The notebooks' GPU cells on the device: nbdev_test with the cuda and slow flags, one notebook at a time.
# The device has no nbdev console scripts (nbdev comes in .devsite on PYTHONPATH), so nbdev_test is called from Python.
# Usage (device tool, carry .devsite): bash bench/device_nbdev_test.sh nbs/00_memory.ipynb nbs/01_quant.ipynb nbs/02_lora.ipynb
source bench/device_lib.sh
for nb in "$@"; do
  timeout ${NB_TIMEOUT:-300} python3 -c "from nbdev.test import nbdev_test; nbdev_test(path='$nb', flags='cuda slow', n_workers=1, do_print=True)"
  echo "$nb rc $?"
done
