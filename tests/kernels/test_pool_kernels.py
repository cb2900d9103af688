"""The pooling kernels' fast paths agree with their general paths."""
import numpy as np
from hypothesis import given, strategies as st
from hypothesis.extra import numpy as hnp

from minigrad.kernels import pool as P
from minigrad.kernels.masks import select


@given(data=st.data())
def test_max_pooling_inside_the_input_equals_the_scan(data):
    kernel = (data.draw(st.integers(1, 3)), data.draw(st.integers(1, 3)))
    stride = (data.draw(st.integers(1, 3)), data.draw(st.integers(1, 3)))
    dilation = (data.draw(st.integers(1, 2)), data.draw(st.integers(1, 2)))
    size = tuple(d * (k - 1) + 1 + data.draw(st.integers(0, 4)) for k, d in zip(kernel, dilation))
    values = st.sampled_from([0.0, 1.0, -1.0, 2.0, -np.inf, np.inf]) | st.floats(-3, 3, width=32)
    if data.draw(st.booleans()):
        values = values | st.just(np.nan)
    x = data.draw(hnp.arrays(np.float32, (data.draw(st.integers(0, 2)), 2) + size, elements=values))
    out = tuple(P.pool_output_size(s, k, st_, 0, d, False) for s, k, st_, d in zip(size, kernel, stride, dilation))
    extent = P._extent(kernel, stride, dilation, out)
    scan = P._max_pool_scan(np, x, kernel, stride, (0, 0), dilation, out, extent)
    fast = P._max_pool_inside(np, x, kernel, stride, dilation, out)
    if fast is None:  # a NaN maximum: the scan decides
        assert np.isnan(scan[0]).any()
        return
    np.testing.assert_array_equal(fast[0], scan[0])
    np.testing.assert_array_equal(fast[1], scan[1])


@given(data=st.data())
def test_select_equals_where_with_zero_bit_for_bit(data):
    dtype = data.draw(st.sampled_from([np.float16, np.float32, np.float64, np.int32, np.int64]))
    shape = (data.draw(st.integers(0, 3)), data.draw(st.integers(0, 4)))
    values = data.draw(hnp.arrays(dtype, shape))  # (any value: NaN, infinities, -0.0 included)
    mask = data.draw(hnp.arrays(np.bool_, shape))
    selected = select(mask, values)
    expected = np.where(mask, values, dtype(0))
    assert selected.dtype == expected.dtype
    np.testing.assert_array_equal(selected.view(np.uint8), expected.view(np.uint8))


@given(data=st.data())
def test_adaptive_average_pooling_of_tiling_windows_equals_the_membership_products(data):
    out_hw = (data.draw(st.integers(1, 3)), data.draw(st.integers(1, 3)))
    size = tuple(o * data.draw(st.integers(1, 3)) for o in out_hw)
    x = data.draw(hnp.arrays(np.float64, (data.draw(st.integers(0, 2)), 2) + size, elements=st.floats(-3, 3)))
    g = data.draw(hnp.arrays(np.float64, x.shape[:2] + out_hw, elements=st.floats(-3, 3)))
    fast = P.adaptive_avg_pool(np, x, out_hw), P.adaptive_avg_pool_backward(np, g, size)
    tiles = P._tiles
    P._tiles = lambda size, out_size: False  # the general path
    try:
        general = P.adaptive_avg_pool(np, x, out_hw), P.adaptive_avg_pool_backward(np, g, size)
    finally:
        P._tiles = tiles
    np.testing.assert_allclose(fast[0], general[0], rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(fast[1], general[1], rtol=1e-12, atol=1e-15)


@given(data=st.data())
def test_average_pooling_gradient_by_col2im_equals_the_one_by_taps(data):
    kernel = (data.draw(st.integers(1, 3)), data.draw(st.integers(1, 3)))
    stride = (data.draw(st.integers(1, 3)), data.draw(st.integers(1, 3)))
    padding = tuple(data.draw(st.integers(0, k // 2)) for k in kernel)
    size = tuple(k + data.draw(st.integers(0, 4)) for k in kernel)
    out = tuple(P.pool_output_size(s, k, st_, p, 1, False) for s, k, st_, p in zip(size, kernel, stride, padding))
    share = data.draw(hnp.arrays(np.float64, (data.draw(st.integers(0, 2)), 2) + out, elements=st.floats(-3, 3)))
    np.testing.assert_allclose(P._spread_by_col2im(np, share, size, kernel, stride, padding),
                               P._spread_by_taps(np, share, size, kernel, stride, padding), rtol=1e-12, atol=1e-15)


@given(data=st.data())
def test_max_pooling_over_a_lowest_value_padding_equals_the_scan(data):
    kernel = (data.draw(st.integers(1, 3)), data.draw(st.integers(1, 3)))
    stride = (data.draw(st.integers(1, 3)), data.draw(st.integers(1, 3)))
    dilation = (data.draw(st.integers(1, 2)), data.draw(st.integers(1, 2)))
    padding = tuple(data.draw(st.integers(0, k // 2)) for k in kernel)
    ceil_mode = data.draw(st.booleans())
    size = tuple(d * (k - 1) + 1 + data.draw(st.integers(0, 4)) for k, d in zip(kernel, dilation))
    dtype = data.draw(st.sampled_from([np.float32, np.int64]))
    if dtype == np.float32:
        values = st.sampled_from([0.0, 1.0, -1.0, 2.0, -np.inf, np.inf]) | st.floats(-3, 3, width=32)
        if data.draw(st.booleans()):
            values = values | st.just(np.nan)
    else:
        values = st.sampled_from([0, 1, -1, np.iinfo(np.int64).min])
    x = data.draw(hnp.arrays(dtype, (data.draw(st.integers(0, 2)), 2) + size, elements=values))
    out = tuple(P.pool_output_size(s, k, st_, p, d, ceil_mode)
                for s, k, st_, p, d in zip(size, kernel, stride, padding, dilation))
    extent = P._extent(kernel, stride, dilation, out)
    scan = P._max_pool_scan(np, x, kernel, stride, padding, dilation, out, extent)
    fast = P._max_pool_padded(np, x, kernel, stride, padding, dilation, out, extent)
    if fast is None:  # a NaN or lowest-value maximum: the scan decides
        assert (np.isnan(scan[0]) | (scan[0] == P._lowest(np, x.dtype))).any()
        return
    np.testing.assert_array_equal(fast[0], scan[0])
    np.testing.assert_array_equal(fast[1], scan[1])
