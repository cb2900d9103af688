"""What the pooling functions share (ops/max_pool.py, ops/avg_pool.py): the window sizes read as
PyTorch reads them (an int or one per spatial dim), the output size checked, the batch dim added to
unbatched input, the adaptive pools' output sizes, and the checks of the 1-D forms (a 1-D pool is a
2-D one of height 1). The array work is in ``minigrad.kernels.pool``.
"""
import operator

from ..kernels import pool as K
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
    """A size of the window as an int (PyTorch's TypeError for a float)."""
    try:
        return operator.index(value)
    except TypeError:
        raise TypeError(f"{fn_name}(): argument '{name}' must be tuple of ints, not {type(value).__name__}") from None


def _batched(input, n, fn_name):
    """(input with a batch dim, whether one was added); PyTorch's errors for other ranks and empty dims."""
    expect_tensor(fn_name, input)
    if input.ndim not in (n + 1, n + 2):
        raise RuntimeError(f"non-empty {n + 1}D or {n + 2}D (batch mode) tensor expected for input")
    if any(s == 0 for s in input.shape[-n - 1:]):
        raise RuntimeError(f"Expected {n + 1}D or {n + 2}D (batch mode) tensor with optional 0 dim batch size for "
                           f"input, but got:{list(input.shape)}")
    if input.ndim == n + 1:
        return input.unsqueeze(0), True
    return input, False


def _pool_geometry(input, kernel_size, stride, padding, dilation, ceil_mode, fn_name):
    n = input.ndim - 2
    kernel = _ntuple(kernel_size, n, "kernel_size", fn_name)
    stride = kernel if stride is None or (isinstance(stride, (tuple, list)) and len(stride) == 0) \
        else _ntuple(stride, n, "stride", fn_name)
    padding = _ntuple(padding, n, "padding", fn_name)
    dilation = _ntuple(dilation, n, "dilation", fn_name)
    if any(k <= 0 for k in kernel) or any(s <= 0 for s in stride):
        raise RuntimeError("stride should not be zero")
    if any(d <= 0 for d in dilation):
        raise RuntimeError("dilation should be greater than zero, but got "
                           + " ".join(f"dilation{a}: {d}" for a, d in zip("THW"[3 - n:], dilation)))
    if any(p < 0 for p in padding):
        raise RuntimeError(f"pad must be non-negative, but got pad: {min(padding)}")
    for k, p, d in zip(kernel, padding, dilation):
        if p > ((k - 1) * d + 1) // 2:
            raise RuntimeError(f"pad should be at most half of effective kernel size, but got pad={p}, "
                               f"kernel_size={k} and dilation={d}")
    if any(p > k // 2 for p, k in zip(padding, kernel)):  # PyTorch's kernels check the undilated size too
        raise RuntimeError(f"pad should be smaller than or equal to half of kernel size, but got padW = {padding[-1]}, "
                           f"padH = {padding[-2]}, kW = {kernel[-1]}, kH = {kernel[-2]}")
    out = [K.pool_output_size(s, k, st, p, d, ceil_mode)
           for s, k, st, p, d in zip(input.shape[2:], kernel, stride, padding, dilation)]
    if any(o < 1 for o in out):
        c = input.shape[1]
        raise RuntimeError(f"Given input size: ({'x'.join(map(str, (c,) + tuple(input.shape[2:])))}). Calculated "
                           f"output size: ({'x'.join(map(str, [c] + out))}). Output size is too small")
    return kernel, stride, padding, dilation


def _adaptive_size(input, output_size, n, fn_name):
    if isinstance(output_size, (tuple, list)):
        if len(output_size) != n:
            raise RuntimeError(f"{fn_name}: output_size must be {n}")
        sizes = output_size
    else:
        sizes = (output_size,) * n
    sizes = tuple(int(s) if s is not None else int(d) for s, d in zip(sizes, input.shape[-n:]))
    if min(sizes) < 0:
        raise RuntimeError(f"{fn_name}: elements of output_size must be greater than or equal to 0 but "
                           f"received {list(sizes)}")
    return sizes


def _check_output_size_rank(input, output_size):
    """PyTorch's Python wrapper refuses an input with no more dims than a list output_size."""
    if isinstance(output_size, (tuple, list)) and input.ndim <= len(output_size):
        raise ValueError(f"Input dimension should be at least {len(output_size) + 1}")


def _empty_pool(x, size):
    """The pooled result when an output size is 0: empty, yet connected to ``x``'s graph."""
    return x.reshape(-1)[:0].reshape(tuple(x.shape[:2]) + size)


def _adaptive_input(input, n, fn_name):
    if input.ndim not in (n + 1, n + 2):
        raise RuntimeError(f"{fn_name}(): Expected {n + 1}D or {n + 2}D tensor, but got {list(input.shape)}")
    for i in range(1, input.ndim):
        if input.shape[i] == 0:
            raise RuntimeError(f"{fn_name}(): Expected input to have non-zero size for non-batch dimensions, but "
                               f"input has sizes {list(input.shape)} with dimension {i} being empty")
    if input.dtype.is_floating_point is False:
        raise NotImplementedError(f"\"{fn_name}\" not implemented for '{_c_name(input)}'")
    if input.ndim == n + 1:
        return input.unsqueeze(0), True
    return input, False


def _c_name(t):
    """PyTorch's scalar type name of ``t``'s dtype in its kernel errors ('Long', 'Byte', 'Half')."""
    return t.dtype._torch_name[:-len("Tensor")]


# ---------------------------------------------------------------------- the 1-D forms' arguments
def _one(v):
    return v[0] if isinstance(v, (tuple, list)) else v


def _check_1d(input, fn_name):
    if input.ndim not in (2, 3):
        raise RuntimeError(f"{fn_name}() Expected 2D or 3D input tensor, but got {list(input.shape)}")


def _check_1d_output_size(output_size, fn_name):
    if output_size is None or (isinstance(output_size, (tuple, list)) and None in output_size):
        found = "not NoneType" if output_size is None else "but found element of type NoneType at pos 0"
        raise TypeError(f"{fn_name}(): argument 'output_size' (position 2) must be tuple of ints, {found}")
    if isinstance(output_size, (tuple, list)) and len(output_size) != 1:
        raise RuntimeError(f"{fn_name}() argument 'output_size' should contain one int (got {len(output_size)})")


def _check_1d_window(fn_name, **sizes):
    """PyTorch's errors for a 1-D pool's window argument given as a tuple of other than one int (an empty
    stride is the default)."""
    for name, value in sizes.items():
        if isinstance(value, (tuple, list)) and (len(value) > 1 or not value and name != "stride"):
            if fn_name == "avg_pool1d":
                raise RuntimeError(f"avg_pool1d() argument '{name}' should contain one int (got {len(value)})")
            also = "None, " if name == "stride" else ""
            comma = "," if name in ("stride", "padding") else ""
            raise RuntimeError(f"max_pool1d() {name} must be {also}an int, list of ints{comma} or tuple of ints of "
                               f"size 1 but got size {len(value)}")
