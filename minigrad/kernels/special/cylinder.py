"""Bessel functions of the first and second kind J0, J1, Y0, Y1 and the Airy function Ai on float arrays
(computed in their dtype).

PyTorch evaluates them with the Cephes library's rational approximations (Moshier's), whose values
sit a few 1e-7 off the exact functions near the zeros; to agree with PyTorch at float64 precision
these kernels evaluate the same approximations, branch for branch, in the arrays' dtype:

- J0, J1 for |x| <= 5: a rational function of x^2 times the factors (x^2 - z^2) of the first zeros;
  beyond: Hankel's asymptotic form sqrt(2 / (pi x)) (P cos(x - phase) - (5/x) Q sin(x - phase)) with
  P and Q rational functions of (5/x)^2.
- Y0, Y1 for 0 < x <= 5: a rational function plus (2/pi) log(x) J(x) (minus 2 / (pi x) for Y1);
  beyond: the same asymptotic form with sine and cosine exchanged.
- Ai for x < -2.09: its oscillating asymptotic form; for x >= 2.09 a rational function of
  1 / zeta (zeta = 2/3 x^(3/2)) times exp(-zeta); between: the Maclaurin series.
"""
import math

# Cephes's coefficients, highest power first, evaluated as PyTorch evaluates them: each listed polynomial
# as it is (Cephes's p1evl adds a leading coefficient 1 to the denominators; PyTorch's loops do not,
# which moves its values by up to a few 1e-7, and minigrad matches PyTorch)
_J0_R_NUM = (-4.79443220978201773821e+09, 1.95617491946556577543e+12, -2.49248344360967716204e+14,
             9.70862251047306323952e+15)
_J0_R_DEN = (4.99563147152651017219e+02, 1.73785401676374683123e+05, 4.84409658339962045305e+07,
             1.11855537045356834862e+10, 2.11277520115489217587e+12, 3.10518229857422583814e+14,
             3.18121955943204943306e+16, 1.71086294081043136091e+18)
_J0_ZEROS_SQUARED = (5.78318596294678452118e+00, 3.04712623436620863991e+01)
_J1_R_NUM = (-8.99971225705559398224e+08, 4.52228297998194034323e+11, -7.27494245221818276015e+13,
             3.68295732863852883286e+15)
_J1_R_DEN = (6.20836478118054335476e+02, 2.56987256757748830383e+05, 8.35146791431949253037e+07,
             2.21511595479792499675e+10, 4.74914122079991414898e+12, 7.84369607876235854894e+14,
             8.95222336184627338078e+16, 5.32278620332680085395e+18)
_J1_ZEROS_SQUARED = (1.46819706421238932572e+01, 4.92184563216946036703e+01)

# the asymptotic forms' P = P_NUM / P_DEN and Q = Q_NUM / Q_DEN, in (5/x)^2, for order 0 and order 1
_P0_NUM = (7.96936729297347051624e-04, 8.28352392107440799803e-02, 1.23953371646414299388e+00,
           5.44725003058768775090e+00, 8.74716500199817011941e+00, 5.30324038235394892183e+00,
           9.99999999999999997821e-01)
_P0_DEN = (9.24408810558863637013e-04, 8.56288474354474431428e-02, 1.25352743901058953537e+00,
           5.47097740330417105182e+00, 8.76190883237069594232e+00, 5.30605288235394617618e+00,
           1.00000000000000000218e+00)
_Q0_NUM = (-1.13663838898469149931e-02, -1.28252718670509318512e+00, -1.95539544257735972385e+01,
           -9.32060152123768231369e+01, -1.77681167980488050595e+02, -1.47077505154951170175e+02,
           -5.14105326766599330220e+01, -6.05014350600728481186e+00)
_Q0_DEN = (6.43178256118178023184e+01, 8.56430025976980587198e+02, 3.88240183605401609683e+03,
           7.24046774195652478189e+03, 5.93072701187316984827e+03, 2.06209331660327847417e+03,
           2.42005740240291393179e+02)
