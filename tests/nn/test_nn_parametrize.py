"""nn.utils.parametrize against torch: where the original tensors go (names, state_dict keys,
the generated class), the parametrized values and their gradients, assignment through
right_inverse, chained and multi-tensor parametrizations, caching, removal, transfer, and the
errors PyTorch raises."""
import copy
import pickle

import numpy as np
import pytest
import torch
from hypothesis import given, strategies as st

import minigrad

LIBS = (minigrad, torch)


def _same(a, b, rtol=1e-7):
    np.testing.assert_allclose(np.asarray(a.detach().tolist()), np.asarray(b.detach().tolist()), rtol=rtol, atol=1e-12)


def _parametrizations(lib):
    """Symmetric (with right_inverse), Scale (without), RankOne (two originals), Double (changes dtype)."""
    nn = lib.nn

    class Symmetric(nn.Module):
        def forward(self, X):
            return X.triu() + X.triu(1).mT

        def right_inverse(self, A):
            return A.triu()

    class Scale(nn.Module):
        def forward(self, X):
            return 3.0 * X

    class RankOne(nn.Module):
        def forward(self, x, y):
            return x.unsqueeze(-1) @ y.unsqueeze(-2)

        def right_inverse(self, Z):
            return Z[:, 0].clone(), Z[0, :].clone()

    class Double(nn.Module):
        def forward(self, X):
            return X.double()

    return Symmetric, Scale, RankOne, Double


def _linear(lib, weight, bias=None):
    """A float64 Linear with the given NumPy weight (and bias)."""
    out_f, in_f = weight.shape
    m = lib.nn.Linear(in_f, out_f, bias=bias is not None).double()
    with lib.no_grad():
        m.weight.copy_(lib.tensor(weight))
        if bias is not None:
            m.bias.copy_(lib.tensor(bias))
    return m


square = st.integers(1, 4).flatmap(lambda n: st.lists(st.floats(-3, 3), min_size=n * n, max_size=n * n)
                                   .map(lambda v: np.array(v, dtype=np.float64).reshape(n, n)))


def test_registration_moves_the_weight_under_torchs_state_dict_keys():
    mods = {}
    for lib in LIBS:
        m = lib.nn.utils.parametrize.register_parametrization(lib.nn.Linear(3, 3), "weight", _parametrizations(lib)[0]())
        mods[lib] = m
    assert list(mods[minigrad].state_dict()) == list(mods[torch].state_dict()) == \
        ["bias", "parametrizations.weight.original"]
    assert [n for n, _ in mods[minigrad].named_parameters()] == [n for n, _ in mods[torch].named_parameters()]


def test_registration_gives_the_module_a_generated_subclass_as_torch():
    m = minigrad.nn.Linear(3, 3)
    minigrad.nn.utils.parametrize.register_parametrization(m, "weight", _parametrizations(minigrad)[0]())
    assert type(m).__name__ == "ParametrizedLinear"
    assert type(m).__bases__ == (minigrad.nn.Linear,)
    assert type(minigrad.nn.Linear(3, 3)) is minigrad.nn.Linear
    assert not hasattr(minigrad.nn.Linear, "weight")


def test_repr_of_a_parametrized_module_matches_torch():
    reprs = [repr(lib.nn.utils.parametrize.register_parametrization(lib.nn.Linear(3, 3), "weight",
                                                                    _parametrizations(lib)[0]())) for lib in LIBS]
    assert reprs[0].replace("Symmetric", "S") == reprs[1].replace("Symmetric", "S")


@given(square, st.integers(0, 2 ** 16))
def test_parametrized_weight_and_its_gradient_match_torch(weight, seed):
    out = {}
    upstream = np.random.default_rng(seed).standard_normal(weight.shape)
    for lib in LIBS:
        m = lib.nn.utils.parametrize.register_parametrization(_linear(lib, weight), "weight", _parametrizations(lib)[0]())
        w = m.weight
        (w * lib.tensor(upstream)).sum().backward()
        out[lib] = (w, m.parametrizations.weight.original, m.parametrizations.weight.original.grad)
    for mine, theirs in zip(out[minigrad], out[torch]):
        _same(mine, theirs)


@given(square)
def test_assignment_stores_right_inverse_of_the_value_as_torch(weight):
    out = {}
    for lib in LIBS:
        m = lib.nn.utils.parametrize.register_parametrization(lib.nn.Linear(weight.shape[1], weight.shape[0]).double(),
                                                              "weight", _parametrizations(lib)[0]())
        original = m.parametrizations.weight.original
        m.weight = lib.tensor(weight)
        assert m.parametrizations.weight.original is original
        out[lib] = (original, m.weight)
    for mine, theirs in zip(out[minigrad], out[torch]):
        _same(mine, theirs)


def test_assignment_without_right_inverse_raises_runtime_error_as_torch():
    for lib in LIBS:
        m = lib.nn.utils.parametrize.register_parametrization(lib.nn.Linear(2, 2), "weight", _parametrizations(lib)[1]())
        with pytest.raises(RuntimeError, match="does not implement right_inverse"):
            m.weight = lib.zeros(2, 2)


