"""Shared pieces of the distribution tests: the distributions built the same way on both
libraries from NumPy parameters, hypothesis strategies for valid parameters and values, and
comparisons against PyTorch: one method's values and gradients, seeded draws, rsample's
gradients and KL divergences; PyTorch's digamma with an accurate derivative."""
import contextlib

import numpy as np
import scipy.special
import torch
import torch.distributions as TD
from hypothesis import strategies as st

import minigrad
import minigrad.distributions as D
from parity.helpers import assert_close

LIBS = ((minigrad, D), (torch, TD))

batch_shapes = st.lists(st.integers(1, 4), min_size=0, max_size=2).map(tuple)


def floats(low, high):
    """Finite float64 values in [low, high]."""
    return st.floats(low, high, allow_nan=False, allow_infinity=False, width=64)


def arrays(data, shape, low, high):
    """A float64 array of ``shape`` with entries in [low, high] drawn from ``data``."""
    values = data.draw(st.lists(floats(low, high), min_size=int(np.prod(shape)), max_size=int(np.prod(shape))))
    return np.array(values, dtype=np.float64).reshape(shape)


# Each entry: how to build the distribution from its parameter tensors, each parameter's range, and
# a value drawer: (data, params as arrays, shape) -> a NumPy value inside the support.
def _inside(low_key, high_key):
    def draw(data, p, shape):
        u = arrays(data, shape, 0.0, 0.999)
        return p[low_key] + u * (p[high_key] - p[low_key])
    return draw


def _uniform_params(data, shape):
    low = arrays(data, shape, -5, 5)
    return {"low": low, "high": low + arrays(data, shape, 0.1, 5)}


def _categorical_params(key):
    def draw(data, shape):
        k = data.draw(st.integers(1, 5))
        if key == "probs":
            return {"probs": arrays(data, shape + (k,), 0.01, 3)}
        return {"logits": arrays(data, shape + (k,), -5, 5)}
    return draw


def _class_index(data, p, shape):
    k = next(iter(p.values())).shape[-1]
    return np.array(data.draw(st.lists(st.integers(0, k - 1), min_size=int(np.prod(shape)),
                                       max_size=int(np.prod(shape)))), dtype=np.int64).reshape(shape)


def _one_hot(data, p, shape):
    k = next(iter(p.values())).shape[-1]
    return np.eye(k)[_class_index(data, p, shape)]


def ranged_params(**ranges):
    """A parameter drawer: each named parameter an array of the batch shape with entries in its range."""
    return lambda data, shape: {name: arrays(data, shape, *r) for name, r in ranges.items()}


