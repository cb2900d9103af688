"""Argument checks of PyTorch's padding and loss modules, on minigrad and on PyTorch: circular
padding refuses an input of the wrong rank with ValueError; HuberLoss refuses a complex delta."""
import pytest
import torch

import minigrad

LIBS = pytest.mark.parametrize("lib", [minigrad, torch], ids=["minigrad", "torch"])


@LIBS
@pytest.mark.parametrize("name, shape", [("CircularPad1d", (1, 2, 3, 4)), ("CircularPad2d", (1, 2)),
                                         ("CircularPad3d", (1, 2, 3, 4, 5, 6))])
def test_circular_padding_refuses_an_input_of_the_wrong_rank(lib, name, shape):
    with pytest.raises(ValueError, match="D input"):
        getattr(lib.nn, name)(1)(lib.ones(*shape))


@LIBS
@pytest.mark.parametrize("name, shape", [("CircularPad1d", (2, 3)), ("CircularPad2d", (1, 2, 3)),
                                         ("CircularPad3d", (1, 2, 3, 4, 5))])
def test_circular_padding_takes_an_input_with_or_without_batch(lib, name, shape):
    out = getattr(lib.nn, name)(1)(lib.ones(*shape))
    assert out.shape[-1] == shape[-1] + 2


@LIBS
def test_huber_loss_refuses_a_complex_delta(lib):
    with pytest.raises(TypeError, match="delta must be a float or int"):
        lib.nn.HuberLoss(delta=1j)
