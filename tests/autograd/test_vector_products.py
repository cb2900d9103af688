"""``autograd.functional.vjp``, ``jvp``, ``vhp``, ``hvp`` and ``func.jvp`` / ``linearize``
against PyTorch: values, structures, create_graph and the errors PyTorch raises."""
import warnings

import numpy as np
import pytest
import torch
import torch.autograd.functional
import torch.func
from hypothesis import given

import minigrad
import minigrad.autograd.functional
import minigrad.func

from tests.parity import strategies as S

RNG = np.random.default_rng(0)
A, B = RNG.normal(size=(2, 3)), RNG.normal(size=(2, 3))


def _flat(result):
    if isinstance(result, dict):
        return [x for k in sorted(result) for x in _flat(result[k])]
    if isinstance(result, (tuple, list)):
        return [x for part in result for x in _flat(part)]
    return [result.detach().numpy()]


@pytest.fixture(autouse=True)
def _quiet_torch_func():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # (torch.func warns inside PyTorch: its jit,
        warnings.simplefilter("ignore", UserWarning)         # and linearize's graph module)
        yield


def _same(got, expected):
    got, expected = _flat(got), _flat(expected)
    assert len(got) == len(expected)
    for g, e in zip(got, expected):
        assert g.shape == e.shape
        np.testing.assert_allclose(g, e, rtol=1e-7, atol=1e-12)


def _run(name, func, arrays, vectors, **kwargs):
    results = []
    for L in (minigrad, torch):
        fn = getattr(L.autograd.functional, name)
        xs = tuple(L.tensor(a) for a in arrays)
        vs = None if vectors is None else tuple(L.tensor(v) for v in vectors)
        results.append(fn(lambda *a: func(L, *a), xs if len(xs) > 1 else xs[0],
                          vs if vs is None or len(vs) > 1 else vs[0], **kwargs))
    return results


PRODUCTS = {
    "vjp": [(lambda L, x: (x ** 2).sin(), (A,), (B,)),
            (lambda L, x, y: ((x * y).sum(1), x.exp()), (A, B), (B[:, 0], A)),
            (lambda L, x: (x ** 3).sum(), (A,), None)],
    "jvp": [(lambda L, x: (x ** 2).sin(), (A,), (B,)),
            (lambda L, x, y: ((x * y).sum(1), x.exp()), (A, B), (B, A)),
            (lambda L, x: x * 2, (A[:1, :1],), None)],
    "vhp": [(lambda L, x: (x ** 3).sin().sum(), (A,), (B,)),
            (lambda L, x, y: (x * y.tanh()).sum(), (A, B), (B, A))],
    "hvp": [(lambda L, x: (x ** 3).sin().sum(), (A,), (B,)),
            (lambda L, x, y: (x * y.tanh()).sum(), (A, B), (B, A))],
}


@pytest.mark.parametrize("name,case", [(n, i) for n in PRODUCTS for i in range(len(PRODUCTS[n]))])
def test_vector_products_match_pytorch(name, case):
    got, expected = _run(name, *PRODUCTS[name][case])
    _same(got, expected)


@pytest.mark.parametrize("name", sorted(PRODUCTS))
@given(seed=S.seeds)
def test_vector_products_of_random_points_match_pytorch(name, seed):
    rng = np.random.default_rng(seed)
    x, v = rng.normal(size=(3, 2)), rng.normal(size=(3, 2))
    got, expected = _run(name, lambda L, a: (a.sin() * a.cosh()).sum() if name in ("vhp", "hvp") else a.tanh() * 3,
                         (x,), (v,))
    _same(got, expected)


@pytest.mark.parametrize("name", sorted(PRODUCTS))
def test_create_graph_keeps_products_differentiable(name):
    x = minigrad.tensor(A, requires_grad=True)
    func = (lambda a: (a ** 3).sum()) if name in ("vhp", "hvp") else (lambda a: a ** 3)
    _, product = getattr(minigrad.autograd.functional, name)(func, x, minigrad.tensor(B), create_graph=True)
    product.sum().backward()
    xt = torch.tensor(A, requires_grad=True)
    func_t = (lambda a: (a ** 3).sum()) if name in ("vhp", "hvp") else (lambda a: a ** 3)
    _, product_t = getattr(torch.autograd.functional, name)(func_t, xt, torch.tensor(B), create_graph=True)
    product_t.sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), xt.grad.numpy(), rtol=1e-7)


def test_an_unused_input_gives_zeros_and_strict_raises_as_pytorch():
    for L in (minigrad, torch):
        x = L.tensor(A)
        _, (g, zero) = L.autograd.functional.vjp(lambda a, b: a.sum(), (x, x))
        assert (zero == 0).all()
        with pytest.raises(RuntimeError, match="independent of input 1"):
            L.autograd.functional.vjp(lambda a, b: a.sum(), (x, x), strict=True)


