"""The ATen-level nn entry points at the top level (feature_dropout, native_dropout, conv_tbc,
convolution, embedding_bag, embedding_renorm_), nn.functional.native_channel_shuffle and the
deprecated Tensor.resize, against PyTorch: values, every gradient, seeded draws, errors."""
import warnings

import numpy as np
import pytest
import torch
from hypothesis import given, strategies as st

import minigrad

from . import strategies as S
from .helpers import check, check_raises


def _seeded(fn, seed):
    def run(L, *args):
        L.manual_seed(seed)
        return fn(L, *args)
    return run


@given(data=st.data(), p=st.sampled_from([0.0, 0.3, 0.5, 1.0]), seed=S.seeds)
def test_native_dropout_output_mask_and_gradient_match_torch(data, p, seed):
    x = data.draw(S.arrays(data.draw(S.float_dtypes), S.shapes()))
    check(_seeded(lambda L, t: L.native_dropout(t, p, True), seed % 2 ** 31), x, seed=seed)


@given(data=st.data(), train=st.sampled_from([False, None]))
def test_native_dropout_outside_training_keeps_everything_and_none_means_training(data, train):
    x = data.draw(S.arrays(np.float64, S.nonempty_shapes()))
    check(_seeded(lambda L, t: L.native_dropout(t, 0.4, train), 0), x)


@given(data=st.data(), p=st.sampled_from([0.0, 0.25, 0.5, 1.0]), train=st.booleans(), seed=S.seeds)
def test_feature_dropout_matches_torch(data, p, train, seed):
    x = data.draw(S.arrays(data.draw(S.float_dtypes), S.shapes(min_dims=2)))
    check(_seeded(lambda L, t: L.feature_dropout(t, p, train), seed % 2 ** 31), x, seed=seed)


def test_feature_dropout_errors_match_torch():
    check_raises(lambda L, t: L.feature_dropout(t, 1.5, True), np.ones((2, 3)))
    check_raises(lambda L, t: L.feature_dropout(t, 0.5, True), np.ones(3), names=["2 dimensions"])
    check_raises(lambda L, t: L.native_dropout(t, -0.5, True), np.ones(3))


@given(data=st.data(), pad=st.integers(-1, 2))
def test_conv_tbc_matches_torch(data, pad):
    dtype = data.draw(S.float_dtypes)
    k, cin, cout = data.draw(st.integers(1, 3)), data.draw(st.integers(1, 3)), data.draw(st.integers(1, 3))
    time = data.draw(st.integers(max(k - 2 * pad, 0), 6))
    x = data.draw(S.arrays(dtype, (time, data.draw(st.integers(1, 2)), cin)))
    w = data.draw(S.arrays(dtype, (k, cin, cout)))
    b = data.draw(S.arrays(dtype, (cout,)))
    check(lambda L, xt, wt, bt: L.conv_tbc(xt, wt, bt, pad), x, w, b)


@pytest.mark.parametrize("shapes", [((7, 4), (3, 4, 5), (5,)), ((7, 2, 4), (3, 4), (5,)), ((7, 2, 4), (3, 4, 5), (5, 1)),
                                    ((7, 2, 4), (3, 3, 5), (5,)), ((7, 2, 4), (3, 4, 5), (4,))])
def test_conv_tbc_shape_errors_match_torch(shapes):
    check_raises(lambda L, x, w, b: L.conv_tbc(x, w, b), *[np.ones(s) for s in shapes])


