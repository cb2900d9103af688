"""Helpers the distributions share: parameter broadcasting, probabilities and logits, and
properties computed once on first use."""
from numbers import Number

from .. import arange, cat, enable_grad, is_grad_enabled, tensor, get_default_dtype, finfo, sigmoid, softmax
from ..ops._broadcast_shapes import broadcast_shapes  # (broadcast_tensors' error, "The size of tensor a ...", as PyTorch's)
from ..tensor import Tensor

__all__ = ["broadcast_all", "clamp_probs", "lazy_property", "logits_to_probs", "probs_to_logits", "tril_matrix_to_vec",
           "vec_to_tril_matrix"]


def broadcast_tensors(*tensors):
    """``tensors`` expanded to their common broadcast shape; one already of that shape is returned
    itself, as PyTorch's broadcast_tensors does (a distribution's ``loc`` is then the Tensor given)."""
    shape = broadcast_shapes(*(t.shape for t in tensors))
    return tuple(t if t.shape == shape else t.expand(shape) for t in tensors)


def broadcast_all(*values):
    """Tensors and numbers as Tensors of one broadcast shape. A number takes the dtype and device
    of the first Tensor among ``values`` (the default dtype when there is none)."""
    if not all(isinstance(v, (Tensor, Number)) for v in values):
        raise ValueError("Input arguments must all be instances of Number, "
                         "torch.Tensor or objects implementing __torch_function__.")
    like = next((v for v in values if isinstance(v, Tensor)), None)
    options = {"dtype": get_default_dtype()} if like is None else {"dtype": like.dtype, "device": like.device}
    return broadcast_tensors(*(v if isinstance(v, Tensor) else tensor(v, **options) for v in values))


def sum_rightmost(value, dim):
    """``value`` summed over its ``dim`` rightmost dimensions."""
    if dim == 0:
        return value
    return value.reshape(value.shape[:-dim] + (-1,)).sum(-1)


def logits_to_probs(logits, is_binary=False):
    """Probabilities from log-odds (``is_binary``) or from unnormalised log-probabilities over
    the last dimension."""
    return sigmoid(logits) if is_binary else softmax(logits, dim=-1)


def clamp_probs(probs):
    """Probabilities clamped to [eps, 1 - eps], eps the dtype's machine epsilon."""
    eps = finfo(probs.dtype).eps
    return probs.clamp(min=eps, max=1 - eps)


def probs_to_logits(probs, is_binary=False):
    """Log-odds (``is_binary``) or log-probabilities from (clamped) probabilities."""
    p = clamp_probs(probs)
    return p.log() - (-p).log1p() if is_binary else p.log()


class lazy_property:
    """A property computed on first access (with gradients recorded) and then stored on the
    instance, so that a distribution given ``probs`` computes its ``logits`` once, and only if
    asked."""

    def __init__(self, wrapped):
        self.wrapped = wrapped
        self.__doc__ = wrapped.__doc__
        self.__name__ = wrapped.__name__

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        with enable_grad():
            value = self.wrapped(instance)
        setattr(instance, self.__name__, value)
        return value


def no_gamma_gradient(name, *parameters):
    """NotImplementedError when a Dirichlet (or Beta) sample would need its gradient in the
    concentration (PyTorch's ``_dirichlet_grad``, not provided)."""
    if is_grad_enabled() and any(p.requires_grad for p in parameters):
        raise NotImplementedError(f"{name}.rsample: the gradient of Dirichlet samples in their concentration "
                                  "is not provided; sample() (or rsample() without that gradient) draws PyTorch's "
                                  "values")


def _tril_positions(n, diag, device):
    """The flat (row-major) positions of an n x n matrix's entries on or below diagonal ``diag``."""
    rows = arange(n, device=device)
    return (rows < rows.view(-1, 1) + (diag + 1)).reshape(-1).nonzero().reshape(-1)


def tril_matrix_to_vec(mat, diag=0):
    """The entries of ``mat``'s last two dimensions on or below diagonal ``diag``, row by row, as a vector."""
    n = mat.shape[-1]
    if diag < -n or diag >= n:
        raise ValueError(f"diag ({diag}) provided is outside [{-n}, {n - 1}].")
    return mat.reshape(tuple(mat.shape[:-2]) + (-1,))[..., _tril_positions(n, diag, mat.device)]


def vec_to_tril_matrix(vec, diag=0):
    """The square matrix whose entries on or below diagonal ``diag`` are ``vec``'s (row by row),
    zero elsewhere: the inverse of ``tril_matrix_to_vec``."""
    n = (-(1 + 2 * diag) + ((1 + 2 * diag) ** 2 + 8 * vec.shape[-1] + 4 * abs(diag) * (diag + 1)) ** 0.5) / 2
    if round(n) - n > finfo(vec.dtype).eps:
        raise ValueError(f"The size of last dimension is {vec.shape[-1]} which cannot be expressed as "
                         "the lower triangular part of a square D x D matrix.")
    n = round(n)
    positions = _tril_positions(n, diag, vec.device)
    source = arange(n * n, device=vec.device).fill_(positions.numel())  # (the appended zero, off the triangle)
    source[positions] = arange(positions.numel(), device=vec.device)
    padded = cat([vec, vec.new_zeros(tuple(vec.shape[:-1]) + (1,))], -1)
    return padded[..., source].reshape(tuple(vec.shape[:-1]) + (n, n))
