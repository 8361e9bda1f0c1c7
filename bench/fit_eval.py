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
import run as R


def rows(folders:list[str])->list[dict]:
    "One dict per finished run: its shape, largest evaluation batch, whether it packs, LoRA on the MLP, measured GiB."
    from qwen_qlora.train import TrainConfig
    from qwen_qlora.quant import load_tokenizer
    from qwen_qlora.data import prepare_data
    from qwen_qlora.plan import _eval_tokens, _config_recipe, estimate, model_shape, TARGETS_ALL
    tmp = Path(tempfile.mkdtemp()); (tmp/'tok').mkdir(); R.build_tokenizer(tmp/'tok')
    tok = load_tokenizer(str(tmp/'tok'))
    out = []
    for folder in folders:
        d = R.HERE/'results'/folder; job = yaml.safe_load((d/'job.yaml').read_text())
        done = {x['run']: x for x in map(json.loads, (d/'runs.jsonl').read_text().splitlines()) if x.get('ok')}
        for run in job['runs']:
            run = dict(run); name, size, spec = run.pop('name'), run.pop('model_size'), run.pop('data')
            run.pop('timeout', None)
            if name not in done: continue
            s = done[name]['summary']; layout = {k: v for k, v in s['settings'].items() if k in ('batch_size',
                                                                                                    'packing')}
            c = TrainConfig(**(job.get('base', {}) | run | layout))
            _, ev, _ = prepare_data(str(R.make_data(spec, tmp)[0]), tok, c.format, c.max_length, c.min_length,
                                    c.overlong, c.train_on_prompt, c.enable_thinking, c.eval_fraction, None,
                                    seed=c.seed)
            shape, rc = model_shape(size), _config_recipe(c)
            targets = TARGETS_ALL if rc.target_modules == 'all-linear' else rc.target_modules
            out.append(dict(run=f'{folder}/{name}', size=size, shape=shape, packed=c.packing,
                            tokens=_eval_tokens(c, [len(r['input_ids']) for r in ev]),
                            mlp_lora=bool({'gate_proj', 'up_proj', 'down_proj'} & set(targets)),
                            adapters=int(estimate(shape, rc)['components']['lora_weights'] * 2**30 / 4),
                            model=estimate(shape, rc)['lora'], measured=s['peak_reserved_gib']['eval_before'],
                            data=s['peak_reserved_gib']['data']))
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
