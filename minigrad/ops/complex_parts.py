"""The parts of complex tensors and the complex tensors made of parts: ``real`` and ``imag`` (views,
as properties too), ``view_as_real`` and ``view_as_complex``, ``complex`` and ``polar``, and the word
``m.real``. The gradient convention is described in ``complex.py``.
"""
from .. import dtypes as _dt
from ..autograd.namespace import provide
from .._array_layout import _address
from ..autograd.op import Op
from ._api import public, method
from ._util import expect_tensor
from .pieces import select


class Imag(Op):
    """The imaginary part, a view; the gradient is i times the (real) gradient."""

    torch_name = "SelectBackward0"
    supports_complex = True
    is_view = True

    def view_fn(ctx, out_shape):
        return _imag_part

    @staticmethod
    def forward(ctx, z):
        return z.imag

    @staticmethod
    def backward(ctx, m, g):
        return m.op(Complex, m.zeros_like(g), g)


def _imag_part(a, m):
    return m.op(Imag, a)


class Complex(Op):
    """real + i imag from two real tensors of one floating dtype; their gradients are the real and
    imaginary parts of the gradient."""

    broadcasting = True
    pointwise = True
    supports_complex = True

    @staticmethod
    def forward(ctx, re, im):
        shape = ctx.xp.broadcast_arrays(re, im)[0].shape
        out = ctx.xp.empty(shape, _dt.complex_of(_dt._BY_NP[re.dtype]).np)
        out.real[...] = re  # (through the parts' views: CuPy's and NumPy's alike)
        out.imag[...] = im
        return out

    @staticmethod
    def backward(ctx, m, g):
        nr, ni = ctx.needs_input_grad
        sr, si = ctx.shapes
        return (m.sum_to(m.real(g), sr) if nr else None), (m.sum_to(m.op(Imag, g), si) if ni else None)


class Polar(Op):
    """abs * exp(i angle); with c = conj(grad), PyTorch's gradients grad abs = Re(c sgn(out)) (0 where
    abs is 0, and of the opposite sign where it is negative) and grad angle = Re(c i out)."""

    broadcasting = True
    pointwise = True
    saves_output = True
    supports_complex = True

    @staticmethod
    def forward(ctx, r, theta):
        return Complex.forward(ctx, r * ctx.xp.cos(theta), r * ctx.xp.sin(theta))

    @staticmethod
    def backward(ctx, m, g, r, theta, out):
        nr, nt = ctx.needs_input_grad
        sr, st = ctx.shapes
        c = m.conj(g)
        gr = m.sum_to(m.real(c * _unit(m, out)), sr) if nr else None
        gt = m.sum_to(-m.op(Imag, c * out), st) if nt else None  # Re(i w) = -Im(w)
        return gr, gt


def _unit(m, z):
    """z / |z|, 0 where z is 0 (PyTorch's sgn of a complex tensor)."""
    size = m.abs(z)
    return z / m.where(size == 0, m.zeros_like(size) + 1, size)


class ViewAsReal(Op):
    """A complex tensor as real pairs along a new last dim of size 2, a view of its memory."""

    supports_complex = True
    is_view = True

    def view_fn(ctx, out_shape):
        return _as_real

    @staticmethod
    def forward(ctx, z):
        return z[..., None].view(z.real.dtype)  # (a last dim of one complex number read as its two parts)

    @staticmethod
    def backward(ctx, m, g):
        return m.op(ViewAsComplex, g)


class ViewAsComplex(Op):
    """Real pairs along the last dim (of size 2) as a complex tensor, a view of their memory where
    the layout allows it (``view_as_complex`` checks it does; a gradient may be copied first)."""

    supports_complex = True
    is_view = True

    def view_fn(ctx, out_shape):
        return _as_complex

    @staticmethod
    def forward(ctx, x):
        pair = 2 * x.itemsize
        if (x.strides[-1] != x.itemsize or _address(x) % pair
                or any(s % pair for s, n in zip(x.strides[:-1], x.shape) if n != 1)):
            x = ctx.xp.ascontiguousarray(x)
            ctx.is_view = False
        return x.view(_dt.complex_of(_dt._BY_NP[x.dtype]).np)[..., 0]

    @staticmethod
    def backward(ctx, m, g):
        return m.op(ViewAsReal, g)


def _as_real(a, m):
    return m.op(ViewAsReal, a)


def _as_complex(a, m):
    return m.op(ViewAsComplex, a)


