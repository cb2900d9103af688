"""BatchNorm against torch.nn: training and evaluation outputs, running
statistics over several steps (exponential and cumulative averages), buffers
in state_dict, checkpoints, device/dtype moves."""
import numpy as np
import pytest
import torch

import minigrad


def _pair(make, dtype=torch.float64):
    torch.manual_seed(0)
    t = make(torch.nn).to(dtype)
    m = make(minigrad.nn).to(minigrad.float64 if dtype == torch.float64 else minigrad.float32)
    with torch.no_grad():  # weights away from their defaults, so the affine part is exercised
        for name, p in t.named_parameters():
            if name.endswith("weight"):
                p.uniform_(0.5, 1.5)
            elif name.endswith("bias"):
                p.uniform_(-0.5, 0.5)
    m.load_state_dict(t.state_dict())
    return m, t


def _assert_state_equal(m, t):
    sm, st = m.state_dict(), t.state_dict()
    assert list(sm) == list(st)
    for k in st:
        assert sm[k].dtype.itemsize == st[k].dtype.itemsize, k
        np.testing.assert_allclose(sm[k].detach().numpy(), st[k].detach().numpy(), rtol=1e-10, atol=1e-12, err_msg=k)


MAKERS = {
    "BatchNorm2d": (lambda nn: nn.BatchNorm2d(3), (4, 3, 5, 5)),
    "BatchNorm2d momentum=None": (lambda nn: nn.BatchNorm2d(3, momentum=None), (4, 3, 5, 5)),
    "BatchNorm2d momentum=0.5": (lambda nn: nn.BatchNorm2d(3, momentum=0.5, eps=1e-3), (4, 3, 2, 2)),
    "BatchNorm1d": (lambda nn: nn.BatchNorm1d(3), (6, 3)),
    "BatchNorm1d on sequences": (lambda nn: nn.BatchNorm1d(3, momentum=None), (2, 3, 5)),
    "BatchNorm2d without affine": (lambda nn: nn.BatchNorm2d(3, affine=False), (4, 3, 5, 5)),
    "BatchNorm2d without bias": (lambda nn: nn.BatchNorm2d(3, bias=False), (4, 3, 5, 5)),
}


@pytest.mark.parametrize("name", sorted(MAKERS))
def test_running_statistics_after_several_steps_match_torch(name):
    make, shape = MAKERS[name]
    m, t = _pair(make)
    rng = np.random.default_rng(0)
    for step in range(5):
        x = rng.standard_normal(shape) * (step + 1) + step  # batches whose statistics move
        ym, yt = m(minigrad.tensor(x)), t(torch.tensor(x))
        np.testing.assert_allclose(ym.detach().numpy(), yt.detach().numpy(), rtol=1e-10, atol=1e-12)
        _assert_state_equal(m, t)
    assert m.num_batches_tracked.item() == 5


@pytest.mark.parametrize("name", sorted(MAKERS))
def test_evaluation_uses_the_running_statistics_like_torch(name):
    make, shape = MAKERS[name]
    m, t = _pair(make)
    rng = np.random.default_rng(1)
    for _ in range(3):
        x = rng.standard_normal(shape) * 2 + 1
        m(minigrad.tensor(x))
        t(torch.tensor(x))
    m.eval()
    t.eval()
    x = rng.standard_normal(shape)
    xm, xt = minigrad.tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
    ym, yt = m(xm), t(xt)
    np.testing.assert_allclose(ym.detach().numpy(), yt.detach().numpy(), rtol=1e-10, atol=1e-12)
    g = rng.standard_normal(shape)
    ym.backward(minigrad.tensor(g))
    yt.backward(torch.tensor(g))
    np.testing.assert_allclose(xm.grad.numpy(), xt.grad.numpy(), rtol=1e-10, atol=1e-12)
    _assert_state_equal(m, t)  # evaluation changes no buffer
    assert m.num_batches_tracked.item() == 3


def test_momentum_none_is_the_cumulative_average_of_batch_statistics():
    bn = minigrad.nn.BatchNorm1d(2, momentum=None).double()
    rng = np.random.default_rng(2)
    batches = [rng.standard_normal((5, 2)) * s for s in (1.0, 3.0, 0.5)]
    for x in batches:
        bn(minigrad.tensor(x))
    np.testing.assert_allclose(bn.running_mean.numpy(), np.mean([x.mean(0) for x in batches], axis=0), rtol=1e-12)
    np.testing.assert_allclose(bn.running_var.numpy(), np.mean([x.var(0, ddof=1) for x in batches], axis=0),
                               rtol=1e-12)


