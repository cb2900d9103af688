"""minigrad.linalg's norms against torch.linalg: values, gradients and errors."""
import math

import numpy as np
import pytest
import torch

import minigrad

from .helpers import check, check_raises

A = np.random.default_rng(0).normal(size=(3, 4))


@pytest.mark.parametrize("ord", [1, -1, math.inf, -math.inf, "fro"], ids=str)
@pytest.mark.parametrize("keepdim", [False, True])
def test_matrix_norms_and_their_gradients_match_torch(ord, keepdim):
    check(lambda L, a: L.linalg.matrix_norm(a, ord, keepdim=keepdim), A)
    check(lambda L, a: L.linalg.norm(a, ord, dim=(1, 0), keepdim=keepdim), A)


@pytest.mark.parametrize("ord", [None, 1, 2, 3, 0, math.inf, -math.inf], ids=str)
@pytest.mark.parametrize("dim", [None, 0, -1], ids=str)
def test_vector_norms_and_their_gradients_match_torch(ord, dim):
    if ord is None or dim is not None:
        check(lambda L, a: L.linalg.norm(a if dim is not None else a.reshape(-1), ord, dim), A)
    check(lambda L, a: L.linalg.vector_norm(a, 2 if ord is None else ord, dim), A)


def test_norm_without_ord_or_dim_is_the_2_norm_of_all_elements_as_torch():
    check(lambda L, a: L.linalg.norm(a), A.reshape(2, 3, 2))


def test_norm_in_a_requested_dtype_matches_torch():
    check(lambda L, a: L.linalg.norm(a, dtype=L.float64), A.astype(np.float32))


@pytest.mark.parametrize("call", [
    lambda L, a: L.linalg.norm(a.reshape(2, 3, 2), "fro"), lambda L, a: L.linalg.norm(a.long()),
    lambda L, a: L.linalg.vector_norm(a.long(), dtype=L.float64), lambda L, a: L.linalg.norm(a, "fro", dim=1),
    lambda L, a: L.linalg.matrix_norm(a[0]), lambda L, a: L.linalg.norm(a[0], "fro"),
    lambda L, a: L.linalg.matrix_norm(a, dim=0)], ids=range(7))
def test_norms_with_bad_arguments_raise_like_torch(call):
    check_raises(call, A)


@pytest.mark.parametrize("ord", [1, 2, math.inf, "fro", "nuc"], ids=str)
@pytest.mark.parametrize("shape", [(0, 0), (0, 3), (3, 0), (2, 0, 0), (0, 2, 2)], ids=str)
@pytest.mark.parametrize("keepdim", [False, True])
def test_matrix_norm_of_a_positive_order_of_empty_matrices_is_zero_as_torch(ord, shape, keepdim):
    check(lambda L, a: L.linalg.matrix_norm(a, ord, keepdim=keepdim), np.zeros(shape))
    check(lambda L, a: L.linalg.norm(a, ord, (-2, -1), keepdim), np.zeros(shape, np.float32))


@pytest.mark.parametrize("ord", [-1, -0.5, -2, float("-inf")])
@pytest.mark.parametrize("dim", [None, 0, -2, (0, 1), (), []], ids=str)
def test_vector_norm_of_negative_order_over_an_empty_dim_raises_runtimeerror_as_torch(ord, dim):
    check_raises(lambda L, a: L.linalg.vector_norm(a, ord, dim), np.ones((0, 2)))


@pytest.mark.parametrize("p", [-1, -0.5, -2, float("-inf")])
@pytest.mark.parametrize("dim", [None, 0, -2, (0, 1), ()], ids=str)
def test_norm_of_negative_order_over_an_empty_dim_raises_runtimeerror_as_torch(p, dim):
    check_raises(lambda L, a: L.norm(a, p, dim), np.ones((0, 2)))


@pytest.mark.parametrize("call", [lambda L, x: x.norm(), lambda L, x: L.norm(x, p=1), lambda L, x: L.norm(x, dim=0),
                                  lambda L, x: L.norm(x, dtype=L.float32), lambda L, x: L.norm(x[None], p="nuc"),
                                  lambda L, x: (x > 3).norm()])
