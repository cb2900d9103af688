"""The backend protocol: what minigrad needs from an array library.

Op code never names NumPy or CuPy: it gets ``xp`` (the array module) from its
inputs' backend. A backend adds only what differs between array libraries:
host/device transfer, scatter-add, random numbers and synchronisation.
"""


class ForwardContext:
    """The ``ctx`` of an op's forward when no node is recorded, for ops whose forward reads only
    ``ctx.xp`` (``Op.stateless_forward``): one per backend, shared by those calls. It has no slot
    for anything else, so a forward that wrote to it would fail at once rather than share state."""

    __slots__ = ("xp",)

    def __init__(self, xp):
        self.xp = xp


class Backend:
    """One array library on one kind of device."""

    name = "abstract"
    device_type = "abstract"
    xp = None           # the NumPy-compatible array module
    array_type = None   # the class of its arrays
    scalar_types = ()   # scalar classes its ops may return for 0-d results (NumPy's np.generic)
    # Set by each backend's __init__, as instance attributes (every op reads them: an instance's
    # own attribute, with no class attribute of that name, is the fastest read):
    # ``forward_context``, the ``ForwardContext(xp)`` that op forwards share when nothing is recorded.

    def asarray(self, data, dtype=None):
        """An array on this backend from host data or another array."""
        raise NotImplementedError

    def to_numpy(self, array):
        """A NumPy array (host copy where needed) of ``array``."""
        raise NotImplementedError

    def scatter_add(self, target, index, values):
        """``target[index] += values`` with repeated indices accumulated, in place."""
        raise NotImplementedError

    def argsort_stable(self, array, axis):
        """Indices that sort ``array`` along ``axis``, ties kept in order (CuPy has no ``kind=``)."""
        return self.xp.argsort(array, axis=axis, kind="stable")

    def random_state(self):
        """The backend's random generator (seeded by minigrad.manual_seed)."""
        raise NotImplementedError

    def seed(self, seed):
        """Seed the backend's random generator."""
        raise NotImplementedError

    def synchronize(self):
        """Wait for queued device work (a no-op on the CPU)."""

    def is_available(self):
        """Whether this backend can be used on this machine."""
        return True
