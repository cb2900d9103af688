"""``minigrad.jit``: PyTorch's TorchScript entry points (deprecated in PyTorch 2.13 in favour of
``compile``), so that programs calling them run. minigrad has no TorchScript: ``script`` and
``trace`` give back the module or function itself, which runs as Python (``minigrad.compile``
is the way to speed a training step up); TorchScript archives cannot be written or read."""
import warnings

_NO_ARCHIVES = ("minigrad has no TorchScript archive format: save the module's state_dict with minigrad.save and "
                "load it into the module's class")


def _deprecated(name):
    # (named at minigrad's line, as PyTorch's names its own: Python's default filters then hide it)
    warnings.warn(f"`torch.jit.{name}` is deprecated. Please switch to `torch.compile` or `torch.export`.",
                  DeprecationWarning, stacklevel=2)


def script(obj, optimize=None, _frames_up=0, _rcb=None, example_inputs=None):
    """``obj`` itself (deprecated as in PyTorch): the module or function runs as Python."""
    _deprecated("script")
    return obj


def trace(func, example_inputs=None, optimizer=None, check_trace=True, check_inputs=None, check_tolerance=1e-5,
          strict=True, _force_outplace=False, _module_class=None, _compilation_unit=None,
          example_kwarg_inputs=None, _store_inputs=True):
    """``func`` itself after one call on ``example_inputs`` (deprecated as in PyTorch): it runs as Python."""
    _deprecated("trace")
    if example_inputs is not None or example_kwarg_inputs is not None:
        args = example_inputs if isinstance(example_inputs, tuple) else (
            () if example_inputs is None else (example_inputs,))
        func(*args, **(example_kwarg_inputs or {}))
    return func


def is_scripting():
    """False: nothing is compiled to TorchScript."""
    return False


def is_tracing():
    """False: nothing is traced to TorchScript."""
    return False


def ignore(drop=False, **kwargs):
    """A decorator leaving its function as it is (usable bare or called)."""
    if callable(drop):
        return drop
    return lambda fn: fn


def unused(fn):
    """A decorator leaving its function as it is."""
    return fn


def export(fn):
    """A decorator leaving its function as it is."""
    return fn


def annotate(the_type, the_value):
    """``the_value``: the type is for TorchScript only."""
    return the_value


def save(m, f, _extra_files=None):
    """TorchScript archives cannot be written: NotImplementedError (see ``minigrad.save``)."""
    raise NotImplementedError(_NO_ARCHIVES)


def load(f, map_location=None, _extra_files=None, _restore_shapes=False):
    """TorchScript archives cannot be read: NotImplementedError (see ``minigrad.load``)."""
    raise NotImplementedError(_NO_ARCHIVES)
