"""Distributions on a CuPy-like device (the strict stand-in, tests/backends): densities, KL
divergences and reparameterized samples stay on the device and never convert to NumPy
implicitly; values and gradients equal the CPU's."""
import numpy as np
import pytest

import minigrad
from backends.conftest import strict  # noqa: F401  (the fixture)
from backends.strict_backend import StrictArray

D = minigrad.distributions

CASES = {
    "normal_log_prob": lambda L, a, b: D.Normal(a, b.exp()).log_prob(L.ones_like(a) * 0.3),
    "normal_cdf_icdf": lambda L, a, b: D.Normal(a, b.exp()).cdf(a * 0.5) + D.Normal(a, b.exp()).icdf(b.sigmoid()),
    "laplace_entropy_and_cdf": lambda L, a, b: D.Laplace(a, b.exp()).entropy() + D.Laplace(a, b.exp()).cdf(b),
    "uniform_log_prob": lambda L, a, b: D.Uniform(a - 3, a + b.exp()).log_prob(a),
    "exponential_log_prob": lambda L, a, b: D.Exponential(b.exp()).log_prob(a.abs()),
    "log_normal_log_prob": lambda L, a, b: D.LogNormal(a, b.exp()).log_prob(b.exp()),
    "bernoulli_log_prob_entropy": lambda L, a, b: D.Bernoulli(logits=a).log_prob((b > 0).to(a.dtype))
    + D.Bernoulli(logits=a).entropy(),
    "categorical_log_prob_entropy": lambda L, a, b: D.Categorical(logits=a).log_prob(L.zeros(3, dtype=L.int64)
                                                                                       .to(a.device))
    + D.Categorical(logits=b).entropy(),
    "independent_normal_log_prob": lambda L, a, b: D.Independent(D.Normal(a, b.exp()), 1).log_prob(b),
    "kl_normal": lambda L, a, b: D.kl_divergence(D.Normal(a, b.exp()), D.Normal(b, a.exp())),
    "kl_bernoulli": lambda L, a, b: D.kl_divergence(D.Bernoulli(logits=a), D.Bernoulli(logits=b)),
    "kl_categorical": lambda L, a, b: D.kl_divergence(D.Categorical(logits=a), D.Categorical(logits=b)),
    "kl_uniform": lambda L, a, b: D.kl_divergence(D.Uniform(a - 1, a + 1), D.Uniform(a - 2, a + b.exp() + 1)),
    "kl_laplace_exponential": lambda L, a, b: D.kl_divergence(D.Laplace(a, b.exp()), D.Laplace(b, a.exp()))
    + D.kl_divergence(D.Exponential(a.exp()), D.Exponential(b.exp())),
    "gamma_family": lambda L, a, b: D.Gamma(a.exp(), b.exp()).log_prob(b.exp()) + D.Beta(a.exp(), b.exp()).entropy()
    + D.Dirichlet(a.exp()).log_prob(b.softmax(-1)).unsqueeze(-1) + D.StudentT(a.exp() + 1, b).log_prob(a)
    + D.kl_divergence(D.Gamma(a.exp(), b.exp()), D.Gamma(b.exp(), a.exp())),
    "counting": lambda L, a, b: D.Poisson(a.exp()).log_prob(L.ones_like(a)) + D.Geometric(logits=a).entropy()
    + D.Binomial(3, logits=b).log_prob(L.ones_like(a)) + D.kl_divergence(D.Poisson(a.exp()), D.Poisson(b.exp())),
    "multivariate_normal": lambda L, a, b: D.MultivariateNormal(
        a, scale_tril=L.diag_embed(b.exp()) + (a.unsqueeze(-1) * b.unsqueeze(-2)).tril(-1)).log_prob(b).unsqueeze(-1)
    + D.MultivariateNormal(a, scale_tril=L.diag_embed(b.exp())).entropy().unsqueeze(-1),
    "transformed": lambda L, a, b: D.TransformedDistribution(D.Normal(a, b.exp()), [D.SigmoidTransform()]).log_prob(
        b.sigmoid()) + D.biject_to(D.constraints.simplex)(a).sum(-1, keepdim=True),
    "von_mises": lambda L, a, b: D.VonMises(a, b.exp()).log_prob(b) + D.VonMises(a, b.exp() * 3).variance,
    "lowrank_multivariate_normal": lambda L, a, b: (
        D.LowRankMultivariateNormal(a, b.unsqueeze(-1), a.exp()).log_prob(b)
        + D.LowRankMultivariateNormal(a, b.unsqueeze(-1), a.exp()).entropy()).unsqueeze(-1),
    "mixture_same_family": lambda L, a, b: D.MixtureSameFamily(D.Categorical(logits=a), D.Normal(b, a.exp())).log_prob(
        b[:, :1]).unsqueeze(-1) + D.MixtureSameFamily(D.Categorical(logits=a), D.Normal(b, a.exp())).variance,
    "wishart": lambda L, a, b: D.Wishart(b[:, 0].exp() + 3, scale_tril=L.diag_embed(a[:, :2].exp()) + (
        a[:, :2].unsqueeze(-1) * b[:, :2].unsqueeze(-2)).tril(-1)).log_prob(
        L.diag_embed(b[:, 2:].exp())).unsqueeze(-1) + D.Wishart(b[:, 0].exp() + 3, covariance_matrix=L.diag_embed(
            a[:, :2].exp())).entropy().unsqueeze(-1),
    "lkj_cholesky": lambda L, a, b: D.LKJCholesky(3, b[:, 0].exp()).log_prob(
        D.CorrCholeskyTransform()(a[:, :3])).unsqueeze(-1),
    "new_transforms": lambda L, a, b: D.SoftplusTransform()(a) + D.CatTransform(
        [D.ExpTransform(), D.SigmoidTransform()], dim=-1, lengths=[2, 2])(b) + D.StackTransform(
        [D.ExpTransform(), D.TanhTransform(), D.ExpTransform()], dim=0)(a) + D.CorrCholeskyTransform()(
        b[:, :3]).sum((-2, -1)).unsqueeze(-1) + D.CorrCholeskyTransform().log_abs_det_jacobian(
            b[:, :3], D.CorrCholeskyTransform()(b[:, :3])).unsqueeze(-1),
}

