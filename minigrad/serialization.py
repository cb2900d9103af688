"""``minigrad.save`` / ``minigrad.load``: checkpoints as safetensors files; nothing is ever unpickled.

A checkpoint is a safetensors file, written and parsed by the ``safetensors``
package's NumPy API (its header parser is hardened and fuzzed; see
notes/DESIGN-NOTES.md). The header maps each tensor name to its dtype, shape
and byte range; ``"__metadata__"`` holds ``{"format": "pt", "minigrad":
<JSON>}`` where the JSON describes the saved object with every tensor replaced
by a reference to its name. A flat state dict's tensors are stored under their
own keys, so ``safetensors.torch.load_file`` reads it as the same state dict;
nested checkpoints use dotted paths (``model.0.weight``,
``optimizer.state.0.exp_avg``).

minigrad adds what a training script needs around the format: an atomic,
durable write that never damages what is at the path, and a loader that
raises only ``SerializationError`` (or ``OSError``) on a bad file.
"""
import errno
import json
import math
import os
import reprlib
import stat
import tempfile
from collections import Counter, OrderedDict

import numpy as np
import safetensors
import safetensors.numpy

from .tensor import Tensor

_STORABLE = {np.dtype(d) for d in (np.float64, np.float32, np.float16, np.int64, np.int32, np.int16, np.int8,
                                   np.uint8, np.bool_)}
_NUMPY_SCALARS = {d.name: d.type for d in _STORABLE}  # the only NumPy scalar types a checkpoint may name
_META = "minigrad"
_VERSION = 1
_short_repr = reprlib.Repr()
_short_repr.maxlevel, _short_repr.maxstring, _short_repr.maxother = 3, 60, 60


class SerializationError(RuntimeError):
    """A file that is not a readable minigrad/safetensors checkpoint (truncated, corrupt or foreign)."""


class SaveError(OSError, RuntimeError):
    """``save`` could not write to the path: an ``OSError`` naming the user's path (and a
    ``RuntimeError``, the type ``torch.save`` raises)."""


# ---------------------------------------------------------------------- saving
class _Encoder:
    """Turns an object into JSON-able structure plus a table of named host arrays."""

    def __init__(self):
        self.arrays = {}   # name -> little-endian C-contiguous NumPy array
        self.names = {}    # id(tensor or array) -> name (shared tensors are stored once)
        self.keep = []     # keeps encoded objects alive so their ids stay unique

    def _name(self, path):
        base = ".".join(path) if path else "tensor"
        name, i = base, 1
        while name in self.arrays or name == "__metadata__":
            name = f"{base}#{i}"
            i += 1
        return name

    def _store(self, obj, arr, path):
        key = id(obj)
        if key in self.names:
            return self.names[key]
        arr = np.asarray(arr)
        if arr.dtype.byteorder == ">":
            arr = arr.astype(arr.dtype.newbyteorder("<"))  # safetensors is little-endian
        if arr.dtype not in _STORABLE:
            raise TypeError(f"minigrad.save cannot store arrays of dtype {arr.dtype} (at {_where(path)})")
        if not arr.flags.c_contiguous:
            arr = arr.copy(order="C")  # (np.ascontiguousarray would turn 0-d arrays 1-d)
        name = self._name(path)
        self.arrays[name] = arr
        self.names[key] = name
        self.keep.append(obj)
        return name

    def encode(self, obj, path):
        """The JSON-able form of ``obj`` found at ``path`` (tensors go to the table)."""
        if isinstance(obj, np.generic):  # before int/float: np.float64 subclasses float
            if obj.dtype not in _STORABLE:
                raise TypeError(f"minigrad.save cannot store NumPy scalars of dtype {obj.dtype} (at {_where(path)})")
            return {"$numpy": obj.dtype.name, "value": self.encode(obj.item(), path)}
        if obj is None or isinstance(obj, (bool, str)):
            return str(obj) if isinstance(obj, str) else obj
        if isinstance(obj, int):
            return int(obj)
        if isinstance(obj, float):
            return float(obj) if math.isfinite(obj) else {"$float": repr(float(obj))}
        if isinstance(obj, Tensor):
            arr = obj._device._get_backend().to_numpy(obj.detach()._data)  # explicit device -> host copy
            ref = {"$tensor": self._store(obj, arr, path)}
            if obj.requires_grad:
                ref["requires_grad"] = True
            if type(obj).__name__ == "Parameter":
                ref["parameter"] = True
            if obj.device.type != "cpu":
                ref["device"] = str(obj.device)
            return ref
        if isinstance(obj, np.ndarray):
            return {"$ndarray": self._store(obj, obj, path)}
        if isinstance(obj, list):
            return [self.encode(v, path + [str(i)]) for i, v in enumerate(obj)]
        if isinstance(obj, tuple):
            return {"$tuple": [self.encode(v, path + [str(i)]) for i, v in enumerate(obj)]}
        if isinstance(obj, dict):
            tag = "$counter" if isinstance(obj, Counter) else "$odict" if isinstance(obj, OrderedDict) else "$dict"
            items = []
            for k, v in obj.items():
                if not isinstance(k, (str, int, float, bool, tuple, type(None), np.generic)):
                    raise TypeError(f"minigrad.save cannot store dict keys of type {type(k).__name__} "
                                    f"(at {_where(path)})")
                items.append([self.encode(k, path), self.encode(v, path + [str(k)])])
            return {tag: items}
        if isinstance(obj, (set, frozenset)):
            return {"$set": [self.encode(v, path) for v in obj]}
        if hasattr(obj, "state_dict") and hasattr(obj, "load_state_dict"):
            raise TypeError(f"minigrad.save cannot store a {type(obj).__name__} object (at {_where(path)}): "
                            "nothing is pickled, so save its state_dict() and load that into a new instance")
        raise TypeError(f"minigrad.save cannot store objects of type {type(obj).__module__}."
                        f"{type(obj).__qualname__} (at {_where(path)}): only Tensors, NumPy arrays and scalars, "
                        "dicts, lists, tuples, sets, str, int, float, bool and None are saved (never pickled)")


