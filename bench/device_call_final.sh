#!/bin/bash
# The closing device call. Lane 1, alone on the GPU: throughput (plain HF seed recipe vs ours, real-length data).
# Then, side by side (each process capped at 16 GiB): Qwen3-4B at 128k tokens, and lane 2: the planner's validation
# configurations (0.6B-8B, memory only) and the seed recipes' peaks.
set -u
export PYTHONPATH=$PWD/.devsite:$PWD:${PYTHONPATH:-} PYTHONUNBUFFERED=1 HF_HUB_OFFLINE=1 TOKENIZERS_PARALLELISM=false
mk() { python3 -c "import sys; sys.path.insert(0, '.shared-bench'); from plain_hf_baseline import make_model; make_model('$1', '/tmp/qwen3-$1')" 2>>$OUT/err.log; }
mk 4B
for a in "--stack plain" "--stack ours --every 1" "--stack ours --every 2"; do
  timeout 110 python3 bench/throughput.py --size 4B --steps 4 $a 2>>$OUT/err.log | grep '^{' | tee -a $OUT/throughput.jsonl
done
( timeout ${LONG_T:-260} python3 bench/run_config.py --size 4B --seq ${LONG_SEQ:-131072} --chunk 256 --offload --tile ${TILE:-4096} --steps 1 2>>$OUT/err_long.log | tee -a $OUT/long4b.jsonl ) &
LONG_PID=$!
( mk 0.6B; mk 1.7B ) & SMALL_PID=$!
mk 8B; wait $SMALL_PID
cat > /tmp/jobs.txt <<'J'
--size 4B --seq 256 --ga 16 --r 4 --targets qv --chunk 32 --keep --steps 1
--size 4B --seq 256 --ga 16 --r 4 --targets qv --chunk 64 --keep --steps 1
--size 8B --seq 256 --ga 16 --r 4 --targets qv --chunk 64 --keep --emb-cpu --steps 1
--size 0.6B --seq 256 --ga 16 --r 4 --targets qv --chunk 128
--size 0.6B --seq 2048 --r 64 --targets all --gc off --chunk 128
--size 0.6B --seq 8192 --r 16 --targets all --chunk 128
--size 1.7B --seq 1024 --r 8 --targets qv --gc off --chunk 128
--size 1.7B --seq 4096 --r 32 --targets all --chunk 128
--size 1.7B --seq 8192 --r 4 --targets qv --chunk 0
--size 4B --seq 512 --bs 2 --r 16 --targets qv --gc off --chunk 128
--size 4B --seq 2048 --r 64 --targets all --chunk 128
--size 4B --seq 8192 --r 16 --targets all --chunk 128
--size 8B --seq 2048 --r 16 --targets all --chunk 128
--size 8B --seq 4096 --r 8 --targets qv --chunk 128
--size 8B --seq 1024 --r 16 --targets all --gc off --chunk 128
J
xargs -P ${PAR:-3} -L 1 -I{} sh -c "timeout 150 python3 bench/run_config.py {} 2>>$OUT/err_valid.log >> $OUT/valid.jsonl" < /tmp/jobs.txt
wait $LONG_PID
cat $OUT/valid.jsonl | cut -c1-400
grep -v "Warning\|warn(\|Loading\|Writing" $OUT/err.log $OUT/err_long.log | tail -12
