"""Discrete Fourier transforms (``minigrad.fft``): complex to complex, real to complex (one-sided)
and complex to real, over any dims, with PyTorch's ``n``/``s``, ``dim`` and ``norm``.

Every transform is linear, so its gradient is its adjoint applied to the output's gradient (ops/
complex.py gives the convention): the adjoint of a transform is the opposite transform with the
dual norm (the unscaled "backward" forward transform's adjoint is the unscaled inverse, "forward";
"ortho" is its own dual), preceded or followed by the adjoint of the cropping or zero-padding to
``s`` (``Resize``: the other way round). A real input's gradient is the real part of that. The
one-sided transforms add: rfft keeps the first n//2 + 1 outputs, whose adjoint pads the gradient
with zeros; irfft reads each of entries 1 .. n - n//2 - 1 twice (as itself and as its mirrored
conjugate), so their gradients are doubled, as in PyTorch's formula.

Forward runs ``xp.fft`` (NumPy's or CuPy's, which keep float32 data in complex64).
"""
from .. import dtypes as _dt
from ..autograd.node import Op
from ..tensor import wrap, _wrap_dim
from ._util import expect_tensor
from .conversion import cast
from .complex import conj, _scalar_type
from .rearrange import roll

_DUAL = {"backward": "forward", "forward": "backward", "ortho": "ortho"}


class Resize(Op):
    """``x`` cropped or zero-padded at the end of ``axes`` to ``sizes``; the adjoint resizes back."""

    torch_name = "ConstantPadNdBackward0"
    supports_complex = True

    @staticmethod
    def forward(ctx, x, axes, sizes):
        ctx.axes, ctx.in_sizes = axes, tuple(x.shape[a] for a in axes)
        crop = [slice(None)] * x.ndim
        pad = [(0, 0)] * x.ndim
        for a, n in zip(axes, sizes):
            crop[a] = slice(0, min(n, x.shape[a]))
            pad[a] = (0, max(n - x.shape[a], 0))
        x = x[tuple(crop)]
        return ctx.xp.pad(x, pad) if any(p[1] for p in pad) else x.copy()

    @staticmethod
    def backward(ctx, m, g):
        return m.op(Resize, g, ctx.axes, ctx.in_sizes)


def _resized(m, x, axes, sizes):
    """``x`` resized to ``sizes`` along ``axes`` (itself where nothing changes)."""
    if all(x.shape[a] == n for a, n in zip(axes, sizes)):
        return x
    return m.op(Resize, x, axes, sizes)


class FftC2C(Op):
    """The complex transform over ``axes`` at sizes ``s`` (``inverse``: the inverse transform)."""

    supports_complex = True

    @staticmethod
    def forward(ctx, z, s, axes, norm, inverse):
        ctx.args_ = (s, axes, norm, inverse)
        ctx.in_sizes = tuple(z.shape[a] for a in axes)
        transform = ctx.xp.fft.ifftn if inverse else ctx.xp.fft.fftn
        return transform(z, s=s, axes=axes, norm=norm)

    @staticmethod
    def backward(ctx, m, g):
        s, axes, norm, inverse = ctx.args_
        return _resized(m, m.op(FftC2C, g, s, axes, _DUAL[norm], not inverse), axes, ctx.in_sizes)


class FftR2C(Op):
    """The transform of a real tensor over ``axes`` at sizes ``s``: the first s[-1]//2 + 1 outputs
    along the last axis (``onesided``, rfft) or all of them (fft of a real tensor)."""

    supports_complex = True

    @staticmethod
    def forward(ctx, x, s, axes, norm, onesided):
        ctx.args_ = (s, axes, norm, onesided)
        ctx.in_sizes = tuple(x.shape[a] for a in axes)
        if onesided:
            return ctx.xp.fft.rfftn(x, s=s, axes=axes, norm=norm)
        return ctx.xp.fft.fftn(x, s=s, axes=axes, norm=norm)

    @staticmethod
    def backward(ctx, m, g):
        s, axes, norm, onesided = ctx.args_
        if onesided:
            g = m.op(Resize, g, axes[-1:], s[-1:])  # the outputs rfft leaves out: zero gradients
        return _resized(m, m.real(m.op(FftC2C, g, s, axes, _DUAL[norm], True)), axes, ctx.in_sizes)


