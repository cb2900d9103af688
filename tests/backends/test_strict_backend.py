"""The core on a CuPy-like device, without a GPU.

The strict backend (strict_backend.py) serves device "cuda" with arrays that
refuse implicit conversion to NumPy, so a stray ``np.asarray``, ``bool(array)``
or host round trip inside minigrad fails here as it would on CuPy. Every op
case runs forward and backward on that device and must equal the NumPy
backend's result, with outputs and gradients kept on the device.
"""
import numpy as np
import pytest

import minigrad

from . import cases
from .strict_backend import StrictArray


@pytest.mark.parametrize("fn,inputs", [pytest.param(f, i, id=n) for n, f, i in cases.ALL])
def test_op_matches_numpy_backend_and_stays_on_device(strict, fn, inputs):
    expected = cases.run_case(fn, inputs, "cpu", np.ndarray)
    actual = cases.run_case(fn, inputs, "cuda", StrictArray)
    cases.assert_same(actual[0], expected[0], "outputs")
    cases.assert_same(actual[1], expected[1], "grads")


# ---------------------------------------------------------------- the stand-in itself
def test_strict_arrays_refuse_implicit_conversion_like_cupy(strict):
    x = strict.asarray(np.arange(3.0))
    with pytest.raises(TypeError, match="Implicit conversion"):
        np.asarray(x)
    with pytest.raises(TypeError, match="Unsupported type"):
        x + np.ones(3)
    with pytest.raises(TypeError, match="Unsupported type"):
        np.ones(3) * x
    with pytest.raises(TypeError):
        bool(x.sum())
    assert not isinstance(x, np.ndarray)
    assert type(x.sum()) is StrictArray  # reductions give 0-d device arrays, not host scalars


def test_fixture_restores_the_registry(strict):
    assert minigrad.device("cuda")._get_backend() is strict
    assert minigrad.zeros(1, device="cuda").is_cuda


# ---------------------------------------------------------------- creation with device=
CREATION = [
    ("zeros", lambda d: minigrad.zeros(2, 3, device=d)),
    ("ones", lambda d: minigrad.ones((2,), dtype=minigrad.float64, device=d)),
    ("full", lambda d: minigrad.full((2, 2), 3, device=d)),
    ("empty", lambda d: minigrad.empty(3, device=d)),
    ("arange", lambda d: minigrad.arange(0, 1, 0.25, device=d)),
    ("linspace", lambda d: minigrad.linspace(-1, 1, 5, device=d)),
    ("logspace", lambda d: minigrad.logspace(0, 1, 3, device=d)),
    ("eye", lambda d: minigrad.eye(3, 2, device=d)),
    ("tensor", lambda d: minigrad.tensor([[1, 2], [3, 4]], device=d)),
    ("as_tensor", lambda d: minigrad.as_tensor(np.arange(3.0), device=d)),
    ("zeros_like", lambda d: minigrad.zeros_like(minigrad.ones(2, device=d))),
    ("full_like", lambda d: minigrad.full_like(minigrad.ones(2, device=d), 7.0)),
    ("new_tensor", lambda d: minigrad.ones(2, device=d).new_tensor([1.0, 2.0])),
    ("new_zeros", lambda d: minigrad.ones(2, device=d).new_zeros(3)),
]

RANDOM = [
    ("rand", lambda d: minigrad.rand(2, 3, device=d)),
    ("randn", lambda d: minigrad.randn(4, dtype=minigrad.float64, device=d)),
    ("randint", lambda d: minigrad.randint(0, 5, (4,), device=d)),
    ("randperm", lambda d: minigrad.randperm(6, device=d)),
    ("normal_scalars", lambda d: minigrad.normal(1.0, 2.0, (3,), device=d)),
    ("normal_tensors", lambda d: minigrad.normal(minigrad.zeros(3, device=d), minigrad.ones(3, device=d))),
    ("normal_host_generator", lambda d: minigrad.normal(minigrad.zeros(3, device=d), 1.0,
                                                        generator=minigrad.Generator().manual_seed(1))),
    ("bernoulli", lambda d: minigrad.bernoulli(minigrad.full((5,), 0.5, device=d))),
    ("rand_like", lambda d: minigrad.rand_like(minigrad.ones(2, device=d))),
    ("randn_like", lambda d: minigrad.randn_like(minigrad.ones(2, device=d))),
    ("normal_", lambda d: minigrad.ones(3, device=d).normal_(1.0, 0.5)),
    ("uniform_", lambda d: minigrad.ones(3, device=d).uniform_(-1, 1)),
    ("bernoulli_", lambda d: minigrad.ones(3, device=d).bernoulli_(0.5)),
    ("random_", lambda d: minigrad.ones(3, device=d).random_(0, 4)),
    ("exponential_", lambda d: minigrad.ones(3, device=d).exponential_()),
]


