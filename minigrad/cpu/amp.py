"""``minigrad.cpu.amp``: PyTorch's deprecated CPU spellings of ``minigrad.amp``'s names."""
import warnings

from .. import amp as _amp


class GradScaler(_amp.GradScaler):
    """``torch.cpu.amp.GradScaler``: ``amp.GradScaler("cpu", ...)`` with PyTorch's deprecation warning."""

    def __init__(self, init_scale=2.0 ** 16, growth_factor=2.0, backoff_factor=0.5, growth_interval=2000,
                 enabled=True):
        warnings.warn("`torch.cpu.amp.GradScaler(args...)` is deprecated. Please use "
                      "`torch.amp.GradScaler('cpu', args...)` instead.", FutureWarning, stacklevel=2)
        super().__init__("cpu", init_scale, growth_factor, backoff_factor, growth_interval, enabled)


class autocast(_amp.autocast):
    """``torch.cpu.amp.autocast``: ``amp.autocast("cpu", ...)`` with PyTorch's deprecation warning."""

    def __init__(self, enabled=True, dtype=None, cache_enabled=True):
        warnings.warn("`torch.cpu.amp.autocast(args...)` is deprecated. Please use "
                      "`torch.amp.autocast('cpu', args...)` instead.", FutureWarning, stacklevel=2)
        super().__init__("cpu", dtype=dtype, enabled=enabled, cache_enabled=cache_enabled)
