"""The live panel in a real browser: JupyterLab runs a notebook that trains the demo with the panel on, headless
Chromium (Debian's package, driven by Playwright) checks that the panel holds a picture that changes as training goes,
that the saved notebook keeps the last picture as image/png with no widget state, and that the docs site opens.
Screenshots go to docs/. Skipped unless QWEN_QLORA_BROWSER=1 and chromium, playwright and jupyterlab are installed:
run it with `make browser-test`."""
import importlib.util, json, os, secrets, shutil, socket, subprocess, sys, time, urllib.request
from pathlib import Path
import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which('chromium') or '/usr/bin/chromium'
FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
         '--disable-component-update',
         '--disable-sync', '--no-first-run']
pytestmark = [pytest.mark.browser, pytest.mark.skipif(
    os.environ.get('QWEN_QLORA_BROWSER') != '1' or not Path(CHROMIUM).exists()
    or not all(importlib.util.find_spec(m) for m in ('playwright', 'jupyterlab', 'mkdocs_jupyter')),
    reason='browser test: set QWEN_QLORA_BROWSER=1 and install chromium and the browser extra (make browser-test)')]

TRAIN = ("from qwen_qlora.train import train, demo_config\n"
         "r = train(demo_config(output_dir='run', max_steps=16, grad_accum=1, logging_steps=2, eval_before=False, "
         "prompt=None))")

RUNNING = "() => [...document.querySelectorAll('.jp-Cell .jp-InputPrompt')].some(e => e.textContent.includes('*'))"

def _port():
    with socket.socket() as s: s.bind(('127.0.0.1', 0)); return s.getsockname()[1]

def _wait_http(url, timeout=120):
    t = time.time()
    while time.time() - t < timeout:
        try: urllib.request.urlopen(url, timeout=5); return
        except Exception: time.sleep(0.5)
    raise TimeoutError(url)

@pytest.fixture
def lab(tmp_path):
    nb = dict(cells=[dict(cell_type='code', execution_count=None, metadata={}, outputs=[], source=TRAIN)], nbformat=4,
              nbformat_minor=5,
              metadata=dict(kernelspec=dict(name='python3', display_name='Python 3', language='python')))
    (tmp_path/'panel.ipynb').write_text(json.dumps(nb))
    port, token = _port(), secrets.token_hex(8)
    news = tmp_path/'.lab'/'settings'/'@jupyterlab'/'apputils-extension'/'notification.jupyterlab-settings'
    news.parent.mkdir(parents=True); news.write_text('{"fetchNews": "false"}')   # no offer of news over the page
    env = os.environ | dict(PYTHONPATH=str(ROOT), JUPYTER_CONFIG_DIR=str(tmp_path/'.jupyter'),
                            JUPYTER_RUNTIME_DIR=str(tmp_path/'.rt'),
                            JUPYTERLAB_SETTINGS_DIR=str(tmp_path/'.lab'/'settings'),
                            JUPYTERLAB_WORKSPACES_DIR=str(tmp_path/'.lab'/'ws'))
    p = subprocess.Popen([sys.executable, '-m', 'jupyterlab', '--no-browser', f'--port={port}',
                          f'--IdentityProvider.token={token}',
                          f'--ServerApp.root_dir={tmp_path}', '--ServerApp.open_browser=False', '--allow-root'],
                         env=env, cwd=tmp_path,
                         stdout=subprocess.DEVNULL, stderr=open(tmp_path/'lab.log', 'w'))
    try:
        _wait_http(f'http://127.0.0.1:{port}/api/status?token={token}')
        yield f'http://127.0.0.1:{port}', token, tmp_path
    finally: p.terminate(); p.wait(30)

@pytest.fixture
def browser():
    from playwright.sync_api import sync_playwright
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try: yield b
        finally: b.close()

