"""bilinear, pdist, local_response_norm, max_unpool1d/2d/3d, lp_pool1d/2d/3d, channel_shuffle, rrelu and the
alpha dropouts against PyTorch: values and every gradient, the random draws after the same seed,
their layers' printed form, parameters and initial weights, and the errors."""
import numpy as np
import pytest
import torch
from hypothesis import given, strategies as st

import minigrad

from . import strategies as S
from .helpers import check, check_raises
from .test_second_order import compare_higher


@given(data=st.data(), batch=st.sampled_from([(), (3,), (2, 3)]), with_bias=st.booleans(), seed=S.seeds)
def test_bilinear_matches_torch(data, batch, with_bias, seed):
    dtype = data.draw(S.float_dtypes)
    in1, in2, out = (data.draw(st.integers(1, 4)) for _ in range(3))
    x1, x2 = data.draw(S.arrays(dtype, batch + (in1,))), data.draw(S.arrays(dtype, batch + (in2,)))
    w, b = data.draw(S.arrays(dtype, (out, in1, in2))), data.draw(S.arrays(dtype, (out,)))
    if with_bias:
        check(lambda L, x1, x2, w, b: L.nn.functional.bilinear(x1, x2, w, b), x1, x2, w, b, seed=seed)
    else:
        check(lambda L, x1, x2, w: L.nn.functional.bilinear(x1, x2, w), x1, x2, w, seed=seed)


@pytest.mark.parametrize("dtype", [np.int32, np.int16, np.uint8, np.int64], ids=lambda d: d.__name__)
@given(data=st.data(), batch=st.sampled_from([(), (3,), (2, 3)]), with_bias=st.booleans())
def test_bilinear_of_integers_keeps_their_dtype_as_torch(dtype, data, batch, with_bias):
    in1, in2, out = (data.draw(st.integers(1, 4)) for _ in range(3))
    x1, x2 = (data.draw(S.int_arrays(batch + (n,), 0, 3, dtype)) for n in (in1, in2))
    w, b = data.draw(S.int_arrays((out, in1, in2), 0, 3, dtype)), data.draw(S.int_arrays((out,), 0, 3, dtype))
    check(lambda L, x1, x2, w, b: L.nn.functional.bilinear(x1, x2, w, b if with_bias else None), x1, x2, w, b)


@given(data=st.data(), p=st.sampled_from([2.0, 1.0, 0.0, 3.0, 0.5, 1.5, float("inf")]), seed=S.seeds)
def test_pdist_matches_torch_with_repeated_rows_and_ties(data, p, seed):
    dtype = data.draw(S.float_dtypes)
    n, m = data.draw(st.integers(1, 5)), data.draw(st.integers(1, 4))
    x = data.draw(S.hnp.arrays(dtype, (n, m), elements=st.sampled_from([0.0, 1.0, -1.0, 2.5, -0.5])
                               if data.draw(st.booleans()) else S.elements(dtype)))
    check(lambda L, x: L.nn.functional.pdist(x, p), x, seed=seed)


@given(data=st.data(), size=st.integers(1, 5), seed=S.seeds)
def test_local_response_norm_matches_torch(data, size, seed):
    dtype = data.draw(S.float_dtypes)
    shape = data.draw(S.nonempty_shapes(min_dims=3, max_dims=5))
    x = data.draw(S.arrays(dtype, shape))
    alpha, beta, k = data.draw(st.sampled_from([(1e-4, 0.75, 1.0), (0.5, 0.5, 2.0), (1.0, 1.0, 0.5)]))
    check(lambda L, x: L.nn.functional.local_response_norm(x, size, alpha, beta, k), x, seed=seed)


@pytest.mark.parametrize("dims", [1, 2, 3])
@given(data=st.data(), seed=S.seeds)
def test_max_unpool_matches_torch(dims, data, seed):
    dtype = data.draw(S.float_dtypes)
    kernel, stride = data.draw(st.integers(1, 3)), data.draw(st.sampled_from([None, 1, 2]))
    spatial = tuple(data.draw(st.integers(kernel, 6)) for _ in range(dims))
    batched = data.draw(st.booleans())
    x = torch.tensor(data.draw(S.arrays(dtype, ((2,) if batched else ()) + (3,) + spatial)))
    pool = getattr(torch.nn.functional, f"max_pool{dims}d")
    pooled, indices = pool(x, kernel, stride, return_indices=True)
    grow = data.draw(st.booleans()) and (stride or kernel) > 1
    size = None if not grow else [s + 1 for s in (
        [(n - 1) * (stride or kernel) + kernel for n in pooled.shape[-dims:]])]
    check(lambda L, v, i: getattr(L.nn.functional, f"max_unpool{dims}d")(v, i, kernel, stride, output_size=size),
          pooled.numpy(), indices.numpy(), seed=seed)


