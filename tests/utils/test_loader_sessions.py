"""Random DataLoader settings, compared with PyTorch batch by batch: after the same seed, every
epoch's batches are PyTorch's (the CPU random streams are PyTorch's, drawn in its order)."""
from hypothesis import given, settings, strategies as st

import minigrad
import torch

configs = st.fixed_dictionaries({
    "n": st.integers(1, 20),
    "batch_size": st.one_of(st.none(), st.integers(1, 7)),
    "shuffle": st.booleans(),
    "drop_last": st.booleans(),
    "seeded_generator": st.booleans(),
    "sampler": st.sampled_from([None, "subset", "replacement", "weighted"]),
    "seed": st.integers(0, 2 ** 32),
})


def batches(lib, config):
    lib.manual_seed(config["seed"])
    n = config["n"]
    data = lib.utils.data
    dataset = data.TensorDataset(lib.arange(n), lib.arange(n) * 10)
    generator = lib.Generator().manual_seed(config["seed"] + 1) if config["seeded_generator"] else None
    sampler = {None: None,
               "subset": data.SubsetRandomSampler(list(range(0, n, 2)), generator=generator),
               "replacement": data.RandomSampler(dataset, replacement=True, num_samples=n + 3, generator=generator),
               "weighted": data.WeightedRandomSampler([1.0 + i % 3 for i in range(n)], n, generator=generator),
               }[config["sampler"]]
    shuffle = config["shuffle"] and sampler is None
    drop_last = config["drop_last"] and config["batch_size"] is not None
    loader = data.DataLoader(dataset, batch_size=config["batch_size"], shuffle=shuffle, sampler=sampler,
                             drop_last=drop_last, generator=generator)
    epochs = [[[t.tolist() for t in batch] for batch in loader] for _ in range(2)]
    return epochs, lib.randint(0, 1000, (3,)).tolist()  # (and the default stream where PyTorch's is)


@settings(max_examples=60, deadline=None)
@given(config=configs)
def test_random_loader_settings_give_pytorchs_batches(config):
    assert batches(minigrad, config) == batches(torch, config)
