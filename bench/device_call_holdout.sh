#!/bin/bash
# The planner's hold-out check (predictions committed beforehand in bench/results/session2/holdout_predictions.json) and a
# `train` run of Qwen3-4B with the planner's automatic settings at 16 GiB. Memory only: processes share the GPU, each capped.
set -u
export PYTHONPATH=$PWD/.devsite:$PWD:${PYTHONPATH:-} PYTHONUNBUFFERED=1 HF_HUB_OFFLINE=1 TOKENIZERS_PARALLELISM=false QWEN_QLORA_CACHE=/tmp/qq
mk() { python3 -c "import sys; sys.path.insert(0, '.shared-bench'); from plain_hf_baseline import make_model; make_model('$1', '/tmp/qwen3-$1')" 2>>$OUT/err.log; }
run_jobs() { grep -- "--size $1 " bench/holdout_jobs.txt | xargs -P ${2:-3} -L 1 -I{} sh -c "timeout 120 python3 bench/run_config.py {} 2>>$OUT/err_h.log | grep '^{\"' >> $OUT/holdout.jsonl"; }
( mk 8B; run_jobs 8B 2 ) &
( mk 0.6B; mk 1.7B; run_jobs 0.6B 3; run_jobs 1.7B 3 ) &
( tiny=$(python3 -c "from qwen_qlora.tiny import build_tiny_qwen3; print(build_tiny_qwen3())" 2>>$OUT/err.log); echo $tiny > /tmp/tiny_path ) & TINY=$!
mk 4B; wait $TINY; tiny=$(cat /tmp/tiny_path); cp $tiny/tokenizer* $tiny/chat_template.jinja /tmp/qwen3-4B/ 2>/dev/null
cat > /tmp/auto.yaml <<YAML
model: /tmp/qwen3-4B
data: sample
output_dir: /tmp/auto
auto: true
budget_gb: 16
max_steps: 6
min_length: 8
logging_steps: 2
eval_before: false
max_new_tokens: 4
YAML
(timeout 200 python3 -m qwen_qlora.cli train --config /tmp/auto.yaml --json > $OUT/auto4b.json) 2>&1 | grep -i "auto settings\|oom\|error\|Trace" | tail -8 &
run_jobs 4B 3
wait
cp /tmp/auto/memory.json $OUT/auto4b_memory.json 2>/dev/null
python3 -c "
import json
s = json.load(open('$OUT/auto4b.json')); print('auto run:', s['optimizer_steps'], 'steps, OOM events', s['oom_events'], 'train peak', s['peak_reserved_gib'].get('train'), 'predicted', s.get('predicted_reserved_gib'), s.get('settings'))" 2>&1 | tail -2
cut -c1-330 $OUT/holdout.jsonl