_P1_NUM = (7.62125616208173112003e-04, 7.31397056940917570436e-02, 1.12719608129684925192e+00,
           5.11207951146807644818e+00, 8.42404590141772420927e+00, 5.21451598682361504063e+00,
           1.00000000000000000254e+00)
_P1_DEN = (5.71323128072548699714e-04, 6.88455908754495404082e-02, 1.10514232634061696926e+00,
           5.07386386128601488557e+00, 8.39985554327604159757e+00, 5.20982848682361821619e+00,
           9.99999999999999997461e-01)
_Q1_NUM = (5.10862594750176621635e-02, 4.98213872951233449420e+00, 7.58238284132545283818e+01,
           3.66779609360150777800e+02, 7.10856304998926107277e+02, 5.97489612400613639965e+02,
           2.11688757100572135698e+02, 2.52070205858023719784e+01)
_Q1_DEN = (7.42373277035675149943e+01, 1.05644886038262816351e+03, 4.98641058337653607651e+03,
           9.56231892404756170795e+03, 7.99704160447350683650e+03, 2.82619278517639096600e+03,
           3.36093607810698293419e+02)

_Y0_NUM = (1.55924367855235737965e+04, -1.46639295903971606143e+07, 5.43526477051876500413e+09,
           -9.82136065717911466409e+11, 8.75906394395366999549e+13, -3.46628303384729719441e+15,
           4.42733268572569800351e+16, -1.84950800436986690637e+16)
_Y0_DEN = (1.04128353664259848412e+03, 6.26107330137134956842e+05, 2.68919633393814121987e+08,
           8.64002487103935000337e+10, 2.02979612750105546709e+13, 3.17157752842975028269e+15,
           2.50596256172653059228e+17)
_Y1_NUM = (1.26320474790178026440e+09, -6.47355876379160291031e+11, 1.14509511541823727583e+14,
           -8.12770255501325109621e+15, 2.02439475713594898196e+17, -7.78877196265950026825e+17)
_Y1_DEN = (5.94301592346128195359e+02, 2.35564092943068577943e+05, 7.34811944459721705660e+07,
           1.87601316108706159478e+10, 3.88231277496238566008e+12, 6.20557727146953693363e+14,
           6.87141087355300489866e+16, 3.97270608116560655612e+18)

_TWO_OVER_PI = 0.636619772367581343075535053490057448
_SQRT_TWO_OVER_PI = 0.797884560802865355879892119868763737
_QUARTER_PI = 0.785398163397448309615660845819875721
_THREE_QUARTERS_PI = 2.356194490192344928846982537459627163
#: below it the rational forms, above it the asymptotic ones
_SPLIT = 5.0


def _horner(coefficients, t):
    """The polynomial with these coefficients (highest power first) at t."""
    out = coefficients[0] + 0 * t
    for c in coefficients[1:]:
        out = out * t + c
    return out


def _hankel(xp, x, order, second_kind):
    """The asymptotic form beyond |x| = 5 of J_order (Y_order if ``second_kind``) at x >= 5."""
    p_num, p_den, q_num, q_den = ((_P0_NUM, _P0_DEN, _Q0_NUM, _Q0_DEN) if order == 0 else
                                  (_P1_NUM, _P1_DEN, _Q1_NUM, _Q1_DEN))
    w = 5.0 / x
    t = w * w if order else 25.0 / (x * x)  # (as Cephes writes each order: the roundings differ)
    p = _horner(p_num, t) / _horner(p_den, t)
    q = _horner(q_num, t) / _horner(q_den, t)
    phase = x - (_THREE_QUARTERS_PI if order else _QUARTER_PI)
    if second_kind:
        wave = p * xp.sin(phase) + w * q * xp.cos(phase)
    else:
        wave = p * xp.cos(phase) - w * q * xp.sin(phase)
    return wave * _SQRT_TWO_OVER_PI / xp.sqrt(x)


