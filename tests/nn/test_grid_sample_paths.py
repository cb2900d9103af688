"""grid_sample's two paths: the fast one (float32 and float64: one op whose kernels in
kernels/grid_sample.py compute the values and both gradients directly) against PyTorch and
against the general one (the composite of core ops, which second derivatives and other dtypes
take), over drawn shapes, modes, paddings, corner alignments and grid points; and the fast
path's own scheduling (blocks of images, a loop over channels) against itself."""
import numpy as np
import pytest
import torch
from hypothesis import given, strategies as st

import minigrad
from minigrad.backends import for_module
from minigrad.kernels import grid_sample as K
from minigrad.nn import _sampling
from tests.parity import strategies as S
from tests.parity.helpers import assert_close, check, to_numpy
from tests.parity.test_sampling import _points_a_rounding_from_pixel_edges

MODES = ["bilinear", "nearest", "bicubic"]
PADDINGS = ["zeros", "border", "reflection"]


def _grid(data, dtype, shape):
    """Grid points (N, *out, len(out)): uniform in [-s, s], s 1.25, 2.5 or 5 point by point (5:
    points reflected twice and more, on both sides; drawn floats would crowd to a few values),
    with exact pixel centres, edges and -1 / 0 / 1 here and there."""
    h, w = shape[-2:]
    points = tuple(shape) + (len(shape) - 1,)
    rng = np.random.default_rng(data.draw(S.seeds))
    uniform = rng.uniform(-1, 1, points) * rng.choice([1.25, 2.5, 5.0], points)
    keep = float("nan")  # (a mark: keep the uniform point)
    special = data.draw(S.hnp.arrays(np.float64, points, elements=st.sampled_from(
        [keep, -1.0, 0.0, 1.0, -1.0 + 1.0 / max(w, 1), 1.0 - 2.0 / max(h, 1), 0.5, -0.25])))
    return np.where(np.isnan(special), uniform, special).astype(dtype)


def _case(data, volume=False):
    """(dtype, input, grid, align_corners), drawn."""
    dtype = data.draw(S.float_dtypes)
    n, c = data.draw(st.integers(1, 3)), data.draw(st.integers(1, 4))
    sizes = tuple(data.draw(st.integers(1, 5)) for _ in range(3 if volume else 2))
    x = data.draw(S.arrays(dtype, (n, c) + sizes))
    if volume:  # (a ramp: a flat volume's grid gradient is 0 made of cancelling products, see below)
        x = (x + np.arange(x.size, dtype=dtype).reshape(x.shape) * dtype(0.375)).astype(dtype)
    grid = _grid(data, dtype, (n,) + tuple(data.draw(st.integers(1, 4)) for _ in sizes))
    return dtype, x, grid, data.draw(st.booleans())


def _mode_and_padding(data, volume):
    """(mode, padding_mode), drawn (no bicubic for volumes)."""
    return data.draw(st.sampled_from(MODES[:2] if volume else MODES)), data.draw(st.sampled_from(PADDINGS))


def _grid_gradient_compared(dtype, mode, volume=False):
    """Whether the grid's gradient is compared across libraries or paths: in float32 the bicubic
    one (and the trilinear one) is a sum of products that cancel, rounding noise of ~|x| * 1e-6
    that two orders of summation leave differently; as in tests/parity/test_sampling.py, it is
    compared in float64, and the input's gradient and the values in both."""
    return dtype == np.float64 or not (mode == "bicubic" or volume)


def _fast_and_general(x, grid, mode, padding_mode, align_corners, requires_grad, seed):
    """(values, input's gradient, grid's gradient) of the fast path and of the general path."""
    upstream = None
    results = []
    for fn in (lambda a, b: minigrad.nn.functional.grid_sample(a, b, mode, padding_mode, align_corners),
               lambda a, b: _sampling._grid_sample(a, b, mode, padding_mode, align_corners)):
        a = minigrad.tensor(x, requires_grad=requires_grad[0])
        b = minigrad.tensor(grid, requires_grad=requires_grad[1])
        out = fn(a, b)
        if upstream is None:
            upstream = np.random.default_rng(seed).standard_normal(out.shape).astype(x.dtype)
        out.backward(minigrad.tensor(upstream))
        results.append([to_numpy(out)] + [None if t.grad is None else to_numpy(t.grad) for t in (a, b)])
    return results


@pytest.mark.parametrize("padding_mode", PADDINGS)
@pytest.mark.parametrize("mode", MODES)
@given(data=st.data(), seed=S.seeds)
def test_the_fast_path_matches_pytorch_on_images(mode, padding_mode, data, seed):
    dtype, x, grid, align_corners = _case(data)
    check(lambda L, x, g: L.nn.functional.grid_sample(x, g, mode, padding_mode, align_corners), x, grid, seed=seed,
          requires_grad=[True, _grid_gradient_compared(dtype, mode)])


