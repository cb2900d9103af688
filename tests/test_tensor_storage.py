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


def _typed_storage(x):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return x.storage()


@LIBS
def test_typed_storage_fill_writes_every_element_of_the_tensor(lib):
    x = lib.arange(6.0).view(2, 3)
    assert _typed_storage(x).fill_(1.5).tolist() == [1.5] * 6
    assert x.tolist() == [[1.5] * 3] * 2


@LIBS
def test_untyped_storage_fill_and_copy_write_bytes_of_the_tensor(lib):
    x = lib.arange(4.0)
    x.untyped_storage().fill_(0)
    assert x.tolist() == [0.0] * 4
    x.untyped_storage().copy_(lib.arange(4.0).untyped_storage())
    assert x.tolist() == [0.0, 1.0, 2.0, 3.0]


@LIBS
def test_typed_storage_copy_needs_the_same_size_in_bytes(lib):
    x = lib.zeros(4)
    _typed_storage(x).copy_(_typed_storage(lib.arange(4.0)))
    assert x.tolist() == [0.0, 1.0, 2.0, 3.0]
    with pytest.raises(RuntimeError, match="self was 16 bytes but src was 32 bytes"):
        _typed_storage(x).copy_(_typed_storage(lib.arange(4)))


@LIBS
def test_storage_index_counts_from_the_end_and_refuses_one_out_of_range(lib):
    storage = _typed_storage(lib.arange(4.0))
    assert storage[-1] == 3.0 and storage[-4] == 0.0
    with pytest.raises(IndexError, match="index 4 out of range for storage of size 4"):
        storage[4]
    with pytest.raises(IndexError, match="index 16 out of range for storage of size 16"):
        lib.arange(4.0).untyped_storage()[16]


@LIBS
def test_typed_storage_refuses_slices_and_non_int_indices(lib):
    storage = _typed_storage(lib.arange(4.0))
    with pytest.raises(RuntimeError, match="slices are only supported in UntypedStorage"):
        storage[1:3]
    with pytest.raises(RuntimeError, match="can't index a <class 'torch.storage.TypedStorage'> with <class 'float'>"):
        storage[1.0]


@LIBS
def test_untyped_storage_slice_views_the_same_bytes(lib):
    x = lib.zeros(2)
    part = x.untyped_storage()[4:8]
    assert part.nbytes() == 4
    part.fill_(0).copy_(lib.tensor([1.0]).untyped_storage())
    assert x.tolist() == [0.0, 1.0]


@LIBS
def test_typed_storage_converts_to_other_dtypes_in_new_memory(lib):
    x = lib.arange(3.0)
    storage = _typed_storage(x)
    as_int = storage.int()
    assert as_int.dtype == lib.int32 and as_int.tolist() == [0, 1, 2] and storage.double().element_size() == 8
    as_int[0] = 7
    assert x[0].item() == 0.0 and storage.bool().tolist() == [False, True, True]


@LIBS
def test_storage_clone_is_new_memory(lib):
    x = lib.arange(3.0)
    copy = _typed_storage(x).clone()
    copy[0] = 5.0
    assert x[0].item() == 0.0 and copy.data_ptr() != x.data_ptr()
    assert x.untyped_storage().clone().data_ptr() != x.data_ptr()


def test_storage_type_names_are_pytorchs():
    for dtype in ["float32", "float64", "int64", "int32", "int8", "uint8", "bool", "float16", "complex64"]:
        ours, theirs = (_typed_storage(lib.zeros(1, dtype=getattr(lib, dtype))) for lib in (minigrad, torch))
        assert (ours.type(), ours.pickle_storage_type()) == (theirs.type(), theirs.pickle_storage_type())
    assert minigrad.zeros(1).untyped_storage().type() == torch.zeros(1).untyped_storage().type()


@LIBS
def test_cpu_storage_is_neither_cuda_nor_shared_nor_pinned(lib):
    for storage in (_typed_storage(lib.zeros(1)), lib.zeros(1).untyped_storage()):
        assert not storage.is_cuda and not storage.is_shared() and not storage.is_pinned()
        assert storage.cpu().data_ptr() == storage.data_ptr()
