"""dtype promotion against PyTorch: categories bool < int < float,
dimensioned tensors outrank 0-d tensors which outrank Python scalars,
int / int gives the default float, comparisons give bool."""
import numpy as np
import pytest
import torch
from hypothesis import given, strategies as st

import minigrad

from . import strategies as S
from .helpers import check, check_raises

DTYPES = ["bool", "int32", "int64", "float32", "float64"]


def values(dtype, shape, rng):
    if dtype == "bool":
        return np.asarray(rng.random(shape) > 0.5)
    if dtype.startswith("int"):
        return np.asarray(rng.integers(1, 4, shape), dtype=dtype)
    return np.asarray(rng.random(shape) * 3 + 0.5, dtype=dtype)


BINOPS = {
    "add": lambda a, b: a + b, "sub": lambda a, b: a - b, "mul": lambda a, b: a * b,
    "truediv": lambda a, b: a / b, "floordiv": lambda a, b: a // b, "mod": lambda a, b: a % b,
    "pow": lambda a, b: a ** b, "eq": lambda a, b: a == b, "lt": lambda a, b: a < b,
    "ge": lambda a, b: a >= b,
}


@pytest.mark.parametrize("op", sorted(BINOPS))
@given(da=st.sampled_from(DTYPES), db=st.sampled_from(DTYPES),
       ndim_a=st.integers(0, 1), ndim_b=st.integers(0, 1), seed=S.seeds)
def test_tensor_tensor_promotion_matches_torch(op, da, db, ndim_a, ndim_b, seed):
    rng = np.random.default_rng(seed)
    a = values(da, (3,) * ndim_a, rng)
    b = values(db, (3,) * ndim_b, rng)
    fn = BINOPS[op]
    backward = op not in ("floordiv",)
    check(lambda L, x, y: fn(x, y), a, b, seed=seed, backward=backward,
          requires_grad=[backward, backward])


@pytest.mark.parametrize("op", sorted(BINOPS))
@given(da=st.sampled_from(DTYPES), scalar=st.sampled_from([True, False, 2, 3, 2.5, 0.5]),
       ndim=st.integers(0, 2), reflected=st.booleans(), seed=S.seeds)
def test_tensor_python_scalar_promotion_matches_torch(op, da, scalar, ndim, reflected, seed):
    a = values(da, (2,) * ndim, np.random.default_rng(seed))
    fn = BINOPS[op]
    backward = op != "floordiv"
    if reflected:
        check(lambda L, x: fn(scalar, x), a, seed=seed, backward=backward, requires_grad=[backward])
    else:
        check(lambda L, x: fn(x, scalar), a, seed=seed, backward=backward, requires_grad=[backward])


def test_int_tensor_with_python_float_gives_default_float():
    assert (minigrad.tensor([1, 2]) + 1.5).dtype == minigrad.float32
    assert (minigrad.tensor([1, 2]) * 0.5).dtype is minigrad.float32


def test_int_divided_by_int_gives_float32():
    r = minigrad.tensor([1, 2]) / minigrad.tensor([2, 4])
    assert r.dtype is minigrad.float32
    assert r.tolist() == [0.5, 0.5]
    assert (minigrad.tensor([3]) / 2).dtype is minigrad.float32


def test_python_scalars_do_not_upcast_float32():
    x = minigrad.ones(3)
    assert (x * 2.0).dtype is minigrad.float32
    assert (2.0 ** x).dtype is minigrad.float32
    assert (x + 10**10).dtype is minigrad.float32


def test_zero_dim_tensors_do_not_upcast_dimensioned_same_category():
    x = minigrad.ones(3)
    assert (x + minigrad.tensor(1.0, dtype=minigrad.float64)).dtype is minigrad.float32
    assert (minigrad.ones(3, dtype=minigrad.int32) + minigrad.tensor(1)).dtype is minigrad.int32
    # a 0-d tensor of a higher category does win
    assert (minigrad.ones(3, dtype=minigrad.int32) + minigrad.tensor(1.0, dtype=minigrad.float64)).dtype \
        is minigrad.float64


def test_comparisons_give_bool():
    x = minigrad.tensor([1.0, 2.0], requires_grad=True)
    for r in (x > 1, x == 2, x != x, x <= 1.5, 1 < x, x >= minigrad.tensor([2, 2])):
        assert r.dtype is minigrad.bool
        assert not r.requires_grad


