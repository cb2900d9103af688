"""Conversions: dtype casts, copies, device transfer, and the Tensor methods built on them
(``to``, ``cpu``, ``cuda``, ``float``, ``double``, ``type``, ``contiguous``, ``clone``...)."""
from .. import dtypes as _dt
from .. import backends, creation
from .._errors import discard_imaginary
from ..autograd import op as _op_module
from ..autograd.grad_mode import state as _state
from ..autograd.namespace import provide
from ..cuda import is_available as _cuda_available
from ..autograd.op import Op
from ..creation.from_data import copied_tensor
from ..device import CPU, device as _device_cls, to_device as _to_device_arg
from ..tensor import Tensor, wrap, raise_device_mismatch, _view_of
from ._api import public, method
from .layout import _CHANNELS_LAST_DIMS, copied, laid_out, preserve_layout, preserved_order, suggests_channels_last


class Cast(Op):
    """Dtype conversion; the gradient is cast back to the input's dtype (its real part, for a real
    input made complex: PyTorch's gradient of a real input is real)."""

    edge_args = slice(0, 1)  # (the edges of PyTorch's node)

    torch_name = "ToCopyBackward0"
    supports_complex = True

    @staticmethod
    def forward(ctx, x, np_dtype):
        ctx.in_dtype = x.dtype
        ctx.real_input = x.dtype.kind != "c" and np_dtype.kind == "c"
        order = preserved_order(x)
        if np_dtype.kind != "c" and x.dtype.kind == "c":
            x = discard_imaginary(x, np_dtype)
        if np_dtype.itemsize == 2 and x.dtype.itemsize == 8:
            x = x.astype(_dt.float32.np, order=order)  # PyTorch rounds a double to float, then to half
        return preserve_layout(x, x.astype(np_dtype, order=order))

    @staticmethod
    def backward(ctx, m, g):
        return m.cast(m.real(g) if ctx.real_input else g, ctx.in_dtype)


def cast(x, dtype):
    """``x`` converted to minigrad dtype ``dtype`` (differentiable between float and complex dtypes)."""
    if dtype.category < 2:  # integer and bool tensors never require grad
        data = x._data
        out = discard_imaginary(data, dtype.np).astype(dtype.np, order=preserved_order(data))
        return wrap(preserve_layout(data, out), x._device)
    return Cast.apply(x, dtype.np)


def cast_first(op):
    """``op`` on its first argument cast to a dtype passed right after it, as one node named as ``op``'s:
    PyTorch's reductions and scans with ``dtype=`` (``x.sum(dtype=torch.float64)``) record no
    ToCopyBackward0, their own node casts the gradient back. For ops whose backward reads no saved
    value (a cast input is no argument to save); the call is ``op_cast.apply(x, np_dtype, *args)``."""
    def forward(ctx, x, np_dtype, *args):
        return op.forward(ctx, Cast.forward(ctx, x, np_dtype), *args)

    def backward(ctx, m, g):
        return Cast.backward(ctx, m, op.backward(ctx, m, g))

    return type(op)("Cast" + op.op_name, (op,), {"__module__": op.__module__, "__doc__": cast_first.__doc__,
                                                  "op_name": "Cast" + op.op_name, "forward": staticmethod(forward),
                                                  "backward": staticmethod(backward)})


def _cast_word(x, dtype):
    dtype = _dt.as_dtype(dtype)
    return x if x._data.dtype == dtype.np else cast(x, dtype)


provide("cast", _cast_word, lambda xp: lambda x, dtype: x.astype(dtype, copy=False))


class Clone(Op):
    """A copy, row-major (``order`` "C"), laid out as PyTorch's ``preserve_format`` ("preserve") or
    in a channels-last memory format (``order`` that format); the gradient passes unchanged."""

    @staticmethod
    def forward(ctx, x, order="C"):
        return copied(x, order) if order.__class__ is str else laid_out(x, order)

    @staticmethod
    def backward(ctx, m, g):
        return g


