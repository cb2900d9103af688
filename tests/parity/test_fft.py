"""minigrad.fft against torch.fft: values, output dtypes, and the gradient of every input (the
adjoint of each transform, rfft's zero padding and irfft's doubled entries included), for real
and complex inputs, every norm, cropping and zero-padding sizes, any dims; and PyTorch's errors."""
import numpy as np
import pytest
import torch
from hypothesis import given, strategies as st

import minigrad

from . import strategies as S
from .helpers import check, check_raises, check_same_error
from .test_second_order import compare_higher

ONE_DIM = ["fft", "ifft", "rfft", "irfft", "hfft", "ihfft"]
TWO_DIM = ["fft2", "ifft2", "rfft2", "irfft2", "hfft2", "ihfft2"]
N_DIM = ["fftn", "ifftn", "rfftn", "irfftn", "hfftn", "ihfftn"]
REAL_ONLY = {"rfft", "ihfft", "rfft2", "ihfft2", "rfftn", "ihfftn"}  # torch refuses complex input
norms = st.sampled_from([None, "backward", "ortho", "forward"])


@st.composite
def signals(draw, min_dims=1, max_dims=3, complex_ok=True):
    """A real (float32 or float64) or complex (complex64 or complex128) array with nonempty sides."""
    x = draw(S.array_and_dtype(S.nonempty_shapes(min_dims=min_dims, max_dims=max_dims, max_side=5)))
    if complex_ok and draw(st.booleans()):
        y = draw(S.arrays(x.dtype, x.shape))
        x = np.asarray(x + 1j * y, np.complex64 if x.dtype == np.float32 else np.complex128)
    return x


@pytest.mark.parametrize("name", ONE_DIM)
@given(data=st.data(), norm=norms, seed=S.seeds)
def test_one_dimensional_transform_and_its_gradient_match_torch(name, data, norm, seed):
    x = data.draw(signals(complex_ok=name not in REAL_ONLY))
    dim = data.draw(S.single_dim(x.ndim))
    n = data.draw(st.sampled_from([None, 1, 2, 3, 5, 8]))
    check(lambda L, t: getattr(L.fft, name)(t, n=n, dim=dim, norm=norm), x, seed=seed)


@pytest.mark.parametrize("name", TWO_DIM + N_DIM)
@given(data=st.data(), norm=norms, seed=S.seeds)
def test_multi_dimensional_transform_and_its_gradient_match_torch(name, data, norm, seed):
    x = data.draw(signals(min_dims=2, complex_ok=name not in REAL_ONLY))
    kwargs = {"norm": norm}
    if data.draw(st.booleans()):  # dims given, in any order
        k = 2 if name in TWO_DIM else data.draw(st.integers(1, x.ndim))
        kwargs["dim"] = tuple(data.draw(st.permutations(range(x.ndim)))[:k])
    if data.draw(st.booleans()):  # sizes that crop or zero-pad (-1 keeps a side)
        k = len(kwargs.get("dim", ())) or (2 if name in TWO_DIM else data.draw(st.integers(1, x.ndim)))
        kwargs["s"] = tuple(data.draw(st.lists(st.sampled_from([-1, 1, 2, 3, 6]), min_size=k, max_size=k)))
    check(lambda L, t: getattr(L.fft, name)(t, **kwargs), x, seed=seed)


@given(data=st.data(), seed=S.seeds)
def test_integer_input_is_transformed_in_the_default_float_dtype_as_torch(data, seed):
    x = data.draw(S.int_arrays(S.nonempty_shapes(min_dims=1, max_dims=2)))
    for name in ("fft", "ifft", "rfft", "irfft", "hfft", "ihfft", "fftn", "rfftn", "irfftn"):
        check(lambda L, t: getattr(L.fft, name)(t), x, seed=seed)


@pytest.mark.parametrize("name", ["fftshift", "ifftshift"])
@given(data=st.data(), seed=S.seeds)
def test_shifts_match_torch(name, data, seed):
    x = data.draw(signals(min_dims=1, max_dims=3))
    dim = data.draw(st.one_of(st.none(), S.single_dim(x.ndim), st.just((0, -1))))
    check(lambda L, t: getattr(L.fft, name)(t, dim=dim), x, seed=seed)


@pytest.mark.parametrize("name", ["fftfreq", "rfftfreq"])
@given(n=st.integers(1, 12), d=st.sampled_from([1.0, 0.5, 0.1, 3]),
       dtype=st.sampled_from([None, "float32", "float64"]))
