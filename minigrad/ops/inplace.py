"""In-place ops (``add_``, ``mul_``, ``zero_``, ``x[i] = v``, ``x += y`` ...).

Outside the graph (the optimizer's case) they write straight into the
storage. When a gradient must flow, the op is recorded out of place on a
snapshot of the old value, the result is copied into the storage, and the
tensor takes the new node. Either way the version counter goes up, so a
backward that saved the old value raises instead of using stale data.
"""
from .. import creation, dtypes as _dt
from ..autograd.grad_mode import state
from ..autograd.namespace import array_math
from ..autograd.node import Op
from ..autograd.views import refresh_views
from ..random import rng_for
from ..tensor import Tensor, wrap, raise_device_mismatch
from ._api import method
from ._util import broadcast_shapes
from .arithmetic import add, sub, mul, div, pow
from .conversion import cast
from .index import convert_index, check_bounds, _ZERO_DIM_INDEX
from .selection import clamp, clamp_min, clamp_max, masked_fill
from .unary import RULES
from . import _api

_LEAF_ERROR = "a leaf Variable that requires grad is being used in an in-place operation."


def _check_castable(t, result_dtype):
    if result_dtype is not None and result_dtype.category > t.dtype.category:
        raise RuntimeError(f"result type {result_dtype.name.capitalize().replace('Float32', 'Float')} can't be cast "
                           f"to the desired output type {t.dtype._torch_name[:-6]}")


def _check_device(t, name, *others):
    """PyTorch's error for an in-place op whose operands live on another device."""
    for o in others:
        if isinstance(o, Tensor) and o._device is not t._device and o._device != t._device:
            raise_device_mismatch(name, t._device, o._device)


def tracked(t, fn, *args):
    """Record ``t = fn(old_t, *args)`` in the graph and write the result into t's storage.

    When ``t`` is a view, its base's history is rebased as well (PyTorch's
    CopySlices): the base's new node takes the view region from the result.
    """
    view = t._view
    if view is not None:
        base = view[0]
        if base._node is None and base._rg:
            raise RuntimeError("a view of a leaf Variable that requires grad is being used in an in-place operation.")
    elif t._node is None and t._rg:
        raise RuntimeError(_LEAF_ERROR)
    old = wrap(t._data.copy(), t._device, t._node)
    old._rg = t._rg
    r = fn(old, *args)
    _check_same_shape(t, r)
    t._data[...] = r._data
    t._node = r._node
    t._rg = r._rg
    if view is not None and r._rg:
        old_base = wrap(base._data, base._device, base._node)
        old_base._rg = base._rg
        rebased = ViewScatter.apply(old_base, r, view[1])
        base._node = rebased._node
        base._rg = True
    # other views taken earlier now derive their history from the changed root (as torch)
    refresh_views(base if view is not None else t, t)
    t._version[0] += 1
    return t


class ViewScatter(Op):
    """The base of a view after an in-place change to the view: the region comes from the view."""

    torch_name = "CopySlices"

    @staticmethod
    def forward(ctx, base, view_value, view_fn):
        ctx.view_fn = view_fn
        return base  # already updated in place through the view

    @staticmethod
    def backward(ctx, m, g):
        view_fn = ctx.view_fn
        keep = ctx.xp.ones(g.shape, bool)
        view_fn(keep, array_math(ctx.xp))[...] = False  # writes through to the mask: False on the view's region
        gbase = g * m.const(keep, g) if ctx.needs_input_grad[0] else None
        return gbase, view_fn(g, m), None


def _check_same_shape(t, result):
    """In-place results must keep the tensor's shape (no broadcasting to a larger one)."""
    if result._data.shape != t._data.shape:
        raise RuntimeError(f"output with shape {list(t._data.shape)} doesn't match the broadcast shape "
                           f"{list(result._data.shape)}")


def _broadcast_error(data, other):
    try:
        shape = broadcast_shapes(tuple(data.shape), tuple(getattr(other, "shape", ())))
    except RuntimeError:
        shape = getattr(other, "shape", ())
    return RuntimeError(f"output with shape {list(data.shape)} doesn't match the broadcast shape {list(shape)}")


