"""``einsum``: sums of products over named subscripts, as torch.einsum.

The equation is first written out in full: ``...`` becomes letters of its own, an implicit
output (no ``->``) becomes the letters seen once in alphabetical order, and operands whose
subscript has size 1 where another operand's is larger are expanded (so the expansion's own
gradient sums them back). The gradient of an operand is again an einsum: of the output's
gradient with the other operands, to that operand's subscripts. A subscript summed in that
operand alone is broadcast back, and a repeated one (a diagonal, ``ii``) is put back on the
diagonal.
"""
import operator
import string

from .. import dtypes as _dt
from .._array_layout import array_strides, iteration_order, strides_in_order, with_strides
from ..autograd.op import Op
from ._api import public
from ._util import expect_tensor
from .broadcast import expand


class Einsum(Op):
    """einsum of the operands (all arguments but the last) under the full equation (the last)."""

    edge_args = slice(0, -1)  # (the edges of PyTorch's node)

    torch_name = "EinsumBackward0"
    holomorphic = True
    broadcasting = True  # for ctx.shapes
    saves = (True,) * 32  # every operand is read for the others' gradients (more operands: none saved)

    @staticmethod
    def forward(ctx, *args):
        *arrays, equation = args
        return ctx.xp.einsum(equation, *arrays, optimize=len(arrays) > 1)

    @staticmethod
    def backward(ctx, m, g, *args):
        *operands, equation = args
        inputs, output = equation.split("->")
        subscripts = inputs.split(",")
        grads = []
        for i, need in enumerate(ctx.needs_input_grad[:len(operands)]):
            if not need:
                grads.append(None)
                continue
            others = [s for k, s in enumerate(subscripts) if k != i]
            grads.append(_operand_grad(m, g, output, subscripts[i], others,
                                       [o for k, o in enumerate(operands) if k != i], ctx.shapes[i], ctx))
        return tuple(grads) + (None,)


def _operand_grad(m, g, output, mine, other_subscripts, others, shape, ctx):
    """d(einsum)/d(operand) as an einsum of ``g`` with the other operands, then broadcast over
    the subscripts summed here alone and put on the diagonal of repeated ones."""
    sizes = dict(zip(mine, shape))
    unique = "".join(dict.fromkeys(mine))  # first occurrences, in order
    seen = set(output).union(*other_subscripts)
    reached = "".join(c for c in unique if c in seen)
    grad = m.op(Einsum, g, *others, ",".join([output] + other_subscripts) + "->" + reached)
    if reached != unique:  # subscripts summed in this operand alone: the gradient is constant along them
        grad = m.broadcast_to(grad.reshape(tuple(sizes[c] if c in reached else 1 for c in unique)),
                              tuple(sizes[c] for c in unique))
    if unique != mine:  # repeated subscripts: the gradient lies on their diagonal
        xp = ctx.xp
        first = {c: mine.index(c) for c in unique}
        grad = grad.reshape(tuple(sizes[c] if first[c] == p else 1 for p, c in enumerate(mine)))
        for p, c in enumerate(mine):
            if first[c] != p:
                n = sizes[c]
                eye_shape = [1] * len(mine)
                eye_shape[first[c]] = eye_shape[p] = n
                grad = grad * m.const(xp.eye(n, dtype=g.dtype).reshape(eye_shape), g)
    return grad


def _parse(equation, ndims):
    """(input subscripts, output subscript) with ``...`` and an implicit output written out."""
    eq = equation.replace(" ", "")
    inputs, arrow, output = eq.partition("->")
    subscripts = inputs.split(",")
    if len(subscripts) > len(ndims):
        raise RuntimeError("einsum(): fewer operands were provided than specified in the equation")
    if len(subscripts) < len(ndims):
        raise RuntimeError("einsum(): more operands were provided than specified in the equation")
    for k, s in enumerate(subscripts):
        if "." in s.replace("...", "", 1):
            raise RuntimeError(f"einsum(): found '.' for operand {k} " + ("for which an ellipsis was already found"
                               if s.count("...") > 1 else "that is not part of any ellipsis"))
    for s in subscripts + [output]:
        bad = [c for c in s.replace("...", "") if c not in string.ascii_letters]
        if bad:
            raise RuntimeError(f"einsum(): invalid subscript given at index {eq.index(bad[0])} in the equation "
                               f"string, subscripts must be in [a-zA-Z]")
    spare = [c for c in string.ascii_letters if c not in eq]
    n_ellipsis = 0
    for k, (s, nd) in enumerate(zip(subscripts, ndims)):
        letters = len(s.replace("...", ""))
        if "..." in s and letters > nd:
            raise RuntimeError(f"einsum(): the number of subscripts in the equation ({letters}) is more than the "
                               f"number of dimensions ({nd}) for operand {k}")
        if "..." in s:
            n_ellipsis = max(n_ellipsis, nd - letters)
        elif letters != nd:
            raise RuntimeError(f"einsum(): the number of subscripts in the equation ({letters}) does not match the "
                               f"number of dimensions ({nd}) for operand {k} and no ellipsis was given")
    ellipsis = "".join(spare[:n_ellipsis])
    full = []
    for s, nd in zip(subscripts, ndims):
        own = nd - len(s.replace("...", ""))  # this operand's ellipsis dims: the trailing ones of all
        full.append(s.replace("...", ellipsis[n_ellipsis - own:]))
    if arrow:
        out = output.replace("...", ellipsis)
        for c in out:
            if out.count(c) > 1:
                raise RuntimeError(f"einsum(): output subscript {c} appears more than once in the output")
            if not any(c in s for s in full):
                raise RuntimeError(f"einsum(): output subscript {c} does not appear in the equation for any "
                                   f"input operand")
    else:
        counts = "".join(subscripts).replace("...", "")
        out = ellipsis + "".join(sorted(c for c in set(counts) if counts.count(c) == 1))  # (capitals first)
    return full, out


