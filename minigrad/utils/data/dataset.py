"""Datasets: the map-style ``Dataset`` protocol, ``TensorDataset``, ``Subset``, ``random_split``;
the iterable-style ``IterableDataset`` (a stream: ``__iter__``) and ``ChainDataset``."""
import bisect
from collections.abc import Iterable
import math
import warnings

from ...creation import tensor
from ...tensor import Tensor
from .collate import default_collate


class Dataset:
    """A map-style dataset: ``__getitem__(i)`` and ``__len__``, as ``torch.utils.data.Dataset``."""

    def __getitem__(self, index):
        raise NotImplementedError("Subclasses of Dataset should implement __getitem__.")

    def __add__(self, other):
        return ConcatDataset([self, other])


class IterableDataset(Dataset, Iterable):
    """An iterable-style dataset: samples come from ``__iter__`` (a stream, a generator), as
    ``torch.utils.data.IterableDataset``; the DataLoader batches them in the order they come.
    (``__iter__`` is abstract: a subclass without one cannot be instantiated.)"""

    def __add__(self, other):
        return ChainDataset([self, other])


class ChainDataset(IterableDataset):
    """Iterable datasets one after another."""

    def __init__(self, datasets):
        self.datasets = datasets

    def __iter__(self):
        for d in self.datasets:
            if not isinstance(d, IterableDataset):
                raise AssertionError("ChainDataset only supports IterableDataset")
            yield from d

    def __len__(self):
        for d in self.datasets:
            if not isinstance(d, IterableDataset):
                raise AssertionError("ChainDataset only supports IterableDataset")
        return sum(len(d) for d in self.datasets)


def _first_size(tensor):
    """``tensor.size(0)`` with PyTorch's errors for what is not a tensor (no ``size``, or a NumPy
    array's int ``size``)."""
    size = tensor.size
    if not callable(size):
        raise TypeError(f"'{type(size).__name__}' object is not callable")
    return size(0)


class TensorDataset(Dataset):
    """Samples are the i-th rows of tensors that share their first dimension."""

    def __init__(self, *tensors):
        sizes = [_first_size(t) for t in tensors]
        if any(size != sizes[0] for size in sizes):
            raise AssertionError("Size mismatch between tensors")  # (PyTorch's words, without the sizes)
        self.tensors = tensors

    def __getitem__(self, index):
        return tuple(t[index] for t in self.tensors)

    @property
    def _gather(self):
        """The DataLoader's fast path: a whole batch as one gather per tensor, what default collation
        of those samples gives; None for a subclass loading its samples its own way (its own
        ``__getitem__`` or a ``__getitems__``), which PyTorch calls for each batch."""
        cls = type(self)
        if cls.__getitem__ is not TensorDataset.__getitem__ or hasattr(cls, "__getitems__"):
            return None
        tensors = self.tensors

        def gather(indices):
            if not (len(indices) and all(i.__class__ is int for i in indices)):
                # (not a batch of Python ints: a float, None, a bool, a NumPy integer or no index at all
                # is what the samples and their collation make of it, as in PyTorch, not what one
                # gather would)
                return default_collate([self[i] for i in indices])
            picks = tensor(indices)  # (an int64 index tensor: indexing's quickest form)
            return [t[picks] for t in tensors]
        return gather

    def __len__(self):
        return self.tensors[0].shape[0]


class StackDataset(Dataset):
    """Datasets of one length side by side: sample i is the tuple (positional datasets) or the
    dict (keyword datasets) of their i-th samples."""

    def __init__(self, *args, **kwargs):
        if args and kwargs:
            raise ValueError("Supported either ``tuple``- (via ``args``) or``dict``- (via ``kwargs``) like "
                             "input/output, but both types are given.")
        datasets = list(args) or list(kwargs.values())
        if not datasets:
            raise ValueError("At least one dataset should be passed")
        self._length = len(datasets[0])
        if any(len(d) != self._length for d in datasets):
            raise ValueError("Size mismatch between datasets")
        self.datasets = args if args else kwargs

    def __getitem__(self, index):
        if isinstance(self.datasets, dict):
            return {key: d[index] for key, d in self.datasets.items()}
        return tuple(d[index] for d in self.datasets)

    def __getitems__(self, indices):
        """The samples at ``indices``, each dataset asked once for all of them where it has a
        ``__getitems__`` (as PyTorch's, which the DataLoader calls once per batch)."""
        keyed = isinstance(self.datasets, dict)
        columns = []
        for d in self.datasets.values() if keyed else self.datasets:
            getitems = getattr(d, "__getitems__", None)
            if callable(getitems):
                items = getitems(indices)
                if len(items) != len(indices):
                    raise ValueError(f"Nested dataset's output size mismatch. Expected {len(indices)}, got {len(items)}")
                columns.append(items)
            else:
                columns.append([d[i] for i in indices])
        if keyed:
            return [dict(zip(self.datasets, sample)) for sample in zip(*columns)]
        return [tuple(sample) for sample in zip(*columns)]

    def __len__(self):
        return self._length


