"""Arguments that PyTorch's parser takes only as a bool (``keepdim``, ``descending``, ``largest``,
``sorted``, ``requires_grad``) or only as an int (``k``, ``upscale_factor``, an FFT's ``n`` and
``s``) or only as a list or tuple (``cat``'s and ``stack``'s tensors) refuse anything else with
PyTorch's TypeError: ``x.sum(0, 1)`` is not a sum over dims 0 and 1 kept, nor a keepdim."""
import pytest
import torch

import minigrad

REFUSED = {
    "sum with keepdim 1 by position": lambda L, x: x.sum(0, 1),
    "torch.sum with keepdim 1 by position": lambda L, x: L.sum(x, 0, 1),
    "mean with keepdim 1 by position": lambda L, x: x.mean(0, 1),
    "argmax with keepdim 1 by position": lambda L, x: x.argmax(0, 1),
    "max with keepdim 1 by position": lambda L, x: L.max(x, 0, 1),
    "amax with keepdim 1 by position": lambda L, x: x.amax(0, 1),
    "logsumexp with keepdim 1 by position": lambda L, x: x.logsumexp(0, 1),
    "sort with descending 1": lambda L, x: x.sort(0, 1),
    "argsort with descending 1": lambda L, x: x.argsort(0, 1),
    "topk with largest 1": lambda L, x: x.topk(2, 0, 1),
    "topk with sorted 0": lambda L, x: x.topk(2, sorted=0),
    "topk with k True": lambda L, x: x.topk(True),
    "unique with sorted 1": lambda L, x: L.unique(x, 1),
    "zeros with requires_grad 1": lambda L, x: L.zeros(2, requires_grad=1),
    "randn with requires_grad 1": lambda L, x: L.randn(2, requires_grad=1),
    "cat of a generator": lambda L, x: L.cat(t for t in [x, x]),
    "stack of a generator": lambda L, x: L.stack(t for t in [x, x]),
    "pixel_shuffle with a float factor": lambda L, x: L.nn.functional.pixel_shuffle(L.ones(1, 4, 2, 2), 2.0),
    "PixelShuffle with a float factor": lambda L, x: L.nn.PixelShuffle(2.0)(L.ones(1, 4, 2, 2)),
    "rfft with a float n": lambda L, x: L.fft.rfft(x, n=2.5),
    "fft2 with a float size": lambda L, x: L.fft.fft2(x, s=(2.5, 3)),
}


@pytest.mark.parametrize("L", [minigrad, torch], ids=["minigrad", "torch"])
@pytest.mark.parametrize("call", REFUSED.values(), ids=REFUSED.keys())
def test_an_argument_of_the_wrong_python_type_is_a_type_error(L, call):
    with pytest.raises(TypeError):
        call(L, L.randn(3, 4))


@pytest.mark.parametrize("L", [minigrad, torch], ids=["minigrad", "torch"])
def test_the_same_arguments_of_the_right_types_are_taken(L):
    x = L.randn(3, 4)
    assert x.sum(0, True).shape == (1, 4) and x.sort(0, True).values.shape == (3, 4)
    assert x.topk(2, 0, False, True).values.shape == (2, 4) and L.cat((x, x)).shape == (6, 4)
    assert L.fft.rfft(x, n=6).shape == (3, 4) and L.zeros(2, requires_grad=True).requires_grad