@pytest.mark.parametrize("make", [pytest.param(f, id=n) for n, f in CREATION])
def test_creation_on_device_equals_cpu(strict, make):
    t = make("cuda")
    assert t.device.type == "cuda" and type(t._data) is StrictArray
    expected = make("cpu")
    assert t.dtype == expected.dtype
    np.testing.assert_array_equal(cases.host(t), expected.numpy())


@pytest.mark.parametrize("make", [pytest.param(f, id=n) for n, f in RANDOM])
def test_random_creation_on_device_is_seeded_and_stays_there(strict, make):
    minigrad.manual_seed(3)
    a = make("cuda")
    minigrad.manual_seed(3)
    b = make("cuda")
    assert a.device.type == "cuda" and type(a._data) is StrictArray
    assert a.dtype == make("cpu").dtype and a.shape == make("cpu").shape
    np.testing.assert_array_equal(cases.host(a), cases.host(b))


def test_randperm_on_device_is_a_permutation(strict):
    p = cases.host(minigrad.randperm(50, device="cuda"))
    assert sorted(p.tolist()) == list(range(50))


def test_requires_grad_creation_on_device(strict):
    w = minigrad.randn(3, 2, device="cuda", requires_grad=True)
    (w * 2).sum().backward()
    assert w.grad.device.type == "cuda" and type(w.grad._data) is StrictArray


# ---------------------------------------------------------------- transfers
def test_cuda_of_cpu_leaf_sends_gradient_back_to_cpu(strict):
    x = minigrad.tensor([1.0, -2.0, 3.0], requires_grad=True)
    y = x.cuda()
    assert y.device.type == "cuda" and type(y._data) is StrictArray and y.grad_fn is not None
    (y * y).sum().backward()
    assert x.grad.device.type == "cpu" and type(x.grad._data) is np.ndarray
    np.testing.assert_array_equal(x.grad.numpy(), [2.0, -4.0, 6.0])


def test_cpu_of_device_leaf_sends_gradient_back_to_device(strict):
    x = minigrad.tensor([1.0, 2.0], device="cuda", requires_grad=True)
    z = x.cpu()
    assert z.device.type == "cpu" and type(z._data) is np.ndarray
    (z ** 3).sum().backward()
    assert x.grad.device.type == "cuda" and type(x.grad._data) is StrictArray
    np.testing.assert_array_equal(cases.host(x.grad), [3.0, 12.0])


@pytest.mark.parametrize("move", [
    pytest.param(lambda t: t.to("cuda"), id="to_str"),
    pytest.param(lambda t: t.to(minigrad.device("cuda", 0)), id="to_device_index"),
    pytest.param(lambda t: t.to(minigrad.ones(1, device="cuda")), id="to_tensor"),
    pytest.param(lambda t: t.to("cuda", minigrad.float32), id="to_device_dtype"),
    pytest.param(lambda t: t.to(device="cuda", dtype=minigrad.float64), id="to_keywords"),
    pytest.param(lambda t: t.cuda(0), id="cuda_index"),
])
def test_to_device_forms(strict, move):
    x = minigrad.tensor([[1.0, 2.0]], dtype=minigrad.float64, requires_grad=True)
    y = move(x)
    assert y.device.type == "cuda" and type(y._data) is StrictArray
    (y * 3).sum().backward()
    np.testing.assert_array_equal(x.grad.numpy(), [[3.0, 3.0]])
    assert x.grad.dtype == minigrad.float64


def test_round_trip_between_devices_keeps_values_and_is_a_copy(strict):
    a = np.arange(6.0).reshape(2, 3)
    x = minigrad.tensor(a)
    y = x.cuda()
    y.add_(1)
    np.testing.assert_array_equal(x.numpy(), a)
    np.testing.assert_array_equal(y.cpu().numpy(), a + 1)
    assert y.cuda() is y or y.cuda().device == y.device


