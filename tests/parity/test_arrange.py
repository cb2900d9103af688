"""Ops that arrange whole tensors against PyTorch: broadcasting, at-least views, stacking,
the NumPy-style splits, flips, sum_to_size, block_diag, cartesian_prod and combinations
(values, shapes, dtypes and every input's gradient; errors by type)."""
import numpy as np
import pytest
from hypothesis import given, strategies as st

from . import strategies as S
from .helpers import check, check_raises


@given(data=st.data(), seed=S.seeds)
def test_broadcast_tensors_matches_torch(data, seed):
    a, b = data.draw(S.broadcast_pair())
    check(lambda L, x, y: L.broadcast_tensors(x, y), a, b, seed=seed)


def test_broadcast_tensors_of_unbroadcastable_shapes_raise_like_torch():
    check_raises(lambda L, x, y: L.broadcast_tensors(x, y), np.ones((2, 3)), np.ones(4))


@pytest.mark.parametrize("name", ["atleast_1d", "atleast_2d", "atleast_3d"])
@given(data=st.data(), seed=S.seeds)
def test_atleast_nd_of_a_tensor_matches_torch(name, data, seed):
    x = data.draw(S.array_and_dtype(S.shapes(max_dims=4, max_side=3)))
    check(lambda L, t: getattr(L, name)(t), x, seed=seed)


@pytest.mark.parametrize("name", ["atleast_1d", "atleast_2d", "atleast_3d"])
def test_atleast_nd_of_a_sequence_gives_a_tuple_like_torch(name):
    xs = [np.array(2.0), np.arange(3.0), np.ones((2, 2))]
    check(lambda L, *ts: getattr(L, name)(*ts), *xs)
    check(lambda L, *ts: getattr(L, name)(list(ts)), *xs)


@pytest.mark.parametrize("name", ["column_stack", "dstack", "row_stack", "hstack", "vstack"])
@given(data=st.data(), seed=S.seeds)
def test_stacking_functions_match_torch(name, data, seed):
    shape = data.draw(S.shapes(max_dims=3, min_side=1, max_side=3))
    xs = [data.draw(S.arrays(np.float64, shape)) for _ in range(data.draw(st.integers(1, 3)))]
    check(lambda L, *ts: getattr(L, name)(ts), *xs, seed=seed)


def test_stacking_nothing_raises_like_torch():
    for name in ("column_stack", "dstack"):
        check_raises(lambda L: getattr(L, name)([]))


@pytest.mark.parametrize("name", ["column_stack", "dstack"])
def test_stacking_a_tensor_instead_of_a_sequence_raises_type_error(name):
    check_raises(lambda L, t: getattr(L, name)(t), np.ones((2, 3)))


@given(data=st.data(), seed=S.seeds)
def test_tensor_split_by_sections_and_indices_matches_torch(data, seed):
    x = data.draw(S.array_and_dtype(S.shapes(min_dims=1, max_dims=3, max_side=5)))
    dim = data.draw(S.single_dim(x.ndim))
    sections = data.draw(st.integers(1, 6))
    indices = data.draw(st.lists(st.integers(-6, 7), max_size=4))
    check(lambda L, t: L.tensor_split(t, sections, dim), x, seed=seed)
    check(lambda L, t: L.tensor_split(t, indices, dim=dim), x, seed=seed)
    check(lambda L, t: t.tensor_split(indices, dim), x, seed=seed)


def test_tensor_split_takes_an_int64_tensor_as_sections_or_indices_like_torch():
    x = np.arange(7.0)
    check(lambda L, t: L.tensor_split(t, L.tensor(3)), x)
    check(lambda L, t: L.tensor_split(t, L.tensor([1, 4])), x)
    check_raises(lambda L, t: L.tensor_split(t, L.tensor([1.0, 4.0])), x)


def test_split_takes_a_0d_tensor_as_its_size_and_0d_tensors_among_its_sizes_like_torch():
    x = np.arange(7.0)
    check(lambda L, t: t.split(L.tensor(3)), x)
    check(lambda L, t: L.split(t, [L.tensor(2), L.tensor(5)]), x)


@pytest.mark.parametrize("sizes", ["a tensor of sizes", "a float among the sizes"])
def test_split_refuses_sizes_that_are_not_ints_like_torch(sizes):
    """A tensor of sizes is no list of them: PyTorch's TypeError (minigrad had cut wrong pieces)."""
    make = {"a tensor of sizes": lambda L: L.tensor([2, 5]), "a float among the sizes": lambda L: [2, 5.0]}[sizes]
    check_raises(lambda L, t: t.split(make(L)), np.arange(7.0))


