"""A float16 input through norm layers whose parameters are float32 (PyTorch's CPU kernels take
that mix, compute in float32 and give a float16 result): values, the running statistics and the
gradients' dtypes as PyTorch's. Any other mix of dtypes stays PyTorch's error."""
import pytest
import torch

import minigrad

LAYERS = {
    "BatchNorm1d": lambda L: L.nn.BatchNorm1d(3),
    "LayerNorm": lambda L: L.nn.LayerNorm(3),
    "GroupNorm": lambda L: L.nn.GroupNorm(1, 3),
}


@pytest.mark.parametrize("make", LAYERS.values(), ids=LAYERS.keys())
def test_a_half_input_through_a_float32_norm_layer_gives_torchs_half_result(make):
    results = []
    for L in (minigrad, torch):
        L.manual_seed(0)
        layer = make(L)
        x = (L.randn(4, 3) * 3).half().requires_grad_()
        y = layer(x)
        y.float().sum().backward()
        buffers = [b.dtype for b in layer.buffers() if b.is_floating_point()]
        results.append((str(y.dtype), y.tolist(), str(x.grad.dtype), str(layer.weight.grad.dtype),
                        [str(d) for d in buffers]))
    assert results[0] == results[1]


@pytest.mark.parametrize("L", [minigrad, torch], ids=["minigrad", "torch"])
def test_a_double_input_through_a_float32_layer_norm_is_still_refused(L):
    with pytest.raises(RuntimeError, match="mixed dtype"):
        L.nn.LayerNorm(3)(L.randn(2, 3).double())
