"""minigrad.tensor on any Python data gives what torch.tensor gives: the same dtype, shape and
values, or the same exception type, never a hang (self-containing lists) and never a silently
wrong value (ints beyond int64, None among numbers)."""
import array
import collections
import math
import warnings

import numpy as np
import pytest
import torch
from hypothesis import given, strategies as st

import minigrad

from .helpers import dtype_name
from .limits import time_limit

DTYPES = [None, "float32", "float64", "float16", "int64", "int32", "int16", "int8", "uint8", "bool"]


def outcome(lib, data, dtype):
    """("ok", dtype name, shape, values) or ("raises", exception type, message) for lib.tensor(data)."""
    kwargs = {} if dtype is None else {"dtype": getattr(lib, dtype)}
    try:
        with time_limit(5, f"{lib.__name__}.tensor"), warnings.catch_warnings():
            warnings.filterwarnings("ignore", "Creating a tensor from a list of numpy.ndarrays", UserWarning)
            t = lib.tensor(data, **kwargs)
    except (TypeError, ValueError, RuntimeError, OverflowError) as exc:
        return ("raises", type(exc), str(exc))
    values = t.numpy() if isinstance(t, minigrad.Tensor) else t.numpy()
    return ("ok", dtype_name(t), tuple(t.shape), values)


def same_as_torch(data, dtype=None, message=False):
    """minigrad.tensor(data, dtype) matches torch.tensor: exception type (and message), or the tensor."""
    mine, theirs = outcome(minigrad, data, dtype), outcome(torch, data, dtype)
    assert mine[0] == theirs[0], f"minigrad: {mine[:3]}, torch: {theirs[:3]}"
    if theirs[0] == "raises":
        assert mine[1] is theirs[1], \
            f"minigrad raised {mine[1].__name__}({mine[2]}), torch {theirs[1].__name__}({theirs[2]})"
        if message:
            assert mine[2] == theirs[2]
        return
    assert mine[1:3] == theirs[1:3], f"minigrad: {mine[1:3]}, torch: {theirs[1:3]}"
    np.testing.assert_array_equal(mine[3], theirs[3])


def self_containing(*items):
    box = list(items)
    box.append(box)
    return box


# ---------------------------------------------------------------------- the reported cases
def test_a_list_containing_itself_raises_value_error_at_once_like_torch():
    same_as_torch(self_containing(), message=True)


@pytest.mark.parametrize("make", [lambda l: [1, l], lambda l: [[1, 2], [3, l]], lambda l: [None, l],
                                  lambda l: [l, 1], lambda l: [[1], l]], ids=["after-an-int", "nested", "after-none",
                                                                               "first", "after-a-row"])
def test_self_references_inside_data_raise_like_torch(make):
    same_as_torch(make(self_containing()), message=True)


def test_longer_cycles_raise_type_error_instead_of_recursing():
    a, b = [], []
    a.append(b)
    b.append(a)
    with time_limit(5, "minigrad.tensor"), pytest.raises(TypeError, match="self-referential"):
        minigrad.tensor([1, a])  # (torch recurses without end here)


@pytest.mark.parametrize("data", [[2 ** 63], [1, 2 ** 63], 10 ** 30, -2 ** 63 - 1, [True, 2 ** 63], [[2 ** 63], 3],
                                  [[1, 2], [2 ** 64, 1]]], ids=repr)
def test_ints_beyond_int64_raise_overflow_value_error_like_torch(data):
    same_as_torch(data, message=True)


@pytest.mark.parametrize("data", [-2 ** 63, [1.5, 2 ** 63], [2 ** 70, 1.0], [[], [2 ** 63]]], ids=repr)
def test_ints_beyond_int64_among_floats_or_in_empty_data_are_accepted_like_torch(data):
    same_as_torch(data)


@pytest.mark.parametrize("data", [[1.0, None], None, [None], [[1], [None]], object(), {}, {"a": 1}, {1, 2},
                                  (x for x in [1]), [object()], [{}], [[], [None]]],
                         ids=["list-with-None", "None", "[None]", "nested-None", "object", "dict", "dict-items", "set",
                              "generator", "[object]", "[dict]", "empty-row-and-None"])
