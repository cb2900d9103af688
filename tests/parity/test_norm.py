"""Normalisation against PyTorch: batch_norm (training with running statistics,
evaluation), layer_norm, group_norm, instance_norm; values, gradients of
input, weight and bias, the updated running statistics, second derivatives
and errors."""
import numpy as np
import pytest
import torch
from hypothesis import given, settings, strategies as st

import minigrad

from . import strategies as S
from .helpers import check, check_raises
from .test_second_order import compare_higher

F_ARGS = dict(requires_grad=[True, False, False, True, True])


@st.composite
def batch_norm_case(draw):
    dtype = draw(S.float_dtypes)
    c = draw(st.integers(1, 3))
    spatial = tuple(draw(st.lists(st.integers(1, 3), max_size=2)))
    n = draw(st.integers(2 if not spatial else 1, 3))
    x = draw(S.arrays(dtype, (n, c) + spatial, -5, 5))
    rm = draw(S.arrays(dtype, (c,), -1, 1))
    rv = draw(S.positive_arrays(dtype, (c,), 0.5, 2))
    w = draw(S.arrays(dtype, (c,), -2, 2))
    b = draw(S.arrays(dtype, (c,), -2, 2))
    return x, rm, rv, w, b


def _well_spread(x, axis):
    """Whether every normalised slice has a spread well above its rounding error.

    Values nearly equal relative to their size (or to sqrt(eps)) make the
    gradient ill-conditioned: then PyTorch's own float32 result can be 1e-3
    away from the float64 truth (a group of [-2.6875, -2.75], say), so such
    inputs compare nothing but rounding and are left out.
    """
    std = x.std(axis=axis)
    return np.all(std > 1e-2 + 0.05 * np.abs(x.mean(axis=axis)))


def _spread(x):
    return _well_spread(x, (0,) + tuple(range(2, x.ndim)))


@given(case=batch_norm_case(), momentum=st.sampled_from([0.1, 0.5, 1.0]), seed=S.seeds)
def test_batch_norm_training_matches_torch_with_running_statistics(case, momentum, seed):
    x = case[0]
    if not _spread(x):
        return
    check(lambda L, x, rm, rv, w, b: (L.nn.functional.batch_norm(x, rm, rv, w, b, True, momentum), rm, rv),
          *case, seed=seed, atol_scale=100, **F_ARGS)


@given(case=batch_norm_case(), seed=S.seeds)
def test_batch_norm_without_affine_or_running_statistics_matches_torch(case, seed):
    x = case[0]
    if not _spread(x):
        return
    check(lambda L, x: L.nn.functional.batch_norm(x, None, None, training=True), x, seed=seed, atol_scale=100)


@given(case=batch_norm_case(), seed=S.seeds)
def test_batch_norm_evaluation_matches_torch(case, seed):
    check(lambda L, x, rm, rv, w, b: L.nn.functional.batch_norm(x, rm, rv, w, b, False), *case, seed=seed,
          atol_scale=10, **F_ARGS)


@given(case=batch_norm_case(), seed=S.seeds)
@settings(max_examples=10)
def test_batch_norm_second_derivatives_match_torch(case, seed):
    x, rm, rv, w, b = (a.astype(np.float64) for a in case)
    if not _spread(x):
        return
    compare_higher(lambda L, x, w, b: L.nn.functional.batch_norm(x, None, None, w, b, True) ** 2, x, w, b,
                   order=2, seed=seed, atol_scale=1e4)


@st.composite
def layer_norm_case(draw):
    dtype = draw(S.float_dtypes)
    shape = draw(S.nonempty_shapes(min_dims=1, max_dims=4, max_side=4))
    d = draw(st.integers(1, len(shape)))
    lead_empty = draw(st.booleans()) and len(shape) > d
    if lead_empty:
        shape = (0,) + shape[1:]
    normalized = shape[len(shape) - d:]
    x = draw(S.arrays(dtype, shape, -5, 5))
    w = draw(S.arrays(dtype, normalized, -2, 2))
    b = draw(S.arrays(dtype, normalized, -2, 2))
    return x, normalized, w, b


@given(case=layer_norm_case(), seed=S.seeds)
def test_layer_norm_matches_torch(case, seed):
    x, normalized, w, b = case
    d = len(normalized)
    if x.size and not _well_spread(x.reshape(-1, int(np.prod(normalized))), 1):
        return
    check(lambda L, x, w, b: L.nn.functional.layer_norm(x, normalized, w, b), x, w, b, seed=seed, atol_scale=100)
    check(lambda L, x: L.nn.functional.layer_norm(x, list(normalized), eps=1e-3), x, seed=seed, atol_scale=100)
    assert d >= 1


