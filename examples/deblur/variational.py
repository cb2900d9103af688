"""Deconvolution by minimising an energy with autograd.

``tv_deconvolution`` is given the true kernel (non-blind) and descends on x only,
for ||k * x - y||^2 + lambda TV(x). ``blind_map`` estimates x and k together
(a joint MAP estimate) with k parameterised through a softmax, so that it stays
non-negative and sums to 1, and works coarse to fine: the solution on a smaller
image starts the next level, so that the large structure of the kernel is found
before its detail. Its prior is not TV: TV alone is lowest for the blurred
image itself and a point kernel (Levin et al., CVPR 2009), so the blind energy
uses the normalised sparsity of Krishnan et al. (CVPR 2011) instead.
"""
import numpy as np
from scipy import ndimage
from skimage import transform

from .backend import to_numpy, to_tensor
from .blur import blur
from .images import centre
from .progress import progress


def total_variation(x, eps=1e-3):
    """Mean isotropic total variation of a (1, 1, H, W) batch, smoothed by ``eps`` so it is differentiable at 0."""
    dx = x[..., :-1, 1:] - x[..., :-1, :-1]
    dy = x[..., 1:, :-1] - x[..., :-1, :-1]
    return (dx * dx + dy * dy + eps * eps).sqrt().mean()


def sparsity_ratio(x):
    """Normalised sparsity of the image gradients, ||grad x||_1 / ||grad x||_2 (Krishnan et al., CVPR 2011).

    Blur spreads an edge over several pixels, which raises this ratio, and it
    does not change when x is scaled; TV instead falls under blur, so a TV prior
    alone prefers the blurred image and a point kernel (Levin et al., CVPR 2009).
    """
    dx, dy = _gradients(x)
    l1 = dx.abs().sum() + dy.abs().sum()
    l2 = ((dx * dx).sum() + (dy * dy).sum()).sqrt()
    return l1 / l2 / float(np.sqrt(dx.numel() + dy.numel()))


def energy(torch, x, k, y, lam):
    """Mean squared re-blur error plus ``lam`` times the total variation of x."""
    residual = blur(torch, x, k) - y
    return (residual * residual).mean() + lam * total_variation(x)


def decay(optimizer, start_lrs, progress_fraction, final_ratio=0.05):
    """Set every group's learning rate to its start value times ``final_ratio ** progress_fraction``.

    Adam moves every pixel by about the learning rate at each step whatever the
    gradient, so the rate is lowered towards the end to let x settle.
    """
    for group, lr in zip(optimizer.param_groups, start_lrs):
        group["lr"] = lr * final_ratio ** progress_fraction