class FftC2R(Op):
    """The real inverse transform of a one-sided spectrum over ``axes``, of sizes ``s``."""

    supports_complex = True

    @staticmethod
    def forward(ctx, z, s, axes, norm):
        ctx.args_ = (s, axes, norm)
        ctx.in_sizes = tuple(z.shape[a] for a in axes)
        n = s[-1]
        half = n // 2 + 1
        shape = [1] * z.ndim
        shape[axes[-1]] = half
        weights = ctx.xp.ones(half, _dt.real_of(_dt._BY_NP[z.dtype]).np)
        weights[1:n - half + 1] = 2  # the entries read twice (as themselves and mirrored)
        ctx.weights = weights.reshape(shape)
        return ctx.xp.fft.irfftn(z, s=s, axes=axes, norm=norm)

    @staticmethod
    def backward(ctx, m, g):
        s, axes, norm = ctx.args_
        spectrum = m.op(FftR2C, g, s, axes, _DUAL[norm], True) * m.const(ctx.weights, g)
        return _resized(m, spectrum, axes, ctx.in_sizes)


# ------------------------------------------------------------------ argument handling
def _norm(norm):
    if norm is None:
        return "backward"
    if norm not in _DUAL:
        raise RuntimeError(f'Invalid normalization mode: "{norm}"')
    return norm


def _dims(name, x, s, dim, default_all):
    """The dims (wrapped, unique) and sizes (-1 or None: the input's) of an n-dimensional transform."""
    ndim = x.ndim
    if dim is not None:
        dims = [dim] if isinstance(dim, int) else list(dim)
        dims = [_wrap_dim(d, ndim) for d in dims]
        if s is not None and len(s) != len(dims):
            raise RuntimeError("When given, dim and shape arguments must have the same length")
    elif s is not None:
        if len(s) > ndim:
            raise RuntimeError(f"Got shape with {len(s)} values but input tensor only has {ndim} dimensions.")
        dims = list(range(ndim - len(s), ndim))
    else:
        dims = list(range(ndim)) if default_all else [_wrap_dim(d, ndim) for d in (-2, -1)]
    if len(set(dims)) != len(dims):
        raise RuntimeError("FFT dims must be unique")
    sizes = [x.shape[d] if s is None or s[i] is None or s[i] == -1 else s[i] for i, d in enumerate(dims)]
    for n in sizes:
        if n < 1:
            raise RuntimeError(f"Invalid number of data points ({n}) specified")
    return tuple(dims), sizes


def _one_dim(x, n, dim):
    d = _wrap_dim(dim, x.ndim)
    return (d,), [x.shape[d] if n is None else n]


def _floating_input(name, x):
    """``x`` in a dtype a transform takes: integers and bools become the default float dtype."""
    expect_tensor(name, x)
    kind = x._data.dtype.kind
    if kind in "biu":
        return cast(x, _dt.get_default_dtype())
    if x._data.dtype.itemsize == 2:
        raise RuntimeError("Unsupported dtype Half")
    return x


def _complex_input(name, x):
    x = _floating_input(name, x)
    return x if x._data.dtype.kind == "c" else cast(x, _dt.complex_of(x.dtype))


def _real_input(name, x, what="a real input tensor"):
    x = _floating_input(name, x)
    if x._data.dtype.kind == "c":
        raise RuntimeError(f"{name} expects {what}, but got {_scalar_type(x.dtype)}")
    return x


def _c2c(name, x, dims, sizes, norm, inverse):
    norm = _norm(norm)
    x = _floating_input(name, x)
    if not dims:
        return _complex_input(name, x)
    if x._data.dtype.kind != "c":
        _dt.complex_of(x.dtype)
        out = FftR2C.apply(x, tuple(sizes), dims, norm, False)
        return conj(FftR2C.apply(x, tuple(sizes), dims, _DUAL[norm], False)) if inverse else out
    return FftC2C.apply(x, tuple(sizes), dims, norm, inverse)


def _r2c(name, x, dims, sizes, norm, what="a real input tensor"):
    norm = _norm(norm)
    x = _real_input(name, x, what)
    _dt.complex_of(x.dtype)
    return FftR2C.apply(x, tuple(sizes), dims, norm, True)


def _c2r_sizes(x, dims, sizes, given_last):
    """irfft's sizes: the last one 2 (m - 1) for an input of m entries there, unless given."""
    if not given_last:
        sizes[-1] = 2 * (x.shape[dims[-1]] - 1)
        if sizes[-1] < 1:
            raise RuntimeError(f"Invalid number of data points ({sizes[-1]}) specified")
    return sizes


def _c2r(name, x, dims, sizes, norm):
    norm = _norm(norm)
    x = _complex_input(name, x)
    return FftC2R.apply(x, tuple(sizes), dims, norm)


# ------------------------------------------------------------------ public functions (minigrad.fft)
def fft(input, n=None, dim=-1, norm=None):
    """The one-dimensional discrete Fourier transform along ``dim`` (``n``: crop or zero-pad to n)."""
    expect_tensor("fft_fft", input)
    dims, sizes = _one_dim(input, n, dim)
    _positive(sizes)
    return _c2c("fft", input, dims, sizes, norm, False)