@pytest.mark.parametrize("name,call", [
    ("vjp", lambda F, x: F.vjp(lambda a: a * 2, x)),
    ("jvp", lambda F, x: F.jvp(lambda a: a * 2, x)),
    ("jvp", lambda F, x: F.jvp(lambda a: a * 2, x, x[:1])),
    ("hvp", lambda F, x: F.hvp(lambda a: a * 2, x, x)),
    ("vhp", lambda F, x: F.vhp(lambda a: a.sum(), x, x.sum())),
])
def test_bad_vectors_and_outputs_raise_pytorchs_runtime_error(name, call):
    messages = []
    for L in (minigrad, torch):
        with pytest.raises(RuntimeError) as info:
            call(L.autograd.functional, L.tensor(A))
        messages.append(str(info.value))
    assert messages[0] == messages[1]


def test_func_jvp_of_structured_outputs_matches_torch_func():
    results = []
    for L in (minigrad, torch):
        x, y = L.tensor(A), L.tensor(B)
        results.append(L.func.jvp(lambda a, b: {"p": a * b, "q": (a + b).sum()}, (x, y), (y, x)))
    _same(*results)


def test_func_jvp_with_aux_returns_output_product_and_aux():
    results = []
    for L in (minigrad, torch):
        x = L.tensor(A)
        results.append(L.func.jvp(lambda a: (a.exp(), a.sum()), (x,), (x,), has_aux=True))
    assert len(results[0]) == 3
    _same(*results)


def test_func_jvp_product_is_differentiable_with_respect_to_a_tangent_requiring_grad():
    results = []
    for L in (minigrad, torch):
        x, v = L.tensor(A), L.tensor(B, requires_grad=True)
        _, product = L.func.jvp(lambda a: a.sin() * a, (x,), (v,))
        assert product.requires_grad
        results.append(L.autograd.grad((product ** 2).sum(), v))
    _same(*results)


def test_func_jvp_requires_tuples_of_matching_structure():
    x = minigrad.tensor(A)
    with pytest.raises(RuntimeError, match="Expected primals to be a tuple"):
        minigrad.func.jvp(lambda a: a, x, (x,))
    with pytest.raises(RuntimeError, match="same python structure"):
        minigrad.func.jvp(lambda a: a, (x,), (x, x))


def test_linearize_returns_the_output_and_a_jvp_function():
    results = []
    for L in (minigrad, torch):
        out, jvp_fn = L.func.linearize(lambda a: a.sin() * 2, L.tensor(A))
        results.append((out, jvp_fn(L.tensor(B))))
    _same(*results)


INDEPENDENT = [
    ("vjp", lambda F, L, x: F.vjp(lambda a: a.detach() * 2, x, x)),
    ("jvp", lambda F, L, x: F.jvp(lambda a, b: (a * 2, L.ones(2, dtype=L.float64)), (x, x), (x, x))),
    ("hvp", lambda F, L, x: F.hvp(lambda a: a.sum(), x, x)),
    ("hvp", lambda F, L, x: F.hvp(lambda a: a.detach().sum(), x, x)),
    ("vhp", lambda F, L, x: F.vhp(lambda a: a.detach().sum(), x, x)),
]


@pytest.mark.parametrize("name,call", INDEPENDENT, ids=["vjp of a detached output", "jvp of a constant output",
                                                        "hvp of a linear function", "hvp of a detached output",
                                                        "vhp of a detached output"])
def test_products_independent_of_the_inputs_are_zeros_as_pytorch(name, call):
    got, expected = (call(L.autograd.functional, L, L.tensor([1.0, 2.0, 3.0], dtype=L.float64))
                     for L in (minigrad, torch))
    _same(got, expected)


@pytest.mark.parametrize("call", [
    lambda F, L, x: F.vjp(lambda a: a.detach() * 2, x, x, strict=True),
    lambda F, L, x: F.vjp(lambda a: a * 2, x, x, strict=True, create_graph=True),
    lambda F, L, x: F.jvp(lambda a: (a * 2, L.ones(2)), x, x, strict=True),
    lambda F, L, x: F.jvp(lambda a: a * 2, x, x, strict=True, create_graph=True),
    lambda F, L, x: F.vhp(lambda a: a.detach().sum(), x, x, strict=True),
    lambda F, L, x: F.vhp(lambda a: (a * a).sum(), x, x, strict=True, create_graph=True),
    lambda F, L, x: F.hvp(lambda a: (a * a).sum(), x, x, strict=True, create_graph=True),
], ids=["vjp of a detached output", "vjp of a linear function with create_graph", "jvp of a constant output",
        "jvp of a linear function with create_graph", "vhp of a detached output",
        "vhp of a quadratic with create_graph", "hvp of a quadratic with create_graph"])
