"""The convolution kernels' fast paths agree with their general paths."""
import numpy as np
from hypothesis import given, strategies as st

from minigrad.kernels import conv as K, im2col


def draw_geometry(data, kernel, stride, dilation, padding, extra, symmetric=False):
    """A 2-D convolution's (kernel, stride, dilation, padding, input size, output size), each drawn
    per axis up to the bound given (padding: a (before, after) pair, equal when ``symmetric``), with
    an input that the dilated kernel fits in, plus up to ``extra`` pixels."""
    kernel = (data.draw(st.integers(1, kernel)), data.draw(st.integers(1, kernel)))
    stride = (data.draw(st.integers(1, stride)), data.draw(st.integers(1, stride)))
    dilation = (data.draw(st.integers(1, dilation)), data.draw(st.integers(1, dilation)))
    if symmetric:
        padding = tuple((p, p) for p in (data.draw(st.integers(0, padding)), data.draw(st.integers(0, padding))))
    else:
        padding = tuple((data.draw(st.integers(0, padding)), data.draw(st.integers(0, padding))) for _ in range(2))
    size = tuple(max(1, d * (k - 1) + 1 - p[0] - p[1]) + data.draw(st.integers(0, extra))
                 for k, d, p in zip(kernel, dilation, padding))
    out = tuple(K.output_size(s, k, st_, p, d) for s, k, st_, p, d in zip(size, kernel, stride, padding, dilation))
    return kernel, stride, dilation, padding, size, out


def draw_channels(data, groups):
    """(groups, input channels per group, output channels per group)."""
    return data.draw(st.integers(1, groups)), data.draw(st.integers(1, 3)), data.draw(st.integers(1, 3))


def draw_rng(data):
    return np.random.default_rng(data.draw(st.integers(0, 2 ** 32 - 1)))


def draw_stride_one_forward(data):
    """(x, w, bias (1, groups, O/groups, 1) or None, kernel, padding, dilation, groups, out) of a stride-1
    convolution whose output keeps its first rows and columns (as a transposed one's gradient does)."""
    groups, cg, og = draw_channels(data, 2)
    kernel, _, dilation, padding, size, out = draw_geometry(data, kernel=4, stride=1, dilation=2, padding=2, extra=5)
    out = (data.draw(st.integers(1, out[0])), data.draw(st.integers(1, out[1])))  # (or fewer rows and columns)
    rng = draw_rng(data)
    x = rng.standard_normal((data.draw(st.integers(0, 3)), groups * cg) + size)
    w = rng.standard_normal((groups * og, cg) + kernel)
    bias = rng.standard_normal((1, groups, og, 1)) if data.draw(st.booleans()) else None
    return x, w, bias, kernel, padding, dilation, groups, out


def with_column_block(size, fn):
    """``fn()`` with im2col's block budget set to ``size`` elements."""
    before = im2col.COLUMN_BLOCK
    im2col.COLUMN_BLOCK = size
    try:
        return fn()
    finally:
        im2col.COLUMN_BLOCK = before


