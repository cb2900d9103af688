"""Probability distributions with sampling, log-densities and KL divergences, as
``torch.distributions``: ``import minigrad.distributions as D``.

Parameters may require gradients: ``log_prob``, ``entropy``, ``cdf`` and the
reparameterized ``rsample`` are differentiable in them (a VAE's sampling step is
``D.Normal(mu, sigma).rsample()``). Samples draw from minigrad's random stream in
PyTorch's order, so after the same ``manual_seed`` they are PyTorch's samples.
"""
from . import constraints
from .bernoulli import Bernoulli
from .categorical import Categorical, OneHotCategorical, OneHotCategoricalStraightThrough
from .distribution import Distribution
from .exponential import Exponential
from .independent import Independent
from .kl import kl_divergence, register_kl
from .laplace import Laplace
from .log_normal import LogNormal
from .normal import Normal
from .uniform import Uniform

__all__ = ["Bernoulli", "Categorical", "Distribution", "Exponential", "Independent", "Laplace", "LogNormal",
           "Normal", "OneHotCategorical", "OneHotCategoricalStraightThrough", "Uniform", "constraints",
           "kl_divergence", "register_kl"]
