"""In-place ops (``add_``, ``mul_``, ``exp_``, ``x += y`` ...; fills and ``x[i] = v``: ``fill.py``).

Outside the graph (the optimizer's case) they write straight into the
storage. When a gradient must flow, the op is recorded out of place on a
snapshot of the old value, the result is copied into the storage, and the
tensor takes the new node. Either way the version counter goes up, so a
backward that saved the old value raises instead of using stale data.
"""
import warnings

from .. import dtypes as _dt
from .._errors import user_stacklevel
from ..autograd.grad_mode import state, check_update, no_grad, shares_elements, SharedElementsVersionCounter, \
    SHARED_ELEMENTS_UPDATE, writable
from ..autograd.namespace import array_math, constant, update
from ..autograd.op import Op
from ..autograd.views import move_retained, refresh_views, refuse_update
from ..tensor import Tensor, wrap, raise_device_mismatch
from ._api import method
from ._util import broadcast_shapes, expect_number, expect_tensor, as_operand, check_no_partial_overlap, \
    integer_scalar, wrapped_int
from .arithmetic import add, sub, mul, div, check_alpha, _check_bool_subtraction, _times_one
from .pointwise import addcdiv, addcmul, check_addcdiv_division, check_inplace_shape, check_lerp, check_pointwise, \
    lerp
from .power import pow
from .clamping import clamp, clamp_min, clamp_max
from .unary import RULES
from .unary_classes import logit
from .gamma import polygamma, mvlgamma
from . import _api

LEAF_ERROR = "a leaf Variable that requires grad is being used in an in-place operation."
_EXPANDED_WRITE = ("Use of {} on expanded tensors is deprecated. Please clone() the tensor before performing this "
                   "operation. This also applies to advanced indexing e.g. tensor[{}] = {}")


def expanded_write(t, op, example=("mask", "scalar")):
    """Whether ``op`` (``index_put_``, ``masked_fill_``, ``index_fill_``) writes into a tensor whose
    elements share memory (an expanded one): PyTorch warns that this is deprecated, then writes
    (each location taking the value of a position written)."""
    if t._version_counter.__class__ is not SharedElementsVersionCounter or not shares_elements(t._data):
        return False
    warnings.warn(_EXPANDED_WRITE.format(op, *example), UserWarning, stacklevel=user_stacklevel())
    return True


def write_changed(t, new):
    """Write the array ``new`` into ``t``, whose elements share memory, where it differs from ``t``:
    a location repeated at positions left unchanged keeps the value written at the others."""
    data = writable(t._data)
    t._device._get_backend().xp.copyto(data, new, where=new != data)


VIEW_OF_LEAF_ERROR = "a view of a leaf Variable that requires grad is being used in an in-place operation."


def leaf_update_error(t):
    """PyTorch's RuntimeError for an in-place update of ``t`` in grad mode where ``t`` is a leaf that
    requires grad or a view of one (``tracked``'s refusal); None where the update may go ahead."""
    if not state.enabled:
        return None
    view = t._view
    if view is not None and len(view) <= 2:
        base = view[0]
        if base._node is None and base._rg or t._node is None and t._rg:
            return RuntimeError(VIEW_OF_LEAF_ERROR)
    elif view is None and t._node is None and t._rg:
        return RuntimeError(LEAF_ERROR)
    return None


def leaf_first(t, error):
    """Raise ``error``, caught from an in-place op's checks of its arguments, or PyTorch's leaf error
    in its place where ``t`` is a leaf that requires grad (or a view of one): PyTorch refuses the
    leaf before its kernel checks the values (an index out of range...), after its argument parser
    alone (its TypeErrors)."""
    if not isinstance(error, TypeError):
        leaf = leaf_update_error(t)
        if leaf is not None:
            raise leaf from None
    raise error


def _check_castable(t, result_dtype, c_name=False):
    """PyTorch's error where ``t`` cannot hold a result of ``result_dtype``; ``c_name``: the
    output type by its C++ name, as PyTorch's clamps with Python number bounds print it."""
    if result_dtype is not None and result_dtype.category > t.dtype.category:
        out = _dt.C_NAMES[t.dtype.name] if c_name else t.dtype._torch_name[:-6]
        raise RuntimeError(f"result type {result_dtype._torch_name[:-6]} can't be cast "
                           f"to the desired output type {out}")


def _check_device(t, name, *others):
    """PyTorch's error for an in-place op whose operands live on another device."""
    for o in others:
        if isinstance(o, Tensor) and o._device is not t._device and o._device != t._device:
            raise_device_mismatch(name, t._device, o._device)


