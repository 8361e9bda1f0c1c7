#!/bin/bash
# Prepare what the GPU machine needs and lacks, in the project's root here (it reaches no index):
# - .allsite/: the 56 MB site that ../shared/bench/fetch_all_wheels.sh builds (bitsandbytes, datasets, ipywidgets,
#   Unsloth, Liger), plus fastcore at the pin in settings.ini and nvidia-ml-py;
# - .nbsite/: nbdev and execnb at their pins with IPython, for `nbdev_test --flags "cuda slow"` there;
# - .devpack/: both compressed (16 MB against 80), since the tree that travels must stay under 64 MiB.
# Carry [".devpack"]; `source bench/device.sh` there unpacks it and sets PYTHONPATH.
set -e
[ -d .allsite ] || bash ../shared/bench/fetch_all_wheels.sh
pin=$(grep -o 'fastcore==[0-9.]*' settings.ini | head -1)
pip install -q --target .allsite --no-deps "$pin" nvidia-ml-py
if [ ! -d .nbsite ]; then
  pip install -q --target .nbsite $(grep -o 'nbdev==[0-9.]*\|execnb==[0-9.]*\|fastcore==[0-9.]*' settings.ini)
  # what the GPU machine has or nbdev_test does not need (jedi alone is 35 MB)
  rm -rf .nbsite/jedi* .nbsite/setuptools* .nbsite/_distutils_hack .nbsite/distutils-precedence.pth .nbsite/yaml \
         .nbsite/_yaml .nbsite/PyYAML* .nbsite/packaging* .nbsite/bin
  find .nbsite -name __pycache__ -type d -prune -exec rm -rf {} +
fi
for d in .allsite .nbsite .devpack; do grep -qx "/$d/" .git/info/exclude || echo "/$d/" >> .git/info/exclude; done
mkdir -p .devpack
tar cf - .allsite | xz -T0 -6 > .devpack/allsite.tar.xz
tar cf - .nbsite | xz -T0 -6 > .devpack/nbsite.tar.xz
du -sh .devpack/*
