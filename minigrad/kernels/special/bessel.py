"""Modified Bessel functions I0, I1 (and their scaled forms), K0, K1 and the spherical j0 on arrays.
"""
import math


# ------------------------------------------------------------------ modified Bessel functions I0, I1
#: below this |x| the power series (positive terms), above it the asymptotic expansion
_BESSEL_SPLIT = 20.0
_BESSEL_SERIES_TERMS = 60
_BESSEL_ASYMPTOTIC_TERMS = 40


def _bessel_scaled(xp, nu, x):
    """exp(-|x|) I_nu(|x|) for nu in (0, 1), elementwise in float64."""
    a = xp.abs(x)
    small = xp.minimum(a, _BESSEL_SPLIT)
    q = small * small / 4
    s = xp.ones_like(small)
    for k in range(_BESSEL_SERIES_TERMS, 0, -1):
        s = 1 + s * q / (k * (k + nu))
    series = s * xp.exp(-small) * (small / 2 if nu else 1.0)
    large = xp.maximum(a, _BESSEL_SPLIT)
    mu = 4.0 * nu * nu
    term = xp.ones_like(large)
    total = xp.ones_like(large)
    for k in range(1, _BESSEL_ASYMPTOTIC_TERMS + 1):
        term = term * -(mu - (2 * k - 1) ** 2) / (8 * k * large)
        total = total + term
    asymptotic = total / xp.sqrt(2 * math.pi * large)
    return xp.where(a < _BESSEL_SPLIT, series, asymptotic)


def i0e(xp, x):
    """exp(-|x|) I0(x) elementwise (I0 the modified Bessel function of the first kind, order 0)."""
    return _bessel_scaled(xp, 0, x.astype(xp.float64)).astype(x.dtype, copy=False)


def _exp_abs(xp, x):
    """exp(|x|) in float64, inf where PyTorch's I0 and I1 find it infinite: they multiply by it
    computed in float32 for float32 and narrower (inf beyond |x| of about 88.7, where I0 itself
    is finite up to about 91.9), in float64 for float64 (beyond about 709.8)."""
    e = xp.exp(xp.abs(x.astype(xp.float64)))
    if x.dtype.itemsize < 8:
        e = xp.where(xp.isinf(xp.exp(xp.abs(x.astype(xp.float32)))), xp.inf, e)
    return e


def i0(xp, x):
    """I0(x) elementwise (inf where exp(|x|) overflows, as PyTorch's: see ``_exp_abs``)."""
    return (_bessel_scaled(xp, 0, x.astype(xp.float64)) * _exp_abs(xp, x)).astype(x.dtype, copy=False)


def i1e(xp, x):
    """exp(-|x|) I1(x) elementwise (odd in x)."""
    x64 = x.astype(xp.float64)
    return xp.copysign(_bessel_scaled(xp, 1, x64), x64).astype(x.dtype, copy=False)


def i1(xp, x):
    """I1(x) elementwise (odd in x; infinite where exp(|x|) overflows, as PyTorch's: see ``_exp_abs``)."""
    x64 = x.astype(xp.float64)
    return xp.copysign(_bessel_scaled(xp, 1, x64) * _exp_abs(xp, x), x64).astype(x.dtype, copy=False)


# ------------------------------------------------------------------ modified Bessel functions K0, K1
_EULER_GAMMA = 0.5772156649015329
#: K's power series below this x, the trapezoidal rule on its integral up to _K_ASYMPTOTIC_FROM, then
#: the asymptotic expansion
_K_SERIES_TO = 2.0
_K_ASYMPTOTIC_FROM = 20.0
_K_STEP = 0.05
_K_NODES = 120  # t in [0, 6): exp(-x (cosh t - 1)) is below 1e-40 beyond it for x >= 2


