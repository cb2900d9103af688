"""Sorting and top-k against PyTorch: tie order, NaN placement, 0-d inputs, k's range."""
import numpy as np
import pytest

from .helpers import check, check_raises


@pytest.mark.parametrize("dim", [0, 1])
def test_stable_descending_sort_of_bools_keeps_equal_values_in_index_order(dim):
    x = np.array([[True, False, True], [False, False, True], [True, True, False]])
    check(lambda L, t: L.sort(t, dim=dim, descending=True, stable=True), x)


def test_stable_descending_argsort_of_integers_keeps_equal_values_in_index_order():
    x = np.array([3, 1, 3, 2, 1, 3], np.int64)
    check(lambda L, t: L.argsort(t, descending=True, stable=True), x)


def test_descending_sort_puts_nan_first_like_torch():
    x = np.array([1.0, np.nan, 2.0, np.inf, -np.inf])
    check(lambda L, t: L.sort(t, descending=True), x)


@pytest.mark.parametrize("k", [0, 1])
def test_topk_of_a_0d_tensor_returns_the_element(k):
    check(lambda L, t: L.topk(t, k), np.array(2.5))


@pytest.mark.parametrize("shape, k", [((), 2), ((3,), 4), ((3,), -1)])
def test_topk_with_k_out_of_range_raises_like_torch(shape, k):
    check_raises(lambda L, t: L.topk(t, k), np.ones(shape))


@pytest.mark.parametrize("data", [[2.0, 1.0, 2.0, 3.0], [3.0, 1.0, 2.0, 2.0, 5.0], [1.0, float("nan"), 2.0],
                                  [[1.0, 5, 3, 3], [2, 2, 2, 0]], 4.0], ids=str)
def test_median_of_all_elements_and_its_evenly_split_gradient_match_torch(data):
    check(lambda L, t: L.median(t), np.array(data))


@pytest.mark.parametrize("data, dim", [([[1.0, 5, 3, 3], [2, 2, 2, 0]], 1), ([[1.0, 5, 3, 3], [2, 2, 2, 0]], 0),
                                       ([2.0, 1.0, 2.0, 1.0], 0), ([1.0, 1.0, 1.0], -1), ([1.0, float("nan"), 2.0], 0)],
                         ids=str)
@pytest.mark.parametrize("keepdim", [False, True])
def test_median_along_a_dim_values_indices_and_gradient_match_torch(data, dim, keepdim):
    check(lambda L, t: tuple(L.median(t, dim, keepdim)), np.array(data))


def test_median_of_integers_and_of_nothing_match_torch():
    check(lambda L, t: t.median(), np.array([1, 2, 3, 4]))
    check(lambda L, t: t.median(), np.zeros(0))
    check(lambda L, t: tuple(t.median(1)), np.zeros((0, 2)))
    check_raises(lambda L, t: t.median(0), np.zeros((0, 2)))
