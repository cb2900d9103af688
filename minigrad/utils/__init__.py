"""minigrad.utils: data loading (``minigrad.utils.data``), as ``torch.utils``."""
from . import data, checkpoint, tensorboard, dlpack, hooks  # noqa: F401
