#!/bin/bash
# One device call for Qwen3-8B (16 GiB cap): the seed recipe with the chunked loss, 32k tokens/s, the longest context.
set -u
export PYTHONPATH=$PWD/.devsite:$PWD:${PYTHONPATH:-} PYTHONUNBUFFERED=1 HF_HUB_OFFLINE=1 TOKENIZERS_PARALLELISM=false
python3 -c "import sys; sys.path.insert(0, '.shared-bench'); from plain_hf_baseline import make_model; make_model('8B', '/tmp/qwen3-8B')" 2>>$OUT/err.log
R="python3 bench/run_config.py --size 8B"
for c in ${SEED:-}; do timeout 100 $R --seq 256 --ga 16 --r 4 --targets qv --chunk $c --steps 2 2>>$OUT/err.log | tee -a $OUT/runs.jsonl; done
for opts in ${K32:-}; do timeout 120 $R --seq 32768 --chunk 256 --offload ${opts//_/ } --steps 1 2>>$OUT/err.log | tee -a $OUT/runs.jsonl; done
[ -n "${LONG:-}" ] && timeout ${LONG_TIMEOUT:-300} python3 bench/longctx.py --size 8B --start ${LONG_START:-65536} --max ${LONG_MAX:-65536} --granularity 16384 --timeout 280 -- --chunk 256 --offload --tile ${TILE:-16384} 2>>$OUT/err.log | tee -a $OUT/longctx.jsonl
[ -n "${PLAIN:-}" ] && for s in $PLAIN; do timeout 100 $R --stack plain --seq $s --steps 1 2>>$OUT/err.log | tee -a $OUT/runs.jsonl; done
grep -v "Warning\|warn(\|Loading\|Writing" $OUT/err.log | grep -v "^step" | tail -20; grep "^step" $OUT/err.log
