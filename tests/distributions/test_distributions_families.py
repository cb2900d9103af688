"""The gamma family (Gamma, Chi2, Beta, Dirichlet, StudentT), the counting distributions (Poisson,
Binomial, Geometric), MultivariateNormal and TransformedDistribution against PyTorch: log_prob,
entropy and moments with every parameter's (and the value's) gradient, samples after
``manual_seed`` where minigrad draws them, KL divergences of the pairs PyTorch registers, and the
errors for what is not provided."""
import numpy as np
import pytest
import torch
from hypothesis import given, settings, strategies as st

import minigrad
from dist_parity import (LIBS, accurate_trigamma, arrays, batch_shapes, compare, compare_kl, compare_rsample,
                         draw_case_of, ranged_params, seeded_draws)
from parity.helpers import assert_close


def _positive_vectors(data, shape, low, high):
    k = data.draw(st.integers(1, 4))
    return arrays(data, shape + (k,), low, high)


def _simplex(data, p, shape):
    k = p["concentration"].shape[-1]
    x = arrays(data, shape + (k,), 0.05, 1.0)
    return x / x.sum(-1, keepdims=True)


def _lower(data, shape, n):
    """Lower-triangular matrices with a diagonal in [0.5, 2]."""
    a = np.tril(arrays(data, shape + (n, n), -1, 1), -1)
    return a + np.eye(n) * arrays(data, shape + (n, 1), 0.5, 2)


def _mvn_params(kind):
    def draw(data, shape):
        n = data.draw(st.integers(1, 3))
        L = _lower(data, data.draw(st.sampled_from([(), shape])), n)
        matrix = {"scale_tril": L, "covariance_matrix": L @ np.swapaxes(L, -1, -2),
                  "precision_matrix": L @ np.swapaxes(L, -1, -2)}[kind]
        return {"loc": arrays(data, shape + (n,), -3, 3), kind: matrix}
    return draw


def _mvn_value(data, p, shape):
    return arrays(data, shape + p["loc"].shape[-1:], -4, 4)


def _counts(high):
    return lambda data, p, shape: np.floor(arrays(data, shape, 0, high))


def _binomial_params(key):
    def draw(data, shape):
        n = data.draw(st.integers(0, 6))
        param = arrays(data, shape, 0.02, 0.98) if key == "probs" else arrays(data, shape, -4, 4)
        return {"total_count": np.full(shape, float(n)), key: param}
    return draw


def _binomial_value(data, p, shape):
    n = int(p["total_count"].reshape(-1)[0]) if p["total_count"].size else 0
    return np.floor(arrays(data, shape, 0, n + 0.99)).clip(0, n)


def _transformed(chain):
    def make(D, loc, scale):
        return D.TransformedDistribution(D.Normal(loc, scale), chain(D, loc))
    return make


def _real(data, p, shape):
    return arrays(data, shape, -5, 5)


