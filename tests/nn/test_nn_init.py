"""nn.init: PyTorch's gains, fan computation and distributions."""
import math

import numpy as np
import pytest
import torch

import minigrad
import minigrad.nn as nn


@pytest.mark.parametrize("nonlinearity,param", [("linear", None), ("sigmoid", None), ("tanh", None),
                                                ("relu", None), ("leaky_relu", None), ("leaky_relu", 0.2),
                                                ("selu", None), ("conv2d", None)])
def test_calculate_gain_matches_pytorch(nonlinearity, param):
    assert nn.init.calculate_gain(nonlinearity, param) == torch.nn.init.calculate_gain(nonlinearity, param)


def test_calculate_gain_rejects_unknown():
    with pytest.raises(ValueError):
        nn.init.calculate_gain("swish")


@pytest.mark.parametrize("shape", [(3, 5), (4, 2, 3, 3), (6, 1, 7)])
def test_fan_in_and_fan_out_match_pytorch(shape):
    assert nn.init._calculate_fan_in_and_fan_out(minigrad.empty(shape)) == \
        torch.nn.init._calculate_fan_in_and_fan_out(torch.empty(shape))


def test_fan_needs_two_dims():
    with pytest.raises(ValueError):
        nn.init._calculate_fan_in_and_fan_out(minigrad.empty(3))


def stats(t):
    a = t.detach().numpy()
    return float(a.min()), float(a.max()), float(a.std())


def test_xavier_uniform_bound():
    w = nn.init.xavier_uniform_(minigrad.empty(300, 500), gain=2.0)
    lo, hi, sd = stats(w)
    a = 2.0 * math.sqrt(6.0 / 800)
    assert -a <= lo and hi <= a and abs(sd - a / math.sqrt(3)) / (a / math.sqrt(3)) < 0.02


def test_xavier_normal_std():
    _, _, sd = stats(nn.init.xavier_normal_(minigrad.empty(300, 500)))
    assert abs(sd - math.sqrt(2.0 / 800)) / math.sqrt(2.0 / 800) < 0.02


def test_kaiming_uniform_bound_fan_in_and_fan_out():
    w = nn.init.kaiming_uniform_(minigrad.empty(200, 400), nonlinearity="relu")
    lo, hi, _ = stats(w)
    bound = math.sqrt(2.0) * math.sqrt(3.0 / 400)
    assert -bound <= lo and hi <= bound and hi > 0.95 * bound
    w = nn.init.kaiming_uniform_(minigrad.empty(200, 400), mode="fan_out", nonlinearity="relu")
    assert stats(w)[1] > math.sqrt(2.0) * math.sqrt(3.0 / 400)


@pytest.mark.parametrize("init", ["kaiming_uniform_", "kaiming_normal_"])
def test_kaiming_of_an_unknown_mode_raises_pytorchs_message(init):
    messages = []
    for L in (minigrad, torch):
        with pytest.raises(ValueError) as error:
            getattr(L.nn.init, init)(L.empty(3, 3), mode="fan")
        messages.append(str(error.value))
    assert messages[0] == messages[1]


def test_kaiming_normal_std():
    _, _, sd = stats(nn.init.kaiming_normal_(minigrad.empty(300, 400), a=0.1))
    expected = math.sqrt(2.0 / (1 + 0.01)) / math.sqrt(400)
    assert abs(sd - expected) / expected < 0.02


def test_constant_zeros_ones_and_normal_uniform_work_on_parameters_in_place():
    p = nn.Parameter(minigrad.empty(3, 4))
    assert nn.init.constant_(p, 0.5) is p and float(p.sum()) == 6.0
    nn.init.zeros_(p)
    assert float(p.abs().sum()) == 0.0
    nn.init.ones_(p)
    assert float(p.sum()) == 12.0
    nn.init.uniform_(p, -2, -1)
    assert -2 <= float(p.min()) and float(p.max()) <= -1
    nn.init.normal_(p, 10.0, 0.01)
    assert abs(float(p.mean()) - 10.0) < 0.1
    assert p.requires_grad and p.is_leaf


def test_eye_and_trunc_normal():
    np.testing.assert_array_equal(nn.init.eye_(minigrad.empty(2, 3)).numpy(), np.eye(2, 3))
    t = nn.init.trunc_normal_(minigrad.empty(1000), std=1.0, a=-0.5, b=0.5)
    assert -0.5 <= float(t.min()) and float(t.max()) <= 0.5


