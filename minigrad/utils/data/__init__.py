"""``minigrad.utils.data``: datasets, samplers and the DataLoader, as ``torch.utils.data``."""
from .dataset import (Dataset, IterableDataset, ChainDataset, TensorDataset, StackDataset, Subset, ConcatDataset,
                      random_split)
from .sampler import (Sampler, SequentialSampler, RandomSampler, SubsetRandomSampler, WeightedRandomSampler,
                      BatchSampler)
from .dataloader import DataLoader, default_collate, default_convert, get_worker_info
from .distributed import DistributedSampler

__all__ = ["Dataset", "IterableDataset", "ChainDataset", "TensorDataset", "StackDataset", "Subset", "ConcatDataset", "random_split", "Sampler",
           "SequentialSampler", "RandomSampler", "SubsetRandomSampler", "WeightedRandomSampler",
           "BatchSampler", "DistributedSampler", "DataLoader", "default_collate", "default_convert", "get_worker_info"]
