"""In-place twins of out-of-place functions (``t.fmod_(2)`` writes ``fmod(t, 2)`` into ``t``),
in-place shape changes (``t.unsqueeze_(0)``), PyTorch's aliases of existing ops, and the
small Tensor queries (``is_signed``, ``is_nonzero``...) that PyTorch programs call.

Each twin goes through ``inplace.unary_inplace``: outside the graph it writes into the
storage; when a gradient must flow it is recorded on a snapshot of the old value.
"""
from .. import dtypes as _dt
from ..autograd.grad_mode import state, InferenceVersionCounter, check_update
from ..tensor import Tensor, wrap as wrap_array
from . import _api
from ._api import method, function, public
from .division import rounded_div
from .activation import hardshrink as _hardshrink
from .prelu import prelu as _prelu
from ..autograd.op import Op
from .inplace import unary_inplace, sub_, mul_, div_
from .inplace_tracking import LEAF_ERROR, needs_graph, tracked, _check_same_shape
from .linalg import outer
from .add_products import addbmm, addmm, addmv, addr, baddbmm
from . import complex as _complex  # noqa: F401  (registers conj_physical, twinned below)
from .selection import masked_fill
from .permutation import movedim

F = _api.FUNCTIONS

# ------------------------------------------------------------------ twins of existing functions
_TWINS = {}
for _name in ("bitwise_and", "bitwise_or", "bitwise_xor",
              "bitwise_not", "fmod", "remainder", "square", "rsqrt", "reciprocal", "frac",
              "exp2", "log10", "log2", "nan_to_num", "tril", "triu", "conj_physical"):
    _TWINS[_name] = unary_inplace(F[_name], _name + "_")
# the augmented assignments x %= y, x &= y, x |= y, x ^= y change x in place, as PyTorch's
for _operator, _name in (("__imod__", "remainder"), ("__iand__", "bitwise_and"), ("__ior__", "bitwise_or"),
                         ("__ixor__", "bitwise_xor")):
    method(_operator, _api.operator(_TWINS[_name]))



def floor_divide_(self, other):
    """In-place floor_divide (no derivative: its node raises, naming ``aten::floor_divide_``); returns self."""
    return _floor_divide_into(self, other)


_floor_divide_into = unary_inplace(lambda input, other: rounded_div(input, other, "floor", "floor_divide_"),
                                   "floor_divide_")
method("floor_divide_", floor_divide_)
method("__ifloordiv__", _api.operator(floor_divide_))  # x //= y in place


class ComparedInPlace(Op):
    """A comparison written into its input (``t.gt_(0)``): as PyTorch, ``t`` stays in the graph with
    a zero gradient, under the comparison's node (``GtBackward0`` against a number, ``GtBackward1``
    against a Tensor, whose gradient is zero too)."""

    broadcasting = True

    def name(self):
        return self.node_name

    @staticmethod
    def forward(ctx, a, other, result, node):
        ctx.node_name = node
        return result.astype(a.dtype)

    @staticmethod
    def backward(ctx, m, g):
        zero = m.zeros_like(g)
        return zero, (m.sum_to(zero, ctx.shapes[1]) if ctx.needs_input_grad[1] else None)


def _comparison_inplace(name, node):
    """``t.<name>_(other)``: the comparison's 0/1 written into ``t`` (recorded as PyTorch does)."""
    compare = F[name]

    def recorded(old, other):
        number = 0 if isinstance(other, (bool, int, float)) else 1
        return ComparedInPlace.apply(old, other, compare(old, other)._data, f"{node}Backward{number}")

    def inplace(self, other):
        if needs_graph(self, other):
            return tracked(self, recorded, other)
        return plain(self, other)
    plain = unary_inplace(compare, name + "_")
    inplace.__name__ = name + "_"
    inplace.__doc__ = f"In-place {name}: 1 where it holds, else 0, in self's dtype; returns self."
    return method(name + "_", inplace)


for _name, _node in (("eq", "Eq"), ("ne", "Ne"), ("lt", "Lt"), ("le", "Le"), ("gt", "Gt"), ("ge", "Ge"),
                     ("greater", "Gt"), ("greater_equal", "Ge"), ("less", "Lt"), ("less_equal", "Le"),
                     ("not_equal", "Ne")):
    _comparison_inplace(_name, _node)


def _logical_inplace(name):
    """``t.<name>_(...)``: written into the storage outside the graph even when ``t`` requires grad:
    PyTorch records nothing for these, so ``t`` keeps its node (and a leaf may be changed)."""
    fn = F[name]

    def write(self, r):
        check_update(self)
        _check_same_shape(self, r)
        self._data[...] = r._data
        self._version_counter[0] += 1
        return self
    if name == "logical_not":
        def inplace(self):
            return write(self, fn(self))
    else:
        def inplace(self, other):
            return write(self, fn(self, other))
    inplace.__name__ = name + "_"
    inplace.__doc__ = f"In-place {name} (outside the graph, as PyTorch's); returns self."
    return method(name + "_", inplace)


