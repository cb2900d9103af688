"""``convert_conv2d_weight_memory_format`` / ``convert_conv3d_weight_memory_format``, as in
``torch.nn.utils.memory_format``: the convolution weights laid out in a memory format (values
unchanged; a convolution's output follows a channels-last weight)."""

__all__ = ["convert_conv2d_weight_memory_format", "convert_conv3d_weight_memory_format"]


def _convert_weights(module, memory_format, layers):
    from ..modules import conv  # (the modules import nn.utils)
    if isinstance(module, tuple(getattr(conv, name) for name in layers)):
        module.weight.data = module.weight.detach().clone(memory_format=memory_format)
    for child in module.children():
        _convert_weights(child, memory_format, layers)
    return module


def convert_conv2d_weight_memory_format(module, memory_format):
    """Lay out the weights of ``module``'s Conv2d / ConvTranspose2d layers in ``memory_format``;
    returns the module."""
    return _convert_weights(module, memory_format, ("Conv2d", "ConvTranspose2d"))


def convert_conv3d_weight_memory_format(module, memory_format):
    """Lay out the weights of ``module``'s Conv3d / ConvTranspose3d layers in ``memory_format``;
    returns the module."""
    return _convert_weights(module, memory_format, ("Conv3d", "ConvTranspose3d"))
