"""Shape ops against PyTorch: values, shapes and gradients (a random
upstream gradient flows back through every reshaping)."""
import math

import numpy as np
import pytest
import torch
from hypothesis import assume, given, strategies as st

import minigrad

from . import strategies as S
from .helpers import check, check_raises


@st.composite
def reshape_target(draw, shape):
    """A shape with the same number of elements, maybe with one -1."""
    n = math.prod(shape)
    if n == 0:
        target = list(draw(st.sampled_from([(0,), (0, 3), (2, 0), shape])))
    else:
        factors = []
        rest = n
        while rest > 1:
            divs = [d for d in range(2, rest + 1) if rest % d == 0]
            d = draw(st.sampled_from(divs))
            factors.append(d)
            rest //= d
        target = draw(st.permutations(factors)) if factors else []
        if draw(st.booleans()):
            target = list(target) + [1]
    if target and n and draw(st.booleans()):
        target = list(target)
        target[draw(st.integers(0, len(target) - 1))] = -1
    return tuple(target)


@given(data=st.data(), seed=S.seeds)
def test_reshape_and_view_match_torch(data, seed):
    x = data.draw(S.array_and_dtype())
    target = data.draw(reshape_target(x.shape))
    check(lambda L, t: t.reshape(target), x, seed=seed)
    check(lambda L, t: t.reshape(*target) if target else t.reshape(()), x, seed=seed)
    check(lambda L, t: L.reshape(t, target), x, seed=seed)
    check(lambda L, t: t.view(target), x, seed=seed)
    check(lambda L, t: t.view(*target) if target else t.view(()), x, seed=seed)


@given(data=st.data(), seed=S.seeds)
def test_flatten_matches_torch(data, seed):
    x = data.draw(S.array_and_dtype())
    n = max(x.ndim, 1)
    start = data.draw(st.integers(-n, n - 1))
    end = data.draw(st.integers(-n, n - 1))
    assume(start % n <= end % n)
    check(lambda L, t: t.flatten(), x, seed=seed)
    check(lambda L, t: L.flatten(t, start, end), x, seed=seed)
    check(lambda L, t: t.flatten(start_dim=start, end_dim=end), x, seed=seed)


@given(data=st.data(), seed=S.seeds)
def test_squeeze_unsqueeze_match_torch(data, seed):
    x = data.draw(S.array_and_dtype(S.shapes(max_side=2)))
    d = data.draw(S.single_dim(x.ndim))
    check(lambda L, t: t.squeeze(), x, seed=seed)
    check(lambda L, t: t.squeeze(d), x, seed=seed)
    check(lambda L, t: L.squeeze(t, dim=d), x, seed=seed)
    if x.ndim:
        dims = data.draw(S.dims(x.ndim, allow_none=False, allow_tuple=True).filter(lambda v: isinstance(v, tuple)))
        check(lambda L, t: t.squeeze(dims), x, seed=seed)
    u = data.draw(st.integers(-x.ndim - 1, x.ndim))
    check(lambda L, t: t.unsqueeze(u), x, seed=seed)
    check(lambda L, t: L.unsqueeze(t, u), x, seed=seed)
    check(lambda L, t: t.unsqueeze(x.ndim + 1), x, seed=seed)  # out of range: IndexError


@given(data=st.data(), seed=S.seeds)
def test_transpose_T_mT_permute_match_torch(data, seed):
    x = data.draw(S.array_and_dtype())
    n = max(x.ndim, 1)
    d0, d1 = data.draw(st.integers(-n, n - 1)), data.draw(st.integers(-n, n - 1))
    check(lambda L, t: t.transpose(d0, d1), x, seed=seed)
    check(lambda L, t: L.transpose(t, d0, d1), x, seed=seed)
    perm = data.draw(st.permutations(range(x.ndim)))
    check(lambda L, t: t.permute(*perm) if perm else t.permute(()), x, seed=seed)
    check(lambda L, t: t.permute(tuple(p - x.ndim for p in perm)), x, seed=seed)
    check(lambda L, t: L.permute(t, perm), x, seed=seed)
    if x.ndim <= 2:
        check(lambda L, t: t.T, x, seed=seed)
    if x.ndim:  # torch's mT of a 0-d tensor returns it unchanged, an accident we do not copy
        check(lambda L, t: t.mT, x, seed=seed)  # raises for 1-D, like torch


