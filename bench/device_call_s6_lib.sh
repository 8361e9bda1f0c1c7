#!/bin/bash
# Session 6, second call (16 GiB cap): Qwen3-4B at 4k tokens, all-linear r16, batch 1, with the library as it now trains
# (04's ScheduledGC and no NaN check per micro-batch; 07's chunked loss without a GPU->CPU wait), against the same with
# the loss's wait back (--skip-ignored), with the Trainer's defaults back, with paged 8-bit AdamW, and the plain HF stack.
source bench/device_lib.sh
mk 4B
each "python3 bench/run_config.py --size 4B --seq 4096 --r 16 --targets all --warmup 2 --steps 6" err_4k.log runs4k.jsonl <<'J' | cut -c1-300
170 --keep --dense --compile --chunk 512 --optim adamw_torch_fused --sync-trace
100 --keep --dense --compile --chunk 512 --optim adamw_torch_fused --skip-ignored
100 --keep --dense --compile --chunk 512 --optim adamw_torch_fused --trainer-defaults
100 --keep --dense --compile --chunk 512
90 --stack plain --warmup 1 --steps 3
J
grep -h "^step\|Recompil\|Error\|error\|SYNCS\|  [0-9]* x " $OUT/err_*.log | cut -c1-400 | head -80