@pytest.mark.parametrize("dims", [1, 2, 3])
@given(data=st.data(), transposed=st.booleans())
def test_convolution_matches_torchs_conv_and_conv_transpose(dims, data, transposed):
    dtype = data.draw(S.float_dtypes)
    groups = data.draw(st.sampled_from([1, 2]))
    cin, cout = groups * data.draw(st.integers(1, 2)), groups * data.draw(st.integers(1, 2))
    kernel = [data.draw(st.integers(1, 2)) for _ in range(dims)]
    stride, padding, dilation = data.draw(st.integers(1, 2)), data.draw(st.integers(0, 1)), data.draw(st.integers(1, 2))
    out_pad = data.draw(st.integers(0, max(stride, dilation) - 1)) if transposed else 0
    size = [data.draw(st.integers(dilation * (k - 1) + 1, 5)) for k in kernel]
    x = data.draw(S.arrays(dtype, (1, cin, *size)))
    w = data.draw(S.arrays(dtype, (cin, cout // groups, *kernel) if transposed else (cout, cin // groups, *kernel)))
    b = data.draw(S.arrays(dtype, (cout,)))
    check(lambda L, xt, wt, bt: L.convolution(xt, wt, bt, [stride] * dims, [padding] * dims, [dilation] * dims,
                                              transposed, [out_pad] * dims, groups), x, w, b)


@st.composite
def _bag_case(draw):
    rows = draw(st.integers(1, 5))
    n = draw(st.integers(0, 8))
    idx = np.array(draw(st.lists(st.integers(0, rows - 1), min_size=n, max_size=n)), dtype=np.int64)
    offsets = np.array([0] + sorted(draw(st.lists(st.integers(0, n), max_size=3))), dtype=np.int64)
    return rows, idx, offsets


@given(data=st.data(), mode=st.sampled_from([0, 1, 2]), last=st.booleans(), padding=st.sampled_from([None, 0, -1]),
       seed=S.seeds)
def test_embedding_bag_aten_form_returns_torchs_four_outputs(data, mode, last, padding, seed):
    rows, idx, offsets = data.draw(_bag_case())
    if last:  # (the last offset ends the input, as documented)
        offsets = np.append(offsets, len(idx))
    weight = data.draw(S.arrays(data.draw(S.float_dtypes), (rows, data.draw(st.integers(1, 3)))))
    check(lambda L, w, i, o: L.embedding_bag(w, i, o, False, mode, False, None, last, padding), weight, idx, offsets,
          seed=seed)


@given(data=st.data(), seed=S.seeds)
def test_embedding_bag_aten_form_with_per_sample_weights_matches_torch(data, seed):
    rows, idx, offsets = data.draw(_bag_case())
    dtype = data.draw(S.float_dtypes)
    weight, psw = data.draw(S.arrays(dtype, (rows, 2))), data.draw(S.arrays(dtype, idx.shape))
    check(lambda L, w, i, o, p: L.embedding_bag(w, i, o, False, 0, False, p), weight, idx, offsets, psw, seed=seed)


@given(data=st.data(), max_norm=st.floats(0.1, 5.0), norm_type=st.sampled_from([1.0, 2.0, 3.0]))
def test_embedding_renorm_scales_the_named_rows_in_place_like_torch(data, max_norm, norm_type):
    rows = data.draw(st.integers(1, 5))
    w = data.draw(S.arrays(np.float64, (rows, 3)))
    idx = np.array(data.draw(st.lists(st.integers(0, rows - 1), min_size=1, max_size=6)), dtype=np.int64)
    results = []
    for L in (torch, minigrad):
        t = L.tensor(w)
        assert L.embedding_renorm_(t, L.tensor(idx), max_norm, norm_type) is t
        results.append(t.numpy())
    np.testing.assert_allclose(results[1], results[0], rtol=1e-7)


def test_embedding_renorm_of_a_leaf_requiring_grad_raises_runtime_error():
    check_raises(lambda L, w, i: L.embedding_renorm_(w, i, 1.0, 2.0), np.ones((3, 2)), np.array([0, 1]))


@given(data=st.data(), groups=st.integers(1, 3))
def test_native_channel_shuffle_matches_torch(data, groups):
    shape = (data.draw(st.integers(1, 2)), groups * data.draw(st.integers(1, 3)), data.draw(st.integers(1, 3)))
    check(lambda L, t: L.nn.functional.native_channel_shuffle(t, groups), data.draw(S.arrays(np.float64, shape)))


@given(data=st.data())
def test_out_of_place_resize_is_a_differentiable_reshape_like_torch(data):
    x = data.draw(S.arrays(data.draw(S.float_dtypes), (2, 6)))
    shape = data.draw(st.sampled_from([(12,), (3, 4), (4, 3), (2, 2, 3)]))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        check(lambda L, t: t.resize(*shape), x)


@pytest.mark.parametrize("sizes", [(7,), ((2, 6),)])
def test_out_of_place_resize_to_another_element_count_raises_runtime_error(sizes):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        check_raises(lambda L, t: t.resize(*sizes), np.ones((2, 6)))


def test_out_of_place_resize_warns_that_it_is_deprecated():
    with pytest.warns(UserWarning, match="non-inplace resize is deprecated"):
        minigrad.ones(4).resize(2, 2)


@given(data=st.data(), mode=st.sampled_from([0, 1, 2]), last=st.booleans())
def test_embedding_bag_aten_form_without_grad_matches_torchs_forward_only_outputs(data, mode, last):
    rows, idx, offsets = data.draw(_bag_case())
    if last:
        offsets = np.append(offsets, len(idx))
    weight = data.draw(S.arrays(data.draw(S.float_dtypes), (rows, 2)))
    check(lambda L, w, i, o: L.embedding_bag(w, i, o, False, mode, False, None, last), weight, idx, offsets,
          requires_grad=[False, False, False])
