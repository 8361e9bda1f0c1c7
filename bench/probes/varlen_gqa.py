"""Whether this torch's `varlen_attn` takes fewer key/value heads than query heads without `enable_gqa` (as the flash
kernel under it can), against the heads repeated; and the time of each, forward and backward.

usage: python bench/probes/varlen_gqa.py
"""
import time, torch
from torch.nn.attention.varlen import varlen_attn

T, Hq, Hkv, D = 4096, 32, 8, 128
lens = [100, 300, 50, 900, 1200, 646, 900]
cu = torch.tensor([0] + list(torch.tensor(lens).cumsum(0)), dtype=torch.int32, device='cuda')
q = torch.randn(T, Hq, D, device='cuda', dtype=torch.bfloat16, requires_grad=True)
k = torch.randn(T, Hkv, D, device='cuda', dtype=torch.bfloat16, requires_grad=True)
v = torch.randn(T, Hkv, D, device='cuda', dtype=torch.bfloat16, requires_grad=True)
rep = lambda t: t.repeat_interleave(Hq // Hkv, 1)
call = lambda kk, vv: varlen_attn(q, kk, vv, cu, cu, max(lens), max(lens), window_size=(-1, 0))
ref = call(rep(k), rep(v)); ref.sum().backward(); gref = [t.grad.clone() for t in (q, k, v)]
for t in (q, k, v): t.grad = None
try:
    out = call(k, v); out.sum().backward()
    print('native GQA: max |out - repeated| =', (out - ref).abs().max().item(),
          'grad diffs', [((t.grad - g).abs().max().item()) for t, g in zip((q, k, v), gref)])
except Exception as e: print('native GQA refused:', type(e).__name__, str(e)[:200])
for name, f in [('repeated', lambda: call(rep(k), rep(v))), ('native', lambda: call(k, v))]:
    try:
        for _ in range(3): f().sum().backward()
        torch.cuda.synchronize(); t0 = time.perf_counter()
        for _ in range(20): f().sum().backward()
        torch.cuda.synchronize(); print(name, f'{(time.perf_counter() - t0) / 20 * 1e3:.2f} ms fwd+bwd')
    except Exception as e: print(name, 'failed', type(e).__name__)
