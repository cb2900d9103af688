"""In-place ops (``add_``, ``mul_``, ``zero_``, ``x += y`` ...).

Outside the graph (the optimizer's case) they write straight into the
storage. When a gradient must flow, the op is recorded out of place on a
snapshot of the old value, the result is copied into the storage, and the
tensor takes the new node. Either way the version counter goes up, so a
backward that saved the old value raises instead of using stale data.
"""
from ..autograd.grad_mode import state
from ..tensor import Tensor, wrap
from .. import dtypes as _dt
from . import elementwise as E
from ._views import refresh_views
from . import _grad_ops as G
from ..autograd.function import Op

_LEAF_ERROR = "a leaf Variable that requires grad is being used in an in-place operation."


def _check_castable(t, result_dtype):
    if result_dtype is not None and result_dtype.category > t.dtype.category:
        raise RuntimeError(f"result type {result_dtype.name.capitalize().replace('Float32', 'Float')} can't be cast "
                           f"to the desired output type {t.dtype._torch_name[:-6]}")


def _check_device(t, name, *others):
    """PyTorch's error for an in-place op whose operands live on another device."""
    for o in others:
        if isinstance(o, Tensor) and o._device is not t._device and o._device != t._device:
            from ..tensor import raise_device_mismatch
            raise_device_mismatch(name, t._device, o._device)


def _tracked(t, fn, *args):
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

    @staticmethod
    def forward(ctx, base, view_value, view_fn):
        ctx.view_fn = view_fn
        return base  # already updated in place through the view

    @staticmethod
    def backward(ctx, g):
        view_fn = ctx.view_fn
        keep = ctx.xp.ones(g.shape, bool)
        view_fn(keep)[...] = False  # writes through to the mask: False on the view's region
        gbase = g * G.const(keep, g) if ctx.needs_input_grad[0] else None
        return gbase, view_fn(g), None


def _check_same_shape(t, result):
    """In-place results must keep the tensor's shape (no broadcasting to a larger one)."""
    if result._data.shape != t._data.shape:
        raise RuntimeError(f"output with shape {list(t._data.shape)} doesn't match the broadcast shape "
                           f"{list(result._data.shape)}")


def _broadcast_shape(a, b):
    from ._util import broadcast_shapes
    try:
        return broadcast_shapes(tuple(a.shape), tuple(getattr(b, "shape", ())))
    except RuntimeError:
        return getattr(b, "shape", ())


def _needs_graph(t, other):
    return state.enabled and (t._rg or (isinstance(other, Tensor) and other._rg))


def _raw(other):
    return other._data if isinstance(other, Tensor) else other


def _binary_inplace(ufunc_name, fn):
    def method(self, other, *, alpha=1):
        if state.enabled and (self._rg or (isinstance(other, Tensor) and other._rg)):
            if alpha != 1:
                return _tracked(self, lambda old, o: fn(old, o, alpha=alpha), other)
            return _tracked(self, fn, other)
        data = self._data
        if isinstance(other, Tensor):
            if other._device is not self._device:
                _check_device(self, method.__name__, other)
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
            getattr(self._device._get_backend().xp, ufunc_name)(data, o, out=data, casting="unsafe")
        except ValueError:
            raise RuntimeError(f"output with shape {list(data.shape)} doesn't match the broadcast shape "
                               f"{list(_broadcast_shape(data, o))}") from None
        self._version[0] += 1
        return self
    method.__name__ = fn.__name__ + "_"
    method.__doc__ = f"In-place {fn.__name__}; returns self."
    return method


add_ = _binary_inplace("add", E.add)
sub_ = _binary_inplace("subtract", E.sub)
mul_ = _binary_inplace("multiply", E.mul)


def div_(self, other, *, rounding_mode=None):
    """In-place division; returns self."""
    if self._data.dtype.kind != "f" and rounding_mode is None:
        _check_castable(self, _dt.get_default_dtype())
    if _needs_graph(self, other) or rounding_mode is not None:
        if not _needs_graph(self, other):
            r = E.div(self, other, rounding_mode=rounding_mode)
            self._data[...] = r._data
            self._version[0] += 1
            return self
        return _tracked(self, lambda old, o: E.div(old, o, rounding_mode=rounding_mode), other)
    _check_device(self, "div_", other)
    xp = self._device._get_backend().xp
    xp.true_divide(self._data, _raw(other), out=self._data, casting="unsafe")
    self._version[0] += 1
    return self


def _unary_inplace(fn):
    def method(self, *args, **kwargs):
        if state.enabled and self._rg:
            return _tracked(self, lambda old: fn(old, *args, **kwargs))
        r = fn(self, *args, **kwargs)
        if r._data.dtype.kind == "f" and self._data.dtype.kind != "f":
            _check_castable(self, r.dtype)
        _check_same_shape(self, r)
        self._data[...] = r._data
        self._version[0] += 1
        return self
    method.__name__ = fn.__name__ + "_"
    method.__doc__ = f"In-place {fn.__name__}; returns self."
    return method


