"""The benchmarks' step clock: a Trainer callback that times each optimizer step (CUDA synchronised) and can profile one.

`StepTimer(profile_step=k)` runs `torch.profiler` over step k (1-based) and prints to stderr the kernels by GPU time,
the operators by CPU time, and one summary line: wall time, time the GPU spent in kernels, kernel launches and
operator calls. When GPU time is well below wall time the step is bound by the CPU (Python and launch overhead).
"""
import sys, time, traceback, warnings
from collections import Counter
import torch
from transformers import TrainerCallback

class StepTimer(TrainerCallback):
    "Seconds per optimizer step in `self.times`; `profile_step`: the step to profile (0: none); `log`: print each step."
    def __init__(self, profile_step:int=0, log:bool=True, sync_trace_step:int=0):
        self.times, self.profile_step, self.log, self.prof, self.sync_trace_step = [], profile_step, log, None, sync_trace_step
    def on_step_begin(self, *a, **k):
        torch.cuda.synchronize(); self.t = time.time()
        if self.sync_trace_step and len(self.times) + 1 == self.sync_trace_step: self.tracer = SyncTracer().__enter__()
        if self.profile_step and len(self.times) + 1 == self.profile_step:
            self.prof = torch.profiler.profile(activities=[torch.profiler.ProfilerActivity.CPU, torch.profiler.ProfilerActivity.CUDA]); self.prof.__enter__()
    def on_step_end(self, *a, **k):
        if getattr(self, 'tracer', None) is not None: self.tracer.__exit__(); self.tracer = None
        torch.cuda.synchronize(); self.times.append(time.time() - self.t)
        if self.log: print(f'step {len(self.times)}: {self.times[-1]:.3f} s, peak {torch.cuda.max_memory_reserved() / 2**30:.2f} GiB', file=sys.stderr, flush=True)
        if self.prof is not None: self.report(); self.prof = None
    def report(self):
        self.prof.__exit__(None, None, None); ka = self.prof.key_averages()
        kernels = [e for e in ka if e.device_type == torch.autograd.DeviceType.CUDA]
        print(ka.table(sort_by='self_cuda_time_total', row_limit=25, max_name_column_width=70), file=sys.stderr)
        print(ka.table(sort_by='self_cpu_time_total', row_limit=25, max_name_column_width=70), file=sys.stderr)
        gpu = sum(e.self_device_time_total for e in kernels) / 1e6
        ops = sum(e.count for e in ka if e.key.startswith('aten::'))
        print(f'PROFILE step {len(self.times)}: {self.times[-1]:.3f} s wall (profiled), {gpu:.3f} s in {sum(e.count for e in kernels)} kernels, '
              f'{ops} aten calls', file=sys.stderr, flush=True)

class SyncTracer:
    "While active, every implicit CUDA synchronisation (`.item()`, `bool(tensor)`, blocking copies) is counted by where it came from; the table goes to stderr on exit."
    def __enter__(self):
        self.where, self.show = Counter(), warnings.showwarning
        warnings.simplefilter('always')
        def show(message, category, filename, lineno, file=None, line=None):
            if 'synchronizing' not in str(message): return self.show(message, category, filename, lineno, file, line)
            frames = [f for f in traceback.extract_stack()[:-1] if '/site-packages/torch/' not in f.filename and 'warnings' not in f.filename]
            self.where[' <- '.join(f'{f.filename.split("/")[-1]}:{f.lineno} {f.name}' for f in frames[::-1][:6])] += 1
        warnings.showwarning = show; torch.cuda.set_sync_debug_mode(1); return self
    def __exit__(self, *a):
        torch.cuda.set_sync_debug_mode(0); warnings.showwarning = self.show
        print(f'SYNCS {sum(self.where.values())}:', file=sys.stderr)
        for k, n in self.where.most_common(): print(f'  {n} x {k}', file=sys.stderr)
        sys.stderr.flush()

def compile_counts()->dict:
    "Dynamo's counters so far: graphs compiled, graph breaks (with reasons) and recompiles, for a run's JSON line."
    from torch._dynamo.utils import counters
    return dict(graphs=counters['stats']['unique_graphs'], graph_breaks=sum(counters['graph_break'].values()),
                break_reasons=list(counters['graph_break'])[:5], recompiles=sum(counters['recompiles'].values()))
