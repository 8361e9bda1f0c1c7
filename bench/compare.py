"""Prints the plain-HF baseline and qwen_qlora side by side from one run's JSON lines: python bench/compare.py FILE...

Lines of `bench/qlora_memory.py` (with a `recipe`) give peak reserved and tokens/s with their ratios to plain HF;
lines of `bench/throughput.py` (with `samples_s`) give samples/s, tokens/s, peak reserved, MFU and the samples/s ratio.
"""
import json, sys

def memory_table(rows):
    base = {(r['size'], r['recipe']): r for r in rows if r.get('stack', 'plain') == 'plain'}
    print(f"{'size':<5}{'recipe':<10}{'stack':<16}{'peak reserved GiB':>18}{'ratio':>8}{'tokens/s':>10}{'ratio':>8}")
    for r in sorted(rows, key=lambda r: (r['size'], r['recipe'], r.get('stack', 'plain') != 'plain')):
        b = base.get((r['size'], r['recipe']))
        mr = f"{r['peak_reserved_gib'] / b['peak_reserved_gib']:.3f}" if b else '-'
        tr = f"{r['tok_s'] / b['tok_s']:.2f}" if b and r.get('tok_s') and b.get('tok_s') else '-'
        print(f"{r['size']:<5}{r['recipe']:<10}{r.get('stack', 'plain'):<16}{r['peak_reserved_gib']:>18.3f}{mr:>8}"
              f"{str(r.get('tok_s', 'OOM')):>10}{tr:>8}")

def throughput_table(rows):
    base = {r['size']: r for r in rows if r['stack'] == 'plain'}
    print(f"{'size':<5}{'stack':<7}{'setting':<64}{'samples/s':>10}{'x plain':>9}{'tokens/s':>10}{'peak GiB':>10}"
          f"{'MFU':>8}")
    for r in rows:
        b = base.get(r['size']); what = 'batch 1 x 16 accumulation' if r['stack'] == 'plain' else (
            f"16 rows {r['collate']}ed, "
            + (f"every {r['checkpoint_every'] or 1} ckpt" if r['gradient_checkpointing'] else 'no ckpt')
            + (', compiled' if r['compile_layers'] else '')
            + (', prompt tokens skipped' if r.get('skip_ignored') else ''))
        ratio = f"{r['samples_s'] / b['samples_s']:.2f}" if b else '-'
        print(f"{r['size']:<5}{r['stack']:<7}{what:<64}{r['samples_s']:>10.2f}{ratio:>9}{r['tokens_s']:>10.1f}"
              f"{r['peak_reserved_gib']:>10.3f}{r['mfu']:>8.4f}")

if __name__ == '__main__':
    rows = [json.loads(l) for f in sys.argv[1:] for l in open(f) if l.startswith('{"')]
    if rows and 'samples_s' in rows[0]: throughput_table(rows)
    else: memory_table(rows)
