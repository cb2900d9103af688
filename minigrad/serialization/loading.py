"""``load``: a checkpoint parsed by safetensors and its JSON description rebuilt, with every
problem of the file reported as ``SerializationError``."""
import json
from collections import Counter, OrderedDict

import numpy as np

from ..device import CPU, device
from ..dtypes import _BY_NAME as _DTYPES
from .._array_layout import _address, keep_numpy_strides, root_array
from ..autograd.grad_mode import SharedElementsVersionCounter
from .. import return_types
from ..tensor import Size, Tensor, wrap
from .format import (_STORABLE, _PAIRED, _NUMPY_SCALARS, _META, _VERSION, _short_repr, SerializationError)
from .sources import _check_source, _is_path, _open_source


class _Decoder:
    def __init__(self, source, map_location):
        self.source = source
        self.known = set(source.names)
        self.name = source.name
        self.map_location = map_location
        self.cache = {}     # name, or (name, view number) -> the Tensor loaded for it
        self.storages = {}  # name -> the array loaded for it

    def fail(self, msg):
        """Raise SerializationError about the metadata."""
        raise SerializationError(f"minigrad.load: {self.name} has corrupt minigrad metadata: {msg}") from None

    def array(self, ref, paired=False):
        """The NumPy array stored under the name ``ref``, in a dtype minigrad supports (``paired``:
        complex128 stored as float64 (real, imag) pairs along the last dim)."""
        if not isinstance(ref, str) or ref not in self.known:
            self.fail(f"it refers to a tensor {_short_repr.repr(ref)} that the file does not hold")
        arr = self.source.array(ref)
        if arr.dtype not in _STORABLE:
            raise SerializationError(f"minigrad.load: {self.name} holds tensor '{ref}' of dtype {arr.dtype}, "
                                     "which minigrad does not support")
        if paired is not False:
            if paired is not True or arr.dtype != "float64" or arr.ndim == 0 or arr.shape[-1] != 2:
                self.fail(f"tensor '{ref}' is marked complex but is not float64 pairs")
            pairs, arr = arr, np.empty(arr.shape[:-1], _PAIRED)
            arr.real, arr.imag = pairs[..., 0], pairs[..., 1]
        return arr

    def result(self, name, items):
        """The named tuple of ``torch.return_types`` called ``name`` (a max's, a sort's...) holding ``items``."""
        kind = getattr(return_types, name, None) if isinstance(name, str) else None
        if not (isinstance(kind, type) and kind.__module__ == return_types.__name__ and isinstance(items, list)
                and len(items) == len(kind._fields)):
            self.fail(f"malformed {_short_repr.repr(name)} result")
        return kind(*(self.decode(v) for v in items))

    def storage(self, ref, paired):
        """The array stored under the name ``ref``, loaded once for every tensor viewing it: a
        row-major array owning its memory, so that the views' storage offsets count from its start."""
        if ref not in self.storages:
            arr = self.array(ref, paired)
            root = root_array(arr)
            if not (arr.flags.c_contiguous and arr.flags.writeable and root.nbytes == arr.nbytes
                    and _address(root) == _address(arr)):
                arr = arr.copy()
            self.storages[ref] = arr
        return self.storages[ref]

    def view(self, storage, d):
        """The view of ``storage`` that the reference ``d`` gives (offset, shape and strides in elements),
        checked to lie inside it; read-only where a stride is 0 (an expanded tensor, as ``expand`` gives)."""
        offset, shape, stride = d.get("offset"), d.get("shape"), d.get("stride")
        counts = (lambda v: isinstance(v, list) and all(type(n) is int and n >= 0 for n in v))
        if (type(offset) is not int or offset < 0 or not counts(shape) or not counts(stride)
                or len(shape) != len(stride)):
            self.fail(f"tensor '{d['$tensor']}' has a malformed layout")
        flat = storage.reshape(-1)
        end = offset if 0 in shape else offset + sum((n - 1) * s for n, s in zip(shape, stride)) + 1
        if end > flat.size:
            self.fail(f"a view of tensor '{d['$tensor']}' reaches beyond its {flat.size} elements")
        return np.lib.stride_tricks.as_strided(flat[offset:], shape, [s * flat.itemsize for s in stride],
                                               writeable=0 not in stride)

    def tensor(self, d):
        """The Tensor for a ``{"$tensor": name, ...}`` reference (one object per name, or per view)."""
        ref = d["$tensor"]
        if not isinstance(ref, str) or ref not in self.known:
            self.fail(f"it refers to a tensor {_short_repr.repr(ref)} that the file does not hold")
        if "view" in d and type(d["view"]) is not int:
            self.fail(f"tensor '{ref}' has a malformed view number")
        key = (ref, d["view"]) if "view" in d else ref
        if key in self.cache:
            return self.cache[key]
        storage = self.storage(ref, d.get("complex", False))
        # (wrapped as from_numpy wraps it, without its warning for a read-only array: an expanded view's)
        t = keep_numpy_strides(wrap(storage if "view" not in d else self.view(storage, d), CPU))
        if not t._data.flags.writeable:  # (elements sharing memory: refuse in-place updates, as expand's)
            t._version_counter = SharedElementsVersionCounter(t._version_counter)
        saved_device = d.get("device", "cpu")
        if not isinstance(saved_device, str):
            self.fail(f"tensor '{ref}' has device {_short_repr.repr(saved_device)}")
        try:
            t, target = _mapped(t, saved_device, self.map_location)
        except Exception as exc:
            raise _MapLocationError(exc) from None
        if target is not None and str(target) != "cpu":
            try:
                t = t.to(target)
            except (RuntimeError, AssertionError, ValueError, TypeError) as exc:  # (AssertionError: CUDA without CuPy)
                raise SerializationError(f"minigrad.load: {self.name}: tensor '{ref}' was saved on "
                                         f"{_short_repr.repr(saved_device)} and cannot be placed there ({exc}); "
                                         "pass map_location='cpu' to load it on the CPU") from None
        try:
            if d.get("parameter"):
                from ..nn.parameter import Parameter  # (nn is imported after serialization)
                t = Parameter(t, requires_grad=bool(d.get("requires_grad")))
            elif d.get("requires_grad"):
                t.requires_grad_(True)
        except RuntimeError as exc:  # e.g. an integer tensor marked as requiring grad
            self.fail(f"tensor '{ref}': {exc}")
        self.cache[key] = t
        return t

    def decode(self, obj):
        """The Python object for the JSON form ``obj``."""
        if obj is None or isinstance(obj, (bool, int, float, str)):
            return obj
        if isinstance(obj, list):
            return [self.decode(v) for v in obj]
        if not isinstance(obj, dict) or len(obj) == 0:
            self.fail(f"unexpected value {_short_repr.repr(obj)}")
        if "$tensor" in obj:
            return self.tensor(obj)
        if "$ndarray" in obj:
            return self.array(obj["$ndarray"], obj.get("complex", False))
        if "$complex" in obj:
            parts = obj["$complex"]
            if not isinstance(parts, list) or len(parts) != 2:
                self.fail(f"malformed complex number {_short_repr.repr(parts)}")
            return complex(*(float(self.decode(p)) for p in parts))
        if "$float" in obj:
            return float(obj["$float"])
        if "$numpy" in obj:
            scalar_type = _NUMPY_SCALARS.get(obj["$numpy"]) if isinstance(obj["$numpy"], str) else None
            if scalar_type is None:  # never let a file pick an arbitrary dtype (np.void(n) allocates n bytes)
                self.fail(f"unknown NumPy dtype {_short_repr.repr(obj['$numpy'])}")
            return scalar_type(self.decode(obj["value"]))
        if "$tuple" in obj:
            return tuple(self.decode(v) for v in obj["$tuple"])
        if "$result" in obj:
            return self.result(obj["$result"], obj.get("items"))
        if "$set" in obj:
            return set(self.decode(v) for v in obj["$set"])
        if "$size" in obj:
            sizes = obj["$size"]
            if not isinstance(sizes, list) or not all(type(v) is int and v >= 0 for v in sizes):
                self.fail(f"malformed torch.Size {_short_repr.repr(sizes)}")
            return Size(sizes)
        if "$dtype" in obj:
            if not isinstance(obj["$dtype"], str) or obj["$dtype"] not in _DTYPES:
                self.fail(f"unknown dtype {_short_repr.repr(obj['$dtype'])}")
            return _DTYPES[obj["$dtype"]]
        if "$device" in obj:
            text = obj["$device"]
            try:
                if isinstance(text, str):
                    return device(text)
            except RuntimeError:  # (not a device string)
                pass
            self.fail(f"unknown device {_short_repr.repr(text)}")
        for tag, cls in (("$dict", dict), ("$odict", OrderedDict), ("$counter", Counter)):
            if tag in obj:
                out = cls()
                for pair in obj[tag]:
                    if not isinstance(pair, list) or len(pair) != 2:
                        self.fail(f"malformed dict item {_short_repr.repr(pair)}")
                    out[self.decode(pair[0])] = self.decode(pair[1])
                return out
        self.fail(f"unknown tag in {_short_repr.repr(sorted(obj))}")

    def decode_checkpoint(self, text):
        """The object saved as the minigrad JSON ``text``."""
        try:
            structure = json.loads(text)
        except RecursionError:
            self.fail("its JSON is nested too deeply")
        except (TypeError, ValueError) as exc:
            self.fail(f"not JSON ({exc})")
        if not isinstance(structure, dict) or "obj" not in structure:
            self.fail("no saved object")
        if not isinstance(structure.get("version"), int) or structure["version"] > _VERSION:
            self.fail(f"unknown format version {_short_repr.repr(structure.get('version'))}")
        try:
            return self.decode(structure["obj"])
        except RecursionError:
            self.fail("the saved object is nested too deeply")
        except (ValueError, TypeError, KeyError, IndexError, AttributeError, OverflowError) as exc:
            self.fail(f"{type(exc).__name__}: {_short_repr.repr(str(exc))}")


