"""Convolutions against PyTorch: conv1d/2d/3d, conv_transpose1d/2d/3d, unfold/fold.

Random batch, channel and spatial sizes (size-0 batches, 1x1 images, kernels
as big as the padded input), strides, paddings (ints and "same"/"valid"),
dilations and groups; forward values and the gradients of input, weight and
bias under random upstream gradients; second derivatives; PyTorch's errors.
"""
import warnings

import numpy as np
import pytest
import torch
from hypothesis import assume, given, settings, strategies as st

import minigrad
from minigrad.ops import conv_checks

from . import strategies as S
from .helpers import check, check_raises, check_same_error
from .test_second_order import compare_higher


def _tol(weight_shape):
    """atol scale for sums of (in channels per group * kernel size) products."""
    terms = int(np.prod(weight_shape[1:]))
    return 100.0 * max(1.0, np.sqrt(terms))


@st.composite
def conv_case(draw, nd=2, transposed=False):
    """(input, weight, bias or None, keyword arguments) for one convolution PyTorch accepts."""
    dtype = draw(S.float_dtypes)
    groups = draw(st.integers(1, 2))
    cin, cout = draw(st.integers(1, 2)), draw(st.integers(1, 2))  # per group
    batch = draw(st.integers(0, 2))
    kernel = tuple(draw(st.integers(1, 3)) for _ in range(nd))
    stride = tuple(draw(st.integers(1, 3)) for _ in range(nd))
    dilation = tuple(draw(st.integers(1, 2)) for _ in range(nd))
    padding = tuple(draw(st.integers(0, 2)) for _ in range(nd))
    kw = dict(stride=stride, padding=padding, dilation=dilation, groups=groups)
    if transposed:
        sizes = tuple(draw(st.integers(1, 4)) for _ in range(nd))
        out_pad = tuple(draw(st.integers(0, max(s, d) - 1)) for s, d in zip(stride, dilation))
        out = [(s - 1) * st_ - 2 * p + d * (k - 1) + op + 1
               for s, st_, p, d, k, op in zip(sizes, stride, padding, dilation, kernel, out_pad)]
        assume(all(o > 0 for o in out))
        kw["output_padding"] = out_pad
        w_shape = (cin * groups, cout) + kernel
    else:
        # from "the dilated kernel just fits the padded input" upwards
        sizes = tuple(draw(st.integers(max(1, d * (k - 1) + 1 - 2 * p), max(1, d * (k - 1) + 1 - 2 * p) + 3))
                      for k, d, p in zip(kernel, dilation, padding))
        w_shape = (cout * groups, cin) + kernel
    x = draw(S.arrays(dtype, (batch, cin * groups) + sizes))
    w = draw(S.arrays(dtype, w_shape))
    b = draw(st.none() | S.arrays(dtype, (cout * groups,)))
    return x, w, b, kw


def _check_conv(fn, case, seed):
    x, w, b, kw = case
    if b is None:
        check(lambda L, x, w: fn(L)(x, w, None, **kw), x, w, seed=seed, atol_scale=_tol(w.shape))
    else:
        check(lambda L, x, w, b: fn(L)(x, w, b, **kw), x, w, b, seed=seed, atol_scale=_tol(w.shape))


@given(case=conv_case(), seed=S.seeds)
def test_conv2d_matches_torch(case, seed):
    _check_conv(lambda L: L.nn.functional.conv2d, case, seed)


@given(case=conv_case(nd=1), seed=S.seeds)
def test_conv1d_matches_torch(case, seed):
    _check_conv(lambda L: L.nn.functional.conv1d, case, seed)


@given(case=conv_case(transposed=True), seed=S.seeds)
def test_conv_transpose2d_matches_torch(case, seed):
    _check_conv(lambda L: L.nn.functional.conv_transpose2d, case, seed)


@given(case=conv_case(nd=1, transposed=True), seed=S.seeds)
def test_conv_transpose1d_matches_torch(case, seed):
    _check_conv(lambda L: L.nn.functional.conv_transpose1d, case, seed)


@given(case=conv_case(nd=3), seed=S.seeds)
@settings(max_examples=30)
def test_conv3d_matches_torch(case, seed):
    _check_conv(lambda L: L.nn.functional.conv3d, case, seed)


@given(case=conv_case(nd=3, transposed=True), seed=S.seeds)
@settings(max_examples=30)
def test_conv_transpose3d_matches_torch(case, seed):
    _check_conv(lambda L: L.nn.functional.conv_transpose3d, case, seed)


@given(data=st.data(), seed=S.seeds)
@settings(max_examples=20)
def test_conv3d_padding_same_and_valid_match_torch(data, seed):
    dtype = data.draw(S.float_dtypes)
    kernel = tuple(data.draw(st.integers(1, 4)) for _ in range(3))
    dilation = data.draw(st.integers(1, 2))
    padding = data.draw(st.sampled_from(["same", "valid"]))
    lo = [dilation * (k - 1) + 1 if padding == "valid" else 1 for k in kernel]
    x = data.draw(S.arrays(dtype, (2, 2) + tuple(data.draw(st.integers(v, v + 2)) for v in lo)))
    w = data.draw(S.arrays(dtype, (3, 2) + kernel))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        check(lambda L, x, w: L.nn.functional.conv3d(x, w, padding=padding, dilation=dilation), x, w, seed=seed,
              atol_scale=_tol(w.shape))


@given(data=st.data(), seed=S.seeds)
def test_conv2d_padding_same_and_valid_match_torch(data, seed):
    dtype = data.draw(S.float_dtypes)
    kernel = (data.draw(st.integers(1, 4)), data.draw(st.integers(1, 4)))  # even kernels pad unevenly
    dilation = data.draw(st.integers(1, 2))
    padding = data.draw(st.sampled_from(["same", "valid"]))
    lo = [dilation * (k - 1) + 1 if padding == "valid" else 1 for k in kernel]
    x = data.draw(S.arrays(dtype, (2, 3, data.draw(st.integers(lo[0], lo[0] + 3)),
                                   data.draw(st.integers(lo[1], lo[1] + 3)))))
    w = data.draw(S.arrays(dtype, (2, 3) + kernel))
    with warnings.catch_warnings():  # both libraries warn that an uneven "same" padding copies the input
        warnings.simplefilter("ignore")
        check(lambda L, x, w: L.nn.functional.conv2d(x, w, padding=padding, dilation=dilation), x, w, seed=seed,
              atol_scale=_tol(w.shape))


