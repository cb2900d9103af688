"""segment_reduce (and _segment_reduce) against PyTorch: every reduction, with and without initial,
empty segments, lengths or offsets, another axis, batched lengths, gradients and errors."""
import numpy as np
import pytest
from hypothesis import given, strategies as st

from . import strategies as S
from .helpers import check, check_raises

REDUCTIONS = ["sum", "prod", "mean", "max", "min"]


def _lengths(data, total, segments):
    """``segments`` non-negative lengths summing to ``total`` (zeros included)."""
    cuts = sorted(data.draw(st.lists(st.integers(0, total), min_size=segments - 1, max_size=segments - 1)))
    return np.diff([0] + cuts + [total]).astype(np.int64)


@pytest.mark.parametrize("reduce", REDUCTIONS)
@given(data=st.data(), seed=S.seeds)
def test_matches_torch_with_gradient(reduce, data, seed):
    dtype = data.draw(S.float_dtypes)
    total = data.draw(st.integers(1, 6))
    trailing = data.draw(S.shapes(max_dims=2, min_side=1, max_side=3))
    axis = data.draw(st.integers(0, len(trailing)))
    shape = tuple(trailing[:axis]) + (total,) + tuple(trailing[axis:])
    # ties and zeros (max/min split ties, prod at zeros) from a few values
    x = data.draw(S.hnp.arrays(dtype, shape, elements=st.sampled_from([-2.0, -0.5, 0.0, 1.0, 1.5, 3.0])))
    segments = data.draw(st.integers(1, 4))
    lengths = np.array([_lengths(data, total, segments) for _ in range(int(np.prod(shape[:axis])))])
    lengths = lengths.reshape(shape[:axis] + (segments,))  # (axis is lengths' last dim)
    initial = data.draw(st.sampled_from([None, 1.0, 2.0, -1.0]))
    name = data.draw(st.sampled_from(["segment_reduce", "_segment_reduce"]))
    if axis == 0 and data.draw(st.booleans()):
        offsets = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64)
        check(lambda L, t, o: getattr(L, name)(t, reduce, offsets=o, initial=initial), x, offsets, seed=seed)
    else:
        check(lambda L, t, n: getattr(L, name)(t, reduce, lengths=n, axis=axis, initial=initial), x, lengths,
              seed=seed)


@pytest.mark.parametrize("reduce", REDUCTIONS)
def test_batched_lengths_reduce_each_row_by_its_own_segments(reduce):
    x = np.arange(12.0).reshape(2, 6) - 4
    lengths = np.array([[2, 0, 4], [1, 5, 0]])
    check(lambda L, t, n: L.segment_reduce(t, reduce, lengths=n, axis=1), x, lengths)
    check(lambda L, t, n: L.segment_reduce(t, reduce, lengths=n, axis=1, initial=0.5), x, lengths)


@pytest.mark.parametrize("reduce", ["max", "min"])
def test_tied_extremes_split_only_a_positive_upstream_gradient_as_torchs_kernel(reduce):
    x, lengths = np.array([-2.0, -2.0, 1.0, 1.0, 0.5]), np.array([0, 2, 3])
    for upstream in ([1.0, 2.0, 3.0], [0.3, -0.3, -1.0], [0.0, 0.0, 4.0]):
        def fn(L, t, n):
            y = L.segment_reduce(t, reduce, lengths=n)
            return (y[1:] * L.tensor(upstream[1:], dtype=y.dtype)).sum()
        check(fn, x, lengths)


def test_bad_arguments_raise_torchs_errors():
    x, lengths = np.ones(5), np.array([2, 3])
    check_raises(lambda L, t, n: L.segment_reduce(t, "median", lengths=n), x, lengths)
    check_raises(lambda L, t: L.segment_reduce(t, "sum"), x)
    check_raises(lambda L, t, n: L.segment_reduce(t, "sum", lengths=n), x, np.array([2, 2]))
    check_raises(lambda L, t, n: L.segment_reduce(t, "sum", lengths=n), x, np.array([-1, 6]))
    check_raises(lambda L, t, n: L.segment_reduce(t, "sum", indices=n), x, np.array([0, 0, 1, 1, 1]))
    check_raises(lambda L, t, n: L.segment_reduce(t, "sum", lengths=n, axis=1), np.ones((2, 5)), lengths)
