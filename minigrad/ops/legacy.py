"""Tensor methods from PyTorch's older and storage-level API that programs still call: the legacy
constructor ``new``, ``resize_`` / ``resize_as_``, ``as_subclass``, ``char``, the layout and memory
queries (``layout``, ``is_sparse``, ``is_meta``, ``is_pinned``, ``pin_memory``, ``share_memory_``,
``is_shared``, ``is_conj``, ``is_neg``), and the method forms of ``bernoulli``, ``multinomial``
and ``matrix_power``.

minigrad's tensors are dense and strided, never conjugated or negated lazily, and live in
ordinary (not pinned, not shared) host memory or on a CuPy device.
"""
import warnings

from .. import dtypes as _dt
from .. import creation
from ..autograd.grad_mode import check_update
from ..cuda import is_available as _cuda_available
from ..layouts import strided
from ..tensor import Size, Tensor
from ._api import function, method
from .products import matrix_power as _linalg_matrix_power
from .shape import Alias, sizes_arg
from .strided import resized


# ------------------------------------------------------------------ queries
method("layout", property(lambda self: strided, doc="The memory layout: always ``strided``."))
method("is_sparse", property(lambda self: False, doc="False: minigrad's tensors are dense."))
method("is_meta", property(lambda self: False, doc="False: every minigrad tensor holds its values."))


def _volatile(self):
    warnings.warn("volatile was removed (Variable.volatile is always False)", UserWarning, stacklevel=2)
    return False


def _set_volatile(self, value):
    warnings.warn("volatile was removed and now has no effect. Use `with torch.no_grad():` instead.", UserWarning,
                  stacklevel=2)


method("volatile", property(_volatile, _set_volatile,
                            doc="Always False, with PyTorch's warning that ``volatile`` was removed (setting it only warns)."))
for _kind in ("xpu", "mps", "ipu", "maia", "mtia", "xla", "vulkan", "mkldnn", "nested", "quantized", "sparse_csr"):
    method("is_" + _kind, property(lambda self: False, doc=f"False: minigrad has no {_kind} tensors."))


def is_distributed(self):
    """False: minigrad's tensors live in one process."""
    return False


def to_dense(self, dtype=None, *, masked_grad=None):
    """The tensor itself (as PyTorch's for a dense tensor), or a copy in ``dtype``."""
    return self if dtype is None else self.to(dtype)


method("is_distributed", is_distributed)
method("to_dense", to_dense)


def is_conj(self):
    """False: minigrad never conjugates lazily."""
    return False


def is_neg(self):
    """False: minigrad never negates lazily."""
    return False


def is_pinned(self, device=None):
    """False: minigrad's host tensors are in ordinary (pageable) memory."""
    return False


def pin_memory(self, device=None):
    """A copy in page-locked memory for faster transfers to a GPU: with CuPy a plain copy
    (minigrad does not pin); without a GPU PyTorch's RuntimeError."""
    if not _cuda_available():
        raise RuntimeError("Cannot access accelerator device when none is available.")
    if self.device.type != "cpu":
        raise RuntimeError(f"cannot pin '{self.type()}' only dense CPU tensors can be pinned")
    return self.clone()


def share_memory_(self):
    """Mark the tensor as shared between processes (its storage is left as it is); returns self."""
    self.__dict__["_shared"] = True
    return self


def is_shared(self):
    """Whether ``share_memory_`` was called on this tensor."""
    return self.__dict__.get("_shared", False)


for _fn in (is_conj, is_neg, is_pinned, pin_memory, share_memory_, is_shared):
    method(_fn.__name__, _fn)


def char(self, memory_format=None):
    """``self.to(torch.int8)``."""
    return self.to(_dt.int8)


method("char", char)


