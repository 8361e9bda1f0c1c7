#!/bin/bash
# Data-parallel scaling on Qwen3-4B shapes (random weights, 16 GiB cap per GPU): the same config on 1 GPU and on 2 GPUs
# through torchrun; prints each run's samples/s from its summary. Needs 2 GPUs. Writes under $OUT.
export PYTHONPATH=$PWD/.devsite:$PWD PYTHONUNBUFFERED=1 HF_HUB_OFFLINE=1 TOKENIZERS_PARALLELISM=false QWEN_QLORA_CACHE=/tmp/qq
python3 -c "import sys; sys.path.insert(0, 'bench/baselines'); from plain_hf_baseline import make_model; make_model('4B', '/tmp/qwen3-4B')" 2>/dev/null
tiny=$(python3 -c "from qwen_qlora.tiny import build_tiny_qwen3; print(build_tiny_qwen3())" 2>/dev/null); cp $tiny/tokenizer* $tiny/chat_template.jinja /tmp/qwen3-4B/
set -- --set model=/tmp/qwen3-4B --set budget_gb=16 --set batch_size=4 --set grad_accum=4 --set max_steps=8 --set eval_before=false --set prompt=null --set save_steps=100 --set eval_fraction=0.02 --set min_length=8 --set logging_steps=4
timeout 100 python3 -m qwen_qlora.cli demo --output-dir /tmp/g1 --json "$@" > $OUT/g1.log 2>&1
timeout 140 torchrun --nproc_per_node 2 -m qwen_qlora.cli demo --output-dir /tmp/g2 --json "$@" > $OUT/g2.log 2>&1
for d in g1 g2; do python3 -c "
import json, glob; s=json.load(open('/tmp/$d/summary.json')); ranks=sorted(glob.glob('/tmp/$d/rank-*.json'))
n=len(ranks) or 1; sps=s['optimizer_steps']*16*n/s['train_seconds']
print(json.dumps(dict(run='$d', gpus=n, steps=s['optimizer_steps'], samples_per_step=16*n, train_seconds=s['train_seconds'], samples_s=round(sps,2), peak_reserved_gib=s['peak_reserved_gib'].get('train'), same_adapter_on_ranks=len({json.load(open(r))['adapter_sha1'] for r in ranks})==1 if ranks else None)))" | tee -a $OUT/scaling.jsonl; done
