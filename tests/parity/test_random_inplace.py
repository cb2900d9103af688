"""The in-place random fills against PyTorch: after the same manual_seed, the same numbers (bit for
bit where PyTorch's CPU arithmetic can be followed), PyTorch's dtypes, its errors for bad parameters
and dtypes, and a zero gradient through a recorded fill."""
import warnings

import numpy as np
import pytest
import torch
from hypothesis import given, strategies as st

import minigrad

FLOATS = ["float32", "float64"]
INTEGERS = ["int64", "int32", "int16", "int8", "uint8", "bool"]
sizes = st.sampled_from([(1,), (7,), (15,), (16,), (5, 5), (3, 17), (2, 3, 8), (0,)])
seeds = st.integers(0, 2 ** 32 - 1)


def _both(seed, shape, dtype, call):
    """``call`` on a fresh tensor of each library after manual_seed(seed): (minigrad's, torch's) as arrays."""
    out = []
    for L in (minigrad, torch):
        L.manual_seed(seed)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            t = call(L.zeros(shape, dtype=getattr(L, dtype)))
        out.append(t.numpy())
    return out


def _assert_same(seed, shape, dtype, call):
    mine, theirs = _both(seed, shape, dtype, call)
    assert mine.dtype == theirs.dtype and mine.shape == theirs.shape
    np.testing.assert_array_equal(mine, theirs)


@given(seed=seeds, shape=sizes, dtype=st.sampled_from(FLOATS),
       bounds=st.sampled_from([(0.0, 1.0), (-2.0, 3.0), (-100, 100), (1e-3, 2e-3), (5.0, 5.0)]))
def test_uniform_fills_torchs_numbers(seed, shape, dtype, bounds):
    _assert_same(seed, shape, dtype, lambda t: t.uniform_(*bounds))


@given(seed=seeds, shape=sizes, bounds=st.sampled_from([(-1e300, 1e300), (0.0, 1.7e308), (-8e307, 8e307),
                                                         (-1e-300, 1e300), (-3e300, 1e301)]))
def test_uniform_over_ranges_near_the_largest_double_fills_torchs_numbers(seed, shape, bounds):
    # (torch.testing.make_tensor draws float64 in [-1e300, 1e300) so; the exact product must not overflow)
    _assert_same(seed, shape, "float64", lambda t: t.uniform_(*bounds))


@given(seed=seeds, shape=st.sampled_from([(1,), (7,), (15,)]),
       params=st.sampled_from([(0.0, 1e305), (3e300, 1.5e307), (-1e300, 1e303)]))
def test_normal_and_cauchy_of_huge_scales_fill_torchs_numbers(seed, shape, params):
    _assert_same(seed, shape, "float64", lambda t: t.normal_(*params))
    _assert_same(seed, shape, "float64", lambda t: t.cauchy_(*params))


@pytest.mark.parametrize("dtype, bound", [("float16", 6e4), ("float32", 3e38), ("float64", 1e308),
                                          ("complex64", 3e38), ("complex128", 1e308)])
def test_uniform_range_past_the_largest_value_names_the_dtype_as_torch(dtype, bound):
    messages = []
    for L in (minigrad, torch):
        with pytest.raises(RuntimeError) as caught:
            L.zeros(3, dtype=getattr(L, dtype)).uniform_(-bound, bound)
        messages.append(str(caught.value))
    assert messages[0] == messages[1]


@given(seed=seeds, shape=sizes, params=st.sampled_from([(0.0, 1.0), (-2.0, 0.5), (3.3, 2.9), (0.0, 1e-3)]))
def test_cauchy_fills_torchs_numbers(seed, shape, params):
    for dtype in FLOATS:
        _assert_same(seed, shape, dtype, lambda t: t.cauchy_(*params))


@given(seed=seeds, shape=sizes, lambd=st.sampled_from([1.0, 0.5, 1.5, 7.0]))
def test_exponential_fills_torchs_numbers(seed, shape, lambd):
    for dtype in FLOATS:
        _assert_same(seed, shape, dtype, lambda t: t.exponential_(lambd))


@given(seed=seeds, shape=sizes, dtype=st.sampled_from(FLOATS + INTEGERS[:-1]), p=st.sampled_from([0.2, 0.5, 0.8, 0.01]))
def test_geometric_fills_torchs_numbers_of_any_real_dtype(seed, shape, dtype, p):
    _assert_same(seed, shape, dtype, lambda t: t.geometric_(p))


