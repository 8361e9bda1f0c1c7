#!/bin/bash
# The device environment for the bench: the carried site (.allsite: bitsandbytes, datasets, ipywidgets and, for the
# baselines only, Unsloth and Liger) on PYTHONPATH, the hub offline. Source it, then call bench/run.py.
export PYTHONPATH=$PWD/.allsite:$PWD:${PYTHONPATH:-} PYTHONUNBUFFERED=1 HF_HUB_OFFLINE=1 TOKENIZERS_PARALLELISM=false
# build_all SIZE...: the random-weight models, in parallel (each size once per machine)
build_all() { for s in "$@"; do python3 -c "import sys; sys.path.insert(0, 'bench'); import run; run.build_model('$s')" & done; wait; }
