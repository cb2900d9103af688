"""normalize, cosine_similarity, pairwise_distance, the vector norm under them, embedding and kl_div
against PyTorch: values, every gradient (zero vectors included), second order, and the errors."""
import math
import warnings

import numpy as np
import pytest
import torch
from hypothesis import given, settings, strategies as st

import minigrad
from minigrad.ops.distance import vector_norm

from . import strategies as S
from .helpers import check, check_raises
from .test_second_order import compare_higher

P_VALUES = [2.0, 1.0, 3.0, 1.5, 0.5, math.inf]


@st.composite
def array_with_zero_rows(draw, dtype, shape):
    """An array some of whose rows (along the last dim) are all zero, where norms have their kink."""
    x = draw(S.arrays(dtype, shape))
    if x.ndim and x.size:
        zero = draw(S.hnp.arrays(np.bool_, x.shape[:-1]))
        x[zero] = 0
    return x


@st.composite
def away_from_zero(draw, shape):
    """float64 values of magnitude 0.5..10 with either sign (second derivatives of a norm near a zero
    element are rounding noise in both libraries)."""
    magnitude = draw(S.positive_arrays(np.float64, shape, 0.5, 10))
    sign = draw(S.hnp.arrays(np.bool_, shape))
    return np.where(sign, magnitude, -magnitude)


@pytest.mark.parametrize("p", P_VALUES + [0.0])
@given(data=st.data(), keepdim=st.booleans(), seed=S.seeds)
def test_vector_norm_matches_torch_with_its_zero_gradient_at_zero(p, data, keepdim, seed):
    dtype = data.draw(S.float_dtypes)
    x = data.draw(array_with_zero_rows(dtype, data.draw(S.shapes(min_dims=1))))
    dim = data.draw(st.integers(-x.ndim, x.ndim - 1))

    def fn(L, t):
        return vector_norm(t, p, dim, keepdim) if L is minigrad else torch.linalg.vector_norm(t, p, dim, keepdim)
    check(fn, x, seed=seed)


def test_vector_norm_gradient_is_finite_at_subnormal_and_underflowing_values():
    # PyTorch's 2-norm gradient is g * (x / norm): 1 for a lone subnormal, where 1 / norm overflows;
    # 0 where the squares underflow to a zero norm
    x = np.array([[2.2250738585072014e-309, 0.0], [1e-200, 1e-200], [-3.0, 4.0], [1e-300, -0.0]])
    for rows in (x, x[:, :1]):
        m, t = minigrad.tensor(rows, requires_grad=True), torch.tensor(rows, requires_grad=True)
        vector_norm(m, 2.0, 1).sum().backward()
        torch.linalg.vector_norm(t, 2.0, 1).sum().backward()
        np.testing.assert_allclose(m.grad.numpy(), t.grad.numpy(), rtol=1e-7, atol=0)


@pytest.mark.parametrize("p", [2.0, 3.0, 1.5])
@given(data=st.data(), seed=S.seeds)
@settings(max_examples=10)
def test_vector_norm_second_derivatives_match_torch(p, data, seed):
    x = data.draw(away_from_zero(data.draw(S.nonempty_shapes(min_dims=1, max_dims=3))))

    def fn(L, t):
        return vector_norm(t, p, -1) if L is minigrad else torch.linalg.vector_norm(t, p, -1)
    compare_higher(fn, x, order=2, seed=seed)


# ---------------------------------------------------------------------- normalize
@pytest.mark.parametrize("p", P_VALUES)
@given(data=st.data(), seed=S.seeds)
def test_normalize_matches_torch(p, data, seed):
    dtype = data.draw(S.float_dtypes)
    x = data.draw(array_with_zero_rows(dtype, data.draw(S.shapes(min_dims=1))))
    dim = data.draw(st.integers(-x.ndim, x.ndim - 1))
    check(lambda L, t: L.nn.functional.normalize(t, p=p, dim=dim), x, seed=seed)


