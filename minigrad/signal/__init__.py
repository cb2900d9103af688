"""``minigrad.signal``: window functions (``minigrad.signal.windows``), as ``torch.signal``."""
from . import windows  # noqa: F401
