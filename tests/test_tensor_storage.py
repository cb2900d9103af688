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


def _layout(t, *others):
    """What a tensor given other memory shows: shape, strides, offset, values, version, and
    whether it shares (and is set to) each of ``others``."""
    return (tuple(t.shape), t.stride(), t.storage_offset(), t.tolist(), t._version,
            [t.untyped_storage().data_ptr() == o.untyped_storage().data_ptr() for o in others],
            [t.is_set_to(o) for o in others])


SET_FORMS = {
    "a tensor": lambda L, a, b: b.set_(a),
    "a view": lambda L, a, b: b.set_(a[1:]),
    "a transposed tensor": lambda L, a, b: b.set_(a.reshape(2, 3).t()),
    "nothing": lambda L, a, b: b.set_(),
    "an untyped storage": lambda L, a, b: b.set_(a.untyped_storage()),
    "a storage with offset, size and stride": lambda L, a, b: b.set_(a.untyped_storage(), 1, (2, 2), (1, 2)),
    "a storage with offset and size": lambda L, a, b: b.set_(a.untyped_storage(), 1, (2, 2)),
    "a storage by name": lambda L, a, b: b.set_(source=a.untyped_storage(), storage_offset=2, size=(3,)),
    "a view with offset and size": lambda L, a, b: b.set_(a[2:], 1, (2,)),
    "an untyped storage read as another dtype": lambda L, a, b: b.double().set_(a.untyped_storage()),
}


@pytest.mark.parametrize("form", SET_FORMS.values(), ids=SET_FORMS.keys())
def test_set_gives_a_tensor_the_memory_and_layout_torch_gives(form):
    def layout(L):
        a, b = L.arange(6.0), L.zeros(2)
        return _layout(form(L, a, b), a)
    assert layout(minigrad) == layout(torch)


@pytest.mark.filterwarnings("ignore:TypedStorage is deprecated")
def test_set_to_a_typed_storage_views_its_elements_as_torch():
    def layout(L):
        a = L.arange(6.0)
        return _layout(L.zeros(2).set_(a.storage(), 1, (2,)), a)
    assert layout(minigrad) == layout(torch)


@LIBS
def test_writes_through_a_tensor_set_to_another_show_in_it_and_bump_only_its_own_version(lib):
    a, b = lib.arange(3.0), lib.zeros(2)
    b.set_(a)
    b.mul_(2)
    assert (a.tolist(), a._version, b._version) == ([0.0, 2.0, 4.0], 0, 2)


@LIBS
def test_set_of_a_base_leaves_its_views_on_the_old_memory_with_the_shared_version(lib):
    z = lib.zeros(3)
    view = z[1:]
    z.set_(lib.arange(6.0))
    assert (view.tolist(), view._version, z._version) == ([0.0, 0.0], 1, 1)


SET_ERRORS = {
    "a leaf that requires grad": (RuntimeError, "a leaf Variable that requires grad",
                                  lambda L: L.zeros(2, requires_grad=True).set_(L.ones(3))),
    "a leaf that requires grad, to nothing": (RuntimeError, "a leaf Variable that requires grad",
                                              lambda L: L.zeros(2, requires_grad=True).set_()),
    "a tensor of another dtype": (RuntimeError, "Could not set tensor of type float to a tensor of type double",
                                  lambda L: L.zeros(2, dtype=L.float64).set_(L.ones(3))),
    "a long tensor": (RuntimeError, "Could not set tensor of type long int to a tensor of type float",
                      lambda L: L.zeros(2).set_(L.ones(3, dtype=L.int64))),
    "a non-contiguous tensor with a size": (RuntimeError, "must be contiguous",
                                            lambda L: L.zeros(2).set_(L.ones(4)[::2], 0, (2,))),
    "sizes and strides of unequal length": (RuntimeError, "unequal size length (1) and stride length (2)",
                                            lambda L: L.zeros(2).set_(L.ones(4).untyped_storage(), 0, (2,), (1, 1))),
    "a negative stride": (RuntimeError, "Storage size calculation overflowed",
                          lambda L: L.zeros(2).set_(L.ones(4).untyped_storage(), 0, (2,), (-1,))),
    "a negative offset": (RuntimeError, "invalid storage offset -1",
                          lambda L: L.zeros(2).set_(L.ones(4).untyped_storage(), -1, (2,), (1,))),
    "an offset without a size": (TypeError, "", lambda L: L.zeros(2).set_(L.ones(4).untyped_storage(), 1)),
    "a number": (TypeError, "", lambda L: L.zeros(2).set_(3)),
    "a list": (TypeError, "", lambda L: L.zeros(2).set_([1, 2])),
}