@pytest.mark.parametrize("dims", [(0, 1), (1, 0), (0, 0), (1, 1), (-1, 0), (-2, -1), (1, -1)])
def test_transpose_of_a_matrix_by_any_pair_of_dims_matches_torchs_view_and_node(dims):
    """(a matrix takes one of its two orders, without the list other tensors build)"""
    x = np.arange(6.0).reshape(2, 3)
    check(lambda L, t: (lambda y: (y, y.stride(), y.grad_fn.name()))(t.transpose(*dims)), x)


@pytest.mark.parametrize("shape", [(), (3,), (2, 3)])
@pytest.mark.parametrize("name", ["t", "T"])
def test_t_and_T_of_at_most_two_dims_match_torchs_view_and_node(shape, name):
    x = np.arange(float(math.prod(shape))).reshape(shape)
    check(lambda L, t: (lambda y: (y, y.stride(), y.grad_fn.name()))(t.t() if name == "t" else t.T), x)


@given(data=st.data(), seed=S.seeds)
def test_expand_matches_torch(data, seed):
    x = data.draw(S.array_and_dtype(S.shapes(max_dims=3, max_side=3)))
    tail = tuple(data.draw(st.integers(0, 3)) if s == 1 else s for s in x.shape)
    lead = tuple(data.draw(st.lists(st.integers(0, 3), max_size=2)))
    target = lead + tail
    check(lambda L, t: t.expand(*target) if target else t.expand(()), x, seed=seed)
    check(lambda L, t: t.expand(target), x, seed=seed)
    keep = lead + (-1,) * x.ndim
    check(lambda L, t: t.expand(*keep) if keep else t.expand(()), x, seed=seed)


@pytest.mark.parametrize("make", [
    lambda L: L.ones(7, 7).expand(3, 1, 7, 7),          # a new leading size-1 dim: the next dim's extent
    lambda L: L.ones(7, 7).expand(1, 1, 7, 7),
    lambda L: L.ones(3, 1, 4).expand(3, 1, 4),          # a kept size-1 dim keeps its stride
    lambda L: L.ones(3, 1, 4).expand(1, 3, 5, 4),
    lambda L: L.ones(7, 7).t().expand(1, 7, 7),
    lambda L: L.ones(8, 7)[::2].expand(1, 1, 4, 7),
    lambda L: L.tensor(1.0).expand(3, 1),
    lambda L: L.broadcast_tensors(L.ones(3), L.ones(1, 1, 3))[0],
])
def test_expand_gives_size_one_dims_pytorchs_strides(make):
    assert make(minigrad).stride() == make(torch).stride()


@pytest.mark.parametrize("layout", ["contiguous", "column-major", "read-only", "strided"])
@pytest.mark.parametrize("shape, target", [((1, 4), (3, 4)), ((3, 1), (2, 3, 5)), ((3, 1, 4), (1, 3, 1, 4)),
                                           ((), (2, 1)), ((1, 1), (0, 1, 3)), ((2, 2), (1, 2, 2))])
def test_expand_of_any_memory_layout_has_pytorchs_strides_and_values(layout, shape, target):
    # (the view built directly on a host array's memory, and NumPy's broadcast_to beside it)
    def make(L):
        x = L.arange(1.0, 1 + 2 * math.prod(shape)).reshape(shape + (2,))[..., 0]  # strided
        if layout == "contiguous":
            x = x.contiguous()
        elif layout == "column-major":
            x = x.contiguous().mT.contiguous().mT if x.ndim > 1 else x.contiguous()
        elif layout == "read-only":
            x = x.contiguous().expand(shape)
        return x.expand(target)

    got, expected = make(minigrad), make(torch)
    assert got.stride() == expected.stride()
    np.testing.assert_array_equal(got.numpy(), expected.numpy())


