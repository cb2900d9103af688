"""Dims reordered: permute, transpose/swapdims/swapaxes, t, the ``T``/``mT``/``H``/``mH``
properties, adjoint and movedim. Each is a view; the gradient is permuted back."""
import warnings

from .._errors import user_stacklevel
from ..autograd.namespace import provide
from ..autograd.op import Op
from .._int_arguments import _wrap_dim
from ._api import public, method
from ._saved_fields import attribute
from ._util import expect_tensor
from .shape import Alias, sizes_arg


class Permute(Op):
    """Dims reordered (a view); the gradient is permuted back."""

    edge_args = slice(0, 1)  # (PyTorch's node: the input alone)

    is_view = True
    saved_fields = {"dims": attribute("perm")}

    def view_fn(ctx, out_shape):
        perm = ctx.perm
        return lambda a, m: m.permute(a, perm)

    @staticmethod
    def forward(ctx, x, perm):
        ctx.perm = perm
        return x.transpose(perm)

    @staticmethod
    def backward(ctx, m, g):
        inv = [0] * len(ctx.perm)
        for i, p in enumerate(ctx.perm):
            inv[p] = i
        return m.permute(g, tuple(inv))


def _swapped(ctx):
    """The two dims a transpose swapped, in increasing order (the node keeps only the permutation)."""
    swapped = [i for i, p in enumerate(ctx.perm) if p != i]
    return swapped or [0, 0]


class Transpose(Permute):
    torch_name = "TransposeBackward0"
    saved_fields = {"dim0": lambda ctx: _swapped(ctx)[0], "dim1": lambda ctx: _swapped(ctx)[-1]}


class TransposeT(Permute):
    torch_name = "TBackward0"
    saved_fields = {}


@public
def permute(input, *order, dims=None):
    """Reorder dims: ``permute(1, 0)``, ``permute((1, 0))`` or ``permute(dims=(1, 0))``."""
    try:
        nd = input._data.ndim
    except AttributeError:  # checked only here, off the common path
        expect_tensor("permute", input)
        raise
    if dims is None and _plain_order(order, nd):
        # Fast path, fenced: ``permute(1, 0)``, Python ints in range, each once: what the reading and
        # checks below would give (a test checks the two agree)
        return Permute.apply(input, order)
    if not order and dims is None:
        raise TypeError('permute() missing 1 required positional arguments: "dims"')
    dims = sizes_arg(order, dims, "dims")
    if len(dims) != nd:
        raise RuntimeError(f"permute(sparse_coo): number of dimensions in the tensor input does not match the "
                           f"length of the desired ordering of dimensions i.e. input.dim() = {nd} is not equal "
                           f"to len(dims) = {len(dims)}")
    perm = tuple(_wrap_dim(d, nd) for d in dims)
    if len(set(perm)) != nd:
        raise RuntimeError("permute(): duplicate dims are not allowed.")
    return Permute.apply(input, perm)


def _plain_order(order, nd):
    """Whether ``order`` is ``nd`` Python ints in [0, nd), each once (and not empty)."""
    if len(order) != nd or not nd:
        return False
    for d in order:
        if d.__class__ is not int or not 0 <= d < nd:
            return False
    return len(set(order)) == nd


provide("permute", lambda x, perm: Permute.apply(x, tuple(perm)))
provide("mT", lambda x: transpose(x, -2, -1))


_REVERSED = ((), (0,), (1, 0))  # the dims of a tensor of 0, 1 or 2 dims reversed (t() and T's orders)
_IDENTITY_2 = (0, 1)


@public("transpose", "swapdims")
def transpose(input, dim0, dim1):
    """Swap two dims."""
    try:
        nd = input._data.ndim
    except AttributeError:  # checked only here, off the common path
        expect_tensor("transpose", input)
        raise
    if nd == 0:
        _wrap_dim(dim0, 0), _wrap_dim(dim1, 0)
        return Permute.apply(input, ())
    d0, d1 = _wrap_dim(dim0, nd), _wrap_dim(dim1, nd)
    if nd == 2:  # (a matrix, the common case: one of its two orders, no list to build)
        return Transpose.apply(input, _REVERSED[2] if d0 != d1 else _IDENTITY_2)
    perm = list(range(nd))
    perm[d0], perm[d1] = perm[d1], perm[d0]
    return Transpose.apply(input, tuple(perm))


