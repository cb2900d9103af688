"""Ops that take slices along a dimension: narrow/select, split/chunk/unbind (views sharing one
node), and diff (neighbouring slices subtracted)."""
import builtins as _b

from .. import dtypes as _dt
from ..autograd.function_ctx import OutputPart
from ..autograd.grad_mode import state as _grad_state
from ..autograd.node import _new, edge_of, lend_requires_grad
from ..autograd.op import Op
from ..autograd.views import MULTI_OUTPUT, register_view, view_of
from ..tensor import Tensor
from .._int_arguments import _wrap_dim
from ._api import public
from ._util import expect_int, expect_ints, expect_tensor
from .index import SliceView, getitem, _as_view_index, _index_view_fn
from .join import Cat, cat


@public
def narrow(input, dim, start, length):
    """The slice [start, start+length) along ``dim`` (a view); a negative start counts from the end."""
    expect_tensor("narrow", input)
    if input._data.ndim == 0:
        raise RuntimeError("narrow() cannot be applied to a 0-dim tensor.")
    d = _wrap_dim(dim, input._data.ndim)
    if isinstance(start, Tensor):
        if start._data.ndim != 0 or start._data.dtype.kind not in "iu":
            raise RuntimeError("start must be an 0-dim integral Tensor.")
        start = int(start.item())
    start = expect_int("narrow", start, "start", 3, symint=True)
    length = expect_int("narrow", length, "length", 4, symint=True)
    if length < 0:
        raise RuntimeError("narrow(): length must be non-negative.")
    size = input._data.shape[d]
    if not -size <= start <= size:
        raise IndexError(f"start out of range (expected to be in range of [{-size}, {size}], but got {start})")
    if start < 0:
        start += size
    if start + length > size:
        raise RuntimeError(f"start ({start}) + length ({length}) exceeds dimension size ({size}).")
    return SliceView.apply(input, (slice(None),) * d + (slice(start, start + length),))