def tracked(t, fn, *args, repeats=False, types_first=False):
    """Record ``t = fn(old_t, *args)`` in the graph and write the result into t's storage.
    ``types_first``: where ``t`` is a leaf that may not change, ``fn``'s TypeErrors come first
    (``_raise_type_error_first``; for the ops whose ``fn`` draws no random numbers).

    When ``t`` is a view, its base's history is rebased as well (PyTorch's
    CopySlices): the base's new node takes the view region from the result.
    ``repeats``: ``fn`` may write into elements that share memory (a fill; an indexed write
    PyTorch lets through with a warning, ``expanded_write``): only the positions it changed are
    written, and the base's gradient cannot pass back (PyTorch's CopySlices raises).
    """
    check_update(t, repeats)
    view = t._view
    if view is not None:
        if len(view) > 2:  # (a split's output, or a view made outside grad mode: refused, as in PyTorch)
            refuse_update(t)
        base = view[0]
        if base._node is None and base._rg or t._node is None and t._rg:  # (a view made a leaf: requires_grad_())
            if types_first:
                _raise_type_error_first(t, fn, args)
            raise RuntimeError(VIEW_OF_LEAF_ERROR)
    elif t._node is None and t._rg:
        if types_first:
            _raise_type_error_first(t, fn, args)
        raise RuntimeError(LEAF_ERROR)
    old = wrap(t._data.copy(), t._device, t._node)
    old._rg = t._rg
    r = fn(old, *args)
    if r._data.dtype is not t._data.dtype:
        _check_castable(t, r.dtype)
    _check_same_shape(t, r)
    overlapping = repeats and t._version_counter.__class__ is SharedElementsVersionCounter and shares_elements(t._data)
    if overlapping:
        write_changed(t, r._data)
    else:
        t._data[...] = r._data
    move_retained(t, r._node)
    t._node = r._node
    t._rg = r._rg
    changed = t
    if view is not None and r._rg:
        rebase(base, r, view[1])
        if overlapping:
            # (PyTorch's CopySlices cannot write a gradient back into shared elements: its backward
            # raises, reached from the base or from the view, whose history it regenerates from it)
            base._node.overlapping = True
            changed = None
    # other views taken earlier now derive their history from the changed root (as torch)
    refresh_views(base if view is not None else t, changed)
    t._version_counter[0] += 1
    node = r._node
    if node is not None and node.checks and node.checks[-1][0] is r._version_counter:
        # the output backward reads is ``t`` now, as PyTorch saves an in-place op's result: a later
        # in-place change of ``t`` makes backward raise PyTorch's error
        node.checks = [*node.checks[:-1], (t._version_counter, t._version_counter[0], -1)]
    return t


def _raise_type_error_first(t, fn, args):
    """Before refusing to update leaf ``t`` in place: ``fn``'s TypeError for arguments of the wrong
    type (a str for a number...), which PyTorch's argument parser raises before its leaf check. ``fn``
    runs on a copy, outside the graph; any other error of its is left to come after the leaf's."""
    try:
        with no_grad():
            fn(wrap(t._data.copy(), t._device), *args)
    except TypeError:
        raise
    except Exception:  # noqa: BLE001: the leaf error comes first
        pass


def rebase(base, value, view_fn):
    """Give ``base`` the history of its view ``view_fn`` changed in place to ``value`` (a Tensor in the
    graph): PyTorch's CopySlices, which takes the view's region from ``value``."""
    old_base = wrap(base._data, base._device, base._node)
    old_base._rg = base._rg
    rebased = ViewScatter.apply(old_base, value, view_fn)
    move_retained(base, rebased._node)
    base._node = rebased._node
    base._rg = True


class ViewScatter(Op):
    """The base of a view after an in-place change to the view: the region comes from the view."""

    torch_name = "torch::autograd::CopySlices"
    supports_complex = True

    @staticmethod
    def forward(ctx, base, view_value, view_fn):
        ctx.view_fn = view_fn
        return base  # already updated in place through the view

    overlapping = False  # (the view repeats elements: see ``tracked``)

    @staticmethod
    def backward(ctx, m, g):
        if ctx.overlapping:
            raise RuntimeError(SHARED_ELEMENTS_UPDATE)
        view_fn = ctx.view_fn
        gbase = m.op(ZeroRegion, g, view_fn) if ctx.needs_input_grad[0] else None
        return gbase, view_fn(g, m), None


class ZeroRegion(Op):
    """``g`` with zeros on the region a view function takes of it (the part of a base an in-place
    change of its view overwrote); its own adjoint. Zeros are written rather than multiplied in, so
    that an infinite gradient there gives 0, not NaN, and a part of complex elements (``real``,
    ``view_as_real``) can be the region."""

    supports_complex = True

    @staticmethod
    def forward(ctx, g, view_fn):
        ctx.view_fn = view_fn
        out = g.copy()  # (C order: a view function writes through to it)
        writable(view_fn(out, array_math(ctx.xp)))[...] = 0  # (an expand's view of it is read-only)
        return out

    @staticmethod
    def backward(ctx, m, g):
        return m.op(ZeroRegion, g, ctx.view_fn), None


