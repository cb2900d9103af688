"""The short-time Fourier transform and its inverse (``torch.stft``, ``torch.istft``).

stft cuts the (centre-padded) signal into frames ``n_fft`` long, ``hop_length`` apart, multiplies each
by the window and Fourier-transforms it; istft transforms the frames back, multiplies them by the
window again, overlap-adds them and divides by the overlap-added squared window. Cutting frames and
overlap-adding them are each other's adjoints (the two ops below); everything else is minigrad.fft
and elementwise ops, so every gradient (the window's too) comes from those."""
import warnings

from .. import dtypes as _dt
from ..autograd.op import Op
from ..creation import ones, zeros
from ._api import public
from ._util import expect_tensor
from .complex_parts import view_as_real
from .fourier import fft, ifft, irfft, rfft
from .join import cat
from .padding import pad as _pad

_NO_WINDOW = ("A window was not provided. A rectangular window will be applied,which is known to cause spectral "
              "leakage. Other windows such as torch.hann_window or torch.hamming_window are recommended to reduce "
              "spectral leakage.To suppress this warning and use a rectangular window, explicitly set "
              "`window=torch.ones(n_fft, device=<device>)`.")


class Frames(Op):
    """The frames x[..., t * hop + k] (t < count, k < size) as a new dim before the last; the gradient
    overlap-adds the frames' gradients."""

    torch_name = "AsStridedBackward0"  # (PyTorch's frames: an as_strided view of the signal)
    edge_args = slice(0, 1)  # (the signal's edge alone)
    supports_complex = True

    @staticmethod
    def forward(ctx, x, size, hop, count):
        ctx.size, ctx.hop, ctx.length = size, hop, x.shape[-1]
        xp = ctx.xp
        # (NumPy lays an index after leading dims out first: row-major, as PyTorch's transform of the frames)
        return xp.ascontiguousarray(x[..., xp.arange(count)[:, None] * hop + xp.arange(size)])

    @staticmethod
    def backward(ctx, m, g):
        return m.op(OverlapAdd, g, ctx.hop, ctx.length)


class OverlapAdd(Op):
    """out[..., t * hop + k] = sum of y[..., t, k] over the frames t covering it (``length`` long): the
    adjoint of Frames. Added one hop-wide column of every frame at a time (the frames' columns r * hop
    to (r + 1) * hop tile the output without overlap)."""

    edge_args = slice(0, 1)  # (the frames' edge alone)
    supports_complex = True

    @staticmethod
    def forward(ctx, y, hop, length):
        count, size = y.shape[-2:]
        ctx.size, ctx.hop, ctx.count = size, hop, count
        xp = ctx.xp
        out = xp.zeros(y.shape[:-2] + (max(length, count * hop + size),), y.dtype)
        for start in range(0, size, hop):
            width = min(hop, size - start)
            block = xp.zeros(y.shape[:-2] + (count, hop), y.dtype)
            block[..., :width] = y[..., start:start + width]
            out[..., start:start + count * hop] += block.reshape(y.shape[:-2] + (count * hop,))
        return out[..., :length].copy()

    @staticmethod
    def backward(ctx, m, g):
        return m.op(Frames, g, ctx.size, ctx.hop, ctx.count)


def _padded_window(window, n_fft, win_length, dtype, device):
    """The window (ones if None) zero-padded on both sides to n_fft, centred as PyTorch centres it."""
    left = (n_fft - win_length) // 2
    if window is None:
        window = ones(win_length, dtype=dtype, device=device)
    if win_length == n_fft:
        return window
    return cat([zeros(left, dtype=window.dtype, device=device), window,
                zeros(n_fft - win_length - left, dtype=window.dtype, device=device)])


def _centre_padded(x, pad, mode):
    """x padded by ``pad`` on both sides of its last dim as PyTorch's stft pads it: by ``F.pad`` of x
    viewed as a 3-D batch, viewed back."""
    return _pad(x.view((1,) * (3 - x.ndim) + tuple(x.shape)), [pad, pad], mode).view(x.shape[:-1] + (-1,))