def test_ops_mixing_devices_raise_naming_both(strict):
    a = minigrad.ones(3)
    b = minigrad.ones(3, device="cuda")
    for op in (lambda: a + b, lambda: b * a, lambda: minigrad.matmul(b, a), lambda: minigrad.cat([a, b]),
               lambda: minigrad.where(b > 0, a, b), lambda: b.add_(a), lambda: a.mul_(b), lambda: b.div_(a),
               lambda: b.addcmul_(a, b), lambda: b.lerp_(a, 0.5), lambda: b.__setitem__(0, a[0])):
        with pytest.raises(RuntimeError, match="cpu") as info:
            op()
        assert "cuda" in str(info.value)


@pytest.mark.parametrize("on_device", ["weight", "bias"])
def test_linear_of_matrices_with_a_parameter_on_another_device_raises_naming_both(strict, on_device):
    x, w, b = minigrad.ones(2, 3), minigrad.nn.Parameter(minigrad.ones(4, 3)), minigrad.nn.Parameter(minigrad.ones(4))
    if on_device == "weight":
        w = minigrad.nn.Parameter(minigrad.ones(4, 3, device="cuda"))
    else:
        b = minigrad.nn.Parameter(minigrad.ones(4, device="cuda"))
    with pytest.raises(RuntimeError, match="cpu") as info:
        minigrad.nn.functional.linear(x, w, b)
    assert "cuda" in str(info.value)


def test_zero_dim_cpu_tensors_act_as_scalars_beside_device_tensors(strict):
    x = minigrad.tensor([1.0, 2.0], device="cuda", requires_grad=True)
    s = minigrad.tensor(3.0, requires_grad=True)
    y = x * s + minigrad.tensor(1.0) - s / x
    assert y.device.type == "cuda" and type(y._data) is StrictArray
    y.sum().backward()
    assert s.grad.device.type == "cpu" and x.grad.device.type == "cuda"
    np.testing.assert_allclose(s.grad.numpy(), 3.0 - (1.0 + 0.5))
    np.testing.assert_allclose(cases.host(x.grad), [3.0 + 3.0, 3.0 + 0.75])
    with pytest.raises(RuntimeError, match="cuda"):
        minigrad.ones(2) * minigrad.tensor(2.0, device="cuda")  # a device scalar does not move to the CPU


def test_numpy_of_device_tensor_raises_type_error_like_pytorch(strict):
    x = minigrad.ones(2, device="cuda")
    with pytest.raises(TypeError, match="cpu"):
        x.numpy()
    with pytest.raises(TypeError):
        np.asarray(x)
    np.testing.assert_array_equal(x.cpu().numpy(), [1.0, 1.0])


def test_python_protocols_on_device_tensors(strict):
    x = minigrad.tensor([2.5], device="cuda")
    assert float(x) == 2.5 and int(x) == 2 and bool(x > 0) and x.item() == 2.5
    assert f"{x[0]:.2f}" == "2.50" and x.tolist() == [2.5]
    assert "cuda" in repr(x) or "device" in repr(x)
    assert [1, 2, 3][minigrad.tensor(1, device="cuda")] == 2
    rows = list(minigrad.ones(2, 3, device="cuda"))
    assert len(rows) == 2 and rows[0].device.type == "cuda"
    assert minigrad.allclose(x, x) and minigrad.equal(x, x)
    if x > 0:
        pass


def test_copy_between_devices(strict):
    d = minigrad.zeros(3, device="cuda")
    d.copy_(minigrad.tensor([1.0, 2.0, 3.0]))
    assert type(d._data) is StrictArray
    h = minigrad.zeros(3)
    h.copy_(d)
    assert type(h._data) is np.ndarray
    np.testing.assert_array_equal(h.numpy(), [1.0, 2.0, 3.0])


def test_indexing_device_tensor_with_host_indices(strict):
    x = minigrad.arange(5.0, device="cuda")
    for idx in (np.array([0, 3]), minigrad.tensor([0, 3]), [0, 3]):
        out = x[idx]
        assert type(out._data) is StrictArray
        np.testing.assert_array_equal(cases.host(out), [0.0, 3.0])


