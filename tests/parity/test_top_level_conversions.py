"""``asarray``, ``typename``, ``can_cast`` and ``get_default_device`` against PyTorch."""
import warnings

import numpy as np
import pytest
import torch

import minigrad

LIBS = [minigrad, torch]


def _both(fn):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return [fn(L) for L in LIBS]


@pytest.mark.parametrize("data", [[1, 2], [1, 2.5], 3.5, True, [[True, False]], np.arange(3.0),
                                  np.arange(4, dtype=np.int32).reshape(2, 2)])
def test_asarray_infers_dtype_and_values_as_torch(data):
    got, want = _both(lambda L: L.asarray(data))
    assert str(got.dtype) == str(want.dtype) and got.tolist() == want.tolist()


def test_asarray_shares_a_numpy_arrays_memory():
    a = np.arange(3.0)
    t = minigrad.asarray(a)
    a[0] = 9
    assert t.tolist() == [9.0, 1.0, 2.0]


def test_asarray_of_a_tensor_is_the_tensor_unless_copied_or_converted():
    answers = _both(lambda L: (lambda x: (L.asarray(x) is x, L.asarray(x, copy=True) is x,
                                          str(L.asarray(x, dtype=L.float64).dtype),
                                          L.asarray(x, requires_grad=True).requires_grad))(L.ones(2)))
    assert answers[0] == answers[1]


ASARRAY_GRAD_CALLS = {
    "history kept by default": lambda L, leaf, result: L.asarray(result),
    "requires_grad=False detaches a result": lambda L, leaf, result: L.asarray(result, requires_grad=False),
    "requires_grad=False on a copy": lambda L, leaf, result: L.asarray(result, copy=True, requires_grad=False),
    "requires_grad=False on a conversion": lambda L, leaf, result: L.asarray(result, dtype=L.float64,
                                                                               requires_grad=False),
    "requires_grad=False clears a leaf's flag": lambda L, leaf, result: L.asarray(leaf, requires_grad=False),
    "requires_grad=True on a plain tensor": lambda L, leaf, result: L.asarray(leaf.detach(), requires_grad=True),
}


@pytest.mark.parametrize("call", sorted(ASARRAY_GRAD_CALLS))
def test_asarray_requires_grad_keeps_or_drops_the_history_as_torch(call):
    def run(L):
        leaf = L.tensor([1.0, 2.0], requires_grad=True)
        result = leaf * 2
        out = ASARRAY_GRAD_CALLS[call](L, leaf, result)
        return (out.requires_grad, type(out.grad_fn).__name__, out is leaf, out is result, leaf.requires_grad,
                out.data_ptr() in (leaf.data_ptr(), result.data_ptr()), out.tolist())
    got, want = _both(run)
    assert got == want


def test_asarray_of_integers_requiring_grad_raises_as_torch():
    for L in LIBS:
        with pytest.raises(RuntimeError, match="Only Tensors of floating point and complex dtype can require "):
            L.asarray([1, 2], requires_grad=True)


def test_asarray_refuses_to_alias_when_a_conversion_is_needed():
    for L in LIBS:
        with pytest.raises(ValueError):
            L.asarray(L.ones(2), dtype=L.float64, copy=False)


@pytest.mark.parametrize("make", [lambda L: L.ones(2), lambda L: L.ones(2, dtype=L.int64), lambda L: 3,
                                  lambda L: "text", lambda L: L.ones(1, dtype=L.bool)])
def test_typename_matches_torch(make):
    got, want = _both(lambda L: L.typename(make(L)))
    assert got == want


@pytest.mark.parametrize("src", ["float64", "float32", "int64", "int32", "bool", "uint8"])
@pytest.mark.parametrize("dst", ["float64", "float32", "int64", "int32", "bool", "uint8"])
def test_can_cast_matches_torch(src, dst):
    got, want = _both(lambda L: L.can_cast(getattr(L, src), getattr(L, dst)))
    assert got == want


def test_default_device_is_the_cpu():
    assert str(minigrad.get_default_device()) == str(torch.get_default_device()) == "cpu"
