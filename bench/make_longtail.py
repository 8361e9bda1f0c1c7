"""Writes a JSONL of instruction rows whose token lengths have a long tail (most short, a few near 4k), fixed seed.
For OOM rehearsals: python bench/make_longtail.py OUT.jsonl [ROWS]"""
import json, random, sys
words = "the model learns from data and memory is a budget that every layer spends on activations".split()
rng, n = random.Random(0), int(sys.argv[2]) if len(sys.argv) > 2 else 400
with open(sys.argv[1], 'w') as f:
    for i in range(n):
        k = int(rng.paretovariate(1.2) * 40) if rng.random() < .9 else rng.randint(1500, 3000)
        f.write(json.dumps(dict(instruction=f'Repeat after me, row {i}.', output=' '.join(rng.choice(words) for _ in range(min(k, 3000))))) + '\n')
