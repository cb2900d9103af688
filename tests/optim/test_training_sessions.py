"""Random training sessions, compared with PyTorch step by step.

A session trains one small model with one optimizer and mixes, in a random
order, what course programs do between steps: zeroing gradients (to None or
to zeros), freezing and unfreezing a layer, changing a group's learning rate,
stepping a scheduler, switching train/eval, and saving the optimizer's state
to load it into a fresh optimizer (a resume). After every step the model's
parameters and buffers must be PyTorch's. Options that only matter across
steps (momentum buffers of parameters that missed a step, Adam's step counts
after a resume, weight decay on frozen layers) are where these differ.
"""
import io

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import minigrad
import torch

OPTIMIZERS = [
    ("SGD", {"lr": 0.1}),
    ("SGD", {"lr": 0.05, "momentum": 0.9}),
    ("SGD", {"lr": 0.05, "momentum": 0.9, "nesterov": True, "weight_decay": 0.01}),
    ("SGD", {"lr": 0.05, "momentum": 0.5, "dampening": 0.3, "maximize": True}),
    ("Adam", {"lr": 0.01}),
    ("Adam", {"lr": 0.01, "amsgrad": True, "weight_decay": 0.1}),
    ("AdamW", {"lr": 0.01, "weight_decay": 0.05}),
    ("RMSprop", {"lr": 0.01, "momentum": 0.5, "centered": True}),
    ("Adagrad", {"lr": 0.1, "lr_decay": 0.01}),
    ("NAdam", {"lr": 0.01, "weight_decay": 0.01}),
    ("NAdam", {"lr": 0.01, "weight_decay": 0.05, "decoupled_weight_decay": True, "momentum_decay": 0.01}),
    ("RAdam", {"lr": 0.01}),
    ("RAdam", {"lr": 0.01, "betas": (0.5, 0.7), "weight_decay": 0.05, "decoupled_weight_decay": True}),
    ("Adamax", {"lr": 0.01, "weight_decay": 0.01}),
    ("Adadelta", {"lr": 0.5, "rho": 0.8}),
    ("Rprop", {"lr": 0.01, "etas": (0.4, 1.5)}),
    ("ASGD", {"lr": 0.05, "t0": 2.0, "lambd": 0.01}),
]

steps = st.lists(st.one_of(
    st.just(("train_step",)),
    st.tuples(st.just("zero_grad"), st.booleans()),
    st.tuples(st.just("freeze"), st.integers(0, 1), st.booleans()),
    st.tuples(st.just("lr"), st.sampled_from([0.5, 2.0])),
    st.just(("scheduler",)),
    st.tuples(st.just("mode"), st.booleans()),
    st.just(("resume",)),
), min_size=1, max_size=14)


def _model(lib):
    rng = np.random.default_rng(0)
    # (no bias before the batch norm: its gradient is rounding noise, which Adagrad and Adam's first
    # steps scale up to a full step)
    model = lib.nn.Sequential(lib.nn.Linear(3, 4, bias=False), lib.nn.BatchNorm1d(4), lib.nn.Tanh(),
                              lib.nn.Linear(4, 2))
    with lib.no_grad():
        for p in model.parameters():
            p.copy_(lib.tensor(rng.uniform(-0.5, 0.5, tuple(p.shape))))
    return model.double()


def _snapshot(model):
    return [np.round(v.detach().numpy().astype(np.float64), 9).tolist() for v in model.state_dict().values()]


def run_session(lib, optimizer, session):
    """Parameters and buffers after every step of ``session``."""
    rng = np.random.default_rng(1)
    x = lib.tensor(rng.standard_normal((6, 3)))
    y = lib.tensor(rng.standard_normal((6, 2)))
    model = _model(lib)
    name, options = optimizer
    opt = getattr(lib.optim, name)(model.parameters(), **options)
    scheduler = lib.optim.lr_scheduler.StepLR(opt, step_size=2, gamma=0.5)
    log = []
    for step in session:
        kind = step[0]
        if kind == "train_step":
            loss = lib.nn.functional.mse_loss(model(x), y)
            loss.backward()
            opt.step()
        elif kind == "zero_grad":
            opt.zero_grad(set_to_none=step[1])
        elif kind == "freeze":
            model[3 * step[1]].requires_grad_(not step[2])
        elif kind == "lr":
            for group in opt.param_groups:
                group["lr"] *= step[1]
        elif kind == "scheduler":
            scheduler.step()
        elif kind == "mode":
            model.train(step[1])
        else:  # resume: the optimizer's state through a file, into a fresh optimizer
            buffer = io.BytesIO()
            lib.save(opt.state_dict(), buffer)
            buffer.seek(0)
            opt = getattr(lib.optim, name)(model.parameters(), **options)
            opt.load_state_dict(lib.load(buffer))
            scheduler = lib.optim.lr_scheduler.StepLR(opt, step_size=2, gamma=0.5,
                                                      last_epoch=scheduler.last_epoch)
        log.append((kind, [round(g["lr"], 12) for g in opt.param_groups], _snapshot(model)))
    return log


@pytest.mark.filterwarnings("ignore:Detected call of:UserWarning")  # (both warn: a session may start so)
@settings(max_examples=60, deadline=None)
@given(optimizer=st.sampled_from(OPTIMIZERS), session=steps)
def test_random_training_sessions_match_torch(optimizer, session):
    ours, theirs = run_session(minigrad, optimizer, session), run_session(torch, optimizer, session)
    for mine, torchs in zip(ours, theirs):
        assert mine[:2] == torchs[:2]
        for a, b in zip(mine[2], torchs[2]):
            np.testing.assert_allclose(a, b, rtol=1e-7, atol=1e-9)