@pytest.mark.parametrize("padding_mode", PADDINGS)
@pytest.mark.parametrize("mode", MODES[:2])
@given(data=st.data(), seed=S.seeds)
def test_the_fast_path_matches_pytorch_on_volumes(mode, padding_mode, data, seed):
    dtype, x, grid, align_corners = _case(data, volume=True)
    check(lambda L, x, g: L.nn.functional.grid_sample(x, g, mode, padding_mode, align_corners), x, grid, seed=seed,
          requires_grad=[True, _grid_gradient_compared(dtype, mode, volume=True)])


@pytest.mark.parametrize("padding_mode", PADDINGS)
@pytest.mark.parametrize("mode, volume", [("bilinear", False), ("nearest", False), ("bicubic", False),
                                          ("bilinear", True), ("nearest", True)],
                         ids=["bilinear", "nearest", "bicubic", "trilinear", "nearest volumes"])
@given(data=st.data(), seed=S.seeds)
def test_the_fast_path_matches_the_general_path(mode, volume, padding_mode, data, seed):
    dtype, x, grid, align_corners = _case(data, volume)
    grid_too = _grid_gradient_compared(dtype, mode, volume)
    fast, general = _fast_and_general(x, grid, mode, padding_mode, align_corners, (True, grid_too), seed)
    for what, f, g in zip(("values", "input's gradient", "grid's gradient"), fast, general):
        if g is not None:
            assert_close(f, g, what=what)
    assert (fast[2] is None) == (general[2] is None)


@pytest.mark.parametrize("requires_grad", [(True, False), (False, True)], ids=["input", "grid"])
@given(data=st.data(), seed=S.seeds)
def test_only_the_gradients_asked_for_are_computed_as_pytorchs(requires_grad, data, seed):
    volume = data.draw(st.booleans())
    dtype, x, grid, align_corners = _case(data, volume)
    mode, padding_mode = _mode_and_padding(data, volume)
    if not requires_grad[0] and not _grid_gradient_compared(dtype, mode, x.ndim == 5):
        x, grid = x.astype(np.float64), grid.astype(np.float64)
    check(lambda L, x, g: L.nn.functional.grid_sample(x, g, mode, padding_mode, align_corners), x, grid, seed=seed,
          requires_grad=list(requires_grad))


@given(data=st.data(), seed=S.seeds)
def test_blocks_of_images_and_the_loop_over_channels_change_no_bit(data, seed):
    """The batch is processed in blocks of images, and a single image's scatter loops over its
    channels from CHANNEL_LOOP_MIN points: scheduling only, the same sums in the same order."""
    volume = data.draw(st.booleans())
    dtype, x, grid, align_corners = _case(data, volume)
    mode, padding_mode = _mode_and_padding(data, volume)
    g = np.random.default_rng(seed).standard_normal(x.shape[:2] + grid.shape[1:-1]).astype(dtype)
    scatter_add = for_module(np).scatter_add
    results = []
    for block, loop_from in [(1, 1), (1, 10 ** 9), (10 ** 9, 1), (7, 10 ** 9)]:
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(K, "BLOCK", block)
            patch.setattr(K, "CHANNEL_LOOP_MIN", loop_from)
            taps = K.taps(np, x.shape, grid, mode, padding_mode, align_corners)
            results.append((K.grid_sample(np, x, taps),) + K.grid_sample_backward(np, g, x, taps, True, True,
                                                                                   scatter_add))
    for other in results[1:]:
        for a, b in zip(results[0], other):
            np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("mode", MODES)
def test_both_paths_place_points_a_rounding_from_pixel_edges_alike(mode, dtype):
    """The general path's positions are the fast path's (rounded once, as PyTorch's image kernel
    rounds them): a point a rounding from a pixel's centre or edge floors alike on both."""
    x = np.random.default_rng(4).standard_normal((1, 2, 6, 7)).astype(dtype)
    xs, ys = _points_a_rounding_from_pixel_edges(7, dtype), _points_a_rounding_from_pixel_edges(6, dtype)
    grid = np.stack(np.meshgrid(xs, ys), -1)[None].astype(dtype)
    grid_too = _grid_gradient_compared(dtype, mode)
    fast, general = _fast_and_general(x, grid, mode, "zeros", False, (True, grid_too), seed=5)
    for what, f, g in zip(("values", "input's gradient", "grid's gradient"), fast, general):
        if g is not None:
            assert_close(f, g, what=what)