# ---------------------------------------------------------------- autograd on the device
def test_second_order_gradient_on_device(strict):
    for dev in ("cpu", "cuda"):
        x = minigrad.tensor([0.5, -1.0, 2.0], dtype=minigrad.float64, device=dev, requires_grad=True)
        y = (minigrad.tanh(x) * x ** 2).sum()
        (g,) = minigrad.autograd.grad(y, x, create_graph=True)
        (h,) = minigrad.autograd.grad(g.sum(), x)
        assert h.device.type == dev
        if dev == "cpu":
            expected = (cases.host(g), cases.host(h))
        else:
            np.testing.assert_allclose(cases.host(g), expected[0], rtol=1e-12)
            np.testing.assert_allclose(cases.host(h), expected[1], rtol=1e-12)


def test_hooks_retain_grad_and_custom_function_on_device(strict):
    class Cube(minigrad.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(x)
            return x ** 3

        @staticmethod
        def backward(ctx, g):
            (x,) = ctx.saved_tensors
            return 3 * x ** 2 * g

    x = minigrad.tensor([1.0, 2.0], device="cuda", requires_grad=True)
    seen = []
    y = Cube.apply(x * 2)
    y.retain_grad()
    x.register_hook(lambda g: seen.append(g.device.type))
    y.sum().backward()
    assert seen == ["cuda"] and y.grad.device.type == "cuda"
    np.testing.assert_array_equal(cases.host(x.grad), [24.0, 96.0])


def test_gradcheck_on_device(strict):
    x = minigrad.tensor([0.3, -1.2, 2.0], dtype=minigrad.float64, device="cuda", requires_grad=True)
    assert minigrad.autograd.gradcheck(lambda t: (minigrad.tanh(t) * t).sum(), (x,))


def test_backward_with_gradient_argument_on_device(strict):
    x = minigrad.ones(2, 2, device="cuda", requires_grad=True)
    y = x * 3
    y.backward(minigrad.full((2, 2), 2.0, device="cuda"))
    np.testing.assert_array_equal(cases.host(x.grad), np.full((2, 2), 6.0))


def test_forward_and_backward_make_no_host_transfers(strict):
    x = minigrad.randn(8, 5, device="cuda")
    w = minigrad.randn(5, 4, device="cuda", requires_grad=True)
    b = minigrad.zeros(4, device="cuda", requires_grad=True)
    target = minigrad.randn(8, 4, device="cuda")
    strict.host_transfers = 0
    h = minigrad.relu(x @ w + b)
    loss = ((minigrad.log_softmax(h, dim=1) - target) ** 2).mean() + h.max(dim=1)[0].sum() + h.std()
    loss.backward()
    w.grad.zero_()
    assert strict.host_transfers == 0, "a host round trip in forward/backward"
    loss.item()
    assert strict.host_transfers == 1


# ---------------------------------------------------------------- nn / optim / save on the device
def _nn_optim():
    nn = pytest.importorskip("minigrad.nn", reason="minigrad.nn is not importable yet")
    optim = pytest.importorskip("minigrad.optim", reason="minigrad.optim is not importable yet")
    if not hasattr(optim, "Adam") or not hasattr(nn, "Linear"):
        pytest.skip("nn.Linear / optim.Adam not written yet")
    return nn, optim


OPTIMIZERS = [
    ("sgd_nesterov", lambda optim, p: optim.SGD(p, lr=0.1, momentum=0.9, nesterov=True, weight_decay=1e-2)),
    ("adam", lambda optim, p: optim.Adam(p, lr=1e-2, weight_decay=1e-2)),
    ("adamw", lambda optim, p: optim.AdamW(p, lr=1e-2)),
    ("nadam", lambda optim, p: optim.NAdam(p, lr=1e-2, weight_decay=1e-2)),
    ("radam", lambda optim, p: optim.RAdam(p, lr=1e-2, weight_decay=1e-2, decoupled_weight_decay=True)),
    ("adamax", lambda optim, p: optim.Adamax(p, lr=1e-2, weight_decay=1e-2)),
    ("adadelta", lambda optim, p: optim.Adadelta(p, weight_decay=1e-2)),
    ("rprop", lambda optim, p: optim.Rprop(p, lr=1e-2)),
    ("asgd", lambda optim, p: optim.ASGD(p, lr=1e-2, t0=2, weight_decay=1e-2)),
]
# scalar state PyTorch keeps on the CPU (read by the step without a device sync)
HOST_STATE = ("step", "mu_product")
# ASGD reads its device-side step size, averaging weight and step count at every step, as PyTorch's does
EXTRA_TRANSFERS = {"asgd": 4 * 4 * 3}


@pytest.mark.parametrize("opt_id,make_opt", OPTIMIZERS, ids=[n for n, _ in OPTIMIZERS])
def test_mlp_training_on_device_matches_cpu_and_keeps_state_there(strict, opt_id, make_opt):
    import copy
    nn, optim = _nn_optim()
    minigrad.manual_seed(0)
    cpu_model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 3)).double()
    dev_model = copy.deepcopy(cpu_model).to("cuda")
    assert all(type(p._data) is StrictArray for p in dev_model.parameters())
    params = {}
    for model, dev in ((cpu_model, "cpu"), (dev_model, "cuda")):
        opt = make_opt(optim, model.parameters())
        sched = optim.lr_scheduler.StepLR(opt, step_size=2, gamma=0.5)
        rng = np.random.default_rng(0)
        strict.host_transfers = 0
        for _ in range(4):
            x = minigrad.tensor(rng.standard_normal((6, 4)), device=dev)
            y = minigrad.tensor(rng.integers(0, 3, 6), device=dev)
            opt.zero_grad()
            loss = nn.functional.cross_entropy(model(x), y)
            loss.backward()
            opt.step()
            sched.step()
        for p in model.parameters():
            assert p.device.type == dev and p.grad.device.type == dev
        # (Adam's 'step' counter stays a CPU scalar tensor, as in PyTorch)
        state = [v for st in opt.state.values() for k, v in st.items()
                 if isinstance(v, minigrad.Tensor) and (k not in HOST_STATE or "asgd" in opt_id)]
        assert state and all(s.device.type == dev for s in state)
        if dev == "cuda":
            assert all(type(p.grad._data) is StrictArray for p in model.parameters())
            assert all(type(s._data) is StrictArray for s in state if s.ndim)
            # cross_entropy checks its targets with one explicit transfer per call; nothing else syncs
            budget = 4 + EXTRA_TRANSFERS.get(opt_id, 0)
            assert strict.host_transfers <= budget, f"{strict.host_transfers} host transfers in 4 steps"
        params[dev] = [cases.host(p) for p in model.parameters()]
    for a, e in zip(params["cuda"], params["cpu"]):
        np.testing.assert_allclose(a, e, rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("line_search_fn", [None, "strong_wolfe"])
def test_lbfgs_on_device_matches_cpu(strict, line_search_fn):
    import copy
    nn, optim = _nn_optim()
    minigrad.manual_seed(0)
    cpu_model = nn.Sequential(nn.Linear(4, 6), nn.Tanh(), nn.Linear(6, 2)).double()
    dev_model = copy.deepcopy(cpu_model).to("cuda")
    params = {}
    for model, dev in ((cpu_model, "cpu"), (dev_model, "cuda")):
        rng = np.random.default_rng(0)
        x = minigrad.tensor(rng.standard_normal((8, 4)), device=dev)
        y = minigrad.tensor(rng.standard_normal((8, 2)), device=dev)
        opt = optim.LBFGS(model.parameters(), max_iter=5, history_size=3, line_search_fn=line_search_fn)

        def closure():
            opt.zero_grad()
            loss = nn.functional.mse_loss(model(x), y)
            loss.backward()
            return loss
        for _ in range(2):
            opt.step(closure)
        state = opt.state[next(iter(model.parameters()))]
        assert state["d"].device.type == dev and all(s.device.type == dev for s in state["old_dirs"])
        params[dev] = [cases.host(p) for p in model.parameters()]
    for a, e in zip(params["cuda"], params["cpu"]):
        np.testing.assert_allclose(a, e, rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("loss", [
    pytest.param(lambda F, o, t: F.cross_entropy(o, t, label_smoothing=0.1), id="cross_entropy"),
    pytest.param(lambda F, o, t: F.nll_loss(F.log_softmax(o, 1), t, ignore_index=1), id="nll_ignore_index"),
    pytest.param(lambda F, o, t: F.mse_loss(o, o.detach() * 0.5), id="mse"),
    pytest.param(lambda F, o, t: F.l1_loss(o, o.detach() * 0.5), id="l1"),
    pytest.param(lambda F, o, t: F.huber_loss(o, o.detach() * 0.3), id="huber"),
    pytest.param(lambda F, o, t: F.binary_cross_entropy(minigrad.sigmoid(o), minigrad.sigmoid(o.detach() * 2)),
                 id="bce"),
    pytest.param(lambda F, o, t: F.binary_cross_entropy_with_logits(o, minigrad.sigmoid(o.detach()),
                                                                    pos_weight=minigrad.ones_like(o[0]) * 2),
                 id="bce_with_logits"),
    pytest.param(lambda F, o, t: (F.leaky_relu(o) + F.softmax(o, 1) + F.tanh(o) + F.sigmoid(o)).sum(),
                 id="activations"),
])
def test_losses_and_activations_on_device_match_cpu(strict, loss):
    import copy
    nn, _ = _nn_optim()
    minigrad.manual_seed(1)
    cpu_model = nn.Sequential(nn.Linear(4, 5), nn.Tanh(), nn.Linear(5, 3)).double()
    dev_model = copy.deepcopy(cpu_model).to("cuda")
    rng = np.random.default_rng(2)
    x, y = rng.standard_normal((6, 4)), rng.integers(0, 3, 6)
    results = {}
    for model, dev in ((cpu_model, "cpu"), (dev_model, "cuda")):
        out = loss(nn.functional, model(minigrad.tensor(x, device=dev)), minigrad.tensor(y, device=dev))
        out.backward()
        assert out.device.type == dev
        results[dev] = [cases.host(out)] + [cases.host(p.grad) for p in model.parameters()]
        if dev == "cuda":
            assert all(type(p.grad._data) is StrictArray for p in model.parameters())
    cases.assert_same(results["cuda"], results["cpu"], "loss and grads")


def test_state_dict_moves_between_devices(strict):
    nn, _ = _nn_optim()
    cpu_model = nn.Linear(3, 2)
    dev_model = nn.Linear(3, 2).to("cuda")
    dev_model.load_state_dict(cpu_model.state_dict())
    assert all(type(p._data) is StrictArray for p in dev_model.parameters())
    assert all(v.device.type == "cuda" for v in dev_model.state_dict().values())
    back = nn.Linear(3, 2)
    back.load_state_dict(dev_model.state_dict())
    np.testing.assert_array_equal(back.weight.detach().numpy(), cpu_model.weight.detach().numpy())


def test_lazy_linear_materialises_on_the_device_it_was_moved_to(strict):
    nn, _ = _nn_optim()
    layer = nn.LazyLinear(3).to("cuda")
    out = layer(minigrad.ones(2, 5, device="cuda"))
    assert out.device.type == "cuda" and type(layer.weight._data) is StrictArray


def test_dataloader_batches_of_device_tensors_stay_on_device(strict):
    data = pytest.importorskip("minigrad.utils.data", reason="minigrad.utils.data is not importable yet")
    if not hasattr(data, "DataLoader"):
        pytest.skip("minigrad.utils.data.DataLoader not written yet")
    x = minigrad.arange(12.0, device="cuda").reshape(6, 2)
    y = minigrad.arange(6, device="cuda")
    loader = data.DataLoader(data.TensorDataset(x, y), batch_size=4, shuffle=True,
                             generator=minigrad.Generator().manual_seed(0))
    seen = []
    for xb, yb in loader:
        assert xb.device.type == "cuda" and type(xb._data) is StrictArray
        assert yb.device.type == "cuda" and type(yb._data) is StrictArray
        seen += cases.host(yb).tolist()
    assert sorted(seen) == list(range(6))


def test_a_sampler_of_device_index_tensors_loads_each_sample_of_its_batch(strict):
    data = minigrad.utils.data
    x = minigrad.arange(10.0, device="cuda").reshape(5, 2)
    order = minigrad.tensor([3, 0, 4, 1, 2], device="cuda")  # (iterated as 0-d device tensors, as PyTorch's)
    loader = data.DataLoader(data.TensorDataset(x), batch_size=2, sampler=order)
    rows = [cases.host(xb)[:, 0].tolist() for (xb,) in loader]
    assert rows == [[6.0, 0.0], [8.0, 2.0], [4.0]]


def test_save_and_load_of_device_tensors(strict, tmp_path):
    if not hasattr(minigrad, "save"):
        pytest.skip("minigrad.save is not written yet (serialization.py)")
    w = minigrad.randn(3, 2, device="cuda")
    path = tmp_path / "ckpt.pt"
    minigrad.save({"w": w, "step": 3, "nested": [w * 2]}, path)
    back = minigrad.load(path, map_location="cpu")
    np.testing.assert_array_equal(back["w"].numpy(), cases.host(w))
    np.testing.assert_array_equal(back["nested"][0].numpy(), cases.host(w) * 2)
    assert back["step"] == 3
    again = minigrad.load(path)  # no map_location: back on the device it was saved from
    assert again["w"].device.type == "cuda" and type(again["w"]._data) is StrictArray
    np.testing.assert_array_equal(cases.host(again["w"]), cases.host(w))


def test_views_of_a_device_tensor_saved_with_it_keep_their_values(strict, tmp_path):
    w = minigrad.arange(12.0, device="cuda").reshape(3, 4)
    minigrad.save({"w": w, "t": w.t(), "rows": w[1:, ::2]}, tmp_path / "v.pt")
    back = minigrad.load(tmp_path / "v.pt", map_location="cpu")
    for key, expected in (("w", w), ("t", w.t()), ("rows", w[1:, ::2])):
        np.testing.assert_array_equal(back[key].numpy(), cases.host(expected))


def test_save_of_a_device_models_state_dict(strict, tmp_path):
    if not hasattr(minigrad, "save"):
        pytest.skip("minigrad.save is not written yet (serialization.py)")
    nn, optim = _nn_optim()
    model = nn.Linear(3, 2).to("cuda")
    opt = optim.Adam(model.parameters())
    model(minigrad.ones(4, 3, device="cuda")).sum().backward()
    opt.step()
    minigrad.save({"model": model.state_dict(), "opt": opt.state_dict()}, tmp_path / "m.pt")
    ckpt = minigrad.load(tmp_path / "m.pt", map_location="cpu")
    fresh = nn.Linear(3, 2)
    fresh.load_state_dict(ckpt["model"])
    np.testing.assert_array_equal(fresh.weight.detach().numpy(), cases.host(model.weight))
    opt2 = optim.Adam(fresh.parameters())
    opt2.load_state_dict(ckpt["opt"])


def test_init_dropout_and_clip_grad_on_device_make_no_host_transfers(strict):
    nn, _ = _nn_optim()
    model = nn.Sequential(nn.Linear(3, 4), nn.Dropout(0.5), nn.LeakyReLU(), nn.Flatten()).to("cuda")
    for fn in (nn.init.xavier_uniform_, nn.init.kaiming_normal_, nn.init.normal_, nn.init.zeros_):
        fn(model[0].weight)
        assert type(model[0].weight._data) is StrictArray
    nn.init.uniform_(model[0].weight, -0.5, 0.5)
    strict.host_transfers = 0
    model(minigrad.ones(5, 3, device="cuda")).sum().backward()
    total = nn.utils.clip_grad_norm_(model.parameters(), 0.1)
    nn.utils.clip_grad_value_(model.parameters(), 0.01)
    assert strict.host_transfers == 0
    assert total.device.type == "cuda"
    assert all(type(p.grad._data) is StrictArray for p in model.parameters())


def test_raw_device_arrays_as_data(strict):
    raw = strict.asarray(np.arange(6.0).reshape(2, 3))
    t = minigrad.tensor(raw)  # read explicitly (get), as from a CuPy array
    assert t.device.type == "cpu"
    np.testing.assert_array_equal(t.numpy(), np.arange(6.0).reshape(2, 3))
    assert type(minigrad.tensor(raw, device="cuda")._data) is StrictArray
    nn, _ = _nn_optim()
    layer = nn.Linear(3, 2)
    with pytest.raises(RuntimeError, match="expected torch.Tensor or Tensor-like object"):  # (as NumPy arrays)
        layer.load_state_dict({"weight": raw, "bias": strict.asarray(np.zeros(2))})


def test_assert_close_compares_device_tensors_and_their_devices(strict):
    on_device = minigrad.tensor([1.0, 2.0], device="cuda")
    minigrad.testing.assert_close(on_device, minigrad.tensor([1.0, 2.0], device="cuda"))
    minigrad.testing.assert_close(on_device, minigrad.tensor([1.0, 2.0]), check_device=False)
    with pytest.raises(AssertionError, match="The values for attribute 'device' do not match: cuda(:0)? != cpu"):
        minigrad.testing.assert_close(on_device, minigrad.tensor([1.0, 2.0]))
    with pytest.raises(AssertionError, match="Mismatched elements: 1 / 2"):
        minigrad.testing.assert_close(on_device, minigrad.tensor([1.0, 3.0], device="cuda"))
