"""The documentation site from the notebooks, with their saved outputs and pictures: `make docs` (or
`python tools/build_docs.py`). README.md is the home page and each chapter in nbs/ a page. The notebooks are copied
into _build/docs with `#| hide` cells left out and `#|` directive lines removed (as nbdev's site does), then
mkdocs (material theme, mkdocs-jupyter for the notebooks) writes the static site into _site/. Open _site/index.html,
or serve it: `python -m http.server -d _site`."""
import json, os, re, shutil, subprocess, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SRC, SITE = ROOT/'_build'/'docs', ROOT/'_site'

def clean_nb(nb:dict)->dict:
    "The notebook as the site shows it: no hidden cells, no directive lines, no widget state."
    cells = []
    for c in nb['cells']:
        lines = ''.join(c['source']).splitlines(keepends=True)
        if c['cell_type'] == 'code':
            if any(l.strip() in ('#| hide', '#|hide') for l in lines): continue
            if any(l.strip().startswith('#| default_exp') for l in lines) and len(lines) == 1: continue
            lines = [l for l in lines if not l.startswith('#|')]
            if not ''.join(lines).strip(): continue
            c['outputs'] = [
                o for o in c.get('outputs', []) if 'application/vnd.jupyter.widget-view+json' not in o.get('data', {})
            ]
        c['source'] = lines; cells.append(c)
    nb['cells'] = cells; nb['metadata'].pop('widgets', None)
    return nb

def title(nb:dict, default:str)->str:
    for c in nb['cells']:
        m = re.match(r'#\s+(.+)', ''.join(c['source']))
        if c['cell_type'] == 'markdown' and m: return m.group(1).strip()
    return default

def main():
    shutil.rmtree(SRC, ignore_errors=True); SRC.mkdir(parents=True)
    chapters = []
    for p in sorted((ROOT/'nbs').glob('[0-9]*.ipynb')):
        nb = clean_nb(json.loads(p.read_text(encoding='utf-8')))
        (SRC/p.name).write_text(json.dumps(nb, ensure_ascii=False), encoding='utf-8')
        chapters.append((f"{p.stem.split('_')[0]} · {title(nb, p.stem)}", p.name))
    home = (ROOT/'README.md').read_text(encoding='utf-8')
    home = re.sub(r'\]\((?:\.\./)?nbs/([^)]+\.ipynb)\)', r'](\1)', home)          # chapter links point at the pages
    home = re.sub(r'\]\((docs/[^)]+)\)', r'](\1)', home)
    (SRC/'index.md').write_text(home, encoding='utf-8')
    if (ROOT/'docs').is_dir(): shutil.copytree(ROOT/'docs', SRC/'docs', ignore=shutil.ignore_patterns('*.md'))
    cfg = dict(site_name='qwen_qlora', site_description='QLoRA fine-tuning of Qwen3 inside a fixed GPU-memory budget',
               docs_dir=str(SRC), site_dir=str(SITE), use_directory_urls=False,
               theme=dict(name='material', features=['navigation.instant']),
               nav=[{'Home': 'index.md'}] + [{t: f} for t, f in chapters],
               plugins=[{'mkdocs-jupyter': dict(execute=False, include_source=True, ignore_h1_titles=True)}, 'search'],
               markdown_extensions=['tables', 'admonition', {'toc': dict(permalink=True)}])
    (ROOT/'_build'/'mkdocs.yml').write_text(json.dumps(cfg, indent=1), encoding='utf-8')   # JSON is YAML
    subprocess.run([sys.executable, '-m', 'mkdocs', 'build', '--clean', '-q', '-f', str(ROOT/'_build'/'mkdocs.yml')],
                   check=True,
                   env=os.environ | dict(NO_MKDOCS_2_WARNING='1'))
    print(f'site written to {SITE.relative_to(ROOT)}/ ({len(chapters)} chapters); open '
          f'{SITE.relative_to(ROOT)}/index.html')

if __name__ == '__main__': main()
