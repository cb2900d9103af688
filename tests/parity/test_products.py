"""Products against PyTorch: the add* family (beta, alpha, beta=0 ignoring NaN), chains of
matrix products, tensordot/inner/vdot/vecdot, kron, cross, diagonal embeddings, matrix_power,
vander, cov and corrcoef (values, shapes, dtypes and every input's gradient; errors by type)."""
import warnings

import numpy as np
import pytest
from hypothesis import assume, given, strategies as st

import minigrad
import torch as torch_lib

from . import strategies as S
from .helpers import check, check_raises

factors = st.sampled_from([1, 0, 0.5, -2.0])


def _arrays(data, dtype, *shapes, low=-3.0, high=3.0):
    return [data.draw(S.arrays(dtype, s, low, high)) for s in shapes]


@given(data=st.data(), seed=S.seeds, beta=factors, alpha=factors)
def test_addmv_addr_addmm_match_torch(data, seed, beta, alpha):
    dtype = data.draw(S.float_dtypes)
    n, k = data.draw(st.integers(1, 4)), data.draw(st.integers(1, 4))
    out_shape = data.draw(S.shapes_broadcasting_to((n,)))
    inp, mat, vec = _arrays(data, dtype, out_shape, (n, k), (k,))
    check(lambda L, i, a, v: L.addmv(i, a, v, beta=beta, alpha=alpha), inp, mat, vec, seed=seed)
    inp, v1, v2 = _arrays(data, dtype, data.draw(S.shapes_broadcasting_to((n, k))), (n,), (k,))
    check(lambda L, i, a, b: L.addr(i, a, b, beta=beta, alpha=alpha), inp, v1, v2, seed=seed)
    check(lambda L, i, a, b: i.addr(a, b, beta=beta, alpha=alpha), inp, v1, v2, seed=seed)
    inp, m1, m2 = _arrays(data, dtype, data.draw(S.shapes_broadcasting_to((n, 2))), (n, k), (k, 2))
    check(lambda L, i, a, b: L.addmm(i, a, b, beta=beta, alpha=alpha), inp, m1, m2, seed=seed)


@given(data=st.data(), seed=S.seeds, beta=factors, alpha=factors)
def test_baddbmm_addbmm_match_torch(data, seed, beta, alpha):
    dtype = data.draw(S.float_dtypes)
    b, n, k, p = (data.draw(st.integers(1, 3)) for _ in range(4))
    inp, b1, b2 = _arrays(data, dtype, data.draw(S.shapes_broadcasting_to((b, n, p))), (b, n, k), (b, k, p))
    check(lambda L, i, x, y: L.baddbmm(i, x, y, beta=beta, alpha=alpha), inp, b1, b2, seed=seed)
    inp = data.draw(S.arrays(dtype, data.draw(S.shapes_broadcasting_to((n, p)))))
    check(lambda L, i, x, y: L.addbmm(i, x, y, beta=beta, alpha=alpha), inp, b1, b2, seed=seed)
    check(lambda L, i, x, y: i.addbmm(x, y, beta=beta, alpha=alpha), inp, b1, b2, seed=seed)


@pytest.mark.parametrize("name, shapes", [("addmv", [(2,), (2, 3), (3,)]), ("addr", [(2, 3), (2,), (3,)]),
                                          ("addmm", [(2, 4), (2, 3), (3, 4)]),
                                          ("baddbmm", [(2, 2, 4), (2, 2, 3), (2, 3, 4)]),
                                          ("addbmm", [(2, 4), (2, 2, 3), (2, 3, 4)])])
def test_beta_zero_ignores_nan_in_input_but_gives_it_a_zero_gradient_like_torch(name, shapes):
    inp = np.full(shapes[0], np.nan)
    others = [np.random.default_rng(0).normal(size=s) for s in shapes[1:]]
    check(lambda L, i, a, b: getattr(L, name)(i, a, b, beta=0), inp, *others)


