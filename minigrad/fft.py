"""``minigrad.fft``: the discrete Fourier transforms of ``torch.fft`` (ops/fourier.py)."""
from .ops.fourier import (fft, ifft, fft2, ifft2, fftn, ifftn, rfft, irfft, rfft2, irfft2,  # noqa: F401
                          rfftn, irfftn, hfft, ihfft, hfft2, ihfft2, hfftn, ihfftn, fftshift, ifftshift,
                          fftfreq, rfftfreq, __all__)
from .ops import _out  # noqa: E402
globals().update(_out.exported(globals(), "fft"))  # PyTorch's out= on the functions that take it (ops/_out.py)
del _out