def _where(path):
    return "the top level" if not path else "'" + ".".join(path) + "'"


def _serialize(obj):
    """(arrays by name, safetensors metadata) describing ``obj``."""
    enc = _Encoder()
    try:
        structure = {"version": _VERSION, "obj": enc.encode(obj, [])}
    except RecursionError:
        raise ValueError("minigrad.save: the object is nested too deeply to save") from None
    metadata = {"format": "pt", _META: json.dumps(structure, separators=(",", ":"), allow_nan=False)}
    return enc.arrays, metadata


def _refuse_non_regular(target, path):
    """The existing file's ``os.stat`` at ``target`` (None if nothing is there); raise, before anything
    is written, if what is there is not a regular file (a directory, a device, a FIFO, a socket)."""
    try:
        st = os.stat(target)
    except FileNotFoundError:
        return None
    except OSError as exc:  # a symlink loop, a path through a file, no permission...
        raise SaveError(exc.errno, f"minigrad.save cannot write to this path ({exc.strerror})", path) from None
    if stat.S_ISREG(st.st_mode):
        return st
    if stat.S_ISDIR(st.st_mode):
        raise SaveError(errno.EISDIR, "minigrad.save cannot write a checkpoint over a directory", path)
    kind = ("a character device" if stat.S_ISCHR(st.st_mode) else "a block device" if stat.S_ISBLK(st.st_mode)
            else "a FIFO" if stat.S_ISFIFO(st.st_mode) else "a socket" if stat.S_ISSOCK(st.st_mode)
            else "not a regular file")
    raise SaveError(errno.EINVAL, f"minigrad.save refuses to replace {kind}: a checkpoint is written "
                                  "atomically to a regular file (pass an open file object to write to a "
                                  "device or a pipe)", path)


