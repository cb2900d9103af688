"""The NumPy backend's scatter-add: its flat fast path (large scatters through the flattened
target) agrees, bit for bit, with ``np.add.at`` on the index as given."""
import sys

import numpy as np
import pytest

import minigrad.backends.numpy_backend  # noqa: F401 (the module; the package's name is the instance)

numpy_backend = sys.modules["minigrad.backends.numpy_backend"]
BACKEND = numpy_backend.NumpyBackend()
RNG = np.random.default_rng(0)

# (target shape, index): the forms gradients scatter with, repeated and negative indices included
FLAT_FORMS = {
    "rows (x[i], embedding)": ((128, 64), (RNG.integers(-128, 128, 600),)),
    "rows by a 2-D index": ((50, 16), (RNG.integers(0, 50, (20, 30)),)),
    "a middle dim (x[:, i], index_select)": ((7, 50, 9), (slice(None), RNG.integers(-50, 50, (3, 11)))),
    "every dim (gather's grid, max(dim))": ((40, 30), (RNG.integers(0, 40, (24, 1)), RNG.integers(-30, 30, (1, 25)))),
    "two leading full slices": ((4, 5, 6, 7), (slice(None), slice(None), RNG.integers(0, 6, 300))),
}


def _add_at(shape, index, values):
    out = np.zeros(shape, values.dtype)
    np.add.at(out, index, values)
    return out


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("form", list(FLAT_FORMS))
def test_flat_scatter_add_equals_add_at_bit_for_bit(form, dtype):
    shape, index = FLAT_FORMS[form]
    values = RNG.standard_normal(np.zeros(shape)[index].shape).astype(dtype)
    assert values.size >= numpy_backend.FLAT_SCATTER_MIN  # (the fast path is taken)
    assert numpy_backend.flat_positions(shape, index, values.shape) is not None
    out = np.zeros(shape, dtype)
    BACKEND.scatter_add(out, index, values)
    assert np.array_equal(out, _add_at(shape, index, values))


@pytest.mark.parametrize("form", list(FLAT_FORMS))
def test_small_and_large_scatter_paths_agree(form, monkeypatch):
    shape, index = FLAT_FORMS[form]
    values = RNG.standard_normal(np.zeros(shape)[index].shape)
    results = []
    for smallest in (0, 10 ** 9):  # the flat path always, then never
        monkeypatch.setattr(numpy_backend, "FLAT_SCATTER_MIN", smallest)
        out = np.zeros(shape)
        BACKEND.scatter_add(out, index, values)
        results.append(out)
    assert np.array_equal(*results)


def test_repeated_indices_accumulate_on_the_flat_path():
    index = (np.array([3, 1, 3, 3, -1] * 200),)
    values = np.ones((1000, 2))
    out = np.zeros((4, 2))
    BACKEND.scatter_add(out, index, values)
    assert out.tolist() == [[0, 0], [200, 200], [0, 0], [800, 800]]


@pytest.mark.parametrize("index", [(np.array([[True, False], [False, True]]),), (0, np.array([1, 0])),
                                   (np.array([0, 1]), slice(None))])
def test_other_index_forms_are_left_to_add_at(index):
    assert numpy_backend.flat_positions((2, 2), index, np.zeros((2, 2))[index].shape) is None


def test_values_shaped_unlike_the_selection_are_left_to_add_at():
    index = (np.array([0, 1, 1]),)
    assert numpy_backend.flat_positions((2, 4), index, (1, 4)) is None
    out = np.zeros((2, 4))
    BACKEND.scatter_add(out, index, np.ones((1, 4)))  # broadcast by add.at
    assert out.tolist() == [[1] * 4, [2] * 4]


def test_an_empty_index_adds_nothing():
    out = np.zeros((600, 3))
    BACKEND.scatter_add(out, (np.zeros(0, np.int64),), np.zeros((0, 3)))
    assert not out.any()