@pytest.mark.parametrize("n", [1, 2, 3])
@pytest.mark.parametrize("padding", ["same", "valid"])
@pytest.mark.parametrize("dtypes", [(np.float64, np.float32), (np.float64, np.float16), (np.float64, np.int64),
                                    (np.float32, np.float64)], ids=str)
def test_convolutions_of_float64_with_a_padding_string_take_a_bias_of_another_dtype_as_torch(n, padding, dtypes):
    """(A float32 batch is refused, as by PyTorch's MKLDNN kernel, which it picks for batches of several.)"""
    rng = np.random.default_rng(0)
    x, w = rng.normal(size=(2, 2) + (4,) * n).astype(dtypes[0]), rng.normal(size=(3, 2) + (2,) * n).astype(dtypes[0])
    b = (rng.normal(size=3) * 3).astype(dtypes[1])
    with warnings.catch_warnings():  # (an uneven "same" padding warns that it copies the input)
        warnings.simplefilter("ignore")
        check(lambda L, x, w, b: getattr(L.nn.functional, f"conv{n}d")(x, w, b, padding=padding), x, w, b,
              atol_scale=_tol(w.shape), requires_grad=[True, True, dtypes[1] != np.int64])


# (batch, kernel, groups) where PyTorch's CPU build runs a float32 convolution through its own kernels, which
# cast a bias of another dtype, and where it picks oneDNN's, which refuses a weight or bias of another dtype
OWN_KERNELS = [(1, 2, 1), (1, 3, 1)]
ONEDNN = [(2, 2, 1), (1, 2, 2)]


