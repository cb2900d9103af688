"""KL(p || q) in closed form for p and q of different families (Beta and Normal, Gamma and
Exponential...), and the pairs where it is infinite because q's support misses part of p's.

Most closed forms are -H(p) + E_p[-log q(x)], the cross-entropy written once per family of q from
the moments of p that it needs: the mean and variance for a Normal q, the mean alone for a q whose
log-density is linear in x (Exponential, ContinuousBernoulli), and E_p[exp(-x / scale)] for a
Gumbel q."""
import math

from .. import digamma, erf, full_like, lgamma, where, xlogy
from .bernoulli import Bernoulli
from .binomial import Binomial
from .continuous_bernoulli import ContinuousBernoulli
from .dirichlet import Beta
from .exponential import Exponential
from .gamma import Gamma
from .gumbel import Gumbel
from .kl_registry import register_kl
from .laplace import Laplace
from .normal import Normal
from .pareto import Pareto
from .poisson import Poisson
from .uniform import Uniform


_EULER_GAMMA = 0.57721566490153286060


@register_kl(Bernoulli, Poisson)
def _kl_bernoulli_poisson(p, q):
    return -p.entropy() - (p.probs * q.rate.log() - q.rate)


@register_kl(Beta, Exponential)
def _kl_beta_exponential(p, q):
    return -p.entropy() - q.rate.log() + q.rate * (p.concentration1 / (p.concentration1 + p.concentration0))


@register_kl(Beta, Gamma)
def _kl_beta_gamma(p, q):
    a, b = p.concentration1, p.concentration0
    t2 = lgamma(q.concentration) - q.concentration * q.rate.log()
    t3 = (q.concentration - 1) * (digamma(a) - digamma(a + b))
    return -p.entropy() + t2 - t3 + q.rate * a / (a + b)


@register_kl(Beta, Normal)
def _kl_beta_normal(p, q):
    a, b = p.concentration1, p.concentration0
    mean = a / (a + b)
    var_normal = q.scale.pow(2)
    t2 = 0.5 * (var_normal * 2 * math.pi).log()
    t3 = (mean * (1 - mean) / (a + b + 1) + mean.pow(2)) * 0.5
    return -p.entropy() + t2 + (t3 - q.loc * mean + q.loc.pow(2) * 0.5) / var_normal


@register_kl(Beta, Uniform)
def _kl_beta_uniform(p, q):
    result = -p.entropy() + (q.high - q.low).log()
    return where((q.low > 0.0) | (q.high < 1.0), math.inf, result)


@register_kl(Exponential, Gamma)
def _kl_exponential_gamma(p, q):
    ratio = q.rate / p.rate
    return (-q.concentration * ratio.log() + ratio + lgamma(q.concentration) + q.concentration * _EULER_GAMMA
            - (1 + _EULER_GAMMA))


@register_kl(Gamma, Exponential)
def _kl_gamma_exponential(p, q):
    return -p.entropy() - q.rate.log() + q.rate * p.concentration / p.rate


@register_kl(Gamma, Normal)
def _kl_gamma_normal(p, q):
    a = p.concentration
    var_normal = q.scale.pow(2)
    beta_sqr = p.rate.pow(2)
    t1 = 0.5 * (beta_sqr * var_normal * 2 * math.pi).log() - a - lgamma(a)
    t2 = 0.5 * (a.pow(2) + a) / beta_sqr
    t3 = q.loc * a / p.rate
    return t1 + (a - 1) * digamma(a) + (t2 - t3 + 0.5 * q.loc.pow(2)) / var_normal


def _x_log_x(t):
    return xlogy(t, t)  # (0 at t = 0)


@register_kl(Uniform, Beta)
def _kl_uniform_beta(p, q):
    width = p.high - p.low
    t2 = (q.concentration1 - 1) * (_x_log_x(p.high) - _x_log_x(p.low) - width) / width
    t3 = (q.concentration0 - 1) * (_x_log_x(1 - p.high) - _x_log_x(1 - p.low) + width) / width
    t4 = lgamma(q.concentration1) + lgamma(q.concentration0) - lgamma(q.concentration1 + q.concentration0)
    result = t3 + t4 - width.log() - t2
    return where((p.high > 1.0) | (p.low < 0.0), math.inf, result)


