"""The functions of ``minigrad.fft``: PyTorch's ``n``/``s``, ``dim`` and ``norm`` arguments read and
checked, then one transform op of ops/dft.py (complex to complex, real to complex one-sided, complex
to real, over any dims); and the helpers around them (fftshift, fftfreq).
"""
from .. import dtypes as _dt
from ..tensor import wrap
from .._int_arguments import _wrap_dim
from ._util import _type_name, expect_int, expect_number, expect_tensor
from .conversion import cast
from .complex import conj
from .complex_parts import _scalar_type
from .dft import FftC2C, FftC2R, FftR2C, Resize, _DUAL
from .rearrange import roll


# ------------------------------------------------------------------ argument handling
def _norm(norm, name):
    """The normalization mode ``norm`` of transform ``name`` ("backward" for None), with PyTorch's
    TypeError for one that is not a str (bytes are read as one, as PyTorch's parser reads them)."""
    if norm is None:
        return "backward"
    if isinstance(norm, bytes):
        norm = norm.decode()
    if not isinstance(norm, str):
        raise TypeError(f"fft_{name}(): argument 'norm' must be str, not {type(norm).__name__}")
    if norm not in _DUAL:
        raise RuntimeError(f'Invalid normalization mode: "{norm}"')
    return norm


def _dims(name, x, s, dim, one_axis_at_least=False, onesided_inverse=False):
    """The dims (wrapped, unique) and sizes (-1 or None: the input's) of the n-dimensional transform
    ``name`` of ``x`` (all dims by default, or the last len(s)); PyTorch's errors for bad ones, and
    for none where the transform needs ``one_axis_at_least``. ``onesided_inverse``: irfft's last size
    (see ``_c2r_sizes``)."""
    expect_tensor(f"fft_{name}", x)
    ndim = x.ndim
    if s is not None and not isinstance(s, (list, tuple)):  # (one int is a list of one, as PyTorch reads an int[1])
        try:
            s = [expect_int(f"fft_{name}", s, "s")]
        except TypeError:
            raise TypeError(f"fft_{name}(): argument 's' must be tuple of ints, not {_type_name(s)}") from None
    if s is not None and not all(v is None or v.__class__ is not bool and hasattr(type(v), "__index__") for v in s):
        raise TypeError(f"fft_{name}(): argument 's' must be tuple of ints, not {type(s).__name__}")
    if dim is None and name[-1] == "2":  # (the two-dimensional transforms' dim is no optional argument)
        raise TypeError(f"fft_{name}(): argument 'dim' must be tuple of ints, not NoneType")
    if dim is not None:
        dims = [dim] if isinstance(dim, int) else list(dim)
        dims = [_transform_dim(x, d) for d in dims]
        if s is not None and len(s) != len(dims):
            raise RuntimeError("When given, dim and shape arguments must have the same length")
    elif s is not None:
        if len(s) > ndim:
            raise RuntimeError(f"Got shape with {len(s)} values but input tensor only has {ndim} dimensions.")
        dims = list(range(ndim - len(s), ndim))
    else:
        dims = list(range(ndim))
    if len(set(dims)) != len(dims):
        raise RuntimeError("FFT dims must be unique")
    sizes = [x.shape[d] if s is None or s[i] is None or s[i] == -1 else s[i] for i, d in enumerate(dims)]
    _positive(sizes)
    if one_axis_at_least and not dims:
        raise RuntimeError(f"{name} must transform at least one axis")
    if onesided_inverse:
        _c2r_sizes(x, dims, sizes, s is not None and s[-1] is not None and s[-1] != -1)
    return tuple(dims), sizes


def _one_dim(name, x, n, dim, onesided_inverse=False):
    """The dim (wrapped) and size (None: the input's) of the one-dimensional transform ``name`` of
    ``x``. ``onesided_inverse``: irfft's size (see ``_c2r_sizes``)."""
    expect_tensor(f"fft_{name}", x)
    d = _transform_dim(x, expect_int(f"fft_{name}", dim, "dim"))
    sizes = [x.shape[d] if n is None else expect_int(f"fft_{name}", n, "n", 2)]
    if onesided_inverse:
        _c2r_sizes(x, (d,), sizes, n is not None)
    _positive(sizes)
    return (d,), sizes


