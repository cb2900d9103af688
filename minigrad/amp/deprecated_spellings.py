"""PyTorch's deprecated per-device spellings of ``minigrad.amp``'s classes (``torch.cuda.amp.GradScaler``,
``torch.cpu.amp.autocast``...): the same classes for one device, each warning as PyTorch's does."""
import warnings

from .autocast_mode import autocast as _autocast
from .grad_scaler import GradScaler as _GradScaler


def deprecated_classes(device):
    """``(GradScaler, autocast)`` as ``torch.<device>.amp`` has them: ``amp.GradScaler(device, ...)``
    and ``amp.autocast(device, ...)`` with PyTorch's FutureWarning naming the new spelling."""

    class GradScaler(_GradScaler):
        __doc__ = f"``torch.{device}.amp.GradScaler``: ``amp.GradScaler({device!r}, ...)``, deprecated."

        def __init__(self, init_scale=2.0 ** 16, growth_factor=2.0, backoff_factor=0.5, growth_interval=2000,
                     enabled=True):
            warnings.warn(f"`torch.{device}.amp.GradScaler(args...)` is deprecated. Please use "
                          f"`torch.amp.GradScaler('{device}', args...)` instead.", FutureWarning, stacklevel=2)
            super().__init__(device, init_scale, growth_factor, backoff_factor, growth_interval, enabled)

    class autocast(_autocast):
        __doc__ = f"``torch.{device}.amp.autocast``: ``amp.autocast({device!r}, ...)``, deprecated."

        def __init__(self, enabled=True, dtype=None, cache_enabled=True):
            warnings.warn(f"`torch.{device}.amp.autocast(args...)` is deprecated. Please use "
                          f"`torch.amp.autocast('{device}', args...)` instead.", FutureWarning, stacklevel=2)
            super().__init__(device, dtype=dtype, enabled=enabled, cache_enabled=cache_enabled)

    for cls in (GradScaler, autocast):
        cls.__module__, cls.__qualname__ = f"minigrad.{device}.amp", cls.__name__
    return GradScaler, autocast
