"""The base of the exponential families: densities exp(<t(x), theta> - F(theta) + k(x)) with
natural parameters theta, log-normalizer F and carrier measure k. Their entropy (and the KL
divergence between two members of one family) follows from F and its gradient: a Bregman
divergence, differentiated by autograd."""
from ..autograd import enable_grad, grad
from .distribution import Distribution

__all__ = ["ExponentialFamily"]


class ExponentialFamily(Distribution):
    """A distribution of an exponential family, given by ``_natural_params`` (a tuple of Tensors),
    ``_log_normalizer(*natural_params)`` and ``_mean_carrier_measure`` (E[k(x)])."""

    @property
    def _natural_params(self):
        """The natural parameters theta, a tuple of Tensors."""
        raise NotImplementedError

    def _log_normalizer(self, *natural_params):
        """F(theta), the log of the normalising constant, batched."""
        raise NotImplementedError

    @property
    def _mean_carrier_measure(self):
        """E[k(x)], the expected carrier measure."""
        raise NotImplementedError

    def entropy(self):
        """F(theta) - <theta, grad F(theta)> - E[k(x)] (differentiable again: the gradient of F is
        taken with ``create_graph``)."""
        result = -self._mean_carrier_measure
        with enable_grad():
            thetas = [p.detach().requires_grad_() for p in self._natural_params]
            log_norm = self._log_normalizer(*thetas)
            gradients = grad(log_norm.sum(), thetas, create_graph=True)
            result = result + log_norm
            for theta, g in zip(thetas, gradients):
                result = result - (theta * g).reshape(tuple(self._batch_shape) + (-1,)).sum(-1)
        return result
