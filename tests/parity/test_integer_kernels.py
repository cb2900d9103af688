"""Ops whose PyTorch CPU kernels have no integer (or bool) form refuse such input with PyTorch's
NotImplementedError rather than computing: avg pooling takes int64 alone among the integers
(and no float16 in 3-D), binary cross-entropy no integers at all."""
import pytest
import torch

import minigrad

LIBS = [minigrad, torch]
IDS = ["minigrad", "torch"]


@pytest.mark.parametrize("L", LIBS, ids=IDS)
@pytest.mark.parametrize("dims", [1, 2, 3])
@pytest.mark.parametrize("dtype", ["int8", "int16", "int32", "uint8", "bool"])
def test_avg_pooling_of_narrow_integers_is_not_implemented(L, dims, dtype):
    pool = getattr(L.nn.functional, f"avg_pool{dims}d")
    with pytest.raises(NotImplementedError):
        pool(L.ones((1, 1) + (4,) * dims, dtype=getattr(L, dtype)), 2)


@pytest.mark.parametrize("L", LIBS, ids=IDS)
@pytest.mark.parametrize("dims", [1, 2, 3])
def test_avg_pooling_of_int64_is_computed(L, dims):
    pool = getattr(L.nn.functional, f"avg_pool{dims}d")
    assert pool(L.ones((1, 1) + (4,) * dims, dtype=L.int64) * 3, 2).flatten().tolist()[0] == 3


@pytest.mark.parametrize("L", LIBS, ids=IDS)
def test_binary_cross_entropy_of_integers_is_not_implemented(L):
    with pytest.raises(NotImplementedError):
        L.nn.BCELoss()(L.ones(4, dtype=L.long), L.ones(4, dtype=L.long))