def _fsync_directory(directory):
    """Make a rename inside ``directory`` durable (where the platform allows it)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return  # (Windows cannot open a directory; its renames need no directory sync)
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems refuse fsync on a directory; the rename itself has happened
    finally:
        os.close(fd)


def _write_atomically(arrays, metadata, path):
    """Write the file at ``path`` through a temporary file in the target's directory, synced and renamed.

    A symlink is followed: its target is replaced and the link stays a link. An
    existing file keeps its permission bits (and its owner, where allowed).
    Errors name ``path`` as the user gave it.
    """
    target = os.path.realpath(os.fspath(path))
    existing = _refuse_non_regular(target, path)
    directory = os.path.dirname(target)
    try:
        fd, tmp = tempfile.mkstemp(prefix="." + os.path.basename(target) + ".", suffix=".tmp", dir=directory)
    except OSError as exc:
        reason = ("the folder does not exist" if exc.errno == errno.ENOENT else exc.strerror)
        raise SaveError(exc.errno, f"minigrad.save cannot write here: {reason}", path) from None
    try:
        os.close(fd)
        # streams each array from its buffer into the file (no in-memory copy of the whole file)
        safetensors.numpy.save_file(arrays, tmp, metadata=metadata)
        fd = os.open(tmp, os.O_RDONLY)
        try:
            os.fsync(fd)  # the data reach the disk before the rename makes them the checkpoint
        finally:
            os.close(fd)
        if existing is not None:
            os.chmod(tmp, stat.S_IMODE(existing.st_mode))
            if (existing.st_uid, existing.st_gid) != (os.stat(tmp).st_uid, os.stat(tmp).st_gid):
                try:
                    os.chown(tmp, existing.st_uid, existing.st_gid)
                except OSError:
                    pass  # only the owner's group or root may give a file away: keep ours
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)  # what open() would have created
        os.replace(tmp, target)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, OSError) and not isinstance(exc, SaveError):
            raise SaveError(exc.errno, f"minigrad.save failed ({exc.strerror})", path) from exc
        if isinstance(exc, safetensors.SafetensorError):
            raise SaveError(errno.EIO, f"minigrad.save failed ({exc})", path) from exc
        raise
    _fsync_directory(directory)


def save(obj, f, pickle_module=None, pickle_protocol=None, _use_new_zipfile_serialization=True,
         _disable_byteorder_record=False):
    """Save Tensors, state dicts and checkpoints (nested dicts/lists/tuples of them with plain
    Python values and NumPy scalars) to ``f`` (a path or a writable binary file object).

    The file is a safetensors file (see the module docstring). Writing to a path
    is atomic and durable: the data go to a temporary file in the target's
    directory, are synced to disk, and then replace the target, so a crash
    mid-write leaves any previous file intact. A symlink is written through
    (its target is updated); a directory, device or FIFO at the path is refused
    before anything is written. Failures raise ``SaveError`` (an ``OSError`` and
    a ``RuntimeError``) naming ``f``.
    """
    arrays, metadata = _serialize(obj)  # unsupported objects raise here, before the disk is touched
    if hasattr(f, "write"):
        f.write(safetensors.numpy.save(arrays, metadata=metadata))
        return
    _write_atomically(arrays, metadata, f)


# ---------------------------------------------------------------------- loading
def _foreign_hint(first_bytes):
    if first_bytes[:4] == b"PK\x03\x04":
        return ("it is a zip archive, probably a PyTorch checkpoint written by torch.save; minigrad never "
                "unpickles: re-save the weights with safetensors.torch.save_file(state_dict, path)")
    if first_bytes[:1] == b"\x80":
        return "it is a Python pickle; minigrad never unpickles"
    if first_bytes[:6] == b"\x93NUMPY":
        return "it is a NumPy .npy file; load it with numpy.load and wrap it with minigrad.from_numpy"
    return None


def _not_a_checkpoint(name, first_bytes, reason):
    hint = _foreign_hint(first_bytes)
    return SerializationError(f"minigrad.load: {name} is not a valid checkpoint: {hint or reason}")


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
        if isinstance(raw, str):
            raise TypeError(f"minigrad.load: {name} was opened in text mode; open it with open(path, 'rb')")
        self.name, self.first_bytes = name, bytes(raw[:8])
        try:
            arrays = safetensors.numpy.load(bytes(raw))
            # The header is valid now (safetensors checked it); read its metadata.
            size = int.from_bytes(raw[:8], "little")
            self.metadata = json.loads(bytes(raw[8:8 + size])).get("__metadata__") or {}
        except (safetensors.SafetensorError, KeyError, TypeError, ValueError, AttributeError,
                RecursionError) as exc:
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


def _reason(exc):
    text = str(exc)
    if "header too small" in text or "incomplete" in text.lower() or "too large" in text:
        return f"{text} (truncated, empty or corrupt file)"
    return f"{text} (corrupt file or not a safetensors file)"


class _Decoder:
    def __init__(self, source, map_location):
        self.source = source
        self.known = set(source.names)
        self.name = source.name
        self.map_location = map_location
        self.cache = {}

    def fail(self, msg):
        """Raise SerializationError about the metadata."""
        raise SerializationError(f"minigrad.load: {self.name} has corrupt minigrad metadata: {msg}") from None

    def array(self, ref):
        """The NumPy array stored under the name ``ref``, in a dtype minigrad supports."""
        if not isinstance(ref, str) or ref not in self.known:
            self.fail(f"it refers to a tensor {_short_repr.repr(ref)} that the file does not hold")
        arr = self.source.array(ref)
        if arr.dtype not in _STORABLE:
            raise SerializationError(f"minigrad.load: {self.name} holds tensor '{ref}' of dtype {arr.dtype}, "
                                     "which minigrad does not support")
        return arr

    def tensor(self, d):
        """The Tensor for a ``{"$tensor": name, ...}`` reference (one object per name)."""
        ref = d["$tensor"]
        if isinstance(ref, str) and ref in self.cache:
            return self.cache[ref]
        from .creation import from_numpy
        t = from_numpy(self.array(ref))
        saved_device = d.get("device", "cpu")
        if not isinstance(saved_device, str):
            self.fail(f"tensor '{ref}' has device {_short_repr.repr(saved_device)}")
        try:
            t = _place(t, saved_device, self.map_location)
        except (RuntimeError, ValueError, TypeError) as exc:
            raise SerializationError(f"minigrad.load: {self.name}: tensor '{ref}' was saved on "
                                     f"{_short_repr.repr(saved_device)} and cannot be placed there ({exc}); pass "
                                     "map_location='cpu' to load it on the CPU") from None
        try:
            if d.get("parameter"):
                from .nn.parameter import Parameter
                t = Parameter(t, requires_grad=bool(d.get("requires_grad")))
            elif d.get("requires_grad"):
                t.requires_grad_(True)
        except RuntimeError as exc:  # e.g. an integer tensor marked as requiring grad
            self.fail(f"tensor '{ref}': {exc}")
        self.cache[ref] = t
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
            return self.array(obj["$ndarray"])
        if "$float" in obj:
            return float(obj["$float"])
        if "$numpy" in obj:
            scalar_type = _NUMPY_SCALARS.get(obj["$numpy"]) if isinstance(obj["$numpy"], str) else None
            if scalar_type is None:  # never let a file pick an arbitrary dtype (np.void(n) allocates n bytes)
                self.fail(f"unknown NumPy dtype {_short_repr.repr(obj['$numpy'])}")
            return scalar_type(self.decode(obj["value"]))
        if "$tuple" in obj:
            return tuple(self.decode(v) for v in obj["$tuple"])
        if "$set" in obj:
            return set(self.decode(v) for v in obj["$set"])
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


def _place(t, saved_device, map_location):
    """Put a loaded tensor where ``map_location`` says (default: the device it was saved from)."""
    if map_location is None:
        return t if saved_device == "cpu" else t.to(saved_device)
    if callable(map_location):
        out = map_location(t, saved_device)
        return t if out is None else out
    if isinstance(map_location, dict):
        target = map_location.get(saved_device, saved_device)
        return t if str(target) == "cpu" else t.to(target)
    return t if str(map_location) == "cpu" else t.to(map_location)


def _open_source(f):
    if hasattr(f, "read"):
        return _BytesSource(f.read(), repr(getattr(f, "name", "<file object>")))
    path = os.fspath(f)
    name = repr(path)
    st = os.stat(path)  # FileNotFoundError / PermissionError name the path
    if stat.S_ISDIR(st.st_mode):
        raise IsADirectoryError(errno.EISDIR, "Is a directory", path)
    if stat.S_ISREG(st.st_mode):
        return _FileSource(path, name)
    with open(path, "rb") as fh:  # a pipe or a device: read it as a stream
        return _BytesSource(fh.read(), name)


def load(f, map_location=None, pickle_module=None, *, weights_only=True, mmap=None, **pickle_load_args):
    """Load what ``save`` wrote (or any safetensors file: a dict of name -> Tensor) from ``f``
    (a path or a readable binary file object).

    PyTorch's keywords are accepted: ``map_location`` (a device, a string, a dict
    {saved: target} or a callable) moves the tensors; ``weights_only`` and the
    pickle options change nothing, since nothing is unpickled. Truncated,
    corrupt or foreign files raise ``SerializationError`` (a RuntimeError)
    saying what is wrong; a missing or unreadable path raises ``OSError``.
    """
    source = _open_source(f)
    try:
        dec = _Decoder(source, map_location)
        if _META in source.metadata:
            return dec.decode_checkpoint(source.metadata[_META])
        # A safetensors file from elsewhere: its tensors by name, sorted.
        return {k: dec.tensor({"$tensor": k}) for k in source.names}
    finally:
        source.close()
