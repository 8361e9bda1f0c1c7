"""README.md from nbs/index.ipynb without quarto: markdown cells as they are, code cells as python blocks with their
outputs, `#| hide` cells left out and `#|` directive lines removed. Run `make readme` (or
`python tools/make_readme.py`)."""
import json
from pathlib import Path

def cell_md(c)->str:
    src = ''.join(c['source'])
    if c['cell_type'] == 'markdown': return src
    lines = src.splitlines()
    if any(l.strip() in ('#| hide', '#|hide') for l in lines): return ''
    code = '\n'.join(l for l in lines if not l.startswith('#|')).strip()
    out = []
    for o in c.get('outputs', []):
        text = (
            ''.join(o.get('text', ''))
            if o['output_type'] == 'stream' and o.get('name') == 'stdout'
            else ''.join(o.get('data', {}).get('text/plain', ''))
        )
        if text.strip(): out.append(text.rstrip())
    return f'```python\n{code}\n```' + (('\n\n```\n' + '\n'.join(out) + '\n```') if out else '') if code else ''

if __name__ == '__main__':
    root = Path(__file__).resolve().parent.parent
    nb = json.loads((root/'nbs'/'index.ipynb').read_text(encoding='utf-8'))
    parts = [p for p in map(cell_md, nb['cells']) if p.strip()]
    (root/'README.md').write_text('<!-- generated from nbs/index.ipynb by tools/make_readme.py: edit the notebook '
                                  '-->\n\n' + '\n\n'.join(parts) + '\n', encoding='utf-8')
    print('README.md written')
