"""Operators between a Tensor and an operand of every other Python type (None, str, list, tuple,
dict, object(), complex, bool, ints of any size, floats, NumPy scalars), both ways round: the same
value and dtype as PyTorch, or the same exception type (``if loss < best:`` with ``best = None``
must raise, not quietly be False).

Where PyTorch lacks a kernel (NotImplementedError) there is no contract. Where PyTorch returns a
complex tensor, minigrad gives the same one where the op supports complex numbers (+ - * /), and
raises TypeError or RuntimeError where it does not (ops/_real_only.py). Ints in
[2**63, 2**64) are left out: PyTorch reads them as uint64 and wraps.
"""
import operator
import warnings

import numpy as np
import pytest
import torch
from hypothesis import given, strategies as st

import minigrad

from .helpers import tolerance

OPS = {"==": operator.eq, "!=": operator.ne, "<": operator.lt, "<=": operator.le, ">": operator.gt,
       ">=": operator.ge, "+": operator.add, "-": operator.sub, "*": operator.mul, "/": operator.truediv,
       "//": operator.floordiv, "%": operator.mod, "**": operator.pow, "@": operator.matmul, "&": operator.and_,
       "|": operator.or_, "^": operator.xor}
DTYPES = ["float32", "int64", "bool"]


class Opaque:
    """An object of a type no library knows."""

    def __repr__(self):
        return "Opaque()"


#: kind -> (a fixed example, a strategy for the fuzz)
KINDS = {
    "None": (None, st.none()),
    "str": ("a", st.text(max_size=3)),
    "bytes": (b"a", st.binary(max_size=3)),
    "list": ([1.0, 2.0], st.lists(st.floats(-4, 4), min_size=2, max_size=2)),
    "tuple": ((1, 2), st.tuples(st.integers(-4, 4), st.integers(-4, 4))),
    "dict": ({"a": 1}, st.dictionaries(st.text(max_size=1), st.integers(), max_size=2)),
    "set": ({1}, st.sets(st.integers(), max_size=2)),
    "object": (Opaque(), st.builds(Opaque)),
    "complex": (1 + 2j, st.complex_numbers(max_magnitude=10, allow_nan=False, allow_infinity=False)),
    "bool": (True, st.booleans()),
    "int": (3, st.integers(-2 ** 31, 2 ** 31)),
    "negative int": (-2, st.integers(-2 ** 31, -1)),
    "huge int": (2 ** 70, st.one_of(st.integers(min_value=2 ** 64), st.integers(max_value=-2 ** 64))),
    "float": (2.5, st.floats(allow_nan=False, allow_infinity=False)),
    "nan or inf": (float("nan"), st.sampled_from([float("nan"), float("inf"), -float("inf")])),
    "zero": (0, st.sampled_from([0, 0.0, -0.0])),
    "np.float64": (np.float64(2.5), st.floats(-1e6, 1e6).map(np.float64)),
    "np.float32": (np.float32(2.5), st.floats(-1e6, 1e6, width=32).map(np.float32)),
    "np.int64": (np.int64(3), st.integers(-1000, 1000).map(np.int64)),
    "np.int8": (np.int8(3), st.integers(-100, 100).map(np.int8)),
    "np.bool_": (np.bool_(True), st.booleans().map(np.bool_)),
}
TENSOR_VALUES = {"float32": [1.5, -2.0], "int64": [1, 2], "bool": [True, False]}


def outcome(lib, op, dtype, tensor_values, operand, reflected):
    """("ok", kind of result, dtype, values) or ("raises", exception type) for one expression."""
    t = lib.tensor(tensor_values).to(getattr(lib, dtype))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            result = OPS[op](operand, t) if reflected else OPS[op](t, operand)
    except Exception as exc:  # noqa: BLE001 (the type is the outcome)
        return ("raises", type(exc))
    if isinstance(result, (torch.Tensor, minigrad.Tensor)):
        try:
            dt = str(result.dtype).replace("torch.", "")
            values = np.asarray(result.tolist())
        except Exception as exc:  # noqa: BLE001 (a result that cannot be read is a failure)
            return ("unreadable result", type(exc))
        return ("ok", "tensor", dt, values)
    return ("ok", type(result).__name__, None, result)