def _j1_near(x):
    """J1 for 0 <= x <= 5 (its rational form)."""
    t = x * x
    return _horner(_J1_R_NUM, t) / _horner(_J1_R_DEN, t) * x * (t - _J1_ZEROS_SQUARED[0]) * (t - _J1_ZEROS_SQUARED[1])


def _split(xp, a):
    """a clipped into [0, 5] and into [5, inf) (NaN kept), for computing both branches without warnings."""
    return xp.minimum(a, _SPLIT), xp.where(a <= _SPLIT, _SPLIT, a)


def bessel_j0(xp, x):
    """J0(x) elementwise in float64 (even in x)."""
    a = xp.abs(x)
    near, far = _split(xp, a)
    t = near * near
    rational = (t - _J0_ZEROS_SQUARED[0]) * (t - _J0_ZEROS_SQUARED[1]) * _horner(_J0_R_NUM, t) / _horner(_J0_R_DEN, t)
    rational = xp.where(near < 1e-5, 1 - t / 4, rational)
    return xp.where(a <= _SPLIT, rational, _hankel(xp, far, 0, False))


def bessel_j1(xp, x):
    """J1(x) elementwise in float64 (odd in x)."""
    a = xp.abs(x)
    near, far = _split(xp, a)
    out = xp.where(a <= _SPLIT, _j1_near(near), _hankel(xp, far, 1, False))
    return xp.where(xp.signbit(x), -out, out)  # (-0.0 gives -0.0, as PyTorch's -J1(-x))


def bessel_y0(xp, x):
    """Y0(x) elementwise in float64 (-inf at 0, NaN below)."""
    near, far = _split(xp, xp.where(x <= 0, 1.0, x))
    t = near * near
    rational = _horner(_Y0_NUM, t) / _horner(_Y0_DEN, t) + _TWO_OVER_PI * xp.log(near) * bessel_j0(xp, near)
    out = xp.where(x <= _SPLIT, rational, _hankel(xp, far, 0, True))
    return xp.where(x == 0, -xp.inf, xp.where(x < 0, xp.nan, out))


def bessel_y1(xp, x):
    """Y1(x) elementwise in float64 (-inf at 0, NaN below)."""
    near, far = _split(xp, xp.where(x <= 0, 1.0, x))
    t = near * near
    rational = near * (_horner(_Y1_NUM, t) / _horner(_Y1_DEN, t)) + _TWO_OVER_PI * (
        _j1_near(near) * xp.log(near) - 1 / near)
    out = xp.where(x <= _SPLIT, rational, _hankel(xp, far, 1, True))
    return xp.where(x == 0, -xp.inf, xp.where(x < 0, xp.nan, out))


# ------------------------------------------------------------------ the Airy function Ai
_AI_LARGE_NUM = (3.46538101525629032477e-01, 1.20075952739645805542e+01, 7.62796053615234516538e+01,
                 1.68089224934630576269e+02, 1.59756391350164413639e+02, 7.05360906840444183113e+01,
                 1.40264691163389668864e+01, 9.99999999999999995305e-01)
_AI_LARGE_DEN = (5.67594532638770212846e-01, 1.47562562584847203173e+01, 8.45138970141474626562e+01,
                 1.77318088145400459522e+02, 1.64234692871529701831e+02, 7.14778400825575695274e+01,
                 1.40959135607834029598e+01, 1.00000000000000000470e+00)
_AI_F_NUM = (-1.31696323418331795333e-01, -6.26456544431912369773e-01, -6.93158036036933542233e-01,
             -2.79779981545119124951e-01, -4.91900132609500318020e-02, -4.06265923594885404393e-03,
             -1.59276496239262096340e-04, -2.77649108155232920844e-06, -1.67787698489114633780e-08)
