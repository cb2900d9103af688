"""``torch.nn.modules.module``'s name for ``Module`` (``from torch.nn.modules.module import Module``)."""
from ..module import Module  # noqa: F401
