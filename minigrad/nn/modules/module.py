"""``torch.nn.modules.module``: ``Module`` (``from torch.nn.modules.module import Module``) and the
hooks common to all modules (``register_module_forward_hook`` ...), as PyTorch's.

The global forward and backward hooks run before each module's own; a module call without any
hook (the common case) pays one flag test for them. Registration hooks run when a parameter,
buffer or child module is registered (also by assignment) and may return a replacement.
"""
from .. import _module_hooks as _state
from ..module import Module, _GlobalCallHookHandle, _Handle  # noqa: F401

__all__ = ["Module", "register_module_forward_pre_hook", "register_module_forward_hook",
           "register_module_full_backward_pre_hook", "register_module_full_backward_hook",
           "register_module_backward_hook", "register_module_buffer_registration_hook",
           "register_module_module_registration_hook", "register_module_parameter_registration_hook"]

_BOTH_KINDS = ("Cannot use both regular backward hooks and full backward hooks as a global Module hook. "
               "Please use only one of them.")
# None until the first global backward hook: then whether they are full ones (PyTorch keeps the choice
# after the hooks are removed)
_global_is_full_backward_hook = None


def register_module_forward_pre_hook(hook):
    """Call ``hook(module, args)`` before every module's forward, before the module's own forward
    pre hooks; a result that is not None replaces the positional arguments (a non-tuple is wrapped
    in one). Returns a handle whose ``remove()`` unregisters it."""
    return _GlobalCallHookHandle(_state._global_forward_pre_hooks, hook)


def register_module_forward_hook(hook, *, with_kwargs=False, always_call=False):
    """Call ``hook(module, args, output)`` (``hook(module, args, kwargs, output)`` with
    ``with_kwargs``) after every module's forward, before the module's own forward hooks; a result
    that is not None replaces the output. With ``always_call`` it also runs when forward raises (an
    error of its own is then only warned). Returns a handle whose ``remove()`` unregisters it."""
    flags = []
    if with_kwargs:
        flags.append(_state._global_forward_hooks_with_kwargs)
    if always_call:
        flags.append(_state._global_forward_hooks_always_called)
    return _GlobalCallHookHandle(_state._global_forward_hooks, hook, *flags)


def register_module_full_backward_pre_hook(hook):
    """Call ``hook(module, grad_output)`` in every module's backward, before the module's own
    backward pre hooks, as ``Module.register_full_backward_pre_hook``. Returns a handle."""
    return _GlobalCallHookHandle(_state._global_backward_pre_hooks, hook)


def _set_backward_hook_kind(full):
    global _global_is_full_backward_hook
    if _global_is_full_backward_hook is (not full):
        raise RuntimeError(_BOTH_KINDS)
    _global_is_full_backward_hook = full


def register_module_full_backward_hook(hook):
    """Call ``hook(module, grad_input, grad_output)`` in every module's backward, before the
    module's own backward hooks, as ``Module.register_full_backward_hook``; refused (RuntimeError)
    once ``register_module_backward_hook`` was used. Returns a handle."""
    _set_backward_hook_kind(True)
    return _GlobalCallHookHandle(_state._global_backward_hooks, hook)


def register_module_backward_hook(hook):
    """PyTorch's deprecated form of ``register_module_full_backward_hook``: registered here as a full
    hook (as ``Module.register_backward_hook``); refused (RuntimeError) once a full global backward
    hook was registered, and the full form refused after it. Returns a handle."""
    _set_backward_hook_kind(False)
    return _GlobalCallHookHandle(_state._global_backward_hooks, hook)


def register_module_buffer_registration_hook(hook):
    """Call ``hook(module, name, buffer)`` whenever a module registers a buffer (``register_buffer``
    or assignment, None included); a result that is not None is registered instead. Returns a handle."""
    return _Handle(_state._global_buffer_registration_hooks, hook)


def register_module_module_registration_hook(hook):
    """Call ``hook(module, name, submodule)`` whenever a module registers a child (``add_module``,
    ``register_module`` or assignment, None included); a result that is not None is registered
    instead. Returns a handle."""
    return _Handle(_state._global_module_registration_hooks, hook)


def register_module_parameter_registration_hook(hook):
    """Call ``hook(module, name, param)`` whenever a module registers a parameter
    (``register_parameter`` or assignment; not for None); a result that is not None is registered
    instead. Returns a handle."""
    return _Handle(_state._global_parameter_registration_hooks, hook)
