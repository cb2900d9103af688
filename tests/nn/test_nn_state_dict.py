"""load_state_dict: error reporting (all problems at once, model unchanged), PyTorch tensors taken
(copied, never aliased) and NumPy arrays refused as PyTorch refuses them, and assign=True."""
import numpy as np
import pytest
import torch

import minigrad
import minigrad.nn as nn


def snapshot(model):
    return {k: v.numpy().copy() for k, v in model.state_dict().items()}


def mlp(lib):
    return lib.nn.Sequential(lib.nn.Linear(3, 4), lib.nn.ReLU(), lib.nn.Linear(4, 2))


def test_state_dict_values_share_storage_and_are_detached():
    lin = nn.Linear(2, 2)
    sd = lin.state_dict()
    assert not sd["weight"].requires_grad
    with minigrad.no_grad():
        lin.weight.fill_(3.0)
    assert float(sd["weight"][0, 0]) == 3.0


def test_load_state_dict_reports_missing_unexpected_and_shape_errors_at_once():
    model = mlp(minigrad)
    sd = {k: v.clone() for k, v in model.state_dict().items()}
    del sd["0.bias"]
    sd["2.weight"] = minigrad.zeros(3, 3)
    sd["extra.weight"] = minigrad.zeros(1)
    before = snapshot(model)
    with pytest.raises(RuntimeError) as exc:
        model.load_state_dict(sd)
    msg = str(exc.value)
    assert "Missing key(s) in state_dict: \"0.bias\"" in msg
    assert "Unexpected key(s) in state_dict: \"extra.weight\"" in msg
    assert "size mismatch for 2.weight" in msg and "[3, 3]" in msg and "[2, 4]" in msg
    assert msg.index("Missing") < msg.index("Unexpected") < msg.index("size mismatch")
    after = snapshot(model)
    assert all(np.array_equal(before[k], after[k]) for k in before), "model changed by a failed load"


def test_load_state_dict_error_lists_same_problems_as_pytorch():
    t, m = mlp(torch), mlp(minigrad)
    bad_t = dict(t.state_dict())
    del bad_t["2.bias"]
    bad_t["0.weight"] = torch.zeros(5, 3)
    bad_t["foo"] = torch.zeros(1)
    with pytest.raises(RuntimeError) as theirs:
        t.load_state_dict(bad_t)
    with pytest.raises(RuntimeError) as mine:
        m.load_state_dict(bad_t)
    assert str(mine.value).replace("minigrad.Size", "torch.Size") == str(theirs.value)


@pytest.mark.parametrize("L", [minigrad, torch])
def test_non_strict_load_returns_keys_but_still_rejects_shape_mismatch(L):
    model = mlp(L)
    res = model.load_state_dict({"0.weight": L.ones(4, 3), "zzz": L.ones(1)}, strict=False)
    assert res.missing_keys == ["0.bias", "2.weight", "2.bias"] and res.unexpected_keys == ["zzz"]
    assert float(model[0].weight.sum()) == 12.0
    with pytest.raises(RuntimeError, match="size mismatch"):
        model.load_state_dict({"0.weight": L.ones(2, 2)}, strict=False)


def test_load_state_dict_all_matched_repr():
    model = mlp(minigrad)
    assert repr(model.load_state_dict(model.state_dict())) == "<All keys matched successfully>"


def test_non_strict_load_result_prints_as_pytorchs():
    t, m = mlp(torch), mlp(minigrad)
    sd = {k: v.detach().numpy() for k, v in t.state_dict().items() if k != "2.bias"}
    sd["extra"] = np.ones(1, np.float32)
    theirs = t.load_state_dict({k: torch.from_numpy(v) for k, v in sd.items()}, strict=False)
    assert repr(m.load_state_dict({k: minigrad.from_numpy(v) for k, v in sd.items()}, strict=False)) == repr(theirs)


