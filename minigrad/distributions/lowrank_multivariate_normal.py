"""The multivariate normal distribution with a low-rank-plus-diagonal covariance W W^T + D,
computed through the small m x m capacitance matrix I + W^T D^-1 W (Woodbury's identity)."""
import math

from .. import diag_embed, empty, eye, matmul
from ..linalg import cholesky, solve_triangular
from ..ops._broadcast_shapes import broadcast_shapes
from ..tensor import Size
from . import constraints
from .distribution import Distribution
from .loc_scale import CentredAtLoc
from .multivariate_normal import mahalanobis
from .utils import lazy_property

__all__ = ["LowRankMultivariateNormal"]


def capacitance_tril(W, D):
    """The lower Cholesky factor of I + W^T D^-1 W."""
    K = matmul(W.mT / D.unsqueeze(-2), W)
    return cholesky(K + eye(W.size(-1), dtype=K.dtype, device=K.device))


def lowrank_logdet(W, D, capacitance_tril):
    """log det(W W^T + D) = log det(capacitance) + log det(D)."""
    return 2 * capacitance_tril.diagonal(dim1=-2, dim2=-1).log().sum(-1) + D.log().sum(-1)


def lowrank_mahalanobis(W, D, x, capacitance_tril):
    """x^T (W W^T + D)^-1 x by Woodbury: x^T D^-1 x less the capacitance's term of W^T D^-1 x."""
    Wt_Dinv_x = matmul(W.mT / D.unsqueeze(-2), x.unsqueeze(-1)).squeeze(-1)
    return (x.pow(2) / D).sum(-1) - mahalanobis(capacitance_tril, Wt_Dinv_x)


class LowRankMultivariateNormal(CentredAtLoc):
    """The normal distribution over vectors with mean ``loc`` and covariance
    ``cov_factor @ cov_factor.mT + diag(cov_diag)`` (``cov_factor`` of shape event x m)."""

    arg_constraints = {"loc": constraints.real_vector, "cov_factor": constraints.independent(constraints.real, 2),
                       "cov_diag": constraints.independent(constraints.positive, 1)}
    support = constraints.real_vector
    has_rsample = True

    def __init__(self, loc, cov_factor, cov_diag, validate_args=None):
        if loc.dim() < 1:
            raise ValueError("loc must be at least one-dimensional.")
        event_shape = loc.shape[-1:]
        if cov_factor.dim() < 2:
            raise ValueError("cov_factor must be at least two-dimensional, with optional leading batch dimensions")
        if cov_factor.shape[-2:-1] != event_shape:
            raise ValueError(f"cov_factor must be a batch of matrices with shape {event_shape[0]} x m")
        if cov_diag.shape[-1:] != event_shape:
            raise ValueError(f"cov_diag must be a batch of vectors with shape {event_shape}")
        try:
            shape = tuple(broadcast_shapes(loc.shape[:-1] + (1,), cov_factor.shape[:-1], cov_diag.shape[:-1] + (1,)))
        except RuntimeError as e:
            raise ValueError(f"Incompatible batch shapes: loc {loc.shape}, cov_factor {cov_factor.shape}, "
                             f"cov_diag {cov_diag.shape}") from e
        m = cov_factor.shape[-1]
        self.cov_factor = cov_factor.expand(shape[:-1] + (shape[-1], m))
        self.loc, self.cov_diag = loc.expand(shape), cov_diag.expand(shape)
        self._unbroadcasted_cov_factor = cov_factor
        self._unbroadcasted_cov_diag = cov_diag
        self._capacitance_tril = capacitance_tril(cov_factor, cov_diag)
        super().__init__(self.loc.shape[:-1], event_shape, validate_args=validate_args)

    def expand(self, batch_shape, _instance=None):
        new = self._get_checked_instance(LowRankMultivariateNormal, _instance)
        loc_shape = tuple(batch_shape) + tuple(self.event_shape)
        new.loc = self.loc.expand(loc_shape)
        new.cov_diag = self.cov_diag.expand(loc_shape)
        new.cov_factor = self.cov_factor.expand(loc_shape + tuple(self.cov_factor.shape[-1:]))
        new._unbroadcasted_cov_factor = self._unbroadcasted_cov_factor
        new._unbroadcasted_cov_diag = self._unbroadcasted_cov_diag
        new._capacitance_tril = self._capacitance_tril
        Distribution.__init__(new, Size(batch_shape), self.event_shape, validate_args=False)
        new._validate_args = self._validate_args
        return new

    def _matrix_shape(self):
        return tuple(self._batch_shape) + tuple(self._event_shape) * 2

    @lazy_property
    def variance(self):
        """The diagonal of the covariance."""
        W, D = self._unbroadcasted_cov_factor, self._unbroadcasted_cov_diag
        return (W.pow(2).sum(-1) + D).expand(tuple(self._batch_shape) + tuple(self._event_shape))

    @lazy_property
    def scale_tril(self):
        """The lower Cholesky factor of the covariance: D^1/2 chol(I + D^-1/2 W W^T D^-1/2)."""
        n = self._event_shape[0]
        sqrt_D = self._unbroadcasted_cov_diag.sqrt().unsqueeze(-1)
        W = self._unbroadcasted_cov_factor / sqrt_D
        K = matmul(W, W.mT) + eye(n, dtype=W.dtype, device=W.device)
        return (sqrt_D * cholesky(K)).expand(self._matrix_shape())

    @lazy_property
    def covariance_matrix(self):
        """W W^T + D."""
        W, D = self._unbroadcasted_cov_factor, self._unbroadcasted_cov_diag
        return (matmul(W, W.mT) + diag_embed(D)).expand(self._matrix_shape())

    @lazy_property
    def precision_matrix(self):
        """D^-1 - A^T A by Woodbury (A from the capacitance's Cholesky factor)."""
        W, D = self._unbroadcasted_cov_factor, self._unbroadcasted_cov_diag
        A = solve_triangular(self._capacitance_tril, W.mT / D.unsqueeze(-2), upper=False)
        return (diag_embed(D.reciprocal()) - A.mT @ A).expand(self._matrix_shape())

    def rsample(self, sample_shape=Size()):
        """loc + W eps_W + D^1/2 eps_D, standard normal noise drawn as PyTorch draws it (eps_W first)."""
        shape = self._extended_shape(sample_shape)
        options = {"dtype": self.loc.dtype, "device": self.loc.device}
        eps_W = empty(tuple(shape[:-1]) + tuple(self.cov_factor.shape[-1:]), **options).normal_()
        eps_D = empty(shape, **options).normal_()
        W, D = self._unbroadcasted_cov_factor, self._unbroadcasted_cov_diag
        return self.loc + matmul(W, eps_W.unsqueeze(-1)).squeeze(-1) + D.sqrt() * eps_D

    def _log_det(self):
        return lowrank_logdet(self._unbroadcasted_cov_factor, self._unbroadcasted_cov_diag, self._capacitance_tril)

    def log_prob(self, value):
        if self._validate_args:
            self._validate_sample(value)
        M = lowrank_mahalanobis(self._unbroadcasted_cov_factor, self._unbroadcasted_cov_diag, value - self.loc,
                                self._capacitance_tril)
        return -0.5 * (self._event_shape[0] * math.log(2 * math.pi) + self._log_det() + M)

    def entropy(self):
        H = 0.5 * (self._event_shape[0] * (1.0 + math.log(2 * math.pi)) + self._log_det())
        return H if len(self._batch_shape) == 0 else H.expand(self._batch_shape)
