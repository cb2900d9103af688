"""matmul against PyTorch: 1-D/2-D/batched operands with broadcasting batch
dims and size-0 dims, the @ operator and the Tensor method."""
import numpy as np
import pytest
from hypothesis import given, strategies as st

from . import strategies as S
from .helpers import check


@st.composite
def matmul_shapes(draw):
    """Operand shapes torch.matmul accepts: 1-D or 2-D or batched with
    broadcastable batch dims; inner dims agree (0 allowed)."""
    n, k, m = (draw(st.integers(0, 4)) for _ in range(3))
    kind_a = draw(st.sampled_from(["1d", "2d", "batched"]))
    kind_b = draw(st.sampled_from(["1d", "2d", "batched"]))
    ba, bb = draw(S.broadcastable_shapes(2, min_dims=1, max_dims=2, max_side=3))
    a = {"1d": (k,), "2d": (n, k), "batched": tuple(ba) + (n, k)}[kind_a]
    b = {"1d": (k,), "2d": (k, m), "batched": tuple(bb) + (k, m)}[kind_b]
    return a, b


def scale(a, b):
    k = a[-1] if a else 1
    return 10.0 * max(1.0, np.sqrt(k)) * 10.0


@given(data=st.data(), seed=S.seeds)
def test_matmul_matches_torch(data, seed):
    dtype = data.draw(S.float_dtypes)
    sa, sb = data.draw(matmul_shapes())
    a = data.draw(S.arrays(dtype, sa))
    b = data.draw(S.arrays(dtype, sb))
    s = scale(sa, sb)
    check(lambda L, x, y: L.matmul(x, y), a, b, seed=seed, atol_scale=s)
    check(lambda L, x, y: x @ y, a, b, seed=seed, atol_scale=s)
    check(lambda L, x, y: x.matmul(y), a, b, seed=seed, atol_scale=s)


@given(data=st.data(), seed=S.seeds)
def test_matmul_with_only_one_input_requiring_grad(data, seed):
    dtype = data.draw(S.float_dtypes)
    sa, sb = data.draw(matmul_shapes())
    a = data.draw(S.arrays(dtype, sa))
    b = data.draw(S.arrays(dtype, sb))
    s = scale(sa, sb)
    check(lambda L, x, y: x @ y, a, b, requires_grad=[True, False], seed=seed, atol_scale=s)
    check(lambda L, x, y: x @ y, a, b, requires_grad=[False, True], seed=seed, atol_scale=s)


@pytest.mark.parametrize("sa,sb", [((3,), (4,)), ((2, 3), (4, 5)), ((2, 2, 3), (3, 3, 1)),
                                   ((3,), (2, 4)), ((), (3,)), ((2, 3), ())])
def test_matmul_bad_shapes_raise_like_torch(sa, sb):
    check(lambda L, x, y: x @ y, np.ones(sa), np.ones(sb))


def test_matmul_mixed_dtypes_raise_like_torch():
    check(lambda L, x, y: x @ y, np.ones((2, 3), np.float32), np.ones((3, 2)))


@pytest.mark.parametrize("sa,sb", [((8, 64), (64, 16)), ((3, 1, 5, 32), (4, 32, 7)), ((128,), (128, 3)),
                                   ((2, 50), (50,)), ((0, 5), (5, 2)), ((2, 0), (0, 3))], ids=str)
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_larger_matmuls_match_torch(sa, sb, dtype):
    rng = np.random.default_rng(7)
    a = rng.standard_normal(sa).astype(dtype)
    b = rng.standard_normal(sb).astype(dtype)
    k = sa[-1]
    check(lambda L, x, y: x @ y, a, b, seed=3, atol_scale=4 * max(1.0, np.sqrt(k)))