@given(da=st.sampled_from(DTYPES), db=st.sampled_from(DTYPES), ndim_a=st.integers(0, 1),
       ndim_b=st.integers(0, 1), scalar=st.sampled_from([None, True, 1, 1.5]))
def test_result_type_matches_torch(da, db, ndim_a, ndim_b, scalar):
    rng = np.random.default_rng(0)
    a, b = values(da, (2,) * ndim_a, rng), values(db, (2,) * ndim_b, rng)
    ops_m = [minigrad.tensor(a), minigrad.tensor(b)]
    ops_t = [torch.tensor(a), torch.tensor(b)]
    assert minigrad.result_type(*ops_m).name == str(torch.result_type(*ops_t)).replace("torch.", "")
    if scalar is not None:
        assert minigrad.result_type(ops_m[0], scalar).name == \
            str(torch.result_type(ops_t[0], scalar)).replace("torch.", "")
        assert minigrad.result_type(scalar, ops_m[1]).name == \
            str(torch.result_type(scalar, ops_t[1])).replace("torch.", "")


@given(da=st.sampled_from(DTYPES), db=st.sampled_from(DTYPES))
def test_promote_types_matches_torch(da, db):
    assert minigrad.promote_types(getattr(minigrad, da), getattr(minigrad, db)).name == \
        str(torch.promote_types(getattr(torch, da), getattr(torch, db))).replace("torch.", "")


def _outcome(fn, L):
    try:
        return str(fn(L)).replace("torch.", "")
    except TypeError as e:
        return str(e)


@pytest.mark.parametrize("operands", [
    lambda L: (L.ones(1), "a"), lambda L: ("a", L.ones(1)), lambda L: (L.ones(1), None), lambda L: (1, "a"),
    lambda L: (L.ones(1), [1]), lambda L: (None, 2.5), lambda L: (L.ones(1), (1, 2.0)), lambda L: (L.ones(1), np.ones(2))],
    ids=["tensor, str", "str, tensor", "tensor, None", "int, str", "tensor, list", "None, float", "tensor, tuple",
         "tensor, ndarray"])
def test_result_type_of_operands_neither_tensor_nor_number_gives_torchs_message(operands):
    """Its parser's: the four forms listed, each with the operands it does not take marked."""
    assert _outcome(lambda L: L.result_type(*operands(L)), minigrad) == _outcome(lambda L: L.result_type(*operands(L)), torch)


@pytest.mark.parametrize("pair", [(1, "float32"), ("float32", 1), (None, "float32"), ("float32", "a"), (float, "float32"),
                                  ("float32", bool), (int, "float16"), (complex, "float64"), ("float64", int),
                                  (float, "int64"), (bool, bool)], ids=str)
def test_can_cast_takes_pythons_types_as_dtypes_and_names_the_position_of_a_refused_one_as_torch(pair):
    def call(L):
        return L.can_cast(*(getattr(L, d) if d in ("float16", "float32", "float64", "int64") else d for d in pair))
    assert _outcome(call, minigrad) == _outcome(call, torch)


UNARY_DTYPE_OPS = {
    "neg": lambda L, t: -t, "abs": lambda L, t: t.abs(), "exp": lambda L, t: t.exp(),
    "log": lambda L, t: L.log(t), "sqrt": lambda L, t: t.sqrt(), "sin": lambda L, t: t.sin(),
    "sigmoid": lambda L, t: t.sigmoid(), "tanh": lambda L, t: t.tanh(), "relu": lambda L, t: t.relu(),
    "sum": lambda L, t: t.sum(), "sum_dim": lambda L, t: t.sum(0), "prod": lambda L, t: t.prod(),
    "mean": lambda L, t: t.mean(), "max": lambda L, t: t.max(), "argmax": lambda L, t: t.argmax(),
    "clamp": lambda L, t: t.clamp(0, 2), "clamp_float": lambda L, t: t.clamp(0.5, 2.5),
    "softmax": lambda L, t: t.softmax(0), "cumulative_pow": lambda L, t: t ** 2,
    "isnan": lambda L, t: t.isnan(), "all": lambda L, t: t.all(), "any": lambda L, t: t.any(),
}


