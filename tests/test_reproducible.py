"""A run is a function of its settings: the run that has to build the tiny model first trains exactly as a run that
finds it built (building draws nothing from the run's random state), on the CPU as on a GPU."""
import os, subprocess, sys
from safetensors.torch import load_file


def test_the_run_that_builds_the_model_trains_as_the_one_that_finds_it(tmp_path):
    env = os.environ | dict(QWEN_QLORA_CACHE=str(tmp_path/'cache'))   # an empty cache: the first run builds
    for name in ('builds', 'finds'):
        p = subprocess.run([sys.executable, '-m', 'qwen_qlora.cli', 'demo', '--json', '--output-dir',
                            str(tmp_path/name), '--set', 'max_steps=2', '--set', 'eval_before=false', '--set',
                            'prompt=null', '--set', 'lora_dropout=0.1', '--set', 'deterministic=true'], env=env,
                           capture_output=True, text=True, timeout=900)
        assert p.returncode == 0, p.stderr[-2000:]
    a, b = (load_file(tmp_path/n/'adapter'/'adapter_model.safetensors') for n in ('builds', 'finds'))
    assert a.keys() == b.keys() and all((a[k] == b[k]).all() for k in a)
