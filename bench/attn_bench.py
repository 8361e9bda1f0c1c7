"""Causal attention alone, per SDPA backend: milliseconds and TFLOP/s of forward and of forward + backward.

Qwen3's attention shapes (32 query heads, 8 key/value heads, head dim 128), bf16, batch 1, at the given lengths.
Each backend is forced alone (`sdpa_kernel([backend])`), with GQA passed natively (`enable_gqa=True`) and with
the key/value heads expanded beforehand; a backend that refuses the call prints its reason.
FLOPs: 4 x tokens² x heads x dim / 2 forward (causal), 2.5 x that backward.
`--packed`: a packed row's block-diagonal mask (FLOPs still counted as plain causal).
Example: python bench/attn_bench.py --seq 4096 32768
"""
import argparse, json, time
import torch, torch.nn.functional as F
from torch.nn.attention import SDPBackend, sdpa_kernel

def timed(fn, reps:int)->float:
    "Mean seconds of `fn()` over `reps` calls after two warm-up calls (CUDA synchronised)."
    for _ in range(2): fn()
    torch.cuda.synchronize(); t = time.time()
    for _ in range(reps): fn()
    torch.cuda.synchronize(); return (time.time() - t) / reps

def packed_mask(seq:int, seed:int=0)->torch.Tensor:
    "Block-diagonal causal boolean mask [1, 1, seq, seq] of rows 16 to 256 tokens long, as `PackCollator` makes it."
    g = torch.Generator().manual_seed(seed); doc = torch.empty(seq, dtype=torch.long); s = i = 0
    while s < seq:
        n = int(torch.randint(16, 257, (1,), generator=g)); doc[s:s+n] = i; s += n; i += 1
    m = (doc[:, None] == doc[None, :]) & torch.ones(seq, seq, dtype=torch.bool).tril()
    return m[None, None].cuda()

def bench(seq:int, backend, gqa:bool, heads:int=32, kv:int=8, dim:int=128, masked:bool=False)->dict:
    q = torch.randn(1, heads, seq, dim, device='cuda', dtype=torch.bfloat16, requires_grad=True)
    k, v = (torch.randn(1, kv, seq, dim, device='cuda', dtype=torch.bfloat16, requires_grad=True) for _ in range(2))
    mask = packed_mask(seq) if masked else None
    def fwd():
        kk, vv = (k, v) if gqa else (k.repeat_interleave(heads // kv, 1), v.repeat_interleave(heads // kv, 1))
        with sdpa_kernel([backend]): return F.scaled_dot_product_attention(q, kk, vv, attn_mask=mask,
                                                                           is_causal=not masked, enable_gqa=gqa)
    g = torch.randn(1, heads, seq, dim, device='cuda', dtype=torch.bfloat16)
    reps = max(2, int(2e10 / seq**2))
    out = dict(seq=seq, backend=backend.name, gqa=gqa, packed_mask=masked)
    try:
        with torch.no_grad(): f = timed(fwd, reps)
        fb = timed(lambda: torch.autograd.backward(fwd(), g), reps)
    except RuntimeError as e: return dict(out, error=str(e).splitlines()[0][:160])
    flops = 4 * seq**2 * heads * dim / 2
    return dict(out, fwd_ms=round(f * 1e3, 2), fwd_bwd_ms=round(fb * 1e3, 2), fwd_tflops=round(flops / f / 1e12),
                bwd_tflops=round(2.5 * flops / (fb - f) / 1e12))

if __name__ == '__main__':
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--seq', type=int, nargs='+', default=[4096, 32768])
    p.add_argument('--packed', action='store_true',
                   help="a packed row's block-diagonal boolean mask instead of plain causal (key/value heads "
                        "expanded, as transformers does with a mask)")
    a = p.parse_args()
    for seq in a.seq:
        for b in (SDPBackend.FLASH_ATTENTION, SDPBackend.CUDNN_ATTENTION, SDPBackend.EFFICIENT_ATTENTION):
            for gqa in ((False,) if a.packed else (True, False)): print(json.dumps(bench(seq, b, gqa,
                                                                                         masked=a.packed)), flush=True)
