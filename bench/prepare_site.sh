#!/bin/bash
# Prepare .allsite/ on this machine for the GPU machine, which lacks some of the library's requirements and reaches
# no index: the 56 MB site that ../shared/bench/fetch_all_wheels.sh builds (bitsandbytes, datasets, ipywidgets,
# Unsloth, Liger), plus fastcore at the pin in settings.ini and nvidia-ml-py. Run it in the project's root.
set -e
[ -d .allsite ] || bash ../shared/bench/fetch_all_wheels.sh
pin=$(grep -o 'fastcore==[0-9.]*' settings.ini | head -1)
pip install -q --target .allsite --no-deps "$pin" nvidia-ml-py
