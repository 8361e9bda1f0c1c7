"""Benchmark: the seed recipe on qwen_qlora's k-bit preparation against the plain HF stack, same shapes, same cap.

Runs on a CUDA machine, one (size, stack) per process so that peaks do not mix. `--stack plain` runs the shared
baseline (`plain_hf_baseline.py`: transformers + peft `prepare_model_for_kbit_training` + Trainer); `--stack ours`
runs the same Trainer loop on `qwen_qlora.quant.load_model` + `qwen_qlora.lora.add_lora` (no fp32 upcast of the
embeddings / lm_head), optionally with the chunked loss (`07b_longctx`). Prints one JSON line like the baseline's.
Example: python bench/qlora_memory.py --size 4B --recipe seed_opt --budget 16
"""
import argparse, gc, json, os, sys, time
sys.path.insert(0, os.path.join(os.path.dirname(__file__), 'baselines'))
import torch
from plain_hf_baseline import RECIPES, RandomRows, StepTimer, gib, make_model, steady_tokens_per_s

def run(size, recipe, budget, steps, chunked_loss=False):
    from transformers import Trainer, TrainingArguments
    from qwen_qlora.memory import setup_cuda, set_memory_budget
    from qwen_qlora.quant import load_model, quant_config
    from qwen_qlora.lora import add_lora, lora_config
    rc = RECIPES[recipe]; path = f'/tmp/qwen3-{size}'
    make_model(size, path); gc.collect(); torch.cuda.empty_cache()
    set_memory_budget(budget); torch.cuda.reset_peak_memory_stats()
    stages, out = {}, dict(size=size, recipe=recipe, stack='ours' + ('+chunked' if chunked_loss else ''),
                           budget_gib=budget,
                           **{k: v for k, v in rc.items() if k != 'target_modules'},
                           target_modules=str(rc['target_modules']))
    def mark(name):
        torch.cuda.synchronize()
        stages[name] = dict(alloc=gib(torch.cuda.memory_allocated()), peak=gib(torch.cuda.max_memory_allocated()),
                            reserved=gib(torch.cuda.memory_reserved()))
    try:
        t0 = time.time()
        model = load_model(path, quant_config(compute_dtype='bf16'))
        out['load_s'] = round(time.time() - t0, 1)
        mark('load')
        lc = lora_config('qv4', r=rc['lora_r'], lora_alpha=rc['lora_alpha'], target_modules=rc['target_modules'])
        model = add_lora(model, lc, rc['gradient_checkpointing']); mark('lora')
        rows, timer = RandomRows(rc['batch_size'] * rc['grad_accum'] * (steps + 1), rc['seq']), StepTimer()
        args = TrainingArguments(output_dir='/tmp/out', per_device_train_batch_size=rc['batch_size'],
                                 gradient_accumulation_steps=rc['grad_accum'],
                                 learning_rate=5e-5, max_steps=steps + 1, optim=rc['optim'], bf16=True,
                                 logging_steps=1000, save_strategy='no', report_to='none', dataloader_num_workers=1,
                                 dataloader_drop_last=True, disable_tqdm=True)
        tr = Trainer(model=model, args=args, train_dataset=rows, callbacks=[timer])
        if chunked_loss:
            from qwen_qlora.loss import use_chunked_loss
            use_chunked_loss(model)
        res = tr.train(); mark('train')
        out['tok_s'] = steady_tokens_per_s(timer.times, rc['batch_size'] * rc['grad_accum'] * rc['seq'])
        out['loss'] = round(res.training_loss, 4); out['ok'] = True
    except torch.OutOfMemoryError as e: out['ok'], out['error'] = False, 'OOM: ' + str(e).splitlines()[0][:160]
    out['stages'] = stages
    out['peak_alloc_gib'] = gib(torch.cuda.max_memory_allocated())
    out['peak_reserved_gib'] = gib(torch.cuda.max_memory_reserved())
    print(json.dumps(out), flush=True)

if __name__ == '__main__':
    p = argparse.ArgumentParser()
    p.add_argument('--size', default='4B')
    p.add_argument('--recipe', default='seed_opt')
    p.add_argument('--budget', type=float, default=16.)
    p.add_argument('--steps', type=int, default=4)
    p.add_argument('--chunked-loss', action='store_true')
    a = p.parse_args()
    from qwen_qlora.memory import setup_cuda; setup_cuda()
    run(a.size, a.recipe, a.budget, a.steps, a.chunked_loss)