@given(seed=seeds, shape=sizes, params=st.sampled_from([(1.0, 2.0), (0.0, 0.25), (-0.3, 1.7), (0.5, 1.0)]))
def test_log_normal_fills_torchs_numbers(seed, shape, params):
    for dtype in FLOATS:
        _assert_same(seed, shape, dtype, lambda t: t.log_normal_(*params))


NORMAL_PARAMS = st.sampled_from([(0.0, 1.0), (-0.3, 1.7), (2.1, 0.33)])


@given(seed=seeds, shape=st.sampled_from([(1,), (7,), (15,), (3, 4)]), params=NORMAL_PARAMS,
       dtype=st.sampled_from(FLOATS))
def test_normal_of_fewer_than_16_values_fills_torchs_numbers(seed, shape, params, dtype):
    _assert_same(seed, shape, dtype, lambda t: t.normal_(*params))


@given(seed=seeds, shape=st.sampled_from([(16,), (5, 5), (3, 17)]), params=NORMAL_PARAMS)
def test_normal_of_16_values_or_more_is_torchs_in_float64_and_within_float32_rounding(seed, shape, params):
    mine, theirs = _both(seed, shape, "float64", lambda t: t.normal_(*params))
    np.testing.assert_allclose(mine, theirs, rtol=1e-15, atol=1e-15)  # (PyTorch's log/cos: rarely a last bit apart)
    mine, theirs = _both(seed, shape, "float32", lambda t: t.normal_(*params))
    np.testing.assert_allclose(mine, theirs, rtol=1e-6, atol=1e-6)  # (its vectorised float32 log/sin/cos)


@given(seed=seeds, shape=sizes, dtype=st.sampled_from(FLOATS + INTEGERS), p=st.sampled_from([0.0, 0.3, 0.5, 1.0]))
def test_bernoulli_with_a_number_fills_torchs_numbers(seed, shape, dtype, p):
    _assert_same(seed, shape, dtype, lambda t: t.bernoulli_(p))


@given(seed=seeds, shape=sizes, dtype=st.sampled_from(FLOATS + ["int64", "bool"]), p_dtype=st.sampled_from(FLOATS))
def test_bernoulli_with_a_probability_tensor_fills_torchs_numbers(seed, shape, dtype, p_dtype):
    probs = np.random.default_rng(seed).random(shape[-1:])
    _assert_same(seed, shape, dtype, lambda t: t.bernoulli_(
        (torch if isinstance(t, torch.Tensor) else minigrad).tensor(probs.astype(p_dtype))))


@given(seed=seeds, shape=sizes, dtype=st.sampled_from(FLOATS + INTEGERS))
def test_random_without_bounds_fills_torchs_numbers(seed, shape, dtype):
    _assert_same(seed, shape, dtype, lambda t: t.random_())


@given(seed=seeds, shape=sizes, dtype=st.sampled_from(FLOATS + ["int64", "int32", "int16", "uint8"]),
       bounds=st.sampled_from([(0, 2), (3, 10), (0, 255), (7,), (1, 200)]))
def test_random_between_bounds_fills_torchs_numbers(seed, shape, dtype, bounds):
    _assert_same(seed, shape, dtype, lambda t: t.random_(*bounds))


@given(seed=seeds, dtype=st.sampled_from(["int64", "float64", "float32"]),
       bounds=st.sampled_from([(-2 ** 63, None), (-2 ** 63, 5), (0, 2 ** 40), (-2 ** 62, 2 ** 62), (5, None)]))
def test_random_over_wide_ranges_fills_torchs_numbers(seed, dtype, bounds):
    _assert_same(seed, (9,), dtype, lambda t: t.random_(*bounds))


def test_random_to_the_dtypes_largest_takes_from_and_none():
    _assert_same(3, (50,), "uint8", lambda t: t.random_(200, None))
    _assert_same(3, (50,), "int8", lambda t: t.random_(-3, None))
    _assert_same(3, (50,), "bool", lambda t: t.random_(0, None))


@pytest.mark.parametrize("call", [
    lambda t: t.random_(**{"from": 2, "to": 9}), lambda t: t.random_(to=4), lambda t: t.uniform_(to=3.0),
    lambda t: t.uniform_(**{"from": -1.0}), lambda t: t.cauchy_(median=1.0, sigma=2.0),
    lambda t: t.exponential_(lambd=3.0),
    lambda t: t.geometric_(p=0.3), lambda t: t.log_normal_(mean=0.5, std=0.5), lambda t: t.bernoulli_(p=0.25),
    lambda t: t.normal_(mean=1.0, std=3.0)],
    ids=["random_ from to", "random_ to", "uniform_ to", "uniform_ from", "cauchy_", "exponential_", "geometric_",
         "log_normal_", "bernoulli_", "normal_"])
