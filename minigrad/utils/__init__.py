"""minigrad.utils: data loading (``minigrad.utils.data``), as ``torch.utils``."""
from . import data, checkpoint, tensorboard  # noqa: F401