@given(case=layer_norm_case(), seed=S.seeds)
@settings(max_examples=10)
def test_layer_norm_second_derivatives_match_torch(case, seed):
    x, normalized, w, b = (a if isinstance(a, tuple) else a.astype(np.float64) for a in case)
    if x.size and not _well_spread(x.reshape(-1, int(np.prod(normalized))), 1):
        return
    compare_higher(lambda L, x, w: L.nn.functional.layer_norm(x, normalized, w) ** 2, x, w, order=2, seed=seed,
                   atol_scale=1e4)


@st.composite
def group_norm_case(draw):
    dtype = draw(S.float_dtypes)
    groups = draw(st.integers(1, 3))
    c = groups * draw(st.integers(1, 2))
    spatial = tuple(draw(st.lists(st.integers(1, 3), max_size=2)))
    x = draw(S.arrays(dtype, (draw(st.integers(0, 2)), c) + spatial, -5, 5))
    w = draw(S.arrays(dtype, (c,), -2, 2))
    b = draw(S.arrays(dtype, (c,), -2, 2))
    return x, groups, w, b


def _groups_spread(x, groups):
    if not x.size:
        return True
    return _well_spread(x.reshape(x.shape[0], groups, -1), 2)


@given(case=group_norm_case(), seed=S.seeds)
def test_group_norm_matches_torch(case, seed):
    x, groups, w, b = case
    if not _groups_spread(x, groups):
        return
    check(lambda L, x, w, b: L.nn.functional.group_norm(x, groups, w, b), x, w, b, seed=seed, atol_scale=100)
    check(lambda L, x: L.nn.functional.group_norm(x, groups), x, seed=seed, atol_scale=100)


@given(case=group_norm_case(), seed=S.seeds)
@settings(max_examples=10)
def test_group_norm_second_derivatives_match_torch(case, seed):
    x, groups, w, b = case
    x, w, b = x.astype(np.float64), w.astype(np.float64), b.astype(np.float64)
    if not _groups_spread(x, groups):
        return
    compare_higher(lambda L, x, w, b: L.nn.functional.group_norm(x, groups, w, b) ** 2, x, w, b, order=2,
                   seed=seed, atol_scale=1e4)


@given(case=batch_norm_case(), use_input_stats=st.booleans(), seed=S.seeds)
def test_instance_norm_matches_torch(case, use_input_stats, seed):
    x, rm, rv, w, b = case
    if x.ndim < 3 or (use_input_stats and not _well_spread(x.reshape(x.shape[0], x.shape[1], -1), 2)):
        return
    check(lambda L, x, rm, rv, w, b: (L.nn.functional.instance_norm(x, rm, rv, w, b, use_input_stats), rm, rv),
          *case, seed=seed, atol_scale=100, **F_ARGS)


def test_batch_norm_keeps_running_variance_unbiased_like_torch():
    x = np.random.default_rng(0).standard_normal((4, 3, 2))
    check(lambda L, x, rm, rv: (L.nn.functional.batch_norm(x, rm, rv, training=True, momentum=1.0), rm, rv),
          x, np.zeros(3), np.ones(3), requires_grad=[True, False, False])


BAD_NORMS = {
    "one value per channel in training": lambda L: L.nn.functional.batch_norm(
        L.ones(1, 3), L.zeros(3), L.ones(3), training=True),
    "running mean of the wrong size": lambda L: L.nn.functional.batch_norm(
        L.ones(2, 3), L.zeros(4), L.ones(3), training=True),
    "weight of the wrong size": lambda L: L.nn.functional.batch_norm(
        L.ones(2, 3), L.zeros(3), L.ones(3), L.ones(4), training=True),
    "evaluation without running statistics": lambda L: L.nn.functional.batch_norm(L.ones(2, 3), None, None),
    "mixed dtypes": lambda L: L.nn.functional.batch_norm(
        L.ones(2, 3, dtype=L.float64), L.zeros(3), L.ones(3), training=True),
    "layer norm shape mismatch": lambda L: L.nn.functional.layer_norm(L.ones(2, 3), (4,)),
    "layer norm weight shape": lambda L: L.nn.functional.layer_norm(L.ones(2, 3), (3,), L.ones(2)),
    "layer norm int shape": lambda L: L.nn.functional.layer_norm(L.ones(2, 3), 3),
    "groups not dividing channels": lambda L: L.nn.functional.group_norm(L.ones(2, 3, 4), 2),
    "group norm weight size": lambda L: L.nn.functional.group_norm(L.ones(2, 4, 4), 2, L.ones(3)),
    "group norm of 1-D input": lambda L: L.nn.functional.group_norm(L.ones(3), 3),
}