def test_norm_of_an_integer_or_bool_tensor_raises_torchs_error(call):
    messages = []
    for L in (minigrad, torch):
        with pytest.raises(RuntimeError) as err:
            call(L, L.tensor([3, 4]))
        messages.append(str(err.value))
    assert messages[0] == messages[1]


@pytest.mark.parametrize("call", [
    lambda L, a: L.linalg.vector_norm(a, dtype=L.float32),
    lambda L, a: L.linalg.norm(a, dtype=L.float32),
    lambda L, a: L.linalg.matrix_norm(a, dtype=L.float32),
    lambda L, a: a.norm(dtype=L.float32),
    lambda L, a: L.norm(a, p=1, dtype=L.float32),
    lambda L, a: L.norm(a, p="nuc", dtype=L.float32),
    lambda L, a: L.linalg.vector_norm(a, dtype=L.complex128),
    lambda L, a: L.linalg.matrix_norm(a, dtype=L.complex128),
    lambda L, a: L.linalg.vector_norm(a.to(L.complex128), dtype=L.float64),
], ids=["vector_norm", "linalg.norm", "matrix_norm", "Tensor.norm", "norm p=1", "norm nuc", "vector_norm complex dtype",
        "matrix_norm complex dtype", "vector_norm real dtype of complex"])
def test_norm_into_a_narrower_or_other_kind_of_dtype_raises_runtime_error_as_torch(call):
    check_raises(call, A, names=["dtype"])


def test_norm_in_a_wider_dtype_is_computed_there_as_torch():
    check(lambda L, a: (L.linalg.vector_norm(a, dtype=L.float64), L.norm(a, p=1, dtype=L.float64),
                        L.linalg.matrix_norm(a, dtype=L.float64), L.linalg.vector_norm(a.to(L.complex64), dtype=L.complex128)),
          A.astype(np.float32))


def _message(L, call):
    with pytest.raises(RuntimeError) as err:
        call(L, L.ones(2, 3, 4))
    return str(err.value)


@pytest.mark.parametrize("call", [
    lambda L, x: x.norm(dim=(1, 2, 0)), lambda L, x: x.norm(p="fro", dim=[0, 1, 2], keepdim=True),
    lambda L, x: L.norm(x, p="nuc"), lambda L, x: x.norm(p="nuc", dim=1), lambda L, x: x.norm(p="nuc", dim=(0, -3)),
    lambda L, x: x[0, 0].norm(p="nuc"), lambda L, x: x.norm(p="max", dim=(0, 1, 2)),
    lambda L, x: L.linalg.matrix_norm(x, dim=(-1, 0, 1)), lambda L, x: L.linalg.matrix_norm(x, dim=(2,)),
    lambda L, x: L.linalg.matrix_norm(x, ord=3, dim=(0, 1, 2))], ids=range(10))
def test_norm_as_a_frobenius_norm_over_more_than_two_dims_or_a_nuclear_norm_raises_torchs_matrix_norm_error(call):
    assert _message(minigrad, call) == _message(torch, call)


@pytest.mark.parametrize("call", [lambda L, x: x.norm(dim=(0, 0)), lambda L, x: L.linalg.vector_norm(x, 1, dim=(2, -1)),
                                  lambda L, x: L.linalg.vector_norm(x, dim=(0, 2, 2))], ids=range(3))
def test_vector_norm_over_a_repeated_dim_raises_torchs_error(call):
    assert _message(minigrad, call) == _message(torch, call)


@pytest.mark.parametrize("call", [lambda L, a: a.norm(dim=()), lambda L, a: L.linalg.vector_norm(a, 3, dim=[], keepdim=True),
                                  lambda L, a: L.norm(a, p=1, dim=())], ids=range(3))
def test_norm_over_an_empty_dim_list_reduces_every_dim_as_torch(call):
    check(call, A.reshape(2, 3, 2))