def _transform_dim(x, dim):
    """``dim`` of ``x`` wrapped; PyTorch's IndexError for a dim out of range, and for any dim of a 0-d
    tensor (the transforms do not read a 0-d tensor as one of one element, as the reductions do)."""
    if not x.ndim:
        raise IndexError(f"Dimension specified as {dim} but tensor has no dimensions")
    return _wrap_dim(dim, x.ndim)


def _positive(sizes):
    for n in sizes:
        if n < 1:
            raise RuntimeError(f"Invalid number of data points ({n}) specified")


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


def _c2c(name, x, dims, sizes, norm, inverse, promote=False):
    """The complex transform over ``dims``. A real ``x`` takes the one-sided transform, conjugated for
    an inverse, as PyTorch's one-dimensional ``fft``/``ifft`` take it; with ``promote`` (PyTorch's
    n-dimensional family) the transform runs on ``x`` made complex, as PyTorch's (its nodes
    ``FftC2CBackward0`` after ``ToCopyBackward0``): the inverse's exact zeros keep a +0.0 imaginary
    part where the conjugate's would be -0.0, and the forward transform reads the real part alone."""
    norm = _norm(norm, name)
    x = _floating_input(name, x)
    if x._data.dtype.kind != "c" and promote:
        return FftC2C.apply(_complex_input(name, x), tuple(sizes), dims, norm, inverse, False, not inverse)
    if x._data.dtype.kind != "c":
        _dt.complex_of(x.dtype)
        if inverse:  # (the inverse of a real x: the conjugate of its transform with the dual norm)
            return conj(FftR2C.apply(x, tuple(sizes), dims, _DUAL[norm], False))
        return FftR2C.apply(x, tuple(sizes), dims, norm, False)
    return FftC2C.apply(x, tuple(sizes), dims, norm, inverse)


def _r2c(name, x, dims, sizes, norm, what="a real input tensor"):
    norm = _norm(norm, name)
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
    norm = _norm(norm, name)
    x = _complex_input(name, x)
    return FftC2R.apply(x, tuple(sizes), dims, norm)


# ------------------------------------------------------------------ public functions (minigrad.fft)
def fft(input, n=None, dim=-1, norm=None):
    """The one-dimensional discrete Fourier transform along ``dim`` (``n``: crop or zero-pad to n)."""
    dims, sizes = _one_dim("fft", input, n, dim)
    return _c2c("fft", input, dims, sizes, norm, False)


def ifft(input, n=None, dim=-1, norm=None):
    """The one-dimensional inverse discrete Fourier transform along ``dim``."""
    dims, sizes = _one_dim("ifft", input, n, dim)
    return _c2c("ifft", input, dims, sizes, norm, True)


def fft2(input, s=None, dim=(-2, -1), norm=None):
    """The two-dimensional discrete Fourier transform over ``dim`` (the last two by default)."""
    return _fftn("fft2", input, s, dim, norm)


def ifft2(input, s=None, dim=(-2, -1), norm=None):
    """The two-dimensional inverse discrete Fourier transform over ``dim``."""
    return _ifftn("ifft2", input, s, dim, norm)


def fftn(input, s=None, dim=None, norm=None):
    """The n-dimensional discrete Fourier transform over ``dim`` (all dims, or the last len(s))."""
    return _fftn("fftn", input, s, dim, norm)


def _fftn(name, input, s, dim, norm):
    dims, sizes = _dims(name, input, s, dim)
    return _c2c(name, input, dims, sizes, norm, False, promote=True)


def ifftn(input, s=None, dim=None, norm=None):
    """The n-dimensional inverse discrete Fourier transform over ``dim``."""
    return _ifftn("ifftn", input, s, dim, norm)


def _ifftn(name, input, s, dim, norm):
    dims, sizes = _dims(name, input, s, dim)
    return _c2c(name, input, dims, sizes, norm, True, promote=True)


