"""Covariance and correlation of the variables in a matrix's rows: cov (with frequency and
observation weights) and corrcoef."""
import warnings

from .. import dtypes as _dt
from .._errors import user_stacklevel
from ._api import public
from ._util import expect_tensor
from .arrange import _c_type
from .complex import conj
from .complex_parts import real, imag, complex as make_complex
from .strided_views import diagonal
from .linalg import matmul
from .reduce import sum as _sum
from .clamping import clamp
from .shape import reshape, unsqueeze
from .unary import sqrt


@public
def cov(input, *, correction=1, fweights=None, aweights=None):
    """The covariance matrix of the variables in the rows of ``input`` (observations in the
    columns; a 1-D input is one variable; complex ones conjugated in the products), each
    observation weighted by the integer ``fweights`` times the float ``aweights``; ``correction``
    1 is Bessel's (unbiased)."""
    expect_tensor("cov", input)
    if input.ndim > 2:
        raise RuntimeError(f"cov(): expected input to have two or fewer dimensions but got an input with "
                           f"{input.ndim} dimensions")
    if input.dtype is _dt.bool:
        raise RuntimeError("cov(): bool dtype is not supported for input")
    x = reshape(input, (1, -1)) if input.ndim < 2 else input
    n = x.shape[1]
    w = None
    for name, given, kind in (("fweights", fweights, "integral"), ("aweights", aweights, "floating point")):
        if given is None:
            continue
        if given.ndim > 1:
            raise RuntimeError(f"cov(): expected {name} to have one or fewer dimensions but got {name} with "
                               f"{given.ndim} dimensions")
        if (given.dtype.is_floating_point or given.dtype is _dt.bool) == (kind == "integral"):
            raise RuntimeError(f"cov(): expected {name} to have {kind} dtype but got {name} with "
                               f"{_c_type(given.dtype)} dtype")
        if given.numel() != n:
            raise RuntimeError(f"cov(): expected {name} to have the same numel as there are observations in the "
                               f"input but got {given.numel()} != {n}")
        if n and bool((given < 0).any()):
            raise RuntimeError(f"cov(): {name} cannot be negative")
        w = given if w is None else w * given
    if w is None:
        w_sum = n
        avg = _sum(x, 1) / n
    else:
        w_sum = _sum(w)
        if not bool(w_sum != 0):
            raise RuntimeError("cov(): weights sum to zero, can't be normalized")
        avg = _sum(x * w, 1) / w_sum
    if w is not None and correction != 0:
        norm = w_sum - (correction * _sum(w * aweights) / w_sum if aweights is not None else correction)
    else:
        norm = w_sum - correction
    if bool(norm <= 0):
        warnings.warn("cov(): degrees of freedom is <= 0. Correction should be strictly less than the number "
                      "of observations.", UserWarning, stacklevel=user_stacklevel())
        norm = norm * 0
    centred = x - unsqueeze(avg, 1)
    c = matmul(centred, conj((centred if w is None else centred * w).mT))
    return (c / norm).squeeze()


@public
def corrcoef(input):
    """The Pearson correlation coefficients of the variables in the rows of ``input``: the
    covariance divided by both standard deviations, clamped to [-1, 1] (each part of a complex one)."""
    expect_tensor("corrcoef", input)
    c = cov(input)
    if c.ndim == 0:
        return c / c
    stddev = sqrt(diagonal(c))
    c = c / unsqueeze(stddev, 1)
    c = c / unsqueeze(stddev, 0)
    if c.dtype.is_complex:  # (each part clamped, as PyTorch)
        return make_complex(clamp(real(c), -1, 1), clamp(imag(c), -1, 1))
    return clamp(c, -1, 1)
