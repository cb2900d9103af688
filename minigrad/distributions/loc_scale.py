"""What the location-scale distributions (Normal, Laplace) share: parameters, batch shape, expand;
and what every distribution centred at its ``loc`` shares (the mean and the mode)."""
from numbers import Number

from ..tensor import Size
from . import constraints
from .distribution import Distribution
from .utils import broadcast_all


class CentredAtLoc(Distribution):
    """A distribution whose mean and mode are its ``loc`` (symmetric and unimodal about it)."""

    @property
    def mean(self):
        return self.loc

    @property
    def mode(self):
        return self.loc


class LocScale(CentredAtLoc):
    """A distribution with a real location ``loc`` and a positive ``scale`` (numbers or Tensors,
    broadcast together), reparameterised: the mean and the mode are ``loc``."""

    arg_constraints = {"loc": constraints.real, "scale": constraints.positive}
    support = constraints.real
    has_rsample = True

    def __init__(self, loc, scale, validate_args=None):
        self.loc, self.scale = broadcast_all(loc, scale)
        scalar = isinstance(loc, Number) and isinstance(scale, Number)
        super().__init__(Size() if scalar else self.loc.size(), validate_args=validate_args)

    def _expanded(self, cls, batch_shape, _instance):
        """``expand`` for the family ``cls`` (a subclass with its own ``__init__`` must give its own expand)."""
        new = self._get_checked_instance(cls, _instance)
        batch_shape = Size(batch_shape)
        new.loc, new.scale = self.loc.expand(batch_shape), self.scale.expand(batch_shape)
        Distribution.__init__(new, batch_shape, validate_args=False)
        new._validate_args = self._validate_args
        return new
