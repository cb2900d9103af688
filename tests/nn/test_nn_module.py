"""Module: registration, iteration, modes, conversions and repr, as torch.nn.Module."""
import copy
import re
from collections import OrderedDict

import numpy as np
import pytest
import torch
from hypothesis import given, strategies as st

import minigrad
import minigrad.nn as nn


class Net(nn.Module):
    def __init__(self, lib_nn=nn):
        super().__init__()
        self.fc1 = lib_nn.Linear(3, 4)
        self.act = lib_nn.ReLU()
        self.block = lib_nn.Sequential(lib_nn.Linear(4, 4), lib_nn.Tanh())
        self.fc2 = lib_nn.Linear(4, 2)

    def forward(self, x):
        return self.fc2(self.block(self.act(self.fc1(x))))


class TorchNet(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = torch.nn.Linear(3, 4)
        self.act = torch.nn.ReLU()
        self.block = torch.nn.Sequential(torch.nn.Linear(4, 4), torch.nn.Tanh())
        self.fc2 = torch.nn.Linear(4, 2)


def test_state_dict_keys_match_pytorch_names_and_order():
    assert list(Net().state_dict()) == list(TorchNet().state_dict())


def test_named_parameters_names_and_order_match_pytorch():
    assert [n for n, _ in Net().named_parameters()] == [n for n, _ in TorchNet().named_parameters()]


def test_named_modules_and_children_match_pytorch():
    assert [n for n, _ in Net().named_modules()] == [n for n, _ in TorchNet().named_modules()]
    assert [n for n, _ in Net().named_children()] == [n for n, _ in TorchNet().named_children()]
    assert len(list(Net().modules())) == len(list(TorchNet().modules()))


def test_plain_tensor_attribute_does_not_register():
    m = nn.Module()
    m.t = minigrad.zeros(3)
    m.p = nn.Parameter(minigrad.zeros(2))
    assert list(m.state_dict()) == ["p"]
    assert m.t.shape == (3,)


def test_shared_parameter_appears_once_in_parameters_but_every_name_in_state_dict():
    lin = nn.Linear(2, 2)
    seq = nn.Sequential(lin, nn.ReLU(), lin)
    assert len(list(seq.parameters())) == 2
    assert list(seq.state_dict()) == ["0.weight", "0.bias", "2.weight", "2.bias"]


def test_shared_layer_accumulates_both_gradients():
    tl = torch.nn.Linear(2, 2, dtype=torch.float64)
    tseq = torch.nn.Sequential(tl, torch.nn.Tanh(), tl)
    lin = nn.Linear(2, 2).double()
    seq = nn.Sequential(lin, nn.Tanh(), lin)
    seq.load_state_dict(tseq.state_dict())
    x = np.random.default_rng(0).standard_normal((5, 2))
    seq(minigrad.tensor(x)).sum().backward()
    tseq(torch.tensor(x)).sum().backward()
    np.testing.assert_allclose(lin.weight.grad.numpy(), tl.weight.grad.numpy(), rtol=1e-12)
    np.testing.assert_allclose(lin.bias.grad.numpy(), tl.bias.grad.numpy(), rtol=1e-12)


def test_register_buffer_appears_in_state_dict_and_buffers():
    m = nn.Module()
    m.register_buffer("running", minigrad.ones(3))
    m.register_buffer("scratch", minigrad.zeros(1), persistent=False)
    assert list(m.state_dict()) == ["running"]
    assert len(list(m.buffers())) == 2
    assert [n for n, _ in m.named_buffers()] == ["running", "scratch"]


def test_register_buffer_rejects_bad_names_and_values():
    m = nn.Module()
    with pytest.raises(KeyError):
        m.register_buffer("a.b", minigrad.zeros(1))
    with pytest.raises(TypeError):
        m.register_buffer("x", [1, 2])
    m.attr = 1
    with pytest.raises(KeyError):
        m.register_buffer("attr", minigrad.zeros(1))


def test_assigning_tensor_to_registered_parameter_raises_type_error():
    lin = nn.Linear(2, 2)
    with pytest.raises(TypeError, match="weight"):
        lin.weight = minigrad.zeros(2, 2)


def test_add_module_registers_child_and_rejects_non_modules():
    m = nn.Module()
    m.add_module("child", nn.ReLU())
    assert [n for n, _ in m.named_children()] == ["child"]
    with pytest.raises(TypeError):
        m.add_module("bad", 3)


def test_delattr_unregisters_parameter():
    lin = nn.Linear(2, 2)
    del lin.bias
    assert list(lin.state_dict()) == ["weight"]


def test_train_eval_propagate_and_return_self():
    net = Net()
    assert net.eval() is net
    assert not any(m.training for m in net.modules())
    assert net.train() is net
    assert all(m.training for m in net.modules())
    with pytest.raises(ValueError):
        net.train("yes")


def test_zero_grad_sets_gradients_to_none():
    net = Net()
    net(minigrad.randn(2, 3)).sum().backward()
    assert all(p.grad is not None for p in net.parameters())
    net.zero_grad()
    assert all(p.grad is None for p in net.parameters())


def test_zero_grad_set_to_none_false_zeroes():
    lin = nn.Linear(2, 2)
    lin(minigrad.randn(2, 2)).sum().backward()
    lin.zero_grad(set_to_none=False)
    assert float(lin.weight.grad.abs().sum()) == 0.0



def test_zero_grad_set_to_none_false_keeps_the_gradient_tensor():
    """As PyTorch's Module.zero_grad: the same gradient tensor, zeroed in place."""
    lin = nn.Linear(2, 2)
    lin(minigrad.randn(2, 2)).sum().backward()
    grad = lin.weight.grad
    lin.zero_grad(set_to_none=False)
    assert lin.weight.grad is grad and not grad.requires_grad

def test_to_dtype_converts_in_place_keeping_parameter_objects():
    net = Net()
    w = net.fc1.weight
    assert net.to(minigrad.float64) is net
    assert net.fc1.weight is w and w.dtype == minigrad.float64
    assert all(p.dtype == minigrad.float64 for p in net.parameters())
    net.float()
    assert all(p.dtype == minigrad.float32 for p in net.parameters())


@pytest.mark.parametrize("args", [("float64", "float32"), ("float64", "cpu"), ("cpu", "float64", False, 1),
                                  ("cpu", "cpu"), ("float64", False), ("cpu", "float64", False), ("cpu",)], ids=repr)
def test_to_takes_pytorchs_three_argument_forms_and_refuses_others_with_type_error(args):
    outcomes = []
    for L in (minigrad, torch):
        given = [getattr(L, a) if a in ("float64", "float32") else a for a in args]
        try:
            outcomes.append(str(L.nn.Linear(2, 2).to(*given).weight.dtype))
        except TypeError as exc:
            outcomes.append(str(exc).splitlines()[0])
    assert outcomes[0] == outcomes[1]


def test_to_keeps_integer_buffers():
    m = nn.Module()
    m.register_buffer("count", minigrad.tensor([1, 2]))
    m.to(minigrad.float64)
    assert m.count.dtype == minigrad.int64


def test_to_a_complex_dtype_converts_floating_tensors_and_keeps_integer_buffers_with_torchs_warning():
    modules = {}
    for L in (torch, minigrad):
        m = L.nn.Linear(2, 3)
        m.register_buffer("count", L.tensor([1, 2]))
        with pytest.warns(UserWarning, match="Complex modules are a new feature"):
            m.to(L.complex64)
        modules[L] = m
    for name in ("weight", "bias", "count"):
        assert str(getattr(modules[minigrad], name).dtype) == str(getattr(modules[torch], name).dtype)


def test_to_empty_gives_fresh_storage_keeping_parameter_objects_shapes_and_dtypes():
    net = Net()
    w = net.fc1.weight
    old_storage = w.detach().numpy()
    before = {name: (tuple(p.shape), p.dtype, p.requires_grad) for name, p in net.named_parameters()}
    assert net.to_empty(device="cpu") is net
    assert net.fc1.weight is w and not np.shares_memory(w.detach().numpy(), old_storage)
    assert {name: (tuple(p.shape), p.dtype, p.requires_grad) for name, p in net.named_parameters()} == before


def test_to_empty_without_recursion_leaves_children_alone():
    outer = nn.Sequential(nn.Linear(2, 2))
    outer.register_buffer("scale", minigrad.ones(3))
    inner = outer[0].weight.detach().numpy()
    outer.to_empty(device="cpu", recurse=False)
    assert np.shares_memory(outer[0].weight.detach().numpy(), inner)


def test_to_empty_takes_the_device_by_keyword_only_as_torch():
    for lib in (torch, minigrad):
        with pytest.raises(TypeError):
            lib.nn.Linear(2, 2).to_empty("cpu")


def test_apply_visits_children_first_then_self():
    seen = []
    Net().apply(lambda m: seen.append(type(m).__name__))
    assert seen == ["Linear", "ReLU", "Linear", "Tanh", "Sequential", "Linear", "Net"]


def test_apply_can_reinitialise_weights():
    net = Net()
    net.apply(lambda m: nn.init.zeros_(m.weight) if isinstance(m, nn.Linear) else None)
    assert all(float(m.weight.abs().sum()) == 0 for m in net.modules() if isinstance(m, nn.Linear))


def test_repr_matches_pytorch():
    assert repr(Net()).replace("Net", "TorchNet", 1) == repr(TorchNet())
    mods = [(nn.LeakyReLU(0.2), torch.nn.LeakyReLU(0.2)), (nn.Dropout(0.3), torch.nn.Dropout(0.3)),
            (nn.Softmax(dim=1), torch.nn.Softmax(dim=1)), (nn.Flatten(), torch.nn.Flatten()),
            (nn.Identity(), torch.nn.Identity()), (nn.Linear(2, 3, bias=False), torch.nn.Linear(2, 3, bias=False)),
            (nn.LazyLinear(3), torch.nn.LazyLinear(3)), (nn.CrossEntropyLoss(), torch.nn.CrossEntropyLoss()),
            (nn.ModuleList([nn.ReLU(), nn.ReLU(), nn.Tanh()]),
             torch.nn.ModuleList([torch.nn.ReLU(), torch.nn.ReLU(), torch.nn.Tanh()]))]
    for mine, theirs in mods:
        assert repr(mine) == repr(theirs)


def test_deepcopy_gives_independent_parameters():
    net = Net()
    twin = copy.deepcopy(net)
    with minigrad.no_grad():
        twin.fc1.weight.fill_(0.0)
    assert float(net.fc1.weight.abs().sum()) > 0
    assert isinstance(twin.fc1.weight, nn.Parameter)


@pytest.mark.parametrize("L", [minigrad, torch], ids=["minigrad", "torch"])
def test_deepcopy_of_a_model_leaves_its_parameters_without_gradients_as_torch(L):
    model = L.nn.Linear(2, 2)
    model(L.ones(1, 2)).sum().backward()
    twin = copy.deepcopy(model)
    assert twin.weight.grad is None and model.weight.grad is not None


def test_deepcopy_can_reassign_its_parameters_and_children():
    twin = copy.deepcopy(Net())
    weight = nn.Parameter(minigrad.ones(twin.fc1.weight.shape))
    twin.fc1.weight = weight
    twin.fc2 = nn.Identity()
    assert twin.fc1.weight is weight and twin.fc1._parameters["weight"] is weight
    assert isinstance(twin.fc2, nn.Identity) and twin._modules["fc2"] is twin.fc2


def test_requires_grad_false_freezes_parameters():
    net = Net().requires_grad_(False)
    assert not any(p.requires_grad for p in net.parameters())


def test_forward_hooks_run_and_can_be_removed():
    lin = nn.Linear(2, 2)
    calls = []
    h = lin.register_forward_hook(lambda m, args, out: calls.append(out.shape))
    lin(minigrad.randn(3, 2))
    h.remove()
    lin(minigrad.randn(3, 2))
    assert calls == [(3, 2)]


_HOOK_DICTS = {"_forward_hooks", "_forward_pre_hooks", "_backward_hooks", "_backward_pre_hooks"}


def test_a_module_holds_its_hook_dicts_from_the_start_as_torchs():
    assert _HOOK_DICTS <= set(vars(nn.Linear(2, 2))) and _HOOK_DICTS <= set(vars(torch.nn.Linear(2, 2)))


def test_a_module_restored_without_the_backward_hook_and_compile_attributes_still_calls_forward_and_its_hooks():
    lin = nn.Linear(2, 2)
    restored = nn.Linear.__new__(nn.Linear)  # (as an older minigrad's pickle, which lacks them, is restored)
    left_out = {"_backward_hooks", "_backward_pre_hooks", "_compiled_call_impl"}
    restored.__setstate__({k: v for k, v in vars(lin).items() if k not in left_out})
    x = minigrad.randn(3, 2, requires_grad=True)
    assert restored(x).tolist() == lin(x).tolist()
    seen = []
    restored.register_full_backward_hook(lambda m, grad_input, grad_output: seen.append(len(grad_output)))
    restored(x).sum().backward()
    assert seen == [1]


def _scaled(lib):
    """A module of ``lib`` whose forward takes a keyword argument."""
    class Scaled(lib.nn.Module):
        def forward(self, x, scale=1.0):
            return x * scale
    return Scaled()


@pytest.mark.parametrize("call", [lambda m, lib: m(lib.ones(2)), lambda m, lib: m(lib.ones(2), scale=3.0),
                                  lambda m, lib: m(x=lib.ones(2), scale=-1.0), lambda m, lib: m(lib.ones(2), 2.0)])
def test_an_unhooked_call_passes_positional_and_keyword_arguments_to_forward_as_torch(call):
    assert call(_scaled(minigrad), minigrad).tolist() == call(_scaled(torch), torch).tolist()


def _hook_log(lib, register):
    log = []
    module = _scaled(lib)
    register(module, log)
    out = module(lib.ones(2), scale=3.0)
    return log, out.tolist()


@pytest.mark.parametrize("case", ["with_kwargs", "pre_with_kwargs_replaces", "prepend", "pre_prepend",
                                  "remove_with_kwargs"])
def test_forward_hook_options_call_hooks_as_torch(case):
    def register(m, log):
        if case == "with_kwargs":
            m.register_forward_hook(lambda mod, a, kw, o: log.append(("post", len(a), dict(kw), o.tolist())),
                                    with_kwargs=True)
            m.register_forward_hook(lambda mod, a, o: log.append(("plain", len(a))))
        elif case == "pre_with_kwargs_replaces":
            m.register_forward_pre_hook(lambda mod, a, kw: (a, {"scale": kw["scale"] * 2}), with_kwargs=True)
        elif case == "prepend":
            m.register_forward_hook(lambda mod, a, o: log.append("first registered"))
            m.register_forward_hook(lambda mod, a, o: log.append("prepended"), prepend=True)
        elif case == "pre_prepend":
            m.register_forward_pre_hook(lambda mod, a: log.append("first registered"))
            m.register_forward_pre_hook(lambda mod, a: log.append("prepended"), prepend=True)
        else:
            m.register_forward_hook(lambda mod, a, kw, o: log.append("kw"), with_kwargs=True).remove()
            m.register_forward_hook(lambda mod, a, o: log.append("plain"))
    assert _hook_log(minigrad, register) == _hook_log(torch, register)


def test_a_forward_pre_hook_with_kwargs_returning_a_bad_value_raises_as_torch():
    for lib in (minigrad, torch):
        m = _scaled(lib)
        m.register_forward_pre_hook(lambda mod, a, kw: a, with_kwargs=True)
        with pytest.raises(RuntimeError, match="must return None or a tuple of"):
            m(lib.ones(2))


def test_always_call_forward_hooks_run_when_forward_raises_as_torch():
    def run(lib):
        log = []
        m = _scaled(lib)
        m.register_forward_hook(lambda mod, a, o: log.append(("always", o)), always_call=True)
        m.register_forward_hook(lambda mod, a, o: log.append("plain"))
        with pytest.raises(TypeError):
            m(lib.ones(2), bad=1)
        return log
    assert run(minigrad) == run(torch) == [("always", None)]


def test_always_call_forward_hooks_run_when_a_forward_pre_hook_raises_as_torch():
    def run(lib):
        log = []
        m = _scaled(lib)

        def broken_pre_hook(mod, args):
            raise ValueError("broken pre hook")
        m.register_forward_pre_hook(broken_pre_hook)
        m.register_forward_hook(lambda mod, a, o: log.append(("always", o)), always_call=True)
        m.register_forward_hook(lambda mod, a, o: log.append("plain"))
        with pytest.raises(ValueError, match="broken pre hook"):
            m(lib.ones(2))
        return log
    assert run(minigrad) == run(torch) == [("always", None)]


@pytest.mark.parametrize("kind", ["register_full_backward_hook", "register_full_backward_pre_hook"])
def test_backward_hooks_prepended_run_first_as_torch(kind):
    def run(lib):
        log = []
        lin = lib.nn.Linear(2, 2)
        getattr(lin, kind)(lambda *a: log.append("first registered"))
        getattr(lin, kind)(lambda *a: log.append("prepended"), prepend=True)
        lin(lib.ones(1, 2, requires_grad=True)).sum().backward()
        return log
    assert run(minigrad) == run(torch)


def test_module_without_forward_raises_not_implemented():
    with pytest.raises(NotImplementedError):
        nn.Module()(minigrad.zeros(1))


def test_get_submodule_and_parameter():
    net = Net()
    assert net.get_submodule("block.0") is net.block[0]
    assert net.get_parameter("block.0.bias") is net.block[0].bias


def test_sequential_ordered_dict_names():
    seq = nn.Sequential(OrderedDict([("enc", nn.Linear(2, 3)), ("act", nn.ReLU())]))
    assert list(seq.state_dict()) == ["enc.weight", "enc.bias"]
    assert seq.enc is seq[0]


LEAVES = ["Linear", "ReLU", "Tanh", "Dropout", "Identity", "Flatten", "LeakyReLU"]


def tree_spec():
    leaf = st.tuples(st.sampled_from(LEAVES), st.integers(1, 4), st.booleans())
    return st.recursive(leaf, lambda kids: st.tuples(st.sampled_from(["Sequential", "ModuleList"]),
                                                     st.lists(kids, max_size=4)), max_leaves=10)


def build_tree(lib, spec):
    """The same module tree in torch or minigrad from a hypothesis spec."""
    kind, rest = spec[0], spec[1:]
    if kind in ("Sequential", "ModuleList"):
        kids = [build_tree(lib, k) for k in rest[0]]
        return lib.nn.Sequential(*kids) if kind == "Sequential" else lib.nn.ModuleList(kids)
    n, bias = rest
    if kind == "Linear":
        return lib.nn.Linear(n, n + 1, bias=bias)
    if kind == "Dropout":
        return lib.nn.Dropout(0.1 * n)
    return getattr(lib.nn, kind)()


@given(spec=tree_spec())
def test_random_module_trees_name_and_print_like_pytorch(spec):
    mine, theirs = build_tree(minigrad, spec), build_tree(torch, spec)
    assert list(mine.state_dict()) == list(theirs.state_dict())
    assert [n for n, _ in mine.named_modules()] == [n for n, _ in theirs.named_modules()]
    assert [n for n, _ in mine.named_parameters()] == [n for n, _ in theirs.named_parameters()]
    assert repr(mine) == repr(theirs)
    mine.load_state_dict(theirs.state_dict())


def test_get_buffer_finds_a_buffer_by_its_dotted_path_as_torch():
    for L in (minigrad, torch):
        model = L.nn.Sequential(L.nn.Linear(2, 2), L.nn.BatchNorm1d(2))
        assert model.get_buffer("1.running_var").tolist() == [1.0, 1.0]
        with pytest.raises(AttributeError, match="^`weight` is not a buffer$"):
            model.get_buffer("1.weight")
        with pytest.raises(AttributeError, match="^BatchNorm1d has no attribute `mean`$"):
            model.get_buffer("1.mean")


def test_parameter_list_and_dict_repr_as_pytorch():
    """ParameterList names each dtype (torch.float64), ParameterDict the tensor type, both
    indented under their parent module as PyTorch prints them."""
    def holder(lib):
        model = lib.nn.Module()
        model.pl = lib.nn.ParameterList([lib.nn.Parameter(lib.zeros(2, 3)), lib.zeros(1, dtype=lib.float64)])
        model.pd = lib.nn.ParameterDict({"w": lib.nn.Parameter(lib.zeros(2))})
        return model

    assert repr(holder(minigrad)) == repr(holder(torch))
    assert repr(nn.ParameterDict({"a": nn.Parameter(minigrad.zeros(4))})) == \
        repr(torch.nn.ParameterDict({"a": torch.nn.Parameter(torch.zeros(4))}))


@pytest.mark.parametrize("attribute, value", [("weight", "tensor"), ("running", 3), ("child", 3), ("child", [1])], ids=str)
def test_assigning_the_wrong_kind_to_a_registered_name_raises_torchs_type_error(attribute, value):
    messages = []
    for lib in (minigrad, torch):
        model = lib.nn.Linear(2, 2)
        model.register_buffer("running", lib.zeros(1))
        model.child = lib.nn.ReLU()
        with pytest.raises(TypeError) as error:
            setattr(model, attribute, lib.zeros(1) if value == "tensor" else value)
        messages.append(str(error.value))
    assert messages[0] == messages[1]


def test_register_buffer_of_a_non_tensor_raises_torchs_type_error():
    messages = []
    for lib in (minigrad, torch):
        with pytest.raises(TypeError) as error:
            lib.nn.Linear(2, 2).register_buffer("b", 3)
        messages.append(str(error.value))
    assert messages[0] == messages[1]


def _linear(lib):
    lin = lib.nn.Linear(3, 2)
    with lib.no_grad():
        lin.weight.copy_(lib.arange(6.0).reshape(2, 3) / 10)
        lin.bias.fill_(0.1)
    return lin


def test_full_backward_hook_sees_grad_input_and_grad_output_as_torch():
    seen = {}
    for lib in (minigrad, torch):
        lin, calls = _linear(lib), []
        lin.register_full_backward_hook(lambda m, gi, go: calls.append((m, gi[0].tolist(), go[0].tolist())))
        x = lib.ones(2, 3, requires_grad=True)
        lin(x).pow(2).sum().backward()
        assert len(calls) == 1 and calls[0][0] is lin
        seen[lib] = calls[0][1:]
    assert seen[minigrad] == seen[torch]


def test_full_backward_hook_may_replace_grad_input_as_torch():
    grads = []
    for lib in (minigrad, torch):
        lin = _linear(lib)
        lin.register_full_backward_hook(lambda m, gi, go: (gi[0] * 10,))
        x = lib.ones(2, 3, requires_grad=True)
        lin(x).sum().backward()
        grads.append((x.grad.tolist(), lin.weight.grad.tolist()))
    assert grads[0] == grads[1]


def test_full_backward_hook_without_input_gradients_gets_none_and_warns_as_torch():
    seen = []
    for lib in (minigrad, torch):
        lin, calls = _linear(lib), []
        lin.register_full_backward_hook(lambda m, gi, go: calls.append((gi, go[0].shape)))
        with pytest.warns(UserWarning, match="Full backward hook is firing"):
            lin(lib.ones(4, 3)).sum().backward()
        seen.append((calls[0][0], tuple(calls[0][1])))
    assert seen[0] == seen[1] == ((None,), (4, 2))


def test_full_backward_hook_without_input_gradients_warns_at_the_line_calling_backward_as_torch():
    places = []
    for lib in (minigrad, torch):
        lin = _linear(lib)
        lin.register_full_backward_hook(lambda m, gi, go: None)
        with pytest.warns(UserWarning, match="Full backward hook is firing") as record:
            lin(lib.ones(4, 3)).sum().backward()
        places.append((record[0].filename, record[0].lineno))
    assert places[0] == places[1] and places[0][0] == __file__


def test_full_backward_hook_gives_zeros_for_a_tensor_argument_without_gradient_as_torch():
    seen = []
    for lib in (minigrad, torch):
        class Two(lib.nn.Module):
            def forward(self, a, b):
                return a * b, a + b
        calls = []
        two = Two()
        two.register_full_backward_hook(lambda m, gi, go: calls.append(([g.tolist() for g in gi],
                                                                          [g.tolist() for g in go])))
        a = lib.tensor([1.0, 2.0], requires_grad=True)
        p, s = two(a, lib.tensor([3.0, 4.0]))
        (p.sum() + 2 * s.sum()).backward()
        seen.append((calls, a.grad.tolist()))
    assert seen[0] == seen[1]


def test_full_backward_pre_hook_may_replace_grad_output_and_handles_remove_as_torch():
    grads = []
    for lib in (minigrad, torch):
        lin = _linear(lib)
        handle = lin.register_full_backward_pre_hook(lambda m, go: (go[0] * 3,))
        x = lib.ones(2, 3, requires_grad=True)
        lin(x).sum().backward()
        handle.remove()
        y = lib.ones(2, 3, requires_grad=True)
        lin(y).sum().backward()
        grads.append((x.grad.tolist(), y.grad.tolist()))
    assert grads[0] == grads[1]


def test_a_deep_copied_module_registers_new_parameters_and_buffers_on_itself():
    m = copy.deepcopy(minigrad.nn.Linear(2, 3))
    m.weight = minigrad.nn.Parameter(minigrad.zeros(3, 2))
    m.register_buffer("count", minigrad.zeros(1))
    assert tuple(m.weight.shape) == (3, 2) and float(m.weight.sum()) == 0.0
    assert list(m.state_dict()) == ["weight", "bias", "count"]
    assert m.count is m._buffers["count"]


@pytest.mark.parametrize("L", [minigrad, torch], ids=["minigrad", "torch"])
def test_parameter_dict_has_the_dict_methods_as_torchs(L):
    params = L.nn.ParameterDict({"a": L.ones(1), "b": L.zeros(2)})
    assert params.get("a").shape == (1,) and params.get("z") is None
    assert params.pop("a").shape == (1,) and list(params.keys()) == ["b"]
    assert params.setdefault("d", L.ones(4)).shape == (4,)
    params["c"] = L.ones(3)
    assert params.popitem()[0] == "c"
    merged = params | {"y": L.ones(1)}
    assert list(merged.keys()) == ["b", "d", "y"] and merged["b"] is params["b"]
    assert list(params.copy().keys()) == ["b", "d"] and list(params.fromkeys(["p"], L.ones(1)).keys()) == ["p"]
    params.clear()
    assert len(params) == 0


@pytest.mark.parametrize("args,kwargs", [((), {"foo": 1}), ((1, 2), {}), ((1,), {"x": 2})])
def test_module_init_refuses_extra_arguments_with_torchs_message(args, kwargs):
    with pytest.raises(TypeError) as expected:
        torch.nn.Module(*args, **kwargs)
    with pytest.raises(TypeError, match=f"^{re.escape(str(expected.value))}$"):
        minigrad.nn.Module(*args, **kwargs)
