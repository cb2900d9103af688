"""kl_divergence against PyTorch for every registered pair: values and the gradients of both
distributions' parameters; the registry's dispatch and errors."""
import numpy as np
import pytest
import torch
from hypothesis import given, strategies as st

import minigrad
from dist_parity import SPECS, accurate_trigamma, arrays, batch_shapes, compare_kl, ranged_params

PAIRS = ["Normal", "LogNormal", "Laplace", "Exponential", "Uniform", "Bernoulli_probs", "Bernoulli_logits",
         "Categorical_probs", "Categorical_logits", "OneHotCategorical_logits", "Independent_Normal"]


def kl_case(data, name):
    shape = data.draw(batch_shapes)
    p = SPECS[name]["params"](data, shape)
    q = SPECS[name]["params"](data, shape)
    if name.startswith(("Categorical", "OneHot")):  # (the same number of classes for both)
        key = next(iter(p))
        q = {key: arrays(data, p[key].shape, *((0.01, 3) if key == "probs" else (-5, 5)))}
    return p, q


def compare_pair(name, p, q):
    """KL(p || q) of two distributions of the spec ``name`` against PyTorch's, with its gradients."""
    compare_kl(SPECS[name]["make"], SPECS[name]["make"], p, q)


@pytest.mark.parametrize("name", PAIRS)
@given(data=st.data())
def test_kl_divergence_and_its_gradients_match_pytorch(name, data):
    p, q = kl_case(data, name)
    compare_pair(name, p, q)


def test_uniform_kl_is_infinite_where_p_reaches_outside_q():
    compare_pair("Uniform", {"low": np.array([0.0, 0.0, -1.0]), "high": np.array([1.0, 2.0, 0.5])},
                 {"low": np.array([-1.0, 0.5, -2.0]), "high": np.array([2.0, 3.0, 0.0])})


def test_bernoulli_kl_at_certain_events_is_zero_or_infinite_as_pytorch():
    compare_pair("Bernoulli_probs", {"probs": np.array([0.0, 0.3, 1.0, 0.0, 1.0])},
                 {"probs": np.array([0.5, 0.0, 1.0, 1.0, 0.0])})


def test_categorical_kl_with_zero_probabilities_matches_pytorch():
    compare_pair("Categorical_probs", {"probs": np.array([[0.0, 0.3, 0.7], [0.5, 0.5, 0.0]])},
                 {"probs": np.array([[0.5, 0.0, 0.5], [0.2, 0.3, 0.5]])})


def test_independent_kl_with_different_reinterpreted_dims_is_not_implemented():
    D = minigrad.distributions
    base = D.Normal(minigrad.zeros(2, 3), 1.0)
    with pytest.raises(NotImplementedError):
        D.kl_divergence(D.Independent(base, 1), D.Independent(base, 2))


def test_unregistered_pair_names_both_types():
    D = minigrad.distributions
    with pytest.raises(NotImplementedError, match="No KL\\(p \\|\\| q\\) is implemented for p type Laplace "
                                                  "and q type Cauchy"):
        D.kl_divergence(D.Laplace(0.0, 1.0), D.Cauchy(0.0, 1.0))


def test_register_kl_adds_a_pair_and_subclasses_use_the_closest_registration():
    D = minigrad.distributions

    class MyNormal(D.Normal):
        pass

    standard = D.kl_divergence(MyNormal(0.0, 2.0), D.Normal(1.0, 1.0))  # (the Normal pair's form)
    assert standard.item() == pytest.approx(D.kl_divergence(D.Normal(0.0, 2.0), D.Normal(1.0, 1.0)).item())

    @D.register_kl(MyNormal, D.Normal)
    def _kl_mine(p, q):
        return minigrad.tensor(-1.0)

    try:
        assert D.kl_divergence(MyNormal(0.0, 2.0), D.Normal(1.0, 1.0)).item() == -1.0
        assert D.kl_divergence(D.Normal(0.0, 2.0), MyNormal(1.0, 1.0)).item() != -1.0
    finally:
        del D.kl._KL_REGISTRY[MyNormal, D.Normal]
        D.kl._KL_CHOSEN.clear()


def test_register_kl_refuses_a_type_that_is_not_a_distribution():
    with pytest.raises(TypeError):
        minigrad.distributions.register_kl(int, minigrad.distributions.Normal)


