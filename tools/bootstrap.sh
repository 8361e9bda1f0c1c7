#!/usr/bin/env bash
# Creates .venv (once) with qwen_qlora and what it needs; `make demo` and `make test` call this.
# On a machine without an NVIDIA GPU it installs a CPU build of torch first, so nothing pulls in
# the multi-GB CUDA build. Usage: tools/bootstrap.sh [dev]   ("dev" adds nbdev and the test tools)
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
extra=${1:-}
stamp=.venv/.installed${extra:+-$extra}
[ -f "$stamp" ] && [ "$stamp" -nt setup.py ] && [ "$stamp" -nt settings.ini ] && exit 0
[ -x .venv/bin/python ] || "$PY" -m venv .venv
pip="./.venv/bin/python -m pip --disable-pip-version-check -q"
if ! ./.venv/bin/python -c 'import torch' 2>/dev/null; then
  if command -v nvidia-smi >/dev/null 2>&1; then
    $pip install 'torch>=2.6'
  elif whl=$(ls /opt/wheels/torch-*+cpu-*.whl 2>/dev/null | head -1) && [ -n "$whl" ]; then
    v=$(basename "$whl" | cut -d- -f2)                 # e.g. 2.13.0+cpu: this workplace keeps a CPU build on disk
    $pip install --find-links /opt/wheels "torch==${v%%+*}"
  else
    $pip install torch --index-url https://download.pytorch.org/whl/cpu
  fi
fi
$pip install -e ".${extra:+[$extra]}"
touch "$stamp"
