#!/bin/bash
# Session 3, closing call. Phase 1, alone on the GPU: real-length throughput, plain HF seed recipe vs ours (packed, every
# 2nd layer checkpointed). Phase 2, side by side (each process capped at 16 GiB; memory only): the planner's second
# hold-out (predictions committed beforehand: bench/results/session3/holdout2_predictions.json), Qwen3-4B at 128k with
# cuDNN attention first, and the notebooks' cuda/slow cells.
source bench/device_lib.sh
mk 4B
for a in "--stack plain" "--stack ours --every 2"; do
  timeout 80 python3 bench/throughput.py --size 4B --steps 3 $a 2>>$OUT/err_tp.log | grep '^{' | tee -a $OUT/throughput.jsonl
done
run_jobs() { holdout bench/holdout2_jobs.txt holdout2.jsonl 110 "$@"; }
( mk 8B; run_jobs 8B 2 ) &
( mk 0.6B; mk 1.7B; run_jobs 0.6B 3; run_jobs 1.7B 3 ) &
( timeout 230 python3 bench/run_config.py --size 4B --seq 131072 --r 16 --targets all --chunk 256 --offload --tile 4096 --attn cudnn --steps 1 2>>$OUT/err_long.log | grep '^{' > $OUT/long4b_128k.jsonl ) &
( for n in 00_memory 01_quant 02_lora; do timeout 200 nbdev_test --flags "cuda slow" --path nbs/$n.ipynb >> $OUT/nbdev_test_cuda.txt 2>&1; echo "$n rc $?" >> $OUT/nbdev_test_cuda.txt; done ) &
run_jobs 4B 3
wait
cut -c1-300 $OUT/holdout2.jsonl; cut -c1-400 $OUT/long4b_128k.jsonl; grep " rc " $OUT/nbdev_test_cuda.txt