FAMILIES = {
    "Gamma": dict(make=lambda D, concentration, rate: D.Gamma(concentration, rate),
                  params=ranged_params(concentration=(0.2, 5), rate=(0.2, 5)),
                  value=lambda data, p, shape: arrays(data, shape, 0.01, 10)),
    "Chi2": dict(make=lambda D, df: D.Chi2(df), params=ranged_params(df=(0.3, 8)),
                 value=lambda data, p, shape: arrays(data, shape, 0.01, 10)),
    "Beta": dict(make=lambda D, concentration1, concentration0: D.Beta(concentration1, concentration0),
                 params=ranged_params(concentration1=(0.2, 5), concentration0=(0.2, 5)),
                 value=lambda data, p, shape: arrays(data, shape, 0.01, 0.99)),
    "Dirichlet": dict(make=lambda D, concentration: D.Dirichlet(concentration),
                      params=lambda data, shape: {"concentration": _positive_vectors(data, shape, 0.2, 5)},
                      value=_simplex),
    "StudentT": dict(make=lambda D, df, loc, scale: D.StudentT(df, loc, scale),
                     params=ranged_params(df=(0.5, 8), loc=(-3, 3), scale=(0.2, 3)), value=_real),
    "Poisson": dict(make=lambda D, rate: D.Poisson(rate), params=ranged_params(rate=(0.1, 8)), value=_counts(12)),
    "Geometric_probs": dict(make=lambda D, probs: D.Geometric(probs), params=ranged_params(probs=(0.05, 0.95)),
                            value=_counts(10)),
    "Geometric_logits": dict(make=lambda D, logits: D.Geometric(logits=logits), params=ranged_params(logits=(-3, 3)),
                             value=_counts(10)),
    "Binomial_probs": dict(make=lambda D, total_count, probs: D.Binomial(total_count, probs),
                           params=_binomial_params("probs"), value=_binomial_value),
    "Binomial_logits": dict(make=lambda D, total_count, logits: D.Binomial(total_count, logits=logits),
                            params=_binomial_params("logits"), value=_binomial_value),
    "MultivariateNormal_scale_tril": dict(
        make=lambda D, loc, scale_tril: D.MultivariateNormal(loc, scale_tril=scale_tril),
        params=_mvn_params("scale_tril"), value=_mvn_value),
    "MultivariateNormal_covariance": dict(
        make=lambda D, loc, covariance_matrix: D.MultivariateNormal(loc, covariance_matrix=covariance_matrix),
        params=_mvn_params("covariance_matrix"), value=_mvn_value),
    "MultivariateNormal_precision": dict(
        make=lambda D, loc, precision_matrix: D.MultivariateNormal(loc, precision_matrix=precision_matrix),
        params=_mvn_params("precision_matrix"), value=_mvn_value),
    "Transformed_exp": dict(make=_transformed(lambda D, loc: [D.ExpTransform()]),
                            params=ranged_params(loc=(-1, 1), scale=(0.2, 2)),
                            value=lambda data, p, shape: arrays(data, shape, 0.05, 5)),
    "Transformed_affine": dict(make=_transformed(lambda D, loc: D.AffineTransform(loc * 0.5 - 1.0, 2.5)),
                               params=ranged_params(loc=(-2, 2), scale=(0.2, 2)), value=_real),
    "Transformed_sigmoid_affine": dict(
        make=_transformed(lambda D, loc: D.ComposeTransform([D.SigmoidTransform(), D.AffineTransform(-1.0, -3.0)])),
        params=ranged_params(loc=(-2, 2), scale=(0.2, 2)), value=lambda data, p, shape: arrays(data, shape, -3.9, -1.1)),
    "Transformed_tanh": dict(make=_transformed(lambda D, loc: [D.TanhTransform()]),
                             params=ranged_params(loc=(-1, 1), scale=(0.2, 1.5)),
                             value=lambda data, p, shape: arrays(data, shape, -0.95, 0.95)),
}

CONTINUOUS_VALUES = {"Gamma", "Chi2", "Beta", "Dirichlet", "StudentT"} | {k for k in FAMILIES if k.startswith(
    ("MultivariateNormal", "Transformed"))}
WITH_MOMENTS = [k for k in FAMILIES if not k.startswith("Transformed")]
WITH_ENTROPY = [k for k in WITH_MOMENTS if k != "Poisson"]


def draw_case(data, name):
    return draw_case_of(data, FAMILIES[name])


@pytest.mark.parametrize("dtype", ["float64", "float32"])
@pytest.mark.parametrize("name", sorted(FAMILIES))
@given(data=st.data())
def test_log_prob_and_its_gradients_match_pytorch(name, dtype, data):
    params, value = draw_case(data, name)
    compare(FAMILIES[name]["make"], "log_prob", params, value, value_grad=name in CONTINUOUS_VALUES, dtype=dtype)


@pytest.mark.parametrize("what", ["entropy", "mean", "variance", "stddev", "mode"])
@pytest.mark.parametrize("name", WITH_MOMENTS)
@given(data=st.data())
def test_entropy_and_moments_match_pytorch(name, what, data):
    if what == "entropy" and name not in WITH_ENTROPY:
        return
    params, _ = draw_case(data, name)
    with accurate_trigamma():
        compare(FAMILIES[name]["make"], what, params)


@given(data=st.data())
def test_gamma_cdf_matches_pytorch(data):
    params, value = draw_case(data, "Gamma")
    params = {"rate": params["rate"]}  # (PyTorch has no gradient of igamma in the concentration)
    compare(lambda D, rate: D.Gamma(1.5, rate), "cdf", params, value, value_grad=True)


