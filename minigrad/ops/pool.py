"""What the pooling functions share (ops/max_pool.py, ops/avg_pool.py): the window sizes read as
PyTorch reads them (an int or one per spatial dim), the output size checked, the batch dim added to
unbatched input, the adaptive pools' output sizes, and the checks of the 1-D forms (a 1-D pool is a
2-D one of height 1). The array work is in ``minigrad.kernels.pool``.
"""
import operator

from .. import dtypes as _dt
from .._int_arguments import later_bool
from ..kernels import pool as K
from ..tensor import Tensor
from ._util import expect_tensor


_COUNTS = {2: "two", 3: "three"}


def _ntuple(value, n, name, fn_name):
    if isinstance(value, (tuple, list)):
        if len(value) == 1:
            return (_int(value[0], name, fn_name),) * n
        if len(value) != n:
            omitted = "be omitted, " if name == "stride" else ""
            raise RuntimeError(f"{fn_name}: {name} must either {omitted}be a single int, or a tuple of {_COUNTS[n]} "
                               "ints")
        return tuple(_int(v, name, fn_name) for v in value)
    return (_int(value, name, fn_name),) * n


def _int(value, name, fn_name):
    """A size of the window as an int (PyTorch's TypeError for a float or a bool)."""
    try:
        if value.__class__ is bool:
            raise TypeError
        return operator.index(value)
    except TypeError:
        raise TypeError(f"{fn_name}(): argument '{name}' must be tuple of ints, not {type(value).__name__}") from None


def _batched(input, n, fn_name):
    """(input with a batch dim, whether one was added); PyTorch's error for other ranks (an empty dim is
    checked later, with the window: ``_check_nonempty``)."""
    expect_tensor(fn_name, input)
    if input.ndim not in (n + 1, n + 2):
        raise RuntimeError(f"non-empty {n + 1}D or {n + 2}D (batch mode) tensor expected for input")
    if input.ndim == n + 1:
        return input.unsqueeze(0), True
    return input, False


def _check_nonempty(shape, n, fn_name):
    """PyTorch's error for an input (of ``shape``, as the caller gave it) with an empty non-batch dim."""
    if n == 3 and any(s == 0 for s in shape[-n - 1:]):  # (PyTorch's 3-D kernels' words, "dimension 0" always)
        kernel = {"max_pool3d": "max_pool3d_with_indices_out_cpu_template"}.get(fn_name, fn_name)
        raise RuntimeError(f"{kernel}(): Expected input's non-batch dimensions to have positive length, but input has "
                           f"a shape of {list(shape)} and non-batch dimension 0 has length zero!")
    if any(s == 0 for s in shape[-n - 1:]):
        raise RuntimeError(f"Expected {n + 1}D or {n + 2}D (batch mode) tensor with optional 0 dim batch size for "
                           f"input, but got:{list(shape)}")