@pytest.mark.parametrize("shapes", [[(3,), (3,)], [(2, 3), (3,)], [(0, 3), (2, 3, 4)], [(2, 3), (4, 5)], [(), (3,)]],
                         ids=str)
def test_linalg_matmul_is_matmul_as_torch(shapes):
    check(lambda L, a, b: L.linalg.matmul(a, b), *[np.random.default_rng(0).normal(size=s) for s in shapes])


def test_add_products_of_bad_shapes_and_dtypes_raise_like_torch():
    check_raises(lambda L, i, a, v: L.addmv(i, a, v), np.ones(2), np.ones((2, 3)), np.ones(4))
    check_raises(lambda L, i, a, v: L.addmv(i, a, v), np.ones(2), np.ones((2, 3)), np.ones(3, np.float32))
    check_raises(lambda L, i, a, b: L.baddbmm(i, a, b), np.ones((5, 2, 3)), np.ones((4, 2, 5)), np.ones((4, 5, 3)))
    check_raises(lambda L, i, a, b: L.addbmm(i, a, b), np.ones((2, 3)), np.ones((4, 2, 5)), np.ones((3, 5, 3)))
    check_raises(lambda L, i, a, b: L.addr(i, a, b, alpha=True), np.ones((2, 3)), np.ones(2), np.ones(3))


def test_add_products_of_integers_match_torch():
    ints = [np.arange(2), np.arange(6).reshape(2, 3), np.arange(3)]
    check(lambda L, i, a, v: L.addmv(i, a, v, beta=2, alpha=3), *ints)
    bools = [np.ones((2, 3), bool), np.array([True, False]), np.array([False, True, True])]
    check(lambda L, i, a, b: L.addr(i, a, b, beta=False), *bools)
    check(lambda L, i, a, b: L.addr(i, a, b, beta=3, alpha=2), *bools)


_ADD_PRODUCTS = [("addmv", [(2,), (2, 3), (3,)]), ("addr", [(2, 3), (2,), (3,)]), ("addmm", [(2, 4), (2, 3), (3, 4)]),
                 ("baddbmm", [(2, 2, 4), (2, 2, 3), (2, 3, 4)]), ("addbmm", [(2, 4), (2, 2, 3), (2, 3, 4)])]


@pytest.mark.parametrize("beta, alpha", [(1 + 2j, 2 - 1j), (2.5, 0.5), (0, 1j), (1j, 0)])
@pytest.mark.parametrize("name, shapes", _ADD_PRODUCTS)
def test_add_products_of_complex_tensors_take_complex_and_fractional_factors_like_torch(name, shapes, beta, alpha):
    rng = np.random.default_rng(0)
    arrays = [rng.normal(size=s) + 1j * rng.normal(size=s) for s in shapes]
    check(lambda L, i, a, b: getattr(L, name)(i, a, b, beta=beta, alpha=alpha), *arrays)


def _error(fn):
    try:
        fn()
    except Exception as error:  # noqa: BLE001  (compared with PyTorch's)
        return type(error).__name__, str(error)
    raise AssertionError("no error")


@pytest.mark.parametrize("dtypes", [("float32", "float32", "float64"), ("float32", "float64", "float32"),
                                    ("float64", "float64", "float32"), ("int64", "float32", "float32"),
                                    ("float32", "int64", "int64"), ("bool", "bool", "bool")], ids=str)
@pytest.mark.parametrize("name, shapes", [p for p in _ADD_PRODUCTS if p[0] != "addr"])
def test_add_products_of_mixed_or_bool_dtypes_raise_torchs_error(name, shapes, dtypes):
    errors = [_error(lambda: getattr(L, name)(*[L.ones(s, dtype=getattr(L, d)) for s, d in zip(shapes, dtypes)]))
              for L in (minigrad, torch_lib)]
    assert errors[0] == errors[1]


