"""The CUDA backend (minigrad/backends/cupy_backend.py).

Three layers:
- without CuPy or a device, minigrad works on the CPU and ``device("cuda")``
  raises a RuntimeError saying why (these run everywhere);
- cupy_backend.py itself, loaded against a CuPy-shaped fake module built on
  the strict arrays, so its transfer / scatter-add / random / synchronise code
  runs on the CPU;
- the parity cases on real CuPy, skipped with the reason when CuPy or a
  device is absent.

On a GPU machine: ``pip install -e ".[cuda,test]"``, then
``python -m pytest tests/backends -q`` (these CuPy cases run), and
``MINIGRAD_PARITY_DEVICE=cuda python -m pytest tests/backends/test_parity_on_device.py``
for the whole PyTorch parity suite with device storage.
"""
import importlib.util
import sys
import types

import numpy as np
import pytest

import minigrad
from minigrad import backends
from minigrad.backends import cupy_backend
from minigrad.device import device

from . import cases
from . import strict_backend as sb

CUDA = minigrad.cuda.is_available()
needs_cuda = pytest.mark.skipif(not CUDA, reason="CUDA backend unavailable: "
                                + (cupy_backend.unavailable_reason() or "?"))


# ---------------------------------------------------------------- without CuPy / a device
@pytest.mark.skipif(CUDA, reason="a CUDA device is present")
@pytest.mark.parametrize("use", [
    pytest.param(lambda: minigrad.zeros(2, device="cuda"), id="factory"),
    pytest.param(lambda: minigrad.ones(2).cuda(), id="cuda_method"),
    pytest.param(lambda: minigrad.ones(2).to("cuda:0"), id="to"),
    pytest.param(lambda: minigrad.tensor([1.0], device=minigrad.device("cuda")), id="tensor"),
    pytest.param(lambda: minigrad.cuda.get_device_name(), id="get_device_name"),
])
def test_cuda_without_a_device_raises_pytorchs_error_type_saying_why(use):
    # without CuPy, PyTorch's CPU build's AssertionError; with CuPy but no device, RuntimeError
    expected = AssertionError if cupy_backend.cp is None else RuntimeError
    with pytest.raises(expected, match="not available") as info:
        use()
    reason = cupy_backend.unavailable_reason()
    assert reason and reason in str(info.value)
    assert "CuPy" in reason


@pytest.mark.skipif(CUDA, reason="a CUDA device is present")
@pytest.mark.parametrize("name", ["synchronize", "current_device"])
def test_cuda_calls_that_need_a_device_raise_as_pytorch_without_one(name):
    expected = AssertionError if cupy_backend.cp is None else RuntimeError
    with pytest.raises(expected, match="not available"):
        getattr(minigrad.cuda, name)()


@pytest.mark.skipif(CUDA, reason="a CUDA device is present")
def test_cpu_keeps_working_without_cuda():
    assert minigrad.cuda.device_count() == 0 and not minigrad.cuda.is_available()
    minigrad.manual_seed(0)        # seeds every registered backend; none is CUDA here
    minigrad.cuda.manual_seed_all(0)  # no-op, as in PyTorch code written for both
    x = minigrad.randn(3, requires_grad=True)
    (x * x).sum().backward()
    assert x.grad.device.type == "cpu"
    assert minigrad.device("cuda").type == "cuda"  # naming the device is fine; using it raises


def test_cuda_extra_names_the_cupy_wheel():
    import pathlib
    text = (pathlib.Path(__file__).resolve().parents[2] / "pyproject.toml").read_text()
    assert 'cuda = ["cupy-cuda12x' in text


# ---------------------------------------------------------------- cupy_backend.py on a fake CuPy
class _FakeCupy(sb.StrictNamespace):
    """The slice of CuPy's module API that cupy_backend.py uses, on strict arrays."""

    def __init__(self):
        super().__init__(np, "cupy")
        self.__version__ = "0-fake"
        self.asnumpy = lambda a: sb._current.to_numpy(a)
        self.random = types.SimpleNamespace(default_rng=sb.StrictGenerator, seed=lambda s: None)
        self.syncs = 0
        fake = self

        class _Device:
            def synchronize(self):
                fake.syncs += 1
        self.cuda = types.SimpleNamespace(runtime=types.SimpleNamespace(getDeviceCount=lambda: 1),
                                          Device=_Device)


@pytest.fixture
def fake_cupy_backend(strict):
    """cupy_backend.py loaded against the fake CuPy; its backend serves "cuda" during the test."""
    fake = _FakeCupy()
    fake_cupyx = types.ModuleType("cupyx")
    fake_cupyx.scatter_add = strict.scatter_add
    saved = {k: sys.modules.get(k) for k in ("cupy", "cupyx")}
    sys.modules["cupy"], sys.modules["cupyx"] = fake, fake_cupyx
    try:
        spec = importlib.util.spec_from_file_location("minigrad.backends._cupy_backend_under_test",
                                                      cupy_backend.__file__)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)  # registers its CupyBackend as "cuda"
    finally:
        for k, v in saved.items():
            if v is None:
                sys.modules.pop(k, None)
            else:
                sys.modules[k] = v
    for d in device._cache.values():
        if d.type == "cuda":
            d.backend = None
    backend = backends.get("cuda")
    assert isinstance(backend, module.CupyBackend) and module.device_count() == 1
    assert module.unavailable_reason() == ""
    return backend, fake


