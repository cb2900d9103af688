"""Convolutional networks trained side by side with PyTorch.

Each model is built by both libraries from the same code; minigrad's starts
from PyTorch's weights (load_state_dict), both see the same batches and the
same optimizer, and every step's loss, the final parameters and (for
BatchNorm) the running statistics must agree. Tensors are made through the
parity helper's minigrad, so on the strict CuPy stand-in the run is on the device.
"""
import numpy as np
import pytest
import torch

from . import helpers

TOL = {np.float64: dict(rtol=1e-9, atol=1e-11), np.float32: dict(rtol=2e-4, atol=2e-5)}


def lenet(lib):
    """d2l's LeNet-5: sigmoid activations and average pooling, on 28x28 images."""
    nn = lib.nn
    return nn.Sequential(
        nn.Conv2d(1, 6, kernel_size=5, padding=2), nn.Sigmoid(), nn.AvgPool2d(kernel_size=2, stride=2),
        nn.Conv2d(6, 16, kernel_size=5), nn.Sigmoid(), nn.AvgPool2d(kernel_size=2, stride=2),
        nn.Flatten(), nn.Linear(16 * 5 * 5, 120), nn.Sigmoid(), nn.Linear(120, 84), nn.Sigmoid(),
        nn.Linear(84, 10))


def residual_cnn(lib):
    """A small residual network with BatchNorm, max pooling and global average pooling.

    (Convolutions before BatchNorm have no bias: its gradient would be rounding noise, which
    Adam scales up to full steps, so no two libraries could agree on it.)"""
    nn = lib.nn

    class Residual(nn.Module):
        def __init__(self, channels):
            super().__init__()
            self.conv1 = nn.Conv2d(channels, channels, 3, padding=1, bias=False)
            self.bn1 = nn.BatchNorm2d(channels)
            self.conv2 = nn.Conv2d(channels, channels, 3, padding=1, bias=False)
            self.bn2 = nn.BatchNorm2d(channels)

        def forward(self, x):
            y = lib.relu(self.bn1(self.conv1(x)))
            return lib.relu(x + self.bn2(self.conv2(y)))

    return nn.Sequential(
        nn.Conv2d(3, 8, 3, padding=1, bias=False), nn.BatchNorm2d(8), nn.ReLU(), Residual(8), nn.MaxPool2d(2),
        Residual(8), nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(8, 5))


def restorer(lib):
    """An image-to-image network of the deblurring kind: reflect padding, a strided conv down,
    a transposed conv up, GroupNorm, and the input added back."""
    nn = lib.nn

    class Restorer(nn.Module):
        def __init__(self):
            super().__init__()
            self.body = nn.Sequential(
                nn.Conv2d(1, 6, 3, padding=1, padding_mode="reflect"), nn.LeakyReLU(0.1),
                nn.Conv2d(6, 6, 3, stride=2, padding=1), nn.GroupNorm(2, 6), nn.ReLU(),
                nn.ConvTranspose2d(6, 6, 4, stride=2, padding=1), nn.ReLU(),
                nn.Conv2d(6, 1, 3, padding=1))

        def forward(self, x):
            return x + self.body(x)

    return Restorer()


def _device(L):
    return L.tensor(0.0).device  # "cuda" when the parity helper puts tensors on a device


def _train(lib, model, batches, make_opt, loss_fn, dtype):
    model = model.to(_device(lib)) if lib is not torch else model
    opt = make_opt(lib, model)
    losses = []
    for x, y in batches:
        opt.zero_grad()
        loss = loss_fn(lib)(model(lib.tensor(x)), lib.tensor(y))
        loss.backward()
        opt.step()
        losses.append(loss.item())
    return model, losses


def _compare(build, batches, make_opt, loss_fn, dtype):
    L = helpers.minigrad
    torch.manual_seed(0)
    t_model = build(torch).to(torch.float64 if dtype == np.float64 else torch.float32)
    m_model = build(L).to(L.float64 if dtype == np.float64 else L.float32)
    m_model.load_state_dict(t_model.state_dict())
    t_model, t_losses = _train(torch, t_model, batches, make_opt, loss_fn, dtype)
    m_model, m_losses = _train(L, m_model, batches, make_opt, loss_fn, dtype)
    np.testing.assert_allclose(m_losses, t_losses, **TOL[dtype], err_msg="losses step by step")
    t_state, m_state = t_model.state_dict(), m_model.state_dict()
    assert list(m_state) == list(t_state)
    for k in t_state:
        np.testing.assert_allclose(helpers.to_numpy(m_state[k]), t_state[k].numpy(), **TOL[dtype], err_msg=k)
    return m_model, t_model


def _image_batches(seed, steps, shape, classes, dtype):
    rng = np.random.default_rng(seed)
    return [(rng.standard_normal(shape).astype(dtype), rng.integers(0, classes, shape[0]).astype(np.int64))
            for _ in range(steps)]


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_lenet5_trains_like_torch(dtype):
    batches = _image_batches(0, 4, (8, 1, 28, 28), 10, dtype)
    _compare(lenet, batches, lambda lib, model: lib.optim.SGD(model.parameters(), lr=0.9),
             lambda lib: lib.nn.CrossEntropyLoss(), dtype)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_lenet5_with_relu_max_pooling_and_momentum_trains_like_torch(dtype):
    def build(lib):
        model = lenet(lib)
        for i in (1, 4, 8, 10):
            model[i] = lib.nn.ReLU()
        for i in (2, 5):
            model[i] = lib.nn.MaxPool2d(2)
        return model
    batches = _image_batches(1, 4, (8, 1, 28, 28), 10, dtype)
    _compare(build, batches, lambda lib, model: lib.optim.SGD(model.parameters(), lr=0.05, momentum=0.9),
             lambda lib: lib.nn.CrossEntropyLoss(), dtype)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_residual_cnn_with_batchnorm_trains_like_torch(dtype):
    batches = _image_batches(2, 5, (6, 3, 8, 8), 5, dtype)
    m_model, t_model = _compare(residual_cnn, batches,
                                lambda lib, model: lib.optim.Adam(model.parameters(), lr=0.01),
                                lambda lib: lib.nn.CrossEntropyLoss(), dtype)
    # the running statistics were compared with the state dicts; evaluation mode uses them
    m_model.eval()
    t_model.eval()
    x = np.random.default_rng(3).standard_normal((4, 3, 8, 8)).astype(dtype)
    np.testing.assert_allclose(helpers.to_numpy(m_model(helpers.minigrad.tensor(x))),
                               t_model(torch.tensor(x)).detach().numpy(), **TOL[dtype])


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_image_restoration_network_trains_like_torch(dtype):
    rng = np.random.default_rng(4)
    batches = []
    for _ in range(4):
        sharp = rng.standard_normal((2, 1, 8, 10)).astype(dtype)
        blurred = ((sharp + np.roll(sharp, 1, axis=2) + np.roll(sharp, 1, axis=3)) / 3).astype(dtype)
        batches.append((blurred, sharp))
    _compare(restorer, batches,
             lambda lib, model: lib.optim.SGD(model.parameters(), lr=0.05, momentum=0.9, nesterov=True),
             lambda lib: lib.nn.MSELoss(), dtype)
