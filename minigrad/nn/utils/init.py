"""``skip_init``: a module made without spending the random stream on its initial values."""
import inspect

from ..module import Module
from ...random import get_rng_state, set_rng_state


def skip_init(module_cls, *args, **kwargs):
    """``module_cls(*args, **kwargs)`` with its parameters and buffers left uninitialised, as
    ``torch.nn.utils.skip_init``: their values are not to be relied on, and the random stream is
    where it was (PyTorch builds the module on its 'meta' device; minigrad, lacking one, builds it
    on the host and puts the stream back). ``module_cls`` must take a ``device`` argument."""
    if not (isinstance(module_cls, type) and issubclass(module_cls, Module)):
        raise RuntimeError(f"Expected a Module; got {module_cls}")
    if "device" not in inspect.signature(module_cls).parameters:
        raise RuntimeError("Module must support a 'device' arg to skip initialization")
    final_device = kwargs.pop("device", "cpu")
    kwargs["device"] = "cpu"
    state = get_rng_state()
    try:
        module = module_cls(*args, **kwargs)
    finally:
        set_rng_state(state)
    return module.to(final_device)
