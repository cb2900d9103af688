"""``minigrad.nn.attention``: choosing the kernels ``scaled_dot_product_attention`` may use, as
``torch.nn.attention``. minigrad has one computation, the math one; PyTorch's CPU build also
runs its flash kernel there, so a choice with MATH or FLASH_ATTENTION in it works and any
other raises PyTorch's RuntimeError when attention is computed. The choice is the flags of
``backends.cuda`` (``math_sdp_enabled()`` ...), as in PyTorch."""
import contextlib
import enum

from ... import backends

__all__ = ["SDPBackend", "sdpa_kernel"]


class SDPBackend(enum.IntEnum):
    """The kernels of scaled dot-product attention."""

    ERROR = -1
    MATH = 0
    FLASH_ATTENTION = 1
    EFFICIENT_ATTENTION = 2
    CUDNN_ATTENTION = 3
    OVERRIDEABLE = 4


_SWITCHES = {SDPBackend.MATH: "math", SDPBackend.FLASH_ATTENTION: "flash",
             SDPBackend.EFFICIENT_ATTENTION: "mem_efficient", SDPBackend.CUDNN_ATTENTION: "cudnn"}


@contextlib.contextmanager
def sdpa_kernel(backends_, set_priority=False):
    """Within the block, attention may use only the kernels ``backends_`` (one SDPBackend or a list)."""
    chosen = [backends_] if isinstance(backends_, SDPBackend) else backends_
    if not isinstance(chosen, (list, tuple, set)) or not all(isinstance(b, SDPBackend) for b in chosen):
        raise AssertionError("Backend must be an instance of SDPBackend or a list of SDPBackend instances, got "
                             f"{type(backends_).__name__}")
    settings = backends.cuda
    before = dict(settings._sdp)
    try:
        for backend, switch in _SWITCHES.items():
            settings._sdp[switch] = backend in chosen
        yield {}
    finally:
        settings._sdp.update(before)
