#!/bin/bash
# Session 5, third call (16 GiB cap): Qwen3-8B at 32k with compiled tiles and attention's output kept (keep_attention),
# 16k tiles (8k if that does not fit); then Qwen3-4B at 4k with cache_dequantized, compiled for static shapes, profiled.
source bench/device_lib.sh
mk 8B
each "python3 bench/run_config.py --size 8B --seq 32768 --r 16 --targets all --chunk 256 --offload --warmup 1 --steps 2 --compile --keep-attn" err_8b.log long8b_32k.jsonl <<'J' | cut -c1-420
170 --tile 16384
J
grep -q '"ok": true' $OUT/long8b_32k.jsonl || each "python3 bench/run_config.py --size 8B --seq 32768 --r 16 --targets all --chunk 256 --offload --warmup 1 --steps 2 --compile --keep-attn" err_8b.log long8b_32k.jsonl <<'J' | cut -c1-420
130 --tile 8192
J
rm -rf /tmp/qwen3-8B; mk 4B
each "python3 bench/run_config.py --size 4B --seq 4096 --r 16 --targets all --keep --dense --compile --static --chunk 512 --warmup 2 --steps 4 --profile" err_4k.log runs4k.jsonl <<'J' | cut -c1-420
170
J
grep -h "^step\|PROFILE\|Recompil\|Error\|error" $OUT/err_*.log | cut -c1-250 | head -40