SPECS = {
    "Normal": dict(make=lambda D, loc, scale: D.Normal(loc, scale), params=ranged_params(loc=(-5, 5), scale=(0.1, 5)),
                   value=lambda data, p, shape: arrays(data, shape, -10, 10), continuous=True),
    "Laplace": dict(make=lambda D, loc, scale: D.Laplace(loc, scale), params=ranged_params(loc=(-5, 5), scale=(0.1, 5)),
                    value=lambda data, p, shape: arrays(data, shape, -10, 10), continuous=True),
    "LogNormal": dict(make=lambda D, loc, scale: D.LogNormal(loc, scale), params=ranged_params(loc=(-2, 2), scale=(0.1, 2)),
                      value=lambda data, p, shape: arrays(data, shape, 0.01, 20), continuous=True),
    "Exponential": dict(make=lambda D, rate: D.Exponential(rate), params=ranged_params(rate=(0.1, 5)),
                        value=lambda data, p, shape: arrays(data, shape, 0, 10), continuous=True),
    "Uniform": dict(make=lambda D, low, high: D.Uniform(low, high), params=_uniform_params,
                    value=_inside("low", "high"), continuous=True),
    "Bernoulli_probs": dict(make=lambda D, probs: D.Bernoulli(probs), params=ranged_params(probs=(0.01, 0.99)),
                            value=lambda data, p, shape: arrays(data, shape, 0, 1).round(), continuous=False),
    "Bernoulli_logits": dict(make=lambda D, logits: D.Bernoulli(logits=logits), params=ranged_params(logits=(-5, 5)),
                             value=lambda data, p, shape: arrays(data, shape, 0, 1).round(), continuous=False),
    "Categorical_probs": dict(make=lambda D, probs: D.Categorical(probs), params=_categorical_params("probs"),
                              value=_class_index, continuous=False),
    "Categorical_logits": dict(make=lambda D, logits: D.Categorical(logits=logits),
                               params=_categorical_params("logits"), value=_class_index, continuous=False),
    "OneHotCategorical_probs": dict(make=lambda D, probs: D.OneHotCategorical(probs),
                                    params=_categorical_params("probs"), value=_one_hot, continuous=False),
    "OneHotCategorical_logits": dict(make=lambda D, logits: D.OneHotCategorical(logits=logits),
                                     params=_categorical_params("logits"), value=_one_hot, continuous=False),
    "Independent_Normal": dict(make=lambda D, loc, scale: D.Independent(D.Normal(loc, scale), 1),
                               params=lambda data, shape: ranged_params(loc=(-5, 5), scale=(0.1, 5))(data, shape + (3,)),
                               value=lambda data, p, shape: arrays(data, shape + (3,), -10, 10), continuous=True),
}


def draw_case(data, name):
    """(parameters as arrays, a value in the support) for the distribution ``name``."""
    return draw_case_of(data, SPECS[name])


def draw_case_of(data, spec):
    """(parameters as arrays, a value in the support) for a spec (``make``, ``params``, ``value``)."""
    shape = data.draw(batch_shapes)
    params = spec["params"](data, shape)
    value_shape = data.draw(st.sampled_from([shape, (2,) + shape]))  # (a sample dimension in front, too)
    return params, spec["value"](data, params, value_shape)


def compare(make, what, params, value=None, value_grad=False, dtype="float64", seed=0, **kwargs):
    """``make(D, **param_tensors)`` then ``what`` (a method, called with ``value`` when given, or
    a property) on both libraries: the outputs and the gradients of every parameter (and of
    ``value`` with ``value_grad``) under the same upstream gradient agree with PyTorch's."""
    results = []
    upstream = None
    for L, DL in LIBS:
        tensors = {k: L.tensor(v, dtype=getattr(L, dtype), requires_grad=True) for k, v in params.items()}
        dist = make(DL, **tensors, **kwargs)
        args = ()
        if value is not None:
            vdtype = getattr(L, dtype) if np.asarray(value).dtype.kind == "f" else None
            args = (L.tensor(value, dtype=vdtype, requires_grad=value_grad),)
        attr = getattr(dist, what)
        out = attr(*args) if callable(attr) else attr
        if upstream is None:
            upstream = np.random.default_rng(seed).standard_normal(tuple(out.shape)).astype(dtype)
        if out.requires_grad:
            out.backward(L.tensor(upstream, dtype=out.dtype))
        grads = {k: t.grad for k, t in tensors.items()}
        if args:
            grads["value"] = args[0].grad
        results.append((out, grads))
    (ours, our_grads), (theirs, their_grads) = results
    assert ours.requires_grad == theirs.requires_grad, f"{what}: requires_grad differs"
    assert_close(ours.detach().numpy(), theirs.detach().numpy(), what=what)
    for k in their_grads:
        assert (our_grads[k] is None) == (their_grads[k] is None), f"gradient of {k}: None-ness differs"
        if their_grads[k] is not None:
            assert_close(our_grads[k].numpy(), their_grads[k].numpy(), what=f"gradient of {k}")
    return theirs