for _name in ("logical_and", "logical_or", "logical_not", "logical_xor"):
    _logical_inplace(_name)


def float_power_(self, exponent):
    """In-place float_power: ``self`` must already be float64 (the result's dtype)."""
    if self.dtype is not _dt.float64:
        raise RuntimeError(f"the base given to float_power_ has dtype {self.dtype._torch_name[:-6]} but the "
                           "operation's result requires dtype Double")
    return _float_power_into(self, exponent)


_float_power_into = unary_inplace(F["float_power"], "float_power_")
method("float_power_", float_power_)

# PyTorch's other names for in-place ops minigrad has
for _alias, _target in (("negative_", "neg_"), ("absolute_", "abs_"), ("arccos_", "acos_"), ("arcsin_", "asin_"),
                        ("arctan_", "atan_"), ("arccosh_", "acosh_"), ("arcsinh_", "asinh_"),
                        ("arctanh_", "atanh_"), ("fix_", "trunc_")):
    method(_alias, _api.METHODS[_target])
method("subtract_", sub_)
method("multiply_", mul_)
method("divide_", div_)
method("true_divide_", div_)


@public
def fix(input):
    """Round toward zero (PyTorch's other name for trunc)."""
    return F["trunc"](input)


@public
def moveaxis(input, source, destination):
    """PyTorch's NumPy-style name for movedim."""
    return movedim(input, source, destination)


@public
def ger(input, vec2):
    """The outer product (PyTorch's old name for outer)."""
    return outer(input, vec2)


def _hardshrink_method(self, lambd=0.5):
    """x where |x| > lambd, else 0."""
    return _hardshrink(self, lambd)


method("hardshrink", _hardshrink_method)
method("prelu", _prelu)


# ------------------------------------------------------------------ addmm_
def addmm_(self, mat1, mat2, *, beta=1, alpha=1):
    """In-place addmm; returns self."""
    return _addmm_into(self, mat1, mat2, beta=beta, alpha=alpha)


_addmm_into = unary_inplace(addmm, "addmm_")
method("addmm", addmm)
method("addmm_", addmm_)


def addmv_(self, mat, vec, *, beta=1, alpha=1):
    """In-place addmv; returns self."""
    return _addmv_into(self, mat, vec, beta=beta, alpha=alpha)


def addr_(self, vec1, vec2, *, beta=1, alpha=1):
    """In-place addr; returns self."""
    return _addr_into(self, vec1, vec2, beta=beta, alpha=alpha)


def baddbmm_(self, batch1, batch2, *, beta=1, alpha=1):
    """In-place baddbmm; returns self."""
    return _baddbmm_into(self, batch1, batch2, beta=beta, alpha=alpha)


def addbmm_(self, batch1, batch2, *, beta=1, alpha=1):
    """In-place addbmm; returns self."""
    return _addbmm_into(self, batch1, batch2, beta=beta, alpha=alpha)


_addmv_into = unary_inplace(addmv, "addmv_")
_addr_into = unary_inplace(addr, "addr_")
_baddbmm_into = unary_inplace(baddbmm, "baddbmm_")
_addbmm_into = unary_inplace(addbmm, "addbmm_")
for _fn in (addmv_, addr_, baddbmm_, addbmm_):
    method(_fn.__name__, _fn)


# ------------------------------------------------------------------ fill_diagonal_
def fill_diagonal_(self, fill_value, wrap=False):
    """Write ``fill_value`` on the main diagonal (every dim of equal size beyond 2-D); with ``wrap``,
    a tall matrix's diagonal starts again every ``columns + 1`` rows, as PyTorch's."""
    if self.ndim < 2:
        raise RuntimeError("dimensions must larger than 1")
    if self.ndim > 2 and len(set(self.shape)) != 1:
        raise RuntimeError("all dimensions of input must be of equal length")
    xp = self._device._get_backend().xp
    mask = xp.zeros(self.shape, bool)
    if self.ndim == 2:
        rows, cols = self.shape
        step = cols + 1
        end = rows * cols if wrap and rows > cols + 1 else min(rows, cols) * cols
        mask.reshape(-1)[:end:step] = True
    else:
        n = self.shape[0]
        index = xp.arange(n)
        mask[(index,) * self.ndim] = True
    return _masked_fill_into(self, wrap_array(mask, self._device), fill_value)


_masked_fill_into = unary_inplace(masked_fill, "_masked_fill_into")
method("fill_diagonal_", fill_diagonal_)


# ------------------------------------------------------------------ in-place shape changes
def _shape_inplace(fn, name, node_name):
    """``t.<name>(*args)``: ``t`` itself takes the shape of ``fn(t, *args)`` (a view of its storage);
    recorded like that view (PyTorch's node ``node_name(args)``) when a gradient flows. A leaf that
    requires grad refuses, as PyTorch."""
    def inplace(self, *args, **kwargs):
        grad = state.enabled and self._rg
        if grad and self._node is None:
            raise RuntimeError(LEAF_ERROR)
        r = fn(self, *args, **kwargs)
        self._data = r._data
        if grad:
            self._node = r._node
            self._node.torch_name = node_name(args, kwargs)
            self._view = r._view
        self._version_counter[0] += 1
        return self
    inplace.__name__ = name
    inplace.__doc__ = f"In-place {fn.__name__}: this tensor takes the new shape; returns self."
    return method(name, inplace)


