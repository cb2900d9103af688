"""var and std where the spread is 0 (a constant row): PyTorch's values (exactly 0 along a dim, its
Welford kernel; its two-pass value for a single result) and its gradients of every order, which
PyTorch masks at std == 0."""
import numpy as np
import pytest
import torch

import minigrad
from .helpers import check
from .test_second_order import compare_higher

#: constant rows whose mean sum / n is inexact (0.1, 7.148...) or exact (3.0)
VALUES = [0.1, 7.148085531751388, -9.945229996597039, 3.0]


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("n", [3, 7, 10, 1000])
def test_variance_of_a_constant_row_along_a_dim_is_exactly_zero(dtype, n):
    x = np.repeat(np.array(VALUES, dtype)[:, None], n, axis=1)
    for dim in (1, -1):
        mine = minigrad.tensor(x).var(dim).numpy()
        assert (mine == 0).all()
        np.testing.assert_array_equal(minigrad.tensor(x).std(dim).numpy(), torch.from_numpy(x).std(dim).numpy())
    np.testing.assert_array_equal(minigrad.tensor(x.T).std(0).numpy(), torch.from_numpy(x.T).std(0).numpy())


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("shape", [(7,), (1, 7), (3, 1)])
def test_single_result_of_a_constant_tensor_is_torchs_two_pass_value(dtype, shape):
    """One result: PyTorch's kernel subtracts the mean rounded to the dtype, in float64 (not exactly 0)."""
    for v in VALUES:
        x = np.full(shape, v, dtype)
        long_dim = int(np.argmax(shape))
        for fn in (lambda L, t: t.std(), lambda L, t: t.var(), lambda L, t: t.std(long_dim)):
            np.testing.assert_array_equal(fn(minigrad, minigrad.tensor(x)).numpy(), fn(torch, torch.from_numpy(x)).numpy())


@pytest.mark.parametrize("correction", [0, 1])
@pytest.mark.parametrize("dim", [0, 1])
@pytest.mark.parametrize("value", VALUES)
def test_var_times_std_higher_derivatives_at_a_constant_row_match_torch(value, dim, correction):
    x = np.array([[1.0, 2.0, 4.0, 0.5, -1.0, 2.0, 3.0], [value] * 7])
    x = x if dim == 1 else x.T.copy()
    fn = lambda L, t: (t.var(dim, correction=correction) * t.std(dim, correction=correction)).sum()
    compare_higher(fn, x, order=3, seed=1, atol_scale=100)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("value", VALUES)
def test_std_gradient_at_a_constant_row_is_zero_as_torchs(dtype, value):
    x = np.array([[1.0, 2.0, 4.0], [value] * 3], dtype)
    check(lambda L, t: t.std(1) * t.sum(1), x)
    check(lambda L, t: L.std_mean(t, 1, keepdim=True)[0] * t, x)
