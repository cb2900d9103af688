"""The PyTorch parity suite (tests/parity) re-run with every minigrad tensor on a device.

Opt-in (the parity suite takes longer than this directory's budget): set
``MINIGRAD_PARITY_DEVICE=strict`` to run it on the strict CuPy stand-in, or
``MINIGRAD_PARITY_DEVICE=cuda`` to run it on real CuPy. The parity helper's
minigrad module is swapped for a view of minigrad whose factories default to
the device, and results come back through ``.cpu()``, so each parity case
checks the same numbers, dtypes and errors with device storage.
"""
import os
import types

import numpy as np
import pytest

import minigrad

MODE = os.environ.get("MINIGRAD_PARITY_DEVICE", "")
if MODE not in ("strict", "cuda"):
    pytest.skip("opt-in: set MINIGRAD_PARITY_DEVICE=strict (CPU stand-in) or =cuda (real CuPy)",
                allow_module_level=True)
if MODE == "cuda" and not minigrad.cuda.is_available():
    pytest.skip("MINIGRAD_PARITY_DEVICE=cuda but CUDA is unavailable: "
                + minigrad.backends.cupy_backend.unavailable_reason(), allow_module_level=True)

try:  # tests/ is not a package: pytest puts it on sys.path, so the suite is ``parity``
    from parity import helpers  # noqa: E402
    _PKG = "parity"
except ImportError:  # pragma: no cover - if tests/ becomes a package
    from tests.parity import helpers  # noqa: E402
    _PKG = "tests.parity"

_FACTORIES = ("tensor", "as_tensor", "zeros", "ones", "empty", "full", "arange", "linspace", "logspace",
              "eye", "rand", "randn", "randint", "randperm", "normal", "scalar_tensor")


class _OnDevice(types.ModuleType):
    """minigrad, with factories creating tensors on the device unless told otherwise."""

    def __init__(self):
        super().__init__("minigrad")

    def __getattr__(self, name):
        obj = getattr(minigrad, name)
        if name in _FACTORIES:
            def factory(*args, _f=obj, **kwargs):
                if kwargs.get("device") is None:
                    kwargs["device"] = "cuda"
                return _f(*args, **kwargs)
            factory.__name__ = name
            return factory
        return obj


def _to_numpy(t):
    if isinstance(t, minigrad.Tensor):
        return np.array(t.detach().cpu().numpy(), copy=True)
    return _original_to_numpy(t)


_original_to_numpy = helpers.to_numpy


@pytest.fixture(autouse=True)
def _parity_on_device(request, monkeypatch):
    if MODE == "strict":
        request.getfixturevalue("strict")
    monkeypatch.setattr(helpers, "minigrad", _OnDevice())
    monkeypatch.setattr(helpers, "to_numpy", _to_numpy)


_MODULES = ("test_elementwise", "test_reduce", "test_shape", "test_index", "test_linalg", "test_kinks",
            "test_inplace", "test_second_order", "test_creation", "test_errors", "test_dtypes",
            "test_composite", "test_training_parity", "test_autograd_semantics",
            "test_conv", "test_pool", "test_norm", "test_resample", "test_cnn_training_parity",
            "test_decompositions", "test_factorizations",
            "test_scan", "test_statistics", "test_search", "test_indexed", "test_small_ops",
            "test_attention", "test_sampling", "test_layers_extra", "test_losses_margin", "test_fft",
            "test_complex", "test_stft", "test_eig", "test_lowrank")


def _import_tests():
    import importlib
    for name in _MODULES:
        try:
            mod = importlib.import_module(f"{_PKG}.{name}")
        except ImportError:
            continue
        for key, value in vars(mod).items():
            if key.startswith("test_") and callable(value):
                globals()[f"{key}__{name[5:]}"] = value


_import_tests()