def _squeeze_name(args, kwargs):
    dim = args[0] if args else kwargs.get("dim")
    return "SqueezeBackward3" if dim is None else "SqueezeBackward5" if isinstance(dim, (tuple, list)) \
        else "SqueezeBackward4"


_shape_inplace(_api.METHODS["unsqueeze"], "unsqueeze_", lambda args, kwargs: "UnsqueezeBackward1")
_shape_inplace(_api.METHODS["squeeze"], "squeeze_", _squeeze_name)
_shape_inplace(_api.METHODS["t"], "t_", lambda args, kwargs: "TBackward1")
for _name in ("transpose", "swapaxes", "swapdims"):
    _shape_inplace(_api.METHODS[_name], _name + "_", lambda args, kwargs: "TransposeBackward1")
_shape_inplace(_api.METHODS["as_strided"], "as_strided_", lambda args, kwargs: "AsStridedBackward1")


def _as_strided_function(input, size, stride, storage_offset=None):
    """torch.as_strided_(input, ...): ``input.as_strided_(size, stride, storage_offset)``; returns input."""
    return input.as_strided_(size, stride, storage_offset)


function("as_strided_", _as_strided_function)


# ------------------------------------------------------------------ Python functions element by element
def apply_(self, callable):
    """Replace each element ``v`` by ``callable(v)`` (Python numbers), in place; CPU tensors only."""
    check_update(self)
    _host_only(self, "apply_")
    data = self._data
    values = [callable(v) for v in data.reshape(-1).tolist()]
    data[...] = self._device.backend.xp.asarray(values, dtype=data.dtype).reshape(data.shape)
    self._version_counter[0] += 1
    return self


def map_(self, tensor, callable):
    """Replace each element ``a`` by ``callable(a, b)`` with ``b`` the element of ``tensor``
    (broadcast to this shape), in place; CPU tensors only."""
    check_update(self)
    _host_only(self, "map_")
    data = self._data
    xp = self._device.backend.xp
    others = xp.broadcast_to(tensor._data, data.shape).reshape(-1).tolist()
    values = [callable(a, b) for a, b in zip(data.reshape(-1).tolist(), others)]
    data[...] = xp.asarray(values, dtype=data.dtype).reshape(data.shape)
    self._version_counter[0] += 1
    return self


def _host_only(t, name):
    if t._device.type != "cpu":
        raise TypeError(f"{name} is only implemented on CPU tensors")
    if t._rg:
        raise RuntimeError(f"Can't call {name}() on Variable that requires grad. Use var.detach().{name}() instead.")


method("apply_", apply_)
method("map_", map_)


# ------------------------------------------------------------------ queries
def is_complex(self):
    """True for complex dtypes (complex64, complex128)."""
    return self._data.dtype.kind == "c"


def is_signed(self):
    """Whether the dtype holds negative values (False for bool and uint8)."""
    return self._data.dtype.kind not in "bu"


def is_nonzero(self):
    """The truth of a one-element tensor; PyTorch's error for more or fewer elements."""
    n = self._data.size
    if n == 0:
        raise RuntimeError("Boolean value of Tensor with no values is ambiguous")
    if n > 1:
        raise RuntimeError("Boolean value of Tensor with more than one value is ambiguous")
    return bool(self._data.reshape(-1)[0])


def is_same_size(self, other):
    """Whether ``other`` has this tensor's shape."""
    for i, t in enumerate((self, other)):
        if not isinstance(t, Tensor):
            raise TypeError(f"is_same_size(): argument '{('input', 'other')[i]}' (position {i + 1}) must be Tensor, "
                            f"not {type(t).__name__}")
    return tuple(self.shape) == tuple(other.shape)


def is_inference(self):
    """Whether this is an inference tensor: made inside ``inference_mode()`` (or a view of one)."""
    return self._version_counter.__class__ is InferenceVersionCounter


for _fn in (is_complex, is_signed, is_nonzero, is_same_size, is_inference):
    method(_fn.__name__, _fn)
method("output_nr", property(lambda self: 0 if self._node is None else self._node.output_nr,
                             doc="Which output of its grad_fn this tensor is (0 for a leaf)."))


def _is_nonzero(input):
    """The truth of a one-element tensor (``Tensor.is_nonzero``)."""
    return is_nonzero(input)


def _is_same_size(input, other):
    """Whether the two tensors have one shape (``Tensor.is_same_size``)."""
    return is_same_size(input, other)


function("is_nonzero", _is_nonzero)
function("is_same_size", _is_same_size)