def seeded_draws(make, params, seed, method="sample", sample_shape=(), dtype="float64"):
    """``make(D, **param_tensors).<method>(sample_shape)`` on both libraries, each after
    ``manual_seed(seed)``: [ours, theirs]."""
    out = []
    for L, DL in LIBS:
        tensors = {k: L.tensor(v, dtype=getattr(L, dtype)) for k, v in params.items()}
        L.manual_seed(seed)
        out.append(getattr(make(DL, **tensors), method)(sample_shape))
    return out


def compare_rsample(make, params, seed, sample_shape=(2,)):
    """``make(D, **param_tensors).rsample(sample_shape)`` on both libraries after ``manual_seed(seed)``:
    the samples, and every parameter's gradient under the same upstream gradient, agree with PyTorch's."""
    results, upstream = [], None
    for L, DL in LIBS:
        tensors = {k: L.tensor(v, requires_grad=True) for k, v in params.items()}
        L.manual_seed(seed)
        x = make(DL, **tensors).rsample(sample_shape)
        if upstream is None:
            upstream = np.random.default_rng(seed).standard_normal(tuple(x.shape))
        x.backward(L.tensor(upstream))
        results.append((x, {k: t.grad.numpy() for k, t in tensors.items()}))
    (ours, our_grads), (theirs, their_grads) = results
    assert ours.requires_grad
    assert_close(ours.detach().numpy(), theirs.detach().numpy(), what="rsample")
    for k in their_grads:
        assert_close(our_grads[k], their_grads[k], what=f"gradient of {k}")


def compare_kl(make_p, make_q, p, q, seed=0):
    """``kl_divergence(make_p(D, **p), make_q(D, **q))`` on both libraries: the values, whether they
    require a gradient, and the gradients of p's and q's parameters under the same upstream gradient
    (none where a parameter gets none) agree with PyTorch's. (An infinite KL is a constant.)"""
    results, upstream = [], None
    for L, DL in LIBS:
        tp = {k: L.tensor(v, requires_grad=True) for k, v in p.items()}
        tq = {k: L.tensor(v, requires_grad=True) for k, v in q.items()}
        out = DL.kl_divergence(make_p(DL, **tp), make_q(DL, **tq))
        if upstream is None:
            upstream = np.random.default_rng(seed).standard_normal(tuple(out.shape))
        if out.requires_grad:
            out.backward(L.tensor(upstream))
        results.append((out.detach().numpy(), [t.grad for t in (*tp.values(), *tq.values())], out.requires_grad))
    (ours, our_grads, our_rg), (theirs, their_grads, their_rg) = results
    assert our_rg == their_rg
    assert_close(ours, theirs, what="kl")
    for i, (a, b) in enumerate(zip(our_grads, their_grads)):
        assert (a is None) == (b is None), f"gradient of parameter {i}: None-ness differs"
        if b is not None:
            assert_close(a.numpy(), b.numpy(), what=f"gradient of parameter {i}")


class _DigammaWithAccurateDerivative(torch.autograd.Function):
    """torch.digamma, differentiated with an accurate trigamma: PyTorch's CPU trigamma (digamma's
    derivative) is off by up to ~1e-9 relative (a short asymptotic series; SciPy and minigrad are
    exact to rounding), which shows where the gradients of digamma terms nearly cancel."""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return _TORCH_DIGAMMA(x)

    @staticmethod
    def backward(ctx, g):
        (x,) = ctx.saved_tensors
        return g * torch.from_numpy(scipy.special.polygamma(1, x.detach().numpy())).to(x.dtype)


_TORCH_DIGAMMA = torch.digamma


@contextlib.contextmanager
def accurate_trigamma():
    """PyTorch's distributions computing digamma with an accurate derivative (first order)."""
    method = torch.Tensor.digamma
    torch.digamma = _DigammaWithAccurateDerivative.apply
    torch.Tensor.digamma = lambda self: _DigammaWithAccurateDerivative.apply(self)
    try:
        yield
    finally:
        torch.digamma = _TORCH_DIGAMMA
        torch.Tensor.digamma = method