def test_strict_products_raise_pytorchs_error_where_a_dependence_is_missing(call):
    messages = []
    for L in (minigrad, torch):
        with pytest.raises(RuntimeError) as info:
            call(L.autograd.functional, L, L.tensor([1.0, 2.0]))
        messages.append(str(info.value))
    assert messages[0] == messages[1]


@pytest.mark.parametrize("call", [
    lambda F, x: F.vjp(lambda a, b: a * b, [x, x], x),
    lambda F, x: F.vjp(lambda a: a * 2, x, [x]),
    lambda F, x: F.jvp(lambda a, b: a * b, (x, 2.0), (x, x)),
    lambda F, x: F.jacobian(lambda a, b: a * b, [x, x]),
], ids=["a list of inputs", "a list of vectors", "a number among the inputs", "a list of jacobian inputs"])
def test_inputs_and_vectors_other_than_tensors_or_tuples_raise_pytorchs_type_error(call):
    messages = []
    for L in (minigrad, torch):
        with pytest.raises(TypeError) as info:
            call(L.autograd.functional, L.tensor([1.0, 2.0]))
        messages.append(str(info.value).replace("minigrad", "torch"))
    assert messages[0] == messages[1]


@pytest.mark.parametrize("name", ["vjp", "vhp", "hvp"])
def test_an_unused_input_gets_plain_zeros_even_where_it_is_negative_or_infinite(name):
    # (zeros, not the input times 0: no -0. at negative points, no nan at infinite ones)
    def call(L):
        x, y = L.tensor([-1.0, float("inf")]), L.tensor([1.0, 3.0])
        F = L.autograd.functional
        if name == "vjp":
            return F.vjp(lambda a, b: b * 2, (x, y), L.ones(2))[1][0]
        return getattr(F, name)(lambda a, b: (b ** 3).sum(), (x, y), (L.ones(2), L.ones(2)))[1][0]
    got, expected = np.asarray(call(minigrad)), np.asarray(call(torch))
    assert not np.isnan(got).any() and np.array_equal(np.signbit(got), np.signbit(expected))
    np.testing.assert_array_equal(got, expected)


@pytest.mark.parametrize("func", [
    lambda L, a: L.ones(3, dtype=L.float64),
    lambda L, a: (a.argmax(), a.sin(), a.detach().float()),
], ids=["constant", "integer, differentiable and float32 detached"])
def test_func_jvp_gives_outputs_off_the_graph_zero_tangents_of_their_dtype_as_torch_func(func):
    results = []
    for L in (minigrad, torch):
        x = L.tensor(A[0])
        results.append(L.func.jvp(lambda a: func(L, a), (x,), (x,)))
    _same(*results)
    assert [t.dtype for t in _flat(results[0])] == [t.dtype for t in _flat(results[1])]


FORWARD_REFUSALS = {
    "jvp of an integer primal": lambda L: L.func.jvp(lambda a: a * 2.0, (L.tensor([1, 2]),), (L.tensor([1, 2]),)),
    "jvp along an integer tangent": lambda L: L.func.jvp(lambda a: a * 2.0, (L.tensor([1.0, 2]),),
                                                          (L.tensor([1, 2]),)),
    "jvp without primals": lambda L: L.func.jvp(lambda: L.ones(1), (), ()),
    "jvp of a number": lambda L: L.func.jvp(lambda a: a, (3.0,), (1.0,)),
    "linearize of an integer primal": lambda L: L.func.linearize(lambda a: a * 2.0, L.tensor([1, 2])),
    "linearize along a tangent of another dtype": lambda L: L.func.linearize(lambda a: a.sin(),
                                                                             L.tensor(A[0]))[1](L.ones(3)),
    "linearize along a tangent of another shape": lambda L: L.func.linearize(lambda a: a.sin(), L.tensor(A[0]))[1](
        L.ones(2, dtype=L.float64)),
    "linearize along more tangents": lambda L: L.func.linearize(lambda a: a.sin(), L.tensor(A[0]))[1](
        L.tensor(A[0]), L.tensor(A[0])),
}


@pytest.mark.parametrize("call", FORWARD_REFUSALS.values(), ids=FORWARD_REFUSALS.keys())
def test_forward_mode_refusals_raise_torch_funcs_error_and_message(call):
    errors = []
    for L in (minigrad, torch):
        with pytest.raises(Exception) as info:
            call(L)
        errors.append((info.type, str(info.value)))
    assert errors[0] == errors[1]
