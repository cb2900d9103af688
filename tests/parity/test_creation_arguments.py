"""Creation functions take their arguments as PyTorch does: sizes as ints, one sequence or
``size=``; every documented parameter by name; and a float, bool or string where an int belongs
raises PyTorch's TypeError (``zeros(2.5)`` never makes two elements), a negative count its
RuntimeError."""
import numpy as np
import pytest
import torch

import minigrad

from .helpers import check_raises, dtype_name


def outcome(lib, expr):
    try:
        r = eval(expr, {"L": lib, "np": np})
    except (TypeError, ValueError, RuntimeError, NotImplementedError) as exc:
        return type(exc), str(exc)
    return "ok", tuple(r.shape), dtype_name(r)


def same_as_torch(expr, names=()):
    mine, theirs = outcome(minigrad, expr), outcome(torch, expr)
    assert mine[0] == theirs[0], f"{expr}: minigrad {mine}, torch {theirs}"
    if theirs[0] == "ok":
        assert mine == theirs, f"{expr}: minigrad {mine}, torch {theirs}"
    for name in names:
        assert name in mine[1], f"{expr}: minigrad's message {mine[1]!r} does not name {name!r}"


@pytest.mark.parametrize("name", ["zeros", "ones", "empty", "rand", "randn"])
@pytest.mark.parametrize("args", ["2.5", "2, 2.5", "(2.5,)", "[2, 2.5]", "True", "(True,)", "np.float64(2)", "'a'",
                                  "None", ""])
def test_a_size_that_is_not_ints_raises_type_error_like_torch(name, args):
    same_as_torch(f"L.{name}({args})", names=[f"{name}()"] if args else [])


@pytest.mark.parametrize("name", ["zeros", "ones", "empty", "rand", "randn"])
@pytest.mark.parametrize("args", ["size=(2, 4)", "size=[3]", "size=()", "(2, 3)", "2, 3", "[]", "np.int64(2)",
                                  "L.tensor(2)", "L.tensor([2])", "(L.tensor(2), 3)", "size=2", "2, size=(2,)",
                                  "-1", "2, -1"])
def test_size_forms_and_the_size_keyword_work_like_torch(name, args):
    same_as_torch(f"L.{name}({args})")


@pytest.mark.parametrize("expr", [
    "L.full(2.5, 1.)", "L.full(2, 1.)", "L.full((2.5,), 1.)", "L.full((-1,), 1.)", "L.full((2,), 'a')",
    "L.full((2,), None)", "L.full(size=(2,), fill_value=1)", "L.full([2], fill_value=True)",
    "L.full((2,), L.tensor(3))"])
def test_full_checks_size_and_fill_value_like_torch(expr):
    same_as_torch(expr)


@pytest.mark.parametrize("expr", [
    "L.randperm(2.5)", "L.randperm(-1)", "L.randperm(True)", "L.randperm('3')", "L.randperm(np.int64(3))",
    "L.randperm(L.tensor(3))", "L.randperm(n=3)", "L.randperm(0)", "L.randperm(3, dtype=L.float32)"])
def test_randperm_takes_a_non_negative_int_like_torch(expr):
    same_as_torch(expr)


@pytest.mark.parametrize("expr", [
    "L.linspace(0, 3, 1.0)", "L.linspace(0, 3, 2.5)", "L.linspace(0, 3, True)", "L.linspace(0, 3, '3')",
    "L.linspace(0, 3, None)", "L.linspace(0, 3, -1)", "L.linspace(0, 3, np.int64(3))", "L.linspace(0, 3, L.tensor(3))",
    "L.linspace('a', 3, 3)", "L.linspace(None, 3, 3)", "L.linspace(start=0., end=1., steps=3)",
    "L.logspace(0, 1, 2.5)", "L.logspace(start=0, end=1, steps=3, base=2)"])
def test_linspace_takes_an_int_number_of_steps_like_torch(expr):
    same_as_torch(expr)


@pytest.mark.parametrize("expr", [
    "L.eye(2.5)", "L.eye(-1)", "L.eye(2, 2.5)", "L.eye(2, -1)", "L.eye(n=2)", "L.eye(2, m=3)", "L.eye(True)",
    "L.randint(0, 10, 2.5)", "L.randint(0, 10, (2.5,))", "L.randint(10, (2,))", "L.randint(2.5, (2,))",
    "L.randint(0, 2.5, (2,))", "L.randint(0, 10, (-1,))", "L.randint(low=0, high=10, size=(2,))",
    "L.randint(high=10, size=(2,))", "L.randint(10, size=(2,))", "L.randint(0, 10, size=(2,))", "L.randint(0, 10, 2)",
    "L.randint(5, 2, (2,))",
    "L.normal(0., 1., (2.5,))", "L.normal(0., 1., size=(2,))", "L.normal(mean=0., std=1., size=(2,))",
    "L.normal(0., -1., (2,))", "L.normal(L.zeros(2), 1.)", "L.normal(mean=L.zeros(2), std=L.ones(2))",
    "L.normal(L.zeros(2), L.ones(3))", "L.normal('a', 1., (2,))",
    "L.arange(0, 10, 0)", "L.arange(10, 0)", "L.arange('a')", "L.arange(None)", "L.arange(end=5)",
    "L.arange(start=1, end=5)", "L.arange(1, end=5, step=2)", "L.arange(True)", "L.arange(2.5)",
    "L.arange(float('inf'))", "L.arange(float('nan'))", "L.arange(0, 1e20, 1e-5)", "L.arange(0, 2**63)",
    "L.bernoulli(input=L.full((2,), .5))", "L.bernoulli(L.full((2,), .5), p=0.5)", "L.bernoulli(L.full((2,), 2.))",
    "L.multinomial(input=L.ones(3), num_samples=2)", "L.scalar_tensor(s=3)", "L.tensor(data=[1])",
    "L.as_tensor(data=[1])", "L.rand(2, dtype=L.int64)", "L.randn(2, dtype=L.int64)"])