def mismatch(op, dtype, kind, operand, reflected, tensor_values=None):
    """None when minigrad behaves as PyTorch does for this expression, else what differs."""
    tensor_values = TENSOR_VALUES[dtype] if tensor_values is None else tensor_values
    theirs = outcome(torch, op, dtype, tensor_values, operand, reflected)
    mine = outcome(minigrad, op, dtype, tensor_values, operand, reflected)
    text = f"{'x ' + op + ' t' if reflected else 't ' + op + ' x'} with t {dtype}, x = {operand!r}"
    if theirs[0] == "raises" and theirs[1] is NotImplementedError:
        return None if mine[0] != "unreadable result" else f"{text}: minigrad's result is unreadable"
    if theirs[0] == "ok" and theirs[2] is not None and theirs[2].startswith("complex") and mine[0] == "raises":
        if mine[1] in (TypeError, RuntimeError):
            return None
        return f"{text}: torch gives a complex tensor; minigrad must give it too or refuse complex, got {mine}"
    if theirs[0] == "raises":
        if mine[:2] == theirs[:2]:
            return None
        return f"{text}: torch raises {theirs[1].__name__}, minigrad {_describe(mine)}"
    if mine[0] != "ok" or mine[1:3] != theirs[1:3]:
        return f"{text}: torch gives {_describe(theirs)}, minigrad {_describe(mine)}"
    a, b = np.asarray(mine[3]), np.asarray(theirs[3])
    if a.shape != b.shape:
        return f"{text}: torch gives shape {b.shape}, minigrad {a.shape}"
    if b.dtype.kind in "fc":  # (PyTorch divides by a scalar through its reciprocal: 1 ulp apart in float32)
        rtol, atol = tolerance(mine[2])
        same = np.allclose(a, b, rtol=rtol, atol=atol, equal_nan=True) and np.array_equal(np.isinf(a), np.isinf(b))
    else:
        same = np.array_equal(a, b)
    return None if same else f"{text}: torch gives {b.tolist()}, minigrad {a.tolist()}"


def _describe(out):
    if out[0] == "raises":
        return f"raises {out[1].__name__}"
    if out[0] == "unreadable result":
        return f"an unreadable result ({out[1].__name__})"
    return f"{out[1]} {out[2] or ''} {np.asarray(out[3]).tolist()!r}"


def _cell_failures(op, kind):
    operand = KINDS[kind][0]
    return [m for dtype in DTYPES for reflected in (False, True)
            if (m := mismatch(op, dtype, kind, operand, reflected)) is not None]


CELLS = [pytest.param(op, kind, id=f"{op} {kind}") for op in OPS for kind in KINDS]


@pytest.mark.parametrize("op, kind", CELLS)
def test_operator_with_a_non_tensor_operand_matches_torch(op, kind):
    failures = _cell_failures(op, kind)
    assert not failures, "\n".join(failures)


def test_ordering_against_none_raises_type_error_so_a_best_loss_check_cannot_silently_fail():
    best = None
    with pytest.raises(TypeError):
        torch.tensor(0.5) < best
    with pytest.raises(TypeError):
        minigrad.tensor(0.5) < best


# ---------------------------------------------------------------------- fuzz
tensor_values = {"float32": st.lists(st.floats(-1e3, 1e3, width=32), min_size=2, max_size=2),
                 "int64": st.lists(st.integers(-1000, 1000), min_size=2, max_size=2),
                 "bool": st.lists(st.booleans(), min_size=2, max_size=2)}


def test_a_number_to_negative_integer_tensor_powers_gives_torchs_integers():
    assert mismatch("**", "int64", "int", 3, True, [2, -2]) is None
    assert mismatch("**", "int64", "negative int", -1, True, [-3, -2]) is None
    assert mismatch("**", "int64", "int", 1, True, [-3, 4]) is None


