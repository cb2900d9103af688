"""Reductions against PyTorch: dim as None, int (negative too) or tuple,
keepdim, size-0 and 0-d inputs, values with ties, random upstream gradients."""
import numpy as np
import pytest
from hypothesis import assume, given, strategies as st
from hypothesis.extra import numpy as hnp

from . import strategies as S
from .helpers import check, check_raises

#: Hypothesis draws var/std over single elements, where PyTorch and minigrad both warn that no
#: degrees of freedom are left; test_warnings.py checks that minigrad warns exactly as PyTorch does.
expects_no_dof_warning = pytest.mark.filterwarnings("ignore:.*degrees of freedom is <= 0:UserWarning")


def reduce_scale(x, power=1):
    """atol scale for a reduction of ``x``: the summands' magnitude times the
    square root of how many are summed (the growth of rounding error)."""
    mag = float(np.max(np.abs(x))) if x.size else 1.0
    return max(1.0, mag) ** power * max(1.0, np.sqrt(x.size))


def _call(L, t, name, dim, keepdim, method):
    kwargs = {} if dim is None else {"dim": dim}
    if keepdim is not None:
        kwargs["keepdim"] = keepdim
    if method:
        return getattr(t, name)(**kwargs)
    return getattr(L, name)(t, **kwargs)


@pytest.mark.parametrize("method", [False, True], ids=["function", "method"])
@pytest.mark.parametrize("name", ["sum", "mean"])
@given(data=st.data(), seed=S.seeds)
def test_sum_mean_match_torch(name, method, data, seed):
    x = data.draw(S.array_and_dtype())
    dim = data.draw(S.dims(x.ndim))
    keepdim = data.draw(st.sampled_from([None, False, True])) if dim is not None else None
    check(lambda L, t: _call(L, t, name, dim, keepdim, method), x, seed=seed, atol_scale=reduce_scale(x))


@pytest.mark.parametrize("name", ["sum", "mean"])
@pytest.mark.parametrize("dtype", ["float16", "float32", "float64"])
@given(data=st.data(), seed=S.seeds)
def test_sum_mean_in_a_floating_dtype_given_cast_in_their_own_node_as_torch(name, dtype, data, seed):
    x = data.draw(S.array_and_dtype(low=-2, high=2))
    dim = data.draw(S.dims(x.ndim))
    kwargs = {} if dim is None else {"dim": dim, "keepdim": data.draw(st.booleans())}
    check(lambda L, t: getattr(t, name)(dtype=getattr(L, dtype), **kwargs), x, seed=seed, atol_scale=reduce_scale(x))


@pytest.mark.parametrize("dtype", ["float16", "float32", "float64"])
@given(data=st.data(), seed=S.seeds)
def test_prod_in_a_floating_dtype_given_casts_in_its_own_node_as_torch(dtype, data, seed):
    x = data.draw(S.array_and_dtype(S.shapes(max_dims=2, max_side=3), low=-2, high=2))
    dim = data.draw(S.single_dim(x.ndim))
    check(lambda L, t: t.prod(dtype=getattr(L, dtype)) + t.prod(dim, dtype=getattr(L, dtype)).sum(), x, seed=seed,
          atol_scale=reduce_scale(x, x.size))


def std_well_conditioned(x, dim):
    """std's gradient (x - mean) / (n * std) is singular where a group is
    (nearly) constant: there it depends on the rounding of the mean, which
    differs between libraries (exact constants are in test_kinks.py). True
    when every reduced group has one element or a clear spread."""
    if x.size == 0:
        return True
    axes = None if dim is None else tuple(d % max(x.ndim, 1) for d in (dim if isinstance(dim, tuple) else (dim,)))
    if x.ndim == 0:
        return True
    n = x.size if axes is None else int(np.prod([x.shape[a] for a in axes]))
    if n <= 1:
        return True
    spread = np.max(x, axis=axes) - np.min(x, axis=axes)
    return bool(np.all(spread > 1e-3 * max(1.0, float(np.max(np.abs(x))))))


