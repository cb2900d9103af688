"""How ``x[idx]`` reads its index: Python and Tensor indices converted to NumPy's (ints, slices, None,
Ellipsis, index arrays, masks), with PyTorch's checks of their types, bounds and shapes, before
``index.py`` applies them."""
import warnings

from .. import dtypes as _dt
from .._int_arguments import check_int64
from ..tensor import Tensor


_BASIC = (int, slice, type(None), type(Ellipsis))
_ZERO_DIM_INDEX = ("invalid index of a 0-dim tensor. Use `tensor.item()` in Python or `tensor.item<T>()` "
                   "in C++ to convert a 0-dim tensor to a number")


def convert_index(idx, t):
    """The index with Tensors and lists turned into backend arrays; and whether it is basic."""
    xp = t._device._get_backend().xp
    if not isinstance(idx, tuple):
        if idx.__class__ is list and _read_as_tuple(idx):
            warnings.warn("Using a non-tuple sequence for multidimensional indexing is deprecated and will be "
                          "changed in pytorch 2.9; use x[tuple(seq)] instead of x[seq]. In pytorch 2.9 this will "
                          "be interpreted as tensor index, x[torch.tensor(seq)], which will result either in an "
                          "error or a different result", UserWarning, stacklevel=4)
            idx = tuple(idx)
        else:
            idx = (idx,)
    out = []
    basic = True
    ellipses = 0
    for i in idx:
        if i.__class__ is slice and i.step is not None and i.step <= 0:
            raise ValueError("slice step cannot be zero" if i.step == 0 else "step must be greater than zero")
        if i.__class__ in _BASIC or isinstance(i, bool):
            if isinstance(i, bool):
                basic = False
            elif i is Ellipsis:
                ellipses += 1
            out.append(i)
        elif isinstance(i, Tensor):
            if i._device is not t._device and i._device != t._device:
                if i._device.type == "cpu":
                    out.append(xp.asarray(i._data))
                    basic = False
                    continue
                raise RuntimeError(f"indices should be either on cpu or on the same device as the indexed tensor ({t._device})")
            kind, byte = i._data.dtype.kind, i.dtype.name == "uint8"
            if i._data.ndim == 0 and kind in "iu" and not byte:
                out.append(i._data.item())  # as PyTorch: a 0-d index of any integer dtype acts as an int (explicit sync)
            elif kind not in "ib" and not byte or kind == "i" and i._data.dtype.itemsize < 4:  # (int32/int64, bool, uint8)
                raise IndexError("tensors used as indices must be long, int, byte or bool tensors")
            elif byte:  # (PyTorch reads a uint8 index as a mask, deprecated)
                warnings.warn("indexing with dtype torch.uint8 is now deprecated, please use a dtype torch.bool "
                              "instead.", UserWarning, stacklevel=4)
                out.append(i._data.astype(bool))
                basic = False
            else:
                out.append(i._data)
                basic = False
        elif isinstance(i, (list, tuple)) or _is_index_sequence(i):
            arr = xp.asarray([int(v) if isinstance(v, Tensor) else v for v in i])
            if arr.size == 0:
                arr = arr.astype(_dt.int64.np)
            if arr.dtype.kind == "f":  # (PyTorch makes an index sequence a long tensor: floats truncate)
                arr = arr.astype(_dt.int64.np)
            if arr.dtype.kind in "USO":  # (PyTorch makes the sequence a tensor first: a string is its TypeError)
                bad = next((v for v in i if isinstance(v, (str, bytes))), None)
                if bad is not None:
                    raise TypeError(f"new(): invalid data type '{type(bad).__name__}'")
            out.append(arr)
            basic = False
        elif i.__class__ is t._device._get_backend().array_type:
            # a raw index array (as backward passes) stays on its device; a NumPy array of floats is
            # read as PyTorch reads an index sequence: truncated to int64
            if i.ndim == 0 and i.dtype.kind in "iu":
                out.append(int(i))  # (a 0-d integer array acts as an int, as PyTorch reads it: a view)
                continue
            out.append(i.astype(_dt.int64.np) if i.dtype.kind == "f" else i)
            basic = False
        elif hasattr(i, "__index__") and getattr(i, "ndim", 0) == 0:
            out.append(i.__index__())
        elif hasattr(i, "dtype") and hasattr(i, "shape"):  # e.g. a NumPy index array: moves to the device
            if i.shape == () and not hasattr(i, "__setitem__"):  # (a NumPy scalar, not an integer: refused)
                raise IndexError("only integers, slices (`:`), ellipsis (`...`), None and long or byte Variables "
                                 f"are valid indices (got {type(i).__module__}.{type(i).__name__})")
            out.append(xp.asarray(i))
            basic = False
        elif isinstance(i, (str, bytes)):  # (PyTorch tries to make it a tensor)
            raise TypeError(f"new(): invalid data type '{type(i).__name__}'")
        else:
            raise IndexError("only integers, slices (`:`), ellipsis (`...`), None and long or byte Variables "
                             "are valid indices (got " + type(i).__name__ + ")")
    if ellipses > 1:
        return _one_ellipsis_each(out, t._data.ndim), basic
    return tuple(out), basic


