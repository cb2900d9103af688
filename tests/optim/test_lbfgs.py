"""LBFGS against PyTorch: the iterates, losses and evaluation counts of each step for random options
(with and without the strong-Wolfe line search), its state_dict, a resume, and its errors."""
import copy
import io

import numpy as np
import pytest
import torch
from hypothesis import given, settings, strategies as st

import minigrad

options = st.fixed_dictionaries({
    "lr": st.floats(0.05, 1.0),
    "max_iter": st.integers(1, 15),
    "max_eval": st.one_of(st.none(), st.integers(1, 25)),
    "tolerance_grad": st.sampled_from([1e-7, 1e-3]),
    "tolerance_change": st.sampled_from([1e-9, 1e-5]),
    "history_size": st.integers(1, 8),
    "line_search_fn": st.sampled_from([None, "strong_wolfe"]),
})


def make_problem(lib, seed, dtype="float64", network=False):
    """Parameters and a loss: L2-regularised logistic regression on random data (strongly convex, so
    that the two libraries' last-bit differences shrink along the iterations instead of growing), or a
    small tanh network's mean squared error (``network``: non-convex; rounding differences grow there,
    as between two PyTorch runs whose start differs in the last bit, so only a few iterations compare)."""
    rng = np.random.default_rng(seed)
    if network:
        x = lib.tensor(rng.standard_normal((8, 3)).astype(dtype))
        y = lib.tensor(rng.standard_normal((8, 2)).astype(dtype))
        shapes = ((3, 5), (5,), (5, 2))
    else:
        x = lib.tensor(rng.standard_normal((20, 4)).astype(dtype))
        y = lib.tensor(np.sign(rng.standard_normal(20)).astype(dtype))
        shapes = ((4,), ())
    params = [lib.nn.Parameter(lib.tensor((rng.standard_normal(s) * 0.5).astype(dtype))) for s in shapes]

    def loss_fn():
        if network:
            w1, b1, w2 = params
            return ((lib.tanh(x @ w1 + b1) @ w2 - y) ** 2).mean()
        w, b = params
        return lib.nn.functional.softplus(-y * (x @ w + b)).mean() + 0.05 * (w * w).sum()
    return params, loss_fn


def run(lib, seed, opts, steps, resume_at=None, dtype="float64", network=False):
    """After each step: the returned loss, the iteration and evaluation counts, the parameters."""
    params, loss_fn = make_problem(lib, seed, dtype, network)
    opt = lib.optim.LBFGS(params, **opts)

    def closure():
        opt.zero_grad()
        loss = loss_fn()
        loss.backward()
        return loss
    log = []
    for i in range(steps):
        if i == resume_at:
            buffer = io.BytesIO()
            lib.save(opt.state_dict(), buffer)
            buffer.seek(0)
            opt = lib.optim.LBFGS(params, **opts)
            opt.load_state_dict(lib.load(buffer))
        loss = opt.step(closure)
        state = opt.state[params[0]]
        log.append((float(loss.detach()), state.get("n_iter"), state.get("func_evals"),
                    [p.detach().numpy().copy() for p in params]))
    return log


def assert_same_steps(ours, theirs, rtol=1e-7, atol=1e-12):
    for step, (mine, torchs) in enumerate(zip(ours, theirs)):
        assert mine[1:3] == torchs[1:3], f"iterations and evaluations after step {step + 1}"
        np.testing.assert_allclose(mine[0], torchs[0], rtol=rtol, atol=atol)
        for a, b in zip(mine[3], torchs[3]):
            assert a.dtype == b.dtype
            np.testing.assert_allclose(a, b, rtol=rtol, atol=atol, err_msg=f"after step {step + 1}")


@settings(max_examples=40, deadline=None)
@given(opts=options, seed=st.integers(0, 10 ** 6), steps=st.integers(1, 3))
def test_steps_match_pytorch_for_random_options(opts, seed, steps):
    assert_same_steps(run(minigrad, seed, opts, steps), run(torch, seed, opts, steps))


@settings(max_examples=15, deadline=None)
@given(opts=options, seed=st.integers(0, 10 ** 6))
def test_resuming_from_a_saved_state_continues_pytorchs_steps(opts, seed):
    assert_same_steps(run(minigrad, seed, opts, 3, resume_at=2), run(torch, seed, opts, 3, resume_at=2))


@pytest.mark.parametrize("line_search_fn", [None, "strong_wolfe"])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_a_few_iterations_on_a_network_match_pytorch(line_search_fn, seed):
    opts = dict(max_iter=5, history_size=3, line_search_fn=line_search_fn)
    assert_same_steps(run(minigrad, seed, opts, 2, network=True), run(torch, seed, opts, 2, network=True))


