"""Learning-rate schedulers: ``LRScheduler``, ``StepLR``, ``ExponentialLR``, ``MultiStepLR``, ``ConstantLR``,
``SequentialLR``, ``ChainedScheduler``, ``LambdaLR``, ``MultiplicativeLR``, ``PolynomialLR``,
``CosineAnnealingLR``, ``CosineAnnealingWarmRestarts``, ``LinearLR``, ``OneCycleLR``, ``CyclicLR``,
``ReduceLROnPlateau``."""
from .base import LRScheduler  # noqa: F401
from .decay import (StepLR, MultiStepLR, ExponentialLR, ConstantLR, LinearLR, PolynomialLR,  # noqa: F401
                    LambdaLR, MultiplicativeLR)
from .cosine import CosineAnnealingLR, CosineAnnealingWarmRestarts  # noqa: F401
from .cyclic import OneCycleLR, CyclicLR  # noqa: F401
from .combined import SequentialLR, ChainedScheduler  # noqa: F401
from .plateau import ReduceLROnPlateau  # noqa: F401


class _LRScheduler(LRScheduler):
    """The older name of ``LRScheduler`` (subclassed by custom schedulers written for PyTorch 1.x)."""