@public(method=False)
def einsum(*args):
    """``einsum(equation, *operands)``: the sum of products of the operands' elements over the
    subscripts of ``equation`` (``"ij,jk->ik"`` is a matrix product; ``...`` stands for the
    leading dimensions). The operands may come as one list, or each followed by its subscripts
    as a list of ints in [0, 52) and ``...`` (``einsum(a, [0, 1], b, [1, 2], [0, 2])``, the
    output's list last and optional)."""
    if args and not isinstance(args[0], str):
        args = _sublist_form(args)
    equation, operands = args[0], args[1:]
    if len(operands) == 1 and isinstance(operands[0], (list, tuple)):
        operands = tuple(operands[0])
    for k, t in enumerate(operands):
        expect_tensor("einsum", t, "operands", 2)
    if not operands:
        raise ValueError("einsum(): must specify the equation string and at least one operand, or at least one "
                         "operand and its subscripts list")
    first = operands[0].dtype
    for t in operands[1:]:
        if t.dtype is not first:
            raise RuntimeError(f"expected scalar type {first._torch_name[:-6]} but found {t.dtype._torch_name[:-6]}")
    subscripts, output = _parse(equation, [t.ndim for t in operands])
    sizes = {}
    for k, (s, t) in enumerate(zip(subscripts, operands)):
        for p, c in enumerate(s):  # (an operand's own sizes are checked before they meet the others')
            if s.index(c) != p and t.shape[p] != t.shape[s.index(c)]:
                raise RuntimeError(f"einsum(): subscript {c} is repeated for operand {k} but the sizes "
                                   f"don't match, {t.shape[p]} != {t.shape[s.index(c)]}")
        for c, n in zip(s, t.shape):
            if n != 1 and sizes.get(c, 1) not in (1, n):
                raise RuntimeError(f"einsum(): subscript {c} has size {n} for operand {k} which does not broadcast "
                                   f"with previously seen size {sizes[c]}")
            if n != 1:  # (a size 1 broadcasts against any other size, 0 included)
                sizes[c] = n
            else:
                sizes.setdefault(c, 1)
    expanded = []
    for s, t in zip(subscripts, operands):
        full_shape = tuple(sizes[c] for c in s)
        expanded.append(t if tuple(t.shape) == full_shape else expand(t, full_shape))
    if first.category <= 1 and first is not _dt.int64 and _sums_alone(subscripts, output, operands):
        expanded = [t.to(_dt.int64) for t in expanded]  # (PyTorch sums those first: torch.sum's int64)
    summed = bool(set("".join(subscripts)) - set(output))
    op = (_EINSUM_NODES_MANY if len(expanded) > 1 else _EINSUM_NODES_ONE)[summed]
    out = op.apply(*expanded, ",".join(subscripts) + "->" + output)
    strides = _torch_strides(subscripts, output, operands) if out._data.size else None
    if strides is not None:  # (the result is new: no view of it exists yet)
        out._data = with_strides(out._device._get_backend().xp, out._data, strides)
    return out


# ------------------------------------------------------------------ the layout of PyTorch's result
# PyTorch's einsum aligns its operands' dims (the output's subscripts, then the summed ones), contracts
# them pairwise with ``sumproduct_pair`` (a batched matmul, or a mul where nothing is summed) and views the
# result without the summed dims; one operand is summed (a new row-major tensor) or else permuted (a view).
# Below, the strides that pipeline gives the result, followed on (shape, strides) pairs.