def test_load_state_dict_refuses_a_non_tensor_value_with_pytorchs_runtime_error_and_changes_nothing():
    t, m = mlp(torch), mlp(minigrad)
    bad_t = dict(t.state_dict())
    bad_t["0.bias"] = [1.0, 2.0, 3.0, 4.0]
    with pytest.raises(RuntimeError) as theirs:
        t.load_state_dict(bad_t)
    bad_m = {k: v.clone() for k, v in m.state_dict().items()}
    bad_m["2.weight"] = minigrad.zeros(2, 4)
    bad_m["0.bias"] = [1.0, 2.0, 3.0, 4.0]
    before = snapshot(m)
    with pytest.raises(RuntimeError) as mine:
        m.load_state_dict(bad_m)
    assert str(mine.value) == str(theirs.value)
    after = snapshot(m)
    assert all(np.array_equal(before[k], after[k]) for k in before)


def test_load_state_dict_accepts_torch_tensors_and_copies():
    t = mlp(torch)
    m = mlp(minigrad)
    m.load_state_dict(t.state_dict())
    for (k, a), (_, b) in zip(m.state_dict().items(), t.state_dict().items()):
        np.testing.assert_array_equal(a.numpy(), b.numpy(), err_msg=k)
    with torch.no_grad():
        t[0].weight.fill_(7.0)
    assert float(m[0].weight.detach().abs().max()) < 7.0, "minigrad aliased the torch tensor"


def test_load_state_dict_copies_minigrad_tensors():
    m = nn.Linear(2, 3)
    w, b = minigrad.arange(6.0).reshape(3, 2), minigrad.ones(3)
    m.load_state_dict({"weight": w, "bias": b})
    assert m.weight.tolist() == w.tolist()
    w[0, 0] = 100.0
    assert float(m.weight[0, 0]) == 0.0


@pytest.mark.parametrize("L", [minigrad, torch])
@pytest.mark.parametrize("value", [np.zeros(3, np.float32), np.array([None] * 3), np.array(["a", "b", "c"]),
                                   np.float32(1.0)], ids=["float32", "object", "str", "numpy-scalar"])
def test_load_state_dict_refuses_numpy_values_with_torchs_error(L, value):
    m = L.nn.Linear(2, 3)
    with pytest.raises(RuntimeError) as exc:
        m.load_state_dict({"weight": L.ones(3, 2), "bias": value})
    assert str(exc.value) == ('Error(s) in loading state_dict for Linear:\n\tWhile copying the parameter named '
                              '"bias", expected torch.Tensor or Tensor-like object from checkpoint but received '
                              f"{type(value)}")


@pytest.mark.parametrize("value", [np.array([None] * 3), np.array(["a", "b", "c"])], ids=["object", "str"])
def test_load_state_dict_refusing_a_numpy_value_changes_nothing(value):
    m = nn.Linear(2, 3)
    before = snapshot(m)
    with pytest.raises(RuntimeError):
        m.load_state_dict({"weight": minigrad.ones(3, 2), "bias": value})
    after = snapshot(m)
    assert all(np.array_equal(before[k], after[k]) for k in before)


@pytest.mark.parametrize("L", [minigrad, torch])
def test_load_state_dict_casts_to_parameter_dtype_and_keeps_parameter_objects(L):
    m = L.nn.Linear(2, 2)
    w = m.weight
    m.load_state_dict({"weight": L.ones(2, 2, dtype=L.float64), "bias": L.zeros(2, dtype=L.float64)})
    assert m.weight is w and w.dtype == L.float32 and w.requires_grad


@pytest.mark.parametrize("L", [minigrad, torch])
def test_load_state_dict_into_lazy_linear_materialises_it(L):
    lazy = L.nn.LazyLinear(2)
    lazy.load_state_dict({"weight": L.ones(2, 5), "bias": L.zeros(2)})
    assert lazy.weight.shape == (2, 5) and lazy(L.ones(1, 5)).shape == (1, 2)


@pytest.mark.parametrize("L", [minigrad, torch])
def test_buffers_are_loaded(L):
    m = L.nn.Module()
    m.register_buffer("stat", L.zeros(3))
    m.load_state_dict({"stat": L.tensor([1.0, 2.0, 3.0])})
    assert m.stat.tolist() == [1.0, 2.0, 3.0]


