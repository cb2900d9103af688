"""Products built on matmul and the elementwise ops (their gradients follow): chains of matrix
products (chain_matmul, multi_dot), tensordot/inner/vdot/vecdot, kron, cross and matrix_power.
The ``beta * input + alpha * product`` family (addmm, addmv, addr, baddbmm, addbmm) is in
``add_products.py``, matrices built from vectors (diag_embed, diagflat, vander) in
``structured.py``, cov and corrcoef in ``covariance.py``."""
import warnings

from .. import dtypes as _dt
from ..autograd.op import Op
from ..tensor import Tensor, wrap
from .._int_arguments import _wrap_dim
from ._api import public
from ._util import expect_int, expect_tensor
from ._broadcast_shapes import broadcast_shapes
from .arrange import _c_type
from .solve import linalg_inv
from .join import _expect_tensors
from .linalg import matmul, dot
from .add_products import add_scaled, addmv, addr, baddbmm, addbmm  # noqa: F401  (importable from here too)
from .reduce import sum as _sum
from .permutation import permute
from .shape import reshape, unsqueeze
from .structured import diag_embed, diagflat, linalg_diagonal, linalg_vander, vander  # noqa: F401  (importable from here too)
from .covariance import cov, corrcoef  # noqa: F401  (importable from here too)


# ------------------------------------------------------------------ chains of products
def _chain_order(sizes):
    """Where to split each sub-chain i..j for the fewest multiplications (the textbook dynamic
    programme PyTorch's multi_dot uses; ties go to the first split). ``sizes``: n + 1 dims."""
    n = len(sizes) - 1
    cost = [[0] * n for _ in range(n)]
    split_at = [[0] * n for _ in range(n)]
    for length in range(1, n):
        for i in range(n - length):
            j = i + length
            cost[i][j] = None
            for k in range(i, j):
                q = cost[i][k] + cost[k + 1][j] + sizes[i] * sizes[k + 1] * sizes[j + 1]
                if cost[i][j] is None or q < cost[i][j]:
                    cost[i][j], split_at[i][j] = q, k
    return split_at


def _chain(matrices):
    """The product of 2-D matrices, in PyTorch's order (the cheapest)."""
    n = len(matrices)
    if n == 1:
        return matrices[0]
    if n == 2:
        return matmul(*matrices)
    if n == 3:
        a, b = matrices[0].shape
        c, d = matrices[2].shape
        if a * c * (b + d) > b * d * (a + c):
            return matmul(matrices[0], matmul(matrices[1], matrices[2]))
        return matmul(matmul(matrices[0], matrices[1]), matrices[2])
    split_at = _chain_order([matrices[0].shape[0]] + [t.shape[1] for t in matrices])

    def product(i, j):
        if i == j:
            return matrices[i]
        k = split_at[i][j]
        return matmul(product(i, k), product(k + 1, j))
    return product(0, n - 1)


def multi_dot(tensors):
    """The product of two or more matrices (the first may be a 1-D row, the last a 1-D column),
    multiplied in the order that needs the fewest operations (torch.linalg.multi_dot)."""
    tensors = list(tensors)
    _expect_tensors(tensors, 0)
    n = len(tensors)
    if n < 2:
        raise RuntimeError(f"multi_dot(): expected at least 2 tensors but got {n}")
    first, last = tensors[0], tensors[-1]
    if first.ndim not in (1, 2):
        raise RuntimeError(f"multi_dot(): the first tensor must be 1D or 2D but got {first.ndim}D")
    if last.ndim not in (1, 2):
        raise RuntimeError(f"multi_dot(): the last tensor must be 1D or 2D but got {last.ndim}D")
    for i, t in enumerate(tensors[1:-1], 1):
        if t.ndim != 2:
            raise RuntimeError(f"multi_dot(): tensor {i} must be 2D but got {t.ndim}D")
    for i, t in enumerate(tensors[1:], 1):
        if t.dtype is not first.dtype:
            raise RuntimeError(f"multi_dot(): all tensors must have be the same dtype but tensor 0 is "
                               f"{_dt.C_NAMES[first.dtype.name]} and tensor {i} {_dt.C_NAMES[t.dtype.name]}")
    matrices = [unsqueeze(first, 0) if first.ndim == 1 else first] + tensors[1:-1] + \
        [unsqueeze(last, 1) if last.ndim == 1 else last]
    for i in range(n - 1):
        if matrices[i].shape[1] != matrices[i + 1].shape[0]:
            a, b = matrices[i], matrices[i + 1]
            raise RuntimeError(f"multi_dot(): tensors {i} and {i + 1} with shapes {list(a.shape)} and "
                               f"{list(b.shape)} cannot be multiplied")
    out = _chain(matrices)
    shape = (() if first.ndim == 1 else (out.shape[0],)) + (() if last.ndim == 1 else (out.shape[1],))
    return reshape(out, shape) if shape != tuple(out.shape) else out


