"""The one-hot categorical distributions' module name in torch.distributions (the classes live in ``categorical``)."""
from .categorical import OneHotCategorical, OneHotCategoricalStraightThrough  # noqa: F401

__all__ = ["OneHotCategorical", "OneHotCategoricalStraightThrough"]