@pytest.mark.parametrize("dtypes", [(np.float32, np.float32, np.float64), (np.int64, np.float32, np.float32),
                                    (np.float32, np.int64, np.int64)], ids=str)
def test_addr_of_mixed_dtypes_promotes_as_torch(dtypes):
    rng = np.random.default_rng(0)
    arrays = [(rng.normal(size=s) * 3).astype(d) for s, d in zip([(2, 3), (2,), (3,)], dtypes)]
    check(lambda L, i, a, b: L.addr(i, a, b, alpha=2), *arrays)


@pytest.mark.parametrize("call", [
    lambda L: L.addmm(L.ones(3), [[1.0]], L.ones(4, 3)), lambda L: L.addmm(L.ones(3), L.ones(2, 4), [[1.0]]),
    lambda L: L.addmv(L.ones(2), [[1.0]], L.ones(4)), lambda L: L.baddbmm(L.ones(3), [[1.0]], L.ones(4)),
    lambda L: L.addmv(L.ones(3), L.ones(2, 4), L.ones(4)), lambda L: L.addmv(L.ones(2, 1), L.ones(2, 4), L.ones(4)),
    lambda L: L.addmm(L.ones(1, 2, 3), L.ones(2, 4), L.ones(4, 3)),
    lambda L: L.addbmm(L.ones(3, 3), L.ones(5, 2, 4), L.ones(5, 4, 3))])
def test_add_products_of_bad_arguments_raise_torchs_error(call):
    assert _error(lambda: call(minigrad)) == _error(lambda: call(torch_lib))


@pytest.mark.parametrize("factor", ["beta", "alpha"])
@pytest.mark.parametrize("name, shapes", _ADD_PRODUCTS)
def test_add_products_of_real_tensors_refuse_a_complex_factor_like_torch(name, shapes, factor):
    for dtype in (np.float32, np.float64, np.int64):
        arrays = [np.ones(s, dtype) for s in shapes]
        check_raises(lambda L, i, a, b: getattr(L, name)(i, a, b, **{factor: 1j}), *arrays)


def test_addr_of_integers_refuses_a_floating_point_factor_like_torch():
    ints = [np.ones((2, 3), np.int64), np.arange(2), np.arange(3)]
    check_raises(lambda L, i, a, b: L.addr(i, a, b, alpha=2.5), *ints)
    check_raises(lambda L, i, a, b: L.addr(i, a, b, beta=0.5, alpha=2j), *ints)
    bools = [np.ones((2, 3), bool), np.array([True, False]), np.array([False, True, True])]
    check_raises(lambda L, i, a, b: L.addr(i, a, b, beta=2.5), *bools)


def test_addr_of_bools_with_alpha_false_keeps_the_products_shape_like_torch():
    bools = [np.array([True, False, True]), np.array([True, False]), np.array([False, True, True])]
    check(lambda L, i, a, b: L.addr(i, a, b, alpha=False), *bools)
    check(lambda L, i, a, b: L.addr(i, a, b, beta=False, alpha=0), *bools)


@st.composite
def chain_shapes(draw, min_count=2):
    """Shapes of 2-D matrices that multiply in a chain."""
    sides = draw(st.lists(st.integers(1, 5), min_size=min_count + 1, max_size=6))
    return [(a, b) for a, b in zip(sides, sides[1:])]


@given(data=st.data(), seed=S.seeds)
def test_multi_dot_matches_torch(data, seed):
    dtype = data.draw(S.float_dtypes)
    shapes = data.draw(chain_shapes())
    if data.draw(st.booleans()):
        shapes[0] = shapes[0][1:]
    if data.draw(st.booleans()):
        shapes[-1] = shapes[-1][:1]
    xs = _arrays(data, dtype, *shapes)
    check(lambda L, *ts: L.linalg.multi_dot(ts), *xs, seed=seed)


