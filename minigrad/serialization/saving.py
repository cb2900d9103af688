"""``save``: the object described as JSON with its tensors named, written atomically and durably
(a temporary file next to the path, fsynced, then renamed over it)."""
import errno
import json
import math
import os
import stat
import tempfile
from collections import Counter, OrderedDict

import numpy as np
import safetensors
import safetensors.numpy

from .._array_layout import _address, root_array
from .. import return_types
from ..tensor import Size, Tensor
from ..dtypes import dtype
from ..device import device
from .format import _STORABLE, _PAIRED, _NUMPY_SCALARS, _META, _VERSION, SaveError, NotAFileError


class _Encoder:
    """Turns an object into JSON-able structure plus a table of named host arrays."""

    def __init__(self):
        self.arrays = {}    # name -> little-endian C-contiguous NumPy array
        self.names = {}     # id(array) -> name (an array saved twice is stored once)
        self.refs = {}      # id(tensor) -> its reference (a tensor saved twice is loaded as one object)
        self.storages = {}  # id(array owning a tensor's memory) -> (name, dtype) of the stored storage
        self.views = 0      # references giving a layout in a storage, numbered: each is loaded as one tensor
        self.keep = []      # keeps encoded objects alive so their ids stay unique

    def _name(self, path):
        base = ".".join(path) if path else "tensor"
        name, i = base, 1
        while name in self.arrays or name == "__metadata__":
            name = f"{base}#{i}"
            i += 1
        return name

    def _add(self, arr, path):
        """The name of the host array ``arr``, added to the table in a form safetensors stores."""
        arr = np.asarray(arr)
        if arr.dtype.byteorder == ">":
            arr = arr.astype(arr.dtype.newbyteorder("<"))  # safetensors is little-endian
        if arr.dtype == _PAIRED:  # (as real pairs: see format.py)
            pairs = np.empty(arr.shape + (2,), np.float64)
            pairs[..., 0], pairs[..., 1] = arr.real, arr.imag
            arr = pairs
        elif arr.dtype not in _STORABLE:
            raise TypeError(f"minigrad.save cannot store arrays of dtype {arr.dtype} (at {_where(path)})")
        if not arr.flags.c_contiguous:
            arr = arr.copy(order="C")  # (np.ascontiguousarray would turn 0-d arrays 1-d)
        name = self._name(path)
        self.arrays[name] = arr
        return name

    def _store(self, obj, arr, path):
        key = id(obj)
        if key not in self.names:
            self.names[key] = self._add(arr, path)
            self.keep.append(obj)
        return self.names[key]

    def _tensor_ref(self, t, path):
        """The reference to tensor ``t``: its storage (stored once for all the tensors viewing it),
        and, unless ``t`` is the first tensor saved of it and is that storage whole and row-major,
        its offset, shape and strides there (in elements)."""
        data = t.detach()._data
        # (a device tensor is copied to the host alone, row-major: its views are not told apart)
        found = _storage_of(data) if t._device.type == "cpu" else None
        if found is None:  # or memory not one block of whole elements
            return {"$tensor": self._store(t, t._device._get_backend().to_numpy(data), path)}
        root, offset = found
        stored = self.storages.get(id(root))
        if stored is None:
            whole = offset == 0 and data.flags.c_contiguous and data.nbytes == root.nbytes
            memory = data if whole else (root if root.flags.c_contiguous else root.T).reshape(-1).view(data.dtype)
            stored = self.storages[id(root)] = (self._add(memory, path), data.dtype)
            self.keep.append(root)
            if whole:  # (a state dict's tensors: a safetensors file of them by name, as before)
                return {"$tensor": stored[0]}
        elif stored[1] != data.dtype:
            raise RuntimeError("Cannot save multiple tensors or storages that view the same data as different types")
        self.views += 1
        return {"$tensor": stored[0], "view": self.views, "offset": offset, "shape": list(data.shape),
                "stride": list(t.stride())}

    def encode(self, obj, path):
        """The JSON-able form of ``obj`` found at ``path`` (tensors go to the table)."""
        if isinstance(obj, np.generic):  # before int/float: np.float64 subclasses float
            if obj.dtype.name not in _NUMPY_SCALARS:
                raise TypeError(f"minigrad.save cannot store NumPy scalars of dtype {obj.dtype} (at {_where(path)})")
            return {"$numpy": obj.dtype.name, "value": self.encode(obj.item(), path)}
        if obj is None or isinstance(obj, (bool, str)):
            return str(obj) if isinstance(obj, str) else obj
        if isinstance(obj, int):
            return int(obj)
        if isinstance(obj, float):
            return float(obj) if math.isfinite(obj) else {"$float": repr(float(obj))}
        if isinstance(obj, complex):
            return {"$complex": [self.encode(obj.real, path), self.encode(obj.imag, path)]}
        if isinstance(obj, Tensor):
            if id(obj) in self.refs:
                return self.refs[id(obj)]
            ref = self.refs[id(obj)] = self._tensor_ref(obj, path)
            self.keep.append(obj)
            if obj._data.dtype == _PAIRED:
                ref["complex"] = True
            if obj.requires_grad:
                ref["requires_grad"] = True
            if type(obj).__name__ == "Parameter":
                ref["parameter"] = True
            if obj.device.type != "cpu":
                ref["device"] = str(obj.device)
            return ref
        if isinstance(obj, np.ndarray):
            ref = {"$ndarray": self._store(obj, obj, path)}
            if obj.dtype == _PAIRED:
                ref["complex"] = True
            return ref
        if isinstance(obj, list):
            return [self.encode(v, path + [str(i)]) for i, v in enumerate(obj)]
        if isinstance(obj, Size):  # (before tuple: a shape kept in a checkpoint comes back a torch.Size)
            return {"$size": [int(v) for v in obj]}
        if isinstance(obj, dtype):
            return {"$dtype": obj.name}
        if isinstance(obj, device):
            return {"$device": str(obj)}
        if isinstance(obj, tuple):
            items = [self.encode(v, path + [str(i)]) for i, v in enumerate(obj)]
            if type(obj).__module__ == return_types.__name__:  # (max's, sort's...: back as the same named tuple)
                return {"$result": type(obj).__name__, "items": items}
            return {"$tuple": items}
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
                        "dicts, lists, tuples, sets, str, int, float, bool, None, torch.Size, dtypes and devices are saved "
                        "(never pickled)")