def _needs_graph(t, *others):
    return state.enabled and (t._rg or any(isinstance(o, Tensor) and o._rg for o in others))


# ------------------------------------------------------------------ arithmetic in place
def _binary_inplace(ufunc_name, fn):
    def inplace(self, other, *, alpha=1):
        if state.enabled and (self._rg or (isinstance(other, Tensor) and other._rg)):
            if alpha != 1:
                return tracked(self, lambda old, o: fn(old, o, alpha=alpha), other)
            return tracked(self, fn, other)
        # Fast path (the optimizer's updates): straight into the storage.
        data = self._data
        if isinstance(other, Tensor):
            if other._device is not self._device:
                _check_device(self, inplace.__name__, other)
            o = other._data
            if o.dtype is not data.dtype:
                _check_castable(self, other.dtype)
        else:
            o = other
            if isinstance(other, float) and data.dtype.kind != "f":
                _check_castable(self, _dt.get_default_dtype())
        if alpha != 1:
            o = o * alpha
        try:
            getattr(self._device.backend.xp, ufunc_name)(data, o, out=data, casting="unsafe")
        except ValueError:
            raise _broadcast_error(data, o) from None
        self._version[0] += 1
        return self
    inplace.__name__ = fn.__name__ + "_"
    inplace.__doc__ = f"In-place {fn.__name__}; returns self."
    return inplace


add_ = method("add_", _binary_inplace("add", add))
sub_ = method("sub_", _binary_inplace("subtract", sub))
mul_ = method("mul_", _binary_inplace("multiply", mul))


def div_(self, other, *, rounding_mode=None):
    """In-place division; returns self."""
    if self._data.dtype.kind != "f" and rounding_mode is None:
        _check_castable(self, _dt.get_default_dtype())
    if _needs_graph(self, other):
        return tracked(self, lambda old, o: div(old, o, rounding_mode=rounding_mode), other)
    _check_device(self, "div_", other)
    if rounding_mode is not None:
        self._data[...] = div(self, other, rounding_mode=rounding_mode)._data
    else:
        xp = self._device._get_backend().xp
        xp.true_divide(self._data, other._data if isinstance(other, Tensor) else other, out=self._data,
                       casting="unsafe")
    self._version[0] += 1
    return self


method("div_", div_)
for _name, _fn in (("__iadd__", add_), ("__isub__", sub_), ("__imul__", mul_), ("__itruediv__", div_)):
    method(_name, _fn)


def unary_inplace(fn, name):
    """The in-place twin of function ``fn``: ``t.<name>(*args)`` writes ``fn(t, *args)`` into t."""
    def inplace(self, *args, **kwargs):
        if state.enabled and self._rg:
            return tracked(self, lambda old: fn(old, *args, **kwargs))
        r = fn(self, *args, **kwargs)
        if r._data.dtype.kind == "f" and self._data.dtype.kind != "f":
            _check_castable(self, r.dtype)
        _check_same_shape(self, r)
        self._data[...] = r._data
        self._version[0] += 1
        return self
    inplace.__name__ = name
    inplace.__doc__ = f"In-place {fn.__name__}; returns self."
    return method(name, inplace)


for _rule in RULES:
    unary_inplace(_api.FUNCTIONS[_rule.name], _rule.name + "_")
unary_inplace(clamp, "clamp_")
unary_inplace(clamp, "clip_")
unary_inplace(clamp_min, "clamp_min_")
unary_inplace(clamp_max, "clamp_max_")
method("__ipow__", unary_inplace(pow, "pow_"))


# ------------------------------------------------------------------ fills and copies
class Fill(Op):
    """Every element set to ``value``: the old values get a zero gradient."""

    torch_name = "FillBackward2"

    @staticmethod
    def forward(ctx, old, value):
        return ctx.xp.full_like(old, value)

    @staticmethod
    def backward(ctx, m, g):
        return m.zeros_like(g)


class Zero(Fill):
    torch_name = "ZeroBackward0"


