"""In-place ops (``add_``, ``mul_``, ``exp_``, ``x += y`` ...; fills: ``fill.py``; ``x[i] = v``: ``setitem.py``).

Outside the graph (the optimizer's case) they write straight into the
storage. When a gradient must flow, the op is recorded out of place on a
snapshot of the old value, the result is copied into the storage, and the
tensor takes the new node. Either way the version counter goes up, so a
backward that saved the old value raises instead of using stale data.
"""
from .. import dtypes as _dt
from ..autograd.grad_mode import state, check_update, mutation_watchers
from ..autograd.namespace import constant, update
from ..tensor import Tensor
from ._api import method
from ._util import expect_number, expect_tensor
from ._operands import as_operand, integer_scalar, wrapped_int
from ._memory import check_no_partial_overlap
from .arithmetic import add, sub, mul, div, check_alpha, _check_bool_subtraction, _times_one
from .pointwise import addcdiv, addcmul, check_addcdiv_division, check_inplace_shape, check_lerp, check_pointwise, \
    lerp
from .power import pow
from .clamping import clamp, clamp_min, clamp_max
from .unary import RULES
from .unary_classes import logit
from .gamma import polygamma, mvlgamma
from . import _api
from .inplace_tracking import _broadcast_error, _check_castable, _check_device, _check_same_shape, needs_graph, tracked


def _binary_inplace(ufunc_name, fn):
    subtracting = ufunc_name == "subtract"
    scaling = subtracting or ufunc_name == "add"  # (PyTorch's self + alpha * other)

    def inplace(self, other, *, alpha=1):
        if self._version_counter.__class__ is not list or self._view is not None or mutation_watchers:
            check_update(self)  # (only where it has something to check: see check_update)
        if isinstance(other, Tensor) and other._data.base is not None:  # (a view: it may share self's memory)
            check_no_partial_overlap(self._data, other._data)
        if (self._rg or (isinstance(other, Tensor) and other._rg)) and state.enabled:
            if alpha != 1:
                return tracked(self, lambda old, o: fn(old, o, alpha=alpha), other, types_first=True)
            return tracked(self, fn, other, types_first=True)
        # Fast path (the optimizer's updates): straight into the storage.
        data = self._data
        kind = data.dtype.kind  # (read once: each read of a dtype's kind costs as much as a small dict lookup)
        xp = self._device.backend.xp
        if isinstance(other, Tensor):
            if other._device is not self._device:
                _check_device(self, inplace.__name__, other)
            o = other._data
            if o.dtype is not data.dtype:
                _check_castable(self, other.dtype)
            if subtracting and (kind == "b" or o.dtype.kind == "b"):
                _check_bool_subtraction(self, other)
        else:
            o = other if other.__class__ is float or other.__class__ is int else as_operand(other, self, True)
            if o.__class__ is int and kind in "iub":
                if kind == "b":  # (bool + int is int64)
                    _check_castable(self, _dt.int64)
                o = wrapped_int(o, data.dtype)
            elif subtracting and (o.__class__ is bool or kind == "b"):
                _check_bool_subtraction(self, o)
            if isinstance(o, float) and kind != "f":
                _check_castable(self, _dt.get_default_dtype())
            elif o.__class__ is complex and kind != "c":
                _check_castable(self, _dt.complex64)
        if alpha.__class__ is not int or alpha != 1:
            if alpha.__class__ is not float and alpha.__class__ is not complex:  # (a str is PyTorch's TypeError)
                alpha = expect_number(inplace.__name__, alpha, "alpha")
            check_alpha(kind, alpha)
            if kind in "iu":
                alpha = integer_scalar(data.dtype, alpha)
                o = wrapped_int(o * alpha, data.dtype) if o.__class__ is int else o * alpha
            else:
                o = o * (constant(xp, alpha, data.dtype) if kind == "f" else alpha)
        elif scaling and kind == "c":  # (alpha = 1 scales a complex other too: see _times_one)
            o = _times_one(xp, o, data.dtype)
        try:
            if o.__class__ is data.__class__ and o.dtype is data.dtype:
                update(getattr(xp, ufunc_name), data, o)
            else:
                getattr(xp, ufunc_name)(data, o, out=data, casting="unsafe")
        except ValueError:
            raise _broadcast_error(data, o) from None
        self._version_counter[0] += 1
        return self
    inplace.__name__ = fn.__name__ + "_"
    inplace.__doc__ = f"In-place {fn.__name__}; returns self."
    return inplace


add_ = method("add_", _binary_inplace("add", add))
sub_ = method("sub_", _binary_inplace("subtract", sub))
mul_ = method("mul_", _binary_inplace("multiply", mul))