class Subset(Dataset):
    """The samples of ``dataset`` at ``indices``."""

    def __init__(self, dataset, indices):
        self.dataset = dataset
        self.indices = indices  # (kept as given, as PyTorch keeps them)
        cls = type(self)
        if cls.__getitem__ is not Subset.__getitem__ and cls.__getitems__ is Subset.__getitems__:
            raise NotImplementedError(
                f"{cls.__name__} overrides __getitem__ but not __getitems__. When subclassing Subset and overriding "
                "__getitem__, you must also override __getitems__ to ensure DataLoader works correctly with your "
                "custom logic. A simple implementation:\n\ndef __getitems__(self, indices):\n"
                "    return [self.__getitem__(idx) for idx in indices]")

    def __getitem__(self, idx):
        if isinstance(idx, list):
            return self.dataset[[self.indices[i] for i in idx]]
        return self.dataset[self.indices[idx]]

    def __getitems__(self, indices):
        """The samples at ``indices``: one call of the dataset's ``__getitems__`` where it has one (the
        DataLoader asks for each batch this way, as PyTorch's)."""
        getitems = getattr(self.dataset, "__getitems__", None)
        if callable(getitems):
            return getitems([self.indices[i] for i in indices])
        return [self.dataset[self.indices[i]] for i in indices]

    @property
    def _gather(self):
        """The DataLoader's fast path of the dataset's (see ``TensorDataset._gather``), or None."""
        inner_gather = getattr(self.dataset, "_gather", None)
        if inner_gather is None or type(self).__getitems__ is not Subset.__getitems__:
            return None
        return lambda indices: inner_gather([self.indices[i] for i in indices])

    def __len__(self):
        return len(self.indices)


class ConcatDataset(Dataset):
    """Datasets one after another."""

    def __init__(self, datasets):
        self.datasets = list(datasets)
        if not self.datasets:
            raise AssertionError("datasets should not be an empty iterable")
        self.cumulative_sizes = []
        total = 0
        for d in self.datasets:
            if isinstance(d, IterableDataset):
                raise AssertionError("ConcatDataset does not support IterableDataset")
            total += len(d)
            self.cumulative_sizes.append(total)

    def __len__(self):
        return self.cumulative_sizes[-1]

    def __getitem__(self, idx):
        if idx < 0:
            if -idx > len(self):
                raise ValueError("absolute value of index should not exceed dataset length")
            idx = len(self) + idx
        d = bisect.bisect_right(self.cumulative_sizes, idx)
        start = self.cumulative_sizes[d - 1] if d else 0
        return self.datasets[d][idx - start]


def random_split(dataset, lengths, generator=None):
    """Split into non-overlapping subsets of the given lengths (counts, or fractions summing to 1: any
    lengths summing to 1, as PyTorch reads them, so ``[0, 1]`` puts every item in the second)."""
    from ...creation import randperm
    if math.isclose(sum(lengths), 1) and sum(lengths) <= 1:
        counts = []
        for i, fraction in enumerate(lengths):
            if fraction < 0 or fraction > 1:
                raise ValueError(f"Fraction at index {i} is not between 0 and 1")
            counts.append(math.floor(len(dataset) * fraction))
        for i in range(len(dataset) - sum(counts)):  # the remainder goes round-robin, as in PyTorch
            counts[i % len(counts)] += 1
        lengths = counts
        for i, length in enumerate(lengths):
            if length == 0:
                warnings.warn(f"Length of split at index {i} is 0. This might result in an empty dataset.",
                              stacklevel=2)
    if sum(lengths) != len(dataset):
        raise ValueError("Sum of input lengths does not equal the length of the input dataset!")
    perm = randperm(sum(lengths), generator=generator).tolist()  # (a float length: randperm's TypeError)
    out = []
    start = 0
    for length in lengths:
        out.append(Subset(dataset, perm[start:start + length]))
        start += length
    return out


def _is_tensor(x):
    return isinstance(x, Tensor)
