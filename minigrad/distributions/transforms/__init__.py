"""Invertible maps between supports, as ``torch.distributions.transforms``: a ``Transform``
maps x to y = t(x), ``t.inv`` maps back, and ``t.log_abs_det_jacobian(x, y)`` is the log of
|dy/dx| (summed over the event's dimensions), what a density changes by under the map.

With ``cache_size=1`` a transform remembers its last (x, y): the inverse of a y it produced is
that very x (so ``log_prob`` of an ``rsample`` does not round-trip through the inverse).

One module per kind: ``base`` (the protocol, inverses, compositions), ``elementwise``, ``constrained``.
"""
from .base import Transform, ComposeTransform, IndependentTransform, identity_transform  # noqa: F401
from .elementwise import (AbsTransform, AffineTransform, ExpTransform, PowerTransform, SigmoidTransform,  # noqa: F401
                          TanhTransform)
from .constrained import LowerCholeskyTransform, SoftmaxTransform, StickBreakingTransform  # noqa: F401

__all__ = ["AbsTransform", "AffineTransform", "ComposeTransform", "ExpTransform", "IndependentTransform",
           "LowerCholeskyTransform", "PowerTransform", "SigmoidTransform", "SoftmaxTransform", "StickBreakingTransform",
           "TanhTransform", "Transform", "identity_transform"]