def test_normalize_defaults_to_the_2_norm_along_dim_1_with_eps():
    check(lambda L, t: L.nn.functional.normalize(t), np.array([[3.0, 4.0], [0.0, 0.0], [1e-13, 0.0]]))
    check(lambda L, t: L.nn.functional.normalize(t, eps=0.5), np.array([[0.3, 0.4], [3.0, 4.0]]))


@given(data=st.data(), seed=S.seeds)
@settings(max_examples=10)
def test_normalize_second_derivatives_match_torch(data, seed):
    x = data.draw(away_from_zero((3, 4)))
    compare_higher(lambda L, t: L.nn.functional.normalize(t, dim=1), x, order=2, seed=seed)


# ---------------------------------------------------------------------- cosine_similarity
@given(data=st.data(), seed=S.seeds)
def test_cosine_similarity_matches_torch_with_broadcasting_and_zero_vectors(data, seed):
    dtype = data.draw(S.float_dtypes)
    s1, s2 = data.draw(S.broadcastable_shapes(min_dims=1, max_dims=3, min_side=1))
    x1 = data.draw(array_with_zero_rows(dtype, s1))
    x2 = data.draw(array_with_zero_rows(dtype, s2))
    ndim = max(len(s1), len(s2))
    dim = data.draw(st.integers(-ndim, ndim - 1))
    eps = data.draw(st.sampled_from([1e-8, 1e-3, 0.5]))
    check(lambda L, a, b: L.nn.functional.cosine_similarity(a, b, dim, eps), x1, x2, seed=seed)


def test_cosine_similarity_of_tiny_vectors_divides_by_eps_with_the_norms_gradient():
    check(lambda L, a, b: L.nn.functional.cosine_similarity(a, b, dim=0, eps=1e-3),
          np.array([1e-5, 0.0, 2e-5]), np.array([1e-5, 3e-6, 0.0]))


@given(data=st.data(), seed=S.seeds)
@settings(max_examples=10)
def test_cosine_similarity_second_derivatives_match_torch(data, seed):
    x1 = data.draw(away_from_zero((3, 4)))
    x2 = data.draw(away_from_zero((3, 4)))
    compare_higher(lambda L, a, b: L.nn.functional.cosine_similarity(a, b), x1, x2, order=2, seed=seed)


# ---------------------------------------------------------------------- pairwise_distance
@pytest.mark.parametrize("p", P_VALUES)
@given(data=st.data(), keepdim=st.booleans(), seed=S.seeds)
def test_pairwise_distance_matches_torch(p, data, keepdim, seed):
    dtype = data.draw(S.float_dtypes)
    s1, s2 = data.draw(S.broadcastable_shapes(min_dims=1, max_dims=3))
    x1, x2 = data.draw(S.arrays(dtype, s1)), data.draw(S.arrays(dtype, s2))
    eps = data.draw(st.sampled_from([1e-6, 0.0, 0.1]))
    check(lambda L, a, b: L.nn.functional.pairwise_distance(a, b, p, eps, keepdim), x1, x2, seed=seed)


@given(data=st.data(), seed=S.seeds)
@settings(max_examples=10)
def test_pairwise_distance_second_derivatives_match_torch(data, seed):
    x1 = data.draw(away_from_zero((3, 4)))
    x2 = data.draw(away_from_zero((3, 4)))
    compare_higher(lambda L, a, b: L.nn.functional.pairwise_distance(a, b), x1, x2, order=2, seed=seed)


# ---------------------------------------------------------------------- embedding
@given(data=st.data(), padding_idx=st.sampled_from([None, 0, 2, -1]), seed=S.seeds)
def test_embedding_matches_torch_with_padding_idx(data, padding_idx, seed):
    dtype = data.draw(S.float_dtypes)
    weight = data.draw(S.arrays(dtype, (5, data.draw(st.integers(1, 3)))))
    idx = data.draw(S.int_arrays(data.draw(S.shapes(max_dims=3)), 0, 4, data.draw(st.sampled_from([np.int64,
                                                                                                   np.int32]))))
    check(lambda L, w, i: L.nn.functional.embedding(i, w, padding_idx), weight, idx, seed=seed)


