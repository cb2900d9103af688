"""``minigrad.device``: where a tensor's storage lives ("cpu" or "cuda[:N]")."""
import re

from . import backends


#: the device types PyTorch's parser knows (minigrad has cpu and cuda), listed in its message for others
_TORCH_DEVICE_TYPES = ("cpu, cuda, ipu, xpu, mkldnn, opengl, opencl, ideep, hip, ve, fpga, maia, xla, lazy, vulkan, "
                       "mps, meta, hpu, mtia, privateuseone")
#: the form PyTorch's parser accepts before it looks at the type: letters or _, then an optional :index
_DEVICE_STRING = re.compile(r"[A-Za-z_]+(:(0|[1-9][0-9]*))?")


class device:
    """A device, e.g. ``device("cpu")`` or ``device("cuda:0")``; compares equal to its string."""

    __module__ = "minigrad"  # (minigrad.device, as torch.device)
    __slots__ = ("type", "index", "backend")
    _cache = {}

    def __new__(cls, type_or_str="cpu", index=None):
        if isinstance(type_or_str, device):
            return type_or_str
        key = (type_or_str, index)
        cached = cls._cache.get(key)
        if cached is not None:
            return cached
        if not isinstance(type_or_str, (str, int)) or isinstance(type_or_str, bool):
            raise TypeError(f"device() received an invalid combination of arguments - got "
                            f"({type(type_or_str).__name__}), but expected a device, a string or an int")
        if isinstance(type_or_str, int):  # (not cached: whether an accelerator is there can change)
            return accelerator_device(type_or_str)
        text = str(type_or_str)
        if not text:
            raise RuntimeError("Device string must not be empty")
        if not _DEVICE_STRING.fullmatch(text):  # (' cpu', 'float64', 'cuda:01': not a device string at all)
            raise RuntimeError(f"Invalid device string: '{type_or_str}'")
        if ":" in text:
            text, _, idx = text.partition(":")
            if index is not None:
                raise RuntimeError(f"type (string) must not include an index because index was passed explicitly: {type_or_str}")
            try:
                index = int(idx)
            except ValueError:
                raise RuntimeError(f"Invalid device string: '{type_or_str}'") from None
            if index < 0 or not idx.isdigit():
                raise RuntimeError(f"Invalid device string: '{type_or_str}'")
        if text not in ("cpu", "cuda"):
            known = _TORCH_DEVICE_TYPES if text not in _TORCH_DEVICE_TYPES else "cpu, cuda"  # (the others: not here)
            raise RuntimeError(f"Expected one of {known} device type at start of device string: {type_or_str}")
        self = object.__new__(cls)
        self.type = text
        self.index = index
        self.backend = None
        cls._cache[key] = self
        return self

    def _get_backend(self):
        backend = self.backend
        if backend is None:
            backend = self.backend = backends.get(self.type)
        return backend

    def __eq__(self, other):
        if isinstance(other, str):
            other = device(other)
        if not isinstance(other, device):
            return NotImplemented
        return self.type == other.type and (self.index == other.index or
                                            self.index in (None, 0) and other.index in (None, 0))

    def __hash__(self):
        return hash((self.type, self.index or 0))

    def __enter__(self):
        """``with device(...):`` makes it the default device for the block (``set_default_device``)."""
        _entered.append(_default[0])
        _default[0] = self
        return self

    def __exit__(self, *exc):
        _default[0] = _entered.pop()
        return False

    def __str__(self):
        return self.type if self.index is None else f"{self.type}:{self.index}"

    def __repr__(self):
        return f"device(type='{self.type}')" if self.index is None else \
            f"device(type='{self.type}', index={self.index})"


def to_device(d):
    """Normalise a device argument (None, string, int or device) to a device; None is the
    default device (``set_default_device``)."""
    if d is None:
        return _default[0]
    if isinstance(d, device):
        return d
    if isinstance(d, int):
        return accelerator_device(d)
    if isinstance(d, str) or hasattr(d, "type") and hasattr(d, "index"):  # (also another library's device)
        return device(str(d))
    raise TypeError(f"expected a torch.device, a string or an int as the device, not {type(d).__name__}")


def accelerator_device(index):
    """What an int names as a device in PyTorch: that device of the accelerator (``cuda:N`` here),
    with PyTorch's RuntimeError where no accelerator is available."""
    if index < 0:
        raise RuntimeError("Device index must not be negative")
    try:
        backends.get("cuda")
    except (RuntimeError, AssertionError):
        raise RuntimeError("Cannot access accelerator device when none is available.") from None
    return device("cuda", index)


CPU = device("cpu")
CPU.backend = backends.numpy_backend
_default = [CPU]  # where factories put a tensor given no device
_entered = []     # the default devices that ``with device(...)`` blocks replaced, innermost last


def set_default_device(device):
    """Make ``device`` (a device, string or index; None: the CPU) where factory functions
    create tensors when given no ``device``, as ``torch.set_default_device``."""
    _default[0] = CPU if device is None else to_device(device)


def get_default_device():
    """The device factory functions use when given none (the CPU unless ``set_default_device``
    chose another). CUDA without an index is the current CUDA device (``cuda:0``), with PyTorch's
    AssertionError where CUDA is not available."""
    d = _default[0]
    if d.type == "cuda" and d.index is None:  # (PyTorch asks the device of a new tensor)
        from . import cuda  # (cuda imports the backends, which import this module)
        return device("cuda", cuda.current_device())
    return d
