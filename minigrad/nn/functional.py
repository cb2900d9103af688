"""``minigrad.nn.functional``: layers, activations and losses as functions, as ``torch.nn.functional``.

A namespace: each family is a module of its own, and this one gathers their public functions.

- ``_layers.py``: linear, dropout, flatten, one_hot
- ``_activations.py``: relu, sigmoid, tanh, softmax, softplus, gelu, the ELU family, ... (in place too)
- ``_losses_pointwise.py``: mse_loss, l1_loss, huber_loss, smooth_l1_loss, binary_cross_entropy (with logits)
- ``_losses_classification.py``: nll_loss, cross_entropy
- ``_losses_extra.py``, ``_losses_margin.py``, ``_ctc.py``: the other losses
- ``_vision.py``: convolution, pooling, normalisation, resampling, channel dropout; ``_pooling_extra.py``,
  ``_fractional_pool.py``, ``_sampling.py``: unpooling, power-average and fractional pooling, grid sampling
- ``_similarity.py``, ``_pairs.py``, ``_embedding.py``, ``_embedding_bag.py``, ``_attention.py``,
  ``_random_layers.py``: distances, bilinear, embeddings, attention, rrelu and alpha dropout
- ``_checks.py``: the argument checks they share

Most functions compose core ops (so every gradient, and higher-order ones, come for free); ``linear``
and the losses are single ops of the core (``ops/linear.py``, ``ops/losses.py``, ``ops/class_losses.py``):
one graph node each, with PyTorch's backward formulas, the functions here checking the arguments.
"""
from ._layers import *  # noqa: F401,F403
from ._activations import *  # noqa: F401,F403
from ._losses_pointwise import *  # noqa: F401,F403
from ._losses_classification import *  # noqa: F401,F403
from ._losses_extra import *  # noqa: F401,F403  (gaussian_nll_loss, triplet_margin_loss, ...)
from ._losses_margin import *  # noqa: F401,F403  (multi_margin_loss, multilabel_margin_loss, ...)
from ._ctc import *  # noqa: F401,F403  (ctc_loss)
from ._vision import *  # noqa: F401,F403  (convolution, pooling, normalisation, resampling)
from ._pooling_extra import *  # noqa: F401,F403  (max_unpool2d, lp_pool2d, local_response_norm, ...)
from ._fractional_pool import *  # noqa: F401,F403  (fractional_max_pool2d, fractional_max_pool3d)
from ._sampling import *  # noqa: F401,F403  (affine_grid, grid_sample, upsample_nearest, upsample_bilinear)
from ._similarity import *  # noqa: F401,F403  (normalize, cosine_similarity, pairwise_distance)
from ._pairs import *  # noqa: F401,F403  (bilinear, pdist)
from ._embedding import *  # noqa: F401,F403  (embedding, kl_div)
from ._embedding_bag import *  # noqa: F401,F403  (embedding_bag)
from ._attention import *  # noqa: F401,F403  (scaled_dot_product_attention, multi_head_attention_forward)
from ._random_layers import *  # noqa: F401,F403  (rrelu, alpha_dropout, feature_alpha_dropout)

from ..ops import _out  # noqa: E402
globals().update(_out.exported(globals(), "nn.functional"))  # PyTorch's out= where it takes it (ops/_out.py)
del _out