def test_fills_take_torchs_keyword_names(call):
    _assert_same(11, (20,), "float64", call)


def test_fills_with_a_generator_draw_from_it_as_torch():
    mine, theirs = minigrad.Generator().manual_seed(9), torch.Generator().manual_seed(9)
    a = minigrad.zeros(30).cauchy_(generator=mine).log_normal_(generator=mine).geometric_(0.4, generator=mine)
    b = torch.zeros(30).cauchy_(generator=theirs).log_normal_(generator=theirs).geometric_(0.4, generator=theirs)
    np.testing.assert_array_equal(a.numpy(), b.numpy())


def test_fills_return_the_tensor_itself():
    t = minigrad.zeros(4)
    for fill in (lambda x: x.cauchy_(), lambda x: x.exponential_(), lambda x: x.geometric_(0.5),
                 lambda x: x.log_normal_(), lambda x: x.uniform_(), lambda x: x.random_(), lambda x: x.bernoulli_()):
        assert fill(t) is t


def test_complex_uniform_and_normal_fill_both_parts_as_torch():
    _assert_same(4, (10,), "complex64", lambda t: t.uniform_(-1, 2))
    _assert_same(4, (10,), "complex128", lambda t: t.uniform_(-1, 2))
    _assert_same(4, (5,), "complex128", lambda t: t.normal_(0.5, 2.0))
    mine, theirs = _both(4, (10,), "complex64", lambda t: t.normal_(0.5, 2.0))  # (20 float32 parts: the fill kernel)
    np.testing.assert_allclose(mine, theirs, rtol=1e-6, atol=1e-6)


def test_nn_init_after_a_seed_equals_torchs():
    for L in (minigrad, torch):
        L.manual_seed(0)
    for name, args in [("uniform_", (-0.3, 0.7)), ("normal_", (0.1, 0.3)), ("trunc_normal_", (0.0, 1.0, -1.5, 1.5)),
                       ("xavier_uniform_", ()), ("xavier_normal_", (1.5,)), ("kaiming_uniform_", ()),
                       ("kaiming_normal_", ())]:
        for shape in [(3, 4), (6, 5, 3)]:
            for dtype in FLOATS:
                results = []
                for L in (minigrad, torch):
                    L.manual_seed(5)
                    results.append(getattr(L.nn.init, name)(L.zeros(shape, dtype=getattr(L, dtype)), *args).numpy())
                rtol = 1e-6 if dtype == "float32" and "normal" in name else 1e-15
                np.testing.assert_allclose(results[0], results[1], rtol=rtol, atol=rtol, err_msg=name)


# ----------------------------------------------------------------------- gradients
@pytest.mark.parametrize("name, call", [
    ("CauchyBackward0", lambda t: t.cauchy_()), ("ExponentialBackward0", lambda t: t.exponential_()),
    ("GeometricBackward0", lambda t: t.geometric_(0.3)), ("LogNormalBackward0", lambda t: t.log_normal_()),
    ("UniformBackward0", lambda t: t.uniform_()), ("NormalBackward0", lambda t: t.normal_()),
    ("RandomBackward2", lambda t: t.random_()), ("RandomBackward1", lambda t: t.random_(4)),
    ("RandomBackward0", lambda t: t.random_(1, 4)), ("BernoulliBackward2", lambda t: t.bernoulli_(0.3))])
def test_a_recorded_fill_has_torchs_node_and_a_zero_gradient(name, call):
    for L in (minigrad, torch):
        a = L.ones(3, requires_grad=True)
        x = a * 2
        call(x)
        assert x.grad_fn.name() == name
        (x * 3).sum().backward()
        assert a.grad.tolist() == [0.0, 0.0, 0.0]


def test_bernoulli_gives_its_probability_tensor_a_zero_gradient():
    for L in (minigrad, torch):
        p = L.full((3,), 0.4, requires_grad=True)
        x = L.zeros(3).bernoulli_(p)
        assert x.requires_grad and x.grad_fn.name() == "BernoulliBackward1"
        x.sum().backward()
        assert p.grad.tolist() == [0.0, 0.0, 0.0]


