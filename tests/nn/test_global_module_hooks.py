"""The hooks common to all modules (``torch.nn.modules.module.register_module_*``), on minigrad and
on PyTorch: forward pre/forward and full backward pre/backward hooks run before each module's own,
in every module of a model; registration hooks see (and may replace) each parameter, buffer and
child registered; removed hooks no longer run. Every hook is removed before its test ends (they
are global state in both libraries)."""
import importlib
import warnings

import pytest
import torch

import minigrad

LIBS = pytest.mark.parametrize("lib", [minigrad, torch], ids=["minigrad", "torch"])


def _hooks(lib):
    # (``lib.nn.modules.module`` is imported explicitly: minigrad's nn.modules does not import it)
    return importlib.import_module(lib.__name__ + ".nn.modules.module")


@LIBS
def test_global_forward_pre_hook_runs_before_the_modules_own(lib):
    log = []
    layer = lib.nn.Linear(2, 2)
    layer.register_forward_pre_hook(lambda m, args: log.append("own"))
    layer.register_forward_pre_hook(lambda m, args: log.append("own, prepended"), prepend=True)
    with _hooks(lib).register_module_forward_pre_hook(lambda m, args: log.append(("global", type(m).__name__))):
        layer(lib.ones(1, 2))
    assert log == [("global", "Linear"), "own, prepended", "own"]


@LIBS
def test_global_forward_hook_runs_before_the_modules_own(lib):
    log = []
    layer = lib.nn.Linear(2, 2)
    layer.register_forward_hook(lambda m, args, out: log.append("own"))
    layer.register_forward_hook(lambda m, args, out: log.append("own, prepended"), prepend=True)
    with _hooks(lib).register_module_forward_hook(lambda m, args, out: log.append("global")):
        layer(lib.ones(1, 2))
    assert log == ["global", "own, prepended", "own"]


@LIBS
def test_global_forward_pre_hook_result_replaces_the_arguments(lib):
    with _hooks(lib).register_module_forward_pre_hook(lambda m, args: args[0] * 0):  # (not a tuple: wrapped in one)
        out = lib.nn.Identity()(lib.ones(2))
    assert out.tolist() == [0.0, 0.0]


@LIBS
def test_global_forward_hook_result_replaces_the_output(lib):
    with _hooks(lib).register_module_forward_hook(lambda m, args, out: out * 3):
        out = lib.nn.Identity()(lib.ones(2))
    assert out.tolist() == [3.0, 3.0]


@LIBS
def test_global_forward_hook_with_kwargs_gets_the_calls_keyword_arguments(lib):
    class Scale(lib.nn.Module):
        def forward(self, x, scale=1.0):
            return x * scale

    seen = []
    with _hooks(lib).register_module_forward_hook(lambda m, args, kwargs, out: seen.append(kwargs), with_kwargs=True):
        Scale()(lib.ones(1), scale=2.0)
    assert seen == [{"scale": 2.0}]


@LIBS
def test_global_always_call_forward_hook_runs_when_forward_raises(lib):
    class Broken(lib.nn.Module):
        def forward(self, x):
            raise ValueError("broken forward")

    seen = []
    with _hooks(lib).register_module_forward_hook(lambda m, args, out: seen.append(out), always_call=True), \
            _hooks(lib).register_module_forward_hook(lambda m, args, out: seen.append("not always")):
        with pytest.raises(ValueError, match="broken forward"):
            Broken()(lib.ones(1))
    assert seen == [None]


@LIBS
def test_global_always_call_forward_hook_runs_when_a_forward_pre_hook_raises(lib):
    def broken_pre_hook(m, args):
        raise ValueError("broken pre hook")

    layer = lib.nn.Linear(2, 2)
    layer.register_forward_pre_hook(broken_pre_hook)
    seen = []
    with _hooks(lib).register_module_forward_hook(lambda m, args, out: seen.append(out), always_call=True):
        with pytest.raises(ValueError, match="broken pre hook"):
            layer(lib.ones(1, 2))
    assert seen == [None]


