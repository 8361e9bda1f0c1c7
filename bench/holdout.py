"""Draw hold-out configurations at random over the space users reach and predict every stage before anything runs.

Writes the job file `bench/jobs/holdout-stages.yaml` (run it with bench/run.py on the GPU) and the predictions
`bench/results/holdout-stages/predictions.json`; commit both before running. `--compare RUNS.jsonl` then prints
every stage's measured peak reserved against its prediction and every miss beyond +-8%. Predictions count
Liger-Kernel's kernels, as train() does on the bench's GPU (its carried site has Liger); `--no-liger` counts
transformers' operators.
usage: python bench/holdout.py --seed 7 --n 16
       python bench/holdout.py --compare bench/results/holdout-stages/runs.jsonl
       python bench/holdout.py --recheck holdout-stages-seed11 holdout-stages-seed12 ...   (the planner as it is now)
       python bench/holdout.py --slack holdout-stages-seed11 ...   (what the allocator kept beyond the allocated peak)
"""
import argparse, json, random, sys
from pathlib import Path
import yaml
sys.path.insert(0, str(Path(__file__).resolve().parent))
import run as R

SIZES, TARGETS = ('0.6B', '1.7B', '4B', '8B'), (['q_proj', 'v_proj'], ['q_proj', 'k_proj', 'v_proj', 'o_proj'],
                                                'all-linear')
# the settings the fitter chooses: a kept run is compared after the fact only where the planner still chooses its own
LAYOUT = ('batch_size', 'packing', 'gradient_checkpointing', 'checkpoint_every', 'offload_checkpoints', 'tile_tokens',
          'keep_attention')
JOB, PRED = R.HERE/'jobs'/'holdout-stages.yaml', R.HERE/'results'/'holdout-stages'/'predictions.json'
PACKED_GRAPHS_SEED = 19   # the first hold-out drawn after packed rows ran as CUDA graphs
LIGER_SEED = 20           # the first hold-out whose runs had Liger-Kernel's kernels (02a_fused)
LIGER = True              # plan as train() does on the bench's GPU, whose carried site has Liger (`--no-liger`: not)


def plan_with_liger(on:bool):
    """Have the planner here (no GPU) count Liger-Kernel's kernels (`on`) or not, as train() on the GPU will
    (06_plan `fused_swiglu` asks 02a_fused's `liger_ops`)."""
    import qwen_qlora.plan as QP
    QP.liger_ops = (lambda: (None, None)) if on else (lambda: None)


