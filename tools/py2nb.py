"""Round-trip between notebooks and percent-format scripts, for editing chapters in a text editor.

`python tools/py2nb.py to-nb SRC.py DST.ipynb` builds a notebook (outputs empty; run it to fill them);
`python tools/py2nb.py to-py SRC.ipynb DST.py` writes the script. Cells start with `# %%`; markdown cells with
`# %% [markdown]` and every line commented. The notebooks in nbs/ stay the source of truth.
"""
import json, sys

def _md_cell(lines): return dict(cell_type='markdown', metadata={},
                                 source=_join([l[2:] if l.startswith('# ') else l.lstrip('#') for l in lines]))
def _code_cell(lines): return dict(cell_type='code', execution_count=None, metadata={}, outputs=[],
                                   source=_join(lines))
def _join(lines):
    while lines and not lines[-1].strip(): lines = lines[:-1]
    return [l + '\n' for l in lines[:-1]] + lines[-1:]

def to_nb(src, dst):
    "Split `src` on `# %%` markers into cells and write the notebook `dst`."
    cells, kind, buf = [], None, []
    def flush():
        if kind is not None and any(l.strip() for l in buf):
            cells.append((_md_cell if kind == 'md' else _code_cell)(buf))
    for line in open(src, encoding='utf-8').read().split('\n'):
        if line.startswith('# %%'):
            flush(); kind, buf = ('md' if '[markdown]' in line else 'code'), []
        else: buf.append(line)
    flush()
    nb = dict(cells=cells, metadata=dict(kernelspec=dict(display_name='python3', language='python', name='python3')),
              nbformat=4, nbformat_minor=4)
    with open(dst, 'w', encoding='utf-8') as f: json.dump(nb, f, indent=1, ensure_ascii=False); f.write('\n')

def to_py(src, dst):
    "Write notebook `src` as a percent-format script `dst`."
    out = []
    for c in json.load(open(src, encoding='utf-8'))['cells']:
        text = ''.join(c['source'])
        if c['cell_type'] == 'markdown': out += ['# %% [markdown]'] + [('# ' + l).rstrip() for l in text.split('\n')]
        else: out += ['# %%', text]
        out.append('')
    open(dst, 'w', encoding='utf-8').write('\n'.join(out))

if __name__ == '__main__':
    cmd, src, dst = sys.argv[1:4]
    {'to-nb': to_nb, 'to-py': to_py}[cmd](src, dst)
