"""The padding kernels' slices agree with the index arrays they stand for."""
import numpy as np
from hypothesis import assume, given, strategies as st

from minigrad.kernels import resample as R


@st.composite
def gather_pads(draw):
    """(mode, input shape, ((before, after), ...)) that reflect, replicate or circular padding accepts."""
    mode = draw(st.sampled_from(["reflect", "replicate", "circular"]))
    sizes = tuple(draw(st.integers(1, 7)) for _ in range(draw(st.integers(1, 3))))
    pads = []
    for s in sizes:
        lo, hi = draw(st.integers(-2, 6)), draw(st.integers(-2, 6))
        kept = s - max(-lo, 0) - max(-hi, 0)
        assume(kept >= 1 and s + lo + hi >= 0)
        if mode == "reflect":
            assume(lo < s and hi < s)
        if mode == "circular":
            assume(max(lo, hi) <= kept)
        pads.append((lo, hi))
    return mode, (draw(st.integers(0, 2)), 2) + sizes, tuple(pads)


@given(case=gather_pads())
def test_pad_runs_cover_the_index_array(case):
    mode, shape, pads = case
    for size, (lo, hi) in zip(shape[2:], pads):
        index = R.pad_index(mode, size, lo, hi)
        read = np.full(len(index), -1)
        for dst, src, step in R.pad_runs(mode, size, lo, hi):
            read[dst] = np.arange(size)[src] if step else np.arange(size)[src][0]
        np.testing.assert_array_equal(read, index)


@given(case=gather_pads(), seed=st.integers(0, 2 ** 16))
def test_pad_gather_by_slices_equals_take_along_the_index_arrays(case, seed):
    mode, shape, pads = case
    x = np.random.default_rng(seed).standard_normal(shape)
    expected = x
    for k, (lo, hi) in enumerate(pads):
        axis = k - len(pads)
        expected = np.take(expected, R.pad_index(mode, expected.shape[axis], lo, hi), axis=axis)
    np.testing.assert_array_equal(R.pad_gather(np, x, pads, mode), expected)


@given(case=gather_pads(), seed=st.integers(0, 2 ** 16))
def test_pad_gather_backward_by_slices_equals_the_scatter_add(case, seed):
    mode, shape, pads = case
    padded = shape[:2] + tuple(s + lo + hi for s, (lo, hi) in zip(shape[2:], pads))
    g = np.random.default_rng(seed).standard_normal(padded)
    expected = g
    for k in reversed(range(len(pads))):
        axis = k - len(pads)
        size = shape[axis]
        index = R.pad_index(mode, size, *pads[k])
        out = np.zeros(expected.shape[:expected.ndim + axis] + (size,) + expected.shape[expected.ndim + axis + 1:])
        np.add.at(out, (Ellipsis, index) + (slice(None),) * (-axis - 1), expected)
        expected = out
    np.testing.assert_allclose(R.pad_gather_backward(np, g, shape, pads, mode), expected, rtol=1e-12, atol=1e-12)


@given(factor=st.integers(2, 5), size=st.integers(0, 4), axis=st.integers(-3, -1), seed=st.integers(0, 2 ** 32 - 1))
def test_take_backward_of_a_whole_factor_repeat_equals_the_scatter_add(factor, size, axis, seed):
    shape = [2, 3, 2]
    shape[axis] = size * factor
    g = np.random.default_rng(seed).standard_normal(shape)
    index = np.arange(size * factor) // factor

    def scatter_add(out, where, values):
        np.add.at(out, where, values)
    expected = np.zeros(g.shape[:3 + axis] + (size,) + g.shape[3 + axis + 1:])
    scatter_add(expected, R._along(axis, index), g)
    np.testing.assert_allclose(R.take_backward(np, g, index, size, axis, scatter_add), expected, rtol=1e-12, atol=1e-12)
