"""The Laplace (double exponential) distribution."""

from .. import empty, finfo
from ..tensor import Size
from .loc_scale import LocScale

__all__ = ["Laplace"]


class Laplace(LocScale):
    """The Laplace distribution with location ``loc`` and scale ``scale`` (density
    exp(-|x - loc| / scale) / (2 scale))."""

    def expand(self, batch_shape, _instance=None):
        return self._expanded(Laplace, batch_shape, _instance)

    @property
    def variance(self):
        return 2 * self.scale.pow(2)

    @property
    def stddev(self):
        return 2 ** 0.5 * self.scale

    def rsample(self, sample_shape=Size()):
        """The inverse cdf at u uniform on (-1, 1): loc - scale * sign(u) * log(1 - |u|)."""
        shape = self._extended_shape(sample_shape)
        # (the lower end eps - 1, not -1, keeps log1p(-|u|) finite)
        u = empty(shape, dtype=self.loc.dtype, device=self.loc.device).uniform_(finfo(self.loc.dtype).eps - 1, 1)
        return self.loc - self.scale * u.sign() * (-u.abs()).log1p()

    def log_prob(self, value):
        if self._validate_args:
            self._validate_sample(value)
        return -(2 * self.scale).log() - (value - self.loc).abs() / self.scale

    def cdf(self, value):
        if self._validate_args:
            self._validate_sample(value)
        z = value - self.loc
        return 0.5 - 0.5 * z.sign() * (-z.abs() / self.scale).expm1()

    def icdf(self, value):
        term = value - 0.5
        return self.loc - self.scale * term.sign() * (-2 * term.abs()).log1p()

    def entropy(self):
        return 1 + (2 * self.scale).log()
