"""minigrad.training.fit: the course loop with validation, history, checkpoint/resume and a plot."""
import os

import pytest

import minigrad
from minigrad import nn
from minigrad.training import fit, plot_history
from minigrad.utils.data import DataLoader, TensorDataset


def _setup(shuffle=False, generator=None):
    minigrad.manual_seed(0)
    x = minigrad.linspace(0, 1, 32).unsqueeze(1)
    y = 1 + 2 * x
    train = DataLoader(TensorDataset(x[:24], y[:24]), batch_size=8, shuffle=shuffle, generator=generator)
    val = DataLoader(TensorDataset(x[24:], y[24:]), batch_size=8)
    model = nn.Linear(1, 1)
    return model, minigrad.optim.SGD(model.parameters(), lr=0.1), train, val


def test_fit_returns_per_epoch_history_and_learns():
    model, opt, train, val = _setup()
    h = fit(model, nn.MSELoss(), opt, train, val, epochs=30, progress=False)
    assert h["epoch"] == list(range(1, 31)) and len(h["train"]) == 30
    assert h["train"][-1] < h["train"][0] / 10
    assert all(v is not None for v in h["val"])


def test_validation_runs_every_n_epochs_in_eval_mode_without_grad():
    model, opt, train, val = _setup()
    modes = []
    model.register_forward_hook(lambda m, i, o: modes.append((m.training, o.requires_grad)))
    h = fit(model, nn.MSELoss(), opt, train, val, epochs=4, validate_every=2, progress=False)
    assert [v is None for v in h["val"]] == [True, False, True, False]
    assert (False, False) in modes and (True, True) in modes


def test_resume_from_a_checkpoint_continues_the_same_run(tmp_path):
    ckpt = str(tmp_path / "run.ckpt")
    model, opt, train, val = _setup()
    straight = fit(model, nn.MSELoss(), opt, train, val, epochs=6, progress=False)
    model, opt, train, val = _setup()
    fit(model, nn.MSELoss(), opt, train, val, epochs=3, checkpoint_path=ckpt, progress=False)
    model, opt, train, val = _setup()
    resumed = fit(model, nn.MSELoss(), opt, train, val, epochs=6, checkpoint_path=ckpt, resume=True,
                  progress=False)
    assert resumed["train"] == straight["train"] and resumed["val"] == straight["val"]


def _interrupted_and_resumed(ckpt, **setup):
    """3 epochs with a checkpoint, another RNG state (as in a new process), then resume to 6."""
    model, opt, train, val = _setup(**setup)
    fit(model, nn.MSELoss(), opt, train, val, epochs=3, checkpoint_path=ckpt, progress=False)
    model, opt, train, val = _setup(**setup)
    minigrad.manual_seed(999)
    if train.generator is not None:
        train.generator.manual_seed(999)
    return fit(model, nn.MSELoss(), opt, train, val, epochs=6, checkpoint_path=ckpt, resume=True,
               progress=False)


def test_resume_with_a_shuffling_loader_draws_the_same_batches(tmp_path):
    model, opt, train, val = _setup(shuffle=True)
    straight = fit(model, nn.MSELoss(), opt, train, val, epochs=6, progress=False)
    resumed = _interrupted_and_resumed(str(tmp_path / "run.ckpt"), shuffle=True)
    assert resumed["train"] == straight["train"] and resumed["val"] == straight["val"]


def test_resume_restores_the_loaders_own_generator(tmp_path):
    model, opt, train, val = _setup(shuffle=True, generator=minigrad.Generator().manual_seed(5))
    straight = fit(model, nn.MSELoss(), opt, train, val, epochs=6, progress=False)
    resumed = _interrupted_and_resumed(str(tmp_path / "run.ckpt"), shuffle=True,
                                       generator=minigrad.Generator().manual_seed(5))
    assert resumed["train"] == straight["train"]


def test_resume_keeps_the_epochs_without_validation(tmp_path):
    ckpt = str(tmp_path / "run.ckpt")
    model, opt, train, val = _setup()
    fit(model, nn.MSELoss(), opt, train, val, epochs=3, validate_every=2, checkpoint_path=ckpt, progress=False)
    model, opt, train, val = _setup()
    h = fit(model, nn.MSELoss(), opt, train, val, epochs=4, validate_every=2, checkpoint_path=ckpt,
            resume=True, progress=False)
    assert h["epoch"] == [1, 2, 3, 4] and [v is None for v in h["val"]] == [True, False, True, False]


def test_resume_of_a_finished_run_trains_no_further(tmp_path):
    ckpt = str(tmp_path / "run.ckpt")
    model, opt, train, val = _setup()
    done = fit(model, nn.MSELoss(), opt, train, val, epochs=3, checkpoint_path=ckpt, progress=False)
    weight = model.weight.detach().clone()
    model, opt, train, val = _setup()
    again = fit(model, nn.MSELoss(), opt, train, val, epochs=3, checkpoint_path=ckpt, resume=True,
                progress=False)
    assert again["train"] == done["train"] and minigrad.equal(model.weight.detach(), weight)


def test_plot_history_writes_a_png(tmp_path):
    model, opt, train, val = _setup()
    h = fit(model, nn.MSELoss(), opt, train, val, epochs=3, progress=False)
    path = plot_history(h, str(tmp_path / "loss.png"))
    assert os.path.getsize(path) > 1000


def test_progress_bar_does_not_change_the_result():
    model, opt, train, val = _setup()
    with_bar = fit(model, nn.MSELoss(), opt, train, val, epochs=2, progress=True)
    model, opt, train, val = _setup()
    assert fit(model, nn.MSELoss(), opt, train, val, epochs=2, progress=False)["train"] == with_bar["train"]


def test_without_tqdm_the_progress_bar_is_silently_left_out(monkeypatch, capsys):
    import sys
    monkeypatch.setitem(sys.modules, "tqdm", None)  # import tqdm.auto now raises ImportError
    monkeypatch.setitem(sys.modules, "tqdm.auto", None)
    model, opt, train, val = _setup()
    h = fit(model, nn.MSELoss(), opt, train, val, epochs=2, progress=True)
    assert len(h["train"]) == 2 and capsys.readouterr().err == ""


def test_the_progress_bar_shows_epoch_and_loss(capsys):
    model, opt, train, val = _setup()
    fit(model, nn.MSELoss(), opt, train, val, epochs=2, progress=True)
    err = capsys.readouterr().err
    assert "2/2" in err and "loss=" in err


def test_resume_restores_the_scheduler(tmp_path):
    def run(epochs, **kw):
        model, opt, train, val = _setup(shuffle=True)
        sched = minigrad.optim.lr_scheduler.StepLR(opt, step_size=2, gamma=0.5)
        h = fit(model, nn.MSELoss(), opt, train, val, epochs=epochs, progress=False, scheduler=sched, **kw)
        return h, opt.param_groups[0]["lr"]
    straight, lr = run(5)
    ckpt = str(tmp_path / "run.ckpt")
    run(3, checkpoint_path=ckpt)
    resumed, resumed_lr = run(5, checkpoint_path=ckpt, resume=True)
    assert resumed["train"] == straight["train"] and resumed_lr == lr == 0.1 * 0.5 ** 2


def test_validate_every_must_be_positive():
    model, opt, train, val = _setup()
    with pytest.raises(ValueError, match="validate_every"):
        fit(model, nn.MSELoss(), opt, train, val, epochs=1, validate_every=0, progress=False)