def test_values_of_no_dtype_raise_could_not_infer_runtime_error_like_torch(data):
    same_as_torch(data, message=True)


@pytest.mark.parametrize("data", ["a", b"ab", ["a"], ["ab", "c"], [""], [1, "a"], [[1], ["a"]], [1, b"a"], [["a"]]],
                         ids=repr)
def test_strings_raise_like_torch(data):
    same_as_torch(data, message=True)


@pytest.mark.parametrize("data", [[[1, 2], [3]], [[1, 2], 3], [1, [2]], [1.0, [2]], [[1], []], [1, [], 2],
                                  [[[]], []], [[], [[1]]], [[], 3]], ids=repr)
def test_ragged_data_raise_or_build_like_torch(data):
    same_as_torch(data, message=True)


@pytest.mark.parametrize("dtype", ["float32", "int64", "int32", "uint8", "int8", "bool"])
@pytest.mark.parametrize("data", [[None], [1.5, None], [2 ** 40], [300], [-1], [-255], [-256], [float("nan")],
                                  [float("inf")], [1e20], [2.5], [-2.5], [2 ** 70], [[1, 2], (3, 4)], object(), None],
                         ids=lambda data: "object()" if type(data) is object else repr(data))  # (ids stable across runs)
def test_values_that_do_not_fit_the_requested_dtype_raise_like_torch(data, dtype):
    same_as_torch(data, dtype)


@pytest.mark.parametrize("data", [[minigrad.tensor([1, 2])], [minigrad.tensor(1.5), 2], [np.array([1.0]), [2]],
                                  [1, np.array([2])], [np.array(1.0), 2], [np.float64(2.0 ** 70)], range(3),
                                  [range(3)], bytearray(b"ab"), [1, bytearray(b"a")]], ids=repr)
def test_tensors_arrays_and_other_sequences_inside_data_behave_like_torch(data):
    def as_torch(x):
        if isinstance(x, minigrad.Tensor):
            return torch.tensor(x.numpy())
        return [as_torch(v) for v in x] if isinstance(x, list) else x
    mine, theirs = outcome(minigrad, data, None), outcome(torch, as_torch(data), None)
    assert mine[:2] == theirs[:2], (mine[:3], theirs[:3])
    if mine[0] == "ok":
        assert mine[2] == theirs[2]
        np.testing.assert_array_equal(mine[3], theirs[3])


class _IndexedSequence:
    """A sequence by protocol only: ``__len__`` and ``__getitem__``."""

    def __init__(self, items):
        self.items = items

    def __len__(self):
        return len(self.items)

    def __getitem__(self, i):
        return self.items[i]


class _GetitemOnly:
    def __getitem__(self, i):
        return i


@pytest.mark.parametrize("data", [collections.deque([1.5, 2.0]), [collections.deque([1, 2])],
                                  collections.deque([collections.deque([True]), collections.deque([False])]),
                                  collections.deque(), collections.deque([[1], [2, 3]]), collections.UserList([1, 2]),
                                  array.array("d", [1.0, 2.0]), array.array("i", [1, 2]), memoryview(b"ab"),
                                  _IndexedSequence([1, 2]), _IndexedSequence([_IndexedSequence([1.0])]),
                                  _GetitemOnly()],
                         ids=["deque", "list of deque", "deque of deques", "empty deque", "ragged deque", "UserList",
                              "double array", "int array", "memoryview", "indexed", "nested indexed", "getitem only"])
def test_any_object_with_the_sequence_protocol_is_read_as_a_sequence_like_torch(data):
    same_as_torch(data, message=True)


@pytest.mark.parametrize("name", ["Tensor", "LongTensor", "as_tensor"])
def test_the_other_constructors_read_a_deque_as_a_sequence_like_torch(name):
    mine, theirs = (getattr(L, name)(collections.deque([1.0, 2.0])) for L in (minigrad, torch))
    assert dtype_name(mine) == dtype_name(theirs) and mine.tolist() == theirs.tolist()


