"""Ops with several outputs. An Op returns one array, so a factorization with several differentiable
outputs (slogdet's sign and log, QR's Q and R, ...) returns them packed along a new last axis, and
``unpack`` cuts each out with a small op, ``Piece``, named as PyTorch names that output's grad_fn;
the public function returns the pieces as PyTorch's named tuple (``_result``: torch.return_types).
"""
import math

from .._array_layout import column_major
from ..autograd.op import Op
from ..return_types import named_result


def _result(name, fields):
    """A named tuple printed like torch.return_types.<name>."""
    return named_result(name, fields)


class Piece(Op):
    """One output of a factorization, cut out of its packed last axis (``start:stop``) and shaped, in memory
    of its own laid out as PyTorch's: row-major, or with each matrix column-major (LAPACK's) for
    ``columns``; its node is named after the factorization's, as PyTorch names every output's grad_fn."""

    @staticmethod
    def forward(ctx, packed, start, stop, shape, name, columns=False):
        ctx.torch_name, ctx.packed_shape, ctx.start, ctx.stop = name, packed.shape, start, stop
        piece = packed[..., start:stop].reshape(shape)
        if columns:
            return column_major(piece)
        return piece if piece.flags.c_contiguous else piece.copy()

    @staticmethod
    def backward(ctx, m, g):
        return m.op(_Placed, g, ctx.packed_shape, ctx.start, ctx.stop)


class _Placed(Op):
    """A piece's gradient placed in zeros shaped like the packed array (Piece's backward)."""

    @staticmethod
    def forward(ctx, g, packed_shape, start, stop):
        ctx.start, ctx.stop, ctx.shape = start, stop, g.shape
        out = ctx.xp.zeros(packed_shape, g.dtype)
        out[..., start:stop] = g.reshape(packed_shape[:-1] + (stop - start,))
        return out

    @staticmethod
    def backward(ctx, m, gg):
        return gg[..., ctx.start:ctx.stop].reshape(ctx.shape)


def unpack(packed, batch, shapes, name, columns=()):
    """The pieces of the given shapes (after the batch dims) of a factorization's packed output; those whose
    index is in ``columns`` with each matrix column-major, as PyTorch lays out LAPACK's results."""
    out, at = [], 0
    if packed._node is not None:  # (its packed output is no saved value of PyTorch's node: not shown)
        packed._node.packs_outputs = True
    for i, shape in enumerate(shapes):
        size = math.prod(shape)
        piece = Piece.apply(packed, at, at + size, tuple(batch) + tuple(shape), name, i in columns)
        node = piece._node
        if node is not None:  # (users see the factorization's node as every output's grad_fn, as PyTorch's)
            node.shared_node, node.output_nr = node.next[0], i
        out.append(piece)
        at += size
    return out
