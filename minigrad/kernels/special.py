"""The error function on arrays, with the array module's operations only (NumPy or CuPy).

NumPy has no ``erf``. Where SciPy (or CuPy's ``cupyx.scipy``) is installed its kernel is used;
otherwise two classical expansions evaluated by Horner's rule give it to a few float64 ulps:

- |x| < 2.5: the series erf(a) = 2/sqrt(pi) * a * exp(-a^2) * sum_n (2a^2)^n / (1*3*...*(2n+1)),
  whose terms are all positive (no cancellation);
- |x| >= 2.5: the continued fraction erfc(a) = exp(-a^2)/sqrt(pi) / (a + (1/2)/(a + 1/(a + (3/2)/(a + ...)))),
  then erf = 1 - erfc.

``normal_cdf`` gives gelu its Phi(x) = (1 + erf(x / sqrt 2)) / 2 (and exp(-x^2 / 2), which gelu's
gradient reads); for float32 from a polynomial of its own (below), 5x faster than SciPy's erf.
"""
import math

_compiled = []  # SciPy's erf once looked up: [function or None]

#: where the series hands over to the continued fraction, and how many terms each takes there
_SPLIT = 2.5
_SERIES_TERMS = 44
_FRACTION_TERMS = 70
_TWO_OVER_SQRT_PI = 2.0 / math.sqrt(math.pi)


def _scipy_erf():
    """SciPy's compiled erf, or None without SciPy. Imported on the first call, not with minigrad:
    SciPy is no dependency, and its import (0.1 s, 200 modules) also slowed every garbage collection."""
    if not _compiled:
        try:
            from scipy.special import erf as compiled
        except ImportError:  # pragma: no cover
            compiled = None
        _compiled.append(compiled)
    return _compiled[0]


def erf(xp, x):
    """erf of a float array, elementwise (NaN stays NaN, erf(+-inf) = +-1)."""
    if xp.__name__ == "numpy" and _scipy_erf() is not None:
        # Fast path, fenced: a compiled erf where one is installed (the expansions below are the reference)
        return _scipy_erf()(x)
    if xp.__name__ == "cupy":  # pragma: no cover (needs a GPU)
        import cupyx.scipy.special
        return cupyx.scipy.special.erf(x)
    return erf_by_expansions(xp, x)


def erf_by_expansions(xp, x):
    """erf from the series (small |x|) and the continued fraction of erfc (large |x|)."""
    a = xp.abs(x)
    small = xp.minimum(a, _SPLIT)
    large = xp.maximum(a, _SPLIT)  # (NaN stays NaN in both and in the result)
    two_a2 = 2 * small * small
    s = xp.ones_like(small)
    for n in range(_SERIES_TERMS, 0, -1):
        s = 1 + two_a2 / (2 * n + 1) * s
    series = _TWO_OVER_SQRT_PI * small * xp.exp(-small * small) * s
    f = large.copy()
    for k in range(_FRACTION_TERMS, 0, -1):
        f = large + (k / 2) / f
    fraction = 1 - xp.exp(-large * large) / (math.sqrt(math.pi) * f)
    return xp.copysign(xp.where(a < _SPLIT, series, fraction), x).astype(x.dtype, copy=False)


def erfinv(xp, y):
    """The inverse of erf on (-1, 1) (+-inf at +-1, NaN outside), elementwise, in float64."""
    y = y.astype(xp.float64)
    if xp.__name__ == "numpy":
        try:
            # Fast path, fenced: SciPy's compiled erfinv where installed (Newton's method below is the reference)
            from scipy.special import erfinv as compiled
            return compiled(y)
        except ImportError:  # pragma: no cover
            pass
    return erfinv_by_newton(xp, y)


def erfinv_by_newton(xp, y):
    """erfinv from Winitzki's closed-form estimate refined by Newton steps on erf (as erf is
    known to a few ulps, so is its inverse)."""
    a = 0.147
    log_term = xp.log1p(-y * y)
    first = 2 / (math.pi * a) + log_term / 2
    x = xp.copysign(xp.sqrt(xp.sqrt(first * first - log_term / a) - first), y)
    inside = xp.abs(y) < 1
    x = xp.where(inside, x, 0.0)
    for _ in range(4):
        x = x - (erf_by_expansions(xp, x) - y) / (_TWO_OVER_SQRT_PI * xp.exp(-x * x))
        x = xp.where(inside, x, 0.0)
    edge = xp.where(xp.abs(y) == 1, xp.copysign(xp.inf, y), xp.nan)
    return xp.where(inside, x, edge)


