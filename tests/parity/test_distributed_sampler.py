"""utils.data.DistributedSampler against PyTorch's: each replica's indices per epoch, padding,
drop_last, lengths, and the errors."""
import pytest
import torch
import torch.utils.data as tud
from hypothesis import given, strategies as st

import minigrad.utils.data as mud


@given(n=st.integers(1, 40), replicas=st.integers(1, 6), data=st.data(), shuffle=st.booleans(),
       drop_last=st.booleans(), seed=st.integers(0, 2 ** 31), epochs=st.lists(st.integers(0, 50), max_size=3))
def test_distributed_sampler_indices_per_epoch_match_torch(n, replicas, data, shuffle, drop_last, seed, epochs):
    rank = data.draw(st.integers(0, replicas - 1))
    kw = dict(num_replicas=replicas, rank=rank, shuffle=shuffle, seed=seed, drop_last=drop_last)
    mine, theirs = mud.DistributedSampler(range(n), **kw), tud.DistributedSampler(range(n), **kw)
    assert len(mine) == len(theirs)
    assert list(mine) == list(theirs)
    for epoch in epochs:
        mine.set_epoch(epoch)
        theirs.set_epoch(epoch)
        assert list(mine) == list(theirs)


@given(n=st.integers(1, 30), replicas=st.integers(1, 5))
def test_distributed_sampler_replicas_cover_the_dataset_without_drop_last(n, replicas):
    seen = set()
    for rank in range(replicas):
        seen |= set(mud.DistributedSampler(range(n), num_replicas=replicas, rank=rank))
    assert seen == set(range(n))


def test_distributed_sampler_in_a_dataloader_batches_the_replicas_share():
    sampler = mud.DistributedSampler(range(10), num_replicas=2, rank=0, shuffle=False)
    loader = mud.DataLoader(list(range(10)), batch_size=2, sampler=sampler)
    assert [b.tolist() for b in loader] == [[0, 2], [4, 6], [8]]


@pytest.mark.parametrize("rank", [-1, 2])
def test_distributed_sampler_rank_outside_the_replicas_raises_value_error(rank):
    for module in (tud, mud):
        with pytest.raises(ValueError, match="Invalid rank"):
            module.DistributedSampler(range(4), num_replicas=2, rank=rank)


@pytest.mark.parametrize("kw", [{"num_replicas": 2}, {"rank": 0}, {}])
def test_distributed_sampler_without_a_process_group_raises_value_error(kw):
    for module in (tud, mud):
        with pytest.raises(ValueError, match="Default process group has not been initialized"):
            module.DistributedSampler(range(4), **kw)