def test_ambiguous_registrations_warn_as_pytorch():
    D = minigrad.distributions

    class A(D.Normal):
        pass

    class B(D.Normal):
        pass

    D.register_kl(A, D.Normal)(lambda p, q: minigrad.tensor(1.0))
    D.register_kl(D.Normal, B)(lambda p, q: minigrad.tensor(2.0))
    try:
        with pytest.warns(RuntimeWarning, match="Ambiguous kl_divergence\\(A, B\\). Please register_kl\\(A, B\\)"):
            assert D.kl_divergence(A(0.0, 1.0), B(0.0, 1.0)).item() == 1.0
    finally:
        del D.kl._KL_REGISTRY[A, D.Normal], D.kl._KL_REGISTRY[D.Normal, B]
        D.kl._KL_CHOSEN.clear()


def _uniform(data, shape):
    """Intervals some of them inside (0, 1), some reaching below 0 or past 1 (and past a Pareto's scale)."""
    low = arrays(data, shape, -0.5, 2.5)
    return {"low": low, "high": low + arrays(data, shape, 0.05, 1.0)}


def _continuous_bernoulli(data, shape):
    """Probabilities away from 1/2, or inside PyTorch's Taylor region around it (between the two
    PyTorch's closed forms of the moments cancel badly)."""
    probs = arrays(data, shape, 0.02, 0.4)
    probs = np.where(arrays(data, shape, 0, 1) < 0.5, probs, 1 - probs)
    return {"probs": np.where(arrays(data, shape, 0, 1) < 0.2, 0.5 + (probs - 0.5) * 1e-3, probs)}


FAMILIES = {
    "Normal": (lambda D, loc, scale: D.Normal(loc, scale), ranged_params(loc=(-3, 3), scale=(0.2, 3))),
    "Laplace": (lambda D, loc, scale: D.Laplace(loc, scale), ranged_params(loc=(-3, 3), scale=(0.2, 3))),
    "Gumbel": (lambda D, loc, scale: D.Gumbel(loc, scale), ranged_params(loc=(-3, 3), scale=(0.2, 3))),
    "Exponential": (lambda D, rate: D.Exponential(rate), ranged_params(rate=(0.2, 4))),
    "Gamma": (lambda D, concentration, rate: D.Gamma(concentration, rate),
              ranged_params(concentration=(0.2, 5), rate=(0.2, 5))),
    "Beta": (lambda D, concentration1, concentration0: D.Beta(concentration1, concentration0),
             ranged_params(concentration1=(0.2, 5), concentration0=(0.2, 5))),
    "Pareto": (lambda D, scale, alpha: D.Pareto(scale, alpha), ranged_params(scale=(0.3, 3), alpha=(0.5, 5))),
    "Uniform": (lambda D, low, high: D.Uniform(low, high), _uniform),
    "ContinuousBernoulli": (lambda D, probs: D.ContinuousBernoulli(probs), _continuous_bernoulli),
}
CLOSED_FORM_PAIRS = [("Beta", "ContinuousBernoulli"), ("ContinuousBernoulli", "Exponential"),
                     ("ContinuousBernoulli", "Normal"), ("ContinuousBernoulli", "Uniform"), ("Exponential", "Gumbel"),
                     ("Exponential", "Normal"), ("Gamma", "Gumbel"), ("Gumbel", "Normal"), ("Laplace", "Normal"),
                     ("Normal", "Gumbel"), ("Normal", "Laplace"), ("Pareto", "Exponential"), ("Pareto", "Gamma"),
                     ("Pareto", "Normal"), ("Uniform", "ContinuousBernoulli"), ("Uniform", "Exponential"),
                     ("Uniform", "Gumbel"), ("Uniform", "Normal"), ("Uniform", "Pareto")]