#: erfc(z) = t exp(-z^2) P(t) with t = 1 / (1 + 0.4 z), z >= 0: P's coefficients, highest power first.
#: A least-squares fit of erfcx(z) / t (SciPy's scaled erfc, in float64), weighted for relative error,
#: on 4,000 Chebyshev nodes of t for z in [0, 10]; within 1e-8 of it (relative) there, as
#: ``tests/parity/test_softmax_fast_paths.py`` checks. (Beyond z = 10, erfc is below float32's range.)
_ERFC_T_SCALE = 0.4
_ERFC_POLY = (-0.03042989568449317, 0.20237118213244765, -0.5086156309312226, 0.5598930713132061,
              -0.29419631739721147, 0.27704966216468957, 0.12805953350948623, 0.2152442394311857,
              0.22491550329505666, 0.22570865776292895)
_SQRT_HALF = math.sqrt(0.5)


def normal_cdf(xp, x):
    """(Phi(x), exp(-x^2 / 2)) elementwise, Phi the standard normal CDF, as new arrays of x's dtype.

    Phi is (1 + erf(x / sqrt 2)) / 2 with ``erf`` above (SciPy's), except for float32 (below)."""
    if x.dtype.name != "float32" or not x.ndim:
        return ((erf(xp, x * _SQRT_HALF) + 1) * 0.5).astype(x.dtype, copy=False), xp.exp(x * x * -0.5)
    density = x * x
    density *= -0.5
    xp.exp(density, out=density)  # exp(-x^2 / 2)
    # Fast path, fenced: float32, from erfc(|x| / sqrt 2) = t exp(-x^2 / 2) P(t), with P fitted above
    # (a few float32 ulps from SciPy's erf for Phi >= 1/2, within 2e-6 relative below down to
    # Phi = 1e-6; PyTorch's own float32 1 + erf cancels there). The general path is the reference.
    t = xp.abs(x)
    t *= _SQRT_HALF * _ERFC_T_SCALE
    t += 1
    xp.divide(1, t, out=t)
    tail = t * _ERFC_POLY[0]
    for c in _ERFC_POLY[1:]:
        tail += c
        tail *= t
    tail *= density
    tail *= 0.5  # erfc(|x| / sqrt 2) / 2: Phi(x) for x < 0, 1 - Phi(x) for x >= 0
    upper = (x >= 0).astype(x.dtype)  # 1 where x >= 0 (NaN: 0, and tail is NaN)
    sign = upper + upper
    sign -= 1
    tail *= sign
    return xp.subtract(upper, tail, out=tail), density  # 1 - tail where x >= 0, tail where x < 0


# ------------------------------------------------------------------ erfc and erfcx
def _erfc_fraction(xp, a):
    """erfc(a) * exp(a^2) * sqrt(pi) * ... for a >= _SPLIT: the continued fraction's denominator f,
    with erfc(a) = exp(-a^2) / (sqrt(pi) f)."""
    f = a.copy()
    for k in range(_FRACTION_TERMS, 0, -1):
        f = a + (k / 2) / f
    return f


def _erf_series(xp, a):
    """erf(a) for 0 <= a <= _SPLIT from the positive series (see the module docstring)."""
    two_a2 = 2 * a * a
    s = xp.ones_like(a)
    for n in range(_SERIES_TERMS, 0, -1):
        s = 1 + two_a2 / (2 * n + 1) * s
    return _TWO_OVER_SQRT_PI * a * xp.exp(-a * a) * s


