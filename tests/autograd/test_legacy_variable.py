"""Old course code's ``Variable(tensor, requires_grad=True)`` still works, as in PyTorch."""
import warnings

import numpy as np
import pytest
import torch

import minigrad
from minigrad.autograd import Variable


def test_variable_returns_a_new_tensor_sharing_the_memory_requiring_grad():
    t = minigrad.ones(3)
    v = Variable(t, requires_grad=True)
    assert v is not t and v.requires_grad and v.is_leaf and not t.requires_grad
    v.data.add_(1)
    assert t.tolist() == [2.0, 2.0, 2.0]


def test_variable_of_a_result_is_detached_from_its_graph_as_torch():
    for L in (minigrad, torch):
        y = L.ones(2, requires_grad=True) * 2
        v = L.autograd.Variable(y)
        assert (v.requires_grad, v.grad_fn, v.is_leaf) == (False, None, True)


def test_a_gradient_with_respect_to_a_variable_of_a_result_stops_there_as_torch():
    grads = []
    for L in (minigrad, torch):
        x = L.tensor([1.0, 2.0], requires_grad=True)
        v = L.autograd.Variable(x * 3, requires_grad=True)
        g, = L.autograd.grad((v ** 2).sum(), v)
        grads.append(g.tolist())
        assert x.grad is None
    assert grads[0] == grads[1]


def test_every_tensor_is_an_instance_of_variable_as_torch():
    for L in (minigrad, torch):
        assert isinstance(L.ones(1), L.autograd.Variable) and isinstance(L.nn.Parameter(L.ones(1)), L.autograd.Variable)
        assert not isinstance(3.0, L.autograd.Variable)


@pytest.mark.parametrize("data, name", [([1.0], "list"), (np.ones(2), "numpy.ndarray")])
def test_variable_of_data_other_than_a_tensor_raises_type_error_as_torch(data, name):
    for L in (minigrad, torch):
        with pytest.raises(TypeError, match=f"Variable data has to be a tensor, but got {name}$"):
            L.autograd.Variable(data)


def test_variable_without_data_is_an_empty_tensor_as_torch():
    assert minigrad.autograd.Variable().tolist() == torch.autograd.Variable().tolist() == []


def test_volatile_warns_that_it_has_no_effect_as_torch():
    for L in (minigrad, torch):
        with pytest.warns(UserWarning, match="volatile was removed and now has no effect"):
            assert not L.autograd.Variable(L.ones(2), volatile=True).requires_grad


def test_volatile_and_requires_grad_together_raise_value_error_as_torch():
    for L in (minigrad, torch):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with pytest.raises(ValueError, match="can't be volatile and require_grad at the same time"):
                L.autograd.Variable(L.ones(2), requires_grad=True, volatile=True)


def test_variable_of_an_integer_tensor_requiring_grad_raises_as_torch():
    for L in (minigrad, torch):
        with pytest.raises(RuntimeError, match="Only Tensors of floating point and complex dtype can require"):
            L.autograd.Variable(L.ones(2, dtype=L.int64), requires_grad=True)

def test_variable_of_a_parameter_is_a_plain_tensor_as_torch():
    for lib in (minigrad, torch):
        assert type(lib.autograd.Variable(lib.nn.Parameter(lib.ones(1)))) is lib.Tensor


def test_variable_with_requires_grad_none_raises_type_error_as_torch():
    for lib in (minigrad, torch):
        with pytest.raises(TypeError):
            lib.autograd.Variable(lib.ones(1), requires_grad=None)


def test_the_volatile_attribute_only_warns_as_torch():
    for lib in (minigrad, torch):
        with pytest.warns(UserWarning, match="volatile was removed and now has no effect"):
            v = lib.autograd.Variable(lib.ones(1), volatile=True)
        with pytest.warns(UserWarning, match=r"volatile was removed \(Variable.volatile is always False\)"):
            assert v.volatile is False
        with pytest.warns(UserWarning, match="volatile was removed and now has no effect"):
            v.volatile = True
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            lib.autograd.Variable(lib.ones(1), volatile=False)


def test_manual_sgd_through_data_and_grad_data():
    w = Variable(minigrad.ones(3), requires_grad=True)
    (w * 2).sum().backward()
    w.data -= 0.1 * w.grad.data
    w.grad.data.zero_()
    assert all(abs(a - 0.8) < 1e-6 for a in w.tolist())
    assert w.grad.tolist() == [0.0, 0.0, 0.0] and w.requires_grad
