"""kl_divergence against PyTorch for every registered pair: values and the gradients of both
distributions' parameters; the registry's dispatch and errors."""
import numpy as np
import pytest
from hypothesis import given, strategies as st

import minigrad
from dist_parity import SPECS, arrays, batch_shapes, compare_kl

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
                                                  "and q type Normal"):
        D.kl_divergence(D.Laplace(0.0, 1.0), D.Normal(0.0, 1.0))


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
