"""Module hooks: the forward pre/forward and backward pre/backward hooks of one module and of
every module (``torch.nn.modules.module.register_module_*``), run in PyTorch's order around a
call, and the global registration hooks. ``Module`` takes the per-module half as a base class,
``ModuleHooks``; a call without any hook never reaches it (``Module.__call__``)."""
import warnings
from collections import OrderedDict

from ._backward_hooks import BackwardHookCall, hook_on_output_node
from ._registry import _Handle

# Hooks every module runs (``torch.nn.modules.module.register_module_*``, defined in
# ``minigrad.nn.modules.module``): forward pre/forward hooks and full backward pre/hooks run before a
# module's own, registration hooks when a parameter, buffer or child is registered.
_global_forward_pre_hooks = OrderedDict()
_global_forward_hooks = OrderedDict()
_global_forward_hooks_with_kwargs = set()  # ids of the global forward hooks given the call's kwargs
_global_forward_hooks_always_called = set()  # ids of those also run when forward raises
_global_backward_pre_hooks = OrderedDict()
_global_backward_hooks = OrderedDict()
_global_buffer_registration_hooks = OrderedDict()
_global_module_registration_hooks = OrderedDict()
_global_parameter_registration_hooks = OrderedDict()
# whether any global forward or backward hook is registered: the one test ``Module.__call__`` adds
_global_call_hooks = False


def _refresh_global_call_hooks():
    """Recompute ``_global_call_hooks`` after a global forward or backward hook came or went."""
    global _global_call_hooks
    _global_call_hooks = bool(_global_forward_pre_hooks or _global_forward_hooks or _global_backward_pre_hooks
                              or _global_backward_hooks)


class _GlobalCallHookHandle(_Handle):
    """The handle of a global forward or backward hook: removing it updates ``_global_call_hooks``."""

    def __init__(self, hooks, fn, *flags):
        super().__init__(hooks, fn, *flags)
        _refresh_global_call_hooks()

    def remove(self):
        """Unregister the hook."""
        super().remove()
        _refresh_global_call_hooks()


def _registration_hooks(store, module, name, value):
    """``value`` after the global registration hooks in ``store`` (each may return a replacement)."""
    for hook in list(store.values()):
        output = hook(module, name, value)
        if output is not None:
            value = output
    return value