def ifft(input, n=None, dim=-1, norm=None):
    """The one-dimensional inverse discrete Fourier transform along ``dim``."""
    expect_tensor("fft_ifft", input)
    dims, sizes = _one_dim(input, n, dim)
    _positive(sizes)
    return _c2c("ifft", input, dims, sizes, norm, True)


def fft2(input, s=None, dim=(-2, -1), norm=None):
    """The two-dimensional discrete Fourier transform over ``dim`` (the last two by default)."""
    return fftn(input, s, dim, norm)


def ifft2(input, s=None, dim=(-2, -1), norm=None):
    """The two-dimensional inverse discrete Fourier transform over ``dim``."""
    return ifftn(input, s, dim, norm)


def fftn(input, s=None, dim=None, norm=None):
    """The n-dimensional discrete Fourier transform over ``dim`` (all dims, or the last len(s))."""
    expect_tensor("fft_fftn", input)
    dims, sizes = _dims("fftn", input, s, dim, True)
    return _c2c("fftn", input, dims, sizes, norm, False)


def ifftn(input, s=None, dim=None, norm=None):
    """The n-dimensional inverse discrete Fourier transform over ``dim``."""
    expect_tensor("fft_ifftn", input)
    dims, sizes = _dims("ifftn", input, s, dim, True)
    return _c2c("ifftn", input, dims, sizes, norm, True)


def rfft(input, n=None, dim=-1, norm=None):
    """The transform of a real tensor along ``dim``: its n//2 + 1 non-negative frequencies."""
    expect_tensor("fft_rfft", input)
    dims, sizes = _one_dim(input, n, dim)
    _positive(sizes)
    return _r2c("rfft", input, dims, sizes, norm)


def irfft(input, n=None, dim=-1, norm=None):
    """The real inverse of rfft along ``dim``: ``n`` real outputs (2 (m - 1) for m inputs by default)."""
    expect_tensor("fft_irfft", input)
    dims, sizes = _one_dim(input, n, dim)
    _c2r_sizes(input, dims, sizes, n is not None)
    _positive(sizes)
    return _c2r("irfft", input, dims, sizes, norm)


def rfft2(input, s=None, dim=(-2, -1), norm=None):
    """rfftn over two dims (the last two by default)."""
    return rfftn(input, s, dim, norm)


def irfft2(input, s=None, dim=(-2, -1), norm=None):
    """irfftn over two dims (the last two by default)."""
    return irfftn(input, s, dim, norm)


def rfftn(input, s=None, dim=None, norm=None):
    """The n-dimensional transform of a real tensor, one-sided along the last of ``dim``."""
    expect_tensor("fft_rfftn", input)
    dims, sizes = _dims("rfftn", input, s, dim, True)
    if not dims:
        raise RuntimeError("rfftn must transform at least one axis")
    return _r2c("rfftn", input, dims, sizes, norm, "a real-valued input tensor")


def irfftn(input, s=None, dim=None, norm=None):
    """The real inverse of rfftn: sizes ``s`` (the last 2 (m - 1) for m inputs by default)."""
    expect_tensor("fft_irfftn", input)
    dims, sizes = _dims("irfftn", input, s, dim, True)
    if not dims:
        raise RuntimeError("irfftn must transform at least one axis")
    given = s is not None and s[-1] is not None and s[-1] != -1
    _c2r_sizes(input, dims, sizes, given)
    return _c2r("irfftn", input, dims, sizes, norm)


def hfft(input, n=None, dim=-1, norm=None):
    """The transform of a Hermitian-symmetric signal given by its first half: ``n`` real outputs
    (irfft of the conjugate, with the opposite scaling)."""
    expect_tensor("fft_hfft", input)
    dims, sizes = _one_dim(input, n, dim)
    _c2r_sizes(input, dims, sizes, n is not None)
    _positive(sizes)
    return _c2r("hfft", conj(_complex_input("hfft", input)), dims, sizes, _DUAL[_norm(norm)])


def ihfft(input, n=None, dim=-1, norm=None):
    """The inverse of hfft for a real tensor: the first n//2 + 1 values of its inverse transform."""
    expect_tensor("fft_ihfft", input)
    dims, sizes = _one_dim(input, n, dim)
    _positive(sizes)
    return conj(_r2c("ihfft", input, dims, sizes, _DUAL[_norm(norm)]))


def hfft2(input, s=None, dim=(-2, -1), norm=None):
    """hfftn over two dims (the last two by default)."""
    return hfftn(input, s, dim, norm)


