"""What train()'s per-step memory record costs on the CPU: `monitor_gpu_memory` (torch, NVML, host) and
`MemoryTracker.point`, each timed over 200 calls, plus NVML's parts alone. Prints one JSON line (milliseconds per call).
Example: python bench/tracker_cost.py
"""
import json, time
import torch
from qwen_qlora.memory import monitor_gpu_memory, MemoryTracker, _nvml_reading

def per_call_ms(f, n=200):
    f(); t = time.perf_counter()
    for _ in range(n): f()
    return round((time.perf_counter() - t) / n * 1e3, 3)

if __name__ == '__main__':
    x = torch.empty(2**30, dtype=torch.uint8, device='cuda')
    tr = MemoryTracker()
    out = dict(monitor_gpu_memory_ms=per_call_ms(monitor_gpu_memory), tracker_point_ms=per_call_ms(lambda: tr.point(0)),
               nvml_reading_ms=per_call_ms(_nvml_reading), memory_stats_ms=per_call_ms(torch.cuda.memory_stats),
               nvml_error=_nvml_reading().get('error'))
    print(json.dumps(out), flush=True)
