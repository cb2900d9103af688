"""nn.utils.clip_grad_norm_ / clip_grad_value_ against PyTorch."""
import math

import numpy as np
import pytest
import torch

import minigrad
import minigrad.nn as nn


def pair(seed, scale):
    rng = np.random.default_rng(seed)
    grads = [rng.standard_normal(s) * scale for s in [(3, 4), (4,), (2, 2, 2)]]
    mine = [nn.Parameter(minigrad.zeros(g.shape, dtype=minigrad.float64)) for g in grads]
    theirs = [torch.nn.Parameter(torch.zeros(g.shape, dtype=torch.float64)) for g in grads]
    for p, q, g in zip(mine, theirs, grads):
        p.grad = minigrad.tensor(g)
        q.grad = torch.tensor(g)
    return mine, theirs


@pytest.mark.parametrize("norm_type", [2.0, 1.0, 3.0, math.inf])
@pytest.mark.parametrize("scale", [0.01, 10.0])
def test_clip_grad_norm_matches_pytorch(norm_type, scale):
    mine, theirs = pair(int(scale * 100), scale)
    a = nn.utils.clip_grad_norm_(mine, max_norm=1.0, norm_type=norm_type)
    b = torch.nn.utils.clip_grad_norm_(theirs, max_norm=1.0, norm_type=norm_type)
    np.testing.assert_allclose(a.item(), b.item(), rtol=1e-12)
    for p, q in zip(mine, theirs):
        np.testing.assert_allclose(p.grad.numpy(), q.grad.numpy(), rtol=1e-12)


def test_clip_grad_norm_single_tensor_and_no_grads():
    p = nn.Parameter(minigrad.ones(4))
    assert float(nn.utils.clip_grad_norm_(p, 1.0)) == 0.0
    p.grad = minigrad.full((4,), 3.0)
    total = nn.utils.clip_grad_norm_(p, 1.0)
    assert float(total) == 6.0
    np.testing.assert_allclose(float(p.grad.norm()), 1.0, rtol=1e-5)


def test_clip_grad_norm_error_if_nonfinite():
    p = nn.Parameter(minigrad.ones(2))
    p.grad = minigrad.tensor([float("inf"), 1.0])
    with pytest.raises(RuntimeError, match="non-finite"):
        nn.utils.clip_grad_norm_(p, 1.0, error_if_nonfinite=True)


def test_clip_grad_value_matches_pytorch():
    mine, theirs = pair(0, 3.0)
    nn.utils.clip_grad_value_(mine, 0.5)
    torch.nn.utils.clip_grad_value_(theirs, 0.5)
    for p, q in zip(mine, theirs):
        np.testing.assert_array_equal(p.grad.numpy(), q.grad.numpy())


@pytest.mark.parametrize("norm_type", [2.0, 1.0, math.inf])
def test_get_total_norm_then_clip_grads_with_norm_is_clip_grad_norm_as_pytorch(norm_type):
    mine, theirs = pair(7, 3.0)
    totals = []
    for lib, params in ((nn.utils, mine), (torch.nn.utils, theirs)):
        total = lib.get_total_norm([p.grad for p in params], norm_type)
        lib.clip_grads_with_norm_(params, 1.0, total)
        totals.append(total.item())
    np.testing.assert_allclose(totals[0], totals[1], rtol=1e-12)
    for p, q in zip(mine, theirs):
        np.testing.assert_allclose(p.grad.numpy(), q.grad.numpy(), rtol=1e-12)


def test_get_total_norm_of_nothing_is_zero():
    assert nn.utils.get_total_norm([]).item() == torch.nn.utils.get_total_norm([]).item() == 0.0


def test_clip_grad_norm_without_underscore_warns_and_clips():
    mine, theirs = pair(3, 5.0)
    with pytest.warns(FutureWarning):
        a = nn.utils.clip_grad_norm(mine, 1.0)
    with pytest.warns(FutureWarning):
        b = torch.nn.utils.clip_grad_norm(theirs, 1.0)
    np.testing.assert_allclose(a.item(), b.item(), rtol=1e-12)


@pytest.mark.parametrize("norm_type", [2.0, "inf"])
def test_the_total_norm_of_gradients_of_mixed_dtypes_is_in_the_wider_dtype_as_torchs(norm_type):
    results = []
    for L in (minigrad, torch):
        a, b = L.nn.Parameter(L.ones(3)), L.nn.Parameter(L.ones(2, dtype=L.float64))
        a.grad, b.grad = L.tensor([3.0, 4.0, 0.0]), L.tensor([1.0, 2.0], dtype=L.float64)
        total = L.nn.utils.clip_grad_norm_([a, b], 1.0, norm_type=norm_type)
        results.append((str(total.dtype), total.item(), b.grad.tolist()))
    assert results[0] == results[1]
