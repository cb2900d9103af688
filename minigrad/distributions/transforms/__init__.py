"""Invertible maps between supports, as ``torch.distributions.transforms``: a ``Transform``
maps x to y = t(x), ``t.inv`` maps back, and ``t.log_abs_det_jacobian(x, y)`` is the log of
|dy/dx| (summed over the event's dimensions), what a density changes by under the map.

With ``cache_size=1`` a transform remembers its last (x, y): the inverse of a y it produced is
that very x (so ``log_prob`` of an ``rsample`` does not round-trip through the inverse).

One module per kind: ``base`` (the protocol, inverses, compositions), ``elementwise``, ``monotone``,
``constrained``, ``shaping`` (reshapes, and transforms applied slice by slice).
"""
from .base import Transform, ComposeTransform, IndependentTransform, identity_transform  # noqa: F401
from .elementwise import (AbsTransform, AffineTransform, ExpTransform, PowerTransform, SigmoidTransform,  # noqa: F401
                          TanhTransform)
from .constrained import (CorrCholeskyTransform, LowerCholeskyTransform, PositiveDefiniteTransform,  # noqa: F401
                          SoftmaxTransform, StickBreakingTransform)
from .monotone import CumulativeDistributionTransform, SoftplusTransform  # noqa: F401
from .shaping import CatTransform, ReshapeTransform, StackTransform  # noqa: F401

__all__ = ["AbsTransform", "AffineTransform", "CatTransform", "ComposeTransform", "CorrCholeskyTransform",
           "CumulativeDistributionTransform", "ExpTransform", "IndependentTransform", "LowerCholeskyTransform",
           "PositiveDefiniteTransform", "PowerTransform", "ReshapeTransform", "SigmoidTransform", "SoftmaxTransform",
           "SoftplusTransform", "StackTransform", "StickBreakingTransform", "TanhTransform", "Transform",
           "identity_transform"]
