"""The ``out=`` argument of minigrad's functions, against PyTorch: the result written into the given
tensor, resized and checked as PyTorch does."""
import pytest
import torch

import minigrad

LIBS = [minigrad, torch]
IDS = ["minigrad", "torch"]


@pytest.mark.parametrize("L", LIBS, ids=IDS)
def test_out_receives_the_result_and_is_returned(L):
    t = L.ones(2, 2)
    y = L.rand_like(t)
    view = y[0]
    assert L.matmul(t, t.T, out=y) is y
    assert y.tolist() == [[2.0, 2.0], [2.0, 2.0]] and view.tolist() == [2.0, 2.0]


@pytest.mark.parametrize("L", LIBS, ids=IDS)
def test_out_takes_a_result_its_dtype_can_hold(L):
    out = L.zeros(2, dtype=L.float64)
    L.add(L.ones(2), L.ones(2), out=out)
    assert out.tolist() == [2.0, 2.0] and out.dtype == L.float64


@pytest.mark.parametrize("L", LIBS, ids=IDS)
def test_out_refuses_a_result_its_dtype_cannot_hold(L):
    with pytest.raises(RuntimeError, match="result type Float can't be cast to the desired output type Long"):
        L.exp(L.ones(2), out=L.zeros(2, dtype=L.int64))


@pytest.mark.parametrize("L", LIBS, ids=IDS)
def test_sums_into_an_integer_out_compute_in_its_dtype(L):
    out = L.zeros(3, dtype=L.int64)
    L.sum(L.full((2, 3), 1.5), 0, out=out)
    assert out.tolist() == [2, 2, 2]


@pytest.mark.parametrize("L", LIBS, ids=IDS)
def test_an_out_of_another_shape_is_resized_with_a_warning_unless_empty(L):
    out = L.zeros(3)
    with pytest.warns(UserWarning, match="An output with one or more elements was resized"):
        L.mul(L.ones(2), 3, out=out)
    assert out.tolist() == [3.0, 3.0]
    empty = L.zeros(0)
    L.mul(L.ones(2), 3, out=empty)
    assert empty.tolist() == [3.0, 3.0]


@pytest.mark.parametrize("L", LIBS, ids=IDS)
def test_out_is_refused_where_a_gradient_would_flow(L):
    x = L.ones(2, requires_grad=True)
    with pytest.raises(RuntimeError, match="add\\(\\): functions with out=... arguments don't support automatic"):
        L.add(x, 1, out=L.zeros(2))
    with L.no_grad():
        assert L.add(x, 1, out=L.zeros(2)).tolist() == [2.0, 2.0]


@pytest.mark.parametrize("L", LIBS, ids=IDS)
def test_out_of_a_function_returning_values_and_indices_is_a_pair(L):
    values, indices = L.zeros(2), L.zeros(2, dtype=L.int64)
    result = L.max(L.tensor([[1.0, 3.0], [4.0, 2.0]]), 1, out=(values, indices))
    assert result[0] is values and result[1] is indices
    assert values.tolist() == [3.0, 4.0] and indices.tolist() == [1, 0]


def test_tensor_methods_take_no_out_as_torchs():
    for L in LIBS:
        with pytest.raises(TypeError):
            L.ones(2).add(1, out=L.zeros(2))


@pytest.mark.parametrize("L", LIBS, ids=IDS)
@pytest.mark.parametrize("call", [lambda L, x: L.flip(x, [0], out=L.zeros(2, 3)),
                                  lambda L, x: L.clone(x, out=L.zeros(2, 3)),
                                  lambda L, x: L.sum(x, out=L.zeros(()))], ids=["flip", "clone", "sum without dim"])
def test_out_is_refused_where_pytorchs_function_takes_none(L, call):
    with pytest.raises(TypeError):
        call(L, L.ones(2, 3))


@pytest.mark.parametrize("L", LIBS, ids=IDS)
def test_an_exact_dtype_function_refuses_an_out_of_another_dtype(L):
    with pytest.raises(RuntimeError, match="Found dtype Double but expected Float"):
        L.abs(L.ones(2), out=L.zeros(2, dtype=L.float64))


@pytest.mark.parametrize("L", LIBS, ids=IDS)
def test_creation_functions_take_out_and_its_dtype(L):
    out = L.zeros(0)
    assert L.arange(3, out=out) is out and out.tolist() == [0.0, 1.0, 2.0] and out.dtype == L.float32
    with pytest.raises(RuntimeError, match="does not match dtype of out parameter"):
        L.zeros(2, dtype=L.float64, out=L.zeros(2))


@pytest.mark.parametrize("L", LIBS, ids=IDS)
def test_a_shrinking_resize_writes_into_outs_memory(L):
    base = L.zeros(7)
    with pytest.warns(UserWarning, match="was resized"):
        L.add(L.ones(5), 1, out=base[:6])
    assert base.tolist() == [2.0, 2.0, 2.0, 2.0, 2.0, 0.0, 0.0]
