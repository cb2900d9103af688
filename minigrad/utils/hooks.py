"""``minigrad.utils.hooks``: ``RemovableHandle``, the class of every handle a ``register_*hook``
call returns (tensors, nodes, modules, optimizers), as ``torch.utils.hooks``."""
from ..tensor import RemovableHandle

__all__ = ["RemovableHandle"]
