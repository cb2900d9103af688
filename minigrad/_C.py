"""The few names of ``torch._C`` that Python programs reach for directly: the switches of
``__torch_function__`` dispatch (``minigrad.overrides``) and ``_LinAlgError``, the class of
``torch.linalg.LinAlgError``."""
from .ops.linalg_checks import _LinAlgError  # noqa: F401
from .overrides import (DisableTorchFunction, DisableTorchFunctionSubclass, _disabled_torch_function_impl,  # noqa: F401
                        _is_torch_function_all_disabled, _is_torch_function_enabled)