# ------------------------------------------------------------------ the legacy constructor
def new(self, *args, device=None):
    """PyTorch's legacy constructor with this tensor's dtype (and device): ``t.new()`` (empty),
    ``t.new(2, 3)`` or ``t.new(torch.Size([2, 3]))`` (uninitialised; zeros here), ``t.new([1, 2])``
    (a copy of the data)."""
    device = self.device if device is None else device
    if len(args) == 1 and isinstance(args[0], Tensor):
        if args[0].dtype != self.dtype or args[0].device != self.device:
            raise TypeError(f"expected TensorOptions(dtype={self.dtype}, device={self.device}) but got "
                            f"a tensor of dtype {args[0].dtype} on {args[0].device}")
        return args[0].detach()
    if len(args) == 1 and not isinstance(args[0], (int, Size)):
        data = args[0]
        if not isinstance(data, (list, tuple)) and not hasattr(data, "__array__"):
            raise TypeError(f"new(): data must be a sequence (got {type(data).__name__})")
        return creation.tensor(data, dtype=self.dtype, device=device)
    shape = tuple(args[0]) if len(args) == 1 and isinstance(args[0], Size) else sizes_arg(args) if args else (0,)
    return creation.zeros(shape, dtype=self.dtype, device=device)


method("new", new)


# ------------------------------------------------------------------ as_subclass
def as_subclass(self, cls):
    """This tensor (same storage, still in the graph) as an instance of the Tensor subclass ``cls``."""
    if not (isinstance(cls, type) and issubclass(cls, Tensor)):
        raise TypeError("Creating a Tensor subclass from a class that does not inherit from Tensor is not "
                        "possible. Make sure your class inherits from Tensor.")
    out = Alias.apply(self, tuple(self._data.shape))  # (the array's shape: a subclass's property getter may dispatch)
    out.__class__ = cls
    return out


method("as_subclass", as_subclass)


# ------------------------------------------------------------------ resize_
def resize_(self, *sizes, size=None, memory_format=None):
    """Give the tensor the shape ``sizes`` in place, as PyTorch's: the same shape changes nothing;
    another is laid out row-major from the tensor's storage offset, over its storage (sharing
    it), grown into new memory (the storage's elements, then zeros where PyTorch leaves them
    uninitialised) where it is too small. Refused for a tensor that requires grad; returns self."""
    check_update(self)
    if self.requires_grad:
        raise RuntimeError("cannot resize variables that require grad")
    shape = sizes_arg(sizes, size, "size")
    if any(s < 0 for s in shape):
        raise RuntimeError(f"Trying to create tensor with negative dimension {min(shape)}: {list(shape)}")
    if tuple(shape) == self._data.shape:
        return self
    self._data = resized(self._device._get_backend().xp, self._data, tuple(shape))
    self._version_counter[0] += 1
    return self


def resize_as_(self, the_template, memory_format=None):
    """``resize_`` to ``the_template``'s shape; returns self."""
    return resize_(self, tuple(the_template.shape))


def _resize_as_function(input, the_template, *, memory_format=None):
    """torch.resize_as_(input, the_template): ``input.resize_as_(the_template)``; returns input."""
    return resize_as_(input, the_template, memory_format)


def resize(self, *sizes):
    """The deprecated out-of-place ``resize``: ``self`` reshaped to ``sizes`` (the same number of
    elements), a differentiable reshape."""
    warnings.warn("non-inplace resize is deprecated", UserWarning, stacklevel=2)
    total = 1
    for s in sizes:
        total = total * s
    if total != self.numel():
        raise RuntimeError(f"requested resize to {'x'.join(map(str, sizes))} ({total} elements in total), but the given tensor has a "
                           f"size of {'x'.join(map(str, self.shape))} ({self.numel()} elements). autograd's resize can "
                           "only change the shape of a given tensor, while preserving the number of elements. ")
    return self.reshape(sizes)


method("resize_", resize_)
method("resize", resize)
method("resize_as_", resize_as_)
function("resize_as_", _resize_as_function)


# ------------------------------------------------------------------ method forms of functions
method("bernoulli", creation.bernoulli)
method("multinomial", creation.multinomial)


def matrix_power(input, n):
    """``input`` multiplied by itself ``n`` times (``torch.linalg.matrix_power``)."""
    return _linalg_matrix_power(input, n)


method("matrix_power", matrix_power)
function("matrix_power", matrix_power)
