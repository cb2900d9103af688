"""``minigrad.nn.utils``: gradient clipping, parameters as one vector, spectral and weight norm,
padded and packed sequences (``rnn``), modules called with other weights (``stateless``), modules made without initial values (``skip_init``)."""
from .clip_grad import (clip_grad_norm_, clip_grad_norm, clip_grad_value_, clip_grads_with_norm_,  # noqa: F401
                        get_total_norm)
from .convert_parameters import parameters_to_vector, vector_to_parameters  # noqa: F401
from .spectral_norm import spectral_norm, remove_spectral_norm  # noqa: F401
from .weight_norm import weight_norm, remove_weight_norm  # noqa: F401
from .init import skip_init  # noqa: F401
from . import clip_grad, convert_parameters, init, rnn, stateless  # noqa: F401
