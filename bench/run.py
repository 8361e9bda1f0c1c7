"""The bench runner: every figure comes from `qwen-qlora train` itself, one fresh process and output folder per run.

A job file (YAML, `bench/jobs/`) names the model shape, the data and the runs; each run is a set of `TrainConfig`
settings on top of the job's `base`, trained exactly as a user trains them (`qwen-qlora train --json --config F`):
evaluation, saving and generation included. Peer runs (`peer:`) call the project's baseline scripts in
`bench/baselines/` on the same rows. One JSON line per run goes to `--out` (default `bench/results/<job>/runs.jsonl`).

Models are Qwen3 at the published shapes with random weights (memory and speed depend on shapes only), built once
per machine in /tmp/qwen3-SIZE with a word-level tokenizer (one token per word), so the data's token lengths are
exact: `real-length` rows are drawn as the peers' scripts draw theirs (log-normal 16-256 tokens, about 30% prompt).

usage: python bench/run.py bench/jobs/JOB.yaml [--only NAME ...] [--out FILE] [--dry-run] [--parallel N] [--show]
"""
import argparse, json, math, os, random, subprocess, sys, tempfile, threading, time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
import yaml

HERE = Path(__file__).resolve().parent
PEAK_TFLOPS = 790.   # measured bf16 matmul rate of the H200 the bench runs on (the device notes); for MFU


def build_tokenizer(path:Path, words:int=32000):
    "A word-level tokenizer: `w0`..`wN` are one token each, anything else one unknown token."
    if (path/'tokenizer.json').exists(): return
    from tokenizers import Tokenizer, models, pre_tokenizers
    from transformers import PreTrainedTokenizerFast
    special = ['<|endoftext|>', '<|im_start|>', '<|im_end|>', '[UNK]']
    vocab = {t: i for i, t in enumerate(special + [f'w{i}' for i in range(words)])}
    tok = Tokenizer(models.WordLevel(vocab, unk_token='[UNK]')); tok.pre_tokenizer = pre_tokenizers.WhitespaceSplit()
    PreTrainedTokenizerFast(tokenizer_object=tok, eos_token='<|im_end|>', pad_token='<|endoftext|>',
                            unk_token='[UNK]', additional_special_tokens=special[:3]).save_pretrained(path)


def build_model(size:str)->Path:
    "Qwen3-SIZE at its published shape with random bf16 weights in /tmp/qwen3-SIZE (once), with the bench tokenizer."
    import torch
    from transformers import Qwen3Config, Qwen3ForCausalLM
    from qwen_qlora.plan import QWEN3_SHAPES
    path = Path(f'/tmp/qwen3-{size}')
    if not (path/'config.json').exists():
        cfg = Qwen3Config(vocab_size=151936, max_position_embeddings=40960, rope_theta=1e6, rms_norm_eps=1e-6,
                          **QWEN3_SHAPES[size])
        torch.manual_seed(0)
        with torch.device('cuda' if torch.cuda.is_available() else 'cpu'): m = Qwen3ForCausalLM(cfg).to(torch.bfloat16)
        m.save_pretrained(path); del m
        if torch.cuda.is_available(): torch.cuda.empty_cache()
    build_tokenizer(path)
    return path


def real_length(n:int, seed:int=0, lo:int=16, hi:int=256, median:float=110.)->list[int]:
    "Row lengths in tokens as the peers draw them: log-normal around `median`, clipped to [lo, hi]."
    import torch
    g = torch.Generator().manual_seed(seed); out = []; mu = 4.7 + math.log(median / 110.)
    for _ in range(n):
        out.append(int(min(hi, max(lo, math.exp(mu + 0.6 * torch.randn(1, generator=g).item())))))
        torch.randint(0, 151000, (out[-1],), generator=g)   # the peers draw the ids from the same generator
    return out