def _torch_strides(subscripts, output, operands):
    """The strides of PyTorch's einsum result (in elements) for one or two operands, None for more
    (whose contraction order PyTorch may take from opt_einsum)."""
    if len(operands) > 2:
        return None
    labels = output + "".join(sorted(set("".join(subscripts)) - set(output)))
    n_out = len(output)
    aligned = [_aligned(s, t, labels) for s, t in zip(subscripts, operands)]
    if len(aligned) == 1:
        shape, strides = aligned[0]
        return _row_major(shape[:n_out]) if len(labels) > n_out else strides
    (a_shape, a_strides), (b_shape, b_strides) = aligned
    sum_dims = []
    for d in range(n_out, len(labels)):
        if a_shape[d] != 1 and b_shape[d] != 1:
            sum_dims.append(d)
        elif a_shape[d] != 1:  # (summed in that operand alone first: a new row-major tensor)
            a_shape, a_strides = _summed(a_shape, d)
        elif b_shape[d] != 1:
            b_shape, b_strides = _summed(b_shape, d)
    if not sum_dims:  # (a mul: TensorIterator's layout)
        shape = tuple(max(m, n) for m, n in zip(a_shape, b_shape))
        operands = [tuple(0 if n == 1 and m != 1 else st for st, n, m in zip(strides, own, shape))
                    for own, strides in ((a_shape, a_strides), (b_shape, b_strides))]
        return strides_in_order(shape, iteration_order(shape, operands))[:n_out]
    return _batched_matmul_strides(a_shape, b_shape, sum_dims)[:n_out]


def _aligned(subscript, t, labels):
    """(shape, strides) of operand ``t`` as PyTorch aligns it: a repeated subscript's diagonal taken,
    a missing one unsqueezed at the end (stride 1), then its dims permuted to ``labels``' order."""
    shape, strides, seen = [], [], []
    for c, n, st in zip(subscript, t.shape, array_strides(t._data)):
        if c in seen:
            strides[seen.index(c)] += st
        else:
            seen.append(c)
            shape.append(n)
            strides.append(st)
    for c in labels:
        if c not in seen:
            seen.append(c)
            shape.append(1)
            strides.append(1)
    order = [seen.index(c) for c in labels]
    return tuple(shape[i] for i in order), tuple(strides[i] for i in order)


def _row_major(shape):
    return strides_in_order(shape, range(len(shape) - 1, -1, -1))


def _summed(shape, d):
    """(shape, strides) of a sum over dim ``d`` kept (PyTorch's reductions give row-major results)."""
    shape = shape[:d] + (1,) + shape[d + 1:]
    return shape, _row_major(shape)


def _batched_matmul_strides(a_shape, b_shape, sum_dims):
    """The strides of ``sumproduct_pair``'s result: dims in both operands (lro), in the left one (lo)
    and the others (ro) laid out in that order, the summed dims between lo and ro, lo and ro swapped
    where every ro dim comes before every lo dim."""
    lro, lo, ro = [], [], []
    for d, (m, n) in enumerate(zip(a_shape, b_shape)):
        if d in sum_dims:
            continue
        (lro if m != 1 and n != 1 else lo if m != 1 else ro).append(d)
    if lo and ro and ro[-1] < lo[0]:
        lo, ro = ro, lo
    order = lro + lo + sum_dims + ro
    sizes = [max(a_shape[d], b_shape[d]) if d not in sum_dims else 1 for d in order]
    laid = _row_major(sizes)
    strides = [0] * len(order)
    for position, d in enumerate(order):
        strides[d] = laid[position]
    return tuple(strides)


def _sublist_form(args):
    """``(operand, sublist, ..., [output sublist])`` as ``(equation, *operands)``: subscripts 0 to 25
    are the letters A to Z, 26 to 51 a to z (so an implicit output lists the former first)."""
    def letters(sublist):
        out = []
        for s in sublist:
            if s is Ellipsis:
                out.append("...")
                continue
            s = operator.index(s)
            if not 0 <= s < 52:
                raise ValueError("einsum(): subscript in subscript list is not within the valid range [0, 52)")
            out.append(chr(ord("A") + s) if s < 26 else chr(ord("a") + s - 26))
        return "".join(out)
    if len(args) < 2:
        raise ValueError("einsum(): must specify the equation string and at least one operand, or at least one "
                         "operand and its subscripts list")
    operands, sublists = args[0:len(args) - 1:2], args[1::2]
    equation = ",".join(letters(s) for s in sublists[:len(operands)])
    if len(args) % 2:
        equation += "->" + letters(args[-1])
    return (equation, *operands)


def _sums_alone(subscripts, output, operands):
    """Whether some operand has a subscript that no other operand nor the output has (of size above 1
    beside other operands: PyTorch squeezes those of size 1 instead)."""
    for i, (s, t) in enumerate(zip(subscripts, operands)):
        elsewhere = set(output).union(*(o for k, o in enumerate(subscripts) if k != i))
        if any(c not in elsewhere and (n != 1 or len(operands) == 1) for c, n in zip(s, t.shape)):
            return True
    return False


def _einsum_node(torch_name):
    """Einsum under the name of the last step PyTorch's einsum takes (one node here)."""
    return type("Einsum", (Einsum,), {"__doc__": Einsum.__doc__, "torch_name": torch_name, "op_name": "Einsum"})


# PyTorch's einsum ends, for one operand, in a sum (subscripts summed) or else a permute; for
# several, in a view of the contraction's batched matmul (subscripts summed) or else a mul.
_EINSUM_NODES_ONE = {True: _einsum_node("SumBackward1"), False: _einsum_node("PermuteBackward0")}
_EINSUM_NODES_MANY = {True: _einsum_node("ViewBackward0"), False: _einsum_node("MulBackward0")}