class _MapLocationError(Exception):
    """Carries an error of ``map_location`` (a wrong one, or a callable's own error) past the
    decoder's handling of corrupt files, so that ``load`` raises it as it is, as PyTorch does."""

    def __init__(self, error):
        super().__init__(error)
        self.error = error


def _mapped(t, saved_device, map_location):
    """``(tensor, target)``: a loaded tensor (on the CPU) and the device ``map_location`` sends it
    to (default: the device it was saved from), or the tensor a callable returned and ``None``.

    The TypeErrors are PyTorch's (a dict's target must be a string; anything else that is not a
    string or device is called); a callable that returns neither a Tensor nor None is refused (in
    PyTorch it must return a storage)."""
    if map_location is None:
        return t, saved_device
    if isinstance(map_location, dict):
        target = map_location.get(saved_device, saved_device)
        if not isinstance(target, str):
            raise TypeError(f"expected string or bytes-like object, got '{type(target).__name__}'")
        return t, target
    if isinstance(map_location, bytes):  # (PyTorch matches a string pattern against it)
        raise TypeError("cannot use a string pattern on a bytes-like object")
    if isinstance(map_location, (str, device)):
        return t, map_location
    if not callable(map_location):
        raise TypeError(f"'{type(map_location).__name__}' object is not callable")
    out = map_location(t, saved_device)
    if out is None:
        return t, saved_device
    if not isinstance(out, Tensor):
        raise TypeError(f"minigrad.load: map_location(tensor, location) must return a Tensor or None, "
                        f"got {type(out).__name__}")
    return out, None


