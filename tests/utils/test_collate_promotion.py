"""``default_collate`` of samples of mixed dtypes promotes them as PyTorch does (``torch.stack``'s
promotion for tensors and NumPy arrays, ``torch.as_tensor``'s for NumPy scalars), not with NumPy's
rules; samples of one dtype keep it."""
import numpy as np
import pytest
import torch
import torch.utils.data as tud

import minigrad
import minigrad.utils.data as mud

LIBS = pytest.mark.parametrize("L, data", [(minigrad, mud), (torch, tud)], ids=["minigrad", "torch"])


def _dtype_name(t):
    return str(t.dtype).replace("torch.", "").replace("minigrad.", "")


@LIBS
@pytest.mark.parametrize("first, second, expected", [
    ("float32", "int64", "float32"),
    ("int64", "float32", "float32"),
    ("float16", "int64", "float16"),
    ("bool", "int32", "int32"),
    ("int32", "int64", "int64"),
    ("uint8", "int8", "int16"),
    ("float64", "complex64", "complex128"),
])
def test_tensors_of_mixed_dtypes_are_promoted_as_torch_stack(L, data, first, second, expected):
    batch = [L.ones(2, dtype=getattr(L, first)), L.zeros(2, dtype=getattr(L, second))]
    out = data.default_collate(batch)
    assert _dtype_name(out) == expected
    assert out.tolist() == [[1, 1], [0, 0]]


@LIBS
def test_zero_dim_tensors_of_mixed_dtypes_are_promoted(L, data):
    out = data.default_collate([L.tensor(1.5), L.tensor(2)])
    assert _dtype_name(out) == "float32" and out.tolist() == [1.5, 2.0]


@LIBS
def test_tensors_of_mixed_dtypes_requiring_grad_are_promoted(L, data):
    out = data.default_collate([L.ones(2, requires_grad=True), L.ones(2, dtype=L.int64)])
    assert _dtype_name(out) == "float32" and out.requires_grad


@LIBS
def test_unsigned_tensors_that_torch_cannot_promote_raise_runtime_error(L, data):
    with pytest.raises(RuntimeError, match="Promotion for uint16, uint32, uint64 types is not supported"):
        data.default_collate([L.zeros(2, dtype=L.uint16), L.zeros(2, dtype=L.int8)])


@LIBS
def test_tensors_of_one_dtype_keep_it(L, data):
    out = data.default_collate([L.ones(3, dtype=L.int32) for _ in range(4)])
    assert _dtype_name(out) == "int32" and tuple(out.shape) == (4, 3)


@LIBS
def test_tensors_of_mixed_dtypes_and_shapes_raise_the_stack_error(L, data):
    with pytest.raises(RuntimeError, match="stack expects each tensor to be equal size"):
        data.default_collate([L.zeros(2), L.zeros(3, dtype=L.int64)])


@LIBS
@pytest.mark.parametrize("first, second, expected", [
    (np.float32, np.int64, "float32"),
    (np.float16, np.int64, "float16"),
    (np.int32, np.int64, "int64"),
    (np.bool_, np.uint8, "uint8"),
    (np.uint8, np.int8, "int16"),
    (np.int64, np.complex64, "complex64"),
])
def test_numpy_arrays_of_mixed_dtypes_are_promoted_as_torch(L, data, first, second, expected):
    out = data.default_collate([np.ones(2, first), np.zeros(2, second)])
    assert _dtype_name(out) == expected
    assert out.tolist() == [[1, 1], [0, 0]]


@LIBS
def test_numpy_arrays_of_one_dtype_keep_it(L, data):
    out = data.default_collate([np.ones((2, 3), np.int16), np.zeros((2, 3), np.int16)])
    assert _dtype_name(out) == "int16" and tuple(out.shape) == (2, 2, 3)


@LIBS
def test_numpy_arrays_that_torch_cannot_promote_raise_runtime_error(L, data):
    with pytest.raises(RuntimeError, match="Promotion for uint16, uint32, uint64 types is not supported"):
        data.default_collate([np.zeros(2, np.uint16), np.zeros(2, np.int8)])


@LIBS
def test_a_string_array_after_a_numeric_one_raises_type_error(L, data):
    with pytest.raises(TypeError, match="can't convert np.ndarray of type numpy"):
        data.default_collate([np.zeros(2, np.float32), np.zeros(2, "U3")])


@LIBS
@pytest.mark.parametrize("batch, expected", [
    ([np.float32(1), np.int64(2)], "float32"),
    ([np.int64(1), np.float32(2)], "float32"),
    ([np.float32(1), np.float64(2)], "float64"),
    ([np.int16(1), np.float16(2)], "float16"),
    ([np.int32(1), np.complex64(2)], "complex64"),
    ([np.float32(1), 2.5], "float32"),
], ids=["f32_i64", "i64_f32", "f32_f64", "i16_f16", "i32_c64", "f32_pyfloat"])
def test_numpy_scalars_of_mixed_dtypes_are_promoted_as_torch_as_tensor(L, data, batch, expected):
    out = data.default_collate(batch)
    assert _dtype_name(out) == expected
    assert out.tolist() == [float(v) if expected != "complex64" else complex(v) for v in batch]


@LIBS
@pytest.mark.parametrize("batch, expected", [
    ([1, 2.5], "float32"),  # (the first sample an int: torch.tensor(batch), the default dtype)
    ([1.5, 2], "float64"),  # (the first a float: float64)
    ([True, 2], "int64"),
    ([1, True], "int64"),
    ([True, False], "bool"),
], ids=["int_float", "float_int", "bool_int", "int_bool", "bools"])
def test_python_numbers_mixed_int_and_float(L, data, batch, expected):
    out = data.default_collate(batch)
    assert _dtype_name(out) == expected
    assert out.tolist() == [type(out.tolist()[0])(v) for v in batch]


@LIBS
def test_a_dataloader_batches_mixed_dtype_samples_as_torch(L, data):
    samples = [L.ones(2), L.ones(2, dtype=L.int64), L.ones(2, dtype=L.float16)]
    batches = list(data.DataLoader(samples, batch_size=3))
    assert len(batches) == 1 and _dtype_name(batches[0]) == "float32"
