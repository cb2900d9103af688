"""``nn.utils.parameters_to_vector`` and ``vector_to_parameters`` against PyTorch."""
import numpy as np
import pytest
import torch

import minigrad


def _model(L):
    L.manual_seed(0)
    model = L.nn.Sequential(L.nn.Linear(3, 4), L.nn.ReLU(), L.nn.Linear(4, 2))
    with L.no_grad():
        for i, p in enumerate(model.parameters()):
            p.copy_(L.arange(p.numel(), dtype=L.float32).reshape(p.shape) * (i + 1))
    return model


def test_parameters_to_vector_flattens_in_order_and_is_differentiable():
    vectors = []
    for L in (minigrad, torch):
        model = _model(L)
        vec = L.nn.utils.parameters_to_vector(model.parameters())
        (vec * vec).sum().backward()
        vectors.append((vec.detach().numpy(), model[0].weight.grad.numpy()))
    for mine, theirs in zip(*vectors):
        np.testing.assert_array_equal(mine, theirs)


def test_vector_to_parameters_gives_each_parameter_its_slice_shared_with_the_vector():
    for L in (minigrad, torch):
        model = _model(L)
        vec = L.arange(26, dtype=L.float32)
        L.nn.utils.vector_to_parameters(vec, model.parameters())
        assert model[0].weight.tolist() == [[0, 1, 2], [3, 4, 5], [6, 7, 8], [9, 10, 11]]
        assert model[2].bias.tolist() == [24, 25] and model[2].bias.requires_grad and model[2].bias.is_leaf
        vec[24] = -1.0
        assert model[2].bias.tolist() == [-1, 25]


def test_vector_to_parameters_refuses_a_list_and_a_short_vector_as_pytorch():
    for L in (minigrad, torch):
        with pytest.raises(TypeError, match="expected torch.Tensor, but got: list"):
            L.nn.utils.vector_to_parameters([1.0, 2.0], _model(L).parameters())
        with pytest.raises(RuntimeError):
            L.nn.utils.vector_to_parameters(L.zeros(3), _model(L).parameters())
