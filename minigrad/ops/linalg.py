"""Matrix products: matmul (1-D, 2-D and batched with broadcasting) and friends."""
from ..autograd.function import Op
from ..tensor import Tensor
from . import _grad_ops as G


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
    if a.ndim <= 2 and b.ndim == 2:
        left = f"{sa[0]}x{sa[1]}" if a.ndim == 2 else f"1x{sa[0]}"
        if sa[-1] != sb[0]:
            raise RuntimeError(f"mat1 and mat2 shapes cannot be multiplied ({left} and {sb[0]}x{sb[1]})")
        return
    from ._util import broadcast_shapes
    batch = broadcast_shapes(sa[:-2], sb[:-2])
    n = 1
    for d in batch:
        n *= d
    if sa[-1] != sb[-2]:
        raise RuntimeError(f"Expected size for first two dimensions of batch2 tensor to be: [{n}, {sa[-1]}] "
                           f"but got: [{n}, {sb[-2]}].")


class MatMul(Op):
    save_inputs = True

    def name(self):
        return {(2, 2): "MmBackward0", (1, 1): "DotBackward0", (2, 1): "MvBackward0"}.get(
            self.ndims, "UnsafeViewBackward0")

    @staticmethod
    def forward(ctx, a, b):
        ctx.ndims = (a.ndim, b.ndim)
        try:
            return a @ b
        except ValueError:
            _check_matmul(a, b)
            raise

    @staticmethod
    def backward(ctx, g):
        na, nb = ctx.needs_input_grad
        a, b = G.saved_inputs(ctx, (nb, na))  # each gradient needs only the other operand
        ga = gb = None
        if a.ndim == 1 and b.ndim == 1:
            return (g * b if na else None), (g * a if nb else None)
        if a.ndim == 1:
            if na:
                ga = G.sum_to(G.squeeze(G.unsqueeze(g, -2) @ G.mT(b), -2), tuple(a.shape))
            if nb:
                gb = G.sum_to(G.unsqueeze(a, -1) * G.unsqueeze(g, -2), tuple(b.shape))
            return ga, gb
        if b.ndim == 1:
            if na:
                ga = G.sum_to(G.unsqueeze(g, -1) * b, tuple(a.shape))
            if nb:
                gb = G.sum_to(G.squeeze(G.mT(a) @ G.unsqueeze(g, -1), -1), tuple(b.shape))
            return ga, gb
        if na:
            ga = G.sum_to(g @ G.mT(b), tuple(a.shape))
        if nb:
            gb = G.sum_to(G.mT(a) @ g, tuple(b.shape))
        return ga, gb


def matmul(input, other):
    """Matrix product with PyTorch's 1-D / 2-D / batched broadcasting rules."""
    if not isinstance(other, Tensor):
        raise TypeError(f"matmul(): argument 'other' must be Tensor, not {type(other).__name__}")
    if input._data.dtype != other._data.dtype:
        raise RuntimeError(f"expected m1 and m2 to have the same dtype, but got: "
                           f"{_c_name(input)} != {_c_name(other)}")
    if input._data.ndim == 0 or other._data.ndim == 0:
        _check_matmul(input._data, other._data)
    return MatMul.apply2(input, other)


def _c_name(t):
    return {"float32": "float", "float64": "double", "int64": "long int", "int32": "int"}.get(t.dtype.name, t.dtype.name)


def mm(input, mat2):
    """2-D matrix product."""
    if input.ndim != 2 or mat2.ndim != 2:
        raise RuntimeError(f"{'self' if input.ndim != 2 else 'mat2'} must be a matrix")
    return matmul(input, mat2)


def bmm(input, mat2):
    """Batched 3-D matrix product."""
    if input.ndim != 3 or mat2.ndim != 3:
        raise RuntimeError("batch1 must be a 3D tensor" if input.ndim != 3 else "batch2 must be a 3D tensor")
    return matmul(input, mat2)


def mv(input, vec):
    """Matrix-vector product."""
    return matmul(input, vec)


def dot(input, other):
    """Inner product of two 1-D tensors."""
    if input.ndim != 1 or other.ndim != 1:
        raise RuntimeError(f"1D tensors expected, but got {input.ndim}D and {other.ndim}D tensors")
    return matmul(input, other)


def outer(input, vec2):
    """Outer product of two 1-D tensors."""
    return input.unsqueeze(-1) * vec2


def addmm(input, mat1, mat2, *, beta=1, alpha=1):
    """beta * input + alpha * (mat1 @ mat2)."""
    prod = matmul(mat1, mat2)
    if alpha != 1:
        prod = prod * alpha
    return prod + (input if beta == 1 else input * beta)

