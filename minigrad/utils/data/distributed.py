"""``DistributedSampler``: each of ``num_replicas`` processes visits its own share of a dataset,
in PyTorch's order (a permutation drawn from ``seed + epoch``, padded or cut to a multiple of the
replicas, then every ``num_replicas``-th index from ``rank``)."""
import math

from ... import distributed as dist
from ...creation import randperm
from ...random import Generator
from .sampler import Sampler

__all__ = ["DistributedSampler"]


class DistributedSampler(Sampler):
    """The indices of ``dataset`` that replica ``rank`` of ``num_replicas`` visits (both default to
    the process group's, which needs ``init_process_group``). With ``shuffle`` the order changes
    with ``set_epoch``; without ``drop_last`` the share is padded with indices from the start."""

    def __init__(self, dataset, num_replicas=None, rank=None, shuffle=True, seed=0, drop_last=False):
        if num_replicas is None:
            num_replicas = dist.get_world_size()
        if rank is None:
            rank = dist.get_rank()
        if rank >= num_replicas or rank < 0:
            raise ValueError(f"Invalid rank {rank}, rank should be in the interval [0, {num_replicas - 1}]")
        self.dataset = dataset
        self.num_replicas = num_replicas
        self.rank = rank
        self.epoch = 0
        self.drop_last = drop_last
        n = len(dataset)
        if drop_last and n % num_replicas:
            self.num_samples = math.ceil((n - num_replicas) / num_replicas)  # the tail is dropped
        else:
            self.num_samples = math.ceil(n / num_replicas)
        self.total_size = self.num_samples * num_replicas
        self.shuffle = shuffle
        self.seed = seed

    def __iter__(self):
        n = len(self.dataset)
        if self.shuffle:
            g = Generator()
            g.manual_seed(self.seed + self.epoch)
            indices = randperm(n, generator=g).tolist()
        else:
            indices = list(range(n))
        missing = self.total_size - len(indices)
        if self.drop_last:
            indices = indices[:self.total_size]
        elif missing > 0:
            indices += (indices * math.ceil(missing / len(indices)))[:missing]
        return iter(indices[self.rank:self.total_size:self.num_replicas])

    def __len__(self):
        return self.num_samples

    def set_epoch(self, epoch):
        """Choose the epoch whose permutation the next iteration uses (the same on every replica)."""
        self.epoch = epoch
