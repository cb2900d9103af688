"""The DataLoader's worker processes, emulated in the calling process: ``WorkerInfo``,
``get_worker_info()`` and each worker's random streams, seeded as PyTorch seeds its workers."""
import contextlib
import random as _pyrandom
import traceback

import numpy as _np  # the global NumPy generator of emulated workers

from ...random import Generator, default_generator


class WorkerInfo:
    """What ``get_worker_info()`` gives inside a DataLoader worker: ``id``, ``num_workers``, ``seed``
    and ``dataset``, as PyTorch's."""

    _KEYS = ("id", "num_workers", "seed", "dataset")

    def __init__(self, **kwargs):
        for key in self._KEYS:
            setattr(self, key, kwargs[key])

    def __repr__(self):
        return f"WorkerInfo({', '.join(f'{k}={getattr(self, k)}' for k in self._KEYS)})"


_current_worker = [None]  # the WorkerInfo of the emulated worker now loading, None in the main process


def get_worker_info():
    """Inside a DataLoader worker, its ``WorkerInfo`` (``id``, ``num_workers``, ``seed``, ``dataset``);
    ``None`` in the main process, as ``torch.utils.data.get_worker_info``. (minigrad's workers are
    emulated in the calling process, see ``DataLoader``.)"""
    return _current_worker[0]


def _numpy_worker_seed(base_seed, worker_id):
    """The four 32-bit words PyTorch seeds NumPy's global generator with in worker ``worker_id``
    (a hash of the worker id and the base seed, in the manner of NumPy's SeedSequence)."""
    mask = 0xFFFFFFFF
    multiplier = [0x43B0D7E5]

    def hashed(value):
        value = (value ^ multiplier[0]) & mask
        multiplier[0] = (multiplier[0] * 0x931E8875) & mask
        value = (value * multiplier[0]) & mask
        return value ^ (value >> 16)

    def mixed(x, y):
        value = ((0xCA01F9DD * x) - (0x4973F715 * y)) & mask
        return value ^ (value >> 16)

    pool = [hashed(v) for v in (worker_id, base_seed & mask, base_seed >> 32, 0)]
    for src in range(4):
        for dst in range(4):
            if src != dst:
                pool[dst] = mixed(pool[dst], hashed(pool[src]))
    words, multiplier_b = [], 0x8B51F9DD
    for value in pool:
        value ^= multiplier_b
        multiplier_b = (multiplier_b * 0x58F38DED) & mask
        value = (value * multiplier_b) & mask
        words.append(value ^ (value >> 16))
    return words


class _Worker:
    """One of PyTorch's DataLoader worker processes, emulated in the calling process: its own random
    streams (minigrad's default generator, Python's ``random`` and NumPy's global generator), seeded
    as PyTorch seeds a worker and swapped in while it loads, and its ``WorkerInfo``."""

    def __init__(self, worker_id, num_workers, base_seed, dataset, init_fn):
        seed = base_seed + worker_id
        self.info = WorkerInfo(id=worker_id, num_workers=num_workers, seed=seed, dataset=dataset)
        self.generator = Generator().manual_seed(seed)
        self.python_state = _pyrandom.Random(seed).getstate()
        self.numpy_state = _np.random.RandomState(_numpy_worker_seed(base_seed, worker_id)).get_state()
        if init_fn is not None:
            with self.loading():
                init_fn(worker_id)

    @contextlib.contextmanager
    def loading(self):
        """Run the block as this worker: its random streams and worker info in place, the caller's back
        after; an exception raised in it comes out as PyTorch passes on a worker's (``worker_error``)."""
        main = default_generator
        saved = (main._rng, main._seed, _pyrandom.getstate(), _np.random.get_state(), _current_worker[0])
        main._rng, main._seed = self.generator._rng, self.generator._seed
        _pyrandom.setstate(self.python_state)
        _np.random.set_state(self.numpy_state)
        _current_worker[0] = self.info
        try:
            yield
        except StopIteration:
            raise
        except Exception as error:
            raise worker_error(error, self.info.id) from None
        finally:
            self.generator._rng, self.generator._seed = main._rng, main._seed
            self.python_state, self.numpy_state = _pyrandom.getstate(), _np.random.get_state()
            main._rng, main._seed = saved[0], saved[1]
            _pyrandom.setstate(saved[2])
            _np.random.set_state(saved[3])
            _current_worker[0] = saved[4]


def worker_error(error, worker_id):
    """The exception PyTorch raises in the main process for ``error`` raised in worker ``worker_id``:
    of the same type where it can be made from a message, saying where it was caught, with the
    original traceback in its message (else a RuntimeError with that message)."""
    message = (f"Caught {type(error).__name__} in DataLoader worker process {worker_id}.\nOriginal "
               + "".join(traceback.format_exception(type(error), error, error.__traceback__)))
    try:
        return type(error)(message)
    except Exception:
        return RuntimeError(message)
