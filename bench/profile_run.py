"""Where a run's time goes: one run of a job, trained by `train()` in this process, every optimizer step timed.

The run is the job's (`bench/jobs/JOB.yaml`, `--run NAME`), with the product's own `train()`; this script only adds a
callback (`train(callbacks=...)`) that synchronises the GPU at every step's end and records the step's duration and
tokens, and optionally records a torch profile of steps `--profile A:B`. It prints:
- the first steps' durations and how much longer than the steady pace the first half of the run took;
- whether steps whose packed length (tokens rounded up to `PACK_MULTIPLE`) appears for the first time are slower than
  steps repeating a length (kernels that plan per shape: cuDNN attention, recompiles);
- torch.compile's counters (graphs, recompiles, graph breaks) and its per-phase times;
- the allocator's retries and device allocations (each retry empties caches and synchronises the device), and the
  GiB of its segments per memory pool as training ends (CUDA graphs hold theirs);
- with `--memory-history`, what the allocator held at its peak during training (`bench/mem_peak.py`);
- with `--memory-steps`, the peak reserved memory so far at each step's end, and the GiB of segments per pool and
  stream then;
- the profiled steps' top operators by GPU time and by CPU time.
A diagnosis: its figures are `train()`'s own summary and the step times, with one GPU synchronisation a step (which
slows a step a little); the project's comparisons with the peers come from `bench/run.py`.

usage: python bench/profile_run.py bench/jobs/JOB.yaml --run NAME [--steps N]
       [--profile A:B [--top N] [--shapes] [--trace F]]
       [--inductor JSON] [--graph-tokens N] [--memory-history] [--memory-steps] [--liger KIND,...]
       [--set KEY=VALUE ...] [--checkpoint ours|torch|torch-reentrant]
       [--out DIR]
"""
import argparse, json, os, statistics, sys, tempfile, time
# the allocator train() sets up (setup_cuda), here before preparing the data touches the GPU
os.environ.setdefault('PYTORCH_CUDA_ALLOC_CONF', 'expandable_segments:True')
from pathlib import Path
import torch, yaml
from transformers import TrainerCallback

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run as runner


HISTORY_ENTRIES = 3_000_000   # the allocator history's ring buffer (`--memory-history`)


class StepTimes(TrainerCallback):
    "Each optimizer step's duration (GPU synchronised) and tokens; a torch profile of steps a+1..b."
    def __init__(self, trainer, # the run's `QTrainer` (its `tokens_trained` counts the tokens)
                 profile:tuple|None, # (a, b): profile the optimizer steps after a, up to b; None: no profile
                 top:int=30, # how many operators each profile table lists
                 history:bool=False, # record the allocator's history from the training's start (`bench/mem_peak.py`)
                 shapes:bool=False, # the profile also lists operators by their inputs' shapes
                 trace:str|None=None, # write the profile as a Chrome trace here (`bench/gpu_gaps.py` reads it)
                 memory_steps:bool=False # record at each step's end the peak reserved so far and the segments
                ):
        self.trainer, self.profile, self.top, self.history, self.shapes = trainer, profile, top, history, shapes
        self.trace, self.memory_steps = trace, memory_steps and torch.cuda.is_available()
        self.rows, self.prof = [], None

    def on_train_begin(self, args, state, control, **kw):
        "Start recording the allocator's history (`--memory-history`)."
        if self.history and torch.cuda.is_available():
            self.reserved0 = torch.cuda.memory_reserved()
            torch.cuda.memory._record_memory_history(max_entries=HISTORY_ENTRIES, stacks='python')

    def _sync(self):
        "Wait for the GPU, so that a step's time is its own."
        if torch.cuda.is_available(): torch.cuda.synchronize()

    def on_step_begin(self, args, state, control, **kw):
        "Start the step's clock (and the profile, at its first step)."
        self._sync(); step = state.global_step
        if self.profile and step == self.profile[0]:
            acts = [torch.profiler.ProfilerActivity.CPU] + ([torch.profiler.ProfilerActivity.CUDA]
                                                            if torch.cuda.is_available() else [])
            self.prof = torch.profiler.profile(activities=acts, record_shapes=self.shapes); self.prof.__enter__()
        self.t, self.n = time.perf_counter(), self.trainer.tokens_trained

    def on_step_end(self, args, state, control, **kw):
        "Record the step's duration and tokens (and end the profile, at its last step)."
        self._sync()
        self.rows.append(dict(step=state.global_step, seconds=round(time.perf_counter() - self.t, 4),
                              tokens=self.trainer.tokens_trained - self.n))
        if self.memory_steps:
            # the peak so far (not reset here: train()'s stages read the same counter)
            self.rows[-1] |= dict(peak_reserved_gib=round(torch.cuda.max_memory_reserved() / 2**30, 3),
                                  allocated_gib=round(torch.cuda.memory_allocated() / 2**30, 3),
                                  segments_gib=segments_by_pool())
        if self.prof is not None and state.global_step == self.profile[1]:
            self.prof.__exit__(None, None, None); self.report_profile(); self.prof = None

    def on_train_end(self, args, state, control, **kw):
        "Where the reserved memory sits as training ends: GiB of CUDA segments per memory pool (CUDA graphs' own)."
        if not torch.cuda.is_available(): return
        print('segments at the end of training (GiB):', json.dumps(segments_by_pool(streams=False)))
        if self.history:
            from mem_peak import peak_report
            snap = torch.cuda.memory._snapshot(); torch.cuda.memory._record_memory_history(enabled=None)
            print(peak_report(snap, self.reserved0, top=25, max_entries=HISTORY_ENTRIES))

    def report_profile(self):
        "The profiled steps' top operators by GPU and by CPU time."
        if self.trace:
            self.prof.export_chrome_trace(self.trace); print('trace:', self.trace)
            if torch.cuda.is_available():
                from gpu_gaps import report
                report(self.trace)
        ka = self.prof.key_averages()
        if torch.cuda.is_available():
            print(ka.table(sort_by='self_cuda_time_total', row_limit=self.top, max_name_column_width=70))
        print(ka.table(sort_by='self_cpu_time_total', row_limit=self.top, max_name_column_width=70))
        if self.shapes and torch.cuda.is_available():
            by_shape = self.prof.key_averages(group_by_input_shape=True)
            print(by_shape.table(sort_by='self_cuda_time_total', row_limit=self.top, max_name_column_width=40,
                                 max_shapes_column_width=90))