@given(data=st.data(), seed=S.seeds)
def test_chain_matmul_matches_torch(data, seed):
    xs = _arrays(data, np.float64, *data.draw(chain_shapes(min_count=1)))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        check(lambda L, *ts: L.chain_matmul(*ts), *xs, seed=seed)


def test_chain_matmul_warns_it_is_deprecated_like_torch():
    a = minigrad.ones(2, 2)
    with pytest.warns(UserWarning, match="torch.chain_matmul is deprecated"):
        minigrad.chain_matmul(a, a)


def test_multi_dot_refuses_what_torch_refuses():
    check_raises(lambda L, a: L.linalg.multi_dot([a]), np.ones((2, 2)))
    check_raises(lambda L, a, b: L.linalg.multi_dot([a, b]), np.ones((2, 3)), np.ones((2, 3)))
    check_raises(lambda L, a, b, c: L.linalg.multi_dot([a, b, c]), np.ones((2, 2)), np.ones(2), np.ones((2, 2)))
    check_raises(lambda L, a, b: L.linalg.multi_dot([a, b]), np.ones((2, 2)), np.ones((2, 2), np.float32))


@given(data=st.data(), seed=S.seeds)
def test_tensordot_matches_torch(data, seed):
    dtype = data.draw(S.float_dtypes)
    a_shape = data.draw(S.shapes(max_dims=3, max_side=3))
    n = data.draw(st.integers(0, len(a_shape)))
    b_shape = a_shape[len(a_shape) - n:] + data.draw(S.shapes(max_dims=2, max_side=3))
    a, b = _arrays(data, dtype, a_shape, b_shape)
    check(lambda L, x, y: L.tensordot(x, y, n), a, b, seed=seed)
    check(lambda L, x, y: L.tensordot(x, y, dims=n), a, b, seed=seed)
    pairs = data.draw(st.permutations(list(range(len(a_shape)))))[:data.draw(st.integers(0, len(a_shape)))]
    b2_shape = tuple(a_shape[d] for d in pairs)
    a, b = _arrays(data, dtype, a_shape, b2_shape)
    dims_b = list(range(len(pairs)))
    check(lambda L, x, y: L.tensordot(x, y, (list(pairs), dims_b)), a, b, seed=seed)


def test_tensordot_sums_a_size_one_contracted_dim_away_like_torch():
    check(lambda L, x, y: L.tensordot(x, y, ([1], [0])), np.ones((2, 1)) * 3.0, np.arange(8.0).reshape(4, 2))


@pytest.mark.parametrize("dtype", [np.int32, np.int16, np.uint8, np.int64], ids=lambda d: d.__name__)
def test_tensordot_of_integers_over_a_size_one_dim_keeps_their_dtype_like_torch(dtype):
    # (the side summed over the size-1 dim once became int64, and the product then refused the pair)
    a, b = np.array([[[-1]], [[2]]]).astype(dtype), np.array([[[3, -1]], [[1, 1]]]).astype(dtype)
    check(lambda L, x, y: L.tensordot(x, y, dims=([1, 2], [1, 0])), a, b)
    check(lambda L, x, y: L.tensordot(x, y, dims=([2], [0])), a, b)


def test_tensordot_refuses_what_torch_refuses():
    a, b = np.ones((2, 3)), np.ones((3, 2))
    check_raises(lambda L, x, y: L.tensordot(x, y, -1), a, b)
    check_raises(lambda L, x, y: L.tensordot(x, y, 3), a, b)
    check_raises(lambda L, x, y: L.tensordot(x, y, ([0], [0])), a, b)
    check_raises(lambda L, x, y: L.tensordot(x, y, ([0, 0], [0, 1])), a, b)
    check_raises(lambda L, x, y: L.tensordot(x, y, 1), a, b.astype(np.float32))