def test_without_running_statistics_there_are_no_buffers_and_eval_uses_the_batch():
    m, t = _pair(lambda nn: nn.BatchNorm2d(3, track_running_stats=False))
    assert m.running_mean is None and m.running_var is None and m.num_batches_tracked is None
    assert list(m.buffers()) == []
    assert list(m.state_dict()) == ["weight", "bias"]
    m.eval()
    t.eval()
    x = np.random.default_rng(3).standard_normal((4, 3, 2, 2)) * 3 + 2
    np.testing.assert_allclose(m(minigrad.tensor(x)).detach().numpy(), t(torch.tensor(x)).detach().numpy(),
                               rtol=1e-10, atol=1e-12)


def test_buffers_are_listed_and_do_not_require_grad():
    bn = minigrad.nn.BatchNorm2d(4)
    names = [n for n, _ in bn.named_buffers()]
    assert names == ["running_mean", "running_var", "num_batches_tracked"]
    assert [n for n, _ in bn.named_parameters()] == ["weight", "bias"]
    assert not any(b.requires_grad for b in bn.buffers())
    assert bn.num_batches_tracked.dtype == minigrad.int64 and bn.num_batches_tracked.shape == ()


def test_state_dict_round_trips_through_a_checkpoint(tmp_path):
    m, t = _pair(lambda nn: nn.Sequential(nn.Conv2d(2, 3, 3), nn.BatchNorm2d(3), nn.ReLU()), torch.float32)
    rng = np.random.default_rng(4)
    for _ in range(3):
        m(minigrad.tensor(rng.standard_normal((4, 2, 5, 5)).astype(np.float32)))
    path = tmp_path / "bn.pt"
    minigrad.save(m.state_dict(), path)
    fresh = minigrad.nn.Sequential(minigrad.nn.Conv2d(2, 3, 3), minigrad.nn.BatchNorm2d(3), minigrad.nn.ReLU())
    fresh.load_state_dict(minigrad.load(path))
    for k, v in m.state_dict().items():
        np.testing.assert_array_equal(fresh.state_dict()[k].detach().numpy(), v.detach().numpy(), err_msg=k)
    assert fresh[1].num_batches_tracked.item() == 3
    m.eval()
    fresh.eval()
    x = minigrad.tensor(rng.standard_normal((2, 2, 5, 5)).astype(np.float32))
    np.testing.assert_array_equal(fresh(x).detach().numpy(), m(x).detach().numpy())


def test_torch_state_dict_loads_with_its_running_statistics():
    t = torch.nn.BatchNorm2d(3)
    with torch.no_grad():
        t.running_mean.copy_(torch.tensor([1.0, 2.0, 3.0]))
        t.running_var.fill_(4.0)
        t.num_batches_tracked.fill_(7)
    m = minigrad.nn.BatchNorm2d(3)
    m.load_state_dict(t.state_dict())
    np.testing.assert_array_equal(m.running_mean.numpy(), [1.0, 2.0, 3.0])
    assert m.num_batches_tracked.item() == 7


def test_to_double_casts_running_statistics_but_not_the_batch_count():
    bn = minigrad.nn.BatchNorm1d(3).to(minigrad.float64)
    assert bn.running_mean.dtype == minigrad.float64 and bn.running_var.dtype == minigrad.float64
    assert bn.num_batches_tracked.dtype == minigrad.int64
    bn(minigrad.randn(4, 3, dtype=minigrad.float64))
    assert bn.running_mean.dtype == minigrad.float64


def test_reset_running_stats_starts_over():
    bn = minigrad.nn.BatchNorm1d(2)
    bn(minigrad.randn(8, 2) * 3 + 1)
    bn.reset_running_stats()
    np.testing.assert_array_equal(bn.running_mean.numpy(), [0, 0])
    np.testing.assert_array_equal(bn.running_var.numpy(), [1, 1])
    assert bn.num_batches_tracked.item() == 0


