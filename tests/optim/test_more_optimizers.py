"""NAdam / RAdam / Adamax / Adadelta / Rprop / ASGD against PyTorch: trajectories over many steps for
random hyperparameters, their state and state_dict, a resume from a saved state, and bad options."""
import io

import numpy as np
import pytest
import torch
from hypothesis import given, settings, strategies as st

import minigrad

NAMES = ["NAdam", "RAdam", "Adamax", "Adadelta", "Rprop", "ASGD"]

unit = st.floats(0.0, 0.999)
lr = st.floats(1e-4, 0.5)
weight_decay = st.one_of(st.just(0.0), st.floats(1e-4, 0.5))
betas = st.tuples(st.floats(0.0, 0.99), st.floats(0.0, 0.999))
eps = st.floats(1e-10, 1e-2)

OPTIONS = {
    "NAdam": st.fixed_dictionaries({"lr": lr, "betas": betas, "eps": eps, "weight_decay": weight_decay,
                                    "momentum_decay": st.floats(0.0, 0.5),
                                    "decoupled_weight_decay": st.booleans(), "maximize": st.booleans()}),
    "RAdam": st.fixed_dictionaries({"lr": lr, "betas": betas, "eps": eps, "weight_decay": weight_decay,
                                    "decoupled_weight_decay": st.booleans(), "maximize": st.booleans()}),
    "Adamax": st.fixed_dictionaries({"lr": lr, "betas": betas, "eps": eps, "weight_decay": weight_decay,
                                     "maximize": st.booleans()}),
    "Adadelta": st.fixed_dictionaries({"lr": lr, "rho": st.floats(0.0, 1.0), "eps": eps,
                                       "weight_decay": weight_decay, "maximize": st.booleans()}),
    "Rprop": st.fixed_dictionaries({"lr": lr, "etas": st.tuples(st.floats(0.01, 0.99), st.floats(1.01, 3.0)),
                                    "step_sizes": st.tuples(st.floats(1e-7, 1e-2), st.floats(0.02, 50.0)),
                                    "maximize": st.booleans()}),
    "ASGD": st.fixed_dictionaries({"lr": lr, "lambd": st.floats(0.0, 0.2), "alpha": st.floats(0.0, 1.0),
                                   "t0": st.one_of(st.just(1e6), st.integers(0, 20).map(float)),
                                   "weight_decay": weight_decay, "maximize": st.booleans()}),
}


def run(lib, name, options, grads, init, skip=(), resume_at=None):
    """Parameters after each step of ``name`` fed the gradient sequence ``grads``; at step ``resume_at``
    the state goes through a file into a fresh optimizer."""
    params = [lib.nn.Parameter(lib.tensor(a.copy())) for a in init]
    opt = getattr(lib.optim, name)(params, **options)
    trajectory = []
    for i, gs in enumerate(grads):
        if i == resume_at:
            buffer = io.BytesIO()
            lib.save(opt.state_dict(), buffer)
            buffer.seek(0)
            opt = getattr(lib.optim, name)(params, **options)
            opt.load_state_dict(lib.load(buffer))
        for j, (p, g) in enumerate(zip(params, gs)):
            p.grad = None if (i, j) in skip else lib.tensor(g)
        opt.step()
        trajectory.append([p.detach().numpy().copy() for p in params])
    return trajectory


def problem(seed, steps, dtype="float64"):
    rng = np.random.default_rng(seed)
    shapes = [(3, 4), (5,), ()]
    init = [rng.standard_normal(s).astype(dtype) for s in shapes]
    grads = [[rng.standard_normal(s).astype(dtype) for s in shapes] for _ in range(steps)]
    return init, grads


def assert_same_trajectory(ours, theirs, rtol=1e-7, atol=1e-12):
    for step, (mine, torchs) in enumerate(zip(ours, theirs)):
        for a, b in zip(mine, torchs):
            assert a.dtype == b.dtype
            np.testing.assert_allclose(a, b, rtol=rtol, atol=atol, err_msg=f"after step {step + 1}")


@pytest.mark.parametrize("name", NAMES)
@settings(max_examples=25, deadline=None)
@given(data=st.data(), seed=st.integers(0, 10 ** 6), steps=st.integers(1, 40))
def test_trajectory_matches_pytorch_for_random_options(name, data, seed, steps):
    options = data.draw(OPTIONS[name])
    init, grads = problem(seed, steps)
    assert_same_trajectory(run(minigrad, name, options, grads, init), run(torch, name, options, grads, init))


@pytest.mark.parametrize("name", NAMES)
@settings(max_examples=10, deadline=None)
@given(data=st.data(), seed=st.integers(0, 10 ** 6))
def test_resuming_from_a_saved_state_continues_pytorchs_trajectory(name, data, seed):
    options = data.draw(OPTIONS[name])
    resume_at = data.draw(st.integers(1, 11))
    init, grads = problem(seed, 12)
    assert_same_trajectory(run(minigrad, name, options, grads, init, resume_at=resume_at),
                           run(torch, name, options, grads, init, resume_at=resume_at))


@pytest.mark.parametrize("name", NAMES)
def test_parameters_without_grad_are_skipped_like_pytorch(name):
    init, grads = problem(1, 8)
    skip = {(0, 0), (2, 1), (3, 1), (4, 2), (7, 0)}
    assert_same_trajectory(run(minigrad, name, {}, grads, init, skip=skip),
                           run(torch, name, {}, grads, init, skip=skip))