def draw(rng:random.Random, i:int)->dict:
    "One configuration over the space users reach; evaluation on at the default share."
    L = rng.choice((256, 512, 1024, 2048, 4096, 8192)); full = rng.random() < 0.4
    data = (dict(kind='full-length', length=L, rows=160) if full else
            dict(kind='real-length', rows=400, max=L, median=max(24, L // 3), seed=i))
    run = dict(name=f'h{i:02d}', model_size=rng.choice(SIZES), data=data, max_length=L,
               lora_r=rng.choice((4, 8, 16, 32, 64)),
               target_modules=rng.choice(TARGETS), auto=rng.random() < 0.5, budget_gb=rng.choice((8, 12,
                                                                                                  16)), timeout=300)
    if not run['auto']:
        run |= dict(gradient_checkpointing=rng.random() < 0.7, batch_size=rng.choice((1, 1, 2, 4)))
        run['grad_accum'] = 16 // run['batch_size']
        # the long-row settings, as a user sets them: layer inputs in host memory, tiles, attention's output kept
        if run['gradient_checkpointing'] and rng.random() < 0.4:
            run['offload_checkpoints'] = True
            if run['batch_size'] == 1 and L >= 2048 and rng.random() < 0.6:
                run['tile_tokens'] = rng.choice((L // 4, L // 2, L))
                if rng.random() < 0.5: run['keep_attention'] = True
        elif run['gradient_checkpointing']: run['checkpoint_every'] = rng.choice((1, 2, 4))
    elif L >= 2048 and rng.random() < 0.2: run['keep_attention'] = True   # asked for; the fitter lays it out
    return run


def runs(job:dict, folder:Path, layouts:dict|None=None):
    """Each run of `job` as train() sees it: (name, model size, `TrainConfig`, token lengths of the training rows and
    of the evaluation rows), the rows rebuilt in `folder` with the bench's tokenizer and train()'s split. `layouts`:
    settings to lay over a run by name (what it measured with)."""
    from qwen_qlora.train import TrainConfig
    from qwen_qlora.quant import load_tokenizer
    from qwen_qlora.data import prepare_data
    tok_dir = folder/'tokenizer'
    tok_dir.mkdir(exist_ok=True)
    R.build_tokenizer(tok_dir)
    tok = load_tokenizer(str(tok_dir))
    for run in job['runs']:
        run = dict(run)
        name, size = run.pop('name'), run.pop('model_size', job.get('model_size'))
        spec = run.pop('data', job.get('data'))
        run.pop('timeout', None)
        c = TrainConfig(**(job.get('base', {}) | run | (layouts or {}).get(name, {})))
        data, _ = R.make_data(spec, folder)
        tr, ev, _ = prepare_data(str(data), tok, c.format, c.max_length, c.min_length, c.overlong, c.train_on_prompt,
                                 c.enable_thinking, c.eval_fraction, None, seed=c.seed)
        yield name, size, c, [len(r['input_ids']) for r in tr], ([len(r['input_ids']) for r in ev] if ev else None)


def predict(job:dict, folder:Path, layouts:dict|None=None # settings to lay over a run by name (`runs`)
           )->dict:
    "Every run's stage predictions, as train() will make them on the GPU (the same rows, tokenizer and split)."
    from qwen_qlora.plan import plan_run
    plan_with_liger(LIGER)
    out = {}
    for name, size, c, lengths, ev_lengths in runs(job, folder, layouts):
        try: fitted, plan = plan_run(c, f'Qwen/Qwen3-{size}', lengths, ev_lengths, float(c.budget_gb), on_gpu=True)
        except MemoryError as e: out[name] = dict(fits=False, why=str(e)); continue
        out[name] = dict(stages=plan['stages'], why=plan['why']) | {k: getattr(fitted, k) for k in LAYOUT}
    return out


def compare(lines:list[str], P:dict, tol:float=0.08):
    "Measured (the runner's JSON `lines`) against predicted (`P`, by run) for every stage of every run; the misses."
    misses, n = [], 0
    for line in lines:
        d = json.loads(line); p = P.get(d['run'], {})
        if not d.get('ok'):
            refused = p.get('fits') is False and 'nothing fits' in str(d.get('error'))
            print(f"{d['run']}: did not start: {d.get('error')} (as predicted)" if refused
                  else f"{d['run']}: did not finish: {d.get('error')}")
            if not refused: misses.append((d['run'], 'run'))
            continue
        s = d['summary']; m = s['peak_reserved_gib']
        if p.get('stages') and p['stages']['peak'] > s['budget_gib']:   # planned not to fit: the ladder's case
            print(f"{d['run']}: predicted {p['stages']['peak']:.2f} GiB over its {s['budget_gib']:g} GiB budget; "
                  f"OOM events {s['oom_events']} ({'as predicted' if s['oom_events'] else 'none: a miss'}), "
                  f"degradations {[g['rung'] for g in s['degradations']]}")
            if not s['oom_events']: misses.append((d['run'], 'predicted an OOM'))
            continue
        cells = []
        for k, v in m.items():
            if k == 'init' or v is None or k not in (p.get('stages') or {}): continue
            e = v / p['stages'][k] - 1; n += 1; cells.append(f'{k} {v:.2f}/{p["stages"][k]:.2f} {e:+.1%}')
            if abs(e) > tol: misses.append((d['run'], k, round(e, 3)))
        print(
            f"{d['run']}: OOM events {s['oom_events']}, auto {s.get('settings', {}).get('batch_size')}; "
            + '; '.join(cells)
        )
    print(f'{n} stages compared, {len(misses)} beyond +-{tol:.0%}: {misses}')


def recheck(folders:list[str], tol:float=0.08):
    """Kept hold-outs (`results/holdout-stages-seedN`) against the planner as it is now, after the fact (no test of it:
    a fresh hold-out is), for the runs whose layout it still chooses."""
    global LIGER
    import tempfile
    for folder in folders:
        d = R.HERE/'results'/folder; lines = (d/'runs.jsonl').read_text().splitlines()
        # the CUDA graphs each run had, not today's default: none before they existed, none for packed rows in the
        # hold-outs drawn before packed rows had them (seeds below PACKED_GRAPHS_SEED: their summaries recorded the
        # setting asked); from then on a summary records the graphs a run had
        st = {x['run']: (x.get('summary') or {}).get('settings') or {} for x in map(json.loads, lines)}
        seed = folder.rsplit('seed', 1)[-1]; packed_had = seed.isdigit() and int(seed) >= PACKED_GRAPHS_SEED
        graphs = {k: dict(cuda_graphs=0 if v.get('packing') and not packed_had else v.get('cuda_graphs', 0))
                  for k, v in st.items()}
        was, LIGER = LIGER, LIGER and seed.isdigit() and int(seed) >= LIGER_SEED   # the kernels the runs had
        P = predict(yaml.safe_load((d/'job.yaml').read_text()), Path(tempfile.mkdtemp()), graphs); LIGER = was
        print(f'== {folder}'); same = []
        for line in lines:
            x = json.loads(line); p = P.get(x['run'], {}); st = (x.get('summary') or {}).get('settings', {})
            if x.get('ok') and p.get('stages') and [p[k] for k in LAYOUT] != [st.get(k) for k in LAYOUT]:
                print(f"{x['run']}: the planner now lays it out otherwise"); continue
            same.append(line)
        compare(same, P, tol)


def slack(folders:list[str]):
    """Kept hold-outs' training stage: what the allocator reserved beyond the allocated peak, against one layer's
    recomputation as the planner counts it (the quantity its `SLACK` term is a share of), for every run that trained
    without an out-of-memory, in the layout it ran."""
    import dataclasses, tempfile
    from qwen_qlora import plan as P
    kept = []
    for folder in folders:
        d = R.HERE/'results'/folder; job = yaml.safe_load((d/'job.yaml').read_text())
        done = {x['run']: x['summary'] for x in map(json.loads, (d/'runs.jsonl').read_text().splitlines())
                if x.get('ok') and not x['summary']['oom_events']}
        for name, size, c, lengths, _ in runs(job, Path(tempfile.mkdtemp())):
            if name not in done: continue
            s = done[name]; c = dataclasses.replace(c, **{k: v for k, v in s['settings'].items() if hasattr(c, k)})
            rc = P._run_recipe(c, lengths); T = rc.seq * rc.batch_size
            layer = P.estimate(P.model_shape(size), rc)['layer']
            got = s['peak_reserved_gib']['train'] - s['peak_allocated_gib']['train']; kept.append(got)
            ck = 'on' if rc.gradient_checkpointing else 'off'
            print(f'{folder} {name}: {size}, {T} tokens, checkpointing {ck}; reserved beyond allocated {got:.2f} GiB, '
                  f'one layer\'s recomputation {layer:.2f} GiB')
    print(f'{len(kept)} runs: {min(kept):.2f} to {max(kept):.2f} GiB reserved beyond the allocated peak')


if __name__ == '__main__':
    ap = argparse.ArgumentParser()
    ap.add_argument('--seed', type=int, default=7)
    ap.add_argument('--n', type=int, default=16)
    ap.add_argument('--compare')
    ap.add_argument('--recheck', nargs='+', metavar='FOLDER')
    ap.add_argument('--slack', nargs='+', metavar='FOLDER')
    ap.add_argument('--no-liger', action='store_true',
                    help="predict and recheck without Liger-Kernel's kernels (default: with them, as on the bench's "
                         'GPU, whose carried site has Liger, so train() there plans with them)')
    a = ap.parse_args()
    LIGER = not a.no_liger   # module level: the global the planner functions read
    if a.compare: compare(Path(a.compare).read_text().splitlines(), json.loads(PRED.read_text())); sys.exit()
    if a.recheck: recheck(a.recheck); sys.exit()
    if a.slack: slack(a.slack); sys.exit()
    rng = random.Random(a.seed)
    job = dict(base=dict(max_steps=3, logging_steps=1, save_steps=2), runs=[draw(rng, i) for i in range(a.n)])
    import tempfile
    preds = predict(job, Path(tempfile.mkdtemp()))
    JOB.write_text(f'# Drawn by `python bench/holdout.py --seed {a.seed} --n {a.n}`; predictions in '
                   f'{PRED.relative_to(R.HERE.parent)}\n'
                   + yaml.safe_dump(job, sort_keys=False))
    PRED.parent.mkdir(parents=True, exist_ok=True); PRED.write_text(json.dumps(preds, indent=1))
    for k, v in preds.items(): print(k, v.get('stages', {}).get('peak'), v.get('why', '')[:150])
