"""``minigrad.special``: the names of ``torch.special`` that minigrad's ops cover.

Most are other names of minigrad functions (``expit`` is ``sigmoid``, ``gammaln`` is ``lgamma``,
``psi`` is ``digamma``, ``multigammaln`` is ``mvlgamma``, ``gammainc`` is ``igamma``). The functions
only torch.special has live beside their families: ``erfcx``, ``i0e``, ``i1``, ``i1e``, ``ndtri``,
``log_ndtr`` and ``entr`` are rows of the unary table (``ops/unary.py``); ``xlog1py`` and ``zeta``
are in ``ops/binary.py``; the modified Bessel functions PyTorch does not differentiate
(``modified_bessel_k0`` ...) in ``ops/bessel.py``; the orthogonal polynomials
(``chebyshev_polynomial_t`` ...) in ``ops/polynomials.py``, beside the Bessel functions of the first
and second kind (``bessel_j0`` ...) and the Airy function ``airy_ai``.
"""
import math

from .ops import FUNCTIONS as _FUNCTIONS
from .ops.binary import xlog1py, zeta
from .ops.bessel import FUNCTIONS as _BESSEL
from .ops.polynomials import FUNCTIONS as _POLYNOMIALS
from .ops.unary import SPECIAL as _SPECIAL
from .ops._util import expect_tensor as _expect_tensor
from .ops._operands import to_float as _to_float

__all__ = ["expit", "logit", "xlogy", "xlog1py", "entr", "erf", "erfc", "erfinv", "erfcx", "ndtr", "ndtri",
           "log_ndtr", "i0", "i0e", "i1", "i1e", "sinc", "round", "exp2", "expm1", "log1p", "logsumexp",
           "softmax", "log_softmax", "gammaln", "digamma", "psi", "polygamma", "multigammaln", "zeta",
           "gammainc", "gammaincc", "modified_bessel_i0", "modified_bessel_i1", "modified_bessel_k0", "modified_bessel_k1",
           "scaled_modified_bessel_k0", "scaled_modified_bessel_k1", "spherical_bessel_j0", "bessel_j0", "bessel_j1",
           "bessel_y0", "bessel_y1", "airy_ai", *_POLYNOMIALS]

# minigrad's own functions under torch.special's names
expit = _FUNCTIONS["sigmoid"]
gammaln = _FUNCTIONS["lgamma"]
psi = _FUNCTIONS["digamma"]
multigammaln = _FUNCTIONS["mvlgamma"]
gammainc = _FUNCTIONS["igamma"]
gammaincc = _FUNCTIONS["igammac"]
logit, xlogy, erf, erfc, erfinv, i0, sinc, round, exp2, expm1, log1p, logsumexp, digamma, polygamma = (  # noqa: A001
    _FUNCTIONS[name] for name in ("logit", "xlogy", "erf", "erfc", "erfinv", "i0", "sinc", "round", "exp2", "expm1",
                                  "log1p", "logsumexp", "digamma", "polygamma"))
# the unary table's rows that only torch.special has
erfcx, i0e, i1, i1e, ndtri, log_ndtr, entr = (
    _SPECIAL[name] for name in ("erfcx", "i0e", "i1", "i1e", "ndtri", "log_ndtr", "entr"))
# torch.special's Bessel functions without gradients (ops/bessel.py)
modified_bessel_i0, modified_bessel_i1, modified_bessel_k0, modified_bessel_k1 = (
    _BESSEL[name] for name in ("modified_bessel_i0", "modified_bessel_i1", "modified_bessel_k0",
                               "modified_bessel_k1"))
scaled_modified_bessel_k0, scaled_modified_bessel_k1, spherical_bessel_j0 = (
    _BESSEL[name] for name in ("scaled_modified_bessel_k0", "scaled_modified_bessel_k1", "spherical_bessel_j0"))
bessel_j0, bessel_j1, bessel_y0, bessel_y1, airy_ai = (
    _BESSEL[name] for name in ("bessel_j0", "bessel_j1", "bessel_y0", "bessel_y1", "airy_ai"))
globals().update(_POLYNOMIALS)  # chebyshev_polynomial_t ... legendre_polynomial_p (ops/polynomials.py)

_SQRT_HALF = math.sqrt(0.5)


def ndtr(input):
    """The standard normal CDF, (1 + erf(input / sqrt 2)) / 2, PyTorch's formula (0 below about -8.3)."""
    _expect_tensor("special_ndtr", input)
    return (erf(_to_float(input) * _SQRT_HALF) + 1) * 0.5


def softmax(input, dim, *, dtype=None):
    """exp(input) normalised to sum 1 along ``dim`` (computed in ``dtype`` if given)."""
    return _FUNCTIONS["softmax"](input, dim, dtype=dtype)


def log_softmax(input, dim, *, dtype=None):
    """log(softmax(input, dim)), computed stably (in ``dtype`` if given)."""
    return _FUNCTIONS["log_softmax"](input, dim, dtype=dtype)


from .ops import _out  # noqa: E402
globals().update(_out.exported(globals(), "special"))  # PyTorch's out= on the functions that take it (ops/_out.py)
del _out