@pytest.mark.parametrize("name", ["Transformed_exp", "Transformed_affine", "Transformed_sigmoid_affine",
                                  "Transformed_tanh"])
@given(data=st.data(), q=st.floats(0.02, 0.98))
def test_transformed_cdf_and_icdf_match_pytorch(name, data, q):
    params, value = draw_case(data, name)
    compare(FAMILIES[name]["make"], "cdf", params, value, value_grad=True)
    shape = params["loc"].shape
    compare(FAMILIES[name]["make"], "icdf", params, np.full(shape, q), value_grad=True)


def test_student_t_mean_and_variance_are_nan_or_infinite_for_small_df_as_pytorch():
    params = {"df": np.array([0.5, 1.0, 1.5, 2.0, 3.0]), "loc": np.full(5, 1.0), "scale": np.full(5, 2.0)}
    compare(FAMILIES["StudentT"]["make"], "mean", params)
    compare(FAMILIES["StudentT"]["make"], "variance", params)


def test_dirichlet_mode_is_a_corner_where_every_concentration_is_below_one():
    compare(FAMILIES["Dirichlet"]["make"], "mode", {"concentration": np.array([[0.5, 0.7, 0.2], [2.0, 3.0, 1.5]])})


def test_geometric_log_prob_of_zero_at_certain_success_is_zero():
    compare(FAMILIES["Geometric_probs"]["make"], "log_prob", {"probs": np.array([1.0, 0.5])}, np.array([0.0, 2.0]))


# ------------------------------------------------------------------------------------------------
# Sampling


@pytest.mark.parametrize("dtype", ["float64", "float32"])
@pytest.mark.parametrize("name", ["MultivariateNormal_scale_tril", "MultivariateNormal_covariance",
                                  "Geometric_probs", "Transformed_exp", "Transformed_affine", "Gamma", "Chi2",
                                  "Beta", "Dirichlet", "StudentT", "Poisson", "Binomial_probs",
                                  "Binomial_logits"])
@given(data=st.data(), sample_shape=st.lists(st.integers(1, 3), max_size=2).map(tuple),
       seed=st.integers(0, 2 ** 32 - 1))
def test_samples_after_manual_seed_are_pytorchs(name, dtype, data, sample_shape, seed):
    params, _ = draw_case(data, name)
    out = seeded_draws(FAMILIES[name]["make"], params, seed, sample_shape=sample_shape, dtype=dtype)
    ours, theirs = (t.numpy() for t in out)
    if name.startswith("Geometric") or (name.startswith("Binomial") and dtype == "float32"):
        # (a floor or ceil of a quotient of logs: a last-bit rounding may cross an integer)
        assert ours.shape == theirs.shape and ours.dtype == theirs.dtype
        assert np.mean(ours != theirs) <= 0.01
    elif name in ("Gamma", "Chi2", "Beta", "Dirichlet", "Poisson", "Binomial_probs", "Binomial_logits"):
        # (PyTorch's samplers: bit for bit)
        assert ours.shape == theirs.shape and ours.dtype == theirs.dtype
        np.testing.assert_array_equal(ours, theirs)
    else:
        assert_close(ours, theirs, what="sample")


@pytest.mark.parametrize("name", ["MultivariateNormal_scale_tril", "MultivariateNormal_precision",
                                  "Transformed_sigmoid_affine"])
@given(data=st.data(), seed=st.integers(0, 2 ** 32 - 1))
def test_rsample_gradients_match_pytorch(name, data, seed):
    params, _ = draw_case(data, name)
    compare_rsample(FAMILIES[name]["make"], params, seed)


@pytest.mark.parametrize("total_count, probs", [(0, 0.3), (5, 0.0), (5, 1.0), (8, 0.3), (8, 0.8), (100, 0.05),
                                                (100, 0.3), (100, 0.7), (1000, 0.99), (30, 0.5)])
