#!/bin/bash
# Session 5, first call (16 GiB cap). Attention alone per SDPA backend at 4k and 32k; Qwen3-4B at 4k all-linear r16 with
# cache_dequantized (16-bit copies of the frozen weights), compiled and not; Qwen3-8B at 32k profiled, flash and cuDNN first.
source bench/device_lib.sh
timeout 90 python3 bench/attn_bench.py --seq 4096 32768 2>>$OUT/err_attn.log | tee $OUT/attn.jsonl
mk 4B
each "python3 bench/run_config.py --size 4B --seq 4096 --r 16 --targets all --chunk 128 --keep --dense" err_4k.log runs4k.jsonl <<'J' | cut -c1-500
170 --compile --warmup 2 --steps 3
60 --warmup 1 --steps 3
J
rm -rf /tmp/qwen3-4B; mk 8B
each "python3 bench/run_config.py --size 8B --seq 32768 --r 16 --targets all --chunk 256 --offload --tile 16384 --warmup 1 --steps 2 --profile" err_8b.log long8b_32k.jsonl <<'J' | cut -c1-500
90 --attn cudnn
90 --attn flash
J
grep -h "^step\|PROFILE\|Recompil\|Error\|error" $OUT/err_*.log | cut -c1-250 | head -40
