"""Execute notebooks in place so their outputs (the documentation) are saved: `python tools/run_nbs.py [NB ...]`.

Uses execnb, as `nbdev_test` does, from the nbs/ folder; cells flagged with a skipped test flag (`#| cuda`, `#| slow`)
run only when their flag is given in `--flags`; a skipped cell keeps its saved outputs. Stops at the first failing
notebook.
"""
import argparse, os, sys, time
from pathlib import Path
from execnb.nbio import read_nb, write_nb
from execnb.shell import CaptureShell

def _skip(cell, flags):
    src = cell.source.splitlines()
    tagged = {l.split('|', 1)[1].strip() for l in src if l.startswith('#|')}
    skipped = any(f in tagged for f in ('cuda', 'slow', 'notest') if f not in flags)
    return skipped or any(l.strip() == '#| eval: false' for l in src)

def run(path, flags=()):
    path = Path(path).resolve(); nb = read_nb(path); cwd = os.getcwd(); os.chdir(path.parent)
    try:
        sh = CaptureShell(); t = time.time()
        for cell in nb.cells:
            if cell.cell_type != 'code': continue
            if _skip(cell, flags): continue   # a skipped cell keeps the outputs it has (a GPU or slow run's)
            sh.cell(cell)
            if sh.exc: raise RuntimeError(f'{path}: cell failed:\n{cell.source}\n{sh.exc}')
        write_nb(nb, path); print(f'{path}: {time.time()-t:.1f}s', flush=True)
    finally: os.chdir(cwd)

if __name__ == '__main__':
    p = argparse.ArgumentParser(); p.add_argument('nbs', nargs='*'); p.add_argument('--flags', default='')
    a = p.parse_args()
    for nb in a.nbs or sorted(str(x) for x in Path('nbs').glob('*.ipynb')): run(nb, a.flags.split())
