"""``minigrad.backends.cudnn`` and ``minigrad.backends.mps``: harmless settings and answers so
PyTorch's seeding and device-choosing code runs unchanged."""
from . import backends


class _CudnnSettings:
    """Accepts ``deterministic``, ``benchmark`` and ``enabled`` like torch.backends.cudnn."""

    deterministic = False
    benchmark = False
    enabled = True

    @staticmethod
    def is_available():
        """cuDNN is never used by minigrad."""
        return False


class _MpsStatus:
    """Apple's Metal backend, as torch.backends.mps: never available in minigrad."""

    @staticmethod
    def is_available():
        """False: minigrad runs on the CPU (NumPy) or on CUDA (CuPy)."""
        return False

    @staticmethod
    def is_built():
        """False: minigrad has no Metal backend."""
        return False


backends.cudnn = _CudnnSettings()
backends.mps = _MpsStatus()
backends_namespace = backends
