"""``minigrad.save`` / ``minigrad.load``: checkpoints as safetensors files; nothing is ever unpickled.

File layout (the safetensors format, written with the standard library and NumPy):
8 bytes little-endian header length N, N bytes of JSON header (space padded to
a multiple of 8), then the raw little-endian bytes of every tensor, back to back.
The header maps each tensor name to ``{"dtype", "shape", "data_offsets"}``;
``"__metadata__"`` holds ``{"format": "pt", "minigrad": <JSON>}`` where the JSON
describes the saved object with every tensor replaced by a reference to its
name. A flat state dict's tensors are stored under their own keys, so
``safetensors.torch.load_file`` reads it as the same state dict; nested
checkpoints use dotted paths (``model.0.weight``, ``optimizer.state.0.exp_avg``).
"""
import json
import math
import os
import struct
import tempfile
from collections import Counter, OrderedDict

import numpy as np

from .tensor import Tensor

_DTYPES = {"F64": np.float64, "F32": np.float32, "F16": np.float16, "I64": np.int64, "I32": np.int32,
           "I16": np.int16, "I8": np.int8, "U8": np.uint8, "BOOL": np.bool_}
_CODES = {np.dtype(v): k for k, v in _DTYPES.items()}
_META = "minigrad"
_VERSION = 1
_MAX_HEADER = 100_000_000  # safetensors' own limit


class SerializationError(RuntimeError):
    """A file that is not a readable minigrad/safetensors checkpoint (truncated, corrupt or foreign)."""


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
        if arr.dtype.byteorder == ">":
            arr = arr.astype(arr.dtype.newbyteorder("<"))  # safetensors is little-endian
        if arr.dtype not in _CODES:
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
            if obj.dtype not in _CODES:
                raise TypeError(f"minigrad.save cannot store NumPy scalars of dtype {obj.dtype} (at {_where(path)})")
            return {"$numpy": obj.dtype.name, "value": self.encode(obj.item(), path)}
        if obj is None or isinstance(obj, (bool, str)):
            return str(obj) if isinstance(obj, str) else obj
        if isinstance(obj, int):
            return int(obj)
        if isinstance(obj, float):
            return float(obj) if math.isfinite(obj) else {"$float": repr(float(obj))}
        if isinstance(obj, Tensor):
            arr = obj._device._get_backend().to_numpy(obj.detach()._data)
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
    """The bytes of the safetensors file holding ``obj``."""
    enc = _Encoder()
    structure = {"version": _VERSION, "obj": enc.encode(obj, [])}
    header = {"__metadata__": {"format": "pt", _META: json.dumps(structure, separators=(",", ":"),
                                                                 allow_nan=False)}}
    offset = 0
    for name, arr in enc.arrays.items():
        header[name] = {"dtype": _CODES[arr.dtype], "shape": list(arr.shape),
                        "data_offsets": [offset, offset + arr.nbytes]}
        offset += arr.nbytes
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)
    return struct.pack("<Q", len(text)) + text, list(enc.arrays.values())


def _write(fh, head, arrays):
    fh.write(head)
    for arr in arrays:
        if arr.size:
            fh.write(arr.tobytes())