@expects_no_dof_warning
@pytest.mark.parametrize("method", [False, True], ids=["function", "method"])
@pytest.mark.parametrize("name", ["var", "std"])
@given(data=st.data(), seed=S.seeds)
def test_var_std_match_torch(name, method, data, seed):
    x = data.draw(S.array_and_dtype())
    dim = data.draw(S.dims(x.ndim))
    keepdim = data.draw(st.sampled_from([None, False, True])) if dim is not None else None
    assume(name == "var" or std_well_conditioned(x, dim))
    check(lambda L, t: _call(L, t, name, dim, keepdim, method), x, seed=seed,
          atol_scale=reduce_scale(x, 2))


@expects_no_dof_warning
@pytest.mark.parametrize("name", ["var", "std"])
@given(data=st.data(), seed=S.seeds, unbiased=st.booleans(), correction=st.sampled_from([0, 1, 2]))
def test_var_std_unbiased_and_correction_match_torch(name, data, unbiased, correction, seed):
    x = data.draw(S.array_and_dtype(S.nonempty_shapes(min_dims=1)))
    dim = data.draw(S.dims(x.ndim, allow_none=False))
    # for var too: with correction >= n, a sum of squares that underflows in float32 gives
    # 0/0 = NaN here and inf in torch (which accumulates float32 variance in float64)
    assume(std_well_conditioned(x, dim) and std_well_conditioned(x, None))
    check(lambda L, t: getattr(t, name)(dim, unbiased=unbiased), x, seed=seed,
          atol_scale=reduce_scale(x, 2))
    check(lambda L, t: getattr(L, name)(t, unbiased=unbiased), x, seed=seed,
          atol_scale=reduce_scale(x, 2))
    check(lambda L, t: getattr(t, name)(dim=dim, correction=correction, keepdim=True), x, seed=seed,
          atol_scale=reduce_scale(x, 2))


@pytest.mark.parametrize("method", [False, True], ids=["function", "method"])
@pytest.mark.parametrize("name", ["max", "min"])
@given(data=st.data(), seed=S.seeds)
def test_max_min_without_dim_match_torch(name, method, data, seed):
    # ties (frequent: the values come from a small set) split the gradient evenly
    x = data.draw(S.array_and_dtype(low=-2, high=2))
    check(lambda L, t: getattr(t, name)() if method else getattr(L, name)(t), x, seed=seed)


@pytest.mark.parametrize("method", [False, True], ids=["function", "method"])
@pytest.mark.parametrize("name", ["max", "min"])
@given(data=st.data(), seed=S.seeds, keepdim=st.booleans())
def test_max_min_with_dim_return_values_and_indices(name, method, data, keepdim, seed):
    x = data.draw(S.array_and_dtype(low=-2, high=2))
    dim = data.draw(S.single_dim(x.ndim))
    fn = (lambda L, t: getattr(t, name)(dim, keepdim)) if method else \
        (lambda L, t: getattr(L, name)(t, dim=dim, keepdim=keepdim))
    check(fn, x, seed=seed)
    check(lambda L, t: getattr(t, name)(dim=dim, keepdim=keepdim).values, x, seed=seed)
    check(lambda L, t: getattr(t, name)(dim)[1], x, seed=seed)


@pytest.mark.parametrize("name", ["argmax", "argmin"])
@given(data=st.data(), keepdim=st.booleans())
def test_argmax_argmin_match_torch(name, data, keepdim):
    x = data.draw(S.array_and_dtype(low=-2, high=2))
    dim = data.draw(st.one_of(st.none(), S.single_dim(x.ndim)))
    check(lambda L, t: getattr(L, name)(t, dim=dim, keepdim=keepdim), x)
    check(lambda L, t: getattr(t, name)(dim), x)
    check(lambda L, t: getattr(t, name)(), x)


@given(data=st.data(), seed=S.seeds, keepdim=st.booleans())
def test_prod_matches_torch_including_zeros(data, keepdim, seed):
    x = data.draw(S.array_and_dtype(S.shapes(max_dims=3, max_side=3), low=-2, high=2))
    dim = data.draw(S.single_dim(x.ndim))
    scale = reduce_scale(x, x.shape[dim] if x.ndim else 1)
    check(lambda L, t: L.prod(t), x, seed=seed, atol_scale=reduce_scale(x, x.size))
    check(lambda L, t: t.prod(dim, keepdim=keepdim), x, seed=seed, atol_scale=scale)
    check(lambda L, t: L.prod(t, dim=dim), x, seed=seed, atol_scale=scale)