def _c_half(v):
    """``v / 2`` rounded toward zero, as C's integer division (PyTorch's limit on the padding)."""
    return -(-v // 2) if v < 0 else v // 2


def _pool_geometry(input, shape, kernel_size, stride, padding, dilation, ceil_mode, fn_name, before_size=None):
    """(kernel, stride, padding, dilation) as tuples, after PyTorch's checks in its order (``input`` batched,
    ``shape`` the caller's); ``before_size`` (kernel, stride, padding) runs a pool's own checks before that of
    the output size."""
    n = input.ndim - 2
    kernel = _ntuple(kernel_size, n, "kernel_size", fn_name)
    stride = kernel if stride is None or (isinstance(stride, (tuple, list)) and len(stride) == 0) \
        else _ntuple(stride, n, "stride", fn_name)
    padding = _ntuple(padding, n, "padding", fn_name)
    dilation = _ntuple(dilation, n, "dilation", fn_name)
    for k, s, p, d in zip(kernel, stride, padding, dilation):  # (PyTorch's output size, one dim after another)
        if s == 0:
            raise RuntimeError("stride should not be zero")
        if p < 0:
            raise RuntimeError(f"pad must be non-negative, but got pad: {p}")
        if p > _c_half((k - 1) * d + 1):
            raise RuntimeError(f"pad should be at most half of effective kernel size, but got pad={p}, "
                               f"kernel_size={k} and dilation={d}")
    axes = "THW"[3 - n:]
    for what, prefix, values in (("kernel size", "k", kernel), ("stride", "d", stride), ("dilation", "dilation", dilation)):
        if any(v <= 0 for v in values):
            raise RuntimeError(f"{what} should be greater than zero, but got "
                               + " ".join(f"{prefix}{a}: {v}" for a, v in zip(axes, values)))
    _check_nonempty(shape, n, fn_name)
    if any(p > k // 2 for p, k in zip(padding, kernel)):  # PyTorch's kernels check the undilated size too
        raise RuntimeError(f"pad should be smaller than or equal to half of kernel size, but got padW = {padding[-1]}, "
                           f"padH = {padding[-2]}, kW = {kernel[-1]}, kH = {kernel[-2]}")
    if before_size is not None:
        before_size(kernel, stride, padding)
    out = [K.pool_output_size(s, k, st, p, d, ceil_mode)
           for s, k, st, p, d in zip(input.shape[2:], kernel, stride, padding, dilation)]
    if any(o < 1 for o in out):
        c = input.shape[1]
        raise RuntimeError(f"Given input size: ({'x'.join(map(str, (c,) + tuple(input.shape[2:])))}). Calculated "
                           f"output size: ({'x'.join(map(str, [c] + out))}). Output size is too small")
    return kernel, stride, padding, dilation


def _adaptive_size(input, output_size, n, fn_name, unbatched=False):
    """The output sizes of an adaptive pool of ``input`` (batched by then; ``unbatched``: the caller's input
    had no batch dim), None keeping the input's size; PyTorch's errors for a negative one."""
    if isinstance(output_size, (tuple, list)):
        if len(output_size) != n:  # (PyTorch's max pools check it in their kernel, as an internal error)
            raise RuntimeError(f"{fn_name}(): internal error: output_size.size() must be {n}" if "max" in fn_name
                               else f"{fn_name}: output_size must be {n}")
        sizes = output_size
    else:
        sizes = (output_size,) * n
    sizes = tuple(int(s) if s is not None else int(d) for s, d in zip(sizes, input.shape[-n:]))
    if min(sizes) < 0:
        if "max" in fn_name:  # (PyTorch's max pools check nothing: allocating the result fails)
            shape = list(input.shape[1 if unbatched else 0:-n]) + list(sizes)
            raise RuntimeError(f"Trying to create tensor with negative dimension {next(v for v in sizes if v < 0)}: "
                               f"{shape}")
        # (PyTorch's message writes the sizes so, a 3-d one with one space fewer)
        shown = "{" + ", ".join(map(str, sizes[:2])) + "".join(f",{v}" for v in sizes[2:]) + "}"
        raise RuntimeError(f"{fn_name}: elements of output_size must be greater than or equal to 0 but "
                           f"received {shown}")
    return sizes


def _check_output_size_rank(input, output_size, fn_name):
    """The checks of a 2-D or 3-D adaptive pool's ``output_size`` before the input's, in PyTorch's
    order: its Python wrapper takes an int as it is, else reads the size's length (a float or a tensor
    has none: TypeError) and refuses an input with no more dims than that; then its argument parser
    wants ints (None elements are the wrapper's: they keep the input's size). Returns the size as the
    wrapper passes it on: an int, or a list (of a range, say)."""
    if not isinstance(output_size, int):
        if input.ndim <= len(output_size):
            raise ValueError(f"Input dimension should be at least {len(output_size) + 1}")
        output_size = list(output_size)
    _expect_int_list(output_size, fn_name, allow_none=True)
    return output_size


def _expect_flag(fn_name, name, value, position=None):
    """PyTorch's argument parser's TypeError for a flag of a pooling function that is not a bool (an int,
    a NumPy bool or a tensor is not one either); PyTorch names the position in some functions only."""
    if value.__class__ is not bool:
        at = f" (position {position})" if position else ""
        raise TypeError(f"{fn_name}(): argument '{name}'{at} must be bool, not {_type_name(value)}")


def _type_name(value):
    """The name of value's type as PyTorch's argument parser gives it (``Tensor``, ``numpy.float64``)."""
    if isinstance(value, Tensor):
        return "Tensor"
    kind = type(value)
    return kind.__name__ if kind.__module__ == "builtins" else f"{kind.__module__}.{kind.__name__}"


def _is_int(value):
    """Whether PyTorch's argument parser reads ``value`` as an int: an int, a NumPy integer or an integer
    tensor of one element; not a bool (nor a bool tensor), a float or a str."""
    if value.__class__ is bool or getattr(value, "dtype", None) is _dt.bool:
        return False
    try:
        operator.index(value)
    except TypeError:
        return False
    return True


def _expect_int_list(value, fn_name, name="output_size", position=2, allow_none=False):
    """PyTorch's argument parser's TypeError for a size argument that is neither an int nor a tuple (or
    list) of ints, naming the first element that is not one as it does (``allow_none``: None elements
    pass). ``position`` None: the argument came by keyword, which the parser words without it."""
    where = "" if position is None else f" (position {position})"
    if not isinstance(value, (tuple, list)):
        if not _is_int(value):
            raise TypeError(f"{fn_name}(): argument '{name}'{where} must be tuple of ints, not {_type_name(value)}")
        return
    for i, v in enumerate(value):
        if not (_is_int(v) or allow_none and v is None or later_bool(v, i)):
            if i == 0 and position is None:
                raise TypeError(f"{fn_name}(): argument '{name}' must be tuple of ints, not {_type_name(value)}")
            if i == 0:  # (the parser reads the first element to tell the overload; the others as it unpacks)
                raise TypeError(f"{fn_name}(): argument '{name}'{where} must be tuple of ints, but "
                                f"found element of type {_type_name(v)} at pos 0")
            raise TypeError(f"{fn_name}(): argument '{name}' failed to unpack the object at pos {i + 1} with error "
                            f"\"type must be tuple of ints,but got {_type_name(v)}\"")


def _empty_pool(x, size):
    """The pooled result when an output size is 0: empty, yet connected to ``x``'s graph."""
    return x.reshape(-1)[:0].reshape(tuple(x.shape[:2]) + size)


def _adaptive_input(input, n, fn_name):
    if input.ndim not in (n + 1, n + 2):
        raise RuntimeError(f"{fn_name}(): Expected {n + 1}D or {n + 2}D tensor, but got {list(input.shape)}")
    # (PyTorch's 2-D average pool takes no channels, its other adaptive pools take no empty dim past the first)
    _check_adaptive_nonempty(input, fn_name, input.ndim - 2 if fn_name == "adaptive_avg_pool2d" else 1)
    if input.dtype.is_floating_point is False:  # (PyTorch's 3-D kernels carry their device in their names)
        raise NotImplementedError(f"\"{fn_name}{'_cpu' if n == 3 else ''}\" not implemented for '{_c_name(input)}'")
    if input.ndim == n + 1:
        return input.unsqueeze(0), True
    return input, False


def _check_adaptive_nonempty(input, fn_name, first):
    """PyTorch's error for an adaptive pool's input empty in a dim from ``first`` on."""
    for i in range(first, input.ndim):
        if input.shape[i] == 0:
            raise RuntimeError(f"{fn_name}(): Expected input to have non-zero size for non-batch dimensions, but "
                               f"input has sizes {list(input.shape)} with dimension {i} being empty")


def _c_name(t):
    """PyTorch's scalar type name of ``t``'s dtype in its kernel errors ('Long', 'Byte', 'Half')."""
    return t.dtype._torch_name[:-len("Tensor")]


# ---------------------------------------------------------------------- the 1-D forms' arguments
def _one(v):
    return v[0] if isinstance(v, (tuple, list)) else v


def _check_1d(input, fn_name):
    if input.ndim not in (2, 3):
        raise RuntimeError(f"Expected 2 to 3 dimensions, but got {input.ndim}-dimensional tensor for argument #1 "
                           f"'self' (while checking arguments for {fn_name})")


def _check_1d_output_size(output_size, fn_name):
    _expect_int_list(output_size, fn_name)
    if isinstance(output_size, (tuple, list)) and len(output_size) != 1:
        raise RuntimeError(f"{fn_name}() argument 'output_size' should contain one int (got {len(output_size)})")


def _check_1d_window(fn_name, parser_words=False, **sizes):
    """PyTorch's errors for a 1-D pool's window argument given as a tuple of other than one int (an empty
    stride is the default): its argument parser's words (avg_pool1d, max_pool1d with indices) or those of
    max_pool1d's own kernel."""
    for name, value in sizes.items():
        if isinstance(value, (tuple, list)) and (len(value) > 1 or not value and name != "stride"):
            if parser_words:
                raise RuntimeError(f"{fn_name}() argument '{name}' should contain one int (got {len(value)})")
            also = "None, " if name == "stride" else ""
            comma = "," if name in ("stride", "padding") else ""
            raise RuntimeError(f"max_pool1d() {name} must be {also}an int, list of ints{comma} or tuple of ints of "
                               f"size 1 but got size {len(value)}")
