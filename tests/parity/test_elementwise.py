"""Elementwise math against PyTorch: values, dtypes and gradients under a
random upstream gradient, for the function and the Tensor-method forms."""
import numpy as np
import pytest
from hypothesis import assume, given, strategies as st
import torch

import minigrad

from . import strategies as S
from .helpers import check, check_raises

# name -> value range of the inputs (log/sqrt stay positive here; their
# behaviour at 0 is in test_kinks.py)
UNARY = {
    "abs": (-10, 10), "exp": (-10, 10), "log": (0.1, 10), "log10": (0.1, 10), "log2": (0.1, 10), "sqrt": (0.1, 10),
    "sin": (-10, 10), "cos": (-10, 10), "tanh": (-10, 10), "sigmoid": (-10, 10),
    "relu": (-10, 10), "neg": (-10, 10), "log1p": (-0.9, 10), "expm1": (-5, 5), "sinh": (-5, 5),
    "cosh": (-5, 5), "atan": (-10, 10), "sign": (-10, 10), "floor": (-10, 10), "ceil": (-10, 10),
    "round": (-10, 10), "trunc": (-10, 10), "erf": (-10, 10), "erfinv": (-0.99, 0.99), "tan": (-1.2, 1.2), "asin": (-0.95, 0.95),
    "acos": (-0.95, 0.95), "asinh": (-10, 10), "acosh": (1.1, 10), "atanh": (-0.95, 0.95),
    "erfc": (-10, 10), "sinc": (0.5, 10), "deg2rad": (-10, 10), "rad2deg": (-10, 10), "sgn": (-10, 10),
    "lgamma": (-10, 10), "digamma": (-10, 10), "i0": (-10, 10), "reciprocal": (0.1, 10), "rsqrt": (0.1, 10),
}
# (sinc's gradient formula cancels near 0, where float32 results differ by a libm ulp times 1e3:
# float64 over the whole line and float32 beyond 1/2 in test_special_functions.py)


def test_every_row_of_the_unary_table_has_a_parity_row():
    from minigrad.ops.unary import RULES
    assert {rule.name for rule in RULES if rule.space == "torch"} <= set(UNARY)  # (torch.special's: test_special_functions.py)


@st.composite
def unary_input(draw, low, high):
    dtype = draw(S.float_dtypes)
    shape = draw(S.shapes())
    if low > 0:
        return draw(S.positive_arrays(dtype, shape, low, high))
    return draw(S.arrays(dtype, shape, low, high))


@pytest.mark.parametrize("name", sorted(UNARY))
@given(data=st.data(), seed=S.seeds)
def test_unary_function_matches_torch(name, data, seed):
    x = data.draw(unary_input(*UNARY[name]))
    check(lambda L, t: getattr(L, name)(t), x, seed=seed)


@pytest.mark.parametrize("name", sorted(UNARY))
@given(data=st.data(), seed=S.seeds)
def test_unary_method_matches_torch(name, data, seed):
    x = data.draw(unary_input(*UNARY[name]))
    check(lambda L, t: getattr(t, name)(), x, seed=seed)


@given(x=S.array_and_dtype(), seed=S.seeds)
def test_negation_matches_torch(x, seed):
    check(lambda L, t: -t, x, seed=seed)


@st.composite
def nonzero_arrays(draw, dtype, shape):
    mag = draw(S.positive_arrays(dtype, shape, 0.1, 10))
    sign = draw(S.hnp.arrays(np.bool_, shape))
    return np.where(sign, mag, -mag).astype(dtype)


BINARY = {
    "add": lambda L, a, b: a + b,
    "sub": lambda L, a, b: a - b,
    "mul": lambda L, a, b: a * b,
    "truediv": lambda L, a, b: a / b,
    "remainder": lambda L, a, b: a % b,
    "maximum": lambda L, a, b: L.maximum(a, b),
    "minimum": lambda L, a, b: L.minimum(a, b),
    "maximum_method": lambda L, a, b: a.maximum(b),
    "minimum_method": lambda L, a, b: a.minimum(b),
}
NONZERO_RHS = {"truediv", "remainder"}