@public(method=False)
def chain_matmul(*matrices):
    """The product of 2-D matrices, in the cheapest order (deprecated in PyTorch: linalg.multi_dot)."""
    warnings.warn("torch.chain_matmul is deprecated and will be removed in a future PyTorch release. Use "
                  "torch.linalg.multi_dot instead, which accepts a list of two or more tensors rather than "
                  "multiple parameters.", UserWarning, stacklevel=2)
    _expect_tensors(matrices, 0)
    if not matrices:
        raise RuntimeError("chain_matmul(): Expected one or more matrices")
    for t in matrices:
        if t.ndim != 2:
            raise RuntimeError(f"chain_matmul(): Expected 2D tensor, got {t.ndim}D tensor")
    if len(matrices) == 1:
        return matrices[0].clone()
    return multi_dot(matrices)


def matrix_power(A, n):
    """A multiplied by itself ``n`` times (the identity for 0; for n < 0, A's inverse ``-n`` times),
    by repeated squaring as PyTorch."""
    expect_tensor("matrix_power", A)
    n = expect_int("linalg_matrix_power", n, "n", 2)
    if A.ndim < 2:
        raise RuntimeError("linalg.matrix_power: The input tensor A must have at least 2 dimensions.")
    if A.shape[-1] != A.shape[-2]:
        raise RuntimeError(f"linalg.matrix_power: A must be batches of square matrices, but they are "
                           f"{A.shape[-2]} by {A.shape[-1]} matrices")
    if n < 0:
        A, n = linalg_inv(A), -n
    if n == 0:  # the identity; A's gradient is zero (PyTorch writes it over a copy of A)
        xp = A._device._get_backend().xp
        eye = wrap(xp.broadcast_to(xp.eye(A.shape[-1], dtype=A._data.dtype), A.shape).copy(), A._device)
        return add_scaled(A, eye, 0, 1, "torch::autograd::CopyBackwards") if A.requires_grad else eye
    if n == 1:
        return A.clone()
    if n == 2:
        return matmul(A, A)
    if n == 3:
        return matmul(matmul(A, A), A)
    z = result = None
    while n > 0:  # the bits of n, lowest first: z = A^(2^k), multiplied in where a bit is set
        bit, n = n % 2, n // 2
        z = A if z is None else matmul(z, z)
        if bit:
            result = z if result is None else matmul(result, z)
    return result


# ------------------------------------------------------------------ contractions
@public(method=False)
def tensordot(a, b, dims=2):
    """Sum of products over the last ``dims`` dims of ``a`` and the first ``dims`` of ``b``, or
    over the dims listed in ``dims = (dims_a, dims_b)``; the free dims of a, then of b."""
    expect_tensor("tensordot", a, "a")
    expect_tensor("tensordot", b, "b", 2)
    if isinstance(dims, Tensor):
        dims = dims.tolist()
    if isinstance(dims, (tuple, list)):
        if len(dims) != 2:  # (PyTorch unpacks two: Python's ValueError)
            raise ValueError(f"tensordot expects dims to be int or Tuple[List[int], List[int]] or "
                               f"List[List[int]] containing two lists, but got dims={dims}")
        dims_a, dims_b = ([d] if isinstance(d, int) else list(d) for d in dims)
    elif isinstance(dims, int):
        if dims < 0:
            raise RuntimeError(f"tensordot expects dims >= 0, but got dims={dims}")
        if dims > min(a.ndim, b.ndim):
            raise RuntimeError(f"tensordot expects dims < ndim_a or ndim_b, but got dims={dims}")
        dims_a, dims_b = list(range(-dims, 0)), list(range(dims))
    else:
        raise RuntimeError(f"tensordot expects dims to be int or Tuple[List[int], List[int]] or List[List[int]] "
                           f"containing two lists, but got dims={dims}")
    return _contract(a, b, dims_a, dims_b)


