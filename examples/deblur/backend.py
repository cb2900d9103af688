"""The tensor library the example runs on, chosen by name: the same code drives both.

    torch = backend.load("minigrad")   # or "torch" for real PyTorch

Every function of the example that builds tensors takes this module as its
``torch`` argument, so that nothing in it names one library or the other.
"""
import importlib

import numpy as np

BACKENDS = ("minigrad", "torch")


def load(name):
    """The module ``minigrad`` or ``torch``."""
    if name not in BACKENDS:
        raise ValueError(f"backend must be one of {BACKENDS}, got {name!r}")
    return importlib.import_module(name)


def to_tensor(torch, a, dtype):
    """A NumPy array as a tensor of ``dtype`` (copied, so that the array stays untouched)."""
    return torch.tensor(np.ascontiguousarray(a), dtype=dtype)


def to_numpy(t):
    """A tensor's values as a float64 NumPy array (outside the graph)."""
    return t.detach().cpu().numpy().astype(np.float64)
