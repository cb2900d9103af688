"""Random number generation: ``Generator`` and ``manual_seed``.

Each Generator wraps a NumPy ``Generator`` (PCG64). Streams need not equal
PyTorch's; seeding makes minigrad's own runs reproducible on every backend.
"""
import numpy as _np  # host-side random streams

from . import backends


class Generator:
    """A random stream, as ``torch.Generator`` (for DataLoader, random_split, rand...)."""

    def __init__(self, device="cpu"):
        self.device = device
        self._seed = int(_np.random.SeedSequence().entropy % (2 ** 63))
        self._rng = _np.random.default_rng(self._seed)

    def manual_seed(self, seed):
        """Reseed; returns self."""
        self._seed = int(seed)
        self._rng = _np.random.default_rng(self._seed % (2 ** 64) if self._seed < 0 else self._seed)
        return self

    def seed(self):
        """Reseed from fresh entropy; returns the new seed."""
        self.manual_seed(int(_np.random.SeedSequence().entropy % (2 ** 63)))
        return self._seed

    def initial_seed(self):
        """The seed last set."""
        return self._seed

    def get_state(self):
        """The stream's state (a dict; restore with set_state)."""
        return self._rng.bit_generator.state

    def set_state(self, state):
        """Restore a state from get_state."""
        self._rng.bit_generator.state = state

    @property
    def rng(self):
        """The underlying NumPy Generator."""
        return self._rng


default_generator = Generator()


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
        return generator._rng
    if device.type == "cpu":
        return default_generator._rng
    return device._get_backend().random_state()