def rfft(input, n=None, dim=-1, norm=None):
    """The transform of a real tensor along ``dim``: its n//2 + 1 non-negative frequencies."""
    dims, sizes = _one_dim("rfft", input, n, dim)
    return _r2c("rfft", input, dims, sizes, norm)


def irfft(input, n=None, dim=-1, norm=None):
    """The real inverse of rfft along ``dim``: ``n`` real outputs (2 (m - 1) for m inputs by default)."""
    dims, sizes = _one_dim("irfft", input, n, dim, onesided_inverse=True)
    return _c2r("irfft", input, dims, sizes, norm)


def rfft2(input, s=None, dim=(-2, -1), norm=None):
    """rfftn over two dims (the last two by default)."""
    return _rfftn("rfft2", input, s, dim, norm)


def irfft2(input, s=None, dim=(-2, -1), norm=None):
    """irfftn over two dims (the last two by default)."""
    return _irfftn("irfft2", input, s, dim, norm)


def rfftn(input, s=None, dim=None, norm=None):
    """The n-dimensional transform of a real tensor, one-sided along the last of ``dim``."""
    return _rfftn("rfftn", input, s, dim, norm)


def _rfftn(name, input, s, dim, norm):
    dims, sizes = _dims(name, input, s, dim, one_axis_at_least=True)
    norm = _norm(norm, name)  # (the argument parser's errors name rfft2; the dtype check, rfftn's, names rfftn)
    return _r2c("rfftn", input, dims, sizes, norm, "a real-valued input tensor")


def irfftn(input, s=None, dim=None, norm=None):
    """The real inverse of rfftn: sizes ``s`` (the last 2 (m - 1) for m inputs by default)."""
    return _irfftn("irfftn", input, s, dim, norm)


def _irfftn(name, input, s, dim, norm):
    dims, sizes = _dims(name, input, s, dim, one_axis_at_least=True, onesided_inverse=True)
    return _c2r(name, input, dims, sizes, norm)


def hfft(input, n=None, dim=-1, norm=None):
    """The transform of a Hermitian-symmetric signal given by its first half: ``n`` real outputs
    (irfft of the conjugate, with the opposite scaling)."""
    dims, sizes = _one_dim("hfft", input, n, dim, onesided_inverse=True)
    return _c2r("hfft", conj(_complex_input("hfft", input)), dims, sizes, _DUAL[_norm(norm, "hfft")])


def ihfft(input, n=None, dim=-1, norm=None):
    """The inverse of hfft for a real tensor: the first n//2 + 1 values of its inverse transform."""
    dims, sizes = _one_dim("ihfft", input, n, dim)
    return conj(_r2c("ihfft", input, dims, sizes, _DUAL[_norm(norm, "ihfft")]))


def hfft2(input, s=None, dim=(-2, -1), norm=None):
    """hfftn over two dims (the last two by default)."""
    return _hfftn("hfft2", input, s, dim, norm)


def ihfft2(input, s=None, dim=(-2, -1), norm=None):
    """ihfftn over two dims (the last two by default)."""
    return _ihfftn("ihfft2", input, s, dim, norm)


def hfftn(input, s=None, dim=None, norm=None):
    """The n-dimensional transform of a Hermitian-symmetric signal given by its half along the last
    of ``dim`` (irfftn of the conjugate, with the opposite scaling)."""
    return _hfftn("hfftn", input, s, dim, norm)


def _hfftn(name, input, s, dim, norm):
    dims, sizes = _dims(name, input, s, dim, one_axis_at_least=True, onesided_inverse=True)
    return _c2r(name, conj(_complex_input(name, input)), dims, sizes, _DUAL[_norm(norm, name)])


def ihfftn(input, s=None, dim=None, norm=None):
    """The inverse of hfftn for a real tensor (one-sided along the last of ``dim``)."""
    return _ihfftn("ihfftn", input, s, dim, norm)


