"""``minigrad.backends.cudnn``: harmless settings so PyTorch seeding code runs unchanged."""
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


backends.cudnn = _CudnnSettings()
backends_namespace = backends
