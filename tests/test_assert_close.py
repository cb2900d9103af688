"""minigrad.testing.assert_close against torch.testing.assert_close: the same verdict, exception type and
message for the same inputs (tensors, arrays, numbers, None, bools, nested containers, options)."""
import numpy as np
import pytest
import torch
from hypothesis import given, settings, strategies as st

import minigrad


def outcome(lib, actual, expected, **options):
    """None if the inputs are close, else the exception's type name and message."""
    try:
        lib.testing.assert_close(actual, expected, **options)
    except Exception as error:  # noqa: BLE001  (the point is to compare whatever is raised)
        # (class names in messages: minigrad's Tensor class lives in minigrad.tensor)
        return type(error).__name__, str(error).replace("minigrad.tensor.Tensor", "torch.Tensor").replace(
            "minigrad.", "torch.")
    return None


def both(make, **options):
    """The outcomes of the two libraries, ``make(lib)`` giving (actual, expected)."""
    return [outcome(lib, *make(lib), **options) for lib in (minigrad, torch)]


CASES = {
    "close float32": lambda L: (L.tensor([1.0, 2.0, 3.0]), L.tensor([1.0, 2.0, 3.000001])),
    "not close float32": lambda L: (L.tensor([1.0, 2.0, 3.0]), L.tensor([1.0, 2.5, 3.1])),
    "not close float64 2-D": lambda L: (L.ones(2, 3, dtype=L.float64), L.ones(2, 3, dtype=L.float64) * 1.1),
    "dtypes differ": lambda L: (L.ones(2), L.ones(2, dtype=L.float64)),
    "shapes differ": lambda L: (L.ones(2), L.ones(3)),
    "integers differ": lambda L: (L.tensor([1, 2]), L.tensor([1, 3])),
    "integers equal": lambda L: (L.tensor([[1, 2]]), L.tensor([[1, 2]])),
    "bools differ": lambda L: (L.tensor([True, False]), L.tensor([True, True])),
    "0-d tensors": lambda L: (L.tensor(1.0), L.tensor(2.0)),
    "nan": lambda L: (L.tensor([1.0, float("nan")]), L.tensor([1.0, float("nan")])),
    "inf": lambda L: (L.tensor([float("inf"), -1.0]), L.tensor([float("inf"), -1.0])),
    "inf against a number": lambda L: (L.tensor([float("inf"), 2.0]), L.tensor([1.0, 2.0])),
    "expected zero": lambda L: (L.tensor([1.0, 0.0]), L.tensor([1.0, 1e-3])),
    "arrays": lambda L: (np.ones(3), np.ones(3) + 1e-3),
    "tensor and array": lambda L: (L.ones(2), np.ones(2)),
    "number and tensor": lambda L: (1.0, L.tensor(1.0)),
    "floats": lambda L: (1.0, 1.1),
    "ints": lambda L: (1, 2),
    "int and float": lambda L: (1, 1.0),
    "numpy scalar and float": lambda L: (np.float32(1.0), 1.0),
    "bools": lambda L: (True, False),
    "None and None": lambda L: (None, None),
    "None and a number": lambda L: (None, 1),
    "strings": lambda L: ("ab", "ab"),
    "lists": lambda L: ([1.0, 2.0], [1.0, 2.1]),
    "list lengths": lambda L: ([1, 2], [1, 2, 3]),
    "tuple and list": lambda L: ((1, 2), [1, 2]),
    "dicts": lambda L: ({"a": L.ones(2), "b": [L.zeros(1), 3]}, {"a": L.ones(2), "b": [L.ones(1), 3]}),
    "dict keys": lambda L: ({"a": 1, "c": 2}, {"b": 1, "c": 2}),
    "parameter and tensor": lambda L: (L.nn.Parameter(L.ones(2)), L.ones(2)),
    "strides": lambda L: (L.ones(2, 3), L.ones(3, 2).t()),
    "complex64 within its tolerance": lambda L: (L.tensor([1 + 1j, 2j]), L.tensor([1 + 1j, 2j + 1e-6])),
    "complex64 beyond its tolerance": lambda L: (L.tensor([1 + 1j, 2j]), L.tensor([1 + 1j, 2j + 1e-4])),
    "complex128 within its tolerance": lambda L: (L.tensor([1 + 1j], dtype=L.complex128),
                                                  L.tensor([1 + 1j + 1e-8], dtype=L.complex128)),
    "complex128 beyond its tolerance": lambda L: (L.tensor([1 + 1e-6j], dtype=L.complex128),
                                                  L.tensor([1 + 0j], dtype=L.complex128)),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_verdict_and_message_match_pytorch(case):
    ours, theirs = both(CASES[case])
    assert ours == theirs


OPTIONS = [
    ("dtypes differ", dict(check_dtype=False)), ("int and float", dict(check_dtype=False)),
    ("nan", dict(equal_nan=True)), ("not close float32", dict(rtol=0.1, atol=0.0)),
    ("not close float32", dict(rtol=0.0, atol=0.0)), ("integers differ", dict(rtol=0.5, atol=0.0)),
    ("parameter and tensor", dict(allow_subclasses=False)), ("strides", dict(check_stride=True)),
    ("not close float32", dict(msg="custom message")), ("dicts", dict(msg=lambda m: "prefix: " + m)),
    ("list lengths", dict(msg="ignored for a structure mismatch, as PyTorch")),
    ("not close float32", dict(rtol=1e-3)), ("floats", dict(atol=1e-3)),
    ("not close float64 2-D", dict(check_layout=False, check_device=False)),
]


@pytest.mark.parametrize("case,options", OPTIONS, ids=[f"{c}-{sorted(o)}" for c, o in OPTIONS])
def test_options_give_pytorchs_verdict_and_message(case, options):
    ours, theirs = both(CASES[case], **options)
    assert ours == theirs


@settings(max_examples=60, deadline=None)
@given(data=st.data(), shape=st.lists(st.integers(1, 4), min_size=0, max_size=3),
       dtype=st.sampled_from(["float32", "float64", "int64"]))
def test_random_tensors_get_pytorchs_verdict_and_message(data, shape, dtype):
    rng = np.random.default_rng(data.draw(st.integers(0, 2 ** 32 - 1)))
    expected = (rng.standard_normal(shape) * 10).astype(dtype)
    noise = data.draw(st.sampled_from([0.0, 1e-8, 1e-6, 1e-3, 1.0]))
    actual = (expected + noise * rng.standard_normal(shape) * (rng.random(shape) < 0.5)).astype(dtype)
    ours, theirs = both(lambda L: (L.tensor(actual), L.tensor(expected)))
    assert ours == theirs


def test_deterministic_algorithm_flags_are_recorded_as_pytorch():
    seen = []
    for lib in (minigrad, torch):
        states = []
        for mode, warn_only in ((True, False), (True, True), (False, False)):
            lib.use_deterministic_algorithms(mode, warn_only=warn_only)
            states.append((lib.are_deterministic_algorithms_enabled(),
                           lib.is_deterministic_algorithms_warn_only_enabled(), lib.get_deterministic_debug_mode()))
        for debug_mode in ("warn", 2, "default", 1, 0):
            lib.set_deterministic_debug_mode(debug_mode)
            states.append((lib.are_deterministic_algorithms_enabled(),
                           lib.is_deterministic_algorithms_warn_only_enabled()))
        seen.append(states)
    assert seen[0] == seen[1]


@pytest.mark.parametrize("call", [lambda L: L.use_deterministic_algorithms(1),
                                  lambda L: L.use_deterministic_algorithms(True, warn_only=None),
                                  lambda L: L.set_deterministic_debug_mode(1.5),
                                  lambda L: L.set_deterministic_debug_mode("loud"),
                                  lambda L: L.set_deterministic_debug_mode(3)])
def test_deterministic_algorithm_flags_refuse_what_pytorch_refuses(call):
    errors = []
    for lib in (minigrad, torch):
        with pytest.raises(Exception) as info:
            call(lib)
        errors.append((type(info.value), str(info.value)))
        lib.use_deterministic_algorithms(False)
    assert errors[0] == errors[1]