def _ihfftn(name, input, s, dim, norm):
    """ihfftn as PyTorch computes it: the conjugated one-sided transform along the last dim, then the inverse
    transform over the others (whose sums keep the conjugate's exact zeros -0.0 where all their terms are)."""
    dims, sizes = _dims(name, input, s, dim, one_axis_at_least=True)
    norm = _norm(norm, name)
    x = _floating_input(name, input)
    if x._data.dtype.kind == "c":  # (PyTorch's dtype check of its real-to-complex plan, before any name)
        raise RuntimeError(f"Only supports floating-point dtypes, but found: {_scalar_type(x.dtype)}")
    if any(n > x.shape[d] for d, n in zip(dims[:-1], sizes)):  # (zero-padded first, as PyTorch: its layout)
        x = Resize.apply(x, dims, tuple(sizes))
    half = conj(_r2c(name, x, dims[-1:], sizes[-1:], _DUAL[norm], "a real-valued input tensor"))
    if len(dims) == 1:
        return half
    return FftC2C.apply(half, tuple(sizes[:-1]), dims[:-1], norm, True, True)


def fftshift(input, dim=None):
    """``input`` rolled by half its length along ``dim`` (all dims by default): frequency 0 in the middle."""
    return _shifted("fft_fftshift", input, dim, 1)


def ifftshift(input, dim=None):
    """The inverse of fftshift: ``input`` rolled back by half its length along ``dim``."""
    return _shifted("fft_ifftshift", input, dim, -1)


def _shifted(name, input, dim, direction):
    """``input`` rolled by half its length along ``dim`` (all dims by default), forward or back."""
    expect_tensor(name, input)
    dims = list(range(input.ndim)) if dim is None else _shift_dims(name, input, dim)
    return roll(input, [direction * (input.shape[d] // 2) for d in dims], dims)


def _shift_dims(name, x, dim):
    """The dims (wrapped) of fftshift's ``dim``: an int or a sequence of them (NumPy ints and 0-d
    integer tensors read as ints); PyTorch's TypeError for anything else, its IndexError for a dim
    out of range."""
    items = dim if isinstance(dim, (tuple, list)) else (dim,)
    try:
        dims = [expect_int(name, d, "dim") for d in items]
    except TypeError:
        raise TypeError(f"{name}(): argument 'dim' must be tuple of ints, not {type(dim).__name__}") from None
    return [_transform_dim(x, d) for d in dims]


def fftfreq(n, d=1.0, *, dtype=None, layout=None, device=None, requires_grad=False):
    """The sample frequencies of an n-point transform with sample spacing ``d``:
    [0, 1, ..., (n - 1)//2, -(n//2), ..., -1] / (d n)."""
    from ..creation import arange
    dtype, scale = _frequency_arguments("fftfreq", n, d, dtype)
    k = _wrap_negative(arange(_count(n), dtype=dtype, device=device), n)
    return _scaled(k, scale, requires_grad)


def rfftfreq(n, d=1.0, *, dtype=None, layout=None, device=None, requires_grad=False):
    """The non-negative sample frequencies of an n-point rfft: [0, 1, ..., n//2] / (d n)."""
    from ..creation import arange
    dtype, scale = _frequency_arguments("rfftfreq", n, d, dtype)
    half = n // 2 if n >= 0 else -(-n // 2)  # (PyTorch's n / 2 in C, rounded toward 0)
    k = arange(_count(half + 1), dtype=dtype, device=device)
    return _scaled(k, scale, requires_grad)


def _frequency_arguments(name, n, d, dtype):
    """fftfreq's checked dtype and scale 1 / (d n) (inf where d n is 0, as PyTorch: 0 * inf is NaN)."""
    if isinstance(n, (bool, float)):
        raise TypeError(f"fft_{name}(): argument 'n' (position 1) must be int, not {type(n).__name__}")
    d = expect_number(f"fft_{name}", d, "d", kind="float")
    dtype = _dt.get_default_dtype() if dtype is None else _dt.to_dtype(dtype)
    if not (dtype.is_floating_point or dtype.is_complex):
        raise RuntimeError(f"{name} requires a floating point or complex dtype")
    return dtype, 1.0 / (n * d) if n * d else float("inf")


def _count(n):
    """``n``, the number of frequencies; PyTorch's RuntimeError for a negative one."""
    if n < 0:
        raise RuntimeError(f"Trying to create tensor with negative dimension {n}: [{n}]")
    return n


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