@pytest.mark.parametrize("line_search_fn", [None, "strong_wolfe"])
def test_float32_step_matches_pytorch(line_search_fn):
    opts = dict(max_iter=4, line_search_fn=line_search_fn)
    assert_same_steps(run(minigrad, 3, opts, 1, dtype="float32"), run(torch, 3, opts, 1, dtype="float32"),
                      rtol=1e-5, atol=1e-6)


def test_state_dict_has_pytorchs_layout():
    layouts = []
    for lib in (minigrad, torch):
        params, loss_fn = make_problem(lib, 0, network=True)
        opt = lib.optim.LBFGS(params, history_size=4, max_iter=3, line_search_fn="strong_wolfe")

        def closure():
            opt.zero_grad()
            loss = loss_fn()
            loss.backward()
            return loss
        opt.step(closure)
        opt.step(closure)
        state_dict = opt.state_dict()

        def describe(v):
            if isinstance(v, list):
                return [describe(e) for e in v]
            if isinstance(v, lib.Tensor):
                return ("tensor", str(v.dtype), tuple(v.shape))
            return type(v).__name__
        layouts.append(({k: describe(v) for k, v in state_dict["state"][0].items()}, state_dict["param_groups"]))
    assert layouts[0] == layouts[1]


def test_a_gradient_below_tolerance_stops_before_any_iteration():
    for lib in (minigrad, torch):
        p = lib.nn.Parameter(lib.zeros(3, dtype=lib.float64))
        opt = lib.optim.LBFGS([p])

        def closure():
            opt.zero_grad()
            loss = (p * p).sum()
            loss.backward()
            return loss
        assert float(opt.step(closure)) == 0.0
        assert opt.state[p] == {"func_evals": 1, "n_iter": 0}


def test_defaults_and_repr_match_pytorch():
    mine = minigrad.optim.LBFGS([minigrad.nn.Parameter(minigrad.ones(1))], max_iter=8)
    theirs = torch.optim.LBFGS([torch.nn.Parameter(torch.ones(1))], max_iter=8)
    assert mine.defaults == theirs.defaults
    assert repr(mine) == repr(theirs)


def test_parameter_groups_are_refused_as_pytorch():
    for lib in (minigrad, torch):
        groups = [{"params": [lib.nn.Parameter(lib.ones(1))]}, {"params": [lib.nn.Parameter(lib.ones(1))]}]
        with pytest.raises(ValueError, match="doesn't support per-parameter options"):
            lib.optim.LBFGS(groups)


def test_negative_learning_rate_is_refused_as_pytorch():
    for lib in (minigrad, torch):
        with pytest.raises(ValueError, match="Invalid learning rate: -1"):
            lib.optim.LBFGS([lib.nn.Parameter(lib.ones(1))], lr=-1)


def test_unknown_line_search_is_refused_at_the_step_as_pytorch():
    for lib in (minigrad, torch):
        p = lib.nn.Parameter(lib.ones(2))
        opt = lib.optim.LBFGS([p], line_search_fn="backtracking")

        def closure():
            opt.zero_grad()
            loss = (p * p).sum()
            loss.backward()
            return loss
        with pytest.raises(RuntimeError, match="only 'strong_wolfe' is supported"):
            opt.step(closure)


@pytest.mark.parametrize("line_search_fn", [None, "strong_wolfe"])
def test_a_pytorch_lbfgs_state_loads_into_minigrad_and_continues_its_steps(line_search_fn):
    opts = dict(max_iter=4, history_size=3, line_search_fn=line_search_fn)

    def steps(opt, loss_fn, n):
        def closure():
            opt.zero_grad()
            loss = loss_fn()
            loss.backward()
            return loss
        for _ in range(n):
            opt.step(closure)
    torch_params, torch_loss = make_problem(torch, 5)
    torch_opt = torch.optim.LBFGS(torch_params, **opts)
    steps(torch_opt, torch_loss, 2)
    saved = copy.deepcopy(torch_opt.state_dict())  # (PyTorch's later steps write into its state tensors)
    params, loss_fn = make_problem(minigrad, 5)
    with minigrad.no_grad():
        for p, q in zip(params, torch_params):
            p.copy_(minigrad.tensor(q.detach().numpy()))
    opt = minigrad.optim.LBFGS(params, **opts)
    opt.load_state_dict(saved)
    steps(torch_opt, torch_loss, 2)
    steps(opt, loss_fn, 2)
    for a, b in zip(params, torch_params):
        np.testing.assert_allclose(a.detach().numpy(), b.detach().numpy(), rtol=1e-7, atol=1e-12)