def erfc(xp, x):
    """The complementary error function 1 - erf(x), elementwise in float64 and cast back to x's
    dtype, relatively accurate in the far tail (where 1 - erf(x) would round to 0)."""
    x64 = x.astype(xp.float64)
    a = xp.abs(x64)
    small = xp.minimum(a, _SPLIT)
    large = xp.maximum(a, _SPLIT)
    tail = xp.where(a < _SPLIT, 1 - _erf_series(xp, small),
                    xp.exp(-large * large) / (math.sqrt(math.pi) * _erfc_fraction(xp, large)))
    return xp.where(x64 < 0, 2 - tail, tail).astype(x.dtype, copy=False)


def erfcx(xp, x):
    """The scaled complementary error function exp(x^2) erfc(x), elementwise (inf for x below about -26.6)."""
    x64 = x.astype(xp.float64)
    a = xp.abs(x64)
    small = xp.minimum(a, _SPLIT)
    large = xp.maximum(a, _SPLIT)
    scaled = xp.where(a < _SPLIT, xp.exp(small * small) * (1 - _erf_series(xp, small)),
                      1 / (math.sqrt(math.pi) * _erfc_fraction(xp, large)))
    # erfcx(-a) = 2 exp(a^2) - erfcx(a)
    out = xp.where(x64 < 0, 2 * xp.exp(xp.minimum(a * a, 750.0)) - scaled, scaled)
    return out.astype(x.dtype, copy=False)


# ------------------------------------------------------------------ the gamma function's family
#: Bernoulli numbers B_2, B_4, ..., B_20 (the asymptotic series below)
_BERNOULLI = (1 / 6, -1 / 30, 1 / 42, -1 / 30, 5 / 66, -691 / 2730, 7 / 6, -3617 / 510, 43867 / 798, -174611 / 330)
#: arguments are shifted up by the recurrences to at least this before the asymptotic series
_ASYMPTOTIC_FROM = 16.0
_HALF_LOG_TWO_PI = 0.5 * math.log(2 * math.pi)


def _shift_count(xp, x, target):
    """How many unit steps bring the smallest finite x up to ``target`` (a host number: one
    explicit transfer)."""
    need = xp.where(xp.isfinite(x) & (x < target), xp.ceil(target - x), 0)
    return int(need.max().item()) if need.size else 0


def _poles(xp, x):
    """Where x is zero or a negative integer (the poles of gamma and its derivatives)."""
    return (x <= 0) & (x == xp.floor(x))


def _sin_pi_abs(xp, x):
    """|sin(pi x)|, from the distance to the nearest integer (exact), not from pi * x (rounded)."""
    return xp.abs(xp.sin(math.pi * (x - xp.round(x))))


def _lgamma_positive(xp, x):
    """log Gamma(x) for x >= 0.5: the recurrence Gamma(x) = Gamma(x + n) / (x (x+1) ... (x+n-1)) up
    to x + n >= 16, then Stirling's series with seven Bernoulli terms."""
    product = xp.ones_like(x)
    a = x.copy()
    for _ in range(_shift_count(xp, x, _ASYMPTOTIC_FROM)):
        low = a < _ASYMPTOTIC_FROM
        product = xp.where(low, product * a, product)
        a = xp.where(low, a + 1, a)
    inv = 1 / a
    inv2 = inv * inv
    series = xp.zeros_like(a)
    for j in range(7, 0, -1):
        series = series * inv2 + _BERNOULLI[j - 1] / (2 * j * (2 * j - 1))
    return (a - 0.5) * xp.log(a) - a + _HALF_LOG_TWO_PI + series * inv - xp.log(product)


def lgamma(xp, x):
    """log |Gamma(x)| elementwise (inf at 0, the negative integers and +-inf), computed in float64;
    below 1/2 from the reflection Gamma(x) Gamma(1 - x) = pi / sin(pi x)."""
    x64 = x.astype(xp.float64)
    finite = xp.isfinite(x64)
    up = xp.where(finite & (x64 >= 0.5), x64, 0.5)
    down = xp.where(finite & (x64 < 0.5), 1 - x64, 0.5)
    reflected = math.log(math.pi) - xp.log(_sin_pi_abs(xp, x64)) - _lgamma_positive(xp, down)
    out = xp.where(x64 >= 0.5, _lgamma_positive(xp, up), reflected)
    out = xp.where((x64 == 1) | (x64 == 2), 0.0, out)  # the roots, exactly
    out = xp.where(_poles(xp, x64) | xp.isinf(x64), xp.inf, out)
    return out.astype(x.dtype, copy=False)


