"""The differentiable ops, one module per family, and their binding as Tensor methods.

Each family marks its public functions (``_api.public``); importing the
families below fills ``_api.FUNCTIONS`` (exported by ``minigrad/__init__``)
and ``_api.METHODS`` (bound on ``Tensor`` here).
"""
from ..tensor import Tensor
from . import _api
from . import (conversion, device_transfer, conversion_methods, new_tensors, shape, index, join, pieces,  # noqa: F401
               rearrange, gamma, unary, unary_classes, bessel,
               division, arithmetic, power, selection, clamping, comparison, order, reduce, distance, softmax, linalg,
               add_products, linear, pointwise, inplace, binary, integer, fill, loss_reduction, losses, class_losses,
               conv, max_pool, avg_pool, normalization, renorm, padding, resample, pixel_shuffle, scatter, einsum,
               inplace_twins, recurrent, determinants, solve, triangular, cholesky,
               spectral, matrix_functions, arrange, structured, covariance, products, copies, scan, statistics,
               search, indexed, integrate, indices, sampling, legacy, ctc, lu, householder, differentiate,
               histograms, strided, ldl, complex, native_norms, segments, fractional_pool, random_fill, eig,
               lowrank, stft, foreach, broadcast, permutation, gathering, index_along, variance, random_integers,
               smooth_activations, im2col, sorting, strided_views, set_storage, advanced_index, setitem)

# One public form per function, shared by its method and function names, named where it is public
# (as minigrad.<name>, else as minigrad.Tensor.<name>) for the API reference and pickling.
_public = {}
for _name, _fn in _api.FUNCTIONS.items():
    if _fn not in _public:
        _public[_fn] = _api.numpy_keywords(_fn, "minigrad", _name)
for _name, _fn in _api.METHODS.items():
    if not isinstance(_fn, property):
        if _fn not in _public:
            _public[_fn] = _api.numpy_keywords(_fn, "minigrad.tensor", f"Tensor.{_name}")
        _fn = _public[_fn]
    setattr(Tensor, _name, _fn)  # plain functions bind as methods: self is the first argument

FUNCTIONS = {_name: _public[_fn] for _name, _fn in _api.FUNCTIONS.items()}
globals().update(FUNCTIONS)
__all__ = sorted(FUNCTIONS)
