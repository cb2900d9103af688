"""func.grad, grad_and_value and vjp against torch.func: values, structures (dicts, tuples),
argnums, has_aux, nesting for second derivatives, and errors."""
import warnings

import numpy as np
import pytest
import torch
import torch.func
from hypothesis import given

import minigrad
import minigrad.func

from . import strategies as S

PAIRS = [(minigrad, minigrad.func), (torch, torch.func)]


def test_func_exports_torch_funcs_names_but_rearrange_and_debug_unwrap():
    # (the transforms live in several files; the namespace gathers them, as torch.func's)
    exported = {n for n in minigrad.func.__all__ if hasattr(minigrad.func, n)}
    assert set(torch.func.__all__) - {"rearrange", "debug_unwrap"} <= exported


def _np(x):
    if isinstance(x, dict):
        return {k: _np(v) for k, v in x.items()}
    if isinstance(x, (tuple, list)):
        return type(x)(_np(v) for v in x)
    return x.detach().numpy() if hasattr(x, "detach") else x


def _assert_same(a, b):
    if isinstance(a, dict):
        assert a.keys() == b.keys()
        for k in a:
            _assert_same(a[k], b[k])
    elif isinstance(a, (tuple, list)):
        assert type(a) is type(b) and len(a) == len(b)
        for x, y in zip(a, b):
            _assert_same(x, y)
    else:
        np.testing.assert_allclose(a, b, rtol=1e-7, atol=1e-12)


def _both(run, *arrays):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # (torch.func.jacfwd's first call, inside PyTorch)
        return [_np(run(L, F, *[L.tensor(a) for a in arrays])) for L, F in PAIRS]


FUNCS = {
    "cubes": lambda L, x: (x ** 3).sum(),
    "log_softmax": lambda L, x: L.log_softmax(x, 0)[0],
    "tanh_norm": lambda L, x: L.tanh(x).norm(),
}


@pytest.mark.parametrize("name", sorted(FUNCS))
@given(x=S.arrays(np.float64, (4,), 0.2, 2))
def test_grad_and_its_nested_second_derivative_match_torch_func(name, x):
    f = FUNCS[name]
    first = _both(lambda L, F, t: F.grad(lambda u: f(L, u))(t), x)
    second = _both(lambda L, F, t: F.grad(lambda u: F.grad(lambda v: f(L, v))(u).sum())(t), x)
    _assert_same(*first)
    _assert_same(*second)


@given(a=S.arrays(np.float64, (3,), -2, 2), b=S.arrays(np.float64, (3,), -2, 2))
def test_grad_over_several_argnums_and_a_dict_of_parameters_matches_torch_func(a, b):
    def run(L, F, x, y):
        loss = lambda params, u: (params["w"] * u + params["b"]).pow(2).sum()  # noqa: E731
        return (F.grad(lambda u, v: (u * v.sin()).sum(), argnums=(0, 1))(x, y),
                F.grad(loss)({"w": x, "b": y}, y))
    _assert_same(*_both(run, a, b))


@given(x=S.arrays(np.float64, (3,), -2, 2))
def test_grad_and_value_with_aux_matches_torch_func(x):
    run = lambda L, F, t: F.grad_and_value(lambda u: ((u ** 2).sum(), u.mean()), has_aux=True)(t)  # noqa: E731
    _assert_same(*_both(run, x))


@given(x=S.arrays(np.float64, (2, 3), -2, 2), ct=S.arrays(np.float64, (2, 3), -2, 2))
def test_vjp_matches_torch_func(x, ct):
    def run(L, F, t, c):
        out, fn = F.vjp(lambda u: u.exp() * u, t)
        return out, fn(c)
    _assert_same(*_both(run, x, ct))


def test_grad_of_an_input_that_requires_grad_stays_differentiable():
    results = []
    for L, F in PAIRS:
        x = L.tensor([1.0, 2.0], requires_grad=True)
        g = F.grad(lambda u: (u ** 3).sum())(x)
        g.sum().backward()
        results.append((g.requires_grad, x.grad.tolist()))
    assert results[0] == results[1]


def test_grad_at_top_level_is_detached():
    g = minigrad.func.grad(lambda u: (u ** 2).sum())(minigrad.ones(2))
    assert not g.requires_grad and g.grad_fn is None


@pytest.mark.parametrize("call", [
    lambda L, F: F.grad(lambda u: u ** 2)(L.ones(2)),
    lambda L, F: F.grad(lambda u: (u ** 2).sum(), argnums=1)(L.ones(2)),
    lambda L, F: F.grad(lambda u: (u ** 2).sum(), has_aux=True)(L.ones(2)),
])
def test_grad_refusals_raise_torchs_error_type(call):
    types = []
    for L, F in PAIRS:
        with pytest.raises(Exception) as info:
            call(L, F)
        types.append(type(info.value))
    assert types[0] == types[1]


@given(x=S.arrays(np.float64, (3,), 0.2, 2), y=S.arrays(np.float64, (3,), -2, 2))
def test_jacrev_jacfwd_and_hessian_match_torch_func(x, y):
    def run(L, F, a, b):
        return (F.jacrev(lambda u: u.sin() * u[0])(a), F.jacfwd(lambda u, v: u * v.exp(), argnums=(0, 1))(a, b),
                F.hessian(lambda u: (u ** 3).sum() * u[1])(a), F.jacrev(lambda u: u.sum())(a))
    _assert_same(*_both(run, x, y))


def _mutating(x):
    y = x.clone()
    y.add_(1)
    x.mul_(2)
    return y.view(-1), x.t()


@pytest.mark.parametrize("remove", ["mutations", "mutations_and_views"])
def test_functionalize_gives_the_values_and_input_mutations_of_the_function_as_torch(remove):
    results = []
    for L, F in PAIRS:
        x = L.tensor(np.arange(6.0).reshape(2, 3))
        flat, t = F.functionalize(_mutating, remove=remove)(x)
        results.append(_np((flat, t, x)) + ([r._base is None for r in (flat, t)], t.stride()))
    _assert_same(results[0][:3], results[1][:3])
    assert results[0][3:] == results[1][3:]


def test_functionalize_refuses_an_unknown_remove_with_torchs_error():
    errors = []
    for _, F in PAIRS:
        with pytest.raises(RuntimeError) as info:
            F.functionalize(_mutating, remove="views")
        errors.append(str(info.value))
    assert errors[0] == errors[1]
