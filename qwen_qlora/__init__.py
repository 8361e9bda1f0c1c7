__version__ = "0.1.0"
from . import quant as _quant   # first: it filters one bitsandbytes note before bitsandbytes loads (01_quant)
