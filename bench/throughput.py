"""Throughput on real-length data: the plain HF seed recipe against qwen_qlora's packed fast path, one process each.

Rows are random token ids whose lengths follow a log-normal between 16 and 256 tokens (median ~110, fixed seed),
with the first 30% of each row masked as prompt. Both stacks train the same 16 samples per optimizer step:
plain HF = `prepare_model_for_kbit_training` + LoRA seed recipe + Trainer at batch 1 x accumulation 16;
ours = `qwen_qlora` loading/LoRA, the chunked loss, at batch 16 x accumulation 1, the 16 rows either packed into one
(`PackCollator`, block-diagonal mask) or padded to the longest without a mask (`PadCollator(attention_mask=False)`);
`--compile` runs the layers through `torch.compile` (07_longctx's `compile_layers`), `--gc off` drops checkpointing.
Prints one JSON line: samples/s, tokens/s, peak reserved, and model-FLOP utilisation against a bf16 matmul rate
measured in the same process (model FLOPs: 4 x parameters x tokens = forward + activation gradients; the frozen base
has no weight gradients and checkpoint recomputation is not counted as useful work).
Example: python bench/throughput.py --stack ours --size 4B
"""
import argparse, json, math, os, sys, time
sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', '.shared-bench'))
import torch
from plain_hf_baseline import gib, make_model
from steptimer import StepTimer, compile_counts

def rows(n, seed=0):
    g = torch.Generator().manual_seed(seed); out = []
    for i in range(n):
        L = int(min(256, max(16, math.exp(4.7 + 0.6 * torch.randn(1, generator=g).item()))))
        ids = torch.randint(0, 151000, (L,), generator=g).tolist(); p = int(0.3 * L)
        out.append(dict(input_ids=ids, labels=[-100] * p + ids[p:], row_id=i))
    return out

def matmul_tflops():
    a = torch.randn(8192, 8192, device='cuda', dtype=torch.bfloat16); b = torch.randn_like(a)
    for _ in range(3): a @ b
    torch.cuda.synchronize(); t = time.time()
    for _ in range(20): a @ b
    torch.cuda.synchronize(); return 20 * 2 * 8192**3 / (time.time() - t) / 1e12

