"""histogram and histogramdd (ops/histograms.py) against torch: equal bins over the data or a range, given
edges (repeated edges too), weights, densities, values on the edges and outside, and the errors."""
import numpy as np
import pytest
from hypothesis import given, strategies as st

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
