"""Core edge cases found by trying PyTorch's own per-op samples and bad inputs, each
against PyTorch: the same values and gradients, or the same exception type and a message naming
the same thing."""
import importlib
import math
import warnings

import numpy as np
import pytest
import torch

import minigrad

_tensor_protocols = importlib.import_module("minigrad._tensor_protocols")  # (where float() warns once)

from .helpers import check

LIBS = [minigrad, torch]


def test_fmod_keeps_the_sign_of_the_dividend_as_c_and_pytorch():
    a, b = np.array([-3.0, 3.0, -7.5, 7.5]), np.array([2.0, -2.0, 2.0, -2.0])
    out = check(lambda L, x, y: L.fmod(x, y), a, b)
    assert out.tolist() == [-1.0, 1.0, -1.5, 1.5]
    check(lambda L, x: x.fmod(2.0), a)
    check(lambda L, x, y: L.fmod(x, y), np.array([-3, 3]), np.array([2, -2]))


def test_remainder_keeps_the_sign_of_the_divisor():
    check(lambda L, x, y: L.remainder(x, y), np.array([-3.0, 3.0]), np.array([2.0, -2.0]))


_OVERFLOWING_QUOTIENTS = (np.array([100.0, -1e10, 1e300, 0.5, -3.0, 4.0]),
                          np.array([1e-310, 1e-310, -1e-300, 1e-310, 1e-310, 5e-324]))


@pytest.mark.parametrize("op", ["remainder", "fmod"])
def test_remainder_when_the_quotient_overflows_is_the_exact_remainder(op):
    # |a / b| overflows (a subnormal or tiny divisor). The remainder is still exact and finite: C's fmod
    # and PyTorch's scalar kernel (CUDA's, and the CPU's for tensors shorter than one vector register and
    # the tails of longer ones) give it. PyTorch's vectorised CPU kernel gives nan for whole registers of
    # 8 doubles (AVX-512); minigrad gives the exact value at every length (see DESIGN-NOTES).
    a, b = _OVERFLOWING_QUOTIENTS
    out = getattr(minigrad, op)(minigrad.tensor(a), minigrad.tensor(b)).tolist()
    per_element = [getattr(torch, op)(torch.tensor([x]), torch.tensor([y])).item() for x, y in zip(a, b)]
    assert out == per_element
    exact = [math.fmod(x, y) for x, y in zip(a, b)]
    if op == "remainder":  # the divisor's sign
        exact = [r + y if r != 0 and (r < 0) != (y < 0) else r for r, y in zip(exact, b)]
    assert out == exact
    assert all(math.isfinite(r) for r in out)


def test_remainder_by_a_subnormal_python_number_is_exact():
    out = minigrad.tensor([100.0, -1.0] * 8, dtype=minigrad.float64) % 1e-310
    assert out.tolist() == [math.fmod(100.0, 1e-310), 1e-310 + math.fmod(-1.0, 1e-310)] * 8


def test_integer_fmod_by_zero_raises_like_torch():
    check(lambda L, x, y: L.fmod(x, y), np.array([1, 2]), np.array([1, 0]))


@pytest.mark.parametrize("mode", ["floor", "trunc"])
def test_rounded_division_records_zero_gradients_shaped_like_the_inputs(mode):
    rng = np.random.default_rng(0)
    a, b = rng.uniform(-3, 3, (5, 1)), rng.uniform(0.5, 2, 5) * rng.choice([-1, 1], 5)
    out = check(lambda L, x, y: L.div(x, y, rounding_mode=mode), a, b)
    assert out.requires_grad


@pytest.mark.parametrize("mode", ["floor", "trunc"])
def test_rounded_division_by_a_number_requires_grad_as_torch(mode):
    check(lambda L, x: L.div(x, -1.5, rounding_mode=mode), np.array([[-2.5, 3.0], [1.0, -0.5]]))


def test_floor_division_gradient_has_each_input_shape_and_zeros_for_the_divisor():
    rng = np.random.default_rng(1)
    a, b = rng.uniform(-3, 3, (5, 1)), rng.uniform(0.5, 2, 5)
    x = minigrad.tensor(a, requires_grad=True)
    y = minigrad.tensor(b, requires_grad=True)
    minigrad.div(x, y, rounding_mode="floor").sum().backward()
    # (as PyTorch's: its // has no derivative at all, see test_inplace_twins.py)
    tx, ty = torch.tensor(a, requires_grad=True), torch.tensor(b, requires_grad=True)
    torch.div(tx, ty, rounding_mode="floor").sum().backward()
    assert x.grad.shape == tx.grad.shape == (5, 1)
    assert y.grad is not None and y.grad.tolist() == ty.grad.tolist() == [0.0] * 5