def test_binomial_samples_of_every_branch_are_pytorchs(total_count, probs):
    for dtype in ("float64", "float32"):
        out = []
        for L, DL in LIBS:
            L.manual_seed(11)
            out.append(DL.Binomial(total_count, L.full((30,), probs, dtype=getattr(L, dtype))).sample((2,)).numpy())
        np.testing.assert_array_equal(*out)


@pytest.mark.parametrize("rate", [0.0, 0.5, 9.99, 10.0, 40.0, 1e4])
def test_poisson_samples_of_every_branch_are_pytorchs(rate):
    for dtype in ("float64", "float32"):
        out = []
        for L, DL in LIBS:
            L.manual_seed(7)
            out.append(DL.Poisson(L.full((40,), rate, dtype=getattr(L, dtype))).sample((2,)).numpy())
        np.testing.assert_array_equal(*out)


@pytest.mark.parametrize("make", [lambda D, c: D.Beta(c, 1.0), lambda D, c: D.Dirichlet(c.expand(3))])
def test_rsample_needing_the_gradient_in_a_dirichlet_concentration_raises_notimplementederror(make):
    c = minigrad.tensor(2.0, requires_grad=True)
    with pytest.raises(NotImplementedError):
        make(minigrad.distributions, c).rsample()
    with minigrad.no_grad():
        ours = make(minigrad.distributions, c).rsample()
    assert ours.shape == make(torch.distributions, torch.tensor(2.0)).sample().shape


@pytest.mark.parametrize("dtype", ["float64", "float32"])
@pytest.mark.parametrize("name", ["Gamma", "Chi2", "StudentT"])
@given(data=st.data(), seed=st.integers(0, 2 ** 32 - 1))
def test_gamma_family_rsample_gradients_match_pytorch(name, dtype, data, seed):
    params, _ = draw_case(data, name)
    grads, upstream = [], None
    for L, DL in LIBS:
        tensors = {k: L.tensor(v, dtype=getattr(L, dtype), requires_grad=True) for k, v in params.items()}
        L.manual_seed(seed)
        x = FAMILIES[name]["make"](DL, **tensors).rsample((2,))
        if upstream is None:
            upstream = np.random.default_rng(seed).standard_normal(tuple(x.shape))
        x.backward(L.tensor(upstream, dtype=x.dtype))
        grads.append([t.grad.numpy() for t in tensors.values()] + [x.detach().numpy()])
    for ours, theirs in zip(*grads):
        assert_close(ours, theirs, what="gradient")


# ------------------------------------------------------------------------------------------------
# KL divergences


SAME_PAIRS = ["Gamma", "Beta", "Dirichlet", "Poisson", "Geometric_probs", "Binomial_probs",
              "MultivariateNormal_scale_tril", "MultivariateNormal_covariance", "Transformed_exp"]


def _kl_compare(make_p, make_q, p, q):
    with accurate_trigamma():
        compare_kl(make_p, make_q, p, q)


@pytest.mark.parametrize("name", SAME_PAIRS)
@given(data=st.data())
def test_kl_divergence_of_same_family_pairs_matches_pytorch(name, data):
    shape = data.draw(batch_shapes)
    p = FAMILIES[name]["params"](data, shape)
    q = FAMILIES[name]["params"](data, shape)
    for key in ("concentration", "loc"):  # (the same event size for both)
        if key in p and p[key].ndim > len(shape):
            q = {k: v for k, v in p.items()} if p[key].shape != q[key].shape else q
    if name.startswith("Binomial"):
        q["total_count"] = p["total_count"]
    make = FAMILIES[name]["make"]
    _kl_compare(make, make, p, q)


_NORMAL = dict(make=lambda D, loc, scale: D.Normal(loc, scale), params=ranged_params(loc=(-3, 3), scale=(0.2, 3)))
_EXPONENTIAL = dict(make=lambda D, rate: D.Exponential(rate), params=ranged_params(rate=(0.2, 4)))
_UNIFORM = dict(make=lambda D, low, high: D.Uniform(low, high), params=lambda data, shape: (
    lambda low: {"low": low, "high": low + arrays(data, shape, 0.1, 0.5)})(arrays(data, shape, 0.01, 0.45)))