def test_assigning_a_parameter_to_a_parametrized_name_raises_key_error_as_torch():
    for lib in LIBS:
        m = lib.nn.utils.parametrize.register_parametrization(lib.nn.Linear(2, 2), "weight", _parametrizations(lib)[1]())
        with pytest.raises(KeyError, match="already exists"):
            m.weight = lib.nn.Parameter(lib.zeros(2, 2))


@given(square.filter(lambda w: w.shape[0] > 1), st.integers(0, 2 ** 16))
def test_a_right_inverse_returning_two_tensors_registers_original0_and_original1(weight, seed):
    out = {}
    upstream = np.random.default_rng(seed).standard_normal(weight.shape)
    for lib in LIBS:
        m = lib.nn.utils.parametrize.register_parametrization(_linear(lib, weight), "weight", _parametrizations(lib)[2]())
        (m.weight * lib.tensor(upstream)).sum().backward()
        plist = m.parametrizations.weight
        out[lib] = (list(m.state_dict()), m.weight, plist.original0, plist.original1, plist.original0.grad,
                    plist.original1.grad)
    assert out[minigrad][0] == out[torch][0] == ["parametrizations.weight.original0", "parametrizations.weight.original1"]
    for mine, theirs in zip(out[minigrad][1:], out[torch][1:]):
        _same(mine, theirs)


@given(square, st.integers(0, 2 ** 16))
def test_chained_parametrizations_apply_in_registration_order_as_torch(weight, seed):
    out = {}
    upstream = np.random.default_rng(seed).standard_normal(weight.shape)
    for lib in LIBS:
        symmetric, scale = _parametrizations(lib)[:2]
        m = _linear(lib, weight)
        lib.nn.utils.parametrize.register_parametrization(m, "weight", scale())
        lib.nn.utils.parametrize.register_parametrization(m, "weight", symmetric())
        (m.weight * lib.tensor(upstream)).sum().backward()
        out[lib] = (m.weight, m.parametrizations.weight.original.grad, len(m.parametrizations.weight))
    assert out[minigrad][2] == out[torch][2] == 2
    for mine, theirs in zip(out[minigrad][:2], out[torch][:2]):
        _same(mine, theirs)


def test_a_parametrization_changing_the_dtype_needs_unsafe_as_torch():
    for lib in LIBS:
        double = _parametrizations(lib)[3]
        with pytest.raises(ValueError, match="may not change the dtype"):
            lib.nn.utils.parametrize.register_parametrization(lib.nn.Linear(2, 2), "weight", double())
        m = lib.nn.utils.parametrize.register_parametrization(lib.nn.Linear(2, 2), "weight", double(), unsafe=True)
        assert m.weight.dtype == lib.float64


def test_a_parametrization_changing_the_shape_needs_unsafe_as_torch():
    for lib in LIBS:
        class Flat(lib.nn.Module):
            def forward(self, X):
                return X.flatten()
        with pytest.raises(ValueError, match="may not change the shape"):
            lib.nn.utils.parametrize.register_parametrization(lib.nn.Linear(2, 2), "weight", Flat())
        m = lib.nn.utils.parametrize.register_parametrization(lib.nn.Linear(2, 2), "weight", Flat(), unsafe=True)
        assert tuple(m.weight.shape) == (4,)


def test_registering_on_a_missing_name_raises_value_error_as_torch():
    for lib in LIBS:
        with pytest.raises(ValueError, match="does not have a parameter, a buffer, or a parametrized element"):
            lib.nn.utils.parametrize.register_parametrization(lib.nn.Linear(2, 2), "nothere", lib.nn.Identity())


def test_a_parametrized_buffer_keeps_its_original_as_a_buffer_as_torch():
    keys = {}
    for lib in LIBS:
        m = lib.nn.BatchNorm1d(3)
        lib.nn.utils.parametrize.register_parametrization(m, "running_var", _parametrizations(lib)[1]())
        keys[lib] = ([n for n, _ in m.named_buffers()], [n for n, _ in m.named_parameters()])
        _same(m.running_var, torch.full((3,), 3.0))
    assert keys[minigrad] == keys[torch]


@pytest.mark.parametrize("leave_parametrized", [True, False])
def test_remove_parametrizations_restores_the_class_and_a_plain_parameter(leave_parametrized):
    weight = np.arange(9.0).reshape(3, 3)
    out = {}
    for lib in LIBS:
        m = lib.nn.utils.parametrize.register_parametrization(_linear(lib, weight), "weight", _parametrizations(lib)[0]())
        lib.nn.utils.parametrize.remove_parametrizations(m, "weight", leave_parametrized=leave_parametrized)
        assert type(m) is lib.nn.Linear and not hasattr(m, "parametrizations")
        assert isinstance(m.weight, lib.nn.Parameter)
        out[lib] = (list(m.state_dict()), m.weight)
    assert out[minigrad][0] == out[torch][0] == ["weight"]
    _same(out[minigrad][1], out[torch][1])