def zero_(self):
    """Fill with zeros in place; returns self."""
    if state.enabled and self._rg:
        return tracked(self, lambda old: Zero.apply(old, 0))
    self._data.fill(0)
    self._version[0] += 1
    return self


def fill_(self, value):
    """Fill with ``value`` in place; returns self."""
    v = value.item() if isinstance(value, Tensor) else value
    if state.enabled and self._rg:
        return tracked(self, lambda old: Fill.apply(old, v))
    self._data.fill(v)
    self._version[0] += 1
    return self


method("zero_", zero_)
method("fill_", fill_)


class CopyFrom(Op):
    """The old values replaced by ``src`` (broadcast): the gradient goes to ``src`` only."""

    torch_name = "CopyBackwards"

    @staticmethod
    def forward(ctx, old, src):
        ctx.src_shape = src.shape
        return ctx.xp.broadcast_to(src, old.shape).copy()

    @staticmethod
    def backward(ctx, m, g):
        return (m.zeros_like(g) if ctx.needs_input_grad[0] else None), m.sum_to(g, ctx.src_shape)


def copy_(self, src, non_blocking=False):
    """Copy ``src`` (broadcast, cast, moved to this device) into this tensor; returns self."""
    if not isinstance(src, Tensor):
        src = creation.tensor(src)
    if state.enabled and (self._rg or src._rg):
        if self._node is None and self._rg:
            raise RuntimeError(_LEAF_ERROR)

        def fn(old, s):
            s = s.to(old._device) if s._device != old._device else s
            s = s.to(old.dtype) if s.dtype is not old.dtype else s
            try:
                return CopyFrom.apply(old, s)
            except ValueError:
                raise _copy_shape_error(old, s) from None
        return tracked(self, fn, src)
    data = src._data
    if src._device != self._device:
        data = self._device._get_backend().asarray(src._device._get_backend().to_numpy(data))
    try:
        self._data[...] = data
    except ValueError:
        raise _copy_shape_error(self, src) from None
    self._version[0] += 1
    return self


def _copy_shape_error(dst, src):
    return RuntimeError(f"The size of tensor a ({dst.shape[-1] if dst.ndim else 1}) must match the size of "
                        f"tensor b ({src.shape[-1] if src.ndim else 1}) at non-singleton dimension "
                        f"{max(dst.ndim - 1, 0)}")


method("copy_", copy_)


def _random_fill(self, draw, generator):
    if state.enabled and self._rg and self._node is None:
        raise RuntimeError(_LEAF_ERROR)
    rng = rng_for(generator, self._device)
    arr = draw(rng, self._data.shape)
    self._data[...] = arr if self._device.type == "cpu" else self._device._get_backend().asarray(arr)
    self._version[0] += 1
    return self


def normal_(self, mean=0.0, std=1.0, *, generator=None):
    """Fill with normal samples in place; returns self."""
    # standard_normal, not normal: cupy.random.Generator has no normal (NumPy's computes the same)
    return _random_fill(self, lambda r, s: r.standard_normal(s) * std + mean, generator)


def uniform_(self, a=0.0, b=1.0, *, generator=None):
    """Fill with uniform samples on [a, b) in place; returns self."""
    return _random_fill(self, lambda r, s: r.uniform(a, b, s), generator)


def bernoulli_(self, p=0.5, *, generator=None):
    """Fill with 0/1 samples (probability p) in place; returns self."""
    return _random_fill(self, lambda r, s: r.random(s) < p, generator)


def random_(self, from_=0, to=None, *, generator=None):
    """Fill with random integers in [from, to) in place; returns self."""
    if to is None:
        from_, to = 0, from_ if from_ else 2 ** 24
    return _random_fill(self, lambda r, s: r.integers(from_, to, s), generator)


def exponential_(self, lambd=1.0, *, generator=None):
    """Fill with exponential samples in place; returns self."""
    return _random_fill(self, lambda r, s: r.exponential(1.0 / lambd, s), generator)


for _fn in (normal_, uniform_, bernoulli_, random_, exponential_):
    method(_fn.__name__, _fn)


