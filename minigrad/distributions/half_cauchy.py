"""The half-Cauchy distribution's module name in torch.distributions (the class lives in ``cauchy``)."""
from .cauchy import HalfCauchy  # noqa: F401

__all__ = ["HalfCauchy"]