def _pow(x, e):
    return E.pow(x, e)


clamp_ = _unary_inplace(E.clamp)
clamp_min_ = _unary_inplace(E.clamp_min)
clamp_max_ = _unary_inplace(E.clamp_max)
pow_ = _unary_inplace(_pow)
exp_ = _unary_inplace(E.exp)
log_ = _unary_inplace(E.log)
sqrt_ = _unary_inplace(E.sqrt)
abs_ = _unary_inplace(E.abs)
neg_ = _unary_inplace(E.neg)
relu_ = _unary_inplace(E.relu)
sigmoid_ = _unary_inplace(E.sigmoid)
tanh_ = _unary_inplace(E.tanh)


def _fill_tracked(t, make):
    """In-place fill: a recorded op whose gradient to the old value is zero."""
    return _tracked(t, lambda old: E.mul(old, 0) + make(old))


def zero_(self):
    """Fill with zeros in place; returns self."""
    if state.enabled and self._rg:
        if self._node is None:
            raise RuntimeError(_LEAF_ERROR)
        return _tracked(self, lambda old: E.mul(old, 0))
    self._data.fill(0)
    self._version[0] += 1
    return self


def fill_(self, value):
    """Fill with ``value`` in place; returns self."""
    v = value.item() if isinstance(value, Tensor) else value
    if state.enabled and self._rg:
        return _tracked(self, lambda old: E.mul(old, 0) + v)
    self._data.fill(v)
    self._version[0] += 1
    return self


def copy_(self, src, non_blocking=False):
    """Copy ``src`` (broadcast, cast, moved to this device) into this tensor; returns self."""
    if not isinstance(src, Tensor):
        from ..creation import tensor
        src = tensor(src)
    if state.enabled and (self._rg or src._rg):
        if self._node is None and self._rg:
            raise RuntimeError(_LEAF_ERROR)

        def fn(old, s):
            s = s.to(old._device) if s._device != old._device else s
            s = s.to(old.dtype) if s.dtype is not old.dtype else s
            return E.mul(old, 0) + s
        return _tracked(self, fn, src)
    data = src._data
    if src._device != self._device:
        data = self._device._get_backend().asarray(src._device._get_backend().to_numpy(data))
    try:
        self._data[...] = data
    except ValueError:
        raise RuntimeError(f"The size of tensor a ({self.shape[-1] if self.ndim else 1}) must match the size of "
                           f"tensor b ({src.shape[-1] if src.ndim else 1}) at non-singleton dimension "
                           f"{max(self.ndim - 1, 0)}") from None
    self._version[0] += 1
    return self


def _random_fill(self, draw, generator):
    from ..random import rng_for
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


def masked_fill_(self, mask, value):
    """Write ``value`` where ``mask`` is True, in place; returns self."""
    from .index import masked_fill
    if state.enabled and (self._rg or (isinstance(value, Tensor) and value._rg)):
        return _tracked(self, lambda old: masked_fill(old, mask, value))
    v = value.item() if isinstance(value, Tensor) else value
    xp = self._device._get_backend().xp
    xp.copyto(self._data, xp.asarray(v, dtype=self._data.dtype), where=xp.broadcast_to(mask._data, self._data.shape))
    self._version[0] += 1
    return self


def addcmul_(self, tensor1, tensor2, *, value=1):
    """self += value * tensor1 * tensor2, in place; returns self."""
    if state.enabled and (self._rg or tensor1._rg or tensor2._rg):
        return _tracked(self, lambda old: old + value * tensor1 * tensor2)
    _check_device(self, "addcmul_", tensor1, tensor2)
    prod = tensor1._data * tensor2._data
    if value != 1:
        prod *= value
    self._data += prod
    self._version[0] += 1
    return self


def addcdiv_(self, tensor1, tensor2, *, value=1):
    """self += value * tensor1 / tensor2, in place; returns self."""
    if state.enabled and (self._rg or tensor1._rg or tensor2._rg):
        return _tracked(self, lambda old: old + value * tensor1 / tensor2)
    _check_device(self, "addcdiv_", tensor1, tensor2)
    q = tensor1._data / tensor2._data
    if value != 1:
        q *= value
    self._data += q
    self._version[0] += 1
    return self


def lerp_(self, end, weight):
    """self += weight * (end - self), in place; returns self."""
    if state.enabled and (self._rg or end._rg):
        return _tracked(self, lambda old: old + weight * (end - old))
    _check_device(self, "lerp_", end, weight)
    w = weight._data if isinstance(weight, Tensor) else weight
    self._data += w * (end._data - self._data)
    self._version[0] += 1
    return self