def ihfft2(input, s=None, dim=(-2, -1), norm=None):
    """ihfftn over two dims (the last two by default)."""
    return ihfftn(input, s, dim, norm)


def hfftn(input, s=None, dim=None, norm=None):
    """The n-dimensional transform of a Hermitian-symmetric signal given by its half along the last
    of ``dim`` (irfftn of the conjugate, with the opposite scaling)."""
    expect_tensor("fft_hfftn", input)
    dims, sizes = _dims("hfftn", input, s, dim, True)
    if not dims:
        raise RuntimeError("hfftn must transform at least one axis")
    given = s is not None and s[-1] is not None and s[-1] != -1
    _c2r_sizes(input, dims, sizes, given)
    return _c2r("hfftn", conj(_complex_input("hfftn", input)), dims, sizes, _DUAL[_norm(norm)])


def ihfftn(input, s=None, dim=None, norm=None):
    """The inverse of hfftn for a real tensor (one-sided along the last of ``dim``)."""
    expect_tensor("fft_ihfftn", input)
    dims, sizes = _dims("ihfftn", input, s, dim, True)
    if not dims:
        raise RuntimeError("ihfftn must transform at least one axis")
    return conj(_r2c("ihfftn", input, dims, sizes, _DUAL[_norm(norm)], "a real-valued input tensor"))


def _positive(sizes):
    for n in sizes:
        if n < 1:
            raise RuntimeError(f"Invalid number of data points ({n}) specified")


def fftshift(input, dim=None):
    """``input`` rolled by half its length along ``dim`` (all dims by default): frequency 0 in the middle."""
    expect_tensor("fft_fftshift", input)
    dims = list(range(input.ndim)) if dim is None else [dim] if isinstance(dim, int) else list(dim)
    if not dims:
        return roll(input, [], [])
    return roll(input, [input.shape[d] // 2 for d in dims], dims)


def ifftshift(input, dim=None):
    """The inverse of fftshift: ``input`` rolled back by half its length along ``dim``."""
    expect_tensor("fft_ifftshift", input)
    dims = list(range(input.ndim)) if dim is None else [dim] if isinstance(dim, int) else list(dim)
    if not dims:
        return roll(input, [], [])
    return roll(input, [-(input.shape[d] // 2) for d in dims], dims)


def fftfreq(n, d=1.0, *, out=None, dtype=None, layout=None, device=None, requires_grad=False):
    """The sample frequencies of an n-point transform with sample spacing ``d``:
    [0, 1, ..., (n - 1)//2, -(n//2), ..., -1] / (d n)."""
    from ..creation import arange
    dtype, scale = _frequency_arguments("fftfreq", n, d, dtype)
    k = _wrap_negative(arange(n, dtype=dtype, device=device), n)
    return _scaled(k, scale, requires_grad)


def rfftfreq(n, d=1.0, *, out=None, dtype=None, layout=None, device=None, requires_grad=False):
    """The non-negative sample frequencies of an n-point rfft: [0, 1, ..., n//2] / (d n)."""
    from ..creation import arange
    dtype, scale = _frequency_arguments("rfftfreq", n, d, dtype)
    k = arange(n // 2 + 1, dtype=dtype, device=device)
    return _scaled(k, scale, requires_grad)


def _frequency_arguments(name, n, d, dtype):
    """fftfreq's checked dtype and scale 1 / (d n) (inf where d n is 0, as PyTorch: 0 * inf is NaN)."""
    if isinstance(n, (bool, float)):
        raise TypeError(f"fft_{name}(): argument 'n' (position 1) must be int, not {type(n).__name__}")
    dtype = _dt.get_default_dtype() if dtype is None else _dt.to_dtype(dtype)
    if not (dtype.is_floating_point or dtype.is_complex):
        raise RuntimeError(f"{name} requires a floating point or complex dtype")
    return dtype, 1.0 / (n * d) if n * d else float("inf")


def _wrap_negative(k, n):
    """0 .. n-1 with the upper half made negative (k - n from (n + 1)//2 on)."""
    data = k._data.copy()
    data[(n + 1) // 2:] -= n
    return wrap(data, k._device)


def _scaled(k, scale, requires_grad):
    out = k * scale
    if requires_grad:
        out.requires_grad_()
    return out


__all__ = ["fft", "ifft", "fft2", "ifft2", "fftn", "ifftn", "rfft", "irfft", "rfft2", "irfft2", "rfftn",
           "irfftn", "hfft", "ihfft", "hfft2", "ihfft2", "hfftn", "ihfftn", "fftshift", "ifftshift",
           "fftfreq", "rfftfreq"]
