"""Matrix products: matmul (1-D, 2-D and batched with broadcasting) and friends."""
from .. import dtypes as _dt
from ..autograd.namespace import provide
from ..autograd.node import named, shown_once, shown_step
from ..autograd.op import Op
from ..tensor import Tensor
from ._api import public, method, operator
from ._util import expect_tensor
from ._broadcast_shapes import broadcast_shapes
from ._saved_fields import ABSENT, argument_strides


def _check_matmul(a, b):
    """Raise PyTorch's error (naming the shapes) for arrays ``a @ b`` cannot multiply."""
    sa, sb = a.shape, b.shape
    if a.ndim == 0 or b.ndim == 0:
        raise RuntimeError(f"both arguments to matmul need to be at least 1D, but they are {a.ndim}D and {b.ndim}D")
    if a.ndim == 1 and b.ndim == 1:
        if sa[0] != sb[0]:
            raise RuntimeError(f"inconsistent tensor size, expected tensor [{sa[0]}] and src [{sb[0]}] to have "
                               f"the same number of elements, but got {sa[0]} and {sb[0]} elements respectively")
        return
    if b.ndim == 1:  # matrix (or batch) times vector: PyTorch folds the batch into the rows
        rows = 1
        for d in sa[:-1]:
            rows *= d
        if sa[-1] != sb[0]:
            raise RuntimeError(f"size mismatch, got input ({rows}), mat ({rows}x{sa[-1]}), vec ({sb[0]})")
        return
    if b.ndim == 2 and _rows_fold(a):  # a batch times a matrix: PyTorch folds the batch into the rows too
        rows = 1
        for d in sa[:-1]:
            rows *= d
        left = f"{rows}x{sa[-1]}" if a.ndim >= 2 else f"1x{sa[0]}"
        if sa[-1] != sb[0]:
            raise RuntimeError(f"mat1 and mat2 shapes cannot be multiplied ({left} and {sb[0]}x{sb[1]})")
        return
    batch = broadcast_shapes(sa[:-2], sb[:-2])
    n = 1
    for d in batch:
        n *= d
    if sa[-1] != sb[-2]:
        raise RuntimeError(f"Expected size for first two dimensions of batch2 tensor to be: [{n}, {sa[-1]}] "
                           f"but got: [{n}, {sb[-2]}].")


def _rows_fold(a):
    """Whether PyTorch's matmul folds ``a``'s batch dims into its rows (they merge as a view; its error
    then is mm's); a transposed batch of matrices is multiplied batch by batch instead."""
    strides = getattr(a, "strides", None)
    if a.ndim <= 2 or strides is None:
        return True
    return all(a.shape[i] == 1 or strides[i] == a.shape[i + 1] * strides[i + 1] for i in range(a.ndim - 2))


_MATMUL_SAVED_NAMES = {"MmBackward0": ("self", "mat2"), "BmmBackward0": ("self", "mat2"),
                       "DotBackward0": ("self", "tensor"), "MvBackward0": ("self", "vec")}


def _of_mm(ctx, read):
    """``read()``, a saved field of PyTorch's ``mm`` node, where this product's node is one."""
    return read() if ctx.name() == "MmBackward0" else ABSENT


