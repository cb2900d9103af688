"""``torch.nn.modules.linear_cross_entropy_options``: ``LinearCrossEntropyOptions``, as PyTorch's module
holds it (the class lives beside its loss in ``linear_cross_entropy.py``)."""
from .linear_cross_entropy import LinearCrossEntropyOptions  # noqa: F401
