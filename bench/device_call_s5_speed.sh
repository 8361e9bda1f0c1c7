#!/bin/bash
# Session 5, second call (16 GiB cap), after 07 put cuDNN's attention first and compiled the tiled blocks:
# attention under a packed row's mask per backend; Qwen3-4B at 4k all-linear r16 with cache_dequantized, compiled
# (loss chunks of 128 and 512 tokens); Qwen3-8B at 32k with compiled tiles.
source bench/device_lib.sh
timeout 60 python3 bench/attn_bench.py --seq 2048 4096 --packed 2>>$OUT/err_attn.log | tee $OUT/attn_packed.jsonl
mk 4B
each "python3 bench/run_config.py --size 4B --seq 4096 --r 16 --targets all --keep --dense --compile --warmup 2 --steps 4" err_4k.log runs4k.jsonl <<'J' | cut -c1-420
170 --chunk 128
90 --chunk 512
J
rm -rf /tmp/qwen3-4B; mk 8B
each "python3 bench/run_config.py --size 8B --seq 32768 --r 16 --targets all --chunk 256 --offload --warmup 1 --steps 2 --compile" err_8b.log long8b_32k.jsonl <<'J' | cut -c1-420
170 --tile 16384
J
grep -h "^step\|Recompil\|Error\|error" $OUT/err_*.log | cut -c1-250 | head -40