@given(data=st.data(), seed=S.seeds)
def test_inner_matches_torch(data, seed):
    dtype = data.draw(S.float_dtypes)
    a_shape = data.draw(S.shapes(max_dims=3, max_side=3))
    b_shape = data.draw(S.shapes(max_dims=2, max_side=3))
    if a_shape and b_shape:
        b_shape = b_shape[:-1] + a_shape[-1:]
    a, b = _arrays(data, dtype, a_shape, b_shape)
    check(lambda L, x, y: L.inner(x, y), a, b, seed=seed)
    check(lambda L, x, y: x.inner(y), a, b, seed=seed)


def test_inner_of_unequal_last_dims_raises_like_torch():
    check_raises(lambda L, x, y: L.inner(x, y), np.ones((2, 3)), np.ones(4))


@given(data=st.data(), seed=S.seeds)
def test_vdot_and_vecdot_match_torch(data, seed):
    dtype = data.draw(S.float_dtypes)
    n = data.draw(st.integers(0, 5))
    a, b = _arrays(data, dtype, (n,), (n,))
    check(lambda L, x, y: L.vdot(x, y), a, b, seed=seed)
    x_shape, y_shape = data.draw(S.broadcastable_shapes(2, min_dims=1, max_dims=3))
    dim = data.draw(S.single_dim(max(len(x_shape), len(y_shape))))
    a, b = _arrays(data, dtype, x_shape, y_shape)
    check(lambda L, x, y: L.linalg.vecdot(x, y, dim=dim), a, b, seed=seed)


def test_vdot_and_vecdot_refuse_what_torch_refuses():
    check_raises(lambda L, x, y: L.vdot(x, y), np.ones(3), np.ones(3, np.float32))
    check_raises(lambda L, x, y: L.vdot(x, y), np.ones((2, 2)), np.ones((2, 2)))
    check_raises(lambda L, x, y: L.linalg.vecdot(x, y), np.ones(3), np.ones(3, np.float32))
    check_raises(lambda L, x, y: L.linalg.vecdot(x, y), np.ones(3, np.int64), np.ones(3, np.int64))


@given(data=st.data(), seed=S.seeds)
def test_kron_matches_torch(data, seed):
    dtype = data.draw(S.float_dtypes)
    shapes = [data.draw(S.shapes(max_dims=3, max_side=3)) for _ in range(2)]
    a, b = _arrays(data, dtype, *shapes)
    check(lambda L, x, y: L.kron(x, y), a, b, seed=seed)


def test_kron_promotes_like_torch():
    check(lambda L, x, y: L.kron(x, y), np.arange(2, dtype=np.int32), np.ones((2, 2), np.float32))


@given(data=st.data(), seed=S.seeds)
def test_cross_and_linalg_cross_match_torch(data, seed):
    dtype = data.draw(S.float_dtypes)
    shape = list(data.draw(S.shapes(min_dims=1, max_dims=3, max_side=3)))
    dim = data.draw(S.single_dim(len(shape)))
    shape[dim] = 3
    other = [1 if s != 3 and data.draw(st.booleans()) else s for s in shape]
    a, b = _arrays(data, dtype, tuple(shape), tuple(other))
    check(lambda L, x, y: L.cross(x, y, dim=dim), a, b, seed=seed)
    check(lambda L, x, y: x.cross(y, dim), a, b, seed=seed)
    check(lambda L, x, y: L.linalg.cross(x, y, dim=dim), a, b, seed=seed)


def test_cross_without_dim_takes_the_first_dim_of_size_3_and_warns_like_torch():
    a, b = np.arange(18.0).reshape(2, 3, 3), np.ones((2, 3, 3))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        check(lambda L, x, y: L.cross(x, y), a, b)
    with pytest.warns(UserWarning, match="Using torch.cross without specifying the dim arg is deprecated"):
        minigrad.cross(minigrad.ones(3), minigrad.ones(3))


def test_cross_refuses_what_torch_refuses():
    check_raises(lambda L, x, y: L.linalg.cross(x, y), np.ones((2, 3)), np.ones(3))
    check_raises(lambda L, x, y: L.linalg.cross(x, y), np.ones((2, 2)), np.ones((2, 2)))
    check_raises(lambda L, x, y: L.linalg.cross(x, y), np.ones((2, 3)), np.ones((2, 3), np.float32))


