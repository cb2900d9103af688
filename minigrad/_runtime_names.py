"""Top-level names of PyTorch's runtime that device-agnostic programs reach for: the anomaly and
autocast switches, the ``sym_*`` helpers on plain numbers, ``cond`` and ``while_loop`` run eagerly,
``Stream``/``Event`` for the CPU, the error classes, the build flags and ``get_device_module``."""
import builtins
import math
import sys
import warnings

import numpy as np

from . import accelerator, dtypes, storage
from .amp.autocast_mode import _NOT_SUPPORTED
from .autograd import anomaly_mode
from .device import device as _device
from ._errors import OutOfMemoryError, AcceleratorError  # noqa: F401
from .tensor import Tensor

__all__ = ["set_anomaly_enabled", "get_autocast_dtype", "get_autocast_cpu_dtype", "get_autocast_gpu_dtype",
           "get_autocast_ipu_dtype", "get_autocast_xla_dtype", "set_autocast_dtype", "set_autocast_cpu_dtype",
           "set_autocast_gpu_dtype", "set_autocast_ipu_dtype", "set_autocast_xla_dtype", "set_autocast_enabled",
           "set_autocast_cpu_enabled", "set_autocast_ipu_enabled", "set_autocast_xla_enabled",
           "is_autocast_cpu_enabled", "is_autocast_ipu_enabled", "is_autocast_xla_enabled",
           "is_autocast_cache_enabled", "set_autocast_cache_enabled", "clear_autocast_cache",
           "autocast_increment_nesting", "autocast_decrement_nesting",
           "sym_int", "sym_float", "sym_max", "sym_min", "sym_not", "sym_sqrt", "sym_sum", "sym_ite", "sym_fresh_size",
           "cond", "while_loop", "Stream", "Event", "OutOfMemoryError", "AcceleratorError",
           "has_lapack", "has_mkl", "has_openmp", "has_spectral", "is_storage", "get_device_module"]


def _type_name(value):
    kind = type(value)
    return kind.__name__ if kind.__module__ == "builtins" else f"{kind.__module__}.{kind.__name__}"


def _expect_bool(fn, name, position, value):
    if value.__class__ is not builtins.bool:
        raise TypeError(f"{fn}(): argument '{name}' (position {position}) must be bool, not {_type_name(value)}")


# ------------------------------------------------------------------------------ anomaly
def set_anomaly_enabled(enabled, check_nan=True):
    """Switch anomaly detection on or off (``torch.set_anomaly_enabled``); see ``set_detect_anomaly``."""
    _expect_bool("set_anomaly_enabled", "enabled", 1, enabled)
    _expect_bool("set_anomaly_enabled", "check_nan", 2, check_nan)
    anomaly_mode._set(enabled, check_nan)


# ------------------------------------------------------------------------------ autocast
# minigrad has no mixed-precision casting: autocast can be switched off, never on. The dtypes
# autocast would use are kept per device type as PyTorch keeps them; PyTorch's default on the CPU
# and XLA is bfloat16, which minigrad does not have (None below).
_autocast_dtypes = {"cuda": dtypes.float16, "ipu": dtypes.float16, "cpu": None, "xla": None}
_autocast_state = {"cache": True, "nesting": 0}


def _autocast_device_type(fn, device_type):
    if not isinstance(device_type, str):
        raise TypeError(f"{fn}(): argument 'device_type' (position 1) must be str, not {_type_name(device_type)}")
    return _device(device_type).type


def _autocast_dtype(kind):
    dtype = _autocast_dtypes.get(kind, dtypes.float16)
    if dtype is None:
        raise NotImplementedError(f"get_autocast_dtype: PyTorch's autocast dtype for '{kind}' is bfloat16, which "
                                  f"minigrad does not have; set one with set_autocast_dtype('{kind}', dtype)")
    return dtype


def _set_autocast_dtype(fn, kind, dtype, position):
    if not isinstance(dtype, dtypes.dtype):
        raise TypeError(f"{fn}(): argument 'dtype' (position {position}) must be torch.dtype, not "
                        f"{_type_name(dtype)}")
    _autocast_dtypes[kind] = dtype


