"""``minigrad.backends.cudnn``, ``.cuda`` and ``.mps``: harmless settings and answers so
PyTorch's seeding, precision and device-choosing code runs unchanged.

Each is a module object (as PyTorch's, whose settings are properties of a module subclass), and
is in ``sys.modules``, so ``import torch.backends.cudnn as cudnn`` works as well as attribute
access."""
import importlib.machinery
import sys
import types

from . import backends, _settings
from .backends import cupy_backend as _cupy_backend


class _CudnnSettings(types.ModuleType):
    """Accepts ``deterministic``, ``benchmark`` and ``enabled`` like torch.backends.cudnn."""

    deterministic = False
    benchmark = False
    enabled = True
    allow_tf32 = True

    @staticmethod
    def is_available():
        """cuDNN is never used by minigrad."""
        return False

    @staticmethod
    def version():
        """None: minigrad is not built with cuDNN."""
        return None


class _CublasSettings:
    """``torch.backends.cuda.matmul``: ``allow_tf32`` reads and sets the float32 matmul
    precision ("highest" is False), as PyTorch's does; the reduced-precision reduction flags
    are recorded. An unknown name raises AttributeError, as PyTorch's."""

    _flags = ("allow_fp16_reduced_precision_reduction", "allow_bf16_reduced_precision_reduction")

    def __init__(self):
        object.__setattr__(self, "_values", dict.fromkeys(self._flags, True))

    def __getattr__(self, name):
        if name == "allow_tf32":
            return _settings.get_float32_matmul_precision() != "highest"
        if name in self._flags:
            return self._values[name]
        raise AttributeError("Unknown attribute " + name)

    def __setattr__(self, name, value):
        if name == "allow_tf32":
            _settings.set_float32_matmul_precision("high" if value else "highest")
        elif name in self._flags:
            self._values[name] = value
        else:
            raise AttributeError("Unknown attribute " + name)


class _CudaSettings(types.ModuleType):
    """``torch.backends.cuda``: the matmul settings, and the attention-kernel switches (minigrad
    has one attention computation, so these are recorded and answered back)."""

    def __init__(self, name, doc=None):
        super().__init__(name, doc)
        self.matmul = _CublasSettings()
        self._sdp = {"flash": True, "mem_efficient": True, "math": True, "cudnn": True}

    @staticmethod
    def is_built():
        """True when CUDA can be used through CuPy (PyTorch: built with CUDA)."""
        return _cupy_backend.device_count() > 0

    def _switch(kind):
        def enabled(self):
            return self._sdp[kind]

        def enable(self, enabled):
            self._sdp[kind] = bool(enabled)
        enabled.__doc__ = f"Whether the {kind} attention kernel is enabled (a recorded setting)."
        enable.__doc__ = f"Enable or disable the {kind} attention kernel (a recorded setting)."
        return enabled, enable

    flash_sdp_enabled, enable_flash_sdp = _switch("flash")
    mem_efficient_sdp_enabled, enable_mem_efficient_sdp = _switch("mem_efficient")
    math_sdp_enabled, enable_math_sdp = _switch("math")
    cudnn_sdp_enabled, enable_cudnn_sdp = _switch("cudnn")
    del _switch


class _MpsStatus(types.ModuleType):
    """Apple's Metal backend, as torch.backends.mps: never available in minigrad."""

    @staticmethod
    def is_available():
        """False: minigrad runs on the CPU (NumPy) or on CUDA (CuPy)."""
        return False

    @staticmethod
    def is_built():
        """False: minigrad has no Metal backend."""
        return False



def _install(attribute, settings_class):
    """Make ``minigrad.backends.<attribute>`` an importable module of class ``settings_class``."""
    name = f"{backends.__name__}.{attribute}"
    module = settings_class(name, settings_class.__doc__)
    module.__spec__ = importlib.machinery.ModuleSpec(name, None)
    sys.modules[name] = module
    setattr(backends, attribute, module)


_install("cudnn", _CudnnSettings)
_install("cuda", _CudaSettings)
_install("mps", _MpsStatus)
backends_namespace = backends
