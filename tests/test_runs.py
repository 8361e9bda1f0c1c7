"""An output folder holds one run: resumed exactly after a kill or a corrupted checkpoint, refused to another run
before anything loads, never trained twice; the OOM ladder survives a resume."""
import json, signal, subprocess, sys
from pathlib import Path
import pytest, torch
from safetensors.torch import load_file

EXE = [sys.executable, '-m', 'qwen_qlora.cli']
FAST = ['--set', 'epochs=1', '--set', 'eval_before=false', '--set', 'prompt=null', '--set', 'logging_steps=1',
        '--set', 'save_steps=4', '--set', 'save_total_limit=2', '--set', 'resume=true']
# largest difference allowed between a resumed and an uninterrupted adapter on the CPU (05_checkpoint)
CPU_BOUND = 0.0

def demo(out, *sets, check=True):
    p = subprocess.run(EXE + ['demo', '--output-dir', str(out), '--json', *FAST, *sets], capture_output=True,
                       text=True, timeout=900)
    if check and p.returncode != 0: raise AssertionError(f'exited {p.returncode}:\n{p.stderr[-3000:]}')
    return p

def summary(p): return json.loads(p.stdout)

def adapter_diff(a, b)->float:
    x, y = load_file(Path(a) / 'adapter' / 'adapter_model.safetensors'), load_file(
        Path(b) / 'adapter' / 'adapter_model.safetensors'
    )
    assert x.keys() == y.keys()
    return max((x[k].float() - y[k].float()).abs().max().item() for k in x)

@pytest.fixture(scope='module')
def base(tmp_path_factory):
    out = tmp_path_factory.mktemp('base')/'run'
    return out, summary(demo(out))

def test_corrupted_newest_checkpoint_falls_back_and_a_finished_run_trains_nothing(tmp_path, base):
    ref, s0 = base
    p = demo(tmp_path/'run', '--set', 'fault=kill@step=10:forward', check=False)
    assert p.returncode == -signal.SIGKILL, p.stderr[-2000:]
    assert sorted(x.name for x in (tmp_path/'run').glob('checkpoint-*')) == ['checkpoint-4', 'checkpoint-8']
    f = tmp_path/'run'/'checkpoint-8'/'adapter_model.safetensors'
    f.write_bytes(b'\0' * f.stat().st_size)                              # garbage of the same size
    p = demo(tmp_path/'run')
    s = summary(p)
    assert 'skipping checkpoint-8: adapter_model.safetensors differs from its checksum' in p.stderr, p.stderr[-2000:]
    assert 'weights_only' not in p.stderr
    assert s['resumed_from'].endswith('checkpoint-4') and s['optimizer_steps'] == s0['optimizer_steps']
    assert json.loads((tmp_path/'run'/'ledger.json').read_text()) == json.loads((ref/'ledger.json').read_text())
    assert adapter_diff(ref, tmp_path/'run') <= CPU_BOUND
    again = demo(tmp_path/'run')                                         # finished: trains nothing, and says so
    assert 'nothing to train' in again.stderr and summary(again)['optimizer_steps'] == s['optimizer_steps']
    assert summary(again)['trained_now'] is False and 'rows read' not in again.stderr

def test_resumed_oom_rehearsal_keeps_its_ladder(tmp_path):
    oom = ['--set', 'fault=oom@step=3:backward', '--set', 'lora_dropout=0.0', '--set', 'eval_before=true',
           '--set', 'auto=false']   # the demo's own micro-batch of 4, whatever the planner would choose
    ref = summary(demo(tmp_path/'ref', *oom))
    assert [r['rung'] for r in ref['degradations']] == ['micro-batch 4 -> 2 (accumulation x2; effective batch '
                                                        'unchanged)']
    p = demo(tmp_path/'run', *oom, '--set', 'fault=oom@step=3:backward,kill@step=6:forward', check=False)
    assert p.returncode == -signal.SIGKILL, p.stderr[-2000:]
    assert json.loads((tmp_path/'run'/'checkpoint-4'/'ladder.json').read_text())['micro_size'] == 2
    s = summary(demo(tmp_path/'run', *oom))
    assert s['resumed_from'].endswith('checkpoint-4') and s['oom_events'] == 0      # no OOM met again
    rungs = lambda r: [(d['step'], d['rung']) for d in r['degradations']]
    assert rungs(s) == rungs(ref)                                                   # the rung taken before the kill
    assert s['eval_loss_start'] == ref['eval_loss_start'] is not None               # the run's first evaluation
    # micro-batch 2 after the resume too
    assert adapter_diff(tmp_path/'ref', tmp_path/'run') <= CPU_BOUND

def test_another_run_is_refused_before_anything_loads(tmp_path, monkeypatch):
    import qwen_qlora.train as T
    from qwen_qlora.config import demo_config
    from qwen_qlora.errors import UserError
    def no_loading(*a, **k): raise AssertionError('loaded')
    monkeypatch.setattr(T, 'load_tokenizer', no_loading); monkeypatch.setattr(T, 'load_model', no_loading)
    out = tmp_path/'run'
    with pytest.raises(AssertionError, match='loaded'): T.train(demo_config(output_dir=out, resume=True, panel=False))
    (out/'checkpoint-34').mkdir(); (out/'checkpoint-34'/'COMPLETE.json').write_text('{"files": {}}')
    with pytest.raises(UserError,
                       match=r"'lora_r': \(None, 8\)"): T.train(demo_config(output_dir=out, resume=True, lora_r=8))
    with pytest.raises(UserError,
                       match=r"'epochs': \(8, 1\)"): T.train(demo_config(output_dir=out, resume=True, epochs=1))
    with pytest.raises(AssertionError,
                       match='loaded'): T.train(demo_config(output_dir=out, resume=False, lora_r=8, panel=False))
    backup, = tmp_path.glob('run.previous-*')                          # resume: false moved the old run aside, whole
    assert sorted(p.name for p in backup.iterdir()) == ['checkpoint-34', 'run.json']
    assert (
        sorted(p.name for p in out.iterdir()) == ['run.json']
        and json.loads((out / 'run.json').read_text())['lora_r'] == 8
    )

def test_a_run_killed_after_its_last_step_trains_no_more(tmp_path):
    # in the last evaluation
    p = demo(tmp_path/'run', '--set', 'max_steps=2', '--set', 'fault=kill@step=2:eval', check=False)
    assert p.returncode == -signal.SIGKILL, p.stderr[-2000:]
    s = summary(demo(tmp_path/'run', '--set', 'max_steps=2'))
    assert s['resumed_from'].endswith('checkpoint-2') and s['optimizer_steps'] == 2, s
