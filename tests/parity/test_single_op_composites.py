"""Ops PyTorch runs as one node that minigrad once built from several: addcmul, addcdiv, lerp (a
number or a Tensor weight), softplus, logsigmoid, mish and gelu's tanh approximation. Their node
names, values and gradients (broadcast, every dtype PyTorch takes), and second derivatives."""
import numpy as np
import pytest
import torch
from hypothesis import given, strategies as st

import minigrad

from . import strategies as S
from .helpers import check
from .test_second_order import compare_higher

NODES = {
    "addcmul": (lambda L, a, b, c: L.addcmul(a, b, c, value=0.5), "AddcmulBackward0"),
    "addcdiv": (lambda L, a, b, c: L.addcdiv(a, b, c), "AddcdivBackward0"),
    "lerp number": (lambda L, a, b, c: L.lerp(a, b, 0.3), "LerpBackward0"),
    "lerp tensor": (lambda L, a, b, c: L.lerp(a, b, c), "LerpBackward1"),
    "softplus": (lambda L, a, b, c: L.nn.functional.softplus(a), "SoftplusBackward0"),
    "logsigmoid": (lambda L, a, b, c: L.nn.functional.logsigmoid(a), "LogSigmoidBackward0"),
    "mish": (lambda L, a, b, c: L.nn.functional.mish(a), "MishBackward0"),
    "gelu tanh": (lambda L, a, b, c: L.nn.functional.gelu(a, approximate="tanh"), "GeluBackward0"),
}


@pytest.mark.parametrize("name", sorted(NODES))
def test_the_result_is_one_node_named_as_pytorchs(name):
    fn, node = NODES[name]
    for lib in (minigrad, torch):
        a, b, c = (lib.tensor([0.5, 1.5, 2.0], requires_grad=True) for _ in range(3))
        assert type(fn(lib, a, b, c).grad_fn).__name__ == node


@given(data=st.data(), seed=S.seeds, value=st.sampled_from([1, 0.5, -2.0]))
def test_addcmul_and_addcdiv_match_pytorch_with_broadcasting(data, seed, value):
    dtype = data.draw(S.float_dtypes)
    s1, s2, s3 = data.draw(S.broadcastable_shapes(num_shapes=3))
    a, b = data.draw(S.arrays(dtype, s1)), data.draw(S.arrays(dtype, s2))
    c = data.draw(S.arrays(dtype, s3, 0.5, 3, allow_kinks=False))
    check(lambda L, a, b, c: L.addcmul(a, b, c, value=value), a, b, c, seed=seed)
    check(lambda L, a, b, c: L.addcdiv(a, b, c, value=value), a, b, c, seed=seed)


@pytest.mark.parametrize("dtypes", [("int64", "int64", "int64"), ("int64", "float32", "int64"),
                                    ("float32", "float64", "int64"), ("int32", "int64", "int64"),
                                    ("float64", "complex128", "float64")])
@pytest.mark.parametrize("value", [2, 0.5, True])
def test_addcmul_promotes_its_operands_and_converts_value_as_pytorch(dtypes, value):
    out = []
    for lib in (minigrad, torch):
        a, b, c = (lib.tensor([1, 2, 3]).to(getattr(lib, d)) for d in dtypes)
        r = lib.addcmul(a, b, c, value=value)
        out.append((str(r.dtype), r.tolist()))
    assert out[0] == out[1]


@pytest.mark.parametrize("fn", [lambda L, t: L.addcmul(t, t, t, value=1 + 1j), lambda L, t: L.addcmul(t > 0, t > 0, t > 0),
                                lambda L, t: L.addcdiv(t.long(), t.long(), t.long()),
                                lambda L, t: L.lerp(t, t.double(), 0.5), lambda L, t: L.lerp(t, t, t.double()),
                                lambda L, t: L.lerp(t, t, 0.5 + 1j), lambda L, t: L.addcmul(t, t[:2], t)])
def test_what_pytorch_refuses_raises_its_exception_type(fn):
    errors = []
    for lib in (minigrad, torch):
        with pytest.raises(Exception) as info:
            fn(lib, lib.tensor([1.0, 2.0, 3.0]))
        errors.append(type(info.value))
    assert errors[0] is errors[1]


@given(data=st.data(), seed=S.seeds, weight=st.sampled_from([0.0, 0.3, 0.5, 0.9, 1.0, -1.5]))
def test_lerp_with_a_number_weight_matches_pytorch(data, seed, weight):
    a, b = data.draw(S.broadcast_pair())
    check(lambda L, a, b: L.lerp(a, b, weight), a, b, seed=seed)


@given(data=st.data(), seed=S.seeds)
def test_lerp_with_a_tensor_weight_matches_pytorch_with_its_gradient(data, seed):
    dtype = data.draw(S.float_dtypes)
    s1, s2, s3 = data.draw(S.broadcastable_shapes(num_shapes=3))
    a, b, w = data.draw(S.arrays(dtype, s1)), data.draw(S.arrays(dtype, s2)), data.draw(S.arrays(dtype, s3, -1, 2))
    check(lambda L, a, b, w: L.lerp(a, b, w), a, b, w, seed=seed)


def test_lerp_casts_a_zero_dim_weight_of_another_dtype_as_pytorch():
    for lib in (minigrad, torch):
        x = lib.ones(3, requires_grad=True)
        w = lib.tensor(0.3, dtype=lib.float64, requires_grad=True)
        y = lib.lerp(x, x * 2, w)
        y.sum().backward()
        assert (str(y.dtype), str(w.grad.dtype), round(w.grad.item(), 6)) == ("torch.float32", "torch.float64", 3.0)


