#!/bin/bash
# Session 5, fourth call (16 GiB cap): Qwen3-4B at 4k tokens, all-linear r16, batch 1: the plain HF stack, and ours
# (cache_dequantized, compiled layers, loss chunks of 512) with fused AdamW and with paged 8-bit AdamW, one process each.
source bench/device_lib.sh
mk 4B
each "python3 bench/run_config.py --size 4B --seq 4096 --r 16 --targets all" err_4k.log runs4k.jsonl <<'J' | cut -c1-420
90 --stack plain --warmup 1 --steps 3
170 --keep --dense --compile --chunk 512 --warmup 2 --steps 5 --optim adamw_torch_fused
90 --keep --dense --compile --chunk 512 --warmup 2 --steps 5
J
grep -h "^step\|Recompil\|Error\|error" $OUT/err_*.log | cut -c1-250 | head -40
