"""The window functions of ``torch.signal.windows`` (hamming, hann, bartlett, blackman, cosine, exponential,
gaussian, kaiser, general_cosine, general_hamming, nuttall): 1-D tensors of M points, symmetric (``sym``,
for filter design) or periodic (``sym=False``: the first M points of the window of M + 1, for spectral
analysis). Each is computed with minigrad's own ops in the window's dtype, in the order PyTorch's are,
so float32 windows round alike."""
import math
from collections.abc import Iterable

from .. import creation, ops
from .. import dtypes as _dt
from ..creation._args import check_pin_memory

__all__ = ["bartlett", "blackman", "cosine", "exponential", "gaussian", "general_cosine", "general_hamming",
           "hamming", "hann", "kaiser", "nuttall"]


def _dtype(name, M, dtype, layout):
    """The window's dtype (the default float unless given), after PyTorch's checks of M, dtype and layout."""
    dtype = _dt.get_default_dtype() if dtype is None else _dt.to_dtype(dtype)
    if M < 0:
        raise ValueError(f"{name} requires non-negative window length, got M={M}")
    if layout is not None and str(layout) != "torch.strided":
        raise ValueError(f"{name} is implemented for strided tensors only, got: {layout}")
    if dtype not in (_dt.float32, _dt.float64):
        raise ValueError(f"{name} expects float32 or float64 dtypes, got: {dtype}")
    return dtype


def _points(start, end, M, dtype, device):
    return creation.linspace(start, end, M, dtype=dtype, device=device)


def _finish(w, requires_grad):
    return w.requires_grad_(True) if requires_grad else w


def _short(M, dtype, device, requires_grad):
    """The window of 0 points (empty) or 1 point (a one)."""
    return creation.ones(M, dtype=dtype, device=device, requires_grad=requires_grad)


def exponential(M, *, center=None, tau=1.0, sym=True, dtype=None, layout=None, device=None, requires_grad=False):
    """exp(-|n - center| / tau), centred on the window's middle unless ``center`` (periodic windows only)."""
    dtype = _dtype("exponential", M, dtype, layout)
    if tau <= 0:
        raise ValueError(f"Tau must be positive, got: {tau} instead.")
    if sym and center is not None:
        raise ValueError("Center must be None for symmetric windows")
    if M == 0:
        return _short(0, dtype, device, requires_grad)
    if center is None:
        center = (M if not sym and M > 1 else M - 1) / 2.0
    k = _points(-center / tau, (-center + (M - 1)) / tau, M, dtype, device)
    return _finish(ops.exp(-ops.abs(k)), requires_grad)


def cosine(M, *, sym=True, dtype=None, layout=None, device=None, requires_grad=False):
    """sin(pi (n + 1/2) / M): a half period of a sine."""
    dtype = _dtype("cosine", M, dtype, layout)
    if M == 0:
        return _short(0, dtype, device, requires_grad)
    step = math.pi / (M + 1 if not sym and M > 1 else M)
    return _finish(ops.sin(_points(0.5 * step, (0.5 + (M - 1)) * step, M, dtype, device)), requires_grad)


def gaussian(M, *, std=1.0, sym=True, dtype=None, layout=None, device=None, requires_grad=False):
    """exp(-(n - middle)^2 / (2 std^2))."""
    dtype = _dtype("gaussian", M, dtype, layout)
    if std <= 0:
        raise ValueError(f"Standard deviation must be positive, got: {std} instead.")
    if M == 0:
        return _short(0, dtype, device, requires_grad)
    start = -(M if not sym and M > 1 else M - 1) / 2.0
    scale = 1 / (std * math.sqrt(2))
    k = _points(start * scale, (start + (M - 1)) * scale, M, dtype, device)
    return _finish(ops.exp(-(k ** 2)), requires_grad)


