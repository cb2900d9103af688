"""Strided views against torch: diagonal (written through, as PyTorch's view), and as_strided,
as_strided_copy and as_strided_scatter (ops/strided.py) on contiguous inputs and on views (as_strided
addresses the storage): values, overlapping and partial views, the view's shared memory, gradients
(a scatter-add through the strides) to second order, and the errors. as_strided_scatter's input
gradient is checked against the derivative (torch's is inverted: see
test_pytorch_samples.KNOWN_DISAGREEMENTS)."""
import numpy as np
import pytest
import torch
from hypothesis import given, strategies as st

import minigrad

from . import strategies as S
from .helpers import assert_close, check, check_raises
from .test_second_order import compare_higher


@st.composite
def geometries(draw, numel):
    """(size, stride, offset) that stay inside ``numel`` elements (strides 0 make overlapping views)."""
    ndim = draw(st.integers(0, 3))
    size = tuple(draw(st.integers(1, 3)) for _ in range(ndim))
    stride = tuple(draw(st.integers(0, 3)) for _ in range(ndim))
    reach = sum((n - 1) * s for n, s in zip(size, stride))
    offset = draw(st.integers(0, max(numel - 1 - reach, 0)))
    return size, stride, offset


@given(data=st.data(), dtype=S.float_dtypes, seed=S.seeds)
def test_as_strided_and_as_strided_copy_read_through_the_strides_with_torchs_gradients(data, dtype, seed):
    x = np.random.default_rng(seed).standard_normal(data.draw(st.sampled_from([(12,), (3, 4), (2, 3, 2)])))
    x = x.astype(dtype)
    size, stride, offset = data.draw(geometries(x.size))
    if offset + sum((n - 1) * s for n, s in zip(size, stride)) >= x.size:
        return
    check(lambda L, a: L.as_strided(a, size, stride, offset), x, seed=seed)
    check(lambda L, a: a.as_strided(size, stride), x, seed=seed)
    check(lambda L, a: L.as_strided_copy(a, size, stride, offset), x, seed=seed)


def test_as_strided_is_a_view_of_a_contiguous_input():
    x = minigrad.arange(6.0)
    v = minigrad.as_strided(x, (2, 2), (1, 2), 1)
    v.mul_(10)
    t = torch.arange(6.0)
    torch.as_strided(t, (2, 2), (1, 2), 1).mul_(10)
    assert_close(x.numpy(), t.numpy())


@given(seed=S.seeds)
def test_second_order_through_an_overlapping_as_strided_matches_torch(seed):
    x = np.random.default_rng(seed).standard_normal((3, 4))
    compare_higher(lambda L, a: L.as_strided(a, (3, 3), (1, 2), 1) ** 2, x, seed=seed)


@given(data=st.data(), dtype=S.float_dtypes, seed=S.seeds)
def test_as_strided_scatter_writes_src_at_the_strided_positions(data, dtype, seed):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((3, 4)).astype(dtype)
    size, stride = data.draw(st.sampled_from([((2, 2), (1, 2)), ((2, 2), (4, 1)), ((3,), (5,)), ((2, 1, 2), (6, 1, 1))]))
    offset = data.draw(st.integers(0, 1))
    src = rng.standard_normal(size).astype(dtype)
    check(lambda L, a, s: L.as_strided_scatter(a, s, size, stride, offset), x, src, seed=seed, backward=False)
    g = rng.standard_normal(x.shape).astype(dtype)
    a, s = minigrad.tensor(x, requires_grad=True), minigrad.tensor(src, requires_grad=True)
    minigrad.as_strided_scatter(a, s, size, stride, offset).backward(minigrad.tensor(g))
    written = np.zeros(x.size, bool)
    written[torch.as_strided(torch.arange(x.size), size, stride, offset).numpy().reshape(-1)] = True
    assert_close(a.grad.numpy(), np.where(written.reshape(x.shape), 0, g))  # the derivative
    assert_close(s.grad.numpy(), torch.as_strided(torch.tensor(g), size, stride, offset).numpy())


@pytest.mark.parametrize("call", [
    lambda L, a: L.as_strided(a, (3, 3), (3, 2)), lambda L, a: L.as_strided(a, (2,), (1,), -1),
    lambda L, a: L.as_strided(a, (2, 2), (1,)), lambda L, a: L.as_strided(a, (2,), (-1,)),
    lambda L, a: L.as_strided_copy(a, (10,), (1,)),
    lambda L, a: L.as_strided_scatter(a, a[:2], (2, 2), (1, 1))], ids=range(6))
def test_bad_strided_geometries_raise_as_torch(call):
    check_raises(call, np.ones((3, 3)))


@given(data=st.data(), seed=S.seeds)
def test_writing_into_a_diagonal_writes_into_its_tensor_as_torch(data, seed):
    shape = data.draw(S.nonempty_shapes(min_dims=2, max_dims=4))
    d1, d2 = data.draw(st.sampled_from([(a, b) for a in range(len(shape)) for b in range(len(shape)) if a != b]))
    offset = data.draw(st.integers(-3, 3))
    x = data.draw(S.arrays(np.float64, shape))

    def fn(L, x):
        y = x * 1.0
        y.diagonal(offset, d1, d2).mul_(3.0).add_(1.0)
        return y
    check(fn, x, seed=seed)


def test_diagonal_writes_are_recorded_on_its_tensor_and_nodes_named_as_torch():
    for L in (minigrad, torch):
        a = L.zeros(3, 3, requires_grad=True) * 1
        assert a.diagonal().grad_fn.name() == "DiagonalBackward0"
        a.diagonal().add_(1)
        assert a.grad_fn.name() == "torch::autograd::CopySlices" and repr(a.grad_fn).startswith("<CopySlices ")
        assert a.detach().numpy().tolist() == [[1, 0, 0], [0, 1, 0], [0, 0, 1]]
        assert L.diag(a).grad_fn.name() == "DiagonalBackward0_copy"


@pytest.mark.parametrize("view, size, stride, offset", [
    (lambda t: t[1:], (3, 3), (1, 1), 1), (lambda t: t.t(), (3, 3), (2, 1), 1),
    (lambda t: t[:, ::2], (3, 3), (1, 2), 2), (lambda t: t[0].expand(3, 5), (3, 3), (1, 2), 2),
    (lambda t: t[:1], (4, 5), (5, 1), None), (lambda t: t[1:, 2:], (2, 2), (3, 1), None)], ids=range(6))
def test_as_strided_of_a_view_addresses_its_storage_with_torchs_gradients(view, size, stride, offset):
    """(an element outside the view gets no gradient; one the view holds twice, an equal share)"""
    x = np.random.default_rng(0).standard_normal((4, 5))
    check(lambda L, a: L.as_strided(view(a * 1), size, stride, offset), x)
    check(lambda L, a: (lambda v: (v.stride(), v.storage_offset()))(view(a).as_strided(size, stride, offset)), x)


def test_second_order_through_as_strided_of_a_view_matches_torch():
    x = np.random.default_rng(0).standard_normal((4, 5))
    compare_higher(lambda L, a: L.as_strided((a * 1)[:, ::2], (3, 3), (1, 2), 2) ** 2, x)
