"""PyTorch's errors for Module lookups and registrations, on minigrad and on PyTorch:
``get_submodule`` through something that is not a module, and dotted parameter or buffer names."""
import pytest
import torch

import minigrad

LIBS = pytest.mark.parametrize("lib", [minigrad, torch], ids=["minigrad", "torch"])


@LIBS
def test_get_submodule_through_a_parameter_is_refused_as_not_a_module(lib):
    with pytest.raises(AttributeError, match="^`weight` is not an nn.Module$"):
        lib.nn.Sequential(lib.nn.Linear(2, 2)).get_submodule("0.weight")


@LIBS
def test_get_submodule_of_a_child_set_to_none_is_refused_as_not_a_module(lib):
    model = lib.nn.Module()
    model.add_module("head", None)
    with pytest.raises(AttributeError, match="^`head` is not an nn.Module$"):
        model.get_submodule("head")


@LIBS
def test_get_submodule_of_a_missing_name_names_the_module(lib):
    with pytest.raises(AttributeError, match="^Sequential has no attribute `3`$"):
        lib.nn.Sequential(lib.nn.Linear(2, 2)).get_submodule("3")


@LIBS
@pytest.mark.parametrize("kind", ["parameter", "buffer"])
def test_dotted_parameter_or_buffer_name_is_refused_without_the_name(lib, kind):
    module = lib.nn.Module()
    with pytest.raises(KeyError, match=f'^\'{kind} name can\\\\\'t contain "."\'$'):
        if kind == "parameter":
            module.register_parameter("a.b", None)
        else:
            module.register_buffer("a.b", None)


@LIBS
def test_dotted_module_name_is_refused_with_the_name(lib):
    with pytest.raises(KeyError, match='got: a.b'):
        lib.nn.Module().add_module("a.b", lib.nn.ReLU())