@pytest.mark.parametrize("depth", [1, 64, 128, 129, 500])
def test_deeply_nested_single_values_behave_like_torch_up_to_numpys_dimension_limit(depth):
    data = 1
    for _ in range(depth):
        data = [data]
    if 64 < depth <= 128:  # torch allows 128 dimensions, NumPy 64: minigrad refuses clearly
        with pytest.raises(ValueError, match="dimension"):
            minigrad.tensor(data)
        return
    same_as_torch(data, message=depth > 128)


def test_conversion_of_a_long_flat_list_keeps_every_value():
    data = [0.1 * i for i in range(10_000)] + [2 ** 62, True]
    same_as_torch(data)
    same_as_torch(data[:-2], "float16")


# ---------------------------------------------------------------------- fuzz
huge_ints = st.sampled_from([2 ** 31, 2 ** 53 + 1, 2 ** 63 - 1, 2 ** 63, -2 ** 63, -2 ** 63 - 1, 2 ** 64, 10 ** 30,
                             2 ** 1024, -(10 ** 400)])
leaves = st.one_of(st.integers(), huge_ints, st.floats(), st.none(), st.booleans(), st.text(max_size=2),
                   st.sampled_from([0, 1, -1, 255, 256, -255, -256, 0.5, -0.0]))


@st.composite
def python_data(draw):
    """Nested lists/tuples of leaves (ragged or not), sometimes with a list that contains itself."""
    data = draw(st.recursive(leaves, lambda inner: st.lists(inner, max_size=4) | st.tuples(inner, inner),
                             max_leaves=12))
    if isinstance(data, list) and draw(st.booleans()):
        lists = [data]
        stack = [data]
        while stack:
            for x in stack.pop():
                if isinstance(x, list):
                    lists.append(x)
                    stack.append(x)
        target = draw(st.sampled_from(lists))
        target.insert(draw(st.integers(0, len(target))), target)  # a direct self-reference, as l.append(l)
    return data


@st.composite
def rectangular_data(draw):
    """Rectangular nested lists of one kind of number (these must convert, value for value)."""
    shape = draw(st.lists(st.integers(0, 3), min_size=0, max_size=3))
    leaf = draw(st.sampled_from([st.integers(-2 ** 63, 2 ** 63 - 1), st.floats(width=64), st.booleans(),
                                 st.one_of(st.integers(-1000, 1000), st.floats(-1e6, 1e6))]))
    n = math.prod(shape)
    flat = draw(st.lists(leaf, min_size=n, max_size=n))
    data = flat
    for size in reversed(shape[1:]):
        data = [data[i:i + size] for i in range(0, len(data), size)] if size else [[] for _ in range(len(data))]
    return data if shape else flat[0] if flat else 0


@given(data=python_data(), dtype=st.sampled_from(DTYPES))
def test_any_python_data_gives_torchs_result_or_exception_type(data, dtype):
    same_as_torch(data, dtype)


@given(data=rectangular_data(), dtype=st.sampled_from(DTYPES))
def test_rectangular_numeric_data_converts_like_torch(data, dtype):
    same_as_torch(data, dtype)


# ---------------------------------------------------------------------- the legacy constructor
def test_the_legacy_tensor_constructor_refuses_a_self_containing_list_like_torch():
    with pytest.raises(ValueError, match="too many dimensions"):
        with time_limit(0.5, "minigrad.Tensor"):
            minigrad.Tensor(self_containing())


def test_the_legacy_tensor_constructor_refuses_none_among_numbers_like_torch():
    with pytest.raises(TypeError):
        torch.Tensor([1.0, None])
    with pytest.raises(TypeError, match="must be real number"):
        minigrad.Tensor([1.0, None])


@pytest.mark.parametrize("data", [2.5, True, None, {}, {1}, "ab", b"ab", [1, 2], (2, 3), [[1], [1, 2]], [True, 1],
                                  [2 ** 70], [], [[]], range(3), [1.5, "a"]],
                         ids=repr)
def test_the_legacy_tensor_constructor_reads_data_as_torch_does(data):
    def outcome(lib):
        try:
            t = lib.Tensor(data)
        except Exception as exc:  # noqa: BLE001 (the type is the outcome)
            return type(exc)
        return dtype_name(t), tuple(t.shape), t.tolist()
    assert outcome(minigrad) == outcome(torch)