@pytest.mark.parametrize("make", [
    lambda L: L.ones(7, 7)[None],                       # new axes: NumPy's stride is 0
    lambda L: L.ones(7, 7)[:, None],
    lambda L: L.ones(7, 7)[..., None],
    lambda L: L.tensor(1.0)[None],
    lambda L: L.ones(4, 5)[[0, 2]][:, None],
    lambda L: L.ones(4, 5).sum(1, keepdim=True),        # reduced dims kept
    lambda L: L.ones(4, 5, 2).amax((0, 2), keepdim=True),
    lambda L: L.ones(3).expand(2, 3)[None],             # after an expand: the next dim's zero extent
])
def test_new_and_kept_size_one_dims_report_pytorchs_strides(make):
    assert make(minigrad).stride() == make(torch).stride()


@given(data=st.data(), seed=S.seeds)
def test_repeat_matches_torch(data, seed):
    x = data.draw(S.array_and_dtype(S.shapes(max_dims=3, max_side=3)))
    reps = data.draw(st.lists(st.integers(0, 3), min_size=x.ndim, max_size=x.ndim + 2))
    if reps:
        check(lambda L, t: t.repeat(*reps), x, seed=seed)
        check(lambda L, t: t.repeat(tuple(reps)), x, seed=seed)


@given(data=st.data(), seed=S.seeds, n=st.integers(1, 3))
def test_cat_matches_torch(data, seed, n):
    dtype = data.draw(S.float_dtypes)
    base = data.draw(S.shapes(min_dims=1, max_dims=3))
    dim = data.draw(S.single_dim(len(base)))
    arrays = []
    for _ in range(n):
        shape = list(base)
        shape[dim] = data.draw(st.integers(0, 3))
        arrays.append(data.draw(S.arrays(dtype, tuple(shape))))
    check(lambda L, *ts: L.cat(ts, dim), *arrays, seed=seed)
    check(lambda L, *ts: L.cat(list(ts), dim=dim), *arrays, seed=seed)


@given(data=st.data(), seed=S.seeds, n=st.integers(1, 3))
def test_stack_matches_torch(data, seed, n):
    dtype = data.draw(S.float_dtypes)
    shape = data.draw(S.shapes(max_dims=3))
    dim = data.draw(st.integers(-len(shape) - 1, len(shape)))
    arrays = [data.draw(S.arrays(dtype, shape)) for _ in range(n)]
    check(lambda L, *ts: L.stack(ts, dim), *arrays, seed=seed)
    check(lambda L, *ts: L.stack(list(ts), dim=dim), *arrays, seed=seed)


@given(data=st.data(), seed=S.seeds)
def test_split_chunk_match_torch(data, seed):
    x = data.draw(S.array_and_dtype(S.shapes(min_dims=1, max_dims=3, max_side=5)))
    dim = data.draw(S.single_dim(x.ndim))
    size = x.shape[dim]
    k = data.draw(st.integers(1, 4))
    check(lambda L, t: t.split(k, dim), x, seed=seed)
    check(lambda L, t: L.split(t, k, dim=dim), x, seed=seed)
    sizes = []
    rest = size
    while rest > 0:
        s = data.draw(st.integers(0, rest))
        sizes.append(s)
        rest -= s
        if len(sizes) > 4:
            sizes.append(rest)
            break
    check(lambda L, t: t.split(sizes, dim), x, seed=seed)
    check(lambda L, t: t.chunk(k, dim), x, seed=seed)
    check(lambda L, t: L.chunk(t, k, dim=dim), x, seed=seed)


def test_bad_reshape_and_cat_raise_like_torch():
    x = np.ones((2, 3))
    check(lambda L, t: t.reshape(4, 2), x)
    check(lambda L, t: t.view(-1, -1), x)
    check(lambda L, t: t.expand(3, 3), x)
    check(lambda L, t, u: L.cat([t, u], 0), x, np.ones((2, 2)))
    check(lambda L, t, u: L.stack([t, u]), x, np.ones((3, 2)))
    check(lambda L, t: t.permute(0, 0), x)
    check(lambda L, t: t.transpose(0, 2), x)