@pytest.mark.parametrize("dims", [1, 2, 3])
@given(data=st.data(), norm_type=st.sampled_from([2.0, 1.0, 3, 1.5, float("inf")]), ceil_mode=st.booleans(),
       seed=S.seeds)
def test_lp_pool_matches_torch(dims, data, norm_type, ceil_mode, seed):
    dtype = data.draw(S.float_dtypes)
    kernel, stride = data.draw(st.integers(1, 3)), data.draw(st.sampled_from([None, 1, 2]))
    spatial = tuple(data.draw(st.integers(kernel, 6)) for _ in range(dims))
    shape = (2, 3) + spatial
    # (a fractional power of a negative number is NaN in both; positive input keeps the gradient informative)
    x = data.draw(S.positive_arrays(dtype, shape, 0.1, 3) if norm_type == 1.5 else S.arrays(dtype, shape, -3, 3))
    check(lambda L, x: getattr(L.nn.functional, f"lp_pool{dims}d")(x, norm_type, kernel, stride, ceil_mode), x,
          seed=seed)


@given(data=st.data(), seed=S.seeds)
def test_channel_shuffle_matches_torch(data, seed):
    dtype = data.draw(S.float_dtypes)
    groups, per_group = data.draw(st.integers(1, 3)), data.draw(st.integers(1, 3))
    shape = (2, groups * per_group) + tuple(data.draw(st.lists(st.integers(1, 3), min_size=1, max_size=2)))
    x = data.draw(S.arrays(dtype, shape))
    check(lambda L, x: L.nn.functional.channel_shuffle(x, groups), x, seed=seed)


@given(data=st.data(), seed=S.seeds)
def test_rrelu_in_evaluation_is_leaky_relu_with_the_mean_slope_like_torch(data, seed):
    dtype = data.draw(S.float_dtypes)
    x = data.draw(S.arrays(dtype, data.draw(S.shapes(max_dims=3))))
    lower, upper = data.draw(st.sampled_from([(1 / 8, 1 / 3), (0.1, 0.4), (0.0, 1.0)]))
    check(lambda L, x: L.nn.functional.rrelu(x, lower, upper, training=False), x, seed=seed)


def _seeded_run(lib, fn, x, seed):
    lib.manual_seed(seed)
    t = lib.tensor(x, requires_grad=True)
    y = fn(lib, t)
    (y * y).sum().backward()
    after = lib.rand(3, dtype=lib.float64)  # (the generator is where PyTorch's is afterwards)
    return y.detach().numpy(), t.grad.numpy(), after.numpy()


RANDOM_CALLS = {
    "rrelu": lambda L, x: L.nn.functional.rrelu(x, 0.1, 0.4, training=True),
    "rrelu_default_bounds": lambda L, x: L.nn.functional.rrelu(x, training=True),
    "rrelu_layer": lambda L, x: L.nn.RReLU()(x),
    "alpha_dropout": lambda L, x: L.nn.functional.alpha_dropout(x, 0.3, training=True),
    "alpha_dropout_all": lambda L, x: L.nn.functional.alpha_dropout(x, 1.0, training=True),
    "alpha_dropout_layer": lambda L, x: L.nn.AlphaDropout(0.2)(x),
    "feature_alpha_dropout": lambda L, x: L.nn.functional.feature_alpha_dropout(x, 0.5, training=True),
    "feature_alpha_dropout_layer": lambda L, x: L.nn.FeatureAlphaDropout(0.4)(x),
    "alpha_dropout_eval": lambda L, x: L.nn.functional.alpha_dropout(x, 0.3) * 1.0,
}


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("seed", [0, 11])
@pytest.mark.parametrize("name", sorted(RANDOM_CALLS))
def test_random_layers_draw_torchs_numbers_after_the_same_seed(name, seed, dtype):
    x = np.random.default_rng(seed).standard_normal((3, 4, 2, 3)).astype(dtype)
    x[0, 0, 0] = 0.0
    ours, theirs = (_seeded_run(L, RANDOM_CALLS[name], x, seed) for L in (minigrad, torch))
    for a, b in zip(ours, theirs):
        assert a.dtype == b.dtype and a.shape == b.shape
        np.testing.assert_array_equal(a, b)