def _one_ellipsis_each(idx, ndim):
    """An index of several Ellipses as PyTorch reads it: each skips the dims a single one would (the
    dims no other item reads); those after the last other item skip nothing."""
    specified = sum(i.ndim if getattr(i, "dtype", None) is not None and i.dtype.kind == "b" else
                    0 if i is None or i is Ellipsis or isinstance(i, bool) else 1 for i in idx)
    whole = (slice(None),) * max(ndim - specified, 0)
    last = max((k for k, i in enumerate(idx) if i is not Ellipsis), default=-1)
    return tuple(x for k, i in enumerate(idx) for x in ((whole if k < last else ()) if i is Ellipsis else (i,)))


def split_mixed(idx):
    """For a converted index mixing ints with index arrays, the two indices PyTorch applies one after
    the other: the ints (selects, with the slices, None and Ellipsis), then the arrays on what
    remains; None for any other index. (NumPy counts the ints among the index arrays, which moves
    the arrays' dims to the front when a slice stands between an int and an array: ``x[0, :, [0, 1]]``
    of a (2, 3, 4) tensor is (3, 2) in PyTorch, (2, 3) in NumPy.)"""
    has_int = has_array = False
    for i in idx:
        if i.__class__ is int:
            has_int = True
        elif i.__class__ is bool:
            return None
        elif i.__class__ not in _BASIC:
            has_array = True
    if not (has_int and has_array):
        return None
    selects, arrays = [], []
    for i in idx:
        if i.__class__ is int:
            selects.append(i)
        elif i.__class__ in _BASIC:
            selects.append(i)
            arrays.append(i if i is Ellipsis else slice(None))  # (a None's new dim, a slice's result: kept whole)
        else:
            selects.extend([slice(None)] * (i.ndim if i.dtype.kind == "b" else 1))  # (a mask spans its dims)
            arrays.append(i)
    return tuple(selects), tuple(arrays)


def _read_as_tuple(index):
    """Whether PyTorch reads a list index as a tuple of indices (NumPy's legacy rule, kept by PyTorch):
    a short list holding a sequence, a Tensor, a slice, None or Ellipsis (``x[[[0, 1], [1, 0]]]`` is
    ``x[[0, 1], [1, 0]]``); a list of ints is one index array."""
    return len(index) < 32 and any(
        i is None or i is Ellipsis or isinstance(i, (list, tuple, slice, Tensor)) or _is_index_sequence(i)
        for i in index)


def _is_index_sequence(i):
    """Any other sequence of indices (a ``Subset`` of ``random_split(torch.arange(n), ...)``, a
    ``range``), read as a list, as PyTorch reads it; arrays and tensors are handled before."""
    return (hasattr(i, "__len__") and hasattr(i, "__getitem__") and not isinstance(i, (str, bytes, dict))
            and not hasattr(i, "shape"))


def check_bounds(shape, idx, on_host):
    """Raise PyTorch's IndexError for out-of-range integer indices, wrong masks and too many indices.

    Integer arrays are checked here only off the host (``on_host`` False): CuPy would wrap
    them silently, while NumPy raises by itself (``getitem`` translates its message).
    """
    dim = 0
    consumed = sum(1 for i in idx if i is not None and i is not Ellipsis and not isinstance(i, bool)
                   and not (hasattr(i, "dtype") and i.dtype.kind == "b"))  # (a Python bool adds a dim, as None)
    consumed += sum(i.ndim for i in idx if hasattr(i, "dtype") and i.dtype.kind == "b")
    if consumed > len(shape):
        raise IndexError(f"too many indices for tensor of dimension {len(shape)}")
    _check_broadcast([i.shape for i in idx if hasattr(i, "dtype") and i.dtype.kind in "iu" and i.ndim])
    for i in idx:
        if i is Ellipsis:
            dim = len(shape) - (consumed - dim)
            continue
        if i is None or isinstance(i, bool):
            continue
        if isinstance(i, int):
            n = shape[dim]
            if not -n <= i < n:
                check_int64(i)
                raise IndexError(f"index {i} is out of bounds for dimension {dim} with size {n}")
        elif hasattr(i, "dtype") and i.dtype.kind == "b":
            for k in range(i.ndim):
                if i.shape[k] != shape[dim + k]:
                    raise IndexError(f"The shape of the mask [{', '.join(map(str, i.shape))}] at index {k} does not "
                                     f"match the shape of the indexed tensor [{', '.join(map(str, shape))}] at index {dim + k}")
            dim += i.ndim
            continue
        elif hasattr(i, "dtype") and i.size and not on_host:
            n = shape[dim]
            lo, hi = i.min().item(), i.max().item()  # explicit host sync: CuPy would wrap silently
            if hi >= n or lo < -n:
                raise IndexError(f"index {hi if hi >= n else lo} is out of bounds for dimension {dim} with size {n}")
        dim += 1


def _check_broadcast(shapes):
    """Raise PyTorch's IndexError where the shapes of integer index arrays do not broadcast together
    (before NumPy's, worded otherwise; a mask's count is left to NumPy)."""
    if len(shapes) < 2:
        return
    out = []
    for shape in shapes:
        out = [1] * (len(shape) - len(out)) + out
        for k, n in enumerate(shape, len(out) - len(shape)):
            if n != out[k] and 1 not in (n, out[k]):
                listed = ", ".join("[" + ", ".join(map(str, s)) + "]" for s in shapes)
                raise IndexError(f"shape mismatch: indexing tensors could not be broadcast together with shapes {listed}")
            out[k] = n if out[k] == 1 else out[k]
