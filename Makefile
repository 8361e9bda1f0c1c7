# The two commands of the README. Each creates .venv on first use (tools/bootstrap.sh) and installs what it needs.
.PHONY: demo test readme nbs docs browser-test
demo:  ## fine-tune the tiny Qwen3 on the bundled data (CPU, or GPU if there is one)
	@tools/bootstrap.sh
	.venv/bin/qwen-qlora demo

test:  ## every notebook under nbdev_test, then pytest tests/
	@tools/bootstrap.sh dev
	.venv/bin/nbdev_test --n_workers 1
	.venv/bin/python -m pytest -q tests

readme:  ## README.md from nbs/index.ipynb (quarto, which nbdev_readme needs, cannot be installed here)
	@tools/bootstrap.sh dev
	.venv/bin/python tools/make_readme.py

nbs:  ## run every notebook in place, saving outputs (the documentation), then export and clean
	@tools/bootstrap.sh dev
	.venv/bin/python tools/run_nbs.py
	.venv/bin/nbdev_export && .venv/bin/nbdev_clean

docs:  ## the documentation site from the notebooks into _site/ (mkdocs-material + mkdocs-jupyter; quarto cannot be installed here)
	@tools/bootstrap.sh docs
	.venv/bin/python tools/build_docs.py

browser-test:  ## JupyterLab + the docs site in headless Chromium (needs Debian's chromium: apt-get install -y chromium)
	@tools/bootstrap.sh dev
	@tools/bootstrap.sh browser
	QWEN_QLORA_BROWSER=1 .venv/bin/python -m pytest -q -rs tests/test_browser.py