def test_cat_accepts_legacy_empty_1d_tensors_like_torch():
    check(lambda L, a, b: L.cat([a, b]), np.zeros(0), np.ones((2, 3)))
    check(lambda L, a, b: L.cat([b, a, b], dim=1), np.zeros(0), np.ones((2, 3)))


@pytest.mark.parametrize("src, dst, shape, transpose", [
    ("float32", "int32", (2, 3), False), ("float32", "int16", (2, 3), False), ("float64", "float32", (3,), False),
    ("float32", "float64", (2, 4), False), ("float32", "float64", (2, 3), False), ("float32", "float16", (), False),
    ("float32", "int32", (2, 3), True), ("float32", "float16", (2, 3), True), ("float32", "uint8", (2,), False),
])
def test_view_as_a_dtype_reads_the_same_bytes_as_torch(src, dst, shape, transpose):
    data = np.arange(1, 1 + int(np.prod(shape)), dtype=src).reshape(shape)

    def outcome(L):
        t = L.tensor(data)
        t = t.t() if transpose else t
        try:
            v = t.view(getattr(L, dst))
        except RuntimeError as exc:
            return str(exc)
        return str(v.dtype), tuple(v.shape), v.numpy().tobytes(), v.requires_grad
    assert outcome(minigrad) == outcome(torch)


@pytest.mark.parametrize("start, length", [(-3, 3), (-5, 2), (-1, 1)], ids=str)
def test_narrow_with_a_negative_start_counts_from_the_end(start, length):
    check(lambda L, t: L.narrow(t, 0, start, length), np.arange(5.0))


@pytest.mark.parametrize("shape, dim, start, length", [((), 0, 0, 1), ((10,), 0, 11, 0), ((10,), 0, -11, 0),
                                                       ((10,), 0, 0, 11), ((10,), 0, 0, -1)], ids=str)
def test_narrow_out_of_range_raises_like_torch(shape, dim, start, length):
    check_raises(lambda L, t: L.narrow(t, dim, start, length), np.ones(shape))


def test_narrow_with_a_1d_tensor_start_raises_runtime_error():
    check_raises(lambda L, t, s: L.narrow(t, 0, s, 2), np.ones(5), np.array([1]))


@pytest.mark.parametrize("source, destination", [((0, 1), (1,)), ((0, 0), (1, 2)), ((0, 1), (2, 2)), (0, (1, 2))],
                         ids=str)
def test_movedim_with_mismatched_or_repeated_dims_raises_runtime_error(source, destination):
    check_raises(lambda L, t: L.movedim(t, source, destination), np.ones((2, 3, 4)))


@pytest.mark.parametrize("dim", [2, -3])
def test_stack_checks_its_dim_before_the_sizes_as_torch(dim):
    check_raises(lambda L, a, b: L.stack([a, b], dim), np.ones(3), np.ones(4))


@pytest.mark.parametrize("name", ["hstack", "vstack"])
def test_stacking_an_empty_list_raises_runtime_error(name):
    check_raises(lambda L: getattr(L, name)([]))


@pytest.mark.parametrize("name", ["hstack", "vstack"])
def test_stacking_0d_tensors_treats_them_as_1d_or_rows(name):
    check(lambda L, a, b: getattr(L, name)([a, b]), np.array(1.0), np.array(2.0))


def test_cat_with_a_non_tensor_element_raises_type_error():
    check_raises(lambda L, t: L.cat([t, None]), np.ones(3))


@given(data=st.data(), seed=S.seeds)
def test_roll_matches_torch(data, seed):
    dtype = data.draw(S.float_dtypes)
    shape = data.draw(S.shapes(min_dims=1, max_dims=3))
    x = data.draw(S.arrays(dtype, shape))
    n_dims = data.draw(st.integers(1, len(shape)))
    dims = data.draw(st.lists(st.integers(-len(shape), len(shape) - 1), min_size=n_dims, max_size=n_dims))
    shifts = data.draw(st.lists(st.integers(-7, 7), min_size=n_dims, max_size=n_dims))
    check(lambda L, t: L.roll(t, tuple(shifts), tuple(dims)), x, seed=seed)
    check(lambda L, t: t.roll(shifts[0], dims[0]), x, seed=seed)
    check(lambda L, t: L.roll(t, shifts=shifts[0]), x, seed=seed)  # along the flattened tensor


