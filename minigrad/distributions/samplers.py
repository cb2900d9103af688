"""Gamma and Poisson variates from PyTorch's CPU random stream, value for value: PyTorch's
samplers run on the same float64 uniforms and Box-Muller normals, with its float32 rounding where
it computes in float32. Gamma: Marsaglia and Tsang's method, concentrations below 1 boosted by a
uniform's power. Poisson: multiplying uniforms below rate 10, Hormann's transformed rejection
from 10 on. The draws are made one value at a time on the host, as PyTorch's serial kernels make
them; the samples carry no gradient (PyTorch's reparameterized gradient in a gamma concentration
is not provided)."""
import math

import numpy as np

from .. import float32, tensor
from ..random import default_generator

__all__ = ["poisson", "sample_dirichlet", "standard_gamma"]

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
        if math.log(v) + math.log(inv_alpha) - math.log(a / (us * us) + b) <= -rate + k * log_rate - math.lgamma(k + 1.0):
            return k


def poisson(rate):
    """Poisson(rate) counts of ``rate``'s dtype (as ``torch.poisson``)."""
    stream = default_generator.rng
    rates = rate.detach().cpu().numpy()
    counts = [_one_poisson(r, stream) for r in rates.astype(np.float64).reshape(-1).tolist()]
    return tensor(np.array(counts, dtype=rates.dtype).reshape(rates.shape), device=rate.device)
