"""``func`` transforms over nested inputs and outputs, against ``torch.func``: jacrev/jacfwd/hessian
of tuple and dict outputs with int or tuple argnums and aux values, grad closing over Tensors that
require grad, vjp's cotangent structure, and vmap's in_dims/out_dims trees and errors."""
import warnings

import numpy as np
import pytest
import torch

import minigrad

X = np.array([0.5, -1.25, 2.0])
Y = np.array([1.5, 0.25])
B = np.arange(6.0).reshape(2, 3) / 3 - 0.5


def _t(lib, a):
    return lib.tensor(a, dtype=lib.float64)


def _same(a, b):
    """``a`` (minigrad) and ``b`` (torch) have one structure, values at rtol 1e-7 and requires_grad."""
    if isinstance(b, torch.Tensor):
        assert isinstance(a, minigrad.Tensor) and tuple(a.shape) == tuple(b.shape)
        assert a.requires_grad == b.requires_grad
        np.testing.assert_allclose(a.detach().numpy(), b.detach().numpy(), rtol=1e-7, atol=1e-12)
    elif isinstance(b, dict):
        assert isinstance(a, dict) and list(a) == list(b)
        for k in b:
            _same(a[k], b[k])
    else:
        assert type(a) is type(b) and len(a) == len(b)
        for u, v in zip(a, b):
            _same(u, v)


def _both(fn):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # (torch.func.jacfwd warns inside PyTorch: its jit)
        expected = fn(torch)
    _same(fn(minigrad), expected)


def _errors_alike(fn):
    with pytest.raises(Exception) as theirs, warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        fn(torch)
    with pytest.raises(Exception) as ours:
        fn(minigrad)
    assert type(ours.value) is type(theirs.value)
    assert str(ours.value) == str(theirs.value)


def _pair(x, y):
    return x.sin() * y.sum(), {"sq": (x * x).sum() + y, "x": [x.exp()]}


# (not jacfwd with argnums=-1: PyTorch's jacfwd then gives zeros for the output that depends on x only
# through the other argument's position, which jacrev does not)
@pytest.mark.parametrize("transform, argnums", [(t, a) for t in ("jacrev", "jacfwd") for a in (0, 1, (0, 1), (1, 0))]
                         + [("jacrev", -1)])
def test_jacobian_of_a_nested_output_nests_the_arguments_inside_the_outputs(transform, argnums):
    _both(lambda L: getattr(L.func, transform)(_pair, argnums=argnums)(_t(L, X), _t(L, Y)))


@pytest.mark.parametrize("transform", ["jacrev", "jacfwd"])
def test_jacobian_with_respect_to_a_dict_argument_has_its_keys(transform):
    _both(lambda L: getattr(L.func, transform)(lambda d: (d["a"] * d["b"].sum(), d["b"]))(
        {"a": _t(L, X), "b": _t(L, Y)}))


@pytest.mark.parametrize("argnums", [0, (0, 1)])
def test_jacobian_with_aux_returns_the_aux_detached(argnums):
    _both(lambda L: L.func.jacrev(lambda x, y: ((x * y.sum()).sin(), (x.sum(), {"y": y * 2})), argnums=argnums,
                                  has_aux=True)(_t(L, X), _t(L, Y)))


def test_hessian_over_two_arguments_is_a_tuple_of_tuples():
    _both(lambda L: L.func.hessian(lambda x, y: (x ** 2).sum() * y.sum() + (y ** 3).sum(), argnums=(0, 1))(
        _t(L, X), _t(L, Y)))


def test_hessian_of_a_tuple_output_has_one_block_per_output():
    _both(lambda L: L.func.hessian(lambda x: ((x ** 3).sum(), (x ** 2).sum()))(_t(L, X)))


