"""Orthogonal polynomials P_n(x) (Chebyshev, Hermite, Laguerre, Legendre) by their three-term recurrences.
"""


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
