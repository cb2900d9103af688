"""Tensor creation: from data, filled, ranges, and random, with dtype/device/requires_grad.

One module per kind: ``from_data``, ``filled``, ``ranges``, ``random_draws``; ``_args`` holds the
argument checks they share.
"""
from ._args import _finish  # noqa: F401  (wraps a new array as a leaf: other modules build with it)
from .from_data import tensor, as_tensor, from_numpy, scalar_tensor  # noqa: F401
from .filled import (zeros, ones, empty, empty_strided, empty_permuted, full, zeros_like, ones_like,  # noqa: F401
                     empty_like, full_like, eye)
from .ranges import arange, linspace, logspace  # noqa: F401
from .random_draws import (rand, randn, randint, randperm, normal, bernoulli, multinomial, rand_like,  # noqa: F401
                           randn_like, randint_like)