@given(data=st.data(), seed=S.seeds, k=st.integers(-5, 5))
def test_rot90_matches_torch(data, seed, k):
    x = data.draw(S.array_and_dtype(S.shapes(min_dims=2, max_dims=4)))
    dims = data.draw(st.lists(st.integers(-x.ndim, x.ndim - 1), min_size=2, max_size=2, unique=True))
    check(lambda L, t: L.rot90(t, k, dims), x, seed=seed)
    check(lambda L, t: t.rot90(k=k), x, seed=seed)


@pytest.mark.parametrize("call", [lambda L, t: L.roll(t, (1, 2)), lambda L, t: L.roll(t, (1, 2), 0),
                                  lambda L, t: L.roll(t, 1, 3), lambda L, t: L.roll(t, []),
                                  lambda L, t: L.rot90(t[0]), lambda L, t: L.rot90(t, 1, [0, 0]),
                                  lambda L, t: L.rot90(t, 1, [0, 1, 2]), lambda L, t: L.rot90(t, 1, [0, 2])],
                         ids=["roll two shifts no dims", "roll shifts and dims differ", "roll dim out of range",
                              "roll no shifts", "rot90 of 1-D", "rot90 same dims", "rot90 three dims",
                              "rot90 dim out of range"])
def test_roll_and_rot90_refuse_what_torch_refuses(call):
    check(call, np.ones((2, 3)))


@pytest.mark.parametrize("shape, dims", [((3,), ()), ((3,), (0, -1)), ((2, 3), (1,)), ((2, 3), (0, 0))], ids=str)
def test_flatten_with_nothing_to_merge_returns_the_tensor_itself_as_torch(shape, dims):
    import minigrad
    import torch
    for L in (torch, minigrad):
        x = L.ones(shape)
        assert x.flatten(*dims) is x


# split/chunk/unbind pieces share one node (PyTorch's SplitBackward0...): the pieces' gradients
# are joined once, with zeros for pieces no gradient reached

_PIECES = {
    "split": (lambda L, t: t.split(2, 1), "SplitBackward0"),
    "split_with_sizes": (lambda L, t: t.split([1, 3, 1], 1), "SplitWithSizesBackward0"),
    "chunk": (lambda L, t: t.chunk(3, 1), "SplitBackward0"),
    "chunk_of_an_empty_dim": (lambda L, t: t.chunk(2, 2), "SplitWithSizesBackward0"),
    "unbind": (lambda L, t: t.unbind(1), "UnbindBackward0"),
}
_PIECES_INPUT_SHAPE = {"chunk_of_an_empty_dim": (4, 5, 0)}


@pytest.mark.parametrize("name", list(_PIECES))
def test_pieces_name_their_node_like_torch(name):
    fn, torch_name = _PIECES[name]
    for L in (torch, minigrad):
        x = L.ones(*_PIECES_INPUT_SHAPE.get(name, (4, 5)), requires_grad=True)
        pieces = fn(L, x * 1)
        assert {p.grad_fn.name() for p in pieces} == {torch_name}
        assert [n.name() for n, _ in pieces[0].grad_fn.next_functions] == ["MulBackward0"]


@pytest.mark.parametrize("name", [n for n in _PIECES if n != "chunk_of_an_empty_dim"])
def test_gradient_of_some_pieces_only_matches_torch(name):
    fn = _PIECES[name][0]
    x = np.arange(20.0).reshape(4, 5)
    check(lambda L, t: fn(L, t)[1] * 3, x)
    check(lambda L, t: fn(L, t)[0].exp() + fn(L, t)[-1], x)