def segments_by_pool(streams:bool=True # also split the default pool by stream
                    )->dict:
    "GiB of the allocator's CUDA segments per memory pool ('default', or a CUDA graphs' pool) and stream."
    pools = {}
    for seg in torch.cuda.memory_snapshot():
        key = 'default' if not any(seg.get('segment_pool_id', (0, 0))) else f"pool {tuple(seg['segment_pool_id'])}"
        if streams and key == 'default': key += f" stream {seg.get('stream', 0)}"
        pools[key] = pools.get(key, 0) + seg['total_size'] / 2**30
    return {k: round(v, 3) for k, v in pools.items()}


def shapes_report(rows:list[dict], # `StepTimes.rows`: step, seconds, tokens
                  multiple:int # the collator's rounding (`PACK_MULTIPLE`): a step's shape is its tokens rounded up
                 ):
    "Steps meeting a packed length for the first time against steps repeating one, after the first two steps."
    seen, new, old = set(), [], []
    for r in rows:
        L = -(-r['tokens'] // multiple) * multiple
        if r['step'] > 2: (old if L in seen else new).append(r['seconds'])
        seen.add(L)
    med = lambda xs: round(statistics.median(xs), 4) if xs else None
    print(json.dumps(dict(lengths=len(seen), new_length_steps=len(new), new_median_s=med(new),
                          new_total_s=round(sum(new), 1), repeat_steps=len(old), repeat_median_s=med(old))))


def use_torch_checkpoint(reentrant:bool):
    """Trying torch's checkpoint out where `train()` would use 07b_longctx's for plain checkpointing (padded rows,
    every layer, nothing offloaded, tiled or compiled): transformers' checkpointing, reentrant or not, instead."""
    import qwen_qlora.train as qt
    from qwen_qlora.lora import enable_checkpointing, is_checkpointing
    ours = qt.enable_long_context
    def enable(model, offload=False, tile=None, checkpoint_every=1, compile_layers=False, **kw):
        if offload or tile or compile_layers or checkpoint_every > 1 or not is_checkpointing(model):
            return ours(model, offload=offload, tile=tile, checkpoint_every=checkpoint_every,
                        compile_layers=compile_layers, **kw)
        enable_checkpointing(model, reentrant=reentrant)   # transformers' (through torch's checkpoint)
        return model
    qt.enable_long_context = enable


def main(a):
    "Train the job's run through `train()` with `StepTimes` added to its trainer, then print what it recorded."
    job = yaml.safe_load(Path(a.job).read_text())
    run = next(r for r in job['runs'] if r['name'] == a.run)
    work = Path(tempfile.mkdtemp(prefix='profile-')); out = Path(a.out or work); out.mkdir(parents=True, exist_ok=True)
    _, _, (_, settings, _) = runner.prepare(job, run, work, False)
    if a.steps: settings['max_steps'] = a.steps
    for kv in a.set or ():   # trying a setting out: the value as YAML reads it
        k, v = kv.split('=', 1); settings[k] = yaml.safe_load(v)
    if a.checkpoint != 'ours': use_torch_checkpoint(a.checkpoint == 'torch-reentrant')
    from qwen_qlora.config import TrainConfig
    from qwen_qlora.data import PACK_MULTIPLE
    import qwen_qlora.train as qt, qwen_qlora.longctx as lc
    if a.inductor: lc.COMPILE_OPTIONS['options'] |= json.loads(a.inductor)   # before the first layer compiles
    if a.graph_tokens:   # trying CUDA graphs on longer padded micro-batches than 06_plan's bound gives them
        import qwen_qlora.plan as plan; plan.GRAPH_TOKENS = a.graph_tokens
    if a.liger:   # trying Liger's kernels out: its own patch of transformers' Qwen3 module, before the model is built
        from liger_kernel.transformers import apply_liger_kernel_to_qwen3
        kinds = set(a.liger.split(','))
        if kinds - {'rope', 'swiglu'}:   # Liger's RMS norm would be taken over by 02a_fused's own
            sys.exit(f'--liger: only rope and swiglu can be tried, not {sorted(kinds - {"rope", "swiglu"})}')
        apply_liger_kernel_to_qwen3(**{k: k in kinds for k in ('rope', 'rms_norm', 'swiglu')},
                                    fused_linear_cross_entropy=False)
    c = TrainConfig(**(settings | dict(output_dir=str(work/'run'), panel=False)))
    profile = tuple(int(x) for x in a.profile.split(':')) if a.profile else None
    holder = {}
    make = lambda trainer: holder.setdefault('cb', StepTimes(trainer, profile, a.top, a.memory_history, a.shapes,
                                                                     a.trace, a.memory_steps))
    t = time.time(); r = qt.train(c, callbacks=[make])
    rows = holder['cb'].rows
    (out/'steps.jsonl').write_text(''.join(json.dumps(x) + '\n' for x in rows))
    s = r.summary
    print(json.dumps({k: s.get(k) for k in ('train_seconds', 'samples_per_s', 'steady_samples_per_s',
                                            'warmup_seconds', 'compile_seconds', 'first_step_seconds', 'settings',
                                            'peak_reserved_gib', 'predicted_reserved_gib', 'over_prediction')}))
    print('first steps (s):', [x['seconds'] for x in rows[:12]])
    for x in rows if holder['cb'].memory_steps else ():
        print(f"step {x['step']}: {x['seconds']} s, {x['tokens']} tokens, peak reserved so far "
              f"{x['peak_reserved_gib']} GiB, allocated at its end "
              f"{x['allocated_gib']}, segments {json.dumps(x['segments_gib'])}")
    half = rows[len(rows) // 2:]; pace = statistics.mean(x['seconds'] for x in half)
    print(f'steady mean {pace:.4f} s/step over steps {half[0]["step"]}-{half[-1]["step"]}; '
          f'first half beyond it: {sum(x["seconds"] - pace for x in rows[:len(rows) // 2]):.1f} s; whole run '
          f'{time.time() - t:.1f} s')
    shapes_report(rows, PACK_MULTIPLE)
    if torch.cuda.is_available():   # the allocator's retries (caches emptied to make room) synchronise the device
        ms = torch.cuda.memory_stats()
        print('allocator:', json.dumps({k: ms.get(k) for k in ('num_alloc_retries', 'num_sync_all_streams',
                                                                'num_device_alloc', 'num_device_free', 'num_ooms')}))
    from torch._dynamo.utils import counters, compile_times
    print('dynamo counters:', json.dumps({k: dict(v) for k, v in counters.items() if v}, default=str)[:3000])
    print('\n'.join(l for l in compile_times(repr='str').splitlines() if '_passes' not in l))   # per-pass lines: noise


if __name__ == '__main__':
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('job'); p.add_argument('--run', required=True)
    p.add_argument('--steps', type=int, help='max_steps for this run (default: the job\'s)')
    p.add_argument('--profile', help='A:B profiles optimizer steps A+1..B (torch.profiler)')
    p.add_argument('--graph-tokens', type=int, help="06_plan's GRAPH_TOKENS for this run (trying graphs out)")
    p.add_argument('--top', type=int, default=30, help='operators listed in each profile table')
    p.add_argument('--shapes', action='store_true', help='the profile also lists operators by input shapes')
    p.add_argument('--trace', help='write the profile as a Chrome trace (.json or .json.gz) and report the GPU\'s '
                                   'idle time in it (bench/gpu_gaps.py)')
    p.add_argument('--inductor', help='JSON of inductor options added to the compiled layers\' (trying them out)')
    p.add_argument('--memory-history', action='store_true',
                   help="record the allocator's history and print what it held at its peak (slows the steps)")
    p.add_argument('--memory-steps', action='store_true',
                   help="at each step's end the peak reserved memory so far and the allocator's segments per pool "
                        'and stream')
    p.add_argument('--liger', help="rope,swiglu: Liger-Kernel's own patch of transformers' Qwen3, as they were first "
                                   'tried; 02a_fused takes the same kernels wherever Liger is installed')
    p.add_argument('--set', nargs='*', help='KEY=VALUE: settings on top of the run\'s (trying them out)')
    p.add_argument('--checkpoint', choices=('ours', 'torch', 'torch-reentrant'), default='ours',
                   help="plain checkpointing through 07b_longctx's (train()'s) or torch's, non-reentrant or reentrant")
    p.add_argument('--out', help='folder for steps.jsonl (default: a temporary one)')
    main(p.parse_args())