def _digamma_positive(xp, x):
    """psi(x) for x > 0: psi(x) = psi(x + n) - sum 1/(x + k), then the asymptotic series."""
    total = xp.zeros_like(x)
    a = x.copy()
    for _ in range(_shift_count(xp, x, _ASYMPTOTIC_FROM)):
        low = a < _ASYMPTOTIC_FROM
        total = xp.where(low, total + 1 / a, total)
        a = xp.where(low, a + 1, a)
    inv2 = 1 / (a * a)
    series = xp.zeros_like(a)
    for j in range(8, 0, -1):
        series = series * inv2 + _BERNOULLI[j - 1] / (2 * j)
    return xp.log(a) - 0.5 / a - series * inv2 - total


def digamma(xp, x):
    """The digamma function psi = Gamma' / Gamma elementwise, in float64 (PyTorch's values at the
    poles: -inf at +0, +inf at -0, NaN at the negative integers); below 0 from the reflection
    psi(x) = psi(1 - x) - pi / tan(pi x)."""
    x64 = x.astype(xp.float64)
    finite = xp.isfinite(x64)
    up = xp.where(finite & (x64 > 0), x64, 1.0)
    down = xp.where(finite & (x64 < 0), 1 - x64, 1.0)
    fraction = x64 - xp.trunc(x64)
    reflected = _digamma_positive(xp, down) - math.pi / xp.tan(math.pi * fraction)
    out = xp.where(x64 > 0, _digamma_positive(xp, up), reflected)
    out = xp.where(x64 == xp.inf, xp.inf, out)
    out = xp.where((x64 < 0) & (x64 == xp.trunc(x64)), xp.nan, out)  # (-inf too)
    out = xp.where(x64 == 0, xp.copysign(xp.inf, -x64), out)
    return out.astype(x.dtype, copy=False)


def hurwitz_zeta(xp, s, q):
    """zeta(s, q) = sum over k >= 0 of (q + k)^-s, elementwise in float64 for s > 1 (a number or an
    array): the terms below q + k = s + 16 summed, the rest from the Euler-Maclaurin formula.
    PyTorch's (Cephes') values elsewhere: inf at s = 1 and at the poles (q zero or a negative
    integer), NaN for s < 1, for q = +inf, and for negative q with a fractional s."""
    target = _ASYMPTOTIC_FROM + s
    usable = xp.isfinite(q) & (s > 1)
    a = xp.where(usable, q, target)
    total = xp.zeros_like(a)
    for _ in range(_shift_count(xp, a, target)):
        low = a < target
        total = xp.where(low, total + a ** -s, total)
        a = xp.where(low, a + 1, a)
    # the tail: a^(1-s) / (s-1) + a^-s / 2 + sum_j B_2j / (2j)! * s (s+1) ... (s+2j-2) a^(-s-2j+1)
    inv = 1 / a
    term = a ** -s * inv * s / 2  # j = 1 without B_2: s a^(-s-1) / 2!
    tail = a ** (1 - s) / xp.where(s > 1, s - 1, 1) + a ** -s / 2
    for j in range(1, len(_BERNOULLI) + 1):
        tail = tail + _BERNOULLI[j - 1] * term
        term = term * inv * inv * (s + 2 * j - 1) * (s + 2 * j) / ((2 * j + 1) * (2 * j + 2))
    out = total + tail
    out = xp.where((q < 0) & (s != xp.floor(s)), xp.nan, out)
    out = xp.where(_poles(xp, q) | (q == -xp.inf), xp.inf, out)
    out = xp.where((q == xp.inf) | (q != q) | (s != s) | (s < 1), xp.nan, out)
    return xp.where(s == 1, xp.inf, out)