@pytest.mark.parametrize("padding_idx", [None, 1])
def test_embedding_node_is_named_as_torchs(padding_idx):
    weight = minigrad.ones(4, 2, requires_grad=True)
    out = minigrad.nn.functional.embedding(minigrad.tensor([0, 1, 1]), weight, padding_idx)
    assert out.grad_fn.name() == "EmbeddingBackward0"


@pytest.mark.parametrize("norm_type", [2.0, 1.0, 3.0])
@given(data=st.data(), seed=S.seeds)
def test_embedding_max_norm_rescales_the_rows_looked_up_in_place_as_torch(norm_type, data, seed):
    dtype = data.draw(S.float_dtypes)
    weight = data.draw(S.arrays(dtype, (6, 3)))
    idx = data.draw(S.int_arrays(data.draw(S.shapes(max_dims=2)), 0, 5))

    def fn(L, w, i):
        with L.no_grad():
            table = w.clone()
        table.requires_grad_()
        out = L.nn.functional.embedding(i, table, max_norm=1.5, norm_type=norm_type)
        return out, table.detach()
    check(fn, weight, idx, requires_grad=[False, False], seed=seed)


EMBEDDING_ERRORS = {
    "index too large": (lambda F, w, i: F.embedding(i + 5, w), "index out of range"),
    "negative index": (lambda F, w, i: F.embedding(i - 5, w), "index out of range"),
    "float indices": (lambda F, w, i: F.embedding(i.double(), w), "Long, Int"),
    "padding_idx too large": (lambda F, w, i: F.embedding(i, w, padding_idx=5), "Padding_idx"),
    "padding_idx too small": (lambda F, w, i: F.embedding(i, w, padding_idx=-6), "Padding_idx"),
    "1-d weight": (lambda F, w, i: F.embedding(i, w[0]), "2-D"),
    "non-tensor weight": (lambda F, w, i: F.embedding(i, w.tolist()), "argument 'weight' (position 1)"),
    "non-tensor indices": (lambda F, w, i: F.embedding(i.tolist(), w), "argument 'indices' (position 2)"),
}


@pytest.mark.parametrize("case", sorted(EMBEDDING_ERRORS))
def test_embedding_errors_are_torchs(case):
    call, text = EMBEDDING_ERRORS[case]
    check_raises(lambda L, w, i: call(L.nn.functional, w, i), np.ones((5, 3)), np.array([0, 4, 2]), names=(text,))


def test_embedding_sparse_gradients_raise_not_implemented():
    with pytest.raises(NotImplementedError, match="sparse"):
        minigrad.nn.functional.embedding(minigrad.tensor([0, 1]), minigrad.ones(3, 2), sparse=True)


@given(data=st.data(), padding_idx=st.sampled_from([None, 0, 2]), seed=S.seeds)
def test_embedding_scale_grad_by_freq_divides_each_rows_gradient_by_its_count_as_torch(data, padding_idx, seed):
    dtype = data.draw(S.float_dtypes)
    weight = data.draw(S.arrays(dtype, (5, data.draw(st.integers(1, 3)))))
    idx = data.draw(S.int_arrays(data.draw(S.shapes(max_dims=3)), 0, 4))
    check(lambda L, w, i: L.nn.functional.embedding(i, w, padding_idx, scale_grad_by_freq=True), weight, idx,
          seed=seed)


# ---------------------------------------------------------------------- kl_div
@pytest.mark.parametrize("reduction", ["sum", "none", "batchmean", "mean"])
@pytest.mark.parametrize("log_target", [False, True])
@given(data=st.data(), seed=S.seeds)
def test_kl_div_matches_torch(reduction, log_target, data, seed):
    dtype = data.draw(S.float_dtypes)
    shape = data.draw(S.shapes())
    x = data.draw(S.arrays(dtype, shape, -5, 0))
    if log_target:
        t = data.draw(S.arrays(dtype, shape, -5, 1))
    else:  # probabilities, 0 included (xlogy's 0 * log 0 = 0, and its NaN gradient there)
        t = data.draw(S.arrays(dtype, shape, 0, 1, kinks=(0.0, 1.0, 0.5)))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # the 'mean' warning (tested below)
        check(lambda L, a, b: L.nn.functional.kl_div(a, b, reduction=reduction, log_target=log_target), x, t,
              seed=seed)


