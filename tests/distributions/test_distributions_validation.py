"""Argument validation as PyTorch's: on by default, ValueError with PyTorch's message for an
invalid parameter and for a value outside the support or of the wrong shape; off with
``validate_args=False`` or ``Distribution.set_default_validate_args(False)``."""
import pytest

import minigrad
from dist_parity import LIBS
from parity.helpers import assert_close


@pytest.fixture(autouse=True)
def validation_on_by_default_in_both_libraries():
    """PyTorch's dynamo (``torch.compile``, which other test files of the same process call) turns
    PyTorch's default validation off for good; these tests start from the default, on."""
    import torch
    before = torch.distributions.Distribution._validate_args
    torch.distributions.Distribution.set_default_validate_args(True)
    yield
    torch.distributions.Distribution.set_default_validate_args(before)


def same_outcome(fn):
    """``fn(L, D)`` raises the same exception type with the same message on both libraries (or
    returns on both); returns minigrad's exception."""
    outcomes = []
    for L, DL in LIBS:
        try:
            fn(L, DL)
            outcomes.append(None)
        except Exception as e:  # noqa: BLE001 (the type is what is compared)
            outcomes.append(e)
    ours, theirs = outcomes
    assert type(ours) is type(theirs), f"minigrad: {ours!r}, torch: {theirs!r}"
    assert str(ours) == str(theirs)
    return ours


INVALID_PARAMETERS = {
    "normal_negative_scale": lambda L, D: D.Normal(0.0, -1.0),
    "normal_zero_scale_in_a_batch": lambda L, D: D.Normal(L.zeros(3), L.tensor([1.0, 0.0, 2.0])),
    "normal_nan_loc": lambda L, D: D.Normal(L.tensor([float("nan"), 0.0]), 1.0),
    "uniform_low_above_high": lambda L, D: D.Uniform(2.0, 1.0),
    "uniform_batch": lambda L, D: D.Uniform(L.tensor([0.0, 3.0]), L.tensor([1.0, 2.0])),
    "bernoulli_probs_above_one": lambda L, D: D.Bernoulli(L.tensor([0.5, 1.5])),
    "bernoulli_nan_logits": lambda L, D: D.Bernoulli(logits=L.tensor(float("nan"))),
    "categorical_negative_probs": lambda L, D: D.Categorical(L.tensor([0.5, -0.1, 0.6])),
    "one_hot_categorical_negative_probs": lambda L, D: D.OneHotCategorical(L.tensor([[0.5, -0.1, 0.6]])),
    "exponential_zero_rate": lambda L, D: D.Exponential(L.tensor([1.0, 0.0])),
    "laplace_negative_scale": lambda L, D: D.Laplace(L.zeros(2, 2), -1.0),
}


@pytest.mark.parametrize("name", sorted(INVALID_PARAMETERS))
def test_invalid_parameters_raise_pytorchs_value_error(name):
    assert isinstance(same_outcome(INVALID_PARAMETERS[name]), ValueError)


OUTSIDE_SUPPORT = {
    "normal_nan": lambda L, D: D.Normal(0.0, 1.0).log_prob(L.tensor([float("nan")])),
    "uniform_above": lambda L, D: D.Uniform(L.zeros(2), L.ones(2)).log_prob(L.tensor([0.5, 1.5])),
    "uniform_cdf_below": lambda L, D: D.Uniform(0.0, 1.0).cdf(L.tensor(-0.5)),
    "exponential_negative": lambda L, D: D.Exponential(2.0).log_prob(L.tensor([-1.0])),
    "bernoulli_two": lambda L, D: D.Bernoulli(0.3).log_prob(L.tensor([2.0])),
    "categorical_class_out_of_range": lambda L, D: D.Categorical(L.tensor([0.2, 0.8])).log_prob(L.tensor([2])),
    "categorical_fractional_class": lambda L, D: D.Categorical(L.tensor([0.2, 0.8])).log_prob(L.tensor(0.5)),
    "one_hot_not_one_hot": lambda L, D: D.OneHotCategorical(L.tensor([0.2, 0.8])).log_prob(L.tensor([1.0, 1.0])),
    "independent_normal_nan": lambda L, D: D.Independent(D.Normal(L.zeros(2), 1.0), 1).log_prob(
        L.tensor([0.0, float("nan")])),
}


@pytest.mark.parametrize("name", sorted(OUTSIDE_SUPPORT))
def test_values_outside_the_support_raise_pytorchs_value_error(name):
    assert isinstance(same_outcome(OUTSIDE_SUPPORT[name]), ValueError)


BAD_VALUES = {
    "not_a_tensor": lambda L, D: D.Normal(0.0, 1.0).log_prob(0.5),
    "not_broadcastable": lambda L, D: D.Normal(L.zeros(3, 2), 1.0).log_prob(L.zeros(4)),
    "wrong_event_shape": lambda L, D: D.OneHotCategorical(L.tensor([0.2, 0.8])).log_prob(L.tensor([1.0, 0.0, 0.0])),
}