@pytest.mark.parametrize("name", sorted(BAD_NORMS))
def test_bad_normalisation_raises_like_torch(name):
    check_raises(lambda L, _: BAD_NORMS[name](L), np.ones(1))


def test_float32_normalisation_of_nearly_equal_values_stays_near_the_float64_result():
    """Where PyTorch's float32 gradient drifts (see _well_spread), minigrad's keeps float32 accuracy."""
    x = np.array([[1.0, 0.0], [-2.6875, -2.75]], np.float32)
    g = np.array([[0.3, -1.2], [0.7, -0.4]], np.float32)
    exact = torch.tensor(x.astype(np.float64), requires_grad=True)
    torch.nn.functional.group_norm(exact, 1).backward(torch.tensor(g.astype(np.float64)))
    mine = minigrad.tensor(x, requires_grad=True)
    minigrad.nn.functional.group_norm(mine, 1).backward(minigrad.tensor(g))
    np.testing.assert_allclose(mine.grad.numpy(), exact.grad.numpy(), rtol=2e-5, atol=1e-6)


def _batch_norm_with_stats(L, t, w, training):
    running_mean, running_var = L.ones(3, dtype=t.dtype), L.full((3,), 2.0, dtype=t.dtype)
    out = L.nn.functional.batch_norm(t, running_mean, running_var, w, training=training)
    return out, running_mean, running_var


@pytest.mark.parametrize("training", [True, False])
def test_batch_norm_of_an_empty_batch_is_empty_and_leaves_running_statistics(training):
    check(lambda L, t, w: _batch_norm_with_stats(L, t, w, training), np.ones((0, 3)), np.ones(3))


@pytest.mark.parametrize("training", [True, False])
def test_batch_norm_of_an_empty_1d_input_is_empty(training):
    check(lambda L, t: L.nn.functional.batch_norm(t, L.ones(0), L.ones(0), training=training),
          np.ones(0, np.float32))


def test_batch_norm_training_on_one_value_per_channel_raises_value_error():
    check_raises(lambda L, t: L.nn.functional.batch_norm(t, None, None, training=True), np.ones((1, 3)))


@given(case=batch_norm_case(), seed=S.seeds)
@settings(max_examples=10)
def test_batch_norm_evaluation_second_derivatives_match_torch(case, seed):
    x, rm, rv, w, b = (a.astype(np.float64) for a in case)
    compare_higher(lambda L, x, w, b: L.nn.functional.batch_norm(x, L.tensor(rm), L.tensor(rv), w, b, False) ** 2,
                   x, w, b, order=2, seed=seed, atol_scale=1e4)


@pytest.mark.parametrize("affine", [True, False])
def test_batch_norm_evaluation_output_is_named_as_torchs(affine):
    names = []
    for L in (minigrad, torch):
        bn = L.nn.BatchNorm2d(3, affine=affine).eval()
        names.append(bn(L.ones(2, 3, 4, 4, requires_grad=True)).grad_fn.name())
    assert names[0] == names[1] == "NativeBatchNormBackward0"


BOTH = pytest.mark.parametrize("L", [minigrad, torch], ids=["minigrad", "torch"])


@BOTH
@pytest.mark.parametrize("name", ["layer_norm", "rms_norm"])
def test_a_normalized_shape_holding_a_float_is_torchs_type_error(L, name):
    with pytest.raises(TypeError, match=f"{name}\\(\\): argument 'normalized_shape' \\(position 2\\) must be tuple of "
                                        "ints, but found element of type float at pos 0"):
        getattr(L.nn.functional, name)(L.ones(2, 3), (3.0,))


@BOTH
@pytest.mark.parametrize("eps", ["a", None], ids=["str", "None"])
def test_layer_norm_with_an_eps_not_a_number_is_torchs_type_error(L, eps):
    with pytest.raises(TypeError, match="layer_norm\\(\\): argument 'eps' \\(position 5\\) must be float"):
        L.nn.functional.layer_norm(L.ones(2, 3), (3,), eps=eps)
