"""``autograd.functional.jacobian`` and ``hessian`` against PyTorch: shapes, nesting, values,
create_graph, and the errors PyTorch raises."""
import warnings

import numpy as np
import pytest
import torch

import minigrad

with warnings.catch_warnings():  # (PyTorch's forward-mode AD imports this module at its first use, which
    warnings.simplefilter("ignore", DeprecationWarning)  # scripts functions with the deprecated torch.jit.script)
    import torch._decomp.decompositions_for_jvp  # noqa: F401

RNG = np.random.default_rng(0)
A, B = RNG.normal(size=(2, 3)), RNG.normal(size=(3,))


def _flat(result):
    """(the arrays in ``result``, its nesting: the lengths of its tuples, depth first)."""
    if not isinstance(result, tuple):
        return [result.detach().numpy()], []
    leaves, nesting = [], [len(result)]
    for part in result:
        part_leaves, part_nesting = _flat(part)
        leaves += part_leaves
        nesting.append(part_nesting)
    return leaves, nesting


def _inputs(L, arrays):
    tensors = tuple(L.tensor(a) for a in arrays)
    return tensors if len(tensors) > 1 else tensors[0]


JACOBIANS = {
    "one input, one output": (lambda x: (x ** 2).sin(), (A,)),
    "two inputs, one output": (lambda x, y: (x * y).sum(1), (A, B)),
    "one input, two outputs": (lambda x: (x.exp(), x.sum()), (A,)),
    "an unused input": (lambda x, y: x * 2, (A, B)),
    "a scalar output": (lambda x: (x ** 3).sum(), (B,)),
}


@pytest.mark.parametrize("case", sorted(JACOBIANS))
def test_jacobian_matches_pytorch(case):
    fn, arrays = JACOBIANS[case]
    (mine, my_nesting), (theirs, their_nesting) = (
        _flat(L.autograd.functional.jacobian(fn, _inputs(L, arrays))) for L in (minigrad, torch))
    assert my_nesting == their_nesting and len(mine) == len(theirs)
    for m, t in zip(mine, theirs):
        assert m.shape == t.shape
        np.testing.assert_allclose(m, t, rtol=1e-12, atol=1e-14)


HESSIANS = {"one input": (lambda x: (x ** 3).sum() * x.sum(), (B,)),
            "two inputs": (lambda x, y: (x.sum(1) * y[:2]).sum() ** 2, (A, B))}


@pytest.mark.parametrize("case", sorted(HESSIANS))
def test_hessian_matches_pytorch(case):
    fn, arrays = HESSIANS[case]
    (mine, my_nesting), (theirs, their_nesting) = (
        _flat(L.autograd.functional.hessian(fn, _inputs(L, arrays))) for L in (minigrad, torch))
    assert my_nesting == their_nesting
    for m, t in zip(mine, theirs):
        assert m.shape == t.shape
        np.testing.assert_allclose(m, t, rtol=1e-12, atol=1e-14)


def test_jacobian_with_create_graph_is_differentiable_and_without_it_is_not():
    for L in (minigrad, torch):
        x = L.tensor([1.0, 2.0], requires_grad=True)
        assert not L.autograd.functional.jacobian(lambda t: t ** 3, x).requires_grad
        J = L.autograd.functional.jacobian(lambda t: t ** 3, x, create_graph=True)
        J.sum().backward()
        assert x.grad.tolist() == [6.0, 12.0]


@pytest.mark.parametrize("call, error", [
    (lambda L, x: L.autograd.functional.jacobian(lambda t: 3.0, x), TypeError),
    (lambda L, x: L.autograd.functional.hessian(lambda t: t * 2, x), RuntimeError),
    (lambda L, x: L.autograd.functional.jacobian(lambda t, u: t, (x, L.ones(1)), strict=True), RuntimeError),
    (lambda L, x: L.autograd.functional.jacobian(lambda t: L.ones(2), x, strict=True), RuntimeError),
    (lambda L, x: L.autograd.functional.jacobian(lambda t: t * 2, x, strict=True, vectorize=True), RuntimeError),
    (lambda L, x: L.autograd.functional.jacobian(lambda t: t * 2, x, strategy="forward-mode"), NotImplementedError),
    (lambda L, x: L.autograd.functional.hessian(lambda t: t.sum(), x, strict=True), RuntimeError),
    (lambda L, x: L.autograd.functional.hvp(lambda t: t.sum(), x, L.ones(2), strict=True), RuntimeError),
    (lambda L, x: L.autograd.functional.hessian(lambda t: (t ** 3).sum(), x, outer_jacobian_strategy="forward-mode"),
     NotImplementedError),
    (lambda L, x: L.autograd.functional.hessian(lambda t: (t ** 3).sum(), x, strict=True, vectorize=True),
     RuntimeError),
    (lambda L, x: L.autograd.functional.jacobian(lambda t: t * 2, x, strict=True, create_graph=True), RuntimeError),
    (lambda L, x: L.autograd.functional.hessian(lambda t, u: (t ** 3).sum(), (x, x), strict=True), RuntimeError),
], ids=["output not a tensor", "hessian of a vector", "strict with an unused input",
        "strict with an output off the graph", "strict and vectorize", "forward mode without vectorize",
        "strict hessian of a linear function", "strict hvp of a linear function",
        "hessian forward mode without vectorize", "strict hessian with vectorize",
        "strict jacobian of a linear function with create_graph", "strict hessian with an unused input"])
