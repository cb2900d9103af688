"""How PyTorch's argument parser reads int arguments: a dim wrapped into range (``_wrap_dim``), the
int64 bound of a dim, a size or an index, the bounds of a Python int given as a Scalar, and a bool
inside an int list. A leaf module: the creation functions, the Tensor and the ops all import it."""
import operator


def _wrap_dim(dim, ndim):
    """``dim`` as a dim of a tensor of ``ndim`` dims (a negative one counted from the end), with
    PyTorch's errors for one out of range or not an integer."""
    if dim.__class__ is int and -ndim <= dim < ndim:  # (a Python int in range, the common case: no checks)
        return dim % ndim
    lo, hi = (-1, 0) if ndim == 0 else (-ndim, ndim - 1)
    if dim.__class__ is not int:  # a NumPy int or an int tensor is read as an int; a float or a string refused
        try:
            if isinstance(dim, bool):
                raise TypeError
            dim = operator.index(dim)
        except TypeError:
            raise TypeError(f"argument 'dim' must be int, not {type(dim).__name__}") from None
    if not (lo <= dim <= hi):
        check_int64(dim)
        raise IndexError(f"Dimension out of range (expected to be in range of [{lo}, {hi}], but got {dim})")
    return dim % ndim if ndim else 0


def check_scalar_int(value):
    """PyTorch's OverflowError for a Python int given as a Scalar argument (a fill value, a bound, a
    weight, a range end) beyond what its parser reads: int64, and uint64 above it."""
    if value.__class__ is int and not -2 ** 63 <= value < 2 ** 64:
        raise OverflowError("can't convert negative int to unsigned" if value < 0 else "int too big to convert")


def later_bool(value, position):
    """Whether ``value``, element ``position`` of an int list, is a bool that PyTorch's argument parser
    reads as an int: it tells an int list by its first element, which a bool is not, and unpacks the
    others by ``__index__`` (``sum((0, True))`` sums over dims 0 and 1, ``ones(2, True)`` has shape (2, 1))."""
    return position != 0 and value.__class__ is bool


def check_int64(value):
    """PyTorch's ValueError for a Python int argument (a dim, a size, an index) beyond int64."""
    if not -2 ** 63 <= value < 2 ** 63:
        raise ValueError("Overflow when unpacking long long")
