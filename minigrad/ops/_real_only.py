"""Complex input is refused by every op not checked for it (PyTorch's NotImplementedError, a RuntimeError).

An op's forward and backward are written for real numbers: given complex arrays, NumPy would
still compute something and the backward formula give a wrong gradient. So only Op classes
marked ``supports_complex = True`` (checked against PyTorch with complex inputs) take complex
arrays; every other op raises. The check costs nothing in programs without complex numbers: it
is installed (``arm``) the first time a complex dtype is handed out (``dtypes.complex_in_use``),
by wrapping the forward of every unmarked Op class once.

An unmarked class's ``complex_error`` (an exception class and message) replaces the generic error
where PyTorch raises its own; ``{kind}`` in the message names the dtype (``ComplexFloat`` or
``ComplexDouble``, as PyTorch's dispatch errors do). Where PyTorch's error depends on the call
(``max()`` and ``amax`` share a class), ``complex_error`` is a function of the forward's arguments
that returns the pair.

An Op class marked ``holomorphic = True`` takes complex input too, with its backward formula written
once for real numbers as ``g * f'(x)`` (any expression analytic in the inputs, linear in ``g``): for
a complex gradient, PyTorch's ``g * conj(f'(z))`` is the conjugate of that formula at ``conj(g)``.
Arming wraps such backwards to compute it so (real gradients go straight through).
"""
from .. import dtypes as _dt
from ..autograd.op import Op

_armed = []


def _all_op_classes():
    found, todo = [], [Op]
    while todo:
        cls = todo.pop()
        for sub in cls.__subclasses__():
            found.append(sub)
            todo.append(sub)
    return found


def _refusing_complex(cls, forward):
    """``forward`` raising PyTorch's error when an argument is a complex array or number."""
    def forward_real_only(ctx, *args):
        for a in args:
            if getattr(getattr(a, "dtype", None), "kind", None) == "c" or a.__class__ is complex:
                kind = "ComplexDouble" if getattr(getattr(a, "dtype", None), "itemsize", 8) == 16 else "ComplexFloat"
                if cls.complex_error:  # (PyTorch's own exception and message for this op)
                    error, message = cls.complex_error(*args) if callable(cls.complex_error) else cls.complex_error
                    raise error(message.replace("{kind}", kind))
                raise NotImplementedError(f"\"{cls.op_name}\" not implemented for '{kind}' "
                                   "(minigrad's complex support covers the ops marked supports_complex)")
        return forward(ctx, *args)
    forward_real_only.refuses_complex = True
    return forward_real_only


def _conjugated(backward):
    """``backward`` for complex gradients: conj(backward(conj(g))) (see the module's docstring)."""
    def backward_holomorphic(ctx, m, g, *saved):
        if g.dtype.kind != "c":
            return backward(ctx, m, g, *saved)
        grads = backward(ctx, m, m.conj(g), *saved)
        if isinstance(grads, (tuple, list)):
            return tuple(None if x is None else m.conj(x) for x in grads)
        return m.conj(grads)
    return backward_holomorphic


def arm():
    """Wrap the forward of every Op class not marked ``supports_complex`` (once)."""
    if _armed:
        return
    _armed.append(True)
    classes = _all_op_classes()
    forwards = {cls: cls.forward for cls in classes}  # (resolved before any is replaced)
    for cls in classes:
        if cls.__dict__.get("holomorphic", False):
            cls.supports_complex = True
            cls.backward = staticmethod(_conjugated(cls.backward))
    for cls in classes:
        forward = forwards[cls]
        if getattr(forward, "refuses_complex", False):
            continue
        if cls.__dict__.get("supports_complex", False):
            if "forward" not in cls.__dict__:
                cls.forward = staticmethod(forward)  # keep its own, should a parent's be wrapped
        elif "forward" in cls.__dict__ or not getattr(cls, "supports_complex", False):
            cls.forward = staticmethod(_refusing_complex(cls, forward))


_dt._ON_FIRST_COMPLEX.append(arm)
