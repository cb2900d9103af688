"""``minigrad.nn.parallel``: PyTorch's data-parallel wrappers for one process. ``DataParallel`` and
``data_parallel`` run the module as it is (minigrad computes on one device; ``data_parallel``
needs a GPU, as PyTorch's does);
``DistributedDataParallel`` needs a process group, which minigrad has none of."""
from .modules.parallel import DataParallel
from .. import cuda

__all__ = ["DataParallel", "DistributedDataParallel", "data_parallel"]


def data_parallel(module, inputs, device_ids=None, output_device=None, dim=0, module_kwargs=None):
    """``module(*inputs, **module_kwargs)`` (PyTorch splits the batch over its GPUs); without a
    GPU, PyTorch's RuntimeError."""
    if not cuda.is_available():
        raise RuntimeError("device type could not be determined")
    inputs = inputs if isinstance(inputs, tuple) else (inputs,)
    return module(*inputs, **(module_kwargs or {}))


class DistributedDataParallel:
    """Distributed training needs ``torch.distributed``'s process group: ValueError, as PyTorch
    raises before ``init_process_group``."""

    def __init__(self, module, *args, **kwargs):
        raise ValueError("Default process group has not been initialized, please make sure to call "
                         "init_process_group.")
