"""SGD / Adam / AdamW / RMSprop / Adagrad steps against PyTorch on fixed gradients (no model in the loop)."""
import numpy as np
import pytest
import torch
from hypothesis import given, strategies as st

import minigrad
import minigrad.nn as nn

SGD_CONFIGS = [dict(lr=0.1), dict(lr=0.1, momentum=0.9), dict(lr=0.1, momentum=0.9, nesterov=True),
               dict(lr=0.1, momentum=0.9, dampening=0.5), dict(lr=0.1, weight_decay=0.1),
               dict(lr=0.05, momentum=0.7, weight_decay=0.01, nesterov=True),
               dict(lr=0.1, momentum=0.9, maximize=True)]
ADAM_CONFIGS = [dict(), dict(lr=0.01, betas=(0.5, 0.9)), dict(lr=0.01, weight_decay=0.1),
                dict(lr=0.01, eps=1e-3), dict(lr=0.01, betas=(0.2, 0.5)), dict(lr=0.01, amsgrad=True),
                dict(lr=0.01, maximize=True)]
ADAGRAD_CONFIGS = [dict(), dict(lr=0.1, lr_decay=0.05), dict(lr=0.05, weight_decay=0.1, initial_accumulator_value=0.5),
                   dict(lr=0.05, eps=1e-3, maximize=True)]
RMSPROP_CONFIGS = [dict(), dict(lr=0.05, momentum=0.9), dict(lr=0.01, centered=True, weight_decay=0.1),
                   dict(lr=0.02, centered=True, momentum=0.5, alpha=0.9), dict(lr=0.01, eps=1e-3, maximize=True)]


def run(name, kwargs, steps, seed, dtype="float64", skip=()):
    """Same parameters and gradient sequence for both libraries; returns final params of each."""
    rng = np.random.default_rng(seed)
    shapes = [(3, 4), (4,), ()]
    init = [rng.standard_normal(s).astype(dtype) for s in shapes]
    grads = [[rng.standard_normal(s).astype(dtype) for s in shapes] for _ in range(steps)]
    out = []
    for L in (minigrad, torch):
        params = [L.nn.Parameter(L.tensor(a.copy())) for a in init]
        opt = getattr(L.optim, name)(params, **kwargs)
        for i, gs in enumerate(grads):
            for j, (p, g) in enumerate(zip(params, gs)):
                p.grad = None if (i, j) in skip else L.tensor(g)
            opt.step()
        out.append([p.detach().numpy().copy() for p in params])
    return out


@pytest.mark.parametrize("kwargs", SGD_CONFIGS)
@given(seed=st.integers(0, 10 ** 6), steps=st.integers(1, 12))
def test_sgd_matches_pytorch(kwargs, seed, steps):
    mine, theirs = run("SGD", kwargs, steps, seed)
    for a, b in zip(mine, theirs):
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize("name", ["Adam", "AdamW"])
@pytest.mark.parametrize("kwargs", ADAM_CONFIGS)
@given(seed=st.integers(0, 10 ** 6), steps=st.integers(1, 12))
def test_adam_matches_pytorch(name, kwargs, seed, steps):
    mine, theirs = run(name, kwargs, steps, seed)
    for a, b in zip(mine, theirs):
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize("kwargs", RMSPROP_CONFIGS)
@given(seed=st.integers(0, 10 ** 6), steps=st.integers(1, 12))
def test_rmsprop_matches_pytorch(kwargs, seed, steps):
    mine, theirs = run("RMSprop", kwargs, steps, seed)
    for a, b in zip(mine, theirs):
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize("kwargs", ADAGRAD_CONFIGS)
@given(seed=st.integers(0, 10 ** 6), steps=st.integers(1, 12))
def test_adagrad_matches_pytorch(kwargs, seed, steps):
    mine, theirs = run("Adagrad", kwargs, steps, seed)
    for a, b in zip(mine, theirs):
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-14)


def test_adagrad_keeps_pytorchs_state_from_the_start():
    states = []
    for L in (minigrad, torch):
        opt = L.optim.Adagrad([L.nn.Parameter(L.ones(2))], initial_accumulator_value=0.1)
        state = opt.state_dict()["state"][0]
        states.append({k: (str(v.dtype), v.tolist()) for k, v in state.items()})
    assert states[0] == states[1]


@pytest.mark.parametrize("name,kwargs", [("SGD", dict(lr=0.1, momentum=0.9)), ("Adam", dict(lr=0.01)),
                                         ("RMSprop", dict(lr=0.01, momentum=0.9, centered=True)),
                                         ("Adagrad", dict(lr=0.1, lr_decay=0.01))])
def test_float32_steps_match_pytorch(name, kwargs):
    mine, theirs = run(name, kwargs, 10, 0, dtype="float32")
    for a, b in zip(mine, theirs):
        assert a.dtype == np.float32
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("name,kwargs", [("SGD", dict(lr=0.1, momentum=0.9)), ("Adam", dict(lr=0.01)),
                                         ("RMSprop", dict(momentum=0.9)), ("Adagrad", dict(lr_decay=0.1))])
def test_parameters_without_grad_are_skipped_like_pytorch(name, kwargs):
    mine, theirs = run(name, kwargs, 6, 1, skip={(0, 0), (2, 1), (3, 1), (4, 2)})
    for a, b in zip(mine, theirs):
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-14)


class _TensorSubclass(minigrad.Tensor):
    """A parameter of another class: its ``grad`` is read through the property, not the slot."""


