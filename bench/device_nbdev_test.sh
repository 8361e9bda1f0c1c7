#!/bin/bash
# The notebooks' GPU cells on the device: nbdev_test with the cuda and slow flags, one notebook at a time, in this process
# (n_workers=0), so that a notebook still running 10 s before its timeout dumps every thread's stack to stderr.
# The device has no nbdev console scripts (nbdev comes in .devsite on PYTHONPATH), so nbdev_test is called from Python.
# Usage (device tool, carry .devsite): NB_TIMEOUT=300 bash bench/device_nbdev_test.sh nbs/00_memory.ipynb nbs/01_quant.ipynb
source bench/device_lib.sh
T=${NB_TIMEOUT:-300}
for nb in "$@"; do
  timeout $T python3 -c "import faulthandler; faulthandler.dump_traceback_later($((T - 10))); from nbdev.test import nbdev_test; nbdev_test(path='$nb', flags='cuda slow', n_workers=0, do_print=True)"
  echo "$nb rc $?"
done
