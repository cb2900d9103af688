"""PyTorch's native normalisation functions: the layers' outputs with the statistics they used.

``native_layer_norm``, ``native_group_norm``, ``native_batch_norm`` and ``_native_batch_norm_legit``
return ``(output, mean, rstd)``: the output is the layer's (``ops/normalization.py``,
``ops/batch_norm.py``, its gradients included), the mean and 1 / sqrt(biased variance + eps) are
those of each normalised group. As PyTorch's, the layer norm's and batch norm's statistics carry no gradient, while the group norm's
are differentiable (composed of Tensor ops here, so their gradients add to the output's).
"""
from ..kernels.norm import moments
from ..tensor import wrap
from ._api import public
from ._util import expect_tensor
from .batch_norm import batch_norm
from .normalization import group_norm, layer_norm
from .distance import norm
from .permutation import transpose


def _statistics(input, axes, eps, shape):
    """(mean, rstd) of ``input`` over ``axes``, reshaped to ``shape``, without a gradient."""
    xp = input._device._get_backend().xp
    mean, var, _ = moments(xp, input._data, axes)
    rstd = 1.0 / xp.sqrt(var + eps)
    return (wrap(mean.reshape(shape).astype(input._data.dtype, copy=False), input._device),
            wrap(rstd.reshape(shape).astype(input._data.dtype, copy=False), input._device))


@public(method=False)
def native_layer_norm(input, normalized_shape, weight, bias, eps):
    """(layer_norm(input, normalized_shape, weight, bias, eps), mean, rstd), the statistics shaped as input
    with its ``normalized_shape`` dims of size 1 (no gradient through them, as PyTorch's)."""
    expect_tensor("native_layer_norm", input)
    out = layer_norm(input, normalized_shape, weight, bias, eps)
    d = len(normalized_shape)
    axes = tuple(range(input.ndim - d, input.ndim))
    return (out,) + _statistics(input, axes, eps, tuple(input.shape[:input.ndim - d]) + (1,) * d)


@public(method=False)
def native_group_norm(input, weight, bias, N, C, HxW, group, eps):
    """(group_norm(input, group, weight, bias, eps), mean, rstd) for an input of N * C * HxW elements, the
    statistics of shape (N, group); all three outputs are differentiable, as PyTorch's."""
    expect_tensor("native_group_norm", input)
    if input.numel() != N * C * HxW:
        raise RuntimeError("Expected input.numel() == N * C * HxW to be true, but got false.  (Could this error "
                           "message be improved?  If so, please report an enhancement request to PyTorch.)")
    out = group_norm(input, group, weight, bias, eps)
    grouped = input.reshape(N, group, C // group * HxW)
    mean = grouped.mean(-1, keepdim=True)
    centred = grouped - mean
    rstd = ((centred * centred).mean(-1) + eps).rsqrt()
    return out, mean.squeeze(-1), rstd


def _batch_statistics(input, training, eps):
    """The batch's per-channel (mean, 1/std) in training, else two empty tensors (PyTorch's)."""
    if training:
        axes = (0,) + tuple(range(2, input.ndim))
        c = input.shape[1] if input.ndim > 1 else input.numel()
        return _statistics(input, axes, eps, (c,))
    xp = input._device._get_backend().xp
    empty = xp.zeros((0,), input._data.dtype)
    return wrap(empty, input._device), wrap(empty.copy(), input._device)


@public(method=False)
def native_batch_norm(input, weight, bias, running_mean, running_var, training, momentum, eps):
    """(batch_norm(...), save_mean, save_invstd): in training the batch's per-channel mean and
    1/sqrt(biased variance + eps) (the running statistics updated in place), in evaluation empty tensors."""
    expect_tensor("native_batch_norm", input)
    out = batch_norm(input, running_mean, running_var, weight, bias, training, momentum, eps)
    return (out,) + _batch_statistics(input, training, eps)


@public(method=False)
def _native_batch_norm_legit(input, weight, bias, *args):
    """native_batch_norm's two forms: (input, weight, bias, running_mean, running_var, training, momentum,
    eps), and (input, weight, bias, training, momentum, eps) without running statistics."""
    expect_tensor("_native_batch_norm_legit", input)
    if len(args) == 3:
        training, momentum, eps = args
        if not training:
            raise RuntimeError("running_mean must be defined in evaluation mode")
        return native_batch_norm(input, weight, bias, None, None, training, momentum, eps)
    running_mean, running_var, training, momentum, eps = args
    return native_batch_norm(input, weight, bias, running_mean, running_var, training, momentum, eps)


@public(method=False)
def norm_except_dim(v, pow=2, dim=0):
    """The ``pow``-norm of ``v`` over every dim but ``dim``, shaped to broadcast against ``v`` (weight
    norm's magnitude); ``dim=-1`` is the norm of all of ``v``."""
    expect_tensor("norm_except_dim", v)
    if dim == -1:
        return norm(v, pow)
    last = v.ndim - 1
    if dim == 0 or dim == last:
        size = [1] * v.ndim
        size[dim] = v.shape[dim]
        rows = v.contiguous().view(v.shape[0], -1) if dim == 0 else v.contiguous().view(-1, v.shape[last])
        return norm(rows, pow, 1 if dim == 0 else 0).view(size)
    return transpose(norm_except_dim(transpose(v, 0, dim), pow, 0), 0, dim)