def test_tensor_split_of_bad_input_raises_like_torch():
    check_raises(lambda L, t: L.tensor_split(t, 2), np.array(1.0))
    check_raises(lambda L, t: L.tensor_split(t, 0), np.ones(3))


@pytest.mark.parametrize("name, least", [("hsplit", 1), ("vsplit", 2), ("dsplit", 3)])
@given(data=st.data(), seed=S.seeds)
def test_hsplit_vsplit_dsplit_match_torch(name, least, data, seed):
    x = data.draw(S.array_and_dtype(S.shapes(min_dims=least, max_dims=4, min_side=1, max_side=4)))
    dim = 0 if name == "vsplit" or x.ndim == 1 else 1 if name == "hsplit" else 2
    divisors = [k for k in range(1, x.shape[dim] + 1) if x.shape[dim] % k == 0]
    sections = data.draw(st.sampled_from(divisors))
    indices = data.draw(st.lists(st.integers(-4, 5), max_size=3))
    check(lambda L, t: getattr(L, name)(t, sections), x, seed=seed)
    check(lambda L, t: getattr(L, name)(t, indices), x, seed=seed)


def test_hsplit_vsplit_dsplit_errors_match_torch():
    check_raises(lambda L, t: L.hsplit(t, 2), np.ones(5))
    check_raises(lambda L, t: L.hsplit(t, 1), np.array(1.0))
    check_raises(lambda L, t: L.vsplit(t, 1), np.ones(3))
    check_raises(lambda L, t: L.dsplit(t, 1), np.ones((3, 3)))


@given(data=st.data(), seed=S.seeds)
def test_split_with_sizes_and_unsafe_split_chunk_match_torch(data, seed):
    x = data.draw(S.array_and_dtype(S.shapes(min_dims=1, max_dims=3, min_side=1, max_side=5)))
    dim = data.draw(S.single_dim(x.ndim))
    n = x.shape[dim]
    cut = data.draw(st.integers(0, n))
    size = data.draw(st.integers(1, n))
    check(lambda L, t: L.split_with_sizes(t, [cut, n - cut], dim), x, seed=seed)
    check(lambda L, t: t.split_with_sizes([n - cut, cut], dim=dim), x, seed=seed)
    check(lambda L, t: L.unsafe_split(t, size, dim), x, seed=seed)
    check(lambda L, t: L.unsafe_chunk(t, size, dim), x, seed=seed)


def test_unsafe_split_names_its_node_like_torch():
    import minigrad
    x = minigrad.ones(4, requires_grad=True)
    assert minigrad.unsafe_split(x, 2)[0].grad_fn.name() == "UnsafeSplitBackward0"


@given(data=st.data(), seed=S.seeds)
def test_fliplr_flipud_match_torch(data, seed):
    x = data.draw(S.array_and_dtype(S.shapes(max_dims=3, max_side=3)))
    check(lambda L, t: L.fliplr(t), x, seed=seed)
    check(lambda L, t: L.flipud(t), x, seed=seed)
    check(lambda L, t: t.flipud(), x, seed=seed)


@given(data=st.data(), seed=S.seeds)
def test_sum_to_size_matches_torch(data, seed):
    x = data.draw(S.array_and_dtype(S.shapes(max_dims=3, max_side=3)))
    target = data.draw(S.shapes_broadcasting_to(x.shape))
    check(lambda L, t: t.sum_to_size(target), x, seed=seed)
    check(lambda L, t: t.sum_to_size(*target) if target else t.sum_to_size(()), x, seed=seed)


def test_sum_to_size_widens_integers_and_bools_like_torch():
    for dtype in (np.int32, np.bool_):
        x = np.ones((2, 3), dtype)
        check(lambda L, t: t.sum_to_size(1, 3), x)
        check(lambda L, t: t.sum_to_size(2, 3), x)


def test_sum_to_size_of_an_unexpandable_size_raises_like_torch():
    check_raises(lambda L, t: t.sum_to_size(3, 3), np.ones((2, 3)))
    check_raises(lambda L, t: t.sum_to_size(1, 2, 3), np.ones((2, 3)))


@given(data=st.data(), seed=S.seeds)
def test_block_diag_matches_torch(data, seed):
    dtype = data.draw(S.float_dtypes)
    # (no 1-D empty blocks before others: test_block_diag_gradient_after_an_empty_vector...)
    shapes = data.draw(st.lists(S.shapes(max_dims=2, max_side=3).filter(lambda s: s != (0,)), min_size=1, max_size=4))
    xs = [data.draw(S.arrays(dtype, s)) for s in shapes]
    check(lambda L, *ts: L.block_diag(*ts), *xs, seed=seed)


