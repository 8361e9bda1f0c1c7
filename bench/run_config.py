"""One training configuration, one process: peak memory per stage and tokens/s, as one JSON line.

Qwen3 at the published shapes with random weights (`/tmp/qwen3-SIZE`, built by the shared baseline's `make_model`),
random token ids at full length, HF Trainer (what `train()` uses) for `--steps` timed optimizer steps after one warm-up;
`--stack ours` trains as `train()` does (no NaN check per micro-batch, `ScheduledGC`), `--stack plain` with the Trainer's defaults.
`--stack ours` loads through `qwen_qlora` (no fp32 upcast), with the chunked loss (`--chunk`), offloaded checkpoints
(`--offload`) and tiles (`--tile`) as asked; `--stack plain` is the plain HF recipe (`prepare_model_for_kbit_training`).
`--predict` adds the planner's prediction (`06_plan`) for the same configuration.
Example: python bench/run_config.py --size 4B --seq 4096 --r 16 --targets all --chunk 128 --offload --tile 4096
"""
import argparse, contextlib, gc, json, os, sys, time
sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', '.shared-bench'))
import torch
from plain_hf_baseline import gib, make_model
from steptimer import StepTimer, compile_counts

def main(a):
    from transformers import Trainer, TrainingArguments
    from qwen_qlora.memory import setup_cuda, set_memory_budget
    setup_cuda()
    path = f'/tmp/qwen3-{a.size}'; make_model(a.size, path); gc.collect(); torch.cuda.empty_cache()
    set_memory_budget(a.budget); torch.cuda.reset_peak_memory_stats()
    targets = ['q_proj', 'v_proj'] if a.targets == 'qv' else 'all-linear'
    out = dict(stack=a.stack, size=a.size, seq=a.seq, bs=a.bs, ga=a.ga, r=a.r, targets=a.targets, gc=a.gc, chunk=a.chunk,
               offload=a.offload, tile=a.tile, keep=a.keep, trainer_defaults=a.trainer_defaults, skip_ignored=a.skip_ignored, compile=a.compile, compile_mode=a.compile_mode, attn=a.attn, keep_attn=a.keep_attn, static=a.static, head_groups=a.head_groups, every=a.every, emb_cpu=a.emb_cpu, dense=a.dense, optim=a.optim, budget_gib=a.budget)
    stages = {}
    def mark(name):
        torch.cuda.synchronize(); stages[name] = dict(alloc=gib(torch.cuda.memory_allocated()), peak_reserved=gib(torch.cuda.max_memory_reserved()))
    t_start = time.time()
    try:
        if a.stack == 'plain':
            from transformers import AutoModelForCausalLM, BitsAndBytesConfig
            from peft import LoraConfig, get_peft_model, prepare_model_for_kbit_training
            bnb = BitsAndBytesConfig(load_in_4bit=True, bnb_4bit_quant_type='nf4', bnb_4bit_compute_dtype=torch.bfloat16, bnb_4bit_use_double_quant=True)
            model = AutoModelForCausalLM.from_pretrained(path, quantization_config=bnb, device_map={'': 0}, dtype=torch.bfloat16, attn_implementation='sdpa'); mark('load')
            model = prepare_model_for_kbit_training(model, use_gradient_checkpointing=a.gc == 'on', gradient_checkpointing_kwargs={'use_reentrant': False})
            model = get_peft_model(model, LoraConfig(r=a.r, lora_alpha=2 * a.r, target_modules=targets, lora_dropout=a.dropout, use_rslora=True, task_type='CAUSAL_LM')); mark('lora')
        else:
            from qwen_qlora.quant import load_model, quant_config
            from qwen_qlora.lora import add_lora, lora_config
            model = load_model(path, quant_config(compute_dtype='bf16'))
            if a.emb_cpu:
                from qwen_qlora.quant import embeddings_to_cpu
                embeddings_to_cpu(model); torch.cuda.empty_cache()
            mark('load')
            model = add_lora(model, lora_config('seed', r=a.r, lora_alpha=2 * a.r, target_modules=targets, lora_dropout=a.dropout), a.gc == 'on')
            if a.dense:
                from qwen_qlora.quant import cache_dequantized
                cache_dequantized(model)
            if a.chunk:
                from qwen_qlora.longctx import use_chunked_loss
                use_chunked_loss(model, a.chunk, skip_ignored=a.skip_ignored)
            import qwen_qlora.longctx as L
            if a.attn != 'auto':   # one SDPA order for every layer (07 tries cuDNN first on Hopper, flash first when heads are grouped)
                L.FAST_ATTENTION[:] = L.LEAN_ATTENTION[:] = list(L.FAST_ATTENTION if a.attn == 'cudnn' else L.LEAN_ATTENTION)
            if a.compile_mode: L.COMPILE_OPTIONS['mode'] = a.compile_mode
            if a.static: L.COMPILE_OPTIONS['dynamic'] = False
            if a.offload or a.tile or a.keep or a.every > 1 or a.compile:
                from qwen_qlora.longctx import enable_long_context
                enable_long_context(model, offload=a.offload, tile=a.tile or None, checkpoint_every=a.every, compile_layers=a.compile, head_groups=a.head_groups,
                                    keep_attention=a.keep_attn)
            mark('lora')
        n = a.bs * a.ga * (a.steps + a.warmup)
        g = torch.Generator().manual_seed(0)
        class DS(torch.utils.data.Dataset):   # no attention mask: rows are full length (transformers then takes causal attention)
            def __len__(self): return n
            def __getitem__(self, i):
                ids = torch.randint(0, 151000, (a.seq,), generator=torch.Generator().manual_seed(i)); return dict(input_ids=ids, labels=ids)
        if a.manual:
            manual_loop(model, a, out); mark('train'); raise StopIteration
        timer = StepTimer(profile_step=a.warmup + 1 if a.profile else 0, sync_trace_step=a.warmup if a.sync_trace else 0); times = timer.times
        # ours trains as train() does (04_train): no NaN check per micro-batch, Python's collector on a schedule
        loop_args, callbacks = {}, [timer]
        if a.stack == 'ours' and not a.trainer_defaults:
            from qwen_qlora.train import ScheduledGC, LOOP_ARGS
            from transformers import TrainerCallback
            class GCProbe(TrainerCallback):   # what one scheduled collection costs (ScheduledGC runs one every 50 steps)
                def on_train_end(self, *args, **kw): t = time.perf_counter(); gc.collect(); out['gc_collect_s'] = round(time.perf_counter() - t, 4)
            loop_args, callbacks = LOOP_ARGS, [timer, GCProbe(), ScheduledGC()]
        args = TrainingArguments(output_dir='/tmp/out', per_device_train_batch_size=a.bs, gradient_accumulation_steps=a.ga, learning_rate=5e-5,
                                 max_steps=a.steps + a.warmup, optim=a.optim, bf16=True, logging_steps=1000, save_strategy='no', report_to='none',
                                 dataloader_num_workers=1, disable_tqdm=True, remove_unused_columns=False, **loop_args)
        tr = Trainer(model=model, args=args, train_dataset=DS(), callbacks=callbacks)
        res = tr.train(); mark('train')
        steady = times[a.warmup:] or times
        out.update(ok=True, tok_s=round(a.bs * a.ga * a.seq / (sum(steady) / len(steady)), 1), step_s=round(sum(steady) / len(steady), 2), loss=round(res.training_loss, 4))
        if a.compile: out.update(compile_counts())
        off = getattr(model, 'offloader', None)
        if off is not None: out['offload_host_gib'] = gib(off.peak_host_bytes)
        kept = getattr(model, 'attention_keeper', None)
        if kept is not None: out['kept_attention_host_gib'] = gib(kept.offloader.peak_host_bytes)
    except StopIteration: pass
    except torch.OutOfMemoryError as e: out.update(ok=False, error='OOM: ' + str(e).splitlines()[0][:200])
    out.update(stages=stages, peak_alloc_gib=gib(torch.cuda.max_memory_allocated()), peak_reserved_gib=gib(torch.cuda.max_memory_reserved()),
               wall_s=round(time.time() - t_start, 1))
    if a.predict:
        from qwen_qlora.plan import estimate, model_shape, recipe_from_run
        out['predicted_reserved_gib'] = estimate(model_shape(a.size), recipe_from_run(out))['train_reserved']
    print(json.dumps(out), flush=True)

