"""``minigrad.optim.adamw``: the import path of ``AdamW`` in PyTorch (it lives in adam.py here)."""
from .adam import AdamW

__all__ = ["AdamW"]
