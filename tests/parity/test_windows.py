"""Window functions (minigrad/signal/windows.py) against torch: torch.signal.windows.* and the top-level
*_window forms, for every length from 0, both symmetries and float dtypes, their parameters and errors."""
import pytest
import torch
from hypothesis import given, strategies as st

import minigrad

from .helpers import assert_close

lengths = st.integers(0, 12)
dtypes = st.sampled_from(["float32", "float64"])

SIGNAL = {
    "hamming": {}, "hann": {}, "bartlett": {}, "blackman": {}, "cosine": {}, "nuttall": {},
    "exponential": {"tau": st.floats(0.5, 4)}, "gaussian": {"std": st.floats(0.3, 4)},
    "kaiser": {"beta": st.floats(0, 14)}, "general_hamming": {"alpha": st.floats(0, 1)},
    "general_cosine": {"a": st.lists(st.floats(-1, 1), min_size=1, max_size=4)},
}


def _same(call, dtype):
    t, m = call(torch, getattr(torch, dtype)), call(minigrad, getattr(minigrad, dtype))
    assert tuple(m.shape) == tuple(t.shape) and str(m.dtype) == str(t.dtype) and m.requires_grad == t.requires_grad
    assert_close(m.detach().numpy(), t.detach().numpy())


@pytest.mark.parametrize("name", sorted(SIGNAL))
@given(data=st.data(), M=lengths, sym=st.booleans(), dtype=dtypes, grad=st.booleans())
def test_signal_windows_match_torch(name, data, M, sym, dtype, grad):
    params = {k: data.draw(v, label=k) for k, v in SIGNAL[name].items()}
    _same(lambda L, dt: getattr(L.signal.windows, name)(M, sym=sym, dtype=dt, requires_grad=grad, **params), dtype)


@given(M=st.integers(2, 12), center=st.floats(-3, 8), dtype=dtypes)
def test_an_exponential_periodic_window_takes_a_center(M, center, dtype):
    _same(lambda L, dt: L.signal.windows.exponential(M, center=center, sym=False, dtype=dt), dtype)


@pytest.mark.parametrize("call", [
    lambda L: L.signal.windows.hann(-1), lambda L: L.signal.windows.hann(3, dtype=L.int64),
    lambda L: L.signal.windows.exponential(3, tau=0), lambda L: L.signal.windows.exponential(3, center=1.0),
    lambda L: L.signal.windows.gaussian(3, std=0), lambda L: L.signal.windows.kaiser(3, beta=-1),
    lambda L: L.signal.windows.general_cosine(3, a=[]), lambda L: L.signal.windows.general_cosine(3, a=2.0),
    lambda L: L.hann_window(-1), lambda L: L.kaiser_window(3, dtype=L.int64)], ids=range(10))
def test_bad_window_arguments_raise_as_torch(call):
    with pytest.raises(Exception) as t_exc:
        call(torch)
    with pytest.raises(t_exc.type):
        call(minigrad)


@pytest.mark.parametrize("name", ["hamming_window", "hann_window", "bartlett_window", "blackman_window",
                                  "kaiser_window"])
@given(length=lengths, periodic=st.booleans(), dtype=dtypes)
def test_top_level_windows_match_torch(name, length, periodic, dtype):
    _same(lambda L, dt: getattr(L, name)(length, periodic, dtype=dt), dtype)


@given(length=lengths, periodic=st.booleans(), alpha=st.floats(0, 1), beta=st.floats(0, 1), kaiser=st.floats(0, 14),
       dtype=dtypes)
def test_hamming_and_kaiser_window_parameters_match_torch(length, periodic, alpha, beta, kaiser, dtype):
    _same(lambda L, dt: L.hamming_window(length, periodic, alpha, beta, dtype=dt), dtype)
    _same(lambda L, dt: L.kaiser_window(length, periodic, kaiser, dtype=dt), dtype)