class MatMul(Op):
    """Matrix product with broadcasting; each gradient needs only the other operand."""

    saves = (1, 0)
    holomorphic = True
    saved_fields = {"self_sym_sizes": lambda ctx: _of_mm(ctx, lambda: tuple(ctx.shapes[0])),
                    "self_sym_strides": lambda ctx: _of_mm(ctx, lambda: argument_strides(0)(ctx)),
                    "mat2_sym_sizes": lambda ctx: _of_mm(ctx, lambda: tuple(ctx.shapes[1])),
                    "mat2_sym_strides": lambda ctx: _of_mm(ctx, lambda: argument_strides(1)(ctx))}

    def name(self):
        return {(2, 2): "MmBackward0", (1, 1): "DotBackward0", (2, 1): "MvBackward0", (1, 2): "SqueezeBackward4"}.get(
            self.ndims, "UnsafeViewBackward0")

    saved_name_forms = ("self", "other", "mat2", "tensor", "vec")

    @property
    def saved_names(self):
        """PyTorch's names of the saved operands (``grad_fn._saved_mat2`` ...), by the node it shows."""
        return _MATMUL_SAVED_NAMES.get(self.name(), ("self", "other"))

    @staticmethod
    def forward(ctx, a, b):
        ctx.ndims = (a.ndim, b.ndim)
        ctx.shapes = (a.shape, b.shape)
        if ctx.ndims == (2, 2) and a.shape[1] == b.shape[0]:
            return a.dot(b)  # the same product as @, with less overhead on small arrays
        try:
            return a @ b
        except ValueError as error:
            numpy_error = error
        _check_matmul(a, b)  # (outside the except block: PyTorch's error shows alone, as PyTorch's)
        raise numpy_error

    @staticmethod
    def backward(ctx, m, g, a, b):
        na, nb = ctx.needs_input_grad
        sa, sb = ctx.shapes
        ga = gb = None
        if ctx.ndims == (1, 1):
            return (g * b if na else None), (g * a if nb else None)
        if ctx.ndims[0] == 1:
            if na:
                ga = m.sum_to(m.squeeze(m.unsqueeze(g, -2) @ m.mT(b), -2), sa)
            if nb:
                gb = m.sum_to(m.unsqueeze(a, -1) * m.unsqueeze(g, -2), sb)
            return ga, gb
        if ctx.ndims[1] == 1:
            if na:
                ga = m.sum_to(m.unsqueeze(g, -1) * b, sa)
            if nb:
                gb = m.sum_to(m.squeeze(m.mT(a) @ m.unsqueeze(g, -1), -1), sb)
            return ga, gb
        if ctx.ndims == (2, 2):
            return (m.mm(g, m.mT(b)) if na else None), (m.mm(m.mT(a), g) if nb else None)
        if na:
            ga = m.sum_to(g @ m.mT(b), sa)
        if nb:
            gb = m.sum_to(m.mT(a) @ g, sb)
        return ga, gb

    @shown_once
    def next_functions(self):
        """As PyTorch's graph shows a batched product: an ``UnsafeViewBackward0`` over the mm
        (batch times matrix), mv (batch times vector) or bmm (equal batch dims) of views of the
        operands. Broadcast batches keep their direct edges: PyTorch's graph of those depends on
        how its matmul folds the shapes."""
        if self.name() != "UnsafeViewBackward0":
            return super().next_functions
        (a, b), (sa, sb) = self.next, self.shapes
        if len(sa) >= 3 and len(sb) <= 2:
            edges = (shown_step("MvBackward0" if len(sb) == 1 else "MmBackward0", _shown_view(a), b),)
        elif len(sa) >= 3 and sa[:-2] == sb[:-2]:
            edges = (shown_step("BmmBackward0", _shown_view(a, True), _shown_view(b, True)),)
        else:
            return super().next_functions
        return tuple((named(e), 0) for e in edges)


def _shown_view(edge, expanded=False):
    """The ``ViewBackward0`` (over an ``ExpandBackward0`` if ``expanded``) PyTorch's graph shows
    between a batched product and its operand ``edge`` (None: an operand without a gradient)."""
    if edge is None:
        return None
    return shown_step("ViewBackward0", shown_step("ExpandBackward0", edge) if expanded else edge)


#: PyTorch's bmm multiplies matrices whose product takes fewer multiplications than this
#: (contraction x rows x columns) with its own loop rather than BLAS
SMALL_BMM = 400


class Bmm(MatMul):
    """torch.bmm: MatMul of two 3-D batches, PyTorch's BmmBackward0."""

    torch_name = "BmmBackward0"

    def name(self):
        return self.torch_name


