"""A NumPy array as the other operand of a Tensor's operator, as PyTorch takes it: PyTorch's
operators refuse it, so NumPy computes ``tensor <op> array`` on ``tensor.numpy()`` with NumPy's
type promotion and hands the result back as a Tensor (``float32 tensor * float64 array`` is
float64; a bool result is uint8); a tensor that requires grad refuses (``numpy()``); ``<``, ``>``
and an array on the left raise TypeError; ``==`` compares as Tensors."""
import operator
import warnings

import numpy as np
import pytest
import torch

import minigrad

ARITHMETIC = {"+": operator.add, "-": operator.sub, "*": operator.mul, "/": operator.truediv,
              "//": operator.floordiv, "%": operator.mod, "**": operator.pow, "@": operator.matmul}
BITWISE = {"&": operator.and_, "|": operator.or_, "^": operator.xor}
ORDER = {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge}
ARRAYS = {"float64 1-d": np.array([2.0, 3.0]), "int64 1-d": np.array([2, 3]), "float64 0-d": np.array(2.0),
          "int8 0-d": np.array(2, dtype=np.int8), "float32 1-d": np.array([2.0, 3.0], dtype=np.float32)}


def _outcome(lib, fn, dtype, array, requires_grad=False):
    """(type name, dtype, values) of ``fn(tensor, array)``, or the exception's type name."""
    x = lib.tensor([1, 2], dtype=getattr(lib, dtype))
    if requires_grad:
        x.requires_grad_(True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # (PyTorch's __array_wrap__ has NumPy 1's signature)
        try:
            r = fn(x, array)
        except Exception as exc:
            return type(exc).__name__
    return type(r).__name__, str(r.dtype).replace("torch.", ""), np.asarray(r.tolist(), dtype=float).round(6).tolist()


@pytest.mark.parametrize("array", ARRAYS.values(), ids=ARRAYS.keys())
@pytest.mark.parametrize("dtype", ["float32", "float64", "int64"])
@pytest.mark.parametrize("op", ARITHMETIC.values(), ids=ARITHMETIC.keys())
def test_tensor_operator_numpy_array_gives_numpys_dtype_and_values_as_torch(op, dtype, array):
    assert _outcome(minigrad, op, dtype, array) == _outcome(torch, op, dtype, array)


@pytest.mark.parametrize("op", ARITHMETIC.values(), ids=ARITHMETIC.keys())
def test_numpy_array_operator_tensor_gives_torchs_result_or_type_error(op):
    reflected = lambda x, a: op(a, x)  # noqa: E731
    for array in (np.array([2.0, 3.0]), np.array([2, 3])):
        for dtype in ("float32", "int64"):
            assert _outcome(minigrad, reflected, dtype, array) == _outcome(torch, reflected, dtype, array)


@pytest.mark.parametrize("op", BITWISE.values(), ids=BITWISE.keys())
def test_bitwise_operator_with_a_numpy_array_as_torch(op):
    for dtype, array in (("int64", np.array([3, 1])), ("bool", np.array([True, False])), ("float32", np.array([3, 1]))):
        assert _outcome(minigrad, op, dtype, array) == _outcome(torch, op, dtype, array)


def test_a_bool_result_of_numpy_comes_back_as_uint8_as_torch():
    for lib in (minigrad, torch):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            r = lib.tensor([True, False]) & np.array([True, True])
        assert str(r.dtype).endswith("uint8") and r.tolist() == [1, 0]


@pytest.mark.parametrize("op", list(ARITHMETIC.values()) + [operator.and_], ids=list(ARITHMETIC) + ["&"])
def test_tensor_that_requires_grad_operator_numpy_array_raises_runtime_error_as_torch(op):
    assert _outcome(minigrad, op, "float32", np.array([2.0, 3.0]), True) == "RuntimeError"
    assert _outcome(torch, op, "float32", np.array([2.0, 3.0]), True) == "RuntimeError"


@pytest.mark.parametrize("op", ORDER.values(), ids=ORDER.keys())
def test_ordering_a_tensor_against_a_numpy_array_raises_type_error_as_torch(op):
    for fn in (op, lambda x, a: op(a, x)):
        assert _outcome(minigrad, fn, "float32", np.array([2.0, 3.0])) == "TypeError"
        assert _outcome(torch, fn, "float32", np.array([2.0, 3.0])) == "TypeError"


def test_tensor_equals_numpy_array_compares_as_tensors_as_torch():
    for requires_grad in (False, True):
        assert _outcome(minigrad, operator.eq, "float32", np.array([1.0, 3.0]), requires_grad) == \
            _outcome(torch, operator.eq, "float32", np.array([1.0, 3.0]), requires_grad)


def test_in_place_operator_with_a_numpy_array_rebinds_to_numpys_result_as_torch():
    for lib in (minigrad, torch):
        x = y = lib.ones(2)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            x += np.array([1, 2])
        assert str(x.dtype).endswith("float64") and x.tolist() == [2.0, 3.0] and y.tolist() == [1.0, 1.0]


@pytest.mark.parametrize("ufunc", [np.exp, np.sqrt, np.abs, np.log10, np.isnan, lambda t: np.maximum(t, 1.0),
                                   lambda t: np.add(t, np.array([1, 2]))],
                         ids=["exp", "sqrt", "abs", "log10", "isnan", "maximum", "add int array"])
def test_numpy_ufunc_of_a_tensor_gives_a_tensor_as_torch(ufunc):
    outcomes = []
    for lib in (minigrad, torch):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            r = ufunc(lib.tensor([0.25, 4.0]))
        outcomes.append((type(r).__name__, str(r.dtype).replace("torch.", ""), np.round(np.asarray(r.tolist(), float), 6).tolist()))
    assert outcomes[0] == outcomes[1]
