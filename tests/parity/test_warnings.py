"""minigrad warns where PyTorch warns, with PyTorch's category and message.

pyproject.toml makes every warning an error, so a warning minigrad gives
anywhere a test does not expect it fails that test.
"""
import warnings

import pytest
import torch

import minigrad


def _caught(fn):
    """(category, message) of each warning ``fn`` gives, without PyTorch's C++ source location."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fn()
    return [(w.category, str(w.message).split(" (Triggered internally")[0]) for w in caught]


def assert_warns_like_torch(fn):
    """``fn(minigrad)`` gives the warnings ``fn(torch)`` gives (minigrad's text may stop early)."""
    ours, theirs = _caught(lambda: fn(minigrad)), _caught(lambda: fn(torch))
    assert theirs, "PyTorch gave no warning: this case no longer tests anything"
    assert [c for c, _ in ours] == [c for c, _ in theirs], f"{ours} != torch's {theirs}"
    for (_, our_text), (_, their_text) in zip(ours, theirs):
        assert their_text.startswith(our_text), f"{our_text!r} is not torch's {their_text!r}"


@pytest.mark.parametrize("name", ["var", "std"])
def test_var_std_of_one_element_warn_that_no_degrees_of_freedom_are_left(name):
    assert_warns_like_torch(lambda L: getattr(L.ones(1), name)())


@pytest.mark.parametrize("name", ["var", "std"])
def test_var_std_with_correction_as_large_as_the_count_warn(name):
    assert_warns_like_torch(lambda L: getattr(L.ones(3, 2), name)(dim=0, correction=3))


def test_var_with_degrees_of_freedom_left_gives_no_warning():
    assert _caught(lambda: minigrad.ones(2).var()) == []


def test_reading_grad_of_a_non_leaf_warns():
    def read(L):
        h = L.ones(2, requires_grad=True) * 2
        h.sum().backward()
        return h.grad
    assert_warns_like_torch(read)


def test_reading_grad_of_a_non_leaf_that_retains_it_gives_no_warning():
    h = minigrad.ones(2, requires_grad=True) * 2
    h.retain_grad()
    h.sum().backward()
    assert _caught(lambda: h.grad) == []


def test_softmax_without_dim_warns_that_the_implicit_dim_is_deprecated():
    assert_warns_like_torch(lambda L: L.nn.functional.softmax(L.ones(2, 3)))


def test_initialising_a_zero_element_tensor_warns():
    assert_warns_like_torch(lambda L: L.nn.init.kaiming_uniform_(L.empty(0, 3)))


def test_an_optimizer_given_a_parameter_twice_warns():
    def make(L):
        p = L.nn.Parameter(L.ones(2))
        L.optim.SGD([p, p], lr=0.1)
    assert_warns_like_torch(make)


def test_a_scheduler_stepped_with_an_epoch_warns():
    def step(L):
        p = L.nn.Parameter(L.ones(2))
        optimizer = L.optim.SGD([p], lr=0.1)
        scheduler = L.optim.lr_scheduler.StepLR(optimizer, step_size=1)
        optimizer.step()
        scheduler.step(1)
    assert_warns_like_torch(step)


@pytest.mark.parametrize("call", [lambda L: L.ones(1).std(), lambda L: L.std(L.ones(1)), lambda L: L.ones(1).var(0),
                                  lambda L: L.var_mean(L.ones(1)), lambda L: L.std_mean(L.ones(1)),
                                  lambda L: L.cov(L.ones(1))],
                         ids=["Tensor.std", "std", "Tensor.var(dim)", "var_mean", "std_mean", "cov"])
def test_the_no_degrees_of_freedom_warning_names_the_users_line_as_torch(call):
    for L in (minigrad, torch):
        with pytest.warns(UserWarning, match="degrees of freedom is <= 0") as caught:
            call(L)
        assert [w.filename for w in caught] == [__file__], L.__name__


@pytest.mark.parametrize("shape", [(), (3,), (2, 2, 2)])
def test_transpose_T_of_not_2d_warns_once_per_process_as_torch(monkeypatch, shape):
    from minigrad.ops import permutation
    monkeypatch.setitem(permutation._warned, "T of not 2-D", False)
    with pytest.warns(UserWarning, match="The use of `x.T` on tensors of dimension other than 2 to reverse their "
                                         "shape is deprecated") as caught:
        t = minigrad.ones(shape).T
    assert len(caught) == 1 and caught[0].filename == __file__
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert t.shape == minigrad.ones(shape).T.shape == torch.ones(shape).permute(tuple(range(len(shape) - 1, -1, -1))).shape
        minigrad.ones(2, 3).T


def test_tensor_from_a_list_of_numpy_arrays_warns_once_per_process_as_torch(monkeypatch):
    import numpy as np
    from minigrad import _pydata
    monkeypatch.setitem(_pydata._warned, "list of arrays", False)
    arrays = [np.zeros(2), np.ones(2)]
    with pytest.warns(UserWarning, match="Creating a tensor from a list of numpy.ndarrays is extremely slow") as caught:
        t = minigrad.tensor(arrays)
    assert len(caught) == 1 and caught[0].filename == __file__  # (the user's line, as PyTorch's)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        minigrad.tensor(arrays)
        minigrad.as_tensor([[np.zeros(2)]])
    assert t.tolist() == [[0.0, 0.0], [1.0, 1.0]]
