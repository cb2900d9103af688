"""``minigrad.nn.grad``: the gradients of a convolution with respect to its input and to its
weight, as functions of their own (PyTorch's ``torch.nn.grad``). Each runs the convolution's
backward through autograd: the input gradient does not depend on the input's values nor the
weight gradient on the weight's, so a zero tensor of the given size stands in for them; the
result is differentiable again where ``weight``/``input`` or ``grad_output`` require grad."""
from .. import autograd
from ..creation import zeros
from . import functional as F

__all__ = ["conv1d_input", "conv1d_weight", "conv2d_input", "conv2d_weight", "conv3d_input", "conv3d_weight"]


def _input_grad(conv, input_size, weight, grad_output, stride, padding, dilation, groups):
    """The gradient of ``conv(input, weight)`` at ``grad_output`` with respect to an input of ``input_size``."""
    x = zeros(tuple(input_size), dtype=grad_output.dtype, device=grad_output.device, requires_grad=True)
    with autograd.enable_grad():
        out = conv(x, weight, None, stride, padding, dilation, groups)
        again = weight.requires_grad or grad_output.requires_grad
        return autograd.grad(out, x, grad_output, create_graph=again)[0]


def _weight_grad(conv, input, weight_size, grad_output, stride, padding, dilation, groups):
    """The gradient of ``conv(input, weight)`` at ``grad_output`` with respect to a weight of ``weight_size``."""
    w = zeros(tuple(weight_size), dtype=grad_output.dtype, device=grad_output.device, requires_grad=True)
    with autograd.enable_grad():
        out = conv(input, w, None, stride, padding, dilation, groups)
        again = input.requires_grad or grad_output.requires_grad
        return autograd.grad(out, w, grad_output, create_graph=again)[0]


def conv1d_input(input_size, weight, grad_output, stride=1, padding=0, dilation=1, groups=1):
    """The gradient of ``conv1d`` with respect to its input (of size ``input_size``)."""
    return _input_grad(F.conv1d, input_size, weight, grad_output, stride, padding, dilation, groups)


def conv1d_weight(input, weight_size, grad_output, stride=1, padding=0, dilation=1, groups=1):
    """The gradient of ``conv1d`` with respect to its weight (of size ``weight_size``)."""
    return _weight_grad(F.conv1d, input, weight_size, grad_output, stride, padding, dilation, groups)


def conv2d_input(input_size, weight, grad_output, stride=1, padding=0, dilation=1, groups=1):
    """The gradient of ``conv2d`` with respect to its input (of size ``input_size``)."""
    return _input_grad(F.conv2d, input_size, weight, grad_output, stride, padding, dilation, groups)


def conv2d_weight(input, weight_size, grad_output, stride=1, padding=0, dilation=1, groups=1):
    """The gradient of ``conv2d`` with respect to its weight (of size ``weight_size``)."""
    return _weight_grad(F.conv2d, input, weight_size, grad_output, stride, padding, dilation, groups)


def conv3d_input(input_size, weight, grad_output, stride=1, padding=0, dilation=1, groups=1):
    """The gradient of ``conv3d`` with respect to its input (of size ``input_size``)."""
    return _input_grad(F.conv3d, input_size, weight, grad_output, stride, padding, dilation, groups)


def conv3d_weight(input, weight_size, grad_output, stride=1, padding=0, dilation=1, groups=1):
    """The gradient of ``conv3d`` with respect to its weight (of size ``weight_size``)."""
    return _weight_grad(F.conv3d, input, weight_size, grad_output, stride, padding, dilation, groups)