_rng = np.random.default_rng(7)
INPUTS = [_rng.uniform(-1, 1, (3, 4)), _rng.uniform(-1, 1, (3, 4))]


def run(fn, device):
    a, b = (minigrad.tensor(x, device=device, requires_grad=True) for x in INPUTS)
    out = fn(minigrad, a, b)
    out.sum().backward()
    return out, a.grad, b.grad


@pytest.mark.parametrize("name", sorted(CASES))
def test_distribution_runs_on_the_device_as_on_the_cpu(strict, name):  # noqa: F811
    on_cpu = run(CASES[name], "cpu")
    on_device = run(CASES[name], "cuda")
    for ours, cpu in zip(on_device, on_cpu):
        if cpu is None:  # (an input the result does not depend on differentiably)
            assert ours is None
            continue
        assert type(ours._data) is StrictArray
        np.testing.assert_allclose(ours.detach().cpu().numpy(), cpu.detach().numpy(), rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize("make", [lambda d: D.Normal(d, 1.0), lambda d: D.Uniform(d, d + 1),
                                  lambda d: D.Laplace(d, 2.0), lambda d: D.Exponential(d + 1),
                                  lambda d: D.LogNormal(d, 1.0)],
                         ids=["normal", "uniform", "laplace", "exponential", "log_normal"])
def test_rsample_stays_on_the_device_with_gradients(strict, make):  # noqa: F811
    loc = minigrad.zeros(3, device="cuda", requires_grad=True)
    x = make(loc).rsample((2,))
    x.sum().backward()
    assert type(x._data) is StrictArray and type(loc.grad._data) is StrictArray and x.shape == (2, 3)


@pytest.mark.parametrize("make", [lambda d: D.Bernoulli(d.sigmoid()), lambda d: D.Categorical(logits=d),
                                  lambda d: D.OneHotCategorical(logits=d), lambda d: D.Gamma(d + 1, 1.0),
                                  lambda d: D.Dirichlet(d + 1), lambda d: D.Poisson(d + 1),
                                  lambda d: D.Binomial(3, d.sigmoid()), lambda d: D.Geometric(d.sigmoid()),
                                  lambda d: D.VonMises(d, 2.0), lambda d: D.LKJCholesky(3, d + 1),
                                  lambda d: D.MixtureSameFamily(D.Categorical(logits=d), D.Normal(d, 1.0)),
                                  lambda d: D.Wishart(d.sum(-1) + 3, covariance_matrix=minigrad.eye(
                                      2, device=d.device).expand(2, 2, 2))],
                         ids=["bernoulli", "categorical", "one_hot_categorical", "gamma", "dirichlet", "poisson",
                              "binomial", "geometric", "von_mises", "lkj_cholesky", "mixture", "wishart"])
@pytest.mark.filterwarnings("ignore:Singular sample detected")  # (Wishart's, as PyTorch's, on every draw)
def test_samples_come_back_on_the_device(strict, make):  # noqa: F811
    sample = make(minigrad.zeros(2, 3, device="cuda")).sample((4,))
    assert type(sample._data) is StrictArray and sample.device == minigrad.device("cuda")
