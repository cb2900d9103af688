"""Special functions on arrays, with the array module's operations only (NumPy or CuPy): the
error function's family (``error``), the gamma function's (``gamma``), modified Bessel functions
(``bessel``), Bessel functions of the first and second kind and the Airy function (``cylinder``) and orthogonal polynomials (``polynomials``). ``minigrad.ops`` builds the
differentiable ops on them."""
from .error import (erf, erf_by_expansions, erfc, erfcx, erfinv, erfinv_by_newton, log_ndtr,  # noqa: F401
                    ndtri, normal_cdf)
from .gamma import digamma, gammainc, hurwitz_zeta, lgamma, polygamma, standard_gamma_grad, trigamma  # noqa: F401
from .bessel import i0, i0e, i1, i1e, k_scaled, spherical_j0  # noqa: F401
from .cylinder import airy_ai, bessel_j0, bessel_j1, bessel_y0, bessel_y1  # noqa: F401
from .polynomials import orthogonal_polynomial  # noqa: F401
