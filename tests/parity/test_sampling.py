"""affine_grid, grid_sample (images and volumes) and the deprecated upsample_nearest / upsample_bilinear against
PyTorch: values and the gradients of input, grid and theta for each mode (bilinear, nearest, bicubic),
padding mode and corner alignment (grid points on pixel centres, edges and far outside included),
and the errors."""
import warnings

import numpy as np
import pytest
import torch
from hypothesis import given, strategies as st

import minigrad

from . import strategies as S
from .helpers import check, check_raises, check_same_error

MODES = ["bilinear", "nearest", "bicubic"]
PADDINGS = ["zeros", "border", "reflection"]


def _grid(data, dtype, shape, spread):
    """Grid points (N, *out, len(out)) in [-spread, spread], with exact pixel centres, edges and -1/0/1
    now and then."""
    h, w = shape[-2:]
    special = st.sampled_from([-1.0, 0.0, 1.0, -1.0 + 1.0 / max(w, 1), 1.0 - 2.0 / max(h, 1), 0.5, -0.25])
    values = st.one_of(st.floats(-spread, spread, allow_nan=False, width=32), special)
    return data.draw(S.hnp.arrays(dtype, tuple(shape) + (len(shape) - 1,), elements=values))


@pytest.mark.parametrize("padding_mode", PADDINGS)
@pytest.mark.parametrize("mode", MODES)
@given(data=st.data(), align_corners=st.booleans(), seed=S.seeds)
def test_grid_sample_matches_torch(mode, padding_mode, data, align_corners, seed):
    dtype = data.draw(S.float_dtypes)
    n, c = data.draw(st.integers(1, 2)), data.draw(st.integers(1, 3))
    h, w = data.draw(st.integers(1, 5)), data.draw(st.integers(1, 5))
    x = data.draw(S.arrays(dtype, (n, c, h, w)))
    grid = _grid(data, dtype, (n, data.draw(st.integers(1, 4)), data.draw(st.integers(1, 4))), 2.5)
    # In float32 the bicubic grid gradient is a sum of 16 products of pixels and weight slopes that
    # cancel: rounding noise of ~|x| * 1e-6 that PyTorch's and minigrad's sums leave differently (a flat
    # image's exact 0 comes out as 7e-7 and -3e-7). It is compared in float64; the input's in both.
    grid_grad = not (mode == "bicubic" and dtype == np.float32)
    check(lambda L, x, g: L.nn.functional.grid_sample(x, g, mode, padding_mode, align_corners), x, grid, seed=seed,
          requires_grad=[True, grid_grad])


@pytest.mark.parametrize("padding_mode", PADDINGS)
@pytest.mark.parametrize("mode", ["bilinear", "nearest"])
@given(data=st.data(), align_corners=st.booleans(), seed=S.seeds)
def test_grid_sample_of_volumes_matches_torch(mode, padding_mode, data, align_corners, seed):
    dtype = data.draw(S.float_dtypes)
    n, c = data.draw(st.integers(1, 2)), data.draw(st.integers(1, 3))
    x = data.draw(S.arrays(dtype, (n, c) + tuple(data.draw(st.integers(1, 4)) for _ in range(3))))
    # A ramp keeps the volume from being flat: the grid's gradient of a flat volume is 0 made of 8
    # cancelling products, pure rounding in float32 (PyTorch's and minigrad's noise differ by 1e-6).
    x = (x + np.arange(x.size, dtype=dtype).reshape(x.shape) * dtype(0.375)).astype(dtype)
    grid = _grid(data, dtype, (n,) + tuple(data.draw(st.integers(1, 3)) for _ in range(3)), 2.5)
    # The grid's gradient is a sum of 8 products of pixel differences and weights that cancel: in
    # float32, rounding noise of ~|x| * 1e-6 that the two libraries leave differently (as the 2-D
    # bicubic one above). It is compared in float64; the input's gradient and the values in both.
    check(lambda L, x, g: L.nn.functional.grid_sample(x, g, mode, padding_mode, align_corners), x, grid, seed=seed,
          requires_grad=[True, dtype == np.float64])


