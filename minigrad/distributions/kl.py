"""The Kullback-Leibler divergence KL(p || q) between two distributions, by a registry of
closed forms keyed by the pair of distribution classes (``register_kl``).

One file per part: the registry and its dispatch (``kl_registry.py``), the pairs of one family
(``kl_same_family.py``), the multivariate normals' pairs (``kl_gaussians.py``) and the pairs of
two families (``kl_cross_family.py``); importing this module registers them all.
"""
from . import kl_same_family, kl_gaussians, kl_cross_family  # noqa: F401  (they register their pairs)
from .kl_registry import _KL_CHOSEN, _KL_REGISTRY, kl_divergence, register_kl  # noqa: F401
# the distribution classes PyTorch's module names too
from .bernoulli import Bernoulli  # noqa: F401
from .binomial import Binomial  # noqa: F401
from .categorical import Categorical, OneHotCategorical  # noqa: F401
from .dirichlet import Beta, Dirichlet  # noqa: F401
from .distribution import Distribution  # noqa: F401
from .exp_family import ExponentialFamily  # noqa: F401
from .exponential import Exponential  # noqa: F401
from .gamma import Gamma  # noqa: F401
from .geometric import Geometric  # noqa: F401
from .gumbel import Gumbel  # noqa: F401
from .half_normal import HalfNormal  # noqa: F401
from .independent import Independent  # noqa: F401
from .laplace import Laplace  # noqa: F401
from .log_normal import LogNormal  # noqa: F401
from .lowrank_multivariate_normal import LowRankMultivariateNormal  # noqa: F401
from .multivariate_normal import MultivariateNormal  # noqa: F401
from .normal import Normal  # noqa: F401
from .pareto import Pareto  # noqa: F401
from .poisson import Poisson  # noqa: F401
from .transformed_distribution import TransformedDistribution  # noqa: F401
from .uniform import Uniform  # noqa: F401

__all__ = ["register_kl", "kl_divergence"]
