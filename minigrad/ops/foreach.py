"""``torch._foreach_*``: one op applied to every Tensor of a list (the list updates that optimizers
and weight averages (EMA) write: ``_foreach_mul_(ema, decay)``, ``_foreach_lerp_(ema, params, w)``).

Each function is the loop over the Tensor op it names, so dtypes, broadcasting, errors and
gradients are that op's. The second argument may be a number (for every Tensor), a list of
numbers or of Tensors (one per Tensor), or, for add, mul and div, a 0-d Tensor. Out-of-place forms
return a tuple of new Tensors; in-place forms (trailing ``_``) update the Tensors and return the
list given. ``_foreach_add_`` of two Tensor lists keeps the optimizers' fast path (ops/inplace.py).
"""
import numbers

from ..tensor import Tensor
from . import _api
from ._operands import scalar_tensor_like
from .inplace import _foreach_add_ as _add_tensor_lists_
from .inplace_tracking import _check_castable as check_castable, needs_graph, tracked
from .selection import maximum, minimum

_UNARY = ("abs", "acos", "asin", "atan", "ceil", "cos", "cosh", "erf", "erfc", "exp", "expm1", "floor", "frac",
          "lgamma", "log", "log10", "log1p", "log2", "neg", "reciprocal", "round", "rsqrt", "sigmoid", "sign",
          "sin", "sinh", "sqrt", "tan", "tanh", "trunc")


def _tensors(name, tensors, position=0):
    """The list argument at ``position`` as a list of Tensors, with PyTorch's TypeError otherwise."""
    if not isinstance(tensors, (list, tuple)):
        raise TypeError(f"{name}(): argument 'self' (position {position + 1}) must be tuple of Tensors, "
                        f"not {type(tensors).__name__}")
    for i, t in enumerate(tensors):
        if not isinstance(t, Tensor):
            raise TypeError(f"expected Tensor as element {i} in argument {position}, but got {type(t).__name__}")
    return list(tensors)


def _self(name, tensors):
    tensors = _tensors(name, tensors)
    if not tensors:
        raise RuntimeError("Tensor list must have at least one tensor.")
    return tensors


def _same_length(tensors, others):
    if len(others) != len(tensors):
        raise RuntimeError(f"Tensor lists must have the same number of tensors, got {len(tensors)} and {len(others)}")
    return others


def _operands(name, tensors, other, tensor_ok, alpha=1):
    """One operand per Tensor from a number, a list of numbers or Tensors, or a Tensor: a 0-d one
    where the op takes one (``tensor_ok``: add, mul, div), elsewhere a 0-d one outside the graph,
    read as its number (as PyTorch's argument parser does); ``alpha`` is taken only beside
    Tensors (PyTorch's List and Tensor overloads)."""
    if isinstance(other, Tensor):
        if tensor_ok:
            if other.ndim != 0:
                raise RuntimeError(f"scalar tensor expected to be 0 dim but it has {other.ndim} dimensions and "
                                   f"{other.numel()} elements.")
            return [other] * len(tensors)
        if other.ndim == 0 and not other.requires_grad:
            other = other.item()
    if isinstance(other, (list, tuple)) and other and isinstance(other[0], Tensor):
        return _same_length(tensors, _tensors(name, other, 1))
    if alpha == 1:
        if isinstance(other, numbers.Number):
            return [other] * len(tensors)
        if isinstance(other, (list, tuple)) and all(isinstance(v, numbers.Number) for v in other):
            if len(other) != len(tensors):
                raise RuntimeError("Tensor list must have same number of elements as scalar list.")
            return list(other)
    raise TypeError(f"{name}() received an invalid combination of arguments - got "
                    f"({type(tensors).__name__}, {type(other).__name__}{', alpha' if alpha != 1 else ''})")


def _unary(op):
    def out_of_place(self):
        return tuple(getattr(t, op)() for t in _self(f"_foreach_{op}", self))

    def in_place(self):
        for t in _self(f"_foreach_{op}_", self):
            getattr(t, op + "_")()
        return self
    out_of_place.__doc__ = f"``{op}`` of every Tensor of the list ``self``: a tuple of new Tensors."
    in_place.__doc__ = f"``{op}_`` on every Tensor of the list ``self``, in place; returns ``self``."
    return out_of_place, in_place


