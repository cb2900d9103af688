"""PyTorch's ``*_copy`` ops: each view op followed by a copy, so that the result shares no
storage with its input (``expand_copy``, ``permute_copy``, ``view_copy``, ``unbind_copy``...),
and ``positive``. The gradient is the view op's; the node takes PyTorch's name for it
(``<View>Backward0_copy``)."""
from .. import dtypes as _dt
from .._errors import check_failed
from .._int_arguments import _wrap_dim
from ._api import public, function
from ._util import expect_tensor
from ._dims import ALL_DIMS
from ..autograd.grad_mode import is_grad_enabled
from .._conversions import contiguous_format
from .complex_parts import view_as_complex, view_as_real
from .conversion import clone
from .index import getitem
from .strided_views import diagonal, unfold
from .pieces import narrow, select, split, unbind
from .broadcast import expand
from .permutation import permute, t, transpose
from .shape import reshape, squeeze, unsqueeze, view


def _copied(result, torch_name):
    """A row-major copy of the view ``result`` (each of a tuple of views), its node named ``torch_name``
    (PyTorch's copies are contiguous whatever the view's strides)."""
    if isinstance(result, tuple):
        return tuple(_copied(r, torch_name) for r in result)
    out = clone(result, memory_format=contiguous_format)
    if out.grad_fn is not None:
        out.grad_fn.torch_name = torch_name
    return out


def alias_copy(input):
    """A copy of ``input`` (PyTorch's alias op, copied)."""
    expect_tensor("alias_copy", input)
    return _copied(input, "AliasBackward0_copy")


def expand_copy(input, size, *, implicit=False):
    """``input.expand(size)`` as a new tensor (the broadcast elements really repeated)."""
    expect_tensor("expand_copy", input)
    return _copied(expand(input, size), "ExpandBackward0_copy")


def permute_copy(input, dims):
    """``input.permute(dims)`` as a new contiguous tensor."""
    expect_tensor("permute_copy", input)
    return _copied(permute(input, dims), "PermuteBackward0_copy")


def t_copy(input):
    """``input.t()`` as a new tensor."""
    expect_tensor("t_copy", input)
    return _copied(t(input), "TBackward0_copy")


def transpose_copy(input, dim0, dim1):
    """``input.transpose(dim0, dim1)`` as a new contiguous tensor."""
    expect_tensor("transpose_copy", input)
    return _copied(transpose(input, dim0, dim1), "TransposeBackward0_copy")


def unsqueeze_copy(input, dim):
    """``input.unsqueeze(dim)`` as a new tensor."""
    expect_tensor("unsqueeze_copy", input)
    return _copied(unsqueeze(input, dim), "UnsqueezeBackward0_copy")


def squeeze_copy(input, dim=ALL_DIMS):
    """``input.squeeze(dim)`` as a new tensor."""
    expect_tensor("squeeze_copy", input)
    name = "SqueezeBackward0_copy" if dim is ALL_DIMS else \
        "SqueezeBackward2_copy" if isinstance(dim, (tuple, list)) else "SqueezeBackward1_copy"
    return _copied(squeeze(input, dim), name)


def view_copy(input, size=None, dtype=None):
    """``input.view(size)`` (or ``input.view(dtype)``) as a new tensor."""
    expect_tensor("view_copy", input)
    if dtype is None and (isinstance(size, _dt.dtype) or size is None):
        size, dtype = None, size
    # (PyTorch's copy takes sizes a view could not give: a permuted input is reshaped)
    return _copied(view(input, dtype=dtype) if dtype is not None else reshape(input, size), "ViewBackward0_copy")


def diagonal_copy(input, offset=0, dim1=0, dim2=1):
    """``input.diagonal(offset, dim1, dim2)`` as a new tensor."""
    expect_tensor("diagonal_copy", input)
    return _copied(diagonal(input, offset, dim1, dim2), "DiagonalBackward0_copy")


def unbind_copy(input, dim=0):
    """``input.unbind(dim)``, each slice a new tensor."""
    expect_tensor("unbind_copy", input)
    return _copied(unbind(input, dim), "UnbindBackward0_copy")


def unfold_copy(input, dimension, size, step):
    """``input.unfold(dimension, size, step)`` as a new tensor."""
    expect_tensor("unfold_copy", input)
    return _copied(unfold(input, dimension, size, step), "UnfoldBackward0_copy")


def split_copy(input, split_size, dim=0):
    """``input.split(split_size, dim)``, each piece a new tensor."""
    expect_tensor("split_copy", input)
    return _copied(split(input, split_size, dim), "SplitBackward0_copy")


def split_with_sizes_copy(input, split_sizes, dim=0):
    """``input.split_with_sizes(split_sizes, dim)``, each piece a new tensor."""
    expect_tensor("split_with_sizes_copy", input)
    return _copied(split(input, list(split_sizes), dim), "SplitWithSizesBackward0_copy")


def select_copy(input, dim, index):
    """``input.select(dim, index)`` as a new tensor."""
    expect_tensor("select_copy", input)
    return _copied(select(input, dim, index), "SelectBackward0_copy")


def slice_copy(input, dim=0, start=None, end=None, step=1):
    """``input[start:end:step]`` along ``dim`` as a new tensor."""
    expect_tensor("slice_copy", input)
    if step <= 0:
        raise RuntimeError("slice step must be positive")
    d = _wrap_dim(dim, input.ndim)
    return _copied(getitem(input, (slice(None),) * d + (slice(start, end, step),)), "SliceBackward0_copy")


def view_as_real_copy(input):
    """``view_as_real(input)`` as a new tensor."""
    expect_tensor("view_as_real_copy", input)
    return _copied(view_as_real(input), "ViewAsRealBackward0_copy")


def view_as_complex_copy(input):
    """``view_as_complex(input)`` as a new tensor (as PyTorch's, not differentiable)."""
    expect_tensor("view_as_complex_copy", input)
    if input.requires_grad and is_grad_enabled():
        raise RuntimeError("view_as_complex_copy does not support automatic differentiation for outputs with "
                           "complex dtype.")
    return _copied(view_as_complex(input), "ViewAsComplexBackward0_copy")


for _fn in (alias_copy, expand_copy, permute_copy, t_copy, transpose_copy, unsqueeze_copy, squeeze_copy, view_copy,
            diagonal_copy, unbind_copy, unfold_copy, split_copy, split_with_sizes_copy, select_copy, slice_copy,
            view_as_real_copy, view_as_complex_copy):
    function(_fn.__name__, _fn)


@public
def narrow_copy(input, dim, start, length):
    """``input.narrow(dim, start, length)`` as a new tensor."""
    expect_tensor("narrow_copy", input)
    if input.ndim == 0:
        raise RuntimeError("narrow() cannot be applied to a 0-dim tensor.")
    if dim >= input.ndim:  # (PyTorch's check before it wraps the dim)
        raise check_failed("dim < static_cast<int64_t>(self_sizes.size())")
    if isinstance(length, int) and isinstance(start, int) and length < 0:  # (no sign check: the end's, not narrow's)
        size = input.shape[_wrap_dim(dim, input.ndim)]
        if not -size <= start <= size:
            raise IndexError(f"start out of range (expected to be in range of [{-size}, {size}], but got {start})")
        raise RuntimeError(f"start ({start + size if start < 0 else start}) + length ({length}) exceeds dimension "
                           f"size ({size}).")
    return _copied(narrow(input, dim, start, length), "NarrowCopyBackward0")
