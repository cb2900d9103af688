"""Higher-order gradients through create_graph=True against PyTorch:
second (and for some ops third) derivatives of elementwise ops, matmul and
reductions, contracted with random directions."""
import numpy as np
import pytest
import torch
from hypothesis import given, settings, strategies as st

import minigrad

from . import strategies as S
from .helpers import assert_close, make_inputs, to_numpy


def _grads(L, outputs, inputs, grad_outputs, create_graph):
    return L.autograd.grad(outputs, inputs, grad_outputs=grad_outputs, create_graph=create_graph,
                           allow_unused=True)


def higher_order(L, fn, arrays, order, seed):
    """The list of gradient tuples of orders 1..order, each contracted with a
    random direction before differentiating again."""
    rng = np.random.default_rng(seed)
    inputs = make_inputs(L, arrays, [True] * len(arrays))
    out = fn(L, *inputs)
    results = []
    current = out
    for k in range(order):
        direction = L.tensor(rng.standard_normal(tuple(current.shape)).astype(arrays[0].dtype))
        grads = _grads(L, [current], inputs, [direction], create_graph=True)
        results.append(grads)
        # next level: a random contraction of all gradients that depend on the inputs
        terms = []
        for g in grads:
            if g is not None and g.requires_grad:
                w = L.tensor(rng.standard_normal(tuple(g.shape)).astype(arrays[0].dtype))
                terms.append((g * w).sum())
        if not terms or k == order - 1:
            break
        current = terms[0]
        for t in terms[1:]:
            current = current + t
    return results


def compare_higher(fn, *arrays, order=2, seed=0, atol_scale=1.0):
    t_res = higher_order(torch, fn, arrays, order, seed)
    m_res = higher_order(minigrad, fn, arrays, order, seed)
    # where one library's gradients stopped depending on the inputs, the
    # other's further orders must be zero
    for res, name in ((m_res, "minigrad"), (t_res, "torch")):
        for k in range(min(len(m_res), len(t_res)), len(res)):
            for i, g in enumerate(res[k]):
                assert g is None or not np.any(to_numpy(g)), \
                    f"{name}'s order {k + 1} grad of input {i}: expected 0, got {g!r}"
    for k, (mg, tg) in enumerate(zip(m_res, t_res)):
        for i, (m, t) in enumerate(zip(mg, tg)):
            what = f"order {k + 1} grad of input {i}"
            if t is None:
                # torch: unused; minigrad may give None or zeros
                assert m is None or not np.any(to_numpy(m)), f"{what}: torch None, minigrad {m!r}"
                continue
            assert m is not None, f"{what}: minigrad None, torch {t!r}"
            assert_close(to_numpy(m), to_numpy(t), atol_scale=atol_scale, what=what)


UNARY = {
    "exp": (lambda L, x: x.exp(), -3, 3), "log": (lambda L, x: x.log(), 0.2, 5),
    "sqrt": (lambda L, x: x.sqrt(), 0.2, 5), "sin": (lambda L, x: x.sin(), -5, 5),
    "cos": (lambda L, x: L.cos(x), -5, 5), "tanh": (lambda L, x: x.tanh(), -3, 3),
    "sigmoid": (lambda L, x: x.sigmoid(), -5, 5), "relu": (lambda L, x: x.relu() * x, -3, 3),
    "abs": (lambda L, x: x.abs() * x, -3, 3), "neg": (lambda L, x: -x * x, -3, 3),
    "pow3": (lambda L, x: x ** 3, -3, 3), "pow_half": (lambda L, x: x ** 0.5, 0.2, 5),
    "rdiv": (lambda L, x: 1.0 / x, 0.5, 3), "rpow": (lambda L, x: 2.0 ** x, -3, 3),
    "clamp": (lambda L, x: x.clamp(-1, 1) * x, -3, 3),
}


@pytest.mark.parametrize("name", sorted(UNARY))
@given(data=st.data(), seed=S.seeds)
@settings(max_examples=15)
def test_unary_third_derivatives_match_torch(name, data, seed):
    fn, low, high = UNARY[name]
    dtype = np.float64
    shape = data.draw(S.shapes(max_dims=2))
    x = data.draw(S.arrays(dtype, shape, low, high, allow_kinks=False))
    compare_higher(fn, x, order=3, seed=seed)


BINARY = {
    "add": lambda L, a, b: (a + b) * a, "sub": lambda L, a, b: (a - b) * b,
    "mul": lambda L, a, b: a * b * a, "div": lambda L, a, b: a / b,
    "pow": lambda L, a, b: a.abs() ** b, "maximum": lambda L, a, b: L.maximum(a, b) * a,
    "minimum": lambda L, a, b: L.minimum(a, b) * b, "where": lambda L, a, b: L.where(a > b, a * a, b * a),
}


