"""`data:` as Hugging Face users write it, offline: a dataset name served from a local datasets cache (the layout a
download leaves), and a folder written by `save_to_disk`, through `data-report` and through a training run."""
import glob, json, os, shutil, subprocess, sys
from pathlib import Path

EXE = [sys.executable, '-m', 'qwen_qlora.cli']

def _rows():
    from qwen_qlora.tiny import sample_data_path
    return [json.loads(l) for l in open(sample_data_path(), encoding='utf-8')]

def _cache_dataset(cache:Path, name:str, rows:list):
    "Write `rows` into the datasets cache `cache` as `load_dataset(name)` would have left them after a download."
    from datasets.packaged_modules.json.json import Json
    cache.mkdir(parents=True, exist_ok=True)
    f = cache/'rows.jsonl'
    f.write_text('\n'.join(json.dumps(r, ensure_ascii=False) for r in rows), encoding='utf-8')
    b = Json(cache_dir=str(cache/'build'), dataset_name=name.split('/')[1], data_files={'train': str(f)})
    b.download_and_prepare()
    built = glob.glob(str(cache/'build'/name.split('/')[1]/'*'/'0.0.0'))[0]
    shutil.copytree(built, cache/name.replace('/', '___')/'default'/'0.0.0'/('0' * 40),
                    ignore=shutil.ignore_patterns('*.lock'))
    shutil.rmtree(cache/'build'); f.unlink()

def run(*args, env=None):
    p = subprocess.run(EXE + list(args), capture_output=True, text=True, timeout=600, env=env)
    assert p.returncode == 0, p.stderr[-3000:]
    return p

def test_dataset_name_offline_from_the_cache(tmp_path):
    rows = _rows()[:40]
    _cache_dataset(tmp_path/'cache', 'example-org/instructions', rows)
    env = os.environ | dict(HF_DATASETS_CACHE=str(tmp_path/'cache'), HF_DATASETS_OFFLINE='1', HF_HUB_OFFLINE='1')
    acc = json.loads(run('data-report', 'example-org/instructions', '--model', 'tiny', '--json', env=env).stdout)
    assert acc['total'] == 40 and acc['balanced'], acc
    out = run('demo', '--output-dir', str(tmp_path/'run'), '--json', '--set', 'data=example-org/instructions', '--set',
              'max_steps=2',
              '--set', 'eval_before=false', '--set', 'prompt=null', '--set', 'min_length=8', env=env).stdout
    s = json.loads(out[out.index('{\n'):])
    assert s['optimizer_steps'] == 2
    assert json.loads((tmp_path/'run'/'data_account.json').read_text())['total'] == 40
    p = subprocess.run(EXE + ['data-report', 'example-org/not-cached', '--model', 'tiny'], capture_output=True,
                       text=True, env=env, timeout=600)
    assert p.returncode != 0 and "data 'example-org/not-cached': datasets.load_dataset could not load it" in p.stderr

def test_saved_dataset_folder(tmp_path):
    from datasets import Dataset, DatasetDict
    rows = _rows()
    DatasetDict(train=Dataset.from_list(rows[:30]),
                validation=Dataset.from_list(rows[30:50])).save_to_disk(str(tmp_path/'saved'))
    acc = json.loads(run('data-report', str(tmp_path/'saved'), '--model', 'tiny', '--split', 'validation',
                         '--json').stdout)
    assert acc['total'] == 20 and acc['balanced'], acc
