"""``minigrad.distributed``: PyTorch's ``torch.distributed`` for a single process.

minigrad runs in one process, so a process group holds one rank: ``is_available()`` is
True and ``is_initialized()`` False as on a CPU build of PyTorch before
``init_process_group``; the functions that need a group raise PyTorch's ValueError
until one is made. ``init_process_group`` accepts a world of size 1 (rank 0), in
which every collective leaves its tensors as they are (the sum, mean, min or max
over one rank is that rank's tensor), so single-process runs of distributed
training scripts work unchanged.
"""
import enum
import os

__all__ = ["is_available", "is_initialized", "is_nccl_available", "is_gloo_available", "is_mpi_available",
           "is_torchelastic_launched", "init_process_group", "destroy_process_group", "get_rank",
           "get_world_size", "get_backend", "barrier", "all_reduce", "reduce", "broadcast", "all_gather",
           "gather", "scatter", "new_group", "ReduceOp", "Backend", "group", "GroupMember"]

_NOT_INITIALIZED = "Default process group has not been initialized, please make sure to call init_process_group."


class ReduceOp:
    """The reductions a collective can apply (``ReduceOp.SUM``...)."""

    class RedOpType(enum.Enum):
        """PyTorch's reduction kinds."""
        SUM = 0
        AVG = 1
        PRODUCT = 2
        MIN = 3
        MAX = 4
        BAND = 5
        BOR = 6
        BXOR = 7
        PREMUL_SUM = 8


for _op in ReduceOp.RedOpType:
    setattr(ReduceOp, _op.name, _op)


class Backend(str):
    """A backend's name (``Backend.GLOO == "gloo"``)."""
    UNDEFINED = "undefined"
    GLOO = "gloo"
    NCCL = "nccl"
    UCC = "ucc"
    MPI = "mpi"

    def __new__(cls, name):
        return str.__new__(cls, name.lower())


class ProcessGroup:
    """The single-process group: rank 0 of a world of size 1."""

    def __init__(self, backend):
        self.backend = backend

    def rank(self):
        """This process's rank: 0."""
        return 0

    def size(self):
        """The world size: 1."""
        return 1


class group:
    """``group.WORLD``: the default process group (None until ``init_process_group``)."""
    WORLD = None


GroupMember = group


class _Work:
    """What an ``async_op=True`` collective returns: already complete."""

    def wait(self, timeout=None):
        """True: the collective has finished."""
        return True

    def is_completed(self):
        """True: the collective has finished."""
        return True


def is_available():
    """True: the distributed package is present (with a single-process group)."""
    return True


def is_initialized():
    """Whether ``init_process_group`` has made the default group."""
    return group.WORLD is not None


def is_nccl_available():
    """False: there is no NCCL."""
    return False


def is_gloo_available():
    """True, as on a CPU build of PyTorch (minigrad's group is single-process)."""
    return True


def is_mpi_available():
    """False: there is no MPI."""
    return False


def is_torchelastic_launched():
    """Whether the process was started by torchrun (``TORCHELASTIC_RUN_ID`` is set)."""
    return os.getenv("TORCHELASTIC_RUN_ID") is not None


def init_process_group(backend=None, init_method=None, timeout=None, world_size=-1, rank=-1, store=None,
                       group_name="", pg_options=None, device_id=None):
    """Make the default process group: a world of size 1 (rank 0), read from the arguments or from
    the ``WORLD_SIZE``/``RANK`` environment variables as PyTorch's ``env://`` rendezvous does."""
    if group.WORLD is not None:
        raise ValueError("trying to initialize the default process group twice!")
    for name, value in (("RANK", rank), ("WORLD_SIZE", world_size)):
        if value == -1 and store is None and os.getenv(name) is None:
            raise ValueError("Error initializing torch.distributed using env:// rendezvous: environment "
                             f"variable {name} expected, but not set")
    world_size = int(os.environ["WORLD_SIZE"]) if world_size == -1 else world_size
    rank = int(os.environ["RANK"]) if rank == -1 else rank
    if world_size != 1 or rank != 0:
        raise RuntimeError(f"minigrad.distributed runs a single process: world_size must be 1 and rank 0, got "
                           f"world_size={world_size}, rank={rank}")
    group.WORLD = ProcessGroup(Backend(backend or "gloo"))


def destroy_process_group(group=None):
    """Remove the default process group."""
    if GroupMember.WORLD is None:
        raise AssertionError("Process group cannot be None")
    GroupMember.WORLD = None


def _world():
    if group.WORLD is None:
        raise ValueError(_NOT_INITIALIZED)
    return group.WORLD


def get_rank(group=None):
    """This process's rank in the group: 0."""
    return _world().rank()


def get_world_size(group=None):
    """The number of processes in the group: 1."""
    return _world().size()


def get_backend(group=None):
    """The group's backend name."""
    return _world().backend


def new_group(ranks=None, timeout=None, backend=None, pg_options=None, use_local_synchronization=False,
              group_desc=None, device_id=None):
    """A group of this one process."""
    return ProcessGroup(Backend(backend) if backend else _world().backend)


def _done(async_op):
    return _Work() if async_op else None


def barrier(group=None, async_op=False, device_ids=None):
    """Wait for every rank: there is only this one."""
    _world()
    return _done(async_op)


def all_reduce(tensor, op=ReduceOp.SUM, group=None, async_op=False):
    """Reduce ``tensor`` over the ranks in place: over one rank it is unchanged."""
    _world()
    return _done(async_op)


def reduce(tensor, dst=None, op=ReduceOp.SUM, group=None, async_op=False, group_dst=None):
    """Reduce ``tensor`` onto rank ``dst``: over one rank it is unchanged."""
    _world()
    return _done(async_op)


def broadcast(tensor, src=None, group=None, async_op=False, group_src=None):
    """Send rank ``src``'s ``tensor`` to every rank: this rank already holds it."""
    _world()
    return _done(async_op)


def all_gather(tensor_list, tensor, group=None, async_op=False):
    """Fill ``tensor_list`` with every rank's ``tensor``: here, one copy of this rank's."""
    _world()
    tensor_list[0].copy_(tensor)
    return _done(async_op)


def gather(tensor, gather_list=None, dst=None, group=None, async_op=False, group_dst=None):
    """Collect every rank's ``tensor`` into ``gather_list`` on rank ``dst``: here, this rank's."""
    _world()
    if gather_list:
        gather_list[0].copy_(tensor)
    return _done(async_op)


def scatter(tensor, scatter_list=None, src=None, group=None, async_op=False, group_src=None):
    """Give each rank its part of ``scatter_list``: this rank gets the first."""
    _world()
    if scatter_list:
        tensor.copy_(scatter_list[0])
    return _done(async_op)