def trigamma(xp, x):
    """psi'(x) elementwise in float64: zeta(2, x) for x >= 1/2, else from the reflection
    psi'(x) = pi^2 / sin^2(pi x) - psi'(1 - x) (PyTorch's form, also at the poles)."""
    x64 = x.astype(xp.float64)
    up = xp.where(x64 >= 0.5, x64, 1.0)
    down = xp.where(x64 < 0.5, 1 - x64, 1.0)
    s = xp.sin(x * math.pi).astype(xp.float64)  # (pi x rounded in x's dtype, as PyTorch's float32 kernel)
    reflected = math.pi ** 2 / (s * s) - hurwitz_zeta(xp, 2, down)
    out = xp.where(x64 >= 0.5, hurwitz_zeta(xp, 2, up), reflected)
    out = xp.where(x64 == xp.inf, 0.0, out)
    return out.astype(x.dtype, copy=False)


def polygamma(xp, n, x):
    """The n-th derivative of digamma, elementwise, cast back to x's dtype: digamma (n = 0),
    trigamma (n = 1), else (-1)^(n+1) n! zeta(n + 1, x)."""
    if n == 0:
        return digamma(xp, x)
    if n == 1:
        return trigamma(xp, x)
    x64 = x.astype(xp.float64)
    out = (-1) ** (n + 1) * math.factorial(n) * hurwitz_zeta(xp, n + 1, x64)
    return out.astype(x.dtype, copy=False)


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


def i0(xp, x):
    """I0(x) elementwise (inf beyond |x| of about 713)."""
    x64 = x.astype(xp.float64)
    return (_bessel_scaled(xp, 0, x64) * xp.exp(xp.abs(x64))).astype(x.dtype, copy=False)


def i1e(xp, x):
    """exp(-|x|) I1(x) elementwise (odd in x)."""
    x64 = x.astype(xp.float64)
    return xp.copysign(_bessel_scaled(xp, 1, x64), x64).astype(x.dtype, copy=False)


def i1(xp, x):
    """I1(x) elementwise (odd in x)."""
    x64 = x.astype(xp.float64)
    return xp.copysign(_bessel_scaled(xp, 1, x64) * xp.exp(xp.abs(x64)), x64).astype(x.dtype, copy=False)


# ------------------------------------------------------------------ the normal distribution's tails
_SQRT_TWO = math.sqrt(2.0)
_LOG_SQRT_TWO_PI = 0.5 * math.log(2 * math.pi)


def log_ndtr(xp, x):
    """log Phi(x) (Phi the standard normal CDF) in float64, accurate in both tails: below -1 from
    erfcx (log(erfcx(-x / sqrt 2) / 2) - x^2 / 2), above from log1p(-erfc(x / sqrt 2) / 2)."""
    x64 = x.astype(xp.float64)
    low = xp.minimum(x64, -1.0)
    lower = xp.log(erfcx(xp, -low / _SQRT_TWO) / 2) - low * low / 2
    upper = xp.log1p(-erfc(xp, x64 / _SQRT_TWO) / 2)
    return xp.where(x64 < -1, lower, upper).astype(x.dtype, copy=False)


def ndtri(xp, p):
    """The inverse of Phi on (0, 1) (-inf at 0, inf at 1, NaN outside), elementwise, cast back to
    p's dtype: sqrt(2) erfinv(2p - 1) for p in [1/4, 3/4] (2p - 1 is exact there); in the tails
    Newton's method on log Phi(x) = log(min(p, 1 - p)) from that estimate (or the asymptotic one
    where 2p - 1 rounds to -1), then the sign for p > 1/2."""
    p64 = p.astype(xp.float64)
    central = _SQRT_TWO * erfinv_by_newton(xp, 2 * p64 - 1)
    q = xp.where((p64 > 0) & (p64 < 1), xp.minimum(p64, 1 - p64), 0.25)
    log_q = xp.log(q)
    guess = _SQRT_TWO * erfinv_by_newton(xp, 2 * q - 1)
    t = -2 * log_q
    x = xp.where(xp.isfinite(guess), guess, -xp.sqrt(t - xp.log(t) - math.log(2 * math.pi)))
    for _ in range(4):
        lp = log_ndtr(xp, x)
        slope = xp.exp(-x * x / 2 - lp - _LOG_SQRT_TWO_PI)  # d log Phi / dx = phi / Phi
        x = x - (lp - log_q) / slope
    tails = xp.where(p64 > 0.5, -x, x)
    out = xp.where((p64 >= 0.25) & (p64 <= 0.75), central, tails)
    out = xp.where(p64 == 0, -xp.inf, xp.where(p64 == 1, xp.inf, out))
    out = xp.where((p64 < 0) | (p64 > 1) | (p64 != p64), xp.nan, out)
    return out.astype(p.dtype, copy=False)


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


