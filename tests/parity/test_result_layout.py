"""Results that PyTorch makes contiguous whatever their inputs' strides (permuted images joined
by stack or cat, rolled, softmax, cumsum) are contiguous in minigrad too: ``.view`` of them works
as with PyTorch, and their strides are PyTorch's."""
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
