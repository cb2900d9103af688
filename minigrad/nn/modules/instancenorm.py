"""``torch.nn.modules.instancenorm``: the instance norms, as PyTorch's module holds them (the classes
live with their batch norm and lazy kin: ``batchnorm.py``, ``lazy.py``)."""
from .batchnorm import InstanceNorm1d, InstanceNorm2d, InstanceNorm3d  # noqa: F401
from .lazy import LazyInstanceNorm1d, LazyInstanceNorm2d, LazyInstanceNorm3d  # noqa: F401
