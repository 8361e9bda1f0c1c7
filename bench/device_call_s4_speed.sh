#!/bin/bash
# Session 4, second call, every run alone on the GPU (16 GiB cap). Real-length throughput on Qwen3-4B: the plain HF
# seed recipe and ours (packed rows now padded to a multiple of 64, every layer checkpointed), uncompiled and compiled,
# 5 timed steps after warm-up; then Qwen3-8B at 32k tokens (all-linear r16, offloaded checkpoints, two tile sizes).
source bench/device_lib.sh
mk 4B
each "python3 bench/throughput.py --size 4B --steps 5" err_tp.log throughput.jsonl <<'J'
130 --stack plain --warmup 2
80 --stack ours --every 1 --warmup 2
200 --stack ours --every 1 --compile --warmup 3
J
rm -rf /tmp/qwen3-4B; mk 8B
each "python3 bench/run_config.py --size 8B --seq 32768 --r 16 --targets all --chunk 256 --offload --steps 2" err_8b.log long8b_32k.jsonl <<'J' | cut -c1-420
100 --tile 16384
100 --tile 8192
J
grep -h "^step\|Recompil" $OUT/err_tp.log $OUT/err_8b.log | cut -c1-200
python3 bench/compare.py $OUT/throughput.jsonl
