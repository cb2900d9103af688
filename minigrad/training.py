"""(+) ``fit``: the course's training loop as one call, with validation, progress bar,
loss history, checkpoint/resume (``minigrad.save``/``load``) and a history plot."""
import math
import os

from .autograd.grad_mode import no_grad
from .compile import compile as _compile
from .random import get_rng_state, set_rng_state


def _progress(iterable, enabled, **kwargs):
    if not enabled:
        return iterable
    try:
        from tqdm.auto import tqdm
    except ImportError:  # tqdm is optional
        return iterable
    return tqdm(iterable, **kwargs)


def _steps(model, loss_fn, optimizer, compiled):
    """The training step and the evaluation step (compiled with ``minigrad.compile`` when asked)."""
    def train_step(xb, yb):
        optimizer.zero_grad()
        loss = loss_fn(model(xb), yb)
        loss.backward()
        optimizer.step()
        return loss

    def eval_step(xb, yb):
        return loss_fn(model(xb), yb)
    if compiled:
        return _compile(train_step), _compile(eval_step)
    return train_step, eval_step


def _mean_loss(step, loader):
    total, count = 0.0, 0
    for xb, yb in loader:
        n = len(xb)
        total += step(xb, yb).item() * n
        count += n
    return total / count if count else math.nan


def _generators(loaders):
    """The explicit generators the loaders shuffle with (each once), in a fixed order."""
    found = []
    for loader in loaders:
        for owner in (loader, getattr(loader, "sampler", None)):
            g = getattr(owner, "generator", None)
            if g is not None and all(g is not f for f in found):
                found.append(g)
    return found


def _rng_states(loaders):
    return {"default": get_rng_state(), "loaders": [g.get_state() for g in _generators(loaders)]}


def _restore_rng_states(states, loaders):
    set_rng_state(states["default"])
    for g, state in zip(_generators(loaders), states["loaders"]):
        g.set_state(state)


def fit(model, loss_fn, optimizer, train_loader, val_loader=None, epochs=1, validate_every=1,
        checkpoint_path=None, resume=False, progress=True, scheduler=None, compile=False):
    """Train ``model`` for ``epochs`` and return the history ``{"epoch", "train", "val"}``.

    Each epoch runs the training loader in train mode; every ``validate_every``
    epochs the validation loader runs in eval mode under ``no_grad`` (``val``
    holds None for epochs without validation). Losses are sample-weighted
    means over the epoch. With ``checkpoint_path`` the model, optimizer,
    epoch and history are saved after every epoch (atomically); with
    ``resume=True`` an existing checkpoint is loaded first and training
    continues where it stopped (``epochs`` counts the whole run, so resuming
    with the same ``epochs`` finishes it). A ``scheduler`` steps once per epoch
    and is checkpointed too. The checkpoint also holds the random state (the
    default generator and any generator the loaders shuffle with), so a resumed
    run draws the same batches and gives the same history as an uninterrupted one.
    ``compile=True`` runs the training and validation steps through ``minigrad.compile``
    (the same history, faster on small models).
    """
    from . import serialization
    if int(validate_every) < 1:
        raise ValueError(f"validate_every must be a positive number of epochs, got {validate_every}")
    history = {"epoch": [], "train": [], "val": []}
    loaders = [train_loader] + ([val_loader] if val_loader is not None else [])
    start = 0
    if resume and checkpoint_path and os.path.exists(checkpoint_path):
        ckpt = serialization.load(checkpoint_path)
        model.load_state_dict(ckpt["model"])
        optimizer.load_state_dict(ckpt["optimizer"])
        if scheduler is not None and "scheduler" in ckpt:
            scheduler.load_state_dict(ckpt["scheduler"])
        history = ckpt["history"]
        start = ckpt["epoch"]
        if "rng" in ckpt:
            _restore_rng_states(ckpt["rng"], loaders)
    train_step, eval_step = _steps(model, loss_fn, optimizer, compile)
    bar = _progress(range(start, epochs), progress, desc="epochs", initial=start, total=epochs)
    for epoch in bar:
        model.train()
        train_loss = _mean_loss(train_step, train_loader)
        if scheduler is not None:
            scheduler.step()
        val_loss = None
        if val_loader is not None and (epoch + 1) % validate_every == 0:
            model.eval()
            with no_grad():
                val_loss = _mean_loss(eval_step, val_loader)
        history["epoch"].append(epoch + 1)
        history["train"].append(train_loss)
        history["val"].append(val_loss)
        if hasattr(bar, "set_postfix"):
            bar.set_postfix(loss=f"{train_loss:.4g}", val=f"{val_loss:.4g}" if val_loss is not None else "-")
        if checkpoint_path:
            ckpt = {"model": model.state_dict(), "optimizer": optimizer.state_dict(), "epoch": epoch + 1,
                    "history": history, "rng": _rng_states(loaders)}
            if scheduler is not None:
                ckpt["scheduler"] = scheduler.state_dict()
            serialization.save(ckpt, checkpoint_path)
    return history


def plot_history(history, path, title="loss"):
    """Write the train (and validation) loss curves to a PNG at ``path``; returns the path."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, ax = plt.subplots(figsize=(6, 4))
    ax.plot(history["epoch"], history["train"], label="train")
    val = [(e, v) for e, v in zip(history["epoch"], history["val"]) if v is not None]
    if val:
        ax.plot([e for e, _ in val], [v for _, v in val], label="validation")
    ax.set_xlabel("epoch")
    ax.set_ylabel("loss")
    ax.set_yscale("log")
    ax.set_title(title)
    ax.legend()
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return path