@pytest.mark.parametrize("op", sorted(UNARY_DTYPE_OPS))
@pytest.mark.parametrize("dtype", DTYPES)
def test_result_dtype_of_unary_ops_and_reductions_matches_torch(op, dtype):
    x = values(dtype, (3,), np.random.default_rng(1))
    check(UNARY_DTYPE_OPS[op], x)


def test_integer_to_negative_integer_power_raises_like_torch():
    check(lambda L, t: t ** -1, np.array([1, 2]))


@pytest.mark.parametrize("name,dtype", [("float", "float32"), ("double", "float64"), ("long", "int64"),
                                        ("int", "int32"), ("bool", "bool")])
def test_conversion_methods_and_aliases(name, dtype):
    check(lambda L, t: getattr(t, name)(), np.array([0.0, 1.5, -2.0]))
    assert getattr(minigrad, name) is getattr(minigrad, dtype)
    assert minigrad.tensor([1.0]).to(getattr(minigrad, name)).dtype is getattr(minigrad, dtype)


def test_default_dtype_can_be_changed_and_restored():
    assert minigrad.get_default_dtype() is minigrad.float32
    try:
        minigrad.set_default_dtype(minigrad.float64)
        assert minigrad.tensor([1.5]).dtype is minigrad.float64
        assert minigrad.ones(2).dtype is minigrad.float64
        assert (minigrad.tensor([1]) * 0.5).dtype is minigrad.float64
    finally:
        minigrad.set_default_dtype(minigrad.float32)
    assert minigrad.zeros(1).dtype is minigrad.float32


def test_type_strings_match_torch():
    for dt in DTYPES:
        m = minigrad.ones(1, dtype=getattr(minigrad, dt))
        t = torch.ones(1, dtype=getattr(torch, dt))
        assert m.type() == t.type()
    assert minigrad.ones(2).type("torch.DoubleTensor").dtype is minigrad.float64
    assert minigrad.ones(2).type(minigrad.int64).dtype is minigrad.int64


@pytest.mark.parametrize("name", ["LongTensor", "cuda.LongTensor", "torch.int64", "int64"])
def test_type_refuses_a_name_that_is_not_torchs_type_string(name):
    for L in (minigrad, torch):
        with pytest.raises(ValueError, match=f"invalid type: '{name}'"):
            L.ones(2).type(name)


def test_type_with_a_legacy_cpu_type_converts_as_torch():
    for dtype, legacy in (("int64", "LongTensor"), ("float16", "HalfTensor")):
        m, t = minigrad.ones(2).type(getattr(minigrad, legacy)), torch.ones(2).type(getattr(torch, legacy))
        assert str(m.dtype) == str(t.dtype) == f"torch.{dtype}" and m.type() == t.type()


MIXED = {
    "cat": lambda L, a, b: L.cat([a, b]), "stack": lambda L, a, b: L.stack([a, b]),
    "where": lambda L, a, b: L.where(a > 1, a, b), "maximum": lambda L, a, b: L.maximum(a, b),
    "minimum": lambda L, a, b: L.minimum(a, b), "matmul": lambda L, a, b: a @ b,
    "clamp_tensor": lambda L, a, b: L.clamp(a, min=b), "isclose": lambda L, a, b: L.isclose(a, b),
    "eq": lambda L, a, b: a == b,
}


@pytest.mark.parametrize("op", sorted(MIXED))
@given(da=st.sampled_from(DTYPES), db=st.sampled_from(DTYPES), seed=S.seeds)
def test_multi_input_ops_promote_or_refuse_like_torch(op, da, db, seed):
    rng = np.random.default_rng(seed)
    a, b = values(da, (3,), rng), values(db, (3,), rng)
    check(lambda L, x, y: MIXED[op](L, x, y), a, b, seed=seed)


INT_BINARY = {
    "add": lambda L, a, b: a + b, "sub": lambda L, a, b: a - b, "mul": lambda L, a, b: a * b,
    "truediv": lambda L, a, b: a / b, "floordiv": lambda L, a, b: a // b, "mod": lambda L, a, b: a % b,
    "pow": lambda L, a, b: a ** b.abs(), "maximum": lambda L, a, b: L.maximum(a, b),
    "lt": lambda L, a, b: a < b, "where": lambda L, a, b: L.where(a > b, a, b),
}