@pytest.mark.parametrize("name", sorted(BINARY))
@given(data=st.data(), seed=S.seeds)
def test_binary_broadcast_matches_torch(name, data, seed):
    dtype = data.draw(S.float_dtypes)
    s1, s2 = data.draw(S.broadcastable_shapes())
    a = data.draw(S.arrays(dtype, s1))
    b = data.draw(nonzero_arrays(dtype, s2) if name in NONZERO_RHS else S.arrays(dtype, s2))
    check(BINARY[name], a, b, seed=seed)


@pytest.mark.parametrize("name", ["add", "sub", "mul", "truediv"])
@given(data=st.data(), seed=S.seeds)
def test_binary_mixed_float_dtypes_promote_like_torch(name, data, seed):
    s1, s2 = data.draw(S.broadcastable_shapes(max_dims=3))
    a = data.draw(S.arrays(np.float32, s1))
    b = data.draw(nonzero_arrays(np.float64, s2))
    check(BINARY[name], a, b, seed=seed)


@given(data=st.data(), seed=S.seeds)
def test_floor_divide_forward_matches_torch(data, seed):
    dtype = data.draw(S.float_dtypes)
    s1, s2 = data.draw(S.broadcastable_shapes())
    a = data.draw(S.arrays(dtype, s1))
    b = data.draw(nonzero_arrays(dtype, s2))
    # torch's floor_divide has no derivative: compare values only
    check(lambda L, x, y: x // y, a, b, requires_grad=[False, False], seed=seed)


SCALAR_OPS = {
    "add_r": lambda L, t, s: t + s, "radd": lambda L, t, s: s + t,
    "sub_r": lambda L, t, s: t - s, "rsub": lambda L, t, s: s - t,
    "mul_r": lambda L, t, s: t * s, "rmul": lambda L, t, s: s * t,
    "div_r": lambda L, t, s: t / s, "rdiv": lambda L, t, s: s / t,
    "mod_r": lambda L, t, s: t % s,
    "pow_r": lambda L, t, s: t ** s,
    "rpow": lambda L, t, s: abs(s) ** t,
}


@pytest.mark.parametrize("name", sorted(SCALAR_OPS))
@given(data=st.data(), seed=S.seeds,
       scalar=st.sampled_from([2, 3, -1, 0.5, 1.5, -2.5, 2.0]))
def test_tensor_python_scalar_ops_match_torch(name, data, scalar, seed):
    dtype = data.draw(S.float_dtypes)
    shape = data.draw(S.shapes())
    if name in ("rdiv", "pow_r", "rpow"):
        x = data.draw(S.positive_arrays(dtype, shape, 0.1, 3))
    else:
        x = data.draw(S.arrays(dtype, shape))
    check(lambda L, t: SCALAR_OPS[name](L, t, scalar), x, seed=seed)


@given(data=st.data(), seed=S.seeds)
def test_pow_tensor_tensor_matches_torch(data, seed):
    dtype = data.draw(S.float_dtypes)
    s1, s2 = data.draw(S.broadcastable_shapes())
    base = data.draw(S.positive_arrays(dtype, s1, 0.1, 3))
    exp = data.draw(S.arrays(dtype, s2, -3, 3))
    check(lambda L, a, b: a ** b, base, exp, seed=seed)


@given(data=st.data(), seed=S.seeds, exponent=st.sampled_from([0, 1, 2, 3, -1, -2]))
def test_pow_integer_exponent_on_any_sign_matches_torch(data, exponent, seed):
    x = data.draw(S.array_and_dtype(low=-3, high=3).filter(lambda a: np.all(a != 0) or exponent >= 0))
    check(lambda L, t: t ** exponent, x, seed=seed)


def test_float32_power_by_a_fractional_number_rounds_as_torchs():
    # (NumPy's float32 power is one unit in the last place off on about a fifth of values: an
    # ASGD run with a tensor lr drifted from PyTorch's through eta's ``** 0.75``)
    x = np.array([1.0000050067901611, 0.6789, 2.5, 3.99, 1e-3, 17.25], dtype=np.float32)
    for exponent in (0.75, 1.5, -1.5):
        ours = (minigrad.tensor(x) ** exponent).numpy()
        theirs = (torch.tensor(x) ** exponent).numpy()
        np.testing.assert_array_equal(ours, theirs, err_msg=f"exponent {exponent}")


@given(data=st.data(), seed=S.seeds, which=st.sampled_from(["both", "min", "max", "clip"]))
def test_clamp_scalar_bounds_match_torch(data, which, seed):
    x = data.draw(S.array_and_dtype(low=-3, high=3))
    lo, hi = data.draw(st.sampled_from([(-1.0, 1.0), (0.0, 2.0), (-0.5, 0.5), (1.0, 1.0)]))
    fns = {
        "both": lambda L, t: L.clamp(t, lo, hi),
        "min": lambda L, t: t.clamp(min=lo),
        "max": lambda L, t: t.clamp(max=hi),
        "clip": lambda L, t: L.clip(t, min=lo, max=hi),
    }
    check(fns[which], x, seed=seed)


@given(data=st.data(), seed=S.seeds)
def test_clamp_tensor_bounds_match_torch(data, seed):
    dtype = data.draw(S.float_dtypes)
    # min_side=1: torch's own clamp backward fails on size-0 broadcast bounds
    s1, s2, s3 = data.draw(S.broadcastable_shapes(3, max_dims=3, min_side=1))
    x = data.draw(S.arrays(dtype, s1, -3, 3))
    lo = data.draw(S.arrays(dtype, s2, -2, 0))
    hi = data.draw(S.arrays(dtype, s3, 0, 2))
    check(lambda L, t, a, b: L.clamp(t, a, b), x, lo, hi, seed=seed)
    check(lambda L, t, a, b: t.clip(min=a, max=b), x, lo, hi, seed=seed)


@pytest.mark.parametrize("bounds", [("tensor", 6), ("tensor", 6.0), (3, "tensor")])
@pytest.mark.parametrize("form", ["function", "method", "inplace"])
def test_clamp_with_a_tensor_bound_beside_a_number_bound_raises_type_error_as_torch(bounds, form):
    for L in (minigrad, torch):
        x = L.tensor([1.0, 5.0, 9.0])
        lo, hi = (L.tensor([2.0, 2.0, 2.0]) if b == "tensor" else b for b in bounds)
        call = {"function": lambda: L.clamp(x, min=lo, max=hi), "method": lambda: x.clip(lo, hi),
                "inplace": lambda: x.clamp_(lo, hi)}[form]
        with pytest.raises(TypeError, match="invalid combination of arguments"):
            call()


@pytest.mark.parametrize("form", ["function", "method", "inplace", "clamp_max", "clamp_min_"])
def test_clamp_with_a_str_bound_raises_type_error_naming_the_invalid_arguments_as_torch(form):
    for L in (minigrad, torch):
        x = L.tensor([1.0, 5.0, 9.0])
        call = {"function": lambda: L.clamp(x, "a", 2), "method": lambda: x.clamp(min="1"),
                "inplace": lambda: x.clamp_("a"), "clamp_max": lambda: x.clamp_max("a"),
                "clamp_min_": lambda: x.clamp_min_("a")}[form]
        with pytest.raises(TypeError, match="invalid combination of arguments") as error:
            call()
        assert type(error.value) is TypeError


@pytest.mark.parametrize("dtype, bound", [("uint8", 300), ("int8", -200), ("int16", 70000), ("int32", 2 ** 40),
                                          ("int64", 2 ** 70), ("uint8", -1), ("uint8", -255), ("uint8", -256),
                                          ("int8", -128), ("int32", -5)], ids=str)
@pytest.mark.parametrize("side", ["min", "max"])
def test_clamp_of_an_integer_tensor_converts_an_int_bound_as_torch(dtype, bound, side):
    def result(L):
        try:
            return L.ones(2, dtype=getattr(L, dtype)).clamp(**{side: bound}).tolist()
        except (RuntimeError, OverflowError) as e:
            return type(e).__name__, str(e)
    assert result(minigrad) == result(torch)


def test_clamp_with_a_0d_tensor_bound_beside_a_number_bound_matches_torch():
    got = minigrad.clamp(minigrad.tensor([1, 5, 9]), min=minigrad.tensor(2.0), max=6)
    want = torch.clamp(torch.tensor([1, 5, 9]), min=torch.tensor(2.0), max=6)
    assert got.tolist() == want.tolist() and str(got.dtype) == str(want.dtype)


@given(data=st.data(), seed=S.seeds)
def test_where_matches_torch(data, seed):
    dtype = data.draw(S.float_dtypes)
    sc, sa, sb = data.draw(S.broadcastable_shapes(3))
    cond = data.draw(S.hnp.arrays(np.bool_, sc))
    a = data.draw(S.arrays(dtype, sa))
    b = data.draw(S.arrays(dtype, sb))
    check(lambda L, c, x, y: L.where(c, x, y), cond, a, b, seed=seed)
    check(lambda L, c, x, y: x.where(c, y), cond, a, b, seed=seed)


@given(data=st.data(), seed=S.seeds, scalar=st.sampled_from([0.0, 1.5, -2]))
def test_where_with_python_scalar_matches_torch(data, scalar, seed):
    dtype = data.draw(S.float_dtypes)
    sc, sa = data.draw(S.broadcastable_shapes(2))
    cond = data.draw(S.hnp.arrays(np.bool_, sc))
    a = data.draw(S.arrays(dtype, sa))
    check(lambda L, c, x: L.where(c, x, scalar), cond, a, seed=seed)
    check(lambda L, c, x: L.where(c, scalar, x), cond, a, seed=seed)


COMPARISONS = {
    "eq": lambda a, b: a == b, "ne": lambda a, b: a != b, "lt": lambda a, b: a < b,
    "le": lambda a, b: a <= b, "gt": lambda a, b: a > b, "ge": lambda a, b: a >= b,
}


@pytest.mark.parametrize("name", sorted(COMPARISONS))
@given(data=st.data())
def test_comparison_gives_bool_without_grad(name, data):
    dtype = data.draw(S.float_dtypes)
    s1, s2 = data.draw(S.broadcastable_shapes())
    a = data.draw(S.arrays(dtype, s1, -2, 2))
    b = data.draw(S.arrays(dtype, s2, -2, 2))
    check(lambda L, x, y: COMPARISONS[name](x, y), a, b)
    check(lambda L, x: COMPARISONS[name](x, 1.0), a)
    check(lambda L, x: COMPARISONS[name](0, x), a)


def _special_arrays(dtype, shape):
    return S.hnp.arrays(np.dtype(dtype), shape, elements=st.one_of(
        S.elements(dtype, -3, 3), st.sampled_from([np.nan, np.inf, -np.inf])))


@pytest.mark.parametrize("name", ["isnan", "isfinite"])
@given(data=st.data())
def test_nan_and_finite_predicates_match_torch(name, data):
    dtype = data.draw(S.float_dtypes)
    x = data.draw(_special_arrays(dtype, data.draw(S.shapes())))
    check(lambda L, t: getattr(L, name)(t), x)
    check(lambda L, t: getattr(t, name)(), x)


@given(data=st.data(), equal_nan=st.booleans(),
       tol=st.sampled_from([(1e-5, 1e-8), (0.0, 0.1), (0.1, 0.0)]))
def test_isclose_and_allclose_match_torch(data, equal_nan, tol):
    dtype = data.draw(S.float_dtypes)
    s1, s2 = data.draw(S.broadcastable_shapes())
    a = data.draw(_special_arrays(dtype, s1))
    b = data.draw(_special_arrays(dtype, s2))
    rtol, atol = tol
    check(lambda L, x, y: L.isclose(x, y, rtol=rtol, atol=atol, equal_nan=equal_nan), a, b)
    check(lambda L, x, y: x.isclose(y, rtol, atol, equal_nan), a, b)
    check(lambda L, x, y: L.allclose(x, y, rtol=rtol, atol=atol, equal_nan=equal_nan), a, b)
    check(lambda L, x, y: x.allclose(y), a, b)


@given(data=st.data(), dim=st.sampled_from([None, 0, -1]), keepdim=st.booleans())
def test_all_any_match_torch(data, dim, keepdim):
    shape = data.draw(S.shapes(min_dims=0 if dim is None else 1))
    b = data.draw(S.hnp.arrays(np.bool_, shape))
    f = data.draw(S.arrays(np.float32, shape, -1, 1))
    for x in (b, f):
        for name in ("all", "any"):
            if dim is None:
                check(lambda L, t: getattr(L, name)(t), x, requires_grad=[False])
                check(lambda L, t: getattr(t, name)(), x, requires_grad=[False])
            else:
                check(lambda L, t: getattr(t, name)(dim=dim, keepdim=keepdim), x, requires_grad=[False])
                check(lambda L, t: getattr(L, name)(t, dim, keepdim), x, requires_grad=[False])


@given(data=st.data(), return_inverse=st.booleans(), return_counts=st.booleans())
def test_unique_matches_torch(data, return_inverse, return_counts):
    shape = data.draw(S.shapes(max_dims=3))
    x = data.draw(st.one_of(S.int_arrays(shape, -3, 3), S.arrays(np.float64, shape, -2, 2)))
    check(lambda L, t: L.unique(t, return_inverse=return_inverse, return_counts=return_counts),
          x, requires_grad=[False])
    check(lambda L, t: t.unique(sorted=True), x, requires_grad=[False])


@pytest.mark.parametrize("shape, dim", [((0, 4), 1), ((3, 0), 0), ((0, 0), 0)], ids=str)
@pytest.mark.parametrize("name", ["unique", "unique_consecutive"])
def test_unique_along_a_dim_of_an_empty_tensor_with_another_zero_size_dim_raises_runtime_error(name, shape, dim):
    check_raises(lambda L, t: getattr(L, name)(t, dim=dim), np.ones(shape))


@pytest.mark.parametrize("dim", [None, 0])
@pytest.mark.parametrize("name", ["unique", "unique_consecutive"])
def test_unique_values_of_a_tensor_requiring_grad_are_in_the_graph_without_a_derivative(name, dim):
    # PyTorch: the values require grad under Unique2Backward0 / UniqueDimBackward0 /
    # UniqueConsecutiveBackward0, and backward through them raises NotImplementedError
    results = []
    for L in (torch, minigrad):
        x = L.tensor([3.0, 1.0, 3.0, 3.0, 2.0], requires_grad=True)
        out = getattr(L, name)(x * 1.0, return_inverse=True, return_counts=True, dim=dim)
        values = out[0]
        with pytest.raises(NotImplementedError) as err:
            values.sum().backward()
        results.append((values.requires_grad, values.grad_fn.name(), [o.requires_grad for o in out[1:]],
                        str(err.value)))
    assert results[1] == results[0]


@given(data=st.data(), seed=S.seeds)
def test_max_min_of_two_tensors_are_elementwise(data, seed):
    dtype = data.draw(S.float_dtypes)
    s1, s2 = data.draw(S.broadcastable_shapes())
    a, b = data.draw(S.arrays(dtype, s1, -2, 2)), data.draw(S.arrays(dtype, s2, -2, 2))
    check(lambda L, x, y: L.max(x, y), a, b, seed=seed)
    check(lambda L, x, y: x.min(y), a, b, seed=seed)


@given(data=st.data())
def test_where_with_condition_only_gives_indices(data):
    cond = data.draw(S.hnp.arrays(np.bool_, data.draw(S.shapes(max_dims=3))))
    check(lambda L, c: L.where(c), cond)
    check(lambda L, c: L.where(c > 0, c, c), cond)


@given(data=st.data(), keepdim=st.booleans())
def test_all_any_with_tuple_dims_match_torch(data, keepdim):
    x = data.draw(S.hnp.arrays(np.bool_, data.draw(S.shapes(min_dims=1, max_dims=3))))
    dim = data.draw(S.dims(x.ndim, allow_none=False))
    check(lambda L, t: t.all(dim=dim, keepdim=keepdim), x)
    check(lambda L, t: L.any(t, dim, keepdim), x)


SPECIAL_BINARY = dict(BINARY, pow=lambda L, a, b: a ** b, atan_like=lambda L, a, b: (a * b).tanh() / (b * b + 1))
SPECIAL_UNARY = ["abs", "exp", "log", "sqrt", "sin", "cos", "tanh", "sigmoid", "relu"]


@pytest.mark.parametrize("name", sorted(SPECIAL_BINARY))
@given(data=st.data(), seed=S.seeds)
def test_binary_ops_with_nan_and_inf_match_torch(name, data, seed):
    dtype = data.draw(S.float_dtypes)
    s1, s2 = data.draw(S.broadcastable_shapes(max_dims=2))
    a = data.draw(_special_arrays(dtype, s1))
    b = data.draw(_special_arrays(dtype, s2))
    if name == "pow":
        # NumPy's power takes a sqrt fast path for a size-1 exponent of 0.5: NaN at a base of
        # -inf where C's pow (torch) gives +inf. Known, open (docs/report), not a gradient issue.
        assume(not (np.isneginf(a).any() and (b == 0.5).any()))
    check(SPECIAL_BINARY[name], a, b, seed=seed)


@pytest.mark.parametrize("name", SPECIAL_UNARY)
@given(data=st.data(), seed=S.seeds)
def test_unary_ops_with_nan_and_inf_match_torch(name, data, seed):
    dtype = data.draw(S.float_dtypes)
    x = data.draw(_special_arrays(dtype, data.draw(S.shapes(max_dims=2))))
    check(lambda L, t: getattr(t, name)(), x, seed=seed)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_acosh_gradient_below_one_is_torchs_formula(dtype):
    """acosh is NaN below 1, yet PyTorch's gradient 1 / sqrt(x^2 - 1) is finite below -1 and infinite at -1."""
    x = np.array([-np.inf, -1e30, -2.0, -1.0, -0.5, 0.0, 1.0, 1.5, np.inf, np.nan], dtype)
    check(lambda L, t: L.acosh(t), x)


def test_unique_keeps_each_nan_as_its_own_value_as_torch():
    values = [1.0, float("nan"), 2.0, float("nan"), 1.0]
    mine = minigrad.unique(minigrad.tensor(values), return_inverse=True, return_counts=True)
    theirs = torch.unique(torch.tensor(values), return_inverse=True, return_counts=True)
    for m, t in zip(mine, theirs):
        np.testing.assert_array_equal(m.numpy(), t.numpy())


@pytest.mark.parametrize("bound", [0, 2.5, True, 3.5e38, 3.4028235e38, 65504.0, 65520.0, 2 ** 70, -2 ** 63,
                                   float("inf"), float("nan"), np.float64(2.0), np.int64(3), [1.0]], ids=repr)
@pytest.mark.parametrize("dtype", ["float16", "float32", "float64"])
@pytest.mark.parametrize("side", ["min", "max"])
def test_clamp_reads_a_number_bound_of_every_kind_as_torch(bound, dtype, side):
    def result(L):
        try:
            out = L.tensor([-1.0, 0.5, 4.0], dtype=getattr(L, dtype)).clamp(**{side: bound})
            return out.tolist(), str(out.dtype).split(".")[-1]
        except Exception as e:  # (the type only: messages are checked in tests/errors)
            return type(e).__name__
    assert repr(result(minigrad)) == repr(result(torch))


@pytest.mark.parametrize("bounds", [(0, 1), (0.1, 1 / 3), (-7, None), (16777217, 2 ** 25 + 3)], ids=repr)
@pytest.mark.parametrize("dtype", ["float16", "float32", "float64"])
def test_clamp_with_number_bounds_rounds_them_to_the_inputs_dtype_as_torch(bounds, dtype):
    """(minigrad takes number bounds as cached 0-d arrays of the input's dtype)"""
    values = [-2.0 ** 61, -7.5, -1.0, 0.1, 0.3333, 0.5, 1.0, 16777216.0, 16777218.0, 33554440.0, 2.0 ** 61, float("nan")]

    def result(L):
        try:
            return L.tensor(values, dtype=getattr(L, dtype)).clamp(*bounds).numpy().tobytes()
        except Exception as e:  # (float16 and bounds beyond its range: the type only, messages are checked in tests/errors)
            return type(e).__name__
    assert result(minigrad) == result(torch)
