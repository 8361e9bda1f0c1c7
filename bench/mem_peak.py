"""What the CUDA allocator held at its peak: a recorded memory history (`torch.cuda.memory._record_memory_history`)
replayed to the moment reserved memory was highest, and the memory then live grouped by where it was allocated.

`bench/profile_run.py --memory-history` records one and prints this report as training ends; this script reads a
saved snapshot (`torch.cuda.memory._dump_snapshot`) and prints the same.

usage: python bench/mem_peak.py SNAPSHOT.pickle [--top N]
"""
import argparse, collections, pickle

GiB = 2**30
GROW, SHRINK = ('segment_alloc', 'segment_map'), ('segment_free', 'segment_unmap')


def _where(frames:list)->str:
    "The innermost frame of the project (else of transformers, peft or bitsandbytes, else the innermost Python one)."
    for marks in (('qwen_qlora/',), ('transformers/', 'peft/', 'bitsandbytes/', 'torch/utils/checkpoint'), ('.py',)):
        for f in frames:
            if any(m in f['filename'] for m in marks):
                return f"{'/'.join(f['filename'].split('/')[-2:])}:{f['line']} {f['name']}"
    return '(no Python frame)'


def _pools(snapshot:dict)->list:
    "(address, end, pool) of the snapshot's segments: where trace entries carry no pool, their address tells it."
    return [(s['address'], s['address'] + s['total_size'], tuple(s.get('segment_pool_id') or (0, 0)))
            for s in snapshot.get('segments', ())]


def _pool(e:dict, segments:list)->str:
    """The memory pool of trace entry `e`: the default one, or a private one (CUDA graphs'); from the entry, else from
    the segment holding its address when the snapshot was taken (a private pool's segments last as long as its
    graphs)."""
    p = tuple(e.get('pool_id') or (0, 0))
    if not any(p): p = next((q for a, b, q in segments if a <= e.get('addr', -1) < b), p)
    return 'default' if not any(p) else f'pool {p}'


def peak_report(snapshot:dict, # `torch.cuda.memory._snapshot()`, recorded with `_record_memory_history`
                reserved0:int=0, # bytes reserved when the recording began (before its first entry)
                top:int=15, # lines of the live-memory table
                max_entries:int|None=None # the recording's ring buffer: a trace this long may have lost its start
               )->str:
    """The peak of reserved memory over the recorded trace: reserved and allocated then, reserved per pool and stream,
    and the live allocations grouped by where they were made (allocations made before the recording: 'before')."""
    trace = snapshot['device_traces'][0] if snapshot['device_traces'] else []
    segments = _pools(snapshot)
    live, reserved, allocated, by_pool = {}, reserved0, 0, collections.Counter()
    best = (reserved0, 0, -1, {}, collections.Counter())   # the most allocated while the most is reserved
    for i, e in enumerate(trace):
        a = e['action']
        if a == 'alloc':
            live[e['addr']] = (e['size'], _where(e.get('frames') or []), _pool(e, segments), e.get('stream'))
            allocated += e['size']
        elif a == 'free_completed' and e['addr'] in live: allocated -= live.pop(e['addr'])[0]
        elif a in GROW: reserved += e['size']; by_pool[_pool(e, segments), e.get('stream')] += e['size']
        elif a in SHRINK: reserved -= e['size']; by_pool[_pool(e, segments), e.get('stream')] -= e['size']
        if (reserved, allocated) > best[:2]: best = (reserved, allocated, i, dict(live), collections.Counter(by_pool))
    res, _, i, at, pools = best
    lines = [f'trace: {len(trace)} entries; peak reserved {res / GiB:.3f} GiB at entry {i} '
             f'({reserved0 / GiB:.3f} GiB reserved when recording began)']
    if max_entries and len(trace) >= max_entries:
        lines.append('the trace filled its ring buffer: its earliest entries are lost, this replay cannot be trusted')
    lines.append('segments added since then, at the peak (GiB), per (pool, stream): ' +
                 ', '.join(f'{k}: {v / GiB:.3f}' for k, v in pools.most_common() if v))
    groups = collections.Counter()
    for size, where, pool, stream in at.values(): groups[pool, where] += size
    lines.append(f'live at the peak: {sum(groups.values()) / GiB:.3f} GiB allocated during the recording')
    for (pool, where), size in groups.most_common(top): lines.append(f'  {size / GiB:8.3f}  {pool:>14}  {where}')
    return '\n'.join(lines)


if __name__ == '__main__':
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('snapshot'); p.add_argument('--top', type=int, default=15)
    a = p.parse_args()
    with open(a.snapshot, 'rb') as f: print(peak_report(pickle.load(f), top=a.top))