def test_a_piece_used_twice_gets_both_gradients_like_torch():
    x = np.arange(20.0).reshape(4, 5)
    check(lambda L, t: (lambda p: p[0] * p[0].sin() + p[2])(t.split(2, 1)), x)


def test_split_of_a_split_matches_torch():
    x = np.arange(24.0).reshape(4, 6)
    check(lambda L, t: L.cat(t.split(3, 1)[1].split(1, 0)[::-1], 1), x)


def test_second_order_through_split_matches_torch():
    x = np.arange(1.0, 13.0).reshape(3, 4) / 7
    grads = []
    for L in (torch, minigrad):
        t = L.tensor(x, requires_grad=True)
        pieces = (t * t).split([1, 3], 1)
        g, = L.autograd.grad((pieces[1] ** 3).sum(), t, create_graph=True)
        g2, = L.autograd.grad((g * g).sum(), t)
        grads.append(g2.detach().numpy())
    np.testing.assert_allclose(grads[1], grads[0], rtol=1e-12)


def test_hooks_and_retain_grad_on_a_piece_see_its_gradient():
    x = minigrad.ones(2, 4, requires_grad=True)
    a, b = (x * 1).chunk(2, 1)
    seen = []
    a.register_hook(lambda g: seen.append(g.clone()) or g * 10)
    b.retain_grad()
    (a.sum() + (b * 2).sum()).backward()
    assert seen[0].tolist() == [[1.0, 1.0]] * 2
    assert b.grad.tolist() == [[2.0, 2.0]] * 2
    assert x.grad.tolist() == [[10.0, 10.0, 2.0, 2.0]] * 2


def test_pieces_are_views_sharing_storage_and_version():
    x = minigrad.zeros(3, 4)
    left, right = x.split(2, 1)
    right.fill_(5.0)
    assert x.tolist() == [[0.0, 0.0, 5.0, 5.0]] * 3
    assert left._version_count == x._version_count == 1
    assert left.grad_fn is None and not left.requires_grad


def test_pieces_of_a_tensor_requiring_grad_are_views_too():
    x = minigrad.zeros(3, 4, requires_grad=True)
    y = x * 1
    left, right = y.split(2, 1)
    right.data.fill_(5.0)
    assert y.tolist() == [[0.0, 0.0, 5.0, 5.0]] * 3


@pytest.mark.parametrize("pieces", ["y.split(2, 1)", "y.chunk(2, 1)", "y.split([1, 3], 1)", "y.unbind(1)"])
def test_an_in_place_change_of_a_piece_in_the_graph_raises_as_torch(pieces):
    """The views split, chunk and unbind return together may not be changed in place where a
    gradient flows (PyTorch's error names the function); outside the graph they may."""
    for L in (torch, minigrad):
        y = L.ones(2, 4, requires_grad=True) * 1
        with pytest.raises(RuntimeError, match=r"Output 0 of \w+ is a view and is being modified inplace"):
            eval(pieces)[0].mul_(3)
        with L.no_grad():
            eval(pieces)[0].mul_(3)


def test_unbind_along_an_empty_dim_gives_no_pieces_and_leaves_the_graph_alone():
    for L in (torch, minigrad):
        x = L.ones(2, 0, requires_grad=True)
        y = x * 2
        assert y.unbind(1) == ()
        y.sum().backward()
        assert x.grad.shape == (2, 0)


@pytest.mark.parametrize("kwargs", [{}, {"dim": 0}, {"n": 2}, {"n": 5}, {"prepend": "zeros21"},
                                    {"append": "zeros22", "n": 3}], ids=str)
def test_diff_and_its_gradient_match_torch(kwargs):
    def call(L, t):
        extra = {k: (L.zeros(2, int(v[-1])) if isinstance(v, str) else v) for k, v in kwargs.items()}
        return L.diff(t, **extra)
    check(call, np.array([[1.0, 4, 9, 16], [2, 3, 5, 7]]))


def test_diff_of_integers_and_bools_matches_torch():
    check(lambda L, t: t.diff(), np.array([1, 5, 2]))
    check(lambda L, t: t.diff(), np.array([True, False, False]))


