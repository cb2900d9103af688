"""A tensor too large for the memory, or for an int64 byte count, is PyTorch's RuntimeError (NumPy's
MemoryError or ValueError beneath, translated where minigrad allocates: creation and every op), and
a negative size given to the legacy constructor is refused as PyTorch refuses it.

The sizes ask for about an exbibyte, beyond any machine's address space, so that the allocation fails
at once whatever the operating system's overcommit policy."""
import re

import pytest
import torch

import minigrad

LIBS = [minigrad, torch]
IDS = ["minigrad", "torch"]
HUGE = 2 ** 58  # float32 elements: 2**60 bytes

TOO_LARGE = {
    "empty": lambda L: L.empty(HUGE),
    "zeros": lambda L: L.zeros(HUGE),
    "full": lambda L: L.full((HUGE,), 1.0),
    "rand": lambda L: L.rand(HUGE),
    "randn": lambda L: L.randn(HUGE),
    "randint": lambda L: L.randint(0, 5, (HUGE,)),
    "arange": lambda L: L.arange(HUGE),
    "linspace": lambda L: L.linspace(0, 1, HUGE),
    "legacy constructor": lambda L: L.Tensor(HUGE),
    "zeros_like of an expanded tensor": lambda L: L.zeros_like(L.ones(1).expand(HUGE)),
    "contiguous of an expanded tensor": lambda L: L.ones(1).expand(HUGE).contiguous(),
    "repeat": lambda L: L.ones(4).repeat(HUGE // 4),
    "outer product": lambda L: L.ones(2 ** 29)[:, None] * L.ones(2 ** 29),
    "Linear layer": lambda L: L.nn.Linear(2 ** 29, 2 ** 29),
}


@pytest.mark.parametrize("L", LIBS, ids=IDS)
@pytest.mark.parametrize("make", TOO_LARGE.values(), ids=TOO_LARGE.keys())
def test_a_tensor_too_large_for_memory_is_a_runtime_error(L, make):
    with pytest.raises(RuntimeError):
        make(L)


@pytest.mark.parametrize("L", LIBS, ids=IDS)
def test_a_size_whose_bytes_overflow_int64_is_a_runtime_error(L):
    with pytest.raises(RuntimeError):
        L.zeros(2 ** 62, 2 ** 62)


#: sizes whose bytes (or, for expand, whose element count) no int64 counts: refused before NumPy is asked,
#: which raised ValueError for them or, for repeat, filled memory for minutes before failing
OVERFLOWING = {
    "repeat": lambda L: L.ones(2).repeat(2 ** 31, 2 ** 31, 2 ** 31),
    "repeat, the bytes alone overflowing": lambda L: L.ones(2).repeat(2 ** 31, 2 ** 31, 1),
    "tile": lambda L: L.ones(2).tile((2 ** 31, 2 ** 31, 2 ** 31)),
    "rand": lambda L: L.rand(2 ** 31, 2 ** 31, 2 ** 31),
    "randn": lambda L: L.randn(2 ** 31, 2 ** 31, 2 ** 31),
    "randint": lambda L: L.randint(0, 5, (2 ** 31, 2 ** 31, 2 ** 31)),
    "expand": lambda L: L.ones(1).expand(2 ** 31, 2 ** 31, 2 ** 31),
    "bincount of a huge value": lambda L: L.bincount(L.tensor([2 ** 60])),
    "bincount minlength": lambda L: L.bincount(L.tensor([0]), minlength=2 ** 62),
    "histc bins": lambda L: L.histc(L.ones(2), bins=2 ** 62),
    "resize_": lambda L: L.ones(2).resize_(2 ** 62),
    "multinomial with replacement": lambda L: L.multinomial(L.ones(3), 2 ** 62, replacement=True),
    "tril_indices": lambda L: L.tril_indices(2 ** 31, 2 ** 31),  # (NumPy would fill 16 GiB with aranges first)
    "triu_indices": lambda L: L.triu_indices(2 ** 31, 2 ** 31),
    "tril_indices of a wide matrix above the diagonal": lambda L: L.tril_indices(2 ** 31, 2 ** 32, 5),
    "tril_indices of a tall matrix below the diagonal": lambda L: L.tril_indices(2 ** 31, 2 ** 30, -2 ** 29),
    "triu_indices of a tall matrix below the diagonal": lambda L: L.triu_indices(2 ** 32, 2 ** 31, -7),
}


@pytest.mark.parametrize("make", OVERFLOWING.values(), ids=OVERFLOWING.keys())
def test_a_size_overflowing_int64_is_torchs_runtime_error_at_once(make):
    with pytest.raises(RuntimeError) as theirs:
        make(torch)
    with pytest.raises(RuntimeError, match=re.escape(str(theirs.value))):
        make(minigrad)


def test_the_allocation_error_is_still_a_memory_error():
    with pytest.raises(MemoryError):
        minigrad.empty(HUGE)


@pytest.mark.parametrize("L", LIBS, ids=IDS)
@pytest.mark.parametrize("sizes", [(-1,), (2, -1)], ids=["(-1)", "(2, -1)"])
def test_the_legacy_constructor_refuses_a_negative_size_as_torch(L, sizes):
    with pytest.raises(RuntimeError, match="Trying to create tensor with negative dimension -1"):
        L.Tensor(*sizes)


#: calls whose results no memory holds, whose sizes NumPy cannot count (its ValueError) or would fill memory
#: computing: PyTorch's RuntimeError at once
TOO_LARGE_TO_COMPUTE = {
    "bincount of a value of 2**50": lambda L: L.bincount(L.tensor([2 ** 50])),
    "repeat_interleave 2**62": lambda L: L.ones(2).repeat_interleave(2 ** 62),
    "repeat_interleave 2**50": lambda L: L.ones(2).repeat_interleave(2 ** 50),
    "multinomial 2**50 with replacement": lambda L: L.multinomial(L.ones(3), 2 ** 50, replacement=True),
    "tril_indices 2**25": lambda L: L.tril_indices(2 ** 25, 2 ** 25),
}


@pytest.mark.parametrize("L", LIBS, ids=IDS)
@pytest.mark.parametrize("make", TOO_LARGE_TO_COMPUTE.values(), ids=TOO_LARGE_TO_COMPUTE.keys())
def test_a_result_too_large_to_compute_is_a_runtime_error(L, make):
    with pytest.raises(RuntimeError):
        make(L)

