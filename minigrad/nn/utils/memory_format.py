"""``convert_conv2d_weight_memory_format`` / ``convert_conv3d_weight_memory_format``, as in
``torch.nn.utils.memory_format``. minigrad's arrays keep one (row-major) layout, which gives the
same values in every memory format: the convolution weights are left as they are."""

__all__ = ["convert_conv2d_weight_memory_format", "convert_conv3d_weight_memory_format"]


def convert_conv2d_weight_memory_format(module, memory_format):
    """Put the weights of ``module``'s Conv2d / ConvTranspose2d layers in ``memory_format``
    (nothing to change in minigrad); returns the module."""
    return module


def convert_conv3d_weight_memory_format(module, memory_format):
    """Put the weights of ``module``'s Conv3d / ConvTranspose3d layers in ``memory_format``
    (nothing to change in minigrad); returns the module."""
    return module