@given(data=st.data(), seed=S.seeds, keepdim=st.booleans())
def test_logsumexp_matches_torch(data, keepdim, seed):
    x = data.draw(S.array_and_dtype(low=-50, high=50))
    dim = data.draw(S.dims(x.ndim, allow_none=False))
    check(lambda L, t: L.logsumexp(t, dim, keepdim=keepdim), x, seed=seed, atol_scale=reduce_scale(x))
    check(lambda L, t: t.logsumexp(dim=dim), x, seed=seed, atol_scale=reduce_scale(x))


@given(data=st.data(), seed=S.seeds)
def test_logsumexp_is_stable_for_large_inputs(data, seed):
    x = data.draw(S.array_and_dtype(S.nonempty_shapes(min_dims=1), low=-1000, high=1000))
    check(lambda L, t: L.logsumexp(t, -1), x, seed=seed, atol_scale=reduce_scale(x))


@pytest.mark.parametrize("name", ["softmax", "log_softmax"])
@given(data=st.data(), seed=S.seeds)
def test_softmax_log_softmax_match_torch(name, data, seed):
    x = data.draw(S.array_and_dtype(low=-30, high=30))
    dim = data.draw(S.single_dim(x.ndim))
    check(lambda L, t: getattr(L, name)(t, dim), x, seed=seed, atol_scale=reduce_scale(x))
    check(lambda L, t: getattr(t, name)(dim=dim), x, seed=seed, atol_scale=reduce_scale(x))


@pytest.mark.parametrize("name", ["softmax", "log_softmax"])
@given(data=st.data(), seed=S.seeds)
def test_softmax_is_stable_for_large_inputs(name, data, seed):
    x = data.draw(S.array_and_dtype(S.nonempty_shapes(min_dims=1), low=-500, high=500))
    check(lambda L, t: getattr(L, name)(t, -1), x, seed=seed, atol_scale=reduce_scale(x))


@pytest.mark.parametrize("name", ["sum", "mean", "max", "min", "argmax", "prod", "var", "std",
                                  "logsumexp", "softmax", "all", "any"])
def test_reductions_reject_out_of_range_dim(name):
    x = np.ones((2, 3))
    check(lambda L, t: getattr(t, name)(2), x)
    check(lambda L, t: getattr(t, name)(-3), x)


def _special_arrays(dtype, shape):
    return S.hnp.arrays(np.dtype(dtype), shape, elements=st.one_of(
        S.elements(dtype, -3, 3), st.sampled_from([np.nan, np.inf, -np.inf])))


REDUCTIONS_WITH_DIM = {
    "sum": lambda t, d: t.sum(d), "mean": lambda t, d: t.mean(d), "max": lambda t, d: t.max(d),
    "min": lambda t, d: t.min(d), "argmax": lambda t, d: t.argmax(d), "argmin": lambda t, d: t.argmin(d),
    "prod": lambda t, d: t.prod(d), "logsumexp": lambda t, d: t.logsumexp(d),
    "softmax": lambda t, d: t.softmax(d), "log_softmax": lambda t, d: t.log_softmax(d),
    "var": lambda t, d: t.var(d), "max_all": lambda t, d: t.max(), "min_all": lambda t, d: t.min(),
    "argmax_all": lambda t, d: t.argmax(), "sum_all": lambda t, d: t.sum(),
}


@expects_no_dof_warning
@pytest.mark.parametrize("name", sorted(REDUCTIONS_WITH_DIM))
@given(data=st.data(), seed=S.seeds)
def test_reductions_propagate_nan_and_inf_like_torch(name, data, seed):
    dtype = data.draw(S.float_dtypes)
    x = data.draw(_special_arrays(dtype, data.draw(S.nonempty_shapes(min_dims=1, max_dims=3))))
    dim = data.draw(S.single_dim(x.ndim))
    check(lambda L, t: REDUCTIONS_WITH_DIM[name](t, dim), x, seed=seed, atol_scale=reduce_scale(
        np.where(np.isfinite(x), x, 0), 2))


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_statistics_of_offset_data_match_torch(dtype):
    x = (np.random.default_rng(1).standard_normal((4, 300)) + 1000.0).astype(dtype)
    for name in ("mean", "var", "std", "sum", "logsumexp", "softmax"):
        check(lambda L, t: getattr(t, name)(1), x, seed=2, atol_scale=np.sqrt(300))


