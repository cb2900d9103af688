"""Gamma, Poisson and binomial variates from PyTorch's CPU random stream, value for value:
PyTorch's samplers run on the same float64 uniforms and Box-Muller normals, with its float32
rounding where it computes in float32. Gamma: Marsaglia and Tsang's method, concentrations below
1 boosted by a uniform's power. Poisson: multiplying uniforms below rate 10, Hormann's
transformed rejection from 10 on. Binomial: counting geometric waiting times below a mean of 10
(of the rarer outcome), Hormann's BTRS rejection from 10 on. (One float32 step, the log1p of the
inversion branch, is PyTorch's C library's log1pf, which is not correctly rounded; this rounds
correctly: a count differs only where a ratio of logs lands within that last bit of an integer.)

The draws are made one value at a time on the host, as PyTorch's serial kernels make them; the
samples carry no gradient (``ops.gamma.ReparameterizedGamma`` gives a gamma sample its gradient
in the concentration)."""
import math

import numpy as np

from .. import float32, tensor
from ..random import default_generator

__all__ = ["binomial", "poisson", "sample_dirichlet", "standard_gamma"]

_STIRLING_TAILS = (0.0810614667953272, 0.0413406959554092, 0.0276779256849983, 0.02079067210376509,
                   0.0166446911898211, 0.0138761288230707, 0.0118967099458917, 0.0104112652619720,
                   0.00925546218271273, 0.00833056343336287)

_ONE_THIRD = float(np.float32(1.0) / np.float32(3.0))  # (PyTorch's 1.0f / 3.0f, a float32 constant)
_SQUEEZE = float(np.float32(0.0331))


def _one_gamma(alpha, stream, in_float32):
    """One Gamma(alpha, 1) variate; ``in_float32`` rounds the steps PyTorch computes in float32."""
    scale = 1.0
    if alpha < 1.0:
        if alpha == 0.0:
            return 0.0
        power = float(np.float32(1.0) / np.float32(alpha)) if in_float32 else 1.0 / alpha
        scale *= math.pow(1.0 - stream._uniform(1, np.float64)[0], power)
        alpha = float(np.float32(alpha) + np.float32(1.0)) if in_float32 else alpha + 1.0
    d = float(np.float32(alpha) - np.float32(_ONE_THIRD)) if in_float32 else alpha - _ONE_THIRD
    c = 1.0 / math.sqrt(9.0 * d)
    while True:
        x = stream._one_normal()
        y = 1.0 + c * x
        while y <= 0:
            x = stream._one_normal()
            y = 1.0 + c * x
        v = y * y * y
        u = 1.0 - float(stream._uniform(1, np.float64)[0])
        xx = x * x
        if u < 1.0 - _SQUEEZE * xx * xx or math.log(u) < 0.5 * xx + d * (1.0 - v + math.log(v)):
            return scale * d * v


def _gammas(concentration, in_float32):
    """float64 variates, one per entry of the Tensor ``concentration``, in memory order."""
    stream = default_generator.rng
    alphas = concentration.detach().cpu().numpy().astype(np.float64).reshape(-1).tolist()
    return np.array([_one_gamma(a, stream, in_float32) for a in alphas], dtype=np.float64).reshape(
        tuple(concentration.shape))


def standard_gamma(concentration):
    """Gamma(concentration, 1) samples (as ``torch._standard_gamma``), at least the dtype's
    smallest normal number."""
    dtype = np.float32 if concentration.dtype == float32 else np.float64
    values = _gammas(concentration, dtype == np.float32).astype(dtype)
    return tensor(np.maximum(values, np.finfo(dtype).tiny), device=concentration.device)


def sample_dirichlet(concentration):
    """Dirichlet samples (as ``torch._sample_dirichlet``): float64 gammas normalised over the last
    dimension, kept inside [tiny, the float below 1]."""
    dtype = np.float32 if concentration.dtype == float32 else np.float64
    gammas = np.maximum(_gammas(concentration, False), np.finfo(np.float64).tiny)
    values = (gammas / gammas.sum(-1, keepdims=True)).astype(dtype)
    values = np.clip(values, np.finfo(dtype).tiny, np.nextafter(dtype(1.0), dtype(0.0)))
    return tensor(values, device=concentration.device)