@pytest.mark.parametrize("name", sorted(BINARY))
@given(data=st.data(), seed=S.seeds)
@settings(max_examples=15)
def test_binary_second_derivatives_with_broadcasting_match_torch(name, data, seed):
    s1, s2 = data.draw(S.broadcastable_shapes(max_dims=3, max_side=3))
    a = data.draw(S.arrays(np.float64, s1, 0.5, 3, allow_kinks=False))
    b = data.draw(S.arrays(np.float64, s2, -3, 3, allow_kinks=False))
    if name == "div":
        a, b = b, a
    compare_higher(BINARY[name], a, b, order=2, seed=seed)


@given(data=st.data(), seed=S.seeds)
@settings(max_examples=20)
def test_matmul_second_and_third_derivatives_match_torch(data, seed):
    n, k, m = (data.draw(st.integers(1, 3)) for _ in range(3))
    batch = data.draw(S.shapes(max_dims=1, max_side=2))
    a = data.draw(S.arrays(np.float64, tuple(batch) + (n, k), allow_kinks=False))
    b = data.draw(S.arrays(np.float64, (k, m), allow_kinks=False))
    compare_higher(lambda L, x, y: (x @ y) * (x @ y), a, b, order=3, seed=seed, atol_scale=100)
    v = data.draw(S.arrays(np.float64, (k,), allow_kinks=False))
    compare_higher(lambda L, x, y: (x @ y).tanh(), a, v, order=2, seed=seed, atol_scale=100)


@pytest.mark.parametrize("name, shapes", [("addmm", [(3,), (2, 4), (4, 3)]), ("addmv", [(1,), (2, 3), (3,)]),
                                          ("addr", [(2, 3), (2,), (3,)]), ("baddbmm", [(2, 3), (2, 2, 4), (2, 4, 3)]),
                                          ("addbmm", [(2, 1), (3, 2, 4), (3, 4, 2)])])
def test_add_products_second_and_third_derivatives_match_torch(name, shapes):
    rng = np.random.default_rng(0)
    arrays = [rng.standard_normal(s) for s in shapes]
    compare_higher(lambda L, i, a, b: getattr(L, name)(i, a, b, beta=0.5, alpha=-2.0) ** 2, *arrays, order=3)


REDUCTIONS = {
    "sum": lambda L, x: (x * x).sum(-1), "sum_all": lambda L, x: (x ** 3).sum(),
    "mean": lambda L, x: (x * x).mean(dim=0, keepdim=True), "var": lambda L, x: x.var(-1),
    "std": lambda L, x: x.std(), "max": lambda L, x: x.max(-1)[0] * x.sum(),
    "min": lambda L, x: (x.min() * x).sum(), "prod": lambda L, x: x.prod(-1),
    "logsumexp": lambda L, x: x.logsumexp(-1), "softmax": lambda L, x: x.softmax(-1),
    "log_softmax": lambda L, x: L.log_softmax(x, 0),
}


@pytest.mark.filterwarnings("ignore:.*degrees of freedom is <= 0:UserWarning")  # var/std of one element
@pytest.mark.parametrize("name", sorted(REDUCTIONS))
@given(data=st.data(), seed=S.seeds)
@settings(max_examples=15)
def test_reduction_second_and_third_derivatives_match_torch(name, data, seed):
    shape = data.draw(S.nonempty_shapes(min_dims=1, max_dims=2, max_side=3))
    x = data.draw(S.arrays(np.float64, shape, -2, 2, allow_kinks=False))
    if name == "prod":  # magnitudes away from 0 (p / x^3 is ill-conditioned), but exact zeros
        x = data.draw(S.hnp.arrays(np.float64, shape, elements=st.one_of(
            st.sampled_from([0.0, -1.0, 1.5]), st.floats(0.5, 2), st.floats(-2, -0.5))))
    if name == "std":
        x = x + 5 * np.arange(x.size).reshape(x.shape)  # away from std = 0: neighbours at least 1 apart
    compare_higher(REDUCTIONS[name], x, order=3, seed=seed, atol_scale=100)


@given(data=st.data(), seed=S.seeds)
@settings(max_examples=15)
def test_shape_and_index_ops_second_derivatives_match_torch(data, seed):
    x = data.draw(S.arrays(np.float64, (2, 3), allow_kinks=False))
    fn = lambda L, t: (t.t().reshape(6)[L.tensor([0, 0, 5])] ** 2).sum() * t.expand(2, 2, 3).sum(0)
    compare_higher(fn, x, order=2, seed=seed, atol_scale=100)
    fn2 = lambda L, t: L.cat([t, t * t], 0).permute(1, 0).unsqueeze(0).squeeze() ** 2
    compare_higher(fn2, x, order=3, seed=seed, atol_scale=100)
    fn3 = lambda L, t: L.roll(t * t, (1, -2), (0, 1)) * L.rot90(t, 1, (1, 0)).reshape(2, 3)
    compare_higher(fn3, x, order=3, seed=seed, atol_scale=100)


