"""Filling a tensor with random samples in place: ``uniform_``, ``normal_``, ``cauchy_``,
``exponential_``, ``geometric_``, ``log_normal_`` and ``bernoulli_``; ``random_`` (integers)
is ``random_integers.py``, on the same ``RandomFill`` op.

On the CPU the draws come from PyTorch's own stream (``minigrad.mersenne``) and are computed as
PyTorch's CPU kernels compute them, so a seeded program fills the same numbers. A tensor that
is part of a graph records the fill (a node of PyTorch's name, ``CauchyBackward0`` ...) whose
gradient is zero: the new values do not depend on the old ones."""
import math
import numbers

import numpy as _np

from .. import dtypes as _dt
from .._errors import check_failed
from ..autograd.grad_mode import state, check_update
from ..autograd.op import Op
from ..mersenne import _fused_multiply_add
from ..random import in_memory_order, rng_for
from ..tensor import Tensor
from ._api import method
from .inplace_tracking import tracked, LEAF_ERROR

#: the dtype names PyTorch's "not implemented for" messages use
_KERNEL_NAMES = {"float16": "Half", "float32": "Float", "float64": "Double", "int64": "Long", "int32": "Int",
                 "int16": "Short", "int8": "Char", "uint8": "Byte", "bool": "Bool", "complex64": "ComplexFloat",
                 "complex128": "ComplexDouble"}


class RandomFill(Op):
    """The old values replaced by random ``values`` drawn beforehand: zero gradients (also for a
    probability tensor ``p``, as PyTorch's ``bernoulli_``)."""

    def name(self):
        return self.node_name

    @staticmethod
    def forward(ctx, old, values, node_name, p=None):
        ctx.node_name = node_name
        return values.astype(old.dtype)

    @staticmethod
    def backward(ctx, m, g):
        if len(ctx.needs_input_grad) > 3:  # (bernoulli_'s probability tensor)
            return m.zeros_like(g), None, None, m.zeros_like(g) if ctx.needs_input_grad[3] else None
        return m.zeros_like(g), None, None


def _fill(self, draw, generator, node_name, p=None):
    """Write ``draw(rng, shape)`` (a host or device array) into ``self``; recorded as ``node_name``
    (zero gradient) when ``self`` (or the Tensor ``p``) is part of a graph."""
    check_update(self)
    if state.enabled and self._rg and self._node is None and self._view is None:
        raise RuntimeError(LEAF_ERROR)
    rng = rng_for(generator, self._device)
    values = in_memory_order(self._data, lambda shape: draw(rng, shape))
    if self._device.type != "cpu":
        values = self._device._get_backend().asarray(values)  # (a host stream's draw moves over)
    if state.enabled and (self._rg or (isinstance(p, Tensor) and p._rg)):
        return tracked(self, lambda old, *rest: RandomFill.apply(old, values, node_name, *rest),
                       *((p,) if isinstance(p, Tensor) else ()))
    self._data[...] = values
    self._version_counter[0] += 1
    return self


def _number(name, arg, position, value):
    """A Python float from a number or a one-element Tensor, else PyTorch's TypeError."""
    if isinstance(value, Tensor) and value.numel() == 1:
        return float(value.item())
    if isinstance(value, (numbers.Real, _np.generic)) and not isinstance(value, _np.complexfloating):
        return float(value)
    raise TypeError(f"{name}(): argument '{arg}' (position {position}) must be float, not {type(value).__name__}")


def _fmt(x):
    return f"{x:g}" if isinstance(x, float) else str(x)


def _dtype_name(t):
    return t.dtype.np.name if hasattr(t.dtype, "np") else str(t._data.dtype)


def _floating_only(name, self):
    """PyTorch's NotImplementedError of a kernel that has no integer (or complex) version."""
    kind = self._data.dtype.kind
    if kind not in "f":
        raise NotImplementedError(f'"{name}" not implemented for \'{_KERNEL_NAMES.get(_dtype_name(self))}\'')


