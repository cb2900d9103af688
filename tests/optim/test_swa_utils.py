"""optim.swa_utils against torch: AveragedModel's averages (SWA mean, EMA through avg_fn and
multi_avg_fn, buffers averaged or copied), its n_averaged buffer and state_dict, SWALR's rates
for every anneal strategy and length, update_bn's recomputed statistics, and PyTorch's errors."""
import numpy as np
import pytest
import torch
from hypothesis import given, strategies as st

import minigrad

LIBS = (minigrad, torch)


def _same(a, b):
    np.testing.assert_allclose(np.asarray(a.detach().tolist()), np.asarray(b.detach().tolist()), rtol=1e-7, atol=1e-12)


def _model(lib):
    return lib.nn.Sequential(lib.nn.Linear(3, 4), lib.nn.BatchNorm1d(4), lib.nn.Linear(4, 2)).double()


def _set(lib, model, rng):
    """Random parameters and buffers (a positive running variance) drawn from ``rng``."""
    with lib.no_grad():
        for name, t in model.state_dict(keep_vars=True).items():
            if t.is_floating_point():
                t.copy_(lib.tensor(rng.uniform(0.5, 2.0, tuple(t.shape)) if "var" in name
                                   else rng.standard_normal(tuple(t.shape))))
            else:
                t.fill_(int(rng.integers(0, 100)))


AVERAGINGS = {
    "swa": lambda lib: {},
    "swa_multi": lambda lib: {"multi_avg_fn": lib.optim.swa_utils.get_swa_multi_avg_fn()},
    "swa_single": lambda lib: {"avg_fn": lib.optim.swa_utils.get_swa_avg_fn()},
    "ema_multi": lambda lib: {"multi_avg_fn": lib.optim.swa_utils.get_ema_multi_avg_fn(0.75)},
    "ema_single": lambda lib: {"avg_fn": lib.optim.swa_utils.get_ema_avg_fn(0.75)},
}


@given(st.sampled_from(sorted(AVERAGINGS)), st.booleans(), st.integers(1, 4), st.integers(0, 2 ** 16))
def test_averaged_model_state_matches_torch_after_updates(averaging, use_buffers, updates, seed):
    out = {}
    for lib in LIBS:
        rng = np.random.default_rng(seed)
        model = _model(lib)
        avg = lib.optim.swa_utils.AveragedModel(model, use_buffers=use_buffers, **AVERAGINGS[averaging](lib))
        try:
            for _ in range(updates):
                _set(lib, model, rng)
                avg.update_parameters(model)
        except RuntimeError as exc:  # swa_multi on an integer buffer: PyTorch's addcdiv refuses integers
            out[lib] = type(exc)
        else:
            out[lib] = avg.state_dict()
    if out[torch] is RuntimeError:
        assert out[minigrad] is RuntimeError
        return
    assert list(out[minigrad]) == list(out[torch])
    for key in out[torch]:
        assert str(out[minigrad][key].dtype) == str(out[torch][key].dtype), key
        _same(out[minigrad][key], out[torch][key])


@given(st.integers(1, 5), st.integers(0, 2 ** 16))
def test_averaged_model_default_is_the_mean_of_the_snapshots(updates, seed):
    rng = np.random.default_rng(seed)
    model = minigrad.nn.Linear(2, 3).double()
    avg = minigrad.optim.swa_utils.AveragedModel(model)
    snapshots = []
    for _ in range(updates):
        _set(minigrad, model, rng)
        snapshots.append(np.asarray(model.weight.tolist()))
        avg.update_parameters(model)
    np.testing.assert_allclose(np.asarray(avg.module.weight.tolist()), np.mean(snapshots, axis=0), rtol=1e-12)
    assert int(avg.n_averaged) == updates


def test_averaged_model_copies_the_model_and_calls_the_copy():
    model = minigrad.nn.Linear(2, 1)
    avg = minigrad.optim.swa_utils.AveragedModel(model)
    assert avg.module is not model and avg.module.weight is not model.weight
    x = minigrad.ones(1, 2)
    _same(avg(x), model(x))


def test_averaged_model_n_averaged_is_a_long_buffer_as_torch():
    out = {lib: lib.optim.swa_utils.AveragedModel(lib.nn.Linear(2, 2)) for lib in LIBS}
    assert list(out[minigrad].state_dict()) == list(out[torch].state_dict())
    assert str(out[minigrad].n_averaged.dtype) == str(out[torch].n_averaged.dtype) == "torch.int64"
    assert tuple(out[minigrad].n_averaged.shape) == ()


def test_averaged_model_loads_torchs_state_dict():
    theirs = torch.optim.swa_utils.AveragedModel(torch.nn.Linear(2, 2))
    theirs.update_parameters(torch.nn.Linear(2, 2))
    mine = minigrad.optim.swa_utils.AveragedModel(minigrad.nn.Linear(2, 2))
    mine.load_state_dict(theirs.state_dict())
    assert int(mine.n_averaged) == 1
    _same(mine.module.weight, theirs.module.weight)