class ModuleHooks:
    """The hooks of one module: their registration and a call that runs them (a base class of ``Module``)."""

    def _call_with_hooks(self, args, kwargs):
        """A call with hooks, in PyTorch's order: the global forward pre hooks, the module's, then
        forward, the global forward hooks and the module's; backward hooks (global first) are set up
        around forward, with the lists of this call (a hook removed before backward still runs)."""
        d = self.__dict__
        with_kwargs = d.get("_hooks_with_kwargs", ())
        always_called = d.get("_hooks_always_called", ())
        own_backward_hooks = d.get("_backward_hooks")
        own_backward_pre_hooks = d.get("_backward_pre_hooks")
        if _global_call_hooks:
            pre_hooks = [*_global_forward_pre_hooks.items(), *self._forward_pre_hooks.items()]
            backward_hooks, legacy_hooks = self._backward_hooks_by_kind(_global_backward_hooks, own_backward_hooks)
            backward_pre_hooks = [*_global_backward_pre_hooks.values(), *(own_backward_pre_hooks or {}).values()]
        else:
            pre_hooks = list(self._forward_pre_hooks.items())
            backward_hooks, legacy_hooks = self._backward_hooks_by_kind({}, own_backward_hooks)
            backward_pre_hooks = list(own_backward_pre_hooks.values()) if own_backward_pre_hooks else []
        out = None
        called = set()
        call = None
        # (the pre hooks run inside the try, as PyTorch's: an error of theirs runs the always_call hooks too)
        try:
            for hook_id, hook in pre_hooks:
                if hook_id in with_kwargs:
                    res = hook(self, args, kwargs)
                    if res is not None:
                        if not (isinstance(res, tuple) and len(res) == 2):
                            raise RuntimeError("forward pre-hook must return None or a tuple of (new_args, "
                                               f"new_kwargs), but got {res}.")
                        args, kwargs = res
                else:
                    res = hook(self, args)
                    if res is not None:
                        args = res if isinstance(res, tuple) else (res,)
            if backward_hooks or backward_pre_hooks:
                call = BackwardHookCall(self, backward_hooks, backward_pre_hooks)
                args = call.setup_inputs(args)
            out = self.forward(*args, **kwargs)
            if call is not None:
                call.check_inputs_unchanged()
            # (read after forward, as PyTorch: a hook registered by a pre hook or by forward runs too)
            with_kwargs = d.get("_hooks_with_kwargs", ())
            for hook_id, hook in [*_global_forward_hooks.items(), *self._forward_hooks.items()]:
                called.add(hook_id)
                if hook_id in with_kwargs or hook_id in _global_forward_hooks_with_kwargs:
                    res = hook(self, args, kwargs, out)
                else:
                    res = hook(self, args, out)
                if res is not None:
                    out = res
        except Exception:
            # PyTorch still runs the hooks registered with always_call=True (an error of theirs is only
            # warned): the global ones first, called (as PyTorch calls them) without the kwargs
            for hook_id, hook in list(_global_forward_hooks.items()):
                if hook_id in _global_forward_hooks_always_called and hook_id not in called:
                    try:
                        res = hook(self, args, out)
                        out = out if res is None else res
                    except Exception as e:
                        warnings.warn("global module forward hook with ``always_call=True`` raised an exception "
                                      f"that was silenced as another error was raised in forward: {e}")
            for hook_id, hook in list(self._forward_hooks.items()):
                if hook_id in always_called and hook_id not in called:
                    try:
                        res = hook(self, args, kwargs, out) if hook_id in with_kwargs else hook(self, args, out)
                        out = out if res is None else res
                    except Exception as e:
                        warnings.warn("module forward hook with ``always_call=True`` raised an exception that was "
                                      f"silenced as another error was raised in forward: {e}")
            raise
        if call is not None:
            out = call.setup_outputs(out)
        if legacy_hooks:
            hook_on_output_node(self, legacy_hooks, args, out)
        return out

    def _backward_hooks_by_kind(self, global_hooks, own_hooks):
        """The backward hooks of a call as two lists, PyTorch's full ones and its regular ones
        (``register_backward_hook``), the global hooks first in each."""
        full, regular = [], []
        if global_hooks:
            from .modules import module as global_kind  # (it imports this module)
            (regular if global_kind._global_is_full_backward_hook is False else full).extend(global_hooks.values())
        if own_hooks:
            (regular if self.__dict__.get("_is_full_backward_hook") is False else full).extend(own_hooks.values())
        return full, regular

    def _add_hook(self, store, hook, prepend, with_kwargs=False, always_call=False):
        """Register ``hook`` in ``store`` (first if ``prepend``), flagged as asked; returns its handle."""
        flags = [self.__dict__.setdefault(name, set()) for name, on in
                 (("_hooks_with_kwargs", with_kwargs), ("_hooks_always_called", always_call)) if on]
        handle = _Handle(store, hook, *flags)
        if prepend:
            store.move_to_end(handle.id, last=False)
        return handle

    def register_forward_hook(self, hook, *, prepend=False, with_kwargs=False, always_call=False):
        """Call ``hook(module, args, output)`` after each forward (``hook(module, args, kwargs, output)``
        with ``with_kwargs``; also when forward raises with ``always_call``; before the other hooks with
        ``prepend``); a result that is not None replaces the output. Returns a handle with ``remove()``."""
        return self._add_hook(self._forward_hooks, hook, prepend, with_kwargs, always_call)

    def register_forward_pre_hook(self, hook, *, prepend=False, with_kwargs=False):
        """Call ``hook(module, args)`` before each forward (``hook(module, args, kwargs)``, which may
        return new ``(args, kwargs)``, with ``with_kwargs``); returns a handle with ``remove()``."""
        return self._add_hook(self._forward_pre_hooks, hook, prepend, with_kwargs)

    def register_full_backward_hook(self, hook, prepend=False):
        """Call ``hook(module, grad_input, grad_output)`` in backward, once the gradients with
        respect to the module's Tensor inputs are computed; it may return a new grad_input.
        Refused (RuntimeError, as PyTorch) on a module given a ``register_backward_hook`` hook."""
        self._set_backward_hook_kind(True)
        return self._add_hook(self.__dict__.setdefault("_backward_hooks", OrderedDict()), hook, prepend)

    def _set_backward_hook_kind(self, full):
        """Record whether this module's backward hooks are full ones (PyTorch's
        ``_is_full_backward_hook``, kept after they are removed); the other kind is refused."""
        d = self.__dict__
        if d.get("_is_full_backward_hook") is (not full):
            raise RuntimeError("Cannot use both regular backward hooks and full backward hooks on a single Module. "
                               "Please use only one of them.")
        d["_is_full_backward_hook"] = full

    def register_backward_hook(self, hook):
        """PyTorch's older, deprecated form of ``register_full_backward_hook``: at each call, the hook
        is put on the node of the module's (first) output, as PyTorch's, so ``grad_input`` holds
        the gradients that last op passes on, and ``grad_output`` its output's (PyTorch's
        deprecation warnings come at the call). Refused (RuntimeError, as PyTorch) on a module
        given a ``register_full_backward_hook`` hook."""
        self._set_backward_hook_kind(False)
        return self._add_hook(self.__dict__.setdefault("_backward_hooks", OrderedDict()), hook, False)

    def register_full_backward_pre_hook(self, hook, prepend=False):
        """Call ``hook(module, grad_output)`` in backward when the gradients with respect to the
        module's outputs are computed; it may return a new grad_output."""
        return self._add_hook(self.__dict__.setdefault("_backward_pre_hooks", OrderedDict()), hook, prepend)
