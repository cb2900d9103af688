"""Where a checkpoint comes from: a path (memory-mapped by safetensors) or a stream (read no
further than the checkpoint's end), opened as one source, with the errors of a file that is not a
checkpoint."""
import errno
import io
import json
import os
import stat

import safetensors
import safetensors.numpy

from .format import SerializationError, NotACheckpointError, EmptyCheckpointError, NotAFileError, TextModeError

def _foreign_hint(first_bytes):
    if first_bytes[:4] == b"PK\x03\x04":
        return ("it is a zip archive, probably a PyTorch checkpoint written by torch.save; minigrad never "
                "unpickles: re-save the weights with safetensors.torch.save_file(state_dict, path)")
    if first_bytes[:1] == b"\x80":
        return "it is a Python pickle; minigrad never unpickles"
    if first_bytes[:6] == b"\x93NUMPY":
        return "it is a NumPy .npy file; load it with numpy.load and wrap it with minigrad.from_numpy"
    return None


#: safetensors' names of the dtypes NumPy has no type for (a file written by safetensors.torch may hold
#: them), and PyTorch's names of those dtypes
_NOT_IN_NUMPY = {"BF16": "bfloat16", "F8_E4M3": "float8_e4m3fn", "F8_E5M2": "float8_e5m2",
                 "F8_E8M0": "float8_e8m0fnu", "F4": "float4_e2m1fn_x2"}


def _unsupported_dtype(name, key, st_dtype):
    """The error for tensor ``key`` of file ``name``, of safetensors dtype ``st_dtype`` (one of ``_NOT_IN_NUMPY``)."""
    return SerializationError(f"minigrad.load: {name} holds tensor '{key}' of dtype {_NOT_IN_NUMPY[st_dtype]}, "
                              "which minigrad does not support: convert it (e.g. to float32) before saving")


def _not_a_checkpoint(name, first_bytes, reason):
    hint = _foreign_hint(first_bytes)
    error = EmptyCheckpointError if not first_bytes else NotACheckpointError
    return error(f"minigrad.load: {name} is not a valid checkpoint: {hint or reason}")


class _FileSource:
    """A safetensors file on disk, opened by the ``safetensors`` package (memory-mapped, lazily read)."""

    def __init__(self, path, name):
        self.path, self.name = path, name
        with open(path, "rb") as fh:
            self.first_bytes = fh.read(8)
        try:
            self.handle = safetensors.safe_open(path, framework="numpy")
        except safetensors.SafetensorError as exc:
            raise _not_a_checkpoint(name, self.first_bytes, _reason(exc)) from None
        self.names = sorted(self.handle.keys())
        self.metadata = self.handle.metadata() or {}

    def array(self, key):
        """The array stored under ``key`` (a fresh, writable copy)."""
        st_dtype = self.handle.get_slice(key).get_dtype()
        if st_dtype in _NOT_IN_NUMPY:
            raise _unsupported_dtype(self.name, key, st_dtype)
        try:
            arr = self.handle.get_tensor(key)
        except (safetensors.SafetensorError, KeyError, TypeError, ValueError) as exc:
            raise _not_a_checkpoint(self.name, self.first_bytes, f"tensor '{key}' cannot be read ({exc})") from None
        return arr if arr.flags.writeable else arr.copy()

    def close(self):
        """Release the file (and its memory map)."""
        self.handle.__exit__(None, None, None)


class _BytesSource:
    """A safetensors file already read into memory (from a file object or a non-regular path)."""

    def __init__(self, raw, name):
        self.name, self.first_bytes = name, bytes(raw[:8])
        try:
            arrays = safetensors.numpy.load(bytes(raw))
            # The header is valid now (safetensors checked it); read its metadata.
            size = int.from_bytes(raw[:8], "little")
            self.metadata = json.loads(bytes(raw[8:8 + size])).get("__metadata__") or {}
        except (safetensors.SafetensorError, KeyError, TypeError, ValueError, AttributeError,
                RecursionError) as exc:
            unsupported = _unsupported_in_header(raw)
            if unsupported:
                raise _unsupported_dtype(name, *unsupported) from None
            raise _not_a_checkpoint(name, self.first_bytes, _reason(exc)) from None
        self.names = sorted(arrays)
        self.arrays = arrays

    def array(self, key):
        """The array stored under ``key``."""
        arr = self.arrays[key]
        return arr if arr.flags.writeable else arr.copy()

    def close(self):
        """Drop the arrays."""
        self.arrays = {}


