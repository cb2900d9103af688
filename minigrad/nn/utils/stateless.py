"""``nn.utils.stateless.functional_call``: PyTorch's older home of ``func.functional_call``."""
import warnings

from ... import func as _func

__all__ = ["functional_call"]


def functional_call(module, parameter_and_buffer_dicts, args=None, kwargs=None, *, tie_weights=True,
                    strict=False):
    """``minigrad.func.functional_call``, with PyTorch's FutureWarning for this name."""
    warnings.warn("This API is deprecated as of PyTorch 2.0 and will be removed in a future version of PyTorch. "
                  "Please use torch.func.functional_call instead which is a drop-in replacement.", FutureWarning,
                  stacklevel=2)
    return _func.functional_call(module, parameter_and_buffer_dicts, args, kwargs, tie_weights=tie_weights,
                                 strict=strict)
