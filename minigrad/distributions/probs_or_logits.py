"""The base of the distributions given by probabilities or by logits (one of them): Bernoulli,
Binomial, NegativeBinomial, Geometric and Categorical."""
from ..tensor import Size
from .distribution import Distribution
from .utils import broadcast_all, lazy_property, logits_to_probs, probs_to_logits


class ProbsOrLogits(Distribution):
    """A distribution given ``probs`` or ``logits``, not both: the one given is kept (also as
    ``_param``), the other computed on first use. The logits are log-odds when ``_binary`` (one
    success probability), else normalised log-probabilities over the last dimension."""

    _binary = True

    @staticmethod
    def _given(probs, logits):
        """("probs", probs) or ("logits", logits): whichever was given (a ValueError unless one was)."""
        if (probs is None) == (logits is None):
            raise ValueError("Either `probs` or `logits` must be specified, but not both.")
        return ("probs", probs) if probs is not None else ("logits", logits)

    def _keep(self, name, value):
        """Store the parameter given (``probs`` or ``logits``); the other is then computed when read."""
        self.__dict__[name] = self._param = value

    def _expand_param(self, new, shape):
        """Give ``new`` (an expanded instance) this one's probs and logits, those known, expanded to ``shape``."""
        for name in ("probs", "logits"):
            if name in self.__dict__:
                new._keep(name, self.__dict__[name].expand(shape))

    @lazy_property
    def logits(self):
        """Log-odds log(p / (1 - p)) of a success, or normalised log-probabilities of the classes
        (probabilities clamped away from 0 and 1 first)."""
        return probs_to_logits(self.probs, is_binary=self._binary)

    @lazy_property
    def probs(self):
        """The probability of a success, sigmoid(logits), or of each class, softmax(logits)."""
        return logits_to_probs(self.logits, is_binary=self._binary)

    @property
    def param_shape(self):
        """The shape of the parameter given."""
        return self._param.size()


class CountOfTrials(ProbsOrLogits):
    """A count over trials (Binomial, NegativeBinomial): ``total_count`` and the success probability
    ``probs`` (or log-odds ``logits``), broadcast together."""

    def __init__(self, total_count, probs=None, logits=None, validate_args=None):
        name, given = self._given(probs, logits)
        total_count, param = broadcast_all(total_count, given)
        self.total_count = total_count.type_as(param)
        self._keep(name, param)
        super().__init__(self._param.size(), validate_args=validate_args)

    def _expanded(self, cls, batch_shape, _instance):
        """``expand`` for the family ``cls``."""
        new = self._get_checked_instance(cls, _instance)
        batch_shape = Size(batch_shape)
        new.total_count = self.total_count.expand(batch_shape)
        self._expand_param(new, batch_shape)
        Distribution.__init__(new, batch_shape, validate_args=False)
        new._validate_args = self._validate_args
        return new
