"""Samples after ``manual_seed`` are PyTorch's: each distribution draws from minigrad's random
stream (PyTorch's own) with PyTorch's calls in PyTorch's order. Reparameterized samples carry
PyTorch's gradients to the parameters."""
import numpy as np
import pytest
import torch
from hypothesis import given, strategies as st

import minigrad
from dist_parity import LIBS, SPECS, batch_shapes, compare_rsample, draw_case, seeded_draws
from parity.helpers import assert_close

sample_shapes = st.lists(st.integers(1, 5), min_size=0, max_size=2).map(tuple)

# Bit for bit: every draw, in float64 and float32, but three cases. Laplace's samples go
# through log1p and LogNormal's through exp, which PyTorch computes with its vectorised log1p
# and exp (they may round a last bit apart from NumPy's; the draws under them are equal).
# Normals of 16 or more values are Box-Muller transformed by NumPy's vectorised log/cos/sin,
# PyTorch's kernel calls the C library's: about one value in seven hundred rounds a last bit
# apart (see minigrad.mersenne). Those compare at the dtype's tolerance.
DISTRIBUTIONS = ["Normal", "LogNormal", "Uniform", "Exponential", "Laplace", "Bernoulli_probs", "Bernoulli_logits",
                 "Categorical_probs", "Categorical_logits", "OneHotCategorical_probs", "OneHotCategorical_logits",
                 "Independent_Normal"]


def may_round_apart(name, dtype, size):
    return name in ("Laplace", "LogNormal") or ("Normal" in name and size >= 16)


@pytest.mark.parametrize("dtype", ["float64", "float32"])
@pytest.mark.parametrize("name", DISTRIBUTIONS)
@given(data=st.data(), sample_shape=sample_shapes, seed=st.integers(0, 2 ** 32 - 1))
def test_sample_after_manual_seed_is_pytorchs(name, dtype, data, sample_shape, seed):
    params, _ = draw_case(data, name)
    ours, theirs = seeded_draws(SPECS[name]["make"], params, seed, sample_shape=sample_shape, dtype=dtype)
    assert not ours.requires_grad and ours.dtype.__repr__() == repr(theirs.dtype)
    ours, theirs = ours.numpy(), theirs.numpy()
    if may_round_apart(name, dtype, ours.size):
        assert_close(ours, theirs, what="sample")
    else:
        assert ours.shape == theirs.shape and ours.dtype == theirs.dtype
        np.testing.assert_array_equal(ours, theirs)


@pytest.mark.parametrize("name", ["Normal", "LogNormal", "Uniform", "Exponential", "Laplace", "Independent_Normal"])
@given(data=st.data(), sample_shape=sample_shapes, seed=st.integers(0, 2 ** 32 - 1))
def test_rsample_and_its_parameter_gradients_match_pytorch(name, data, sample_shape, seed):
    params, _ = draw_case(data, name)
    compare_rsample(SPECS[name]["make"], params, seed, sample_shape)


@given(shape=batch_shapes, seed=st.integers(0, 2 ** 32 - 1))
def test_normal_rsample_after_sample_continues_pytorchs_stream(shape, seed):
    draws = []
    for L, DL in LIBS:
        L.manual_seed(seed)
        dist = DL.Normal(L.zeros(shape, dtype=L.float64), L.ones(shape, dtype=L.float64))
        draws.append(np.concatenate([dist.sample((2,)).numpy().ravel(), dist.rsample().numpy().ravel()]))
    # (16 or more normals at once: NumPy's vectorised log/sin/cos may round a last bit apart, see
    # minigrad/mersenne.py; fewer are drawn bit for bit)
    np.testing.assert_allclose(*draws, rtol=1e-15, atol=0)


@pytest.mark.parametrize("make", [lambda D, t: D.Bernoulli(t), lambda D, t: D.Categorical(logits=t),
                                  lambda D, t: D.OneHotCategorical(t)], ids=["Bernoulli", "Categorical", "OneHot"])
def test_discrete_distributions_have_no_rsample(make):
    dist = make(minigrad.distributions, minigrad.tensor([0.2, 0.8]))
    assert dist.has_rsample is False
    with pytest.raises(NotImplementedError):
        dist.rsample()


def test_sample_shape_prepends_to_batch_and_event_shapes():
    for L, DL in LIBS:
        dist = DL.Independent(DL.Normal(L.zeros(3, 2), L.ones(3, 2)), 1)
        assert tuple(dist.sample((4, 5)).shape) == (4, 5, 3, 2)
        assert tuple(dist.rsample().shape) == (3, 2)


def test_samples_of_float_parameters_have_the_default_dtype():
    minigrad.manual_seed(0)
    torch.manual_seed(0)
    ours = minigrad.distributions.Normal(0.0, 1.0).sample((3,))
    theirs = torch.distributions.Normal(0.0, 1.0).sample((3,))
    assert repr(ours.dtype) == repr(theirs.dtype)
    np.testing.assert_array_equal(ours.numpy(), theirs.numpy())


def test_straight_through_one_hot_rsample_passes_the_probabilities_gradient():
    results = []
    for L, DL in LIBS:
        logits = L.tensor([[0.3, -1.0, 2.0], [0.0, 0.5, 0.1]], dtype=L.float64, requires_grad=True)
        L.manual_seed(11)
        x = DL.OneHotCategoricalStraightThrough(logits=logits).rsample((4,))
        (x * L.arange(3, dtype=L.float64)).sum().backward()
        results.append((x.detach().numpy(), logits.grad.numpy()))
    np.testing.assert_array_equal(results[0][0], results[1][0])
    assert_close(results[0][1], results[1][1], what="gradient of the logits")


def test_sample_n_draws_n_samples_with_pytorchs_future_warning():
    draws = []
    for L, DL in LIBS:
        L.manual_seed(0)
        with pytest.warns(FutureWarning, match=r"^`sample_n\(n\)` will be deprecated. Use `sample\(\(n,\)\)` instead.$"):
            draws.append(DL.Normal(L.zeros(2), 1.0).sample_n(3))
    assert tuple(draws[0].shape) == tuple(draws[1].shape) == (3, 2)
    np.testing.assert_array_equal(draws[0].numpy(), draws[1].numpy())