class InOrderBmm(Bmm):
    """bmm whose small real products (float32, float64) are summed as PyTorch's own loop sums them
    (each product rounded, added in order to a zero), so that their last bits are PyTorch's (BLAS
    may fuse and reorder). Only ``affine_grid`` uses it: its points must land on the same side of
    a pixel's edge as PyTorch's in ``grid_sample``. ``torch.bmm`` keeps BLAS, which is several
    times faster on such small products than this loop."""

    supports_complex = True  # (its own forward too; the backward is MatMul's, holomorphic)

    @staticmethod
    def forward(ctx, a, b):
        if 0 < a.shape[1] * a.shape[2] * b.shape[2] < SMALL_BMM and a.dtype.kind == "f" and a.dtype.itemsize >= 4:
            ctx.ndims, ctx.shapes = (3, 3), (a.shape, b.shape)
            products = a[:, :, :, None] * b[:, None, :, :]  # (batch, rows, contraction, columns)
            return ctx.xp.cumsum(products, axis=2)[:, :, -1] + 0  # (cumsum: in order; + 0: from a zero)
        return MatMul.forward(ctx, a, b)


@public
def matmul(input, other):
    """Matrix product with PyTorch's 1-D / 2-D / batched broadcasting rules."""
    return _product(input, other, MatMul)


def _product(input, other, op):
    check_product(input, other, op)
    return op.apply(input, other)


def check_product(input, other, op):
    """PyTorch's errors for a product ``op`` (MatMul or Bmm) of ``input`` and ``other`` that cannot be
    made: a non-Tensor, dtypes that differ, 0-d operands, bools."""
    if not isinstance(other, Tensor):
        expect_tensor("matmul", other, "other", 2)
    try:
        same_dtype = input._data.dtype == other._data.dtype
    except AttributeError:  # checked only here, off the common path
        expect_tensor("matmul", input)
        raise
    if not same_dtype:  # (PyTorch's message is its kernel's: bmm's, dot's, or mm's, after the shape checks)
        ranks = (input._data.ndim, other._data.ndim)
        if op is not Bmm and 0 not in ranks and ranks != (1, 1):  # (dot checks the dtypes first)
            _check_matmul(input._data, other._data)
        if op is Bmm:
            raise RuntimeError(f"expected scalar type {_c_type(input)} but found {_c_type(other)}")
        if ranks == (1, 1):
            raise RuntimeError(f"dot : expected both vectors to have same dtype, but found {_c_type(input)} and "
                               f"{_c_type(other)}")
        if ranks[1] == 1:  # (a matrix or batch times a vector is addmv, the vector's dtype its result's)
            vec, mat = _dt._SCALAR_TYPE[other.dtype.name], _dt._SCALAR_TYPE[input.dtype.name]
            raise RuntimeError(f"addmv input tensors must have the same dtype, but got {vec}, {mat}, and {vec}")
        raise RuntimeError(f"expected m1 and m2 to have the same dtype, but got: "
                           f"{_c_name(input)} != {_c_name(other)}")
    if input._data.ndim == 0 or other._data.ndim == 0:
        _check_matmul(input._data, other._data)
    if input._data.dtype.kind == "b":
        raise NotImplementedError(f"\"{_bool_product_kernel(input.ndim, other.ndim)}\" not implemented for 'Bool'")


def _bool_product_kernel(a, b):
    """The name of the kernel PyTorch's matmul of ranks ``a`` and ``b`` runs (none takes bools)."""
    if a == b == 1:
        return "dot"
    if max(a, b) > 2:
        return "bmm"
    return "addmv_impl_cpu" if b == 1 else "addmm_impl_cpu_"


def _c_name(t):
    return _dt.C_NAMES.get(t.dtype.name, t.dtype.name)


def _c_type(t):
    return {"float32": "Float", "float64": "Double", "int64": "Long", "int32": "Int"}.get(t.dtype.name, t.dtype.name)


