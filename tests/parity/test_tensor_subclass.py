"""Tensor subclasses as PyTorch's: ops keep the subclass (``Tensor.__torch_function__``), a subclass's
own ``__torch_function__`` sees every call (functions, methods, operators, property getters),
``nn.Parameter`` does not dispatch, and ``torch.overrides``' helpers."""
import numpy as np
import pytest
import torch

import minigrad
from tests.parity.helpers import to_numpy

DATA = np.arange(12, dtype=np.float64).reshape(3, 4) / 7 - 0.5


def _classes(lib):
    """(a plain subclass, a subclass logging what its ``__torch_function__`` receives, the log)."""
    log = []

    class Plain(lib.Tensor):
        pass

    class Logging(lib.Tensor):
        @classmethod
        def __torch_function__(cls, func, types, args=(), kwargs=None):
            log.append((func.__name__, tuple(kind.__name__ for kind in types),
                        tuple(type(a).__name__ for a in args), None if kwargs is None else sorted(kwargs)))
            return super().__torch_function__(func, types, args, kwargs)
    return Plain, Logging, log


def _both(fn):
    """``fn(lib, Plain, Logging, log)`` on minigrad and on torch."""
    return [fn(lib, *_classes(lib)) for lib in (minigrad, torch)]


def _type_names(result):
    if isinstance(result, (tuple, list)):
        return [type(result).__name__ in ("tuple", "list") and type(result).__name__, *map(_type_names, result)]
    return type(result).__name__


RESULTS = {
    "operator": lambda L, x, y: x + 1,
    "reflected operator": lambda L, x, y: 1 - x,
    "plain tensor first": lambda L, x, y: y * x,
    "function": lambda L, x, y: L.add(y, x),
    "method": lambda L, x, y: x.sum(dim=1),
    "view": lambda L, x, y: x.view(12),
    "indexing": lambda L, x, y: x[0],
    "property": lambda L, x, y: x.T,
    "in place": lambda L, x, y: x.add_(1),
    "comparison": lambda L, x, y: x < y,
    "cat of mixed": lambda L, x, y: L.cat([y, x]),
    "several outputs": lambda L, x, y: tuple(x.max(0)),
    "tuple of views": lambda L, x, y: x.split(2),
    "iteration": lambda L, x, y: list(x),
    "linear": lambda L, x, y: L.nn.functional.linear(y, x),
    "zeros_like": lambda L, x, y: L.zeros_like(x),
    "shape": lambda L, x, y: x.shape,
    "detach": lambda L, x, y: x.detach(),
}


@pytest.mark.parametrize("name", sorted(RESULTS))
def test_an_op_on_a_subclass_instance_returns_the_subclass_as_torch(name):
    def run(lib, Plain, Logging, log):
        x = lib.tensor(DATA).as_subclass(Plain)
        y = lib.tensor(DATA)
        return _type_names(RESULTS[name](lib, x, y)).__repr__().replace("Size", "tuple")
    ours, theirs = _both(run)
    assert ours == theirs


def test_attributes_of_the_instance_are_not_copied_to_results_as_torch():
    def run(lib, Plain, Logging, log):
        x = lib.tensor(DATA).as_subclass(Plain)
        x.tag = "a"
        return hasattr(x + 1, "tag"), hasattr(x.as_subclass(Plain), "tag"), x.tag
    ours, theirs = _both(run)
    assert ours == theirs