# the keywords PyTorch passes on to its unpickler: its weights-only one takes only ``encoding``
_PICKLE_LOAD_ARGS = {True: {"encoding"}, False: {"encoding", "errors", "fix_imports", "buffers"}}


def _check_arguments(f, pickle_module, weights_only, mmap, pickle_load_args):
    """PyTorch's errors for ``load``'s arguments, raised before anything is read."""
    if weights_only is None:
        weights_only = pickle_module is None
    if weights_only and pickle_module is not None:
        raise RuntimeError("Can not safely load weights when explicit pickle_module is specified")
    _check_source(f)
    if mmap and not _is_path(f):
        raise ValueError("f must be a file path in order to use the mmap argument")
    for key in pickle_load_args:
        if key not in _PICKLE_LOAD_ARGS[bool(weights_only)]:
            raise TypeError(f"load() got an unexpected keyword argument '{key}'")


def load(f, map_location=None, pickle_module=None, *, weights_only=None, mmap=None, **pickle_load_args):
    """Load what ``save`` wrote (or any safetensors file: a dict of name -> Tensor) from ``f``
    (a path or a readable binary file object).

    PyTorch's keywords are accepted: ``map_location`` (a device, a string, a dict
    {saved: target} or a callable) moves the tensors; ``weights_only``, ``mmap`` and
    the pickle options change nothing, since nothing is unpickled, but are checked as
    PyTorch checks them (an unknown keyword is a TypeError). Truncated, corrupt or
    foreign files raise ``SerializationError`` (a RuntimeError) saying what is
    wrong; a missing or unreadable path raises ``OSError``.
    """
    _check_arguments(f, pickle_module, weights_only, mmap, pickle_load_args)
    source = _open_source(f)
    try:
        dec = _Decoder(source, map_location)
        if _META in source.metadata:
            return dec.decode_checkpoint(source.metadata[_META])
        # A safetensors file from elsewhere: its tensors by name, sorted.
        return {k: dec.tensor({"$tensor": k}) for k in source.names}
    except _MapLocationError as wrapped:
        error = wrapped.error
    finally:
        source.close()
    raise error  # (outside the except clause: the caller's error without ours as its context)
