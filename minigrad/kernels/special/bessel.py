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
    """exp(-|x|) I0(x) elementwise (I0 the modified Bessel function of the first kind, order 0). A float16
    tensor of fewer than 32 elements on the CPU takes PyTorch's scalar loop (``_half_i0e``)."""
    if x.dtype.itemsize == 2 and x.size < _HALF_VECTOR_MIN and xp.__name__ == "numpy":
        return _half_i0e(xp, x)
    return _bessel_scaled(xp, 0, x.astype(xp.float64)).astype(x.dtype, copy=False)


#: below this many elements PyTorch's CPU loops never reach their vector path (two vectors of at least 16
#: float16 values), so every element takes the scalar loop
_HALF_VECTOR_MIN = 32

#: Cephes' Chebyshev coefficients of i0e on [0, 8] (in x / 2 - 2) and beyond 8 (in 32 / x - 2)
_I0E_NEAR = (-4.41534164647933937950E-18, 3.33079451882223809783E-17, -2.43127984654795469359E-16,
             1.71539128555513303061E-15, -1.16853328779934516808E-14, 7.67618549860493561688E-14,
             -4.85644678311192946090E-13, 2.95505266312963983461E-12, -1.72682629144155570723E-11,
             9.67580903537323691224E-11, -5.18979560163526290666E-10, 2.65982372468238665035E-9,
             -1.30002500998624804212E-8, 6.04699502254191894932E-8, -2.67079385394061173391E-7,
             1.11738753912010371815E-6, -4.41673835845875056359E-6, 1.64484480707288970893E-5,
             -5.75419501008210370398E-5, 1.88502885095841655729E-4, -5.76375574538582365885E-4,
             1.63947561694133579842E-3, -4.32430999505057594430E-3, 1.05464603945949983183E-2,
             -2.37374148058994688156E-2, 4.93052842396707084878E-2, -9.49010970480476444210E-2,
             1.71620901522208775349E-1, -3.04682672343198398683E-1, 6.76795274409476084995E-1)
_I0E_FAR = (-7.23318048787475395456E-18, -4.83050448594418207126E-18, 4.46562142029675999901E-17,
            3.46122286769746109310E-17, -2.82762398051658348494E-16, -3.42548561967721913462E-16,
            1.77256013305652638360E-15, 3.81168066935262242075E-15, -9.55484669882830764870E-15,
            -4.15056934728722208663E-14, 1.54008621752140982691E-14, 3.85277838274214270114E-13,
            7.18012445138366623367E-13, -1.79417853150680611778E-12, -1.32158118404477131188E-11,
            -3.14991652796324136454E-11, 1.18891471078464383424E-11, 4.94060238822496958910E-10,
            3.39623202570838634515E-9, 2.26666899049817806459E-8, 2.04891858946906374183E-7,
            2.89137052083475648297E-6, 6.88975834691682398426E-5, 3.36911647825569408990E-3,
            8.04490411014108831608E-1)


def _half_chebyshev(xp, y, coefficients):
    """Cephes' chbevl at ``y`` in float16 arithmetic: each coefficient, and each step's result, rounded to
    float16 (the coefficients by way of float32, as C++ converts a double to float16)."""
    half = xp.float16
    c = [half(xp.float32(a)) for a in coefficients]
    b0, b1, b2 = xp.full_like(y, c[0]), xp.zeros_like(y), xp.zeros_like(y)
    for a in c[1:]:
        b2, b1 = b1, b0
        b0 = y * b1 - b2 + a
    return half(0.5) * (b0 - b2)


def _half_i0e(xp, x):
    """i0e of float16 ``x`` as PyTorch's scalar loop computes it (``calc_i0e`` on float16): Cephes'
    Chebyshev expansions in float16 arithmetic, the far one divided by sqrt(|x|) in float32, then
    rounded. (Its vector loop computes in float32 and rounds once: an element's place decides.)"""
    half = xp.float16
    a = xp.abs(x.astype(half))
    near_at = xp.where(a <= 8, a, half(0))  # (each branch evaluated where it is finite; NaN goes far)
    near = _half_chebyshev(xp, near_at / half(2) - half(2), _I0E_NEAR)
    far_at = xp.where(a <= 8, half(16), a)
    far = (_half_chebyshev(xp, half(32) / far_at - half(2), _I0E_FAR).astype(xp.float32)
           / xp.sqrt(far_at.astype(xp.float32))).astype(half)
    return xp.where(a <= 8, near, far).astype(x.dtype, copy=False)


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
