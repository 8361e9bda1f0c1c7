"""The evaluation term of the planner against the stage hold-outs' first evaluations, and the fit of its coefficients.

For every finished run of the named hold-outs (a folder under bench/results with the drawn job, `job.yaml`, and the
measured lines, `runs.jsonl`), rebuilds the run's rows exactly as the hold-out did, takes the largest evaluation
batch, and prints the measured peak reserved of the first evaluation against the model plus `eval_bytes`. Runs whose
data stage already reserved more (dequantized copies) are left out: their evaluation fits inside it. With `--grid`
it searches the coefficients for the smallest worst error.
usage: python bench/fit_eval.py holdout-stages-seed11 holdout-stages-seed12 [--grid]
"""
import argparse, itertools, json, sys, tempfile
from pathlib import Path
import yaml
sys.path.insert(0, str(Path(__file__).resolve().parent))
import run as R, holdout


def rows(folders:list[str])->list[dict]:
    """One dict per finished run: its shape, largest evaluation batch, whether it packs, LoRA on the MLP, LoRA weights,
    the model's predicted GiB and the first evaluation's measured GiB."""
    from qwen_qlora.plan import _eval_tokens, _config_recipe, estimate, model_shape, adapts_mlp
    out = []
    for folder in folders:
        d = R.HERE/'results'/folder; job = yaml.safe_load((d/'job.yaml').read_text())
        done = {x['run']: x['summary'] for x in map(json.loads, (d/'runs.jsonl').read_text().splitlines())
                if x.get('ok')}
        layouts = {k: {f: s['settings'][f] for f in ('batch_size', 'packing')} for k, s in done.items()}
        job = job | dict(runs=[r for r in job['runs'] if r['name'] in done])
        for name, size, c, _, ev_lengths in holdout.runs(job, Path(tempfile.mkdtemp()), layouts):
            shape, rc = model_shape(size), _config_recipe(c)
            e, m = estimate(shape, rc), done[name]['peak_reserved_gib']
            out.append(dict(run=f'{folder}/{name}', size=size, shape=shape, packed=c.packing,
                            tokens=_eval_tokens(c, ev_lengths), mlp_lora=adapts_mlp(rc.target_modules),
                            adapters=int(e['components']['lora_weights'] * 2**30 / 4), model=e['lora'],
                            measured=m['eval_before'], data=m['data']))
    return [r for r in out if r['data'] < r['model'] + 0.2]


def errors(rs:list[dict])->list[float]:
    "Predicted over measured, less one, for every run's first evaluation, with the planner's current coefficients."
    from qwen_qlora.plan import eval_bytes, GIB
    return [(r['model'] + eval_bytes(r['shape'], r['tokens'], r['packed'], r['mlp_lora'], r['adapters']) / GIB)
            / r['measured'] - 1 for r in rs]


def grid(rs:list[dict]):
    "The coefficients with the smallest worst error (then squared error) over a grid."
    import qwen_qlora.plan as P
    names, best = ('EVAL_I', 'EVAL_I_LORA', 'EVAL_H', 'EVAL_MASK', 'EVAL_FIXED'), None
    for p in itertools.product((4, 6, 8, 10), (0, 1, 2, 3, 4), (0, 2, 4, 8), (0, 0.25, 0.5, 0.75, 1), (0, .02, .04,
                                                                                                         .06, .08)):
        for k, v in zip(names, p): setattr(P, k, v)
        e = errors(rs); score = (max(map(abs, e)), sum(x * x for x in e))
        if best is None or score < best[0]: best = (score, p)
    print('best:', dict(zip(names, best[1])), f'worst {best[0][0]:+.1%}')


if __name__ == '__main__':
    ap = argparse.ArgumentParser(); ap.add_argument('folders', nargs='+')
    ap.add_argument('--grid', action='store_true')
    a = ap.parse_args(); rs = rows(a.folders)
    for r, e in zip(rs, errors(rs)):
        print(f"{r['run']:28} {r['size']:>4} {r['tokens']:5d} tokens{' packed' if r['packed'] else '       '}"
              f"{' LoRA on the MLP' if r['mlp_lora'] else '                '} measured {r['measured']:.2f} GiB, "
              f"prediction {e:+.1%}")
    print(f'{len(rs)} first evaluations, worst {max(errors(rs), key=abs):+.1%}')
    if a.grid: grid(rs)