def kaiser(M, *, beta=12.0, sym=True, dtype=None, layout=None, device=None, requires_grad=False):
    """I0(beta sqrt(1 - (2n / N - 1)^2)) / I0(beta), N = M - 1 (M if periodic): the Kaiser-Bessel window."""
    dtype = _dtype("kaiser", M, dtype, layout)
    if beta < 0:
        raise ValueError(f"beta must be non-negative, got: {beta} instead.")
    if M in (0, 1):
        return _short(M, dtype, device, requires_grad)
    beta = creation.tensor(beta, dtype=dtype, device=device)  # (the end points round in the window's dtype)
    start = -beta
    step = 2.0 * beta / (M if not sym else M - 1)
    end = ops.minimum(beta, start + (M - 1) * step)
    k = _points(start, end, M, dtype, device)
    return _finish(ops.i0(ops.sqrt(beta * beta - ops.pow(k, 2))) / ops.i0(beta), requires_grad)


def bartlett(M, *, sym=True, dtype=None, layout=None, device=None, requires_grad=False):
    """1 - |2n / N - 1|, N = M - 1 (M if periodic): the triangular window reaching 0 at its ends."""
    dtype = _dtype("bartlett", M, dtype, layout)
    if M in (0, 1):
        return _short(M, dtype, device, requires_grad)
    step = 2 / (M if not sym else M - 1)
    return _finish(1 - ops.abs(_points(-1, -1 + (M - 1) * step, M, dtype, device)), requires_grad)


def general_cosine(M, *, a, sym=True, dtype=None, layout=None, device=None, requires_grad=False):
    """sum_i (-1)^i a_i cos(2 pi i n / N), N = M - 1 (M if periodic)."""
    dtype = _dtype("general_cosine", M, dtype, layout)
    if M in (0, 1):
        return _short(M, dtype, device, requires_grad)
    if not isinstance(a, Iterable):
        raise TypeError("Coefficients must be a list/tuple")
    if not a:
        raise ValueError("Coefficients cannot be empty")
    step = 2 * math.pi / (M if not sym else M - 1)
    k = _points(0, (M - 1) * step, M, dtype, device)
    signed = creation.tensor([(-1) ** i * w for i, w in enumerate(a)], dtype=dtype, device=device)
    i = creation.arange(signed.shape[0], dtype=dtype, device=device)
    return _finish((signed.unsqueeze(-1) * ops.cos(i.unsqueeze(-1) * k)).sum(0), requires_grad)


def general_hamming(M, *, alpha=0.54, sym=True, dtype=None, layout=None, device=None, requires_grad=False):
    """alpha - (1 - alpha) cos(2 pi n / N): general_cosine with a = (alpha, 1 - alpha)."""
    return general_cosine(M, a=[alpha, 1.0 - alpha], sym=sym, dtype=dtype, layout=layout, device=device,
                          requires_grad=requires_grad)


def hamming(M, *, sym=True, dtype=None, layout=None, device=None, requires_grad=False):
    """0.54 - 0.46 cos(2 pi n / N): the Hamming window."""
    return general_hamming(M, sym=sym, dtype=dtype, layout=layout, device=device, requires_grad=requires_grad)


def hann(M, *, sym=True, dtype=None, layout=None, device=None, requires_grad=False):
    """0.5 - 0.5 cos(2 pi n / N): the Hann window."""
    return general_hamming(M, alpha=0.5, sym=sym, dtype=dtype, layout=layout, device=device,
                           requires_grad=requires_grad)


def blackman(M, *, sym=True, dtype=None, layout=None, device=None, requires_grad=False):
    """0.42 - 0.5 cos(2 pi n / N) + 0.08 cos(4 pi n / N): the Blackman window."""
    dtype = _dtype("blackman", M, dtype, layout)
    return general_cosine(M, a=[0.42, 0.5, 0.08], sym=sym, dtype=dtype, layout=layout, device=device,
                          requires_grad=requires_grad)


def nuttall(M, *, sym=True, dtype=None, layout=None, device=None, requires_grad=False):
    """The four-term Blackman-Harris window of Nuttall's coefficients."""
    return general_cosine(M, a=[0.3635819, 0.4891775, 0.1365995, 0.0106411], sym=sym, dtype=dtype, layout=layout,
                          device=device, requires_grad=requires_grad)


# ------------------------------------------------------------------ torch's top-level forms (periodic by default)

