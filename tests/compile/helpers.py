"""Training runs for the compile tests: the same step eager and compiled, from the same seed."""
import numpy as np

import minigrad
import minigrad.nn as nn

ACTIVATIONS = {"relu": nn.ReLU, "tanh": nn.Tanh, "sigmoid": nn.Sigmoid, "leaky": nn.LeakyReLU}


def mlp(activation="relu", sizes=(3, 16, 8, 2), dtype=minigrad.float32, device="cpu", dropout=0.0):
    """An MLP of Linear layers with ``activation`` between them (and Dropout when asked)."""
    layers = []
    for i, (a, b) in enumerate(zip(sizes[:-1], sizes[1:])):
        layers.append(nn.Linear(a, b))
        if i < len(sizes) - 2:
            layers.append(ACTIVATIONS[activation]())
            if dropout:
                layers.append(nn.Dropout(dropout))
    return nn.Sequential(*layers).to(device=device, dtype=dtype)


def batch(rng, loss, dtype, n=8, sizes=(3, 16, 8, 2), device="cpu"):
    """Inputs and targets fitting ``loss`` (class indices for cross-entropy, 0/1 for BCE)."""
    np_dtype = np.float32 if dtype is minigrad.float32 else np.float64
    x = minigrad.tensor(rng.standard_normal((n, sizes[0])).astype(np_dtype), device=device)
    if loss == "cross_entropy":
        y = minigrad.tensor(rng.integers(0, sizes[-1], n), device=device)
    elif loss == "bce_logits":
        y = minigrad.tensor((rng.random((n, sizes[-1])) > 0.5).astype(np_dtype), device=device)
    else:
        y = minigrad.tensor(rng.standard_normal((n, sizes[-1])).astype(np_dtype), device=device)
    return x, y


LOSSES = {"mse": nn.MSELoss, "l1": nn.L1Loss, "huber": nn.HuberLoss, "cross_entropy": nn.CrossEntropyLoss,
          "bce_logits": nn.BCEWithLogitsLoss, "smooth_l1": nn.SmoothL1Loss}

OPTIMIZERS = {
    "sgd": lambda p: minigrad.optim.SGD(p, lr=0.05),
    "sgd_momentum": lambda p: minigrad.optim.SGD(p, lr=0.05, momentum=0.9),
    "sgd_nesterov_wd": lambda p: minigrad.optim.SGD(p, lr=0.05, momentum=0.9, nesterov=True, weight_decay=1e-3),
    "sgd_dampening": lambda p: minigrad.optim.SGD(p, lr=0.05, momentum=0.8, dampening=0.3),
    "adam": lambda p: minigrad.optim.Adam(p, lr=1e-2),
    "adam_wd_amsgrad": lambda p: minigrad.optim.Adam(p, lr=1e-2, weight_decay=1e-2, amsgrad=True),
    "adamw": lambda p: minigrad.optim.AdamW(p, lr=1e-2, betas=(0.3, 0.9)),
    "nadam": lambda p: minigrad.optim.NAdam(p, lr=1e-2, weight_decay=1e-2),
    "radam_decoupled": lambda p: minigrad.optim.RAdam(p, lr=1e-2, weight_decay=1e-2, decoupled_weight_decay=True),
    "adamax": lambda p: minigrad.optim.Adamax(p, lr=1e-2),
    "adadelta": lambda p: minigrad.optim.Adadelta(p, weight_decay=1e-3),
    "rprop": lambda p: minigrad.optim.Rprop(p, lr=1e-3),
    "asgd": lambda p: minigrad.optim.ASGD(p, lr=0.05, t0=100),
}

SCHEDULERS = {
    None: None,
    "step": lambda o: minigrad.optim.lr_scheduler.StepLR(o, step_size=7, gamma=0.5),
    "exponential": lambda o: minigrad.optim.lr_scheduler.ExponentialLR(o, gamma=0.99),
    "lambda": lambda o: minigrad.optim.lr_scheduler.LambdaLR(o, lambda e: 1 / (1 + e)),
    "multistep": lambda o: minigrad.optim.lr_scheduler.MultiStepLR(o, milestones=[3, 50, 400], gamma=0.5),
}


def training_run(compiled, steps=1000, activation="relu", loss="mse", optimizer="sgd", scheduler=None,
                 dtype=minigrad.float32, device="cpu", dropout=0.0, clip=None, seed=0):
    """Train from ``seed``; returns (the losses as Python floats, the parameters as host arrays, the
    step function). Every returned loss Tensor is kept until the end (none may be overwritten)."""
    minigrad.manual_seed(seed)
    model = mlp(activation, dtype=dtype, device=device, dropout=dropout)
    opt = OPTIMIZERS[optimizer](model.parameters())
    sched = SCHEDULERS[scheduler](opt) if scheduler else None
    loss_fn = LOSSES[loss]()

    def step(x, y):
        opt.zero_grad()
        out = loss_fn(model(x), y)
        out.backward()
        if clip is not None:
            nn.utils.clip_grad_norm_(model.parameters(), clip)
        opt.step()
        if sched is not None:
            sched.step()
        return out

    fn = minigrad.compile(step) if compiled else step
    rng = np.random.default_rng(seed)
    kept = [fn(*batch(rng, loss, dtype, device=device)) for _ in range(steps)]
    losses = [t.item() for t in kept]
    params = [p.detach().cpu().numpy().copy() for p in model.parameters()]
    return losses, params, fn


def same_bits(a, b):
    """Bit-for-bit equality of two lists of arrays (or of floats)."""
    if len(a) != len(b):
        return False
    for x, y in zip(a, b):
        x, y = np.asarray(x), np.asarray(y)
        if x.dtype != y.dtype or x.shape != y.shape or x.tobytes() != y.tobytes():
            return False
    return True


def replays(fn):
    """How many calls of a compiled function ran a replay."""
    return sum(t.calls - t.bails for t in fn.tapes if t.replay is not None)