def test_removing_one_of_two_parametrizations_keeps_the_other_as_torch():
    out = {}
    for lib in LIBS:
        symmetric, scale = _parametrizations(lib)[:2]
        m = lib.nn.Linear(2, 2)
        lib.nn.utils.parametrize.register_parametrization(m, "weight", symmetric())
        lib.nn.utils.parametrize.register_parametrization(m, "bias", scale())
        lib.nn.utils.parametrize.remove_parametrizations(m, "weight")
        out[lib] = (type(m).__name__, list(m.state_dict()))
    assert out[minigrad] == out[torch]


def test_removing_a_multi_tensor_parametrization_unparametrized_raises_value_error_as_torch():
    for lib in LIBS:
        m = lib.nn.utils.parametrize.register_parametrization(lib.nn.Linear(2, 2), "weight", _parametrizations(lib)[2]())
        with pytest.raises(ValueError, match="Cannot leave unparametrized"):
            lib.nn.utils.parametrize.remove_parametrizations(m, "weight", leave_parametrized=False)


def test_removing_what_is_not_parametrized_raises_value_error_as_torch():
    for lib in LIBS:
        with pytest.raises(ValueError, match="does not have a parametrization on weight"):
            lib.nn.utils.parametrize.remove_parametrizations(lib.nn.Linear(2, 2), "weight")


def test_cached_computes_each_parametrized_tensor_once_inside_the_context():
    P = minigrad.nn.utils.parametrize
    m = P.register_parametrization(minigrad.nn.Linear(2, 2), "weight", _parametrizations(minigrad)[0]())
    with P.cached():
        assert m.weight is m.weight
        with P.cached():
            first = m.weight
        assert m.weight is first  # the outer context still holds it
    assert m.weight is not m.weight


def test_is_parametrized_and_type_before_parametrizations_answer_as_torch():
    for lib in LIBS:
        P = lib.nn.utils.parametrize
        m = lib.nn.Linear(2, 2)
        assert not P.is_parametrized(m) and P.type_before_parametrizations(m) is lib.nn.Linear
        P.register_parametrization(m, "weight", _parametrizations(lib)[1]())
        assert P.is_parametrized(m) and P.is_parametrized(m, "weight") and not P.is_parametrized(m, "bias")
        assert P.type_before_parametrizations(m) is lib.nn.Linear


@pytest.mark.parametrize("source", [minigrad, torch])
def test_state_dicts_of_parametrized_modules_load_both_ways(source):
    target = torch if source is minigrad else minigrad
    mods = {}
    for lib in LIBS:
        lib.manual_seed(0 if lib is source else 1)
        mods[lib] = lib.nn.utils.parametrize.register_parametrization(lib.nn.Linear(3, 3), "weight",
                                                                      _parametrizations(lib)[2]())
    state = mods[source].state_dict()
    if target is torch:  # (torch reads only its own tensors; minigrad reads torch's)
        state = {k: torch.tensor(v.numpy()) for k, v in state.items()}
    mods[target].load_state_dict(state)
    _same(mods[target].weight, mods[source].weight)


def test_deepcopy_keeps_the_parametrization_and_pickling_refuses_as_torch():
    m = minigrad.nn.utils.parametrize.register_parametrization(minigrad.nn.Linear(2, 2), "weight",
                                                               _parametrizations(minigrad)[1]())
    c = copy.deepcopy(m)
    assert type(c) is type(m) and c.parametrizations.weight.original is not m.parametrizations.weight.original
    _same(c.weight, m.weight)
    with pytest.raises(RuntimeError, match="only supported through state_dict"):
        pickle.dumps(m)


def test_transfer_parametrizations_and_params_shares_the_originals_as_torch():
    out = {}
    for lib in LIBS:
        P = lib.nn.utils.parametrize
        source = P.register_parametrization(lib.nn.Linear(3, 3), "weight", _parametrizations(lib)[0]())
        target = P.transfer_parametrizations_and_params(source, lib.nn.Linear(3, 3))
        assert target.parametrizations.weight.original is source.parametrizations.weight.original
        out[lib] = (type(target).__name__, list(target.state_dict()))
        _same(target.weight, source.weight)
    assert out[minigrad] == out[torch]


def test_transfer_creates_the_parameter_on_a_module_lacking_it_as_torch():
    for lib in LIBS:
        P = lib.nn.utils.parametrize
        source = P.register_parametrization(lib.nn.Linear(2, 2), "weight", _parametrizations(lib)[1]())
        target = P.transfer_parametrizations_and_params(source, lib.nn.Identity())
        assert P.is_parametrized(target, "weight")
        _same(target.weight, source.weight)


def test_parametrizations_follow_the_modules_training_mode_as_torch():
    for lib in LIBS:
        m = lib.nn.Linear(2, 2).eval()
        p = _parametrizations(lib)[1]()
        lib.nn.utils.parametrize.register_parametrization(m, "weight", p)
        assert p.training is False
        m.train()
        assert p.training is True
