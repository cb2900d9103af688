"""native_layer_norm, native_group_norm, native_batch_norm and _native_batch_norm_legit against
PyTorch: the (output, mean, rstd) triples, their shapes and dtypes, which of them carry a gradient,
every input's gradient, the running statistics' update, and the errors."""
import numpy as np
import pytest
import torch
from hypothesis import given, strategies as st

import minigrad
from . import strategies as S
from .helpers import check, check_raises


def _spread(x):
    """float32 inputs made non-constant along every row: at a constant row PyTorch's float32 kernels round
    x - mean to a few 1e-7 (times rstd 316), minigrad's exact 0 is right (the known layer_norm case)."""
    return x + np.arange(x.size, dtype=x.dtype).reshape(x.shape) * 0.37 if x.dtype == np.float32 else x


def _params(data, dtype, shape):
    """weight and bias arrays of ``shape``, either one possibly left out (None)."""
    w = data.draw(st.none() | st.just(1)) and data.draw(S.arrays(dtype, shape, -2, 2))
    b = data.draw(st.none() | st.just(1)) and data.draw(S.arrays(dtype, shape, -2, 2))
    return w, b


@given(data=st.data(), seed=S.seeds)
def test_native_layer_norm_matches_torch_with_gradient(data, seed):
    # float64 (float32 runs through PyTorch's OpInfo samples: on random rows PyTorch's float32 kernel and
    # minigrad's round x - mean differently, beyond float32's atol where the results are near 0)
    dtype = np.float64
    shape = data.draw(S.shapes(min_dims=1, max_dims=3, min_side=2, max_side=4))
    d = data.draw(st.integers(1, len(shape)))
    normalized = tuple(shape[len(shape) - d:])
    x = _spread(data.draw(S.arrays(dtype, shape, -5, 5)))
    w, b = _params(data, dtype, normalized)
    check(lambda L, t, w, b: L.native_layer_norm(t, normalized, w, b, 1e-5), x, w, b, seed=seed)


def test_native_layer_norm_statistics_have_the_normalised_dims_of_size_one_and_no_gradient():
    x = np.random.default_rng(0).standard_normal((2, 3, 4))
    out = check(lambda L, t: L.native_layer_norm(t, (3, 4), None, None, 0.5), x)
    assert tuple(out[1].shape) == (2, 1, 1) and not out[1].requires_grad and not out[2].requires_grad
    check(lambda L, t: L.native_layer_norm(t, (4,), None, None, 1e-5), np.zeros((0, 4)))


@given(data=st.data(), seed=S.seeds)
def test_native_group_norm_matches_torch_with_every_outputs_gradient(data, seed):
    dtype = np.float64  # (float32: PyTorch's OpInfo samples, as for native_layer_norm)
    n, group = data.draw(st.integers(1, 3)), data.draw(st.integers(1, 3))
    c = group * data.draw(st.integers(1, 2))
    spatial = data.draw(S.shapes(max_dims=2, min_side=1, max_side=3))
    hxw = int(np.prod(spatial))
    if c // group * hxw < 2:
        spatial, hxw = (2,), 2
    x = _spread(data.draw(S.arrays(dtype, (n, c) + tuple(spatial), -5, 5)))
    w, b = _params(data, dtype, (c,))
    fn = lambda L, t, w, b: L.native_group_norm(t, w, b, n, c, hxw, group, 1e-5)  # noqa: E731
    check(fn, x, w, b, backward=False)
    if dtype == np.float32:
        # float32 gradients: the statistics' terms (rstd^3 up to 3e7 at a constant group) amplify the
        # float32 rounding of x - mean, which PyTorch's kernel and minigrad's reach differently
        return
    # PyTorch adds the statistics' gradients only when both get one in the same backward pass
    # (a backward through the mean alone gives none): one pass through all three outputs
    rng = np.random.default_rng(seed)
    ups = [rng.standard_normal((n, c) + tuple(spatial)), rng.standard_normal((n, group)),
           rng.standard_normal((n, group))]
    check(lambda L, t, w, b: sum((o * L.tensor(u.astype(dtype))).sum() for o, u in zip(fn(L, t, w, b), ups)),
          x, w, b, seed=seed)


def test_native_group_norm_of_an_empty_batch_and_a_wrong_size():
    check(lambda L, t: L.native_group_norm(t, None, None, 0, 4, 3, 2, 1e-5), np.zeros((0, 4, 3)))
    check_raises(lambda L, t: L.native_group_norm(t, None, None, 2, 4, 2, 2, 1e-5), np.zeros((2, 4, 3)))


@pytest.mark.parametrize("name", ["native_batch_norm", "_native_batch_norm_legit"])
@given(data=st.data(), seed=S.seeds)
def test_native_batch_norm_matches_torch_with_gradient_and_running_statistics(name, data, seed):
    dtype = data.draw(S.float_dtypes)
    c = data.draw(st.integers(1, 3))
    shape = (data.draw(st.integers(2, 4)), c) + tuple(data.draw(S.shapes(max_dims=2, min_side=1, max_side=3)))
    x = _spread(data.draw(S.arrays(dtype, shape, -5, 5)))
    w, b = _params(data, dtype, (c,))
    training = data.draw(st.booleans())
    momentum = data.draw(st.sampled_from([0.1, 0.5, 0.0, -1.2]))
    running = [data.draw(S.arrays(dtype, (c,), -1, 1)), data.draw(S.arrays(dtype, (c,), 0.5, 2))]
    seen = {}

    def fn(L, t, w, b):
        rm, rv = (L.tensor(r.copy()) for r in running)
        out = getattr(L, name)(t, w, b, rm, rv, training, momentum, 1e-5)
        seen[L.__name__] = (rm.numpy().copy(), rv.numpy().copy())
        return out
    # float32: values only (the gradients cancel terms of the batch's size to near 0, where the two libraries'
    # summation orders differ beyond float32's atol); float64 checks every gradient
    check(fn, x, w, b, seed=seed, backward=dtype == np.float64)
    for mine, theirs in zip(seen["minigrad"], seen["torch"]):
        np.testing.assert_allclose(mine, theirs, rtol=1e-5 if dtype == np.float32 else 1e-7, atol=1e-6)


@pytest.mark.parametrize("training", [True, False])
def test_native_batch_norm_saves_statistics_in_training_and_empty_tensors_in_evaluation(training):
    x = np.random.default_rng(1).standard_normal((4, 3, 2))
    out = check(lambda L, t: L.native_batch_norm(t, None, None, L.zeros(3, dtype=L.float64),
                                                 L.ones(3, dtype=L.float64), training, 0.1, 1e-5), x)
    assert tuple(out[1].shape) == ((3,) if training else (0,))


def test_native_batch_norm_legit_without_running_statistics():
    x = np.random.default_rng(2).standard_normal((4, 3))
    w = np.array([0.5, -1.0, 2.0])
    check(lambda L, t, w: L._native_batch_norm_legit(t, w, None, True, 0.1, 1e-5), x, w)
