"""Optimizers on complex parameters, as PyTorch's: state restored by ``load_state_dict`` keeps its
float scalars float, LBFGS steps a complex parameter as its (real, imag) pairs, Adagrad's
accumulator starts at ``complex(v, v)`` (and at the constructor's value, whatever a group sets);
and LBFGS keeps a Tensor lr's step length a Tensor."""
import copy

import numpy as np
import pytest
import torch

import minigrad


def _run(lib, make_optimizer, steps=4, reload_at=None):
    """Parameters after ``steps`` steps on a small complex problem (the optimizer rebuilt from its
    own state_dict at step ``reload_at``)."""
    p = lib.tensor([1 + 2j, -0.5 + 0.3j, 0.25 - 1j], dtype=lib.complex128, requires_grad=True)
    opt = make_optimizer(lib, [p])

    def closure():
        opt.zero_grad()
        r = lib.view_as_real(p)
        loss = (r ** 2).sum() + r.sin().sum()
        loss.backward()
        return loss
    for step in range(steps):
        if step == reload_at:
            state = copy.deepcopy(opt.state_dict())
            opt = make_optimizer(lib, [p])
            opt.load_state_dict(state)
        opt.step(closure)
    return p.detach().numpy().copy()


@pytest.mark.parametrize("name", ["ASGD", "NAdam"])
def test_reloaded_state_of_a_complex_parameter_steps_as_pytorch(name):
    make = lambda lib, params: getattr(lib.optim, name)(params, lr=0.1)
    np.testing.assert_allclose(_run(minigrad, make, reload_at=2), _run(torch, make, reload_at=2), rtol=1e-7)


def test_lbfgs_steps_a_complex_parameter_as_pytorch():
    make = lambda lib, params: lib.optim.LBFGS(params, lr=0.5)
    np.testing.assert_allclose(_run(minigrad, make, steps=2), _run(torch, make, steps=2), rtol=1e-7)


def test_adagrad_accumulator_of_a_complex_parameter_starts_at_both_halves():
    make = lambda lib, params: lib.optim.Adagrad(params, lr=0.1, initial_accumulator_value=0.1)
    np.testing.assert_allclose(_run(minigrad, make), _run(torch, make), rtol=1e-7)


@pytest.mark.parametrize("lib", [minigrad, torch], ids=["minigrad", "torch"])
def test_lbfgs_step_length_of_a_tensor_lr_is_a_tensor(lib):
    p = lib.tensor([1.0, -2.0], dtype=lib.float64, requires_grad=True)
    opt = lib.optim.LBFGS([p], lr=lib.tensor(0.5))

    def closure():
        opt.zero_grad()
        loss = (p ** 2).sum()
        loss.backward()
        return loss
    opt.step(closure)
    assert isinstance(opt.state[p]["t"], lib.Tensor)


@pytest.mark.parametrize("lib", [minigrad, torch], ids=["minigrad", "torch"])
def test_adagrad_accumulators_start_at_the_constructors_value_whatever_a_group_sets(lib):
    p, q = lib.ones(2, requires_grad=True), lib.ones(2, requires_grad=True)
    opt = lib.optim.Adagrad([{"params": [p], "initial_accumulator_value": 5.0}], lr=0.1,
                            initial_accumulator_value=0.3)
    opt.add_param_group({"params": [q], "initial_accumulator_value": 2.0})
    (p.sum() + q.sum()).backward()
    opt.step()
    assert opt.state[p]["sum"].tolist() == pytest.approx([1.3, 1.3])
    assert opt.state[q]["sum"].tolist() == pytest.approx([1.3, 1.3])