def manual_loop(model, a, out):
    "The ceiling without the Trainer: forward, backward, clip, fused AdamW, no synchronisation inside the timed steps."
    from steptimer import SyncTracer
    params = [p for p in model.parameters() if p.requires_grad]
    opt = torch.optim.AdamW(params, lr=5e-5, fused=True); model.train()
    ids = [torch.randint(0, 151000, (a.bs, a.seq), generator=torch.Generator().manual_seed(i)).pin_memory() for i in range(a.steps + a.warmup)]
    def step(i):
        x = ids[i].to('cuda', non_blocking=True)
        with torch.autocast('cuda', dtype=torch.bfloat16): loss = model(input_ids=x, labels=x).loss
        loss.backward(); torch.nn.utils.clip_grad_norm_(params, 1.0); opt.step(); opt.zero_grad(set_to_none=True)
        return loss.detach()
    for i in range(a.warmup - 1): step(i)
    with (SyncTracer() if a.sync_trace else contextlib.nullcontext()): step(a.warmup - 1)
    torch.cuda.synchronize(); t = time.time()
    losses = [step(i) for i in range(a.warmup, a.warmup + a.steps)]
    torch.cuda.synchronize(); dt = (time.time() - t) / a.steps
    out.update(ok=True, manual=True, tok_s=round(a.bs * a.seq / dt, 1), step_s=round(dt, 3), loss=round(float(torch.stack(losses).mean()), 4))
    if a.compile: out.update(compile_counts())