@pytest.mark.parametrize("call", [
    lambda L: L.func.jacrev(lambda x: 3.0)(_t(L, X)),
    lambda L: L.func.jacrev(lambda x: (x, None))(_t(L, X)),
    lambda L: L.func.jacrev(lambda x: x, argnums=2)(_t(L, X)),
    lambda L: L.func.jacrev(lambda x: x, argnums=())(_t(L, X)),
    lambda L: L.func.jacrev(lambda x: x, argnums=1.0)(_t(L, X)),
    lambda L: L.func.jacrev(lambda x, y: x, argnums=(0, "1"))(_t(L, X), _t(L, Y)),
    lambda L: L.func.jacrev(lambda x, y: x, argnums=(0, -2))(_t(L, X), _t(L, Y)),
    lambda L: L.func.jacrev(lambda x: (x, {"n": 3}), has_aux=True)(_t(L, X)),
    lambda L: L.func.jacrev(lambda x: x, chunk_size=0),
    lambda L: L.func.grad(lambda x, y: x.sum() * y.sum(), argnums=[0, 1])(_t(L, X), _t(L, Y)),
    lambda L: L.func.grad(lambda x, n: x.sum() * n, argnums=1)(_t(L, X), 3.0),
    lambda L: L.func.grad(lambda x: (x.sum(), None), has_aux=True)(_t(L, X)),
    lambda L: L.func.vjp(lambda x: (x * 2).long(), _t(L, X)),
    lambda L: L.func.vjp(lambda x: (x, {"a": x.sum()}), _t(L, X))[1]((_t(L, X), _t(L, 1.0))),
    lambda L: L.func.jacfwd(lambda x: x * 2.0)(L.tensor([1, 2])),
    lambda L: L.func.hessian(lambda x: (x * 2.0).sum())(L.tensor([1, 2])),
    lambda L: L.func.jacfwd(lambda x: x * L.rand(3, dtype=L.float64))(_t(L, X)),
], ids=["non-tensor output", "None output", "argnum out of range", "empty argnums", "float argnums",
        "str argnum", "repeated argnum", "non-tensor aux", "chunk_size 0", "list argnums", "non-tensor argument",
        "None aux", "integer output", "cotangents of another structure", "jacfwd of an integer argument",
        "hessian of an integer argument", "jacfwd of a random op"])
def test_transform_refusals_raise_torch_funcs_error_and_message(call):
    _errors_alike(call)


def test_jacrev_and_jacfwd_take_their_keyword_options():
    _both(lambda L: (L.func.jacrev(lambda x: x.sin(), chunk_size=1)(_t(L, X)),
                     L.func.jacfwd(lambda x: x.sin(), randomness="same")(_t(L, X))))


def test_jacfwd_checks_its_randomness_when_the_jacobian_is_computed_as_torch():
    for L in (minigrad, torch):
        jac_fn = L.func.jacfwd(lambda x: x, randomness="sometimes")
        with pytest.raises(RuntimeError, match="Only allowed values for randomness"):
            jac_fn(_t(L, X))


def test_jacfwd_blocks_have_their_outputs_dtype_and_integer_outputs_give_zeros_as_torch():
    blocks = []
    for L in (minigrad, torch):
        jac = L.func.jacfwd(lambda x: (x.argmax(), x.float().sin(), x * 2))(_t(L, X))
        blocks.append([(str(b.dtype)[-7:], tuple(b.shape), b.numpy().tolist()) for b in jac[:2]])
        np.testing.assert_allclose(jac[2].numpy(), 2 * np.eye(3), rtol=1e-7)
    assert blocks[0][0] == blocks[1][0] and blocks[0][1][:2] == blocks[1][1][:2]
    np.testing.assert_allclose(blocks[0][1][2], blocks[1][1][2], rtol=1e-6)  # (float32)


@pytest.mark.parametrize("has_aux", [False, True])
def test_jacfwd_with_different_randomness_draws_afresh_for_each_column_as_torch(has_aux):
    def run(L):
        L.manual_seed(0)

        def f(x, y):
            r = L.rand(3, dtype=L.float64)
            out = {"p": x * r * y.sum(), "q": (y * r[:2]).sum()}
            return (out, r) if has_aux else out
        jac = L.func.jacfwd(f, argnums=(0, 1), has_aux=has_aux, randomness="different")(_t(L, X), _t(L, Y))
        return jac, L.rand(2, dtype=L.float64)  # (and the stream after it)
    _both(run)


def test_grad_of_a_function_closing_over_a_tensor_requiring_grad_is_differentiable_with_respect_to_it():
    def run(L):
        c = _t(L, X[::-1].copy()).requires_grad_()
        g, (value, aux) = L.func.grad_and_value(lambda x: ((x * c).sin().sum(), x * c), has_aux=True)(_t(L, X))
        (g.sum() + value).backward()
        return g, value, aux, c.grad
    _both(run)