#: the legacy typed constructors and their dtypes
LEGACY_TYPES = {"FloatTensor": "float32", "DoubleTensor": "float64", "HalfTensor": "float16", "LongTensor": "int64",
                "IntTensor": "int32", "ShortTensor": "int16", "CharTensor": "int8", "ByteTensor": "uint8",
                "BoolTensor": "bool"}


@pytest.mark.parametrize("L", [minigrad, torch], ids=["minigrad", "torch"])
@pytest.mark.parametrize("name", LEGACY_TYPES)
def test_a_legacy_typed_constructor_refuses_a_tensor_of_another_dtype_as_torch(L, name):
    other = L.tensor([1, 2], dtype=L.float32 if name != "FloatTensor" else L.int64)
    with pytest.raises(TypeError, match=r"^expected TensorOptions\(dtype=.* \(got TensorOptions\(dtype="):
        getattr(L, name)(other)


@pytest.mark.parametrize("L", [minigrad, torch], ids=["minigrad", "torch"])
def test_a_legacy_typed_constructor_names_the_dtypes_as_torchs_cpp_does(L):
    with pytest.raises(TypeError) as caught:
        L.FloatTensor(L.tensor([1, 2]))
    assert str(caught.value) == (
        "expected TensorOptions(dtype=float, device=cpu, layout=Strided, requires_grad=false (default), "
        "pinned_memory=false (default), memory_format=(nullopt)) (got TensorOptions(dtype=long int, device=cpu, "
        "layout=Strided, requires_grad=false (default), pinned_memory=false (default), memory_format=(nullopt)))")


@pytest.mark.parametrize("L", [minigrad, torch], ids=["minigrad", "torch"])
@pytest.mark.parametrize("name", LEGACY_TYPES)
def test_a_legacy_typed_constructor_takes_a_tensor_of_its_dtype_as_torch(L, name):
    same = L.tensor([1, 0]).to(getattr(L, LEGACY_TYPES[name]))
    made = getattr(L, name)(same)
    assert made.dtype == same.dtype and made.tolist() == same.tolist()


def _read_only(kind):
    """A read-only NumPy array of 4 floats: a view made read-only, or the memory of a bytes object."""
    if kind == "bytes":
        return np.frombuffer(bytes(32), dtype=np.float64)
    array = np.zeros(4)
    array.setflags(write=False)
    return array


@pytest.mark.filterwarnings("ignore:The given NumPy array is not writable")
@pytest.mark.parametrize("kind", ["flag", "bytes"])
@pytest.mark.parametrize("make", ["from_numpy", "as_tensor", "asarray"])
def test_in_place_writes_to_a_tensor_of_a_read_only_array_reach_the_array_as_torch(kind, make):
    results = []
    for L in (minigrad, torch):
        array = _read_only(kind)
        t = getattr(L, make)(array)
        t.add_(1)
        t[0] = 7
        results.append((t.tolist(), array.tolist(), t.data_ptr() == array.ctypes.data, array.flags.writeable))
    assert results[0] == results[1]


@pytest.mark.filterwarnings("ignore:The given NumPy array is not writable")
def test_a_tensor_of_a_read_only_broadcast_array_refuses_in_place_updates_as_torch():
    for L in (minigrad, torch):
        t = L.from_numpy(np.broadcast_to(np.arange(3.0), (2, 3)))
        with pytest.raises(RuntimeError, match="more than one element of the written-to tensor refers to a single"):
            t.add_(1)


@pytest.mark.filterwarnings("ignore:The given NumPy array is not writable")
@pytest.mark.parametrize("shape", [(1, 3), (2, 3)])
@pytest.mark.parametrize("make", ["from_numpy", "as_tensor"])
def test_a_tensor_of_an_array_with_zero_strides_reports_numpys_strides_as_torch(shape, make):
    def strides(L, array):
        return getattr(L, make)(array).stride()
    for array in (np.broadcast_to(np.arange(3.0), shape), np.arange(3.0)[None], np.arange(3.0)[:, None]):
        assert strides(minigrad, array) == strides(torch, array)


def test_a_copy_of_a_broadcast_array_is_row_major_as_torch():
    array = np.broadcast_to(np.arange(3.0), (2, 3))
    assert minigrad.tensor(array).stride() == torch.tensor(array).stride() == (3, 1)