def _binary(op, method, method_, tensor_ok=False, takes_alpha=False):
    """``_foreach_<op>`` and ``_foreach_<op>_`` from the Tensor methods named ``method`` / ``method_``
    (or functions ``method(t, other, **kw)``); ``alpha=`` only where PyTorch takes it (add, sub)."""
    def out_of_place(self, other, alpha=1):
        name = f"_foreach_{op}"
        tensors = _self(name, self)
        kw = {"alpha": alpha} if alpha != 1 else {}
        operands = _operands(name, tensors, other, tensor_ok, alpha)
        return tuple(_call(method, t, o, kw) for t, o in zip(tensors, operands))

    def in_place(self, other, alpha=1):
        name = f"_foreach_{op}_"
        tensors = _self(name, self)
        kw = {"alpha": alpha} if alpha != 1 else {}
        for t, o in zip(tensors, _operands(name, tensors, other, tensor_ok, alpha)):
            _call(method_, t, o, kw)
        return self
    if takes_alpha:
        out_of_place = _keyword_alpha(out_of_place)
        in_place = _keyword_alpha(in_place)
    else:
        out_of_place = _no_alpha(out_of_place)
        in_place = _no_alpha(in_place)
    out_of_place.__doc__ = (f"``{op}(self[i], other[i])`` for the list ``self``; ``other`` a number, a list of "
                            f"numbers or Tensors{', or a 0-d Tensor' if tensor_ok else ''}"
                            f"{' (alpha= with Tensors)' if takes_alpha else ''}: a tuple of new Tensors.")
    in_place.__doc__ = f"``self[i] = {op}(self[i], other[i])`` in place for the list ``self``; returns ``self``."
    return out_of_place, in_place


def _keyword_alpha(fn):
    def with_alpha(self, other, *, alpha=1):
        return fn(self, other, alpha)
    return with_alpha


def _no_alpha(fn):
    def without_alpha(self, other):
        return fn(self, other)
    return without_alpha


def _call(method, t, o, kw):
    return getattr(t, method)(o, **kw) if isinstance(method, str) else method(t, o)


def _foreach_add_(self, other, *, alpha=1):
    """``self[i] += alpha * other[i]`` in place for the list ``self`` (``other`` a number, a list of numbers
    or Tensors, or a 0-d Tensor; ``alpha=`` with Tensors); returns ``self``."""
    tensors = _self("_foreach_add_", self)
    operands = _operands("_foreach_add_", tensors, other, True, alpha)
    if isinstance(other, (list, tuple)) and isinstance(other[0], Tensor):
        _add_tensor_lists_(tensors, operands, alpha=alpha)  # the optimizers' path: pairs straight to storage
    else:
        for t, o in zip(tensors, operands):
            t.add_(o, alpha=alpha)
    return self


def _maximum(t, o):  # a number is a 0-d Tensor: ties split the gradient as maximum's do
    return maximum(t, o if isinstance(o, Tensor) else scalar_tensor_like(t, o))


def _minimum(t, o):
    return minimum(t, o if isinstance(o, Tensor) else scalar_tensor_like(t, o))


def _in_place(fn):
    """``t = fn(t, o)`` in place, recorded when a gradient flows (no Tensor method to call)."""
    def write(t, o):
        o = o if isinstance(o, Tensor) else scalar_tensor_like(t, o)
        if needs_graph(t, o):
            return tracked(t, fn, o)
        result = fn(t, o)
        if result.dtype != t.dtype:
            check_castable(t, result.dtype)
        return t.copy_(result)
    return write


_BINARY = {  # the Tensor methods, or functions; a 0-d Tensor operand taken; alpha= taken
    "add": ("add", "add_", True, True),
    "sub": ("sub", "sub_", False, True),
    "mul": ("mul", "mul_", True, False),
    "div": ("div", "div_", True, False),
    "clamp_min": ("clamp_min", "clamp_min_", False, False),
    "clamp_max": ("clamp_max", "clamp_max_", False, False),
    "maximum": (_maximum, _in_place(maximum), False, False),
    "minimum": (_minimum, _in_place(minimum), False, False),
}