NORM_INPUT = np.array([[1.0, -3.0, 0.0], [2.0, 0.5, -4.0]])


@pytest.mark.parametrize("dim", [None, 1])
def test_norm_with_p_0_counts_nonzero_elements_without_a_gradient(dim):
    check(lambda L, t: L.norm(t, 0, dim), NORM_INPUT)


@pytest.mark.parametrize("dim", [None, 0])
def test_norm_with_p_minus_inf_is_the_smallest_magnitude(dim):
    check(lambda L, t: L.norm(t, float("-inf"), dim), NORM_INPUT + 0.25)


def test_norm_with_an_unknown_order_string_raises_runtime_error():
    check_raises(lambda L, t: L.norm(t, "abc"), NORM_INPUT)


@pytest.mark.parametrize("p", ["fro", 2, 3, 1.5, 0.5, -1], ids=str)
@pytest.mark.parametrize("dim", [None, 1], ids=str)
def test_norm_of_a_zero_vector_has_torchs_zero_gradient(p, dim):
    x = np.array([[0.0, 0.0, 0.0], [1.0, -2.0, 0.5]])  # (along dim 1 the first row's norm is 0)
    check(lambda L, t: L.norm(t, p, dim), np.zeros((2, 3)) if dim is None else x)


@pytest.mark.parametrize("dim, keepdim", [(None, False), (1, False), (0, True)], ids=str)
def test_nansum_and_nanmean_skip_nans_and_their_gradients_match_torch(dim, keepdim):
    x = np.array([[1.0, np.nan, 3.0], [np.nan, np.nan, np.nan]])
    check(lambda L, t: L.nansum(t, dim, keepdim), x)
    check(lambda L, t: t.nanmean(dim, keepdim), x)


def test_nansum_of_integers_and_nanmean_of_integers_match_torch():
    check(lambda L, t: t.nansum(), np.array([1, 2]))
    check_raises(lambda L, t: t.nanmean(), np.array([1, 2]))


@pytest.mark.parametrize("name", ["amax", "amin"])
@pytest.mark.parametrize("shape, dim", [((0,), (0,)), ((0,), ()), ((0, 3), (0, 1)), ((0, 3), (1, 0)), ((3, 0), (0, 1)),
                                        ((0,), 0), ((2, 0), (0,)), ((0, 3), ()), ((0,), []), ((0, 3), []),
                                        ((0,), (0, 0)), ((0, 3), (0, -2))])
def test_amax_amin_of_empty_dims_raise_or_reduce_as_torch(name, shape, dim):
    check(lambda L, a: getattr(L, name)(a, dim), np.ones(shape))



@pytest.mark.parametrize("name", ["sum", "mean", "amax", "logsumexp", "std", "all", "count_nonzero"])
@pytest.mark.parametrize("dim", [(0, 0), [0, -1]], ids=str)
def test_reductions_of_a_0d_tensor_over_a_repeated_dim_raise_runtime_error(name, dim):
    check_raises(lambda L, t: getattr(L, name)(t, dim), np.array(1.5))


@pytest.mark.parametrize("dtype", [np.uint8, np.float64], ids=lambda d: d.__name__)
@pytest.mark.parametrize("shape", [(), (0,), (2, 3), (3, 0)], ids=str)
@pytest.mark.parametrize("dim", [(), []], ids=str)
@pytest.mark.parametrize("name", ["all", "any"])
def test_all_and_any_over_an_empty_dim_list_test_each_element_alone_as_torch(name, dim, shape, dtype):
    x = (np.arange(np.prod(shape)).reshape(shape) % 3).astype(dtype)
    check(lambda L, t: getattr(L, name)(t, dim), x, requires_grad=[False])
    check(lambda L, t: getattr(t, name)(dim=dim, keepdim=True), x, requires_grad=[False])