def masked_fill_(self, mask, value):
    """Write ``value`` where ``mask`` is True, in place; returns self."""
    if _needs_graph(self, value):
        return tracked(self, lambda old: masked_fill(old, mask, value))
    v = value.item() if isinstance(value, Tensor) else value
    xp = self._device._get_backend().xp
    xp.copyto(self._data, xp.asarray(v, dtype=self._data.dtype), where=xp.broadcast_to(mask._data, self._data.shape))
    self._version[0] += 1
    return self


def addcmul_(self, tensor1, tensor2, *, value=1):
    """self += value * tensor1 * tensor2, in place; returns self."""
    if _needs_graph(self, tensor1, tensor2):
        return tracked(self, lambda old: old + value * tensor1 * tensor2)
    _check_device(self, "addcmul_", tensor1, tensor2)
    prod = tensor1._data * tensor2._data
    if value != 1:
        prod *= value
    self._data += prod
    self._version[0] += 1
    return self


def addcdiv_(self, tensor1, tensor2, *, value=1):
    """self += value * tensor1 / tensor2, in place; returns self."""
    if _needs_graph(self, tensor1, tensor2):
        return tracked(self, lambda old: old + value * tensor1 / tensor2)
    _check_device(self, "addcdiv_", tensor1, tensor2)
    q = tensor1._data / tensor2._data
    if value != 1:
        q *= value
    self._data += q
    self._version[0] += 1
    return self


def lerp_(self, end, weight):
    """self += weight * (end - self), in place; returns self."""
    if _needs_graph(self, end, weight):
        return tracked(self, lambda old: old + weight * (end - old))
    _check_device(self, "lerp_", end, weight)
    w = weight._data if isinstance(weight, Tensor) else weight
    self._data += w * (end._data - self._data)
    self._version[0] += 1
    return self


for _fn in (masked_fill_, addcmul_, addcdiv_, lerp_):
    method(_fn.__name__, _fn)


# ------------------------------------------------------------------ x[index] = value
class SetItem(Op):
    """A copy of ``x`` with ``value`` written at ``idx`` (the recorded form of ``x[idx] = value``)."""

    torch_name = "IndexPutBackward0"

    @staticmethod
    def forward(ctx, x, value, idx):
        ctx.idx = idx
        ctx.value_shape = getattr(value, "shape", ())
        out = x.copy()
        out[idx] = value
        return out

    @staticmethod
    def backward(ctx, m, g):
        nx, nv = ctx.needs_input_grad[:2]
        gx = gv = None
        if nx:
            mask = ctx.xp.ones(g.shape, bool)
            mask[ctx.idx] = False
            gx = g * m.const(mask, g)
        if nv:
            gv = m.sum_to(g[ctx.idx], ctx.value_shape)
        return gx, gv


def setitem(t, index, value):
    """``t[index] = value`` in place (recorded in the graph when gradients are needed)."""
    value_is_tensor = isinstance(value, Tensor)
    if index.__class__ is int and not (state.enabled and (t._rg or (value_is_tensor and value._rg))) and (
            not value_is_tensor or value._device is t._device):
        # Fast path (the element loop of course code, c[i] = a[i] + b[i]): straight into the storage.
        data = t._data
        if data.ndim == 0:
            raise IndexError(_ZERO_DIM_INDEX)
        n = data.shape[0]
        if not -n <= index < n:
            raise IndexError(f"index {index} is out of bounds for dimension 0 with size {n}")
        data[index] = value._data if value_is_tensor else value
        t._version[0] += 1
        return
    idx, _ = convert_index(index, t)
    check_bounds(t._data.shape, idx, False)
    if value_is_tensor:
        if value._device is not t._device and value._device != t._device:
            raise_device_mismatch("index_put_", t._device, value._device)
        needs_graph = state.enabled and (t._rg or value._rg)
        if value._data.dtype != t._data.dtype:
            value = cast(value, t.dtype)
    else:
        needs_graph = state.enabled and t._rg
    if needs_graph:
        tracked(t, lambda old, v: SetItem.apply(old, v, idx), value)
        return
    t._data[idx] = value._data if isinstance(value, Tensor) else value
    t._version[0] += 1


method("__setitem__", setitem)