def test_negative_number_to_a_tensor_power_gives_nan_gradients_as_torch():
    check(lambda L, x: (-2.0) ** x, np.array([1.0, 2.0, 0.5]))
    check(lambda L, x: L.pow(-3, x), np.array([1.0, 2.0]))


def test_zero_to_a_tensor_power_gradient_as_torch():
    check(lambda L, x: 0.0 ** x, np.array([-1.0, 0.0, 2.0]))


@pytest.mark.parametrize("exponent", [0.5, 1.5])
def test_a_tensor_exponent_near_one_half_is_cs_pow_at_minus_inf_and_minus_zero_as_torch(exponent):
    # (NumPy computes a broadcast exponent of 0.5 as sqrt; PyTorch's tensor-exponent kernel calls pow)
    check(lambda L, x: L.pow(x, L.tensor(exponent, dtype=x.dtype)), np.array([-np.inf, -0.0, 0.0, 2.0]))


@pytest.mark.parametrize("fill", ["fill_", "zero_"])
def test_filling_a_clone_of_nan_and_inf_is_not_nan(fill):
    def fn(L, x):
        y = x.clone()
        y.fill_(3.0) if fill == "fill_" else y.zero_()
        return y * 2
    out = check(fn, np.array([np.nan, np.inf, -np.inf, 1.0]))
    assert not torch.isnan(out).any()


def test_fill_node_names_match_torch():
    for L in LIBS:
        y = L.tensor([1.0, 2.0], requires_grad=True).clone()
        assert y.fill_(1.0).grad_fn.name() == "FillBackward2"
        assert y.zero_().grad_fn.name() == "ZeroBackward0"


@pytest.mark.parametrize("op", ["__lt__", "__le__", "__gt__", "__ge__"])
def test_ordering_a_tensor_against_none_raises_type_error_as_torch(op):
    for L in LIBS:
        with pytest.raises(TypeError, match="not supported between instances"):
            _compare(L.zeros(2), op, None)


def _compare(t, op, other):
    return {"__lt__": lambda: t < other, "__le__": lambda: t <= other, "__gt__": lambda: t > other,
            "__ge__": lambda: t >= other}[op]()


def test_equality_with_none_is_false_and_inequality_true_as_torch():
    for L in LIBS:
        assert (L.zeros(2) == None) is False  # noqa: E711  (the behaviour under test)
        assert (L.zeros(2) != None) is True  # noqa: E711


@pytest.mark.parametrize("name", ["lt", "le", "gt", "ge", "eq", "ne"])
def test_comparison_functions_with_none_raise_type_error_naming_the_function(name):
    for L in LIBS:
        with pytest.raises(TypeError, match=f"{name}\\(\\)"):
            getattr(L, name)(L.zeros(2), None)


def _modified_message(L, make):
    with pytest.raises(RuntimeError) as err:
        make(L)
    msg = str(err.value)
    return msg[msg.index("["):msg.index("expected version")]


@pytest.mark.parametrize("case", ["input_after_add_", "output_of_exp", "input_changed_under_no_grad",
                                  "leaf", "sum_dim"])
def test_in_place_error_names_the_modified_tensor_and_its_producer_as_torch(case):
    def make(L):
        x = L.tensor([1.0, 2.0], requires_grad=True)
        if case == "input_after_add_":
            h = x * 1
            y = h * h
            h.add_(1)
        elif case == "output_of_exp":
            y = x.exp()
            y.mul_(2)
        elif case == "input_changed_under_no_grad":
            h = x.sin()
            y = h.cos()
            with L.no_grad():
                h.mul_(3)
        elif case == "leaf":
            w = L.tensor([1.0, 2.0], requires_grad=True)
            y = w * w
            with L.no_grad():
                w.add_(1)
        else:
            h = x.sum(0, keepdim=True)
            y = h * h
            with L.no_grad():
                h.add_(1)
        y.sum().backward()
    assert _modified_message(minigrad, make) == _modified_message(torch, make)


@pytest.mark.parametrize("anomaly", [False, True])
def test_in_place_error_ends_with_pytorchs_hint_for_the_anomaly_mode(anomaly):
    def message(L):
        with L.autograd.set_detect_anomaly(anomaly), warnings.catch_warnings():
            warnings.simplefilter("ignore")  # (PyTorch warns with the forward trace under anomaly mode)
            x = L.tensor([1.0, 2.0], requires_grad=True)
            y = x.exp()
            y.add_(1)
            with pytest.raises(RuntimeError) as err:
                y.sum().backward()
        return str(err.value)
    assert message(minigrad) == message(torch)


