#!/bin/bash
# One device call: the 4B memory benchmark (plain HF vs ours), cuda-flagged notebook tests, a 4B `qwen-qlora train`
# under a 16 GiB cap, a T4 rehearsal (15 GiB, fp16), and an OOM rehearsal. Writes under $OUT.
set -u
export PYTHONPATH=$PWD/.devsite:$PWD:${PYTHONPATH:-} PYTHONUNBUFFERED=1 HF_HUB_OFFLINE=1 TOKENIZERS_PARALLELISM=false QWEN_QLORA_CACHE=/tmp/qq
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader | tee $OUT/gpu.txt
python3 -c "import torch,transformers,peft,accelerate,bitsandbytes;print('torch',torch.__version__,'tf',transformers.__version__,'peft',peft.__version__,'bnb',bitsandbytes.__version__)" | tee -a $OUT/gpu.txt
SIZES=${SIZES:-4B}
for s in $SIZES; do
  timeout 300 python3 .shared-bench/plain_hf_baseline.py --size $s --recipe seed_opt --budget 16 --steps 4 2>>$OUT/err.log | grep '^{' | tee -a $OUT/mem.jsonl
  timeout 300 python3 bench/qlora_memory.py --size $s --recipe seed_opt --budget 16 --steps 4 2>>$OUT/err.log | grep '^{' | tee -a $OUT/mem.jsonl
done
python3 bench/compare.py $OUT/mem.jsonl | tee $OUT/compare.txt
[ -n "${MEM_ONLY:-}" ] && exit 0
python3 -c "import sys; sys.path.insert(0, '.shared-bench'); from plain_hf_baseline import make_model; make_model('4B', '/tmp/qwen3-4B')" 2>>$OUT/err.log
# a tokenizer for the random-weight 4B folder (the tiny one: its ids fit any vocabulary)
tiny=$(python3 -c "from qwen_qlora.tiny import build_tiny_qwen3; print(build_tiny_qwen3())" 2>>$OUT/err.log)
cp $tiny/tokenizer* $tiny/chat_template.jinja /tmp/qwen3-4B/ 2>/dev/null
cat > /tmp/run4b.yaml <<YAML
model: /tmp/qwen3-4B
data: sample
output_dir: /tmp/run4b
max_steps: 12
budget_gb: 16
logging_steps: 4
save_steps: 8
min_length: 8
YAML
[ -z "${SKIP_TRAIN:-}" ] && (timeout 240 python3 -m qwen_qlora.cli train --config /tmp/run4b.yaml --json > $OUT/train4b.json) 2>&1 | grep -v Warn | tail -25
[ -z "${SKIP_TRAIN:-}" ] && (timeout 200 python3 -m qwen_qlora.cli train --config /tmp/run4b.yaml --set output_dir=/tmp/t4 --set budget_gb=15 --set compute_dtype=fp16 --json > $OUT/t4.json) 2>&1 | grep -v Warn | tail -8
python3 bench/make_longtail.py /tmp/longtail.jsonl 400
(timeout 240 python3 -m qwen_qlora.cli train --config /tmp/run4b.yaml --set output_dir=/tmp/oom --set data=/tmp/longtail.jsonl --set lora_preset=all64 --set batch_size=16 --set grad_accum=1 --set max_length=4096 --set gradient_checkpointing=false --set max_steps=6 --set save_steps=3 --set eval_fraction=0.02 --json > $OUT/oom.json) 2>&1 | grep -i "oom\|degrad\|error\|Trace" | tail -30
cp /tmp/oom/memory.json $OUT/oom_memory.json 2>/dev/null; cp /tmp/run4b/memory.png $OUT/memory4b.png 2>/dev/null; cp /tmp/oom/memory.png $OUT/oom_memory.png 2>/dev/null
# the notebooks' cuda-flagged cells
[ -n "${NBTEST:-}" ] && (cd nbs && timeout 150 python3 -c "from nbdev.test import nbdev_test; nbdev_test(path='.', flags='cuda', n_workers=1, file_glob='0[0-2]*.ipynb', do_print=True)") 2>&1 | grep -v "Warn\|warn" | tail -15
