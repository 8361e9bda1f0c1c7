__version__ = "0.1.0"
from .errors import quiet_bitsandbytes as _quiet_bitsandbytes
_quiet_bitsandbytes()   # first: one bitsandbytes note filtered before bitsandbytes loads (00b_errors)
