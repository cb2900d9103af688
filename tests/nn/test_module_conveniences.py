"""Small conveniences of PyTorch's nn and optim APIs that course and tutorial code relies on,
checked against PyTorch: hook handles as context managers, repeating a Sequential, a
ParameterDict's key order, the old scheduler base name, the nn.modules import paths, and
optimizers given a tensor learning rate."""
import warnings
from collections import OrderedDict

import pytest
import torch

import minigrad


@pytest.mark.parametrize("L", [torch, minigrad], ids=["torch", "minigrad"])
def test_a_hook_handle_removes_its_hook_when_its_with_block_ends(L):
    m, seen = L.nn.Linear(2, 1), []
    with m.register_forward_hook(lambda module, args, out: seen.append("module")):
        m(L.ones(1, 2))
    m(L.ones(1, 2))
    x = L.ones(2, requires_grad=True)
    with x.register_hook(lambda g: seen.append("tensor")):
        (x * 2).sum().backward()
    (x * 2).sum().backward()
    assert seen == ["module", "tensor"]


def test_a_sequential_times_an_int_repeats_its_modules_as_torch():
    lengths = []
    for L in (torch, minigrad):
        s = L.nn.Sequential(L.nn.ReLU(), L.nn.Tanh())
        repeated = s * 3
        lengths.append((len(repeated), len(2 * s), repeated[2] is s[0], [type(m).__name__ for m in repeated]))
        with pytest.raises(ValueError, match="Non-positive multiplication factor"):
            s * 0
    assert lengths[0] == lengths[1]


def _named_sequential(L):
    return L.nn.Sequential(OrderedDict([("a", L.nn.ReLU()), ("b", L.nn.Tanh())]))


def _after(L, change):
    """The keys and module types of a named Sequential after ``change``, with the error it raised."""
    s = _named_sequential(L)
    try:
        change(L, s)
        error = None
    except KeyError as e:
        error = str(e)
    return error, list(s._modules), [type(m).__name__ for m in s]


@pytest.mark.parametrize("change", [lambda L, s: s.insert(len(s), L.nn.Sigmoid()),
                                    lambda L, s: s.insert(1, L.nn.Sigmoid()),
                                    lambda L, s: s.insert(-1, L.nn.Sigmoid()),
                                    lambda L, s: s.append(L.nn.ELU()).insert(0, L.nn.Sigmoid())],
                         ids=["at_the_end", "in_the_middle", "negative_index", "after_append"])
def test_inserting_into_a_named_sequential_moves_numeric_keys_only_as_torch(change):
    # PyTorch moves the entries up one numeric key each from the end: the names are kept, and a
    # name in the way is a KeyError (the moves already made stay)
    assert _after(minigrad, change) == _after(torch, change)


def test_a_named_sequential_times_equals_an_int_looks_its_modules_up_by_number_as_torch():
    def change(L, s):
        s *= 2
    assert _after(minigrad, change) == _after(torch, change)


def test_a_sequential_times_equals_an_int_repeats_its_modules_as_torch():
    seen = []
    for L in (torch, minigrad):
        s, empty = L.nn.Sequential(L.nn.ReLU(), L.nn.Tanh()), L.nn.Sequential()
        s *= 3
        empty *= 2
        seen.append((list(s._modules), [type(m).__name__ for m in s], s[2] is s[0], len(empty)))
    assert seen[0] == seen[1]


def test_a_parameter_dict_from_a_plain_dict_sorts_its_keys_as_torch():
    for L in (torch, minigrad):
        P = L.nn.Parameter
        assert list(L.nn.ParameterDict({"b": P(L.ones(1)), "a": P(L.zeros(1))}).keys()) == ["a", "b"]
        assert list(L.nn.ParameterDict(OrderedDict(b=P(L.ones(1)), a=P(L.zeros(1)))).keys()) == ["b", "a"]


def _containers_of_mixed_values(L):
    """A ParameterList and a ParameterDict holding a Tensor, a Parameter and values that are no Tensors."""
    plist = L.nn.ParameterList([L.ones(2), 3, "a", L.nn.Parameter(L.zeros(1))])
    plist.append(None)
    plist += [4.5]
    pdict = L.nn.ParameterDict({"a": L.ones(2), "b": 3, "c": None})
    return plist, pdict


def test_parameter_containers_keep_values_that_are_no_tensors_as_torch():
    seen = []
    for L in (torch, minigrad):
        plist, pdict = _containers_of_mixed_values(L)
        seen.append(([type(v).__name__ for v in plist], list(plist.state_dict()), len(list(plist.parameters())),
                     [(k, type(v).__name__) for k, v in pdict.items()], list(pdict.state_dict()), len(pdict)))
    assert seen[0] == seen[1]


def test_parameter_containers_print_values_that_are_no_tensors_as_torch():
    reprs = [[repr(c).replace("torch.", "") for c in _containers_of_mixed_values(L)] for L in (torch, minigrad)]
    assert reprs[0] == reprs[1]


def test_parameter_dict_deletes_and_clears_values_that_are_no_tensors_as_torch():
    seen = []
    for L in (torch, minigrad):
        pdict = _containers_of_mixed_values(L)[1]
        del pdict["b"]
        seen.append((list(pdict), hasattr(pdict, "b")))
        pdict.clear()
        seen.append((len(pdict), list(pdict.state_dict()), hasattr(pdict, "c")))
    assert seen[:2] == seen[2:]


def test_the_old_scheduler_base_name_and_nn_modules_paths_import_as_in_torch():
    from minigrad.optim.lr_scheduler import _LRScheduler, LRScheduler
    from minigrad.nn.modules.module import Module
    from minigrad.nn.modules.utils import _pair, _triple, consume_prefix_in_state_dict_if_present
    assert issubclass(_LRScheduler, LRScheduler) and Module is minigrad.nn.Module
    assert _pair(3) == (3, 3) and _triple([1, 2, 3]) == (1, 2, 3)
    state = OrderedDict(("module." + k, v) for k, v in minigrad.nn.Linear(2, 1).state_dict().items())
    consume_prefix_in_state_dict_if_present(state, "module.")
    assert list(state) == ["weight", "bias"]


@pytest.mark.parametrize("name", ["Adam", "AdamW", "RMSprop", "Adagrad", "SGD"])
def test_optimizers_take_a_tensor_learning_rate_as_torch(name):
    weights = []
    for L in (torch, minigrad):
        L.manual_seed(0)
        m = L.nn.Linear(2, 1)
        opt = getattr(L.optim, name)(m.parameters(), lr=L.tensor(0.01))
        for _ in range(2):
            opt.zero_grad()
            m(L.ones(1, 2)).sum().backward()
            opt.step()
        weights.append(m.weight.detach().numpy())
    assert (abs(weights[0] - weights[1]) <= 1e-6).all()


def test_the_older_backward_hook_sees_the_modules_output_gradient_as_torch():
    shapes = []
    for L in (torch, minigrad):
        m, seen = L.nn.Linear(3, 2), []
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", FutureWarning)  # (the older hook is deprecated in both)
            handle = m.register_backward_hook(lambda module, grad_input, grad_output: seen.append(grad_output[0].tolist()))
            x = L.ones(4, 3, requires_grad=True)
            (m(x) * L.arange(8.0).reshape(4, 2)).sum().backward()
        handle.remove()
        shapes.append(seen)
    assert shapes[0] == shapes[1]
