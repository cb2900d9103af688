"""Results that PyTorch makes contiguous whatever their inputs' strides (permuted images joined
by stack or cat, rolled, softmax, cumsum) are contiguous in minigrad too: ``.view`` of them works
as with PyTorch, and their strides are PyTorch's. Those that PyTorch lays out as their input
(``clone``, ``relu``, the ``*_like`` functions) keep a permuted input's strides, so that random
draws made for them later follow the same memory order."""
import pytest
import torch

import minigrad

CASES = {
    "stack": lambda L, p: L.stack([p, p]),
    "stack dim 1": lambda L, p: L.stack([p, p], 1),
    "cat": lambda L, p: L.cat([p, p]),
    "cat dim 2": lambda L, p: L.cat([p, p], 2),
    "cat of expanded": lambda L, p: L.cat([p[:1].expand(3, 2, 3)]),
    "hstack": lambda L, p: L.hstack([p, p]),
    "vstack": lambda L, p: L.vstack([p, p]),
    "roll": lambda L, p: p.roll(1, 0),
    "roll flattened": lambda L, p: p.roll(2),
    "softmax": lambda L, p: p.softmax(0),
    "log_softmax": lambda L, p: p.log_softmax(-1),
    "cumsum": lambda L, p: p.cumsum(1),
}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_result_of_permuted_inputs_is_contiguous_and_views_as_torch(case):
    results = []
    for lib in (minigrad, torch):
        permuted = lib.arange(24.0).reshape(2, 3, 4).permute(2, 0, 1)
        r = case(lib, permuted)
        results.append((r.is_contiguous(), r.stride(), [round(v, 5) for v in r.view(-1).tolist()]))
    assert results[0] == results[1]
    assert results[0][0]


def test_softmax_of_a_0d_tensor_stays_0d():
    assert minigrad.tensor(2.0).softmax(0).shape == torch.tensor(2.0).softmax(0).shape == ()
    assert minigrad.tensor(2.0).roll(1).shape == ()


KEPT_LAYOUTS = {
    "clone": lambda L, p: p.clone(),
    "relu": lambda L, p: L.relu(p),
    "zeros_like": lambda L, p: L.zeros_like(p),
    "ones_like": lambda L, p: L.ones_like(p, dtype=L.float64),
    "full_like": lambda L, p: L.full_like(p, 7),
    "empty_like": lambda L, p: L.empty_like(p).zero_(),
    "randint_like": lambda L, p: L.randint_like(p, 10),
}


@pytest.mark.parametrize("case", KEPT_LAYOUTS.values(), ids=KEPT_LAYOUTS.keys())
def test_results_that_torch_lays_out_as_a_permuted_input_keep_its_strides(case):
    results = []
    for lib in (minigrad, torch):
        lib.manual_seed(0)
        permuted = lib.arange(24.0).reshape(2, 3, 4).permute(2, 0, 1)
        r = case(lib, permuted)
        results.append((r.stride(), r.tolist()))
    assert results[0] == results[1] and results[0][0] == (1, 12, 4)


@pytest.mark.parametrize("L", [minigrad, torch], ids=["minigrad", "torch"])
def test_clone_of_a_broadcast_tensor_or_in_contiguous_format_is_row_major(L):
    expanded = L.arange(4.0).reshape(1, 4).expand(3, 4)
    assert expanded.clone().stride() == (4, 1)
    assert L.arange(6.0).reshape(2, 3).t().clone(memory_format=L.contiguous_format).stride() == (2, 1)
    assert L.zeros_like(L.ones(2, 3).t(), memory_format=L.contiguous_format).stride() == (2, 1)


def test_dropout_after_a_clone_of_a_transposed_tensor_draws_torchs_mask():
    masks = []
    for lib in (minigrad, torch):
        lib.manual_seed(0)
        masks.append(lib.nn.functional.dropout(lib.ones(4, 6).t().clone(), 0.5).tolist())
    assert masks[0] == masks[1]