def _foreach_pow(self, exponent):
    """``self[i] ** exponent[i]`` for the list ``self`` (``exponent`` a number, a list of numbers or Tensors),
    or ``self ** exponent[i]`` for a number ``self`` and a list ``exponent``: a tuple of new Tensors."""
    if isinstance(self, numbers.Number) and isinstance(exponent, (list, tuple)):
        return tuple(t.__rpow__(self) for t in _self("_foreach_pow", exponent))
    tensors = _self("_foreach_pow", self)
    return tuple(t.pow(e) for t, e in zip(tensors, _operands("_foreach_pow", tensors, exponent, False)))


def _foreach_pow_(self, exponent):
    """``self[i] **= exponent[i]`` in place for the list ``self``; returns ``self``."""
    tensors = _self("_foreach_pow_", self)
    for t, e in zip(tensors, _operands("_foreach_pow_", tensors, exponent, False)):
        t.pow_(e)
    return self


def _values(name, tensors, value):
    """The multipliers of addcmul / addcdiv / lerp: a number, a list of numbers, or a 1-D Tensor of them."""
    if isinstance(value, Tensor):
        if value.ndim != 1:
            raise RuntimeError(f"Expected packed scalar Tensor to be of dimension 1. Got {value.ndim} instead.")
        if value.numel() != len(tensors):
            raise RuntimeError(f"Expected length of scalars to match input of length {len(tensors)} but got "
                               f"{value.numel()} instead.")
        return value.tolist()
    return _operands(name, tensors, value, False)


def _multipliers(name, given, value, scalars):
    """The multipliers of addcmul / addcdiv, as PyTorch's overloads take them: one positional
    argument ``given`` (a number, a list of numbers or a 1-D Tensor), or the keyword ``value`` (a
    number) or ``scalars`` (a list or a Tensor); anything else is its TypeError."""
    keywords = {k: v for k, v in (("value", value), ("scalars", scalars)) if v is not _NO_VALUE}
    if len(given) + len(keywords) > 1 or isinstance(keywords.get("value", 0), (list, tuple, Tensor)) \
            or isinstance(keywords.get("scalars", ()), numbers.Number):
        got = ", ".join(["list"] * (3 + len(given)) + [f"{k}={type(v).__name__}" for k, v in keywords.items()])
        raise TypeError(f"{name}() received an invalid combination of arguments - got ({got})")
    if given:
        return given[0]
    return next(iter(keywords.values()), _NO_VALUE)


_NO_VALUE = object()  # (value not given: 1)


def _ternary(op):
    """``_foreach_addcmul`` / ``_foreach_addcdiv`` and their in-place forms."""
    def out_of_place(self, tensor1, tensor2, *multipliers, value=_NO_VALUE, scalars=_NO_VALUE):
        name = f"_foreach_{op}"
        value = _multipliers(name, multipliers, value, scalars)
        tensors = _self(name, self)
        t1 = _same_length(tensors, _tensors(name, tensor1, 1))
        t2 = _same_length(tensors, _tensors(name, tensor2, 2))
        values = _values(name, tensors, 1 if value is _NO_VALUE else value)
        return tuple(getattr(t, op)(a, b, value=v) for t, a, b, v in zip(tensors, t1, t2, values))

    def in_place(self, tensor1, tensor2, *multipliers, value=_NO_VALUE, scalars=_NO_VALUE):
        name = f"_foreach_{op}_"
        value = _multipliers(name, multipliers, value, scalars)
        tensors = _self(name, self)
        t1 = _same_length(tensors, _tensors(name, tensor1, 1))
        t2 = _same_length(tensors, _tensors(name, tensor2, 2))
        for t, a, b, v in zip(tensors, t1, t2, _values(name, tensors, 1 if value is _NO_VALUE else value)):
            getattr(t, op + "_")(a, b, value=v)
        return self
    out_of_place.__doc__ = (f"``{op}(self[i], tensor1[i], tensor2[i], value=value[i])`` for the lists; the "
                            "multipliers a number (positional or ``value=``), a list of numbers or a 1-D Tensor of "
                            "them (positional or ``scalars=``): a tuple of new Tensors.")
    in_place.__doc__ = f"``self[i].{op}_(tensor1[i], tensor2[i], value=value[i])`` for the lists; returns ``self``."
    return out_of_place, in_place


