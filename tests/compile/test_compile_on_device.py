"""Compiled steps on the strict CuPy stand-in: the same tape replays with device arrays only."""
import pytest

import minigrad

from .helpers import training_run, same_bits, replays


@pytest.mark.parametrize("optimizer,scheduler,loss", [("sgd_momentum", None, "mse"), ("adam", "step", "l1"),
                                                      ("adamw", "exponential", "cross_entropy")])
def test_a_compiled_step_replays_on_the_device_with_the_eager_results(strict, optimizer, scheduler, loss):
    spec = dict(optimizer=optimizer, scheduler=scheduler, loss=loss, device="cuda", steps=200)
    eager_losses, eager_params, _ = training_run(False, **spec)
    losses, params, fn = training_run(True, **spec)
    assert same_bits(losses, eager_losses) and same_bits(params, eager_params)
    assert replays(fn) >= 190


def test_replays_take_nothing_to_the_host(strict):
    minigrad.manual_seed(0)
    model = minigrad.nn.Sequential(minigrad.nn.Linear(3, 8), minigrad.nn.Tanh(), minigrad.nn.Linear(8, 1)).to("cuda")
    opt = minigrad.optim.Adam(model.parameters(), lr=1e-2)

    def step(x, y):
        opt.zero_grad()
        loss = ((model(x) - y) ** 2).mean()
        loss.backward()
        opt.step()
        return loss
    f = minigrad.compile(step)
    x = minigrad.randn(16, 3, device="cuda")
    y = minigrad.randn(16, 1, device="cuda")
    for _ in range(3):
        f(x, y)
    before = strict.host_transfers
    for _ in range(50):
        f(x, y)
    assert strict.host_transfers == before
    assert all(isinstance(p._data, type(x._data)) for p in model.parameters())
