"""Convolutional training: minigrad against PyTorch and a hand-written NumPy im2col network.

Cases: LeNet-5 training steps at batch 256 on 28x28 inputs (d2l's sigmoid and
average pooling, and ReLU with max pooling), a 64x64 image-to-image CNN (five 3x3
convolutions of 32 channels with BatchNorm and ReLU, the input added back, Adam) at batch
8, one Conv2d(16, 32, 3, padding=1) forward and backward on (32, 16, 32, 32), and one
iteration of the deblurring example's deep-prior method (minigrad and PyTorch only). Each
at 1 and 2 BLAS/PyTorch threads, the implementations interleaved in one run.
"""
import numpy as np

import minigrad
import torch

from .harness import compare, row
from . import numpy_conv_reference as ref


def _lenet(lib, activation, pool):
    nn = lib.nn
    act = nn.Sigmoid if activation == "sigmoid" else nn.ReLU
    pooling = (lambda: nn.AvgPool2d(2, 2)) if pool == "avg" else (lambda: nn.MaxPool2d(2, 2))
    return nn.Sequential(nn.Conv2d(1, 6, 5, padding=2), act(), pooling(), nn.Conv2d(6, 16, 5), act(), pooling(),
                         nn.Flatten(), nn.Linear(400, 120), act(), nn.Linear(120, 84), act(), nn.Linear(84, 10))


def _image_cnn(lib, channels=3, width=32, depth=5):
    nn = lib.nn

    class Restorer(nn.Module):
        def __init__(self):
            super().__init__()
            layers = [nn.Conv2d(channels, width, 3, padding=1, bias=False), nn.BatchNorm2d(width), nn.ReLU()]
            for _ in range(depth - 2):
                layers += [nn.Conv2d(width, width, 3, padding=1, bias=False), nn.BatchNorm2d(width), nn.ReLU()]
            layers.append(nn.Conv2d(width, channels, 3, padding=1))
            self.body = nn.Sequential(*layers)

        def forward(self, x):
            return x + self.body(x)
    return Restorer()


def _train_step(lib, model, make_opt, loss_fn, x, y):
    X, Y = lib.tensor(x), lib.tensor(y)
    opt = make_opt(model.parameters())

    def step():
        opt.zero_grad()
        loss_fn(model(X), Y).backward()
        opt.step()
    return step


