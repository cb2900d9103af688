"""Batch and event shapes, expand, enumerate_support, reprs and the flags a distribution carries,
against PyTorch."""
import numpy as np
import pytest
import torch

import minigrad
from dist_parity import LIBS, SPECS, compare
from parity.helpers import assert_close

BUILDERS = {
    "normal_numbers": lambda L, D: D.Normal(0.0, 1.0),
    "normal_number_and_tensor": lambda L, D: D.Normal(L.zeros(3, 1), 2.0),
    "normal_broadcast": lambda L, D: D.Normal(L.zeros(3, 1), L.ones(4)),
    "uniform": lambda L, D: D.Uniform(L.zeros(2), 3.0),
    "bernoulli_number": lambda L, D: D.Bernoulli(0.3),
    "bernoulli_logits": lambda L, D: D.Bernoulli(logits=L.zeros(2, 3)),
    "categorical": lambda L, D: D.Categorical(L.ones(2, 5)),
    "categorical_1d": lambda L, D: D.Categorical(logits=L.zeros(4)),
    "one_hot_categorical": lambda L, D: D.OneHotCategorical(L.ones(2, 5)),
    "exponential": lambda L, D: D.Exponential(L.ones(3)),
    "laplace": lambda L, D: D.Laplace(0.0, L.ones(2, 2)),
    "independent": lambda L, D: D.Independent(D.Normal(L.zeros(2, 3, 4), 1.0), 2),
    "independent_of_one_hot": lambda L, D: D.Independent(D.OneHotCategorical(L.ones(2, 3, 4)), 1),
}


def both(name):
    return [BUILDERS[name](L, DL) for L, DL in LIBS]


@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_batch_and_event_shapes_match_pytorch(name):
    ours, theirs = both(name)
    assert (tuple(ours.batch_shape), tuple(ours.event_shape)) == (tuple(theirs.batch_shape), tuple(theirs.event_shape))
    assert isinstance(ours.batch_shape, minigrad.Size) and isinstance(ours.event_shape, minigrad.Size)


@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_reprs_and_flags_match_pytorch(name):
    ours, theirs = both(name)
    assert repr(ours) == repr(theirs)
    assert (ours.has_rsample, ours.has_enumerate_support) == (theirs.has_rsample, theirs.has_enumerate_support)


@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_expand_gives_pytorchs_shapes_and_samples(name):
    ours, theirs = both(name)
    new_batch = (2,) + tuple(theirs.batch_shape)
    ours, theirs = ours.expand(new_batch), theirs.expand(new_batch)
    assert (tuple(ours.batch_shape), tuple(ours.event_shape)) == (tuple(theirs.batch_shape), tuple(theirs.event_shape))
    assert type(ours).__name__ == type(theirs).__name__
    minigrad.manual_seed(5)
    torch.manual_seed(5)
    # (float32 normals of 16 or more values and float32 log1p may round a last bit apart: the
    # float32 tolerance; discrete samples are equal)
    assert_close(ours.sample((3,)).numpy(), theirs.sample((3,)).numpy(), what="sample")


def test_expand_passes_gradients_back_to_the_parameters():
    compare(lambda D, loc, scale: D.Normal(loc, scale).expand((4, 3)), "log_prob",
            {"loc": np.array([0.0, 1.0, -1.0]), "scale": np.array([1.0, 2.0, 0.5])}, np.ones((4, 3)))



def test_parameters_already_of_the_batch_shape_are_the_tensors_given():
    for L, DL in LIBS:
        loc, scale = L.zeros(3, requires_grad=True), L.ones(3)
        dist = DL.Normal(loc, scale)
        assert dist.loc is loc and dist.scale is scale, L.__name__

def test_expand_of_a_subclass_with_its_own_init_needs_its_own_expand():
    for L, DL in LIBS:
        class Shifted(DL.Normal):
            def __init__(self, loc):
                super().__init__(loc + 1, 1.0)
        with pytest.raises(NotImplementedError, match="must also define a custom .expand"):
            Shifted(L.zeros(2)).expand((3, 2))


