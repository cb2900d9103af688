"""What the checkpoint format stores (dtypes, the metadata key and version) and the errors of
saving and loading."""
import reprlib
from pickle import UnpicklingError  # the exception class only, for torch.load's error type: nothing is unpickled

import numpy as np


_STORABLE = {np.dtype(d) for d in (np.float64, np.float32, np.float16, np.int64, np.int32, np.int16, np.int8,
                                   np.uint8, np.uint16, np.uint32, np.uint64, np.bool_, np.complex64)}
# complex128, which safetensors does not store, is stored as float64 (real, imag) pairs along a new
# last dim, marked ``"complex": true`` in the reference (PyTorch reads such a tensor with view_as_complex)
_PAIRED = np.dtype(np.complex128)
# the only NumPy scalar types a checkpoint may name
_NUMPY_SCALARS = {d.name: d.type for d in _STORABLE | {_PAIRED}}
_META = "minigrad"
_VERSION = 2  # 2: tensors given as views (offset, shape, strides) of a stored storage
_short_repr = reprlib.Repr()
_short_repr.maxlevel, _short_repr.maxstring, _short_repr.maxother = 3, 60, 60


class SerializationError(RuntimeError):
    """A file that is not a readable minigrad/safetensors checkpoint (truncated, corrupt or foreign)."""


class NotACheckpointError(SerializationError, UnpicklingError):
    """A file that cannot be parsed as a checkpoint at all: torch.load raises a RuntimeError for a
    truncated archive and pickle's UnpicklingError for bytes that are no archive; this is both."""


class EmptyCheckpointError(NotACheckpointError, EOFError):
    """An empty file: torch.load raises EOFError there."""


class NotAFileError(TypeError, AttributeError):
    """``f`` is neither a path nor a file object: torch.save and torch.load raise AttributeError
    there (reading ``f.write`` or ``f.seek``), the TypeError Python raises for a wrong type."""


class TextModeError(TypeError, AssertionError):
    """``f`` is a stream opened in text mode: torch.load raises AssertionError for an ``io.StringIO``
    and TypeError for a file opened with ``open(path, "r")``; this is both."""


class SaveError(OSError, RuntimeError):
    """``save`` could not write to the path: an ``OSError`` naming the user's path (and a
    ``RuntimeError``, the type ``torch.save`` raises)."""