def _one_poisson(rate, stream):
    """One Poisson(rate) count."""
    if rate == 0:
        return 0
    if rate < 10:  # (count the uniforms whose running product stays above exp(-rate))
        threshold, count, product = math.exp(-rate), 0, 1.0
        while True:
            product *= stream._uniform(1, np.float64)[0]
            if product <= threshold:
                return count
            count += 1
    root, log_rate = math.sqrt(rate), math.log(rate)
    b = 0.931 + 2.53 * root
    a = -0.059 + 0.02483 * b
    inv_alpha = 1.1239 + 1.1328 / (b - 3.4)
    v_r = 0.9277 - 3.6224 / (b - 2)
    while True:
        u = stream._uniform(1, np.float64)[0] - 0.5
        v = stream._uniform(1, np.float64)[0]
        us = 0.5 - abs(u)
        k = math.floor((2 * a / us + b) * u + rate + 0.43)
        if us >= 0.07 and v <= v_r:
            return k
        if k < 0 or (us < 0.013 and v > us):
            continue
        log_density = -rate + k * log_rate - math.lgamma(k + 1.0)
        if math.log(v) + math.log(inv_alpha) - math.log(a / (us * us) + b) <= log_density:
            return k


def poisson(rate, generator=None):
    """Poisson(rate) counts of ``rate``'s dtype (as ``torch.poisson``)."""
    stream = (generator or default_generator).rng
    rates = rate.detach().cpu().numpy()
    counts = [_one_poisson(r, stream) for r in rates.astype(np.float64).reshape(-1).tolist()]
    return tensor(np.array(counts, dtype=rates.dtype).reshape(rates.shape), device=rate.device)


def _stirling_tail(k):
    """log(k!) less its Stirling approximation (tabulated up to 9)."""
    if k <= 9:
        return _STIRLING_TAILS[int(k)]
    kp1sq = (k + 1) * (k + 1)
    return (1.0 / 12 - (1.0 / 360 - 1.0 / 1260 / kp1sq) / kp1sq) / (k + 1)


def _f32(x, in_float32):
    return float(np.float32(x)) if in_float32 else x


def _binomial_inversion(n, p, uniform, in_float32):
    """Successes counted as geometric waiting times (in trials) until they pass n."""
    log_q = _f32(math.log1p(-p), in_float32)
    waited, count = 0.0, 0.0
    while True:
        waited += math.ceil(math.log(uniform()) / log_q)
        if waited > n:
            return count
        count += 1


def _binomial_btrs(n, p, uniform, in_float32):
    """Hormann's transformed rejection (BTRS) for n p >= 10 and p <= 1/2."""
    r32 = (lambda x: x) if not in_float32 else (lambda x: float(np.float32(x)))
    stddev = math.sqrt(r32(r32(n * p) * r32(1 - p)))
    stddev = r32(stddev)
    b = 1.15 + 2.53 * stddev
    a = -0.0873 + 0.0248 * b + 0.01 * p
    c = r32(n * p) + 0.5
    v_r = 0.92 - 4.2 / b
    r = r32(p / r32(1 - p))
    alpha = (2.83 + 5.1 / b) * stddev
    m = math.floor(r32((n + 1) * p))
    while True:
        u = uniform() - 0.5
        v = uniform()
        us = 0.5 - abs(u)
        k = r32(math.floor((2 * a / us + b) * u + c))
        if k < 0 or k > n:
            continue
        if us >= 0.07 and v <= v_r:
            return k
        v = math.log(v * alpha / (a / (us * us) + b))
        bound = ((m + 0.5) * math.log((m + 1) / (r * (n - m + 1))) + (n + 1) * math.log((n - m + 1) / (n - k + 1))
                 + (k + 0.5) * math.log(r * (n - k + 1) / (k + 1)) + _stirling_tail(m) + _stirling_tail(n - m)
                 - _stirling_tail(k) - _stirling_tail(n - k))
        if v <= bound:
            return k


def _one_binomial(n, p, stream, in_float32):
    """One Binomial(n, p) count (n, p already of the dtype's precision)."""
    def uniform():
        return stream._uniform(1, np.float64)[0]
    if n <= 0.0 or p <= 0.0:
        return 0.0
    if p >= 1.0:
        return n
    flip = p > 0.5
    q = _f32(1.0 - p, in_float32) if flip else p
    draw = _binomial_btrs if _f32(n * q, in_float32) >= 10.0 else _binomial_inversion
    k = draw(n, q, uniform, in_float32)
    return n - k if flip else k


def binomial(total_count, probs, generator=None):
    """Binomial(total_count, probs) counts of the dtype of ``probs`` (as ``torch.binomial``)."""
    stream = (generator or default_generator).rng
    dtype = probs.detach().cpu().numpy().dtype
    in_float32 = dtype == np.float32
    ns = total_count.detach().cpu().numpy().astype(dtype).astype(np.float64).reshape(-1).tolist()
    ps = probs.detach().cpu().numpy().astype(np.float64).reshape(-1).tolist()
    counts = [_one_binomial(n, p, stream, in_float32) for n, p in zip(ns, ps)]
    return tensor(np.array(counts, dtype=dtype).reshape(tuple(probs.shape)), device=probs.device)