@given(data=st.data(), seed=S.seeds)
def test_diag_embed_and_diagflat_match_torch(data, seed):
    x = data.draw(S.array_and_dtype(S.shapes(max_dims=3, max_side=3)))
    offset = data.draw(st.integers(-3, 3))
    nd = x.ndim + 1
    dim1 = data.draw(st.integers(-nd, nd - 1))
    dim2 = data.draw(st.integers(-nd, nd - 1).filter(lambda d: d % nd != dim1 % nd))
    check(lambda L, t: L.diag_embed(t, offset, dim1, dim2), x, seed=seed)
    check(lambda L, t: t.diag_embed(offset=offset), x, seed=seed)
    check(lambda L, t: L.diagflat(t, offset), x, seed=seed)


SECOND_ORDER = {
    "diag_embed": (lambda L, a, b: L.diag_embed(a * b, 1, 0, -1) ** 2, [(2, 3), (3,)]),
    "diagflat": (lambda L, a, b: L.diagflat(a * a, -1) * b.sum(), [(2, 2), (2,)]),
    "addmv_beta_zero": (lambda L, i, a, v: L.addmv(i * i, a, v * v, beta=0, alpha=2) * i, [(2,), (2, 3), (3,)]),
    "baddbmm": (lambda L, i, a, b: L.baddbmm(i * i, a, b * b, beta=0.5), [(2, 1, 3), (2, 2, 2), (2, 2, 3)]),
    "addbmm": (lambda L, i, a, b: L.addbmm(i, a * a, b, alpha=-2) ** 2, [(2, 3), (2, 2, 2), (2, 2, 3)]),
    "tensordot": (lambda L, a, b: L.tensordot(a * a, b, ([0], [1])) ** 2, [(2, 3), (4, 2)]),
    "kron": (lambda L, a, b: L.kron(a, b) ** 2, [(2, 1), (3,)]),
    "cross": (lambda L, a, b: L.linalg.cross(a * a, b) * a.sum(), [(2, 3), (1, 3)]),
    "matrix_power": (lambda L, a, b: L.linalg.matrix_power(a * b, 5), [(2, 2), (2, 2)]),
    "multi_dot": (lambda L, a, b: L.linalg.multi_dot([a, b, a * a, b]), [(2, 3), (3, 2)]),
    "cov": (lambda L, a, w: L.cov(a, aweights=w * w + 1), [(2, 4), (4,)]),
    "corrcoef": (lambda L, a, b: L.corrcoef(a * b), [(3, 4), (4,)]),
    "vander": (lambda L, a, b: L.linalg.vander(a * b, N=4), [(3,), (1,)]),
}


@pytest.mark.parametrize("name", sorted(SECOND_ORDER))
def test_products_second_derivatives_match_torch(name):
    from .test_second_order import compare_higher
    fn, shapes = SECOND_ORDER[name]
    rng = np.random.default_rng(1)
    compare_higher(fn, *[rng.uniform(0.5, 1.5, s) * rng.choice([-1, 1], s) for s in shapes], order=2)


@given(data=st.data(), seed=S.seeds)
def test_linalg_diagonal_matches_torch(data, seed):
    x = data.draw(S.array_and_dtype(S.shapes(min_dims=2, max_dims=4, max_side=3)))
    offset = data.draw(st.integers(-3, 3))
    check(lambda L, t: L.linalg.diagonal(t), x, seed=seed)
    check(lambda L, t: L.linalg.diagonal(t, offset=offset, dim1=0, dim2=-1), x, seed=seed)