@pytest.mark.parametrize("L", [minigrad, torch])
def test_assign_makes_the_parameter_share_memory_with_the_given_tensor(L):
    m = L.nn.Linear(2, 3)
    w = L.zeros(3, 2)
    m.load_state_dict({"weight": w, "bias": L.zeros(3)}, assign=True)
    w.add_(5.0)
    assert m.weight.tolist() == [[5.0, 5.0]] * 3


@pytest.mark.parametrize("L", [minigrad, torch])
def test_assign_gives_the_parameter_the_given_tensors_dtype(L):
    m = L.nn.Linear(2, 3)
    m.load_state_dict({"weight": L.zeros(3, 2, dtype=L.float64), "bias": L.zeros(3)}, assign=True)
    assert m.weight.dtype == L.float64 and m.bias.dtype == L.float32


@pytest.mark.parametrize("L", [minigrad, torch])
def test_assign_makes_a_parameter_keeping_the_old_parameters_requires_grad(L):
    m = L.nn.Linear(2, 3)
    m.weight.requires_grad_(False)
    m.load_state_dict({"weight": L.zeros(3, 2), "bias": L.zeros(3)}, assign=True)
    assert isinstance(m.weight, L.nn.Parameter) and isinstance(m.bias, L.nn.Parameter)
    assert not m.weight.requires_grad and m.bias.requires_grad
    assert [name for name, _ in m.named_parameters()] == ["weight", "bias"]


@pytest.mark.parametrize("L", [minigrad, torch])
def test_assign_of_a_parameter_uses_it_itself_with_the_old_requires_grad(L):
    m = L.nn.Linear(2, 3)
    m.weight.requires_grad_(False)
    p = L.nn.Parameter(L.zeros(3, 2))
    m.load_state_dict({"weight": p, "bias": L.zeros(3)}, assign=True)
    assert m.weight is p and not p.requires_grad


@pytest.mark.parametrize("L", [minigrad, torch])
def test_assign_makes_the_given_buffers_the_modules_own(L):
    bn = L.nn.BatchNorm1d(3)
    rm, count = L.ones(3, dtype=L.float64), L.tensor(5)
    bn.load_state_dict({**bn.state_dict(), "running_mean": rm, "num_batches_tracked": count}, assign=True)
    assert bn.running_mean is rm and bn.num_batches_tracked is count
    assert dict(bn.named_buffers())["running_mean"] is rm


@pytest.mark.parametrize("L", [minigrad, torch])
def test_assign_of_an_integer_tensor_to_a_parameter_requiring_grad_raises_torchs_error(L):
    m = L.nn.Linear(2, 3)
    with pytest.raises(RuntimeError) as exc:
        m.load_state_dict({"weight": L.zeros(3, 2), "bias": L.zeros(3, dtype=L.int64)}, assign=True)
    assert str(exc.value) == (
        'Error(s) in loading state_dict for Linear:\n\tWhile copying the parameter named "bias", whose dimensions '
        "in the model are torch.Size([3]) and whose dimensions in the checkpoint are torch.Size([3]), an exception "
        "occurred : ('Only Tensors of floating point and complex dtype can require gradients',).")


def test_a_refused_assign_changes_nothing():
    """(PyTorch assigns ``weight`` before it finds the problem with ``bias``; minigrad checks first.)"""
    m = nn.Linear(2, 3)
    weight, before = m.weight, snapshot(m)
    with pytest.raises(RuntimeError):
        m.load_state_dict({"weight": minigrad.zeros(3, 2), "bias": minigrad.zeros(3, dtype=minigrad.int64)},
                          assign=True)
    assert m.weight is weight and all(np.array_equal(before[k], snapshot(m)[k]) for k in before)


def test_minigrad_state_dict_loads_into_pytorch_via_numpy():
    m, t = mlp(minigrad), mlp(torch)
    t.load_state_dict({k: torch.from_numpy(np.asarray(v)) for k, v in m.state_dict().items()})
    x = np.random.default_rng(0).standard_normal((5, 3)).astype(np.float32)
    with minigrad.no_grad(), torch.no_grad():
        np.testing.assert_allclose(m(minigrad.tensor(x)).numpy(), t(torch.tensor(x)).numpy(), rtol=1e-5, atol=1e-6)