@pytest.mark.parametrize("shape", [(3, 5), (5, 3), (4, 2, 3, 3), (4, 4)])
def test_orthogonal_gives_orthonormal_rows_or_columns_times_gain_as_pytorch(shape):
    for L in (torch, minigrad):
        w = L.nn.Parameter(L.empty(*shape, dtype=L.float64))
        assert L.nn.init.orthogonal_(w, gain=2.0) is w and w.requires_grad
        a = w.detach().reshape(shape[0], -1).numpy()
        gram = a @ a.T if a.shape[0] <= a.shape[1] else a.T @ a
        np.testing.assert_allclose(gram, 4 * np.eye(len(gram)), atol=1e-12)


def test_orthogonal_refuses_a_1d_tensor_with_pytorchs_value_error():
    for L in (torch, minigrad):
        with pytest.raises(ValueError, match="Only tensors with 2 or more dimensions are supported"):
            L.nn.init.orthogonal_(L.ones(3))


@pytest.mark.parametrize("shape", [(3, 5), (5, 3), (4, 2, 3), (6, 6)])
@pytest.mark.parametrize("dtype,tol", [("float64", 1e-12), ("float32", 1e-5)])
def test_orthogonal_draws_pytorchs_matrix_after_the_same_seed(shape, dtype, tol):
    drawn = []
    for L in (minigrad, torch):
        L.manual_seed(1)
        drawn.append(L.nn.init.orthogonal_(L.empty(*shape, dtype=getattr(L, dtype)), gain=1.5).numpy())
    np.testing.assert_allclose(drawn[0], drawn[1], rtol=tol, atol=tol)


@pytest.mark.parametrize("shape,groups", [((4, 2, 3), 1), ((6, 4, 3, 3), 2), ((2, 3, 3, 4, 5), 1), ((4, 4, 1), 4),
                                          ((3, 5, 2, 2), 3)])
def test_dirac_fills_pytorchs_identity_kernels(shape, groups):
    for L in (minigrad, torch):
        w = L.nn.Parameter(L.empty(*shape))
        assert L.nn.init.dirac_(w, groups) is w and w.requires_grad
    np.testing.assert_array_equal(minigrad.nn.init.dirac_(minigrad.empty(*shape), groups).numpy(),
                                  torch.nn.init.dirac_(torch.empty(*shape), groups).numpy())


def test_dirac_keeps_the_input_of_a_convolution():
    w = minigrad.nn.init.dirac_(minigrad.empty(3, 3, 3, 3, dtype=minigrad.float64))
    x = minigrad.randn(1, 3, 5, 5, dtype=minigrad.float64)
    np.testing.assert_array_equal(minigrad.nn.functional.conv2d(x, w, padding=1).numpy(), x.numpy())


@pytest.mark.parametrize("shape,groups,match", [((3, 3), 1, "Only tensors with 3, 4, or 5 dimensions"),
                                                ((3, 2, 2), 2, "dim 0 must be divisible by groups")])
def test_dirac_refuses_what_pytorch_refuses(shape, groups, match):
    for L in (minigrad, torch):
        with pytest.raises(ValueError, match=match):
            L.nn.init.dirac_(L.empty(*shape), groups)


@pytest.mark.parametrize("shape,sparsity,std", [((5, 3), 0.3, 0.01), ((10, 7), 0.5, 1.0), ((4, 2), 0.0, 0.1),
                                                ((3, 3), 1.0, 0.1)])
@pytest.mark.parametrize("with_generator", [False, True])
def test_sparse_draws_pytorchs_values_and_zeros_after_the_same_seed(shape, sparsity, std, with_generator):
    drawn = []
    for L in (minigrad, torch):
        L.manual_seed(3)
        generator = L.Generator().manual_seed(5) if with_generator else None
        w = L.nn.init.sparse_(L.empty(*shape, dtype=L.float64), sparsity, std, generator=generator)
        drawn.append((w.numpy(), L.rand(3).tolist()))  # (the default generator is left where PyTorch leaves it)
    np.testing.assert_array_equal(drawn[0][0] == 0, drawn[1][0] == 0)
    np.testing.assert_allclose(drawn[0][0], drawn[1][0], rtol=1e-12)
    assert drawn[0][1] == drawn[1][1]


def test_sparse_refuses_a_tensor_that_is_not_2d_as_pytorch():
    for L in (minigrad, torch):
        with pytest.raises(ValueError, match="Only tensors with 2 dimensions are supported"):
            L.nn.init.sparse_(L.empty(2, 3, 4), 0.5)


@pytest.mark.parametrize("shape", [(4, 6), (3, 5, 2)])
def test_kaiming_uniform_float64_draws_are_torchs_bit_for_bit(shape):
    drawn = []
    for L in (minigrad, torch):
        L.manual_seed(0)
        drawn.append(L.nn.init.kaiming_uniform_(L.empty(shape, dtype=L.float64), a=math.sqrt(5)).numpy())
    np.testing.assert_array_equal(drawn[0], drawn[1])