@public(method=False)
def split(tensor, split_size_or_sections, dim=0):
    """Pieces of ``split_size`` along ``dim`` (the last may be smaller), or of the given sizes."""
    expect_tensor("split", tensor, "tensor")
    if not tensor._data.ndim:
        raise RuntimeError("split expects at least a 1-dimensional tensor")
    d = _wrap_dim(dim, tensor._data.ndim)
    n = tensor._data.shape[d]
    if isinstance(split_size_or_sections, Tensor) and not split_size_or_sections._data.ndim:
        split_size_or_sections = int(split_size_or_sections.item())  # (as PyTorch's Tensor.split)
    if isinstance(split_size_or_sections, int) and split_size_or_sections.__class__ is not bool:
        size = split_size_or_sections
        if size <= 0 and n > 0:
            raise RuntimeError(f"split_size can only be 0 if dimension size is 0, but got dimension size of {n}")
        sizes = ([size] * (n // size) + ([n % size] if n % size else [])) if size and n else [0]
        return _pieces(tensor, d, sizes, False, "SplitBackward0")
    # (Python ints: a tensor of sizes is PyTorch's TypeError, 0-d tensors among the sizes are read as ints)
    sizes = list(expect_ints("split_with_sizes", split_size_or_sections, "split_sizes", 2))
    if any(s < 0 for s in sizes):
        raise RuntimeError(f"split_with_sizes expects split_sizes have only non-negative entries, but got "
                           f"split_sizes={sizes}")
    if _b.sum(sizes) != n:
        raise RuntimeError(f"split_with_sizes expects split_sizes to sum exactly to {n} (input tensor's size at "
                           f"dimension {d}), but got split_sizes={sizes}")
    return _pieces(tensor, d, sizes, False, "SplitWithSizesBackward0")


def _split_method(self, split_size, dim=0):
    """``self.split(split_size, dim)``: torch.split as a method (PyTorch names the sizes ``split_size``)."""
    return split(self, split_size, dim)


public("split", function=False)(_split_method)


@public
def chunk(input, chunks, dim=0):
    """Split into ``chunks`` pieces of equal size (the last may be smaller)."""
    expect_tensor("chunk", input)
    chunks = expect_int("chunk", chunks, "chunks", 1)
    if chunks <= 0:
        raise RuntimeError("chunk expects `chunks` to be greater than 0, got: " + str(chunks))
    if not input._data.ndim:
        raise RuntimeError("chunk expects at least a 1-dimensional tensor")
    d = _wrap_dim(dim, input._data.ndim)
    n = input._data.shape[d]
    if n == 0:
        return _pieces(input, d, [0] * chunks, False, "SplitWithSizesBackward0")
    return split(input, -(-n // chunks), d)


@public
def unbind(input, dim=0):
    """The slices along ``dim``, with that dim removed."""
    expect_tensor("unbind", input)
    d = _wrap_dim(dim, input._data.ndim)
    if input._data.ndim == 0:
        raise IndexError(f"Dimension specified as {d} but tensor has no dimensions")
    return _pieces(input, d, [1] * input._data.shape[d], True, "UnbindBackward0")


def _pieces(t, dim, sizes, drop_dim, torch_name):
    """Views of ``t``: consecutive pieces of ``sizes`` along ``dim`` (single slices with that dim
    dropped if ``drop_dim``). When a gradient is needed, they share one ``JoinPieces`` node, as
    PyTorch's split is one node for all its outputs."""
    data = t._data
    lead = (slice(None),) * dim
    indices = []
    start = 0
    for size in sizes:
        indices.append(lead + (start,) if drop_dim else lead + (slice(start, start + size),))
        start += size
    join = None
    if sizes and t._rg and _grad_state.enabled:  # (no pieces: no node)
        join = _new(JoinPieces)
        join.next = (edge_of(t),)
        join.needs_input_grad = (True,)
        join.xp = t._device._get_backend().xp
        join.device = t._device
        join.dim = dim
        join.dtype = data.dtype
        before, after = data.shape[:dim], data.shape[dim + 1:]
        join.piece_shapes = [before + (1 if drop_dim else size,) + after for size in sizes]
        join.torch_name = torch_name
        join.n_outputs = len(sizes)
    out = []
    for number, idx in enumerate(indices):
        v = _new(Tensor)
        v._data = data[_as_view_index(idx)]
        v._device = t._device
        v._version_counter = t._version_counter
        v._view = view_of(t, _index_view_fn(idx), MULTI_OUTPUT)  # (PyTorch refuses in-place changes of them)
        if join is None:
            v._node = None
            v._rg = False
            if t._rg and v._view[0]._rg:  # (only outside grad mode: see lend_requires_grad)
                lend_requires_grad(v)
            if _grad_state.enabled:  # (an in-place change through another view may put it in the graph)
                register_view(v)
        else:
            v._node = OutputPart(join, number)
            v._rg = True
            register_view(v)
        out.append(v)
    return tuple(out)


class JoinPieces(Op):
    """The node the pieces of one split share: the input's gradient is the pieces' gradients
    joined along ``dim``, with zeros for the pieces no gradient reached. Each piece's own node
    (an ``OutputPart``, as for a multi-output Function) hands its gradient over in its own slot,
    so the input's gradient is joined once instead of summed from one input-sized, mostly-zero
    gradient per piece."""

    @staticmethod
    def backward(ctx, m, g):
        like = next(part for part in g if part is not None)
        grads = [m.const(ctx.xp.zeros(shape, ctx.dtype), like) if part is None else part.reshape(shape)
                 for part, shape in zip(g, ctx.piece_shapes)]
        return m.op(Cat, ctx.dim, *grads)


@public
def select(input, dim, index):
    """input[..., index, ...] along ``dim``."""
    expect_tensor("select", input)
    index = expect_int("select", index, "index", 3, symint=True)
    if input._data.ndim == 0:
        raise IndexError("select() cannot be applied to a 0-dim tensor.")
    d = _wrap_dim(dim, input._data.ndim)
    n = input._data.shape[d]
    if not -n <= index < n:
        raise IndexError(f"select(): index {index} out of range for tensor of size "
                         f"[{', '.join(map(str, input._data.shape))}] at dimension {d}")
    return getitem(input, (slice(None),) * d + (index,))


@public
def diff(input, n=1, dim=-1, prepend=None, append=None):
    """The ``n``-th forward difference along ``dim`` (``out[i] = x[i + 1] - x[i]``, repeated n
    times), after ``prepend`` and ``append`` are joined on; bools differ by exclusive or."""
    expect_tensor("diff", input)
    if input.ndim == 0:
        raise RuntimeError("diff expects input to be at least one-dimensional")
    n = expect_int("diff", n, "n", 2)
    if n < 0:
        raise RuntimeError(f"order must be non-negative but got {n}")
    for other in (prepend, append):
        if other is not None:
            _expect_diff_shape(input, other, dim)
    if n == 0:  # (PyTorch's copy of the input, prepend and append unused and the dim unchecked)
        return input.clone()
    d = _wrap_dim(dim, input.ndim)
    parts = [t for t in (prepend, input, append) if t is not None]
    x = cat(parts, d) if len(parts) > 1 else input
    for _ in range(n):
        length = x.shape[d]
        if length == 0:
            break
        later, earlier = narrow(x, d, 1, length - 1), narrow(x, d, 0, length - 1)
        x = later ^ earlier if x.dtype is _dt.bool else later - earlier
    return x


def _expect_diff_shape(input, other, dim):
    """PyTorch's checks of a prepend or append Tensor: input's dims, its sizes but along ``dim``."""
    d = _wrap_dim(dim, input.ndim)
    if other.ndim != input.ndim:
        raise RuntimeError("diff expects prepend or append to be the same dimension as input")
    for i in range(input.ndim):
        if i != d and other.shape[i] != input.shape[i]:
            raise RuntimeError("diff expects the shape of tensor to prepend or append to match that of input "
                               f"except along the differencing dimension; input.size({i}) = {input.shape[i]}, "
                               f"but got tensor.size({i}) = {other.shape[i]}")
