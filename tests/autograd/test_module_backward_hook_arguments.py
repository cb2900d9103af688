"""What a module's full backward hooks receive, on minigrad and on PyTorch: ``grad_output`` and
``grad_input`` have one entry per output and per positional argument, None where PyTorch has None
(an output that is not a Tensor, that needs no gradient or that got none; an argument that is not a
Tensor); the hooks run only for gradients that passed through the module's outputs; and PyTorch's
refusals of what the hooks return. Handles number their registrations, as PyTorch's."""
import warnings

import pytest
import torch

import minigrad

LIBS = pytest.mark.parametrize("lib", [minigrad, torch], ids=["minigrad", "torch"])


def _shown(grads):
    return [None if g is None else g.tolist() for g in grads]


def _hooked(lib, module):
    """``module`` with a full backward pre hook and hook logging what they receive; the log."""
    log = []
    module.register_full_backward_pre_hook(lambda m, go: log.append(("pre", _shown(go))))
    module.register_full_backward_hook(lambda m, gi, go: log.append(("hook", _shown(gi), _shown(go))))
    return module, log


def _two_outputs(lib, third=False):
    class Two(lib.nn.Module):
        def forward(self, a, b):
            return (a * 2, 5, b * 3) if third else (a * 2, b * 3)
    return Two()


@LIBS
@pytest.mark.parametrize("b_requires_grad", [False, True], ids=["b-constant", "b-unused"])
def test_an_output_without_gradient_is_none_in_grad_output(lib, b_requires_grad):
    module, log = _hooked(lib, _two_outputs(lib))
    a, b = lib.ones(2, requires_grad=True), lib.ones(2, requires_grad=b_requires_grad)
    module(a, b)[0].sum().backward()
    assert log == [("pre", [[1.0, 1.0], None]), ("hook", [[2.0, 2.0], [0.0, 0.0]], [[1.0, 1.0], None])]


@LIBS
def test_an_output_that_is_not_a_tensor_is_none_in_grad_output(lib):
    module, log = _hooked(lib, _two_outputs(lib, third=True))
    a, b = lib.ones(2, requires_grad=True), lib.ones(2, requires_grad=True)
    out = module(a, b)
    (out[0].sum() + out[2].sum()).backward()
    assert log == [("pre", [[1.0, 1.0], None, [1.0, 1.0]]),
                   ("hook", [[2.0, 2.0], [3.0, 3.0]], [[1.0, 1.0], None, [1.0, 1.0]])]


@LIBS
def test_an_argument_that_is_not_a_tensor_is_none_in_grad_input(lib):
    module, log = _hooked(lib, _two_outputs(lib))
    module(lib.ones(2, requires_grad=True), 3.0)[0].sum().backward()
    assert log[1] == ("hook", [[2.0, 2.0], None], [[1.0, 1.0], None])


@LIBS
def test_hooks_without_an_input_needing_gradient_get_none_for_every_argument(lib):
    class Scaled(lib.nn.Module):
        def __init__(self):
            super().__init__()
            self.weight = lib.nn.Parameter(lib.ones(2))

        def forward(self, a, scale):
            return a * self.weight * scale
    module, log = _hooked(lib, Scaled())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # (PyTorch's warning that the hook fires at the outputs)
        module(lib.ones(2), 2.0).sum().backward()
    assert log == [("pre", [[1.0, 1.0]]), ("hook", [None, None], [[1.0, 1.0]])]


@LIBS
def test_a_pass_from_inside_the_module_does_not_call_its_hooks(lib):
    class Keep(lib.nn.Module):
        def forward(self, a):
            self.inner = a * 2
            return self.inner * 3
    module, log = _hooked(lib, Keep())
    a = lib.ones(2, requires_grad=True)
    out = module(a)
    module.inner.sum().backward(retain_graph=True)
    assert log == []
    out.sum().backward()
    assert log == [("pre", [[1.0, 1.0]]), ("hook", [[6.0, 6.0]], [[1.0, 1.0]])]