# ------------------------------------------------------------------ the regularized incomplete gamma function
_GAMMAINC_TOLERANCE = 1e-17
_GAMMAINC_MAX_TERMS = 5000
_TINY = 1e-300


def _until_converged(xp, step, state, check_every=25):
    """Run ``state = step(state)`` until its last entry (a relative change array) is below the
    tolerance everywhere, checking on the host (one explicit transfer) every ``check_every`` steps."""
    for n in range(1, _GAMMAINC_MAX_TERMS + 1):
        state = step(n, state)
        if n % check_every == 0 and not bool((state[-1] > _GAMMAINC_TOLERANCE).any().item()):
            break
    return state


def gammainc(xp, a, x):
    """(P(a, x), Q(a, x)), the regularized lower and upper incomplete gamma functions, elementwise in
    float64: for x < a + 1 the series of P, else the continued fraction of Q (by Lentz's method),
    the other as 1 minus it; the factor x^a exp(-x) / Gamma(a) in logarithms. PyTorch's (Cephes')
    values at the edges: NaN for a or x negative or both zero (or both infinite), P = 1 for a = 0
    or x = inf, P = 0 for x = 0 or a = inf."""
    a, x = xp.broadcast_arrays(a, x)
    regular = (a > 0) & (x > 0) & xp.isfinite(a) & xp.isfinite(x)
    a_ = xp.where(regular, a, 1.0)
    x_ = xp.where(regular, x, 1.0)
    log_factor = a_ * xp.log(x_) - x_ - lgamma(xp, a_)
    use_series = x_ < a_ + 1
    # the series: P = x^a e^-x / Gamma(a + 1) * sum_n x^n / ((a + 1) ... (a + n))
    def series_step(n, state):
        term, total, _ = state
        term = term * x_ / (a_ + n)
        return term, total + term, xp.where(use_series, xp.abs(term) / total, 0.0)
    _, total, _ = _until_converged(xp, series_step, (xp.ones_like(x_), xp.ones_like(x_), None))
    lower = xp.exp(log_factor + xp.log(total) - xp.log(a_))
    # the continued fraction: Q = x^a e^-x / Gamma(a) / (x + 1 - a - 1 (1 - a) / (x + 3 - a - ...))
    b = x_ + 1 - a_
    c = xp.full(x_.shape, 1 / _TINY)
    d = 1 / xp.where(use_series, 1.0, b)
    h = d.copy()
    def fraction_step(n, state):
        b, c, d, h, _ = state
        an = -n * (n - a_)
        b = b + 2
        d = an * d + b
        d = xp.where(xp.abs(d) < _TINY, _TINY, d)
        c = b + an / c
        c = xp.where(xp.abs(c) < _TINY, _TINY, c)
        d = 1 / d
        delta = d * c
        return b, c, d, h * delta, xp.where(use_series, 0.0, xp.abs(delta - 1))
    _, _, _, h, _ = _until_converged(xp, fraction_step, (b, c, d, h, None))
    upper = xp.exp(log_factor) * h
    p = xp.where(use_series, lower, 1 - upper)
    q = xp.where(use_series, 1 - lower, upper)
    # the edges
    nan = (a < 0) | (x < 0) | ((a == 0) & (x == 0)) | (xp.isinf(a) & xp.isinf(x)) | (a != a) | (x != x)
    one = ((a == 0) & (x > 0)) | ((x == xp.inf) & xp.isfinite(a))
    zero = ((x == 0) & (a > 0)) | ((a == xp.inf) & xp.isfinite(x))
    p = xp.where(one, 1.0, xp.where(zero, 0.0, p))
    q = xp.where(one, 0.0, xp.where(zero, 1.0, q))
    return xp.where(nan, xp.nan, p), xp.where(nan, xp.nan, q)


