"""``optim.Adafactor`` against ``torch.optim.Adafactor``: trajectories of matrices and vectors,
its options, state and errors."""
import numpy as np
import pytest
import torch
from hypothesis import given, strategies as st

import minigrad

from tests.parity import strategies as S


def _trajectory(lib, dtype, seed, steps=4, **options):
    rng = np.random.default_rng(seed)
    shapes = [(4, 3), (4,), (1, 4), (1,)]
    values = [rng.standard_normal(s) for s in shapes]
    x, y = rng.standard_normal((6, 3)), rng.standard_normal((6, 1))
    lib_dtype = getattr(lib, dtype)
    w1, b1, w2, b2 = [lib.tensor(v, dtype=lib_dtype, requires_grad=True) for v in values]
    opt = lib.optim.Adafactor([w1, b1, w2, b2], **options)
    xt, yt = lib.tensor(x, dtype=lib_dtype), lib.tensor(y, dtype=lib_dtype)
    for _ in range(steps):
        opt.zero_grad()
        ((lib.tanh(xt @ w1.T + b1) @ w2.T + b2 - yt) ** 2).mean().backward()
        opt.step()
    return [p.detach().numpy() for p in (w1, b1, w2, b2)], opt.state_dict()


OPTIONS = st.fixed_dictionaries({}, optional={
    "lr": st.sampled_from([1e-2, 0.3]), "beta2_decay": st.sampled_from([-0.8, -0.5, 0.0]),
    "eps": st.sampled_from([(None, 1e-3), (1e-20, 1e-2)]), "d": st.sampled_from([1.0, 2.5]),
    "weight_decay": st.sampled_from([0.0, 0.1]), "maximize": st.booleans()})


@given(seed=S.seeds, options=OPTIONS)
def test_float64_trajectories_match_pytorch(seed, options):
    ours, _ = _trajectory(minigrad, "float64", seed, **options)
    theirs, _ = _trajectory(torch, "float64", seed, **options)
    for a, b in zip(ours, theirs):
        np.testing.assert_allclose(a, b, rtol=1e-7, atol=1e-12)


@given(seed=S.seeds)
def test_float32_trajectories_match_pytorch(seed):
    ours, _ = _trajectory(minigrad, "float32", seed)
    theirs, _ = _trajectory(torch, "float32", seed)
    for a, b in zip(ours, theirs):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)


def test_state_holds_row_and_column_variances_for_matrices_and_a_variance_for_vectors():
    _, ours = _trajectory(minigrad, "float64", 0)
    _, theirs = _trajectory(torch, "float64", 0)
    for i in ours["state"]:
        assert sorted(ours["state"][i]) == sorted(theirs["state"][i])
        for key, value in ours["state"][i].items():
            np.testing.assert_allclose(value.numpy(), theirs["state"][i][key].numpy(), rtol=1e-7)
    assert ours["param_groups"] == theirs["param_groups"]


@pytest.mark.parametrize("options", [{"lr": -1.0}, {"beta2_decay": 0.5}, {"eps": (-1.0, 1e-3)},
                                     {"eps": (None, -1.0)}, {"d": 0.5}, {"weight_decay": -0.1}])
def test_bad_options_raise_value_error_as_pytorch(options):
    for lib in (minigrad, torch):
        with pytest.raises(ValueError):
            lib.optim.Adafactor([lib.zeros(2, requires_grad=True)], **options)


@pytest.mark.parametrize("lib", [minigrad, torch])
def test_complex_parameter_raises_before_any_update(lib):
    # PyTorch checks every parameter (making the state of those before the complex one) before updating
    real = lib.tensor([[1.0, -2.0], [0.5, 3.0]], requires_grad=True)
    cplx = lib.tensor([1 + 2j, -1j], requires_grad=True)
    real.grad, cplx.grad = lib.ones(2, 2), lib.ones(2, dtype=lib.complex64)
    opt = lib.optim.Adafactor([real, cplx])
    with pytest.raises(RuntimeError, match="does not support complex parameters"):
        opt.step()
    np.testing.assert_array_equal(real.detach().numpy(), [[1.0, -2.0], [0.5, 3.0]])
    assert sorted(opt.state[real]) == ["col_var", "row_var", "step"]
    assert opt.state[real]["step"].item() == 0
    assert cplx not in opt.state or not opt.state[cplx]
