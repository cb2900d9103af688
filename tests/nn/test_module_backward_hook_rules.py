"""What PyTorch refuses around module backward hooks, on minigrad and on PyTorch: full and regular
(``register_backward_hook``) hooks on one module, and a module with backward hooks (full or pre)
whose forward changes its input in place (``ReLU(inplace=True)``): the routed input is the hook
node's output returned as-is, which autograd does not let be modified in place."""
import warnings

import pytest
import torch

import minigrad

LIBS = pytest.mark.parametrize("lib", [minigrad, torch], ids=["minigrad", "torch"])
INPLACE_ERROR = "^Output 0 of BackwardHookFunction is a view and is being modified inplace"


@pytest.fixture(autouse=True)
def _quiet():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # (the regular backward hooks' deprecation warnings, at the call)
        yield


@LIBS
def test_regular_backward_hook_on_a_module_with_a_full_one_is_refused(lib):
    layer = lib.nn.Linear(2, 2)
    layer.register_full_backward_hook(lambda *a: None)
    with pytest.raises(RuntimeError, match="^Cannot use both regular backward hooks and full backward hooks on a "
                                           "single Module. Please use only one of them.$"):
        layer.register_backward_hook(lambda *a: None)


@LIBS
def test_full_backward_hook_on_a_module_with_a_regular_one_is_refused(lib):
    layer = lib.nn.Linear(2, 2)
    layer.register_backward_hook(lambda *a: None).remove()  # (the kind is kept after removal)
    with pytest.raises(RuntimeError, match="^Cannot use both regular backward hooks and full backward hooks"):
        layer.register_full_backward_hook(lambda *a: None)


@LIBS
@pytest.mark.parametrize("kind", ["full", "pre"])
def test_backward_hooked_module_changing_its_input_in_place_raises(lib, kind):
    relu = lib.nn.ReLU(inplace=True)
    if kind == "full":
        relu.register_full_backward_hook(lambda m, gi, go: None)
    else:
        relu.register_full_backward_pre_hook(lambda m, go: None)
    x = lib.tensor([-1.0, 2.0], requires_grad=True)
    with pytest.raises(RuntimeError, match=INPLACE_ERROR):
        relu(x * 1)


@LIBS
def test_backward_hooked_sequential_starting_with_an_in_place_module_raises(lib):
    model = lib.nn.Sequential(lib.nn.LeakyReLU(inplace=True), lib.nn.Linear(2, 1))
    model.register_full_backward_hook(lambda m, gi, go: None)
    with pytest.raises(RuntimeError, match=INPLACE_ERROR):
        model(lib.ones(1, 2, requires_grad=True) * 1)


@LIBS
def test_backward_hooked_in_place_module_after_an_out_of_place_layer_runs(lib):
    model = lib.nn.Sequential(lib.nn.Linear(2, 2), lib.nn.ReLU(inplace=True))
    seen = []
    model.register_full_backward_hook(lambda m, gi, go: seen.append(len(gi)))
    model(lib.ones(1, 2, requires_grad=True)).sum().backward()
    assert seen == [1]


@LIBS
def test_backward_hooked_in_place_module_runs_without_grad(lib):
    relu = lib.nn.ReLU(inplace=True)
    relu.register_full_backward_hook(lambda m, gi, go: None)
    x = lib.tensor([-1.0, 2.0], requires_grad=True) * 1
    with lib.no_grad():
        out = relu(x)
    assert out.tolist() == [0.0, 2.0]