def test_training_needs_more_than_one_value_per_channel_like_torch():
    with pytest.raises(ValueError, match="more than 1 value per channel"):
        torch.nn.BatchNorm1d(3)(torch.zeros(1, 3))
    with pytest.raises(ValueError, match="more than 1 value per channel"):
        minigrad.nn.BatchNorm1d(3)(minigrad.zeros(1, 3))


def test_running_statistics_are_updated_without_recording_a_graph():
    bn = minigrad.nn.BatchNorm1d(2)
    x = minigrad.randn(4, 2, requires_grad=True)
    bn(x).sum().backward()
    assert bn.running_mean.grad_fn is None and not bn.running_mean.requires_grad


@pytest.mark.parametrize("L", [minigrad, torch], ids=["minigrad", "torch"])
def test_a_training_step_updates_the_running_statistics_without_counting_a_version_as_torch(L):
    """PyTorch's kernel writes the statistics in place unseen by autograd: their versions stay, and a
    graph that saved them still runs backward (with the updated values) after a training step."""
    bn = L.nn.BatchNorm1d(3)
    versions = bn.running_mean._version, bn.running_var._version
    w = L.ones(3, requires_grad=True)
    saved = (w * bn.running_mean).sum()
    bn(L.arange(12.).reshape(4, 3))
    saved.backward()
    assert (bn.running_mean._version, bn.running_var._version) == versions
    assert w.grad.tolist() == bn.running_mean.tolist() and bn.num_batches_tracked._version == 2


@pytest.mark.parametrize("cls", ["BatchNorm1d", "BatchNorm2d"])
def test_a_state_dict_without_num_batches_tracked_loads_strictly_and_keeps_the_count_as_torch(cls):
    for L in (torch, minigrad):
        bn = getattr(L.nn, cls)(3)
        bn.num_batches_tracked.fill_(7)
        old = {k: v.clone() + 1 for k, v in bn.state_dict().items() if k != "num_batches_tracked"}
        result = bn.load_state_dict(old)
        assert result.missing_keys == [] and result.unexpected_keys == []
        assert bn.num_batches_tracked.item() == 7 and bn.running_var.tolist() == [2.0, 2.0, 2.0]


BOTH = pytest.mark.parametrize("L", [minigrad, torch], ids=["minigrad", "torch"])


@BOTH
@pytest.mark.parametrize("stats", ["none in training", "empty", "a weight"])
def test_functional_batch_norm_of_a_1_d_input_is_torchs_index_error(L, stats):
    """A 1-D input has no channel dim (PyTorch's kernel reads dim 1): refused wherever the size checks
    pass (no statistics in training, or ones of 0 elements)."""
    x = L.randn(3)
    calls = {"none in training": lambda: L.nn.functional.batch_norm(x, None, None, training=True),
             "empty": lambda: L.nn.functional.batch_norm(x, L.zeros(0), L.ones(0)),
             "a weight": lambda: L.nn.functional.batch_norm(x, None, None, L.ones(0), training=True)}
    with pytest.raises(IndexError, match="Dimension out of range"):
        calls[stats]()


@BOTH
def test_functional_batch_norm_of_an_empty_1_d_input_is_empty_as_torch(L):
    assert tuple(L.nn.functional.batch_norm(L.ones(0), None, None, training=True).shape) == (0,)


@BOTH
@pytest.mark.parametrize("given", ["running_mean", "running_var"])
def test_functional_batch_norm_in_training_with_one_running_statistic_is_torchs_value_error(L, given):
    stats = {"running_mean": None, "running_var": None, given: L.ones(3)}
    with pytest.raises(ValueError, match="^running_mean and running_var must either both be None or neither be "
                                         "None$"):
        L.nn.functional.batch_norm(L.randn(4, 3), stats["running_mean"], stats["running_var"], training=True)


@BOTH
@pytest.mark.parametrize("given, missing", [("running_mean", "running_var"), ("running_var", "running_mean"),
                                            (None, "running_mean")])
def test_functional_batch_norm_in_evaluation_names_the_missing_running_statistic_as_torch(L, given, missing):
    stats = {"running_mean": None, "running_var": None}
    if given:
        stats[given] = L.ones(3)
    with pytest.raises(RuntimeError, match=f"^{missing} must be defined in evaluation mode$"):
        L.nn.functional.batch_norm(L.randn(4, 3), stats["running_mean"], stats["running_var"], training=False)

