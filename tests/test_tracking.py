"""What a run leaves for tracking: log.jsonl (one line per logged step, kept whole across a resume), loss.png, and
TensorBoard event files when `report_to: tensorboard` and tensorboard is installed."""
import importlib.util, json, subprocess, sys
import pytest

EXE = [sys.executable, '-m', 'qwen_qlora.cli', 'demo', '--json']
FAST = ['--set', 'grad_accum=1', '--set', 'eval_before=false', '--set', 'prompt=null', '--set', 'logging_steps=1',
        '--set', 'save_steps=2',
        '--set', 'resume=true']

def run(*args, code=0):
    p = subprocess.run(EXE + list(args), capture_output=True, text=True, timeout=600)
    assert p.returncode == code, p.stderr[-3000:]
    return p

def rows(d): return [json.loads(l) for l in (d/'log.jsonl').read_text().splitlines()]

@pytest.mark.skipif(importlib.util.find_spec('tensorboard') is None, reason='tensorboard is not installed')
def test_log_loss_picture_tensorboard_and_resume(tmp_path):
    ref, out = tmp_path/'ref', tmp_path/'run'
    run('--output-dir', str(ref), *FAST, '--set', 'max_steps=6', '--set', 'report_to=tensorboard')
    assert list(ref.glob('runs/*/events.out.tfevents.*')), sorted(str(p) for p in ref.rglob('*'))
    assert (ref/'loss.png').read_bytes()[:4] == b'\x89PNG' and (ref/'memory.png').exists()
    first = rows(ref)
    train = [r for r in first if 'loss' in r]
    assert [r['step'] for r in train] == [1, 2, 3, 4, 5, 6]
    assert all(r['loss'] > 0 and 'learning_rate' in r and 'grad_norm' in r and r['host_rss_gib'] > 0 for r in train)
    assert all(r['tokens_per_s'] > 0 for r in train)
    assert first[-1]['eval_loss'] > 0                      # the evaluation after training is logged too
    run('--output-dir', str(out), *FAST, '--set', 'max_steps=6', '--set', 'fault=kill@step=5:forward', code=-9)
    # killed in step 6; checkpoint-4 is the last
    assert [r['step'] for r in rows(out) if 'loss' in r] == [1, 2, 3, 4, 5]
    run('--output-dir', str(out), *FAST, '--set', 'max_steps=6')   # resumes from checkpoint-4
    steps = [r['step'] for r in rows(out) if 'loss' in r]
    assert steps == [1, 2, 3, 4, 5, 6], steps               # each step once: the old lines up to the checkpoint kept
    assert [r['loss'] for r in rows(out) if 'loss' in r] == [r['loss'] for r in train]   # and the same losses