def test_rrelu_in_place_writes_into_its_input_like_torch():
    for train in (False, True):
        results = []
        for L in (minigrad, torch):
            L.manual_seed(0)
            x = L.tensor([-2.0, -0.5, 0.0, 1.5])
            y = L.nn.functional.rrelu(x, training=train, inplace=True)
            results.append((y is x, x.numpy().copy()))
        assert results[0][0] and results[1][0]
        np.testing.assert_array_equal(results[0][1], results[1][1])


@given(data=st.data(), seed=S.seeds)
def test_extra_layer_second_derivatives_match_torch(data, seed):
    x = data.draw(S.arrays(np.float64, (2, 4, 3), allow_kinks=False))
    compare_higher(lambda L, x: L.nn.functional.local_response_norm(x, 3, 0.5, 0.75, 1.0), x, order=2, seed=seed)
    w = data.draw(S.arrays(np.float64, (2, 3, 3)))
    compare_higher(lambda L, a, w: L.nn.functional.bilinear(a, a, w), x[0], w, order=2, seed=seed)


# ---------------------------------------------------------------------- layers
LAYERS = ["nn.Bilinear(3, 4, 5)", "nn.Bilinear(3, 4, 5, bias=False)", "nn.LocalResponseNorm(2)",
          "nn.LocalResponseNorm(3, alpha=0.1, beta=0.5, k=2.0)", "nn.MaxUnpool1d(2)",
          "nn.MaxUnpool2d(2, stride=1, padding=(1, 0))", "nn.LPPool1d(2, 3)",
          "nn.LPPool2d(1.5, (2, 3), stride=1, ceil_mode=True)", "nn.MaxUnpool3d((2, 1, 2), padding=(1, 0, 0))",
          "nn.LPPool3d(2, (1, 2, 2), stride=1)", "nn.ChannelShuffle(2)", "nn.RReLU()",
          "nn.RReLU(0.1, 0.3, inplace=True)", "nn.AlphaDropout()", "nn.FeatureAlphaDropout(0.2, True)"]


@pytest.mark.parametrize("text", LAYERS)
def test_extra_layers_have_torchs_form_attributes_and_initial_weights(text):
    layers = []
    for L in (minigrad, torch):
        L.manual_seed(0)
        layers.append(eval(text, {"nn": L.nn}))
    m, t = layers
    assert repr(m) == repr(t)
    assert list(m.state_dict()) == list(t.state_dict())
    public = {k: v for k, v in vars(t).items() if not k.startswith("_") and k != "training"}
    assert {k: getattr(m, k) for k in public} == public
    for (name, pm), (_, pt) in zip(m.named_parameters(), t.named_parameters()):
        np.testing.assert_allclose(pm.detach().numpy(), pt.detach().numpy(), rtol=1e-6, atol=1e-7, err_msg=name)


@pytest.mark.parametrize("text,shapes", [
    ("nn.Bilinear(3, 4, 5)", [(2, 3), (2, 4)]), ("nn.LocalResponseNorm(3)", [(2, 5, 3, 3)]),
    ("nn.LPPool2d(2, 2)", [(2, 3, 4, 4)]), ("nn.LPPool3d(2, (2, 1, 2))", [(2, 3, 4, 3, 4)]),
    ("nn.LPPool1d(3.0, 2, stride=1)", [(2, 3, 5)]),
    ("nn.ChannelShuffle(3)", [(2, 6, 2, 2)]), ("nn.RReLU().eval()", [(3, 4)])])
def test_extra_layers_compute_what_torch_computes(text, shapes):
    layers = [eval(text, {"nn": L.nn}).double() for L in (minigrad, torch)]
    layers[0].load_state_dict({k: minigrad.tensor(v.numpy()) for k, v in layers[1].state_dict().items()})
    rng = np.random.default_rng(0)
    inputs = [rng.standard_normal(s) for s in shapes]
    check(lambda L, *xs: (layers[1] if L is torch else layers[0].to(xs[0].device))(*xs), *inputs)


