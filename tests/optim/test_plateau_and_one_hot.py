"""ReduceLROnPlateau and F.one_hot behave as PyTorch's."""
import pytest
import torch

import minigrad


@pytest.mark.parametrize("kw", [dict(mode="min", factor=0.5, patience=2, cooldown=1, min_lr=0.1),
                                dict(mode="max", factor=0.1, patience=0, threshold=0.1, threshold_mode="abs"),
                                dict()])
def test_reduce_lr_on_plateau_follows_torch(kw):
    metrics = [5, 4, 4, 4, 4.5, 4, 3, 3.2, 3, 3, 3, 2.9, 3, 3, 3, 3] * 2
    lrs = {}
    for L in (minigrad, torch):
        p = L.nn.Parameter(L.ones(1))
        opt = L.optim.SGD([p], lr=1.0)
        sched = L.optim.lr_scheduler.ReduceLROnPlateau(opt, **kw)
        lrs[L.__name__] = []
        for m in metrics:
            sched.step(m)
            lrs[L.__name__].append(opt.param_groups[0]["lr"])
    assert lrs["minigrad"] == pytest.approx(lrs["torch"])


@pytest.mark.parametrize("kw", [dict(), dict(min_lr=[0.1], mode="max")])
def test_reduce_lr_on_plateau_state_dict_lists_torchs_keys_in_torchs_order(kw):
    keys = []
    for L in (minigrad, torch):
        sched = L.optim.lr_scheduler.ReduceLROnPlateau(L.optim.SGD([L.nn.Parameter(L.ones(1))], lr=1.0), **kw)
        sched.step(1.0)
        keys.append(list(sched.state_dict()))
    assert keys[0] == keys[1]


def test_one_hot_matches_torch():
    for data, n in (([0, 2, 1], -1), ([[1], [0]], 3), ([], 4)):
        m = minigrad.nn.functional.one_hot(minigrad.tensor(data, dtype=minigrad.int64), n)
        t = torch.nn.functional.one_hot(torch.tensor(data, dtype=torch.int64), n)
        assert m.tolist() == t.tolist() and tuple(m.shape) == tuple(t.shape) and str(m.dtype) == str(t.dtype)


def test_one_hot_rejects_out_of_range_classes():
    with pytest.raises(RuntimeError):
        minigrad.nn.functional.one_hot(minigrad.tensor([3]), 3)


def _epoch_warning(lib, plateau):
    opt = lib.optim.SGD([lib.zeros(1, requires_grad=True)], lr=1.0)
    opt.step()
    sched = lib.optim.lr_scheduler.ReduceLROnPlateau(opt) if plateau else lib.optim.lr_scheduler.StepLR(opt, 1)
    with pytest.warns(UserWarning) as caught:
        sched.step(1.0, 3) if plateau else sched.step(3)
    return [str(w.message) for w in caught]


@pytest.mark.parametrize("plateau", [False, True], ids=["StepLR", "ReduceLROnPlateau"])
def test_the_deprecated_epoch_argument_warns_pytorchs_whole_message(plateau):
    assert _epoch_warning(minigrad, plateau) == _epoch_warning(torch, plateau)


@pytest.mark.parametrize("L", [minigrad, torch], ids=["minigrad", "torch"])
def test_plateau_is_an_lr_scheduler_whose_deprecated_epoch_sets_the_counter(L):
    opt = L.optim.SGD([L.zeros(1, requires_grad=True)], lr=1.0)
    sched = L.optim.lr_scheduler.ReduceLROnPlateau(opt)
    assert isinstance(sched, L.optim.lr_scheduler.LRScheduler)
    with pytest.warns(UserWarning, match="The epoch parameter in `scheduler.step\\(\\)` was not necessary"):
        sched.step(1.0, 3)
    assert sched.last_epoch == 3 and sched.get_last_lr() == [1.0]
