"""The discrete Fourier transform as three ops, each with its adjoint as its gradient: complex to
complex (``FftC2C``), real to complex (``FftR2C``, one-sided or full) and complex to real
(``FftC2R``), with ``Resize`` for the cropping or zero-padding to the sizes ``s``.

Every transform is linear, so its gradient is its adjoint applied to the output's gradient (ops/
complex.py gives the convention): the adjoint of a transform is the opposite transform with the
dual norm (the unscaled "backward" forward transform's adjoint is the unscaled inverse, "forward";
"ortho" is its own dual), preceded or followed by the adjoint of the cropping or zero-padding to
``s`` (``Resize``: the other way round). A real input's gradient is the real part of that. The
one-sided transforms add: rfft keeps the first n//2 + 1 outputs, whose adjoint pads the gradient
with zeros; irfft reads each of entries 1 .. n - n//2 - 1 twice (as itself and as its mirrored
conjugate), so their gradients are doubled, as in PyTorch's formula.

Forward runs ``xp.fft`` (NumPy's or CuPy's, which keep float32 data in complex64), or SciPy's
``scipy.fft`` in NumPy's place where SciPy is installed (see ``_transform``). The public
functions of ``minigrad.fft`` (argument handling) are in ops/fourier.py.
"""
from .. import dtypes as _dt
from ..autograd.op import Op
from .layout import suggests_channels_last

_DUAL = {"backward": "forward", "forward": "backward", "ortho": "ortho"}
_scipy_fft = []  # [scipy.fft or None], looked up on the first transform


def _transform(xp, name, x, s, axes, norm, signed_zeros=False):
    """``xp.fft.<name>(x, s=s, axes=axes, norm=norm)``, by SciPy's ``scipy.fft`` for a NumPy array of
    float32, float64, complex64 or complex128 where SciPy is installed: its pocketfft transforms
    single precision in single precision, five times as fast as NumPy's for a batch of 256 x 256
    images, with errors of PyTorch's size. Its negative zeros are made positive (PyTorch's, and
    NumPy's, are mostly positive: the imaginary part of a real image's DC term, which course
    programs print), unless ``signed_zeros`` (a transform of a conjugated spectrum, whose exact
    zeros PyTorch's sums keep negative)."""
    if xp.__name__ == "numpy" and x.dtype.char in "fdFD":
        if not _scipy_fft:
            try:
                import scipy.fft as found
            except ImportError:
                found = None
            _scipy_fft.append(found)
        if _scipy_fft[0] is not None:
            out = getattr(_scipy_fft[0], name)(x, s=s, axes=axes, norm=norm)
            if not signed_zeros:
                out += 0  # (-0.0 + 0 is 0.0)
            return out
    return getattr(xp.fft, name)(x, s=s, axes=axes, norm=norm)


def _fft_layout(out, x, axes, sizes, last_fixed=False):
    """``out``, the transform of ``x`` over ``axes`` at ``sizes``, laid out as PyTorch's: its untransformed
    dims outermost, then the transformed ones, each group ordered outermost first by the strides of
    ``x`` as resized (a crop keeps them; a zero-padded copy is row-major, or channels last where
    ``x`` suggests it); ``last_fixed``: the last of ``axes`` innermost whatever its stride (real to
    complex, complex to real)."""
    ndim = out.ndim
    if any(n > x.shape[a] for a, n in zip(axes, sizes)):
        if suggests_channels_last(x):
            rank = (0,) + tuple(range(2, ndim)) + (1,)
            key = [0] * ndim
            for i, d in enumerate(rank):
                key[d] = i
        else:
            key = list(range(ndim))
    else:
        key = [-s for s in x.strides]
    last = axes[-1]
    batch = sorted((d for d in range(ndim) if d not in axes), key=key.__getitem__)
    inner = sorted(axes[:-1] if last_fixed else axes, key=key.__getitem__)
    order = batch + inner + ([last] if last_fixed else [])
    if out.transpose(order).flags.c_contiguous:
        return out
    inverse = [0] * ndim
    for i, d in enumerate(order):
        inverse[d] = i
    return out.transpose(order).copy().transpose(inverse)


class Resize(Op):
    """``x`` cropped or zero-padded at the end of ``axes`` to ``sizes``; the adjoint resizes back."""

    torch_name = "ConstantPadNdBackward0"
    edge_args = slice(0, 1)  # (PyTorch's node: the input alone)
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
    """The complex transform over ``axes`` at sizes ``s`` (``inverse``: the inverse transform;
    ``signed_zeros``: see ``_transform``; ``real``: ``z`` is a real tensor made complex, whose real
    part alone is transformed, in about half the time, to the same values)."""

    supports_complex = True
    edge_args = slice(0, 1)  # (PyTorch's node: the input alone)

    @staticmethod
    def forward(ctx, z, s, axes, norm, inverse, signed_zeros=False, real=False):
        ctx.args_ = (s, axes, norm, inverse)
        ctx.in_sizes = tuple(z.shape[a] for a in axes)
        if not axes:  # (PyTorch's transform over no dims: a copy)
            return z.copy()
        out = _transform(ctx.xp, "ifftn" if inverse else "fftn", z.real if real else z, s, axes, norm, signed_zeros)
        return _fft_layout(out, z, axes, s)

    @staticmethod
    def backward(ctx, m, g):
        s, axes, norm, inverse = ctx.args_
        return _resized(m, m.op(FftC2C, g, s, axes, _DUAL[norm], not inverse), axes, ctx.in_sizes)


class FftR2C(Op):
    """The transform of a real tensor over ``axes`` at sizes ``s``: the first s[-1]//2 + 1 outputs
    along the last axis (``onesided``, rfft) or all of them (fft of a real tensor)."""

    supports_complex = True
    edge_args = slice(0, 1)  # (PyTorch's node: the input alone)

    @staticmethod
    def forward(ctx, x, s, axes, norm, onesided):
        ctx.args_ = (s, axes, norm, onesided)
        ctx.in_sizes = tuple(x.shape[a] for a in axes)
        out = _transform(ctx.xp, "rfftn" if onesided else "fftn", x, s, axes, norm)
        return _fft_layout(out, x, axes, s, last_fixed=onesided)

    @staticmethod
    def backward(ctx, m, g):
        s, axes, norm, onesided = ctx.args_
        if onesided:
            g = m.op(Resize, g, axes[-1:], s[-1:])  # the outputs rfft leaves out: zero gradients
        return _resized(m, m.real(m.op(FftC2C, g, s, axes, _DUAL[norm], True)), axes, ctx.in_sizes)


class FftC2R(Op):
    """The real inverse transform of a one-sided spectrum over ``axes``, of sizes ``s``."""

    supports_complex = True
    edge_args = slice(0, 1)  # (PyTorch's node: the input alone)

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
        resized = s[:-1] + (half,)  # (the sizes of the one-sided input PyTorch transforms)
        return _fft_layout(_transform(ctx.xp, "irfftn", z, s, axes, norm), z, axes, resized, last_fixed=True)

    @staticmethod
    def backward(ctx, m, g):
        s, axes, norm = ctx.args_
        spectrum = m.op(FftR2C, g, s, axes, _DUAL[norm], True) * m.const(ctx.weights, g)
        return _resized(m, spectrum, axes, ctx.in_sizes)
