"""The Tensor conversion methods: ``to`` (PyTorch's three forms), ``cpu``, ``cuda``, ``type``, the
dtype methods (``float``, ``double``, ``long``...) and ``type_as``, built on casts and device
transfer."""
from .. import dtypes as _dt
from .. import creation
from ..cuda import is_available as _cuda_available
from ..device import CPU, device as _device_cls, to_device as _to_device_arg
from ..tensor import Tensor
from ._api import public, method
from .conversion import _check_memory_format, cast
from .device_transfer import to_device
from .layout import _CHANNELS_LAST_DIMS, laid_out, suggests_channels_last


def convert(t, dtype, dev, copy):
    """``t`` on device ``dev`` with ``dtype`` (either None: unchanged); a copy only when needed or asked."""
    out = t
    if dev is not None and dev != t._device:
        out = to_device(out, dev)
    if dtype is not None and dtype.np != out._data.dtype:
        out = cast(out, dtype)
    if copy and out is t:
        out = cast(t, t.dtype)  # (PyTorch's _to_copy: a ToCopyBackward0 node)
    return out


_TO_FORMS = (("device", "dtype", "non_blocking", "copy"), ("dtype", "non_blocking", "copy"),
             ("tensor", "non_blocking", "copy"))
_TO_SIGNATURES = (
    " * (torch.device device = None, torch.dtype dtype = None, bool non_blocking = False, bool copy = False, "
    "*, torch.memory_format memory_format = None)\n"
    " * (torch.dtype dtype, bool non_blocking = False, bool copy = False, *, torch.memory_format memory_format = None)\n"
    " * (Tensor tensor, bool non_blocking = False, bool copy = False, *, torch.memory_format memory_format = None)\n")


#: the dtypes of the 0-d tensors PyTorch's parser makes of a Python number given as a Tensor
_WRAPPED_NUMBERS = {float: _dt.float64, bool: _dt.bool, complex: _dt.complex128}


def _is_dtype(a):
    return isinstance(a, (_dt.dtype, type))


def to(self, *args, **kwargs):
    """Convert dtype and/or device: ``to(device=None, dtype=None, non_blocking=False, copy=False)``,
    ``to(dtype, non_blocking=False, copy=False)`` or ``to(tensor, non_blocking=False, copy=False)``
    (its dtype and device), as PyTorch's three forms; ``memory_format`` is accepted as a keyword."""
    first = args[0] if args else None
    names = _TO_FORMS[2 if isinstance(first, Tensor) else 1 if _is_dtype(first) else 0]
    bound = dict(zip(names, args))
    for name, value in kwargs.items():
        if name in bound or name not in names and name != "memory_format":
            bound = None
            break
        bound[name] = value
    if bound is None or len(args) > len(names) or not _to_arguments_fit(bound):
        if first.__class__ in _WRAPPED_NUMBERS:  # (PyTorch's parser reads a float, bool or complex as a tensor)
            return to(self, creation.tensor(first, dtype=_WRAPPED_NUMBERS[first.__class__]), *args[1:], **kwargs)
        if len(args) > 4:
            raise TypeError(f"to() takes from 0 to 4 positional arguments but {len(args)} were given")
        got = [_type_name(a) for a in args] + [f"{k}={_type_name(v)}" for k, v in kwargs.items()]
        raise TypeError(f"to() received an invalid combination of arguments - got ({', '.join(got)}), but expected "
                        f"one of:\n{_TO_SIGNATURES}")
    dtype, dev = bound.get("dtype"), bound.get("device")
    if "tensor" in bound:
        dtype, dev = bound["tensor"].dtype, bound["tensor"]._device
    out = convert(self, None if dtype is None else _dt.to_dtype(dtype),
                  None if dev is None else _to_device_arg(dev), bound.get("copy", False))
    memory_format = bound.get("memory_format")
    if memory_format is not None:
        _check_memory_format("to", self, memory_format)
        if memory_format._name != "preserve_format" and \
                suggests_channels_last(out._data) != (memory_format._name in _CHANNELS_LAST_DIMS):
            if out is self:
                out = cast(self, self.dtype)  # (PyTorch's _to_copy: a ToCopyBackward0 node)
            out._data = laid_out(out._data, memory_format)  # (a new tensor's own array, saved by no node)
    return out