@pytest.mark.parametrize("call", ["x + 1", "1 + x", "y * x", "x - 1", "x / 2", "x @ y.T", "-x", "x < y",
                                  "x.sum()", "x.sum(dim=1)", "L.add(y, x)", "L.add(y, other=x)", "x[0]", "x.view(12)",
                                  "x.reshape(2, 6)", "L.exp(x)", "x.exp()", "x.add_(1)", "x.shape", "x.T", "x.grad",
                                  "x.dtype", "x.size()", "x.dim()", "x.detach()", "float(x[0, 0])",
                                  "L.cat([y, x])", "L.nn.functional.linear(x, y)", "x.max(0)", "x.mean()", "x ** 2",
                                  "L.matmul(x, y.T)", "L.nn.functional.relu(x)", "L.nn.functional.softmax(x, dim=-1)",
                                  "L.nn.functional.log_softmax(x, 1)", "L.nn.functional.dropout(x, 0.0)",
                                  "L.nn.functional.leaky_relu(x, 0.2)", "L.nn.functional.layer_norm(y, (4,), x[0])",
                                  "L.nn.functional.mse_loss(x, y)", "L.nn.functional.cross_entropy(x, L.tensor([0, 1, 2]))",
                                  "L.nn.functional.embedding(L.tensor([0, 2]), x)", "L.nn.functional.gelu(x)",
                                  "L.nn.functional.pad(x, (1, 1))", "L.nn.functional.normalize(x)", "2 ** x", "1 - x",
                                  "1 / x", "x // 2", "x.__ipow__(1)", "len(x)", "x.norm()", "x.split(1)",
                                  "x.unique()", "x.__reversed__()"])
def test_a_subclass_torch_function_sees_the_calls_torch_passes(call):
    def run(L, Plain, Logging, log):
        x = L.tensor(DATA).as_subclass(Logging)
        y = L.tensor(DATA)
        log.clear()
        eval(call)
        return log
    ours, theirs = _both(run)
    assert ours == theirs


def test_ops_on_a_parameter_return_plain_tensors_and_a_subclass_wins_over_it_as_torch():
    def run(lib, Plain, Logging, log):
        p = lib.nn.Parameter(lib.tensor(DATA))
        x = lib.tensor(DATA).as_subclass(Plain)
        return [type(r).__name__ for r in (p + 1, p.sum(), p * x, lib.add(p, x))]
    ours, theirs = _both(run)
    assert ours == theirs


def test_a_parameter_of_a_subclass_instance_is_that_subclass_flagged_as_a_parameter_as_torch():
    def run(lib, Plain, Logging, log):
        x = lib.tensor(DATA).as_subclass(Plain)
        p = lib.nn.Parameter(x)
        module = lib.nn.Module()
        module.weight = p
        return (type(p).__name__, p is x, p.requires_grad, p.is_leaf, isinstance(p, lib.nn.Parameter),
                isinstance(x, lib.nn.Parameter), [type(v).__name__ for v in module.parameters()],
                type(p * 2).__name__, repr(lib.nn.Parameter(lib.ones(1).as_subclass(Plain))))
    ours, theirs = _both(run)
    assert ours == theirs


def test_a_parameter_of_a_parameter_subclass_instance_is_refused_as_torch():
    for lib in (minigrad, torch):
        class Tagged(lib.nn.Parameter):
            pass
        with pytest.raises(RuntimeError, match="^Creating a Parameter from an instance of type Tagged requires that "
                                               "detach\\(\\) returns an instance of the same type, but return type "
                                               "Tensor was found instead"):
            lib.nn.Parameter(Tagged(lib.ones(2)))


def test_gradients_flow_through_subclass_instances_as_torch():
    def run(lib, Plain, Logging, log):
        leaf = lib.tensor(DATA, requires_grad=True)
        x = leaf.as_subclass(Logging)
        out = (x * x).sin().sum()
        out.backward()
        return type(out).__name__, type(out.grad_fn).__name__, to_numpy(out), to_numpy(leaf.grad)
    (ours_type, ours_node, ours_out, ours_grad), (type_, node, out, grad) = _both(run)
    assert (ours_type, ours_node) == (type_, node)
    np.testing.assert_allclose(ours_out, out, rtol=1e-7)
    np.testing.assert_allclose(ours_grad, grad, rtol=1e-7)


def test_a_subclass_result_of_an_op_is_an_alias_of_it_in_the_graph_as_torch():
    def run(lib, Plain, Logging, log):
        x = lib.tensor(DATA, requires_grad=True).as_subclass(Plain)
        r = x * 2
        return type(r.grad_fn).__name__, [type(n).__name__ for n, _ in r.grad_fn.next_functions]
    ours, theirs = _both(run)
    assert ours == theirs


def test_disable_torch_function_subclass_gives_plain_tensors_as_torch():
    def run(lib, Plain, Logging, log):
        x = lib.tensor(DATA).as_subclass(Logging)
        with lib._C.DisableTorchFunctionSubclass():
            r = x + 1
        with lib._C.DisableTorchFunction():
            s = x.sum()
        return type(r).__name__, type(s).__name__, log
    ours, theirs = _both(run)
    assert ours == theirs


