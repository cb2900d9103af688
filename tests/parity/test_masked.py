"""minigrad.masked against torch.masked: reductions and normalisations over the elements a mask
keeps, their values where a whole slice is masked out (the identity, or NaN), their dtypes, the
gradients (0 at masked-out elements), the mask's broadcasting and the errors."""
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import minigrad

from . import strategies as S
from .helpers import check, check_raises
from .test_second_order import compare_higher

REDUCTIONS = ["sum", "prod", "amax", "amin", "mean", "norm", "var", "std", "logsumexp"]
NORMALIZATIONS = ["softmax", "log_softmax", "softmin", "cumsum", "cumprod"]


@st.composite
def masked_input(draw, dtype=None, min_dims=0, max_dims=3, low=-3.0, high=3.0):
    """(x, mask, mask_shape): a float array and a bool mask of a shape that broadcasts to x's."""
    dtype = draw(S.float_dtypes) if dtype is None else dtype
    x = draw(S.arrays(dtype, S.shapes(min_dims=min_dims, max_dims=max_dims), low, high))
    mask_shape = draw(S.shapes_broadcasting_to(x.shape))
    mask = draw(S.int_arrays(mask_shape, 0, 1)).astype(bool)
    return x, mask


@pytest.mark.parametrize("name", REDUCTIONS)
@given(data=st.data(), seed=S.seeds)
def test_masked_reduction_values_and_gradients_match_torch(name, data, seed):
    x, mask = data.draw(masked_input())
    dim = data.draw(S.dims(x.ndim))
    keepdim = data.draw(st.booleans())
    args = (2.0, dim) if name == "norm" else (dim,)
    check(lambda L, t, m: getattr(L.masked, name)(t, *args, keepdim=keepdim, mask=m), x, mask, seed=seed,
          atol_scale=10.0 if name == "prod" else 1.0)


@pytest.mark.parametrize("name", NORMALIZATIONS)
@given(data=st.data(), seed=S.seeds)
def test_masked_normalization_values_and_gradients_match_torch(name, data, seed):
    x, mask = data.draw(masked_input())
    dim = data.draw(S.single_dim(x.ndim))
    check(lambda L, t, m: getattr(L.masked, name)(t, dim, mask=m), x, mask, seed=seed)


@given(data=st.data(), seed=S.seeds)
def test_masked_median_takes_the_lower_middle_kept_element_as_torch(data, seed):
    x, mask = data.draw(masked_input())
    dim = data.draw(S.single_dim(x.ndim))
    keepdim = data.draw(st.booleans())
    check(lambda L, t, m: L.masked.median(t, dim, keepdim=keepdim, mask=m), x, mask, seed=seed)


@pytest.mark.parametrize("ord", [2.0, 1.0, 3.0, 0.0, float("inf"), float("-inf")])
@given(data=st.data(), seed=S.seeds)
def test_masked_norm_and_normalize_of_every_order_match_torch(ord, data, seed):
    x, mask = data.draw(masked_input(min_dims=1))
    dim = data.draw(S.single_dim(x.ndim))
    check(lambda L, t, m: L.masked.norm(t, ord, dim, mask=m), x, mask, seed=seed)
    check(lambda L, t, m: L.masked.normalize(t, ord, dim, mask=m), x, mask, seed=seed)


@given(data=st.data(), seed=S.seeds)
def test_masked_logaddexp_masks_each_side_separately_as_torch(data, seed):
    x, x_mask = data.draw(masked_input())
    y = data.draw(S.arrays(x.dtype, x.shape, -3.0, 3.0))
    y_mask = data.draw(S.int_arrays(x.shape, 0, 1)).astype(bool)
    check(lambda L, a, b, ma, mb: L.masked.logaddexp(a, b, input_mask=ma, other_mask=mb), x, y, x_mask, y_mask,
          seed=seed)


@pytest.mark.parametrize("name", ["var", "std"])
@given(data=st.data(), seed=S.seeds)
def test_masked_var_std_correction_and_unbiased_match_torch(name, data, seed):
    x, mask = data.draw(masked_input(min_dims=1))
    dim = data.draw(S.dims(x.ndim))
    correction = data.draw(st.sampled_from([0, 1, 2]))
    check(lambda L, t, m: getattr(L.masked, name)(t, dim, correction=correction, mask=m), x, mask, seed=seed)
    check(lambda L, t, m: getattr(L.masked, name)(t, dim, False, mask=m), x, mask, seed=seed)


@pytest.mark.parametrize("name", REDUCTIONS + ["median"])
def test_masked_reduction_of_a_fully_masked_out_row_gives_torch_identity_or_nan(name):
    x = np.array([[1.0, -2.0, 3.0], [0.5, 4.0, -1.0]])
    mask = np.array([[True, False, True], [False, False, False]])
    check(lambda L, t, m: getattr(L.masked, name)(t, 1, mask=m), x, mask)


@pytest.mark.parametrize("name", ["softmax", "log_softmax", "softmin", "cumsum", "cumprod"])
def test_masked_normalization_of_a_fully_masked_out_row_matches_torch(name):
    x = np.array([[1.0, -2.0, 3.0], [0.5, 4.0, -1.0]])
    mask = np.array([[True, False, True], [False, False, False]])
    check(lambda L, t, m: getattr(L.masked, name)(t, 1, mask=m), x, mask)


def test_masked_gradient_at_masked_out_elements_is_zero():
    x = minigrad.tensor([[1.0, -2.0, 3.0], [0.5, 4.0, -1.0]], requires_grad=True)
    mask = minigrad.tensor([[True, False, True], [True, True, False]])
    minigrad.masked.sum(x, mask=mask).backward()
    assert x.grad.tolist() == [[1.0, 0.0, 1.0], [1.0, 1.0, 0.0]]


