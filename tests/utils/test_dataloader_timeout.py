"""``DataLoader(timeout=...)`` as torch.utils.data's: with workers, waiting longer than ``timeout``
seconds for a batch raises PyTorch's RuntimeError (asking again waits for the same batch); without
workers a timeout is refused when iterating; a negative one when constructing. Batches that come
in time are those loaded without a timeout."""
import random
import threading

import numpy as np
import pytest
import torch

import minigrad

LIBS = pytest.mark.parametrize("L", [minigrad, torch], ids=["minigrad", "torch"])
TIMEOUT = 0.3
SLOW = 0.8  # the longest a slow sample takes (minigrad's is released at once once the test has seen the timeout)


def _slow_at(L, slow_index, release, n=4):
    """A map-style dataset whose sample ``slow_index`` takes up to ``SLOW`` seconds, less if ``release``
    is set (it is in minigrad's loading thread; a PyTorch worker process has its own copy)."""
    class SlowSample(L.utils.data.Dataset):
        def __len__(self):
            return n

        def __getitem__(self, i):
            if i == slow_index:
                release.wait(SLOW)
            return L.tensor([i])
    return SlowSample()


@LIBS
def test_a_batch_slower_than_the_timeout_raises_runtime_error(L):
    release = threading.Event()
    it = iter(L.utils.data.DataLoader(_slow_at(L, 0, release), num_workers=1, timeout=TIMEOUT))
    try:
        with pytest.raises(RuntimeError, match=rf"^DataLoader timed out after {TIMEOUT} seconds$"):
            next(it)
    finally:
        release.set()
        del it


@LIBS
def test_asking_again_after_a_timeout_waits_for_the_same_batch(L):
    release = threading.Event()
    it = iter(L.utils.data.DataLoader(_slow_at(L, 0, release), num_workers=1, timeout=TIMEOUT))
    with pytest.raises(RuntimeError, match="DataLoader timed out"):
        next(it)
    release.set()
    for _ in range(int(SLOW / TIMEOUT) + 2):  # (PyTorch's worker: until its sample is done)
        try:
            first = next(it)
            break
        except RuntimeError:
            continue
    assert first.tolist() == [[0]]
    assert [b.tolist() for b in it] == [[[1]], [[2]], [[3]]]


@LIBS
def test_an_iterable_dataset_slower_than_the_timeout_raises_runtime_error(L):
    release = threading.Event()

    class SlowStream(L.utils.data.IterableDataset):
        def __iter__(self):
            release.wait(SLOW)
            yield L.tensor(0)

    it = iter(L.utils.data.DataLoader(SlowStream(), num_workers=1, timeout=TIMEOUT))
    try:
        with pytest.raises(RuntimeError, match="DataLoader timed out after"):
            next(it)
    finally:
        release.set()
        del it


def _random_samples(L):
    class RandomSamples(L.utils.data.Dataset):
        def __len__(self):
            return 5

        def __getitem__(self, i):
            return L.tensor([float(i), L.rand(()).item(), float(np.random.rand()), random.random()], dtype=L.float64)
    return RandomSamples()


def _epoch(L, **options):
    L.manual_seed(3)
    np.random.seed(3)
    random.seed(3)
    batches = [b.tolist() for b in L.utils.data.DataLoader(_random_samples(L), **options)]
    return batches, [L.rand(()).item(), np.random.rand(), random.random()]


@pytest.mark.filterwarnings("ignore:This DataLoader will create")  # (PyTorch: more workers than cores)
@pytest.mark.parametrize("options", [dict(batch_size=2, shuffle=True, num_workers=2),
                                     dict(batch_size=None, num_workers=2)], ids=str)
def test_batches_within_the_timeout_are_torchs_with_the_workers_random_streams(options):
    timed = _epoch(minigrad, timeout=5, **options)
    assert timed == _epoch(minigrad, **options)
    assert timed == _epoch(torch, timeout=5, **options)


def test_an_error_loading_a_timed_batch_is_raised_as_it_is():
    # (minigrad only: PyTorch re-raises a worker's KeyError as a KeyError too, but takes 5 s to stop its worker)
    L = minigrad

    class Broken(L.utils.data.Dataset):
        def __len__(self):
            return 2

        def __getitem__(self, i):
            raise KeyError(i)

    with pytest.raises(KeyError):
        list(L.utils.data.DataLoader(Broken(), num_workers=1, timeout=5))


@LIBS
@pytest.mark.parametrize("num_workers", [0, 2])
def test_a_negative_timeout_raises_value_error(L, num_workers):
    with pytest.raises(ValueError, match="timeout option should be non-negative"):
        L.utils.data.DataLoader(list(range(3)), num_workers=num_workers, timeout=-0.5)


@LIBS
def test_a_timeout_without_workers_raises_assertion_error_when_iterating(L):
    loader = L.utils.data.DataLoader(list(range(3)), timeout=TIMEOUT)
    assert loader.timeout == TIMEOUT
    with pytest.raises(AssertionError, match="requires timeout == 0"):
        iter(loader)