def _contract(a, b, dims_a, dims_b):
    """tensordot over the dim lists: both permuted to (free, contracted) and multiplied as matrices."""
    if len(dims_a) != len(dims_b):
        raise RuntimeError("both dimension lists should have same length")
    if a.dtype is not b.dtype:
        raise RuntimeError("both inputs should have same dtype")
    dims_a = [_wrap_dim(d, a.ndim) for d in dims_a]
    dims_b = [_wrap_dim(d, b.ndim) for d in dims_b]
    for dims in (dims_a, dims_b):
        for d in dims:
            if dims.count(d) > 1:
                raise RuntimeError(f"dim {d} appears multiple times in the list of dims")
    contracted = 1
    for da, db in zip(dims_a, dims_b):
        sa, sb = a.shape[da], b.shape[db]
        if sb == 1:  # a size-1 dim broadcasts: the other side is summed over it at once
            a = _sum(a, da, keepdim=True, dtype=a.dtype)  # (integers keep their dtype, as in PyTorch)
        elif sa == 1:
            b = _sum(b, db, keepdim=True, dtype=b.dtype)
        elif sa != sb:
            raise RuntimeError(f"contracted dimensions need to match, but first has size {sa} in dim {da} and "
                               f"second has size {sb} in dim {db}")
        else:
            contracted *= sa
    free_a = [d for d in range(a.ndim) if d not in dims_a]
    free_b = [d for d in range(b.ndim) if d not in dims_b]
    rows = cols = 1
    for d in free_a:
        rows *= a.shape[d]
    for d in free_b:
        cols *= b.shape[d]
    left = reshape(permute(a, free_a + dims_a), (rows, contracted))
    right = reshape(permute(b, dims_b + free_b), (contracted, cols))
    return reshape(matmul(left, right), tuple(a.shape[d] for d in free_a) + tuple(b.shape[d] for d in free_b))


@public
def inner(input, other):
    """Sum of products over the last dims (a 0-d operand multiplies instead)."""
    expect_tensor("inner", input)
    expect_tensor("inner", other, "other", 2)
    if input.ndim == 0 or other.ndim == 0:
        return input * other
    if input.shape[-1] != other.shape[-1]:
        raise RuntimeError(f"inner() the last dimension must match on both input tensors but got shapes "
                           f"{list(input.shape)} and {list(other.shape)}")
    return _contract(input, other, [-1], [-1])


@public
def vdot(input, other):
    """Dot product of two 1-D tensors (the first conjugated: real tensors, the same as dot)."""
    expect_tensor("vdot", input)
    expect_tensor("vdot", other, "other", 2)
    if input.ndim != 1 or other.ndim != 1:
        raise RuntimeError(f"1D tensors expected, but got {input.ndim}D and {other.ndim}D tensors")
    if input.dtype is not other.dtype:
        raise RuntimeError(f"dot : expected both vectors to have same dtype, but found {_c_type(input.dtype)} and "
                           f"{_c_type(other.dtype)}")
    return dot(input.conj(), other)


def vecdot(x, y, *, dim=-1):
    """Dot products of the vectors along ``dim`` (x and y broadcast together, x conjugated): torch.linalg.vecdot."""
    expect_tensor("vecdot", x, "x")
    expect_tensor("vecdot", y, "y", 2)
    if x.dtype is not y.dtype:
        raise RuntimeError(f"linalg.vecdot: Expected x and y to have the same dtype, but found x of type "
                           f"{_c_type(x.dtype)} and y of type {_c_type(y.dtype)} instead")
    if not (x.dtype.is_floating_point or x.dtype.is_complex):
        raise RuntimeError(f"linalg.vecdot: Expected a floating point or complex tensor as input. Got "
                           f"{_c_type(x.dtype)}")
    if x.ndim == 1 and y.ndim == 1 and x.shape != y.shape:  # (PyTorch takes dot's path: no broadcasting)
        n, k = x.shape[0], y.shape[0]
        raise RuntimeError(f"inconsistent tensor size, expected tensor [{n}] and src [{k}] to have the same number "
                           f"of elements, but got {n} and {k} elements respectively")
    return _sum((x.conj() if x.dtype.is_complex else x) * y, dim)


@public
def kron(input, other):
    """Kronecker product: every element of ``input`` times the whole of ``other``, as blocks."""
    expect_tensor("kron", input)
    expect_tensor("kron", other, "other", 2)
    nd = max(input.ndim, other.ndim)
    a_shape = (1,) * (nd - input.ndim) + tuple(input.shape)
    b_shape = (1,) * (nd - other.ndim) + tuple(other.shape)
    a = reshape(input, tuple(s for n in a_shape for s in (n, 1)))
    b = reshape(other, tuple(s for n in b_shape for s in (1, n)))
    return reshape(a * b, tuple(p * q for p, q in zip(a_shape, b_shape)))


def _cross(input, other, dim):
    """The cross product of the 3-vectors along ``dim`` (input and other broadcast together)."""
    if input.ndim != other.ndim:
        raise RuntimeError("linalg.cross: inputs must have the same number of dimensions.")
    d = _wrap_dim(dim, input.ndim)
    if input.shape[d] != 3 or other.shape[d] != 3:
        raise RuntimeError(f"linalg.cross: inputs dimension {dim} must have length 3. Got {input.shape[d]} and "
                           f"{other.shape[d]}")
    if input.dtype is not other.dtype:
        raise RuntimeError(f"expected scalar type {_c_type(input.dtype)} but found {_c_type(other.dtype)}")
    broadcast_shapes(input.shape, other.shape)  # (PyTorch's error for shapes that do not broadcast)
    return Cross.apply(input, other, d)