_FAKE_CASES = cases.REDUCTIONS + cases.INDEXING + cases.INPLACE


@pytest.mark.parametrize("fn,inputs", [pytest.param(f, i, id=n) for n, f, i in _FAKE_CASES])
def test_cupy_backend_module_on_fake_cupy_matches_numpy(fake_cupy_backend, fn, inputs):
    expected = cases.run_case(fn, inputs, "cpu", np.ndarray)
    actual = cases.run_case(fn, inputs, "cuda", sb.StrictArray)
    cases.assert_same(actual[0], expected[0], "outputs")
    cases.assert_same(actual[1], expected[1], "grads")


def test_cupy_backend_transfers_seeds_and_synchronises(fake_cupy_backend):
    backend, fake = fake_cupy_backend
    host = np.arange(4.0)
    arr = backend.asarray(host)
    assert type(arr) is sb.StrictArray
    np.testing.assert_array_equal(backend.to_numpy(arr), host)
    minigrad.manual_seed(5)
    a = minigrad.randn(3, device="cuda")
    minigrad.manual_seed(5)
    b = minigrad.randn(3, device="cuda")
    np.testing.assert_array_equal(cases.host(a), cases.host(b))
    assert sorted(cases.host(minigrad.randperm(7, device="cuda")).tolist()) == list(range(7))
    backend.synchronize()
    assert fake.syncs == 1


# ---------------------------------------------------------------- real CuPy
@pytest.fixture
def cupy_array_type():
    """cupy.ndarray, with the real CUDA backend serving "cuda" (skips without one)."""
    if not CUDA:
        pytest.skip("CUDA backend unavailable: " + cupy_backend.unavailable_reason())
    import cupy
    assert isinstance(backends.get("cuda"), cupy_backend.CupyBackend)
    return cupy.ndarray


@needs_cuda
@pytest.mark.parametrize("fn,inputs", [pytest.param(f, i, id=n) for n, f, i in cases.ALL])
def test_op_on_cupy_matches_numpy_backend(cupy_array_type, fn, inputs):
    expected = cases.run_case(fn, inputs, "cpu", np.ndarray)
    actual = cases.run_case(fn, inputs, "cuda", cupy_array_type)
    cases.assert_same(actual[0], expected[0], "outputs", rtol64=1e-7, rtol32=1e-5, atol=1e-10)
    cases.assert_same(actual[1], expected[1], "grads", rtol64=1e-7, rtol32=1e-5, atol=1e-10)


@needs_cuda
def test_transfers_and_gradients_across_devices_on_cupy(cupy_array_type):
    x = minigrad.tensor([1.0, -2.0, 3.0], requires_grad=True)
    y = x.cuda()
    assert type(y._data) is cupy_array_type
    (y * y).sum().backward()
    np.testing.assert_array_equal(x.grad.numpy(), [2.0, -4.0, 6.0])
    with pytest.raises(TypeError):
        y.detach().numpy()
    with pytest.raises(RuntimeError, match="cpu"):
        y + x


@needs_cuda
def test_random_creation_on_cupy_is_seeded(cupy_array_type):
    for make in (lambda: minigrad.rand(3, device="cuda"), lambda: minigrad.randn(3, device="cuda"),
                 lambda: minigrad.randint(0, 9, (3,), device="cuda"), lambda: minigrad.randperm(5, device="cuda"),
                 lambda: minigrad.ones(3, device="cuda").normal_()):
        minigrad.manual_seed(0)
        a = make()
        minigrad.manual_seed(0)
        assert type(a._data) is cupy_array_type
        np.testing.assert_array_equal(cases.host(a), cases.host(make()))


@needs_cuda
def test_mlp_training_on_cupy_matches_cpu(cupy_array_type):
    import copy
    nn, optim = minigrad.nn, minigrad.optim
    minigrad.manual_seed(0)
    cpu_model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 3)).double()
    dev_model = copy.deepcopy(cpu_model).to("cuda")
    params = {}
    for model, dev in ((cpu_model, "cpu"), (dev_model, "cuda")):
        opt = optim.Adam(model.parameters(), lr=1e-2)
        rng = np.random.default_rng(0)
        for _ in range(4):
            x = minigrad.tensor(rng.standard_normal((6, 4)), device=dev)
            y = minigrad.tensor(rng.integers(0, 3, 6), device=dev)
            opt.zero_grad()
            nn.functional.cross_entropy(model(x), y).backward()
            opt.step()
        state = [v for st in opt.state.values() for v in st.values() if isinstance(v, minigrad.Tensor)]
        assert all(s.device.type == dev for s in state)
        params[dev] = [cases.host(p) for p in model.parameters()]
    for a, e in zip(params["cuda"], params["cpu"]):
        np.testing.assert_allclose(a, e, rtol=1e-9, atol=1e-12)  # GPU reductions sum in another order


@needs_cuda
def test_save_of_cupy_tensors(cupy_array_type, tmp_path):
    w = minigrad.randn(3, 2, device="cuda")
    minigrad.save({"w": w}, tmp_path / "w.pt")
    np.testing.assert_array_equal(minigrad.load(tmp_path / "w.pt", map_location="cpu")["w"].numpy(), cases.host(w))
