"""minigrad.utils: data loading (``minigrad.utils.data``), as ``torch.utils``."""
from . import data, checkpoint, tensorboard, dlpack  # noqa: F401