_AI_F_DEN = (1.33560420706553243746e+01, 3.26825032795224613948e+01, 2.67367040941499554804e+01,
             9.18707402907259625840e+00, 1.47529146771666414581e+00, 1.15687173795188044134e-01,
             4.40291641615211203805e-03, 7.54720348287414296618e-05, 4.51850092970580378464e-07)
_AI_G_NUM = (1.97339932091685679179e-02, 3.91103029615688277255e-01, 1.06579897599595591108e+00,
             9.39169229816650230044e-01, 3.51465656105547619242e-01, 6.33888919628925490927e-02,
             5.85804113048388458567e-03, 2.82851600836737019778e-04, 6.98793669997260967291e-06,
             8.11789239554389293311e-08, 3.41551784765923618484e-10)
_AI_G_DEN = (9.30892908077441974853e+00, 1.98352928718312140417e+01, 1.55646628932864612953e+01,
             5.47686069422975497931e+00, 9.54293611618961883998e-01, 8.64580826352392193095e-02,
             4.12656523824222607191e-03, 1.01259085116509135510e-04, 1.17166733214413521882e-06,
             4.91834570062930015649e-09)
_ONE_OVER_SQRT_PI = 5.64189583547756286948e-01
#: Ai(0) and -Ai'(0), the Maclaurin series' two parts' weights
_AI_F_WEIGHT, _AI_G_WEIGHT = 0.355028053887817239260, 0.258819403792806798405
#: below -_AI_SPLIT the oscillating form, above _AI_SPLIT the decaying one, between the series
_AI_SPLIT = 2.09
_AI_UNDERFLOW = 103.892
_AI_SERIES_TERMS = 30  # the terms are below 1e-40 of the sum by then for |x| < 2.09


def _airy_series(xp, x):
    """Ai(x) for |x| < 2.09 from its Maclaurin series f(x^3) Ai(0) + x g(x^3) Ai'(0)."""
    z = x * x * x
    f, g = xp.ones_like(x), x.copy()
    m, n, k = xp.ones_like(x), x.copy(), 1.0
    for _ in range(_AI_SERIES_TERMS):
        m = m * z / (k + 1) / (k + 2)
        n = n * z / (k + 2) / (k + 3)
        f, g, k = f + m, g + n, k + 3
    return _AI_F_WEIGHT * f - _AI_G_WEIGHT * g


def airy_ai(xp, x):
    """The Airy function Ai(x) elementwise in float64 (0 beyond x = 103.892, NaN at +-inf)."""
    series = _airy_series(xp, xp.clip(x, -_AI_SPLIT, _AI_SPLIT))
    neg = xp.minimum(x, -_AI_SPLIT)
    root = xp.sqrt(-neg)
    zeta = -2.0 * neg * root / 3.0
    w = 1.0 / zeta
    t = w * w
    phase = zeta + 0.25 * math.pi
    oscillating = _ONE_OVER_SQRT_PI / xp.sqrt(root) * (
        xp.sin(phase) * (1.0 + t * _horner(_AI_F_NUM, t) / _horner(_AI_F_DEN, t))
        - xp.cos(phase) * (w * _horner(_AI_G_NUM, t) / _horner(_AI_G_DEN, t)))
    pos = xp.clip(x, _AI_SPLIT, _AI_UNDERFLOW)
    zeta = 2.0 * pos * xp.sqrt(pos) / 3.0
    decaying = _ONE_OVER_SQRT_PI * (_horner(_AI_LARGE_NUM, 1.0 / zeta) / _horner(_AI_LARGE_DEN, 1.0 / zeta)) / (
        2.0 * xp.sqrt(xp.sqrt(pos)) * xp.exp(zeta))
    out = xp.where(x < -_AI_SPLIT, oscillating, xp.where(x >= _AI_SPLIT, decaying, series))
    return xp.where(xp.isinf(x), xp.nan, xp.where(x > _AI_UNDERFLOW, 0.0, out))