#: grid points with a NaN or infinite coordinate, beside ordinary ones
_NON_FINITE_POINTS = [[np.nan, 0.0], [0.2, np.nan], [np.inf, 0.0], [-np.inf, 0.4], [0.3, -np.inf], [0.5, -0.5]]


@pytest.mark.parametrize("padding_mode", ["border", "reflection"])
@pytest.mark.parametrize("mode", ["bilinear", "nearest"])
@pytest.mark.parametrize("align_corners", [False, True])
def test_grid_sample_reads_non_finite_points_at_the_first_pixel_with_border_or_reflection_as_torch(
        mode, padding_mode, align_corners):
    """PyTorch's clamp of source positions sends NaN to 0 (and reflection makes an infinite
    position NaN first). Values only: PyTorch's backward kernel clamps otherwise, and writes out of
    bounds (a crash) at such points."""
    x = np.random.default_rng(0).standard_normal((2, 2, 3, 4))
    grid = np.array([[_NON_FINITE_POINTS], [_NON_FINITE_POINTS[::-1]]])
    check(lambda L, x, g: L.nn.functional.grid_sample(x, g, mode, padding_mode, align_corners), x, grid,
          backward=False)


@pytest.mark.parametrize("padding_mode", ["border", "reflection"])
@pytest.mark.parametrize("mode", ["bilinear", "nearest"])
def test_grid_sample_of_volumes_reads_non_finite_points_at_the_first_voxel_with_border_or_reflection_as_torch(
        mode, padding_mode):
    x = np.random.default_rng(0).standard_normal((1, 2, 3, 4, 2))
    grid = np.array([[[[[np.nan, 0.0, 0.1], [0.2, np.inf, -0.3], [0.5, 0.5, -np.inf], [0.1, 0.2, 0.3]]]]])
    check(lambda L, x, g: L.nn.functional.grid_sample(x, g, mode, padding_mode, False), x, grid, backward=False)


@given(data=st.data(), seed=S.seeds)
def test_warping_a_volume_through_affine_grid_matches_torch(data, seed):
    dtype = data.draw(S.float_dtypes)
    x = data.draw(S.arrays(dtype, (2, 2, 3, 4, 5)))
    theta = data.draw(S.arrays(dtype, (2, 3, 4), -1.5, 1.5))
    check(lambda L, x, t: L.nn.functional.grid_sample(x, L.nn.functional.affine_grid(t, (2, 2, 2, 3, 4), False),
                                                      align_corners=False, padding_mode="reflection"),
          x, theta, seed=seed)


def test_grid_sample_warns_like_torch_without_align_corners():
    x, g = np.ones((1, 1, 2, 2)), np.zeros((1, 1, 1, 2))
    with pytest.warns(UserWarning, match="align_corners=False since 1.3.0"):
        torch.nn.functional.grid_sample(torch.tensor(x), torch.tensor(g))
    with pytest.warns(UserWarning, match="align_corners=False since 1.3.0"):
        minigrad.nn.functional.grid_sample(minigrad.tensor(x), minigrad.tensor(g))
    with pytest.warns(UserWarning, match="align_corners=False since 1.3.0"):
        minigrad.nn.functional.affine_grid(minigrad.zeros(1, 2, 3), (1, 1, 2, 2))


@given(data=st.data(), align_corners=st.booleans(), volumetric=st.booleans(), seed=S.seeds)
def test_affine_grid_matches_torch(data, align_corners, volumetric, seed):
    dtype = data.draw(S.float_dtypes)
    n = data.draw(st.integers(1, 3))
    spatial = tuple(data.draw(st.integers(2 if align_corners else 1, 5)) for _ in range(3 if volumetric else 2))
    theta = data.draw(S.arrays(dtype, (n, len(spatial), len(spatial) + 1), -2, 2))
    size = (n, 3) + spatial
    check(lambda L, t: L.nn.functional.affine_grid(t, size, align_corners), theta, seed=seed)


