"""Blind deconvolution with a deep image prior: SelfDeblur (Ren et al., CVPR 2020), scaled down.

x_hat = ImageNet(z_x) and k_hat = KernelNet(z_k) for fixed noise z_x, z_k; the
weights of both networks are trained together by Adam so that k_hat * x_hat
matches y (mean squared error). No training data: the structure of the
convolutional network is the prior (it fits natural images long before noise).

Scaled down from the paper (which runs 5,000 iterations of networks with 128
channels on five levels, an SSIM loss after 1,000 iterations, on a GPU) to run
one 128 x 128 image in a few minutes on two CPU cores; see ``CONFIG``.
"""
import numpy as np

from .backend import to_numpy, to_tensor
from .blur import blur
from .images import centre
from .networks import init_from_numpy, networks
from .progress import progress
from .variational import decay

CONFIG = dict(
    iterations=1500,          # paper: 5,000
    channels=(32, 32, 64, 64),  # paper: 128 on each of 5 levels
    skip=(8, 8, 8, 8),        # paper: 16 on each level
    in_channels=8,            # as the paper
    kernel_hidden=1000,       # as the paper
    lr_x=0.01, lr_k=1e-4,     # as the paper
    reg_noise=0.001,          # as the paper: z_x is perturbed this much at every iteration
    kernel_warmup=0,          # iterations before the kernel starts to move
)


def deep_prior(y, kernel_size, *, torch, seed=0, dtype=None, show=True, **overrides):
    """Returns (x_hat on y's grid, k_hat) and the loss of every iteration. ``overrides`` change ``CONFIG``."""
    cfg = {**CONFIG, **overrides}
    dtype = dtype or torch.float32
    ImageNet, KernelNet = networks(torch)
    levels = len(cfg["channels"])
    side = y.shape[0] + kernel_size - 1                       # x_hat's size for a 'valid' blur
    net_side = -(-side // 2 ** levels) * 2 ** levels          # rounded up for the encoder-decoder
    rng = np.random.default_rng(seed)
    image_net = ImageNet(cfg["in_channels"], cfg["channels"], cfg["channels"], cfg["skip"]).to(dtype)
    kernel_net = KernelNet(kernel_size, hidden=cfg["kernel_hidden"]).to(dtype)
    init_from_numpy(torch, image_net, rng)
    init_from_numpy(torch, kernel_net, rng)
    z_x = 0.1 * rng.uniform(size=(1, cfg["in_channels"], net_side, net_side))
    z_k = to_tensor(torch, 0.1 * rng.uniform(size=200), dtype)
    y_t = to_tensor(torch, y[None, None], dtype)
    optimizer = torch.optim.Adam([{"params": list(image_net.parameters()), "lr": cfg["lr_x"]},
                                  {"params": list(kernel_net.parameters()), "lr": cfg["lr_k"]}])
    top = (net_side - side) // 2
    losses, bar = [], progress(cfg["iterations"], "deep prior", show)
    for i in bar:
        decay(optimizer, [cfg["lr_x"], cfg["lr_k"] if i >= cfg["kernel_warmup"] else 0.0], i / cfg["iterations"],
              final_ratio=0.125)
        z = to_tensor(torch, z_x + cfg["reg_noise"] * rng.standard_normal(z_x.shape), dtype)
        optimizer.zero_grad()
        x = image_net(z)[..., top:top + side, top:top + side]
        k = kernel_net(z_k)
        residual = blur(torch, x, k) - y_t
        loss = (residual * residual).mean()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
        bar.show(losses[-1])
    bar.close()
    with torch.no_grad():   # the networks stay in training mode (BatchNorm on batch statistics), as in the paper
        x = image_net(to_tensor(torch, z_x, dtype))[..., top:top + side, top:top + side]
        k = kernel_net(z_k)
    return (centre(to_numpy(x)[0, 0], y.shape[0]), to_numpy(k)), losses