def get_autocast_dtype(device_type):
    """The dtype autocast casts to on ``device_type`` (float16 on CUDA unless set otherwise)."""
    return _autocast_dtype(_autocast_device_type("get_autocast_dtype", device_type))


def set_autocast_dtype(device_type, dtype):
    """Set the dtype autocast would cast to on ``device_type``."""
    _set_autocast_dtype("set_autocast_dtype", _autocast_device_type("set_autocast_dtype", device_type), dtype, 2)


def set_autocast_enabled(device_type=None, enabled=None):
    """``set_autocast_enabled([device_type,] enabled)``: switching autocast off is accepted; minigrad
    has no mixed precision, so switching it on raises NotImplementedError (as ``autocast`` does)."""
    if enabled is None:  # the one-argument form
        device_type, enabled = None, device_type
    if device_type is not None:
        _autocast_device_type("set_autocast_enabled", device_type)
    _expect_bool("set_autocast_enabled", "enabled", 1 if device_type is None else 2, enabled)
    if enabled:
        raise NotImplementedError(_NOT_SUPPORTED)


def _deprecated(name, replacement):
    warnings.warn(f"torch.{name} is deprecated. Please use torch.{replacement} instead.", DeprecationWarning,
                  stacklevel=3)


def _deprecated_forms(short, kind):
    """PyTorch's deprecated per-device spellings: get/set_autocast_<short>_dtype,
    is/set_autocast_<short>_enabled."""
    def get_dtype():
        _deprecated(f"get_autocast_{short}_dtype()", f"get_autocast_dtype('{kind}')")
        return _autocast_dtype(kind)

    def set_dtype(dtype):
        _deprecated(f"set_autocast_{short}_dtype(dtype)", f"set_autocast_dtype('{kind}', dtype)")
        _set_autocast_dtype(f"set_autocast_{short}_dtype", kind, dtype, 1)

    def is_enabled():
        _deprecated(f"is_autocast_{short}_enabled()", f"is_autocast_enabled('{kind}')")
        return False

    def set_enabled(enabled):
        _deprecated(f"set_autocast_{short}_enabled(enabled)", f"set_autocast_enabled('{kind}', enabled)")
        if enabled.__class__ is not builtins.bool:
            raise TypeError(f"enabled must be a bool (got {type(enabled).__name__})")
        if enabled:
            raise NotImplementedError(_NOT_SUPPORTED)

    for fn, doc in ((get_dtype, "get_autocast_{}_dtype: get_autocast_dtype('{}')"),
                    (set_dtype, "set_autocast_{}_dtype: set_autocast_dtype('{}', dtype)"),
                    (is_enabled, "is_autocast_{}_enabled: is_autocast_enabled('{}'), always False"),
                    (set_enabled, "set_autocast_{}_enabled: set_autocast_enabled('{}', enabled)")):
        name, _, what = doc.format(short, kind).partition(": ")
        fn.__name__ = fn.__qualname__ = name
        fn.__doc__ = f"``{what}`` (PyTorch's deprecated spelling)."
    return get_dtype, set_dtype, is_enabled, set_enabled


get_autocast_cpu_dtype, set_autocast_cpu_dtype, is_autocast_cpu_enabled, set_autocast_cpu_enabled = \
    _deprecated_forms("cpu", "cpu")
get_autocast_gpu_dtype, set_autocast_gpu_dtype, _, _ = _deprecated_forms("gpu", "cuda")
get_autocast_ipu_dtype, set_autocast_ipu_dtype, is_autocast_ipu_enabled, set_autocast_ipu_enabled = \
    _deprecated_forms("ipu", "ipu")
get_autocast_xla_dtype, set_autocast_xla_dtype, is_autocast_xla_enabled, set_autocast_xla_enabled = \
    _deprecated_forms("xla", "xla")


