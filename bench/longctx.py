"""The longest context that trains: double the sequence until a run fails, then bisect, one process per attempt.

Each attempt is `bench/run_config.py` (batch 1, all-linear LoRA r=16, 16 GiB cap, one warm-up and `--steps` timed
optimizer steps); the stack's options follow `--`. Prints every attempt as a JSON line, then the longest length that
trained, its tokens/s and host memory for the offload.
Example: python bench/longctx.py --size 4B --start 32768 --max 262144 -- --chunk 128 --offload --tile 4096
"""
import argparse, json, subprocess, sys, os

def attempt(size, seq, extra, timeout):
    cmd = [sys.executable, os.path.join(os.path.dirname(__file__), 'run_config.py'), '--size', size, '--seq', str(seq)] + extra
    try: p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired: return dict(size=size, seq=seq, ok=False, error=f'no result within {timeout} s')
    lines = [l for l in p.stdout.splitlines() if l.startswith('{')]
    if lines: return json.loads(lines[-1])
    return dict(size=size, seq=seq, ok=False, error='crashed: ' + ' | '.join(p.stderr.strip().splitlines()[-3:])[:300])

def search(size, start, maximum, granularity, extra, timeout, out=None):
    "Double from `start` until failure (or `maximum`), then bisect to `granularity`; returns (best attempt, all attempts)."
    tried, best, fail = [], None, None
    def run(seq):
        r = attempt(size, seq, extra, timeout); tried.append(r)
        print(json.dumps(r), flush=True)
        if out: open(out, 'a').write(json.dumps(r) + '\n')
        return r
    seq = start
    while seq <= maximum:
        r = run(seq)
        if not r['ok']: fail = seq; break
        best = r; seq *= 2
    lo = best['seq'] if best else 0
    while fail and fail - lo > granularity:
        mid = (lo + fail) // 2 // granularity * granularity
        if mid <= lo: break
        r = run(mid)
        if r['ok']: best, lo = r, mid
        else: fail = mid
    return best, tried

if __name__ == '__main__':
    argv = sys.argv[1:]; extra = argv[argv.index('--') + 1:] if '--' in argv else []
    argv = argv[:argv.index('--')] if '--' in argv else argv
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--size', default='4B'); p.add_argument('--start', type=int, default=4096); p.add_argument('--max', type=int, default=262144)
    p.add_argument('--granularity', type=int, default=8192); p.add_argument('--timeout', type=int, default=400); p.add_argument('--out')
    a = p.parse_args(argv)
    best, tried = search(a.size, a.start, a.max, a.granularity, ['--r', '16', '--targets', 'all'] + extra, a.timeout, a.out)
    fails = sorted(t['seq'] for t in tried if not t['ok'])
    print(json.dumps(dict(summary=True, size=a.size, options=' '.join(extra), longest_ok=best and best['seq'], tok_s=best and best.get('tok_s'),
                          peak_reserved_gib=best and best['peak_reserved_gib'], offload_host_gib=best and best.get('offload_host_gib'),
                          shortest_failed=fails[0] if fails else None)), flush=True)
