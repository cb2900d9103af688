"""VonMises, LowRankMultivariateNormal, MixtureSameFamily, Wishart, LKJCholesky and the
ExponentialFamily base against PyTorch: log_prob, moments and entropy with every parameter's (and
the value's) gradient, samples after ``manual_seed``, rsample gradients, expand, validation, the KL
pairs PyTorch registers for them, and ``torch.distributions``' module names."""
import importlib
import pkgutil
import warnings

import numpy as np
import pytest
import torch
from hypothesis import given, strategies as st

import minigrad
import minigrad.distributions as D
from dist_parity import LIBS, arrays, batch_shapes, compare, compare_kl, compare_rsample, draw_case_of, seeded_draws
from parity.helpers import assert_close

TD = torch.distributions


def _pd(data, shape, n):
    """Positive-definite n x n matrices: A A^T + I / 2."""
    A = arrays(data, shape + (n, n), -1.5, 1.5)
    return A @ np.swapaxes(A, -1, -2) + 0.5 * np.eye(n)


def _von_mises_params(data, shape):
    return {"loc": arrays(data, shape, -3, 3), "concentration": arrays(data, shape, 0.05, 20)}


def _lowrank_params(data, shape):
    n, r = data.draw(st.integers(1, 4)), data.draw(st.integers(1, 3))
    return {"loc": arrays(data, shape + (n,), -2, 2), "cov_factor": arrays(data, shape + (n, r), -1.5, 1.5),
            "cov_diag": arrays(data, shape + (n,), 0.3, 2)}


def _mixture_params(data, shape):
    k = data.draw(st.integers(1, 4))
    return {"logits": arrays(data, shape + (k,), -3, 3), "loc": arrays(data, shape + (k,), -3, 3),
            "scale": arrays(data, shape + (k,), 0.3, 3)}


def _mixture_of_vectors_params(data, shape):
    k, n = data.draw(st.integers(1, 3)), data.draw(st.integers(1, 3))
    return {"logits": arrays(data, shape + (k,), -3, 3), "loc": arrays(data, shape + (k, n), -3, 3),
            "scale": arrays(data, shape + (k, n), 0.3, 3)}


def _wishart_params(key):
    def draw(data, shape):
        n = data.draw(st.integers(1, 3))
        V = _pd(data, shape, n)
        # (df at least n: below it samples are often singular, and float32 rounding decides which)
        return {"df": arrays(data, shape, n, n + 6),
                key: np.linalg.cholesky(V) if key == "scale_tril" else V}
    return draw


def _lkj_params(data, shape):
    return {"concentration": arrays(data, shape, 0.3, 5)}


def _vector_values(data, p, shape):
    return arrays(data, shape + p["loc"].shape[-1:], -4, 4)


def _wishart_value(data, p, shape):
    matrix = next(v for k, v in p.items() if k != "df")
    return _pd(data, shape, matrix.shape[-1])


