"""Fractional max pooling against PyTorch: with the same ``_random_samples`` the same windows, maxima,
indices and gradients (first and second order); without them, after the same seed, the same samples;
the layers' settings and checks; PyTorch's errors."""
import warnings

import numpy as np
import pytest
import torch
from hypothesis import given, strategies as st

import minigrad
from .helpers import check


def _functional(L, d):
    return getattr(L.nn.functional, f"fractional_max_pool{d}d")


@st.composite
def pools(draw, d=None):
    """(d, input, kernel, output_size, samples): a pooling PyTorch accepts (2-D: out + k - 1 <= in, 3-D: < in)."""
    d = draw(st.sampled_from([2, 3])) if d is None else d
    dtype = draw(st.sampled_from([np.float32, np.float64]))
    batch = draw(st.sampled_from([(), (1,), (2,)]))
    channels = draw(st.integers(1, 3))
    size = tuple(draw(st.integers(2 if d == 2 else 3, 8)) for _ in range(d))
    kernel = tuple(draw(st.integers(1, s - (d == 3))) for s in size)
    out = tuple(draw(st.integers(1, s - k + 1 - (d == 3))) for s, k in zip(size, kernel))
    rng = np.random.default_rng(draw(st.integers(0, 2 ** 16)))
    x = rng.standard_normal(batch + (channels,) + size)
    if draw(st.booleans()):
        x = np.round(x)  # ties: the first maximum of a window wins
    if draw(st.booleans()):
        x.flat[rng.integers(0, x.size, 2)] = np.nan  # a NaN wins its window (the last NaN)
    samples = rng.random(((batch or (1,))[0], channels, d))
    return d, x.astype(dtype), kernel, out, samples.astype(dtype)


@given(pool=pools())
def test_values_indices_and_gradients_with_given_samples_match_torch(pool):
    d, x, kernel, out, samples = pool

    def fn(L, x):
        return _functional(L, d)(x, kernel, output_size=out, return_indices=True, _random_samples=L.tensor(samples))
    check(fn, x)


@given(pool=pools(), extreme=st.sampled_from([0.0, 0.999999, -0.4, 1.0, 2.7]))
def test_samples_outside_zero_one_shift_the_windows_as_torch(pool, extreme):
    d, x, kernel, out, samples = pool
    samples = np.full_like(samples, extreme)

    def fn(L, x):
        return _functional(L, d)(x, kernel, output_size=out, return_indices=True, _random_samples=L.tensor(samples))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        mine = fn(minigrad, minigrad.tensor(x))
        theirs = fn(torch, torch.tensor(x))
    if theirs[1].numel() and (theirs[1].min() < 0 or theirs[1].max() >= np.prod(x.shape[-d:])):
        return  # (windows past the input: PyTorch reads out of bounds, no contract)
    np.testing.assert_array_equal(mine[1].numpy(), theirs[1].numpy())
    np.testing.assert_array_equal(mine[0].numpy(), theirs[0].numpy())


@given(pool=pools(), ratio=st.floats(0.2, 0.9))
def test_seeded_samples_and_output_ratio_match_torch(pool, ratio):
    d, x, kernel, _, _ = pool
    if any(int(s * ratio) + k - 1 >= s + (d == 2) for s, k in zip(x.shape[-d:], kernel)):
        kernel = (1,) * d
    results = []
    for L in (minigrad, torch):
        L.manual_seed(17)
        out, index = _functional(L, d)(L.tensor(x), kernel, output_ratio=(ratio,) * d, return_indices=True)
        results.append((out.numpy(), index.numpy(), L.rand(3).numpy()))  # (and the stream moved alike)
    for mine, theirs in zip(*results):
        np.testing.assert_array_equal(mine, theirs)


@given(pool=pools())
def test_second_order_gradients_match_torch(pool):
    d, x, kernel, out, samples = pool
    if np.isnan(x).any():
        return
    grads = []
    for L in (minigrad, torch):
        t = L.tensor(x.astype(np.float64), requires_grad=True)
        y = _functional(L, d)(t, kernel, output_size=out, _random_samples=L.tensor(samples.astype(np.float64)))
        g = L.tensor(np.linspace(-1, 1, y.numel()).reshape(tuple(y.shape)), requires_grad=True)
        (gx,) = L.autograd.grad(y, t, g, create_graph=True)
        (gg,) = L.autograd.grad((gx * L.tensor(np.cos(np.arange(x.size)).reshape(x.shape))).sum(), g)
        grads.append((gx.detach().numpy(), gg.numpy()))
    for mine, theirs in zip(*grads):
        np.testing.assert_allclose(mine, theirs, rtol=1e-12, atol=1e-12)