@pytest.mark.parametrize("way", ["factory", "parameter", "requires_grad_", "setter"])
@pytest.mark.parametrize("dtype", ["int64", "bool"])
def test_an_integer_tensor_asked_to_require_grad_raises_pytorchs_message_for_the_way_asked(way, dtype):
    def message(L):
        make = {"factory": lambda: L.ones(2, dtype=getattr(L, dtype), requires_grad=True),
                "parameter": lambda: L.nn.Parameter(L.ones(2, dtype=getattr(L, dtype))),
                "requires_grad_": lambda: L.ones(2, dtype=getattr(L, dtype)).requires_grad_(),
                "setter": lambda: setattr(L.ones(2, dtype=getattr(L, dtype)), "requires_grad", True)}[way]
        with pytest.raises(RuntimeError) as err:
            make()
        return str(err.value)
    assert message(minigrad) == message(torch)


def test_a_complex_tensor_may_require_grad_in_place_as_in_pytorch():
    assert minigrad.ones(2, dtype=minigrad.complex64).requires_grad_().requires_grad


def test_set_grad_enabled_repr_names_its_class_and_mode_as_pytorch():
    shown = repr(minigrad.set_grad_enabled(False))
    minigrad.set_grad_enabled(True)
    want = repr(torch.set_grad_enabled(False))
    torch.set_grad_enabled(True)
    assert shown.replace("minigrad", "torch") == want


def test_assigning_a_gradient_of_another_size_names_both_sizes_as_torch():
    msgs = []
    for L in LIBS:
        a = L.zeros(3, requires_grad=True)
        with pytest.raises(RuntimeError) as err:
            a.grad = L.zeros(5)
        msgs.append(str(err.value))
    assert msgs[0] == msgs[1]
    assert "[5]" in msgs[0] and "[3]" in msgs[0]


def test_assigning_a_gradient_of_another_dtype_names_both_dtypes_as_torch():
    for L in LIBS:
        a = L.zeros(3, requires_grad=True)
        with pytest.raises(RuntimeError, match="'double'.*'Float'"):
            a.grad = L.zeros(3, dtype=L.float64)


def _warnings_of(fn):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fn()
    return [str(w.message) for w in caught]


def test_float_of_a_tensor_requiring_grad_warns_once_as_torch(monkeypatch):
    monkeypatch.setattr(_tensor_protocols, "_warned_scalar", [])
    t = minigrad.tensor([1.5], requires_grad=True) * 2
    first = _warnings_of(lambda: float(t))
    assert len(first) == 1 and first[0].startswith("Converting a tensor with requires_grad=True to a scalar")
    assert _warnings_of(lambda: float(t)) == []  # PyTorch warns once per process


def test_float_of_a_tensor_requiring_grad_does_not_warn_under_no_grad(monkeypatch):
    monkeypatch.setattr(_tensor_protocols, "_warned_scalar", [])
    t = minigrad.tensor([1.5], requires_grad=True) * 2
    with minigrad.no_grad():
        assert _warnings_of(lambda: float(t)) == []  # (LBFGS takes its closure's loss so)
    assert len(_warnings_of(lambda: float(t))) == 1


def test_int_bool_and_item_of_a_tensor_requiring_grad_do_not_warn():
    t = minigrad.tensor([1.5], requires_grad=True) * 2
    for fn in (int, bool, lambda v: v.item()):
        assert _warnings_of(lambda: fn(t)) == []


@pytest.mark.parametrize("weight", [0.1, 0.5, 0.9, "tensor"])
def test_lerp_in_place_matches_torch_from_the_nearer_end(weight):
    # PyTorch computes from ``self`` below weight 0.5 and from ``end`` above (its kernel fuses the
    # multiply-add, so the last bit may differ); computing from the wrong end would be ~1e-6 off
    rng = np.random.default_rng(3)
    a, b = rng.standard_normal(6).astype(np.float32), rng.standard_normal(6).astype(np.float32)
    w = rng.uniform(0, 1, 6).astype(np.float32)
    outs = []
    for L in LIBS:
        x = L.tensor(a)
        x.lerp_(L.tensor(b), L.tensor(w) if weight == "tensor" else weight)
        outs.append(x.numpy())
    np.testing.assert_allclose(outs[0], outs[1], rtol=2e-7, atol=2e-7)


NODE_NAME_CASES = {
    "stack": lambda L, a: L.stack([a, a]), "linear without bias": lambda L, a: L.nn.functional.linear(a[None], L.ones(2, 3)),
    "linear": lambda L, a: L.nn.functional.linear(a[None], L.ones(2, 3), L.ones(2)),
}


@pytest.mark.parametrize("case", sorted(NODE_NAME_CASES))
def test_node_names_match_torch(case):
    names = [NODE_NAME_CASES[case](L, L.tensor([0.5, -1.0, 2.0], requires_grad=True)).grad_fn.name()
             for L in (torch, minigrad)]
    assert names[0] == names[1]
