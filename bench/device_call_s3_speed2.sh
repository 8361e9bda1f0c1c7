#!/bin/bash
# Session 3, second speed call, alone on the GPU (Qwen3-4B, 16 GiB cap): compiled layers with checkpointing on the
# real-length data, and compiled 4k all-linear r16 variants (every layer, every 3rd, offloaded, CUDA graphs).
set -u
export PYTHONPATH=$PWD/.devsite:$PWD:${PYTHONPATH:-} PYTHONUNBUFFERED=1 HF_HUB_OFFLINE=1 TOKENIZERS_PARALLELISM=false
python3 -c "import sys; sys.path.insert(0, '.shared-bench'); from plain_hf_baseline import make_model; make_model('4B', '/tmp/qwen3-4B')" 2>>$OUT/err.log
T="python3 bench/throughput.py --size 4B --steps 3"
while read -r t opts; do
  [ -z "$t" ] && continue
  timeout $t $T $opts 2>>$OUT/err_tp.log | grep '^{' | tee -a $OUT/throughput.jsonl
done <<'J'
130 --stack ours --every 1 --compile --warmup 2
90 --stack ours --every 2 --compile --warmup 2
J
R="python3 bench/run_config.py --size 4B --seq 4096 --r 16 --targets all --chunk 128 --steps 3 --compile --warmup 2"
while read -r t opts; do
  [ -z "$t" ] && continue
  timeout $t $R $opts 2>>$OUT/err_4k.log | grep '^{' | tee -a $OUT/runs4k.jsonl | cut -c1-330
done <<'J'
90 --keep
80 --every 3
80 --offload
100 --every 2 --compile-mode reduce-overhead
J
grep -v "Warning\|warn(\|Loading" $OUT/err_tp.log $OUT/err_4k.log | grep -i "error\|oom" | tail -8