@pytest.mark.parametrize("dtype", [np.uint8, np.int8, np.int32, np.bool_, np.float32], ids=lambda d: d.__name__)
@pytest.mark.parametrize("name", ["all", "any"])
@given(data=st.data())
def test_all_and_any_give_uint8_for_uint8_and_bool_otherwise_as_torch(dtype, name, data):
    shape = data.draw(S.shapes(max_dims=3))
    x = data.draw(hnp.arrays(dtype, shape, elements=st.sampled_from([0, 1, 3]).map(dtype)))
    dim = data.draw(st.none() | st.integers(-max(x.ndim, 1), max(x.ndim, 1) - 1))
    check(lambda L, t: getattr(L, name)(t) if dim is None else getattr(t, name)(dim, keepdim=True), x,
          requires_grad=[False])


@pytest.mark.parametrize("shape, dim", [((60000, 20), 0), ((3000, 2, 4), (0, 2)), ((2, 5000, 3), 1)])
@pytest.mark.parametrize("name", ["sum", "mean"])
def test_float32_sums_over_many_rows_are_as_accurate_as_torch(shape, dim, name):
    """NumPy adds along a leading dim one term after another (1e-5 off over 60,000 rows); PyTorch's
    cascade is about 100 times closer, and so is minigrad, adding in float64 there."""
    x = np.random.default_rng(0).random(shape, dtype=np.float32)
    check(lambda L, t: getattr(t, name)(dim), x)


@pytest.mark.parametrize("dim", [0, None])
def test_float16_sums_accumulate_in_float32_as_torch(dim):
    x = np.ones((3000, 4), np.float16)
    check(lambda L, t: t.sum(dim) if dim is not None else t.sum(), x, requires_grad=[False])


def test_float16_cumsum_accumulates_in_float32_as_torch():
    check(lambda L, t: t.cumsum(0), np.ones(5000, np.float16), requires_grad=[False])


@pytest.mark.parametrize("name", ["var", "std"])
def test_float32_variance_over_many_rows_is_as_accurate_as_torch(name):
    x = np.random.default_rng(0).random((60000, 20), dtype=np.float32) + 100
    check(lambda L, t: getattr(t, name)(0), x)


_HALF_ROWS = (np.random.default_rng(0).standard_normal((2, 3000)) * 8).astype(np.float16)


@pytest.mark.parametrize("expr", ["t.mean()", "t.var()", "t.std(1)", "L.linalg.vector_norm(t)", "t.norm(dim=1)",
                                  "L.nn.functional.layer_norm(t, (3000,))",
                                  "L.nn.functional.group_norm(t.reshape(2, 3, 1000), 1)",
                                  "L.nn.functional.normalize(t)", "L.nn.functional.mse_loss(t, t * 0)"])
def test_float16_reductions_compute_in_float32_as_torch(expr):
    """A row of 3,000 float16 values near 8: its sum of squares (about 192,000) is beyond float16's
    range (65,504); PyTorch's kernels add in float32 and round once, and so does minigrad."""
    check(lambda L, t: eval(expr), _HALF_ROWS, requires_grad=[False])


def test_float16_trigamma_of_negative_values_matches_torch():
    check(lambda L, t: L.polygamma(1, t), np.array([-7.95, -8.07, -3.033, -3.973], np.float16), requires_grad=[False])


def test_float16_batch_norm_and_its_gradients_compute_in_float32_as_torch():
    x = (np.random.default_rng(0).standard_normal((4, 64)) * 4).astype(np.float16)
    w = np.ones(64, np.float16)
    check(lambda L, t, w: L.nn.functional.batch_norm(t, None, None, w, training=True), x, w)


def test_float16_attention_computes_in_float32_as_torch():
    rng = np.random.default_rng(0)
    q, k, v = (rng.standard_normal((2, 3, 4, 8)).astype(np.float16) * 3 for _ in range(3))
    check(lambda L, q, k, v: L.nn.functional.scaled_dot_product_attention(q, k, v, is_causal=True), q, k, v,
          requires_grad=[False] * 3)
