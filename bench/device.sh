#!/bin/bash
# The device environment for the bench: the carried site (.allsite: bitsandbytes, datasets, ipywidgets and, for the
# baselines only, Unsloth and Liger) on PYTHONPATH, the hub offline; nbdev for the notebooks' GPU cells (.nbsite) last,
# so the machine's own packages come first. Unpacks .devpack (bench/prepare_site.sh) where it was carried. Source it,
# then call bench/run.py, or nbdev_test: python -c "from nbdev.test import nbdev_test; nbdev_test(flags='cuda slow')"
# (a folder without its .unpacked stamp, e.g. half there on a warm machine, is unpacked again)
for f in .devpack/*.tar.xz; do
  d=".$(basename "$f" .tar.xz)"
  [ -e "$f" ] && [ ! -e "$d/.unpacked" ] && { { rm -rf "$d" && tar xJf "$f" && touch "$d/.unpacked"; } ||
                                             { echo "bench/device.sh: unpacking $f failed" >&2; return 1; }; }
done
export PYTHONPATH=$PWD/.allsite:$PWD:${PYTHONPATH:-}:$PWD/.nbsite
export PYTHONUNBUFFERED=1 HF_HUB_OFFLINE=1 TOKENIZERS_PARALLELISM=false
# build_all SIZE...: the random-weight models, in parallel (each size once per machine)
build_all() {
  for s in "$@"; do python3 -c "import sys; sys.path[:0] = ['bench']; import run; run.build_model('$s')" & done; wait
}
