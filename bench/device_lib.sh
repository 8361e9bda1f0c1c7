# Sourced by the session-3 device calls: the device environment, `mk SIZE` (build Qwen3 at its published shape with
# random weights in /tmp/qwen3-SIZE, once), and `each CMD ERRLOG OUTFILE`, which runs CMD once per stdin line
# "TIMEOUT OPTIONS", appending the JSON lines it prints to $OUT/OUTFILE; and `holdout JOBS OUTFILE TIMEOUT SIZE [PARALLEL]`,
# which runs the lines of the hold-out file JOBS for one model size through bench/run_config.py, PARALLEL at a time.
set -u
export PYTHONPATH=$PWD/.devsite:$PWD:${PYTHONPATH:-} PYTHONUNBUFFERED=1 HF_HUB_OFFLINE=1 TOKENIZERS_PARALLELISM=false
mk() { python3 -c "import sys; sys.path.insert(0, '.shared-bench'); from plain_hf_baseline import make_model; make_model('$1', '/tmp/qwen3-$1')" 2>>$OUT/err.log; }
each() {
  while read -r t opts; do
    [ -z "$t" ] && continue
    timeout $t $1 $opts 2>>$OUT/$2 | grep '^{' | tee -a $OUT/$3
  done
}
holdout() {
  grep -- "--size $4 " $1 | xargs -P ${5:-3} -I{} sh -c "timeout $3 python3 bench/run_config.py {} --steps 1 2>>$OUT/err_h.log | grep '^{\"' >> $OUT/$2"
}
