"""The error function on arrays, with the array module's operations only (NumPy or CuPy).

NumPy has no ``erf``. Where SciPy (or CuPy's ``cupyx.scipy``) is installed its kernel is used;
otherwise two classical expansions evaluated by Horner's rule give it to a few float64 ulps:

- |x| < 2.5: the series erf(a) = 2/sqrt(pi) * a * exp(-a^2) * sum_n (2a^2)^n / (1*3*...*(2n+1)),
  whose terms are all positive (no cancellation);
- |x| >= 2.5: the continued fraction erfc(a) = exp(-a^2)/sqrt(pi) / (a + (1/2)/(a + 1/(a + (3/2)/(a + ...)))),
  then erf = 1 - erfc.

``normal_cdf`` gives gelu its Phi(x) = (1 + erf(x / sqrt 2)) / 2 (and exp(-x^2 / 2), which gelu's
gradient reads); for float32 from a polynomial of its own (below), 5x faster than SciPy's erf.

Also the normal distribution's tails, ``log_ndtr`` and ``ndtri``.
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
        return _scipy_erf()(x).astype(x.dtype, copy=False)  # (SciPy has no float16 loop: float64 otherwise)
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
    if x.dtype.kind != "f" or x.dtype.itemsize != 4 or not x.ndim:  # (not float32; dtype.name costs 2 us)
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
