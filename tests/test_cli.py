"""The command line end to end, in subprocesses: the demo, a process killed in the middle of a save, bad input."""
import json, os, signal, subprocess, sys
from pathlib import Path
import pytest

EXE = [sys.executable, '-m', 'qwen_qlora.cli']
NASTY = Path(__file__).parent/'data'/'nasty.jsonl'   # one row of every bad kind (03_data's nasty file), two good ones
FAST = ['--set', 'epochs=1', '--set', 'eval_before=false', '--set', 'prompt=null', '--set', 'logging_steps=1']

def run(*args, check=True):
    p = subprocess.run(EXE + list(args), capture_output=True, text=True, timeout=600)
    if check and p.returncode != 0: raise AssertionError(f'{args} exited {p.returncode}:\n{p.stderr[-3000:]}')
    return p

def summary(p): return json.loads(p.stdout)   # --json: stdout is exactly one JSON document

def test_demo_learns_and_leaves_its_files(tmp_path):
    s = summary(run('demo', '--output-dir', str(tmp_path), '--json', '--set', 'merge=true'))
    assert s['eval_loss_end'] < s['eval_loss_start'] - 1.0, s
    from transformers import AutoModelForCausalLM
    merged = AutoModelForCausalLM.from_pretrained(tmp_path/'merged')     # the adapter merged into a plain 16-bit model
    assert not any('lora' in n for n, _ in merged.named_parameters())
    for f in ('adapter/adapter_model.safetensors', 'config.yaml', 'data_account.json', 'memory.json', 'memory.png',
              'summary.json', 'ledger.json'):
        assert (tmp_path/f).exists(), f

def test_killed_during_save_resumes_from_last_complete_checkpoint(tmp_path):
    base = summary(run('demo', '--output-dir', str(tmp_path/'base'), '--json', *FAST, '--set', 'save_steps=4'))
    args = ['demo', '--output-dir', str(tmp_path/'run'), '--json', *FAST, '--set', 'save_steps=4', '--set',
            'resume=true']
    p = run(*args, '--set', 'fault=kill@step=12:save', check=False)
    assert p.returncode == -signal.SIGKILL, p.stderr[-2000:]
    cks = sorted(x.name for x in (tmp_path/'run').glob('checkpoint-*'))
    assert cks == ['checkpoint-8'], cks                      # checkpoint-12 was never renamed into place
    assert list((tmp_path/'run').glob('.staging-checkpoint-12'))   # the partial write is in staging, ignored
    s = summary(run(*args))
    assert s['resumed_from'].endswith('checkpoint-8')
    assert s['optimizer_steps'] == base['optimizer_steps']
    ledger = json.loads((tmp_path/'run'/'ledger.json').read_text())
    ref = json.loads((tmp_path/'base'/'ledger.json').read_text())
    assert ledger == ref                                      # every sample once, same order, same steps
    assert not list((tmp_path/'run').glob('.staging-*'))

def test_resume_refuses_a_different_run(tmp_path):
    run('demo', '--output-dir', str(tmp_path), '--json', *FAST, '--set', 'max_steps=4', '--set', 'save_steps=4')
    p = run('demo', '--output-dir', str(tmp_path), '--set', 'resume=true', '--set', 'lora_r=8', *FAST, check=False)
    assert p.returncode != 0 and "'lora_r': (None, 8)" in p.stderr, p.stderr[-1500:]

def test_bad_setting_is_named(tmp_path):
    p = run('train', '--set', 'batch=2', check=False)
    assert p.returncode != 0 and "unknown setting(s) ['batch']" in p.stderr
    assert p.returncode == 2 and 'Traceback' not in p.stderr

def user_error(*args, cwd=None):
    "Run a command that must fail on the user's input: exit 2, no traceback, one or two lines; returns stderr."
    p = subprocess.run(EXE + list(args), capture_output=True, text=True, timeout=600, cwd=cwd)
    assert p.returncode == 2, (args, p.returncode, p.stderr[-2000:])
    assert 'Traceback' not in p.stderr and p.stderr.startswith('qwen-qlora: error: '), p.stderr[-2000:]
    assert len(p.stderr.strip().splitlines()) <= 2, p.stderr
    return p.stderr

BAD_SETTINGS = [  # (the YAML file's text, what the message must say)
    ('model: tiny\nlerning_rate: 1e-4\n',
     "run.yaml:2: unknown setting(s) ['lerning_rate'] (did you mean 'learning_rate'?)"),
    ('model: tiny\nepochs: two\n', "run.yaml:2: epochs='two'"),
    ('model: tiny\npacking: maybe\n', "run.yaml:2: packing='maybe': write true or false"),
    ('model: tiny\nlora_r: -1\n', 'run.yaml:2: lora_r=-1: must be at least 1'),
    ('model: tiny\noptim: adam\n', "run.yaml:2: optim='adam' is not one of the choices"),
    ('model: tiny\neval_fraction: 1.5\n', 'run.yaml:2: eval_fraction=1.5'),
    ('model: tiny\ndevice: gpu\n', "run.yaml:2: device='gpu'"),
    ('model: tiny\nlora_preset: all32\n', "lora_preset='all32' is not one of the choices (did you mean 'all64'?)"),
    ('model: tiny\ndata: missing.jsonl\n', "data='missing.jsonl': no such file"),
    ('model: ./no/such/model\n', "model='./no/such/model': no such folder"),
    ('model: [tiny\n', 'run.yaml:1: not a valid config file'),
]

