"""A tiny VAE trained for a few steps on both libraries after the same seed: the same initial
weights, the same reparameterization noise (Normal.rsample), the same KL to a standard Normal,
hence the same losses step by step."""
import numpy as np
import pytest
import torch

import minigrad
from parity.helpers import assert_close

LATENT = 2


def train_vae(L, seed, steps, dtype):
    """Losses of ``steps`` SGD steps of a linear VAE on fixed data (``L``: minigrad or torch)."""
    D = L.distributions
    L.manual_seed(seed)
    encoder, decoder = L.nn.Linear(6, 2 * LATENT), L.nn.Linear(LATENT, 6)
    if dtype == "float64":
        encoder, decoder = encoder.double(), decoder.double()
    optimizer = L.optim.SGD(list(encoder.parameters()) + list(decoder.parameters()), lr=0.1)
    x = L.tensor(np.random.default_rng(seed).standard_normal((8, 6)), dtype=getattr(L, dtype))
    prior = D.Normal(L.zeros(LATENT, dtype=getattr(L, dtype)), L.ones(LATENT, dtype=getattr(L, dtype)))
    losses = []
    for _ in range(steps):
        mu, log_var = encoder(x).chunk(2, dim=-1)
        posterior = D.Normal(mu, (0.5 * log_var).exp())
        z = posterior.rsample()
        reconstruction = L.nn.functional.mse_loss(decoder(z), x, reduction="sum")
        kl = D.kl_divergence(posterior, prior).sum()
        loss = (reconstruction + kl) / x.shape[0]
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return np.array(losses, dtype=dtype), np.concatenate([p.detach().numpy().ravel() for p in decoder.parameters()])


@pytest.mark.parametrize("dtype", ["float64", "float32"])
@pytest.mark.parametrize("seed", [0, 7])
def test_vae_losses_match_pytorch_step_by_step(seed, dtype):
    ours, our_decoder = train_vae(minigrad, seed, 5, dtype)
    theirs, their_decoder = train_vae(torch, seed, 5, dtype)
    assert_close(ours, theirs, what="losses")
    assert_close(our_decoder, their_decoder, what="decoder after training")


def test_vae_loss_decreases():
    losses, _ = train_vae(minigrad, 0, 20, "float64")
    assert losses[-1] < losses[0]


def test_policy_gradient_step_matches_pytorch():
    """REINFORCE: actions sampled from Categorical(logits), loss -log_prob(actions) * returns."""
    grads = []
    for L in (minigrad, torch):
        L.manual_seed(3)
        logits = L.tensor(np.linspace(-1, 1, 12).reshape(4, 3), requires_grad=True)
        policy = L.distributions.Categorical(logits=logits)
        actions = policy.sample()
        returns = L.tensor([1.0, -0.5, 2.0, 0.3], dtype=L.float64)
        loss = -(policy.log_prob(actions) * returns).mean() - 0.01 * policy.entropy().mean()
        loss.backward()
        grads.append((actions.numpy(), loss.item(), logits.grad.numpy()))
    np.testing.assert_array_equal(grads[0][0], grads[1][0])
    assert_close(np.float64(grads[0][1]), np.float64(grads[1][1]), what="loss")
    assert_close(grads[0][2], grads[1][2], what="gradient of the logits")
