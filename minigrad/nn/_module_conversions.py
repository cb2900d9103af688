"""Module methods that move or cast every parameter and buffer (``to``, ``float``, ``cuda``...)."""
import warnings

from .. import dtypes as _dt
from ..autograd import no_grad
from ..creation.filled import empty_like
from ..tensor import Tensor

# (PyTorch's warning, less its link to PyTorch's issue tracker)
_COMPLEX_MODULES = ("Complex modules are a new feature under active development whose design may change, and some "
                    "modules might not work as expected when using complex tensors as parameters or buffers.")


def _is_dtype(a):
    return isinstance(a, _dt.dtype) or (not isinstance(a, str) and str(a).startswith("torch."))


def _to_arguments(args, non_blocking=False):
    """``(dtype, device)`` from ``Module.to``'s positional arguments, in PyTorch's three forms:
    ``(device, dtype, non_blocking, copy)``, ``(dtype, non_blocking, copy)`` and ``(tensor,
    non_blocking, copy)``, each argument optional from the left's second on; anything else (or a
    ``non_blocking`` keyword that is not a bool) is PyTorch's TypeError."""
    rest = list(args)
    dtype = device = None
    if rest and isinstance(rest[0], Tensor):
        first = rest.pop(0)
        dtype, device = first.dtype, first.device
    elif rest and _is_dtype(rest[0]):
        dtype = rest.pop(0)
    elif rest:
        device = rest.pop(0)
        if rest and _is_dtype(rest[0]):
            dtype = rest.pop(0)
    if len(rest) > 2 or any(a.__class__ is not bool for a in rest) or non_blocking.__class__ is not bool:
        got = ", ".join("torch.dtype" if _is_dtype(a) else "Tensor" if isinstance(a, Tensor) else
                        type(a).__name__ for a in args)
        if non_blocking.__class__ is not bool:
            got += f"{', ' if got else ''}non_blocking={type(non_blocking).__name__}"
        raise TypeError(f"to() received an invalid combination of arguments - got ({got}), but expected one of:\n"
                        " * (torch.device device = None, torch.dtype dtype = None, bool non_blocking = False, "
                        "bool copy = False, *, torch.memory_format memory_format = None)\n"
                        " * (torch.dtype dtype, bool non_blocking = False, bool copy = False, *, "
                        "torch.memory_format memory_format = None)\n"
                        " * (Tensor tensor, bool non_blocking = False, bool copy = False, *, "
                        "torch.memory_format memory_format = None)")
    return dtype, device


class ModuleConversions:
    """The part of ``Module`` that replaces its tensors' storage: ``_apply`` and the casts and moves
    built on it (each returns the module)."""

    def _apply(self, fn, recurse=True):
        """Replace every parameter's and buffer's storage by ``fn(tensor)``, keeping the objects (those
        of the children too, with ``recurse``)."""
        if recurse:
            for m in self.children():
                m._apply(fn)
        with no_grad():
            for p in self._parameters.values():
                if p is None:
                    continue
                p.data = fn(p.data)  # a lazy one too: it materialises where (and as what) it was moved
                if p.grad is not None:
                    p.grad = fn(p.grad)
            for name, b in self._buffers.items():
                if b is not None:
                    self._buffers[name] = fn(b)
        return self

    def apply(self, fn):
        """Call ``fn`` on every descendant (children first) and on self; returns self."""
        for m in self.children():
            m.apply(fn)
        fn(self)
        return self

    def to(self, *args, **kwargs):
        """Move and/or cast parameters and buffers (floating ones only for dtypes); returns self."""
        dtype = kwargs.pop("dtype", None)
        device = kwargs.pop("device", None)
        non_blocking = kwargs.pop("non_blocking", False)
        memory_format = kwargs.pop("memory_format", None)
        if kwargs:
            raise TypeError(f"to() got unexpected keyword arguments {sorted(kwargs)}")
        args_dtype, args_device = _to_arguments(args, non_blocking)
        dtype, device = args_dtype or dtype, args_device or device
        if dtype is not None:
            dtype = _dt.to_dtype(dtype)
            if not (dtype.is_floating_point or dtype.is_complex):
                raise TypeError(f"nn.Module.to only accepts floating point or complex dtypes, but got desired "
                                f"dtype={dtype}")
            if dtype.is_complex:
                warnings.warn(_COMPLEX_MODULES, UserWarning, stacklevel=2)

        def convert(t):
            if memory_format is not None and t.dim() in (4, 5):  # (PyTorch lays out only images and volumes)
                t = t.to(memory_format=memory_format)
            if dtype is not None and (t.is_floating_point() or t.is_complex()):
                return t.to(device=device, dtype=dtype)
            return t.to(device=device) if device is not None else t
        return self._apply(convert)

    def to_empty(self, *, device, recurse=True):
        """Give parameters and buffers new uninitialised storage on ``device`` (``empty_like``: their
        values are not copied; initialise them next); returns self."""
        return self._apply(lambda t: empty_like(t, device=device), recurse=recurse)

    def float(self):
        """Cast floating parameters and buffers to float32; returns self."""
        return self._apply(lambda t: t.float() if t.is_floating_point() else t)

    def double(self):
        """Cast floating parameters and buffers to float64; returns self."""
        return self._apply(lambda t: t.double() if t.is_floating_point() else t)

    def half(self):
        """Cast floating parameters and buffers to float16; returns self."""
        return self._apply(lambda t: t.half() if t.is_floating_point() else t)

    def cpu(self):
        """Move parameters and buffers to the CPU; returns self."""
        return self._apply(lambda t: t.cpu())

    def cuda(self, device=None):
        """Move parameters and buffers to a CUDA device; returns self."""
        return self._apply(lambda t: t.cuda(device))

    def type(self, dst_type):
        """Cast all parameters and buffers to ``dst_type``; returns self."""
        return self._apply(lambda t: t.type(dst_type))
