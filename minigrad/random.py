"""Random number generation: ``Generator`` and ``manual_seed``.

A Generator on the CPU draws from ``MersenneStream``: PyTorch's own CPU stream, so a
seeded program prints PyTorch's numbers (see ``minigrad.mersenne``). Device backends
(CuPy) keep their own generators, seeded by ``manual_seed`` too.
"""
import contextlib
import operator as _operator

import numpy as _np  # host-side entropy for unseeded generators

from . import backends
from .device import to_device
from .mersenne import MersenneStream, DEFAULT_SEED, serial_normals


class Generator:
    """A random stream, as ``torch.Generator`` (for DataLoader, random_split, rand...); a fresh
    one starts from PyTorch's default seed, as PyTorch's does."""

    def __init__(self, device="cpu"):
        self.device = to_device(device)  # (a device, as PyTorch's; a bad device string is its RuntimeError)
        if self.device.type != "cpu":
            try:
                backends.get(self.device.type)
            except (RuntimeError, AssertionError):  # (no CuPy, or no GPU)
                raise RuntimeError(f"Cannot get {self.device.type.upper()} generator: no {self.device.type} device "
                                   "is available") from None
        self._seed = DEFAULT_SEED
        self._rng = MersenneStream(DEFAULT_SEED)

    def manual_seed(self, seed):
        """Reseed; returns self."""
        try:
            seed = _operator.index(seed)
        except TypeError:
            raise RuntimeError(f"manual_seed expected a long, but got {type(seed).__name__}") from None
        if not -2 ** 63 <= seed < 2 ** 64:
            raise ValueError("Overflow when unpacking long long")
        self._seed = seed % (2 ** 64)  # (PyTorch keeps a negative seed as its 64-bit pattern)
        self._rng.seed(self._seed)
        return self

    def seed(self):
        """Reseed from fresh entropy; returns the new seed."""
        self.manual_seed(int(_np.random.SeedSequence().entropy % (2 ** 63)))
        return self._seed

    def initial_seed(self):
        """The seed last set."""
        return self._seed

    def get_state(self):
        """The stream's state as a uint8 Tensor, as PyTorch's (restore with set_state)."""
        from .tensor import wrap
        return wrap(self._rng.state)

    def set_state(self, new_state):
        """Restore a state from get_state (a uint8 Tensor); returns self."""
        from .tensor import Tensor
        if not isinstance(new_state, Tensor) or new_state.dtype.np != _np.uint8:
            raise TypeError("RNG state must be a torch.ByteTensor")
        if not new_state.is_contiguous():
            raise RuntimeError("RNG state must be contiguous")
        self._rng.state = new_state.cpu().numpy().reshape(-1)  # (PyTorch reads the bytes whatever the shape)
        self._seed = self._rng.seed_value  # (the state holds the seed, as PyTorch's)
        return self

    @property
    def rng(self):
        """The underlying stream (NumPy Generator's method names)."""
        return self._rng


default_generator = Generator()
default_generator.seed()  # (as PyTorch: unseeded programs differ from run to run)


def manual_seed(seed):
    """Seed the default generator and every backend's generator; returns the default generator."""
    seed = int(seed)
    default_generator.manual_seed(seed)
    for backend in backends.all_backends().values():
        backend.seed(seed % (2 ** 32))
    return default_generator


def seed():
    """Seed from fresh entropy; returns the seed."""
    s = default_generator.seed()
    manual_seed(s)
    return s


def initial_seed():
    """The default generator's seed."""
    return default_generator.initial_seed()


def get_rng_state():
    """The default generator's state."""
    return default_generator.get_state()


def set_rng_state(new_state):
    """Restore the default generator's state."""
    default_generator.set_state(new_state)


def rng_for(generator, device):
    """The random stream to draw from for ``device`` (host NumPy stream or the device backend's)."""
    if generator is not None:
        if not isinstance(generator, Generator):
            raise TypeError(f"expected a torch.Generator as generator, but got {type(generator).__name__}")
        return generator._rng
    if device.type == "cpu":
        return default_generator._rng
    return device._get_backend().random_state()


@contextlib.contextmanager
def fork_rng(devices=None, enabled=True, _caller="fork_rng", _devices_kw="devices", device_type="cuda"):
    """Run the block with the default generator's state restored afterwards (``torch.random.fork_rng``):
    random draws inside it do not move the stream outside it. Device streams are left as they are."""
    if not enabled:
        yield
        return
    state = get_rng_state()
    try:
        yield
    finally:
        set_rng_state(state)


def memory_order(array):
    """The dims of ``array`` from outermost to innermost in memory, where it is dense but not in
    row-major order (a transpose, a permute: PyTorch draws random numbers for such a tensor in its
    memory order, as its ``empty_like`` keeps the layout); None for a row-major or other array."""
    if array.ndim < 2 or array.flags.c_contiguous:
        return None
    strides, shape = array.strides, array.shape
    dims = [d for d in range(array.ndim) if shape[d] != 1]
    order = sorted(dims, key=lambda d: -strides[d])
    expected = array.itemsize
    for d in reversed(order):
        if strides[d] != expected:
            return None  # (overlapping, strided or flipped: drawn row-major, as PyTorch's)
        expected *= shape[d]
    return [d for d in range(array.ndim) if shape[d] == 1] + order


def in_memory_order(layout, values_for, put_back=lambda values, dims: values.transpose(dims)):
    """``values_for(shape)`` drawn for an array of ``layout``'s shape in ``layout``'s memory order
    (see ``memory_order``): drawn row-major in that order, then its dims put back by
    ``put_back(values, dims)`` (an array's transpose; a Tensor's permute for the ``*_like`` draws)."""
    order = memory_order(layout)
    if order is None:
        return values_for(tuple(layout.shape))
    with serial_normals():  # (PyTorch's normals for a tensor that is not contiguous)
        values = values_for(tuple(layout.shape[d] for d in order))
    return put_back(values, _np.argsort(order).tolist())