def _top_level(name, window_length, dtype, layout):
    dtype = _dt.get_default_dtype() if dtype is None else _dt.to_dtype(dtype)
    if window_length < 0:
        raise RuntimeError(f"{name} requires non-negative window_length, got window_length={window_length}")
    if layout is not None and str(layout) != "torch.strided":
        raise RuntimeError(f"{name} is not implemented for sparse types, got: {layout}")
    if not dtype.is_floating_point:
        raise RuntimeError(f"{name} expects floating point dtypes, got: {dtype}")
    return dtype


def _periodic(name, window_length, periodic, dtype, layout, device, requires_grad, window):
    """``window(n, ramp)`` of n = window_length (+ 1 if ``periodic``, dropping the last point) and
    ramp = 0, 1, ..., n - 1; one point is a one, none an empty tensor."""
    dtype = _top_level(name, window_length, dtype, layout)
    if window_length in (0, 1):
        return _short(window_length, dtype, device, requires_grad)
    n = window_length + 1 if periodic else window_length
    w = window(n, creation.arange(n, dtype=dtype, device=device))
    return _finish(w[:window_length] if periodic else w, requires_grad)


def hamming_window(window_length, periodic=True, alpha=0.54, beta=0.46, *, dtype=None, layout=None, device=None,
                   pin_memory=False, requires_grad=False):
    """alpha - beta cos(2 pi n / (N - 1)), N = window_length (+ 1 if ``periodic``, then cut)."""
    check_pin_memory(pin_memory)
    return _periodic("hamming_window", window_length, periodic, dtype, layout, device, requires_grad,
                     lambda n, ramp: ops.cos(ramp * (2 * math.pi / (n - 1))) * -beta + alpha)


def hann_window(window_length, periodic=True, *, dtype=None, layout=None, device=None, pin_memory=False,
                requires_grad=False):
    """0.5 - 0.5 cos(2 pi n / (N - 1)): hamming_window with alpha = beta = 0.5."""
    check_pin_memory(pin_memory)
    _top_level("hann_window", window_length, dtype, layout)
    return hamming_window(window_length, periodic, 0.5, 0.5, dtype=dtype, layout=layout, device=device,
                          requires_grad=requires_grad)


def blackman_window(window_length, periodic=True, *, dtype=None, layout=None, device=None, pin_memory=False,
                    requires_grad=False):
    """0.42 - 0.5 cos(2 pi n / (N - 1)) + 0.08 cos(4 pi n / (N - 1))."""
    check_pin_memory(pin_memory)
    def window(n, ramp):
        x = ramp * (math.pi / (n - 1))
        return ops.cos(x * 4) * 0.08 - ops.cos(x * 2) * 0.5 + 0.42
    return _periodic("blackman_window", window_length, periodic, dtype, layout, device, requires_grad, window)


def bartlett_window(window_length, periodic=True, *, dtype=None, layout=None, device=None, pin_memory=False,
                    requires_grad=False):
    """2n / (N - 1) rising to 1, then 2 - 2n / (N - 1): the triangular window."""
    check_pin_memory(pin_memory)
    def window(n, ramp):
        x = ramp * (2.0 / (n - 1))
        half = ((n - 1) >> 1) + 1
        return ops.cat([x[:half], 2 - x[half:]])
    return _periodic("bartlett_window", window_length, periodic, dtype, layout, device, requires_grad, window)


def kaiser_window(window_length, periodic=True, beta=12.0, *, dtype=None, layout=None, device=None,
                  pin_memory=False, requires_grad=False):
    """I0(beta sqrt(|1 - ((n - a) / a)^2|)) / I0(beta), a = (N - 1) / 2: the Kaiser-Bessel window."""
    check_pin_memory(pin_memory)
    def window(n, ramp):
        alpha = (n - 1) / 2.0
        peak = creation.tensor(beta, dtype=ramp.dtype, device=device)
        return ops.i0(peak * ops.sqrt(ops.abs(1 - ((ramp - alpha) / alpha) ** 2))) / ops.i0(peak)
    return _periodic("kaiser_window", window_length, periodic, dtype, layout, device, requires_grad, window)