@public
def mm(input, mat2):
    """2-D matrix product."""
    expect_tensor("mm", input)
    expect_tensor("mm", mat2, "mat2", 2)
    if input.ndim != 2 or mat2.ndim != 2:
        raise RuntimeError(f"{'self' if input.ndim != 2 else 'mat2'} must be a matrix")
    return matmul(input, mat2)


@public
def bmm(input, mat2):
    """Batched 3-D matrix product."""
    expect_tensor("bmm", input)
    expect_tensor("bmm", mat2, "mat2", 2)
    if input.ndim != 3 or mat2.ndim != 3:
        raise RuntimeError("batch1 must be a 3D tensor" if input.ndim != 3 else "batch2 must be a 3D tensor")
    check_batch2(input, mat2)
    return _product(input, mat2, Bmm)


def check_batch2(batch1, batch2):
    """PyTorch's bmm/baddbmm error for a batch2 whose batch count or rows do not fit batch1."""
    if batch2.shape[:2] != (batch1.shape[0], batch1.shape[2]):
        raise RuntimeError(f"Expected size for first two dimensions of batch2 tensor to be: "
                           f"[{batch1.shape[0]}, {batch1.shape[2]}] but got: [{batch2.shape[0]}, {batch2.shape[1]}].")


@public
def mv(input, vec):
    """Matrix-vector product."""
    expect_tensor("mv", input)
    expect_tensor("mv", vec, "vec", 2)
    if input.ndim == 0:
        raise IndexError("Dimension specified as 0 but tensor has no dimensions")
    if input.ndim != 2 or vec.ndim != 1:
        raise RuntimeError(f"vector + matrix @ vector expected, got 1, {input.ndim}, {vec.ndim}")
    return matmul(input, vec)


@public
def dot(input, tensor):
    """Inner product of two 1-D tensors."""
    expect_tensor("dot", input)
    expect_tensor("dot", tensor, "tensor", 2)
    if input.ndim != 1 or tensor.ndim != 1:
        raise RuntimeError(f"1D tensors expected, but got {input.ndim}D and {tensor.ndim}D tensors")
    return matmul(input, tensor)


@public
def outer(input, vec2):
    """Outer product of two 1-D tensors."""
    expect_tensor("outer", input)
    expect_tensor("outer", vec2, "vec2", 2)
    for name, v in (("self", input), ("vec2", vec2)):
        if v.ndim != 1:
            raise RuntimeError(f"outer: Expected 1-D argument {name}, but got {v.ndim}-D")
    return input.reshape(-1, 1) * vec2  # (a view, as PyTorch's: its graph shows ViewBackward0)


def _rmatmul(self, other):
    """other @ self (``other`` a Tensor: anything else is not a matrix, as in PyTorch)."""
    return matmul(other, self)


provide("mm", matmul)  # 2-D products in formulas (arrays: ndarray.dot)
method("__matmul__", operator(matmul))
method("__rmatmul__", operator(_rmatmul))


class Trace(Op):
    """The sum of the main diagonal of a matrix; the gradient is ``g`` on that diagonal."""

    torch_name = "TraceBackward0"
    supports_complex = True

    @staticmethod
    def forward(ctx, x):
        ctx.in_shape = x.shape
        out = ctx.xp.trace(x, dtype=_dt.int64.np if x.dtype.kind in "iub" else None)
        return ctx.xp.asarray(out)

    @staticmethod
    def backward(ctx, m, g):
        n = min(ctx.in_shape)
        eye = ctx.xp.zeros(ctx.in_shape, bool)
        eye[ctx.xp.arange(n), ctx.xp.arange(n)] = True
        return m.where(eye, m.broadcast_to(g, ctx.in_shape), 0.0)


@public
def trace(input):
    """The sum of the main diagonal of the 2-D ``input`` (integers and bools give int64)."""
    expect_tensor("trace", input)
    if input._data.dtype.kind == "b":
        raise NotImplementedError("\"trace\" not implemented for 'Bool'")
    if input._data.ndim != 2:
        raise RuntimeError(f"trace: expected a matrix, but got tensor with dim {input._data.ndim}")
    return Trace.apply(input)
