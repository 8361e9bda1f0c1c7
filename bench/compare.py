"""Prints the plain-HF baseline and qwen_qlora side by side from one run's JSON lines: python bench/compare.py FILE..."""
import json, sys
rows = [json.loads(l) for f in sys.argv[1:] for l in open(f) if l.startswith('{"')]
base = {(r['size'], r['recipe']): r for r in rows if r.get('stack', 'plain') == 'plain'}
print(f"{'size':<5}{'recipe':<10}{'stack':<16}{'peak reserved GiB':>18}{'ratio':>8}{'tokens/s':>10}{'ratio':>8}")
for r in sorted(rows, key=lambda r: (r['size'], r['recipe'], r.get('stack', 'plain') != 'plain')):
    b = base.get((r['size'], r['recipe']))
    mr = f"{r['peak_reserved_gib'] / b['peak_reserved_gib']:.3f}" if b else '-'
    tr = f"{r['tok_s'] / b['tok_s']:.2f}" if b and r.get('tok_s') and b.get('tok_s') else '-'
    print(f"{r['size']:<5}{r['recipe']:<10}{r.get('stack', 'plain'):<16}{r['peak_reserved_gib']:>18.3f}{mr:>8}{str(r.get('tok_s', 'OOM')):>10}{tr:>8}")