def parser():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--stack', default='ours', choices=('ours', 'plain')); p.add_argument('--size', default='4B')
    p.add_argument('--seq', type=int, default=256); p.add_argument('--bs', type=int, default=1); p.add_argument('--ga', type=int, default=1)
    p.add_argument('--r', type=int, default=16); p.add_argument('--targets', default='all', choices=('qv', 'all'))
    p.add_argument('--gc', default='on', choices=('on', 'off')); p.add_argument('--chunk', type=int, default=0, help='chunked loss, tokens per chunk (0: off)')
    p.add_argument('--offload', action='store_true'); p.add_argument('--tile', type=int, default=0)
    p.add_argument('--keep', action='store_true', help="qwen_qlora's checkpoint with inputs kept on the device")
    p.add_argument('--every', type=int, default=1, help='checkpoint every n-th layer'); p.add_argument('--emb-cpu', action='store_true')
    p.add_argument('--dropout', type=float, default=0.0); p.add_argument('--optim', default='paged_adamw_8bit')
    p.add_argument('--steps', type=int, default=1); p.add_argument('--budget', type=float, default=16.)
    p.add_argument('--predict', action='store_true'); p.add_argument('--compile', action='store_true', help='torch.compile the decoder layers')
    p.add_argument('--compile-mode', default=None, help="torch.compile's mode, e.g. reduce-overhead (CUDA graphs)")
    p.add_argument('--head-groups', type=int, default=1, help='tiled layers: attention over this many groups of heads in turn')
    p.add_argument('--attn', default='auto', choices=('auto', 'flash', 'cudnn'), help="first SDPA backend (auto: 07_longctx's choice)")
    p.add_argument('--keep-attn', action='store_true', help="07's keep_attention: attention's output kept in host memory, not recomputed")
    p.add_argument('--static', action='store_true', help='compile for static shapes (dynamic=False)')
    p.add_argument('--warmup', type=int, default=1, help='untimed optimizer steps first')
    p.add_argument('--dense', action='store_true', help="01_quant's cache_dequantized: 16-bit copies of the frozen 4-bit weights")
    p.add_argument('--trainer-defaults', action='store_true', help="ours: the Trainer's NaN check and Python's own collector schedule, not train()'s")
    p.add_argument('--skip-ignored', action='store_true', help="ours: the chunked loss takes tokens without a target out first (a GPU->CPU wait)")
    p.add_argument('--manual', action='store_true', help='a plain loop without the Trainer (fused AdamW): the ceiling')
    p.add_argument('--sync-trace', action='store_true', help='count the CUDA synchronisations of the last warm-up step by origin')
    p.add_argument('--profile', action='store_true', help='profile the first timed step (tables and a summary line on stderr)')
    return p

if __name__ == '__main__': main(parser().parse_args())
