"""``jit.script`` / ``jit.trace`` give back what they are given (with PyTorch's deprecation
warning), so that programs calling them run; TorchScript archives are refused clearly."""
import pytest

import minigrad


def test_script_returns_the_module_which_runs_as_python():
    model = minigrad.nn.Linear(2, 1)
    with pytest.warns(DeprecationWarning, match="torch.jit.script` is deprecated"):
        scripted = minigrad.jit.script(model)
    assert scripted is model


def test_trace_runs_the_example_once_and_returns_the_function():
    calls = []

    def f(x):
        calls.append(x)
        return x * 2
    with pytest.warns(DeprecationWarning, match="torch.jit.trace` is deprecated"):
        traced = minigrad.jit.trace(f, minigrad.ones(2))
    assert traced is f and len(calls) == 1


def test_decorators_leave_functions_as_they_are():
    def f(x):
        return x
    assert minigrad.jit.ignore(f) is f and minigrad.jit.ignore(drop=True)(f) is f and minigrad.jit.unused(f) is f
    assert not minigrad.jit.is_scripting() and not minigrad.jit.is_tracing()


def test_torchscript_archives_are_refused_with_not_implemented_error(tmp_path):
    with pytest.raises(NotImplementedError, match="state_dict"):
        minigrad.jit.save(minigrad.nn.Linear(1, 1), str(tmp_path / "m.pt"))
    with pytest.raises(NotImplementedError):
        minigrad.jit.load(str(tmp_path / "m.pt"))
