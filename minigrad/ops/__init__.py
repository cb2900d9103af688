"""The differentiable ops, one module per family, and their binding as Tensor methods.

Each family marks its public functions (``_api.public``); importing the
families below fills ``_api.FUNCTIONS`` (exported by ``minigrad/__init__``)
and ``_api.METHODS`` (bound on ``Tensor`` here).
"""
from ..tensor import Tensor
from . import _api
from . import (conversion, shape, index, join, unary, arithmetic, power, selection, comparison,  # noqa: F401
               order, reduce, softmax, linalg, inplace, fill, losses, conv, pool, normalization, resample)

for _name, _fn in _api.METHODS.items():
    setattr(Tensor, _name, _fn)  # plain functions bind as methods: self is the first argument

FUNCTIONS = dict(_api.FUNCTIONS)
globals().update(FUNCTIONS)
__all__ = sorted(FUNCTIONS)
