"""torch.special's orthogonal polynomials P_n(x) (Chebyshev T, U, V, W and their shifted forms,
Hermite H and He, Laguerre L, Legendre P): values only, as PyTorch's (their results do not require
grad), from the recurrences of ``kernels/special/``."""
from .. import dtypes as _dt
from ..kernels import special
from ..tensor import Tensor, wrap
from ._operands import as_operand, promote, scalar_tensor_like
from .layout import pointwise_layout

NAMES = ("chebyshev_polynomial_t", "chebyshev_polynomial_u", "chebyshev_polynomial_v", "chebyshev_polynomial_w",
         "shifted_chebyshev_polynomial_t", "shifted_chebyshev_polynomial_u", "shifted_chebyshev_polynomial_v",
         "shifted_chebyshev_polynomial_w", "hermite_polynomial_h", "hermite_polynomial_he", "laguerre_polynomial_l",
         "legendre_polynomial_p")


def _polynomial(kind):
    def fn(input, n):
        if not isinstance(input, Tensor) and not isinstance(n, Tensor):
            raise TypeError(f"special_{kind}() received an invalid combination of arguments - got "
                            f"({type(input).__name__}, {type(n).__name__})")
        like = input if isinstance(input, Tensor) else n
        x, degree = promote(as_operand(input, like), as_operand(n, like))
        dtype = _dt.result_type(x, degree)
        if not dtype.is_floating_point:
            dtype = _dt.get_default_dtype()
        x, degree = (t if isinstance(t, Tensor) else scalar_tensor_like(like, t, dtype) for t in (x, degree))
        xp = like._device._get_backend().xp
        out = special.orthogonal_polynomial(xp, kind, x._data.astype(xp.float64), degree._data.astype(xp.float64))
        out = pointwise_layout(out.astype(dtype.np, copy=False), (x._data, degree._data))  # (as PyTorch's)
        return wrap(out, like._device)
    fn.__name__ = fn.__qualname__ = kind
    fn.__module__ = "minigrad.special"
    fn.__doc__ = f"torch.special.{kind}(input, n): the polynomial of degree n at input (no gradient, as PyTorch's)."
    return fn


#: name -> function (for minigrad.special)
FUNCTIONS = {kind: _polynomial(kind) for kind in NAMES}
