"""Increasing elementwise maps: softplus onto the positive reals, and a distribution's cumulative
distribution function onto the unit interval."""
from ...nn.functional import softplus
from .. import constraints
from .base import Transform, _WithoutParameters


class SoftplusTransform(_WithoutParameters):
    """y = log(1 + exp(x)), onto the positive reals; its inverse is log(1 - exp(-y)) + y."""

    domain = constraints.real
    codomain = constraints.positive
    bijective = True
    sign = +1

    def _call(self, x):
        return softplus(x)

    def _inverse(self, y):
        return (-y).expm1().neg().log() + y

    def log_abs_det_jacobian(self, x, y):
        return -softplus(-x)  # (log sigmoid(x))


class CumulativeDistributionTransform(Transform):
    """y = distribution.cdf(x), from the distribution's support onto [0, 1]; its inverse is the
    icdf and its log-determinant the log-density."""

    bijective = True
    codomain = constraints.unit_interval
    sign = +1

    def __init__(self, distribution, cache_size=0):
        super().__init__(cache_size=cache_size)
        self.distribution = distribution

    @property
    def domain(self):
        return self.distribution.support

    def _call(self, x):
        return self.distribution.cdf(x)

    def _inverse(self, y):
        return self.distribution.icdf(y)

    def log_abs_det_jacobian(self, x, y):
        return self.distribution.log_prob(x)

    def with_cache(self, cache_size=1):
        if self._cache_size == cache_size:
            return self
        return CumulativeDistributionTransform(self.distribution, cache_size=cache_size)
