"""``autocast`` and the custom-Function decorators that go with it."""
import functools
import warnings

from .. import cuda
from ..device import device

_NOT_SUPPORTED = ("autocast: minigrad has no mixed-precision casting (no bfloat16, and no per-op cast "
                  "policy); run in float32, or pass enabled=False")


def is_autocast_available(device_type):
    """Whether autocast can be enabled on ``device_type``: never in minigrad."""
    _check_device_type(device_type)
    return False


def is_autocast_enabled(device_type=None):
    """Whether autocast is on (for ``device_type``): never in minigrad."""
    if device_type is not None:
        device(device_type)
    return False


def _check_device_type(device_type):
    if not isinstance(device_type, str):
        raise ValueError(f"Expected `device_type` of type `str`, got: `{type(device_type)}`")
    device(device_type)  # PyTorch's RuntimeError for an unknown device type


class autocast:
    """``torch.autocast(device_type, dtype=None, enabled=True, cache_enabled=None)``: a context
    manager (and decorator) that does nothing when disabled. As in PyTorch, asking for CUDA where
    there is none disables it with a warning; enabling it anywhere else raises NotImplementedError."""

    def __init__(self, device_type, dtype=None, enabled=True, cache_enabled=None):
        _check_device_type(device_type)
        self.device = device_type
        self.fast_dtype = dtype
        if enabled and device_type == "cuda" and not cuda.is_available():
            warnings.warn("CUDA is not available or torch_xla is imported. Disabling autocast.", stacklevel=2)
            enabled = False
        if enabled:
            raise NotImplementedError(_NOT_SUPPORTED)
        self._enabled = False

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc_value, traceback):
        return False

    def __call__(self, func):
        @functools.wraps(func)
        def decorated(*args, **kwargs):
            with self:
                return func(*args, **kwargs)
        return decorated


def custom_fwd(fwd=None, *, device_type, cast_inputs=None):
    """Decorator for a custom Function's ``forward`` (``torch.amp.custom_fwd``): with autocast
    never enabled, the forward runs with its arguments as given."""
    _check_device_type(device_type)
    if fwd is None:
        return functools.partial(custom_fwd, device_type=device_type, cast_inputs=cast_inputs)
    return fwd


def custom_bwd(bwd=None, *, device_type):
    """Decorator for a custom Function's ``backward`` (``torch.amp.custom_bwd``): runs it as given."""
    _check_device_type(device_type)
    if bwd is None:
        return functools.partial(custom_bwd, device_type=device_type)
    return bwd