def _continuous_only(distribution, self, kernel_style):
    """PyTorch's RuntimeError for a continuous distribution asked of an integer (or complex) tensor."""
    if self._data.dtype.kind != "f":
        dt = _dtype_name(self)
        shown = _KERNEL_NAMES.get(dt) if kernel_style else _dt.C_NAMES.get(dt)
        raise RuntimeError(f"{distribution} distribution is a continuous probability distribution. dtype must be a "
                           f"floating point but you specified {shown}")


def _fill_complex(self, fill, args, generator, node_name):
    """A complex tensor filled as PyTorch fills it: its real and imaginary parts are drawn as
    pairs of real numbers (``fill(pairs, *args)``) of its parts' dtype."""
    real_dtype = _dt.float32 if self._data.dtype == _np.complex64 else _dt.float64
    pairs = self.new_empty(tuple(self.shape) + (2,), dtype=real_dtype)
    fill(pairs, *args, generator=generator)
    values = pairs._data[..., 0] + 1j * pairs._data[..., 1]
    return _fill(self, lambda r, s: values, None, node_name)


def _draw_dtype(t):
    """The dtype PyTorch draws a tensor's uniform and normal floats in: its own for float16 and float32,
    else float64."""
    return t._data.dtype.type if t._data.dtype in (_np.float16, _np.float32) else _np.float64


def _generator_dtype(dtype):
    """A dtype a device generator draws (NumPy's and CuPy's draw float32 or float64 only)."""
    return _np.float32 if dtype == _np.float16 else dtype


def _host(r, name):
    """The stream's method ``name`` if it is PyTorch's host stream (also seen through ``compile``'s
    recorder), else None: a device generator draws uniforms and the formula runs on them."""
    fn = getattr(r, name, None)
    return fn if fn is not None and getattr(r, "_one_normal", None) is not None else None


# ---------------------------------------------------------------------------- the fills
def normal_(self, mean=0.0, std=1.0, *, generator=None):
    """Fill with normal samples of mean ``mean`` and standard deviation ``std`` in place; returns self."""
    mean, std = _number("normal_", "mean", 1, mean), _number("normal_", "std", 2, std)
    if not std >= 0:
        raise RuntimeError(f"normal expects std >= 0.0, but found std {_fmt(std)}")
    if self._data.dtype.kind == "c":  # (PyTorch: each part from N(mean, std**2 / 2), drawn as real numbers)
        return _fill_complex(self, normal_, (mean, std / math.sqrt(2)), generator, "NormalBackward0")
    _floating_only("normal_kernel_cpu", self)
    dtype = _draw_dtype(self)

    def draw(r, s):
        host = _host(r, "normal")
        if host is not None:
            return host(mean, std, s, dtype=dtype)
        return r.standard_normal(s, dtype=_generator_dtype(dtype)) * std + mean  # (cupy's Generator has no normal)
    return _fill(self, draw, generator, "NormalBackward0")


def _from_to(name, args, named, default_from, default_to):
    """(from, to) given by position or by PyTorch's names. ``from`` is a Python keyword, so the
    names arrive through ``**named``: ``uniform_(**{"from": 0, "to": 1})`` works as in PyTorch."""
    for key in named:
        if key not in ("from", "to"):
            raise TypeError(f"{name}() got an unexpected keyword argument '{key}'")
    if len(args) > 2:
        raise TypeError(f"{name}() takes at most 2 positional arguments ({len(args)} given)")
    given = dict(zip(("from", "to"), args))
    for key, value in named.items():
        if key in given:
            raise TypeError(f"{name}() got multiple values for argument '{key}'")
        given[key] = value
    return given.get("from", default_from), given.get("to", default_to)


