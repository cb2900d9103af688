"""Conversions: dtype casts, copies (``clone``, ``contiguous``), reading the same bytes as another
dtype, and the backward-formula words for constants. Device transfer is in ``device_transfer.py``,
the Tensor methods built on these (``to``, ``cpu``, ``cuda``, ``float``, ``type``...) in
``conversion_methods.py``."""
from .. import dtypes as _dt
from .._errors import discard_imaginary
from ..autograd.namespace import provide
from ..autograd.op import Op
from ..tensor import wrap, _view_of
from ._api import public
from .layout import copied, laid_out, preserve_layout, preserved_order


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
