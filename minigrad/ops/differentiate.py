"""Numerical differentiation: torch.gradient, the derivative of a sampled function along each dim by
central differences inside and one-sided ones (first or second order) at the edges, with a constant
spacing per dim or sample coordinates. Composed of Tensor ops as PyTorch's, so the gradients follow."""
from ..tensor import Tensor
from .._int_arguments import _wrap_dim
from ._api import public
from ._util import expect_tensor
from .join import cat


def _dims(input, dim):
    if dim is None:
        return list(range(input.ndim))
    dims = [_wrap_dim(d, max(input.ndim, 1)) for d in ([dim] if isinstance(dim, int) else dim)]
    for d in dims:
        if dims.count(d) > 1:
            raise RuntimeError(f"dim {d} appears multiple times in the list of dims")
    return dims


def _spacings(input, spacing, dims, dim_given):
    if spacing is None or not isinstance(spacing, (list, tuple)):
        return [1 if spacing is None else spacing] * len(dims)
    if len(spacing) != len(dims):
        what = f"'dim' = {len(dims)}, since dim argument was given" if dim_given else \
            f"'self.dim() = {input.ndim}', since dim argument was not given"
        raise RuntimeError(f"torch.gradient expected spacing to be unspecified, a scalar, or a list of length equal "
                           f"to {what}, but got a list of length {len(spacing)}")
    for s in spacing:
        if isinstance(s, Tensor) and s.ndim != 1:
            raise RuntimeError(f"torch.gradient expected each element of spacing to have one dimension, but got an "
                               f"element with {s.ndim} dimensions!")
    return list(spacing)


def _uniform(f, d, h, edge_order):
    """The derivative along d of samples h apart."""
    n = f.shape[d]
    center = (f.narrow(d, 2, n - 2) - f.narrow(d, 0, n - 2)) / h / 2
    first, second, third = (f.narrow(d, i, 1) for i in range(3)) if edge_order == 2 else \
        (f.narrow(d, 0, 1), f.narrow(d, 1, 1), None)
    last, before, third_last = (f.narrow(d, n - 1 - i, 1) for i in range(3)) if edge_order == 2 else \
        (f.narrow(d, n - 1, 1), f.narrow(d, n - 2, 1), None)
    if edge_order == 1:
        return cat([(second - first) / h, center, (last - before) / h], d)
    start = (-1.5 * first + 2 * second - 0.5 * third) / h
    end = (0.5 * third_last - 2 * before + 1.5 * last) / h
    return cat([start, center, end], d)


def _coordinates(f, d, x, edge_order):
    """The derivative along d of samples at the coordinates x (second-order accurate inside)."""
    n = f.shape[d]
    shape = [1] * f.ndim
    shape[d] = -1
    dx = x[1:] - x[:-1]
    dx1, dx2 = dx[:-1], dx[1:]
    a = (-dx2 / (dx1 * (dx1 + dx2))).reshape(shape)
    b = ((dx2 - dx1) / (dx1 * dx2)).reshape(shape)
    c = (dx1 / (dx2 * (dx1 + dx2))).reshape(shape)
    center = a * f.narrow(d, 0, n - 2) + b * f.narrow(d, 1, n - 2) + c * f.narrow(d, 2, n - 2)
    if edge_order == 1:
        start = (f.narrow(d, 1, 1) - f.narrow(d, 0, 1)) / dx[0]
        end = (f.narrow(d, n - 1, 1) - f.narrow(d, n - 2, 1)) / dx[-1]
        return cat([start, center, end], d)
    h0, h1, hl, hm = dx[0], dx[1], dx[-1], dx[-2]
    start = (-(2.0 * h0 + h1) / (h0 * (h0 + h1)) * f.narrow(d, 0, 1) + (h0 + h1) / (h0 * h1) * f.narrow(d, 1, 1)
             + (-h0) / (h1 * (h0 + h1)) * f.narrow(d, 2, 1))
    end = (hl / (hm * (hl + hm)) * f.narrow(d, n - 3, 1) - (hl + hm) / (hl * hm) * f.narrow(d, n - 2, 1)
           + (2 * hl + hm) / (hl * (hl + hm)) * f.narrow(d, n - 1, 1))
    return cat([start, center, end], d)


@public("gradient", method=False)
def gradient(input, *, spacing=1, dim=None, edge_order=1):
    """The derivative of the samples ``input`` along each dim of ``dim`` (all by default), one tensor per
    dim: central differences inside, one-sided differences of order ``edge_order`` (1 or 2) at the edges.
    ``spacing`` is the distance between samples (one number, or one per dim) or each dim's coordinates
    (a list of 1-D tensors)."""
    expect_tensor("gradient", input)
    dims = _dims(input, dim)
    spacings = _spacings(input, spacing, dims, dim is not None)
    if edge_order not in (1, 2):
        raise RuntimeError("torch.gradient only supports edge_order=1 and edge_order=2.")
    for d in dims:
        if input.shape[d] < edge_order + 1:
            raise RuntimeError("torch.gradient expected each dimension size to be at least edge_order+1")
    return tuple(_coordinates(input, d, h, edge_order) if isinstance(h, Tensor) else
                 _uniform(input, d, h, edge_order) for d, h in zip(dims, spacings))