def _check_memory_format(fn, input, memory_format):
    """PyTorch's errors for a ``memory_format`` that is not one, or a channels-last one for a
    tensor of another rank (minigrad's arrays keep their own layout otherwise)."""
    if memory_format is None:
        return
    if type(memory_format).__name__ != "memory_format":
        raise TypeError(f"{fn}(): argument 'memory_format' must be torch.memory_format, not "
                        f"{type(memory_format).__name__}")
    rank = {"channels_last": 4, "channels_last_3d": 5}.get(memory_format._name)
    if rank is not None and input.ndim != rank:
        raise RuntimeError(f"required rank {rank} tensor to use {memory_format._name} format")


@public
def clone(input, *, memory_format=None):
    """A copy of input (gradient flows back to input), laid out as PyTorch's ``preserve_format``
    lays it out: as input for a transposed, permuted or channels-last tensor, row-major for a
    broadcast one; row-major or channels last for those ``memory_format``s."""
    if memory_format is not None:
        _check_memory_format("clone", input, memory_format)
        if memory_format._name == "contiguous_format":
            return Clone.apply(input)
        if memory_format._name != "preserve_format":
            return Clone.apply(input, memory_format)
    data = getattr(input, "_data", None)  # (not a Tensor: Op.apply raises PyTorch's TypeError)
    if data is None or data.flags.c_contiguous and 1 not in data.shape:
        return Clone.apply(input)
    return Clone.apply(input, "preserve")


class ToDevice(Op):
    """A copy on another device; the gradient moves back."""

    @staticmethod
    def backward(ctx, m, g):
        return m.to_device(g, ctx.source), None


def to_device(x, dev):
    """``x`` copied to device ``dev`` (differentiable)."""
    src = x._device
    arr = dev._get_backend().asarray(src._get_backend().to_numpy(x._data))
    t = wrap(arr, dev)
    if x._rg and _state.enabled:
        ctx = object.__new__(ToDevice)
        ctx.source = src
        ctx.xp = dev._get_backend().xp
        ctx._record(t, (x, dev), [x._data, dev], arr)
    return t


def _array_to_device(xp):
    def move(g, dev):
        target = dev._get_backend()
        if g.__class__ is target.array_type:
            return g
        source = next(b for b in backends.all_backends().values() if b.xp is xp)
        return target.asarray(source.to_numpy(g))
    return move


provide("to_device", to_device, _array_to_device)


def apply_across_devices(op, args):
    """``op.apply(*args)`` for Tensors on several devices (the slow path of Op.apply).

    As in PyTorch, 0-d CPU tensors act as scalars beside tensors of another
    device: they move there (differentiably). Any other mix raises naming both.
    """
    tensors = [a for a in args if isinstance(a, Tensor)]
    others = [t._device for t in tensors if not (t._data.ndim == 0 and t._device.type == "cpu")]
    if not others or any(d != others[0] for d in others):
        first = tensors[0]._device
        raise_device_mismatch(op.op_name, first, next(t._device for t in tensors if t._device != first))
    target = others[0]
    return op.apply(*[to_device(a, target) if isinstance(a, Tensor) and a._device != target else a
                      for a in args])


_op_module.cross_device_apply = apply_across_devices


# ------------------------------------------------------------------ Tensor conversion methods
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
def contiguous(input, *, memory_format=None):
    """This tensor if contiguous in ``memory_format`` (row-major by default, or channels last), else
    a copy laid out so (gradient flows through)."""
    if memory_format is not None:
        _check_memory_format("contiguous", input, memory_format)
        if memory_format._name != "contiguous_format":
            if input.is_contiguous(memory_format=memory_format):
                return input
            if memory_format._name == "preserve_format":
                raise RuntimeError("preserve memory format is unsupported by the contiguous operator")
            return Clone.apply(input, memory_format)
    if input._data.flags.c_contiguous:
        return input
    return Clone.apply(input)


@public(function=False)
def type_as(input, other):
    """input converted to other's dtype."""
    if not isinstance(other, Tensor):
        raise TypeError(f"type_as(): argument 'other' (position 1) must be Tensor, not {type(other).__name__}")
    return to(input, other.dtype)


