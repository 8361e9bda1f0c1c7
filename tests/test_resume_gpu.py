"""On a GPU, a run killed and resumed ends with the adapter of the uninterrupted run, bit for bit."""
import json, signal, subprocess, sys
from pathlib import Path
import pytest, torch
from safetensors.torch import load_file

pytestmark = pytest.mark.skipif(not torch.cuda.is_available(), reason='needs a CUDA GPU')
EXE = [sys.executable, '-m', 'qwen_qlora.cli', 'demo', '--json', '--set', 'device=cuda', '--set', 'epochs=1',
       '--set', 'eval_before=false', '--set', 'prompt=null', '--set', 'save_steps=4', '--set', 'save_total_limit=2',
       '--set', 'resume=true', '--set', 'lora_dropout=0.1']   # dropout on: the RNG state must be resumed too

def demo(out, *sets):
    return subprocess.run(EXE + ['--output-dir', str(out), *sets], capture_output=True, text=True, timeout=900)

@pytest.mark.parametrize('fault', ['kill@step=10:forward', 'kill@step=12:save'])
def test_resumed_adapter_is_bit_identical_on_the_gpu(tmp_path, fault):
    ref = demo(tmp_path/'ref'); assert ref.returncode == 0, ref.stderr[-2000:]
    p = demo(tmp_path/'run', '--set', f'fault={fault}'); assert p.returncode == -signal.SIGKILL, p.stderr[-2000:]
    p = demo(tmp_path/'run'); assert p.returncode == 0, p.stderr[-2000:]
    assert json.loads(p.stdout)['resumed_from'].endswith('checkpoint-8')
    a, b = (load_file(Path(d)/'adapter'/'adapter_model.safetensors') for d in (tmp_path/'ref', tmp_path/'run'))
    assert a.keys() == b.keys() and all(torch.equal(a[k], b[k]) for k in a), \
        max((a[k].float() - b[k].float()).abs().max().item() for k in a)
    assert (tmp_path/'run'/'ledger.json').read_text() == (tmp_path/'ref'/'ledger.json').read_text()
