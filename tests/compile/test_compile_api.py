"""``minigrad.compile``'s call forms and keywords, as ``torch.compile``'s."""
import warnings

import numpy as np
import pytest
import torch

import minigrad
import minigrad.nn as nn


def _double_plus_one(x):
    return x * 2 + 1


def test_compile_returns_a_callable_computing_the_function():
    f = minigrad.compile(_double_plus_one)
    x = minigrad.tensor([1.0, 2.0])
    for _ in range(3):
        assert f(x).tolist() == [3.0, 5.0]
    assert f.__name__ == "_double_plus_one" and f.__wrapped__ is _double_plus_one


def test_decorator_without_and_with_arguments():
    @minigrad.compile
    def f(x):
        return x - 1

    @minigrad.compile(fullgraph=True, dynamic=False, mode="reduce-overhead")
    def g(x):
        return x + 1
    x = minigrad.tensor([1.0])
    assert f(x).item() == 0.0 and g(x).item() == 2.0


@pytest.mark.parametrize("kwargs", [dict(backend="inductor"), dict(mode="max-autotune"), dict(options={}),
                                    dict(dynamic=True), dict(mode="default", fullgraph=False),
                                    dict(backend="aot_eager")])
def test_pytorchs_keywords_are_accepted(kwargs):
    f = minigrad.compile(_double_plus_one, **kwargs)
    assert f(minigrad.tensor([1.0])).item() == 3.0


def test_disable_returns_the_function_itself():
    assert minigrad.compile(_double_plus_one, disable=True) is _double_plus_one


def test_backend_eager_runs_the_function_without_capture():
    f = minigrad.compile(_double_plus_one, backend="eager")
    assert f(minigrad.tensor([2.0])).item() == 5.0 and f.tapes == []


def test_mode_and_options_together_raise_as_pytorch():
    with pytest.raises(RuntimeError, match="Either mode or options"):
        minigrad.compile(_double_plus_one, mode="default", options={})
    with pytest.raises(RuntimeError):
        torch.compile(lambda x: x, mode="default", options={})


def test_an_unknown_mode_or_backend_raises():
    with pytest.raises(RuntimeError, match="Unrecognized mode"):
        minigrad.compile(_double_plus_one, mode="fastest")
    with pytest.raises(RuntimeError, match="Invalid backend"):
        minigrad.compile(_double_plus_one, backend="tvm-on-the-moon")


def test_compiling_a_module_gives_an_optimized_module_around_it():
    minigrad.manual_seed(0)
    model = nn.Linear(3, 2)
    compiled = minigrad.compile(model)
    assert isinstance(compiled, nn.Module) and compiled._orig_mod is model
    assert list(compiled.state_dict()) == ["_orig_mod.weight", "_orig_mod.bias"]  # as PyTorch's
    assert compiled.in_features == 3  # other attributes come from the module
    assert [id(p) for p in compiled.parameters()] == [id(p) for p in model.parameters()]
    x = minigrad.tensor(np.ones((4, 3), np.float32))
    with minigrad.no_grad():
        for _ in range(4):
            assert np.array_equal(compiled(x).numpy(), model(x).numpy())
    assert sum(t.calls for t in compiled._compiled.tapes) == 2  # a warm-up, the capture, then replays


def test_an_optimized_module_shows_the_originals_training_mode():
    """As torch.compile's: its ``training`` is the original's flag."""
    model = nn.Sequential(nn.Linear(2, 2), nn.Dropout(0.5))
    compiled = minigrad.compile(model)
    model.eval()
    assert compiled.training is False
    compiled.train()
    assert model.training and model[1].training and compiled.training


def test_an_optimized_module_sets_and_deletes_attributes_on_the_original():
    """As torch.compile's: an attribute that is not the wrapper's own is the original's."""
    model = nn.Linear(2, 2)
    compiled = minigrad.compile(model)
    compiled.tag = "head"
    assert model.tag == "head" and "tag" not in vars(compiled)
    del compiled.tag
    assert not hasattr(model, "tag")


def test_len_of_an_optimized_module_is_the_originals():
    assert len(minigrad.compile(nn.Sequential(nn.Linear(2, 2), nn.ReLU()))) == 2
    with pytest.raises(TypeError, match="Linear does not support len"):
        len(minigrad.compile(nn.Linear(2, 2)))


def _course_mlp(lib):
    lib.manual_seed(0)
    return lib.nn.Sequential(lib.nn.Linear(3, 4), lib.nn.ReLU(), lib.nn.Linear(4, 1))


_POINTS = np.linspace(-1, 1, 15, dtype=np.float32).reshape(5, 3)


def test_module_compile_compiles_its_calls_in_place_keeping_its_type_and_names():
    model, reference = _course_mlp(minigrad), _course_mlp(torch)
    assert model.compile(fullgraph=True) is None and reference.compile(backend="eager") is None
    assert type(model) is nn.Sequential and list(model.state_dict()) == list(reference.state_dict())
    with minigrad.no_grad(), torch.no_grad():
        for _ in range(4):
            np.testing.assert_allclose(model(minigrad.tensor(_POINTS)).numpy(),
                                       reference(torch.tensor(_POINTS)).numpy(), rtol=1e-6, atol=1e-7)
    assert sum(t.calls for t in model._compiled_call_impl.tapes) == 3  # (fullgraph: the first call captured)


def test_module_compile_keeps_the_modules_hooks_running():
    counts = []
    for lib in (minigrad, torch):
        model = _course_mlp(lib)
        calls = []
        model[0].register_forward_hook(lambda module, args, out: calls.append(out.shape[0]))
        model.compile(**({"backend": "eager"} if lib is torch else {}))
        with lib.no_grad(), warnings.catch_warnings():
            warnings.filterwarnings("ignore", "minigrad.compile: graph break")  # (minigrad runs hooks eagerly)
            for _ in range(3):
                model(lib.tensor(_POINTS))
        counts.append(calls)
    assert counts[0] == counts[1] == [5, 5, 5]


def test_a_compiled_modules_output_can_be_differentiated_outside_eagerly():
    minigrad.manual_seed(0)
    model = nn.Linear(3, 1)
    compiled = minigrad.compile(model)
    x = minigrad.tensor(np.ones((4, 3), np.float32))
    compiled(x)  # the first call runs eagerly
    with pytest.warns(UserWarning, match="gradient is computed after the call"):
        compiled(x).sum().backward()
    g = model.weight.grad.numpy().copy()
    model.zero_grad()
    compiled(x).sum().backward()
    assert np.array_equal(model.weight.grad.numpy(), g)


def test_a_compiled_method_binds_self():
    class Scaler:
        def __init__(self, k):
            self.k = k

        @minigrad.compile
        def apply(self, x):
            return x * self.k

    s = Scaler(3.0)
    x = minigrad.tensor([1.0, 2.0])
    for _ in range(3):
        assert s.apply(x).tolist() == [3.0, 6.0]


def test_unsupported_is_a_runtime_error():
    from minigrad.compile import Unsupported
    assert issubclass(Unsupported, RuntimeError)


def test_a_changed_attribute_of_the_bound_object_records_a_new_tape():
    class Scaler:
        def __init__(self, k):
            self.k = k

        @minigrad.compile
        def apply(self, x):
            return x * self.k

    s = Scaler(3.0)
    x = minigrad.tensor([1.0, 2.0])
    s.apply(x)
    s.apply(x)
    s.k = 5.0
    assert s.apply(x).tolist() == [5.0, 10.0]
