"""The convolution kernels' fast paths agree with their general paths."""
import numpy as np
import pytest
from hypothesis import given, strategies as st

from minigrad.kernels import conv as K


@given(data=st.data())
def test_stride_one_input_gradient_as_a_convolution_equals_col2im(data):
    groups = data.draw(st.integers(1, 3))
    cg, og = data.draw(st.integers(1, 3)), data.draw(st.integers(1, 3))
    kernel = (data.draw(st.integers(1, 4)), data.draw(st.integers(1, 4)))
    dilation = (data.draw(st.integers(1, 2)), data.draw(st.integers(1, 2)))
    padding = tuple((data.draw(st.integers(0, 3)), data.draw(st.integers(0, 3))) for _ in range(2))
    size = tuple(max(1, d * (k - 1) + 1 - p[0] - p[1]) + data.draw(st.integers(0, 3))
                 for k, d, p in zip(kernel, dilation, padding))
    out = tuple(K.output_size(s, k, 1, p, d) for s, k, p, d in zip(size, kernel, padding, dilation))
    rng = np.random.default_rng(data.draw(st.integers(0, 2 ** 32 - 1)))
    g = rng.standard_normal((data.draw(st.integers(0, 2)), groups * og) + out)
    w = rng.standard_normal((groups * og, cg) + kernel)
    general = K.input_grad_by_columns(np, g, w, size, (1, 1), padding, dilation, groups)
    as_convolution = K.input_grad_by_convolution(np, g, w, size, padding, dilation, groups)
    if as_convolution is not None:  # (None: a padding beyond the dilated kernel extent)
        np.testing.assert_allclose(as_convolution, general, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(K.conv2d_input_grad(np, g, w, size, (1, 1), padding, dilation, groups), general,
                               rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("stride", [(1, 1), (2, 1), (2, 3)])
def test_kept_columns_give_the_weight_gradient_of_fresh_ones(stride):
    rng = np.random.default_rng(0)
    x = rng.standard_normal((3, 4, 9, 8))
    w = rng.standard_normal((6, 2, 3, 2))
    args = (stride, ((1, 2), (0, 1)), (1, 2), 2)
    y, cols = K.conv2d(np, x, w, None, *args, keep_columns=True)
    g = rng.standard_normal(y.shape)
    np.testing.assert_array_equal(K.conv2d_weight_grad(np, x, g, (3, 2), *args, cols),
                                  K.conv2d_weight_grad(np, x, g, (3, 2), *args))
