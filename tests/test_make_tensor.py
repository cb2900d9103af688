"""minigrad.testing.make_tensor against torch.testing.make_tensor: after the same seed, the same values,
dtype, shape, strides and requires_grad for every dtype and option, and the same errors and warning."""
import warnings

import pytest
import torch
from hypothesis import given, strategies as st

import minigrad

DTYPES = ["bool", "uint8", "int8", "int16", "int32", "int64", "uint16", "uint32", "uint64",
          "float16", "float32", "float64", "complex64", "complex128"]


def made(lib, seed, *shape, dtype, **options):
    """make_tensor of ``lib`` after ``manual_seed(seed)``, with the dtype named."""
    lib.manual_seed(seed)
    return lib.testing.make_tensor(*shape, dtype=getattr(lib, dtype), device="cpu", **options)


def assert_same(ours, theirs):
    assert str(ours.dtype) == str(theirs.dtype)
    assert tuple(ours.shape) == tuple(theirs.shape)
    assert ours.stride() == theirs.stride()
    assert ours.requires_grad == theirs.requires_grad
    assert ours.detach().tolist() == theirs.detach().tolist()


@pytest.mark.parametrize("dtype", DTYPES)
@given(seed=st.integers(0, 2 ** 31), shape=st.lists(st.integers(0, 4), max_size=3))
def test_make_tensor_draws_the_values_pytorch_draws(dtype, seed, shape):
    assert_same(made(minigrad, seed, shape, dtype=dtype), made(torch, seed, shape, dtype=dtype))


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("low,high", [(None, 3), (-2, None), (0.5, 4.5), (-1e6, 1e6), (-1e300, 1e300), (250, 300)])
def test_make_tensor_clamps_and_rounds_bounds_as_pytorch(dtype, low, high):
    outcomes = []
    for lib in (minigrad, torch):
        try:
            outcomes.append(made(lib, 3, 2, 5, dtype=dtype, low=low, high=high))
        except ValueError as error:
            outcomes.append(str(error).replace("minigrad.", "torch."))
    if isinstance(outcomes[1], str):
        assert outcomes[0] == outcomes[1]
    else:
        assert_same(*outcomes)


OPTIONS = [dict(noncontiguous=True), dict(memory_format="channels_last"), dict(exclude_zero=True, low=-1, high=2),
           dict(noncontiguous=True, exclude_zero=True, low=0, high=2), dict(requires_grad=True)]
OPTION_CASES = [(options, dtype) for options in OPTIONS for dtype in ["int64", "uint8", "float32", "float64", "complex64"]
                if not (options.get("requires_grad") and dtype in ("int64", "uint8"))]  # (those raise: below)


@pytest.mark.parametrize("options,dtype", OPTION_CASES)
def test_make_tensor_options_give_pytorch_layout_and_values(options, dtype):
    results = []
    for lib in (minigrad, torch):
        opts = dict(options)
        if "memory_format" in opts:
            opts["memory_format"] = getattr(lib, opts["memory_format"])
        results.append(made(lib, 7, (2, 3, 4, 5), dtype=dtype, **opts))
    assert_same(*results)


def test_make_tensor_takes_the_shape_as_integers_or_one_sequence():
    assert_same(made(minigrad, 1, 2, 3, dtype="float32"), made(torch, 1, 2, 3, dtype="float32"))
    assert_same(made(minigrad, 1, minigrad.Size([2, 3]), dtype="float32"), made(torch, 1, torch.Size([2, 3]), dtype="float32"))
    assert_same(made(minigrad, 1, dtype="float32"), made(torch, 1, dtype="float32"))


@pytest.mark.parametrize("dtype,options", [
    ("int64", dict(requires_grad=True)), ("bool", dict(requires_grad=True)),
    ("float32", dict(low=2, high=1)), ("int32", dict(low=5, high=5)), ("float32", dict(low=float("nan"))),
    ("uint8", dict(low=300, high=400)), ("int8", dict(low=-300, high=-200)), ("float16", dict(low=7e4, high=8e4)),
    ("float32", dict(noncontiguous=True, memory_format="contiguous_format")),
])
def test_make_tensor_raises_pytorch_errors(dtype, options):
    messages = []
    for lib in (minigrad, torch):
        opts = dict(options)
        if "memory_format" in opts:
            opts["memory_format"] = getattr(lib, opts["memory_format"])
        with pytest.raises(ValueError) as caught:
            made(lib, 0, 3, dtype=dtype, **opts)
        messages.append(str(caught.value).replace("minigrad.", "torch."))
    assert messages[0] == messages[1]


def test_make_tensor_warns_as_pytorch_for_equal_float_bounds():
    outcomes = []
    for lib in (minigrad, torch):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            result = made(lib, 0, 3, dtype="float32", low=1.5, high=1.5)
        outcomes.append((result.tolist(), [(w.category, str(w.message), w.filename) for w in caught]))
    assert outcomes[0] == outcomes[1]
    assert outcomes[0][1][0][2] == __file__