def test_other_factories_check_their_arguments_like_torch(expr):
    same_as_torch(expr)


@pytest.mark.parametrize("expr", [
    "L.randint(10)", "L.randint(size=(3,))", "L.randint(high=10)", "L.randint()", "L.randint(0, 10)",
    "L.randint(10, 5)", "L.randint(10, 2.0)", "L.randint(2.5, (2,))", "L.randint(None, (2,))", "L.randint(10, (2.5,))",
    "L.randint(10, size=5)", "L.randint(10, size=(2.5,))", "L.randint(high=2.5, size=(2,))", "L.randint(0, 10, 5)",
    "L.randint(0, 10, None)", "L.randint(2.5, 10, (2,))", "L.randint(0, 2.5, (2,))", "L.randint(0, 10, (2.5,))",
    "L.randint_like(L.zeros(2))", "L.randint_like(L.zeros(2), 2.5)", "L.randint_like(L.zeros(2), 1, 2.5)",
    "L.randint_like(L.zeros(2), None)", "L.randint_like(L.zeros(2), L.tensor(3))"])
def test_randint_reads_its_forms_and_words_their_errors_as_torch(expr):
    # (a forgotten size or bound is a common slip: randint(10), randint(0, 10), randint(size=(3,)))
    assert outcome(minigrad, expr) == outcome(torch, expr)


@pytest.mark.parametrize("expr", [
    "L.randint(2 ** 63, (2,))", "L.randint(-2 ** 63 - 1, 0, (2,))", "L.randint(0, 2 ** 64, (1,))",
    "L.randint(high=2 ** 63, size=(2,))", "L.randint(0, 2 ** 63, (2,), dtype=L.uint64)",
    "L.randint(2 ** 63, size=(2,))", "L.randint(0, 2 ** 63 - 1, (2,))", "L.randint(-2 ** 63, 0, (2,))"])
def test_randint_bounds_beyond_int64_raise_torchs_overflow_error(expr):
    # (torch.testing.make_tensor asks randint for uint64's whole range: PyTorch refuses it this way)
    assert outcome(minigrad, expr) == outcome(torch, expr)


@pytest.mark.parametrize("expr", ["L.full((2.5,), 1.)", "L.full((2, 'a'), 1.)", "L.empty_strided((2,), (1.5,))",
                                  "L.empty_strided((2,), 1.5)", "L.empty_permuted((2,), (0.5,))", "L.zeros((2, 'a'))",
                                  "L.zeros(size=(2.5,))", "L.zeros(size=(2, 2.5))", "L.randint(10, (2, 2.5))",
                                  "L.empty_strided((2, 2), (1, 1.5))", "L.zeros((2, True))"])
def test_a_size_sequence_with_a_non_int_element_raises_torchs_type_error_and_message(expr):
    assert outcome(minigrad, expr) == outcome(torch, expr)


@pytest.mark.parametrize("name", ["zeros_like", "ones_like", "empty_like", "rand_like", "randn_like"])
@pytest.mark.parametrize("arg", ["np.zeros(2)", "[1.]", "2.0"])
def test_like_factories_of_a_non_tensor_raise_type_error_naming_input(name, arg):
    same_as_torch(f"L.{name}({arg})", names=[f"{name}()", "'input'"])


@pytest.mark.parametrize("expr", ["L.zeros_like(input=L.zeros(2))", "L.full_like(L.zeros(2), fill_value=3)",
                                  "L.randn_like(input=L.zeros(2))", "L.randint_like(L.zeros(2), 5)",
                                  "L.randint_like(L.zeros(2), low=1, high=5)", "L.randint_like(L.zeros(2), high=5)",
                                  "L.empty_like(input=L.zeros(2))", "L.full_like(L.zeros(2), 'a')",
                                  "L.ones_like(L.zeros(2, dtype=L.int64), dtype=L.float64)"])
def test_like_factories_take_torchs_keywords(expr):
    same_as_torch(expr)


@pytest.mark.parametrize("name", ["linspace", "logspace"])
@pytest.mark.parametrize("start, end", [([1.0], 2.0), (1.0, [2.0])], ids=["start", "end"])
def test_space_with_a_1d_tensor_end_raises_runtime_error(name, start, end):
    def call(L):
        wrap = lambda v: L.tensor(v) if isinstance(v, list) else v  # noqa: E731
        return getattr(L, name)(wrap(start), wrap(end), 3)
    check_raises(call)


def test_broadcast_shapes_takes_an_int_as_a_1d_shape():
    assert tuple(minigrad.broadcast_shapes((5, 1), 5)) == tuple(torch.broadcast_shapes((5, 1), 5)) == (5, 5)


def test_multinomial_without_replacement_draws_zero_probability_categories_last():
    out = minigrad.multinomial(minigrad.tensor([0.0, 1.0, 0.0]), 3)
    assert out.tolist()[0] == 1 and sorted(out.tolist()) == [0, 1, 2]
