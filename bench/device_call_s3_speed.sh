#!/bin/bash
# Session 3, speed call, alone on the GPU (Qwen3-4B, 16 GiB cap): real-length throughput, plain HF seed recipe vs ours
# (packed or padded without a mask, checkpointing or not, compiled layers or not), then 4k all-linear r16 variants.
source bench/device_lib.sh
(which gcc cc; nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader) > $OUT/env.txt 2>&1
mk 4B
each "python3 bench/throughput.py --size 4B --steps 3" err_tp.log throughput.jsonl <<'J'
80 --stack plain
60 --stack ours --every 1
60 --stack ours --gc off --collate pad
60 --stack ours --gc off --collate pack
150 --stack ours --gc off --collate pad --compile --warmup 2
150 --stack ours --gc off --collate pack --compile --warmup 2
J
each "python3 bench/run_config.py --size 4B --seq 4096 --r 16 --targets all --chunk 128 --steps 3" err_4k.log runs4k.jsonl <<'J' | cut -c1-330
50 --keep
150 --every 2 --compile --warmup 2
50 --every 2
50 --offload
150 --keep --compile --warmup 2
J
grep -v "Warning\|warn(\|Loading" $OUT/err_tp.log $OUT/err_4k.log | tail -25