def test_torch_c_reports_whether_torch_function_is_disabled_as_torch():
    def states(lib):
        now = lambda: (lib._C._is_torch_function_enabled(), lib._C._is_torch_function_all_disabled())  # noqa: E731
        seen = [now()]
        with lib._C.DisableTorchFunctionSubclass():
            seen.append(now())
        with lib._C.DisableTorchFunction():
            seen.append(now())
        return seen + [now()]
    assert states(minigrad) == states(torch)


def test_unrelated_subclasses_in_one_operator_raise_type_error_as_torch():
    for lib in (minigrad, torch):
        A, B, _ = _classes(lib)
        a, b = lib.tensor(DATA).as_subclass(A), lib.tensor(DATA).as_subclass(B)
        with pytest.raises(TypeError):
            a + b


def test_overrides_helpers_find_and_call_torch_function_as_torch():
    def run(lib, Plain, Logging, log):
        def combine(a, b):
            if lib.overrides.has_torch_function_variadic(a, b):
                return lib.overrides.handle_torch_function(combine, (a, b), a, b)
            return a + b
        x = lib.tensor(DATA).as_subclass(Logging)
        y = lib.tensor(DATA)
        p = lib.nn.Parameter(lib.tensor(DATA))
        has = (lib.overrides.has_torch_function((x,)), lib.overrides.has_torch_function((y, p)),
               lib.overrides.has_torch_function_unary(x))
        log.clear()
        return has, type(combine(y, x)).__name__, type(combine(y, y)).__name__, log
    ours, theirs = _both(run)
    assert ours == theirs


def test_nn_parameter_does_not_dispatch_as_torch():
    assert minigrad.nn.Parameter.__torch_function__ is minigrad._C._disabled_torch_function_impl
    assert torch.nn.Parameter.__torch_function__ is torch._C._disabled_torch_function_impl


@pytest.mark.parametrize("layer", ["Linear", "Sequential"])
def test_a_layer_given_a_subclass_returns_the_subclass_and_shows_f_linear(layer):
    seen = []
    for lib in (minigrad, torch):
        Plain, Logging, log = _classes(lib)
        lib.manual_seed(0)
        model = lib.nn.Linear(4, 2) if layer == "Linear" else lib.nn.Sequential(lib.nn.Linear(4, 2), lib.nn.ReLU())
        out = model(lib.tensor(DATA).float().as_subclass(Logging))
        seen.append((type(out).__name__, [entry[0] for entry in log]))
    assert seen[0] == seen[1]


@pytest.mark.parametrize("call", ["torch.add(x, x)", "torch.nn.functional.linear(x, w)", "torch.sum(x)",
                                  "torch.nn.functional.relu(x)", "torch.einsum('ij->j', x)",
                                  "torch.add(torch.ones(3, 4), x)"])
@pytest.mark.parametrize("kind", ["Tensor", "subclass", "Parameter"])
def test_a_pytorch_function_given_minigrad_tensors_raises_its_type_error(call, kind):
    # (minigrad's __torch_function__ answers PyTorch's own functions with NotImplemented: handing the
    # call back to them would only call it again)
    x = minigrad.tensor(DATA)
    x = {"Tensor": x, "subclass": x.as_subclass(_classes(minigrad)[0]), "Parameter": minigrad.nn.Parameter(x)}[kind]
    w = minigrad.tensor(DATA)
    # (PyTorch's builtins and its Python-level functions word the error differently)
    with pytest.raises(TypeError, match="all __torch_function__ handlers returned NotImplemented|"
                                        "^no implementation found for 'torch"):
        eval(call)


def test_a_function_handed_to_torch_function_by_the_overrides_helpers_still_runs():
    def twice(a):
        if minigrad.overrides.has_torch_function_unary(a):
            return minigrad.overrides.handle_torch_function(twice, (a,), a)
        return a * 2
    Plain = _classes(minigrad)[0]
    result = twice(minigrad.tensor(DATA).as_subclass(Plain))
    assert type(result) is Plain
    np.testing.assert_array_equal(to_numpy(result), DATA * 2)