@pytest.mark.parametrize("expand", [True, False])
@pytest.mark.parametrize("name", ["bernoulli_number", "bernoulli_logits", "categorical", "categorical_1d",
                                  "one_hot_categorical"])
def test_enumerate_support_matches_pytorch(name, expand):
    ours, theirs = both(name)
    a, b = ours.enumerate_support(expand=expand), theirs.enumerate_support(expand=expand)
    assert repr(a.dtype) == repr(b.dtype)
    np.testing.assert_array_equal(a.numpy(), b.numpy())


def test_independent_over_batch_dims_has_no_enumerate_support():
    for ours in both("independent_of_one_hot"):
        assert ours.has_enumerate_support is False
        with pytest.raises(NotImplementedError, match="Enumeration over cartesian product is not implemented"):
            ours.enumerate_support()


def test_log_prob_of_enumerated_support_covers_each_value():
    compare(lambda D, logits: D.Categorical(logits=logits), "log_prob", {"logits": np.array([[0.1, 2.0, -1.0]] * 2)},
            np.arange(3).reshape(3, 1).repeat(2, 1))


def test_bernoulli_probs_and_logits_are_computed_from_each_other_as_pytorch():
    compare(lambda D, probs: D.Bernoulli(probs), "logits", {"probs": np.array([0.0, 0.2, 1.0])})
    compare(lambda D, logits: D.Bernoulli(logits=logits), "probs", {"logits": np.array([-3.0, 0.0, 40.0])})


def test_categorical_probs_are_normalised_and_logits_are_log_probabilities():
    compare(lambda D, probs: D.Categorical(probs), "probs", {"probs": np.array([[1.0, 3.0], [2.0, 2.0]])})
    compare(lambda D, probs: D.Categorical(probs), "logits", {"probs": np.array([[1.0, 3.0], [0.0, 2.0]])})
    compare(lambda D, logits: D.Categorical(logits=logits), "logits", {"logits": np.array([[1.0, 3.0, 0.0]])})


def test_one_hot_categorical_mode_and_param_shape_match_pytorch():
    compare(lambda D, probs: D.OneHotCategorical(probs), "mode", {"probs": np.array([[0.2, 0.5, 0.3]])})
    ours, theirs = both("one_hot_categorical")
    assert tuple(ours.param_shape) == tuple(theirs.param_shape)


def test_categorical_mean_and_variance_are_nan_of_the_batch_shape():
    compare(SPECS["Categorical_probs"]["make"], "mean", {"probs": np.ones((2, 3))})
    compare(SPECS["Categorical_probs"]["make"], "variance", {"probs": np.ones((2, 3))})


def test_distributions_are_importable_as_the_course_writes_them():
    import minigrad.distributions as D
    from minigrad.distributions import Normal, kl_divergence  # noqa: F401
    assert minigrad.distributions is D and D.Normal is Normal


def test_log_normal_repr_support_and_parameters_match_pytorch():
    ours, theirs = [DL.LogNormal(L.zeros(2), 0.5) for L, DL in LIBS]
    assert repr(ours) == repr(theirs) and repr(ours.support) == repr(theirs.support)
    assert tuple(ours.expand((3, 2)).batch_shape) == tuple(theirs.expand((3, 2)).batch_shape) == (3, 2)
    np.testing.assert_array_equal(ours.scale.numpy(), theirs.scale.numpy())


def test_log_normal_is_a_transformed_normal_by_exp_as_pytorchs():
    for L, DL in LIBS:
        d = DL.LogNormal(L.zeros(2), 0.5)
        for dist in (d, d.expand((3, 2))):
            assert isinstance(dist, DL.LogNormal) and isinstance(dist, DL.TransformedDistribution)
            assert type(dist.base_dist) is DL.Normal and tuple(dist.base_dist.batch_shape) == tuple(dist.batch_shape)
            assert len(dist.transforms) == 1 and isinstance(dist.transforms[0], DL.ExpTransform)
