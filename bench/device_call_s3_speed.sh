#!/bin/bash
# Session 3, speed call, alone on the GPU (Qwen3-4B, 16 GiB cap): real-length throughput, plain HF seed recipe vs ours
# (packed or padded without a mask, checkpointing or not, compiled layers or not), then 4k all-linear r16 variants.
set -u
export PYTHONPATH=$PWD/.devsite:$PWD:${PYTHONPATH:-} PYTHONUNBUFFERED=1 HF_HUB_OFFLINE=1 TOKENIZERS_PARALLELISM=false
(which gcc cc; nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader) > $OUT/env.txt 2>&1
python3 -c "import sys; sys.path.insert(0, '.shared-bench'); from plain_hf_baseline import make_model; make_model('4B', '/tmp/qwen3-4B')" 2>>$OUT/err.log
T="python3 bench/throughput.py --size 4B --steps 3"
while read -r t opts; do
  [ -z "$t" ] && continue
  timeout $t $T $opts 2>>$OUT/err_tp.log | grep '^{' | tee -a $OUT/throughput.jsonl
done <<'J'
80 --stack plain
60 --stack ours --every 1
60 --stack ours --gc off --collate pad
60 --stack ours --gc off --collate pack
150 --stack ours --gc off --collate pad --compile --warmup 2
150 --stack ours --gc off --collate pack --compile --warmup 2
J
R="python3 bench/run_config.py --size 4B --seq 4096 --r 16 --targets all --chunk 128 --steps 3"
while read -r t opts; do
  [ -z "$t" ] && continue
  timeout $t $R $opts 2>>$OUT/err_4k.log | tee -a $OUT/runs4k.jsonl | cut -c1-330
done <<'J'
50 --keep
150 --every 2 --compile --warmup 2
50 --every 2
50 --offload
150 --keep --compile --warmup 2
J
grep -v "Warning\|warn(\|Loading" $OUT/err_tp.log $OUT/err_4k.log | tail -25