@given(data=st.data(), seed=S.seeds)
def test_warping_an_image_through_affine_grid_matches_torch(data, seed):
    """The usual spatial-transformer pipeline: theta -> grid -> sampled image, gradients to both."""
    dtype = data.draw(S.float_dtypes)
    x = data.draw(S.arrays(dtype, (2, 2, 4, 5)))
    theta = data.draw(S.arrays(dtype, (2, 2, 3), -1.5, 1.5))
    check(lambda L, x, t: L.nn.functional.grid_sample(x, L.nn.functional.affine_grid(t, (2, 2, 3, 6), False),
                                                      align_corners=False, padding_mode="border"), x, theta, seed=seed)


def _points_a_rounding_from_pixel_edges(size, dtype):
    """Normalised coordinates (align_corners False) of every pixel's centre and edge along an axis
    of ``size``, and their neighbours one to three units in the last place away."""
    exact = (np.arange(2 * size + 1) / size - 1).astype(dtype)
    points, down, up = [exact], exact, exact
    for _ in range(3):
        down, up = np.nextafter(down, dtype(-np.inf)), np.nextafter(up, dtype(np.inf))
        points += [down, up]
    return np.concatenate(points)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("padding_mode", PADDINGS)
@pytest.mark.parametrize("mode", MODES)
def test_grid_sample_rounds_image_positions_once_as_torchs_fused_kernel(mode, padding_mode, dtype):
    """PyTorch's image kernel computes a position (x + 1) * size / 2 - 0.5 with one rounding (a
    fused multiply-add): a point a rounding from a pixel's centre or edge floors (or rounds, in
    nearest mode) as PyTorch's, so the values and the grid's gradient are PyTorch's there."""
    x = np.random.default_rng(0).standard_normal((1, 2, 6, 7)).astype(dtype) * 100
    xs, ys = _points_a_rounding_from_pixel_edges(7, dtype), _points_a_rounding_from_pixel_edges(6, dtype)
    grid = np.stack(np.meshgrid(xs, ys), -1)[None].astype(dtype)
    check(lambda L, x, g: L.nn.functional.grid_sample(x, g, mode, padding_mode, False), x, grid,
          requires_grad=[True, not (mode == "bicubic" and dtype == np.float32)])


#: affine matrices of simple numbers, whose grids put points on pixels' centres and edges
_SIMPLE_THETAS = [[[0.5, 0.5, 1.0], [-0.5, 1.5, 2 / 3]], [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]],
                  [[2 / 3, 0.25, -0.5], [-0.5, 1.0, 0.25]], [[1.5, -0.5, 0.5], [0.5, 0.5, -1.0]]]


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("padding_mode", PADDINGS)
@pytest.mark.parametrize("mode", MODES)
def test_warping_through_affine_grid_onto_pixel_edges_matches_torch(mode, padding_mode, dtype):
    """affine_grid's points (a small bmm, rounded as PyTorch's loop) on pixels' centres and edges,
    read by grid_sample: the floors, the values and the gradients of input and theta are PyTorch's."""
    x = np.random.default_rng(1).standard_normal((4, 2, 4, 5)).astype(dtype)
    theta = np.array(_SIMPLE_THETAS, dtype)
    check(lambda L, x, t: L.nn.functional.grid_sample(x, L.nn.functional.affine_grid(t, (4, 2, 3, 6), False),
                                                      mode, padding_mode, False),
          x, theta, requires_grad=[True, not (mode == "bicubic" and dtype == np.float32)])


@pytest.mark.parametrize("name", ["upsample_nearest", "upsample_bilinear"])
@given(data=st.data(), by_size=st.booleans(), seed=S.seeds)
def test_deprecated_upsampling_matches_torch_and_warns(name, data, by_size, seed):
    dtype = data.draw(S.float_dtypes)
    x = data.draw(S.arrays(dtype, (1, 2, data.draw(st.integers(1, 4)), data.draw(st.integers(1, 4)))))
    kwargs = {"size": (3, 5)} if by_size else {"scale_factor": 2}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        check(lambda L, x: getattr(L.nn.functional, name)(x, **kwargs), x, seed=seed)
    messages = [str(w.message) for w in caught]
    assert messages.count(f"`nn.functional.{name}` is deprecated. Use `nn.functional.interpolate` instead.") == 2