def test_grad_results_not_depending_on_an_outer_tensor_are_detached():
    def run(L):
        c = _t(L, X).requires_grad_()
        return (L.func.grad_and_value(lambda x: (x ** 2).sum() + c.sum())(_t(L, X)),
                L.func.grad(lambda x, y: (x ** 2).sum(), argnums=1)(_t(L, X), _t(L, Y)),
                L.func.grad(lambda x: L.tensor(1.0, dtype=L.float64))(_t(L, X)))
    _both(run)


def test_vjp_of_a_closure_stays_in_the_graph_where_grad_is_enabled():
    def run(L):
        c = _t(L, X).requires_grad_()
        out, vjp_fn = L.func.vjp(lambda x: (x ** 2 * c, {"s": x.sum()}), _t(L, X))
        with L.no_grad():
            plain = vjp_fn((_t(L, X), {"s": _t(L, 2.0)}))
        return out, vjp_fn((_t(L, X), {"s": _t(L, 2.0)})), plain
    _both(run)


@pytest.mark.parametrize("in_dims", [({"a": 0, "b": None},), (0,), ({"a": 1, "b": None},)])
def test_vmap_in_dims_may_be_dicts_matching_a_dict_argument(in_dims):
    _both(lambda L: L.func.vmap(lambda d: d["a"] * d["b"].sum(), in_dims=in_dims)(
        {"a": _t(L, B if in_dims[0] in (0,) or in_dims[0]["a"] == 0 else B.T), "b": _t(L, B)}))


@pytest.mark.parametrize("out_dims", [(1,), (1, 0), ((1, 0), None)])
def test_vmap_out_dims_nest_like_the_outputs(out_dims):
    def run(L):
        y = _t(L, Y)
        if len(out_dims) == 1:
            return L.func.vmap(lambda a: a * 2, out_dims=out_dims)(_t(L, B))
        if out_dims[1] is None:
            return L.func.vmap(lambda a, y: ((a, a.sum()), y), in_dims=(0, None), out_dims=out_dims)(_t(L, B), y)
        return L.func.vmap(lambda a: (a * 2, a.sum()), out_dims=out_dims)(_t(L, B))
    _both(run)


def test_vmap_chunk_size_gives_the_same_results():
    _both(lambda L: L.func.vmap(lambda a: a.sin().sum(), chunk_size=1)(_t(L, B)))


@pytest.mark.parametrize("call", [
    lambda L: L.func.vmap(lambda a, b: a, in_dims=[0, None])(_t(L, B), _t(L, B)),
    lambda L: L.func.vmap(lambda a, b: a, in_dims=(0,))(_t(L, B), _t(L, B)),
    lambda L: L.func.vmap(lambda d: d["a"], in_dims=({"a": 0},))({"a": _t(L, B), "b": _t(L, B)}),
    lambda L: L.func.vmap(lambda t: t[0], in_dims=((0, (1,)),))((_t(L, B), [_t(L, B)])),
    lambda L: L.func.vmap(lambda a: a, in_dims=(None,))(_t(L, B)),
    lambda L: L.func.vmap(lambda: 1)(),
    lambda L: L.func.vmap(lambda a, b: a + b)(_t(L, B), _t(L, X)),
    lambda L: L.func.vmap(lambda a: (a, a), out_dims=(0,))(_t(L, B)),
    lambda L: L.func.vmap(lambda a: (a, a), out_dims=[0, 1])(_t(L, B)),
    lambda L: L.func.vmap(lambda a: a, out_dims="x")(_t(L, B)),
    lambda L: L.func.vmap(lambda a: (a, a * 2), out_dims=(0, None))(_t(L, B)),
    lambda L: L.func.vmap(lambda a: a, chunk_size=0),
    lambda L: L.func.vmap(lambda a: a, in_dims=True)(_t(L, B)),
], ids=["list in_dims", "too few in_dims", "dict keys differ", "tuple for a list", "nothing mapped", "no inputs",
        "sizes differ", "too few out_dims", "list out_dims", "str out_dims", "batched output with out_dim None",
        "chunk_size 0", "bool in_dims"])
def test_vmap_refusals_raise_torchs_error_and_message(call):
    _errors_alike(call)