@register_kl(Uniform, Gamma)
def _kl_uniform_gamma(p, q):
    width = p.high - p.low
    t2 = lgamma(q.concentration) - q.concentration * q.rate.log()
    t3 = (1 - q.concentration) * (_x_log_x(p.high) - _x_log_x(p.low) - width) / width
    result = -width.log() + t2 + t3 + q.rate * (p.high + p.low) / 2
    return where(p.low < 0.0, math.inf, result)


def _infinity(parameter):
    """KL(p || q) is infinite where q's support misses part of p's."""
    return lambda p, q: full_like(getattr(p, parameter), math.inf)


# p's support reaches where q's does not (the real line against a half line, a half line against a
# bounded interval, anything against a Pareto's [scale, inf)). The result has the shape of p's parameter.
_SUPPORT_MISSED = {
    Beta: ("concentration1", (Pareto,)),
    ContinuousBernoulli: ("probs", (Pareto,)),
    Exponential: ("rate", (Beta, ContinuousBernoulli, Pareto, Uniform)),
    Gamma: ("concentration", (Beta, ContinuousBernoulli, Pareto, Uniform)),
    Gumbel: ("loc", (Beta, ContinuousBernoulli, Exponential, Gamma, Pareto, Uniform)),
    Laplace: ("loc", (Beta, ContinuousBernoulli, Exponential, Gamma, Pareto, Uniform)),
    Normal: ("loc", (Beta, ContinuousBernoulli, Exponential, Gamma, Pareto, Uniform)),
    Pareto: ("scale", (Beta, ContinuousBernoulli, Uniform)),
    Poisson: ("rate", (Bernoulli, Binomial)),
}
for _p, (_parameter, _qs) in _SUPPORT_MISSED.items():
    for _q in _qs:
        register_kl(_p, _q)(_infinity(_parameter))


def _normal_cross_entropy(mean, variance, q):
    """E_p[-log q(x)] for a Normal q, from p's mean and variance: E_p[(x - loc)^2] is the variance
    plus the squared distance of the means."""
    second_moment = variance + (mean - q.loc).pow(2)
    return q.scale.log() + 0.5 * math.log(2 * math.pi) + second_moment / (2 * q.scale.pow(2))


def _gumbel_cross_entropy(mean, log_mgf, q):
    """E_p[-log q(x)] for a Gumbel q: with z = (x - loc) / scale, -log q(x) = log scale + z + exp(-z),
    so it needs p's mean and ``log_mgf``, log E_p[exp(-x / scale)]."""
    return q.scale.log() + (mean - q.loc) / q.scale + (q.loc / q.scale + log_mgf).exp()


def _linear_cross_entropy(mean, q):
    """E_p[-log q(x)] for a q whose log-density is linear in x (Exponential, ContinuousBernoulli):
    -log q at p's mean."""
    if isinstance(q, Exponential):
        return q.rate * mean - q.rate.log()
    return -(mean * q.logits + (-q.probs).log1p() + q._cont_bern_log_norm())


@register_kl(Beta, ContinuousBernoulli)
@register_kl(ContinuousBernoulli, Exponential)
def _kl_linear_cross_entropy(p, q):
    return -p.entropy() + _linear_cross_entropy(p.mean, q)


@register_kl(ContinuousBernoulli, Normal)
@register_kl(Exponential, Normal)
@register_kl(Gumbel, Normal)
@register_kl(Laplace, Normal)
@register_kl(Uniform, Normal)
def _kl_normal_cross_entropy(p, q):
    return -p.entropy() + _normal_cross_entropy(p.mean, p.variance, q)


@register_kl(ContinuousBernoulli, Uniform)
def _kl_continuous_bernoulli_uniform(p, q):
    """Finite only where q's interval holds [0, 1] strictly inside it: PyTorch's rule, which counts
    an interval ending at 0 or 1 as missing part of p's support."""
    result = -p.entropy() + (q.high - q.low).log()
    return where((q.low >= 0.0) | (q.high <= 1.0), math.inf, result)


@register_kl(Exponential, Gumbel)
def _kl_exponential_gumbel(p, q):
    scaled_rate = p.rate * q.scale
    return -p.entropy() + _gumbel_cross_entropy(p.mean, (scaled_rate / (scaled_rate + 1)).log(), q)


