"""``minigrad.utils.hooks``: ``RemovableHandle``, the class of every handle a ``register_*hook``
call returns (tensors, nodes, modules, optimizers), as ``torch.utils.hooks``."""
from .._removable_handle import RemovableHandle

__all__ = ["RemovableHandle"]
