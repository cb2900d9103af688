"""torch.resize_as_ (the function beside the Tensor method) against PyTorch."""
import numpy as np

import minigrad
from .helpers import check, check_raises


def test_resize_as_function_gives_the_templates_shape_in_place_and_returns_its_input():
    check(lambda L, x, t: L.resize_as_(x.clone(), t)[:2], np.arange(6.0), np.zeros((2, 2)))
    x = minigrad.arange(6.0)
    assert minigrad.resize_as_(x, minigrad.zeros(3, 2, dtype=minigrad.int64)) is x
    assert tuple(x.shape) == (3, 2) and x.dtype == minigrad.float32
    y = minigrad.arange(3.0)
    assert minigrad.resize_as_(input=y, the_template=minigrad.zeros(1)).tolist() == [0.0]


def test_resize_as_of_a_tensor_that_requires_grad_raises():
    check_raises(lambda L, x, t: L.resize_as_(x, t), np.ones(3), np.ones(2))
