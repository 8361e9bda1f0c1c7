"""Sharded data parallel (FSDP) through the real launcher: 2 CPU processes on gloo train the tiny Qwen3 with its 4-bit
weights, LoRA weights and optimizer state split between them; the adapter matches one process's, a killed run resumes,
and the saved adapter loads with plain PEFT in one process."""
import json, subprocess, sys
from pathlib import Path
import pytest, torch
from safetensors.torch import load_file

SETS = dict(max_steps=6, eval_before='false', prompt='null', save_steps=3, logging_steps=1, auto='false', grad_accum=2,
            lora_dropout=0, optim='adamw_torch', gradient_checkpointing='true', chunked_loss='true', resume='true')
BF16 = 2 ** -8   # bf16's relative rounding: the bound for one process against two
# both train with torch's AdamW: bitsandbytes' optimizers cannot step FSDP's shards (07c_fsdp)

def launch(out, nproc, check=True, timeout=600, **sets):
    pre = [sys.executable] + (['-m', 'torch.distributed.run', '--nproc_per_node', str(nproc)] if nproc > 1 else [])
    args = [a for k, v in (SETS | sets).items() for a in ('--set', f'{k}={v}')]
    p = subprocess.run(pre + ['-m', 'qwen_qlora.cli', 'demo', '--json', '--output-dir', str(out), *args],
                       capture_output=True, text=True, timeout=timeout)
    if check: assert p.returncode == 0, p.stderr[-3000:]
    return p

def adapter(out): return load_file(Path(out)/'adapter'/'adapter_model.safetensors')
def max_diff(a, b): assert a.keys() == b.keys(); return max((a[k] - b[k]).abs().max().item() for k in a)
def steps(ledger): return sorted((s, r) for s, r in ledger)
def rel_diff(a, b):
    "The norm of the difference of two adapters, relative to the norm of the second."
    diff, norm = (sum((t.float() ** 2).sum() for t in ts) for ts in ([a[k] - b[k] for k in a], b.values()))
    return (diff / norm).sqrt().item()

@pytest.fixture(scope='module')
def fsdp(tmp_path_factory):
    out = tmp_path_factory.mktemp('fsdp')/'run'; launch(out, 2, parallel='fsdp', batch_size=2)
    return out

def test_two_ranks_train_sharded_and_match_one_process(fsdp, tmp_path):
    s = json.loads((fsdp/'summary.json').read_text())
    assert (s['parallel'], s['optimizer_steps'], s['settings']['gradient_checkpointing']) == ('fsdp', 6, True), s
    r0, r1 = [json.loads((fsdp/f'rank-{r}.json').read_text()) for r in (0, 1)]
    assert r0['adapter_sha1'] == r1['adapter_sha1']                     # the gathered adapter, the same on both ranks
    for r in (r0, r1):   # each rank holds about half of every weight (4-bit ones included) and of the optimizer state
        assert 0.45 < r['held']['params'][0] / r['held']['params'][1] < 0.55, r['held']
        assert 0.45 < r['held']['optimizer'][0] / r['held']['optimizer'][1] < 0.55, r['held']
    # the same 4 rows a micro-batch in one process, computed the same way (FSDP runs the layers unfused: 08_train)
    one = tmp_path/'one'; launch(one, 1, batch_size=4, fuse_layers='false')
    assert steps(json.loads((one/'ledger.json').read_text())) == steps(r0['ledger'] + r1['ledger'])
    a, b = adapter(fsdp), adapter(one)
    rel = rel_diff(a, b)
    print(f'LoRA weights, 2 FSDP ranks against 1 process: relative difference {rel:.3g}, largest element difference '
          f'{max_diff(a, b):.3g}')
    # the sums over 4 rows split over 2 ranks round differently, and Adam divides each gradient by its own size: an
    # element whose gradient is at rounding level can move a whole step either way, so the adapter as a whole is
    # compared (a rank's gradients lost or counted twice would put it tens of percent apart)
    assert rel <= BF16
    assert max_diff(adapter(fsdp), {k: torch.zeros_like(v) for k, v in a.items()}) > 0   # it trained

def test_killed_fsdp_run_resumes(fsdp, tmp_path):
    out = tmp_path/'run'
    p = launch(out, 2, check=False, parallel='fsdp', batch_size=2, fault='kill@step=4:forward:rank=0')
    assert p.returncode != 0 and (out/'checkpoint-3'/'COMPLETE.json').exists() and not (out/'adapter').exists()
    launch(out, 2, parallel='fsdp', batch_size=2)
    s = json.loads((out/'summary.json').read_text())
    assert s['resumed_from'].endswith('checkpoint-3') and s['optimizer_steps'] == 6, s
    print(f'resumed against uninterrupted: max difference {max_diff(adapter(out), adapter(fsdp)):.3g}')
    assert max_diff(adapter(out), adapter(fsdp)) <= BF16 * max(v.abs().max().item() for v in adapter(fsdp).values())

def test_fsdp_adapter_loads_with_plain_peft(fsdp):
    from peft import PeftModel
    from transformers import AutoModelForCausalLM
    from qwen_qlora.tiny import build_tiny_qwen3
    base = AutoModelForCausalLM.from_pretrained(build_tiny_qwen3(), dtype=torch.float32)
    ids = torch.tensor([[1, 20, 30, 40, 50]])
    before = base(ids).logits
    m = PeftModel.from_pretrained(base, str(fsdp/'adapter'))
    saved, lora = adapter(fsdp), {n: p for n, p in m.named_parameters() if 'lora_' in n}
    assert len(lora) == len(saved)
    assert all(torch.equal(lora[k.replace('.weight', '.default.weight')], v) for k, v in saved.items())
    assert not torch.allclose(m(ids).logits, before)                    # the adapter changes the model's output

def test_an_oom_under_fsdp_ends_the_run(tmp_path):
    p = launch(tmp_path/'run', 2, check=False, timeout=240, parallel='fsdp', batch_size=2,
               fault='oom@step=1:backward:rank=0')
    assert p.returncode != 0 and 'an out-of-memory ends the run' in p.stderr, p.stderr[-3000:]
    assert not (tmp_path/'run'/'adapter').exists()