def save(obj, f, pickle_module=None, pickle_protocol=None, _use_new_zipfile_serialization=True,
         _disable_byteorder_record=False):
    """Save Tensors, state dicts and checkpoints (nested dicts/lists/tuples of them with plain
    Python values and NumPy scalars) to ``f`` (a path or a writable binary file object).

    The file is a safetensors file (see the module docstring). Writing to a path
    is atomic: the data go to a temporary file in the same directory, which then
    replaces ``f``, so a crash mid-write leaves any previous file intact.
    """
    head, arrays = _serialize(obj)
    if hasattr(f, "write"):
        _write(f, head, arrays)
        return
    path = os.fspath(f)
    directory = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix="." + os.path.basename(path) + ".", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as fh:
            _write(fh, head, arrays)
            fh.flush()
            os.fsync(fh.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


# ---------------------------------------------------------------------- loading
def _foreign_hint(raw):
    if raw[:4] == b"PK\x03\x04":
        return ("it is a zip archive, probably a PyTorch checkpoint written by torch.save; minigrad never "
                "unpickles: re-save the weights with safetensors.torch.save_file(state_dict, path)")
    if raw[:1] == b"\x80":
        return "it is a Python pickle; minigrad never unpickles"
    if raw[:6] == b"\x93NUMPY":
        return "it is a NumPy .npy file; load it with numpy.load and wrap it with minigrad.from_numpy"
    return None


def _parse(raw, name):
    """(header dict, data memoryview) of a safetensors file, validated."""
    def fail(msg):
        """Raise SerializationError naming the file (and the foreign format, if recognised)."""
        hint = _foreign_hint(raw)
        raise SerializationError(f"minigrad.load: {name} is not a valid checkpoint: "
                                 + (hint if hint else msg))
    if len(raw) < 8:
        fail(f"it is only {len(raw)} bytes long (truncated or empty file)")
    n = struct.unpack("<Q", raw[:8])[0]
    if n > _MAX_HEADER:
        fail(f"the header length field says {n} bytes (corrupt file or not a safetensors file)")
    if 8 + n > len(raw):
        fail(f"the header needs {n} bytes but the file has only {len(raw) - 8} after the length field "
             "(truncated file)")
    try:
        header = json.loads(bytes(raw[8:8 + n]).decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        fail(f"its header is not valid JSON ({exc}): corrupt file or not a safetensors file")
    if not isinstance(header, dict):
        fail("its header is not a JSON object")
    data = memoryview(raw)[8 + n:]
    spans = []
    for key, info in header.items():
        if key == "__metadata__":
            continue
        if (not isinstance(info, dict) or info.get("dtype") not in _DTYPES
                or not isinstance(info.get("shape"), list)
                or not all(isinstance(s, int) and s >= 0 for s in info["shape"])
                or not isinstance(info.get("data_offsets"), list) or len(info["data_offsets"]) != 2
                or not all(isinstance(o, int) for o in info["data_offsets"])):
            fail(f"the header entry for tensor '{key}' is malformed or has an unsupported dtype: {info!r}")
        begin, end = info["data_offsets"]
        numel = math.prod(info["shape"])
        if not 0 <= begin <= end or end - begin != numel * np.dtype(_DTYPES[info["dtype"]]).itemsize:
            fail(f"tensor '{key}' has data offsets {info['data_offsets']} that do not fit its shape "
                 f"{info['shape']} and dtype {info['dtype']}")
        if end > len(data):
            fail(f"tensor '{key}' needs bytes up to {end} but the data section has only {len(data)} "
                 "(truncated file)")
        spans.append((begin, end))
    spans.sort()
    pos = 0
    for begin, end in spans:
        if begin != pos:
            fail("its tensors' data overlap or leave holes (corrupt file)")
        pos = end
    if pos != len(data):
        fail(f"{len(data) - pos} bytes follow the last tensor (corrupt file)")
    return header, data


def _array(info, data):
    dt = np.dtype(_DTYPES[info["dtype"]]).newbyteorder("<")
    shape = tuple(info["shape"])
    begin, end = info["data_offsets"]
    if begin == end:
        return np.zeros(shape, dt.newbyteorder("="))
    arr = np.frombuffer(data[begin:end], dtype=dt).reshape(shape)
    return arr.astype(dt.newbyteorder("="), copy=True)


class _Decoder:
    def __init__(self, header, data, name, map_location):
        self.header = header
        self.data = data
        self.name = name
        self.map_location = map_location
        self.cache = {}

    def fail(self, msg):
        """Raise SerializationError about the metadata."""
        raise SerializationError(f"minigrad.load: {self.name} has corrupt minigrad metadata: {msg}")

    def array(self, ref):
        """The NumPy array stored under the name ``ref``."""
        info = self.header.get(ref) if isinstance(ref, str) and ref != "__metadata__" else None
        if info is None:
            self.fail(f"it refers to a tensor '{ref}' that the file does not hold")
        return _array(info, self.data)

    def tensor(self, d):
        """The Tensor for a ``{"$tensor": name, ...}`` reference (one object per name)."""
        ref = d["$tensor"]
        if ref in self.cache:
            return self.cache[ref]
        from .creation import from_numpy
        t = from_numpy(self.array(ref))
        t = _place(t, d.get("device", "cpu"), self.map_location)
        if d.get("parameter"):
            from .nn.parameter import Parameter
            t = Parameter(t, requires_grad=bool(d.get("requires_grad")))
        elif d.get("requires_grad"):
            t.requires_grad_(True)
        self.cache[ref] = t
        return t

    def decode(self, obj):
        """The Python object for the JSON form ``obj``."""
        if obj is None or isinstance(obj, (bool, int, float, str)):
            return obj
        if isinstance(obj, list):
            return [self.decode(v) for v in obj]
        if not isinstance(obj, dict) or len(obj) == 0:
            self.fail(f"unexpected value {obj!r}")
        if "$tensor" in obj:
            return self.tensor(obj)
        if "$ndarray" in obj:
            return self.array(obj["$ndarray"])
        if "$float" in obj:
            return float(obj["$float"])
        if "$numpy" in obj:
            try:
                return np.dtype(obj["$numpy"]).type(self.decode(obj["value"]))
            except TypeError:
                self.fail(f"unknown NumPy dtype {obj['$numpy']!r}")
        if "$tuple" in obj:
            return tuple(self.decode(v) for v in obj["$tuple"])
        if "$set" in obj:
            return set(self.decode(v) for v in obj["$set"])
        for tag, cls in (("$dict", dict), ("$odict", OrderedDict), ("$counter", Counter)):
            if tag in obj:
                out = cls()
                for pair in obj[tag]:
                    if not isinstance(pair, list) or len(pair) != 2:
                        self.fail(f"malformed dict item {pair!r}")
                    out[self.decode(pair[0])] = self.decode(pair[1])
                return out
        self.fail(f"unknown tag in {sorted(obj)!r}")


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


def load(f, map_location=None, pickle_module=None, *, weights_only=True, mmap=None, **pickle_load_args):
    """Load what ``save`` wrote (or any safetensors file: a dict of name -> Tensor) from ``f``
    (a path or a readable binary file object).

    PyTorch's keywords are accepted: ``map_location`` (a device, a string, a dict
    {saved: target} or a callable) moves the tensors; ``weights_only`` and the
    pickle options change nothing, since nothing is unpickled. Truncated,
    corrupt or foreign files raise ``SerializationError`` (a RuntimeError)
    saying what is wrong.
    """
    if hasattr(f, "read"):
        raw = f.read()
        name = repr(getattr(f, "name", "<file object>"))
    else:
        path = os.fspath(f)
        name = repr(path)
        with open(path, "rb") as fh:
            raw = fh.read()
    header, data = _parse(raw, name)
    meta = header.get("__metadata__")
    dec = _Decoder(header, data, name, map_location)
    if isinstance(meta, dict) and _META in meta:
        try:
            structure = json.loads(meta[_META])
        except (TypeError, ValueError) as exc:
            dec.fail(f"not JSON ({exc})")
        if not isinstance(structure, dict) or "obj" not in structure:
            dec.fail("no saved object")
        if not isinstance(structure.get("version"), int) or structure["version"] > _VERSION:
            dec.fail(f"unknown format version {structure.get('version')!r}")
        try:
            return dec.decode(structure["obj"])
        except (ValueError, TypeError, KeyError, IndexError, AttributeError, OverflowError) as exc:
            dec.fail(f"{type(exc).__name__}: {exc}")
    # A safetensors file from elsewhere: its tensors by name, in file order.
    names = sorted((k for k in header if k != "__metadata__"), key=lambda k: header[k]["data_offsets"][0])
    return {k: dec.tensor({"$tensor": k}) for k in names}