ACTIVATIONS = {
    "softplus": lambda L, x: L.nn.functional.softplus(x),
    "softplus beta threshold": lambda L, x: L.nn.functional.softplus(x, beta=2, threshold=3),
    "logsigmoid": lambda L, x: L.nn.functional.logsigmoid(x),
    "mish": lambda L, x: L.nn.functional.mish(x),
    "gelu tanh": lambda L, x: L.nn.functional.gelu(x, approximate="tanh"),
}


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
@given(data=st.data(), seed=S.seeds)
def test_smooth_activations_match_pytorch(name, data, seed):
    x = data.draw(S.arrays(data.draw(S.float_dtypes), data.draw(S.shapes()), -30, 30))
    check(ACTIVATIONS[name], x, seed=seed)


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_smooth_activations_at_the_extremes_match_pytorch(name):
    x = np.array([-1000.0, -30.0, -0.0, 0.0, 2.9, 3.1, 25.0, 1000.0, np.inf, -np.inf])
    for dtype in (np.float64, np.float32):
        check(ACTIVATIONS[name], x.astype(dtype))


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
@given(data=st.data(), seed=S.seeds)
def test_smooth_activations_second_derivatives_match_pytorch(name, data, seed):
    x = data.draw(S.arrays(np.float64, data.draw(S.nonempty_shapes(max_dims=2)), -5, 5))
    compare_higher(ACTIVATIONS[name], x, order=2, seed=seed)


@pytest.mark.parametrize("name", ["addcmul", "addcdiv", "lerp number", "lerp tensor"])
@given(data=st.data(), seed=S.seeds)
def test_three_operand_second_derivatives_match_pytorch(name, data, seed):
    s1, s2, s3 = data.draw(S.broadcastable_shapes(num_shapes=3, min_side=1))
    a, b = data.draw(S.arrays(np.float64, s1)), data.draw(S.arrays(np.float64, s2))
    c = data.draw(S.arrays(np.float64, s3, 0.5, 3, allow_kinks=False))
    compare_higher(NODES[name][0], a, b, c, order=2, seed=seed)


REARRANGED = {
    "pixel_shuffle": (lambda L, x: L.nn.functional.pixel_shuffle(x, 2), (1, 8, 2, 3), "PixelShuffleBackward0"),
    "pixel_unshuffle": (lambda L, x: L.nn.functional.pixel_unshuffle(x, 2), (2, 1, 4, 6), "PixelUnshuffleBackward0"),
    "exp2": (lambda L, x: L.exp2(x), (2, 3), "Exp2Backward0"),
    "nan_to_num": (lambda L, x: L.nan_to_num(x, posinf=2.0), (2, 3), "NanToNumBackward0"),
    "cross": (lambda L, x: L.linalg.cross(x, x.flip(0) * 2, dim=1), (2, 3), "LinalgCrossBackward0"),
}


@pytest.mark.parametrize("name", sorted(REARRANGED))
def test_more_ops_are_one_node_named_as_pytorchs(name):
    fn, shape, node = REARRANGED[name]
    for lib in (minigrad, torch):
        x = lib.ones(shape, requires_grad=True)
        assert type(fn(lib, x).grad_fn).__name__ == node


@pytest.mark.parametrize("name", sorted(REARRANGED))
@given(seed=S.seeds)
def test_more_ops_match_pytorch_to_the_second_derivative(name, seed):
    fn, shape, _ = REARRANGED[name]
    x = np.random.default_rng(seed).standard_normal(shape)
    check(fn, x, seed=seed)
    check(fn, x.astype(np.float32), seed=seed)
    compare_higher(fn, x, order=2, seed=seed)


def test_nan_to_num_passes_the_gradient_only_at_finite_values():
    x = np.array([np.nan, np.inf, -np.inf, 1.5, -0.0])
    for dtype in (np.float64, np.float32):
        check(lambda L, t: L.nan_to_num(t), x.astype(dtype))
        check(lambda L, t: L.nan_to_num(t, nan=1.0, posinf=3.0, neginf=-4.0), x.astype(dtype))


@given(data=st.data(), seed=S.seeds)
def test_cross_broadcasts_and_matches_pytorch(data, seed):
    # float64: in float32, PyTorch's kernel contracts a1*b2 - a2*b1 into a fused multiply-add, so for
    # (nearly) parallel vectors its result keeps one product's rounding error (3.8e-6 where the exact
    # difference is 0); float32 cross is compared in test_products.py and by PyTorch's own samples.
    dtype = np.float64
    a = data.draw(S.arrays(dtype, data.draw(st.sampled_from([(3,), (1, 3), (2, 3)]))))
    b = data.draw(S.arrays(dtype, data.draw(st.sampled_from([(2, 3), (1, 3)]))))
    if a.ndim == b.ndim:
        check(lambda L, u, v: L.linalg.cross(u, v), a, b, seed=seed)
        check(lambda L, u, v: L.cross(u, v, dim=-1), a, b, seed=seed)


def test_cross_of_complex_vectors_matches_pytorch():
    rng = np.random.default_rng(0)
    a, b = (rng.standard_normal((2, 3)) + 1j * rng.standard_normal((2, 3)) for _ in range(2))
    check(lambda L, u, v: L.linalg.cross(u, v), a, b)


@pytest.mark.parametrize("dtype", ["float32", "float64", "float16", "int64", "int32", "int16", "int8", "uint8"])
def test_addcmul_with_a_complex_value_for_real_tensors_raises_torchs_error_naming_the_c_type(dtype):
    messages = []
    for L in (torch, minigrad):
        a = L.ones(2, dtype=getattr(L, dtype))
        with pytest.raises(RuntimeError) as info:
            L.addcmul(a, a, a, value=1j)
        messages.append(str(info.value))
    assert messages[0] == messages[1]
