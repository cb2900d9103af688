"""Each distribution's densities, cdfs, moments and entropy against PyTorch, with the gradient
of every parameter (and of the value), float64 at rtol 1e-7 and float32 at its tolerance."""
import numpy as np
import pytest
from hypothesis import given, strategies as st

from dist_parity import SPECS, compare, draw_case

CONTINUOUS = sorted(k for k, s in SPECS.items() if s["continuous"] and not k.startswith("Independent"))
ALL = sorted(SPECS)


@pytest.mark.parametrize("name", ALL)
@given(data=st.data())
def test_log_prob_and_its_gradients_match_pytorch(name, data):
    params, value = draw_case(data, name)
    compare(SPECS[name]["make"], "log_prob", params, value, value_grad=SPECS[name]["continuous"])


@pytest.mark.parametrize("name", ALL)
@given(data=st.data())
def test_log_prob_in_float32_matches_pytorch(name, data):
    params, value = draw_case(data, name)
    compare(SPECS[name]["make"], "log_prob", params, value, value_grad=SPECS[name]["continuous"], dtype="float32")


@pytest.mark.parametrize("name", CONTINUOUS)
@given(data=st.data())
def test_cdf_and_its_gradients_match_pytorch(name, data):
    params, value = draw_case(data, name)
    compare(SPECS[name]["make"], "cdf", params, value, value_grad=True)


@pytest.mark.parametrize("name", CONTINUOUS)
@given(data=st.data(), q=st.floats(0.01, 0.99))
def test_icdf_and_its_gradients_match_pytorch(name, data, q):
    params, _ = draw_case(data, name)
    shape = next(iter(params.values())).shape
    compare(SPECS[name]["make"], "icdf", params, np.full(shape, q), value_grad=True)


@pytest.mark.parametrize("what", ["entropy", "perplexity", "mean", "variance", "stddev", "mode"])
@pytest.mark.parametrize("name", ALL)
@given(data=st.data())
def test_entropy_and_moments_match_pytorch(name, what, data):
    params, _ = draw_case(data, name)
    if what == "mode" and name.startswith("Uniform"):
        what = "mean"  # (Uniform's mode is NaN: checked below)
    compare(SPECS[name]["make"], what, params)


def test_uniform_mode_is_nan():
    compare(SPECS["Uniform"]["make"], "mode", {"low": np.zeros(2), "high": np.ones(2)})


def test_bernoulli_mode_is_nan_at_one_half():
    compare(SPECS["Bernoulli_probs"]["make"], "mode", {"probs": np.array([0.2, 0.5, 0.7])})


def test_uniform_log_prob_outside_the_support_is_minus_infinity_without_validation():
    compare(lambda D, low, high: D.Uniform(low, high, validate_args=False), "log_prob",
            {"low": np.array([0.0, 0.0, 1.0]), "high": np.array([1.0, 2.0, 3.0])}, np.array([-0.5, 2.0, 1.0]),
            value_grad=True)


def test_uniform_cdf_clamps_outside_the_support_without_validation():
    compare(lambda D, low, high: D.Uniform(low, high, validate_args=False), "cdf",
            {"low": np.array([0.0, 0.0, 1.0]), "high": np.array([1.0, 2.0, 3.0])}, np.array([-0.5, 2.5, 2.0]),
            value_grad=True)


def test_categorical_entropy_counts_zero_probabilities_as_zero():
    compare(SPECS["Categorical_probs"]["make"], "entropy", {"probs": np.array([[0.0, 0.3, 0.7], [0.5, 0.5, 0.0]])})


def test_bernoulli_log_prob_broadcasts_values_against_the_batch():
    compare(SPECS["Bernoulli_logits"]["make"], "log_prob", {"logits": np.array([-1.0, 0.5, 2.0])},
            np.array([[0.0], [1.0]]))
