"""Quiet by default: `qwen-qlora --help` prints no warning, and the one bitsandbytes note filtered at import is
the only thing filtered."""
import subprocess, sys

def test_help_prints_no_warning():
    p = subprocess.run([sys.executable, '-m', 'qwen_qlora.cli', '--help'], capture_output=True, text=True, timeout=300)
    assert p.returncode == 0 and 'usage: qwen-qlora' in p.stdout
    assert p.stderr == '', p.stderr

def test_only_the_kernels_note_is_filtered():
    code = ("import logging, qwen_qlora; from qwen_qlora.quant import KERNELS_NOTE\n"
            "log = logging.getLogger('bitsandbytes.backends.cpu.ops')\n"
            "log.warning(KERNELS_NOTE + \": No module named 'kernels'. \"\n"
            "            \"Please make sure you already `pip install kernels`\")\n"
            "log.warning('another bitsandbytes warning')\n"
            "logging.getLogger('transformers.trainer').warning('a transformers warning')")
    p = subprocess.run([sys.executable, '-c', code], capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, p.stderr
    assert 'kernels-community' not in p.stderr
    assert 'another bitsandbytes warning' in p.stderr and 'a transformers warning' in p.stderr
