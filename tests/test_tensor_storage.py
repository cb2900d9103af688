"""``Tensor.untyped_storage()``, ``Tensor.storage()`` and ``Tensor._base``: the memory views
share, as PyTorch shows it (sizes, addresses, elements, printing, writes showing through)."""
import warnings

import pytest
import torch

import minigrad

LIBS = pytest.mark.parametrize("lib", [minigrad, torch], ids=["minigrad", "torch"])


@LIBS
def test_a_view_shares_its_bases_untyped_storage(lib):
    x = lib.arange(6.0).reshape(2, 3)
    y = x[:, 1:]
    assert y.untyped_storage().data_ptr() == x.untyped_storage().data_ptr() == x.data_ptr()
    assert y.untyped_storage().nbytes() == len(y.untyped_storage()) == 24


@LIBS
@pytest.mark.parametrize("view", [lambda x: x.diagonal(), lambda x: x.expand(1, 3, 3), lambda x: x[None]])
def test_a_strided_view_of_a_view_counts_its_storage_offset_from_the_base(lib, view):
    x = lib.arange(12.0).reshape(4, 3)
    y = view(x[1:])
    assert y.storage_offset() == 3
    assert y.untyped_storage().data_ptr() == x.data_ptr() and y.untyped_storage().nbytes() == 48


@LIBS
def test_untyped_storage_reads_bytes(lib):
    assert lib.tensor([1.0]).untyped_storage().tolist() == [0, 0, 128, 63]


def test_typed_storage_is_deprecated():
    with pytest.warns(UserWarning, match="TypedStorage is deprecated"):  # (PyTorch warns once per process)
        minigrad.arange(3.0).storage()


@LIBS
def test_typed_storage_lists_the_elements(lib):
    x = lib.arange(3.0)[1:]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        storage = x.storage()
    assert storage.tolist() == [0.0, 1.0, 2.0] and storage.size() == 3 and storage.element_size() == 4
    assert storage.dtype == lib.float32 and storage[2] == 2.0


@LIBS
def test_a_write_through_the_storage_shows_in_the_tensor(lib):
    x = lib.zeros(3)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        x.storage()[1] = 5.0
    assert x.tolist() == [0.0, 5.0, 0.0]


def test_storages_print_as_pytorchs():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert repr(minigrad.arange(3.0).storage()) == repr(torch.arange(3.0).storage())
    assert repr(minigrad.arange(2.0).untyped_storage()) == repr(torch.arange(2.0).untyped_storage())


@LIBS
def test_base_is_the_tensor_a_view_was_taken_from(lib):
    x = lib.arange(6.0)
    assert x._base is None and x[1:]._base is x and x.view(2, 3)[0]._base is x


@LIBS
def test_is_view_and_is_set_to_compare_memory_as_pytorch(lib):
    x = lib.arange(6.0)
    y = x.view(2, 3)
    assert y._is_view() and not x._is_view()
    assert x.is_set_to(x) and not y.is_set_to(x) and y.is_set_to(x.view(2, 3))