_BERNOULLI = dict(make=lambda D, probs: D.Bernoulli(probs), params=ranged_params(probs=(0.05, 0.95)))
_LAPLACE = dict(make=lambda D, loc, scale: D.Laplace(loc, scale), params=ranged_params(loc=(-3, 3), scale=(0.2, 3)))
CROSS = {
    "Beta-Exponential": (FAMILIES["Beta"], _EXPONENTIAL), "Beta-Gamma": (FAMILIES["Beta"], FAMILIES["Gamma"]),
    "Beta-Normal": (FAMILIES["Beta"], _NORMAL), "Beta-Uniform": (FAMILIES["Beta"], _UNIFORM),
    "Exponential-Gamma": (_EXPONENTIAL, FAMILIES["Gamma"]), "Gamma-Exponential": (FAMILIES["Gamma"], _EXPONENTIAL),
    "Gamma-Normal": (FAMILIES["Gamma"], _NORMAL), "Bernoulli-Poisson": (_BERNOULLI, FAMILIES["Poisson"]),
    "Uniform-Beta": (_UNIFORM, FAMILIES["Beta"]), "Uniform-Gamma": (_UNIFORM, FAMILIES["Gamma"]),
    "Normal-Gamma": (_NORMAL, FAMILIES["Gamma"]), "Laplace-Beta": (_LAPLACE, FAMILIES["Beta"]),
    "Gamma-Uniform": (FAMILIES["Gamma"], _UNIFORM), "Exponential-Beta": (_EXPONENTIAL, FAMILIES["Beta"]),
    "Poisson-Bernoulli": (FAMILIES["Poisson"], _BERNOULLI),
}


@pytest.mark.parametrize("pair", sorted(CROSS))
@given(data=st.data())
def test_kl_divergence_of_cross_family_pairs_matches_pytorch(pair, data):
    sp, sq = CROSS[pair]
    shape = data.draw(batch_shapes)
    _kl_compare(sp["make"], sq["make"], sp["params"](data, shape), sq["params"](data, shape))


def test_kl_of_transformed_distributions_with_different_transforms_is_not_implemented():
    for DL in (torch.distributions, minigrad.distributions):
        L = torch if DL is torch.distributions else minigrad
        p = DL.TransformedDistribution(DL.Normal(L.zeros(2), L.ones(2)), [DL.ExpTransform()])
        q = DL.TransformedDistribution(DL.Normal(L.zeros(2), L.ones(2)), [DL.SigmoidTransform()])
        with pytest.raises(NotImplementedError):
            DL.kl_divergence(p, q)


def test_binomial_kl_is_infinite_where_p_has_more_trials_and_refuses_fewer():
    _kl_compare(FAMILIES["Binomial_probs"]["make"], FAMILIES["Binomial_probs"]["make"],
                {"total_count": np.array([3.0, 5.0]), "probs": np.array([0.3, 0.6])},
                {"total_count": np.array([3.0, 4.0]), "probs": np.array([0.5, 0.2])})
    for L, DL in LIBS:
        with pytest.raises(NotImplementedError):
            DL.kl_divergence(DL.Binomial(L.tensor([2.0]), L.tensor([0.3])),
                             DL.Binomial(L.tensor([3.0]), L.tensor([0.3])))


# ------------------------------------------------------------------------------------------------
# Construction: shapes, validation, supports