def test_block_diag_gradient_after_an_empty_vector_is_the_block_it_produced():
    """A 1-D empty block takes a row of the output (as in PyTorch), and the next block's gradient
    is read where that block sits. (PyTorch 2.13's backward forgets the row and reads the block's
    gradient one row up: a bug minigrad does not copy.)"""
    import minigrad
    empty, x = minigrad.ones(0, requires_grad=True), minigrad.tensor([[1.0, 2.0]], requires_grad=True)
    out = minigrad.block_diag(empty, x)
    assert out.shape == (2, 2)
    (out * minigrad.tensor([[10.0, 10.0], [3.0, 4.0]])).sum().backward()
    assert x.grad.tolist() == [[3.0, 4.0]] and empty.grad.shape == (0,)


def test_block_diag_promotes_like_torch():
    check(lambda L, a, b: L.block_diag(a, b), np.array(2), np.ones(2, np.int32))
    check(lambda L, a, b: L.block_diag(a, b), np.ones((2, 2), np.float32), np.ones(2, np.int64))
    check_raises(lambda L, a: L.block_diag(a), np.ones((2, 2, 2)))


@given(data=st.data(), seed=S.seeds)
def test_cartesian_prod_matches_torch(data, seed):
    dtype = data.draw(S.float_dtypes)
    sizes = data.draw(st.lists(st.integers(0, 3), min_size=1, max_size=3))
    xs = [data.draw(S.arrays(dtype, (n,))) for n in sizes]
    check(lambda L, *ts: L.cartesian_prod(*ts), *xs, seed=seed)


@given(data=st.data(), seed=S.seeds)
def test_combinations_match_torch(data, seed):
    x = data.draw(S.array_and_dtype(S.shapes(min_dims=1, max_dims=1, max_side=5)))
    r = data.draw(st.integers(0, 4))
    with_replacement = data.draw(st.booleans())
    check(lambda L, t: L.combinations(t, r, with_replacement), x, seed=seed)
    check(lambda L, t: L.combinations(t, r=r, with_replacement=with_replacement), x, seed=seed)


def test_cartesian_prod_and_combinations_refuse_what_torch_refuses():
    check_raises(lambda L, t: L.cartesian_prod(t), np.ones((2, 2)))
    check_raises(lambda L, t: L.combinations(t), np.ones((2, 2)))
    check_raises(lambda L, t: L.combinations(t, -1), np.ones(2))


SECOND_ORDER = {
    "block_diag": (lambda L, a, b: L.block_diag(a * a, b, a) * L.block_diag(b, a, b * b), [(2, 2), (2, 2)]),
    "tensor_split": (lambda L, a, b: L.tensor_split(a * b, [1, 3], 1)[1] ** 2, [(2, 4), (4,)]),
    "combinations": (lambda L, a, b: L.combinations(a * b, 2, True) ** 2, [(3,), (1,)]),
    "cartesian_prod": (lambda L, a, b: L.cartesian_prod(a * a, b) ** 2, [(3,), (2,)]),
    "sum_to_size": (lambda L, a, b: (a * b).sum_to_size(1, 3) ** 2, [(2, 3), (3,)]),
    "dstack": (lambda L, a, b: L.dstack([a * b, a]) ** 2, [(2, 3), (3,)]),
}


@pytest.mark.parametrize("name", sorted(SECOND_ORDER))
def test_arranging_second_derivatives_match_torch(name):
    from .test_second_order import compare_higher
    fn, shapes = SECOND_ORDER[name]
    rng = np.random.default_rng(1)
    compare_higher(fn, *[rng.uniform(0.5, 1.5, s) * rng.choice([-1, 1], s) for s in shapes], order=2)


@pytest.mark.parametrize("shapes", [((2, 2), (3,)), ((3,), (2, 1, 2))], ids=["first 2-d", "second 3-d"])
def test_meshgrid_of_a_tensor_of_more_than_one_dim_raises_like_torch(shapes):
    """Not a grid of its flattened elements: PyTorch refuses it, naming the tensor (minigrad its shape)."""
    bad = next(list(s) for s in shapes if len(s) > 1)
    check_raises(lambda L, *ts: L.meshgrid(*ts, indexing="ij"), *(np.ones(s) for s in shapes), names=[bad])


def test_meshgrid_of_no_tensors_raises_like_torch():
    check_raises(lambda L: L.meshgrid(indexing="ij"), names=["meshgrid expects a non-empty TensorList"])


def test_cartesian_prod_and_meshgrid_of_mixed_dtypes_raise_like_torch():
    check_raises(lambda L, a, b: L.cartesian_prod(a, b), np.arange(3), np.ones(2))
    check_raises(lambda L, a, b: L.meshgrid(a, b, indexing="ij"), np.arange(3), np.ones(2))