def test_panel_draws_and_changes_in_jupyterlab(lab, browser):
    url, token, folder = lab
    page = browser.new_page(viewport=dict(width=1280, height=900))
    page.goto(f'{url}/lab/tree/panel.ipynb?token={token}')
    page.wait_for_selector('.jp-Notebook .jp-Cell .cm-content', timeout=120_000)
    page.wait_for_selector('.jp-Notebook-ExecutionIndicator[data-status="idle"]', timeout=120_000)   # the kernel is up
    for attempt in range(3):   # run the cell; a keypress can be lost while the page is still settling
        page.click('.jp-Notebook .jp-Cell .cm-content'); page.keyboard.press('Shift+Enter')
        try: page.wait_for_function(RUNNING, timeout=60_000); break
        except Exception: page.screenshot(path=str(folder/f'not-running-{attempt}.png'))
    else: raise AssertionError('JupyterLab did not run the cell')
    panel = page.wait_for_selector('img.qwen-qlora-memory-panel', state='visible', timeout=300_000)
    page.wait_for_function("() => { const i = document.querySelector('img.qwen-qlora-memory-panel'); "
                           "return i && i.naturalWidth > 0 }",
                           timeout=120_000)
    first = panel.screenshot(); page.screenshot(path=str(ROOT/'docs'/'panel_jupyterlab_early.png'))
    t = time.time()
    while not ((folder/'run'/'log.jsonl').exists() and len((folder/'run'/'log.jsonl').read_text().splitlines()) >= 3):
        assert time.time() - t < 600, 'training did not reach step 4'; time.sleep(1)   # some optimizer steps done
    src0 = panel.get_attribute('src')
    page.wait_for_function("s => { const i = document.querySelector('img.qwen-qlora-memory-panel'); "
                           "return i && i.src !== s }", arg=src0,
                           timeout=300_000)      # the widget got new PNG bytes
    time.sleep(1); second = panel.screenshot(); page.screenshot(path=str(ROOT/'docs'/'panel_jupyterlab_later.png'))
    assert first != second                       # the picture changed as training went on
    # run over: the static picture
    page.wait_for_selector('.jp-OutputArea-output img[src^="data:image/png"]', timeout=600_000)
    # in the widget's place
    assert page.query_selector('img.qwen-qlora-memory-panel') is None
    page.screenshot(path=str(ROOT/'docs'/'panel_jupyterlab_done.png'), full_page=True)
    page.keyboard.press('Control+s'); time.sleep(3)
    saved = json.loads((folder/'panel.ipynb').read_text())
    outs = [o for c in saved['cells'] for o in c.get('outputs', [])]
    first = [o for o in outs if o['output_type'] == 'display_data'][0]   # the panel's place, displayed first
    assert 'image/png' in first['data'] and 'application/vnd.jupyter.widget-view+json' not in first['data'], first[
        'data'
    ].keys()
    # no widget state saved (the other widgets are the libraries' progress bars)
    assert 'widgets' not in saved['metadata']
    assert (folder/'run'/'log.jsonl').exists() and (folder/'run'/'loss.png').exists()

def test_docs_site_opens(browser, tmp_path):
    subprocess.run([sys.executable, str(ROOT/'tools'/'build_docs.py')], check=True, cwd=ROOT)
    port = _port()
    srv = subprocess.Popen([sys.executable, '-m', 'http.server', str(port), '-d', str(ROOT/'_site'), '--bind',
                            '127.0.0.1'],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_http(f'http://127.0.0.1:{port}/index.html')
        page = browser.new_page(viewport=dict(width=1280, height=900))
        page.goto(f'http://127.0.0.1:{port}/index.html')
        assert 'qwen_qlora' in page.title() and page.query_selector('h1') is not None
        page.screenshot(path=str(ROOT/'docs'/'site_home.png'))
        page.goto(f'http://127.0.0.1:{port}/00_memory.html')
        page.wait_for_selector('img[src^="data:image/png"]', timeout=60_000)   # the chapter's pictures are on its page
        page.locator('img[src^="data:image/png"]').first.scroll_into_view_if_needed()
        page.screenshot(path=str(ROOT/'docs'/'site_memory_chapter.png'))
        assert page.locator('text=The live panel').count() > 0
    finally: srv.terminate(); srv.wait(30)