@pytest.mark.parametrize("make", [
    lambda L, DL: DL.Gamma(L.tensor([1.0, -1.0]), L.tensor([1.0, 1.0])),
    lambda L, DL: DL.Beta(L.tensor([0.0]), L.tensor([1.0])),
    lambda L, DL: DL.Dirichlet(L.tensor(1.0)),
    lambda L, DL: DL.Dirichlet(L.tensor([1.0, -2.0])),
    lambda L, DL: DL.StudentT(L.tensor([-1.0])),
    lambda L, DL: DL.Poisson(L.tensor([-0.5])),
    lambda L, DL: DL.Binomial(L.tensor([1.5]), L.tensor([0.5])),
    lambda L, DL: DL.Binomial(3, L.tensor([0.5]), L.tensor([0.5])),
    lambda L, DL: DL.Geometric(L.tensor([0.0])),
    lambda L, DL: DL.Geometric(),
    lambda L, DL: DL.MultivariateNormal(L.zeros(2)),
    lambda L, DL: DL.MultivariateNormal(L.tensor(0.0), L.eye(1)),
    lambda L, DL: DL.MultivariateNormal(L.zeros(2), L.eye(2), scale_tril=L.eye(2)),
    lambda L, DL: DL.MultivariateNormal(L.zeros(2), L.ones(2)),
    lambda L, DL: DL.MultivariateNormal(L.zeros(2), L.tensor([[1.0, 2.0], [2.0, 1.0]])),
    lambda L, DL: DL.MultivariateNormal(L.zeros(2), scale_tril=L.tensor([[1.0, 1.0], [0.0, 1.0]])),
    lambda L, DL: DL.TransformedDistribution(DL.Normal(0.0, 1.0), "exp"),
    lambda L, DL: DL.Gamma(1.0, 1.0).log_prob(L.tensor([-1.0])),
    lambda L, DL: DL.Beta(1.0, 1.0).log_prob(L.tensor([1.5])),
    lambda L, DL: DL.Poisson(L.tensor([1.0])).log_prob(L.tensor([0.5])),
    lambda L, DL: DL.Binomial(2, L.tensor([0.5])).log_prob(L.tensor([3.0])),
])
def test_invalid_parameters_and_values_raise_as_pytorch(make):
    raised = []
    for L, DL in LIBS:
        try:
            make(L, DL)
            raised.append(None)
        except Exception as exc:  # noqa: BLE001 (the types are compared)
            raised.append(type(exc).__name__)
    assert raised[0] == raised[1] and raised[1] is not None


@pytest.mark.parametrize("make", [
    lambda L, DL: DL.Gamma(L.ones(2, 3), 1.0), lambda L, DL: DL.Chi2(L.ones(3)), lambda L, DL: DL.Beta(0.5, 2.0),
    lambda L, DL: DL.Dirichlet(L.ones(2, 4)), lambda L, DL: DL.StudentT(L.ones(3), 0.0, L.ones(2, 1)),
    lambda L, DL: DL.Poisson(L.ones(2)), lambda L, DL: DL.Binomial(4, L.full((3,), 0.5)),
    lambda L, DL: DL.Geometric(logits=L.zeros(2, 2)),
    lambda L, DL: DL.MultivariateNormal(L.zeros(4, 1, 3), L.eye(3).expand(2, 3, 3)),
    lambda L, DL: DL.TransformedDistribution(DL.Normal(L.zeros(3), 1.0), [DL.AffineTransform(L.zeros(2, 1), 2.0),
                                                                         DL.ExpTransform()]),
    lambda L, DL: DL.TransformedDistribution(DL.Normal(L.zeros(2, 3), 1.0), DL.AffineTransform(0.0, 2.0, event_dim=1)),
])
def test_shapes_supports_and_constraints_match_pytorch(make):
    ours, theirs = (make(L, DL) for L, DL in LIBS)
    assert tuple(ours.batch_shape) == tuple(theirs.batch_shape)
    assert tuple(ours.event_shape) == tuple(theirs.event_shape)
    assert repr(ours.support) == repr(theirs.support)
    shown = [{k: repr(v) for k, v in d.arg_constraints.items()} for d in (ours, theirs)]
    assert shown[0] == shown[1]
    expanded = [d.expand((5,) + tuple(d.batch_shape)) for d in (ours, theirs)]
    assert tuple(expanded[0].batch_shape) == tuple(expanded[1].batch_shape)


# ------------------------------------------------------------------------------------------------
# Transforms and the constraint registry


TRANSFORMS = {
    "exp": lambda L, DL: DL.ExpTransform(), "sigmoid": lambda L, DL: DL.SigmoidTransform(),
    "tanh": lambda L, DL: DL.TanhTransform(), "affine": lambda L, DL: DL.AffineTransform(0.5, -2.0),
    "affine_tensor": lambda L, DL: DL.AffineTransform(L.tensor([0.5, 1.0, -1.0]), L.tensor([2.0, -0.5, 3.0])),
    "affine_event": lambda L, DL: DL.AffineTransform(1.0, L.tensor([2.0, -0.5, 3.0]), event_dim=1),
    "compose": lambda L, DL: DL.ComposeTransform([DL.AffineTransform(0.0, 0.5), DL.TanhTransform(),
                                                  DL.AffineTransform(1.0, 2.0)]),
    "stick_breaking": lambda L, DL: DL.StickBreakingTransform(),
}