def _plain_sgd_updated(maximize, dtype):
    """The parameters after three SGD steps (lr 0.1): the plain path, or with ``maximize`` the general
    per-parameter one given the negated gradients (a negation is exact: the same update)."""
    rng = np.random.default_rng(0)
    shapes = [(3, 4), (4,), (1,), (2, 1)]
    params = [nn.Parameter(minigrad.tensor(rng.standard_normal(s).astype(dtype))) for s in shapes]
    params.append(minigrad.tensor(rng.standard_normal(3).astype(dtype)).as_subclass(_TensorSubclass).requires_grad_())
    params.append(nn.Parameter(minigrad.ones(2, dtype=getattr(minigrad, dtype))))  # (no gradient: skipped)
    opt = minigrad.optim.SGD(params, lr=0.1, maximize=maximize)
    for _ in range(3):
        for p in params[:-1]:
            g = minigrad.tensor(rng.standard_normal(tuple(p.shape)).astype(dtype))
            p.grad = -g if maximize else g
        opt.step()
    return [p.detach().numpy().tobytes() for p in params]


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_plain_sgd_fast_path_updates_as_the_general_per_parameter_path(dtype):
    assert _plain_sgd_updated(False, dtype) == _plain_sgd_updated(True, dtype)


def test_zero_grad_drops_the_gradient_of_every_kind_of_parameter():
    params = [nn.Parameter(minigrad.ones(2)), minigrad.ones(2, requires_grad=True),
              minigrad.ones(2).as_subclass(_TensorSubclass).requires_grad_()]
    opt = minigrad.optim.SGD(params, lr=0.1)
    for p in params:
        p.grad = minigrad.ones(2)
    opt.zero_grad()
    assert [p.grad for p in params] == [None, None, None]


def test_step_runs_closure_and_returns_its_loss():
    p = nn.Parameter(minigrad.tensor([1.0, 2.0]))
    opt = minigrad.optim.SGD([p], lr=0.1)

    def closure():
        opt.zero_grad()
        loss = (p * p).sum()
        loss.backward()
        return loss
    loss = opt.step(closure)
    assert float(loss) == 5.0
    np.testing.assert_allclose(p.detach().numpy(), [0.8, 1.6], rtol=1e-6)


def test_step_keeps_parameter_identity_and_leaf_status():
    p = nn.Parameter(minigrad.ones(3))
    opt = minigrad.optim.Adam([p])
    p.grad = minigrad.ones(3)
    opt.step()
    assert p.is_leaf and p.requires_grad and p.grad_fn is None


@pytest.mark.parametrize("bad,match", [(dict(lr=-1), "learning rate"), (dict(momentum=-0.1), "momentum"),
                                       (dict(weight_decay=-1), "weight_decay"),
                                       (dict(nesterov=True), "Nesterov"),
                                       (dict(nesterov=True, momentum=0.9, dampening=0.1), "Nesterov")])
def test_sgd_rejects_invalid_options(bad, match):
    with pytest.raises(ValueError, match=match):
        minigrad.optim.SGD([nn.Parameter(minigrad.ones(1))], **{"lr": 0.1, **bad})


@pytest.mark.parametrize("bad,match", [(dict(lr=-1), "learning rate"), (dict(eps=-1), "epsilon"),
                                       (dict(betas=(1.0, 0.9)), "index 0"), (dict(betas=(0.9, -0.1)), "index 1"),
                                       (dict(weight_decay=-1), "weight_decay")])
def test_adam_rejects_invalid_options(bad, match):
    with pytest.raises(ValueError, match=match):
        minigrad.optim.Adam([nn.Parameter(minigrad.ones(1))], **bad)


@pytest.mark.parametrize("bad,match", [(dict(lr=-1), "learning rate"), (dict(eps=-1), "epsilon"),
                                       (dict(momentum=-0.1), "momentum"), (dict(weight_decay=-1), "weight_decay"),
                                       (dict(alpha=-0.5), "alpha")])
def test_rmsprop_rejects_invalid_options_as_pytorch(bad, match):
    for L in (minigrad, torch):
        with pytest.raises(ValueError, match=f"Invalid {match}"):
            L.optim.RMSprop([L.nn.Parameter(L.ones(1))], **bad)


@pytest.mark.parametrize("bad,match", [(dict(lr=-1), "learning rate"), (dict(lr_decay=-1), "lr_decay"),
                                       (dict(weight_decay=-1), "weight_decay"),
                                       (dict(initial_accumulator_value=-1), "initial_accumulator_value"),
                                       (dict(eps=-1), "epsilon")])
def test_adagrad_rejects_invalid_options_as_pytorch(bad, match):
    for L in (minigrad, torch):
        with pytest.raises(ValueError, match=f"Invalid {match}"):
            L.optim.Adagrad([L.nn.Parameter(L.ones(1))], **bad)


def test_rmsprop_keeps_pytorchs_state():
    states = []
    for L in (minigrad, torch):
        p = L.nn.Parameter(L.ones(2))
        opt = L.optim.RMSprop([p], momentum=0.9, centered=True)
        p.grad = L.ones(2)
        opt.step()
        state = opt.state_dict()["state"][0]
        states.append({k: (str(v.dtype), tuple(v.shape)) for k, v in state.items()})
    assert states[0] == states[1]


def test_defaults_match_pytorch():
    for name in ("SGD", "Adam", "AdamW", "RMSprop", "Adagrad"):
        mine = getattr(minigrad.optim, name)([nn.Parameter(minigrad.ones(1))])
        theirs = getattr(torch.optim, name)([torch.nn.Parameter(torch.ones(1))])
        assert mine.defaults == theirs.defaults
        assert repr(mine) == repr(theirs)
