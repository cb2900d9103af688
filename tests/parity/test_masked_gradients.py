"""Gradients that PyTorch masks (a where, or a masked fill): exactly 0 where the input did not reach
the output, even when the upstream gradient there is infinite or NaN (a product g * 0 would give
NaN), and PyTorch's NaN where it computes 0 / 0 or NaN * 0 instead."""
import numpy as np
import pytest
import torch

import minigrad

NAN, INF = float("nan"), float("inf")
X = [-2.0, -1.0, 0.0, 0.5, 1.0, 2.0, NAN, 3.0]
Y = [1.0, -1.0, 0.5, 0.5, NAN, 3.0, 0.0, -4.0]
#: infinite and NaN upstream gradients at every kind of position, then a finite one
UPSTREAMS = [[NAN, INF, NAN, -INF, NAN, NAN, INF, NAN], [NAN] * 8, [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0]]


def grads(L, fn, inputs, upstream, dtype, create_graph):
    leaves = [L.tensor(v, dtype=getattr(L, dtype), requires_grad=True) for v in inputs]
    out = fn(L, *leaves)
    g = L.tensor(upstream[:out.numel()], dtype=getattr(L, dtype)).reshape(tuple(out.shape))
    return [np.array(r.detach().tolist()) for r in L.autograd.grad(out, leaves, g, create_graph=create_graph)]


def assert_same_gradients(fn, *inputs, create_graph=False):
    for dtype in ("float32", "float64"):
        for upstream in UPSTREAMS:
            mine = grads(minigrad, fn, inputs, upstream, dtype, create_graph)
            theirs = grads(torch, fn, inputs, upstream, dtype, create_graph)
            for m, t in zip(mine, theirs):
                np.testing.assert_array_equal(m, t, err_msg=f"{dtype}, upstream {upstream}")


@pytest.mark.parametrize("create_graph", [False, True])
@pytest.mark.parametrize("form", ["clamp", "clamp_min", "clamp_max", "clip", "method"])
def test_clamp_gradient_is_zero_at_clamped_positions_even_for_infinite_or_nan_upstream(form, create_graph):
    fn = {"clamp": lambda L, x: L.clamp(x, -1.0, 1.0), "clamp_min": lambda L, x: L.clamp_min(x, 0.0),
          "clamp_max": lambda L, x: L.clamp_max(x, 0.5), "clip": lambda L, x: L.clip(x, max=0.0),
          "method": lambda L, x: x.clamp(min=-0.5)}[form]
    assert_same_gradients(fn, X, create_graph=create_graph)


@pytest.mark.parametrize("create_graph", [False, True])
def test_clamp_with_tensor_bounds_masks_every_inputs_gradient(create_graph):
    low = [-1.0, -1.0, -1.0, 0.0, 2.0, -1.0, 0.0, 5.0]
    high = [0.5, 0.5, 0.5, 0.5, 0.5, -3.0, 0.5, 0.5]
    assert_same_gradients(lambda L, x, lo, hi: L.clamp(x, lo, hi), X, low, high, create_graph=create_graph)
    assert_same_gradients(lambda L, x, lo: L.clamp(x, min=lo), X, Y, create_graph=create_graph)
    assert_same_gradients(lambda L, x, hi: L.clamp(x, max=hi), X, Y, create_graph=create_graph)


@pytest.mark.parametrize("create_graph", [False, True])
@pytest.mark.parametrize("name", ["maximum", "minimum", "fmax", "fmin"])
def test_elementwise_extreme_gives_the_input_not_picked_exactly_zero(name, create_graph):
    assert_same_gradients(lambda L, a, b: getattr(L, name)(a, b), X, Y, create_graph=create_graph)
    assert_same_gradients(lambda L, a, b: getattr(L, name)(a.reshape(8, 1), b), X, [0.5], create_graph=create_graph)


@pytest.mark.parametrize("create_graph", [False, True])
@pytest.mark.parametrize("name", ["max", "min"])
def test_whole_max_and_min_give_the_others_exactly_zero_and_a_nan_extreme_the_gradient(name, create_graph):
    assert_same_gradients(lambda L, x: getattr(L, name)(x[:4]), X, create_graph=create_graph)
    assert_same_gradients(lambda L, x: getattr(L, name)(x), X, create_graph=create_graph)  # (a NaN is the extreme)


@pytest.mark.parametrize("name", ["amax", "amin"])
def test_amax_and_amin_of_a_slice_holding_nan_have_torchs_nan_gradient(name):
    assert_same_gradients(lambda L, x: getattr(L, name)(L.stack([x, x.flip(0)]), 0), X)
    assert_same_gradients(lambda L, x: getattr(L, name)(x.reshape(2, 4), 1), X)
    assert_same_gradients(lambda L, x: getattr(L, name)(x), X)


@pytest.mark.parametrize("create_graph", [False, True])
def test_where_abs_and_relu_agree_with_torch_under_infinite_or_nan_upstream(create_graph):
    assert_same_gradients(lambda L, a, b: L.where(a > 0, a, b), X, Y, create_graph=create_graph)
    assert_same_gradients(lambda L, a: L.abs(a), X, create_graph=create_graph)
    assert_same_gradients(lambda L, a: L.relu(a), X, create_graph=create_graph)


@pytest.mark.parametrize("name", ["softplus", "logsigmoid"])
def test_softplus_and_logsigmoid_pass_a_nan_inputs_nan_gradient(name):
    x = [-30.0, -2.0, -0.0, 0.0, 1.0, 25.0, NAN, INF, -INF]
    for dtype in ("float32", "float64"):
        mine = grads(minigrad, lambda L, t: getattr(L.nn.functional, name)(t), [x], [1.0] * 9, dtype, False)
        theirs = grads(torch, lambda L, t: getattr(L.nn.functional, name)(t), [x], [1.0] * 9, dtype, False)
        np.testing.assert_allclose(mine[0], theirs[0], rtol=1e-6)
        assert np.isnan(mine[0][6])