@LIBS
def test_global_hooks_run_in_every_module_of_a_nested_model(lib):
    log = []
    model = lib.nn.Sequential(lib.nn.Linear(2, 2), lib.nn.Tanh())
    mm = _hooks(lib)
    handles = [mm.register_module_forward_pre_hook(lambda m, a: log.append(("pre", type(m).__name__))),
               mm.register_module_forward_hook(lambda m, a, o: log.append(("forward", type(m).__name__))),
               mm.register_module_full_backward_pre_hook(lambda m, go: log.append(("backward pre", type(m).__name__))),
               mm.register_module_full_backward_hook(lambda m, gi, go: log.append(("backward", type(m).__name__)))]
    try:
        model(lib.ones(1, 2, requires_grad=True)).sum().backward()
    finally:
        for handle in handles:
            handle.remove()
    assert log == [("pre", "Sequential"), ("pre", "Linear"), ("forward", "Linear"), ("pre", "Tanh"),
                   ("forward", "Tanh"), ("forward", "Sequential"), ("backward pre", "Sequential"),
                   ("backward pre", "Tanh"), ("backward", "Tanh"), ("backward pre", "Linear"),
                   ("backward", "Linear"), ("backward", "Sequential")]


@LIBS
def test_global_full_backward_hooks_run_before_the_modules_own(lib):
    log = []
    layer = lib.nn.Linear(2, 2)
    layer.register_full_backward_pre_hook(lambda m, go: log.append("own pre"))
    layer.register_full_backward_hook(lambda m, gi, go: log.append("own"))
    mm = _hooks(lib)
    with mm.register_module_full_backward_pre_hook(lambda m, go: log.append("global pre")), \
            mm.register_module_full_backward_hook(lambda m, gi, go: log.append("global")):
        layer(lib.ones(1, 2, requires_grad=True)).sum().backward()
    assert log == ["global pre", "own pre", "global", "own"]


@LIBS
def test_global_full_backward_hook_result_replaces_grad_input(lib):
    x = lib.zeros(1, 2, requires_grad=True)
    with _hooks(lib).register_module_full_backward_hook(lambda m, gi, go: tuple(g * 10 for g in gi)):
        lib.nn.Tanh()(x).sum().backward()
    assert x.grad.tolist() == [[10.0, 10.0]]


@LIBS
def test_global_backward_hooks_of_a_call_still_run_when_removed_before_backward(lib):
    log = []
    mm = _hooks(lib)
    handles = [mm.register_module_full_backward_pre_hook(lambda m, go: log.append("pre")),
               mm.register_module_full_backward_hook(lambda m, gi, go: log.append("full"))]
    out = lib.nn.Tanh()(lib.ones(2, requires_grad=True))
    for handle in handles:
        handle.remove()
    out.sum().backward()
    assert log == ["pre", "full"]


@LIBS
def test_removed_global_forward_and_backward_hooks_no_longer_run(lib):
    log = []
    mm = _hooks(lib)
    handles = [mm.register_module_forward_pre_hook(lambda *a: log.append("pre")),
               mm.register_module_forward_hook(lambda *a: log.append("forward")),
               mm.register_module_full_backward_pre_hook(lambda *a: log.append("backward pre")),
               mm.register_module_full_backward_hook(lambda *a: log.append("backward"))]
    for handle in handles:
        handle.remove()
    lib.nn.Linear(2, 2)(lib.ones(1, 2, requires_grad=True)).sum().backward()
    assert log == []


@LIBS
def test_mixing_global_full_and_regular_backward_hooks_is_refused(lib):
    mm = _hooks(lib)
    # (the full kind is kept once chosen, in both libraries: the order full, then regular, changes nothing)
    with mm.register_module_full_backward_hook(lambda *a: None):
        with pytest.raises(RuntimeError, match="^Cannot use both regular backward hooks and full backward hooks as a "
                                               "global Module hook. Please use only one of them.$"):
            mm.register_module_backward_hook(lambda *a: None)