# The word m.real: identity on real arrays and Tensors (no copy, no node), and on Python numbers (a
# scalar operand of mul or div) their own real part.
def _real_array(z):
    if z.__class__ is float or z.__class__ is int:
        return z
    try:
        return z.real if z.dtype.kind == "c" else z
    except AttributeError:
        return z.real


def _real_tensor(z):
    return _part(z, 0) if z._data.dtype.kind == "c" else z


def _part(z, i):
    """The real (``i`` 0) or imaginary (1) part of complex ``z``, as PyTorch takes it: a select of the
    view as real pairs (its graph: SelectBackward0 over ViewAsRealBackward0)."""
    return select(ViewAsReal.apply(z), -1, i)


provide("real", _real_tensor, lambda xp: _real_array)


# ------------------------------------------------------------------ public functions
@public(method=False)
def real(input):
    """The real part of a complex tensor, a view of its memory (a real tensor is returned as it is)."""
    expect_tensor("real", input)
    return _real_tensor(input)


@public(method=False)
def imag(input):
    """The imaginary part of a complex tensor, a view of its memory (RuntimeError for a real one, as PyTorch)."""
    expect_tensor("imag", input)
    if input._data.dtype.kind != "c":
        raise RuntimeError("imag is not implemented for tensors with non-complex dtypes.")
    return _part(input, 1)


@public
def view_as_real(input):
    """A complex tensor as a real one viewing its memory, with a last dim of size 2 holding (real, imag)."""
    expect_tensor("view_as_real", input)
    if input._data.dtype.kind != "c":
        raise RuntimeError("view_as_real is only supported for complex tensors")
    return ViewAsReal.apply(input)


@public
def view_as_complex(input):
    """A real tensor whose last dim holds (real, imag) pairs as a complex tensor viewing its memory (the
    last dim of stride 1, the other strides and the storage offset even)."""
    expect_tensor("view_as_complex", input)
    if input._data.dtype.kind != "f":
        raise RuntimeError("view_as_complex is only supported for half, float and double tensors, but got a "
                           f"tensor of scalar type: {_scalar_type(input.dtype)}")
    if input.ndim == 0:
        raise RuntimeError("Input tensor must have one or more dimensions")
    if input.shape[-1] != 2:
        raise RuntimeError("Tensor must have a last dimension of size 2")
    strides = input.stride()
    if strides[-1] != 1:
        raise RuntimeError("Tensor must have a last dimension with stride 1")
    if any(s % 2 for s, n in zip(strides[:-1], input.shape) if n != 1):
        raise RuntimeError("Tensor must have a stride divisible by 2 for all but last dimension")
    if input.storage_offset() % 2:
        raise RuntimeError("Tensor must have a storage_offset divisible by 2")
    _dt.complex_of(input.dtype)  # (float16: complex32 is not supported)
    return ViewAsComplex.apply(input)


def _scalar_type(d):
    return {"float32": "Float", "float64": "Double", "float16": "Half", "int64": "Long", "int32": "Int",
            "int16": "Short", "int8": "Char", "uint8": "Byte", "bool": "Bool", "complex64": "ComplexFloat",
            "complex128": "ComplexDouble"}.get(d.name, d.name)


def _check_parts(name, a, b):
    expect_tensor(name, a, "abs" if name == "polar" else "real", 1)
    expect_tensor(name, b, "angle" if name == "polar" else "imag", 2)
    if a._data.dtype.kind != "f" or b._data.dtype.kind != "f":
        raise RuntimeError(f"Expected both inputs to be Half, Float or Double tensors but got "
                           f"{_scalar_type(a.dtype)} and {_scalar_type(b.dtype)}")
    if a.dtype is not b.dtype:
        raise RuntimeError(f"Expected object of scalar type {_scalar_type(a.dtype)} but got scalar type "
                           f"{_scalar_type(b.dtype)} for second argument")
    _dt.complex_of(a.dtype)


@public(method=False)
def complex(real, imag):
    """The complex tensor real + i imag from two real tensors of one floating dtype (broadcast)."""
    _check_parts("complex", real, imag)
    return Complex.apply(real, imag)


@public(method=False)
def polar(abs, angle):
    """The complex tensor abs * (cos(angle) + i sin(angle)) from two real tensors of one floating dtype."""
    _check_parts("polar", abs, angle)
    return Polar.apply(abs, angle)


def _set_real(self, value):
    real(self).copy_(value)


def _set_imag(self, value):
    imag(self).copy_(value)


method("real", property(real, _set_real, doc="The real part (a view; assigning to it writes the tensor's real part)."))
method("imag", property(imag, _set_imag, doc="The imaginary part (a view; complex tensors only)."))
