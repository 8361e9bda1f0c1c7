"""Where the GPU waits: the idle time of the busiest stream in a torch profiler trace, and what the CPU was doing.

`bench/profile_run.py --profile A:B --trace FILE` writes the trace (Chrome format, gzipped where FILE ends in .gz).
For each gap between kernels on the stream that does most of the work, the kernel after the gap is traced to the
call that launched it: a launch that came after the gap began means the CPU was late (launch-bound); one that came
before means the kernel waited on something else (another stream, an event, a copy). The gaps are summed by the
operators the launching call ran inside, outermost first.

usage: python bench/gpu_gaps.py TRACE.json[.gz] [--min-us 5] [--top 25] [--depth 2]
"""
import argparse, bisect, collections, gzip, json
from pathlib import Path

DEVICE = ('kernel', 'gpu_memcpy', 'gpu_memset')
LAUNCHES = ('cuda_runtime', 'cuda_driver')


def load(path:str)->list[dict]:
    "The trace's complete events."
    p = Path(path); f = gzip.open(p, 'rt') if p.suffix == '.gz' else open(p)
    with f: return [e for e in json.load(f)['traceEvents'] if e.get('ph') == 'X']


def stream_of(e:dict):
    "The CUDA stream a device event ran on."
    return (e.get('args') or {}).get('stream', e.get('tid'))


class Nesting:
    "The CPU operators of one thread, nested as they ran: which were running at a given time."
    def __init__(self, ops:list[tuple]): # (start, end, name) on one thread
        ops = sorted(ops, key=lambda o: (o[0], -o[1]))
        self.starts, self.ends, self.names = [o[0] for o in ops], [o[1] for o in ops], [o[2] for o in ops]
        self.parent, stack = [], []
        for i, (s, e, _) in enumerate(ops):
            while stack and self.ends[stack[-1]] < s: stack.pop()
            self.parent.append(stack[-1] if stack else -1); stack.append(i)

    def at(self, ts:float)->list[str]:
        "Names of the operators running at `ts`, outermost first."
        j = bisect.bisect_right(self.starts, ts) - 1
        while j >= 0 and self.ends[j] < ts: j = self.parent[j]
        out = []
        while j >= 0: out.append(self.names[j]); j = self.parent[j]
        return out[::-1]


def gaps(events:list[dict], min_us:float=5, depth:int=2)->dict:
    "The busiest stream's span, busy and idle time, and its idle time by cause and by launching operators."
    dev = [e for e in events if e.get('cat') in DEVICE]
    per = collections.Counter()
    for e in dev: per[stream_of(e)] += e['dur']
    main = per.most_common(1)[0][0]
    ks = sorted((e for e in dev if stream_of(e) == main), key=lambda e: e['ts'])
    launch = {(e.get('args') or {}).get('correlation'): e for e in events if e.get('cat') in LAUNCHES}
    ops = collections.defaultdict(list)
    for e in events:
        if e.get('cat') in ('cpu_op', 'user_annotation', 'python_function'):
            ops[e['tid']].append((e['ts'], e['ts'] + e['dur'], e['name']))
    ops = {k: Nesting(v) for k, v in ops.items()}
    late, waited = collections.Counter(), collections.Counter()
    total = dict(late=0.0, waited=0.0)
    for a, b in zip(ks, ks[1:]):
        g = b['ts'] - (a['ts'] + a['dur'])
        if g < min_us: continue
        l = launch.get((b.get('args') or {}).get('correlation'))
        if l is None: kind, where = 'waited', ('(no launch found)',)
        else:
            kind = 'late' if l['ts'] > a['ts'] + a['dur'] else 'waited'
            names = ops[l['tid']].at(l['ts']) if l['tid'] in ops else []
            where = tuple(names[:depth]) + ((names[-1],) if len(names) > depth else ()) or ('(outside any operator)',)
        total[kind] += g; (late if kind == 'late' else waited)[where] += g
    span = ks[-1]['ts'] + ks[-1]['dur'] - ks[0]['ts']
    return dict(stream=main, span_ms=span / 1e3, busy_ms=per[main] / 1e3, idle_late_ms=total['late'] / 1e3,
                idle_waited_ms=total['waited'] / 1e3, late=late, waited=waited,
                streams={str(k): round(v / 1e3, 1) for k, v in per.most_common(6)})


def report(path:str, min_us:float=5, top:int=25, depth:int=2):
    "Print `gaps` of the trace at `path`."
    r = gaps(load(path), min_us, depth)
    print(f"busiest stream {r['stream']}: span {r['span_ms']:.1f} ms, kernels {r['busy_ms']:.1f} ms; idle in gaps of "
          f"{min_us:g} us or more: {r['idle_late_ms']:.1f} ms launched late (CPU-bound), {r['idle_waited_ms']:.1f} ms "
          f"waiting with the kernel launched")
    print('device time by stream (ms):', json.dumps(r['streams']))
    for kind in ('late', 'waited'):
        print(f'\n{kind}: idle ms by the launching call\'s operators (outermost first ... innermost)')
        for where, us in r[kind].most_common(top): print(f'{us / 1e3:9.1f}  ' + ' > '.join(where)[:200])


if __name__ == '__main__':
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('trace'); p.add_argument('--min-us', type=float, default=5)
    p.add_argument('--top', type=int, default=25); p.add_argument('--depth', type=int, default=2)
    a = p.parse_args(); report(a.trace, a.min_us, a.top, a.depth)
