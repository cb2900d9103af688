"""Parameter set-ups that several layers share, as PyTorch's layers share them."""
import math

from ..parameter import Parameter
from .. import init
from ...creation import empty


def register_affine(module, shape, affine, bias, device, dtype):
    """Register a normalization layer's ``weight`` and ``bias`` of ``shape``; each is None where
    ``affine`` (or ``bias``) is off. Their values are set by ``reset_affine``."""
    has_weight, has_bias = affine, affine and bias
    module.register_parameter("weight", Parameter(empty(shape, device=device, dtype=dtype)) if has_weight else None)
    module.register_parameter("bias", Parameter(empty(shape, device=device, dtype=dtype)) if has_bias else None)


def reset_affine(weight, bias):
    """A normalization layer's start: weight 1, bias 0 (either may be None)."""
    if weight is not None:
        init.ones_(weight)
    if bias is not None:
        init.zeros_(bias)


def reset_weight_and_bias(weight, bias):
    """PyTorch's default for Linear and the convolutions: weight from ``kaiming_uniform_(a=sqrt(5))``
    (U(-1/sqrt(fan_in), 1/sqrt(fan_in))), bias from the same interval (bias may be None)."""
    init.kaiming_uniform_(weight, a=math.sqrt(5))
    if bias is not None:
        fan_in, _ = init._calculate_fan_in_and_fan_out(weight)
        bound = 1 / math.sqrt(fan_in) if fan_in > 0 else 0
        init.uniform_(bias, -bound, bound)