_X = np.ones((2, 3, 4, 4))
SAMPLING_ERRORS = {
    "mode": lambda L, x: L.nn.functional.grid_sample(x, L.zeros(2, 1, 1, 2, dtype=L.float64), "linear"),
    "padding_mode": lambda L, x: L.nn.functional.grid_sample(x, L.zeros(2, 1, 1, 2, dtype=L.float64),
                                                             padding_mode="circular"),
    "dtypes_differ": lambda L, x: L.nn.functional.grid_sample(x, L.zeros(2, 1, 1, 2), align_corners=True),
    "grid_rank": lambda L, x: L.nn.functional.grid_sample(x, L.zeros(2, 1, 2, dtype=L.float64), align_corners=True),
    "batch_differs": lambda L, x: L.nn.functional.grid_sample(x, L.zeros(1, 1, 1, 2, dtype=L.float64),
                                                              align_corners=True),
    "grid_last_dim": lambda L, x: L.nn.functional.grid_sample(x, L.zeros(2, 1, 1, 3, dtype=L.float64),
                                                              align_corners=True),
    "empty_image": lambda L, x: L.nn.functional.grid_sample(x[:, :, :0], L.zeros(2, 1, 1, 2, dtype=L.float64),
                                                            align_corners=True),
    "bicubic_volume": lambda L, x: L.nn.functional.grid_sample(x[None], L.zeros(1, 1, 1, 1, 3, dtype=L.float64),
                                                               "bicubic", align_corners=True),
    "volume_of_integers": lambda L, x: L.nn.functional.grid_sample(x[None].long(), L.zeros(1, 1, 1, 1, 3).long(),
                                                                   align_corners=True),
    "volume_grid_last_dim": lambda L, x: L.nn.functional.grid_sample(x[None], L.zeros(1, 1, 1, 1, 2, dtype=L.float64),
                                                                     align_corners=True),
    "theta_of_integers": lambda L, x: L.nn.functional.affine_grid(L.zeros(2, 2, 3, dtype=L.int64), (2, 3, 4, 4),
                                                                  False),
    "theta_shape": lambda L, x: L.nn.functional.affine_grid(L.zeros(2, 3, 4), (2, 3, 4, 4), False),
    "size_of_rank_3": lambda L, x: L.nn.functional.affine_grid(L.zeros(2, 2, 3), (2, 3, 4), False),
    "size_empty": lambda L, x: L.nn.functional.affine_grid(L.zeros(2, 2, 3), (2, 3, 0, 4), False),
}


@pytest.mark.parametrize("name", sorted(SAMPLING_ERRORS))
def test_sampling_refuses_bad_input_like_torch(name):
    check_raises(SAMPLING_ERRORS[name], _X)


@pytest.mark.parametrize("theta_shape, size", [((1, 3, 3), (1, 1, 4, 4)), ((1, 3, 3), [1, 1, 4, 4]), ((1, 2, 3), (1, 1, 4)),
                                               ((1, 2, 3), (1, 1, 0, 4)), ((1, 2, 3), [1, 1, 2, 2, 2])], ids=str)
def test_affine_grid_errors_name_the_size_as_it_was_given_like_torch(theta_shape, size):
    messages = []
    for L in (torch, minigrad):
        with pytest.raises((ValueError, NotImplementedError)) as info:
            L.nn.functional.affine_grid(L.zeros(theta_shape), size, align_corners=False)
        messages.append((type(info.value).__name__, str(info.value)))
    assert messages[0] == messages[1]


@pytest.mark.parametrize("dtypes, dims", [(("float32", "float64"), 2), (("float64", "float32"), 2),
                                          (("float64", "float32"), 3)], ids=str)
def test_grid_sample_of_another_dtype_than_its_grid_names_both_as_torch(dtypes, dims):
    check_same_error(lambda L, x, g: L.nn.functional.grid_sample(x, g, align_corners=False),
                     np.ones((1, 2) + (4,) * dims, dtypes[0]), np.zeros((1,) + (3,) * dims + (dims,), dtypes[1]))