# ----------------------------------------------------------------------- errors
BAD_CALLS = [
    ("cauchy_ sigma 0", "float32", lambda t: t.cauchy_(0, 0)),
    ("cauchy_ sigma nan", "float32", lambda t: t.cauchy_(0, float("nan"))),
    ("cauchy_ of integers", "int64", lambda t: t.cauchy_()),
    ("cauchy_ median a string", "float32", lambda t: t.cauchy_("a")),
    ("exponential_ lambda 0", "float32", lambda t: t.exponential_(0)),
    ("exponential_ lambda negative", "float64", lambda t: t.exponential_(-1)),
    ("exponential_ of bools", "bool", lambda t: t.exponential_()),
    ("geometric_ p 0", "float32", lambda t: t.geometric_(0)),
    ("geometric_ p 1", "int64", lambda t: t.geometric_(1)),
    ("geometric_ p nan", "float32", lambda t: t.geometric_(float("nan"))),
    ("geometric_ without p", "float32", lambda t: t.geometric_()),
    ("geometric_ of bools", "bool", lambda t: t.geometric_(0.5)),
    ("log_normal_ std 0", "float32", lambda t: t.log_normal_(0, 0)),
    ("log_normal_ of integers", "int64", lambda t: t.log_normal_()),
    ("uniform_ from above to", "float32", lambda t: t.uniform_(3, -1)),
    ("uniform_ to infinite", "float32", lambda t: t.uniform_(0, float("inf"))),
    ("uniform_ from nan", "float64", lambda t: t.uniform_(float("nan"), 1)),
    ("uniform_ range past the largest float", "float32", lambda t: t.uniform_(-3e38, 3e38)),
    ("uniform_ of integers", "int64", lambda t: t.uniform_()),
    ("normal_ std negative", "float32", lambda t: t.normal_(0, -1)),
    ("normal_ std nan", "float32", lambda t: t.normal_(0, float("nan"))),
    ("normal_ of integers", "int64", lambda t: t.normal_()),
    ("bernoulli_ p above 1", "float32", lambda t: t.bernoulli_(1.5)),
    ("bernoulli_ p nan", "uint8", lambda t: t.bernoulli_(float("nan"))),
    ("bernoulli_ p a string", "float32", lambda t: t.bernoulli_("a")),
    ("random_ empty range", "float32", lambda t: t.random_(3, 3)),
    ("random_ from below uint8", "uint8", lambda t: t.random_(-1, 3)),
    ("random_ to above uint8", "uint8", lambda t: t.random_(300)),
    ("random_ to above int64", "int64", lambda t: t.random_(2 ** 70)),
    ("random_ a float bound", "float32", lambda t: t.random_(2.5)),
    ("random_ full range of int32", "int32", lambda t: t.random_(-2 ** 63, None)),
    ("random_ from alone", "float32", lambda t: t.random_(**{"from": 5})),
]


@pytest.mark.parametrize("dtype, call", [c[1:] for c in BAD_CALLS], ids=[c[0] for c in BAD_CALLS])
def test_bad_fills_raise_torchs_exception(dtype, call):
    with pytest.raises(Exception) as theirs:
        call(torch.zeros(4, dtype=getattr(torch, dtype)))
    with pytest.raises(theirs.type):
        call(minigrad.zeros(4, dtype=getattr(minigrad, dtype)))


def test_a_fill_of_a_leaf_that_requires_grad_raises_as_torch():
    for L in (minigrad, torch):
        with pytest.raises(RuntimeError, match="leaf Variable"):
            L.zeros(3, requires_grad=True).cauchy_()


def test_random_past_the_integers_a_float_holds_warns_as_torch():
    for L in (minigrad, torch):
        with pytest.warns(UserWarning, match="out of bounds"):
            L.zeros(3).random_(0, 2 ** 25)


@given(seed=seeds, shape=sizes, bounds=st.sampled_from([(0.0, 1.0), (-1.0, 2.0), (-100.0, 100.0), (0.5, 4.0)]))
def test_float16_uniform_draws_float32_uniforms_as_torch(seed, shape, bounds):
    _assert_same(seed, shape, "float16", lambda t: t.uniform_(*bounds))


@given(seed=seeds, size=st.sampled_from([(5,), (40,), (3, 7)]), params=st.sampled_from([(0.0, 1.0), (-0.3, 1.7)]),
       dtype=st.sampled_from(FLOATS))
def test_normal_of_numbers_and_a_size_fills_as_normal_(seed, size, params, dtype):
    results = []
    for L in (minigrad, torch):
        L.manual_seed(seed)
        results.append(L.normal(*params, size, dtype=getattr(L, dtype)).numpy())
    tol = 1e-6 if dtype == "float32" else 1e-15  # (PyTorch's vectorised log/sin/cos from 16 values on)
    np.testing.assert_allclose(results[0], results[1], rtol=tol, atol=tol)