def _deep_prior_step(lib, side, kernel_size):
    """One iteration of the deblurring example's deep-prior method (``examples/deblur``): its
    encoder-decoder and kernel network, the 'valid' blur, MSE, backward, Adam, on a ``side``-pixel
    image and a ``kernel_size`` kernel, from the same NumPy-drawn weights and noise on both libraries."""
    from examples.deblur.backend import to_tensor
    from examples.deblur.blur import blur
    from examples.deblur.deep_prior import CONFIG
    from examples.deblur.networks import init_from_numpy, networks
    image_net_class, kernel_net_class = networks(lib)
    rng = np.random.default_rng(0)
    x_side = side + kernel_size - 1
    levels = len(CONFIG["channels"])
    net_side = -(-x_side // 2 ** levels) * 2 ** levels
    image_net = image_net_class(CONFIG["in_channels"], CONFIG["channels"], CONFIG["channels"], CONFIG["skip"])
    kernel_net = kernel_net_class(kernel_size, hidden=CONFIG["kernel_hidden"])
    init_from_numpy(lib, image_net, rng)
    init_from_numpy(lib, kernel_net, rng)
    z = to_tensor(lib, 0.1 * rng.uniform(size=(1, CONFIG["in_channels"], net_side, net_side)), lib.float32)
    z_k = to_tensor(lib, 0.1 * rng.uniform(size=200), lib.float32)
    y = to_tensor(lib, rng.uniform(size=(1, 1, side, side)), lib.float32)
    opt = lib.optim.Adam(list(image_net.parameters()) + list(kernel_net.parameters()), lr=CONFIG["lr_x"])

    def step():
        opt.zero_grad()
        residual = blur(lib, image_net(z)[..., :x_side, :x_side], kernel_net(z_k)) - y
        (residual * residual).mean().backward()
        opt.step()
    return step


def _threads(n):
    """Context: NumPy's BLAS and PyTorch on ``n`` threads."""
    import contextlib
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover
        threadpool_limits = None

    @contextlib.contextmanager
    def limit():
        before = torch.get_num_threads()
        torch.set_num_threads(n)
        ctx = threadpool_limits(n) if threadpool_limits else contextlib.nullcontext()
        with ctx:
            try:
                yield
            finally:
                torch.set_num_threads(before)
    return limit()


def _cases(quick):
    rng = np.random.default_rng(0)
    batch, side, img_batch, img_side, conv_batch = (16, 28, 2, 16, 4) if quick else (256, 28, 8, 64, 32)
    deblur_side, deblur_kernel = (24, 9) if quick else (128, 25)   # (the example's full size and largest kernel)
    digits = rng.standard_normal((batch, 1, side, side)).astype(np.float32)
    labels = rng.integers(0, 10, batch)
    blurred = rng.standard_normal((img_batch, 3, img_side, img_side)).astype(np.float32)
    sharp = rng.standard_normal((img_batch, 3, img_side, img_side)).astype(np.float32)
    conv_x = rng.standard_normal((conv_batch, 16, 32, 32)).astype(np.float32)
    conv_g = rng.standard_normal((conv_batch, 32, 32, 32)).astype(np.float32)
    cases = []
    for activation, pool, label in (("sigmoid", "avg", "sigmoid/avg-pool"), ("relu", "max", "ReLU/max-pool")):
        def make(lib, activation=activation, pool=pool):
            lib.manual_seed(0)
            return _train_step(lib, _lenet(lib, activation, pool), lambda p: lib.optim.SGD(p, lr=0.1),
                               lib.nn.CrossEntropyLoss(), digits, labels)

        def numpy_fn(activation=activation, pool=pool):
            net = ref.lenet(activation, pool)
            return lambda: net.step(digits, labels)
        cases.append((f"LeNet-5 {label}, batch {batch}, SGD", make, numpy_fn, "steps"))

    def make_image(lib):
        lib.manual_seed(0)
        return _train_step(lib, _image_cnn(lib), lambda p: lib.optim.Adam(p, lr=1e-3), lib.nn.MSELoss(),
                           blurred, sharp)

    def numpy_image():
        net = ref.image_cnn()
        return lambda: net.step(blurred, sharp)
    cases.append((f"image CNN {img_side}x{img_side}, 5 conv+BN, batch {img_batch}, Adam", make_image,
                  numpy_image, "steps"))

    def make_layer(lib):
        lib.manual_seed(0)
        layer = lib.nn.Conv2d(16, 32, 3, padding=1)
        x = lib.tensor(conv_x, requires_grad=True)
        g = lib.tensor(conv_g)
        return lambda: layer(x).backward(g)

    def numpy_layer():
        fwd_bwd = ref.conv_layer()
        return lambda: fwd_bwd(conv_x, conv_g)
    cases.append((f"Conv2d(16,32,3,pad 1) fwd+bwd, ({conv_batch},16,32,32)", make_layer, numpy_layer,
                  "calls"))

    up_x = conv_g[:, :16, :16, :16].copy()  # (an encoder's feature map, upsampled back to 32x32)

    def make_upsampling(lib):
        lib.manual_seed(0)
        layer = lib.nn.ConvTranspose2d(16, 32, 3, stride=2, padding=1, output_padding=1)
        x = lib.tensor(up_x, requires_grad=True)
        g = lib.tensor(conv_g)
        return lambda: layer(x).backward(g)
    cases.append((f"ConvTranspose2d(16,32,3,stride 2,pad 1,out-pad 1) fwd+bwd, ({conv_batch},16,16,16)",
                  make_upsampling, None, "calls"))

    def make_deep_prior(lib):
        lib.manual_seed(0)
        return _deep_prior_step(lib, deblur_side, deblur_kernel)
    cases.append((f"deblur deep-prior step {deblur_side}x{deblur_side}, {deblur_kernel}x{deblur_kernel} kernel",
                  make_deep_prior, None, "steps"))
    return cases


def run(quick=False):
    """Rows for every case at 1 and 2 threads (1 only in quick mode)."""
    rows = []
    for threads in ((1,) if quick else (1, 2)):
        with _threads(threads):
            for case, make, numpy_fn, per in _cases(quick):
                fns = {"minigrad": make(minigrad), "torch": make(torch)}
                if numpy_fn is not None:
                    fns["numpy"] = numpy_fn()
                number, repeat = (1, 2) if quick else ((3, 7) if "image" not in case and "deblur" not in case else (1, 7))
                res = compare(fns, number, repeat, warmup=1 if quick else 2)
                label = f"{case} [{threads} thread{'s' if threads > 1 else ''}]"
                rows += [row("conv", label, k, v, per=per) for k, v in res.items()]
    return rows