def test_minigrad_never_imports_torch():
    import subprocess
    import sys
    code = ("import sys, minigrad, minigrad.nn, minigrad.optim, minigrad.serialization; "
            "m = minigrad.nn.Linear(2, 2); m.load_state_dict(m.state_dict()); "
            "assert 'torch' not in sys.modules, 'torch imported'")
    subprocess.run([sys.executable, "-c", code], check=True)


def _scaled_net(L):
    class Scaled(L.nn.Module):
        """A module with state beyond its parameters."""

        def __init__(self):
            super().__init__()
            self.lin = L.nn.Linear(2, 2)
            self.scale = 3

        def get_extra_state(self):
            return {"scale": self.scale}

        def set_extra_state(self, state):
            self.scale = state["scale"]
    return L.nn.Sequential(Scaled(), L.nn.ReLU())


@pytest.mark.parametrize("L", [minigrad, torch])
def test_extra_state_is_saved_under_its_key_and_restored_by_load(L):
    net = _scaled_net(L)
    state = net.state_dict()
    assert list(state) == ["0._extra_state", "0.lin.weight", "0.lin.bias"]
    state["0._extra_state"] = {"scale": 7}
    net.load_state_dict(state)
    assert net[0].scale == 7


@pytest.mark.parametrize("L", [minigrad, torch])
def test_missing_extra_state_is_a_missing_key(L):
    net = _scaled_net(L)
    state = net.state_dict()
    del state["0._extra_state"]
    with pytest.raises(RuntimeError, match='Missing key\\(s\\) in state_dict: "0._extra_state"'):
        net.load_state_dict(state)
    assert net.load_state_dict(state, strict=False).missing_keys == ["0._extra_state"]


@pytest.mark.parametrize("L", [minigrad, torch])
def test_set_submodule_replaces_or_adds_under_an_existing_parent(L):
    net = _scaled_net(L)
    net.set_submodule("1", L.nn.Tanh())
    net.set_submodule("0.extra", L.nn.Identity())
    assert type(net[1]).__name__ == "Tanh" and type(net[0].extra).__name__ == "Identity"


@pytest.mark.parametrize("L", [minigrad, torch])
@pytest.mark.parametrize("target, strict, error", [("", False, ValueError), ("0.foo", True, AttributeError),
                                                   ("0.lin.x.y", False, AttributeError),
                                                   ("0.scale", False, AttributeError)])
def test_set_submodule_errors_are_torchs(L, target, strict, error):
    with pytest.raises(error):
        _scaled_net(L).set_submodule(target, L.nn.Tanh(), strict=strict)


def test_load_state_dict_pre_hooks_may_rename_keys_on_a_copy_as_torch():
    for lib in (minigrad, torch):
        model = lib.nn.Sequential(lib.nn.Linear(2, 2))
        seen = []

        def rename(module, state_dict, prefix, local_metadata, strict, missing_keys, unexpected_keys, error_msgs):
            seen.append((module, prefix))
            for name in ("weight", "bias"):
                if prefix + "old_" + name in state_dict:
                    state_dict[prefix + name] = state_dict.pop(prefix + "old_" + name)

        model[0].register_load_state_dict_pre_hook(rename)
        state = {"0.old_weight": lib.ones(2, 2), "0.old_bias": lib.zeros(2)}
        result = model.load_state_dict(state)
        assert not result.missing_keys and not result.unexpected_keys
        assert sorted(state) == ["0.old_bias", "0.old_weight"]  # the caller's dict is left as it was
        assert seen == [(model[0], "0.")]
        assert model[0].weight.tolist() == [[1.0, 1.0], [1.0, 1.0]]


def test_a_removed_load_state_dict_pre_hook_is_not_called():
    model = minigrad.nn.Linear(2, 2)
    handle = model.register_load_state_dict_pre_hook(lambda *args: (_ for _ in ()).throw(AssertionError("called")))
    handle.remove()
    model.load_state_dict(model.state_dict())


@pytest.mark.parametrize("L", [minigrad, torch], ids=["minigrad", "torch"])
def test_state_dict_metadata_holds_each_modules_version(L):
    model = L.nn.Sequential(L.nn.Linear(2, 2), L.nn.BatchNorm1d(2))
    assert dict(model.state_dict()._metadata) == {"": {"version": 1}, "0": {"version": 1}, "1": {"version": 2}}