@BOTH
@pytest.mark.parametrize("flag", ["yes", 1, None], ids=["str", "int", "None"])
def test_functional_batch_norm_with_a_training_flag_not_a_bool_is_torchs_type_error(L, flag):
    with pytest.raises(TypeError, match="batch_norm\\(\\): argument 'training' \\(position 6\\) must be bool"):
        L.nn.functional.batch_norm(L.randn(2, 3), L.zeros(3), L.ones(3), training=flag)


@BOTH
def test_functional_instance_norm_with_use_input_stats_not_a_bool_is_torchs_type_error(L):
    with pytest.raises(TypeError, match="instance_norm\\(\\): argument 'use_input_stats' \\(position 6\\) must be "
                                        "bool"):
        L.nn.functional.instance_norm(L.randn(2, 3, 4), use_input_stats="yes")


def _empty_batch_norm_result(L, shape, training, weight=True, stats=True):
    """What F.batch_norm gives for an input without elements: shape, strides, dtype, node, the running
    statistics after it and every gradient (float64)."""
    c = shape[1]
    x = L.ones(*shape, dtype=L.float64, requires_grad=True)
    w = L.full((c,), 2.0, dtype=L.float64, requires_grad=True) if weight else None
    b = L.full((c,), 0.5, dtype=L.float64, requires_grad=True) if weight else None
    mean, var = (L.zeros(c, dtype=L.float64), L.ones(c, dtype=L.float64)) if stats else (None, None)
    y = L.nn.functional.batch_norm(x, mean, var, w, b, training=training)
    y.sum().backward()
    return (tuple(y.shape), y.stride(), str(y.dtype), y.grad_fn.name(), None if mean is None else mean.tolist(),
            None if var is None else var.tolist(), tuple(x.grad.shape), w.grad.tolist() if weight else None,
            b.grad.tolist() if weight else None)


@pytest.mark.parametrize("shape", [(0, 3), (0, 3, 1), (0, 3, 4, 4), (2, 3, 0), (2, 3, 0, 4)], ids=str)
@pytest.mark.parametrize("training", [True, False], ids=["training", "evaluation"])
@pytest.mark.parametrize("weight", [True, False], ids=["affine", "plain"])
@pytest.mark.parametrize("stats", [True, False], ids=["running statistics", "none"])
def test_functional_batch_norm_of_an_input_without_elements_matches_torch(shape, training, weight, stats):
    assert (_empty_batch_norm_result(minigrad, shape, training, weight, stats)
            == _empty_batch_norm_result(torch, shape, training, weight, stats))


EMPTY_INPUT_CALLS = {
    "one running statistic in evaluation": lambda L, x: L.nn.functional.batch_norm(x, L.zeros(3), None),
    "statistics of the wrong size": lambda L, x: L.nn.functional.batch_norm(x, L.zeros(2), L.ones(2), training=True),
    "a weight of the wrong size": lambda L, x: L.nn.functional.batch_norm(x, None, None, L.ones(2), L.ones(2)),
    "statistics of another dtype": lambda L, x: L.nn.functional.batch_norm(x, L.zeros(3, dtype=L.float64),
                                                                           L.ones(3, dtype=L.float64)),
    "an integer input": lambda L, x: L.nn.functional.batch_norm(x.long(), None, None),
    "a weight of two dims": lambda L, x: L.nn.functional.batch_norm(x, None, None, L.ones(3, 1)),
    "BatchNorm1d of other channels, training": lambda L, x: L.nn.BatchNorm1d(2)(x),
    "BatchNorm1d of other channels, evaluation": lambda L, x: L.nn.BatchNorm1d(2).eval()(x),
}


@pytest.mark.parametrize("name", list(EMPTY_INPUT_CALLS))
def test_batch_norm_of_an_input_without_elements_skips_its_checks_as_torch(name):
    ours, theirs = (EMPTY_INPUT_CALLS[name](L, L.ones(0, 3)) for L in (minigrad, torch))
    assert (tuple(ours.shape), ours.stride(), str(ours.dtype)) == (tuple(theirs.shape), theirs.stride(),
                                                                    str(theirs.dtype))


@BOTH
def test_functional_batch_norm_of_an_input_without_channels_and_a_weight_is_torchs_index_error(L):
    with pytest.raises(IndexError, match="index 0 out of range"):
        L.nn.functional.batch_norm(L.ones(0, 0), None, None, L.ones(0))
