#!/bin/bash
# Session 4, first call (Qwen3-4B, 16 GiB cap): where a step's time goes. Profiles of the packed real-length step
# (uncompiled) and of the compiled 4k all-linear r16 step, with dynamo's graph-break and recompile logs, and the
# compiled packed run with checkpointing given time to compile.
source bench/device_lib.sh
mk 4B
TORCH_LOGS=graph_breaks,recompiles each "python3 bench/run_config.py --size 4B --seq 4096 --r 16 --targets all --chunk 128 --steps 3 --compile --warmup 2 --keep --profile" err_4k.log runs4k.jsonl <<'J' | cut -c1-400
170
J
each "python3 bench/throughput.py --size 4B --steps 3 --stack ours --every 1 --profile" err_tp_prof.log throughput.jsonl <<'J'
70
J
TORCH_LOGS=graph_breaks,recompiles each "python3 bench/throughput.py --size 4B --steps 3 --stack ours --every 1 --compile --warmup 3" err_tp_comp.log throughput.jsonl <<'J'
250
J
grep -h "PROFILE\|Graph break\|Recompil" $OUT/err_*.log | cut -c1-300 | head -20