# ------------------------------------------------------------------ orthogonal polynomials P_n(x)
def _three_term(xp, x, n, first, second, step):
    """P_n(x) for integer arrays n from P_0 = ``first``, P_1 = ``second`` and the recurrence
    P_(k+1) = step(k, x, P_(k-1), P_k); 0 for n < 0."""
    top = int(n.max().item()) if n.size else 0
    before, current = first, second
    out = xp.where(n == 0, first, xp.where(n == 1, second, 0.0))
    for k in range(1, top):
        before, current = current, step(k, x, before, current)
        out = xp.where(n == k + 1, current, out)
    return xp.where(n < 0, 0.0, out)


def _chebyshev_step(k, x, before, current):
    return (x + x) * current - before


def _odd(n):
    return n % 2 == 1


def orthogonal_polynomial(xp, kind, x, n):
    """The polynomial of ``kind`` (PyTorch's torch.special names) of degree n (truncated to an
    integer) at x, elementwise in float64, with PyTorch's special cases: closed forms at x = +-1,
    the trigonometric form of the Chebyshev polynomials for n > 6 (T) or n > 8 (U, V, W) inside
    (-1, 1), and 0 for n < 0. The shifted Chebyshev polynomials are the plain ones at 2x - 1."""
    x, n = xp.broadcast_arrays(x, n)
    n = xp.where(n == n, n, 0).astype(xp.int64)  # (NaN degrees: PyTorch's cast gives garbage; 0 here)
    if kind.startswith("shifted_"):
        x = x + x - 1
        kind = kind[len("shifted_"):]
    one = xp.ones_like(x)
    inside = xp.abs(x) < 1
    nf = n.astype(xp.float64)
    sign_n = xp.where(_odd(n), -1.0, 1.0)
    if kind == "chebyshev_polynomial_t":
        value = _three_term(xp, x, n, one, x, _chebyshev_step)
        value = xp.where((n > 6) & inside, xp.cos(nf * xp.arccos(xp.clip(x, -1, 1))), value)
        return xp.where(xp.abs(x) == 1, xp.where(x > 0, 1.0, sign_n), value) * (n >= 0)
    if kind == "chebyshev_polynomial_u":
        value = _three_term(xp, x, n, one, x + x, _chebyshev_step)
        theta = xp.arccos(xp.clip(x, -1, 1))
        s = xp.sin(theta)
        trig = xp.where(s != 0, xp.sin((nf + 1) * theta) / xp.where(s != 0, s, 1),
                        (nf + 1) * xp.cos((nf + 1) * theta) / x)
        value = xp.where((n > 8) & inside, trig, value)
        return xp.where(xp.abs(x) == 1, xp.where(x > 0, nf + 1, sign_n * (nf + 1)), value) * (n >= 0)
    if kind == "chebyshev_polynomial_v":
        value = _three_term(xp, x, n, one, x + x - 1, _chebyshev_step)
        theta = xp.arccos(xp.clip(x, -1, 1))
        trig = xp.where(xp.sin(theta / 2) != 1, xp.cos((nf + 0.5) * theta) / xp.cos(theta / 2),
                        sign_n * (nf + nf + 1))
        value = xp.where((n > 8) & inside, trig, value)
        return xp.where(xp.abs(x) == 1, xp.where(x > 0, 1.0, sign_n * (nf + nf + 1)), value) * (n >= 0)
    if kind == "chebyshev_polynomial_w":
        value = _three_term(xp, x, n, one, x + x + 1, _chebyshev_step)
        theta = xp.arccos(xp.clip(x, -1, 1))
        trig = xp.where(xp.cos(theta / 2) != 1, xp.sin((nf + 0.5) * theta) / xp.sin(theta / 2),
                        xp.where(x > 0, nf + nf + 1, sign_n))
        value = xp.where((n > 8) & inside, trig, value)
        return xp.where(xp.abs(x) == 1, xp.where(x > 0, nf + nf + 1, sign_n), value) * (n >= 0)
    if kind == "hermite_polynomial_h":  # H_(k+1) = 2x H_k - 2k H_(k-1)
        return _three_term(xp, x, n, one, x + x, lambda k, x, b, c: (x + x) * c - (k + k) * b)
    if kind == "hermite_polynomial_he":  # He_(k+1) = x He_k - k He_(k-1)
        return _three_term(xp, x, n, one, x, lambda k, x, b, c: x * c - k * b)
    if kind == "laguerre_polynomial_l":  # (k+1) L_(k+1) = (2k + 1 - x) L_k - k L_(k-1)
        value = _three_term(xp, x, n, one, 1 - x, lambda k, x, b, c: ((k + k + 1 - x) * c - k * b) / (k + 1))
        return xp.where((x == 0) & (n >= 0), 1.0, value)
    if kind == "legendre_polynomial_p":  # (k+1) P_(k+1) = (2k + 1) x P_k - k P_(k-1)
        value = _three_term(xp, x, n, one, x, lambda k, x, b, c: ((k + k + 1) * x * c - k * b) / (k + 1))
        return xp.where((xp.abs(x) == 1) & (n >= 0), xp.where(x > 0, 1.0, sign_n), value)
    raise ValueError(kind)


