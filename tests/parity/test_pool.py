"""Pooling against PyTorch: max_pool1d/2d/3d (dilation, ceil_mode, return_indices),
avg_pool1d/2d/3d (ceil_mode, count_include_pad, divisor_override), adaptive
average and max pooling (1-D to 3-D); values, gradients, second derivatives and errors.

Values come from a small integer grid often, so windows hold ties and the
first-maximum rule is exercised.
"""
import numpy as np
import pytest
from hypothesis import assume, given, settings, strategies as st

import minigrad
import torch

from . import strategies as S
from .helpers import check, check_raises, check_same_error
from .test_second_order import compare_higher


def _tied_arrays(dtype, shape):
    """Arrays whose values repeat often (ties inside windows) mixed with ordinary floats."""
    return S.hnp.arrays(np.dtype(dtype), shape, elements=st.one_of(
        st.sampled_from([-1.0, 0.0, 1.0, 2.0]), S.elements(dtype, allow_kinks=False)))


@st.composite
def pool_case(draw, dilation=True, nd=2):
    """(input, kernel, stride, padding, dilation, ceil_mode) that PyTorch's pooling accepts."""
    dtype = draw(S.float_dtypes)
    kernel = tuple(draw(st.integers(1, 3)) for _ in range(nd))
    stride = tuple(draw(st.integers(1, 3)) for _ in range(nd))
    dil = tuple(draw(st.integers(1, 2)) if dilation else 1 for _ in range(nd))
    padding = tuple(draw(st.integers(0, k // 2)) for k in kernel)
    ceil_mode = draw(st.booleans())
    sizes = tuple(draw(st.integers(max(1, d * (k - 1) + 1 - 2 * p), max(1, d * (k - 1) + 1 - 2 * p) + 4))
                  for k, d, p in zip(kernel, dil, padding))
    assume(not any(_window_in_padding_only(*a, ceil_mode) for a in zip(sizes, kernel, stride, padding, dil)))
    x = draw(_tied_arrays(dtype, (draw(st.integers(0, 2)), draw(st.integers(1, 3))) + sizes))
    return x, kernel, stride, padding, dil, ceil_mode


def _window_in_padding_only(size, k, s, p, d, ceil_mode):
    """Whether some (dilated) window holds padding only: PyTorch 2.13's max-pool backward then writes
    outside the gradient (heap corruption), so such cases are left out."""
    out = (size + 2 * p - d * (k - 1) - 1 + (s - 1 if ceil_mode else 0)) // s + 1
    if ceil_mode and (out - 1) * s >= size + p:
        out -= 1
    return any(all(not 0 <= o * s - p + i * d < size for i in range(k)) for o in range(out))


@given(case=pool_case(), seed=S.seeds)
def test_max_pool2d_matches_torch(case, seed):
    x, k, s, p, d, ceil = case
    check(lambda L, x: L.nn.functional.max_pool2d(x, k, s, p, d, ceil), x, seed=seed)
    check(lambda L, x: L.nn.functional.max_pool2d(x, k, s, p, d, ceil, return_indices=True), x, seed=seed)


@given(case=pool_case(nd=1), seed=S.seeds)
def test_max_pool1d_matches_torch(case, seed):
    x, k, s, p, d, ceil = case
    check(lambda L, x: L.nn.functional.max_pool1d(x, k[0], s[0], p[0], d[0], ceil), x, seed=seed)
    check(lambda L, x: L.nn.functional.max_pool1d(x, k, s, p, d, ceil, return_indices=True), x, seed=seed)


@given(case=pool_case(nd=3), seed=S.seeds)
@settings(max_examples=30)
def test_max_pool3d_matches_torch(case, seed):
    x, k, s, p, d, ceil = case
    check(lambda L, x: L.nn.functional.max_pool3d(x, k, s, p, d, ceil), x, seed=seed)
    check(lambda L, x: L.nn.functional.max_pool3d(x, k, s, p, d, ceil, return_indices=True), x, seed=seed)


def test_max_pool3d_picks_nan_and_the_first_of_ties_like_torch():
    x = np.array([[[[[1.0, 1.0], [0.0, np.nan]], [[1.0, 2.0], [2.0, np.nan]], [[-np.inf, 2.0], [3.0, 3.0]]]]])
    for k, s, p in ((2, 1, 0), (2, 1, 1), ((3, 2, 2), 1, 0), ((2, 1, 2), 2, (1, 0, 1))):
        check(lambda L, x: L.nn.functional.max_pool3d(x, k, s, p, return_indices=True), x, backward=False)
    x = np.where(np.isnan(x), 0.0, x)
    check(lambda L, x: L.nn.functional.max_pool3d(x, 2, 1, 1, return_indices=True), x)


def test_max_pool2d_picks_nan_and_the_first_of_ties_like_torch():
    x = np.array([[[[1.0, 1.0, 0.0], [np.nan, 2.0, 2.0], [-np.inf, -np.inf, 3.0]]]])
    for k, s in ((2, 1), (3, 1), (2, 2)):
        check(lambda L, x: L.nn.functional.max_pool2d(x, k, s, return_indices=True), x, backward=False)
        check(lambda L, x: L.nn.functional.max_pool2d(x, k, s, padding=1, return_indices=True), x,
              backward=False)
    all_minus_inf = np.full((1, 1, 3, 3), -np.inf)
    check(lambda L, x: L.nn.functional.max_pool2d(x, 2, 1, padding=1, return_indices=True), all_minus_inf,
          backward=False)


@given(case=pool_case(dilation=False), divisor=st.none() | st.integers(1, 5), include_pad=st.booleans(),
       seed=S.seeds)
def test_avg_pool2d_matches_torch(case, divisor, include_pad, seed):
    x, k, s, p, _, ceil = case
    check(lambda L, x: L.nn.functional.avg_pool2d(x, k, s, p, ceil, include_pad, divisor), x, seed=seed)


@given(case=pool_case(dilation=False, nd=1), include_pad=st.booleans(), seed=S.seeds)
def test_avg_pool1d_matches_torch(case, include_pad, seed):
    x, k, s, p, _, ceil = case
    check(lambda L, x: L.nn.functional.avg_pool1d(x, k, s, p, ceil, include_pad), x, seed=seed)


@given(case=pool_case(dilation=False, nd=3), divisor=st.none() | st.integers(1, 5), include_pad=st.booleans(),
       seed=S.seeds)
@settings(max_examples=30)
def test_avg_pool3d_matches_torch(case, divisor, include_pad, seed):
    x, k, s, p, _, ceil = case
    check(lambda L, x: L.nn.functional.avg_pool3d(x, k, s, p, ceil, include_pad, divisor), x, seed=seed)


@st.composite
def adaptive_case(draw, nd=2):
    dtype = draw(S.float_dtypes)
    sizes = tuple(draw(st.integers(1, 7 if nd < 3 else 5)) for _ in range(nd))
    out = tuple(draw(st.integers(1, 8 if nd < 3 else 6)) for _ in range(nd))
    if nd >= 2 and draw(st.booleans()):
        out = out[:-1] + (None,)
    x = draw(_tied_arrays(dtype, (draw(st.integers(0, 2)), draw(st.integers(1, 3))) + sizes))
    return x, out


@given(case=adaptive_case(), seed=S.seeds)
def test_adaptive_avg_pool2d_matches_torch(case, seed):
    x, out = case
    check(lambda L, x: L.nn.functional.adaptive_avg_pool2d(x, out), x, seed=seed)


@given(case=adaptive_case(), seed=S.seeds)
def test_adaptive_max_pool2d_matches_torch(case, seed):
    x, out = case
    check(lambda L, x: L.nn.functional.adaptive_max_pool2d(x, out), x, seed=seed)
    check(lambda L, x: L.nn.functional.adaptive_max_pool2d(x, out, return_indices=True), x, seed=seed)


@given(case=adaptive_case(nd=3), seed=S.seeds)
@settings(max_examples=30)
def test_adaptive_avg_pool3d_matches_torch(case, seed):
    x, out = case
    check(lambda L, x: L.nn.functional.adaptive_avg_pool3d(x, out), x, seed=seed)


@given(case=adaptive_case(nd=3), seed=S.seeds)
@settings(max_examples=30)
def test_adaptive_max_pool3d_matches_torch(case, seed):
    x, out = case
    check(lambda L, x: L.nn.functional.adaptive_max_pool3d(x, out), x, seed=seed)
    check(lambda L, x: L.nn.functional.adaptive_max_pool3d(x, out, return_indices=True), x, seed=seed)


@given(case=adaptive_case(nd=1), seed=S.seeds)
def test_adaptive_pool1d_matches_torch(case, seed):
    x, out = case
    check(lambda L, x: L.nn.functional.adaptive_avg_pool1d(x, out[0]), x, seed=seed)
    check(lambda L, x: L.nn.functional.adaptive_max_pool1d(x, out, return_indices=True), x, seed=seed)


def test_unbatched_pooling_matches_torch():
    x = np.random.default_rng(0).standard_normal((3, 6, 5))
    check(lambda L, x: L.nn.functional.max_pool2d(x, 2), x)
    check(lambda L, x: L.nn.functional.avg_pool2d(x, 2, 1, 1), x)
    check(lambda L, x: L.nn.functional.adaptive_avg_pool2d(x, (2, 3)), x)
    check(lambda L, x: L.nn.functional.adaptive_max_pool2d(x, 4, True), x)


def test_unbatched_3d_pooling_matches_torch():
    x = np.random.default_rng(0).standard_normal((2, 4, 6, 5))
    check(lambda L, x: L.nn.functional.max_pool3d(x, 2, return_indices=True), x)
    check(lambda L, x: L.nn.functional.avg_pool3d(x, 2, 1, 1), x)
    check(lambda L, x: L.nn.functional.adaptive_avg_pool3d(x, (2, 3, None)), x)
    check(lambda L, x: L.nn.functional.adaptive_max_pool3d(x, 4, True), x)


@given(case=pool_case(nd=3), seed=S.seeds)
@settings(max_examples=5)
def test_pool3d_second_derivatives_match_torch(case, seed):
    x, k, s, p, d, ceil = case
    x = x.astype(np.float64)
    compare_higher(lambda L, x: L.nn.functional.max_pool3d(x, k, s, p, d, ceil) ** 2, x, order=2, seed=seed,
                   atol_scale=100)
    if all(size >= kk for size, kk in zip(x.shape[2:], k)):  # (avg_pool3d's windows must fit unpadded)
        compare_higher(lambda L, x: L.nn.functional.avg_pool3d(x, k, s, p, ceil) ** 2, x, order=2, seed=seed,
                       atol_scale=100)
    compare_higher(lambda L, x: L.nn.functional.adaptive_avg_pool3d(x, (2, 1, 3)) ** 2, x, order=2, seed=seed,
                   atol_scale=100)
    compare_higher(lambda L, x: L.nn.functional.adaptive_max_pool3d(x, (2, 1, 3)) ** 2, x, order=2, seed=seed,
                   atol_scale=100)


@given(case=pool_case(), seed=S.seeds)
@settings(max_examples=10)
def test_max_pool2d_second_derivatives_match_torch(case, seed):
    x, k, s, p, d, ceil = case
    x = x.astype(np.float64)
    compare_higher(lambda L, x: L.nn.functional.max_pool2d(x, k, s, p, d, ceil) ** 2, x, order=2, seed=seed,
                   atol_scale=100)


@given(case=pool_case(dilation=False), seed=S.seeds)
@settings(max_examples=10)
def test_avg_pool2d_second_derivatives_match_torch(case, seed):
    x, k, s, p, _, ceil = case
    x = x.astype(np.float64)
    compare_higher(lambda L, x: L.nn.functional.avg_pool2d(x, k, s, p, ceil) ** 2, x, order=2, seed=seed,
                   atol_scale=100)


@given(case=adaptive_case(), seed=S.seeds)
@settings(max_examples=10)
def test_adaptive_pool_second_derivatives_match_torch(case, seed):
    x, out = case
    x = x.astype(np.float64)
    compare_higher(lambda L, x: L.nn.functional.adaptive_avg_pool2d(x, out) ** 2, x, order=2, seed=seed,
                   atol_scale=100)
    compare_higher(lambda L, x: L.nn.functional.adaptive_max_pool2d(x, out) ** 2, x, order=2, seed=seed,
                   atol_scale=100)


def test_pooling_integer_inputs_match_torch():
    x = np.random.default_rng(0).integers(-5, 6, (2, 3, 5, 5))
    check(lambda L, x: L.nn.functional.max_pool2d(x, 2, padding=1), x, backward=False)
    check(lambda L, x: L.nn.functional.avg_pool2d(x, 3, 1, 1), x, backward=False)
    check(lambda L, x: L.nn.functional.adaptive_avg_pool2d(x, 2), x, backward=False)
    x3 = np.random.default_rng(1).integers(-5, 6, (2, 3, 4, 5, 5))
    check(lambda L, x: L.nn.functional.max_pool3d(x, 2, padding=1), x3, backward=False)
    check(lambda L, x: L.nn.functional.avg_pool3d(x, 3, 1, 1), x3, backward=False)


BAD_POOLS = {
    "padding over half the kernel": lambda L, x: L.nn.functional.max_pool2d(x, 3, padding=2),
    "padding over half the undilated kernel": lambda L, x: L.nn.functional.max_pool2d(x, 3, padding=2, dilation=2),
    "kernel larger than input": lambda L, x: L.nn.functional.max_pool2d(x, 6),
    "zero kernel": lambda L, x: L.nn.functional.max_pool2d(x, 0),
    "zero stride": lambda L, x: L.nn.functional.max_pool2d(x, 2, stride=0),
    "zero dilation": lambda L, x: L.nn.functional.max_pool2d(x, 2, dilation=0),
    "negative padding": lambda L, x: L.nn.functional.max_pool2d(x, 2, padding=-1),
    "three kernel sizes": lambda L, x: L.nn.functional.max_pool2d(x, (2, 2, 2)),
    "2-D input": lambda L, x: L.nn.functional.max_pool2d(x[0, 0], 2),
    "avg padding over half": lambda L, x: L.nn.functional.avg_pool2d(x, 3, padding=2),
    "avg kernel larger than input": lambda L, x: L.nn.functional.avg_pool2d(x, 6),
    "zero divisor": lambda L, x: L.nn.functional.avg_pool2d(x, 2, divisor_override=0),
    "adaptive on empty image": lambda L, x: L.nn.functional.adaptive_avg_pool2d(x[:, :, :0], 2),
    "adaptive of integers": lambda L, x: L.nn.functional.adaptive_avg_pool2d(x.long(), 2),
    "adaptive max of integers": lambda L, x: L.nn.functional.adaptive_max_pool2d(x.long(), 2),
}


BAD_POOLS_3D = {
    "padding over half the kernel": lambda L, x: L.nn.functional.max_pool3d(x, 3, padding=2),
    "kernel larger than input": lambda L, x: L.nn.functional.max_pool3d(x, 5),
    "zero kernel": lambda L, x: L.nn.functional.max_pool3d(x, 0),
    "zero dilation": lambda L, x: L.nn.functional.max_pool3d(x, 2, dilation=0),
    "two kernel sizes": lambda L, x: L.nn.functional.max_pool3d(x, (2, 2)),
    "two strides": lambda L, x: L.nn.functional.avg_pool3d(x, 2, (1, 2)),
    "3-D input": lambda L, x: L.nn.functional.max_pool3d(x[0, 0], 2),
    "avg 3-D input": lambda L, x: L.nn.functional.avg_pool3d(x[0, 0], 2),
    "avg kernel larger than input": lambda L, x: L.nn.functional.avg_pool3d(x, 5),
    "zero divisor": lambda L, x: L.nn.functional.avg_pool3d(x, 2, divisor_override=0),
    "empty depth": lambda L, x: L.nn.functional.max_pool3d(x[:, :, :0], 2),
    "adaptive on empty image": lambda L, x: L.nn.functional.adaptive_avg_pool3d(x[:, :, :0], 2),
    "adaptive of integers": lambda L, x: L.nn.functional.adaptive_avg_pool3d(x.long(), 2),
    "adaptive max of integers": lambda L, x: L.nn.functional.adaptive_max_pool3d(x.long(), 2),
    "adaptive of 3-D input": lambda L, x: L.nn.functional.adaptive_max_pool3d(x[0, 0], 2),
    "adaptive with two sizes": lambda L, x: L.nn.functional.adaptive_avg_pool3d(x, (2, 2)),
    "adaptive with a negative size": lambda L, x: L.nn.functional.adaptive_avg_pool3d(x, (2, 2, -1)),
}


@pytest.mark.parametrize("name", sorted(BAD_POOLS_3D))
def test_bad_3d_pooling_raises_like_torch(name):
    check_raises(BAD_POOLS_3D[name], np.ones((2, 3, 4, 5, 6)))


@pytest.mark.parametrize("name", sorted(BAD_POOLS))
def test_bad_pooling_raises_like_torch(name):
    check_raises(BAD_POOLS[name], np.ones((2, 3, 5, 5)))


def test_pooling_errors_name_the_sizes():
    check_raises(lambda L, x: L.nn.functional.max_pool2d(x, 6), np.ones((2, 3, 5, 5)), names=("3x5x5", "3x0x0"))
    check_raises(lambda L, x: L.nn.functional.max_pool2d(x, 3, padding=2), np.ones((2, 3, 5, 5)),
                 names=("pad=2", "kernel_size=3"))


@pytest.mark.parametrize("name", ["adaptive_avg_pool2d", "adaptive_max_pool2d"])
@pytest.mark.parametrize("size", [(0, 1), (1, 0), 0], ids=str)
def test_adaptive_pool_to_an_output_size_of_0_is_empty(name, size):
    check(lambda L, t: getattr(L.nn.functional, name)(t, size), np.ones((1, 2, 3, 4)))


@pytest.mark.parametrize("name", ["adaptive_avg_pool3d", "adaptive_max_pool3d"])
@pytest.mark.parametrize("size", [(0, 1, 2), (1, 2, 0), 0], ids=str)
def test_adaptive_pool3d_to_an_output_size_of_0_is_empty(name, size):
    check(lambda L, t: getattr(L.nn.functional, name)(t, size), np.ones((1, 2, 3, 4, 2)))


@pytest.mark.parametrize("name", ["adaptive_avg_pool2d", "adaptive_max_pool2d"])
def test_adaptive_pool2d_of_a_2d_input_with_a_2_tuple_raises_value_error(name):
    check_raises(lambda L, t: getattr(L.nn.functional, name)(t, (2, 2)), np.ones((2, 2)))


@pytest.mark.parametrize("name", ["adaptive_avg_pool2d", "adaptive_max_pool2d",
                                  "adaptive_avg_pool1d", "adaptive_max_pool1d"])
def test_adaptive_pool_with_a_negative_output_size_raises_runtime_error(name):
    size = (-1, 0) if name.endswith("2d") else (-1,)
    check_raises(lambda L, t: getattr(L.nn.functional, name)(t, size), np.ones((1, 1, 1, 1)[:len(size) + 2]))


@pytest.mark.parametrize("name", ["adaptive_avg_pool1d", "adaptive_max_pool1d"])
def test_adaptive_pool1d_with_an_empty_output_size_raises_runtime_error(name):
    check_raises(lambda L, t: getattr(L.nn.functional, name)(t, ()), np.ones((1, 2, 3)))


@pytest.mark.parametrize("dims", [1, 2, 3])
def test_max_unpool_of_an_empty_batch_is_empty_as_torch(dims):
    def fn(L, x):
        pooled, indices = getattr(L.nn.functional, f"max_pool{dims}d")(x, 2, return_indices=True)
        return getattr(L.nn.functional, f"max_unpool{dims}d")(pooled, indices, 2)
    check(fn, np.ones((0, 2) + (4,) * dims))


@pytest.mark.parametrize("dims", [1, 2, 3])
def test_max_unpool_to_an_empty_output_checks_no_index_as_torch(dims):
    """Pooling 1 pixel with kernel 2, stride 2 and padding 1 gives 1 window; unpooled by the same
    geometry it makes 0 pixels, where PyTorch writes nothing and checks no index."""
    def fn(L, x):
        pooled, indices = getattr(L.nn.functional, f"max_pool{dims}d")(x, 2, 2, 1, return_indices=True)
        return getattr(L.nn.functional, f"max_unpool{dims}d")(pooled, indices, 2, 2, 1)
    check(fn, np.random.default_rng(0).standard_normal((2, 3) + (1,) * dims))


@pytest.mark.parametrize("dims", [1, 2, 3])
def test_max_unpool_records_one_node_named_as_torchs(dims):
    def graph(L):
        x = L.ones((1, 2) + (4,) * dims, requires_grad=True)
        pooled, indices = getattr(L.nn.functional, f"max_pool{dims}d")(x.detach(), 2, return_indices=True)
        out = getattr(L.nn.functional, f"max_unpool{dims}d")(pooled.requires_grad_(), indices, 2)
        node = out.grad_fn if dims > 1 else out.grad_fn.next_functions[0][0]
        return out.grad_fn.name(), node.name(), [type(f).__name__ if f is None else f.name()
                                                 for f, _ in node.next_functions]
    assert graph(minigrad) == graph(torch)


def test_max_unpool_names_the_output_size_of_an_index_past_it_as_torch():
    def fn(L, x):
        pooled, indices = L.nn.functional.max_pool2d(x, 3, 1, 1, return_indices=True)
        return L.nn.functional.max_unpool2d(pooled, indices.flip(-1).flip(-2) * 0 + 5, 1, 1, 1)
    check_raises(fn, np.ones((1, 1, 3, 3)), names=("invalid max index: 5", "size 1x1)"))


@pytest.mark.parametrize("kw", [dict(kernel_size=0), dict(kernel_size=2, stride=-1), dict(kernel_size=2, padding=-1),
                                dict(kernel_size=2, padding=2), dict(kernel_size=3, padding=1, dilation=0),
                                dict(kernel_size=9), dict(kernel_size=3, dilation=3)], ids=str)
@pytest.mark.parametrize("batched", [True, False])
def test_max_pool1d_without_indices_refuses_a_bad_window_in_its_own_words_as_torch(kw, batched):
    check_same_error(lambda L, x: L.nn.functional.max_pool1d(x, **kw), np.ones((1, 3, 5) if batched else (3, 5)))


@pytest.mark.parametrize("kw", [dict(kernel_size=3), dict(kernel_size=(1, 1, 3), stride=1),
                                dict(kernel_size=4, padding=1), dict(kernel_size=3, ceil_mode=True)], ids=str)
def test_avg_pool3d_of_an_input_smaller_than_its_kernel_names_both_as_torch(kw):
    check_same_error(lambda L, x: L.nn.functional.avg_pool3d(x, **kw), np.ones((1, 3, 2, 5, 2)))


@pytest.mark.parametrize("dims", [2, 3])
def test_avg_pool_refuses_a_zero_divisor_before_its_padding_as_torch(dims):
    check_same_error(lambda L, x: getattr(L.nn.functional, f"avg_pool{dims}d")(x, 3, padding=2, divisor_override=0),
                     np.ones((1, 3) + (5,) * dims))


@pytest.mark.parametrize("name", ["avg_pool3d", "max_pool3d"])
@pytest.mark.parametrize("shape", [(1, 0, 2, 5, 5), (0, 2, 5, 5), (2, 3, 2, 0, 5)], ids=str)
def test_3d_pooling_of_an_input_empty_past_its_batch_dim_raises_torchs_message(name, shape):
    check_same_error(lambda L, x: getattr(L.nn.functional, name)(x, 1), np.ones(shape))


@pytest.mark.parametrize("name, shape", [("adaptive_avg_pool2d", (2, 0, 4, 4)), ("adaptive_avg_pool2d", (0, 4, 4)),
                                         ("adaptive_avg_pool1d", (2, 0, 4))], ids=str)
def test_adaptive_average_pooling_of_an_input_without_channels_is_empty_as_torch(name, shape):
    check(lambda L, x: getattr(L.nn.functional, name)(x, 3), np.ones(shape))


@pytest.mark.parametrize("shape", [(2, 0, 4), (2, 2, 0), (2, 0)], ids=str)
def test_adaptive_max_pool1d_of_an_empty_input_names_its_1d_shape_as_torch(shape):
    check_same_error(lambda L, x: L.nn.functional.adaptive_max_pool1d(x, 3), np.ones(shape))


@pytest.mark.parametrize("name", ["max_pool2d", "avg_pool2d", "max_pool3d", "avg_pool3d"])
@pytest.mark.parametrize("kw", [dict(padding=-1), dict(padding=2), dict(kernel_size=0), dict(kernel_size=-1),
                                dict(stride=0), dict(stride=-1)], ids=str)
def test_pooling_checks_its_window_before_an_empty_input_as_torch(name, kw):
    """PyTorch checks the window (stride, then padding, per dim; then kernel, stride and dilation signs)
    before it refuses an input with an empty non-batch dim."""
    args = {"kernel_size": 2, "stride": 2, **kw}
    shape = (0, 1, 4) + (4,) * (name.endswith("3d"))
    check_same_error(lambda L, x: getattr(L.nn.functional, name)(x, **args), np.ones(shape))


@pytest.mark.parametrize("name", ["max_pool2d", "avg_pool2d", "max_pool3d", "avg_pool3d"])
@pytest.mark.parametrize("kw", [dict(kernel_size=0), dict(kernel_size=-1), dict(kernel_size=-2),
                                dict(kernel_size=(2, 0, 2), stride=1), dict(kernel_size=2, stride=(-1, 1, 1)),
                                dict(kernel_size=2, stride=(1, 0, 1), padding=(0, -1, 0)),
                                dict(kernel_size=2, stride=(1, 1, 0), padding=(0, -1, 0)),
                                dict(kernel_size=2, stride=2, padding=(-1, -2, -3)),
                                dict(kernel_size=2, stride=2, padding=(-3, -2, -1))], ids=str)
def test_pooling_names_the_first_bad_window_size_as_torch(name, kw):
    """A kernel or stride below 1 is named with every dim's value; the padding's limits, per dim in order
    (the effective kernel's half rounded toward zero, as C divides)."""
    n = 3 if name.endswith("3d") else 2
    args = {k: v[:n] if isinstance(v, tuple) else v for k, v in kw.items()}
    check_same_error(lambda L, x: getattr(L.nn.functional, name)(x, **args), np.ones((1, 2) + (4,) * n))


@pytest.mark.parametrize("return_indices", [False, True])
@pytest.mark.parametrize("shape", [(5,), (2, 3, 4, 5), (1, 0, 5), (0, 5), (1, 5, 0)], ids=str)
@pytest.mark.parametrize("kw", [dict(kernel_size=2), dict(kernel_size=2, padding=-1), dict(kernel_size=0),
                                dict(kernel_size=(2, 2))], ids=str)
def test_max_pool1d_refuses_a_bad_input_in_the_words_of_its_kernel_as_torch(return_indices, shape, kw):
    """Without indices, PyTorch's 1-D kernel refuses a bad rank or an empty dim first, in its own words;
    with them, its argument check names the rank and the 2-D kernel does the rest."""
    check_same_error(lambda L, x: L.nn.functional.max_pool1d(x, return_indices=return_indices, **kw), np.ones(shape))


@pytest.mark.parametrize("name", ["avg_pool1d", "adaptive_avg_pool1d", "adaptive_max_pool1d"])
@pytest.mark.parametrize("shape", [(5,), (2, 3, 4, 5)], ids=str)
def test_1d_pooling_of_another_rank_names_it_as_torch(name, shape):
    check_same_error(lambda L, x: getattr(L.nn.functional, name)(x, 2), np.ones(shape))


@pytest.mark.parametrize("name, size", [("adaptive_max_pool2d", ()), ("adaptive_max_pool2d", (1, 2, 3)),
                                        ("adaptive_avg_pool2d", (1, 2, 3)), ("adaptive_max_pool3d", (1, 2)),
                                        ("adaptive_avg_pool3d", (1, 2))], ids=str)
def test_adaptive_pooling_to_a_size_of_another_length_raises_torchs_message(name, size):
    """(PyTorch's max pools refuse it in their kernels, with an 'internal error'.)"""
    shape = (1, 2, 3, 4, 4) if name.endswith("3d") else (1, 2, 3, 4)
    check_same_error(lambda L, x: getattr(L.nn.functional, name)(x, size), np.ones(shape))