@pytest.mark.parametrize("L", [minigrad, torch], ids=["minigrad", "torch"])
def test_batch_norm_state_of_version_2_must_hold_the_batch_count_and_a_plain_dict_need_not(L):
    bn = L.nn.BatchNorm1d(2)
    state = bn.state_dict()
    del state["num_batches_tracked"]
    with pytest.raises(RuntimeError, match='Missing key\\(s\\) in state_dict: "num_batches_tracked"'):
        bn.load_state_dict(state)
    assert not bn.load_state_dict(dict(state)).missing_keys


@pytest.mark.parametrize("L", [minigrad, torch], ids=["minigrad", "torch"])
def test_state_dict_hooks_run_around_a_modules_saving(L):
    model = L.nn.Sequential(L.nn.Linear(2, 2))
    seen = []
    model[0].register_state_dict_pre_hook(lambda mod, prefix, keep_vars: seen.append(("pre", prefix)))
    model[0].register_state_dict_post_hook(lambda mod, state, prefix, meta: seen.append(("post", list(state))))
    model.state_dict()
    assert seen == [("pre", "0."), ("post", ["0.weight", "0.bias"])]


@pytest.mark.parametrize("L", [minigrad, torch], ids=["minigrad", "torch"])
def test_an_overridden_save_to_state_dict_adds_entries(L):
    class Tagged(L.nn.Linear):
        def _save_to_state_dict(self, destination, prefix, keep_vars):
            super()._save_to_state_dict(destination, prefix, keep_vars)
            destination[prefix + "tag"] = L.ones(1)
    assert list(L.nn.Sequential(Tagged(1, 1)).state_dict()) == ["0.weight", "0.bias", "0.tag"]


@pytest.mark.parametrize("L", [minigrad, torch], ids=["minigrad", "torch"])
def test_an_overridden_load_from_state_dict_may_rename_keys(L):
    class Renamed(L.nn.Linear):
        def _load_from_state_dict(self, state_dict, prefix, *args):
            if prefix + "w" in state_dict:
                state_dict[prefix + "weight"] = state_dict.pop(prefix + "w")
            super()._load_from_state_dict(state_dict, prefix, *args)
    model = L.nn.Sequential(Renamed(2, 2))
    given = {"0.w": L.ones(2, 2), "0.bias": L.zeros(2)}
    assert not model.load_state_dict(given).unexpected_keys
    assert model[0].weight.tolist() == [[1.0, 1.0], [1.0, 1.0]] and list(given) == ["0.w", "0.bias"]


@pytest.mark.parametrize("L", [minigrad, torch], ids=["minigrad", "torch"])
def test_a_load_post_hook_may_clear_the_missing_keys_of_a_strict_load(L):
    model = L.nn.Linear(2, 2)
    model.register_load_state_dict_post_hook(lambda mod, keys: keys.missing_keys.clear())
    state = model.state_dict()
    del state["bias"]
    assert repr(model.load_state_dict(state)) == "<All keys matched successfully>"


@pytest.mark.parametrize("L", [minigrad, torch], ids=["minigrad", "torch"])
def test_state_dict_with_positional_arguments_warns_future_warning(L):
    from collections import OrderedDict
    destination = OrderedDict()
    with pytest.warns(FutureWarning, match="Positional args are being deprecated, use kwargs instead"):
        out = L.nn.Linear(2, 1).state_dict(destination, "lin.")
    assert out is destination and list(destination) == ["lin.weight", "lin.bias"]


@pytest.mark.parametrize("L", [minigrad, torch], ids=["minigrad", "torch"])
@pytest.mark.filterwarnings("ignore:Positional args are being deprecated:FutureWarning")
def test_state_dict_keywords_win_over_the_positional_arguments(L):
    sd = L.nn.Linear(2, 1).state_dict(None, "ignored.", False, prefix="kept.", keep_vars=True)
    assert list(sd) == ["kept.weight", "kept.bias"] and sd["kept.weight"].requires_grad
