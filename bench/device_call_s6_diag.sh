#!/bin/bash
# Session 6, first call (16 GiB cap): where the 4k step (Qwen3-4B, all-linear r16, cache_dequantized, compiled layers,
# loss chunks of 512, fused AdamW) waits. Counts the CUDA synchronisations of one step by origin, then times the step
# without the Trainer's NaN check, with Python's garbage collector off, with the last 8 layers not checkpointed, and
# without the Trainer at all (the ceiling).
# A record: it ran on the working tree just before commit 93e6d27, whose bench/run_config.py then had --no-nan-filter,
# --gc-off (collector frozen and disabled before training) and --plain-last (the last n layers not checkpointed; that
# run hit its 90 s timeout while compiling and gave no figure). Those flags are gone: train() now trains without the NaN
# check and with ScheduledGC, which run_config's --stack ours does unless --trainer-defaults. Nearest rows today:
# row 1 = --trainer-defaults --skip-ignored, rows 2-3 = --skip-ignored (ScheduledGC instead of the collector off).
source bench/device_lib.sh
mk 4B
each "python3 bench/run_config.py --size 4B --seq 4096 --r 16 --targets all --keep --dense --compile --chunk 512 --optim adamw_torch_fused --warmup 2 --steps 6" err_4k.log runs4k.jsonl <<'J' | cut -c1-300
170 --sync-trace
90 --no-nan-filter --sync-trace
90 --no-nan-filter --gc-off
90 --no-nan-filter --gc-off --plain-last 8
90 --manual --sync-trace
J
grep -h "^step\|Recompil\|Error\|error\|SYNCS\|  [0-9]* x " $OUT/err_*.log | cut -c1-400 | head -80
