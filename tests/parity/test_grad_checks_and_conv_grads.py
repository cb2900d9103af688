"""torch.autograd.gradcheck/gradgradcheck's signatures and verdicts, and torch.nn.grad's convolution
gradients against PyTorch (values and the gradients through them)."""
import inspect

import numpy as np
import pytest
import torch
from hypothesis import given, strategies as st

import minigrad

from . import strategies as S
from .helpers import check


@pytest.mark.parametrize("name", ["gradcheck", "gradgradcheck"])
def test_gradcheck_signatures_match_torch(name):
    mine = inspect.signature(getattr(minigrad.autograd, name))
    theirs = inspect.signature(getattr(torch.autograd, name))
    assert [(p.name, p.kind, p.default) for p in mine.parameters.values()] == \
        [(p.name, p.kind, p.default) for p in theirs.parameters.values()]


@pytest.mark.parametrize("name", ["gradcheck", "gradgradcheck"])
def test_gradcheck_refuses_unknown_keywords_with_type_error(name):
    x = minigrad.ones(2, dtype=minigrad.float64, requires_grad=True)
    with pytest.raises(TypeError):
        getattr(minigrad.autograd, name)(lambda a: a * 2, (x,), tolerance=1)


@given(x=S.arrays(np.float64, S.nonempty_shapes(max_dims=2, max_side=3), low=0.5, high=2.0))
def test_gradgradcheck_accepts_twice_differentiable_functions(x):
    t = minigrad.tensor(x, requires_grad=True)
    assert minigrad.autograd.gradgradcheck(lambda a: (a ** 3).sin() * a.log(), (t,))


def test_gradgradcheck_takes_given_grad_outputs():
    x = minigrad.tensor([0.5, 1.5], dtype=minigrad.float64, requires_grad=True)
    g = minigrad.tensor([1.0, -2.0], dtype=minigrad.float64, requires_grad=True)
    assert minigrad.autograd.gradgradcheck(lambda a: a.exp() * a, (x,), (g,))


def test_gradgradcheck_rejects_a_backward_that_is_not_differentiable():
    def make(L):
        class Square(L.autograd.Function):
            @staticmethod
            def forward(ctx, a):
                ctx.save_for_backward(a)
                return a * a

            @staticmethod
            def backward(ctx, g):
                a, = ctx.saved_tensors
                return g * 2 * a.detach()  # (the second derivative is lost)
        return Square
    verdicts = []
    for L in (torch, minigrad):
        x = L.tensor([0.5, 1.5], dtype=L.float64, requires_grad=True)
        verdicts.append(L.autograd.gradgradcheck(make(L).apply, (x,), raise_exception=False))
    assert verdicts == [False, False]


def test_gradcheck_evaluates_the_function_twice_per_input_element_whatever_the_output_size():
    calls = []

    def outer(a):
        calls.append(1)
        return a[:, None] * a[None, :]  # (9 output elements)
    x = minigrad.tensor([0.5, 1.5, 2.0], dtype=minigrad.float64, requires_grad=True)
    assert minigrad.autograd.gradcheck(outer, (x,))
    assert len(calls) == 1 + 2 * 3


@pytest.mark.parametrize("L", [minigrad, torch], ids=["minigrad", "torch"])
def test_gradcheck_finds_a_wrong_gradient_of_a_transposed_input(L):
    class Triple(L.autograd.Function):
        @staticmethod
        def forward(ctx, a):
            return a * 2

        @staticmethod
        def backward(ctx, g):
            return g * 3
    x = L.arange(6.0, dtype=L.float64).reshape(2, 3).t().requires_grad_()
    assert L.autograd.gradcheck(lambda a: a.exp() * a, (x,))
    assert not L.autograd.gradcheck(Triple.apply, (x,), raise_exception=False)