@given(data=st.data())
def test_stride_one_input_gradient_as_a_convolution_equals_col2im(data):
    groups, cg, og = draw_channels(data, 3)
    kernel, _, dilation, padding, size, out = draw_geometry(data, kernel=4, stride=1, dilation=2, padding=3, extra=3)
    rng = draw_rng(data)
    g = rng.standard_normal((data.draw(st.integers(0, 2)), groups * og) + out)
    w = rng.standard_normal((groups * og, cg) + kernel)
    general = K.input_grad_by_columns(np, g, w, size, (1, 1), padding, dilation, groups)
    as_convolution = K.input_grad_by_convolution(np, g, w, size, padding, dilation, groups)
    if as_convolution is not None:  # (None: a padding beyond the dilated kernel extent)
        np.testing.assert_allclose(as_convolution, general, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(K.conv2d_input_grad(np, g, w, size, (1, 1), padding, dilation, groups), general,
                               rtol=1e-12, atol=1e-12)


@given(data=st.data())
def test_convolution_in_blocks_of_columns_equals_it_in_one_block(data):
    # (blocks of a few images, of a few output rows of one image, and of single rows, against one block)
    groups, cg, og = draw_channels(data, 2)
    kernel, stride, dilation, padding, size, out = draw_geometry(data, kernel=3, stride=2, dilation=2, padding=2,
                                                                 extra=5)
    rng = draw_rng(data)
    n = data.draw(st.integers(0, 3))
    x = rng.standard_normal((n, groups * cg) + size)
    w = rng.standard_normal((groups * og, cg) + kernel)
    b = rng.standard_normal(groups * og)
    g = rng.standard_normal((n, groups * og) + out)
    geometry = (stride, padding, dilation, groups)

    def all_three():
        return (K.conv2d(np, x, w, b, *geometry),
                K.input_grad_by_columns(np, g, w, size, *geometry),
                K.conv2d_input_grad(np, g, w, size, *geometry),
                K.conv2d_weight_grad(np, x, g, kernel, *geometry))
    whole = all_three()
    blocked = with_column_block(data.draw(st.sampled_from([1, 5, 2 * groups * cg * kernel[0] * kernel[1] * out[1],
                                                           groups * cg * kernel[0] * kernel[1] * out[0] * out[1] + 1])),
                                all_three)
    for a, b_ in zip(blocked, whole):
        np.testing.assert_allclose(a, b_, rtol=1e-12, atol=1e-12)


@given(data=st.data())
def test_pointwise_convolution_without_columns_equals_the_columns_path(data):
    groups, cg, og = draw_channels(data, 3)
    size = (data.draw(st.integers(1, 5)), data.draw(st.integers(1, 5)))
    n = data.draw(st.integers(0, 3))
    rng = draw_rng(data)
    x = rng.standard_normal((n, groups * cg) + size)
    if data.draw(st.booleans()):  # (an input that is not contiguous)
        x = np.swapaxes(np.swapaxes(x, 2, 3).copy(), 2, 3)
    w = rng.standard_normal((groups * og, cg, 1, 1))
    b = rng.standard_normal(groups * og)
    g = rng.standard_normal((n, groups * og) + size)
    geometry = ((1, 1), ((0, 0), (0, 0)), (1, 1))
    assert K.is_pointwise((1, 1), (1, 1), geometry[1], size, size)
    w_rows, bias = w.reshape(groups, og, cg), b.reshape(1, groups, og, 1)
    np.testing.assert_allclose(K.conv2d(np, x, w, b, *geometry, groups),
                               K.conv2d_by_columns(np, x, w_rows, bias, (1, 1), *geometry, size),
                               rtol=1e-12, atol=1e-12)
    g_cols = g.reshape(n, groups, og, size[0] * size[1])
    np.testing.assert_allclose(K.conv2d_weight_grad(np, x, g, (1, 1), *geometry, groups),
                               K.weight_grad_by_columns(np, x, g_cols, (1, 1), *geometry, size).reshape(w.shape),
                               rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(K.conv2d_input_grad(np, g, w, size, *geometry, groups),
                               K.input_grad_by_columns(np, g, w, size, *geometry, groups), rtol=1e-12, atol=1e-12)


@given(data=st.data())
def test_col2im_by_phases_equals_col2im_by_taps(data):
    kernel, stride, dilation, padding, size, out = draw_geometry(data, kernel=5, stride=3, dilation=2, padding=3,
                                                                 extra=6)
    rows = data.draw(st.integers(0, out[0]))  # a block of output rows from row0 on (a large image's)
    row0 = data.draw(st.integers(0, out[0] - rows))
    rng = draw_rng(data)
    cols = rng.standard_normal((2,) + kernel + (rows, out[1], data.draw(st.integers(1, 3))))
    image = rng.standard_normal((2,) + size + (cols.shape[-1],))  # (col2im adds into what is there)
    by_taps = im2col._col2im_by_taps(cols, image.copy(), stride, padding, dilation, row0)
    by_phases = im2col._col2im_by_phases(cols, image.copy(), stride, padding, dilation, row0)
    np.testing.assert_allclose(by_phases, by_taps, rtol=1e-12, atol=1e-12)


@given(data=st.data())
def test_stride_one_convolution_on_whole_padded_rows_equals_the_columns_path(data):
    x, w, bias, kernel, padding, dilation, groups, out = draw_stride_one_forward(data)
    w_rows = w.reshape(groups, w.shape[0] // groups, -1)
    wide = with_column_block(data.draw(st.sampled_from([1, 7, 100, im2col.COLUMN_BLOCK])),  # (rows, images, whole)
                             lambda: K.conv2d_by_wide_rows(np, x, w_rows, bias, kernel, padding, dilation, out))
    general = K.conv2d_by_columns(np, x, w_rows, bias, kernel, (1, 1), padding, dilation, out)
    np.testing.assert_allclose(wide, general, rtol=1e-12, atol=1e-12)


@given(data=st.data())
def test_strided_input_gradient_by_phases_equals_col2im(data):
    groups, cg, og = draw_channels(data, 2)
    kernel, stride, dilation, padding, size, out = draw_geometry(data, kernel=5, stride=4, dilation=3, padding=3,
                                                                 extra=7, symmetric=True)
    # (a transposed convolution's output_padding: an input larger than the windows reach)
    size = tuple(s + data.draw(st.integers(0, max(st_, d) - 1)) for s, st_, d in zip(size, stride, dilation))
    rng = draw_rng(data)
    g = rng.standard_normal((data.draw(st.integers(0, 2)), groups * og) + out)
    w = rng.standard_normal((groups * og, cg) + kernel)
    geometry = (stride, padding, dilation, groups)
    np.testing.assert_allclose(K.input_grad_by_phases(np, g, w, size, *geometry),
                               K.input_grad_by_columns(np, g, w, size, *geometry), rtol=1e-12, atol=1e-12)


@given(data=st.data())
def test_stride_one_convolution_by_kernel_taps_equals_the_columns_path(data):
    x, w, bias, kernel, padding, dilation, groups, out = draw_stride_one_forward(data)
    by_taps = K.conv2d_by_shifts(np, x, w, bias, padding, dilation, groups, out)
    w_rows = w.reshape(groups, w.shape[0] // groups, -1)
    general = K.conv2d_by_columns(np, x, w_rows, bias, kernel, (1, 1), padding, dilation, out)
    np.testing.assert_allclose(by_taps, general, rtol=1e-12, atol=1e-12)


@given(data=st.data())
def test_weight_gradient_with_rows_padded_to_four_equals_it_without(data):
    og = data.draw(st.sampled_from([2, 3, 5, 6, 7]))
    cg, kernel = data.draw(st.integers(1, 3)), (data.draw(st.integers(1, 3)), data.draw(st.integers(1, 3)))
    size = (kernel[0] + data.draw(st.integers(0, 4)), kernel[1] + data.draw(st.integers(0, 4)))
    out = (size[0] - kernel[0] + 1, size[1] - kernel[1] + 1)
    rng = draw_rng(data)
    n = data.draw(st.integers(0, 3))
    x = rng.standard_normal((n, cg) + size)
    g = rng.standard_normal((n, 1, og, out[0] * out[1]))
    geometry = ((1, 1), ((0, 0), (0, 0)), (1, 1))
    padded = K.weight_grad_by_columns(np, x, g, kernel, *geometry, out)
    one_by_one = np.concatenate([K.weight_grad_by_columns(np, x, g[:, :, r:r + 1], kernel, *geometry, out)
                                 for r in range(og)], axis=1)  # (a single row is never padded)
    np.testing.assert_allclose(padded, one_by_one, rtol=1e-12, atol=1e-12)