@pytest.mark.parametrize("name", sorted(BAD_VALUES))
def test_values_of_the_wrong_kind_or_shape_raise_pytorchs_value_error(name):
    assert isinstance(same_outcome(BAD_VALUES[name]), ValueError)


CONSTRUCTION_ERRORS = {
    "bernoulli_probs_and_logits": lambda L, D: D.Bernoulli(0.5, 0.0),
    "bernoulli_neither": lambda L, D: D.Bernoulli(),
    "categorical_probs_and_logits": lambda L, D: D.Categorical(L.ones(2), L.ones(2)),
    "categorical_zero_dim_probs": lambda L, D: D.Categorical(L.tensor(1.0)),
    "categorical_zero_dim_logits": lambda L, D: D.Categorical(logits=L.tensor(1.0)),
    "normal_unbroadcastable": lambda L, D: D.Normal(L.zeros(2), L.ones(3)),
    "normal_string_parameter": lambda L, D: D.Normal("0", 1.0),
    "independent_too_many_dims": lambda L, D: D.Independent(D.Normal(L.zeros(2), 1.0), 2),
}


@pytest.mark.parametrize("name", sorted(CONSTRUCTION_ERRORS))
def test_malformed_constructions_raise_pytorchs_errors(name):
    same_outcome(CONSTRUCTION_ERRORS[name])


def test_validation_is_on_by_default():
    assert minigrad.distributions.Distribution._validate_args is True
    with pytest.raises(ValueError):
        minigrad.distributions.Normal(0.0, -1.0)


def test_validate_args_false_skips_parameter_and_value_checks():
    same_outcome(lambda L, D: D.Normal(0.0, -1.0, validate_args=False).log_prob(L.tensor(1.0)))
    same_outcome(lambda L, D: D.Uniform(0.0, 1.0, validate_args=False).log_prob(L.tensor(2.0)))


@pytest.mark.parametrize("enabled", [False, True])
def test_set_default_validate_args_turns_validation_off_and_on(enabled):
    D = minigrad.distributions
    try:
        D.Distribution.set_default_validate_args(enabled)
        if enabled:
            with pytest.raises(ValueError):
                D.Normal(0.0, -1.0)
        else:
            assert D.Normal(0.0, -1.0).scale.item() == -1.0
    finally:
        D.Distribution.set_default_validate_args(True)


def test_set_default_validate_args_refuses_a_non_boolean():
    same_outcome(lambda L, D: D.Distribution.set_default_validate_args("yes"))


def test_validate_args_true_overrides_a_default_of_false():
    D = minigrad.distributions
    try:
        D.Distribution.set_default_validate_args(False)
        with pytest.raises(ValueError):
            D.Normal(0.0, -1.0, validate_args=True)
    finally:
        D.Distribution.set_default_validate_args(True)


def test_expanded_distribution_keeps_its_validation_setting():
    same_outcome(lambda L, D: D.Normal(0.0, 1.0).expand((2,)).log_prob(L.tensor([0.0, float("nan")])))
    same_outcome(lambda L, D: D.Normal(0.0, 1.0, validate_args=False).expand((2,)).log_prob(
        L.tensor([0.0, float("nan")])))


def test_unregistered_kl_pair_raises_not_implemented_error():
    same_outcome(lambda L, D: D.kl_divergence(D.Categorical(L.ones(2)), D.Normal(0.0, 1.0)))


def test_log_normal_validates_through_its_normal_as_pytorch():
    same_outcome(lambda L, D: D.LogNormal(0.0, -1.0))
    same_outcome(lambda L, D: D.LogNormal(0.0, 1.0).log_prob(L.tensor([-1.0])))
    same_outcome(lambda L, D: D.LogNormal(0.0, 1.0).cdf(L.tensor([-1.0])))


@pytest.mark.parametrize("value", [1.5, [0.5, 2.0]])
@pytest.mark.parametrize("make", [lambda L, D: D.Gamma(L.tensor([2.0, 3.0], dtype=L.float64), 1.5),
                                  lambda L, D: D.Chi2(L.tensor([2.0, 3.0], dtype=L.float64))], ids=["Gamma", "Chi2"])
def test_gamma_log_prob_takes_a_number_or_a_list_as_pytorch(make, value):
    """(PyTorch's Gamma.log_prob makes its value a Tensor of the rate's dtype before validating it.)"""
    ours, theirs = (make(L, DL).log_prob(value) for L, DL in LIBS)
    assert repr(ours.dtype) == repr(theirs.dtype)
    assert_close(ours.numpy(), theirs.numpy(), what="log_prob")
