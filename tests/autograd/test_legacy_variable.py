"""Old course code's ``Variable(tensor, requires_grad=True)`` still works, as in PyTorch."""
import minigrad
from minigrad.autograd import Variable


def test_variable_returns_the_tensor_requiring_grad():
    t = minigrad.ones(3)
    v = Variable(t, requires_grad=True)
    assert v is t and v.requires_grad


def test_manual_sgd_through_data_and_grad_data():
    w = Variable(minigrad.ones(3), requires_grad=True)
    (w * 2).sum().backward()
    w.data -= 0.1 * w.grad.data
    w.grad.data.zero_()
    assert all(abs(a - 0.8) < 1e-6 for a in w.tolist())
    assert w.grad.tolist() == [0.0, 0.0, 0.0] and w.requires_grad
