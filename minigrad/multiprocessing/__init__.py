"""``minigrad.multiprocessing``: Python's ``multiprocessing`` with PyTorch's additions, as
``torch.multiprocessing`` re-exports it (``Process``, ``Queue``, ``cpu_count``,
``set_start_method``...). minigrad's CPU tensors pickle as NumPy arrays, so the sharing
strategy is recorded for programs that set it and changes nothing else."""
import multiprocessing
from multiprocessing import *  # noqa: F401,F403

__all__ = ["set_sharing_strategy", "get_sharing_strategy", "get_all_sharing_strategies"]
__all__ += multiprocessing.__all__

_all_sharing_strategies = {"file_descriptor", "file_system"}
_sharing_strategy = "file_descriptor"


def set_sharing_strategy(new_strategy):
    """Choose how CPU tensors are shared between processes (one of ``get_all_sharing_strategies()``)."""
    global _sharing_strategy
    if new_strategy not in _all_sharing_strategies:
        raise AssertionError(f"invalid sharing strategy {new_strategy!r}, expected one of {_all_sharing_strategies}")
    _sharing_strategy = new_strategy


def get_sharing_strategy():
    """The current strategy for sharing CPU tensors."""
    return _sharing_strategy


def get_all_sharing_strategies():
    """The sharing strategies this system supports."""
    return _all_sharing_strategies