def test_averaged_model_with_both_averaging_functions_raises_assertion_error_as_torch():
    for lib in LIBS:
        u = lib.optim.swa_utils
        with pytest.raises(AssertionError, match="Only one of avg_fn and multi_avg_fn"):
            u.AveragedModel(lib.nn.Linear(1, 1), avg_fn=u.get_swa_avg_fn(), multi_avg_fn=u.get_swa_multi_avg_fn())


@pytest.mark.parametrize("name", ["get_ema_avg_fn", "get_ema_multi_avg_fn"])
@pytest.mark.parametrize("decay", [-0.1, 1.5])
def test_ema_decay_outside_zero_one_raises_value_error_as_torch(name, decay):
    for lib in LIBS:
        with pytest.raises(ValueError, match="Invalid decay value"):
            getattr(lib.optim.swa_utils, name)(decay)


@given(st.sampled_from(["cos", "linear"]), st.integers(0, 4), st.floats(0.001, 1.0), st.integers(1, 8),
       st.booleans())
def test_swalr_rates_match_torch(strategy, anneal_epochs, swa_lr, steps, per_group):
    rates = {}
    for lib in LIBS:
        groups = [{"params": [lib.nn.Parameter(lib.zeros(1))], "lr": 0.5},
                  {"params": [lib.nn.Parameter(lib.zeros(1))], "lr": 0.1}]
        opt = lib.optim.SGD(groups, lr=0.3)
        sched = lib.optim.swa_utils.SWALR(opt, [swa_lr, swa_lr / 2] if per_group else swa_lr,
                                          anneal_epochs=anneal_epochs, anneal_strategy=strategy)
        seen = [sched.get_last_lr()]
        for _ in range(steps):
            opt.step()
            sched.step()
            seen.append(sched.get_last_lr())
        rates[lib] = seen
    np.testing.assert_allclose(rates[minigrad], rates[torch], rtol=1e-12)


@pytest.mark.parametrize("kwargs, match", [({"anneal_strategy": "exp"}, "anneal_strategy must be one of"),
                                           ({"anneal_epochs": -1}, "anneal_epochs must be equal or greater than 0"),
                                           ({"anneal_epochs": 2.0}, "anneal_epochs must be equal or greater than 0"),
                                           ({"swa_lr": [0.1, 0.2]}, "swa_lr must have the same length")])
def test_swalr_bad_arguments_raise_value_error_as_torch(kwargs, match):
    for lib in LIBS:
        opt = lib.optim.SGD([lib.nn.Parameter(lib.zeros(1))], lr=0.1)
        with pytest.raises(ValueError, match=match):
            lib.optim.swa_utils.SWALR(opt, **{"swa_lr": 0.05, **kwargs})


def test_swalr_state_dict_restores_the_schedule():
    def make():
        opt = minigrad.optim.SGD([minigrad.nn.Parameter(minigrad.zeros(1))], lr=1.0)
        return opt, minigrad.optim.swa_utils.SWALR(opt, 0.1, anneal_epochs=4, anneal_strategy="linear")
    opt, sched = make()
    for _ in range(2):
        opt.step()
        sched.step()
    state = sched.state_dict()
    assert "anneal_func" not in state and "optimizer" not in state
    opt2, sched2 = make()
    sched2.load_state_dict(state)
    opt2.param_groups[0]["lr"] = opt.param_groups[0]["lr"]
    for o, s in ((opt, sched), (opt2, sched2)):
        o.step()
        s.step()
    assert sched2.get_last_lr() == sched.get_last_lr()
    assert sched2.anneal_func(0.5) == 0.5


@given(st.integers(1, 3), st.booleans(), st.integers(0, 2 ** 16))
def test_update_bn_recomputes_running_statistics_as_torch(batches, as_tuples, seed):
    data = [np.random.default_rng(seed + i).standard_normal((5, 3)) for i in range(batches)]
    out = {}
    for lib in LIBS:
        model = _model(lib).eval()
        _set(lib, model, np.random.default_rng(seed))
        loader = [(lib.tensor(x), 0) if as_tuples else lib.tensor(x) for x in data]
        lib.optim.swa_utils.update_bn(loader, model)
        assert model.training is False and model[1].momentum == 0.1
        out[lib] = model.state_dict()
    for key in out[torch]:
        _same(out[minigrad][key], out[torch][key])


def test_update_bn_without_batch_norm_leaves_the_model_alone():
    model = minigrad.nn.Linear(2, 2).eval()
    assert minigrad.optim.swa_utils.update_bn([minigrad.ones(1, 2)], model) is None
    assert model.training is False


def test_updating_from_a_model_with_other_buffers_raises_pytorchs_value_error():
    for lib in LIBS:
        averaged = lib.optim.swa_utils.AveragedModel(_model(lib))
        other = lib.nn.Sequential(lib.nn.Linear(3, 4), lib.nn.LayerNorm(4), lib.nn.Linear(4, 2)).double()
        with pytest.raises(ValueError, match="zip\\(\\) argument 2 is shorter than argument 1"):
            averaged.update_parameters(other)