def _storage_of(data):
    """``(root, offset)``: the array owning the memory of the array ``data`` (its storage) and the
    offset of ``data``'s first element in it, in ``data``'s elements; None where that memory is not
    one block that whole elements of ``data``'s dtype tile."""
    root = root_array(data)
    if not (root.flags.c_contiguous or root.flags.f_contiguous):
        return None
    if root is data:  # (most tensors saved: their memory their own)
        return root, 0
    item = data.itemsize
    start = _address(data) - _address(root)
    if start < 0 or start % item or root.nbytes % item or any(s < 0 or s % item for s in data.strides):
        return None
    return root, start // item


def _where(path):
    return "the top level" if not path else "'" + ".".join(path) + "'"


def _serialize(obj):
    """(arrays by name, safetensors metadata) describing ``obj``."""
    enc = _Encoder()
    try:
        saved = enc.encode(obj, [])
    except RecursionError:
        raise ValueError("minigrad.save: the object is nested too deeply to save") from None
    # (a file with no view in a storage is version 1, which minigrad read before views were saved)
    structure = {"version": _VERSION if enc.views else 1, "obj": saved}
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
    if os.fsdecode(os.path.basename(os.fspath(path))) in ("", ".", ".."):
        # ("ck.pt/" or "ck.pt/.": realpath drops the ending, and the save would create or replace ck.pt)
        raise SaveError(errno.ENOTDIR, "minigrad.save needs a path that ends in a file name, not in a folder", path)
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
    if not (hasattr(f, "write") or isinstance(f, (str, os.PathLike))):
        raise NotAFileError(f"minigrad.save: expected 'f' to be a path or a writable file object, got "
                            f"{type(f).__name__}")
    if pickle_protocol is not None and pickle_protocol > 5:  # (nothing is pickled: PyTorch's check only)
        raise ValueError("pickle protocol must be <= 5")
    arrays, metadata = _serialize(obj)  # unsupported objects raise here, before the disk is touched
    if hasattr(f, "write"):
        f.write(safetensors.numpy.save(arrays, metadata=metadata))
        return
    _write_atomically(arrays, metadata, f)