class Cross(Op):
    """The cross product along dim ``d`` as one op (PyTorch's LinalgCrossBackward0); the gradients
    are cross products again: ``cross(conj(b), g)`` for a, ``cross(g, conj(a))`` for b."""

    broadcasting = True
    saves = (1, 0)
    supports_complex = True
    torch_name = "LinalgCrossBackward0"

    @staticmethod
    def forward(ctx, a, b, d):
        a, b = ctx.xp.broadcast_arrays(a, b)
        a0, a1, a2 = (a.take(i, d) for i in range(3))
        b0, b1, b2 = (b.take(i, d) for i in range(3))
        return ctx.xp.stack([a1 * b2 - a2 * b1, a2 * b0 - a0 * b2, a0 * b1 - a1 * b0], d)

    @staticmethod
    def backward(ctx, m, g, a, b, d):
        na, nb = ctx.needs_input_grad[:2]
        sa, sb = ctx.shapes[:2]
        return (m.sum_to(m.op(Cross, m.conj(b), g, d), sa) if na else None,
                m.sum_to(m.op(Cross, g, m.conj(a), d), sb) if nb else None, None)


@public
def cross(input, other, dim=None):
    """The cross product of the 3-vectors along ``dim`` (default: the first dim of size 3, which
    PyTorch deprecates: linalg.cross's default is the last)."""
    expect_tensor("cross", input)
    expect_tensor("cross", other, "other", 2)
    if dim is None:
        warnings.warn("Using torch.cross without specifying the dim arg is deprecated.\nPlease either pass the "
                      "dim explicitly or simply use torch.linalg.cross.\nThe default value of dim will change to "
                      "agree with that of linalg.cross in a future release.", UserWarning, stacklevel=2)
        dim = next((i for i, s in enumerate(input.shape) if s == 3), None)
        if dim is None:
            raise RuntimeError("no dimension of size 3 in input")
    return _cross(input, other, dim)


def linalg_cross(input, other, *, dim=-1):
    """The cross product of the 3-vectors along ``dim`` (torch.linalg.cross)."""
    expect_tensor("cross", input)
    expect_tensor("cross", other, "other", 2)
    return _cross(input, other, dim)


class Trilinear(Op):
    """``y[n, o] = sum_ij x1[n, i] w[o, i, j] x2[n, j]`` for rows ``x1`` (N, I), ``x2`` (N, J) and
    ``w`` (O, I, J): F.bilinear's product as one node (PyTorch's ``_trilinear``). Each gradient is
    one matrix product of ``g`` spread over one input's rows with the others."""

    torch_name = "TrilinearBackward0"
    saves = (True, True, True)  # (each gradient reads the two other inputs)

    @staticmethod
    def forward(ctx, x1, w, x2):
        o, i, j = w.shape
        n = x1.shape[0]
        left = (x1 @ w.transpose(1, 0, 2).reshape(i, o * j)).reshape(n, o, j)
        return ctx.xp.matmul(left, x2[:, :, None])[..., 0]  # (each row's (O, J) by its x2 row)

    @staticmethod
    def backward(ctx, m, g, x1, w, x2):
        n1, nw, n2 = ctx.needs_input_grad
        o, i, j = w.shape
        n = g.shape[0]
        g3 = m.unsqueeze(g, 2)
        gx1 = (m.mm((g3 * m.unsqueeze(x2, 1)).reshape(n, o * j), m.permute(w, (0, 2, 1)).reshape(o * j, i))
               if n1 else None)
        spread = (g3 * m.unsqueeze(x1, 1)).reshape(n, o * i) if nw or n2 else None
        gw = m.mm(m.mT(spread), x2).reshape(o, i, j) if nw else None
        gx2 = m.mm(spread, w.reshape(o * i, j)) if n2 else None
        return gx1, gw, gx2


def bilinear_form(input1, weight, input2):
    """``sum_ij input1[..., i] weight[o, i, j] input2[..., j]`` (``F.bilinear`` without its bias) for
    checked inputs: one ``TrilinearBackward0`` node between the inputs' rows, as PyTorch's."""
    out_features, in1, in2 = weight.shape
    rows = Trilinear.apply(input1.reshape(-1, in1), weight, input2.reshape(-1, in2))
    return rows.reshape(tuple(input1.shape[:-1]) + (out_features,))
