"""The beta distribution's module name in torch.distributions (the class lives in ``dirichlet``)."""
from .dirichlet import Beta  # noqa: F401

__all__ = ["Beta"]