def test_result_has_torchs_node_name():
    for d in (2, 3):
        x = minigrad.ones((1, 1) + (5,) * d, requires_grad=True)
        assert _functional(minigrad, d)(x, 2, output_size=2).grad_fn.name() == f"FractionalMaxPool{d}DBackward0"


def test_unbatched_result_is_one_node_over_the_input_as_torch():
    """A (C, *spatial) input is pooled by one node whose edge is the input, not a squeeze of a batch."""
    for d in (2, 3):
        seen = []
        for L in (torch, minigrad):
            x = L.ones((1,) + (5,) * d, requires_grad=True)
            node = _functional(L, d)(x, 2, output_size=2).grad_fn
            seen.append((node.name(), type(node).__name__, [e.name() for e, _ in node.next_functions]))
        assert seen[1] == seen[0]


def test_a_kernel_of_zero_gives_minus_infinity_at_each_window_start_as_torch():
    x = np.arange(81.0).reshape(1, 1, 9, 9)
    samples = np.array([[[0.3, 0.7]]])
    mine = minigrad.nn.functional.fractional_max_pool2d(minigrad.tensor(x), 0, output_size=3, return_indices=True,
                                                        _random_samples=minigrad.tensor(samples))
    theirs = torch.nn.functional.fractional_max_pool2d(torch.tensor(x), 0, output_size=3, return_indices=True,
                                                       _random_samples=torch.tensor(samples))
    np.testing.assert_array_equal(mine[0].numpy(), theirs[0].numpy())
    np.testing.assert_array_equal(mine[1].numpy(), theirs[1].numpy())


def test_empty_output_and_empty_batch_as_torch():
    for L in (minigrad, torch):
        assert tuple(L.nn.functional.fractional_max_pool2d(L.ones(1, 2, 9, 9), 2, output_size=0).shape) == (1, 2, 0, 0)
        assert tuple(L.nn.functional.fractional_max_pool3d(L.ones(0, 2, 5, 6, 7), 2, output_size=2).shape) == \
            (0, 2, 2, 2, 2)


# ---------------------------------------------------------------------- layers
@pytest.mark.parametrize("expr", ["nn.FractionalMaxPool2d(2, output_size=3)",
                                  "nn.FractionalMaxPool2d((3, 2), output_ratio=(0.5, 0.6), return_indices=True)",
                                  "nn.FractionalMaxPool3d(2, output_ratio=0.5)",
                                  "nn.FractionalMaxPool3d((2, 1, 2), output_size=(2, 3, 2), return_indices=True)"])
def test_layer_settings_state_and_output_match_torch(expr):
    d = 3 if "3d" in expr else 2
    x = np.random.default_rng(1).standard_normal((2, 3) + (7,) * d).astype(np.float32)
    results = []
    for L in (minigrad, torch):
        layer = eval(expr, {"nn": L.nn})
        L.manual_seed(3)
        out = layer(L.tensor(x))
        out = out if isinstance(out, tuple) else (out,)
        settings = (layer.kernel_size, layer.output_size, layer.output_ratio, layer.return_indices)
        results.append((repr(layer), settings, list(layer.state_dict()), [o.numpy() for o in out]))
    assert results[0][:3] == results[1][:3]
    for mine, theirs in zip(results[0][3], results[1][3]):
        np.testing.assert_array_equal(mine, theirs)


def test_layer_with_fixed_samples_pools_the_same_windows_every_call():
    samples = minigrad.rand(1, 2, 2)
    layer = minigrad.nn.FractionalMaxPool2d(2, output_size=3, _random_samples=samples)
    x = minigrad.randn(1, 2, 8, 8)
    assert layer(x).equal(layer(x))
    assert "_random_samples" in dict(layer.named_buffers())