def test_sample_frequencies_match_torch(name, n, d, dtype):
    check(lambda L: getattr(L.fft, name)(n, d, dtype=None if dtype is None else getattr(L, dtype)))


@pytest.mark.parametrize("name", ["fft", "rfft", "irfft", "fftn", "rfftn", "irfftn"])
@given(data=st.data(), norm=norms)
def test_second_order_gradients_match_torch(name, data, norm):
    x = data.draw(S.arrays(np.float64, data.draw(S.shapes(min_dims=1, max_dims=2, min_side=2))))
    if name.startswith("irfft"):  # a real transform of a spectrum
        compare_higher(lambda L, t: (getattr(L.fft, name)(L.fft.rfft(t * t), norm=norm) ** 2).sum(), x)
    else:  # a complex spectrum, read through its real and imaginary parts
        compare_higher(lambda L, t: (L.view_as_real(getattr(L.fft, name)(t * t, norm=norm)) ** 3).sum(), x)


def test_a_complex_input_to_a_real_transform_raises_as_torch():
    z = np.ones((3, 4), np.complex64)
    for name in sorted(REAL_ONLY):
        check_raises(lambda L, t: getattr(L.fft, name)(t), z)


@pytest.mark.parametrize("name", sorted(REAL_ONLY))
def test_a_complex_input_to_a_real_transform_raises_torchs_message(name):
    check_same_error(lambda L, t: getattr(L.fft, name)(t), np.ones((3, 4), np.complex64))


@pytest.mark.parametrize("name", ["rfft2", "rfftn", "ihfft2", "ihfftn"])
def test_a_norm_that_is_not_a_str_names_the_transform_called(name):
    check_same_error(lambda L, t: getattr(L.fft, name)(t, norm=1), np.ones((3, 4)))


def test_bad_sizes_norms_and_dims_raise_as_torch():
    x = np.ones((3, 4))
    check_raises(lambda L, t: L.fft.fft(t, norm="bad"), x)
    check_raises(lambda L, t: L.fft.fft(t, n=0), x)
    check_raises(lambda L, t: L.fft.fft(t, dim=2), x)
    check_raises(lambda L, t: L.fft.fft2(t[0]), x)
    check_raises(lambda L, t: L.fft.fftn(t, s=(3,), dim=(0, 1)), x)
    check_raises(lambda L, t: L.fft.fftn(t, dim=(0, 0)), x)
    check_raises(lambda L, t: L.fft.irfft(t[:, :1]), x)
    check_raises(lambda L, t: L.fft.fft(t), x.astype(np.float16))


def test_a_non_tensor_input_raises_type_error():
    for name in ONE_DIM + TWO_DIM + N_DIM + ["fftshift", "ifftshift"]:
        with pytest.raises(TypeError):
            getattr(minigrad.fft, name)([1.0, 2.0])


def test_float32_input_gives_complex64_and_float64_gives_complex128():
    for dtype, expected in ((minigrad.float32, minigrad.complex64), (minigrad.float64, minigrad.complex128)):
        x = minigrad.ones(4, dtype=dtype)
        assert minigrad.fft.fft(x).dtype is expected
        assert minigrad.fft.rfft(x).dtype is expected
        assert minigrad.fft.irfft(minigrad.fft.rfft(x)).dtype is dtype


def test_node_names_match_torch():
    x = np.ones((2, 4))
    z = np.ones((2, 4), np.complex128)
    for name, data in (("fft", x), ("fft", z), ("rfft", x), ("irfft", z), ("ihfft", x), ("ifft", x)):
        mine = getattr(minigrad.fft, name)(minigrad.tensor(data, requires_grad=True)).grad_fn.name()
        theirs = type(getattr(torch.fft, name)(torch.tensor(data, requires_grad=True)).grad_fn).__name__
        assert mine == theirs


def _node_chain(y):
    """The names of ``y``'s node and of the first node before each, down to the leaf."""
    names, node = [], y.grad_fn
    while node is not None:
        names.append(node.name())
        node = node.next_functions[0][0] if node.next_functions else None
    return names


N_DIMENSIONAL_CALLS = {
    "fft2 of a real tensor": (lambda L, x: L.fft.fft2(x), np.float64),
    "fftn of a real tensor": (lambda L, x: L.fft.fftn(x), np.float64),
    "fftn of a real tensor over one dim": (lambda L, x: L.fft.fftn(x, dim=(0,)), np.float64),
    "fftn of a float32 tensor": (lambda L, x: L.fft.fftn(x.float()), np.float64),
    "fftn of a real tensor over no dims": (lambda L, x: L.fft.fftn(x, dim=()), np.float64),
    "fftn of a complex tensor over no dims": (lambda L, x: L.fft.fftn(x, dim=()), np.complex128),
    "ifft2 of a real tensor": (lambda L, x: L.fft.ifft2(x), np.float64),
}


