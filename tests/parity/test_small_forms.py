"""Small forms PyTorch's OpInfo sweep names (fill, constant_pad_nd, nonzero_static, real, char, __rdiv__,
empty_strided, new_empty_strided, empty_permuted) against torch: values, dtypes, gradients, errors."""
import numpy as np
import pytest
import torch
from hypothesis import given, strategies as st

import minigrad

from . import strategies as S
from .helpers import check, check_raises


@given(data=S.array_and_dtype(), value=st.sampled_from([2.5, -1, True, 0.0]), seed=S.seeds)
def test_fill_returns_a_filled_copy_with_a_zero_gradient_for_input(data, value, seed):
    x = data
    check(lambda L, a: L.fill(a, value), x, seed=seed)


@given(data=S.array_and_dtype(), value=S.elements(np.float64), seed=S.seeds)
def test_fill_with_a_0d_tensor_gives_it_the_sum_of_the_gradient(data, value, seed):
    x = data
    check(lambda L, a, v: L.fill(a, v), x, np.array(value, dtype=x.dtype), seed=seed)


def test_fill_with_a_tensor_of_several_elements_raises_as_torch():
    check_raises(lambda L, a: L.fill(a, a), np.ones(3))


@given(data=S.array_and_dtype(S.nonempty_shapes(min_dims=1)), pads=st.lists(st.integers(-1, 2), min_size=2,
       max_size=2), value=st.sampled_from([0, 1.5]), seed=S.seeds)
def test_constant_pad_nd_pads_and_crops_as_pad(data, pads, value, seed):
    x = data
    check(lambda L, a: L.constant_pad_nd(a, pads, value), x, seed=seed)


@pytest.mark.parametrize("value", [2 - 1j, 1.5, 3])
def test_constant_pad_nd_of_a_complex_input_takes_a_complex_value(value):
    x = np.array([[1 + 2j, -0.5j], [3.0, 1 - 1j]])
    check(lambda L, a: L.constant_pad_nd(a, (1, -1, 2, 0), value), x)


@pytest.mark.parametrize("dtype", [np.float32, np.int64, bool])
@pytest.mark.parametrize("value", [2 + 0j, 1j])
def test_constant_pad_nd_of_a_real_input_takes_a_complex_value_its_dtype_holds(dtype, value):
    check(lambda L, a: L.constant_pad_nd(a, (1, 1), value), np.ones((2, 2), dtype))


@pytest.mark.parametrize("value", [None, "1"])
def test_constant_pad_nd_refuses_a_value_that_is_not_a_number(value):
    check_raises(lambda L, a: L.constant_pad_nd(a, (1, 1), value), np.ones(2))


@given(x=S.int_arrays(S.shapes(max_dims=3), low=-1, high=1), size=st.integers(0, 8), fill=st.sampled_from([-1, 7]))
def test_nonzero_static_cuts_or_pads_nonzeros_indices(x, size, fill):
    check(lambda L, a: L.nonzero_static(a, size=size, fill_value=fill), x)


def test_nonzero_static_refuses_a_negative_size():
    check_raises(lambda L, a: L.nonzero_static(a, size=-1), np.ones(3))


@given(data=S.array_and_dtype(), seed=S.seeds)
def test_real_of_a_real_tensor_is_the_tensor(data, seed):
    x = data
    check(lambda L, a: L.real(a) * 1, x, seed=seed)
    t = minigrad.tensor(x)
    assert minigrad.real(t) is t and t.real is t


@given(data=S.array_and_dtype(low=-100, high=100))
def test_char_converts_to_int8(data):
    x = data
    check(lambda L, a: a.char(), x, backward=False)


@given(data=S.array_and_dtype(low=0.5, high=5), number=st.sampled_from([2, -1.5]), seed=S.seeds)
def test_rdiv_divides_a_number_by_the_tensor(data, number, seed):
    x = data
    check(lambda L, a: a.__rdiv__(number), x, seed=seed)


@given(x=S.positive_arrays(np.float32, S.shapes(), 0.01, 100), number=st.sampled_from([3, 0.1, 7.0, -1.3]))
def test_a_number_over_a_float32_tensor_rounds_as_pytorchs_reciprocal_times_the_number(x, number):
    ours = number / minigrad.tensor(x, requires_grad=True)
    theirs = number / torch.tensor(x, requires_grad=True)
    np.testing.assert_array_equal(ours.detach().numpy(), theirs.detach().numpy())


@pytest.mark.parametrize("call", [
    lambda L: L.empty_strided((2, 3), (1, 2), dtype=L.float64), lambda L: L.empty_permuted((2, 3), (1, 0)),
    lambda L: L.ones(2).new_empty_strided((3, 1), (1, 1)), lambda L: L.empty_strided((), ())], ids=range(4))
def test_strided_and_permuted_empty_tensors_have_torchs_shape_and_dtype(call):
    t, m = call(torch), call(minigrad)
    assert tuple(m.shape) == tuple(t.shape) and str(m.dtype) == str(t.dtype)


def test_empty_strided_refuses_strides_of_another_length():
    with pytest.raises(RuntimeError):
        torch.empty_strided((2, 3), (1,))
    with pytest.raises(RuntimeError):
        minigrad.empty_strided((2, 3), (1,))


@pytest.mark.parametrize("size, stride", [((2, 3), (1, 2)), ((2, 3, 4), (1, 2, 6)), ((2, 2), (0, 1)), ((3, 1), (1, 1)),
                                          ((0, 3), (1, 0))], ids=range(5))
def test_empty_strided_has_the_strides_asked_for_as_torch(size, stride):
    t, m = torch.empty_strided(size, stride), minigrad.empty_strided(size, stride)
    assert m.stride() == t.stride() and m.is_contiguous() == t.is_contiguous()
    assert m.untyped_storage().nbytes() == t.untyped_storage().nbytes()


@pytest.mark.parametrize("size, layout", [((2, 3, 4), (0, 2, 1)), ((2, 3), (1, 0)), ((2, 3, 4, 5), (0, 2, 3, 1))],
                         ids=range(3))
def test_empty_permuted_lays_its_dims_out_in_the_physical_order_as_torch(size, layout):
    t, m = torch.empty_permuted(size, layout), minigrad.empty_permuted(size, layout)
    assert tuple(m.shape) == tuple(t.shape) and m.stride() == t.stride() and m.is_contiguous() == t.is_contiguous()