@given(data=st.data(), seed=S.seeds)
def test_matrix_power_matches_torch(data, seed):
    dtype = data.draw(S.float_dtypes)
    n = data.draw(st.integers(1, 3))
    batch = data.draw(S.shapes(max_dims=2, max_side=2))
    a = data.draw(S.arrays(dtype, batch + (n, n), -1.5, 1.5))
    power = data.draw(st.integers(0, 9))
    check(lambda L, t: L.linalg.matrix_power(t, power), a, seed=seed)


def test_matrix_power_refuses_what_torch_refuses():
    check_raises(lambda L, t: L.linalg.matrix_power(t, 2), np.ones((2, 3)))
    check_raises(lambda L, t: L.linalg.matrix_power(t, 2), np.ones(3))


@pytest.mark.parametrize("n", [-1, -2, -5])
def test_matrix_power_of_a_negative_power_is_the_inverses_power_as_torch(n):
    a = np.array([[[2.0, 1.0], [1.0, 3.0]], [[4.0, -1.0], [0.5, 2.0]]])
    check(lambda L, t: L.linalg.matrix_power(t, n), a)


@given(data=st.data(), seed=S.seeds)
def test_vander_matches_torch(data, seed):
    x = data.draw(S.array_and_dtype(S.shapes(max_dims=2, min_side=1, max_side=4), -2.0, 2.0))
    # PyTorch's vander is a cumprod, whose backward divides by x: at subnormal x (5e-324) its gradient
    # is not the derivative ([0, -1, 1] for an upstream gradient whose exact answer is g[:, 1])
    assume(x.dtype.kind != "f" or not np.any((x != 0) & (np.abs(x) < np.finfo(x.dtype).tiny)))
    N = data.draw(st.none() | st.integers(2, 5))
    if N is None and (x.ndim == 0 or x.shape[-1] < 2):
        N = 2
    check(lambda L, t: L.linalg.vander(t, N=N), x, seed=seed)


def test_vander_of_integers_and_too_few_columns_like_torch():
    check(lambda L, t: L.linalg.vander(t), np.arange(4))
    check_raises(lambda L, t: L.linalg.vander(t, N=1), np.ones(3))


@pytest.mark.parametrize("dtype", [np.int32, np.uint8, np.int8, np.int16], ids=lambda d: d.__name__)
@pytest.mark.parametrize("shape", [(), (3,), (2, 3)], ids=str)
def test_vander_of_narrow_integers_gives_int64_as_torch(dtype, shape):
    check(lambda L, t: L.linalg.vander(t, N=3), np.arange(int(np.prod(shape))).reshape(shape).astype(dtype))


@given(data=st.data(), seed=S.seeds)
def test_cov_and_corrcoef_match_torch(data, seed):
    dtype = data.draw(S.float_dtypes)
    shape = data.draw(st.sampled_from([(3,), (2, 4), (3, 5), (1, 3)]))
    x = data.draw(S.arrays(dtype, shape, -3.0, 3.0, allow_kinks=False))
    n = shape[-1]
    correction = data.draw(st.sampled_from([0, 1, 2]))
    fweights = data.draw(S.int_arrays((n,), 1, 3)) if data.draw(st.booleans()) else None
    aweights = data.draw(S.arrays(dtype, (n,), 0.5, 2.0, allow_kinks=False)) if data.draw(st.booleans()) else None
    check(lambda L, t, f, a: L.cov(t, correction=correction, fweights=f, aweights=a), x, fweights, aweights,
          seed=seed)
    spread = np.ptp(x.reshape(-1, n), axis=1) if x.size else np.ones(1)
    if np.all(np.abs(spread) >= 0.01):
        # (corrcoef's gradient grows as 1 / a row's spread, and where rows are perfectly correlated it
        # is zero up to rounding: below this spread both libraries return their own rounding noise,
        # scaled by up to 1e100, which no tolerance compares)
        check(lambda L, t: L.corrcoef(t), x, seed=seed)


