#!/bin/bash
# Session 6, third call (16 GiB cap). While Qwen3-4B is built: the notebooks' cuda/slow cells (00_memory, 01_quant, index).
# Then, each run alone on the GPU, real-length throughput on Qwen3-4B (bench/throughput.py): the plain HF seed recipe, and
# ours (16 rows packed, every layer checkpointed, compiled) as the library now trains (ScheduledGC, no NaN check, the
# chunked loss without a GPU->CPU wait), and the same with the loss's wait back (--skip-ignored: prompt tokens skipped).
source bench/device_lib.sh
( NB_TIMEOUT=130 bash bench/device_nbdev_test.sh nbs/00_memory.ipynb nbs/01_quant.ipynb nbs/index.ipynb > $OUT/nbdev_test_cuda.txt 2>&1 ) &
mk 4B
wait
grep " rc " $OUT/nbdev_test_cuda.txt
each "python3 bench/throughput.py --size 4B" err_tp.log throughput.jsonl <<'J'
100 --stack plain --warmup 1 --steps 3
200 --stack ours --every 1 --compile --warmup 3 --steps 5
120 --stack ours --every 1 --compile --warmup 3 --steps 5 --skip-ignored
J
grep -h "^step\|Recompil\|Error" $OUT/err_tp.log | cut -c1-200
python3 bench/compare.py $OUT/throughput.jsonl
