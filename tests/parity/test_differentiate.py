"""torch.gradient (ops/differentiate.py) against torch: constant spacings (one or one per dim), sample
coordinates, chosen dims, edge orders 1 and 2, integer inputs, every input's gradient, and the errors."""
import numpy as np
import pytest
from hypothesis import given, strategies as st

from . import strategies as S
from .helpers import check, check_raises

shapes = S.shapes(min_dims=1, max_dims=3, min_side=3, max_side=5)


@given(dtype=S.float_dtypes, shape=shapes, spacing=st.sampled_from([None, 2.0, -0.5, 3]),
       edge_order=st.sampled_from([1, 2]), seed=S.seeds)
def test_gradient_with_one_spacing_matches_torch(dtype, shape, spacing, edge_order, seed):
    x = np.random.default_rng(seed).standard_normal(shape).astype(dtype)
    kwargs = {} if spacing is None else {"spacing": spacing}
    check(lambda L, a: L.gradient(a, edge_order=edge_order, **kwargs), x, seed=seed)


@given(dtype=S.float_dtypes, shape=shapes, data=st.data(), edge_order=st.sampled_from([1, 2]), seed=S.seeds)
def test_gradient_along_chosen_dims_with_a_spacing_each_matches_torch(dtype, shape, data, edge_order, seed):
    x = np.random.default_rng(seed).standard_normal(shape).astype(dtype)
    dims = data.draw(st.lists(st.integers(-len(shape), len(shape) - 1), min_size=1, max_size=len(shape),
                              unique_by=lambda d: d % len(shape)))
    spacing = data.draw(st.lists(st.floats(0.25, 3), min_size=len(dims), max_size=len(dims)))
    check(lambda L, a: L.gradient(a, spacing=spacing, dim=dims, edge_order=edge_order), x, seed=seed)


@given(dtype=S.float_dtypes, shape=shapes, edge_order=st.sampled_from([1, 2]), seed=S.seeds)
def test_gradient_at_sample_coordinates_matches_torch_with_their_gradients(dtype, shape, edge_order, seed):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal(shape).astype(dtype)
    coords = [np.cumsum(rng.uniform(0.5, 2, n)).astype(dtype) for n in shape]
    check(lambda L, a, *c: L.gradient(a, spacing=list(c), edge_order=edge_order), x, *coords, seed=seed)


@given(x=S.int_arrays(S.shapes(min_dims=1, max_dims=2, min_side=3, max_side=4)), spacing=st.sampled_from([1, 2, 0.5]))
def test_gradient_of_integers_is_float_as_torch(x, spacing):
    check(lambda L, a: L.gradient(a, spacing=spacing), x)


@pytest.mark.parametrize("kwargs", [{"edge_order": 3}, {"spacing": [0.1], "dim": (1, 0)}, {"spacing": [0.1]},
                                    {"dim": (1, 1)}, {"dim": 3}, {"edge_order": 2, "dim": 1}],
                         ids=range(6))
def test_bad_gradient_arguments_raise_as_torch(kwargs):
    check_raises(lambda L, a: L.gradient(a, **kwargs), np.ones((3, 2)))
