"""The negative binomial distribution, by probability or by log-odds."""
from .. import lgamma, no_grad, where
from ..nn.functional import logsigmoid
from ..tensor import Size
from . import constraints
from .gamma import Gamma
from .probs_or_logits import CountOfTrials
from .samplers import poisson
from .utils import lazy_property

__all__ = ["NegativeBinomial"]


class NegativeBinomial(CountOfTrials):
    """The number of successes before ``total_count`` failures in independent trials of success
    probability ``probs`` (or log-odds ``logits``: give one of them); a real ``total_count`` is allowed."""

    arg_constraints = {"total_count": constraints.greater_than_eq(0),
                       "probs": constraints.half_open_interval(0.0, 1.0), "logits": constraints.real}
    support = constraints.nonnegative_integer

    def expand(self, batch_shape, _instance=None):
        return self._expanded(NegativeBinomial, batch_shape, _instance)

    @property
    def mean(self):
        return self.total_count * self.logits.exp()

    @property
    def mode(self):
        return ((self.total_count - 1) * self.logits.exp()).floor().clamp(min=0.0)

    @property
    def variance(self):
        return self.mean / (-self.logits).sigmoid()

    @lazy_property
    def _gamma(self):
        """The gamma mixing distribution of the Poisson rate."""
        return Gamma(concentration=self.total_count, rate=(-self.logits).exp(), validate_args=False)

    def sample(self, sample_shape=Size()):
        """A Poisson count of a gamma rate (PyTorch's draws, in its order)."""
        with no_grad():
            return poisson(self._gamma.sample(sample_shape=sample_shape))

    def log_prob(self, value):
        if self._validate_args:
            self._validate_sample(value)
        n = self.total_count
        unnormalized = n * logsigmoid(-self.logits) + value * logsigmoid(self.logits)
        normalization = -lgamma(n + value) + lgamma(1.0 + value) + lgamma(n)
        return unnormalized - where(n + value == 0.0, 0.0, normalization)
