"""Searching and counting against PyTorch: searchsorted (left/right/side, sorter, out_int32, rows of
sequences, NaN and unsorted sequences), bucketize, histc, isin, unique_consecutive."""
import numpy as np
import pytest
from hypothesis import given, strategies as st

from . import strategies as S
from .helpers import check, check_raises, check_same_error


@given(data=st.data())
def test_searchsorted_matches_torch_on_sorted_unsorted_and_nan_sequences(data):
    n = data.draw(st.integers(0, 9))
    seq = data.draw(S.arrays(np.float64, (n,), -3, 3))
    if data.draw(st.booleans()):
        seq = np.sort(seq)
    if n and data.draw(st.booleans()):
        seq[-1] = np.nan
    values = data.draw(S.arrays(np.float64, data.draw(S.shapes(max_dims=2)), -4, 4))
    right = data.draw(st.booleans())
    out_int32 = data.draw(st.booleans())
    check(lambda L, s, v: L.searchsorted(s, v, right=right, out_int32=out_int32), seq, values)
    check(lambda L, s, v: L.searchsorted(s, v, side="right" if right else "left"), seq, values)


@given(data=st.data())
def test_searchsorted_along_rows_of_sequences_matches_torch(data):
    rows, n, m = (data.draw(st.integers(1, 4)) for _ in range(3))
    seq = np.sort(data.draw(S.int_arrays((rows, n), -5, 5)), axis=1)
    values = data.draw(S.int_arrays((rows, m), -6, 6))
    check(lambda L, s, v: L.searchsorted(s, v, right=True), seq, values)
    check(lambda L, s, v: L.searchsorted(s, v), seq.astype(np.float32), values.astype(np.float32))


@given(data=st.data())
def test_searchsorted_with_a_sorter_matches_torch(data):
    seq = data.draw(S.int_arrays((data.draw(st.integers(1, 8)),), -5, 5))
    sorter = np.argsort(seq, kind="stable")
    values = data.draw(S.int_arrays((5,), -6, 6))
    check(lambda L, s, v, o: L.searchsorted(s, v, sorter=o), seq, values, sorter)
    check(lambda L, s, o: L.searchsorted(s, 2, sorter=o, right=True), seq, sorter)


@pytest.mark.parametrize("call", [
    lambda L, s, v: L.searchsorted(s, v, side="left", right=True),
    lambda L, s, v: L.searchsorted(s, v, side="middle"),
    lambda L, s, v: L.searchsorted(s.reshape(2, 2), v),
    lambda L, s, v: L.searchsorted(s, v, sorter=L.tensor([0, 1])),
    lambda L, s, v: L.bucketize(v, s.reshape(2, 2))],
    ids=["opposite sides", "unknown side", "rows unlike the values", "sorter of another size",
         "2-D boundaries"])
def test_searchsorted_bad_arguments_raise_as_torch(call):
    check_raises(call, np.array([1.0, 2.0, 3.0, 4.0], np.float32), np.array([2.5, 0.0], np.float32))


@given(data=st.data())
def test_bucketize_matches_torch(data):
    boundaries = np.sort(data.draw(S.arrays(np.float64, (data.draw(st.integers(0, 6)),), -3, 3)))
    values = data.draw(S.arrays(np.float64, data.draw(S.shapes(max_dims=3)), -4, 4))
    right = data.draw(st.booleans())
    check(lambda L, v, b: L.bucketize(v, b, right=right), values, boundaries)
    check(lambda L, b: L.bucketize(1.0, b, out_int32=True), boundaries)


@given(data=st.data())
def test_histc_matches_torch(data):
    x = data.draw(S.array_and_dtype(S.shapes(max_dims=2, max_side=6)))
    bins = data.draw(st.integers(1, 7))
    lo, hi = sorted(data.draw(st.sampled_from([0.0, -1.0, 2.5, -7.25])) for _ in range(2))
    check(lambda L, t: L.histc(t, bins, lo, hi), x)
    check(lambda L, t: t.histc(bins=bins), x)


@pytest.mark.parametrize("call", [lambda L, t: L.histc(t.long(), 3), lambda L, t: L.histc(t, 3, 2, 1),
                                  lambda L, t: L.histc(t, 0), lambda L, t: L.histc(t * float("inf"), 3)],
                         ids=["integers", "max below min", "no bins", "infinite range"])
def test_histc_bad_arguments_raise_as_torch(call):
    check_raises(call, np.array([1.0, 2.0, 3.0]))


def test_histc_without_bins_raises_torchs_message_naming_its_histogram():
    check_same_error(lambda L, t: L.histc(t, 0), np.array([1.0, 2.0]))


NAN = float("nan")


@pytest.mark.parametrize("values, bounds", [
    ([1.0, 2.0, 3.0], (0.5, float("inf"))), ([1.0, 2.0], (1234567.0, float("inf"))), ([1.0], (1e-7, -float("inf"))),
    ([1.0, NAN], (0, 0)), ([NAN, NAN], (0, 0)), ([NAN], (0, 0)), ([-NAN], (0, 0)), ([1.0, float("inf")], (0, 0)),
    ([1.0, 2.0], (NAN, 3.0)), ([1.0, 2.0], (-NAN, 3.0))],
    ids=["inf max", "large min", "tiny min", "nan in the data", "nan data", "one nan", "one negative nan",
         "inf in the data", "nan min", "negative nan min"])
def test_histc_of_a_range_not_finite_writes_its_bounds_as_torch(values, bounds):
    """As C++ writes doubles: six significant digits, 'inf', and 'nan' with its sign (the range PyTorch
    takes from data with a NaN in several values is its min/max kernels' default NaN, negative)."""
    for dtype in (np.float32, np.float64):
        check_same_error(lambda L, t: L.histc(t, 2, *bounds), np.array(values, dtype))


@given(data=st.data())
def test_isin_matches_torch(data):
    elements = data.draw(S.int_arrays(S.shapes(max_dims=3), -4, 4))
    tests = data.draw(S.int_arrays(S.shapes(max_dims=2), -4, 4))
    invert = data.draw(st.booleans())
    check(lambda L, e, t: L.isin(e, t, invert=invert), elements, tests)
    check(lambda L, e, t: L.isin(e, t), elements.astype(np.float32), tests)
    check(lambda L, e: L.isin(e, 2), elements)
    check(lambda L, t: L.isin(2, t), tests)


def test_isin_finds_no_nan_as_torch():
    check(lambda L, e, t: L.isin(e, t), np.array([1.0, np.nan]), np.array([np.nan, 1.0]))


@given(data=st.data())
def test_unique_consecutive_matches_torch(data):
    x = data.draw(S.int_arrays(S.shapes(max_dims=3), 0, 2))
    dim = data.draw(st.one_of(st.none(), S.single_dim(x.ndim)))
    inverse, counts = data.draw(st.booleans()), data.draw(st.booleans())
    check(lambda L, t: L.unique_consecutive(t, return_inverse=inverse, return_counts=counts, dim=dim), x)
    check(lambda L, t: t.unique_consecutive(True, True, dim), x.astype(np.float64))
