"""``optim.Muon`` against ``torch.optim.Muon``: trajectories of several steps (the Newton-Schulz
iteration in bfloat16 precision, as PyTorch runs it), its options, state and errors."""
import numpy as np
import pytest
import torch
from hypothesis import given, strategies as st

import minigrad

from tests.parity import strategies as S


def _trajectory(lib, dtype, seed, steps=3, shapes=((5, 3), (2, 5)), **options):
    rng = np.random.default_rng(seed)
    values = [rng.standard_normal(s) for s in shapes]
    x = rng.standard_normal((4, shapes[0][1]))
    lib_dtype = getattr(lib, dtype)
    w1, w2 = [lib.tensor(v, dtype=lib_dtype, requires_grad=True) for v in values]
    opt = lib.optim.Muon([w1, w2], **options)
    xt = lib.tensor(x, dtype=lib_dtype)
    for _ in range(steps):
        opt.zero_grad()
        (lib.tanh(xt @ w1.T) @ w2.T).square().sum().backward()
        opt.step()
    return [p.detach().numpy() for p in (w1, w2)], opt.state_dict()


OPTIONS = st.fixed_dictionaries({}, optional={
    "lr": st.sampled_from([1e-3, 0.02, 0.5]), "weight_decay": st.sampled_from([0.0, 0.1]),
    "momentum": st.sampled_from([0.0, 0.9, 0.95]), "nesterov": st.booleans(),
    "ns_steps": st.sampled_from([0, 1, 5]), "ns_coefficients": st.sampled_from([(3.4445, -4.7750, 2.0315),
                                                                               (2.0, -1.5, 0.5)]),
    "adjust_lr_fn": st.sampled_from([None, "original", "match_rms_adamw"])})


@given(seed=S.seeds, options=OPTIONS, dtype=st.sampled_from(["float64", "float32"]))
def test_trajectories_match_pytorch(seed, options, dtype):
    ours, _ = _trajectory(minigrad, dtype, seed, **options)
    theirs, _ = _trajectory(torch, dtype, seed, **options)
    for a, b in zip(ours, theirs):
        np.testing.assert_allclose(a, b, rtol=1e-7 if dtype == "float64" else 1e-5, atol=1e-12)


@given(seed=S.seeds, rows=st.integers(1, 6), cols=st.integers(1, 6))
def test_orthogonalisation_of_any_shape_matches_pytorch(seed, rows, cols):
    ours, _ = _trajectory(minigrad, "float32", seed, steps=2, shapes=((rows, cols), (2, rows)))
    theirs, _ = _trajectory(torch, "float32", seed, steps=2, shapes=((rows, cols), (2, rows)))
    for a, b in zip(ours, theirs):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-7)


def test_state_holds_a_momentum_buffer_and_groups_hold_the_defaults():
    _, ours = _trajectory(minigrad, "float64", 0)
    _, theirs = _trajectory(torch, "float64", 0)
    for i in ours["state"]:
        assert sorted(ours["state"][i]) == sorted(theirs["state"][i]) == ["momentum_buffer"]
        np.testing.assert_allclose(ours["state"][i]["momentum_buffer"].numpy(),
                                   theirs["state"][i]["momentum_buffer"].numpy(), rtol=1e-7)
    assert ours["param_groups"] == theirs["param_groups"]


def test_a_parameter_without_gradient_is_left_alone():
    w = minigrad.ones(2, 2, requires_grad=True)
    minigrad.optim.Muon([w]).step()
    assert w.tolist() == [[1.0, 1.0], [1.0, 1.0]]


@pytest.mark.parametrize("options", [{"lr": -1.0}, {"momentum": -0.5}, {"weight_decay": -0.1},
                                     {"adjust_lr_fn": "cosine"}])
def test_bad_options_raise_value_error_as_pytorch(options):
    for lib in (minigrad, torch):
        with pytest.raises(ValueError):
            lib.optim.Muon([lib.zeros(2, 2, requires_grad=True)], **options)


def test_a_parameter_that_is_not_a_matrix_raises_value_error_as_pytorch():
    for lib in (minigrad, torch):
        with pytest.raises(ValueError, match="Muon only supports 2D parameters"):
            lib.optim.Muon([lib.zeros(2, requires_grad=True)])


@pytest.mark.parametrize("options, message", [({"ns_steps": 100}, "less than 100"),
                                              ({"ns_coefficients": (1.0, 2.0)}, "exactly 3 values")])
def test_bad_iteration_options_raise_value_error_at_the_step_as_pytorch(options, message):
    for lib in (minigrad, torch):
        w = lib.ones(2, 2, requires_grad=True)
        opt = lib.optim.Muon([w], **options)
        w.grad = lib.ones(2, 2)
        with pytest.raises(ValueError, match=message):
            opt.step()


def test_complex_parameters_raise_runtime_error_as_pytorch():
    for lib in (minigrad, torch):
        w = lib.ones(2, 2, dtype=lib.complex64, requires_grad=True)
        opt = lib.optim.Muon([w])
        w.grad = lib.ones(2, 2, dtype=lib.complex64)
        with pytest.raises(RuntimeError, match="complex"):
            opt.step()