@pytest.mark.parametrize("name", NAMES)
def test_float32_trajectory_matches_pytorch(name):
    init, grads = problem(2, 20, dtype="float32")
    assert_same_trajectory(run(minigrad, name, {}, grads, init), run(torch, name, {}, grads, init),
                           rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("name", NAMES)
def test_state_dict_has_pytorchs_keys_dtypes_and_shapes(name):
    layouts = []
    for lib in (minigrad, torch):
        p = lib.nn.Parameter(lib.ones(2, 3, dtype=lib.float64))
        opt = getattr(lib.optim, name)([p])
        p.grad = lib.ones(2, 3, dtype=lib.float64)
        opt.step()
        opt.step()
        state_dict = opt.state_dict()
        state = {k: (str(v.dtype), tuple(v.shape), v.tolist() if v.dim() == 0 else None)
                 for k, v in state_dict["state"][0].items()}
        layouts.append((list(state_dict["state"][0]), state, state_dict["param_groups"]))
    assert layouts[0] == layouts[1]


@pytest.mark.parametrize("name", NAMES)
def test_defaults_and_repr_match_pytorch(name):
    mine = getattr(minigrad.optim, name)([minigrad.nn.Parameter(minigrad.ones(1))])
    theirs = getattr(torch.optim, name)([torch.nn.Parameter(torch.ones(1))])
    assert mine.defaults == theirs.defaults
    assert repr(mine) == repr(theirs)


BAD_OPTIONS = [
    ("NAdam", dict(lr=-1)), ("NAdam", dict(eps=-1)), ("NAdam", dict(betas=(1.0, 0.9))),
    ("NAdam", dict(betas=(0.9, -0.1))), ("NAdam", dict(weight_decay=-1)), ("NAdam", dict(momentum_decay=-1)),
    ("RAdam", dict(lr=-1)), ("RAdam", dict(betas=(0.9, 1.0))), ("RAdam", dict(weight_decay=-1)),
    ("Adamax", dict(lr=-1)), ("Adamax", dict(eps=-1)), ("Adamax", dict(betas=(-0.1, 0.9))),
    ("Adadelta", dict(lr=-1)), ("Adadelta", dict(rho=1.5)), ("Adadelta", dict(eps=-1)),
    ("Adadelta", dict(weight_decay=-1)),
    ("Rprop", dict(lr=-1)), ("Rprop", dict(etas=(1.0, 1.2))), ("Rprop", dict(etas=(0.5, 1.0))),
    ("ASGD", dict(lr=-1)), ("ASGD", dict(weight_decay=-1)),
]


@pytest.mark.parametrize("name,bad", BAD_OPTIONS)
def test_invalid_options_raise_pytorchs_value_error(name, bad):
    messages = []
    for lib in (minigrad, torch):
        with pytest.raises(ValueError) as info:
            getattr(lib.optim, name)([lib.nn.Parameter(lib.ones(1))], **bad)
        messages.append(str(info.value))
    assert messages[0] == messages[1]


@pytest.mark.parametrize("name", NAMES)
def test_step_returns_the_closures_loss(name):
    p = minigrad.nn.Parameter(minigrad.tensor([1.0, 2.0]))
    opt = getattr(minigrad.optim, name)([p])

    def closure():
        opt.zero_grad()
        loss = (p * p).sum()
        loss.backward()
        return loss
    assert float(opt.step(closure)) == 5.0
    assert p.grad is not None


@pytest.mark.parametrize("name", NAMES)
def test_a_pytorch_optimizer_state_loads_into_minigrad_and_continues_its_trajectory(name):
    init, grads = problem(4, 8)
    torch_params = [torch.nn.Parameter(torch.tensor(a.copy())) for a in init]
    torch_opt = getattr(torch.optim, name)(torch_params)
    for i, gs in enumerate(grads):
        if i == 4:  # PyTorch's state, straight into a fresh minigrad optimizer on the same parameters
            params = [minigrad.nn.Parameter(minigrad.tensor(p.detach().numpy().copy())) for p in torch_params]
            opt = getattr(minigrad.optim, name)(params)
            opt.load_state_dict(torch_opt.state_dict())
        for p, g in zip(torch_params, gs):
            p.grad = torch.tensor(g)
        torch_opt.step()
        if i >= 4:
            for p, g in zip(params, gs):
                p.grad = minigrad.tensor(g)
            opt.step()
    assert_same_trajectory([[p.detach().numpy() for p in params]], [[p.detach().numpy() for p in torch_params]])


@pytest.mark.parametrize("name, options", [
    ("Adam", {}), ("Adam", {"amsgrad": True}), ("AdamW", {}), ("NAdam", {}), ("RAdam", {}), ("Adagrad", {}),
    ("Adadelta", {}), ("RMSprop", {"momentum": 0.9, "centered": True}), ("Adamax", {}), ("Rprop", {}),
    ("ASGD", {}), ("SGD", {"momentum": 0.9}), ("Adam", {"maximize": True, "weight_decay": 0.1}),
], ids=str)
def test_complex_parameters_are_updated_as_pytorchs_as_real_pairs(name, options):
    result = {}
    for L in (minigrad, torch):
        p = L.nn.Parameter(L.tensor([1 + 1j, 2 - 1j, -0.5 + 2j], dtype=L.complex128))
        opt = getattr(L.optim, name)([p], lr=0.1, **options)
        for _ in range(6):
            opt.zero_grad()
            (p.abs() ** 3).sum().backward()
            opt.step()
        result[L] = L.view_as_real(p.detach()).flatten().tolist()
    np.testing.assert_allclose(result[minigrad], result[torch], rtol=1e-7, atol=1e-12)
