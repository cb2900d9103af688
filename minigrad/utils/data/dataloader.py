"""``DataLoader``: batches of a dataset, loaded in the calling process (its emulated workers in
``worker.py``, the default collation in ``collate.py``; their names are importable from here too,
as from ``torch.utils.data.dataloader``)."""
import collections.abc
import itertools
import math
import multiprocessing
import threading
import warnings

from ... import accelerator

from .dataset import IterableDataset
from .sampler import SequentialSampler, RandomSampler, BatchSampler, stream_of
from .collate import default_collate, default_convert
from .worker import WorkerInfo, _Worker, get_worker_info  # noqa: F401  (importable from here, as in PyTorch)

_END = object()  # the end of a worker's stream
_TIMED_OUT = object()  # what a loading generator yields when a batch took longer than the timeout
_START_METHODS = ("fork", "spawn", "forkserver")
_FIXED_AFTER_INIT = ("batch_size", "batch_sampler", "sampler", "drop_last", "dataset", "persistent_workers")


class DataLoader:
    """Batches of a dataset, as ``torch.utils.data.DataLoader``, loaded in the calling process.

    With ``num_workers > 0`` PyTorch's worker processes are emulated in this process, so that a
    program gets PyTorch's batches: batch k is loaded by worker ``k % num_workers`` with that
    worker's random streams (seeded from a base seed drawn at each epoch, or once with
    ``persistent_workers``) and ``get_worker_info()``; ``worker_init_fn(id)`` runs as each worker
    starts; an ``IterableDataset`` is iterated once per worker, the workers' batches taken in turn.
    (The dataset itself is shared, not copied into each worker as PyTorch's processes copy it.)
    With ``timeout > 0`` each batch is loaded in a thread, and waiting longer than ``timeout``
    seconds for it raises PyTorch's ``RuntimeError``; asking for the next batch again waits for
    the same batch, as PyTorch does.

    When the dataset can gather a whole batch at once (``TensorDataset`` and
    its ``Subset``s) and collation is the default, a batch is one gather per
    tensor instead of a loop over samples.
    """

    def __init__(self, dataset, batch_size=1, shuffle=None, sampler=None, batch_sampler=None, num_workers=0,
                 collate_fn=None, pin_memory=False, drop_last=False, timeout=0, worker_init_fn=None,
                 multiprocessing_context=None, generator=None, *, prefetch_factor=None,
                 persistent_workers=False, pin_memory_device="", in_order=True):
        if num_workers < 0:
            raise ValueError("num_workers option should be non-negative; use num_workers=0 to disable multiprocessing.")
        if timeout < 0:
            raise ValueError("timeout option should be non-negative")
        if num_workers == 0 and prefetch_factor is not None:
            raise ValueError("prefetch_factor option could only be specified in multiprocessing.let num_workers > 0 "
                             "to enable multiprocessing, otherwise set prefetch_factor to None.")
        if prefetch_factor is not None and prefetch_factor < 0:
            raise ValueError("prefetch_factor option should be non-negative")
        if persistent_workers and num_workers == 0:
            raise ValueError("persistent_workers option needs num_workers > 0")
        if multiprocessing_context is not None:
            if num_workers == 0:
                raise ValueError("multiprocessing_context can only be used with multi-process loading (num_workers "
                                 f"> 0), but got num_workers={num_workers}")
            if isinstance(multiprocessing_context, str):
                if multiprocessing_context not in _START_METHODS:
                    raise ValueError("multiprocessing_context option should specify a valid start method in "
                                     f"{list(_START_METHODS)}, but got multiprocessing_context={multiprocessing_context!r}")
                multiprocessing_context = multiprocessing.get_context(multiprocessing_context)  # (kept, as PyTorch's)
            if not isinstance(multiprocessing_context, multiprocessing.context.BaseContext):
                raise TypeError("multiprocessing_context option should be a valid context object or a string "
                                f"specifying the start method, but got multiprocessing_context={multiprocessing_context}")
        self._iterable = isinstance(dataset, IterableDataset)
        if self._iterable:
            for option, value in (("shuffle", shuffle not in (None, False) and shuffle), ("sampler", sampler),
                                  ("batch_sampler", batch_sampler)):
                if value:
                    raise ValueError(f"DataLoader with IterableDataset: expected unspecified {option} option, but "
                                     f"got {option}={value}")
        if sampler is not None and shuffle:
            raise ValueError("sampler option is mutually exclusive with shuffle")
        if batch_sampler is not None:
            if batch_size != 1 or shuffle or sampler is not None or drop_last:
                raise ValueError("batch_sampler option is mutually exclusive with batch_size, shuffle, sampler, "
                                 "and drop_last")
            batch_size = None
            drop_last = False
        elif batch_size is None and drop_last:
            raise ValueError("batch_size=None option disables auto-batching and is mutually exclusive with drop_last")
        if sampler is None and not self._iterable:
            sampler = RandomSampler(dataset, generator=generator) if shuffle else SequentialSampler(dataset)
        if batch_size is not None and batch_sampler is None and not self._iterable:
            batch_sampler = BatchSampler(sampler, batch_size, drop_last)
        self.dataset = dataset
        self.batch_size = batch_size
        self.drop_last = drop_last
        self.sampler = sampler
        self.batch_sampler = batch_sampler
        self.num_workers = num_workers
        self.pin_memory = pin_memory
        self.pin_memory_device = pin_memory_device
        self.multiprocessing_context = multiprocessing_context
        self.in_order = in_order
        self.generator = generator
        self.timeout = timeout
        self.worker_init_fn = worker_init_fn
        self.persistent_workers = persistent_workers
        self.prefetch_factor = prefetch_factor if prefetch_factor is not None or num_workers == 0 else 2
        self._workers = None  # the emulated persistent workers, once started
        self._auto_collation = batch_sampler is not None or (self._iterable and batch_size is not None)
        self.collate_fn = collate_fn if collate_fn is not None else (
            default_collate if self._auto_collation else default_convert)
        self._initialized = True

    def __setattr__(self, name, value):
        if name in _FIXED_AFTER_INIT and self.__dict__.get("_initialized"):
            raise ValueError(f"{name} attribute should not be set after {type(self).__name__} is initialized")
        super().__setattr__(name, value)

    def __len__(self):
        if self._iterable:  # the dataset's own length, if it has one, in batches
            n = len(self.dataset)
            if self.batch_size is None:
                return n
            return n // self.batch_size if self.drop_last else math.ceil(n / self.batch_size)
        if self.batch_sampler is not None:
            return len(self.batch_sampler)
        return len(self.sampler)

    def __iter__(self):
        # PyTorch draws a base seed for its workers at every epoch's start (once for persistent
        # workers), before the sampler's draws: drawn here too, so that a seeded program's later
        # draws are PyTorch's, and the emulated workers are seeded from it.
        if self.pin_memory and self._workers is None:
            # PyTorch warns as it starts an iterator (persistent workers resume theirs), from a line
            # of its own for each kind of iterator; Python's default filters show a warning once per
            # line, so the two kinds warn from two lines here too
            if self.num_workers:
                _warn_pin_memory(self.pin_memory_device)  # (the worker iterator's line)
            else:
                _warn_pin_memory(self.pin_memory_device)  # (the single-process iterator's line)
        if self.num_workers > 0 and self.prefetch_factor == 0:  # (PyTorch's assert)
            raise AssertionError("prefetch_factor must be greater than 0 for MultiProcessingDataLoaderIter")
        workers = self._workers
        if workers is None:
            base_seed = int(stream_of(self.generator).integers(0, 2 ** 63))
            workers = [_Worker(i, self.num_workers, base_seed, self.dataset, self.worker_init_fn)
                       for i in range(self.num_workers)] if self.num_workers else []
            if self.persistent_workers:
                self._workers = workers
        if self.timeout > 0 and not workers:
            raise AssertionError("_SingleProcessDataLoaderIter requires timeout == 0")  # (PyTorch's assert)
        if self._iterable:
            if not workers:
                return self._iterator(self._stream(iter(self.dataset)))
            return self._iterator(self._streams_in_turn(workers))
        load = self._loader()
        if not self._auto_collation:
            indices = iter(self.sampler)
        else:
            indices = self._batches()
        if not workers:
            return self._iterator(map(load, indices))  # (map: a StopIteration in load ends the pass, as PyTorch's)
        # PyTorch's main process hands out prefetch_factor batches per worker at once, then one more
        # as each batch comes back (so that its sampler runs that far ahead)
        ahead = collections.deque(itertools.islice(indices, self.prefetch_factor * len(workers)))
        return self._iterator(self._loaded_in_turn(workers, load, indices, ahead, self.timeout))

    def _loader(self):
        """The function loading one item of the index sampler: a batch's list of indices (or one
        index without auto-collation)."""
        dataset, collate = self.dataset, self.collate_fn
        if not self._auto_collation:
            return lambda i: collate(dataset[i])
        gather = getattr(dataset, "_gather", None) if collate is default_collate else None
        if gather is not None:
            return gather
        getitems = getattr(dataset, "__getitems__", None)
        if getitems is not None:
            return lambda batch: collate(getitems(batch))
        return lambda batch: collate([dataset[i] for i in batch])

    def _iterator(self, batches):
        """The iterator of one pass over ``batches`` (a generator yielding ``_TIMED_OUT`` where a batch
        took longer than the timeout, with one)."""
        return (_MultiProcessingDataLoaderIter if self.num_workers else _SingleProcessDataLoaderIter)(self, batches)

    @staticmethod
    def _loaded_in_turn(workers, load, indices, ahead, timeout=0):
        """Item k of the sampler loaded by worker ``k % len(workers)``, as PyTorch hands them out;
        ``ahead``: the items already taken from ``indices``; with a ``timeout``, ``_TIMED_OUT`` each
        time a batch takes longer (see ``_in_thread``)."""
        k = 0
        while ahead:
            worker, index = workers[k % len(workers)], ahead.popleft()
            if timeout > 0:
                batch = yield from _in_thread(lambda: _load_as(worker, load, index), timeout)
            else:
                with worker.loading():
                    batch = load(index)
            ahead.extend(itertools.islice(indices, 1))
            k += 1
            yield batch

    def _streams_in_turn(self, workers):
        """An iterable dataset read by each worker from its own iterator, one batch per worker in turn;
        a worker whose iterator ends drops out (so that without sharding by ``get_worker_info`` every
        sample comes once per worker, as in PyTorch)."""
        streams = []
        for worker in workers:
            with worker.loading():
                streams.append(self._stream(iter(self.dataset)))
        turn = list(range(len(workers)))
        while turn:
            for i in list(turn):
                if self.timeout > 0:
                    batch = yield from _in_thread(lambda: _load_as(workers[i], next, streams[i], _END), self.timeout)
                else:
                    with workers[i].loading():
                        batch = next(streams[i], _END)
                if batch is _END:
                    turn.remove(i)
                else:
                    yield batch

    def _batches(self):
        bs = self.batch_sampler
        if type(bs) is BatchSampler:  # the common case, without a generator per batch
            return self._chunks(iter(bs.sampler), bs.batch_size, bs.drop_last)
        return self._iterable_batches(bs)

    @staticmethod
    def _iterable_batches(batch_sampler):
        for batch in batch_sampler:
            iter(batch)  # (a batch that is not a collection of indices: PyTorch's TypeError)
            yield batch

    @staticmethod
    def _chunks(indices, size, drop_last):
        """Batches of ``size`` indices, taken from the sampler only as each batch is asked for (as
        PyTorch's BatchSampler: a sampler's last draw, made when it runs out, is made only if an
        epoch gets that far, which a later draw from the same generator sees)."""
        while True:
            batch = list(itertools.islice(indices, size))
            if not batch or (drop_last and len(batch) < size):
                return
            yield batch

    def _stream(self, samples):
        """Batches of an iterable dataset's samples, in the order they come."""
        collate = self.collate_fn
        if not self._auto_collation:
            yield from (collate(sample) for sample in samples)
            return
        batch = []
        for sample in samples:
            batch.append(sample)
            if len(batch) == self.batch_size:
                yield collate(batch)
                batch = []
        if batch and not self.drop_last:
            yield collate(batch)

    def __repr__(self):
        return f"<minigrad.utils.data.DataLoader object at {hex(id(self))}>"