def uniform_(self, *args, generator=None, **named):
    """Fill with uniform samples on [from, to) in place (defaults 0 and 1); returns self. On the host
    stream, as PyTorch's CPU kernel computes them, bit for bit (``MersenneStream.uniform``)."""
    low, high = _from_to("uniform_", args, named, 0.0, 1.0)
    low, high = _number("uniform_", "from", 1, low), _number("uniform_", "to", 2, high)
    if self._data.dtype.kind == "c":  # (PyTorch: real and imaginary parts each uniform on [from, to))
        return _fill_complex(self, uniform_, (low, high), generator, "UniformBackward0")
    _floating_only("check_uniform_bounds", self)
    info = _np.finfo(self._data.dtype)
    c_name = _dt.C_NAMES.get(_dtype_name(self))
    if not info.min <= low <= info.max:
        raise RuntimeError(f"from is out of bounds for {c_name}")
    if not info.min <= high <= info.max:
        raise RuntimeError(f"to is out of bounds for {c_name}")
    if not low <= high:
        raise RuntimeError(f"uniform_ expects to return a [from, to) range, but found from={_fmt(low)} > "
                           f"to={_fmt(high)}")
    if not high - low <= info.max:
        limits = f"std::numeric_limits<{self.dtype._torch_name[:-6]}>::max()"  # (PyTorch's name: Float, Double, Half)
        raise RuntimeError(f"uniform_ expects to-from <= {limits}, but found to={_fmt(high)} and from={_fmt(low)} "
                           "which result in to-from to exceed the limit")
    dtype = _draw_dtype(self)  # (float32 tensors take float32 uniforms, as PyTorch: 24 random bits)

    def draw(r, s):
        host = _host(r, "uniform")
        if host is not None:  # (the host stream: PyTorch's arithmetic, bit for bit)
            return host(low, high, s, dtype=dtype)
        return low + (high - low) * r.random(s, dtype=_generator_dtype(dtype)).astype(_np.float64)
    return _fill(self, draw, generator, "UniformBackward0")


def cauchy_(self, median=0.0, sigma=1.0, *, generator=None):
    """Fill with Cauchy samples of location ``median`` and scale ``sigma`` in place; returns self
    (``median + sigma * tan(pi * (u - 1/2))`` of float64 uniforms, as PyTorch's CPU kernel)."""
    median, sigma = _number("cauchy_", "median", 1, median), _number("cauchy_", "sigma", 2, sigma)
    if not sigma > 0:
        raise RuntimeError(f"cauchy_ expects sigma > 0.0, but found sigma={_fmt(sigma)}")
    _continuous_only("Cauchy", self, kernel_style=False)

    def draw(r, s):
        host = _host(r, "standard_cauchy")
        if host is not None:
            return _fused_multiply_add(host(s), _np.float64(sigma), _np.float64(median))
        xp = self._device._get_backend().xp
        return median + sigma * xp.tan(math.pi * (r.random(s, dtype=_np.float64) - 0.5))
    return _fill(self, draw, generator, "CauchyBackward0")


def exponential_(self, lambd=1.0, *, generator=None):
    """Fill with exponential samples of rate ``lambd`` in place; returns self (``-log1p(-u) / lambd`` of
    float64 uniforms, as PyTorch's CPU kernel)."""
    lambd = _number("exponential_", "lambd", 1, lambd)
    if not lambd > 0:
        raise RuntimeError(f"exponential_ expects lambda > 0.0, but found lambda={_fmt(lambd)}")
    _continuous_only("Exponential", self, kernel_style=True)
    return _fill(self, lambda r, s: r.exponential(1.0 / lambd, s), generator, "ExponentialBackward0")


def geometric_(self, p, *, generator=None):
    """Fill with geometric samples (the number of trials up to the first success, success probability
    ``p``) in place; returns self. Integer tensors too."""
    p = _number("geometric_", "p", 1, p)
    if not 0 < p < 1:
        raise RuntimeError(f"geometric_ expects p to be in (0, 1), but got p={_fmt(p)}")
    if self._data.dtype.kind in "bc":
        raise NotImplementedError(f'"geometric_cpu" not implemented for \'{_KERNEL_NAMES.get(_dtype_name(self))}\'')

    def draw(r, s):
        host = _host(r, "geometric")
        if host is not None:
            return host(p, s)
        xp = self._device._get_backend().xp
        return xp.ceil(xp.log(r.random(s, dtype=_np.float64)) / math.log1p(-p))
    return _fill(self, draw, generator, "GeometricBackward0")