def is_autocast_cache_enabled():
    """Whether autocast would cache casted weights (on by default)."""
    return _autocast_state["cache"]


def set_autocast_cache_enabled(enabled):
    """Set whether autocast would cache casted weights."""
    if enabled.__class__ is not builtins.bool:
        raise TypeError(f"enabled must be a bool (got {type(enabled).__name__})")
    _autocast_state["cache"] = enabled


def clear_autocast_cache():
    """Nothing is cached: autocast never casts in minigrad."""


def autocast_increment_nesting():
    """One level deeper in autocast regions; returns the new depth."""
    _autocast_state["nesting"] += 1
    return _autocast_state["nesting"]


def autocast_decrement_nesting():
    """One level shallower in autocast regions; returns the new depth."""
    _autocast_state["nesting"] -= 1
    return _autocast_state["nesting"]


# ------------------------------------------------------------------------------ sym_* on plain numbers
_NUMBER_TYPES = (np.integer, np.floating, builtins.int, builtins.float)
_FLOAT_TYPES = (np.floating, builtins.float)


def sym_int(a):
    """``int(a)`` (PyTorch's helper that also takes symbolic sizes)."""
    return builtins.int(a)


def sym_float(a):
    """``float(a)`` (PyTorch's helper that also takes symbolic sizes)."""
    return builtins.float(a)


def _check_numbers(a, b):
    for v in (a, b):
        if not isinstance(v, _NUMBER_TYPES):
            raise AssertionError(f"expected {_NUMBER_TYPES}, got {type(v)}")
    return isinstance(a, _FLOAT_TYPES) or isinstance(b, _FLOAT_TYPES)


def sym_max(a, b):
    """The larger of two numbers, a float when either is one (``sym_max(1, 1.0)`` is ``1.0``)."""
    return builtins.float(builtins.max(a, b)) if _check_numbers(a, b) else builtins.max(a, b)


def sym_min(a, b):
    """The smaller of two numbers, a float when either is one."""
    return builtins.float(builtins.min(a, b)) if _check_numbers(a, b) else builtins.min(a, b)


def sym_not(a):
    """``not a``."""
    return not a


def sym_sqrt(a):
    """``math.sqrt(a)``."""
    return math.sqrt(a)


def sym_sum(*args):
    """The sum of the numbers given as ``sym_sum([a, b, c])`` or ``sym_sum(a, b, c)``."""
    if len(args) == 1 and isinstance(args[0], (list, tuple)):
        args = args[0]
    return builtins.sum(args)


def sym_ite(b, t, f):
    """``t if b else f`` for a bool ``b`` and ``t``, ``f`` of one type."""
    if not isinstance(b, builtins.bool):
        raise AssertionError(f"expected SymBool or bool, got {type(b)}")
    if type(t) is not type(f):
        raise AssertionError(f"type mismatch: {type(t)} vs {type(f)}")
    return t if b else f


def sym_fresh_size(expr):
    """``expr`` as a Python int, through a tensor (as PyTorch's)."""
    from .creation import tensor
    return tensor(expr).item()


# ------------------------------------------------------------------------------ control flow, eagerly
def cond(pred, true_fn, false_fn, operands=()):
    """``true_fn(*operands)`` if ``pred`` (a bool, number or one-element tensor) else ``false_fn(*operands)``,
    run eagerly (PyTorch's ``torch.cond`` outside ``torch.compile``)."""
    if isinstance(pred, Tensor):
        if pred.numel() != 1:
            raise RuntimeError(f"Expected pred to be bool or single-element tensor, but got {pred}.")
    elif not isinstance(pred, (builtins.bool, builtins.int, builtins.float)):
        raise RuntimeError(f"Expected pred to be bool or tensor, but got {pred}.")
    return true_fn(*operands) if pred else false_fn(*operands)


def while_loop(cond_fn, body_fn, carried_inputs):
    """Run ``carried = body_fn(*carried)`` while ``cond_fn(*carried)``, eagerly; the last values
    (``carried_inputs`` as a tuple when the body never runs)."""
    carried = result = tuple(carried_inputs)
    while cond_fn(*carried):
        result = body_fn(*carried)
        carried = result if isinstance(result, (tuple, list)) else (result,)
    return result