def test_integer_tensor_powers_with_negative_integer_exponents_give_torchs_integers():
    base, exponent = [0, 1, -1, 2, -2, 3], [-1, -1, -3, -1, -2, -2]
    mine = minigrad.tensor(base) ** minigrad.tensor(exponent)
    assert mine.dtype == minigrad.int64
    assert mine.tolist() == (torch.tensor(base) ** torch.tensor(exponent)).tolist()


def test_a_tiny_float_exponent_is_not_rounded_to_zero():
    assert mismatch("**", "float32", "float", 1e-50, False, [0.0, 2.0]) is None
    assert mismatch("**", "float32", "float", -1e-50, False, [0.0, float("inf")]) is None


def test_a_tensor_operand_refused_gives_not_implemented_so_the_other_operand_decides():
    class Scale:
        def __rmul__(self, other):
            return "Scale.__rmul__"

        def __rmatmul__(self, other):
            return "Scale.__rmatmul__"

    t = minigrad.tensor([1.0, 2.0])
    assert t * Scale() == "Scale.__rmul__"
    assert t @ Scale() == "Scale.__rmatmul__"


def test_a_number_is_taken_as_the_input_of_add_sub_mul_div_as_torch_does():
    for name in ("add", "sub", "mul", "div", "remainder", "floor_divide"):
        theirs = getattr(torch, name)(2, torch.tensor([1.0, 4.0]))
        mine = getattr(minigrad, name)(2, minigrad.tensor([1.0, 4.0]))
        assert mine.dtype == minigrad.float32 and mine.tolist() == theirs.tolist(), name


@st.composite
def expressions(draw):
    op = draw(st.sampled_from(sorted(OPS)))
    kind = draw(st.sampled_from(sorted(KINDS)))
    dtype = draw(st.sampled_from(DTYPES))
    return op, dtype, kind, draw(KINDS[kind][1]), draw(st.booleans()), draw(tensor_values[dtype])


@given(expr=expressions())
def test_operators_with_random_non_tensor_operands_match_torch(expr):
    op, dtype, kind, operand, reflected, values = expr
    problem = mismatch(op, dtype, kind, operand, reflected, values)
    assert problem is None, problem


TWO_NUMBER_FUNCTIONS = ["add", "sub", "mul", "div", "true_divide", "floor_divide", "subtract", "multiply",
                        "divide", "remainder", "maximum", "eq"]


@pytest.mark.parametrize("name", TWO_NUMBER_FUNCTIONS)
@pytest.mark.parametrize("numbers", [(2.0, 3.0), (2, 3), (7, -2), (2, 3.5), (True, False), (1j, 2)],
                         ids=["floats", "ints", "negative int", "int and float", "bools", "complex and int"])
def test_the_arithmetic_functions_of_two_numbers_give_torchs_0d_tensor_or_error(name, numbers):
    results = []
    for L in (minigrad, torch):
        try:
            r = getattr(L, name)(*numbers)
            results.append((r.tolist(), str(r.dtype).split(".")[-1], tuple(r.shape)))
        except (TypeError, RuntimeError, NotImplementedError) as e:
            results.append(type(e).__name__)
    assert results[0] == results[1]


@pytest.mark.parametrize("call", [lambda L: L.add(2, 3, alpha=2), lambda L: L.sub(2.0, 1.0, alpha=2),
                                  lambda L: L.div(7, 2, rounding_mode="floor"),
                                  lambda L: L.div(-7, 2, rounding_mode="trunc")],
                         ids=["add alpha", "sub alpha", "div floor", "div trunc"])
def test_two_numbers_take_the_arithmetic_keywords_as_torch(call):
    mine, theirs = call(minigrad), call(torch)
    assert (mine.tolist(), str(mine.dtype)) == (theirs.tolist(), str(theirs.dtype))