def main(stack, size, steps, budget, gc_on=True, micro=16, profile=False, chunk=128, every=0, collate='pack', compile_layers=False, warmup=1, dense=False, skip_ignored=False):
    from transformers import Trainer, TrainingArguments, AutoModelForCausalLM, BitsAndBytesConfig
    from qwen_qlora.memory import set_memory_budget
    peak_tf = matmul_tflops()
    path = f'/tmp/qwen3-{size}'; make_model(size, path); torch.cuda.empty_cache()
    set_memory_budget(budget); torch.cuda.reset_peak_memory_stats()
    data = rows(16 * (steps + warmup))
    timer = StepTimer(profile_step=warmup + 1 if profile else 0); times = timer.times
    common = dict(output_dir='/tmp/tp', learning_rate=5e-5, max_steps=steps + warmup, optim='paged_adamw_8bit', bf16=True, logging_steps=1000,
                  save_strategy='no', report_to='none', dataloader_num_workers=1, disable_tqdm=True, remove_unused_columns=False)
    if stack == 'plain':
        from peft import LoraConfig, get_peft_model, prepare_model_for_kbit_training
        bnb = BitsAndBytesConfig(load_in_4bit=True, bnb_4bit_quant_type='nf4', bnb_4bit_compute_dtype=torch.bfloat16, bnb_4bit_use_double_quant=True)
        model = AutoModelForCausalLM.from_pretrained(path, quantization_config=bnb, device_map={'': 0}, dtype=torch.bfloat16)
        model = prepare_model_for_kbit_training(model, use_gradient_checkpointing=True)
        model = get_peft_model(model, LoraConfig(r=4, lora_alpha=8, target_modules=['q_proj', 'v_proj'], lora_dropout=0.05, use_rslora=True, init_lora_weights='gaussian', task_type='CAUSAL_LM'))
        def collate(b): return {k: torch.tensor([r[k] for r in b]) for k in ('input_ids', 'labels')}
        args = TrainingArguments(per_device_train_batch_size=1, gradient_accumulation_steps=16, gradient_checkpointing=True,
                                 gradient_checkpointing_kwargs={'use_reentrant': False}, **common)
        tr = Trainer(model=model, args=args, train_dataset=data, data_collator=collate, callbacks=[timer])
    else:
        from qwen_qlora.quant import load_model, quant_config
        from qwen_qlora.lora import add_lora, lora_config
        from qwen_qlora.longctx import use_chunked_loss
        from qwen_qlora.data import PackCollator, PadCollator
        from qwen_qlora.train import QTrainer
        model = use_chunked_loss(add_lora(load_model(path, quant_config(compute_dtype='bf16')), lora_config('seed'), gc_on), chunk, skip_ignored=skip_ignored)
        if dense:   # 01_quant's cache_dequantized: 16-bit copies of the frozen 4-bit weights
            from qwen_qlora.quant import cache_dequantized
            cache_dequantized(model)
        if every or compile_layers:   # 07_longctx's checkpoint (input kept on the device) on every n-th layer, compiled layers
            from qwen_qlora.longctx import enable_long_context
            enable_long_context(model, offload=False, checkpoint_every=every or 1, compile_layers=compile_layers)
        from qwen_qlora.train import ScheduledGC, LOOP_ARGS   # ours trains as train() does: no NaN check per micro-batch, the collector on a schedule
        args = TrainingArguments(per_device_train_batch_size=micro, gradient_accumulation_steps=16 // micro, **LOOP_ARGS, **common)
        tr = QTrainer(model=model, args=args, train_dataset=data, data_collator=PackCollator() if collate == 'pack' else PadCollator(0, 32, attention_mask=False), callbacks=[timer, ScheduledGC()])
    tr.train()
    steady = times[warmup:]; tokens = sum(len(r['input_ids']) for r in data[16 * warmup:16 * (steps + warmup)])
    n_params = sum(p.numel() * (2 if p.dtype == torch.uint8 else 1) for n, p in model.named_parameters() if 'embed_tokens' not in n)
    n_params += model.config.vocab_size * model.config.hidden_size  # the lm_head (tied or not)
    secs = sum(steady)
    out = dict(stack=stack, size=size, gc=gc_on, every=every, micro=micro, collate=collate if stack == 'ours' else 'pad', compile=compile_layers, dense=dense, skip_ignored=skip_ignored, samples_per_step=16, steps_timed=len(steady), samples_s=round(16 * len(steady) / secs, 2),
               tokens_s=round(tokens / secs, 1), peak_reserved_gib=gib(torch.cuda.max_memory_reserved()),
               mfu=round(4 * n_params * tokens / secs / 1e12 / peak_tf, 4), matmul_tflops=round(peak_tf, 1))
    if compile_layers: out.update(compile_counts())
    print(json.dumps(out), flush=True)

if __name__ == '__main__':
    p = argparse.ArgumentParser(); p.add_argument('--stack', default='ours'); p.add_argument('--size', default='4B')
    p.add_argument('--steps', type=int, default=4); p.add_argument('--budget', type=float, default=16.)
    p.add_argument('--gc', default='on', choices=('on', 'off')); p.add_argument('--micro', type=int, default=16, help='samples per packed micro-batch (ours)')
    p.add_argument('--profile', action='store_true'); p.add_argument('--chunk', type=int, default=128)
    p.add_argument('--every', type=int, default=0, help="ours: qwen_qlora's checkpoint on every n-th layer (0: transformers' on all)")
    p.add_argument('--collate', default='pack', choices=('pack', 'pad'), help='ours: pack the micro-batch into one row, or pad it without a mask')
    p.add_argument('--compile', action='store_true', help='ours: torch.compile the decoder layers'); p.add_argument('--warmup', type=int, default=1)
    p.add_argument('--dense', action='store_true', help="ours: 01_quant's cache_dequantized (16-bit copies of the frozen 4-bit weights)")
    p.add_argument('--skip-ignored', action='store_true', help="ours: the chunked loss takes prompt tokens out first (a GPU->CPU wait)")
    a = p.parse_args(); main(a.stack, a.size, a.steps, a.budget, a.gc == 'on', a.micro, a.profile, a.chunk, a.every, a.collate, a.compile, a.warmup, a.dense, a.skip_ignored)
