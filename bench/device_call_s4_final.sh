#!/bin/bash
# Session 4, closing call, side by side (each process capped at 16 GiB; memory figures only, speeds contended):
# the planner's third hold-out (bench/holdout3_jobs.txt; predictions committed beforehand in
# bench/results/session4/holdout3_predictions.json), Qwen3-4B at 128k tokens (offloaded checkpoints, 2k tiles,
# attention in 8 head groups), and the notebooks' cuda/slow cells.
source bench/device_lib.sh
run_jobs() { holdout bench/holdout3_jobs.txt holdout3.jsonl 150 "$@"; }
( mk 8B; run_jobs 8B 2 ) &
( mk 0.6B; mk 1.7B; run_jobs 0.6B 4; run_jobs 1.7B 4 ) &
mk 4B
( timeout 420 python3 bench/run_config.py --size 4B --seq 131072 --r 16 --targets all --chunk 256 --offload --tile 2048 --head-groups 8 --steps 1 --predict 2>>$OUT/err_long.log | grep '^{"' > $OUT/long4b_128k.jsonl ) &
( NB_TIMEOUT=200 bash bench/device_nbdev_test.sh nbs/00_memory.ipynb nbs/01_quant.ipynb nbs/index.ipynb > $OUT/nbdev_test_cuda.txt 2>&1 ) &
run_jobs 4B 4
wait
cut -c1-250 $OUT/holdout3.jsonl; cut -c1-600 $OUT/long4b_128k.jsonl; grep " rc " $OUT/nbdev_test_cuda.txt; grep "^step" $OUT/err_long.log