@register_kl(Gamma, Gumbel)
def _kl_gamma_gumbel(p, q):
    scaled_rate = p.rate * q.scale
    log_mgf = p.concentration * (scaled_rate / (scaled_rate + 1)).log()
    return -p.entropy() + _gumbel_cross_entropy(p.mean, log_mgf, q)


@register_kl(Normal, Gumbel)
def _kl_normal_gumbel(p, q):
    log_mgf = (p.scale / q.scale).pow(2) / 2 - p.loc / q.scale
    return -p.entropy() + _gumbel_cross_entropy(p.loc, log_mgf, q)


@register_kl(Uniform, Gumbel)
def _kl_uniform_gumbel(p, q):
    # E_p[exp((loc - x) / scale)] in one piece (_gumbel_cross_entropy's log form would take a log of it)
    spread = (((q.loc - p.low) / q.scale).exp() - ((q.loc - p.high) / q.scale).exp()) * q.scale
    return -p.entropy() + q.scale.log() + (p.mean - q.loc) / q.scale + spread / (p.high - p.low)


@register_kl(Normal, Laplace)
def _kl_normal_laplace(p, q):
    """E_p|x - loc| of a normal p: scale * sqrt(2/pi) * exp(-d^2 / (2 scale^2)) + d * erf(d / (scale sqrt 2)),
    for d the distance of the locations."""
    d = p.loc - q.loc
    mean_distance = (p.scale * math.sqrt(2 / math.pi) * (-(d / p.scale).pow(2) / 2).exp()
                     + d * erf(d / (p.scale * math.sqrt(2))))
    return -p.entropy() + (2 * q.scale).log() + mean_distance / q.scale


def _pareto_moment(p, k):
    """E_p[x^k] = alpha scale^k / (alpha - k) of a Pareto p, written for every alpha: where it is
    infinite (alpha <= k) the caller masks it, and the masked values keep finite gradients."""
    return p.alpha * p.scale.pow(k) / (p.alpha - k)


@register_kl(Pareto, Exponential)
def _kl_pareto_exponential(p, q):
    """Infinite where p has no mean (alpha <= 1)."""
    return where(p.alpha <= 1, math.inf, -p.entropy() + _linear_cross_entropy(_pareto_moment(p, 1), q))


@register_kl(Pareto, Gamma)
def _kl_pareto_gamma(p, q):
    """Infinite where p has no mean (alpha <= 1); E_p[log x] = log scale + 1 / alpha."""
    mean_log = p.scale.log() + p.alpha.reciprocal()
    cross_entropy = (lgamma(q.concentration) - q.concentration * q.rate.log() - (q.concentration - 1) * mean_log
                     + q.rate * _pareto_moment(p, 1))
    return where(p.alpha <= 1, math.inf, -p.entropy() + cross_entropy)


@register_kl(Pareto, Normal)
def _kl_pareto_normal(p, q):
    """Infinite where p has no variance (alpha <= 2)."""
    mean, second_moment = _pareto_moment(p, 1), _pareto_moment(p, 2)
    return where(p.alpha <= 2, math.inf, -p.entropy() + _normal_cross_entropy(mean, second_moment - mean.pow(2), q))


@register_kl(Uniform, ContinuousBernoulli)
def _kl_uniform_continuous_bernoulli(p, q):
    """Finite only where p's interval lies strictly inside (0, 1) (PyTorch's rule, as the reverse pair's)."""
    result = -p.entropy() + _linear_cross_entropy(p.mean, q)
    return where((p.low <= 0.0) | (p.high >= 1.0), math.inf, result)


@register_kl(Uniform, Exponential)
def _kl_uniform_exponential(p, q):
    return where(p.low < 0.0, math.inf, -p.entropy() + _linear_cross_entropy(p.mean, q))


@register_kl(Uniform, Pareto)
def _kl_uniform_pareto(p, q):
    """Infinite where p's interval starts below q's scale; E_p[log x] integrates x log x."""
    width = p.high - p.low
    mean_log = (_x_log_x(p.high) - _x_log_x(p.low)) / width - 1
    cross_entropy = (q.alpha + 1) * mean_log - q.alpha.log() - q.alpha * q.scale.log()
    return where(p.low < q.scale, math.inf, -p.entropy() + cross_entropy)
