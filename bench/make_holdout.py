"""Draw a planner hold-out: random configurations (fixed seed) over the issue's ranges, kept when the planner says they fit.

Sizes 0.6B-8B, sequence 256-8k, rank 4-64, checkpointing on/off, q/v or all-linear, batch × accumulation, and the
07_longctx options (offload, every 2nd layer), all with our stack's default chunked loss. A draw is kept when the
planner predicts it fits a 16 GiB cap with 1 GiB to spare (a run that does not fit has no peak to compare), until
`--per-size` are kept per size: per size, the first with checkpointing off, the second at 6k-8k tokens, the rest
free, so that every size covers both. Writes the `bench/run_config.py` argument lines and the predictions, before any run.
Example: python bench/make_holdout.py --seed 4 --jobs bench/holdout3_jobs.txt --predictions bench/results/session4/holdout3_predictions.json
"""
import argparse, json, random
from qwen_qlora.plan import estimate, model_shape, recipe_from_run

def draw(rng, size, gc, long):
    seq = rng.choice([6144, 8192] if long else [256, 512, 1024, 2048, 3072, 4096]); bs = rng.choice([1, 1, 2, 4]) if seq <= 1024 else 1
    d = dict(stack='ours', size=size, seq=seq, bs=bs, ga=rng.choice([1, 16 // bs]), r=rng.choice([4, 8, 16, 32, 64]),
             targets=rng.choice(['qv', 'all']), gc=gc, chunk=rng.choice([64, 128, 128, 256]), every=1, offload=False)
    if d['gc'] == 'on': d.update(rng.choice([{}, {}, dict(offload=True), dict(every=2)]))
    return d

def args_of(d):
    a = f"--size {d['size']} --seq {d['seq']} --bs {d['bs']} --ga {d['ga']} --r {d['r']} --targets {d['targets']} --gc {d['gc']} --chunk {d['chunk']}"
    return a + (' --offload' if d['offload'] else '') + (f" --every {d['every']}" if d['every'] > 1 else '')

if __name__ == '__main__':
    p = argparse.ArgumentParser(); p.add_argument('--seed', type=int, required=True); p.add_argument('--per-size', type=int, default=4)
    p.add_argument('--jobs', required=True); p.add_argument('--predictions', required=True); a = p.parse_args()
    rng, kept = random.Random(a.seed), []
    for size in ('0.6B', '1.7B', '4B', '8B'):
        n = 0
        while n < a.per_size:
            d = draw(rng, size, 'off' if n == 0 else 'on', n == 1); pred = estimate(model_shape(size), recipe_from_run(d))['train_reserved']
            if pred <= 15 and args_of(d) not in [k['args'] for k in kept]: kept.append(dict(args=args_of(d), predicted_reserved_gib=pred)); n += 1
    open(a.jobs, 'w').write('\n'.join(k['args'] for k in kept) + '\n')
    json.dump(kept, open(a.predictions, 'w'), indent=1)
    for k in kept: print(f"{k['predicted_reserved_gib']:7.3f}  {k['args']}")