def div_(self, other, *, rounding_mode=None):
    """In-place division; returns self."""
    check_update(self)
    if not isinstance(other, Tensor):
        other = as_operand(other, self, True)  # (PyTorch's TypeError for a list or an array)
    if self._data.dtype.kind != "f" and rounding_mode is None:
        _check_castable(self, _dt.get_default_dtype())
    if other.__class__ is complex and self._data.dtype.kind != "c":
        _check_castable(self, _dt.complex64)
    elif isinstance(other, Tensor) and other._data.dtype.kind == "c":
        _check_castable(self, _dt.result_type(self, other))
    if needs_graph(self, other):
        return tracked(self, lambda old, o: div(old, o, rounding_mode=rounding_mode), other)
    _check_device(self, "div_", other)
    if rounding_mode is not None:
        r = div(self, other, rounding_mode=rounding_mode)
        if r._data.dtype is not self._data.dtype:
            _check_castable(self, r.dtype)
        _check_same_shape(self, r)
        self._data[...] = r._data
    else:
        xp = self._device._get_backend().xp
        o = other._data if isinstance(other, Tensor) else other
        try:
            xp.true_divide(self._data, o, out=self._data, casting="unsafe")
        except ValueError:
            raise _broadcast_error(self._data, o) from None
    self._version_counter[0] += 1
    return self


method("div_", div_)
for _name, _fn in (("__iadd__", add_), ("__isub__", sub_), ("__imul__", mul_), ("__itruediv__", div_)):
    # an operand the in-place op refuses gives NotImplemented: Python then tries ``t = t + other``,
    # which takes a NumPy array, as PyTorch's
    method(_name, _api.operator(_fn, arrays=False))


def _any_requires_grad(args, kwargs):
    """Whether a Tensor argument requires grad: it puts the result in the graph too (``pow_(w)``, ``clamp_(min=w)``)."""
    for a in (*args, *kwargs.values()):
        if isinstance(a, Tensor) and a._rg:
            return True
    return False


def unary_inplace(fn, name, scalar_c_name=False):
    """The in-place twin of function ``fn``: ``t.<name>(*args)`` writes ``fn(t, *args)`` into t.
    ``scalar_c_name``: a result t cannot hold names t's type in C++ when no argument is a Tensor."""
    def inplace(self, *args, **kwargs):
        check_update(self)
        if state.enabled and (self._rg or (args or kwargs) and _any_requires_grad(args, kwargs)):
            return tracked(self, lambda old: fn(old, *args, **kwargs), types_first=True)
        r = fn(self, *args, **kwargs)
        if r._data.dtype.kind != self._data.dtype.kind:
            _check_castable(self, r.dtype, scalar_c_name and not any(isinstance(a, Tensor) for a in
                                                                     (*args, *kwargs.values())))
        _check_same_shape(self, r)
        self._data[...] = r._data
        self._version_counter[0] += 1
        return self
    inplace.__name__ = name
    inplace.__doc__ = f"In-place {fn.__name__}; returns self."
    return method(name, inplace)


def _real_abs(input):
    """abs for abs_: a complex tensor cannot hold its real result in place (PyTorch's error)."""
    if input._data.dtype.kind == "c":
        raise RuntimeError("In-place abs is not supported for complex tensors.")
    return _api.FUNCTIONS["abs"](input)


for _rule in RULES:
    if _rule.space == "torch":
        unary_inplace(_real_abs if _rule.name == "abs" else _api.FUNCTIONS[_rule.name], _rule.name + "_")
unary_inplace(clamp, "clamp_", scalar_c_name=True)
unary_inplace(logit, "logit_")
unary_inplace(lambda self, n: polygamma(n, self), "polygamma_")
unary_inplace(mvlgamma, "mvlgamma_")
unary_inplace(clamp, "clip_", scalar_c_name=True)
unary_inplace(clamp_min, "clamp_min_", scalar_c_name=True)
unary_inplace(clamp_max, "clamp_max_", scalar_c_name=True)
method("__ipow__", unary_inplace(pow, "pow_"))


def addcmul_(self, tensor1, tensor2, *, value=1):
    """self += value * tensor1 * tensor2, in place; returns self."""
    check_update(self)
    _expect_tensors("addcmul_", tensor1, tensor2)
    value = check_pointwise("addcmul", self, tensor1, tensor2, value)
    check_inplace_shape(self, tensor1, tensor2)
    if needs_graph(self, tensor1, tensor2):
        return tracked(self, lambda old: addcmul(old, tensor1, tensor2, value=value))
    _check_device(self, "addcmul_", tensor1, tensor2)
    try:
        # (value * tensor1) * tensor2: PyTorch's kernel's order, so that the rounding is the same
        prod = value * tensor1._data if value != 1 else tensor1._data
        prod = prod * tensor2._data
    except AttributeError:  # checked only here, off the common path
        _expect_tensors("addcmul_", tensor1, tensor2)
        raise
    if prod.dtype is not self._data.dtype:
        _check_castable(self, _dt.result_type(self, tensor1, tensor2))
    self._device.backend.xp.add(self._data, prod, out=self._data, casting="unsafe")  # (an int self: PyTorch casts)
    self._version_counter[0] += 1
    return self