@given(data=st.data(), seed=S.seeds)
@settings(max_examples=10)
def test_kl_div_second_derivatives_match_torch(data, seed):
    x = data.draw(S.arrays(np.float64, (3, 4), -5, 0))
    t = data.draw(S.arrays(np.float64, (3, 4), 0.1, 1, allow_kinks=False))
    compare_higher(lambda L, a, b: L.nn.functional.kl_div(a, b, reduction="batchmean"), x, t, order=2, seed=seed)


def test_kl_div_mean_warns_as_torch():
    x, t = minigrad.tensor([-1.0, -2.0]), minigrad.tensor([0.5, 0.5])
    with pytest.warns(UserWarning, match="'batchmean' divides only by the batch size"):
        minigrad.nn.functional.kl_div(x, t)


def test_kl_div_of_negative_targets_is_nan_as_torch():
    check(lambda L, a, b: L.nn.functional.kl_div(a, b, reduction="none"), np.array([-1.0, -2.0]),
          np.array([-0.5, 0.5]))


@pytest.mark.parametrize("which", ["input", "target"])
def test_kl_div_of_integers_raises_as_torch(which):
    check_raises(lambda L, a, b: L.nn.functional.kl_div(a.long() if which == "input" else a,
                                                        b.long() if which == "target" else b, reduction="sum"),
                 np.array([-1.0, -2.0]), np.array([1.0, 0.0]), names=("Integral inputs not supported",))


def test_kl_div_legacy_arguments_and_bad_reduction():
    check(lambda L, a, b: L.nn.functional.kl_div(a, b, reduce=False), np.array([-1.0, -2.0]), np.array([0.2, 0.8]))
    check(lambda L, a, b: L.nn.functional.kl_div(a, b, size_average=False), np.array([-1.0, -2.0]),
          np.array([0.2, 0.8]))
    check_raises(lambda L, a, b: L.nn.functional.kl_div(a, b, reduction="avg"), np.array([-1.0]), np.array([0.2]),
                 names=("avg is not a valid value for reduction",))


@pytest.mark.parametrize("p", [2.0, 1.0, 3.0, 0.0, float("inf")], ids=str)
def test_cdist_and_its_gradients_match_torch(p):
    rng = np.random.default_rng(1)
    x1, x2 = rng.normal(size=(2, 4, 3)), rng.normal(size=(2, 5, 3))
    x2[0, 0] = x1[0, 0]  # one zero distance: the norm's gradient there is 0
    check(lambda L, a, b: L.cdist(a, b, p=p), x1, x2)


@pytest.mark.parametrize("shapes", [((3,), (2, 3)), ((2, 3), (2, 4))], ids=str)
def test_cdist_of_bad_shapes_raises_like_torch(shapes):
    check_raises(lambda L, a, b: L.cdist(a, b), np.ones(shapes[0]), np.ones(shapes[1]))


def test_cdist_of_integers_or_mixed_dtypes_raises_like_torch():
    check_raises(lambda L, a, b: L.cdist(a, b), np.ones((2, 3), np.int64), np.ones((2, 3), np.int64))
    check_raises(lambda L, a, b: L.cdist(a, b), np.ones((2, 3), np.float32), np.ones((2, 3)))


@pytest.mark.parametrize("p", [2, 1, 3, float("inf"), 0], ids=str)
def test_dist_and_its_gradients_match_torch(p):
    a = np.arange(6.0).reshape(2, 3)
    check(lambda L, x, y: L.dist(x, y, p), a, a[::-1].copy() * 0.5)
    check(lambda L, x, y: x.dist(y, p), a, np.ones(3))


def test_dist_of_integers_or_unbroadcastable_shapes_raises_like_torch():
    check_raises(lambda L, x, y: L.dist(x, y), np.ones((2, 3), np.int64), np.ones((2, 3), np.int64))
    check_raises(lambda L, x, y: L.dist(x, y), np.ones((2, 3)), np.ones(2))