def test_diff_of_a_0d_tensor_or_a_negative_order_raises_like_torch():
    check_raises(lambda L, t: t.diff(), np.array(1.0))
    check_raises(lambda L, t: t.diff(n=-1), np.ones(3))


@pytest.mark.parametrize("kwargs", [{"n": 0}, {"n": 0, "dim": 5}, {"n": 0, "prepend": "zeros21"},
                                    {"n": 0, "dim": 0, "append": "zeros13"}], ids=str)
def test_diff_of_order_zero_is_a_copy_of_the_input_as_torch(kwargs):
    def call(L, t):
        extra = {k: (L.zeros(int(v[-2]), int(v[-1])) if isinstance(v, str) else v) for k, v in kwargs.items()}
        return L.diff(t, **extra)
    check(call, np.array([[1.0, 4, 9, 16], [2, 3, 5, 7]]))


def test_diff_of_order_zero_does_not_alias_its_input():
    x = minigrad.ones(3)
    x.diff(n=0).add_(1)
    assert x.tolist() == [1.0, 1.0, 1.0]


@pytest.mark.parametrize("n", [0, 1])
@pytest.mark.parametrize("shape", [(4,), (3, 1), (2, 1, 1)], ids=str)
def test_diff_with_a_prepend_of_another_shape_raises_like_torch(n, shape):
    check_raises(lambda L, t, p: t.diff(n=n, dim=1, prepend=p), np.ones((2, 4)), np.ones(shape),
                 names=("prepend",))


@pytest.mark.parametrize("L", [minigrad, torch], ids=["minigrad", "torch"])
def test_tensor_broadcast_to_takes_the_size_as_ints_or_one_sequence(L):
    x = L.ones(3)
    assert x.broadcast_to(2, 3).shape == x.broadcast_to((2, 3)).shape == (2, 3)
    with pytest.raises(TypeError):
        L.broadcast_to(x, 2, 3)


@pytest.mark.parametrize("L", [minigrad, torch], ids=["minigrad", "torch"])
def test_broadcast_tensors_gives_back_a_tensor_already_of_the_shape_itself(L):
    y = L.ones(2, 3)
    a, b = L.broadcast_tensors(L.ones(3), y)
    assert b is y and a.shape == (2, 3)


@pytest.mark.parametrize("dim", [0, 1, 2, -1, -3])
def test_stack_of_strided_tensors_along_every_dim_matches_torchs_values_and_strides(dim):
    x = np.arange(24.0).reshape(4, 6)[::2, 1::2]  # (a non-contiguous input)
    out = check(lambda L, t: L.stack([t, t.t().t() * 2, t], dim), x)
    m = minigrad.tensor(x)
    assert minigrad.stack([m, m, m], dim).stride() == out.stride()


@pytest.mark.parametrize("dim", [0, -1])
def test_stack_of_0d_tensors_matches_torch(dim):
    check(lambda L, a, b: L.stack([a, b], dim), np.array(1.5), np.array(-2.0))


@pytest.mark.parametrize("shape", [(), (1,), (2, 1, 3), (1, 3, 1)], ids=str)
def test_squeeze_of_one_dim_gives_what_squeezing_it_as_a_tuple_gives_as_torch(shape):
    for dim in range(-max(len(shape), 1), max(len(shape), 1)):
        for L in (torch, minigrad):
            x = L.zeros(shape)
            assert x.squeeze(dim).shape == x.squeeze((dim,)).shape
        check(lambda L, t: t.squeeze(dim), np.arange(math.prod(shape), dtype=float).reshape(shape))


@pytest.mark.parametrize("sizes", [(3, 2), ((3, 2),), ([3, -1],), (np.int64(3), 2), (torch.Size([3, 2]),)], ids=str)
def test_reshape_takes_sizes_of_any_form_as_torch(sizes):
    check(lambda L, t: t.reshape(*(L.Size(s) if isinstance(s, torch.Size) else s for s in sizes)), np.ones((2, 3)))