@pytest.mark.parametrize("op", sorted(INT_BINARY))
@given(data=st.data(), dt=st.sampled_from([np.int64, np.int32]))
def test_integer_binary_ops_match_torch(op, data, dt):
    s1, s2 = data.draw(S.broadcastable_shapes(max_dims=3))
    a = data.draw(S.int_arrays(s1, -7, 7, dt))
    b = data.draw(S.int_arrays(s2, -7, 7, dt).filter(lambda x: op not in ("floordiv", "mod") or np.all(x != 0)))
    check(lambda L, x, y: INT_BINARY[op](L, x, y), a, b)


INT_UNARY = {
    "neg": lambda L, t: -t, "abs": lambda L, t: t.abs(), "sum": lambda L, t: t.sum(),
    "sum_dim": lambda L, t: t.sum(-1), "prod": lambda L, t: t.prod(), "max": lambda L, t: t.max(),
    "argmin": lambda L, t: t.argmin(), "clamp": lambda L, t: t.clamp(-2, 3), "relu": lambda L, t: t.relu(),
    "exp": lambda L, t: t.exp(), "sqrt": lambda L, t: t.abs().sqrt(), "mean_float": lambda L, t: t.float().mean(),
    "square": lambda L, t: t * t, "scalar_div": lambda L, t: t / 2, "scalar_floordiv": lambda L, t: t // 2,
    "scalar_mod": lambda L, t: t % 3, "rfloordiv": lambda L, t: 7 // (t.abs() + 1),
}


@pytest.mark.parametrize("op", sorted(INT_UNARY))
@given(data=st.data(), dt=st.sampled_from([np.int64, np.int32]))
def test_integer_unary_ops_and_reductions_match_torch(op, data, dt):
    shape = data.draw(S.nonempty_shapes(min_dims=1, max_dims=3))
    x = data.draw(S.int_arrays(shape, -5, 5, dt))
    check(lambda L, t: INT_UNARY[op](L, t), x)


def test_square_of_bools_is_int64_like_torch():
    check(lambda L, t: L.square(t), np.array([True, False, True]))


def test_sign_of_bools_is_the_bools_themselves():
    check(lambda L, t: L.sign(t), np.array([[True, False], [False, True]]))


@pytest.mark.parametrize("bounds", [(), (-0.5, 0.5), (-2.7, 1.9)], ids=str)
def test_hardtanh_of_integers_stays_integer_with_bounds_truncated(bounds):
    check(lambda L, t: L.nn.functional.hardtanh(t, *bounds), np.array([-3, -1, 0, 1, 2, 5]))


def test_double_to_half_rounds_through_float_like_torch():
    # 1 + 2**-11 + 2**-30 rounds up to half directly, but to 1 + 2**-11 in float and then (a tie) down
    x = np.array([1 + 2.0 ** -11 + 2.0 ** -30, -(1 + 2.0 ** -11 + 2.0 ** -30), 0.1, 65519.0])
    check(lambda L, t: t.half(), x, requires_grad=[False])


@pytest.mark.parametrize("name", ["float16", "float32", "float64", None])
def test_finfo_gives_torchs_limits(name):
    import minigrad
    import torch
    m = minigrad.finfo(getattr(minigrad, name)) if name else minigrad.finfo()
    t = torch.finfo(getattr(torch, name)) if name else torch.finfo()
    for field in ("bits", "eps", "max", "min", "tiny", "smallest_normal", "resolution", "dtype"):
        assert getattr(m, field) == getattr(t, field), field
    assert repr(m) == repr(t)


@pytest.mark.parametrize("name", ["uint8", "int8", "int16", "int32", "int64"])
def test_iinfo_gives_torchs_limits(name):
    import minigrad
    import torch
    m, t = minigrad.iinfo(getattr(minigrad, name)), torch.iinfo(getattr(torch, name))
    assert (m.bits, m.max, m.min, m.dtype) == (t.bits, t.max, t.min, t.dtype) and repr(m) == repr(t)


def test_finfo_of_an_integer_dtype_and_iinfo_of_a_float_dtype_raise_type_error_as_torch():
    import minigrad
    import torch
    for L in (torch, minigrad):
        with pytest.raises(TypeError, match="requires a floating point input type"):
            L.finfo(L.int64)
        with pytest.raises(TypeError, match="requires an integer input type"):
            L.iinfo(L.float32)