@LIBS
@pytest.mark.parametrize("name", list(SET_ERRORS))
def test_set_refuses_what_torch_refuses(lib, name):
    error, text, call = SET_ERRORS[name]
    with pytest.raises(error) as caught:
        call(lib)
    assert text in str(caught.value)


@LIBS
@pytest.mark.filterwarnings("ignore:TypedStorage is deprecated")
def test_set_to_a_typed_storage_of_another_dtype_is_torchs_runtime_error(lib):
    with pytest.raises(RuntimeError, match="Expected a Storage of type double or an UntypedStorage, but got type Float"):
        lib.zeros(2, dtype=lib.float64).set_(lib.ones(3).storage())


@LIBS
def test_set_of_a_leaf_that_requires_grad_is_allowed_without_grad_mode(lib):
    b = lib.zeros(2, requires_grad=True)
    with lib.no_grad():
        b.set_(lib.arange(3.0))
    b.sum().backward()
    assert (b.is_leaf, b.grad.tolist()) == (True, [1.0, 1.0, 1.0])


@LIBS
@pytest.mark.parametrize("which", ["the tensor", "its source"])
def test_backward_through_a_tensor_given_other_memory_raises_as_torch(lib, which):
    x = lib.zeros(2, requires_grad=True)
    if which == "the tensor":
        y = (x * 2).set_(lib.ones(3))
    else:
        y = lib.ones(2).set_(x * 2)
    assert y.requires_grad and not y.is_leaf
    with pytest.raises(RuntimeError, match="derivative for set_ is not implemented"):
        y.sum().backward()


AS_STRIDED_ = {
    "a view": lambda L, a: a[1:].as_strided_((2, 2), (1, 2)),
    "with an offset": lambda L, a: a.as_strided_((2,), (2,), 1),
    "torch.as_strided_": lambda L, a: L.as_strided_(a, (3,), (2,)),
}


@pytest.mark.parametrize("form", AS_STRIDED_.values(), ids=AS_STRIDED_.keys())
def test_as_strided_in_place_views_the_storage_as_torch(form):
    def layout(L):
        a = L.arange(6.0)
        return _layout(form(L, a), a)
    assert layout(minigrad) == layout(torch)


@LIBS
def test_as_strided_in_place_out_of_the_storage_is_torchs_runtime_error(lib):
    with pytest.raises(RuntimeError, match="out of bounds for storage of size 24"):
        lib.arange(6.0).as_strided_((4,), (2,), 1)


@LIBS
def test_as_strided_in_place_of_a_leaf_that_requires_grad_is_refused(lib):
    with pytest.raises(RuntimeError, match="a leaf Variable that requires grad"):
        lib.arange(6.0, requires_grad=True).as_strided_((2,), (2,), 1)


def test_as_strided_in_place_of_a_computed_tensor_is_differentiated_as_torch():
    def result(L):
        a = L.arange(6.0, dtype=L.float64, requires_grad=True)
        y = a * 1
        y.as_strided_((2,), (2,), 1)
        (y * L.tensor([2.0, 3.0], dtype=L.float64)).sum().backward()
        return y.grad_fn.name(), a.grad.tolist()
    assert result(minigrad) == result(torch)


@pytest.mark.parametrize("change", [lambda t: t.unsqueeze_(0), lambda t: t.t_(), lambda t: t.squeeze_(),
                                    lambda t: t.transpose_(0, 0), lambda t: t.as_strided_((2,), (1,))],
                         ids=["unsqueeze_", "t_", "squeeze_", "transpose_", "as_strided_"])
def test_an_in_place_shape_change_bumps_the_version_as_torch(change):
    versions = []
    for L in (minigrad, torch):
        t = L.arange(6.0)[1:]
        change(t)
        versions.append(t._version)
    assert versions[0] == versions[1] == 1