def _float32_conv_case(n, batch, kernel, groups, transposed, bias_dtype, weight_dtype=np.float32):
    rng = np.random.default_rng(0)
    x = rng.normal(size=(batch, 2) + (4,) * n).astype(np.float32)
    w = rng.normal(size=((2, 4 // groups) if transposed else (4, 2 // groups)) + (kernel,) * n).astype(weight_dtype)
    return x, w, (rng.normal(size=4) * 3).astype(bias_dtype)


@pytest.mark.parametrize("n", [1, 2, 3])
@pytest.mark.parametrize("padding", ["same", "valid"])
@pytest.mark.parametrize("batch,kernel,groups", OWN_KERNELS, ids=str)
@pytest.mark.parametrize("bias_dtype", [np.float64, np.float16, np.int64], ids=str)
def test_float32_convolutions_with_a_padding_string_take_a_bias_of_another_dtype_in_pytorchs_own_kernels(
        n, padding, batch, kernel, groups, bias_dtype):
    x, w, b = _float32_conv_case(n, batch, kernel, groups, False, bias_dtype)
    with warnings.catch_warnings():  # (an uneven "same" padding warns that it copies the input)
        warnings.simplefilter("ignore")
        check(lambda L, x, w, b: getattr(L.nn.functional, f"conv{n}d")(x, w, b, padding=padding, groups=groups),
              x, w, b, atol_scale=_tol(w.shape), requires_grad=[True, True, bias_dtype != np.int64])


@pytest.mark.parametrize("n", [1, 2])
@pytest.mark.parametrize("batch,kernel,groups", OWN_KERNELS, ids=str)
@pytest.mark.parametrize("bias_dtype", [np.float64, np.float16], ids=str)
def test_float32_transposed_convolutions_take_a_bias_of_another_dtype_in_pytorchs_own_kernels(
        n, batch, kernel, groups, bias_dtype):
    x, w, b = _float32_conv_case(n, batch, kernel, groups, True, bias_dtype)
    check(lambda L, x, w, b: getattr(L.nn.functional, f"conv_transpose{n}d")(x, w, b, groups=groups),
          x, w, b, atol_scale=_tol(w.shape))


@pytest.mark.parametrize("n", [1, 2, 3])
@pytest.mark.parametrize("form", ["same", "valid", "transposed"])
@pytest.mark.parametrize("batch,kernel,groups", ONEDNN, ids=str)
@pytest.mark.parametrize("dtypes", [(np.float32, np.float64), (np.float64, np.float32), (np.float64, np.float64)],
                         ids=["bias", "weight", "both"])
def test_float32_convolutions_that_pytorch_runs_through_onednn_refuse_other_dtypes_with_its_error(
        n, form, batch, kernel, groups, dtypes):
    x, w, b = _float32_conv_case(n, batch, kernel, groups, form == "transposed", dtypes[1], dtypes[0])
    fn = (lambda L, x, w, b: getattr(L.nn.functional, f"conv_transpose{n}d")(x, w, b, groups=groups)) \
        if form == "transposed" else \
        (lambda L, x, w, b: getattr(L.nn.functional, f"conv{n}d")(x, w, b, padding=form, groups=groups))
    with warnings.catch_warnings():  # (an uneven "same" padding warns that it copies the input)
        warnings.simplefilter("ignore")
        check_same_error(fn, x, w, b)


@pytest.mark.parametrize("n", [1, 2, 3])
def test_transposed_convolutions_in_pytorchs_own_kernels_add_a_bias_of_another_dtype_as_it(n):
    # (1-D and 2-D: in place, so a float bias of an int64 one is refused; 3-D: none of another dtype)
    x, w = np.ones((1, 2) + (3,) * n, np.int64), np.ones((2, 3) + (2,) * n, np.int64)
    check_same_error(lambda L, x, w, b: getattr(L.nn.functional, f"conv_transpose{n}d")(x, w, b), x, w,
                     np.ones(3, np.float32))
    check(lambda L, x, w, b: getattr(L.nn.functional, f"conv_transpose{n}d")(x, w, b), x.astype(np.float64),
          w.astype(np.float64), np.ones(3, np.int64), requires_grad=[True, True, False])


def test_a_transposed_conv1d_names_its_output_padding_in_2d_words_as_torch():
    x, w = np.ones((1, 2, 4)), np.ones((2, 3, 3))
    check_same_error(lambda L, x, w: L.nn.functional.conv_transpose1d(x, w, output_padding=1), x, w)


def test_convolutions_with_a_padding_number_refuse_a_bias_of_another_dtype_as_torch():
    x, w, b = np.ones((1, 2, 4, 4)), np.ones((3, 2, 2, 2)), np.ones(3, np.float32)
    check_raises(lambda L, x, w, b: L.nn.functional.conv2d(x, w, b, padding=1), x, w, b)


@given(data=st.data(), seed=S.seeds)
@settings(max_examples=10)
def test_unbatched_convolutions_match_torch(data, seed):
    x = data.draw(S.arrays(np.float64, (2, 4, 5)))
    w = data.draw(S.arrays(np.float64, (3, 2, 2, 2)))
    check(lambda L, x, w: L.nn.functional.conv2d(x, w, stride=2, padding=1), x, w, seed=seed, atol_scale=100)
    wt = data.draw(S.arrays(np.float64, (2, 3, 2, 2)))
    check(lambda L, x, w: L.nn.functional.conv_transpose2d(x, w, stride=2), x, wt, seed=seed, atol_scale=100)
    check(lambda L, x, w: L.nn.functional.conv1d(x, w), x[0], w[:, :, 0], seed=seed, atol_scale=100)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("shape,w_shape,kw", [
    ((8, 16, 12, 12), (32, 16, 3, 3), dict(padding=1)),
    ((4, 6, 14, 14), (16, 6, 5, 5), dict()),
    ((2, 8, 9, 11), (8, 2, 3, 3), dict(stride=2, padding=(1, 2), groups=4)),
    ((3, 4, 10, 10), (6, 4, 3, 2), dict(stride=(2, 1), dilation=(2, 3), padding=2)),
], ids=str)
def test_larger_convolutions_match_torch(dtype, shape, w_shape, kw):
    rng = np.random.default_rng(1)
    x = rng.standard_normal(shape).astype(dtype)
    w = rng.standard_normal(w_shape).astype(dtype)
    b = rng.standard_normal(w_shape[0]).astype(dtype)
    scale = 4 * np.sqrt(np.prod(w_shape[1:]))
    check(lambda L, x, w, b: L.nn.functional.conv2d(x, w, b, **kw), x, w, b, seed=2, atol_scale=scale)
    wt = np.ascontiguousarray(w.swapaxes(0, 1)) if kw.get("groups", 1) == 1 else w
    check(lambda L, x, w: L.nn.functional.conv_transpose2d(x, w, **kw), x, wt, seed=2, atol_scale=scale)


def _check_second_derivatives(name, case, seed):
    """The second derivatives of ``F.<name>(x, w, **kw) ** 2`` (float64) match PyTorch's."""
    x, w, _, kw = case
    x, w = x.astype(np.float64), w.astype(np.float64)
    compare_higher(lambda L, x, w: getattr(L.nn.functional, name)(x, w, **kw) ** 2, x, w, order=2, seed=seed,
                   atol_scale=_tol(w.shape) ** 2)


@given(case=conv_case(), seed=S.seeds)
@settings(max_examples=10)
def test_conv2d_second_derivatives_match_torch(case, seed):
    _check_second_derivatives("conv2d", case, seed)


@given(case=conv_case(transposed=True), seed=S.seeds)
@settings(max_examples=10)
def test_conv_transpose2d_second_derivatives_match_torch(case, seed):
    _check_second_derivatives("conv_transpose2d", case, seed)


@given(case=conv_case(nd=3), seed=S.seeds)
@settings(max_examples=5)
def test_conv3d_second_derivatives_match_torch(case, seed):
    _check_second_derivatives("conv3d", case, seed)


@given(case=conv_case(nd=3, transposed=True), seed=S.seeds)
@settings(max_examples=5)
def test_conv_transpose3d_second_derivatives_match_torch(case, seed):
    _check_second_derivatives("conv_transpose3d", case, seed)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_larger_3d_convolutions_match_torch(dtype):
    rng = np.random.default_rng(1)
    x = rng.standard_normal((2, 6, 7, 9, 8)).astype(dtype)
    w = rng.standard_normal((8, 3, 3, 3, 2)).astype(dtype)
    b = rng.standard_normal(8).astype(dtype)
    kw = dict(stride=(2, 1, 2), padding=(1, 2, 0), dilation=(1, 2, 1), groups=2)
    scale = 4 * np.sqrt(np.prod(w.shape[1:]))
    check(lambda L, x, w, b: L.nn.functional.conv3d(x, w, b, **kw), x, w, b, seed=2, atol_scale=scale)
    check(lambda L, x, w: L.nn.functional.conv_transpose3d(x, w, output_padding=(1, 0, 1), **kw), x,
          w[:6], seed=2, atol_scale=scale)


def test_unbatched_conv3d_matches_torch():
    rng = np.random.default_rng(2)
    x = rng.standard_normal((2, 4, 5, 3))
    check(lambda L, x, w: L.nn.functional.conv3d(x, w, stride=2, padding=1), x, rng.standard_normal((3, 2, 2, 2, 2)),
          seed=1, atol_scale=100)
    check(lambda L, x, w: L.nn.functional.conv_transpose3d(x, w, stride=2), x, rng.standard_normal((2, 3, 2, 2, 2)),
          seed=1, atol_scale=100)


def test_conv2d_third_derivatives_match_torch():
    rng = np.random.default_rng(3)
    x = rng.standard_normal((2, 2, 5, 4))
    w = rng.standard_normal((3, 2, 2, 3))
    compare_higher(lambda L, x, w: L.nn.functional.conv2d(x, w, stride=(1, 2), padding=1).tanh(), x, w, order=3,
                   seed=4, atol_scale=100)


@st.composite
def unfold_case(draw):
    dtype = draw(S.float_dtypes)
    kernel = (draw(st.integers(1, 3)), draw(st.integers(1, 3)))
    dilation = (draw(st.integers(1, 2)), draw(st.integers(1, 2)))
    padding = (draw(st.integers(0, 2)), draw(st.integers(0, 2)))
    stride = (draw(st.integers(1, 3)), draw(st.integers(1, 3)))
    sizes = tuple(draw(st.integers(max(1, d * (k - 1) + 1 - 2 * p), max(1, d * (k - 1) + 1 - 2 * p) + 3))
                  for k, d, p in zip(kernel, dilation, padding))
    x = draw(S.arrays(dtype, (draw(st.integers(0, 2)), draw(st.integers(1, 3))) + sizes))
    return x, dict(kernel_size=kernel, dilation=dilation, padding=padding, stride=stride)


@given(case=unfold_case(), seed=S.seeds)
def test_unfold_and_fold_match_torch(case, seed):
    x, kw = case
    check(lambda L, x: L.nn.functional.unfold(x, **kw), x, seed=seed)
    check(lambda L, x: L.nn.functional.fold(L.nn.functional.unfold(x, **kw), x.shape[2:], **kw), x, seed=seed,
          atol_scale=10)
    compare_higher(lambda L, x: L.nn.functional.fold(L.nn.functional.unfold(x, **kw) ** 2, x.shape[2:], **kw),
                   x.astype(np.float64), order=2, seed=seed, atol_scale=100)


BAD_CONVS = {
    "wrong channel count": ((2, 3, 5, 5), (4, 2, 3, 3), {}),
    "kernel larger than padded input": ((2, 3, 5, 5), (4, 3, 7, 7), {}),
    "groups not dividing input channels": ((2, 3, 5, 5), (4, 3, 3, 3), dict(groups=2)),
    "groups not dividing output channels": ((2, 4, 5, 5), (3, 2, 3, 3), dict(groups=2)),
    "negative padding": ((2, 3, 5, 5), (4, 3, 3, 3), dict(padding=-1)),
    "zero stride": ((2, 3, 5, 5), (4, 3, 3, 3), dict(stride=0)),
    "zero dilation": ((2, 3, 5, 5), (4, 3, 3, 3), dict(dilation=0)),
    "zero groups": ((2, 3, 5, 5), (4, 3, 3, 3), dict(groups=0)),
    "same padding with stride": ((2, 3, 5, 5), (4, 3, 2, 2), dict(padding="same", stride=2)),
    "unknown padding string": ((2, 3, 5, 5), (4, 3, 3, 3), dict(padding="full")),
    "2-D input": ((5, 5), (4, 3, 3, 3), {}),
    "3-D weight": ((2, 3, 5, 5), (4, 3, 3), {}),
    "three strides": ((2, 3, 5, 5), (4, 3, 3, 3), dict(stride=(1, 1, 1))),
    "empty image": ((2, 3, 0, 5), (4, 3, 3, 3), {}),
    "no output channels": ((2, 3, 5, 5), (0, 3, 3, 3), {}),
    "empty image padded to the kernel's size": ((2, 3, 0, 5), (4, 3, 3, 3), dict(padding=2)),
}


@pytest.mark.parametrize("name", sorted(BAD_CONVS))
def test_bad_convolutions_raise_like_torch(name):
    x_shape, w_shape, kw = BAD_CONVS[name]
    check_raises(lambda L, x, w: L.nn.functional.conv2d(x, w, **kw), np.ones(x_shape), np.ones(w_shape))


BAD_CONV3DS = {
    "wrong channel count": ((2, 3, 4, 5, 5), (4, 2, 3, 3, 3), {}),
    "kernel larger than padded input": ((2, 3, 1, 5, 5), (4, 3, 2, 3, 3), {}),
    "same padding with stride": ((2, 3, 4, 5, 5), (4, 3, 2, 2, 2), dict(padding="same", stride=2)),
    "3-D input": ((4, 5, 5), (4, 3, 3, 3, 3), {}),
    "two strides": ((2, 3, 4, 5, 5), (4, 3, 3, 3, 3), dict(stride=(1, 2))),
    "output padding too large": ((2, 4, 3, 3, 3), (4, 3, 2, 2, 2), dict(stride=2, output_padding=2)),
}


@pytest.mark.parametrize("name", sorted(BAD_CONV3DS))
def test_bad_3d_convolutions_raise_like_torch(name):
    x_shape, w_shape, kw = BAD_CONV3DS[name]
    fn = "conv_transpose3d" if "output_padding" in kw else "conv3d"
    check_raises(lambda L, x, w: getattr(L.nn.functional, fn)(x, w, **kw), np.ones(x_shape), np.ones(w_shape))


def test_conv_errors_name_the_shapes():
    check_raises(lambda L, x, w: L.nn.functional.conv2d(x, w), np.ones((2, 3, 5, 5)), np.ones((4, 2, 3, 3)),
                 names=("[4, 2, 3, 3]", "[2, 3, 5, 5]", "2 channels", "3 channels"))
    check_raises(lambda L, x, w: L.nn.functional.conv2d(x, w), np.ones((2, 3, 5, 5)), np.ones((4, 3, 7, 7)),
                 names=("(5 x 5)", "(7 x 7)"))


def test_bad_bias_and_mixed_dtypes_raise_like_torch():
    check_raises(lambda L, x, w, b: L.nn.functional.conv2d(x, w, b), np.ones((2, 3, 5, 5)), np.ones((4, 3, 3, 3)),
                 np.ones(3), names=("bias", "4 elements"))
    check_raises(lambda L, x, w: L.nn.functional.conv2d(x, w), np.ones((2, 3, 5, 5)),
                 np.ones((4, 3, 3, 3), np.float32))


@pytest.mark.parametrize("kw", [dict(stride=2, output_padding=2), dict(padding=4), dict(padding="same")], ids=str)
def test_bad_transposed_convolutions_raise_like_torch(kw):
    check_raises(lambda L, x, w: L.nn.functional.conv_transpose2d(x, w, **kw), np.ones((2, 3, 3, 3)),
                 np.ones((3, 4, 3, 3)))
    check_raises(lambda L, x, w: L.nn.functional.conv_transpose2d(x, w), np.ones((2, 3, 3, 3)),
                 np.ones((4, 4, 3, 3)))


@pytest.mark.parametrize("kw", [dict(kernel_size=4), dict(kernel_size=2, padding=-1), dict(kernel_size=0)], ids=str)
def test_bad_unfolds_raise_like_torch(kw):
    check_raises(lambda L, x: L.nn.functional.unfold(x, **kw), np.ones((1, 2, 3, 3)))



@pytest.mark.parametrize("kw", [dict(kernel_size=5), dict(kernel_size=[3, 5], dilation=[2, 1], padding=[0, 0])], ids=str)
def test_unfold_without_a_whole_window_names_the_sizes_as_torch(kw):
    import torch
    with pytest.raises(RuntimeError) as theirs:
        torch.nn.functional.unfold(torch.ones(1, 1, 4, 4), **kw)
    with pytest.raises(RuntimeError) as ours:
        minigrad.nn.functional.unfold(minigrad.ones(1, 1, 4, 4), **kw)
    assert str(ours.value) == str(theirs.value)

def test_bad_folds_raise_like_torch():
    check_raises(lambda L, x: L.nn.functional.fold(x, (3, 3), 2), np.ones((1, 4, 5)))
    check_raises(lambda L, x: L.nn.functional.fold(x, (3, 3), 2), np.ones((1, 5, 4)))


def test_integer_convolution_matches_torch():
    rng = np.random.default_rng(0)
    x = rng.integers(-3, 4, (2, 3, 5, 5))
    w = rng.integers(-3, 4, (4, 3, 3, 3))
    check(lambda L, x, w: L.nn.functional.conv2d(x, w, padding=1), x, w, backward=False)


@pytest.mark.parametrize("dims", [1, 2, 3])
@pytest.mark.parametrize("groups", [1, 2])
@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("size, output_padding, dilation", [(2, 0, 1), (1, 1, 2)])
def test_a_transposed_convolution_with_an_empty_output_is_empty_or_an_error_as_in_pytorch(
        dims, groups, dtype, size, output_padding, dilation):
    """PyTorch's CPU kernels differ here: oneDNN (grouped float32, each output padding below its
    stride) gives an empty output with zero gradients, the others raise RuntimeError."""
    def run(L):
        fn = getattr(L.nn.functional, f"conv_transpose{dims}d")
        x = L.ones((1, groups) + (size,) * dims, dtype=getattr(L, dtype), requires_grad=True)
        w = L.ones((groups, 2) + (1,) * dims, dtype=getattr(L, dtype), requires_grad=True)
        b = L.ones(2 * groups, dtype=getattr(L, dtype), requires_grad=True)
        try:
            y = fn(x, w, b, 1, 1, output_padding, groups, dilation)
        except RuntimeError:
            return "RuntimeError"
        y.sum().backward()
        return tuple(y.shape), x.grad.tolist(), w.grad.tolist(), b.grad.tolist()
    _agree_with_torch_at_two_threads(run)


@pytest.mark.parametrize("dims", [1, 2, 3])
@pytest.mark.parametrize("batch", [0, 2])
def test_a_convolution_of_an_input_without_channels_is_empty_as_in_pytorch(dims, batch):
    """PyTorch's output then has no channels either (whatever the weight's count), and the
    gradients of the weight and bias are zeros."""
    fn = lambda L, x, w, b: getattr(L.nn.functional, f"conv{dims}d")(x, w, b, padding=1, stride=2)
    check(fn, np.ones((batch, 0) + (4,) * dims), np.ones((3, 0) + (2,) * dims), np.ones(3))


@pytest.mark.parametrize("dims", [1, 2, 3])
def test_a_convolution_of_an_image_empty_in_a_spatial_dim_raises_like_torch(dims):
    fn = lambda L, x, w: getattr(L.nn.functional, f"conv{dims}d")(x, w, padding=1)
    check_raises(fn, np.ones((2, 3, 0) + (4,) * (dims - 1)), np.ones((2, 3) + (1,) * dims),
                 names=("Only zero batch or zero channel inputs are supported",))


@pytest.mark.parametrize("dims", [1, 2, 3])
@pytest.mark.parametrize("groups", [1, 2])
def test_a_transposed_convolution_with_an_empty_weight_raises_like_torch(dims, groups):
    fn = lambda L, x, w: getattr(L.nn.functional, f"conv_transpose{dims}d")(x, w, groups=groups)
    check_raises(fn, np.ones((2, 4) + (3,) * dims), np.ones((4, 0) + (2,) * dims), names=("non-empty",))


@pytest.mark.parametrize("name", ["conv2d", "conv_transpose2d"])
def test_a_weight_with_fewer_filters_than_groups_raises_like_torch(name):
    check_raises(lambda L, x, w: getattr(L.nn.functional, name)(x, w, groups=3), np.ones((1, 2, 5, 5)),
                 np.ones((2, 2, 3, 3)), names=("expected weight to be at least 3 at dimension 0",))


def _complex(a):
    """A complex array of ``a``'s precision with ``a`` as its real part (and another imaginary part)."""
    return a + 1j * a.ravel()[::-1].reshape(a.shape)


@pytest.mark.parametrize("name, nd, transposed", [("conv1d", 1, False), ("conv2d", 2, False), ("conv3d", 3, False),
                                                  ("conv_transpose1d", 1, True), ("conv_transpose2d", 2, True),
                                                  ("conv_transpose3d", 3, True)])
@given(data=st.data(), seed=S.seeds)
@settings(max_examples=10)
def test_complex_convolutions_and_their_gradients_match_torch(name, nd, transposed, data, seed):
    x, w, b, kw = data.draw(conv_case(nd=nd, transposed=transposed))
    x, w = _complex(x), _complex(w)
    b = None if b is None else _complex(b)
    _check_conv(lambda L: getattr(L.nn.functional, name), (x, w, b, kw), seed)


@pytest.mark.parametrize("name", ["conv2d", "conv_transpose2d"])
@given(data=st.data(), seed=S.seeds)
@settings(max_examples=5)
def test_complex_convolution_second_derivatives_match_torch(name, data, seed):
    x, w, _, kw = data.draw(conv_case(transposed=name == "conv_transpose2d"))
    x, w = _complex(x.astype(np.float64)), _complex(w.astype(np.float64))
    compare_higher(lambda L, x, w: getattr(L.nn.functional, name)(x, w, **kw), x, w, order=2, seed=seed,
                   atol_scale=_tol(w.shape) ** 2)


def test_a_complex_convolution_with_a_real_weight_raises_like_torch():
    check_raises(lambda L, x, w: L.nn.functional.conv2d(x, w), _complex(np.ones((1, 2, 4, 4))), np.ones((3, 2, 3, 3)))


@given(data=st.data(), seed=S.seeds)
@settings(max_examples=10)
def test_unfold_and_fold_of_complex_input_match_torch(data, seed):
    x = _complex(data.draw(S.arrays(np.float64, (2, 2, 5, 6))))
    res = check(lambda L, x: L.nn.functional.unfold(x, (2, 3), dilation=(1, 2), padding=1, stride=2), x, seed=seed)
    assert not isinstance(res, Exception), res
    cols = _complex(data.draw(S.arrays(np.float64, (2, 12, 9))))
    res = check(lambda L, c: L.nn.functional.fold(c, (5, 6), (2, 3), padding=1, stride=2), cols, seed=seed)
    assert not isinstance(res, Exception), res


@pytest.mark.parametrize("fn, shape", [("unfold", (1, 3, 5, 5, 5)), ("unfold", (1, 0, 5, 5)), ("unfold", (0, 5, 5)),
                                       ("unfold", (1, 2, 0, 5)), ("fold", (12,)), ("fold", (1, 12, 9, 1)),
                                       ("fold", (1, 0, 9)), ("fold", (1, 12, 0)), ("fold", (0, 9))], ids=str)
def test_unfold_and_fold_of_another_rank_or_an_empty_dim_raise_torchs_runtime_error(fn, shape):
    args = (2,) if fn == "unfold" else ((4, 4), 2)
    check_same_error(lambda L, x: getattr(L.nn.functional, fn)(x, *args), np.ones(shape))


@pytest.mark.parametrize("kw", [dict(kernel_size=0), dict(kernel_size=2, stride=0), dict(kernel_size=2, padding=-1),
                                dict(kernel_size=2, dilation=(1, 0))], ids=str)
@pytest.mark.parametrize("shape", [(1, 2, 3, 3), (2, 3, 3), (1, 1, 2, 3, 3)], ids=str)
def test_unfold_refuses_a_bad_geometry_before_a_bad_input_in_torchs_words(kw, shape):
    check_same_error(lambda L, x: L.nn.functional.unfold(x, **kw), np.ones(shape))


@pytest.mark.parametrize("dims", [1, 2, 3])
@pytest.mark.parametrize("transposed", [False, True])
@pytest.mark.parametrize("dilation", [0, -1, "last"])
def test_a_dilation_below_one_is_refused_in_torchs_words(dims, transposed, dilation):
    if dilation == "last":
        dilation = (2,) * (dims - 1) + (0,)
    name = f"conv_transpose{dims}d" if transposed else f"conv{dims}d"
    check_same_error(lambda L, x, w: getattr(L.nn.functional, name)(x, w, dilation=dilation),
                     np.ones((1, 3) + (5,) * dims), np.ones((3, 3) + (3,) * dims))


@pytest.mark.parametrize("dims", [1, 2, 3])
@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("kernel, output_padding", [(1, 1), (2, 0)])
def test_a_transposed_convolution_of_an_empty_batch_to_no_pixels_is_empty_as_torch(dims, dtype, kernel, output_padding):
    """(1 pixel, stride 2 and padding 1 make a first dim of 0 pixels; PyTorch's kernels differ
    where the batch is not empty.)"""
    def fn(L, x, w):
        return getattr(L.nn.functional, f"conv_transpose{dims}d")(x, w, stride=2, padding=(1, 0, 0)[:dims],
                                                                  output_padding=output_padding)
    check(fn, np.ones((0, 2) + (1,) * dims, dtype), np.ones((2, 3) + (kernel,) * dims, dtype))


@pytest.mark.parametrize("dims", [1, 2, 3])
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_a_batched_transposed_convolution_with_an_empty_output_is_empty_or_an_error_as_in_pytorch(dims, dtype):
    """oneDNN, which PyTorch's CPU build runs batched float32 transposed convolutions through, gives an
    empty output with zero gradients; its float64 kernel raises RuntimeError."""
    def run(L):
        fn = getattr(L.nn.functional, f"conv_transpose{dims}d")
        x = L.ones((2, 1) + (2,) * dims, dtype=getattr(L, dtype), requires_grad=True)
        w = L.ones((1, 2) + (1,) * dims, dtype=getattr(L, dtype), requires_grad=True)
        try:
            y = fn(x, w, None, 1, 1)
        except RuntimeError:
            return "RuntimeError"
        y.sum().backward()
        return tuple(y.shape), x.grad.tolist(), w.grad.tolist()
    _agree_with_torch_at_two_threads(run)


def _agree_with_torch_at_two_threads(run):
    """``run(minigrad) == run(torch)`` with PyTorch at two threads (it takes its oneDNN kernel only
    with more than one)."""
    threads = torch.get_num_threads()
    torch.set_num_threads(2)
    try:
        assert run(minigrad) == run(torch)
    finally:
        torch.set_num_threads(threads)


@pytest.mark.parametrize("dims", [1, 2, 3])
@pytest.mark.parametrize("weight_dims", [1, 2, 3])
@pytest.mark.parametrize("transposed", [False, True])
@pytest.mark.parametrize("kw", [dict(), dict(stride=(1,)), dict(stride=(1,), padding=(0,)),
                                dict(stride=(1,), padding=(0,), dilation=(1,)), dict(padding="valid"),
                                dict(padding="valid", stride=(1, 1, 1))], ids=str)
def test_a_weight_of_another_rank_is_refused_in_torchs_words(dims, weight_dims, transposed, kw):
    """PyTorch expands stride, padding, dilation and output padding (conv{n}d's are n zeros) to the weight's
    rank, in that order, then compares the weight's rank with the input's."""
    if weight_dims == dims or transposed and isinstance(kw.get("padding"), str):
        return
    name = f"conv_transpose{dims}d" if transposed else f"conv{dims}d"
    check_same_error(lambda L, x, w: getattr(L.nn.functional, name)(x, w, **kw),
                     np.ones((1, 1) + (4,) * dims), np.ones((1, 1) + (2,) * weight_dims))


@pytest.mark.filterwarnings("ignore:Using padding='same'")
@pytest.mark.parametrize("kw", [dict(), dict(stride=(1, 1, 1)), dict(dilation=(1, 1, 1)), dict(stride=(2,))], ids=str)
@pytest.mark.parametrize("weight_shape", [(1, 2, 2), (1, 1, 2, 2, 2), (1, 2, 2, 2), (1, 2, 3, 3), (1, 2, 2, 3)],
                         ids=str)
def test_a_same_padding_convolution_refuses_bad_arguments_in_torchs_words(kw, weight_shape):
    """With padding='same', PyTorch compares the ranks first, then wants stride and dilation of 1 or n values;
    an odd total padding pads the input first, and a channel error names that copy's size."""
    check_same_error(lambda L, x, w: L.nn.functional.conv2d(x, w, padding="same", **kw), np.ones((1, 1, 4, 3)),
                     np.ones(weight_shape))


@pytest.mark.parametrize("args, kw", [
    ((None, 1, "same"), {}), ((None, 1, ("s", "a")), {}), ((None, 1, (1, "a")), {}), ((None, 1.0), {}),
    ((None, (1.0, 1)), {}), ((None, 1, 0, 0, 1, (1, None)), {}), ((None, 1, 0, 0, 1.0), {}),
    ((), dict(padding="same")), ((), dict(stride=1.0)), ((), dict(stride=(1.0, 1))), ((), dict(stride=[True, 1])),
    ((), dict(output_padding=(0, 1.0))), ((), dict(groups=1.0)), ((), dict(dilation="2"))], ids=str)
def test_a_transposed_convolutions_int_arguments_are_refused_in_its_parsers_words(args, kw):
    """conv_transpose2d has one signature: PyTorch's parser names the argument (with its position when it
    came by position, and the element where the first is not an int), never an "invalid combination"."""
    check_same_error(lambda L, x, w: L.nn.functional.conv_transpose2d(x, w, *args, **kw), np.ones((1, 2, 4, 4)),
                     np.ones((2, 3, 3, 3)))


@pytest.mark.parametrize("args, kw", [
    ((), dict(stride=(1, 1.5), dilation=(1, 2.5))), ((None, (1, 1.5), 0, 0, 1, (1, 2.5)), {}),
    ((), dict(stride=(1, 1.5), groups=1.5)), ((), dict(padding=(0, "s"), output_padding=(0, None)))], ids=str)
def test_a_transposed_convolution_unpacks_its_int_lists_after_reading_every_type_from_the_last_back(args, kw):
    """PyTorch's parser checks each argument's type (a list by its first element) in order, then its C++
    binding unpacks the lists from the last argument back: the last argument with a bad element is named."""
    check_same_error(lambda L, x, w: L.nn.functional.conv_transpose2d(x, w, *args, **kw), np.ones((1, 2, 4, 4)),
                     np.ones((2, 3, 3, 3)))


@pytest.mark.parametrize("args, kw", [
    ((), dict(stride=1.5)), ((), dict(padding=True)), ((), dict(dilation="2")), ((), dict(groups=1.0)),
    ((), dict(stride=None)), ((), dict(stride=(1.5, 1))), ((), dict(padding=("s", 1))), ((), dict(stride=[True, 1])),
    ((None, 1.5), {}), ((None, 1, "same", 1.5), {}), ((None, 1, 0, 1, 1.0), {}), ((None, (1, 1), 0, 1, 1.0), {}),
    ((None, [1, 1], "same", (1, 1), 1.5), {}), ((None, [], "same", (), 1.5), {}), ((None, 1, 0, 1), dict(groups=1.5)),
    ((None,), dict(stride=1.5)), ((1.0,), {}), ((), dict(bias=[1.0])), ((), dict(groups=1, dilation=1.5, padding=1)),
    ((), dict(stride=(1, 1.5))), ((), dict(padding=(1, None))), ((), dict(stride=(1, 1.5), dilation=(1, 2.5))),
    ((None, (1, 1.5), "same"), {}), ((), dict(stride=(1, 1.5), dilation=1.5))], ids=str)
def test_a_convolutions_arguments_are_refused_in_its_parsers_words(args, kw):
    """conv2d has two signatures (padding as ints or as a str): PyTorch's parser reports an invalid combination,
    listing the arguments (explained for a call of seven), unless every list's first element is an int; then its
    C++ binding, unpacking from the last argument back, names the last list with an element that is not one."""
    check_same_error(lambda L, x, w: L.nn.functional.conv2d(x, w, *args, **kw), np.ones((1, 2, 4, 4)),
                     np.ones((3, 2, 3, 3)))


@pytest.mark.parametrize("kw", [dict(stride=1.5), dict(groups=1.5), dict(padding=(1, 1.5))], ids=str)
def test_a_convolution_names_a_parameter_weight_in_its_parsers_words(kw):
    check_same_error(lambda L, x, w: L.nn.functional.conv2d(x, L.nn.Parameter(w), **kw), np.ones((1, 2, 4, 4)),
                     np.ones((3, 2, 3, 3)))


@pytest.mark.parametrize("kw", [dict(stride=1.5), dict(stride=(1, 1.5)), dict(groups=1.0)], ids=str)
def test_a_convolutions_parser_refuses_its_arguments_before_a_bias_of_another_dtype(kw):
    check_same_error(lambda L, x, w, b: L.nn.functional.conv2d(x, w, b, **kw), np.ones((1, 2, 4, 4), np.float32),
                     np.ones((3, 2, 3, 3), np.float32), np.ones(3))


_TENSOR_INTS = {"a 0-d stride": lambda L, n: dict(stride=L.tensor(2)),
                "a 0-d last stride": lambda L, n: dict(stride=(1,) * (n - 1) + (L.tensor(2),)),
                "a 0-d padding and groups": lambda L, n: dict(padding=L.tensor(1), groups=L.tensor(1)),
                "a one-element dilation": lambda L, n: dict(dilation=L.tensor([2])),
                "a later bool": lambda L, n: dict(dilation=(2,) + (True,) * (n - 1))}


@pytest.mark.parametrize("dims", [1, 2, 3])
@pytest.mark.parametrize("given", _TENSOR_INTS)
def test_a_convolution_reads_an_integer_tensor_of_one_element_as_an_int(dims, given):
    """PyTorch's parser reads an integer tensor of one element as an int, and a bool after a list's first
    element too."""
    check(lambda L, x, w: getattr(L.nn.functional, f"conv{dims}d")(x, w, **_TENSOR_INTS[given](L, dims)),
          np.random.default_rng(0).standard_normal((1, 2) + (5,) * dims),
          np.random.default_rng(1).standard_normal((3, 2) + (2,) * dims))


@pytest.mark.parametrize("kw", [dict(stride=2), dict(stride=(1, 2)), dict(padding=1, groups=1)], ids=str)
def test_a_transposed_convolution_reads_a_0d_integer_tensor_as_an_int(kw):
    check(lambda L, x, w: L.nn.functional.conv_transpose2d(
        x, w, **{k: L.tensor(v) if isinstance(v, int) else (v[0], L.tensor(v[1])) for k, v in kw.items()}),
          np.random.default_rng(0).standard_normal((1, 2, 4, 4)), np.random.default_rng(1).standard_normal((2, 3, 3, 3)))


@pytest.mark.parametrize("cls", ["Conv2d", "ConvTranspose2d"])
@pytest.mark.parametrize("kw", [dict(kernel_size=[3]), dict(kernel_size=3, padding=[1]), dict(kernel_size=3, stride=(2,)),
                                dict(kernel_size=3, dilation=[2]), dict(kernel_size=3, padding="ab")], ids=str)
def test_conv_layers_keep_a_sequence_argument_as_given_as_pytorchs(cls, kw):
    """PyTorch's layers make a tuple of a sequence (one of length 1 included) without repeating it, and a
    transposed layer a tuple of a padding string's characters: the weight, the repr and the forward show it."""
    if cls == "Conv2d" and kw.get("padding") == "ab":
        return
    def outcome(L):
        layer = getattr(L.nn, cls)(2, 3, **kw)
        try:
            shape = tuple(layer(L.ones(1, 2, 6, 6)).shape)
        except (RuntimeError, TypeError) as e:
            shape = (type(e).__name__, str(e))
        return repr(layer), tuple(layer.weight.shape), shape
    assert outcome(minigrad) == outcome(torch)


@pytest.mark.parametrize("kw", [dict(padding=[1], padding_mode="reflect"), dict(padding=(1, 2), padding_mode="circular"),
                                dict(dilation=(2,), padding="same", padding_mode="replicate")], ids=str)
def test_a_padding_mode_pads_the_dims_pytorchs_layer_pads(kw):
    """A non-zero padding mode pads with F.pad by ``_reversed_padding_repeated_twice``: PyTorch's tuple
    (its list for a padding string, where a shorter dilation leaves the other dims unpadded)."""
    layers = [L.nn.Conv2d(2, 3, 3, **kw) for L in (torch, minigrad)]
    assert layers[1]._reversed_padding_repeated_twice == layers[0]._reversed_padding_repeated_twice
    assert type(layers[1]._reversed_padding_repeated_twice) is type(layers[0]._reversed_padding_repeated_twice)


@pytest.mark.parametrize("call", [
    lambda F, x, w, b: F.conv2d(x, w, b, 1, 1),
    lambda F, x, w, b: F.conv2d(x, w, b, stride=(1, 2), padding=(1, 0)),
    lambda F, x, w, b: F.conv2d(x, w, None, padding="same"),
    lambda F, x, w, b: F.conv2d(x, w, b, 1, "valid", (1, 1), 1),
    lambda F, x, w, b: F.conv_transpose2d(x, w.transpose(0, 1), b, 2, 1, 1),
    lambda F, x, w, b: F.conv_transpose2d(x, w.transpose(0, 1), None, stride=(2, 1), output_padding=(1, 0)),
    lambda F, x, w, b: F.conv2d(x, w, bias=b, padding=1),
], ids=["positional", "keyword tuples", "same", "valid", "transposed positional", "transposed keywords",
        "tensor keyword"])
def test_the_parsers_fast_path_gives_the_general_paths_result(call, monkeypatch):
    rng = np.random.default_rng(0)
    x = minigrad.tensor(rng.normal(size=(1, 2, 5, 5)))
    w = minigrad.tensor(rng.normal(size=(3, 2, 3, 3)))
    b = minigrad.tensor(rng.normal(size=3))
    fast = call(minigrad.nn.functional, x, w, b)
    monkeypatch.setattr(conv_checks, "_plain_call", lambda *a: False)
    general = call(minigrad.nn.functional, x, w, b)
    assert fast.shape == general.shape and np.array_equal(fast.numpy(), general.numpy())


@pytest.mark.parametrize("bias", [-1, 0, (), (1, 2, 3)], ids=str)
def test_a_number_or_tuple_given_as_the_bias_keyword_is_the_parsers_type_error(bias):
    check_same_error(lambda L, x, w: L.nn.functional.conv2d(x, w, bias=bias), np.ones((1, 1, 3, 3)),
                     np.ones((1, 1, 2, 2)))