def _unsupported_in_header(raw):
    """(name, safetensors dtype) of the first tensor the header of ``raw`` gives a dtype NumPy lacks;
    None where there is none, or where the header cannot be read."""
    try:
        size = int.from_bytes(raw[:8], "little")
        header = json.loads(bytes(raw[8:8 + size]))
        return next(((k, v["dtype"]) for k, v in header.items() if k != "__metadata__"
                     and isinstance(v, dict) and v.get("dtype") in _NOT_IN_NUMPY), None)
    except (ValueError, TypeError, AttributeError, RecursionError):
        return None


def _reason(exc):
    text = str(exc)
    if "header too small" in text or "incomplete" in text.lower() or "too large" in text:
        return f"{text} (truncated, empty or corrupt file)"
    return f"{text} (corrupt file or not a safetensors file)"


_MAX_HEADER = 100_000_000  # the largest header safetensors accepts
_CHUNK = 1 << 24


def _read_up_to(f, n, name):
    """At most ``n`` bytes from the stream ``f`` named ``name`` (fewer at its end), read in chunks so
    that a forged length allocates nothing it does not fill."""
    chunks = []
    while n > 0:
        chunk = f.read(min(n, _CHUNK))
        if isinstance(chunk, str):
            raise TextModeError(f"minigrad.load: {name} was opened in text mode; open it with open(path, 'rb')")
        if not chunk:
            break
        chunks.append(chunk)
        n -= len(chunk)
    return b"".join(chunks)


def _data_length(header):
    """The size of the data section a safetensors header declares (0 if it is malformed: safetensors
    then reports what is wrong)."""
    try:
        entries = json.loads(header)
        return max((int(v["data_offsets"][1]) for k, v in entries.items() if k != "__metadata__"), default=0)
    except (TypeError, ValueError, KeyError, IndexError, AttributeError, RecursionError):
        return 0


def _read_checkpoint(f, name):
    """The bytes of one safetensors file from the stream ``f`` named ``name``, read no further than
    its end (the header's length, then the header, then the data it declares), so that an endless
    stream fails at once and the stream is left just after the checkpoint."""
    raw = _read_up_to(f, 8, name)
    size = int.from_bytes(raw, "little")
    if len(raw) < 8 or size > _MAX_HEADER:
        return raw  # (safetensors refuses it)
    header = _read_up_to(f, size, name)
    return raw + header + _read_up_to(f, _data_length(header), name)


def _is_path(f):
    """Whether ``torch.load`` takes ``f`` for a path (bytes are not one there)."""
    return isinstance(f, (str, os.PathLike))


def _check_source(f):
    """PyTorch's errors for an ``f`` that is neither a path nor a binary file object, raised before
    anything is read."""
    if _is_path(f):
        return
    if not hasattr(f, "read"):
        raise NotAFileError(f"'{type(f).__name__}' object has no attribute 'read': minigrad.load expects a path or "
                            "a readable binary file object (wrap bytes in io.BytesIO)")
    if isinstance(f, io.TextIOBase):
        raise TextModeError(f"minigrad.load: {getattr(f, 'name', '<file object>')!r} was opened in text mode; "
                            "open it with open(path, 'rb')")


def _open_source(f):
    if not _is_path(f):
        name = repr(getattr(f, "name", "<file object>"))
        return _BytesSource(_read_checkpoint(f, name), name)
    path = os.fspath(f)
    name = repr(path)
    st = os.stat(path)  # FileNotFoundError / PermissionError name the path
    if stat.S_ISDIR(st.st_mode):
        raise IsADirectoryError(errno.EISDIR, "Is a directory", path)
    if stat.S_ISREG(st.st_mode):
        return _FileSource(path, name)
    with open(path, "rb") as fh:  # a pipe or a device: read it as a stream
        return _BytesSource(_read_checkpoint(fh, name), name)