def _frame_settings(name, n_fft, hop_length, win_length, window):
    hop = n_fft // 4 if hop_length is None else hop_length
    win = n_fft if win_length is None else win_length
    if hop <= 0:
        raise RuntimeError(f"{name}: expected hop_length > 0, but got hop_length={hop}")
    if not 0 < win <= n_fft:
        raise RuntimeError(f"{name}: expected 0 < win_length <= n_fft, but got win_length={win}")
    if window is not None and (window.ndim != 1 or window.shape[0] != win):
        raise RuntimeError(f"{name}: expected a 1D window tensor of size equal to win_length={win}, but got window "
                           f"with size {list(window.shape)}")
    return hop, win


@public
def stft(input, n_fft, hop_length=None, win_length=None, window=None, center=True, pad_mode="reflect",
         normalized=False, onesided=None, return_complex=None, align_to_window=None):
    """The short-time Fourier transform of a signal (L,) or a batch (B, L): (B?, freq, frames), complex
    (or real pairs in a last dim of 2 with ``return_complex=False``, deprecated). Frame t starts at
    t * hop_length (hop_length: n_fft // 4 by default) of the signal padded by n_fft // 2 on both sides
    with ``pad_mode`` if ``center``; the window (win_length long, ones if None) is centred in the frame
    (with ``align_to_window``, for center=False, frames start where the window does); ``onesided``
    (default for real input and window) keeps the n_fft // 2 + 1 non-negative frequencies; ``normalized``
    scales by n_fft^-1/2."""
    expect_tensor("stft", input)
    if window is not None:
        expect_tensor("stft", window, "window")
    if center and align_to_window is not None:
        raise RuntimeError("stft align_to_window should only be set when center = false")
    if input.ndim not in (1, 2):
        raise RuntimeError(f"stft: expected a 1D or 2D tensor, got {input.ndim}D")
    if center:
        input = _centre_padded(input, n_fft // 2, pad_mode)
    is_complex = input.dtype.is_complex or (window is not None and window.dtype.is_complex)
    if return_complex is None:
        if not is_complex:
            raise RuntimeError("stft requires the return_complex parameter be given for real inputs, and will further "
                               "require that return_complex=True in a future PyTorch release.")
        return_complex = True
    if not return_complex:
        warnings.warn("stft with return_complex=False is deprecated. In a future pytorch release, stft will return "
                      "complex tensors for all inputs, and return_complex=False will raise an error.\nNote: you can "
                      "still call torch.view_as_real on the complex output to recover the old return format.",
                      UserWarning, stacklevel=2)
    if not (input.dtype.is_floating_point or input.dtype.is_complex):
        raise RuntimeError("stft: expected a tensor of floating point or complex value")
    length = input.shape[-1]
    if not 0 < n_fft <= length:
        raise RuntimeError(f"stft: expected 0 < n_fft < {length}, but got n_fft={n_fft}")
    hop, win = _frame_settings("stft", n_fft, hop_length, win_length, window)
    if window is None:
        warnings.warn(_NO_WINDOW, UserWarning, stacklevel=2)
    if onesided is None:
        onesided = not is_complex
    elif onesided and is_complex:
        raise RuntimeError("Cannot have onesided output if window or input is complex")
    if align_to_window:  # the window's zero padding hangs over both ends of the signal
        left = (n_fft - win) // 2
        count = 1 + (length - win) // hop
        if (count - 1) * hop + n_fft > length + 2 * left:  # (PyTorch pads left zeros on both sides)
            raise RuntimeError(f"setStorage: sizes [{count}, {n_fft}] are out of bounds for the signal padded to "
                               f"{length + 2 * left}")
        input = cat([zeros(input.shape[:-1] + (left,), dtype=input.dtype, device=input.device), input,
                     zeros(input.shape[:-1] + (n_fft - win - left,), dtype=input.dtype, device=input.device)], -1)
    count = 1 + (input.shape[-1] - n_fft) // hop
    signal = input.unsqueeze(0) if input.ndim == 1 else input  # (PyTorch's kernel frames a batch)
    frames = Frames.apply(signal, n_fft, hop, count)
    if window is not None or win < n_fft:
        frames = frames * _padded_window(window, n_fft, win, _dt.real_of(input.dtype), input.device)
    transform = rfft if onesided else fft
    # (frequencies before frames, and a signal's batch dim dropped, in place: PyTorch's last nodes)
    out = transform(frames, norm="ortho" if normalized else "backward").transpose_(1, 2)
    if input.ndim == 1:
        out = out.squeeze_(0)
    return out if return_complex else view_as_real(out)


@public
def istft(input, n_fft, hop_length=None, win_length=None, window=None, center=True, normalized=False,
          onesided=None, length=None, return_complex=False):
    """The inverse of stft: the signal (B?, L) whose stft is ``input`` (complex, (B?, freq, frames)), by
    overlap-adding the windowed inverse transforms of the frames and dividing by the overlap-added squared
    window (which must not vanish); cut to ``length`` (zero-padded if longer) if given. Real unless
    ``return_complex`` (then the frames are two-sided: onesided=False)."""
    expect_tensor("istft", input)
    if window is not None:
        expect_tensor("istft", window, "window")
    if not input.dtype.is_complex:
        raise RuntimeError("istft requires a complex-valued input tensor matching the output from stft with "
                           "return_complex=True.")
    if input.numel() == 0:
        raise RuntimeError("istft: input tensor cannot be empty.")
    if input.ndim not in (2, 3):
        raise RuntimeError(f"istft: expected a tensor with 3 or 4 dimensions, but got {input.ndim + 1}")
    fft_size, count = input.shape[-2:]
    if onesided is None:
        onesided = fft_size != n_fft
    if onesided and n_fft // 2 + 1 != fft_size:
        raise RuntimeError("istft: expected the frequency dimension (3rd to the last) of the input tensor to match "
                           f"n_fft / 2 + 1 when onesided=True, but got {fft_size}")
    if not onesided and n_fft != fft_size:
        raise RuntimeError("istft: expected the frequency dimension (3rd to the last) of the input tensor to match "
                           f"n_fft when onesided=False, but got {fft_size}")
    hop = n_fft // 4 if hop_length is None else hop_length
    win = n_fft if win_length is None else win_length
    if not 0 < hop <= win:
        raise RuntimeError("istft: expected 0 < hop_length <= win_length")
    if not 0 < win <= n_fft:
        raise RuntimeError("istft: expected 0 < win_length <= n_fft")
    if window is not None and (window.ndim != 1 or window.shape[0] != win):
        raise RuntimeError("istft: Invalid window shape. window has to be 1D and length of `win_length`")
    if window is None:
        warnings.warn(_NO_WINDOW, UserWarning, stacklevel=2)
    norm = "ortho" if normalized else "backward"
    spectra = input.transpose(-1, -2)
    if return_complex:
        if onesided:
            raise RuntimeError("Cannot have onesided output if window or input is complex")
        frames = ifft(spectra, norm=norm)
    else:
        if window is not None and window.dtype.is_complex:
            raise RuntimeError("Complex windows are incompatible with return_complex=False")
        frames = irfft(spectra if onesided else spectra[..., :n_fft // 2 + 1], n=n_fft, norm=norm)
    w = _padded_window(window, n_fft, win, _dt.real_of(input.dtype), input.device)
    full = n_fft + hop * (count - 1)
    signal = OverlapAdd.apply(frames * w, hop, full)
    envelope = OverlapAdd.apply((w * w).expand(count, n_fft), hop, full)
    start = n_fft // 2 if center else 0
    end = start + length if length is not None else (full - n_fft // 2 if center else full)
    signal, envelope = signal[..., start:end], envelope[start:end]
    xp = envelope._device._get_backend().xp
    if envelope.numel() == 0:  # (PyTorch's check of the envelope's minimum)
        raise RuntimeError("min(): Expected reduction dim to be specified for input.numel() == 0. Specify the "
                           "reduction dim with the 'dim' argument.")
    if xp.abs(envelope._data).min().item() < 1e-11:
        raise RuntimeError("istft: window overlap add min: 1")
    signal = signal / envelope
    if end > full:
        warnings.warn("The length of signal is shorter than the length parameter. Result is being padded with "
                      "zeros in the tail. Please check your center and hop_length settings.", UserWarning,
                      stacklevel=2)
        signal = cat([signal, zeros(signal.shape[:-1] + (end - full,), dtype=signal.dtype, device=signal.device)], -1)
    return signal