def addcdiv_(self, tensor1, tensor2, *, value=1):
    """self += value * tensor1 / tensor2, in place; returns self."""
    check_update(self)
    _expect_tensors("addcdiv_", tensor1, tensor2)
    value = check_pointwise("addcdiv", self, tensor1, tensor2, value)
    check_inplace_shape(self, tensor1, tensor2)
    if needs_graph(self, tensor1, tensor2):
        check_addcdiv_division(tensor1, tensor2)
        return tracked(self, lambda old: addcdiv(old, tensor1, tensor2, value=value))
    _check_device(self, "addcdiv_", tensor1, tensor2)
    try:
        kinds = tensor1._data.dtype.kind + tensor2._data.dtype.kind
    except AttributeError:  # checked only here, off the common path
        _expect_tensors("addcdiv_", tensor1, tensor2)
        raise
    if "f" not in kinds and "c" not in kinds:
        check_addcdiv_division(tensor1, tensor2)  # two integer operands: PyTorch's error
    # (value * tensor1) / tensor2: PyTorch's kernel's order, so that the rounding is the same
    q = (value * tensor1._data if value != 1 else tensor1._data) / tensor2._data
    if q.dtype is not self._data.dtype:
        _check_castable(self, _dt.result_type(self, tensor1, tensor2))
    self._data += q
    self._version_counter[0] += 1
    return self


def _expect_tensors(name, tensor1, tensor2):
    expect_tensor(name, tensor1, "tensor1", 1)
    expect_tensor(name, tensor2, "tensor2", 2)


def lerp_(self, end, weight):
    """self += weight * (end - self), in place; returns self."""
    check_update(self)
    expect_tensor("lerp_", end, "end", 1)
    check_lerp(self, end, weight)
    check_inplace_shape(self, end, weight)
    if needs_graph(self, end, weight):
        return tracked(self, lambda old: lerp(old, end, weight))
    _check_device(self, "lerp_", end, weight)
    data, e = self._data, end._data
    diff = e - data
    if isinstance(weight, Tensor):  # PyTorch's kernel: from the nearer end, by |weight| < 0.5
        w = weight._data
        self._device.backend.xp.copyto(data, self._device.backend.xp.where(abs(w) < 0.5, data + w * diff,
                                                                          e - diff * (1 - w)))
    else:  # the weight in the tensor's dtype, 1 - weight computed there too (as PyTorch's kernel)
        w = constant(self._device.backend.xp, weight, data.dtype)
        if abs(weight) < 0.5:
            data += diff * w
        else:
            diff *= 1 - w
            self._device.backend.xp.subtract(e, diff, out=data)
    self._version_counter[0] += 1
    return self


for _fn in (addcmul_, addcdiv_, lerp_):
    method(_fn.__name__, _fn)


# ------------------------------------------------------------------ the optimizers' list updates
def _foreach_add_(self, other, *, alpha=1):
    """``self[i] += alpha * other[i]`` for lists of Tensors, in place (``torch._foreach_add_``).

    The optimizers' update of many small parameters at once: pairs on one device with one
    dtype, outside the graph, go straight to the storage; any other pair takes ``add_``.
    """
    if alpha.__class__ is not float and alpha.__class__ is not int and isinstance(alpha, Tensor) and alpha._data.ndim:
        raise TypeError("_foreach_add_(): argument 'alpha' must be Number, not Tensor")  # (as add_'s, per pair)
    grad_mode = state.enabled
    scaled = alpha != 1
    device = dtype = scale = add = None  # the device's add, alpha as a 0-d array: made again when they change
    for t, o in zip(self, other):
        data = t._data
        od = o._data
        device_now = t._device
        if grad_mode and (t._rg or o._rg) or o._device is not device_now or od.dtype is not data.dtype \
                or od.shape != data.shape:
            add_(t, o, alpha=alpha)  # the general path, with its checks and errors
            continue
        counter = t._version_counter
        if counter.__class__ is not list:
            check_update(t)  # (an inference tensor: refused outside inference mode)
        if device_now is not device or data.dtype is not dtype:
            device, dtype = device_now, data.dtype
            xp = device.backend.xp
            add = xp.add
            if scaled:
                scale = constant(xp, alpha, dtype)
        if scaled:
            od = od * scale
        if data.size == 1:
            update(add, data, od)  # (its fast path for one element)
        else:
            add(data, od, out=data)  # (update's other case, without its call)
        counter[0] += 1