def test_second_derivative_via_backward_create_graph():
    for L in (minigrad, torch):
        x = L.tensor([1.0, 2.0], dtype=L.float64, requires_grad=True)
        y = (x ** 3).sum()
        (g,) = L.autograd.grad(y, x, create_graph=True)
        g.sum().backward()
        assert x.grad.tolist() == [6.0, 12.0]
    x = minigrad.tensor(1.5, requires_grad=True)
    y = x ** 4
    with pytest.warns(UserWarning, match="reference cycle between the parameter and its gradient"):
        y.backward(create_graph=True)  # (PyTorch's warning, as PyTorch gives it)
    gx = x.grad
    assert gx.requires_grad
    x.grad = None
    gx.backward()
    assert abs(x.grad.item() - 12 * 1.5 ** 2) < 1e-5


MORE = {
    "setitem": lambda L, x: _setitem(x),
    "inplace_view": lambda L, x: _inplace_view(x),
    "repeat_split": lambda L, x: L.stack(x.repeat(2, 1).split(1, 0), 0).sin() * x.sum(),
    "clamp_tensor": lambda L, x: L.clamp(x * x, min=x[0], max=x[1] + 2.0) * x,
    "pow_tensor": lambda L, x: (x.abs() + 0.5) ** (x * 0.5),
    "where_bcast": lambda L, x: L.where(x > 0, x * x, x[:1] ** 3),
    "matmul_1d": lambda L, x: (x[0] @ x[1]) * (x @ x[0]),
    # std's higher derivatives grow like 1/std^k: keep the spread away from 0 (x in [-1.5, 1.5]: the two
    # rows of each column are at least 1 apart once the second is shifted by 4)
    "var_correction": lambda L, x: x.var(1, correction=0, keepdim=True) * (x + L.tensor([[0.0], [4.0]])).std(0),
    "index_repeated": lambda L, x: (x[L.tensor([0, 0, 1]), L.tensor([1, 1, 0])] ** 3).sum() * x,
    "log_softmax_chain": lambda L, x: x.log_softmax(0).exp().logsumexp(1),
    "dist_of_related_inputs": lambda L, x: L.dist(x, x.sin() + 2.0) * x,
    "gather": lambda L, x: (L.gather(x, 1, L.tensor([[2, 0, 2], [1, 1, 0]])) ** 3).sum() * x,
    "gather_of_a_corner": lambda L, x: L.gather(x * x, 0, L.tensor([[1, 0]])).sum() * x,
    "weighted_cross_entropy": lambda L, x: L.nn.functional.cross_entropy(
        x * x, L.tensor([2, 0]), weight=L.tensor([1.0, 2.0, 0.5], dtype=L.float64)) * x,
    "nll_loss": lambda L, x: L.nn.functional.nll_loss(x.log_softmax(1) * x, L.tensor([2, 0]), reduction="none") ** 2,
}


def _setitem(x):
    y = x * 1.0
    y[0, 1:] = x[1, :2] ** 2
    return y * y


def _inplace_view(x):
    y = x * x
    y[:, 0].mul_(x[:, 1])
    return y.exp()


@pytest.mark.parametrize("name", sorted(MORE))
@given(data=st.data(), seed=S.seeds)
@settings(max_examples=10)
def test_composite_second_and_third_derivatives_match_torch(name, data, seed):
    x = data.draw(S.arrays(np.float64, (2, 3), -1.5, 1.5, allow_kinks=False))
    compare_higher(MORE[name], x, order=3, seed=seed, atol_scale=100)


@pytest.mark.parametrize("expr", ["x ** 3", "x.pow(2)", "L.cat([x, x]) ** 2", "x.cumsum(0) ** 2", "x ** 4", "1 / x"])
def test_repeated_derivatives_stay_in_the_graph_as_torch(expr):
    """d/dx of x ** 2 is 2 * x ** 1 in PyTorch (not x + x), so the third derivative is a graph
    (zero, requiring grad) and a fourth can be taken."""
    results = []
    for L in (torch, minigrad):
        x = L.tensor([2.0], requires_grad=True)
        y, steps = eval(expr).sum(), []
        try:
            for _ in range(4):
                (y,) = L.autograd.grad(y, x, create_graph=True)
                steps.append((round(y.sum().item(), 6), y.requires_grad))
                y = y.sum()
        except RuntimeError as error:
            steps.append(type(error).__name__)
        results.append(steps)
    assert results[0] == results[1]