@LIBS
def test_a_pre_hook_returning_another_number_of_gradients_is_refused(lib):
    layer = lib.nn.Linear(2, 2)
    layer.register_full_backward_pre_hook(lambda m, go: (go[0], go[0]))
    with pytest.raises(RuntimeError, match="^Backward pre hook returned an invalid number of grad_output, got 2, "
                                           "but expected 1$"):
        layer(lib.ones(1, 2, requires_grad=True)).sum().backward()


@LIBS
def test_a_hook_returning_gradients_for_inputs_that_need_none_is_refused(lib):
    layer = lib.nn.Linear(2, 2)
    layer.register_full_backward_hook(lambda m, gi, go: (lib.ones(1, 2),))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pytest.raises(RuntimeError, match="^Backward hook for Modules where no input requires gradient should "
                                               "always return None or None for all gradients.$"):
            layer(lib.ones(1, 2)).sum().backward()


@LIBS
def test_handles_number_their_registrations(lib):
    x = lib.ones(2, requires_grad=True)
    first = x.register_hook(lambda g: g)
    second = (x * 2).grad_fn.register_prehook(lambda go: None)
    third = lib.nn.Linear(1, 1).register_forward_hook(lambda *a: None)
    assert first.id < second.id < third.id


def _regular_hook_shapes(lib, module, *args):
    """The shapes a regular (``register_backward_hook``) hook of ``module`` sees in a backward of its
    output's sum; the FutureWarnings of the call."""
    seen = []
    module.register_backward_hook(lambda m, gi, go: seen.append(
        ([None if g is None else tuple(g.shape) for g in gi], [None if g is None else tuple(g.shape) for g in go])))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        out = module(*args)
    out.sum().backward()
    return seen, [str(w.message).split(" is deprecated")[0] for w in caught if w.category is FutureWarning]


REGULAR_HOOK_MODULES = {
    "linear": lambda lib: (lib.nn.Linear(3, 2), lib.ones(4, 3, requires_grad=True)),
    "linear_without_bias": lambda lib: (lib.nn.Linear(3, 2, bias=False), lib.ones(4, 3)),
    "sequential": lambda lib: (lib.nn.Sequential(lib.nn.Linear(3, 2), lib.nn.Tanh()), lib.ones(4, 3)),
    "batch_norm": lambda lib: (lib.nn.BatchNorm1d(3), lib.arange(12.0).reshape(4, 3).requires_grad_()),
    "conv": lambda lib: (lib.nn.Conv1d(2, 3, 3), lib.ones(1, 2, 5, requires_grad=True)),
}


@pytest.mark.parametrize("case", REGULAR_HOOK_MODULES)
def test_a_regular_backward_hook_sees_the_last_ops_gradients_as_torchs(case):
    results = []
    for lib in (minigrad, torch):
        lib.manual_seed(0)
        results.append(_regular_hook_shapes(lib, *REGULAR_HOOK_MODULES[case](lib)))
    assert results[0] == results[1]


@LIBS
def test_a_regular_backward_hook_warns_at_the_call_not_at_registration(lib):
    layer = lib.nn.Linear(3, 2)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        layer.register_backward_hook(lambda m, gi, go: None)
    with pytest.warns(FutureWarning, match="^Using a non-full backward hook when the forward contains multiple "
                                           "autograd Nodes is deprecated"):
        layer(lib.ones(1, 3))


@LIBS
def test_a_regular_backward_hooks_grad_input_replaces_the_gradients(lib):
    layer = lib.nn.ReLU()
    layer.register_backward_hook(lambda m, gi, go: (gi[0] * 10,))
    x = lib.tensor([-1.0, 2.0], requires_grad=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        layer(x).sum().backward()
    assert x.grad.tolist() == [0.0, 10.0]


@LIBS
def test_a_regular_backward_hook_on_two_nodes_outputs_sees_the_first_ones(lib):
    class Two(lib.nn.Module):
        def forward(self, a):
            return a * 2, a.exp()
    module, seen = Two(), []
    module.register_backward_hook(lambda m, gi, go: seen.append((len(gi), len(go))))
    a = lib.zeros(3, requires_grad=True)
    with pytest.warns(FutureWarning, match="^Using a non-full backward hook when outputs are generated by different "
                                           "autograd Nodes"):
        first, second = module(a)
    (first + second).sum().backward()
    assert seen == [(2, 1)]