def test_cov_refuses_what_torch_refuses():
    check_raises(lambda L, t: L.cov(t), np.ones((2, 2, 2)))
    check_raises(lambda L, t, f: L.cov(t, fweights=f), np.ones((2, 3)), np.ones(3))
    check_raises(lambda L, t, f: L.cov(t, fweights=f), np.ones((2, 3)), np.ones(2, np.int64))
    check_raises(lambda L, t, a: L.cov(t, aweights=a), np.ones((2, 3)), -np.ones(3))
    check_raises(lambda L, t: L.cov(t), np.ones((2, 3), bool))


@pytest.mark.parametrize("name, shapes", [("addmv", [(2,), (2, 3), (3,)]), ("addmm", [(2, 4), (2, 3), (3, 4)]),
                                          ("addbmm", [(2, 4), (2, 2, 3), (2, 3, 4)])])
def test_alpha_zero_ignores_nan_in_the_product_where_torch_calls_blas(name, shapes):
    inp, mat, other = (np.random.default_rng(0).normal(size=s) for s in shapes)
    mat[(0,) * mat.ndim] = np.nan
    check(lambda L, i, a, b: getattr(L, name)(i, a, b, alpha=0), inp, mat, other)


def test_addmm_of_mixed_dtypes_raises_like_torch():
    check_raises(lambda L, i, a, b: L.addmm(i, a, b), np.ones((2, 2)), np.ones((2, 3), np.float32),
                 np.ones((3, 2), np.float32))


@given(data=st.data(), seed=S.seeds)
def test_torch_vander_matches_torch(data, seed):
    x = data.draw(S.array_and_dtype(S.shapes(min_dims=1, max_dims=1, max_side=4), -2.0, 2.0))
    N = data.draw(st.none() | st.integers(0, 5))
    increasing = data.draw(st.booleans())
    # (values only: PyTorch 2.13's torch.vander backward raises about an in-place write of its own)
    check(lambda L, t: L.vander(t, N, increasing), x, seed=seed, backward=False)
    check(lambda L, t: L.vander(t, N=N, increasing=increasing), x, seed=seed, backward=False)
    if N is not None and N >= 2:  # the gradient is linalg.vander's, whose backward PyTorch has
        check(lambda L, t: L.vander(t, N, True) if L is minigrad else L.linalg.vander(t, N=N), x, seed=seed)


def test_torch_vander_of_integers_and_bad_input_like_torch():
    check(lambda L, t: L.vander(t), np.arange(4, dtype=np.int32))
    check(lambda L, t: L.vander(t, 3, True), np.array([True, False]))
    check_raises(lambda L, t: L.vander(t), np.ones((2, 2)))
    check_raises(lambda L, t: L.vander(t, -1), np.ones(2))


@pytest.mark.parametrize("name, shapes", [("addmv", [(2,), (2, 3), (3,)]), ("addr", [(2, 3), (2,), (3,)]),
                                          ("addmm", [(2, 4), (2, 3), (3, 4)]),
                                          ("baddbmm", [(2, 2, 4), (2, 2, 3), (2, 3, 4)]),
                                          ("addbmm", [(2, 4), (2, 2, 3), (2, 3, 4)]),
                                          ("addmv", [(1,), (2, 3), (3,)])])
@pytest.mark.parametrize("beta, alpha", [(1, 1), (0, 1), (0.5, 2.0)])
def test_add_products_name_their_node_as_torch(name, shapes, beta, alpha):
    rng = np.random.default_rng(0)
    names = []
    for L in (torch_lib, minigrad):
        args = [L.tensor(rng.normal(size=s), requires_grad=True) for s in shapes]
        names.append(getattr(L, name)(*args, beta=beta, alpha=alpha).grad_fn.name())
    assert names[1] == names[0]


def test_matrix_power_zero_names_its_node_as_torch():
    names = [L.linalg.matrix_power(L.ones((2, 3, 3), dtype=L.float64, requires_grad=True), 0).grad_fn.name()
             for L in (torch_lib, minigrad)]
    assert names[1] == names[0]