# The rational approximation's coefficients for the reparameterized gamma gradient (rows: powers
# of u = log(x / alpha); columns: the numerator's then the denominator's powers of log(alpha)).
_GAMMA_GRAD_COEFFICIENTS = (
    (0.16009398, -0.094634809, 0.025146376, -0.0030648343, 1, 0.32668115, 0.10406089, 0.0014179084),
    (0.53487893, 0.1298071, 0.065735949, -0.0015649758, 0.16639465, 0.020070113, -0.0035938915, -0.00058392623),
    (0.040121004, -0.0065914022, -0.0026286047, -0.0013441777, 0.017050642, -0.0021309326, 0.00085092367,
     -1.5247877e-07),
)


def standard_gamma_grad(xp, alpha, x):
    """d x / d alpha for x ~ Gamma(alpha, 1) drawn by inversion of its cdf (the implicit
    reparameterization gradient), by PyTorch's three approximations: a Taylor series of the
    incomplete gamma function below x = 0.8, Rice's saddle point expansion for alpha > 8, and a
    bivariate rational fit elsewhere."""
    a = alpha.astype(xp.float64)
    x = x.astype(xp.float64)
    numer, denom = xp.ones_like(x), a
    series1, series2 = numer / denom, numer / (denom * denom)
    for i in range(1, 6):
        numer = numer * (-x / i)
        denom = denom + 1
        series1 = series1 + numer / denom
        series2 = series2 + numer / (denom * denom)
    x_to_a = x ** a
    pdf = x ** (a - 1) * xp.exp(-x)
    cdf_slope = (xp.log(x) - digamma(xp, a)) * (x_to_a * series1) - x_to_a * series2
    small_x = -cdf_slope / pdf
    small_x = xp.where(xp.isnan(small_x), 0.0, small_x)

    near = ((1 + 24 * a * (1 + 12 * a)) * (1440 * (a * a) + 6 * x * (53 - 120 * x) - 65 * x * x / a
                                           + a * (107 + 3600 * x)) / (1244160 * (a * a) * (a * a)))
    root = xp.sqrt(8 * a)
    term2 = root / (a - x)
    term3 = (x - a - a * xp.log(x / a)) ** -1.5
    term1 = xp.log(x / a) * xp.where(x < a, term2 - term3, term2 + term3) \
        - xp.sqrt(2 / a) * (a + x) / ((a - x) * (a - x))
    far = -(1 + 1 / (12 * a) * (1 + 1 / (24 * a))) * (x * term1) / root
    large_a = xp.where((0.9 * a <= x) & (x <= 1.1 * a), near, far)

    u, v = xp.log(x / a), xp.log(a)
    c = [c0 + u * (c1 + u * c2) for c0, c1, c2 in zip(*_GAMMA_GRAD_COEFFICIENTS)]
    p = c[0] + v * (c[1] + v * (c[2] + v * c[3]))
    q = c[4] + v * (c[5] + v * (c[6] + v * c[7]))
    rational = xp.exp(p / q)
    out = xp.where(x < 0.8, small_x, xp.where(a > 8.0, large_a, rational))
    return out.astype(alpha.dtype)