def tv_deconvolution(y, kernel, *, torch, iterations=300, lam=3e-3, lr=0.01, dtype=None, show=True):
    """Non-blind: Adam on x (started from y extended by its edge pixels) for the given ``kernel``,
    the learning rate decaying geometrically to a twentieth.

    Returns (x_hat on y's grid, kernel) and the loss of every iteration.
    """
    dtype = dtype or torch.float32
    size = kernel.shape[0]
    y_t = to_tensor(torch, y[None, None], dtype)
    k_t = to_tensor(torch, kernel, dtype)
    x = to_tensor(torch, np.pad(y, size // 2, mode="edge")[None, None], dtype).requires_grad_()
    optimizer = torch.optim.Adam([x], lr=lr)
    losses, bar = [], progress(iterations, "TV", show)
    for i in bar:
        decay(optimizer, [lr], i / iterations)
        optimizer.zero_grad()
        loss = energy(torch, x, k_t, y_t, lam)
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
        bar.show(losses[-1])
    bar.close()
    return (centre(to_numpy(x)[0, 0], y.shape[0]), kernel), losses


def cleaned_kernel(k, threshold=0.05):
    """``k`` with its faint entries (below ``threshold`` times its peak) set to zero, moved so that its centre of
    mass falls on the middle pixel, and normalised to sum 1; also returns the integer shift (dy, dx) applied.

    A blind estimate spreads a little mass over the whole support, which the
    non-blind step turns into ringing; cutting it is the usual clean-up (Cho and
    Lee, SIGGRAPH Asia 2009, cut below a twentieth of the peak). The centring
    keeps the kernel from drifting towards an edge of its grid, where part of it
    would fall off at the next level; k * x does not change if x moves back.
    """
    k = np.where(k >= threshold * k.max(), k, 0.0)
    r = np.arange(k.shape[0]) - k.shape[0] // 2
    total = k.sum()
    dy, dx = (int(round(-(k.sum(1) @ r) / total)), int(round(-(k.sum(0) @ r) / total)))
    k = ndimage.shift(k, (dy, dx), order=0, mode="constant")
    return k / k.sum(), (dy, dx)


def pyramid_sizes(kernel_size, levels):
    """Kernel sizes, coarse to fine: halving each level, odd, at least 3, ending at ``kernel_size``."""
    sizes = [kernel_size]
    for _ in range(levels - 1):
        sizes.append(max(3, int(round(sizes[-1] / 2)) | 1))
    return sizes[::-1]


def _resized(a, shape):
    """``a`` resized (bilinear, anti-aliased) to ``shape``."""
    return transform.resize(a, shape, order=1, anti_aliasing=True)


def _gradients(a):
    """The horizontal and vertical finite differences of a (1, 1, H, W) batch, flattened into one vector."""
    return (a[..., :, 1:] - a[..., :, :-1]).flatten(), (a[..., 1:, :] - a[..., :-1, :]).flatten()


def blind_map(y, kernel_size, *, torch, levels=4, iterations=300, lam=(3e-3, 1e-3), lr_x=0.01, lr_k=0.05,
              threshold=0.05, final_tv=300, dtype=None, show=True):
    """Blind: Adam on x and on the kernel's logits together, coarse to fine over ``levels`` image scales.

    The energy is ||grad(k * x - y)||^2 + lam * sparsity_ratio(x): the data
    term on image gradients (edges carry the information about the kernel and
    flat regions only add noise) and a prior that prefers sharp edges. At
    every level y is resized by the ratio of the kernel sizes; x starts from
    the previous level's x resized (y extended by its edges at the coarsest),
    the kernel from the previous kernel resized (a small Gaussian at the
    coarsest). The prior's weight falls geometrically from ``lam[0]`` to
    ``lam[1]`` over the levels. After every level the kernel is cleaned
    (``cleaned_kernel``: entries below ``threshold`` times the peak cut, centred)
    and x moved to match. The x of this energy is a cartoon, good for
    finding k but poor to look at, so the image returned is the non-blind TV
    method's with the k found (``final_tv`` iterations; 0 returns the cartoon).
    Returns (x_hat on y's grid, k_hat) and the losses of the finest level.
    """
    dtype = dtype or torch.float32
    sizes = pyramid_sizes(kernel_size, levels)
    lams = np.geomspace(lam[0], lam[1], levels) if levels > 1 else [lam[1]]
    x_prev = k_prev = None
    for level, (ks, lam_level) in enumerate(zip(sizes, lams)):
        n = max(8, int(round(y.shape[0] * ks / kernel_size)))
        y_level = _resized(y, (n, n)) if level < levels - 1 else y
        if k_prev is None:
            r = np.arange(ks) - ks // 2
            k_init = np.exp(-(r[:, None] ** 2 + r[None, :] ** 2) / 2.0)
            x_init = np.pad(y_level, ks // 2, mode="edge")
        else:
            k_init = np.clip(_resized(k_prev, (ks, ks)), 0, None)
            x_init = _resized(x_prev, (n + ks - 1, n + ks - 1))
        k_init = k_init / k_init.sum()
        y_t = to_tensor(torch, y_level[None, None], dtype)
        x = to_tensor(torch, x_init[None, None], dtype).requires_grad_()
        logits = to_tensor(torch, np.log(k_init + 1e-4 * k_init.max()).ravel(), dtype).requires_grad_()
        optimizer = torch.optim.Adam([{"params": [x], "lr": lr_x}, {"params": [logits], "lr": lr_k}])
        losses, bar = [], progress(iterations, f"MAP {n}px k{ks}", show)
        for i in bar:
            decay(optimizer, [lr_x, lr_k], i / iterations)
            optimizer.zero_grad()
            k = logits.softmax(0).reshape(ks, ks)
            residual = torch.cat(_gradients(blur(torch, x, k) - y_t))
            loss = (residual * residual).mean() + lam_level * sparsity_ratio(x)
            loss.backward()
            optimizer.step()
            losses.append(loss.item())
            bar.show(losses[-1])
        bar.close()
        k_prev, (dy, dx) = cleaned_kernel(to_numpy(logits.softmax(0).reshape(ks, ks)), threshold)
        x_prev = ndimage.shift(to_numpy(x)[0, 0], (-dy, -dx), order=1, mode="nearest")
    if final_tv:
        (x_final, _), _ = tv_deconvolution(y, k_prev, torch=torch, iterations=final_tv, dtype=dtype, show=show)
        return (x_final, k_prev), losses
    return (centre(x_prev, y.shape[0]), k_prev), losses
