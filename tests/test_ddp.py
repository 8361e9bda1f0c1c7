"""Data parallel through the real launcher (torchrun; `accelerate launch --multi_gpu` runs it underneath on GPUs):
2 CPU processes on gloo train the tiny Qwen3, stay in sync, and degrade together when one of them runs out of
memory."""
import json, subprocess, sys
from pathlib import Path

ARGS = ['--json', '--set', 'max_steps=6', '--set', 'eval_before=false', '--set', 'prompt=null', '--set',
        'save_steps=3', '--set', 'logging_steps=1']

def launch(out, *extra):
    p = subprocess.run([sys.executable, '-m', 'torch.distributed.run', '--nproc_per_node', '2', '-m', 'qwen_qlora.cli',
                        'demo',
                        '--output-dir', str(out), *ARGS, *extra], capture_output=True, text=True, timeout=600)
    assert p.returncode == 0, p.stderr[-3000:]
    return [json.loads((out/f'rank-{r}.json').read_text()) for r in (0, 1)]

def test_two_ranks_stay_in_sync_and_degrade_together(tmp_path):
    a0, a1 = launch(tmp_path/'clean')
    assert a0['adapter_sha1'] == a1['adapter_sha1']                          # identical adapters after training
    rows0, rows1 = {r for _, r in a0['ledger']}, {r for _, r in a1['ledger']}
    assert len(a0['ledger']) == len(a1['ledger']) == 6 * 16 and not rows0 & rows1   # each rank its own shard
    b0, b1 = launch(tmp_path/'oom', '--set', 'fault=oom@step=2:backward:rank=0,oom@step=3:save:rank=1')
    assert b0['degradations'] and [d['rung'] for d in b0['degradations']] == [d['rung'] for d in b1['degradations']]
    assert b0['oom_events'] == b1['oom_events'] == 2                         # each rank saw both events
    assert b0['adapter_sha1'] == b1['adapter_sha1'] and b0['ledger'] == a0['ledger']
    # bf16 rounding of the split micro-batch
    assert abs(b0['adapter_norm'] - a0['adapter_norm']) / a0['adapter_norm'] < 1e-4
    assert (tmp_path/'oom'/'checkpoint-6'/'COMPLETE.json').exists() and (tmp_path/'oom'/'summary.json').exists()