def _k_series(xp, nu, x):
    """K_nu(x) for 0 < x <= 2 from the power series (A&S 9.6.13 and 9.6.11 with n = 1)."""
    q = x * x / 4
    log_half = xp.log(x / 2)
    if nu == 0:  # -(log(x/2) + gamma) I0(x) + sum_k H_k q^k / k!^2
        total, term, harmonic = xp.zeros_like(x), xp.ones_like(x), 0.0
        i0_sum = xp.ones_like(x)
        for k in range(1, 30):
            term = term * q / (k * k)
            harmonic += 1 / k
            total = total + harmonic * term
            i0_sum = i0_sum + term
        return -(log_half + _EULER_GAMMA) * i0_sum + total
    # 1/x + log(x/2) I1(x) - x/4 sum_k (psi(k+1) + psi(k+2)) q^k / (k! (k+1)!)
    term = xp.ones_like(x)
    psi_k1, psi_k2 = -_EULER_GAMMA, 1 - _EULER_GAMMA
    total = (psi_k1 + psi_k2) * term
    i1_sum = term.copy()
    for k in range(1, 30):
        term = term * q / (k * (k + 1))
        psi_k1, psi_k2 = psi_k1 + 1 / k, psi_k2 + 1 / (k + 1)
        total = total + (psi_k1 + psi_k2) * term
        i1_sum = i1_sum + term
    return 1 / x + log_half * (x / 2) * i1_sum - x / 4 * total


def _k_scaled_integral(xp, nu, x):
    """exp(x) K_nu(x) = integral over t > 0 of exp(-x (cosh t - 1)) cosh(nu t), by the trapezoidal
    rule (exponentially accurate for this analytic, fast-decaying integrand)."""
    t = xp.arange(_K_NODES, dtype=xp.float64) * _K_STEP
    weights = xp.cosh(nu * t) * xp.where(t == 0, _K_STEP / 2, _K_STEP)
    return xp.exp(-x[..., None] * (xp.cosh(t) - 1)) @ weights


def _k_scaled_asymptotic(xp, nu, x):
    """exp(x) K_nu(x) ~ sqrt(pi / 2x) sum_k a_k(nu) / x^k for large x."""
    mu = 4.0 * nu * nu
    term = xp.ones_like(x)
    total = xp.ones_like(x)
    for k in range(1, _BESSEL_ASYMPTOTIC_TERMS + 1):
        term = term * (mu - (2 * k - 1) ** 2) / (8 * k * x)
        total = total + term
    return total * xp.sqrt(math.pi / (2 * x))


def k_scaled(xp, nu, x):
    """exp(x) K_nu(x) for nu in (0, 1), elementwise in float64 (inf at 0, NaN below)."""
    small = xp.clip(x, 1e-300, _K_SERIES_TO)
    middle = xp.clip(x, _K_SERIES_TO, _K_ASYMPTOTIC_FROM)
    large = xp.maximum(x, _K_ASYMPTOTIC_FROM)
    out = xp.where(x <= _K_SERIES_TO, _k_series(xp, nu, small) * xp.exp(small),
                   xp.where(x <= _K_ASYMPTOTIC_FROM, _k_scaled_integral(xp, nu, middle),
                            _k_scaled_asymptotic(xp, nu, large)))
    out = xp.where(x == 0, xp.inf, out)
    return xp.where((x < 0) | (x != x), xp.nan, xp.where(x == xp.inf, 0.0, out))


def spherical_j0(xp, x):
    """sin(x) / x elementwise in float64, from its Taylor polynomial below |x| = 1/2 (0 at +-inf)."""
    x2 = x * x
    series = xp.zeros_like(x)
    for k in range(6, 0, -1):
        series = (series + (-1) ** k / math.factorial(2 * k + 1)) * x2
    near = 1 + series
    far = xp.sin(x) / xp.where(x == 0, 1.0, x)
    out = xp.where(xp.abs(x) < 0.5, near, far)
    return xp.where(xp.isinf(x), 0.0, out)