def _warn_pin_memory(device):
    """PyTorch's warnings for ``pin_memory=True`` as an iterator starts: ``pin_memory_device`` is
    deprecated, and without an accelerator no memory is pinned. Both name the caller's line (in
    ``DataLoader.__iter__``), as PyTorch's name a line of its own."""
    if device:
        warnings.warn("pin_memory_device is deprecated, the current accelerator will be used as the device,"
                      f"ignore pin_memory_device='{device}'.", stacklevel=2)
    if not accelerator.is_available():
        warnings.warn("'pin_memory' argument is set as true but no accelerator is found, then device pinned "
                      "memory won't be used.", stacklevel=2)


def _load_as(worker, load, *args):
    """``load(*args)`` run as the emulated ``worker`` (its random streams and worker info in place)."""
    with worker.loading():
        return load(*args)


def _in_thread(load, timeout):
    """Generator running ``load()`` in a daemon thread: yields ``_TIMED_OUT`` each time ``timeout``
    seconds pass before it finishes, then returns its result (or raises its exception).

    A load that times out keeps running (a thread cannot be stopped), with its worker's random
    streams swapped in until it finishes, as a PyTorch worker keeps loading its batch."""
    outcome = []

    def run():
        try:
            outcome.append((True, load()))
        except BaseException as error:  # handed to the caller's thread
            outcome.append((False, error))

    thread = threading.Thread(target=run, name="minigrad DataLoader worker", daemon=True)
    thread.start()
    thread.join(timeout)
    while thread.is_alive():
        yield _TIMED_OUT
        thread.join(timeout)
    ok, value = outcome[0]
    if not ok:
        raise value
    return value


class _LoaderIterator:
    """The iterator of one pass over a DataLoader: its batches (PyTorch's ``RuntimeError`` where one
    timed out), and ``len()`` as the loader's, as PyTorch's iterators give it."""

    __slots__ = ("_loader", "_batches")

    def __init__(self, loader, batches):
        self._loader, self._batches = loader, batches

    def __iter__(self):
        return self

    def __next__(self):
        batch = next(self._batches)
        if batch is _TIMED_OUT:
            raise RuntimeError(f"DataLoader timed out after {self._loader.timeout} seconds")
        return batch

    def __len__(self):
        return len(self._loader)


class _SingleProcessDataLoaderIter(_LoaderIterator):
    """The iterator of a loader without workers, named as PyTorch's (whose batches never time out:
    a timeout needs workers)."""

    __slots__ = ()

    def __next__(self):
        return next(self._batches)


class _MultiProcessingDataLoaderIter(_LoaderIterator):
    """The iterator of a loader with workers, named as PyTorch's."""

    __slots__ = ()