def test_jacobian_and_hessian_refuse_what_pytorch_refuses(call, error):
    messages = []
    for L in (torch, minigrad):
        with pytest.raises(error) as exc:
            call(L, L.tensor([1.0, 2.0], requires_grad=True))
        messages.append(str(exc.value).split(".")[0])
    assert messages[0] == messages[1]


@pytest.mark.parametrize("fn", ["jacobian", "hessian"])
def test_a_function_independent_of_its_input_has_a_zero_jacobian_and_hessian(fn):
    results = [getattr(L.autograd.functional, fn)(lambda t: (t.detach() ** 2).sum(), L.tensor([1.0, 2.0]))
               for L in (minigrad, torch)]
    assert results[0].tolist() == results[1].tolist()


@pytest.mark.parametrize("fn", ["jacobian", "hessian"])
def test_an_unused_input_gets_plain_zeros_even_where_it_is_negative_or_infinite(fn):
    # (zeros, not the input times 0: no -0. at negative points, no nan at infinite ones)
    results = [getattr(L.autograd.functional, fn)(lambda a, b: (b ** 2).sum(),
                                                   (L.tensor([-1.0, float("inf")]), L.tensor([1.0, 3.0])))[0]
               for L in (minigrad, torch)]
    got, expected = (np.asarray(r if fn == "jacobian" else r[0]) for r in results)
    assert not np.isnan(got).any() and np.array_equal(np.signbit(got), np.signbit(expected))
    np.testing.assert_array_equal(got, expected)


def _leaves(result):
    if isinstance(result, (tuple, list)):
        return [leaf for part in result for leaf in _leaves(part)]
    return [result.detach().numpy()]


def _nesting(result):
    """``result``'s containers, outermost first (the tensors as "T")."""
    if isinstance(result, (tuple, list)):
        return type(result).__name__, [_nesting(part) for part in result]
    return "T"


@pytest.mark.parametrize("call", [
    lambda L, x, y: L.autograd.functional.jacobian(lambda a, b: (a * b.sum(), b), (x, y), vectorize=True,
                                                    strategy="forward-mode"),
    lambda L, x, y: L.autograd.functional.jacobian(lambda a, b: a * b.sum(), (x, y), vectorize=True,
                                                    strategy="forward-mode"),
    lambda L, x, y: L.autograd.functional.jacobian(lambda a: (a, a.sum()), x, vectorize=True,
                                                    strategy="forward-mode"),
    lambda L, x, y: L.autograd.functional.hessian(lambda a, b: (a * b.sum()).sum(), (x, y), vectorize=True,
                                                   outer_jacobian_strategy="forward-mode"),
], ids=["two inputs, two outputs", "two inputs", "two outputs", "hessian of two inputs"])
def test_forward_mode_jacobians_nest_lists_and_tuples_as_pytorch(call):
    results = [call(L, L.tensor(A[0]), L.tensor(B[:2])) for L in (minigrad, torch)]
    assert _nesting(results[0]) == _nesting(results[1])
    for ours, theirs in zip(_leaves(results[0]), _leaves(results[1])):
        np.testing.assert_allclose(ours, theirs, rtol=1e-7, atol=1e-12)


@pytest.mark.parametrize("requires_grad", [False, True], ids=["constant input", "input requiring grad"])
def test_forward_over_reverse_hessian_stays_in_the_gradients_graph_as_pytorchs(requires_grad):
    seen = []
    for L in (minigrad, torch):
        x = L.tensor(A[0], requires_grad=requires_grad)
        h = L.autograd.functional.hessian(lambda t: t.sin().sum() * t.sum(), x, vectorize=True,
                                          outer_jacobian_strategy="forward-mode")
        seen.append((h.requires_grad, h.is_leaf))
        if requires_grad:  # (differentiable again: the third derivatives reach the input)
            h.sum().backward()
            seen.append(x.grad.numpy())
    assert seen[0] == seen[2 if requires_grad else 1]
    if requires_grad:
        np.testing.assert_allclose(seen[1], seen[3], rtol=1e-7)


@pytest.mark.parametrize("f", [
    lambda a, b: (a * a).sum() + b.sum(),
    lambda a, b: (a * b).sum(),
    lambda a, b: a.sum() * 2 + (b ** 3).sum(),
    lambda a, b: a.exp().sum() + (b * 2).sum(),
], ids=["quadratic in one input", "bilinear", "linear in one input", "constant rows beside varying ones"])
def test_forward_over_reverse_hessian_rows_require_grad_where_the_gradient_depends_on_the_inputs(f):
    seen = []
    for L in (minigrad, torch):
        h = L.autograd.functional.hessian(f, (L.tensor(A[0]), L.tensor(B)), vectorize=True,
                                          outer_jacobian_strategy="forward-mode")
        seen.append([[part.requires_grad for part in row] for row in h])
    assert seen[0] == seen[1]


def test_forward_over_reverse_hessian_of_a_quadratic_gives_its_input_zero_gradients():
    seen = []
    for L in (minigrad, torch):
        x = L.tensor(A[0], requires_grad=True)
        h = L.autograd.functional.hessian(lambda t: (t * t).sum(), x, vectorize=True,
                                          outer_jacobian_strategy="forward-mode")
        h.sum().backward()
        seen.append((x.grad + 0).tolist())  # (PyTorch's is a ZeroTensor, which refuses .numpy() and .tolist())
    assert seen[0] == seen[1] == [0.0, 0.0, 0.0]