def _check_same_shape(t, result):
    """In-place results must keep the tensor's shape (no broadcasting to a larger one)."""
    if result._data.shape != t._data.shape:
        raise RuntimeError(f"output with shape {list(t._data.shape)} doesn't match the broadcast shape "
                           f"{list(result._data.shape)}")


def _broadcast_error(data, other):
    """PyTorch's error for an in-place result that does not fit ``data``: the shapes' own when they do
    not broadcast, else the broadcast shape's."""
    try:
        shape = broadcast_shapes(tuple(data.shape), tuple(getattr(other, "shape", ())))
    except RuntimeError as error:
        return error
    return RuntimeError(f"output with shape {list(data.shape)} doesn't match the broadcast shape {list(shape)}")


def needs_graph(t, *others):
    """Whether an in-place change of ``t`` with ``others`` must be recorded."""
    return state.enabled and (t._rg or any(isinstance(o, Tensor) and o._rg for o in others))


# ------------------------------------------------------------------ arithmetic in place
def _binary_inplace(ufunc_name, fn):
    subtracting = ufunc_name == "subtract"
    scaling = subtracting or ufunc_name == "add"  # (PyTorch's self + alpha * other)

    def inplace(self, other, *, alpha=1):
        check_update(self)
        if isinstance(other, Tensor) and other._data.base is not None:  # (a view: it may share self's memory)
            check_no_partial_overlap(self._data, other._data)
        if state.enabled and (self._rg or (isinstance(other, Tensor) and other._rg)):
            if alpha != 1:
                return tracked(self, lambda old, o: fn(old, o, alpha=alpha), other, types_first=True)
            return tracked(self, fn, other, types_first=True)
        # Fast path (the optimizer's updates): straight into the storage.
        data = self._data
        xp = self._device.backend.xp
        if isinstance(other, Tensor):
            if other._device is not self._device:
                _check_device(self, inplace.__name__, other)
            o = other._data
            if o.dtype is not data.dtype:
                _check_castable(self, other.dtype)
            if subtracting and (o.dtype.kind == "b" or data.dtype.kind == "b"):
                _check_bool_subtraction(self, other)
        else:
            o = other if other.__class__ is float or other.__class__ is int else as_operand(other, self, True)
            if o.__class__ is int and data.dtype.kind in "iub":
                if data.dtype.kind == "b":  # (bool + int is int64)
                    _check_castable(self, _dt.int64)
                o = wrapped_int(o, data.dtype)
            elif subtracting and (o.__class__ is bool or data.dtype.kind == "b"):
                _check_bool_subtraction(self, o)
            if isinstance(o, float) and data.dtype.kind != "f":
                _check_castable(self, _dt.get_default_dtype())
            elif o.__class__ is complex and data.dtype.kind != "c":
                _check_castable(self, _dt.complex64)
        if alpha.__class__ is not int or alpha != 1:
            if alpha.__class__ is not float and alpha.__class__ is not complex:  # (a str is PyTorch's TypeError)
                alpha = expect_number(inplace.__name__, alpha, "alpha")
            check_alpha(data.dtype.kind, alpha)
            if data.dtype.kind in "iu":
                alpha = integer_scalar(data.dtype, alpha)
                o = wrapped_int(o * alpha, data.dtype) if o.__class__ is int else o * alpha
            else:
                o = o * (constant(xp, alpha, data.dtype) if data.dtype.kind == "f" else alpha)
        elif scaling and data.dtype.kind == "c":  # (alpha = 1 scales a complex other too: see _times_one)
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
    device = dtype = scale = None  # alpha as a 0-d array, made again only when they change
    for t, o in zip(self, other):
        data = t._data
        od = o._data
        if grad_mode and (t._rg or o._rg) or o._device is not t._device or od.dtype is not data.dtype \
                or od.shape != data.shape:
            add_(t, o, alpha=alpha)  # the general path, with its checks and errors
            continue
        counter = t._version_counter
        if counter.__class__ is not list:
            check_update(t)  # (an inference tensor: refused outside inference mode)
        if alpha != 1:
            if data.dtype is not dtype or t._device is not device:
                device, dtype = t._device, data.dtype
                scale = constant(device.backend.xp, alpha, dtype)
            od = od * scale
        update(t._device.backend.xp.add, data, od)
        counter[0] += 1


