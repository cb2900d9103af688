"""Activations with kinks or parameters: hardtanh (and relu6), threshold, hardshrink, softshrink,
hardswish and hardsigmoid (the ELU family is in ``elu.py``, prelu in ``prelu.py``, gelu in
``gelu.py``); and how ``nn.functional`` runs any of them in place.

Each gradient follows PyTorch at the kinks and at NaN (as its vectorised CPU loops give it: its
scalar tail loops differ at NaN): hardtanh and the shrinks pass the gradient strictly inside their
linear pieces (0 at NaN), threshold where x > threshold (and at NaN); hardswish has the middle
slope only strictly between -3 and 3 (NaN at NaN). Second derivatives are PyTorch's too (zero
where the pieces are linear). ``nn.functional`` checks the arguments; these functions trust them.
"""
from ..autograd.grad_mode import state, check_update
from ..autograd.input_dependence import not_implemented
from ..autograd.namespace import ARRAY_CORE, constant, provide
from ..autograd.op import Op
from ..kernels.masks import select
from .inplace_tracking import tracked, _check_same_shape
from ._saved_fields import argument


def _bound(xp, value, x):
    """A Python number beside array ``x``: a 0-d array of x's dtype for floats (NumPy keeps the dtype)."""
    return constant(xp, value, x.dtype) if x.dtype.kind == "f" else value


class Hardtanh(Op):
    """clamp(x, lo, hi) whose gradient passes only strictly between lo and hi (not at NaN)."""

    edge_args = slice(0, 1)  # (the edges of PyTorch's node)

    saves = (True,)
    saved_fields = {"min_val": argument(1), "max_val": argument(2)}
    input_gradient_node = True
    complex_error = (NotImplementedError, "clamp is not supported for complex types")

    @staticmethod
    def forward(ctx, x, lo, hi):
        xp = ctx.xp
        # (the bounds first: x is kept where it equals one, -0.0 included, as clamp keeps it)
        return xp.minimum(_bound(xp, hi, x), xp.maximum(_bound(xp, lo, x), x)).astype(x.dtype, copy=False)

    @staticmethod
    def backward(ctx, m, g, x, lo, hi):
        return m.masked((x > m.scalar(lo, x)) & (x < m.scalar(hi, x)), g)


class Threshold(Op):
    """``value`` where x <= threshold, else x; the gradient passes where x > threshold (and at NaN)."""

    edge_args = slice(0, 1)  # (the edges of PyTorch's node)

    saves = (True,)
    input_gradient_node = True
    complex_error = (NotImplementedError, "\"threshold_cpu\" not implemented for '{kind}'")

    @staticmethod
    def forward(ctx, x, threshold, value):
        xp = ctx.xp
        return xp.where(x <= _bound(xp, threshold, x), _bound(xp, value, x), x).astype(x.dtype, copy=False)

    @staticmethod
    def backward(ctx, m, g, x, threshold, value):
        return m.masked(~(x <= m.scalar(threshold, x)), g)


class ThresholdInPlace(Threshold):
    """threshold as ``threshold_`` records it: PyTorch names that node apart (its gradient is the same)."""

    torch_name = "ThresholdBackward1"


class Hardshrink(Op):
    """0 where -lambd <= x <= lambd, else x."""

    saves = (True,)
    input_gradient_node = True

    @staticmethod
    def forward(ctx, x, lambd):
        xp = ctx.xp
        inside = (x >= _bound(xp, -lambd, x)) & (x <= _bound(xp, lambd, x))
        return xp.where(inside, xp.zeros((), x.dtype), x)

    @staticmethod
    def backward(ctx, m, g, x, lambd):
        return m.masked((x < m.scalar(-lambd, x)) | (x > m.scalar(lambd, x)), g)


class Softshrink(Op):
    """0 where |x| <= lambd, else x moved lambd towards 0."""

    saves = (True,)
    input_gradient_node = True

    @staticmethod
    def forward(ctx, x, lambd):
        xp = ctx.xp
        lam = _bound(xp, lambd, x)
        return xp.where(xp.abs(x) <= lam, xp.zeros((), x.dtype), x - xp.sign(x) * lam)

    @staticmethod
    def backward(ctx, m, g, x, lambd):
        return m.masked(m.abs(x) > m.scalar(lambd, x), g)


def _hardswish_slope(m, x):
    """hardswish'(x): 0 for x <= -3, x/3 + 1/2 strictly between -3 and 3 (NaN at NaN), 1 from 3 on."""
    middle = x / m.scalar(3, x) + m.scalar(0.5, x)
    return m.where(x <= m.scalar(-3, x), m.zeros_like(x), m.where(x >= m.scalar(3, x), m.zeros_like(x) + 1, middle))


