"""PyTorch's ``*_copy`` ops against PyTorch (values, shapes and gradients of the view op they
copy), the copy sharing no storage with its input; and ``positive``."""
import numpy as np
import pytest
from hypothesis import given, strategies as st

import minigrad

from . import strategies as S
from .helpers import check, check_raises

X = np.arange(24.0).reshape(2, 3, 4)

#: name -> (call, input array)
CALLS = {
    "alias_copy": (lambda L, t: L.alias_copy(t), X),
    "expand_copy": (lambda L, t: L.expand_copy(t, (2, 2, 3, 4)), X),
    "permute_copy": (lambda L, t: L.permute_copy(t, (2, 0, 1)), X),
    "t_copy": (lambda L, t: L.t_copy(t), X[0]),
    "transpose_copy": (lambda L, t: L.transpose_copy(t, 0, -1), X),
    "unsqueeze_copy": (lambda L, t: L.unsqueeze_copy(t, 1), X),
    "squeeze_copy": (lambda L, t: L.squeeze_copy(t), X[:, :1]),
    "squeeze_copy_dim": (lambda L, t: L.squeeze_copy(t, 1), X[:, :1]),
    "squeeze_copy_dims": (lambda L, t: L.squeeze_copy(t, (0, 1)), X[:1, :1]),
    "view_copy": (lambda L, t: L.view_copy(t, (4, 6)), X),
    "view_copy_dtype": (lambda L, t: L.view_copy(t, L.int64), X),
    "diagonal_copy": (lambda L, t: L.diagonal_copy(t, 1, 1, 2), X),
    "unbind_copy": (lambda L, t: L.unbind_copy(t, 1), X),
    "unfold_copy": (lambda L, t: L.unfold_copy(t, 2, 2, 1), X),
    "split_copy": (lambda L, t: L.split_copy(t, 2, 1), X),
    "split_with_sizes_copy": (lambda L, t: L.split_with_sizes_copy(t, [1, 3], -1), X),
    "select_copy": (lambda L, t: L.select_copy(t, 2, -1), X),
    "slice_copy": (lambda L, t: L.slice_copy(t, 2, 1, None, 2), X),
    "narrow_copy": (lambda L, t: L.narrow_copy(t, 1, 1, 2), X),
    "narrow_copy_method": (lambda L, t: t.narrow_copy(-1, 0, 3), X),
}


@pytest.mark.parametrize("name", sorted(CALLS))
def test_copy_ops_and_their_gradients_match_torch(name):
    fn, x = CALLS[name]
    check(fn, x)
    check(fn, x.astype(np.float32))


@pytest.mark.parametrize("name", sorted(CALLS))
@pytest.mark.parametrize("permuted", [False, True])
def test_copy_ops_are_row_major_as_torch(name, permuted):
    """PyTorch's copies are contiguous whatever the view's strides (a clone would keep them)."""
    import torch
    fn, x = CALLS[name]
    strides = []
    for L in (minigrad, torch):
        t = L.tensor(x.transpose(*reversed(range(x.ndim))).copy()).permute(*reversed(range(x.ndim))) \
            if permuted else L.tensor(x)
        out = fn(L, t)
        strides.append([piece.stride() for piece in (out if isinstance(out, tuple) else (out,))])
    assert strides[0] == strides[1]


@pytest.mark.parametrize("name", sorted(CALLS))
def test_copy_ops_share_no_storage_with_their_input(name):
    fn, x = CALLS[name]
    t = minigrad.tensor(x)
    out = fn(minigrad, t)
    for piece in out if isinstance(out, tuple) else (out,):
        assert not np.shares_memory(piece.numpy(), t.numpy())


def test_copy_ops_name_their_nodes_like_torch():
    import torch
    for name in ("expand_copy", "permute_copy", "unbind_copy", "narrow_copy", "squeeze_copy_dim"):
        fn, x = CALLS[name]
        names = []
        for L in (minigrad, torch):
            out = fn(L, L.tensor(x, requires_grad=True))
            node = (out[0] if isinstance(out, tuple) else out).grad_fn
            names.append(node.name())
        assert names[0] == names[1]


@given(data=st.data(), seed=S.seeds)
def test_expand_and_permute_copies_of_random_shapes_match_torch(data, seed):
    x = data.draw(S.array_and_dtype(S.shapes(max_dims=3, max_side=3)))
    lead = data.draw(st.integers(0, 2))
    check(lambda L, t: L.expand_copy(t, (2,) * lead + x.shape), x, seed=seed)
    order = data.draw(st.permutations(range(x.ndim)))
    check(lambda L, t: L.permute_copy(t, tuple(order)), x, seed=seed)


def test_copy_ops_refuse_what_torch_refuses():
    check_raises(lambda L, t: L.narrow_copy(t, 3, 0, 1), X)
    check_raises(lambda L, t: L.slice_copy(t, 0, 0, 2, 0), X)
    check_raises(lambda L, t: L.t_copy(t), X)


def test_positive_returns_the_input_and_refuses_bools_like_torch():
    check(lambda L, t: L.positive(t), X)
    check(lambda L, t: t.positive(), X)
    t = minigrad.tensor(X)
    assert minigrad.positive(t) is t
    check_raises(lambda L, t: L.positive(t), np.ones(2, bool))
