"""``beta * input + alpha * product``: addmm, addmv, addr, baddbmm and addbmm, each one node as
PyTorch's (``AddmmBackward0`` ...) with edges straight to its three inputs, and BLAS's semantics:
``beta=0`` ignores ``input``'s values (NaNs too) though its gradient is then zeros, and ``alpha=0``
the product's where PyTorch calls BLAS (addmm, addmv, addbmm). ``add_scaled`` is the same sum built
of separate nodes, for the products that have no node of their own (``matrix_power(A, 0)``)."""
from .. import dtypes as _dt
from ..dtypes import C_NAMES
from .._errors import value_overflow
from ..autograd.namespace import constant
from ..autograd.op import Op
from ._api import public
from ._saved_fields import attribute
from ._util import expect_tensor
from .arrange import _c_type as _c_type_name
from .broadcast import expand
from .linalg import MatMul, _c_type, check_batch2, check_product


def _factors(dtype, beta, alpha):
    """``beta`` and ``alpha`` as a product of ``dtype`` takes them: ints for integer tensors, and
    PyTorch's error for a complex factor of a real tensor."""
    if not dtype.is_complex:
        if isinstance(beta, complex) or isinstance(alpha, complex):
            raise value_overflow(dtype.name)
        if not dtype.is_floating_point:
            beta, alpha = int(beta), int(alpha)
    return beta, alpha


class Scale(Op):
    """``x * factor``, where a zero factor gives zeros whatever ``x`` holds (NaN and inf too), as
    BLAS's beta; the gradient is ``g * factor``."""

    holomorphic = True  # (complex input: the gradient conjugated as ops/_real_only.py says)

    @staticmethod
    def forward(ctx, x, factor):
        ctx.factor = factor
        return ctx.xp.zeros_like(x) if factor == 0 else x * constant(ctx.xp, factor, x.dtype)

    @staticmethod
    def backward(ctx, m, g):
        return g * m.scalar(ctx.factor, g)


def add_scaled(input, prod, beta, alpha, node, blas=False):
    """``beta * input + alpha * prod`` of separate nodes, ``input`` broadcast to prod's shape, with
    the add* products' semantics (``blas``: alpha=0 ignores prod's values); the last node is named
    ``node``."""
    if input.shape != prod.shape:
        input = expand(input, prod.shape)
    beta, alpha = _factors(prod.dtype, beta, alpha)
    if alpha != 1:
        prod = Scale.apply(prod, alpha) if blas and alpha == 0 else prod * alpha
    out = prod + (input if beta == 1 else Scale.apply(input, beta))
    if out.grad_fn is not None:
        out.grad_fn.torch_name = node
    return out


