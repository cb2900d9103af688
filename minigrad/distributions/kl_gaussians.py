"""KL(p || q) in closed form between multivariate normals, full and low-rank, in the three
pairings PyTorch registers besides the full pair: log-determinants, a trace and a Mahalanobis term."""
from .. import broadcast_shapes, diag_embed
from ..linalg import solve_triangular
from .kl_registry import register_kl
from .lowrank_multivariate_normal import LowRankMultivariateNormal, lowrank_logdet, lowrank_mahalanobis
from .multivariate_normal import MultivariateNormal, mahalanobis


@register_kl(MultivariateNormal, MultivariateNormal)
def _kl_multivariatenormal_multivariatenormal(p, q):
    if p.event_shape != q.event_shape:
        raise ValueError("KL-divergence between two Multivariate Normals with different event shapes cannot be "
                         "computed")
    Lp, Lq = p._unbroadcasted_scale_tril, q._unbroadcasted_scale_tril
    half_term1 = Lq.diagonal(dim1=-2, dim2=-1).log().sum(-1) - Lp.diagonal(dim1=-2, dim2=-1).log().sum(-1)
    n = p.event_shape[0]
    shape = tuple(broadcast_shapes(Lq.shape[:-2], Lp.shape[:-2])) + (n, n)
    term2 = solve_triangular(Lq.expand(shape), Lp.expand(shape), upper=False).pow(2).sum((-2, -1))  # tr(Sq^-1 Sp)
    term3 = mahalanobis(Lq, q.loc - p.loc)
    return half_term1 + 0.5 * (term2 + term3 - n)


def _trace_XXT(X):
    """tr(X X^T) of each matrix in a batch: the sum of its squared entries."""
    return X.pow(2).sum((-2, -1))


def _same_event_shapes(p, q, what):
    if p.event_shape != q.event_shape:
        raise ValueError(f"KL-divergence between two {what} with different event shapes cannot be computed")


def _lowrank_inverse_factor(q):
    """A with q's precision D^-1 - A^T A (A from the capacitance's Cholesky factor)."""
    Wt_Dinv = q._unbroadcasted_cov_factor.mT / q._unbroadcasted_cov_diag.unsqueeze(-2)
    return solve_triangular(q._capacitance_tril, Wt_Dinv, upper=False)


def _lowrank_terms(q):
    return q._unbroadcasted_cov_factor, q._unbroadcasted_cov_diag, q._capacitance_tril


@register_kl(LowRankMultivariateNormal, LowRankMultivariateNormal)
def _kl_lowrankmultivariatenormal_lowrankmultivariatenormal(p, q):
    _same_event_shapes(p, q, "Low Rank Multivariate Normals")
    term1 = lowrank_logdet(*_lowrank_terms(q)) - lowrank_logdet(*_lowrank_terms(p))
    term3 = lowrank_mahalanobis(q._unbroadcasted_cov_factor, q._unbroadcasted_cov_diag, q.loc - p.loc,
                                q._capacitance_tril)
    A = _lowrank_inverse_factor(q)  # (tr(Sq^-1 Sp) expanded over Sp = Wp Wp^T + Dp)
    Wp, Dp, Dq = p._unbroadcasted_cov_factor, p._unbroadcasted_cov_diag, q._unbroadcasted_cov_diag
    term2 = ((Dp / Dq).sum(-1) + _trace_XXT(Wp * Dq.rsqrt().unsqueeze(-1)) - _trace_XXT(A * Dp.sqrt().unsqueeze(-2))
             - _trace_XXT(A.matmul(Wp)))
    return 0.5 * (term1 + term2 + term3 - p.event_shape[0])


@register_kl(MultivariateNormal, LowRankMultivariateNormal)
def _kl_multivariatenormal_lowrankmultivariatenormal(p, q):
    _same_event_shapes(p, q, "(Low Rank) Multivariate Normals")
    Lp = p._unbroadcasted_scale_tril
    term1 = lowrank_logdet(*_lowrank_terms(q)) - 2 * Lp.diagonal(dim1=-2, dim2=-1).log().sum(-1)
    term3 = lowrank_mahalanobis(q._unbroadcasted_cov_factor, q._unbroadcasted_cov_diag, q.loc - p.loc,
                                q._capacitance_tril)
    A = _lowrank_inverse_factor(q)
    term2 = _trace_XXT(Lp * q._unbroadcasted_cov_diag.rsqrt().unsqueeze(-1)) - _trace_XXT(A.matmul(Lp))
    return 0.5 * (term1 + term2 + term3 - p.event_shape[0])


@register_kl(LowRankMultivariateNormal, MultivariateNormal)
def _kl_lowrankmultivariatenormal_multivariatenormal(p, q):
    _same_event_shapes(p, q, "(Low Rank) Multivariate Normals")
    Lq = q._unbroadcasted_scale_tril
    term1 = 2 * Lq.diagonal(dim1=-2, dim2=-1).log().sum(-1) - lowrank_logdet(*_lowrank_terms(p))
    term3 = mahalanobis(Lq, q.loc - p.loc)
    batch = tuple(broadcast_shapes(Lq.shape[:-2], p._unbroadcasted_cov_factor.shape[:-2]))
    n = p.event_shape[0]
    Lq = Lq.expand(batch + (n, n))
    Wp = p._unbroadcasted_cov_factor.expand(batch + (n, p.cov_factor.size(-1)))
    sqrt_Dp = diag_embed(p._unbroadcasted_cov_diag.sqrt()).expand(batch + (n, n))
    term2 = (_trace_XXT(solve_triangular(Lq, Wp, upper=False))
             + _trace_XXT(solve_triangular(Lq, sqrt_Dp, upper=False)))
    return 0.5 * (term1 + term2 + term3 - p.event_shape[0])