def view_as_dtype(input, dtype):
    """The same bytes read as ``dtype`` (a view outside the graph, as PyTorch's view(dtype))."""
    arr, src = input._data, input.dtype
    if dtype.itemsize != src.itemsize:
        what = f"to view {src._torch_name[:-6]} as {dtype._torch_name[:-6]} (different element sizes)"
        if arr.ndim == 0:
            raise RuntimeError(f"self.dim() cannot be 0 {what}")
        if arr.strides[-1] != arr.itemsize and arr.shape[-1] != 1:
            raise RuntimeError(f"self.stride(-1) must be 1 {what}, but got {arr.strides[-1] // arr.itemsize}")
        if dtype.itemsize > src.itemsize and arr.shape[-1] % (dtype.itemsize // src.itemsize):
            raise RuntimeError(f"self.size(-1) must be divisible by {dtype.itemsize // src.itemsize} {what}, "
                               f"but got {arr.shape[-1]}")
    return _view_of(input, arr.view(dtype.np))


# ------------------------------------------------------------------ backward-formula words for constants
provide("const", lambda array, like: wrap(array, like._device))  # an array a formula built, beside ``like``
provide("zeros_like", lambda t: wrap(t._device._get_backend().xp.zeros_like(t._data), t._device))
provide("op", lambda op, *args: op.apply(*args))
provide("scalar", lambda value, like: value)  # a Python number in a formula (arrays: a cached 0-d array)  # a helper Op: its forward on arrays, recorded on Tensors


# ------------------------------------------------------------------ new tensors like this one
def _sized_factory(name):
    """``new_zeros``/``new_ones``/``new_empty``: the size as ints, a sequence or ``size=``."""
    make = getattr(creation, name[4:])

    def factory(self, *args, size=None, dtype=None, device=None, requires_grad=False, layout=None,
                pin_memory=False):
        if args and size is not None:
            raise TypeError(f"{name}() got multiple values for argument 'size'")
        if not args and size is None:
            raise TypeError(f'{name}() missing 1 required positional arguments: "size"')
        return make(*(args or (size,)), dtype=self.dtype if dtype is None else dtype,
                    device=self._device if device is None else device, requires_grad=requires_grad,
                    pin_memory=pin_memory)
    factory.__name__ = name
    factory.__doc__ = f"torch.{name[4:]} with this tensor's dtype and device by default."
    return factory


for _name in ("new_zeros", "new_ones", "new_empty"):
    method(_name, _sized_factory(_name))


def new_tensor(self, data, *, dtype=None, device=None, requires_grad=False, layout=None, pin_memory=False):
    """torch.tensor with this tensor's dtype and device by default."""
    return copied_tensor(data, self.dtype if dtype is None else dtype, self._device if device is None else device,
                         requires_grad, "tensor.new_tensor")


def new_full(self, size, fill_value, *, dtype=None, device=None, requires_grad=False, layout=None,
             pin_memory=False):
    """torch.full with this tensor's dtype and device by default."""
    return creation.full(size, fill_value, dtype=self.dtype if dtype is None else dtype,
                         device=self._device if device is None else device, requires_grad=requires_grad,
                         pin_memory=pin_memory)


method("new_tensor", new_tensor)
method("new_full", new_full)


def new_empty_strided(self, size, stride, *, dtype=None, layout=None, device=None, requires_grad=False,
                      pin_memory=False):
    """torch.empty_strided with this tensor's dtype and device by default."""
    return creation.empty_strided(size, stride, dtype=self.dtype if dtype is None else dtype,
                                  device=self._device if device is None else device, requires_grad=requires_grad,
                                  pin_memory=pin_memory)


method("new_empty_strided", new_empty_strided)


@public("real", method=False)
def real(input):
    """The real part: ``input`` itself (minigrad's tensors are real)."""
    if not isinstance(input, Tensor):
        raise TypeError(f"real(): argument 'input' (position 1) must be Tensor, not {type(input).__name__}")
    return input


method("real", property(real))
