#!/bin/bash
# Session 3, second speed call, alone on the GPU (Qwen3-4B, 16 GiB cap): compiled layers with checkpointing on the
# real-length data, and compiled 4k all-linear r16 variants (every layer, every 3rd, offloaded, CUDA graphs).
source bench/device_lib.sh
mk 4B
each "python3 bench/throughput.py --size 4B --steps 3" err_tp.log throughput.jsonl <<'J'
130 --stack ours --every 1 --compile --warmup 2
90 --stack ours --every 2 --compile --warmup 2
J
each "python3 bench/run_config.py --size 4B --seq 4096 --r 16 --targets all --chunk 128 --steps 3 --compile --warmup 2" err_4k.log runs4k.jsonl <<'J' | cut -c1-330
90 --keep
80 --every 3
80 --offload
100 --every 2 --compile-mode reduce-overhead
J
grep -v "Warning\|warn(\|Loading" $OUT/err_tp.log $OUT/err_4k.log | grep -i "error\|oom" | tail -8