@pytest.mark.parametrize("name", sorted(TRANSFORMS))
@settings(max_examples=10)
@given(data=st.data())
def test_transform_forward_inverse_and_log_abs_det_jacobian_match_pytorch(name, data):
    x = arrays(data, (2, 3), -2, 2)
    outs = []
    for L, DL in LIBS:
        t = TRANSFORMS[name](L, DL)
        xt = L.tensor(x, requires_grad=True)
        y = t(xt)
        back = t.inv(y.detach() * 1)
        ladj = t.log_abs_det_jacobian(xt, y)
        inv_ladj = t.inv.log_abs_det_jacobian(y, xt)
        total = y.sum() + ladj.sum() * 0.5 + inv_ladj.sum() * 0.25
        total.backward()
        outs.append([v.detach().numpy() for v in (y, back, ladj, inv_ladj)] + [xt.grad.numpy()]
                    + [repr(t.domain), repr(t.codomain), t.bijective])
    for ours, theirs in zip(*outs):
        if isinstance(theirs, np.ndarray):
            assert_close(ours, theirs)
        else:
            assert ours == theirs


@pytest.mark.parametrize("constraint", ["real", "positive", "nonnegative", "unit_interval", "interval",
                                        "greater_than", "greater_than_eq", "less_than", "half_open_interval",
                                        "real_vector", "independent"])
@pytest.mark.parametrize("registry", ["biject_to", "transform_to"])
def test_biject_to_and_transform_to_map_onto_the_constraint_as_pytorch(registry, constraint):
    made = {"interval": lambda C: C.interval(-1.0, 2.0), "greater_than": lambda C: C.greater_than(2.0),
            "greater_than_eq": lambda C: C.greater_than_eq(-1.0), "less_than": lambda C: C.less_than(1.0),
            "half_open_interval": lambda C: C.half_open_interval(0.0, 3.0),
            "independent": lambda C: C.independent(C.positive, 1)}.get(constraint,
                                                                       lambda C: getattr(C, constraint))
    x = np.linspace(-3, 3, 6).reshape(2, 3)
    results = []
    for L, DL in LIBS:
        t = getattr(DL, registry)(made(DL.constraints))
        xt = L.tensor(x, requires_grad=True)
        y = t(xt)
        ladj = t.log_abs_det_jacobian(xt, y)
        (y.sum() + ladj.sum()).backward()
        results.append((repr(t).replace(" ", ""), y.detach().numpy(), ladj.detach().numpy(), xt.grad.numpy()))
    assert results[0][0] == results[1][0]
    for ours, theirs in zip(results[0][1:], results[1][1:]):
        assert_close(ours, theirs)


@pytest.mark.parametrize("registry, constraint, shape", [("biject_to", "simplex", (2, 3)),
                                                       ("transform_to", "simplex", (2, 3)),
                                                       ("transform_to", "lower_cholesky", (2, 3, 3))])
def test_simplex_and_lower_cholesky_transforms_match_pytorch(registry, constraint, shape):
    x = np.linspace(-2, 2, int(np.prod(shape))).reshape(shape)
    results = []
    for L, DL in LIBS:
        t = getattr(DL, registry)(getattr(DL.constraints, constraint))
        xt = L.tensor(x, requires_grad=True)
        y = t(xt)
        weights = L.tensor(np.arange(1.0, 1.0 + np.prod(y.shape)).reshape(tuple(y.shape)))
        (y * weights).sum().backward()
        back = t.inv(y.detach() * 1)
        results.append((type(t).__name__, y.detach().numpy(), xt.grad.numpy(), back.numpy()))
    assert results[0][0] == results[1][0]
    for ours, theirs in zip(results[0][1:], results[1][1:]):
        assert_close(ours, theirs)


def test_registries_refuse_a_constraint_without_a_transform():
    import minigrad.distributions as D
    with pytest.raises(NotImplementedError):
        D.biject_to(D.constraints.boolean)