def test_set_num_threads_is_recorded_and_refuses_what_torch_refuses():
    import minigrad
    import torch
    before = minigrad.get_num_threads()
    try:
        minigrad.set_num_threads(3)
        assert minigrad.get_num_threads() == 3
    finally:
        minigrad.set_num_threads(before)
    for L in (torch, minigrad):
        with pytest.raises(RuntimeError, match="set_num_threads expects a positive integer"):
            L.set_num_threads(0)


SHELL_UNSIGNED = ["uint16", "uint32", "uint64"]
_SHELL_USES = {
    "from_numpy, then float and scaled": lambda L, a: (L.from_numpy(a).float() / 65535).tolist(),
    "tensor of an array": lambda L, a: (L.tensor(a).dtype, L.as_tensor(a).tolist()),
    "shape ops and indexing": lambda L, a: (L.cat([L.from_numpy(a), L.from_numpy(a)]).T[1:, 0].tolist(),
                                            L.from_numpy(a)[L.tensor([1, 0])].flip(0).tolist()),
    "sum is int64": lambda L, a: (L.from_numpy(a).sum().dtype, L.from_numpy(a).sum().item()),
    "printed": lambda L, a: (repr(L.from_numpy(a)), L.from_numpy(a).type()),
    "factories and conversions": lambda L, a: (L.zeros(2, dtype=L.from_numpy(a).dtype).tolist(),
                                               L.ones(2).to(L.from_numpy(a).dtype).dtype,
                                               L.from_numpy(a).to(L.uint8).tolist()),
    "dtype facts": lambda L, a: (L.from_numpy(a).dtype.is_signed, L.from_numpy(a).element_size(),
                                 L.from_numpy(a).is_floating_point()),
    "a float scalar promotes to float": lambda L, a: L.result_type(L.from_numpy(a), 1.5),
}


@pytest.mark.parametrize("use", _SHELL_USES.values(), ids=_SHELL_USES.keys())
@pytest.mark.parametrize("name", SHELL_UNSIGNED)
def test_pytorchs_shell_unsigned_dtypes_are_made_converted_and_indexed_as_torch(name, use):
    """A 16-bit image read with NumPy, as a course program loads it."""
    a = (np.arange(6).reshape(2, 3) * 10000).astype(name)
    ours, theirs = use(minigrad, a), use(torch, a)
    assert str(ours) == str(theirs)


@pytest.mark.parametrize("other", ["bool", "uint8", "int32", "int64", "complex64", "uint32", "float16", "float32"])
@pytest.mark.parametrize("name", SHELL_UNSIGNED)
def test_promoting_a_shell_unsigned_dtype_raises_unless_with_a_float_as_torch(name, other):
    def promoted(L):
        try:
            return L.promote_types(getattr(L, name), getattr(L, other))
        except RuntimeError as exc:
            return str(exc)
    assert str(promoted(minigrad)) == str(promoted(torch))


@pytest.mark.parametrize("form", ["sub", "sub alpha", "subtract"])
@pytest.mark.parametrize("dtype", ["uint8", "int64", "float32"])
def test_a_bool_number_subtracted_from_is_refused_as_torch(form, dtype):
    """``torch.sub(True, t)`` is PyTorch's bool-subtraction error: the bool is read before it is made a
    tensor of ``t``'s dtype."""
    fns = {"sub": lambda L, t: L.sub(True, t), "sub alpha": lambda L, t: L.sub(True, t, alpha=2),
           "subtract": lambda L, t: L.subtract(True, t)}
    check_raises(fns[form], np.array([1, 2], dtype), names=("Subtraction",))


def test_real_python_scalars_in_promotion_leave_the_complex_checks_unarmed():
    # Arming wraps every op's forward (ops/_real_only); only a complex dtype or number may arm it.
    import subprocess
    import sys
    code = ("import minigrad as t; from minigrad.ops import _real_only as r; x = t.ones(3); x.clamp(0, 1.5); "
            "t.result_type(x, True); assert not r._armed, 'armed by real scalars'; "
            "t.result_type(x, 1j); assert r._armed")
    subprocess.run([sys.executable, "-c", code], check=True)
