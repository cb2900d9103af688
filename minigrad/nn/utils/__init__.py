"""``minigrad.nn.utils``: gradient clipping, parameters as one vector, spectral and weight norm,
padded and packed sequences (``rnn``), modules called with other weights (``stateless``),
parametrizations (``parametrize``, ``parametrizations``), batch norm folded into the layer before
it (``fusion``), modules made without initial values (``skip_init``), pruning (``prune``)."""
from .clip_grad import (clip_grad_norm_, clip_grad_norm, clip_grad_value_, clip_grads_with_norm_,  # noqa: F401
                        get_total_norm)
from .convert_parameters import parameters_to_vector, vector_to_parameters  # noqa: F401
from .spectral_norm import spectral_norm, remove_spectral_norm  # noqa: F401
from .weight_norm import weight_norm, remove_weight_norm  # noqa: F401
from .fusion import fuse_conv_bn_eval, fuse_conv_bn_weights, fuse_linear_bn_eval, fuse_linear_bn_weights  # noqa: F401
from .memory_format import convert_conv2d_weight_memory_format, convert_conv3d_weight_memory_format  # noqa: F401
from .init import skip_init  # noqa: F401
from . import (clip_grad, convert_parameters, fusion, init, memory_format, parametrize, parametrizations,  # noqa: F401
               prune, rnn, stateless)