def write_rows(path:Path, lengths:list[int], seed:int=0):
    "Instruction rows whose plain-format rendering is exactly `lengths` tokens, about 30% of them prompt."
    rng = random.Random(seed)
    with open(path, 'w') as f:
        for L in lengths:
            n_in = max(1, int(0.3 * L) - 2); n_out = max(1, L - n_in - 3)   # '用户:', '助手:' and EOS are one token each
            w = lambda k: ' '.join(f'w{rng.randrange(32000)}' for _ in range(k))
            f.write(json.dumps(dict(instruction=w(n_in), output=w(n_out))) + '\n')


def make_data(spec:dict, folder:Path)->tuple[Path, list[int]]:
    "The job's data file: `real-length` (log-normal) or `full-length` (every row `length` tokens)."
    n, seed = spec.get('rows', 4000), spec.get('seed', 0)
    hi, median = spec.get('max', 256), spec.get('median', 110)
    lengths = real_length(n, seed, hi=hi, median=median) if spec['kind'] == 'real-length' else [spec['length']] * n
    path = folder/f"{spec['kind']}-{n}-{spec.get('length', hi)}-{median}-{seed}.jsonl"
    if not path.exists(): write_rows(path, lengths, seed)
    return path, lengths


def mfu(summary:dict, shape:dict)->float|None:
    "Model-FLOP utilisation: 4 x parameters x tokens per second (forward and activation gradients) over the peak."
    H, I, L, V = shape['hidden_size'], shape['intermediate_size'], shape['num_hidden_layers'], shape['vocab_size']
    q, kv = shape['num_attention_heads'] * shape['head_dim'], shape['num_key_value_heads'] * shape['head_dim']
    params = L * (H * (2 * q + 2 * kv) + 3 * H * I) + V * H
    tps = summary.get('tokens_per_s') or 0
    return round(4 * params * tps / (PEAK_TFLOPS * 1e12), 4) if tps else None


