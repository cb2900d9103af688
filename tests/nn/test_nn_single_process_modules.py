"""Modules of multi-GPU and older programs on one device, as PyTorch's behave without a GPU:
DataParallel, SyncBatchNorm (and convert_sync_batchnorm), NLLLoss2d and Container."""
import warnings

import numpy as np
import pytest
import torch

import minigrad

LIBS = pytest.mark.parametrize("lib", [minigrad, torch], ids=["minigrad", "torch"])


@LIBS
def test_data_parallel_runs_its_module_and_prefixes_state_dict_keys(lib):
    lib.manual_seed(0)
    inner = lib.nn.Linear(2, 1)
    model = lib.nn.DataParallel(inner)
    x = lib.ones(3, 2)
    assert lib.equal(model(x), inner(x)) and model.module is inner and model.device_ids == []
    assert list(model.state_dict()) == ["module.weight", "module.bias"]


def test_data_parallel_prints_as_pytorchs():
    assert repr(minigrad.nn.DataParallel(minigrad.nn.Linear(2, 1))) == repr(torch.nn.DataParallel(torch.nn.Linear(2, 1)))


def test_sync_batch_norm_trains_as_batch_norm_on_one_process():
    x = np.random.default_rng(0).standard_normal((4, 3, 5))
    outs = []
    for lib in (minigrad, torch):
        norm = lib.nn.SyncBatchNorm(3, momentum=0.3)
        t = lib.tensor(x, dtype=lib.float32, requires_grad=True)
        out = norm(t)
        (out * out.detach().sin()).sum().backward()
        outs.append([out.detach().numpy(), t.grad.numpy(), norm.running_mean.numpy(), norm.running_var.numpy()])
        assert repr(norm) == "SyncBatchNorm(3, eps=1e-05, momentum=0.3, affine=True, bias=True, track_running_stats=True)"
    for a, b in zip(*outs):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)


@LIBS
def test_sync_batch_norm_refuses_one_dimensional_input(lib):
    with pytest.raises(ValueError, match="expected at least 2D input"):
        lib.nn.SyncBatchNorm(3)(lib.ones(3))


@LIBS
def test_convert_sync_batchnorm_replaces_batch_norms_keeping_their_state(lib):
    net = lib.nn.Sequential(lib.nn.Conv2d(1, 3, 3), lib.nn.BatchNorm2d(3))
    with lib.no_grad():
        net[1].weight.fill_(2.0)
        net[1].running_mean.fill_(0.5)
    net.eval()
    converted = lib.nn.SyncBatchNorm.convert_sync_batchnorm(net)
    assert type(converted[1]).__name__ == "SyncBatchNorm" and not converted[1].training
    assert converted[1].weight is net[1].weight if lib is minigrad else converted[1].weight.eq(2).all()
    assert converted[1].running_mean.eq(0.5).all()


@LIBS
def test_nll_loss_2d_is_nll_loss_with_a_future_warning(lib):
    with pytest.warns(FutureWarning, match="NLLLoss2d` has been deprecated"):
        loss = lib.nn.NLLLoss2d()
    logp = lib.log_softmax(lib.arange(24.0).reshape(2, 3, 2, 2) / 7, 1)
    target = lib.tensor([[[0, 1], [2, 0]], [[1, 1], [0, 2]]])
    assert abs(loss(logp, target).item() - lib.nn.NLLLoss()(logp, target).item()) < 1e-7


@LIBS
def test_container_holds_keyword_modules_with_a_future_warning(lib):
    with pytest.warns(FutureWarning, match="`nn.Container` is deprecated"):
        c = lib.nn.Container(a=lib.nn.Linear(1, 1))
    assert [n for n, _ in c.named_children()] == ["a"]


def test_container_prints_as_pytorchs():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert repr(minigrad.nn.Container(a=minigrad.nn.Linear(1, 1))) == repr(torch.nn.Container(a=torch.nn.Linear(1, 1)))