def _foreach_lerp(self, tensors1, weight):
    """``lerp(self[i], tensors1[i], weight[i])``; ``weight`` a number, a list of numbers or of Tensors: a tuple."""
    tensors = _self("_foreach_lerp", self)
    ends = _same_length(tensors, _tensors("_foreach_lerp", tensors1, 1))
    return tuple(t.lerp(e, w) for t, e, w in zip(tensors, ends, _operands("_foreach_lerp", tensors, weight, False)))


def _foreach_lerp_(self, tensors1, weight):
    """``self[i].lerp_(tensors1[i], weight[i])`` in place (an exponential moving average); returns ``self``."""
    tensors = _self("_foreach_lerp_", self)
    ends = _same_length(tensors, _tensors("_foreach_lerp_", tensors1, 1))
    for t, e, w in zip(tensors, ends, _operands("_foreach_lerp_", tensors, weight, False)):
        t.lerp_(e, w)
    return self


def _foreach_norm(self, ord=2, dtype=None):
    """The ``ord``-norm of every Tensor of the list (as ``linalg.vector_norm``): a tuple of 0-d Tensors."""
    return tuple(t.norm(p=ord, dtype=dtype) for t in _self("_foreach_norm", self))


def _foreach_powsum(self, ord=2, dtype=None):
    """``sum(|self[i]| ** ord)`` of every Tensor (its ``ord``-norm before the root; ``|0| ** 0`` counts
    as 1), computed in ``dtype`` if given: a tuple of 0-d Tensors."""
    out = []
    for t in _self("_foreach_powsum", self):
        if dtype is None and not (t.dtype.is_floating_point or t.dtype.is_complex):
            raise NotImplementedError(f'"powsum_cpu" not implemented for \'{t.dtype._torch_name[:-6]}\'')
        out.append((t if dtype is None else t.to(dtype)).abs().pow(ord).sum())
    return tuple(out)


def _foreach_max(self):
    """The largest element of every Tensor of the list: a tuple of 0-d Tensors."""
    tensors = _self("_foreach_max", self)
    if any(t.numel() == 0 for t in tensors):
        raise RuntimeError("_foreach_max cannot compute the maximum of an empty tensor; max over zero elements "
                           "is undefined.")
    return tuple(t.max() for t in tensors)


def _foreach_zero_(self):
    """Fill every Tensor of the list with zeros, in place; returns ``self``."""
    for t in _self("_foreach_zero_", self):
        t.zero_()
    return self


def _foreach_copy_(self, src, non_blocking=False):
    """``self[i].copy_(src[i])`` for the lists, in place; returns ``self``."""
    tensors = _self("_foreach_copy_", self)
    for t, s in zip(tensors, _same_length(tensors, _tensors("_foreach_copy_", src, 1))):
        t.copy_(s, non_blocking)
    return self


def _foreach_clone(self, *, memory_format=None):
    """A copy of every Tensor of the list: a tuple of new Tensors."""
    return tuple(t.clone() if memory_format is None else t.clone(memory_format=memory_format)
                 for t in _self("_foreach_clone", self))


def _foreach_mm(self, mat2):
    """``self[i] @ mat2[i]`` (2-D matrix products) for the lists: a tuple of new Tensors."""
    tensors = _self("_foreach_mm", self)
    return tuple(a.mm(b) for a, b in zip(tensors, _same_length(tensors, _tensors("_foreach_mm", mat2, 1))))


def _register():
    for op in _UNARY:
        out_of_place, in_place = _unary(op)
        _api.function(f"_foreach_{op}", out_of_place)
        _api.function(f"_foreach_{op}_", in_place)
    for op, (method, method_, tensor_ok, takes_alpha) in _BINARY.items():
        out_of_place, in_place = _binary(op, method, method_, tensor_ok, takes_alpha)
        _api.function(f"_foreach_{op}", out_of_place)
        _api.function(f"_foreach_{op}_", in_place)
    for op in ("addcmul", "addcdiv"):
        out_of_place, in_place = _ternary(op)
        _api.function(f"_foreach_{op}", out_of_place)
        _api.function(f"_foreach_{op}_", in_place)
    _api.function("_foreach_add_", _foreach_add_)  # replaces the generated one: keeps the fast path
    for fn in (_foreach_pow, _foreach_pow_, _foreach_lerp, _foreach_lerp_, _foreach_norm, _foreach_powsum,
               _foreach_max, _foreach_zero_, _foreach_copy_, _foreach_clone, _foreach_mm):
        _api.function(fn.__name__, fn)


_register()
