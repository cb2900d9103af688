"""Step hooks, as PyTorch's: an optimizer's own ``register_step_pre_hook`` / ``register_step_post_hook``
and the global ``optim.optimizer.register_optimizer_step_pre_hook`` / ``_post_hook``, called with
the optimizer and the step's arguments (the optimizer first); a pre hook may replace them."""
import importlib

import pytest
import torch

import minigrad

LIBS = [minigrad, torch]
IDS = ["minigrad", "torch"]


def _optimizer(L):
    p = L.nn.Parameter(L.ones(1))
    p.grad = L.ones(1)
    return L.optim.Adam([p], lr=0.1)


@pytest.mark.parametrize("L", LIBS, ids=IDS)
def test_step_hooks_run_around_the_step_global_ones_outermost(L):
    optimizer, log = _optimizer(L), []
    hooks = importlib.import_module(f"{L.__name__}.optim.optimizer")
    optimizer.register_step_pre_hook(lambda o, args, kwargs: log.append(("pre", args[0] is o)))
    optimizer.register_step_post_hook(lambda o, args, kwargs: log.append(("post", len(args))))
    handles = [hooks.register_optimizer_step_pre_hook(lambda o, a, k: log.append("global pre")),
               hooks.register_optimizer_step_post_hook(lambda o, a, k: log.append("global post"))]
    try:
        optimizer.step()
    finally:
        for handle in handles:
            handle.remove()
    assert log == ["global pre", ("pre", True), ("post", 1), "global post"]


@pytest.mark.parametrize("L", LIBS, ids=IDS)
def test_a_removed_step_hook_is_not_called(L):
    optimizer, log = _optimizer(L), []
    handle = optimizer.register_step_pre_hook(lambda o, a, k: log.append("pre"))
    handle.remove()
    optimizer.step()
    assert log == []


@pytest.mark.parametrize("L", LIBS, ids=IDS)
def test_a_step_pre_hook_may_replace_the_steps_arguments(L):
    optimizer = _optimizer(L)
    optimizer.register_step_pre_hook(lambda o, args, kwargs: ((o, lambda: 2.5), {}))
    assert optimizer.step() == 2.5


@pytest.mark.parametrize("L", LIBS, ids=IDS)
def test_a_custom_optimizers_step_decorated_with_no_grad_runs_the_hooks(L):
    class Plain(L.optim.Optimizer):
        def __init__(self, params):
            super().__init__(params, {"lr": 0.1})

        @L.no_grad()
        def step(self, closure=None):
            return "stepped"
    optimizer, log = Plain([L.nn.Parameter(L.ones(1))]), []
    optimizer.register_step_pre_hook(lambda o, a, k: log.append("pre"))
    optimizer.register_step_post_hook(lambda o, a, k: log.append("post"))
    assert optimizer.step() == "stepped"
    assert log == ["pre", "post"]


def test_a_subclass_step_calling_super_runs_the_hooks_once(L=minigrad):
    # (minigrad only: PyTorch patches each class's step when an instance of it is first made, so
    # once an SGD exists a subclass's step calling super().step() runs its hooks twice)
    class Mine(L.optim.SGD):
        def step(self, closure=None):
            return super().step(closure)
    p = L.nn.Parameter(L.ones(1))
    p.grad = L.ones(1)
    optimizer, log = Mine([p], lr=0.1), []
    optimizer.register_step_pre_hook(lambda o, a, k: log.append("pre"))
    optimizer.step()
    assert log == ["pre"]