@pytest.mark.parametrize("case", N_DIMENSIONAL_CALLS.values(), ids=N_DIMENSIONAL_CALLS.keys())
def test_the_n_dimensional_transforms_record_torchs_nodes(case):
    """PyTorch's n-dimensional transforms make a real input complex (``ToCopyBackward0``) and transform it
    (``FftC2CBackward0``), over no dims too (a new tensor, not the input)."""
    call, dtype = case
    data = np.arange(8.0).reshape(2, 4).astype(dtype)
    chains = []
    for L in (minigrad, torch):
        x = L.tensor(data, requires_grad=True)
        y = call(L, x)
        assert y is not x
        chains.append(_node_chain(y))
    assert chains[0] == chains[1]


@pytest.mark.parametrize("name", ["fftn", "ifftn", "rfftn", "irfftn"])
@given(x=signals(min_dims=2, max_dims=3, complex_ok=False))
def test_scipys_transforms_agree_with_numpys_and_keep_no_negative_zero(name, x):
    pytest.importorskip("scipy")
    from minigrad.ops import dft
    axes = tuple(range(x.ndim))[-2:]
    s = tuple(x.shape[a] for a in axes)
    mine = dft._transform(np, name, x, s, axes, "backward")
    reference = getattr(np.fft, name)(x.astype(np.float64), s=s, axes=axes, norm="backward")
    single = x.dtype == np.float32
    expected = (np.float32 if single else np.float64) if name == "irfftn" else (np.complex64 if single else np.complex128)
    assert mine.dtype == expected
    tol = 1e-4 if single else 1e-10
    np.testing.assert_allclose(mine, reference, rtol=tol, atol=tol * max(1.0, float(np.abs(x).sum())))
    parts = np.concatenate([np.real(mine).ravel(), np.imag(mine).ravel()])
    assert not np.signbit(parts[parts == 0]).any()


@pytest.mark.parametrize("L", [minigrad, torch], ids=["minigrad", "torch"])
def test_the_dc_term_of_a_real_images_spectrum_has_a_positive_zero_imaginary_part(L):
    image = L.arange(12.0).reshape(3, 4)
    assert not np.signbit(L.fft.fft2(image)[0, 0].imag.item())


@pytest.mark.parametrize("norm", [None, "ortho", "forward"])
@pytest.mark.parametrize("name", ["ihfft2", "ihfftn"])
def test_the_hermitian_inverse_over_several_dims_has_torchs_zero_signs_and_node(name, norm):
    """PyTorch's ihfftn conjugates the one-sided transform along the last dim, then inverts over the others:
    the imaginary parts of frequency 0 (and n/2) along the last dim, exact zeros, become -0.0 there, and
    a sum of those stays -0.0 (at frequency 0 along the others) where the conjugate taken last is +0.0."""
    def spectrum(L, x):
        y = getattr(L.fft, name)(L.tensor(x, requires_grad=True), norm=norm)
        parts = L.view_as_real(y.detach().resolve_conj()).numpy()
        return y.grad_fn.name(), parts == 0, np.signbit(parts) & (parts == 0)
    rng = np.random.default_rng(0)
    for shape in ((4, 6), (3, 5), (2, 3, 4)):
        x = rng.standard_normal(shape)
        (name_m, zeros_m, signs_m), (name_t, zeros_t, signs_t) = spectrum(minigrad, x), spectrum(torch, x)
        assert name_m == name_t
        assert np.array_equal(zeros_m, zeros_t) and np.array_equal(signs_m, signs_t)


@pytest.mark.parametrize("name", ["ifft2", "ifftn"])
def test_the_inverse_n_dimensional_transform_of_a_real_tensor_keeps_positive_zeros_as_torch(name):
    """PyTorch's n-dimensional inverses take a real input as complex (one FftC2CBackward0 node), so
    their exact zeros are +0.0 where the one-dimensional ifft's conjugated one-sided transform gives -0.0."""
    def spectrum(L):
        y = getattr(L.fft, name)(L.arange(16.0, dtype=L.float64, requires_grad=True).reshape(4, 4))
        return y.grad_fn.name(), np.signbit(y.detach().imag.numpy()).tolist()
    assert spectrum(minigrad) == spectrum(torch)
