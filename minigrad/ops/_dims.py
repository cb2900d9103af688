"""The ``dim`` arguments of the reductions: dims normalised to a sorted tuple (``norm_dims``), the
default of the overloads that take no ``dim=None`` (``ALL_DIMS``), and PyTorch's TypeErrors for
a ``dim`` or ``keepdim`` no overload takes."""
from .._int_arguments import _wrap_dim, later_bool


class _AllDims:
    """The default ``dim`` of the reductions whose PyTorch overloads have no ``dim=None`` (``max``,
    ``prod``, ``squeeze``...): all dims. Told apart from a None given, which PyTorch refuses."""
    __slots__ = ()

    def __repr__(self):
        return "<all dims>"


ALL_DIMS = _AllDims()


def none_dim_error(fn, *overloads):
    """PyTorch's TypeError for ``dim=None`` given to ``fn``, whose ``overloads`` (PyTorch's
    signatures, e.g. ``"Tensor input, int dim"``) have none taking it."""
    expected = "".join(f"\n * ({o})" for o in overloads)
    return TypeError(f"{fn}() received an invalid combination of arguments - got (Tensor, dim=NoneType), "
                     f"but expected one of:{expected}\n")


def keepdim_without_dim_error(fn):
    """PyTorch's TypeError for ``keepdim`` given to ``fn`` without ``dim`` (no overload takes it alone)."""
    return TypeError(f"{fn}() received an invalid combination of arguments - got (Tensor, keepdim=bool), but "
                     f"expected one of:\n * (Tensor input, *, torch.dtype dtype = None)\n * (Tensor input, int dim, "
                     "bool keepdim = False, ...)\n")


def later_int(value, position):
    """Element ``position`` of an int list as PyTorch's argument parser reads it: a bool after the first
    element is an int (``later_bool``)."""
    return int(value) if later_bool(value, position) else value


def norm_dims(dim, ndim):
    """A sorted tuple of non-negative dims from None, an int, or a tuple/list of ints."""
    if dim is None:
        return tuple(range(ndim))
    if isinstance(dim, (list, tuple)):
        if len(dim) == 0:
            return tuple(range(ndim))
        dims = tuple(sorted(_wrap_dim(later_int(d, k), ndim) for k, d in enumerate(dim)))
        if len(set(dims)) != len(dims):  # (a 0-d tensor's dims 0 and -1 repeat too)
            raise RuntimeError(f"dim {dims[0]} appears multiple times in the list of dims")
        return dims if ndim else ()
    d = _wrap_dim(dim, ndim)
    return (d,) if ndim else ()