@pytest.mark.parametrize("call", [
    "nn.FractionalMaxPool2d(2)", "nn.FractionalMaxPool2d(2, output_size=3, output_ratio=0.5)",
    "nn.FractionalMaxPool2d(2, output_ratio=1.5)", "nn.FractionalMaxPool3d(0, output_size=2)",
    "nn.FractionalMaxPool3d(2, output_ratio=(0.5, 1.0, 0.5))"])
def test_bad_layer_settings_raise_as_torch(call):
    with pytest.raises(Exception) as theirs:
        eval(call, {"nn": torch.nn})
    with pytest.raises(theirs.type):
        eval(call, {"nn": minigrad.nn})


BAD_CALLS = [
    ("no size nor ratio", lambda F, L: F.fractional_max_pool2d(L.ones(1, 1, 9, 9), 2)),
    ("ratio a number (2-D)", lambda F, L: F.fractional_max_pool2d(L.ones(1, 1, 9, 9), 2, output_ratio=0.5)),
    ("ratio of three (2-D)", lambda F, L: F.fractional_max_pool2d(L.ones(1, 1, 9, 9), 2, output_ratio=(0.5,) * 3)),
    ("pool too large", lambda F, L: F.fractional_max_pool2d(L.ones(1, 1, 9, 9), 5, output_size=6)),
    ("pool too large (3-D, strict)", lambda F, L: F.fractional_max_pool3d(L.ones(1, 2, 5, 6, 7), 2,
                                                                           output_size=(4, 3, 3))),
    ("kernel of three (2-D)", lambda F, L: F.fractional_max_pool2d(L.ones(1, 1, 9, 9), (2, 2, 2), output_size=3)),
    ("output of two (3-D)", lambda F, L: F.fractional_max_pool3d(L.ones(1, 1, 5, 5, 5), 2, output_size=(2, 2))),
    ("input of 5 dims (2-D)", lambda F, L: F.fractional_max_pool2d(L.ones(1, 1, 1, 9, 9), 2, output_size=3)),
    ("input of 2 dims (2-D)", lambda F, L: F.fractional_max_pool2d(L.ones(9, 9), 2, output_size=3)),
    ("empty channel dim", lambda F, L: F.fractional_max_pool3d(L.ones(1, 0, 5, 6, 7), 2, output_size=2)),
    ("samples of another dtype", lambda F, L: F.fractional_max_pool2d(
        L.ones(1, 1, 9, 9), 2, output_size=3, _random_samples=L.rand(1, 1, 2, dtype=L.float64))),
    ("samples of 2 dims", lambda F, L: F.fractional_max_pool2d(L.ones(1, 9, 9), 2, output_size=3,
                                                               _random_samples=L.rand(1, 2))),
    ("samples for fewer planes", lambda F, L: F.fractional_max_pool2d(L.ones(1, 1, 9, 9), 2, output_size=3,
                                                                      _random_samples=L.rand(1, 2, 2))),
    ("samples for a smaller batch", lambda F, L: F.fractional_max_pool2d(L.ones(3, 2, 5, 6), 2, output_size=2,
                                                                         _random_samples=L.rand(1, 2, 2))),
    ("samples of 2 for 3-D", lambda F, L: F.fractional_max_pool3d(L.ones(1, 2, 5, 6, 7), 2, output_size=2,
                                                                  _random_samples=L.rand(1, 2, 2))),
    ("integer input", lambda F, L: F.fractional_max_pool2d(L.ones(1, 1, 9, 9, dtype=L.int64), 2, output_size=3,
                                                           _random_samples=L.ones(1, 1, 2, dtype=L.int64))),
    ("integer input without samples", lambda F, L: F.fractional_max_pool2d(L.ones(1, 1, 9, 9, dtype=L.int64), 2,
                                                                           output_size=3)),
    ("input a list", lambda F, L: F.fractional_max_pool2d([[[1.0]]], 1, output_size=1)),
    ("samples a list", lambda F, L: F.fractional_max_pool2d(L.ones(1, 1, 1), 1, output_size=1,
                                                            _random_samples=[[[0.5, 0.5]]])),
]


@pytest.mark.parametrize("call", [c[1] for c in BAD_CALLS], ids=[c[0] for c in BAD_CALLS])
def test_bad_calls_raise_torchs_exception(call):
    with pytest.raises(Exception) as theirs:
        call(torch.nn.functional, torch)
    with pytest.raises(theirs.type):
        call(minigrad.nn.functional, minigrad)