def _to_arguments_fit(bound):
    """Whether ``to``'s bound arguments have the types its form takes."""
    dev = bound.get("device")
    return (all(bound.get(k, False).__class__ is bool for k in ("non_blocking", "copy"))
            and (bound.get("dtype") is None or _is_dtype(bound["dtype"]))
            and (dev is None or isinstance(dev, (str, _device_cls)) or isinstance(dev, int) and not isinstance(dev, bool)))


def _type_name(a):
    """How PyTorch's argument errors name the type of ``a``."""
    if isinstance(a, Tensor):
        return "Tensor"
    if isinstance(a, _dt.dtype):
        return "torch.dtype"
    if isinstance(a, _device_cls):
        return "torch.device"
    return type(a).__name__


def cpu(self):
    """This tensor on the CPU."""
    return convert(self, None, CPU, False)


def cuda(self, device=None, non_blocking=False):
    """This tensor on a CUDA device."""
    if device is not None and not isinstance(device, (str, int, _device_cls)) or isinstance(device, bool):
        raise TypeError(f"cuda(): argument 'device' (position 1) must be torch.device, not {type(device).__name__}")
    target = _device_cls("cuda") if device is None else _to_device_arg(device)  # (an int: cuda:N)
    if target.type != "cuda":
        raise RuntimeError("Invalid device, must be cuda device")
    return convert(self, None, target, False)


def type_(self, dtype=None, non_blocking=False):
    """The type name (e.g. ``'torch.FloatTensor'``), or a copy converted to ``dtype``."""
    if dtype is None:
        prefix = "torch.cuda." if self._device.type == "cuda" else "torch."
        return prefix + self.dtype._torch_name
    target = None  # a device only for a legacy type ('torch.cuda.FloatTensor' moves to cuda, 'torch.FloatTensor' to cpu)
    if isinstance(dtype, str):  # only a type name, as 'torch.FloatTensor' (PyTorch's ValueError for others)
        on_cuda = dtype.startswith("torch.cuda.")
        if on_cuda and not _cuda_available():  # (PyTorch initializes CUDA before reading the name)
            raise RuntimeError(f"Cannot initialize CUDA for {dtype!r}: no CUDA device is available")
        name = dtype.replace("cuda.", "", 1) if on_cuda else dtype
        if not name.startswith("torch.") or name not in _dt._BY_TYPE_STRING or on_cuda and not name.endswith("Tensor"):
            raise ValueError(f"invalid type: {dtype!r}")
        dtype = _dt._BY_TYPE_STRING[name]
        if name.endswith("Tensor"):
            target = "cuda" if on_cuda else "cpu"
    if hasattr(dtype, "_dtype"):  # a legacy type: x.type(torch.FloatTensor), x.type(torch.cuda.FloatTensor)
        dtype, target = dtype._dtype, dtype._device
    if isinstance(dtype, type):  # a Python type, as float
        raise ValueError(f"invalid type: {dtype.__name__!r}")
    if not isinstance(dtype, _dt.dtype):
        raise TypeError("dtype must be a type, str, or dtype object")
    return to(self, target, dtype)


def _to_dtype_method(name, dtype):
    def convert_to(self, *, memory_format=None):
        if memory_format is not None:
            _check_memory_format(name, self, memory_format)
            return to(self, dtype, memory_format=memory_format)
        return convert(self, dtype, None, False)
    convert_to.__name__ = name
    convert_to.__doc__ = f"This tensor as {dtype.name}."
    return convert_to


for _name, _dtype in (("float", _dt.float32), ("double", _dt.float64), ("half", _dt.float16),
                      ("long", _dt.int64), ("int", _dt.int32), ("short", _dt.int16), ("bool", _dt.bool),
                      ("byte", _dt.uint8), ("char", _dt.int8), ("cfloat", _dt.complex64), ("cdouble", _dt.complex128)):
    method(_name, _to_dtype_method(_name, _dtype))
method("to", to)
method("cpu", cpu)
method("cuda", cuda)
method("type", type_)


@public(function=False)
def type_as(input, other):
    """input converted to other's dtype."""
    if not isinstance(other, Tensor):
        raise TypeError(f"type_as(): argument 'other' (position 1) must be Tensor, not {type(other).__name__}")
    return to(input, other.dtype)
