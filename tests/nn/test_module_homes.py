"""Each layer class can be imported from PyTorch's module of it (``torch.nn.modules.activation``,
``.instancenorm``...) and ``typename`` names it as PyTorch does, whatever minigrad file defines it."""
import importlib
import pkgutil

import pytest
import torch
import torch.nn.modules

import minigrad

_HOMES = [info.name for info in pkgutil.iter_modules(torch.nn.modules.__path__) if not info.name.startswith("_")]


def _public_classes(module):
    names = getattr(module, "__all__", None) or [n for n, v in vars(module).items() if isinstance(v, type)
                                                  and v.__module__ == module.__name__]
    return [n for n in names if isinstance(getattr(module, n, None), type)]


@pytest.mark.parametrize("home", _HOMES)
def test_every_class_of_pytorchs_module_is_importable_from_ours(home):
    theirs = importlib.import_module(f"torch.nn.modules.{home}")
    ours = importlib.import_module(f"minigrad.nn.modules.{home}")
    missing = [n for n in _public_classes(theirs) if hasattr(minigrad.nn, n) and not hasattr(ours, n)]
    assert not missing


@pytest.mark.parametrize("name", sorted(n for n in dir(torch.nn) if isinstance(getattr(torch.nn, n), type)
                                        and n != "DataParallel" and hasattr(minigrad.nn, n)))
def test_typename_of_a_layer_class_is_pytorchs(name):
    # (DataParallel: PyTorch's lives in torch.nn.parallel.data_parallel, a module its function of the
    # same name hides)
    assert minigrad.typename(getattr(minigrad.nn, name)) == torch.typename(getattr(torch.nn, name))


def test_typename_of_a_layer_is_pytorchs():
    assert minigrad.typename(minigrad.nn.GELU()) == torch.typename(torch.nn.GELU())


def test_typename_of_a_function_is_its_qualified_name_as_pytorchs():
    assert minigrad.typename(minigrad.autograd.functional.jacobian) == \
        torch.typename(torch.autograd.functional.jacobian)


def test_assigning_a_layer_as_a_parameter_names_pytorchs_module():
    messages = []
    for lib in (minigrad, torch):
        m = lib.nn.Linear(2, 2)
        with pytest.raises(TypeError) as info:
            m.weight = lib.nn.GELU()
        messages.append(str(info.value))
    assert messages[0] == messages[1]
