"""The constraints module: PyTorch's names, reprs, checks and static attributes."""
import numpy as np
import pytest
import torch

import minigrad
from minigrad.distributions import constraints as C

TC = torch.distributions.constraints

SINGLETONS = ["boolean", "dependent", "nonnegative", "nonnegative_integer", "one_hot", "positive",
              "positive_integer", "real", "real_vector", "simplex", "unit_interval"]
FACTORIES = {
    "greater_than": (1.5,), "greater_than_eq": (-2.0,), "less_than": (3.0,), "interval": (-1.0, 2.0),
    "half_open_interval": (0.0, 1.0), "integer_interval": (0, 4),
}


@pytest.mark.parametrize("name", SINGLETONS)
def test_constraint_reprs_and_attributes_match_pytorch(name):
    ours, theirs = getattr(C, name), getattr(TC, name)
    assert repr(ours) == repr(theirs)
    if name != "dependent":
        assert (ours.is_discrete, ours.event_dim) == (theirs.is_discrete, theirs.event_dim)


@pytest.mark.parametrize("name", sorted(FACTORIES))
def test_parameterised_constraint_reprs_and_attributes_match_pytorch(name):
    ours, theirs = getattr(C, name)(*FACTORIES[name]), getattr(TC, name)(*FACTORIES[name])
    assert repr(ours) == repr(theirs)
    assert (ours.is_discrete, ours.event_dim) == (theirs.is_discrete, theirs.event_dim)


VALUES = np.array([[-2.0, -1.0, 0.0, 0.5], [1.0, 1.5, 2.0, float("nan")], [0.25, 0.25, 0.5, 0.0]])


@pytest.mark.parametrize("name", [n for n in SINGLETONS if n != "dependent"] + sorted(FACTORIES))
def test_constraint_checks_match_pytorch(name):
    args = FACTORIES.get(name)
    ours = getattr(C, name) if args is None else getattr(C, name)(*args)
    theirs = getattr(TC, name) if args is None else getattr(TC, name)(*args)
    np.testing.assert_array_equal(ours.check(minigrad.tensor(VALUES)).numpy(),
                                  theirs.check(torch.tensor(VALUES)).numpy())


def test_independent_constraint_reduces_the_reinterpreted_dimensions():
    ours = C.independent(C.positive, 2)
    theirs = TC.independent(TC.positive, 2)
    assert repr(ours) == repr(theirs) and ours.event_dim == theirs.event_dim == 2
    x = np.abs(VALUES).reshape(3, 2, 2)
    np.testing.assert_array_equal(ours.check(minigrad.tensor(x)).numpy(), theirs.check(torch.tensor(x)).numpy())


def test_independent_constraint_refuses_a_negative_count_as_pytorch():
    with pytest.raises(AssertionError):
        TC.independent(TC.real, -1)
    with pytest.raises(AssertionError):
        C.independent(C.real, -1)


def test_dependent_constraint_cannot_be_checked():
    assert C.is_dependent(C.dependent) and not C.is_dependent(C.real)
    with pytest.raises(ValueError, match="Cannot determine validity of dependent constraint"):
        C.dependent.check(minigrad.zeros(1))
    with pytest.raises(NotImplementedError):
        C.dependent.event_dim


def test_dependent_property_reads_as_a_constraint_on_the_class_and_a_value_on_an_instance():
    D = minigrad.distributions
    assert C.is_dependent(D.Uniform.support) and D.Uniform.support.event_dim == 0
    assert repr(D.Uniform(0.0, 2.0).support) == repr(torch.distributions.Uniform(0.0, 2.0).support)
    assert D.Categorical.support.is_discrete


@pytest.mark.parametrize("name", ["Normal", "Uniform", "Bernoulli", "Categorical", "OneHotCategorical",
                                  "Exponential", "Laplace"])
def test_arg_constraints_and_supports_match_pytorch(name):
    ours, theirs = getattr(minigrad.distributions, name), getattr(torch.distributions, name)
    if isinstance(theirs.arg_constraints, dict):
        assert {k: repr(v) for k, v in ours.arg_constraints.items()} == \
            {k: repr(v) for k, v in theirs.arg_constraints.items()}
    assert repr(ours.support) == repr(theirs.support)
