#!/bin/bash
# Session 4, last call: Qwen3-4B at 128k tokens alone on the GPU (the closing call ran it beside the hold-out, so its
# speed was contended), and 01_quant's cuda cell, which timed out in the closing call's crowd.
source bench/device_lib.sh
( NB_TIMEOUT=300 bash bench/device_nbdev_test.sh nbs/01_quant.ipynb > $OUT/nbdev_test_cuda_01.txt 2>&1 ) &
mk 4B
timeout 330 python3 bench/run_config.py --size 4B --seq 131072 --r 16 --targets all --chunk 256 --offload --tile 2048 --head-groups 8 --steps 1 --predict 2>>$OUT/err_long.log | grep '^{"' > $OUT/long4b_128k_alone.jsonl
wait
cut -c1-700 $OUT/long4b_128k_alone.jsonl; grep " rc \|Error\|error" $OUT/nbdev_test_cuda_01.txt | head; grep "^step" $OUT/err_long.log
