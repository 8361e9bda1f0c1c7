#!/bin/bash
# One device call for Qwen3-4B (16 GiB cap): throughput profile, seed-recipe loss chunks, the cost of each long-context
# technique at 4k, and the longest context (doubling, then bisecting). Writes under $OUT.
set -u
export PYTHONPATH=$PWD/.devsite:$PWD:${PYTHONPATH:-} PYTHONUNBUFFERED=1 HF_HUB_OFFLINE=1 TOKENIZERS_PARALLELISM=false
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader | tee $OUT/gpu.txt
python3 -c "import sys; sys.path.insert(0, '.shared-bench'); from plain_hf_baseline import make_model; make_model('4B', '/tmp/qwen3-4B')" 2>>$OUT/err.log
R="python3 bench/run_config.py --size 4B"
if [ -n "${PROFILE:-}" ]; then
  timeout 150 python3 bench/throughput.py --stack ours --size 4B --steps 3 --profile 2>$OUT/profile.txt | tee -a $OUT/throughput.jsonl
fi
if [ -n "${LONG:-}" ]; then
  timeout ${LONG_TIMEOUT:-420} python3 bench/longctx.py --size 4B --start ${LONG_START:-32768} --max ${LONG_MAX:-131072} --granularity 16384 --timeout 300 -- --chunk 256 --offload --tile ${TILE:-8192} 2>>$OUT/err.log | tee -a $OUT/longctx.jsonl
fi
if [ -n "${SEED:-}" ]; then   # the seed recipe with the chunked loss at several chunks
  for c in ${SEED}; do timeout 100 $R --seq 256 --ga 16 --r 4 --targets qv --chunk $c --steps 2 2>>$OUT/err.log | tee -a $OUT/runs.jsonl; done
fi
if [ -n "${TECH:-}" ]; then   # 4k all-linear r16: each technique on and off
  for opts in "--chunk 0" "--chunk 128" "--chunk 128 --offload" "--chunk 128 --tile 4096" "--chunk 128 --tile 1024" "--chunk 128 --offload --tile 1024" "--chunk 128 --gc off"; do
    timeout 100 $R --seq 4096 $opts --steps 2 2>>$OUT/err.log | tee -a $OUT/runs.jsonl; done
fi
grep -v "Warning\|warn(" $OUT/err.log | tail -30