def _strides(a):
    """The strides of array ``a`` in elements, as ``Tensor.stride()`` gives them."""
    return tuple(s // a.itemsize for s in a.strides)


class AddProduct(Op):
    """``beta * input + alpha * product(a, b)`` as one node; a subclass names the product
    (``product`` on arrays, ``grads`` its two gradients before alpha) and PyTorch's saved names."""

    holomorphic = True  # (bilinear: PyTorch's complex gradients conjugate the factors, as ops/_real_only.py does)
    broadcasting = True  # (input's gradient summed to its shape)
    saves = (False, 2, 1)  # a is read for b's gradient, b for a's
    edge_args = slice(0, 3)  # (the edges of PyTorch's node)
    blas = True  # (alpha=0 ignores the product's values)
    saved_fields = {"beta": attribute("beta"), "alpha": attribute("alpha")}

    @staticmethod
    def product(xp, a, b):
        """The product of arrays ``a`` and ``b``."""
        raise NotImplementedError

    @staticmethod
    def grads(m, g, a, b, na, nb):
        """The gradients of ``a`` and ``b`` (where ``na``, ``nb``) of the product under ``g``."""
        raise NotImplementedError

    @staticmethod
    def forward(ctx, input, a, b, beta, alpha):
        ctx.beta, ctx.alpha = beta, alpha
        ctx.strides = (_strides(a), _strides(b))
        prod = ctx.product(ctx.xp, a, b)
        if alpha != 1:
            prod = ctx.xp.zeros_like(prod) if ctx.blas and alpha == 0 else prod * constant(ctx.xp, alpha, prod.dtype)
        if beta == 0:
            input = ctx.xp.zeros_like(input)
        elif beta != 1:
            input = input * constant(ctx.xp, beta, input.dtype)
        return prod + input

    @staticmethod
    def backward(ctx, m, g, input, a, b, beta, alpha):
        ni, na, nb = ctx.needs_input_grad[:3]
        gi = m.sum_to(g if beta == 1 else g * m.scalar(beta, g), ctx.shapes[0]) if ni else None
        ga, gb = ctx.grads(m, g, a, b, na, nb)
        if alpha != 1:
            ga = None if ga is None else ga * m.scalar(alpha, ga)
            gb = None if gb is None else gb * m.scalar(alpha, gb)
        return gi, ga, gb


def _of_needed(i, read):
    """A reader of ``read(ctx)`` where argument ``i``'s gradient is wanted, ``()`` elsewhere."""
    return lambda ctx: read(ctx) if ctx.needs_input_grad[i] else ()


class Addmm(AddProduct):
    """addmm: ``mat1 @ mat2``."""

    saved_names = ("self", "mat1", "mat2")
    saved_fields = {**AddProduct.saved_fields,
                    "mat1_sym_sizes": lambda ctx: tuple(ctx.shapes[1]),
                    "mat2_sym_sizes": lambda ctx: tuple(ctx.shapes[2]),
                    "mat1_sym_strides": _of_needed(1, lambda ctx: ctx.strides[0]),
                    "mat2_sym_strides": _of_needed(2, lambda ctx: ctx.strides[1])}

    @staticmethod
    def product(xp, a, b):
        return a.dot(b)  # (the same product as @, with less overhead on small arrays)

    @staticmethod
    def grads(m, g, a, b, na, nb):
        return (m.mm(g, m.mT(b)) if na else None), (m.mm(m.mT(a), g) if nb else None)


class Addmv(AddProduct):
    """addmv: ``mat @ vec``."""

    saved_names = ("self", "mat", "vec")

    @staticmethod
    def product(xp, a, b):
        return a @ b

    @staticmethod
    def grads(m, g, a, b, na, nb):
        return (m.unsqueeze(g, 1) * b if na else None), (m.squeeze(m.mT(a) @ m.unsqueeze(g, 1), 1) if nb else None)


class Addr(AddProduct):
    """addr: the outer product of ``vec1`` and ``vec2``."""

    saved_names = ("self", "vec1", "vec2")
    blas = False

    @staticmethod
    def product(xp, a, b):
        return a[:, None] * b

    @staticmethod
    def grads(m, g, a, b, na, nb):
        return (m.squeeze(g @ m.unsqueeze(b, 1), 1) if na else None), (m.squeeze(m.mT(g) @ m.unsqueeze(a, 1), 1)
                                                                      if nb else None)


class Baddbmm(AddProduct):
    """baddbmm: ``batch1 @ batch2``, batch by batch."""

    saved_names = ("self", "batch1", "batch2")
    blas = False

    @staticmethod
    def product(xp, a, b):
        return a @ b

    @staticmethod
    def grads(m, g, a, b, na, nb):
        return (g @ m.mT(b) if na else None), (m.mT(a) @ g if nb else None)


class Addbmm(AddProduct):
    """addbmm: the sum over the batch of ``batch1[i] @ batch2[i]``."""

    saved_names = ("self", "batch1", "batch2")
    saved_fields = {**AddProduct.saved_fields,
                    "batch1_sym_argsize_0": lambda ctx: ctx.shapes[1][0],
                    "batch1_sym_argsize_1": lambda ctx: ctx.shapes[1][1],
                    "batch2_sym_argsize_2": lambda ctx: ctx.shapes[2][2]}

    @staticmethod
    def product(xp, a, b):
        n, k = a.shape[0], a.shape[2]
        # the batch summed inside one product: [a[0] .. a[n-1]] side by side times the b stacked
        return a.transpose(1, 0, 2).reshape(a.shape[1], n * k).dot(b.reshape(n * k, b.shape[2]))

    @staticmethod
    def grads(m, g, a, b, na, nb):
        g = m.unsqueeze(g, 0)
        return (g @ m.mT(b) if na else None), (m.mT(a) @ g if nb else None)


def _add_product(op, input, a, b, beta, alpha, shape):
    """``op`` of checked operands, ``input`` broadcast to the product's ``shape`` (PyTorch's error where
    it does not)."""
    if tuple(input.shape) != shape:
        expand(input.detach(), shape)  # (for its error alone)
    beta, alpha = _factors(a.dtype, beta, alpha)
    return op.apply(input, a, b, beta, alpha)


def _check_matrices_dtypes(input, mat1, mat2):
    """PyTorch's errors of addmm (and addbmm) for operands of different dtypes: input's against
    mat2's first, then mat1's."""
    for first, name, t in ((input, "self", mat2), (mat1, "mat1", mat2)):
        if first.dtype != t.dtype:
            raise RuntimeError(f"{name} and mat2 must have the same dtype, but got {_c_type(first)} and {_c_type(t)}")


@public(method=False)
def addmm(input, mat1, mat2, *, beta=1, alpha=1):
    """beta * input + alpha * (mat1 @ mat2); beta=0 ignores input's values and alpha=0 the
    product's (NaNs too), as BLAS's gemm."""
    expect_tensor("addmm", input)
    expect_tensor("addmm", mat1, "mat1", 2)
    expect_tensor("addmm", mat2, "mat2", 3)
    _check_matrices_dtypes(input, mat1, mat2)
    for name, t in (("mat1", mat1), ("mat2", mat2)):
        if t.ndim != 2:
            raise RuntimeError(f"{name} must be a matrix, got {t.ndim}-D tensor")
    if mat1.shape[1] != mat2.shape[0]:
        raise RuntimeError(f"mat1 and mat2 shapes cannot be multiplied ({mat1.shape[0]}x{mat1.shape[1]} and "
                           f"{mat2.shape[0]}x{mat2.shape[1]})")
    check_product(mat1, mat2, MatMul)
    return _add_product(Addmm, input, mat1, mat2, beta, alpha, (mat1.shape[0], mat2.shape[1]))


@public
def addmv(input, mat, vec, *, beta=1, alpha=1):
    """beta * input + alpha * (mat @ vec): ``input`` broadcasts to the product's shape; beta=0
    ignores input's values and alpha=0 the product's (NaNs too), as BLAS's gemv."""
    expect_tensor("addmv", input)
    expect_tensor("addmv", mat, "mat", 2)
    expect_tensor("addmv", vec, "vec", 3)
    if input.ndim > 1 or mat.ndim != 2 or vec.ndim != 1:
        raise RuntimeError(f"vector + matrix @ vector expected, got {input.ndim}, {mat.ndim}, {vec.ndim}")
    if mat.shape[1] != vec.shape[0] or input.ndim == 1 and input.shape[0] not in (1, mat.shape[0]):
        raise RuntimeError(f"size mismatch, got input ({input.shape[0] if input.ndim else 1}), "
                           f"mat ({mat.shape[0]}x{mat.shape[1]}), vec ({vec.shape[0]})")
    if mat.dtype is not input.dtype or vec.dtype is not input.dtype:
        raise RuntimeError(f"addmv input tensors must have the same dtype, but got {_c_type_name(input.dtype)}, "
                           f"{_c_type_name(mat.dtype)}, and {_c_type_name(vec.dtype)}")
    check_product(mat, vec, MatMul)
    return _add_product(Addmv, input, mat, vec, beta, alpha, (mat.shape[0],))


@public
def addr(input, vec1, vec2, *, beta=1, alpha=1):
    """beta * input + alpha * outer(vec1, vec2), ``input`` broadcast to the product's shape."""
    expect_tensor("addr", input)
    if vec1.ndim != 1 or vec2.ndim != 1:
        raise RuntimeError(f"addr: Expected 1-D argument vec{1 if vec1.ndim != 1 else 2}, but got "
                           f"{(vec1 if vec1.ndim != 1 else vec2).ndim}-D")
    if input.dtype is not _dt.bool and (isinstance(alpha, bool) or isinstance(beta, bool)):
        raise RuntimeError(f"Boolean {'alpha' if isinstance(alpha, bool) else 'beta'} only supported for "
                           "Boolean results.")
    if not (input.dtype.is_floating_point or input.dtype.is_complex):
        for name, factor in (("beta", beta), ("alpha", alpha)):
            if isinstance(factor, (float, complex)):
                raise RuntimeError(f"For integral input tensors, argument {name} must not be a floating point "
                                   "number.")
    if input.dtype is _dt.bool:  # logical: (beta and input) or (alpha and vec1 and vec2)
        prod = vec1.unsqueeze(1) & vec2 & bool(alpha)
        return (expand(input, prod.shape) & bool(beta)) | prod
    if vec1.dtype is not vec2.dtype or vec1.dtype is not input.dtype:  # (promoted: the elementwise ops promote)
        return add_scaled(input, vec1.unsqueeze(1) * vec2, beta, alpha, "AddrBackward0")
    return _add_product(Addr, input, vec1, vec2, beta, alpha, (vec1.shape[0], vec2.shape[0]))


def _expect_batch_tensors(name, input, batch1, batch2):
    expect_tensor(name, input)
    expect_tensor(name, batch1, "batch1", 2)
    expect_tensor(name, batch2, "batch2", 3)


def _batches(name, input, batch1, batch2):
    _expect_batch_tensors(name, input, batch1, batch2)
    if batch1.ndim != 3 or batch2.ndim != 3:
        raise RuntimeError(f"batch{1 if batch1.ndim != 3 else 2} must be a 3D tensor")
    if batch1.shape[0] != batch2.shape[0]:
        raise RuntimeError(f"batch1 and batch2 must have same number of batches, got {batch1.shape[0]} and "
                           f"{batch2.shape[0]}")
    if batch1.shape[2] != batch2.shape[1]:
        raise RuntimeError(f"Incompatible matrix sizes for bmm ({batch1.shape[1]}x{batch1.shape[2]} and "
                           f"{batch2.shape[1]}x{batch2.shape[2]})")
    if name == "addbmm":
        _check_matrices_dtypes(input, batch1, batch2)
    elif input.dtype is not batch1.dtype:
        raise RuntimeError(f"Input dtypes must be the same, got: input {C_NAMES[input.dtype.name]}, batch1: "
                           f"{C_NAMES[batch1.dtype.name]}, batch2: {C_NAMES[batch2.dtype.name]}")
    elif batch1.dtype is not batch2.dtype:
        raise RuntimeError(f"expected scalar type {_c_type(batch1)} but found {_c_type(batch2)}")
    if batch1.dtype is _dt.bool:
        raise NotImplementedError(f"\"{'addmm_impl_cpu_' if name == 'addbmm' else name}\" not implemented for 'Bool'")


@public
def baddbmm(input, batch1, batch2, *, beta=1, alpha=1):
    """beta * input + alpha * (batch1 @ batch2) for batches of matrices (3-D)."""
    _expect_batch_tensors("baddbmm", input, batch1, batch2)
    if batch1.ndim == 3 and batch2.ndim == 3:
        check_batch2(batch1, batch2)
    _batches("baddbmm", input, batch1, batch2)
    return _add_product(Baddbmm, input, batch1, batch2, beta, alpha, (batch1.shape[0], batch1.shape[1],
                                                                      batch2.shape[2]))


@public
def addbmm(input, batch1, batch2, *, beta=1, alpha=1):
    """beta * input + alpha * (the sum over the batch of batch1[i] @ batch2[i]); alpha=0 ignores
    the product's values (NaNs too), as PyTorch's BLAS call does."""
    _batches("addbmm", input, batch1, batch2)
    return _add_product(Addbmm, input, batch1, batch2, beta, alpha, (batch1.shape[1], batch2.shape[2]))