def _registrations_in(lib, make):
    mm = _hooks(lib)
    log = []
    handles = [mm.register_module_parameter_registration_hook(lambda m, n, p: log.append(("parameter", n))),
               mm.register_module_buffer_registration_hook(lambda m, n, b: log.append(("buffer", n, b is None))),
               mm.register_module_module_registration_hook(lambda m, n, s: log.append(("module", n,
                                                                                       type(s).__name__)))]
    try:
        make()
    finally:
        for handle in handles:
            handle.remove()
    return log


@LIBS
def test_parameter_registration_hook_sees_each_parameter_registered(lib):
    def make():
        m = lib.nn.Linear(1, 1)
        m.extra = lib.nn.Parameter(lib.ones(1))
        m.register_parameter("none", None)  # (None is not given to the hook)
    assert _registrations_in(lib, make) == [("parameter", "weight"), ("parameter", "bias"), ("parameter", "extra")]


@LIBS
def test_buffer_registration_hook_sees_each_buffer_registration_and_assignment(lib):
    def make():
        m = lib.nn.Module()
        m.register_buffer("b", lib.zeros(1))
        m.b = lib.ones(1)  # (assigning to a buffer registers it again)
        m.register_buffer("c", None, persistent=False)
    assert _registrations_in(lib, make) == [("buffer", "b", False), ("buffer", "b", False), ("buffer", "c", True)]


@LIBS
def test_module_registration_hook_sees_each_child_registration_and_assignment(lib):
    def make():
        m = lib.nn.Module()
        m.child = lib.nn.ReLU()
        m.child = None
        m.add_module("other", lib.nn.Tanh())
        m.register_module("none", None)
    assert _registrations_in(lib, make) == [("module", "child", "ReLU"), ("module", "child", "NoneType"),
                                            ("module", "other", "Tanh"), ("module", "none", "NoneType")]


@LIBS
def test_module_list_insert_moves_entries_up_without_registration_hooks(lib):
    box = {}

    def make():
        box["list"] = lib.nn.ModuleList([lib.nn.ReLU(), lib.nn.Tanh()])
        box["list"].insert(1, lib.nn.Sigmoid())
        box["list"].insert(3, lib.nn.Identity())
    assert _registrations_in(lib, make) == [("module", "0", "ReLU"), ("module", "1", "Tanh")]
    assert [(k, type(v).__name__) for k, v in box["list"]._modules.items()] == [
        ("0", "ReLU"), ("1", "Sigmoid"), ("2", "Tanh"), ("3", "Identity")]

@LIBS
def test_registration_hook_result_is_registered_instead(lib):
    mm = _hooks(lib)
    with mm.register_module_parameter_registration_hook(lambda m, n, p: lib.nn.Parameter(lib.zeros(3))), \
            mm.register_module_buffer_registration_hook(lambda m, n, b: lib.zeros(4)), \
            mm.register_module_module_registration_hook(lambda m, n, s: lib.nn.Identity()):
        m = lib.nn.Module()
        m.p = lib.nn.Parameter(lib.ones(1))
        m.register_buffer("b", lib.ones(1))
        m.c = lib.nn.ReLU()
    assert (tuple(m.p.shape), tuple(m.b.shape), type(m.c).__name__) == ((3,), (4,), "Identity")


@LIBS
def test_removed_registration_hooks_no_longer_run(lib):
    mm = _hooks(lib)
    log = []
    handles = [mm.register_module_parameter_registration_hook(lambda *a: log.append("parameter")),
               mm.register_module_buffer_registration_hook(lambda *a: log.append("buffer")),
               mm.register_module_module_registration_hook(lambda *a: log.append("module"))]
    for handle in handles:
        handle.remove()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        lib.nn.Sequential(lib.nn.BatchNorm1d(2))
    assert log == []