@pytest.mark.parametrize("name", ["sum", "prod", "amax", "amin", "argmax", "argmin", "logsumexp", "var", "std"])
@given(data=st.data())
def test_masked_reductions_of_integers_give_torch_dtypes(name, data):
    x = data.draw(S.int_arrays(S.nonempty_shapes(min_dims=1, max_dims=3), -4, 4))
    mask = data.draw(S.int_arrays(x.shape, 0, 1)).astype(bool)
    mask.reshape(-1)[0] = True
    dim = data.draw(S.single_dim(x.ndim))
    check(lambda L, t, m: getattr(L.masked, name)(t, dim, mask=m), x, mask)


@given(data=st.data())
def test_masked_sum_and_prod_of_bools_and_int32_count_in_int64_as_torch(data):
    x = data.draw(S.int_arrays(S.shapes(max_dims=2), 0, 2, dtype=np.int32))
    mask = data.draw(S.int_arrays(x.shape, 0, 1)).astype(bool)
    for arr in (x, x > 0):
        check(lambda L, t, m: L.masked.sum(t, mask=m), arr, mask)
        check(lambda L, t, m: L.masked.prod(t, mask=m), arr, mask)
        check(lambda L, t, m: L.masked.sum(t, dtype=L.float64, mask=m), arr, mask)


def test_masked_argmax_returns_the_input_dtype_as_torch():
    x = np.array([[1.0, 5.0, 3.0], [0.5, 4.0, -1.0]])
    mask = np.array([[True, False, True], [False, True, True]])
    check(lambda L, t, m: L.masked.argmax(t, 1, mask=m), x, mask)
    check(lambda L, t, m: L.masked.argmin(t, 1, keepdim=True, dtype=L.int64, mask=m), x, mask)


def test_masked_median_of_integers_matches_torch_and_refuses_a_fully_masked_row():
    x = np.array([[1, 5, 3], [0, 4, -1]])
    check(lambda L, t, m: L.masked.median(t, 1, mask=m), x, np.array([[True, False, True], [False, True, True]]))
    check_raises(lambda L, t, m: L.masked.median(t, 1, mask=m), x, np.array([[True], [False]]))


def test_masked_mean_of_integers_raises_valueerror_as_torch():
    check_raises(lambda L, t: L.masked.mean(t), np.array([1, 2, 3]))


@pytest.mark.parametrize("dtype", [np.complex64, np.complex128])
def test_masked_mean_of_complex_values_and_gradients_match_torch(dtype):
    x = np.array([[1 + 2j, 5 - 1j, 3j], [0.5, 4 + 4j, -1 - 0.5j]], dtype)
    mask = np.array([[True, False, True], [False, False, False]])
    check(lambda L, t, m: L.masked.mean(t, 1, mask=m), x, mask)
    check(lambda L, t, m: L.masked.mean(t, mask=m), x, mask)
    check(lambda L, t: L.masked.mean(t.real, dtype=t.dtype), x)


def test_masked_with_no_mask_is_the_plain_reduction():
    x = np.array([[1.0, -2.0, 3.0], [0.5, 4.0, -1.0]])
    for name in REDUCTIONS:
        check(lambda L, t: getattr(L.masked, name)(t, 0), x)


def test_masked_mask_with_more_dimensions_than_the_input_raises_indexerror():
    check_raises(lambda L, t, m: L.masked.sum(t, mask=m), np.ones(3), np.ones((2, 3), dtype=bool))


def test_masked_mask_that_does_not_broadcast_raises_runtimeerror():
    check_raises(lambda L, t, m: L.masked.sum(t, mask=m), np.ones((2, 3)), np.ones((2,), dtype=bool))


def test_masked_repeated_or_out_of_range_dims_raise_as_torch():
    x = np.ones((2, 3))
    check_raises(lambda L, t: L.masked.sum(t, (0, 0)), x)
    check_raises(lambda L, t: L.masked.amax(t, 2), x)
    check_raises(lambda L, t: L.masked.softmax(t, -3), x)


def test_masked_var_given_unbiased_and_correction_raises_assertionerror():
    check_raises(lambda L, t: L.masked.var(t, 0, True, correction=1), np.ones((2, 3)))


def test_masked_softmax_with_dtype_matches_torch():
    x = np.array([[1.0, -2.0, 3.0], [0.5, 4.0, -1.0]], dtype=np.float32)
    mask = np.array([[True, False, True], [False, True, True]])
    check(lambda L, t, m: L.masked.softmax(t, 1, dtype=L.float64, mask=m), x, mask)
    check(lambda L, t, m: L.masked.mean(t, 1, dtype=L.float64, mask=m), x, mask)


@settings(max_examples=15)
@given(data=st.data(), seed=S.seeds)
def test_masked_softmax_and_var_second_derivatives_match_torch(data, seed):
    x = data.draw(S.arrays(np.float64, S.nonempty_shapes(min_dims=1, max_dims=2), -3.0, 3.0))
    dim = data.draw(S.single_dim(x.ndim))
    mask = data.draw(S.int_arrays(x.shape, 0, 1)).astype(bool)
    np.moveaxis(mask, dim, 0)[0] = True  # (every slice keeps an element: no NaN)

    def masked_terms(L, t):
        m = L.tensor(mask)
        return L.masked.softmax(t, dim, mask=m) * t + L.masked.var(t, dim, correction=0, mask=m).sum()

    compare_higher(masked_terms, x, order=2, seed=seed)
