"""The chi-squared distribution's module name in torch.distributions (the class lives in ``gamma``)."""
from .gamma import Chi2  # noqa: F401

__all__ = ["Chi2"]
