"""Random programs: chains of ops whose intermediate results are reused
(shared subgraphs, fan-out, broadcasting between a tensor and a row),
compared with PyTorch forward and backward. Finds engine bugs single-op
tests cannot: gradient summation at shared nodes, dtype flow, order."""
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from . import strategies as S
from .helpers import check, check_raises

UNARY = [
    lambda L, a: a.tanh(), lambda L, a: a.sigmoid(), lambda L, a: a.relu(), lambda L, a: -a,
    lambda L, a: a.abs(), lambda L, a: a.sin(), lambda L, a: (a * 0.1).exp(),
    lambda L, a: a.softmax(-1), lambda L, a: a.clamp(-1.0, 1.0), lambda L, a: a * 2.0,
    lambda L, a: a.sum(-1, keepdim=True), lambda L, a: a.mean(0, keepdim=True),
    lambda L, a: a.max(-1, keepdim=True)[0], lambda L, a: (a * a + 1.0).sqrt(),
    lambda L, a: a.transpose(0, 1).transpose(0, 1), lambda L, a: a[:, :1] * a,
    lambda L, a: a.reshape(-1).reshape(a.shape), lambda L, a: a.log_softmax(0),
]
BINARY = [
    lambda L, a, b: a + b, lambda L, a, b: a - b, lambda L, a, b: a * b,
    lambda L, a, b: a / (b.abs() + 1.0), lambda L, a, b: L.maximum(a, b), lambda L, a, b: L.minimum(a, b),
    lambda L, a, b: L.where(a > b, a, b * 0.5), lambda L, a, b: a @ b.transpose(0, 1) @ a * 0.1
    if a.shape == b.shape else a + b,
]


@st.composite
def programs(draw):
    n_ops = draw(st.integers(1, 12))
    prog = []
    for k in range(n_ops):
        pool = 2 + k  # two inputs plus every result so far
        if draw(st.booleans()):
            prog.append(("u", draw(st.integers(0, len(UNARY) - 1)), draw(st.integers(0, pool - 1))))
        else:
            prog.append(("b", draw(st.integers(0, len(BINARY) - 1)),
                         draw(st.integers(0, pool - 1)), draw(st.integers(0, pool - 1))))
    return prog


def run(L, prog, x, row):
    vals = [x, row]
    for step in prog:
        if step[0] == "u":
            vals.append(UNARY[step[1]](L, vals[step[2]]))
        else:
            vals.append(BINARY[step[1]](L, vals[step[2]], vals[step[3]]))
    # every result feeds the output: fan-out everywhere
    out = vals[-1]
    for v in vals[2:-1]:
        out = out + v.sum() * 0.01
    return out


@settings(max_examples=40)
@given(prog=programs(), data=st.data(), seed=S.seeds, dtype=S.float_dtypes)
def test_random_programs_match_torch(prog, data, seed, dtype):
    n, m = data.draw(st.integers(1, 3)), data.draw(st.integers(1, 3))
    x = data.draw(S.arrays(dtype, (n, m), -2, 2))
    row = data.draw(S.arrays(dtype, (data.draw(st.sampled_from([1, n])), m), -2, 2))
    check(lambda L, a, b: run(L, prog, a, b), x, row, seed=seed, atol_scale=100)


@pytest.mark.parametrize("value", [1, 0.5, -2.0], ids=str)
@pytest.mark.parametrize("name", ["addcmul", "addcdiv"])
def test_addcmul_and_addcdiv_broadcast_and_differentiate_as_torch(name, value):
    rng = np.random.default_rng(0)
    check(lambda L, a, b, c: getattr(L, name)(a, b, c, value=value), rng.standard_normal(3),
          rng.standard_normal((2, 3)), rng.uniform(0.5, 2.0, (2, 1)))
    check(lambda L, a, b, c: getattr(a, name)(b, c, value=value), rng.standard_normal((2, 3)),
          rng.standard_normal((2, 3)), rng.uniform(0.5, 2.0, 3))


@pytest.mark.parametrize("weight", [0.25, 0.75, -0.6, "tensor"], ids=str)
def test_lerp_from_the_nearer_end_matches_torch(weight):
    rng = np.random.default_rng(1)
    start, end = rng.standard_normal((2, 3)), rng.standard_normal((2, 3))
    if weight == "tensor":
        check(lambda L, a, b, w: L.lerp(a, b, w), start, end, np.array([0.1, 0.5, 0.9]))
    else:
        check(lambda L, a, b: a.lerp(b, weight), start, end)


NON_TENSOR_CALLS = {
    "addcmul": lambda L, t: L.addcmul(t, 1.0, t), "addcdiv": lambda L, t: L.addcdiv(t, t, 2),
    "lerp": lambda L, t: L.lerp(t, 3.0, 0.5),
}


@pytest.mark.parametrize("call", sorted(NON_TENSOR_CALLS))
def test_pointwise_compositions_of_a_non_tensor_raise_type_error(call):
    check_raises(NON_TENSOR_CALLS[call], np.ones(2))


@pytest.mark.parametrize("form", ["function", "in_place"])
@pytest.mark.parametrize("dtypes", [("int64", "int64"), ("int64", "bool"), ("bool", "int32")], ids=str)
def test_addcdiv_of_two_integer_operands_raises_runtime_error_as_torch(form, dtypes):
    x = np.ones((2, 3))
    t1, t2 = np.arange(6).reshape(2, 3).astype(dtypes[0]), np.full((2, 3), 2).astype(dtypes[1])
    if form == "function":
        check_raises(lambda L, a, b, c: L.addcdiv(a, b, c), x, t1, t2, names=("Integer division with addcdiv",))
    else:
        check_raises(lambda L, a, b, c: a.clone().addcdiv_(b, c), x, t1, t2, names=("Integer division with addcdiv",))


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_addcdiv_in_place_rounds_value_times_tensor1_then_divides_as_torchs_kernel(dtype):
    import torch
    import minigrad
    rng = np.random.default_rng(0)
    s, a, b = (rng.normal(size=500).astype(dtype) for _ in range(3))
    want = torch.from_numpy(s.copy()).addcdiv_(torch.from_numpy(a), torch.from_numpy(b), value=0.37)
    got = minigrad.tensor(s).addcdiv_(minigrad.tensor(a), minigrad.tensor(b), value=0.37)
    np.testing.assert_array_equal(got.numpy(), want.numpy())  # bitwise: an optimizer's update repeats it


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_addcmul_in_place_rounds_value_times_tensor1_first_as_torchs_kernel(dtype):
    # (PyTorch's CPU kernel then fuses the product and the sum in one FMA, which NumPy cannot do
    # without float64 round trips: from a zero input, where the FMA rounds once, the two agree bitwise)
    import torch
    import minigrad
    rng = np.random.default_rng(1)
    a = rng.normal(size=500).astype(dtype)
    want = torch.zeros(500, dtype=getattr(torch, dtype)).addcmul_(torch.from_numpy(a), torch.from_numpy(a), value=1 - 0.999)
    got = minigrad.zeros(500, dtype=getattr(minigrad, dtype)).addcmul_(minigrad.tensor(a), minigrad.tensor(a), value=1 - 0.999)
    np.testing.assert_array_equal(got.numpy(), want.numpy())