@pytest.mark.parametrize('text,msg', BAD_SETTINGS)
def test_bad_settings_exit_2_naming_the_key(tmp_path, text, msg):
    (tmp_path/'run.yaml').write_text(text)
    assert msg in user_error('train', '--config', str(tmp_path/'run.yaml'), cwd=tmp_path)

def test_bad_input_everywhere_exits_2(tmp_path):
    assert "unknown setting(s) ['lerning_rate']" in user_error('train', '--set', 'lerning_rate=1e-4')
    assert 'does not exist' in user_error('train', '--config', str(tmp_path/'none.yaml'))
    assert "lora_preset='all32' is not one of the choices" in user_error('plan', '--model', '4B', '--set',
                                                                         'lora_preset=all32')
    assert 'budget_gb=-3.0' in user_error('plan', '--model', '4B', '--budget', '-3')
    assert "--model 'no such model'" in user_error('plan', '--model', 'no such model')
    # a budget no layout fits: said in one line once the rows are read, before the model loads
    p = subprocess.run(EXE + ['demo', '--output-dir', str(tmp_path/'small'), '--set', 'budget_gb=0.01'],
                       capture_output=True, text=True, timeout=600)
    last = p.stderr.strip().splitlines()[-1]
    assert p.returncode == 2 and 'Traceback' not in p.stderr and 'Loading weights' not in p.stderr, p.stderr[-2000:]
    assert last.startswith('qwen-qlora: error: auto settings: nothing fits 0.01 GiB'), last
    # as given, where not even the OOM ladder's last rung fits: said before loading too, instead of after every rung
    p = subprocess.run(EXE + ['demo', '--output-dir', str(tmp_path/'given'), '--set', 'budget_gb=0.01',
                              '--set', 'auto=false'], capture_output=True, text=True, timeout=600)
    last = p.stderr.strip().splitlines()[-1]
    assert p.returncode == 2 and 'Traceback' not in p.stderr and 'Loading weights' not in p.stderr, p.stderr[-2000:]
    assert last.startswith('qwen-qlora: error: no degradation fits 0.01 GiB: even one row of'), last
    assert "data='none.jsonl': no such file" in user_error('data-report', 'none.jsonl', '--model', 'tiny',
                                                           cwd=tmp_path)
    import torch
    if not torch.cuda.is_available(): assert 'no CUDA GPU' in user_error('demo', '--set', 'device=cuda')
    p = subprocess.run(EXE + ['train', '--debug', '--set', 'lora_r=-1'], capture_output=True, text=True)
    assert p.returncode == 2 and 'Traceback' in p.stderr        # --debug shows where it was raised

def test_plan_tiny_and_sizes_offline():
    assert 'tiny' in run('plan', '--model', 'tiny').stdout
    assert json.loads(run('plan', '--model', '4b', '--json').stdout)['plan']['stages']['peak'] > 0

def test_data_report_accounts_for_every_row():
    rep = json.loads(run('data-report', str(NASTY), '--model', 'tiny', '--json').stdout)
    assert rep['balanced'] and rep['total'] == 12 and rep['kept'] == 2
    p = run('data-report', str(NASTY), '--model', 'tiny', '--strict', check=False)
    assert p.returncode == 2 and 'line 2: invalid_utf8' in p.stderr and 'Traceback' not in p.stderr

def test_doctor_json():
    r = json.loads(run('doctor', '--json').stdout)
    assert 'packages' in r and r['packages']['torch'] and isinstance(r['advice'], list)

def test_data_without_rows_shows_the_account_and_exits_2(tmp_path):
    bad = '{"prompt": "What is 2+2?", "response": "4"}\n' * 2
    for name, text in [('empty.jsonl', ''), ('blank.jsonl', '\n  \n'), ('bad.jsonl', bad)]:
        (tmp_path/name).write_text(text)
        p = run('data-report', str(tmp_path/name), '--model', 'tiny', check=False)
        assert p.returncode == 2 and 'Traceback' not in p.stderr, p.stderr[-2000:]
        assert 'rows read' in p.stderr and 'no usable rows' in p.stderr.splitlines()[-1], p.stderr
    err = user_error('data-report', str(tmp_path/'bad.jsonl'), '--model', 'tiny', '--strict')
    assert "line 1: missing_field (no field 'instruction' (rows have 'prompt', 'response'; " \
           "map them with columns: {instruction: prompt, output: response}))" in err, err