def log_normal_(self, mean=1.0, std=2.0, *, generator=None):
    """Fill with log-normal samples (``exp`` of normal samples of mean ``mean`` and standard deviation
    ``std``) in place; returns self."""
    mean, std = _number("log_normal_", "mean", 1, mean), _number("log_normal_", "std", 2, std)
    if not std > 0:
        raise RuntimeError(f"log_normal_ expects std > 0.0, but found std={_fmt(std)}")
    _floating_only("log_normal_cpu", self)

    def draw(r, s):
        host = _host(r, "lognormal")
        if host is not None:
            return host(mean, std, s)
        xp = self._device._get_backend().xp
        return xp.exp(r.standard_normal(s, dtype=_np.float64) * std + mean)
    return _fill(self, draw, generator, "LogNormalBackward0")


def bernoulli_(self, p=0.5, *, generator=None):
    """Fill with 0/1 samples in place, 1 with probability ``p`` (a number, or a Tensor broadcast to
    self's shape); returns self. A float32 ``p`` tensor compares float32 uniforms, else float64 ones."""
    if isinstance(p, Tensor):
        if p._data.dtype.kind != "f":
            raise NotImplementedError(f'"bernoulli_tensor_cpu_p_" not implemented for '
                                      f"'{_KERNEL_NAMES.get(_dtype_name(p))}'")
        probs = p.detach().cpu().numpy()
        if probs.size and not ((probs >= 0) & (probs <= 1)).all():
            raise check_failed("p_in >= 0 && p_in <= 1")
        try:
            probs = _np.broadcast_to(probs, tuple(self.shape))
        except ValueError:
            raise RuntimeError(f"The expanded size of the tensor ({self.shape[-1] if self.ndim else 1}) must match "
                               f"the existing size ({p.shape[-1] if p.ndim else 1}) at non-singleton dimension "
                               f"{max(self.ndim - 1, 0)}.  Target sizes: {list(self.shape)}.  Tensor sizes: "
                               f"{list(p.shape)}") from None
        if self._data.dtype.kind == "c":
            raise NotImplementedError(f'"bernoulli_tensor_cpu_self_" not implemented for '
                                      f"'{_KERNEL_NAMES.get(_dtype_name(self))}'")
        dtype = _np.float32 if probs.dtype == _np.float32 else _np.float64
        xp = self._device._get_backend().xp
        return _fill(self, lambda r, s: r.random(s, dtype=dtype) < xp.asarray(probs), generator,
                     "BernoulliBackward1", p)
    if isinstance(p, (str, bytes)) or not isinstance(p, (numbers.Real, _np.generic)):
        raise TypeError(f"bernoulli_() received an invalid combination of arguments - got ({type(p).__name__}), but "
                        "expected one of: (Tensor p, *, torch.Generator generator), (float p, *, torch.Generator "
                        "generator)")
    p = float(p)
    if not 0 <= p <= 1:
        raise RuntimeError(f"bernoulli_ expects p to be in [0, 1], but got p={_fmt(p)}")
    if self._data.dtype.kind == "c":
        raise NotImplementedError(f'"bernoulli_scalar_cpu_" not implemented for '
                                  f"'{_KERNEL_NAMES.get(_dtype_name(self))}'")
    return _fill(self, lambda r, s: r.random(s, dtype=_np.float64) < p, generator, "BernoulliBackward2")


for _fn in (normal_, uniform_, cauchy_, exponential_, geometric_, log_normal_, bernoulli_):
    method(_fn.__name__, _fn)