def _corr_cholesky(data, p, shape):
    x = arrays(data, shape + (_LKJ_DIM * (_LKJ_DIM - 1) // 2,), -2, 2)
    return TD.CorrCholeskyTransform()(torch.tensor(x)).numpy()


_LKJ_DIM = 3

FAMILIES = {
    "VonMises": dict(make=lambda D, loc, concentration: D.VonMises(loc, concentration), params=_von_mises_params,
                     value=lambda data, p, shape: arrays(data, shape, -3, 3), event=0),
    "LowRankMultivariateNormal": dict(
        make=lambda D, loc, cov_factor, cov_diag: D.LowRankMultivariateNormal(loc, cov_factor, cov_diag),
        params=_lowrank_params, value=_vector_values, event=1),
    "MixtureSameFamily": dict(
        make=lambda D, logits, loc, scale: D.MixtureSameFamily(D.Categorical(logits=logits), D.Normal(loc, scale)),
        params=_mixture_params, value=lambda data, p, shape: arrays(data, shape, -5, 5), event=0, batch_cut=1),
    "MixtureSameFamily_Independent": dict(
        make=lambda D, logits, loc, scale: D.MixtureSameFamily(D.Categorical(logits=logits),
                                                               D.Independent(D.Normal(loc, scale), 1)),
        params=_mixture_of_vectors_params, value=_vector_values, event=1, batch_cut=1),
    "Wishart_covariance_matrix": dict(make=lambda D, df, covariance_matrix: D.Wishart(df, covariance_matrix),
                                      params=_wishart_params("covariance_matrix"), value=_wishart_value, event=2),
    "Wishart_precision_matrix": dict(make=lambda D, df, precision_matrix: D.Wishart(df,
                                                                                    precision_matrix=precision_matrix),
                                     params=_wishart_params("precision_matrix"), value=_wishart_value, event=2),
    "Wishart_scale_tril": dict(make=lambda D, df, scale_tril: D.Wishart(df, scale_tril=scale_tril),
                               params=_wishart_params("scale_tril"), value=_wishart_value, event=2),
    "LKJCholesky": dict(make=lambda D, concentration: D.LKJCholesky(_LKJ_DIM, concentration), params=_lkj_params,
                        value=_corr_cholesky, event=0),
}
MOMENTS = {
    "VonMises": ["mean", "mode", "variance"],
    "LowRankMultivariateNormal": ["entropy", "mean", "mode", "variance", "scale_tril", "covariance_matrix",
                                  "precision_matrix"],
    "MixtureSameFamily": ["mean", "variance"],
    "MixtureSameFamily_Independent": ["mean", "variance"],
    "Wishart_covariance_matrix": ["entropy", "mean", "variance", "covariance_matrix", "precision_matrix",
                                  "scale_tril"],
    "Wishart_precision_matrix": ["entropy", "mean", "variance", "covariance_matrix", "scale_tril"],
    "Wishart_scale_tril": ["entropy", "mean", "variance", "covariance_matrix", "precision_matrix"],
    "LKJCholesky": [],
}
REPARAMETERIZED = ["LowRankMultivariateNormal", "Wishart_covariance_matrix", "Wishart_precision_matrix",
                   "Wishart_scale_tril"]


def draw_case(data, name):
    """(parameters, a value inside the support, perhaps with a sample dimension in front)."""
    return draw_case_of(data, FAMILIES[name])


@pytest.fixture(autouse=True)
def _quiet():
    """(Wishart warns on every rsample, as PyTorch's does, and on low df values.)"""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        yield


@pytest.mark.parametrize("dtype", ["float64", "float32"])
@pytest.mark.parametrize("name", sorted(FAMILIES))
@given(data=st.data())
def test_log_prob_and_its_gradients_match_pytorch(name, dtype, data):
    params, value = draw_case(data, name)
    if dtype == "float32" and name.startswith("Wishart"):
        # (the log-determinant and the Cholesky solve of float32 matrices: PyTorch's LAPACK and
        # NumPy's round differently, beyond float32's tolerance on ill-conditioned draws)
        return
    compare(FAMILIES[name]["make"], "log_prob", params, value, value_grad=True, dtype=dtype)


@pytest.mark.parametrize("name, what", [(name, what) for name in sorted(FAMILIES) for what in MOMENTS[name]])
@given(data=st.data())
def test_moments_and_entropy_match_pytorch(name, what, data):
    params, _ = draw_case(data, name)
    compare(FAMILIES[name]["make"], what, params)


@pytest.mark.parametrize("name", ["MixtureSameFamily"])
@given(data=st.data())
def test_mixture_cdf_matches_pytorch(name, data):
    params, value = draw_case(data, name)
    compare(FAMILIES[name]["make"], "cdf", params, value, value_grad=True)


@pytest.mark.parametrize("dtype", ["float64", "float32"])
@pytest.mark.parametrize("name", sorted(FAMILIES))
@given(data=st.data(), sample_shape=st.lists(st.integers(1, 3), max_size=2).map(tuple),
       seed=st.integers(0, 2 ** 32 - 1))
def test_samples_after_manual_seed_are_pytorchs(name, dtype, data, sample_shape, seed):
    if name == "LKJCholesky" and dtype == "float32":
        # (the last diagonal entry is sqrt(1 - |w|^2), which cancels; PyTorch's norm accumulates
        # with fused multiply-adds, NumPy's does not: a last-bit difference in w grows there
        # beyond float32's tolerance. float64 agrees.)
        return
    params, _ = draw_case(data, name)
    if name.startswith("Wishart") and dtype == "float32":
        # (Bartlett's last diagonal entry is chi-squared with df - n + 1 degrees of freedom: with one,
        # it is near zero often enough that a float32 draw is singular up to a last-bit difference
        # in the product L A A^T L^T, and that bit decides whether PyTorch's loop draws again. With
        # two or more, such draws are vanishingly rare.)
        params["df"] = params["df"] + 1
    out = seeded_draws(FAMILIES[name]["make"], params, seed, sample_shape=sample_shape, dtype=dtype)
    ours, theirs = (t.numpy() for t in out)
    assert ours.dtype == theirs.dtype
    assert_close(ours, theirs, what="sample")


@pytest.mark.parametrize("name", REPARAMETERIZED)
@given(data=st.data(), seed=st.integers(0, 2 ** 32 - 1))
def test_rsample_gradients_match_pytorch(name, data, seed):
    params, _ = draw_case(data, name)
    sample_shape = () if name.startswith("Wishart") else (2,)  # (PyTorch's Wishart backward raises otherwise)
    compare_rsample(FAMILIES[name]["make"], params, seed, sample_shape)


def test_wishart_rsample_with_a_sample_shape_has_gradients_where_pytorchs_backward_raises():
    V = minigrad.tensor([[2.0, 0.5], [0.5, 1.0]], dtype=minigrad.float64, requires_grad=True)
    minigrad.manual_seed(0)
    D.Wishart(4.0, covariance_matrix=V).rsample((3,)).sum().backward()
    assert np.isfinite(V.grad.numpy()).all()


@pytest.mark.parametrize("name", sorted(FAMILIES))
@given(data=st.data())
def test_expand_gives_pytorchs_shapes_and_log_prob(name, data):
    params = FAMILIES[name]["params"](data, (1,))
    out, value = [], None
    for L, DL in reversed(LIBS):  # (PyTorch's sample, a value inside the support, for both)
        d = FAMILIES[name]["make"](DL, **{k: L.tensor(v) for k, v in params.items()}).expand((3, 2, 1))
        L.manual_seed(3)
        sample = d.sample()
        value = sample.numpy() if value is None else value
        out.append((tuple(d.batch_shape), tuple(d.event_shape), tuple(sample.shape),
                    d.log_prob(L.tensor(value)).numpy()))
    assert out[0][:3] == out[1][:3]
    assert_close(out[0][3], out[1][3], what="log_prob")


@pytest.mark.parametrize("make", [
    lambda L, DL: DL.VonMises(L.tensor([0.0]), L.tensor([-1.0])),
    lambda L, DL: DL.LowRankMultivariateNormal(L.zeros(2), L.ones(2, 1), L.tensor([1.0, -1.0])),
    lambda L, DL: DL.LKJCholesky(3, L.tensor([-1.0])),
    lambda L, DL: DL.Wishart(L.tensor(0.5), covariance_matrix=L.eye(2)),
    lambda L, DL: DL.Wishart(L.tensor(3.0), covariance_matrix=L.tensor([[1.0, 2.0], [2.0, 1.0]])),
    lambda L, DL: DL.LKJCholesky(1),
    lambda L, DL: DL.LowRankMultivariateNormal(L.zeros(2), L.ones(3, 1), L.ones(2)),
    lambda L, DL: DL.MixtureSameFamily(DL.Categorical(logits=L.zeros(3)), DL.Normal(L.zeros(2), L.ones(2))),
    lambda L, DL: DL.MixtureSameFamily(DL.Normal(L.zeros(2), L.ones(2)), DL.Normal(L.zeros(2), L.ones(2))),
], ids=["von_mises_concentration", "lowrank_cov_diag", "lkj_concentration", "wishart_df", "wishart_matrix",
        "lkj_dim", "lowrank_cov_factor_shape", "mixture_components", "mixture_not_categorical"])
def test_invalid_parameters_raise_valueerror(make):
    for L, DL in LIBS:
        with pytest.raises(ValueError):
            make(L, DL)


@pytest.mark.parametrize("make, outside", [
    (lambda L, DL: DL.LKJCholesky(2), [[1.0, 0.0], [0.5, 0.5]]),
    (lambda L, DL: DL.Wishart(L.tensor(3.0), covariance_matrix=L.eye(2)), [[1.0, 2.0], [2.0, 1.0]]),
    (lambda L, DL: DL.MixtureSameFamily(DL.Categorical(logits=L.zeros(2)), DL.Exponential(L.ones(2))), [-1.0]),
], ids=["lkj", "wishart", "mixture"])
def test_values_outside_the_support_raise_valueerror(make, outside):
    for L, DL in LIBS:
        with pytest.raises(ValueError):
            make(L, DL).log_prob(L.tensor(outside))


def test_wishart_needs_exactly_one_matrix_with_assertionerror():
    for L, DL in LIBS:
        with pytest.raises(AssertionError):
            DL.Wishart(L.tensor(3.0))


def test_wishart_mode_is_nan_where_df_is_at_most_the_dimension_plus_one():
    compare(lambda D, df, covariance_matrix: D.Wishart(df, covariance_matrix), "mode",
            {"df": np.array([2.5, 4.0, 6.0]), "covariance_matrix": np.array([[[2.0, 0.3], [0.3, 1.0]]] * 3)})


@pytest.mark.parametrize("name", ["Normal", "Gamma", "Exponential", "Bernoulli", "ContinuousBernoulli", "Wishart"])
def test_exponential_family_entropy_by_bregman_divergence_matches_pytorchs(name):
    make = {
        "Normal": lambda L, DL, a: DL.Normal(a, a + 1), "Gamma": lambda L, DL, a: DL.Gamma(a, 2 * a),
        "Exponential": lambda L, DL, a: DL.Exponential(a), "Bernoulli": lambda L, DL, a: DL.Bernoulli(a / 3),
        "ContinuousBernoulli": lambda L, DL, a: DL.ContinuousBernoulli(a / 3),
        "Wishart": lambda L, DL, a: DL.Wishart(a + 2, covariance_matrix=L.eye(2, dtype=a.dtype) * a.unsqueeze(-1)
                                               .unsqueeze(-1)),
    }[name]
    out = []
    for L, DL in LIBS:
        a = L.tensor([0.4, 1.2, 2.5], dtype=L.float64, requires_grad=True)
        d = make(L, DL, a)
        assert isinstance(d, DL.ExponentialFamily)
        H = DL.ExponentialFamily.entropy(d)
        H.backward(L.tensor([1.0, -2.0, 0.5], dtype=L.float64))
        out.append((H.detach().numpy(), a.grad, d.entropy().detach().numpy()))
    assert out[0][1] is None and out[1][1] is None  # (the natural parameters enter detached, as PyTorch's)
    for ours, theirs in zip(out[0][::2], out[1][::2]):
        assert_close(ours, theirs, what="entropy")
    assert_close(out[0][0], out[0][2], what="Bregman entropy against the closed form")


@pytest.mark.parametrize("p_name, q_name", [("LowRankMultivariateNormal", "LowRankMultivariateNormal"),
                                            ("LowRankMultivariateNormal", "MultivariateNormal"),
                                            ("MultivariateNormal", "LowRankMultivariateNormal"),
                                            ("Wishart", "Wishart")])
@given(data=st.data())
def test_kl_divergence_of_the_pairs_pytorch_registers_matches(p_name, q_name, data):
    shape, n = data.draw(batch_shapes), data.draw(st.integers(1, 3))

    def draw(name):
        if name == "LowRankMultivariateNormal":
            return {"loc": arrays(data, shape + (n,), -2, 2), "cov_factor": arrays(data, shape + (n, 2), -1, 1),
                    "cov_diag": arrays(data, shape + (n,), 0.3, 2)}
        if name == "MultivariateNormal":
            return {"loc": arrays(data, shape + (n,), -2, 2), "scale_tril": np.linalg.cholesky(_pd(data, shape, n))}
        return {"df": arrays(data, shape, n + 0.5, n + 6), "covariance_matrix": _pd(data, shape, n)}

    def maker(name):
        if name == "MultivariateNormal":
            return lambda DL, loc, scale_tril: DL.MultivariateNormal(loc, scale_tril=scale_tril)
        return lambda DL, **params: getattr(DL, name)(*params.values())

    compare_kl(maker(p_name), maker(q_name), draw(p_name), draw(q_name))


def test_kl_between_different_exponential_families_is_not_implemented():
    for L, DL in LIBS:
        with pytest.raises(NotImplementedError):
            DL.kl_divergence(DL.Poisson(L.tensor([1.0])), DL.Exponential(L.tensor([1.0])))


def test_every_torch_distributions_module_is_importable_with_its_names():
    for module in pkgutil.iter_modules(TD.__path__):
        theirs = importlib.import_module(f"torch.distributions.{module.name}")
        ours = importlib.import_module(f"minigrad.distributions.{module.name}")
        missing = [name for name in getattr(theirs, "__all__", []) if not hasattr(ours, name)]
        assert not missing, f"minigrad.distributions.{module.name} lacks {missing}"


def test_every_torch_distributions_name_is_exposed():
    assert set(TD.__all__) <= set(D.__all__)
