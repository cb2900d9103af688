"""histogram and histogramdd (ops/histograms.py) against torch: equal bins over the data or a range, given
edges (repeated edges too), weights, densities, values on the edges and outside, and the errors."""
import numpy as np
import pytest
from hypothesis import given, strategies as st
import torch

import minigrad

from . import strategies as S
from .helpers import check, check_raises


def _flat(result):
    """histogramdd's (hist, (edges, ...)) as one flat tuple."""
    hist, edges = result
    assert isinstance(edges, tuple)
    return (hist,) + edges


@st.composite
def values(draw, shape):
    """Floats with repeats and values on typical bin edges (small halves and integers)."""
    dtype = draw(S.float_dtypes)
    return draw(S.arrays(dtype, shape, -4, 4)), dtype


@given(data=values(S.shapes(max_dims=2, max_side=6)), bins=st.integers(1, 6), weighted=st.booleans(),
       density=st.booleans(), seed=S.seeds)
def test_histogram_of_equal_bins_over_the_data_matches_torch(data, bins, weighted, density, seed):
    x, dtype = data
    w = np.random.default_rng(seed).uniform(0, 2, x.shape).astype(dtype) if weighted else None
    args = (x,) if w is None else (x, w)
    check(lambda L, a, *w: tuple(L.histogram(a, bins, weight=w[0] if w else None, density=density)), *args,
          requires_grad=[False] * len(args))


@given(data=values(S.shapes(min_dims=1, max_dims=1, max_side=8)), bins=st.integers(1, 5),
       lo=st.sampled_from([-2.0, -0.5, 0.0, 1.0]), width=st.sampled_from([0.0, 0.5, 1.5, 3.0]))
def test_histogram_over_a_range_leaves_out_the_values_outside(data, bins, lo, width):
    x, _ = data
    check(lambda L, a: tuple(L.histogram(a, bins, range=(lo, lo + width))), x, requires_grad=[False])


@given(data=values(S.shapes(min_dims=1, max_dims=2, max_side=6)),
       edges=st.lists(st.sampled_from([-3.0, -1.0, -0.5, 0.0, 0.5, 1.0, 2.0, 4.0]), min_size=1, max_size=6),
       density=st.booleans())
def test_histogram_with_given_edges_matches_torch(data, edges, density):
    x, dtype = data
    check(lambda L, a, e: tuple(L.histogram(a, e, density=density)), x, np.sort(np.array(edges, dtype)),
          requires_grad=[False, False])


@given(data=values(st.sampled_from([(5, 2), (3, 4, 3), (0, 2), (6, 1)])), bins=st.integers(1, 4),
       weighted=st.booleans(), density=st.booleans(), seed=S.seeds)
def test_histogramdd_matches_torch(data, bins, weighted, density, seed):
    x, dtype = data
    D = x.shape[-1]
    per_dim = [bins + d % 2 for d in range(D)]
    w = np.random.default_rng(seed).uniform(0, 2, x.shape[:-1]).astype(dtype)
    check(lambda L, a, w: _flat(L.histogramdd(a, per_dim, weight=w if weighted else None, density=density)), x, w,
          requires_grad=[False, False])
    check(lambda L, a: _flat(L.histogramdd(a, bins, range=[-1.0, 2.0] * D)), x, requires_grad=[False])


@given(data=values(st.just((6, 2))))
def test_histogramdd_with_given_edges_matches_torch(data):
    x, dtype = data
    e0, e1 = np.array([-2.0, 0.0, 1.0], dtype), np.array([-1.0, 0.5, 0.5, 3.0], dtype)
    check(lambda L, a, p, q: _flat(L.histogramdd(a, [p, q])), x, e0, e1, requires_grad=[False] * 3)


@pytest.mark.parametrize("call", [
    lambda L, a: L.histogram(a, 0), lambda L, a: L.histogram(a, 2, range=(3.0, 1.0)),
    lambda L, a: L.histogram(a, 2, range=(1.0, float("inf"))), lambda L, a: L.histogram(a, 2, weight=a.double()),
    lambda L, a: L.histogram(a, 2, weight=a[:1]), lambda L, a: L.histogram(a, a.reshape(2, 2)),
    lambda L, a: L.histogram(a * float("nan"), 2), lambda L, a: L.histogramdd(a, 2),
    lambda L, a: L.histogramdd(a.reshape(2, 2), [2]), lambda L, a: L.histogramdd(a.reshape(2, 2), 2, range=[0.0, 1.0])],
    ids=range(10))
def test_bad_histogram_arguments_raise_as_torch(call):
    check_raises(call, np.arange(4, dtype=np.float32))


@pytest.mark.parametrize("call", [
    lambda L, a, b, w: L.histogram(a, 3), lambda L, a, b, w: L.histogram(a.detach(), b),
    lambda L, a, b, w: L.histogram(a, b, weight=w), lambda L, a, b, w: L.histogram(a.detach(), 2, weight=w),
    lambda L, a, b, w: L.histogramdd(a.view(2, 2), [2, 2]), lambda L, a, b, w: L.histogramdd(a.view(2, 2), [b, b]),
    lambda L, a, b, w: L.histogramdd(a.detach().view(2, 2), [2, 2], weight=w[:2])],
    ids=["histogram", "edges", "all three", "weight", "histogramdd", "histogramdd edges", "histogramdd weight"])
def test_histogram_of_tensors_requiring_grad_has_torchs_not_implemented_nodes(call):
    """The results print grad_fn=<NotImplemented> (an edge to each input requiring grad) and backward
    through them raises PyTorch's error; given edges come back as a new tensor (histogramdd's as given)."""
    seen = []
    for L in (minigrad, torch):
        a = L.tensor([0.5, -1.0, 2.0, 0.25], requires_grad=True)
        b = L.tensor([0.0, 1.0, 2.0], requires_grad=True)
        w = L.ones(4, requires_grad=True)
        hist, edges = call(L, a, b, w)
        edges = edges if isinstance(edges, tuple) else (edges,)
        errors = []
        for t in (hist,) + edges:
            try:
                t.sum().backward()
            except RuntimeError as error:
                errors.append(str(error))
        seen.append((repr(hist), [repr(e) for e in edges], [e is b for e in edges],
                     len(hist.grad_fn.next_functions), errors))
    assert seen[0] == seen[1]


def test_histogram_and_its_edges_share_one_node_as_torch():
    a = minigrad.tensor([0.5, -1.0, 2.0], requires_grad=True)
    hist, edges = minigrad.histogram(a, 2)
    assert hist.grad_fn is not None and hist.grad_fn is edges.grad_fn
    with minigrad.no_grad():
        assert minigrad.histogram(a, 2).hist.grad_fn is None
