"""Top-level ATen names over minigrad's implementations, against PyTorch: grid_sampler (2-D, 3-D) with
integer modes, affine_grid_generator, feature_dropout_, norm_except_dim, unsafe_split_with_sizes,
conj_physical_, view_as_real_copy and view_as_complex_copy."""
import numpy as np
import pytest
import torch
from hypothesis import given, strategies as st

import minigrad

from . import strategies as S
from .helpers import check, check_raises


@pytest.mark.parametrize("interpolation", [0, 1, 2])
@pytest.mark.parametrize("padding", [0, 1, 2])
@pytest.mark.parametrize("align_corners", [False, True])
def test_grid_sampler_reads_the_integer_modes_as_pytorch(interpolation, padding, align_corners):
    rng = np.random.default_rng(interpolation * 6 + padding * 2 + align_corners)
    image, grid = rng.standard_normal((2, 2, 4, 5)), rng.uniform(-1.2, 1.2, (2, 3, 3, 2))
    check(lambda L, x, g: L.grid_sampler(x, g, interpolation, padding, align_corners), image, grid)
    check(lambda L, x, g: L.grid_sampler_2d(x, g, interpolation, padding, align_corners), image, grid)


@pytest.mark.parametrize("interpolation", [0, 1])
def test_grid_sampler_3d_samples_volumes_as_pytorch(interpolation):
    rng = np.random.default_rng(interpolation)
    volume, grid = rng.standard_normal((1, 2, 3, 4, 4)), rng.uniform(-1, 1, (1, 2, 3, 3, 3))
    check(lambda L, x, g: L.grid_sampler_3d(x, g, interpolation, 0, False), volume, grid)
    check(lambda L, x, g: L.grid_sampler(x, g, interpolation, 1, True), volume, grid)


@pytest.mark.parametrize("call", [lambda L, x, v: L.grid_sampler_2d(v, v[..., :3], 0, 0, False),
                                  lambda L, x, v: L.grid_sampler_3d(x, x[..., :2], 0, 0, False),
                                  lambda L, x, v: L.grid_sampler_3d(v, v[..., :3], 2, 0, False),
                                  lambda L, x, v: L.grid_sampler(x, x[..., :2], 0, 0, 1),
                                  lambda L, x, v: L.affine_grid_generator(x[0, :, :2, :3], (2, 1, 4, 5), None)])
def test_bad_grid_sampler_calls_raise_pytorchs_errors(call):
    check_raises(call, np.zeros((2, 2, 3, 4)), np.zeros((1, 2, 3, 3, 3)))


@given(seed=S.seeds, align_corners=st.booleans(), volume=st.booleans())
def test_affine_grid_generator_matches_pytorch(seed, align_corners, volume):
    theta = np.random.default_rng(seed).standard_normal((2, 3, 4) if volume else (2, 2, 3))
    size = (2, 1, 3, 4, 5) if volume else (2, 1, 4, 5)
    check(lambda L, t: L.affine_grid_generator(t, size, align_corners), theta, seed=seed)


def test_feature_dropout_in_place_draws_as_pytorch():
    out = []
    for lib in (minigrad, torch):
        lib.manual_seed(3)
        x = lib.ones(4, 3, 2)
        assert lib.feature_dropout_(x, 0.5, True) is x
        out.append(x.numpy())
    np.testing.assert_array_equal(out[0], out[1])


@pytest.mark.parametrize("shape, p", [((2,), 0.5), ((2, 3), 1.5)])
def test_feature_dropout_in_place_checks_as_pytorch(shape, p):
    check_raises(lambda L, x: L.feature_dropout_(x, p, True), np.ones(shape))


def test_feature_dropout_in_place_outside_training_leaves_the_input():
    x = minigrad.ones(2)
    assert minigrad.feature_dropout_(x, 0.5, False) is x and x.tolist() == [1.0, 1.0]


@pytest.mark.parametrize("dim", [-1, 0, 1, 2, -2, 3])
@pytest.mark.parametrize("pow", [1, 2, 3])
def test_norm_except_dim_matches_pytorch(dim, pow):
    x = np.random.default_rng(dim + 10 * pow).standard_normal((2, 3, 4))
    check(lambda L, v: L.norm_except_dim(v, pow, dim), x)


def test_norm_except_dim_defaults_to_the_norm_of_each_row():
    x = np.random.default_rng(0).standard_normal((3, 2))
    check(lambda L, v: L.norm_except_dim(v), x)


@given(data=st.data(), seed=S.seeds)
def test_unsafe_split_with_sizes_matches_pytorch(data, seed):
    x = data.draw(S.arrays(data.draw(S.float_dtypes), (2, 5)))
    sizes = data.draw(st.sampled_from([[1, 4], [2, 2, 1], [5, 0]]))
    check(lambda L, v: L.unsafe_split_with_sizes(v, sizes, 1), x, seed=seed)
    check(lambda L, v: v.unsafe_split_with_sizes(sizes, dim=-1), x, seed=seed)


def test_unsafe_split_with_sizes_names_the_node_as_pytorch():
    for lib in (minigrad, torch):
        pieces = lib.unsafe_split_with_sizes(lib.ones(2, 3, requires_grad=True), [1, 2], 1)
        assert pieces[0].grad_fn.name() == "UnsafeSplitWithSizesBackward0"


@pytest.mark.parametrize("dtype", ["complex128", "float64"])
def test_conj_physical_in_place_conjugates_and_counts_a_version(dtype):
    out = []
    for lib in (minigrad, torch):
        x = lib.tensor([1 + 2j, -3j]).to(getattr(lib, dtype)) if dtype == "complex128" else lib.tensor([1.0, 2.0])
        v = x._version
        for y in (lib.conj_physical_(x), x.conj_physical_()):
            assert y is x
        out.append((x.tolist(), x._version - v))
    assert out[0] == out[1]


def test_view_as_real_copy_matches_pytorch_with_its_gradient():
    z = np.array([[1 + 2j, 3 - 1j], [0.5j, -2]])
    check(lambda L, t: L.view_as_real_copy(t), z)


def test_view_as_complex_copy_matches_pytorch_and_is_not_differentiable():
    x = np.random.default_rng(0).standard_normal((3, 2))
    check(lambda L, t: L.view_as_complex_copy(t), x, requires_grad=[False])
    check_raises(lambda L, t: L.view_as_complex_copy(t.requires_grad_()), x)


def test_the_copies_share_no_storage():
    z = minigrad.tensor([1 + 2j])
    real = minigrad.view_as_real_copy(z)
    real[0, 0] = 5.0
    assert z.tolist() == [1 + 2j]