def run_train(settings:dict, out:Path, timeout:int)->dict:
    "One `qwen-qlora train --json` in a fresh process; its summary, or what went wrong."
    out.mkdir(parents=True, exist_ok=True); cfg = out.parent/f'{out.name}.yaml'   # names hold dots: 0.6B-...
    cfg.write_text(yaml.safe_dump(settings | dict(output_dir=str(out), panel=False), allow_unicode=True))
    t = time.time()
    try:
        p = subprocess.run([sys.executable, '-m', 'qwen_qlora.cli', 'train', '--json', '--config', str(cfg)],
                           capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired: return dict(ok=False, error=f'timed out after {timeout} s')
    (out.parent/f'{out.name}.stderr.txt').write_text(p.stderr[-20000:])
    if p.returncode: return dict(ok=False, error=(p.stderr.strip().splitlines() or ['?'])[-1][:400], rc=p.returncode,
                                 stderr_tail=p.stderr[-3000:])
    lines = p.stdout.splitlines(); s = json.loads('\n'.join(lines[lines.index('{'):]))   # the summary document
    return dict(ok=True, wall_s=round(time.time() - t, 1), summary=s)


def run_peer(args:str, timeout:int)->dict:
    "One baseline run (`bench/baselines/peer_bench.py ARGS`); its JSON line."
    try:
        p = subprocess.run([sys.executable, str(HERE/'baselines'/'peer_bench.py')] + args.split(),
                           capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired: return dict(ok=False, error=f'timed out after {timeout} s')
    lines = [l for l in p.stdout.splitlines() if l.startswith('{')]
    return json.loads(lines[-1]) if lines else dict(ok=False, error=(p.stderr.strip().splitlines() or ['?'])[-1][:400])


def brief(name:str, r:dict, shape:dict)->dict:
    "The figures a results table shows, from one run."
    if 'summary' not in r: return dict(run=name, ok=r.get('ok'), samples_per_s=r.get('samples_s'),
                                       tokens_per_s=r.get('tok_s'), mfu=mfu(dict(tokens_per_s=r.get('tok_s')), shape),
                                       peak_reserved_gib=r.get('peak_reserved_gib'), error=r.get('error'))
    s = r['summary']; pk = {k: v for k, v in s['peak_reserved_gib'].items() if v is not None}
    pred = s.get('predicted_reserved_gib') or {}
    return dict(run=name, ok=True, steps=s['optimizer_steps'], train_s=s['train_seconds'],
                samples_per_s=s.get('samples_per_s'),
                steady_samples_per_s=s.get('steady_samples_per_s'), warmup_s=s.get('warmup_seconds'),
                compile_s=s.get('compile_seconds'), tokens_per_s=s['tokens_per_s'], mfu=mfu(s, shape),
                peak_reserved_gib=max(pk.values(), default=None), predicted_peak_gib=pred.get('peak'),
                over_prediction=s.get('over_prediction'), oom_events=s['oom_events'], settings=s['settings'])


def prepare(job:dict, run:dict, work:Path, dry_run:bool)->tuple[str, str, object]:
    "A run's name, model size and what executing it takes: a peer's arguments or `train`'s settings and timeout."
    run = dict(run); rname = run.pop('name'); size = run.pop('model_size', job.get('model_size'))
    if 'peer' in run: return rname, size, ('peer', run['peer'], run.get('timeout', 600))
    data, _ = make_data(run.pop('data', job.get('data')), work)
    model = f'Qwen/Qwen3-{size}' if dry_run else str(build_model(size))
    settings = dict(model=model, data=str(data)) | job.get('base', {}) | run
    return rname, size, ('train', settings, settings.pop('timeout', 600))


def main(a):
    job = yaml.safe_load(Path(a.job).read_text()); name = Path(a.job).stem
    out = Path(a.out or HERE/'results'/name/'runs.jsonl'); out.parent.mkdir(parents=True, exist_ok=True)
    from qwen_qlora.plan import model_shape
    if a.show:   # the table of runs already measured, MFU included
        for line in out.read_text().splitlines():
            r = json.loads(line)
            print(json.dumps(brief(r['run'], r, model_shape(r['model_size'])), ensure_ascii=False))
        return
    work = Path(tempfile.mkdtemp(prefix=f'bench-{name}-')); lock = threading.Lock()
    todo = [prepare(job, r, work, a.dry_run) for r in job['runs'] if not a.only or r['name'] in a.only]
    if a.parallel > 1 and any(kind == 'peer' for _, _, (kind, _, _) in todo):
        sys.exit('--parallel: this job has peer runs, which measure speed and need the GPU alone')
    if a.dry_run:
        for rname, size, (kind, what, _) in todo: print(kind, rname, what if kind == 'peer' else json.dumps(what))
        return

    def execute(item):
        rname, size, (kind, what, timeout) = item
        if kind == 'peer': build_model(size); r = run_peer(what, timeout)
        else: r = run_train(what, work/rname, timeout)
        line = dict(job=name, run=rname, model_size=size, parallel=a.parallel, **r)
        b = brief(rname, r, model_shape(size))
        with lock:
            with open(out, 'a') as f: f.write(json.dumps(line, ensure_ascii=False) + '\n')
            print(json.dumps(b, ensure_ascii=False), flush=True)
    # memory-only jobs may run several at a time: each process holds its own capped share of the card
    with ThreadPoolExecutor(a.parallel) as pool: list(pool.map(execute, todo))


if __name__ == '__main__':
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('job')
    p.add_argument('--only', nargs='*')
    p.add_argument('--out')
    p.add_argument('--dry-run', action='store_true')
    p.add_argument('--show', action='store_true', help='print the results already in --out (or the job\'s) as a table')
    p.add_argument('--parallel', type=int, default=1,
                   help='runs at a time (memory-only jobs such as the hold-out; speed runs need the GPU alone)')
    main(p.parse_args())