@public
def swapaxes(input, axis0, axis1):
    """Swap two dims (NumPy's names for transpose's arguments)."""
    expect_tensor("swapaxes", input)
    return transpose(input, axis0, axis1)


@public
def t(input):
    """Transpose a tensor of at most 2 dims."""
    expect_tensor("t", input)
    if input._data.ndim > 2:
        raise RuntimeError(f"t() expects a tensor with <= 2 dimensions, but self is {input._data.ndim}D")
    return TransposeT.apply(input, _REVERSED[input._data.ndim])


T_OF_NOT_2D_WARNING = ("The use of `x.T` on tensors of dimension other than 2 to reverse their shape is deprecated "
                       "and it will throw an error in a future release. Consider `x.mT` to transpose batches of "
                       "matrices or `x.permute(*torch.arange(x.ndim - 1, -1, -1))` to reverse the dimensions of a "
                       "tensor.")
_warned = {"T of not 2-D": False}  # PyTorch warns once per process


def T(input):
    """All dims reversed (``Tensor.T``; deprecated by PyTorch, with a warning, for other than 2 dims)."""
    if input._data.ndim != 2 and not _warned["T of not 2-D"]:
        _warned["T of not 2-D"] = True
        warnings.warn(T_OF_NOT_2D_WARNING, UserWarning, stacklevel=user_stacklevel())
    nd = input._data.ndim
    return Permute.apply(input, _REVERSED[nd] if nd <= 2 else tuple(reversed(range(nd))))


def mT(input):
    """The last two dims swapped (``Tensor.mT``)."""
    if input._data.ndim < 2:
        raise RuntimeError("tensor.mT is only supported on matrices or batches of matrices. Got 1-D tensor."
                           if input._data.ndim == 1 else
                           "tensor.mT is only supported on matrices or batches of matrices. Got 0-D tensor.")
    return transpose(input, -2, -1)


method("T", property(T, doc="All dims reversed."))
method("mT", property(mT, doc="The last two dims swapped."))
method("H", property(T, doc="All dims reversed (real tensors: the conjugate transpose)."))
method("mH", property(mT, doc="The last two dims swapped (real tensors)."))


@public
def adjoint(input):
    """The conjugate transpose of the last two dims (a real tensor's transpose, a view)."""
    expect_tensor("adjoint", input)
    if input._data.ndim == 0:  # PyTorch: deprecated, the tensor itself
        warnings.warn("adjoint() is deprecated on 0-D tensors. Consider using x.conj().", UserWarning, stacklevel=2)
        return input
    if input._data.ndim < 2:
        raise RuntimeError("tensor.adjoint() is only supported on matrices or batches of matrices. "
                           f"Got {input._data.ndim}-D tensor.")
    return transpose(input, -2, -1).conj()


@public
def movedim(input, source, destination):
    """Move dims from ``source`` to ``destination``."""
    expect_tensor("movedim", input)
    nd = input._data.ndim
    if isinstance(source, (tuple, list)) != isinstance(destination, (tuple, list)):
        raise TypeError("movedim(): source and destination must both be ints or both be tuples of ints")
    source = list(source) if isinstance(source, (tuple, list)) else [source]
    destination = list(destination) if isinstance(destination, (tuple, list)) else [destination]
    src = [_wrap_dim(s, nd) for s in source]
    dst = [_wrap_dim(d, nd) for d in destination]
    if len(src) != len(dst):
        raise RuntimeError(f"movedim: Invalid source or destination dims: source ({source} dims) should "
                           f"contain the same number of dims as destination ({destination} dims)")
    for name, dims, given in (("source", src, source), ("destination", dst, destination)):
        if len(set(dims)) != len(dims):
            raise RuntimeError(f"movedim: repeated dim in `{name}` ({given})")
    order = [i for i in range(nd) if i not in src]
    for d, s in sorted(zip(dst, src)):
        order.insert(d, s)
    if not nd:  # (a 0-d tensor's dim 0 or -1 moves nothing: PyTorch's alias)
        return Alias.apply(input, ())
    return Permute.apply(input, tuple(order))
