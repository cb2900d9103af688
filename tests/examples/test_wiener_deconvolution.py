"""Wiener deconvolution of a blurred, noisy image with fft2/ifft2, as a course program writes it
for PyTorch, gives PyTorch's restored image and PyTorch's gradients (of the noise-to-signal
ratio, the blur kernel and the observed image) on minigrad."""
import numpy as np
import pytest

import minigrad

torch = pytest.importorskip("torch")


def _gaussian_kernel(size, sigma):
    r = np.arange(size) - size // 2
    k = np.exp(-(r[:, None] ** 2 + r[None, :] ** 2) / (2 * sigma ** 2))
    return k / k.sum()


def wiener_program(L, image, kernel, noise):
    """Blur ``image`` with ``kernel`` (circularly, in the Fourier domain), add ``noise``, restore it
    with a Wiener filter of learnable noise-to-signal ratio, and return what a training step reads."""
    x = L.tensor(image, requires_grad=True)
    k = L.tensor(kernel, requires_grad=True)
    nsr = L.tensor(0.01, dtype=x.dtype, requires_grad=True)
    h, w = x.shape[-2:]
    padded = L.zeros(h, w, dtype=x.dtype)
    padded[: k.shape[0], : k.shape[1]] = k
    padded = L.roll(padded, shifts=(-(k.shape[0] // 2), -(k.shape[1] // 2)), dims=(0, 1))  # centred at (0, 0)
    H = L.fft.fft2(padded)
    blurred = L.fft.ifft2(L.fft.fft2(x) * H).real + L.tensor(noise)
    Y = L.fft.fft2(blurred)
    G = H.conj() / (H.abs() ** 2 + nsr)
    restored = L.fft.ifft2(G * Y).real
    loss = ((restored - x.detach()) ** 2).mean()
    loss.backward()
    return [t.detach().numpy() for t in (blurred, restored, loss, x.grad, k.grad, nsr.grad)]


@pytest.mark.parametrize("dtype, rtol", [(np.float64, 1e-7), (np.float32, 1e-5)])
def test_wiener_deconvolution_restores_the_image_and_its_gradients_as_pytorch(dtype, rtol):
    rng = np.random.default_rng(0)
    yy, xx = np.mgrid[:32, :32]
    image = ((np.sin(xx / 3.0) + np.cos(yy / 5.0)) * (xx > 8) + (yy > 20)).astype(dtype)
    kernel = _gaussian_kernel(7, 1.5).astype(dtype)
    noise = (0.01 * rng.standard_normal(image.shape)).astype(dtype)
    mine = wiener_program(minigrad, image, kernel, noise)
    theirs = wiener_program(torch, image, kernel, noise)
    names = ("blurred", "restored", "loss", "image grad", "kernel grad", "nsr grad")
    for name, a, b in zip(names, mine, theirs):
        assert a.dtype == b.dtype and a.shape == b.shape, name
        np.testing.assert_allclose(a, b, rtol=rtol, atol=rtol * max(1e-3, np.abs(b).max()), err_msg=name)
    restored_error = np.abs(mine[1] - image).mean()
    assert restored_error < 0.7 * np.abs(mine[0] - image).mean()  # the filter undoes much of the blur