def test_max_unpool_layer_inverts_max_pool_like_torch():
    x = np.random.default_rng(1).standard_normal((1, 2, 4, 5))
    outs = []
    for L in (minigrad, torch):
        pooled, indices = L.nn.MaxPool2d(2, return_indices=True)(L.tensor(x))
        outs.append(L.nn.MaxUnpool2d(2)(pooled, indices, output_size=(4, 5)).numpy())
    np.testing.assert_array_equal(outs[0], outs[1])


_X = np.ones((2, 4, 3, 3))
ERRORS = {
    "bilinear_ranks_differ": lambda L, x: L.nn.functional.bilinear(x[0, 0], x[0, 0, 0], L.ones(2, 3, 3)),
    "bilinear_batch_differs": lambda L, x: L.nn.functional.bilinear(x[0], x[1, :2], L.ones(2, 3, 3)),
    "bilinear_input1_size": lambda L, x: L.nn.functional.bilinear(x[0, 0], x[0, 0], L.ones(2, 4, 3)),
    "bilinear_input2_size": lambda L, x: L.nn.functional.bilinear(x[0, 0], x[0, 0], L.ones(2, 3, 4)),
    "bilinear_bias_size": lambda L, x: L.nn.functional.bilinear(x[0, 0], x[0, 0], L.ones(2, 3, 3),
                                                                L.ones(3)),
    "pdist_of_rank_3": lambda L, x: L.nn.functional.pdist(x[0]),
    "pdist_negative_p": lambda L, x: L.nn.functional.pdist(x[0, 0], -1.0),
    "local_response_norm_of_rank_2": lambda L, x: L.nn.functional.local_response_norm(x[0, 0], 2),
    "channel_shuffle_of_rank_2": lambda L, x: L.nn.functional.channel_shuffle(x[0, 0], 1),
    "channel_shuffle_groups_do_not_divide": lambda L, x: L.nn.functional.channel_shuffle(x, 3),
    "channel_shuffle_no_groups": lambda L, x: L.nn.functional.channel_shuffle(x, 0),
    "max_unpool_indices_of_floats": lambda L, x: L.nn.functional.max_unpool2d(x, x, 2),
    "max_unpool_index_out_of_range": lambda L, x: L.nn.functional.max_unpool2d(
        x, L.full((2, 4, 3, 3), 99, dtype=L.int64), 2),
    "max_unpool_indices_shape": lambda L, x: L.nn.functional.max_unpool2d(x, L.zeros(2, 4, 3, dtype=L.int64), 2),
    "max_unpool_output_size": lambda L, x: L.nn.functional.max_unpool2d(
        x, L.zeros(2, 4, 3, 3, dtype=L.int64), 2, output_size=(20, 20)),
    "max_unpool_of_rank_2": lambda L, x: L.nn.functional.max_unpool2d(x[0, 0], L.zeros(3, 3, dtype=L.int64), 2),
    "max_unpool3d_of_rank_3": lambda L, x: L.nn.functional.max_unpool3d(x[0], L.zeros(4, 3, 3, dtype=L.int64), 2),
    "max_unpool3d_index_out_of_range": lambda L, x: L.nn.functional.max_unpool3d(
        x, L.full((2, 4, 3, 3), 99, dtype=L.int64), 1),
    "max_unpool3d_output_size": lambda L, x: L.nn.functional.max_unpool3d(
        x, L.zeros(2, 4, 3, 3, dtype=L.int64), 2, output_size=(20, 20)),
    "alpha_dropout_p": lambda L, x: L.nn.functional.alpha_dropout(x, 1.5, True),
    "feature_alpha_dropout_of_rank_1": lambda L, x: L.nn.functional.feature_alpha_dropout(x[0, 0, 0], 0.5, True),
    "bilinear_in1_features_zero": lambda L, x: L.nn.Bilinear(0, 2, 2),
}


@pytest.mark.parametrize("name", sorted(ERRORS))
def test_extra_layers_refuse_bad_input_like_torch(name):
    check_raises(ERRORS[name], _X)