@st.composite
def _conv_case(draw, dims):
    groups = draw(st.sampled_from([1, 2]))
    cin, cout = groups * draw(st.integers(1, 2)), groups * draw(st.integers(1, 2))
    kernel = tuple(draw(st.integers(1, 3)) for _ in range(dims))
    stride = draw(st.integers(1, 2))
    padding = draw(st.integers(0, 1))
    dilation = draw(st.integers(1, 2))
    size = tuple(draw(st.integers(dilation * (k - 1) + 1, 6)) for k in kernel)
    dtype = draw(S.float_dtypes)
    x = draw(S.arrays(dtype, (draw(st.integers(1, 2)), cin) + size))
    w = draw(S.arrays(dtype, (cout, cin // groups) + kernel))
    out = torch.nn.functional.__dict__[f"conv{dims}d"](torch.tensor(x), torch.tensor(w), None, stride, padding,
                                                      dilation, groups)
    g = draw(S.arrays(dtype, tuple(out.shape)))
    return x, w, g, dict(stride=stride, padding=padding, dilation=dilation, groups=groups)


@pytest.mark.parametrize("dims", [1, 2, 3])
@given(data=st.data())
def test_conv_input_gradient_matches_torch(dims, data):
    x, w, g, kw = data.draw(_conv_case(dims))
    check(lambda L, wt, gt: getattr(L.nn.grad, f"conv{dims}d_input")(x.shape, wt, gt, **kw), w, g)


@pytest.mark.parametrize("dims", [1, 2, 3])
@given(data=st.data())
def test_conv_weight_gradient_matches_torch(dims, data):
    x, w, g, kw = data.draw(_conv_case(dims))
    check(lambda L, xt, gt: getattr(L.nn.grad, f"conv{dims}d_weight")(xt, w.shape, gt, **kw), x, g)


def test_conv_gradients_without_grad_inputs_do_not_require_grad():
    g = minigrad.ones(1, 2, 3, 3)
    gi = minigrad.nn.grad.conv2d_input((1, 1, 5, 5), minigrad.ones(2, 1, 3, 3), g)
    gw = minigrad.nn.grad.conv2d_weight(minigrad.ones(1, 1, 5, 5), (2, 1, 3, 3), g)
    assert not gi.requires_grad and not gw.requires_grad and gi.is_leaf


@pytest.mark.parametrize("fn", [lambda z: (z * z).exp(), lambda z: z.abs(), lambda z: z.angle() * z, lambda z: 1 / z],
                         ids=["holomorphic", "abs", "angle", "reciprocal"])
def test_gradcheck_accepts_correct_gradients_of_complex_functions(fn):
    for L in (minigrad, torch):
        z = L.tensor(np.array([1 + 2j, -3 + 0.5j]), requires_grad=True)
        assert L.autograd.gradcheck(fn, (z,))


def test_gradcheck_rejects_a_complex_gradient_missing_its_conjugate():
    def make(L):
        class Square(L.autograd.Function):
            @staticmethod
            def forward(ctx, z):
                ctx.save_for_backward(z)
                return z * z

            @staticmethod
            def backward(ctx, g):
                (z,) = ctx.saved_tensors
                return 2 * g * z
        return Square
    for L in (minigrad, torch):
        z = L.tensor(np.array([1 + 2j, -3 + 0.5j]), requires_grad=True)
        assert L.autograd.gradcheck(make(L).apply, (z,), raise_exception=False) is False


@pytest.mark.parametrize("L", [minigrad, torch], ids=["minigrad", "torch"])
def test_gradcheck_warns_of_an_input_below_double_precision(L):
    x = L.tensor([0.5, 1.5], requires_grad=True)
    with pytest.warns(UserWarning, match="Input #0 requires gradient and is not a double precision floating point"):
        L.autograd.gradcheck(lambda a: a * 2, (x,), raise_exception=False)


def test_gradcheck_fails_an_output_that_depends_on_the_input_off_the_graph():
    for L in (minigrad, torch):
        x = L.tensor([0.5, 1.5], dtype=L.float64, requires_grad=True)
        assert L.autograd.gradcheck(lambda a: a.detach() * 2, (x,), raise_exception=False) is False
        assert L.autograd.gradcheck(lambda a: L.ones(2, dtype=L.float64), (x,))