@pytest.mark.parametrize("mode", MODES)
def test_strided_inputs_and_grids_are_read_as_their_values(mode):
    x = np.random.default_rng(1).standard_normal((2, 5, 4, 3))
    grid = np.random.default_rng(2).uniform(-1.2, 1.2, (2, 4, 3, 2))
    check(lambda L, x, g: L.nn.functional.grid_sample(x.transpose(1, 3), g.flip(-1)[:, ::2].expand(2, 2, 3, 2),
                                                      mode, "reflection", False), x, grid)


@pytest.mark.parametrize("padding_mode", PADDINGS)
@pytest.mark.parametrize("mode", MODES)
def test_points_far_outside_read_as_pytorchs(mode, padding_mode):
    x = np.random.default_rng(3).standard_normal((1, 2, 3, 4))
    far = [1e30, -1e30, 3e9, -7.5, 40.25, 1.0]
    grid = np.array(np.meshgrid(far, far)).transpose(1, 2, 0)[None]
    check(lambda L, x, g: L.nn.functional.grid_sample(x, g, mode, padding_mode, True), x, grid)


@pytest.mark.parametrize("mode", MODES)
def test_infinite_and_nan_points_in_zeros_padding_give_pytorchs_values(mode):
    """(PyTorch's backward of NaN points under border or reflection padding crashes: not compared.)"""
    x = np.random.default_rng(4).standard_normal((1, 2, 3, 4))
    grid = np.array([[[[np.inf, 0.0], [0.2, -np.inf], [np.nan, 0.5], [0.25, 0.75]]]])
    check(lambda L, x, g: L.nn.functional.grid_sample(x, g, mode, "zeros", False), x, grid)


@pytest.mark.parametrize("shape, grid_shape", [((2, 3, 4, 5), (2, 0, 3, 2)), ((0, 3, 4, 5), (0, 2, 3, 2)),
                                               ((2, 0, 4, 5), (2, 2, 3, 2)), ((2, 3, 2, 4, 5), (2, 1, 0, 3, 3))],
                         ids=["no points", "no images", "no channels", "no points in a volume"])
@pytest.mark.parametrize("mode", MODES[:2])
def test_empty_batches_grids_and_channels_sample_as_pytorch(mode, shape, grid_shape):
    x = np.random.default_rng(5).standard_normal(shape)
    grid = np.random.default_rng(6).uniform(-1, 1, grid_shape)
    check(lambda L, x, g: L.nn.functional.grid_sample(x, g, mode, "border", False), x, grid)


@pytest.mark.parametrize("mode", MODES)
def test_second_derivatives_go_through_the_general_path_as_pytorchs(mode):
    x = np.random.default_rng(7).standard_normal((1, 2, 3, 4))
    grid = np.random.default_rng(8).uniform(-1.1, 1.1, (1, 2, 3, 2))
    grads = []
    for L in (minigrad, torch):
        a, b = L.tensor(x, requires_grad=True), L.tensor(grid, requires_grad=True)
        first = L.autograd.grad((L.nn.functional.grid_sample(a, b, mode, "zeros", False) ** 2).sum(), (a, b),
                                create_graph=True)
        (first[0].sum() + (first[1] ** 2).sum()).backward()
        grads.append([to_numpy(a.grad), to_numpy(b.grad)])
    for m, t in zip(*grads):
        assert_close(m, t)


@pytest.mark.parametrize("volume", [False, True], ids=["images", "volumes"])
def test_the_node_saves_the_input_and_the_grid_as_pytorchs(volume):
    names = []
    for L in (minigrad, torch):
        x = L.ones((1, 1) + (3,) * (2 + volume), requires_grad=True)
        grid = L.zeros((1,) + (2,) * (2 + volume) + (2 + volume,), requires_grad=True)
        node = L.nn.functional.grid_sample(x, grid, align_corners=False).grad_fn
        assert node._saved_input is x and node._saved_grid is grid
        names.append(type(node).__name__)
        with pytest.raises(AttributeError):
            node._saved_self
    assert names[0] == names[1]


def test_changing_the_input_in_place_before_backward_raises_as_pytorch():
    for L in (minigrad, torch):
        x = L.ones(1, 1, 3, 3, requires_grad=True) * 1
        out = L.nn.functional.grid_sample(x, L.zeros(1, 2, 2, 2), align_corners=False)
        x.mul_(2)
        with pytest.raises(RuntimeError, match="modified by an inplace operation"):
            out.sum().backward()


@pytest.mark.parametrize("lib", [minigrad, torch], ids=["minigrad", "torch"])
@pytest.mark.parametrize("flag", ["y", 1, None.__class__])
def test_align_corners_that_is_not_a_bool_is_torchs_type_error(lib, flag):
    with pytest.raises(TypeError, match="'align_corners' \\(position 5\\) must be bool"):
        lib.nn.functional.grid_sample(lib.ones(1, 1, 2, 2), lib.zeros(1, 1, 1, 2), align_corners=flag)