class HardswishGrad(Op):
    """g * hardswish'(x), an op of its own so that its derivative is PyTorch's: 1/3 strictly inside (-3, 3)."""

    torch_name = "HardswishBackwardBackward0"
    saves = (1, True)

    @staticmethod
    def forward(ctx, g, x):
        xp = ctx.xp
        three = _bound(xp, 3, x)
        low, high = x <= -three, x >= three
        # 0 below, 1 above, the middle slope elsewhere (NaN included): masked selects, not where (slow)
        slope = select(~(low | high), x / three + _bound(xp, 0.5, x)) + high.astype(x.dtype)
        return g * slope

    @staticmethod
    def backward(ctx, m, gg, g, x):
        ng, nx = ctx.needs_input_grad
        gg_g = gg * _hardswish_slope(m, x) if ng else None
        inside = (x > m.scalar(-3, x)) & (x < m.scalar(3, x))
        gg_x = m.masked(inside, gg * g / m.scalar(3, x)) if nx else None
        return gg_g, gg_x


class Hardswish(Op):
    """x * relu6(x + 3) / 6."""

    saves = (True,)

    @staticmethod
    def forward(ctx, x):
        xp = ctx.xp
        shifted = xp.minimum(xp.maximum(x + _bound(xp, 3, x), xp.zeros((), x.dtype)), _bound(xp, 6, x))
        return x * shifted / _bound(xp, 6, x)

    @staticmethod
    def backward(ctx, m, g, x):
        return m.op(HardswishGrad, g, x)


#: PyTorch's hardsigmoid gradient is g times 1/6 rounded to float32 (its kernel's ``1.0f / 6.0f``),
#: at every dtype; its forward divides by 6
_ONE_SIXTH_FLOAT32 = 0.1666666716337204


class Hardsigmoid(Op):
    """relu6(x + 3) / 6; the gradient 1/6 strictly between -3 and 3, else 0 (NaN included). PyTorch
    does not differentiate that gradient again: under create_graph it requires grad, through a node
    that raises."""

    saves = (True,)
    input_gradient_node = not_implemented("aten::hardsigmoid_backward")

    @staticmethod
    def forward(ctx, x):
        xp = ctx.xp
        shifted = xp.minimum(xp.maximum(x + _bound(xp, 3, x), xp.zeros((), x.dtype)), _bound(xp, 6, x))
        return shifted / _bound(xp, 6, x)

    @staticmethod
    def backward(ctx, m, g, x):
        inside = (x > m.scalar(-3, x)) & (x < m.scalar(3, x))
        return m.masked(inside, g * m.scalar(_ONE_SIXTH_FLOAT32, g))


class RreluOfResult(Op):
    """rrelu's training form as ``rrelu_`` records it (PyTorch's ``RreluWithNoiseBackward1``): x times
    the drawn slopes ``noise``; PyTorch's node keeps the result, so a later in-place change of it makes
    backward raise."""

    torch_name = "RreluWithNoiseBackward1"
    saves = (False,)
    saves_output = True

    @staticmethod
    def forward(ctx, x, noise):
        return x * noise

    @staticmethod
    def backward(ctx, m, g, x, noise, y):
        return g * noise, None


def hardtanh(input, min_val, max_val):
    """clamp(input, min_val, max_val) with hardtanh's gradient (0 at the bounds)."""
    return Hardtanh.apply(input, min_val, max_val)


# m.hardtanh(x, lo, hi): clamp(x, lo, hi), whose gradient passes only strictly between lo and hi
provide("hardtanh", hardtanh, ARRAY_CORE["clamp"])


def threshold(input, threshold, value):
    """``value`` where input <= threshold, else input."""
    return Threshold.apply(input, threshold, value)


def hardshrink(input, lambd):
    """0 where |input| <= lambd, else input."""
    return Hardshrink.apply(input, lambd)


def softshrink(input, lambd):
    """0 where |input| <= lambd, else input moved lambd towards 0."""
    return Softshrink.apply(input, lambd)


def hardswish(input):
    """input * relu6(input + 3) / 6."""
    return Hardswish.apply(input)


def hardsigmoid(input):
    """relu6(input + 3) / 6."""
    return Hardsigmoid.apply(input)


def threshold_of_result(input, threshold, value):
    """threshold recorded as its in-place form (``ThresholdBackward1``); ``in_place`` writes it back."""
    return ThresholdInPlace.apply(input, threshold, value)


def rrelu_of_result(input, noise):
    """input * noise recorded as ``rrelu_`` records it (see ``RreluOfResult``); ``in_place`` writes it back."""
    return RreluOfResult.apply(input, noise)


def in_place(input, fn, *args):
    """Write ``fn(input, *args)`` into ``input`` and return it (PyTorch's ``relu_``, ``hardtanh_`` ...).

    Recorded in the graph when a gradient must flow (a leaf that requires grad raises, as in PyTorch).
    """
    check_update(input)
    if state.enabled and input._rg:
        return tracked(input, lambda old: fn(old, *args))
    out = fn(input, *args)
    _check_same_shape(input, out)
    input._data[...] = out._data
    input._version_counter[0] += 1
    return input