# ------------------------------------------------------------------------------ streams and events
def _stream_device(device):
    dev = accelerator.current_accelerator() if device is None else device
    dev = _device("cpu") if dev is None else _device(dev) if not isinstance(dev, _device) else dev
    if dev.type != "cpu":
        raise RuntimeError("minigrad's torch.Stream and torch.Event stand in for the CPU only; use "
                           "minigrad.cuda's streams for CUDA")
    return dev


class Stream:
    """``torch.Stream`` on the CPU: work runs in order, so it is always complete. As PyTorch's CPU
    stream, it records no events (``record_event``, ``wait_stream`` raise RuntimeError)."""

    def __init__(self, device=None, *, priority=0):
        self.device = _stream_device(device)
        self.device_index, self.stream_id, self.device_type = -1, 0, 0

    def query(self):
        """True: everything queued has run."""
        return True

    def synchronize(self):
        """Nothing to wait for."""

    def wait_event(self, event):
        """Nothing to wait for."""

    def record_event(self, event=None):
        """PyTorch's error: the CPU backend has no events."""
        raise RuntimeError("cpu backend doesn't support events.")

    def wait_stream(self, stream):
        """PyTorch's error: the CPU backend has no events."""
        raise RuntimeError("cpu backend doesn't support events.")

    def is_capturing(self):
        """False: no graph capture on the CPU."""
        return False

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return None

    def __eq__(self, other):
        return isinstance(other, Stream) and other.device == self.device

    def __hash__(self):
        return hash((self.device.type, self.stream_id))

    def __repr__(self):
        return f"torch.Stream device_type={self.device.type}, device_index=-1, stream_id=0"


class Event:
    """``torch.Event`` on the CPU: always complete; it cannot be recorded (PyTorch's RuntimeError)."""

    def __init__(self, device=None, *, enable_timing=False, blocking=False, interprocess=False):
        for name, value in (("enable_timing", enable_timing), ("blocking", blocking), ("interprocess", interprocess)):
            if value.__class__ is not builtins.bool:
                raise TypeError(f"Event(): argument '{name}' must be bool, not {_type_name(value)}")
        self.device = _stream_device(device)
        self.event_id = 0

    def query(self):
        """True: the event has completed."""
        return True

    def record(self, stream=None):
        """PyTorch's error: the CPU backend has no events."""
        raise RuntimeError("cpu backend doesn't support events.")

    def synchronize(self):
        """Nothing to wait for."""

    def wait(self, stream=None):
        """Nothing to wait for."""

    def elapsed_time(self, end_event):
        """PyTorch's ValueError: events that were never recorded have no times."""
        raise ValueError("Both events must be recorded before calculating elapsed time.")

    def __repr__(self):
        return f"torch.Event device_type={self.device.type}, device_index=-1, event_flag=0, event_id=0"


# ------------------------------------------------------------------------------ build flags
has_lapack = True     # linear algebra through NumPy's LAPACK
has_spectral = True   # FFTs through NumPy's pocketfft
has_mkl = False
has_openmp = False


def is_storage(obj):
    """True for a storage object (``tensor.untyped_storage()``, ``tensor.storage()``)."""
    return isinstance(obj, (storage.UntypedStorage, storage.TypedStorage))


def get_device_module(device=None):
    """The module of ``device``'s type (``minigrad.cpu``, ``minigrad.cuda``); for None, the current
    accelerator's module, or ``minigrad.cpu`` where there is none."""
    if isinstance(device, _device):
        kind = device.type
    elif isinstance(device, str):
        kind = _device(device).type
    elif device is None:
        current = accelerator.current_accelerator()
        kind = "cpu" if current is None else current.type
    else:
        raise RuntimeError(f"Invalid value of device '{device}', expect torch.device, str, or None")
    return sys.modules[f"{__package__}.{kind}"]
