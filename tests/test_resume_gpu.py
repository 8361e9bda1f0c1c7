"""On a GPU, a run killed and resumed ends where the uninterrupted run ends: the same rows in the same steps (the
ledger, exactly) and a bit-identical adapter. With `deterministic: true` two uninterrupted runs agree bit for bit (the
fixture checks it), so any difference left is the resume's."""
import json, signal, subprocess, sys
from pathlib import Path
import pytest, torch
from safetensors.torch import load_file

pytestmark = pytest.mark.skipif(not torch.cuda.is_available(), reason='needs a CUDA GPU')
EXE = [sys.executable, '-m', 'qwen_qlora.cli', 'demo', '--json', '--set', 'device=cuda', '--set', 'epochs=1',
       '--set', 'eval_before=false', '--set', 'prompt=null', '--set', 'save_steps=4', '--set', 'save_total_limit=2',
       '--set', 'resume=true', '--set', 'deterministic=true',
       '--set', 'lora_dropout=0.1']   # dropout on: the RNG state must be resumed too

def demo(out, *sets):
    return subprocess.run(EXE + ['--output-dir', str(out), *sets], capture_output=True, text=True, timeout=900)

def diff(a, b)->float:
    x, y = (load_file(Path(d)/'adapter'/'adapter_model.safetensors') for d in (a, b))
    assert x.keys() == y.keys()
    return max((x[k].float() - y[k].float()).abs().max().item() for k in x)

@pytest.fixture(scope='module')
def refs(tmp_path_factory):
    "Two uninterrupted runs, and how far apart they end."
    d = tmp_path_factory.mktemp('refs')
    for name in ('a', 'b'):
        p = demo(d/name); assert p.returncode == 0, p.stderr[-2000:]
    assert (d/'a'/'ledger.json').read_text() == (d/'b'/'ledger.json').read_text()
    return d/'a', diff(d/'a', d/'b')

def test_deterministic_runs_agree(refs):
    assert refs[1] == 0, f'two deterministic runs differ by up to {refs[1]:.3g}: the kernels are not deterministic'

@pytest.mark.parametrize('fault, corrupt, resumed_from', [('kill@step=10:forward', False, 'checkpoint-8'),
                                                          ('kill@step=12:save', False, 'checkpoint-8'),
                                                          ('kill@step=10:forward', True, 'checkpoint-4')])
def test_resumed_run_ends_where_the_uninterrupted_one_does(tmp_path, refs, fault, corrupt, resumed_from):
    ref, noise = refs
    p = demo(tmp_path/'run', '--set', f'fault={fault}'); assert p.returncode == -signal.SIGKILL, p.stderr[-2000:]
    if corrupt:   # the newest checkpoint's adapter overwritten with garbage of the same size: its checksum catches it
        f = tmp_path/'run'/'checkpoint-8'/'adapter_model.safetensors'; f.write_bytes(b'\0' * f.stat().st_size)
    p = demo(tmp_path/'run'); assert p.returncode == 0, p.stderr[-2000:]
    assert json.loads(p.stdout)['resumed_from'].endswith(resumed_from)
    assert (tmp_path/'run'/'ledger.json').read_text() == (ref/'ledger.json').read_text()
    d = diff(ref, tmp_path/'run')
    assert d == 0, f'resumed adapter differs from the uninterrupted one by up to {d:.3g} (two runs: {noise:.3g})'
