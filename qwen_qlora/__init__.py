__version__ = "0.1.0"
import os as _os, sys as _sys
from .errors import quiet_bitsandbytes as _quiet_bitsandbytes
_quiet_bitsandbytes()   # first: one bitsandbytes note filtered before bitsandbytes loads (00b_errors)
# the allocator's default before any library starts CUDA, as importing 00_memory sets it, without importing torch here
if 'torch' not in _sys.modules or not _sys.modules['torch'].cuda.is_initialized():
    _os.environ.setdefault('PYTORCH_CUDA_ALLOC_CONF', 'expandable_segments:True')
