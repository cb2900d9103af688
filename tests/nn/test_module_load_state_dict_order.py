"""``Module.load_state_dict`` as PyTorch's, on minigrad and on PyTorch: load post hooks run after
the values are loaded, children first (siblings in order, a shared module once per name), and
must return None; unexpected keys are listed module by module; a shared module's load pre hook
sees each of its names; a 1-element vector loads into a 0-d buffer (PyTorch's compatibility with
old checkpoints)."""
import pytest
import torch

import minigrad

LIBS = pytest.mark.parametrize("lib", [minigrad, torch], ids=["minigrad", "torch"])


@LIBS
def test_load_post_hook_sees_the_loaded_values(lib):
    layer, seen = lib.nn.Linear(1, 1), []
    layer.register_load_state_dict_post_hook(lambda m, keys: seen.append(m.weight.item()))
    layer.load_state_dict({"weight": lib.full((1, 1), 5.0), "bias": lib.zeros(1)})
    assert seen == [5.0]


@LIBS
def test_load_post_hooks_run_children_first_with_siblings_in_order(lib):
    model, seen = lib.nn.Sequential(lib.nn.Sequential(lib.nn.Linear(1, 1), lib.nn.Linear(1, 1)),
                                    lib.nn.Linear(1, 1)), []
    for name, module in model.named_modules():
        module.register_load_state_dict_post_hook(lambda m, keys, name=name: seen.append(name))
    model.load_state_dict(model.state_dict())
    assert seen == ["0.0", "0.1", "0", "1", ""]


@LIBS
def test_load_post_hook_of_a_shared_module_runs_once_per_name(lib):
    layer, seen = lib.nn.Linear(1, 1), []
    layer.register_load_state_dict_post_hook(lambda m, keys: seen.append(1))
    model = lib.nn.Sequential(layer, layer)
    model.load_state_dict(model.state_dict())
    assert len(seen) == 2


@LIBS
def test_load_post_hook_returning_a_value_is_an_assertion_error(lib):
    layer = lib.nn.Linear(1, 1)
    layer.register_load_state_dict_post_hook(lambda m, keys: keys)
    with pytest.raises(AssertionError, match="are not expected to return new values"):
        layer.load_state_dict(layer.state_dict())


@LIBS
def test_load_pre_hook_of_a_shared_module_sees_each_of_its_names(lib):
    layer, prefixes = lib.nn.Linear(1, 1), []

    def rename(state_dict, prefix, *args):
        prefixes.append(prefix)
        if prefix + "w" in state_dict:
            state_dict[prefix + "weight"] = state_dict.pop(prefix + "w")
    layer._register_load_state_dict_pre_hook(rename)
    model = lib.nn.Sequential(layer, layer)
    result = model.load_state_dict({"0.w": lib.ones(1, 1), "0.bias": lib.ones(1),
                                    "1.w": lib.ones(1, 1), "1.bias": lib.ones(1)})
    assert prefixes == ["0.", "1."] and not result.missing_keys and not result.unexpected_keys


@LIBS
def test_unexpected_keys_are_listed_module_by_module(lib):
    model = lib.nn.Sequential(lib.nn.Linear(1, 1), lib.nn.Sequential(lib.nn.Linear(1, 1)))
    extra = {"1.0.extra": lib.ones(1), "top": lib.ones(1), "0.extra": lib.ones(1), "5.weight": lib.ones(1)}
    result = model.load_state_dict({**extra, **model.state_dict()}, strict=False)
    assert result.unexpected_keys == ["top", "5.weight", "0.extra", "1.0.extra"]


@LIBS
def test_a_one_element_vector_loads_into_a_0d_buffer(lib):
    norm = lib.nn.BatchNorm1d(2)
    norm.load_state_dict({**norm.state_dict(), "num_batches_tracked": lib.tensor([3])})
    assert norm.num_batches_tracked.shape == () and norm.num_batches_tracked.item() == 3


@LIBS
def test_a_longer_vector_into_a_0d_buffer_is_a_size_mismatch(lib):
    norm = lib.nn.BatchNorm1d(2)
    with pytest.raises(RuntimeError, match="size mismatch for num_batches_tracked"):
        norm.load_state_dict({**norm.state_dict(), "num_batches_tracked": lib.tensor([3, 4])})


def test_strict_load_refused_after_post_hooks_leaves_the_model_as_it_was():
    """minigrad's promise (PyTorch keeps the values of such a load): the post hooks saw the loaded
    values, the strict check then refuses the unexpected key, and the old values are back."""
    layer, seen = minigrad.nn.Linear(1, 1), []
    layer.register_load_state_dict_post_hook(lambda m, keys: seen.append(m.weight.item()))
    old_weight, old_bias = layer.weight.item(), layer.bias.item()
    with pytest.raises(RuntimeError, match="Unexpected key"):
        layer.load_state_dict({"weight": minigrad.full((1, 1), 5.0), "bias": minigrad.zeros(1), "extra": minigrad.ones(1)})
    assert seen == [5.0]
    assert (layer.weight.item(), layer.bias.item()) == (old_weight, old_bias)


def test_strict_load_passes_when_a_post_hook_clears_the_unexpected_keys():
    layer = minigrad.nn.Linear(1, 1)
    layer.register_load_state_dict_post_hook(lambda m, keys: keys.unexpected_keys.clear())
    layer.load_state_dict({"weight": minigrad.full((1, 1), 5.0), "bias": minigrad.zeros(1), "extra": minigrad.ones(1)})
    assert layer.weight.item() == 5.0