INFINITE_PAIRS = [("Beta", "Pareto"), ("ContinuousBernoulli", "Pareto"), ("Exponential", "ContinuousBernoulli"),
                  ("Exponential", "Pareto"), ("Exponential", "Uniform"), ("Gamma", "ContinuousBernoulli"),
                  ("Gamma", "Pareto"), ("Gumbel", "Beta"), ("Gumbel", "ContinuousBernoulli"), ("Gumbel", "Exponential"),
                  ("Gumbel", "Gamma"), ("Gumbel", "Pareto"), ("Gumbel", "Uniform"), ("Laplace", "ContinuousBernoulli"),
                  ("Laplace", "Exponential"), ("Laplace", "Pareto"), ("Laplace", "Uniform"),
                  ("Normal", "ContinuousBernoulli"), ("Normal", "Exponential"), ("Normal", "Pareto"),
                  ("Normal", "Uniform"), ("Pareto", "Beta"), ("Pareto", "ContinuousBernoulli"), ("Pareto", "Uniform")]


def compare_families(p_name, q_name, p, q):
    with accurate_trigamma():
        compare_kl(FAMILIES[p_name][0], FAMILIES[q_name][0], p, q)


def test_every_pair_pytorch_registers_is_registered():
    theirs = {(p.__name__, q.__name__) for p, q in torch.distributions.kl._KL_REGISTRY}
    ours = {(p.__name__, q.__name__) for p, q in minigrad.distributions.kl._KL_REGISTRY}
    assert theirs <= ours


@pytest.mark.parametrize("p_name, q_name", CLOSED_FORM_PAIRS)
@given(data=st.data())
def test_cross_family_kl_and_its_gradients_match_pytorch(p_name, q_name, data):
    shape = data.draw(batch_shapes)  # (one shape for both: PyTorch's masked forms do not broadcast)
    compare_families(p_name, q_name, FAMILIES[p_name][1](data, shape), FAMILIES[q_name][1](data, shape))


@pytest.mark.parametrize("p_name, q_name", INFINITE_PAIRS)
@given(data=st.data())
def test_kl_is_an_infinite_constant_of_ps_shape_where_q_misses_part_of_ps_support(p_name, q_name, data):
    p = FAMILIES[p_name][1](data, data.draw(batch_shapes))
    compare_families(p_name, q_name, p, FAMILIES[q_name][1](data, data.draw(batch_shapes)))


def test_continuous_bernoulli_and_uniform_kl_is_finite_only_for_strictly_nested_supports_as_pytorch():
    low, high = np.array([-0.1, 0.0, -0.1, 0.2, 0.0]), np.array([1.1, 1.1, 1.0, 0.4, 1.0])
    probs = np.array([0.3, 0.3, 0.7, 0.5, 0.9])
    compare_families("ContinuousBernoulli", "Uniform", {"probs": probs}, {"low": low, "high": high})
    compare_families("Uniform", "ContinuousBernoulli", {"low": low, "high": high}, {"probs": probs})


def test_pareto_kl_is_infinite_where_the_moment_it_needs_is():
    pareto = {"scale": np.full(5, 1.5), "alpha": np.array([0.5, 1.0, 1.5, 2.0, 3.0])}
    compare_families("Pareto", "Exponential", pareto, {"rate": np.full(5, 2.0)})
    compare_families("Pareto", "Gamma", pareto, {"concentration": np.full(5, 2.0), "rate": np.full(5, 0.5)})
    compare_families("Pareto", "Normal", pareto, {"loc": np.full(5, 1.0), "scale": np.full(5, 2.0)})


def test_uniform_pareto_kl_is_infinite_where_the_interval_starts_below_the_scale():
    compare_families("Uniform", "Pareto", {"low": np.array([1.0, 0.99, 1.2]), "high": np.array([2.0, 1.5, 1.4])},
                     {"scale": np.ones(3), "alpha": np.full(3, 2.0)})


def test_uniform_exponential_kl_is_infinite_where_the_interval_reaches_below_zero():
    compare_families("Uniform", "Exponential", {"low": np.array([0.0, -0.01, 0.2]), "high": np.array([1.0, 0.5, 0.4])},
                     {"rate": np.full(3, 0.3)})


def test_lognormal_kl_with_a_transformed_normal_by_the_same_exp_matches_pytorch():
    def transformed(D, loc, scale):
        return D.TransformedDistribution(D.Normal(loc, scale), [D.ExpTransform()])

    compare_kl(SPECS["LogNormal"]["make"], transformed, {"loc": np.array([0.3, -1.0]), "scale": np.array([1.0, 0.5])},
               {"loc": np.array([0.0, 1.0]), "scale": np.array([2.0, 1.5])})
