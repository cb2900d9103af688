"""torch.stft and torch.istft against PyTorch: values, dtypes and shapes, and the gradients of the signal
and of the window, for real and complex signals and windows, every pad mode, centred and uncentred
frames, short windows, normalisation, one- and two-sided spectra, and the round trip; PyTorch's errors."""
import warnings

import numpy as np
import pytest
from hypothesis import given, strategies as st

import minigrad

from . import strategies as S
from .helpers import check, check_raises
from .test_second_order import compare_higher

pad_modes = st.sampled_from(["reflect", "constant", "replicate", "circular"])


@st.composite
def signals(draw, complex_ok=True, min_length=8):
    """A signal (L,) or a batch (B, L), real (float32 or float64) or complex, and its float dtype."""
    dtype = draw(S.float_dtypes)
    shape = draw(st.sampled_from([(), (1,), (3,)])) + (draw(st.integers(min_length, 24)),)
    x = draw(S.arrays(dtype, shape, low=-3, high=3))
    if complex_ok and draw(st.booleans()):
        x = np.asarray(x + 1j * draw(S.arrays(dtype, shape, low=-3, high=3)),
                       np.complex64 if dtype == np.float32 else np.complex128)
    return x, dtype


@st.composite
def frame_settings(draw, length):
    """n_fft <= length, hop_length (None: n_fft // 4), win_length (None: n_fft)."""
    n_fft = draw(st.integers(4, min(length, 10)))
    hop = draw(st.one_of(st.none(), st.integers(1, n_fft)))
    win = draw(st.one_of(st.none(), st.integers(max(1, hop or n_fft // 4), n_fft)))
    return n_fft, hop, win


def _quiet(fn):
    def call(*args, **kwargs):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return fn(*args, **kwargs)
    return call


@given(data=st.data(), seed=S.seeds)
def test_stft_of_a_signal_and_its_window_matches_torch(data, seed):
    x, dtype = data.draw(signals())
    n_fft, hop, win = data.draw(frame_settings(x.shape[-1]))
    window = S.positive_arrays(dtype, (n_fft if win is None else win,), low=0.5, high=2.0)
    w = data.draw(st.one_of(st.none(), window))
    center, normalized = data.draw(st.booleans()), data.draw(st.booleans())
    pad_mode = data.draw(pad_modes)
    onesided = None if np.iscomplexobj(x) else data.draw(st.sampled_from([None, True, False]))
    kwargs = dict(n_fft=n_fft, hop_length=hop, win_length=win, center=center, pad_mode=pad_mode,
                  normalized=normalized, onesided=onesided, return_complex=True)
    if center and pad_mode == "reflect" and n_fft // 2 >= x.shape[-1]:
        return
    if w is None:
        check(lambda L, t: _quiet(L.stft)(t, **kwargs), x, seed=seed)
    else:
        check(lambda L, t, w: _quiet(L.stft)(t, window=w, **kwargs), x, w, seed=seed)


@given(data=st.data(), seed=S.seeds)
def test_stft_with_a_complex_window_is_two_sided_and_matches_torch(data, seed):
    x, dtype = data.draw(signals(complex_ok=False))
    w = data.draw(S.arrays(dtype, (8,), low=0.5, high=2)) * (1 + 0.5j)
    check(lambda L, t, w: L.stft(t, 8, hop_length=3, window=w), x, w.astype(np.complex128), seed=seed)


@given(data=st.data(), seed=S.seeds)
def test_stft_as_real_pairs_matches_torch(data, seed):
    x, dtype = data.draw(signals())
    check(lambda L, t: _quiet(L.stft)(t, 8, window=L.ones(8, dtype=L.float64), return_complex=False), x,
          seed=seed)


@given(data=st.data(), seed=S.seeds)
def test_stft_aligned_to_the_window_matches_torch(data, seed):
    x, dtype = data.draw(signals())
    win = data.draw(st.integers(2, 8))
    w = data.draw(S.positive_arrays(dtype, (win,), low=0.5, high=2.0))
    align = data.draw(st.booleans())
    check(lambda L, t, w: L.stft(t, 8, hop_length=2, win_length=win, window=w, center=False,
                                 align_to_window=align, return_complex=True), x, w, seed=seed)


@given(data=st.data(), seed=S.seeds)
def test_stft_is_a_tensor_method(data, seed):
    x, dtype = data.draw(signals(complex_ok=False))
    check(lambda L, t: L.Tensor.stft(t, 8, window=L.ones(8, dtype=L.float64), return_complex=True), x, seed=seed)


@st.composite
def spectra(draw, n_fft, count, onesided):
    """A complex (B?, freq, frames) spectrum, complex64 or complex128."""
    dtype = draw(S.float_dtypes)
    shape = draw(st.sampled_from([(), (2,)])) + (n_fft // 2 + 1 if onesided else n_fft, count)
    z = draw(S.arrays(dtype, shape, low=-3, high=3)) + 1j * draw(S.arrays(dtype, shape, low=-3, high=3))
    return np.asarray(z, np.complex64 if dtype == np.float32 else np.complex128), dtype


@given(data=st.data(), seed=S.seeds)
def test_istft_of_a_spectrum_and_its_window_matches_torch(data, seed):
    n_fft = data.draw(st.integers(4, 10))
    hop = data.draw(st.integers(1, n_fft // 2))
    win = data.draw(st.integers(max(hop, 3 * n_fft // 4), n_fft))
    onesided = data.draw(st.booleans())
    z, dtype = data.draw(spectra(n_fft, data.draw(st.integers(1, 6)), onesided))
    w = data.draw(S.positive_arrays(dtype, (win,), low=0.5, high=2.0))
    center, normalized = data.draw(st.booleans()), data.draw(st.booleans())
    length = data.draw(st.one_of(st.none(), st.integers(1, 30)))
    kwargs = dict(n_fft=n_fft, hop_length=hop, win_length=win, center=center, normalized=normalized,
                  onesided=data.draw(st.sampled_from([None, onesided])), length=length)
    check(lambda L, z, w: _quiet(L.istft)(z, window=w, **kwargs), z, w, seed=seed)


@given(data=st.data(), seed=S.seeds)
def test_istft_to_a_complex_signal_with_a_complex_window_matches_torch(data, seed):
    z, dtype = data.draw(spectra(8, data.draw(st.integers(1, 6)), onesided=False))
    w = data.draw(S.positive_arrays(dtype, (8,), low=0.5, high=2.0)) * (1 - 0.25j)
    check(lambda L, z, w: L.istft(z, 8, hop_length=2, window=w, return_complex=True), z, w, seed=seed)


@given(data=st.data())
def test_istft_inverts_stft(data):
    x, dtype = data.draw(signals())
    hann = minigrad.hann_window(8, dtype=minigrad.float64)
    spectrum = minigrad.stft(minigrad.tensor(x), 8, hop_length=2, window=hann, return_complex=True)
    back = minigrad.istft(spectrum, 8, hop_length=2, window=hann, length=x.shape[-1],
                          return_complex=np.iscomplexobj(x))
    np.testing.assert_allclose(back.numpy(), x, rtol=1e-5, atol=1e-5)


def test_stft_second_order_gradients_match_torch():
    x = np.random.default_rng(0).standard_normal((2, 20))
    w = np.random.default_rng(1).uniform(0.5, 2, 6)
    compare_higher(lambda L, t, w: (L.stft(t * t, 8, hop_length=3, win_length=6, window=w,
                                           return_complex=True).abs() ** 2).sum(), x, w)


def test_istft_second_order_gradients_match_torch():
    z = np.random.default_rng(0).standard_normal((5, 6))
    compare_higher(lambda L, t: (L.istft(L.stft(t * t, 8, hop_length=2, window=L.ones(8, dtype=L.float64),
                                                return_complex=True), 8, hop_length=2,
                                         window=L.ones(8, dtype=L.float64)) ** 3).sum(), z)


def test_stft_of_a_real_signal_requires_return_complex():
    check_raises(lambda L, t: L.stft(t, 8), np.ones(20))


@pytest.mark.parametrize("kwargs", [dict(n_fft=0), dict(n_fft=30, center=False), dict(n_fft=8, hop_length=0),
                                    dict(n_fft=8, win_length=9), dict(n_fft=8, onesided=True, window_complex=True),
                                    dict(n_fft=8, center=True, align_to_window=True), dict(n_fft=8, pad_mode="bad"),
                                    dict(n_fft=50, center=True)])
def test_bad_stft_arguments_raise_as_torch(kwargs):
    kwargs = dict(kwargs, return_complex=True)
    if kwargs.pop("window_complex", False):
        check_raises(lambda L, t, w: L.stft(t, window=w, **kwargs), np.ones(20), np.ones(8, np.complex128))
    else:
        check_raises(lambda L, t: L.stft(t, **kwargs), np.ones(20))


def test_stft_of_a_bad_signal_or_window_raises_as_torch():
    check_raises(lambda L, t: L.stft(t, 8, return_complex=True), np.ones((2, 2, 20)))
    check_raises(lambda L, t: L.stft(t, 8, return_complex=True), np.ones(20, np.int64))
    check_raises(lambda L, t, w: L.stft(t, 8, window=w, return_complex=True), np.ones(20), np.ones(7))


@pytest.mark.parametrize("kwargs", [dict(n_fft=8, hop_length=9), dict(n_fft=8, win_length=9),
                                    dict(n_fft=8, onesided=False), dict(n_fft=6, onesided=True),
                                    dict(n_fft=8, return_complex=True), dict(n_fft=8, window_length=7),
                                    dict(n_fft=8, window_zero=True), dict(n_fft=8, window_complex=True)])
def test_bad_istft_arguments_raise_as_torch(kwargs):
    z = np.ones((5, 6), np.complex128)
    kwargs = dict(kwargs)
    if kwargs.pop("window_length", None):
        check_raises(lambda L, t, w: L.istft(t, window=w, **kwargs), z, np.ones(7))
    elif kwargs.pop("window_zero", False):
        check_raises(lambda L, t, w: L.istft(t, window=w, **kwargs), z, np.zeros(8))
    elif kwargs.pop("window_complex", False):
        check_raises(lambda L, t, w: L.istft(t, window=w, **kwargs), z, np.ones(8, np.complex128))
    else:
        check_raises(lambda L, t: _quiet(L.istft)(t, **kwargs), z)


def test_istft_of_a_real_empty_or_misshapen_spectrum_raises_as_torch():
    check_raises(lambda L, t: L.istft(t, 8), np.ones((5, 6)))
    check_raises(lambda L, t: L.istft(t, 8), np.ones((5, 0), np.complex128))
    check_raises(lambda L, t: L.istft(t, 8), np.ones((1, 1, 5, 6), np.complex128))


def test_stft_without_a_window_warns_as_torch():
    with pytest.warns(UserWarning, match="window was not provided"):
        minigrad.stft(minigrad.ones(20), 8, return_complex=True)


def test_stft_as_real_pairs_warns_that_it_is_deprecated():
    with pytest.warns(UserWarning, match="return_complex=False is deprecated"):
        minigrad.stft(minigrad.ones(20), 8, window=minigrad.ones(8), return_complex=False)


@pytest.mark.parametrize("batch", [(), (1,), (3,)], ids=str)
@pytest.mark.parametrize("return_complex", [True, False])
def test_stft_of_a_batch_is_laid_out_frame_by_frame_as_torch(batch, return_complex):
    """PyTorch transforms row-major frames (batch, frame, frequency) and transposes the last two: the
    frames of one signal lie together, so ``.view`` of the result works alike."""
    import torch
    strides = []
    for L in (minigrad, torch):
        x = L.tensor(np.arange(np.prod(batch + (40,)), dtype=np.float64).reshape(batch + (40,)))
        out = _quiet(L.stft)(x, 16, 2, window=L.hann_window(16, dtype=L.float64), return_complex=return_complex)
        strides.append(out.stride())
    assert strides[0] == strides[1]
