"""``minigrad.utils.benchmark``: time statements the way ``torch.utils.benchmark`` does, so
that looped and vectorized code (or minigrad and PyTorch) are compared with one tool.

``Timer`` runs a statement in blocks and returns a ``Measurement`` (median, IQR, warnings
about noisy runs); ``Compare`` prints many measurements as one table.
"""
from .measurement import Measurement, TaskSpec, select_unit
from .timer import Timer, Language
from .compare import Compare

__all__ = ["Compare", "Language", "Measurement", "TaskSpec", "Timer", "select_unit"]
