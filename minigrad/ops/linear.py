"""``linear``: ``x @ w.T + b`` as one op, the layer every course model is made of; PyTorch's node
is addmm's (``AddmmBackward0``), or mm's without a bias, or a matmul's for a batched input."""
from ..autograd.node import shown, shown_once, shown_step
from ..autograd.op import Op
from ._saved_fields import ABSENT, argument_sizes, argument_strides
from .linalg import _c_name, _c_type


class Linear(Op):
    """``x @ w.T + b`` for a 2-D ``x``: PyTorch's addmm, one node."""

    torch_name = "AddmmBackward0"
    saves = (1, 0, False)
    holomorphic = True  # (complex input: the formulas below, conjugated as ops/_real_only.py says)

    @staticmethod
    def forward(ctx, x, w, b):
        out = x.dot(w.T)  # 2-D: ndarray.dot is the same product as @, with less overhead on small arrays
        if b is None:
            ctx.torch_name = "MmBackward0"  # (PyTorch: a product without bias is mm, not addmm)
        else:
            out += b
        return out

    saved_fields = {
        # (PyTorch's product is with ``weight.T``: its saved mat2, sizes and strides are the transpose's)
        "mat2": lambda ctx: _transposed(ctx._read_argument("mat2")),
        "mat2_sym_sizes": lambda ctx: argument_sizes(1)(ctx)[::-1],
        "mat2_sym_strides": argument_strides(1, transposed=True),
        "self_sym_sizes": lambda ctx: argument_sizes(0)(ctx) if ctx.torch_name == "MmBackward0" else ABSENT,
        "self_sym_strides": lambda ctx: argument_strides(0)(ctx) if ctx.torch_name == "MmBackward0" else ABSENT,
        "mat1_sym_sizes": lambda ctx: ABSENT if ctx.torch_name == "MmBackward0" else argument_sizes(0)(ctx),
        "mat1_sym_strides": lambda ctx: ABSENT if ctx.torch_name == "MmBackward0" else argument_strides(0)(ctx),
        "alpha": lambda ctx: ABSENT if ctx.torch_name == "MmBackward0" else 1,
        "beta": lambda ctx: ABSENT if ctx.torch_name == "MmBackward0" else 1}
    fields_when_renamed = True  # (MmBackward0 without a bias)

    saved_name_forms = ("self", "mat1", "mat2")

    @property
    def saved_names(self):
        """Names that order the saved operands as PyTorch packs them: addmm's ``mat1`` (the input)
        before ``mat2``; without a bias, mm's ``mat2`` (the weight) before ``self``."""
        return ("self", "mat2") if self.torch_name == "MmBackward0" else ("mat1", "mat2")

    @property
    def edge_args(self):
        """PyTorch's edges, in its order: addmm's bias, input, weight; mm's input, weight."""
        return (0, 1) if self.torch_name == "MmBackward0" else (2, 0, 1)

    def hook_gradient(self, i, grad, to_edge=False):
        """The weight's gradient transposed: PyTorch's node passes it on to ``weight.T``."""
        return grad.mT if i == 1 and grad is not None else grad

    @staticmethod
    def backward(ctx, m, g, x, w, b):
        nx, nw, nb = ctx.needs_input_grad
        return (m.mm(g, w) if nx else None), (m.mm(g.T, x) if nw else None), (m.sum(g, 0) if nb else None)

    @shown_once
    def next_functions(self):
        """As PyTorch's graph shows ``addmm(bias, input, weight.T)`` (``mm(input, weight.T)``
        without a bias): the bias first, the weight through a ``TBackward0`` node."""
        x, w, b = self.next
        edges = (x, None if w is None else shown_step("TBackward0", w))
        if self.torch_name != "MmBackward0":
            edges = (b,) + edges
        return tuple((None, 0) if e is None else shown(e) for e in edges)


def _transposed(weight):
    """The saved weight as PyTorch's linear saves it, ``weight.T`` (None where it was not saved)."""
    return None if weight is None else weight.t()


def linear(input, weight, bias=None):
    """``input @ weight.T + bias`` over the last dimension of ``input`` (nn.functional.linear's general
    path: its fast path, a matrix times a matrix, is ``nn._layers.linear``'s)."""
    x = input._data
    if weight.ndim == 1 and input.ndim >= 1:  # (PyTorch's linear takes a vector: input @ weight, no addmm)
        if bias is not None and input.ndim == 2:
            raise RuntimeError("mat2 must be a matrix, got 1-D tensor")
        out = input @ weight
        return out if bias is None else out + bias
    if input.ndim == 0 or weight.ndim != 2 or input.shape[-1] != weight.shape[1]:
        _linear_shape_error(input, weight)
    # (PyTorch's messages are its kernels': addmm's with a bias, which it checks first, mm's without)
    if bias is not None and bias.dtype != weight.dtype:
        raise RuntimeError(f"self and mat2 must have the same dtype, but got {_c_type(bias)} and {_c_type(weight)}")
    if input.dtype != weight.dtype:
        if bias is not None:
            raise RuntimeError(f"mat1 and mat2 must have the same dtype, but got {_c_type(input)} and "
                               f"{_c_type(weight)}")
        raise RuntimeError(f"expected m1 and m2 to have the same dtype, but got: {_c_name(input)} != "
                           f"{_c_name(weight)}")
    if x.dtype.kind == "b":  # (PyTorch's matrix product takes every number dtype but bool)
        kernel = "addmm_impl_cpu_" if input.device.type == "cpu" else "addmm_cuda"
        raise NotImplementedError(f"\"{kernel}\" not implemented for 'Bool'")
    if input.ndim == 2 and (bias is None or bias.shape == (weight.shape[0],)):
        return Linear.apply(input, weight, bias)
    # PyTorch's shapes around the product: a view of addmm with a bias, an unsafe view (a squeeze
    # for 1-D input) of mm without
    from .shape import Reshape, SqueezeDims, UnsafeView
    if input.ndim == 1:
        if bias is not None and tuple(bias.shape) == (weight.shape[0],):
            return Reshape.apply(Linear.apply(input.unsqueeze(0), weight, bias), (weight.shape[0],))
        out = SqueezeDims.apply(Linear.apply(input.unsqueeze(0), weight, None), (weight.shape[0],))
        return out if bias is None else out + bias
    lead = tuple(input.shape[:-1])
    flat = input.reshape(-1, input.shape[-1])
    if bias is not None and tuple(bias.shape) == (weight.shape[0],):
        return Reshape.apply(Linear.apply(flat, weight, bias), lead + (weight.shape[0],))
    out = UnsafeView.apply(Linear.apply(flat, weight, None), lead + (weight.shape[0],))
    return out if bias is None else out + bias


def _linear_shape_error(input, weight):
    if weight.ndim != 2:
        raise RuntimeError(f"linear(): weight must be 2-D, got {weight.ndim}-D with shape {tuple(weight.shape)}")
    if input.ndim == 0:
        raise RuntimeError("both arguments to linear need to be at least 1D, but they are 0D and 2D")
    rows = 1
    for s in input.shape[:-1]:
        rows *= s
    raise RuntimeError(f"mat1 and mat2 shapes cannot be multiplied ({rows}x{input.shape[-1]} and "
                       f"{weight.shape[1]}x{weight.shape[0]})")
