"""Replays allocate nothing that stays: memory is flat over 10,000 replays."""
import gc
import tracemalloc

import numpy as np

import minigrad
import minigrad.nn as nn

from .helpers import replays


def _traced_growth(fn, warm, count):
    for _ in range(warm):
        fn()
    gc.collect()
    tracemalloc.start()
    try:
        start = tracemalloc.get_traced_memory()[0]
        for _ in range(count):
            fn()
        gc.collect()
        return tracemalloc.get_traced_memory()[0] - start
    finally:
        tracemalloc.stop()


def test_memory_is_flat_over_10000_replays_of_a_training_step():
    minigrad.manual_seed(0)
    model = nn.Sequential(nn.Linear(3, 16), nn.ReLU(), nn.Dropout(0.1), nn.Linear(16, 1))
    opt = minigrad.optim.Adam(model.parameters(), lr=1e-3)
    sched = minigrad.optim.lr_scheduler.ExponentialLR(opt, 0.999)

    def step(x, y):
        opt.zero_grad()
        loss = ((model(x) - y) ** 2).mean()
        loss.backward()
        opt.step()
        sched.step()
        return loss
    f = minigrad.compile(step)
    rng = np.random.default_rng(0)
    x = minigrad.tensor(rng.standard_normal((8, 3)).astype(np.float32))
    y = minigrad.tensor(rng.standard_normal((8, 1)).astype(np.float32))
    losses = []

    def call():
        losses.append(f(x, y).item())
        del losses[:-2]
    growth = _traced_growth(call, 200, 10_000)
    assert replays(f) >= 10_000
    assert growth < 32 * 1024, f"{growth} bytes kept after 10,000 replays"


def test_memory_is_flat_when_the_user_keeps_no_results_of_a_by_hand_update():
    b = minigrad.tensor([0.5], requires_grad=True)
    w = minigrad.tensor([-0.1], requires_grad=True)
    x = minigrad.tensor(np.linspace(0, 1, 80, dtype=np.float32).reshape(-1, 1))
    y = 1 + 2 * x

    def epoch():
        loss = ((b + w * x - y) ** 2).mean()
        loss.backward()
        with minigrad.no_grad():
            b.sub_(0.1 * b.grad)
            w.sub_(0.1 * w.grad)
        b.grad.zero_()
        w.grad.zero_()
    f = minigrad.compile(epoch)
    growth = _traced_growth(f, 200, 10_000)
    assert growth < 32 * 1024, f"{growth} bytes kept after 10,000 replays"
