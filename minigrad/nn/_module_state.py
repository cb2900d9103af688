"""Module methods that save and restore its state: ``state_dict`` and ``load_state_dict``."""
import warnings
from collections import OrderedDict, namedtuple

import numpy as _np

from ..autograd import no_grad
from ..tensor import Size, Tensor, wrap
from ._registry import _Handle
from .parameter import Parameter, is_lazy

_KeyLists = namedtuple("_KeyLists", ["missing_keys", "unexpected_keys"])


class _IncompatibleKeys(_KeyLists):
    """``load_state_dict``'s result: the missing and unexpected keys (named and printed as PyTorch's)."""

    __slots__ = ()

    def __repr__(self):
        if not self.missing_keys and not self.unexpected_keys:
            return "<All keys matched successfully>"
        return super().__repr__()

    __str__ = __repr__


class StateDictKeyError(TypeError, AttributeError):
    """A state dict key that is not a str (PyTorch fails on it with an AttributeError, reading it
    as a str; a TypeError says what is wrong)."""


def _as_host_or_tensor(value):
    """A minigrad Tensor for a state_dict value: minigrad Tensors pass, foreign arrays are read
    through their protocols (torch tensors via ``numpy()``, others via ``__array__``/DLPack)."""
    if isinstance(value, Tensor):
        return value
    if isinstance(value, _np.ndarray) or isinstance(value, _np.generic):
        return wrap(_np.asarray(value))
    if hasattr(value, "detach") and hasattr(value, "cpu") and hasattr(value, "numpy"):
        return wrap(_np.asarray(value.detach().cpu().numpy()))  # a torch tensor, without importing torch
    if hasattr(value, "get") and hasattr(value, "__cuda_array_interface__"):
        return wrap(value.get())  # a CuPy array refuses __array__: an explicit device-to-host copy
    if hasattr(value, "__array__") or hasattr(value, "__array_interface__"):
        return wrap(_np.asarray(value))
    if hasattr(value, "__dlpack__"):
        return wrap(_np.from_dlpack(value))
    if isinstance(value, (int, float, bool)):
        return wrap(_np.asarray(value))
    raise TypeError(f"expected torch.Tensor or Tensor-like object from checkpoint but received {type(value)}")


def _state_dict_value(value):
    """The minigrad Tensor for a ``load_state_dict`` value. As PyTorch, only a Tensor or what it
    calls Tensor-like (a type with ``__torch_function__``: a torch tensor) is taken; anything
    else, a NumPy array included, raises TypeError."""
    if not (isinstance(value, Tensor) or hasattr(type(value), "__torch_function__")):
        raise TypeError(f"expected torch.Tensor or Tensor-like object from checkpoint but received {type(value)}")
    return _as_host_or_tensor(value)


def _assign_error(target, src):
    """PyTorch's reason an ``assign=True`` load of ``src`` over ``target`` fails, or None."""
    if isinstance(target, Parameter) and target.requires_grad and not (src.is_floating_point() or src.is_complex()):
        return (f"whose dimensions in the model are {_size(target.shape)} and whose dimensions in "
                f"the checkpoint are {_size(src.shape)}, an exception occurred : "
                "('Only Tensors of floating point and complex dtype can require gradients',).")
    return None


_EXTRA_STATE = "_extra_state"  # the state_dict key of a module's get_extra_state()


class ModuleState:
    """The part of ``Module`` that saves and restores parameters, persistent buffers and extra state."""

    def state_dict(self, *args, destination=None, prefix="", keep_vars=False):
        """An OrderedDict of every parameter and persistent buffer under its dotted name
        (detached tensors sharing storage, unless ``keep_vars``), with each module's version in its
        ``_metadata``, as PyTorch's; each module's state comes from ``_save_to_state_dict``, between
        its state-dict pre and post hooks."""
        if args:  # PyTorch's deprecated positional form (destination, prefix, keep_vars): keywords win
            warnings.warn("Positional args are being deprecated, use kwargs instead. See the documentation of "
                          "torch.nn.Module.state_dict for details.", FutureWarning, stacklevel=2)
            if destination is None:
                destination = args[0]
            if len(args) > 1 and prefix == "":
                prefix = args[1]
            if len(args) > 2 and keep_vars is False:
                keep_vars = args[2]
        if destination is None:
            destination = OrderedDict()
            destination._metadata = OrderedDict()
        local_metadata = {"version": self._version}
        if hasattr(destination, "_metadata"):
            destination._metadata[prefix[:-1]] = local_metadata
        hooks = self.__dict__.get("_state_dict_hooks")
        for hook in list(self.__dict__.get("_state_dict_pre_hooks", {}).values()):
            hook(self, prefix, keep_vars)
        self._save_to_state_dict(destination, prefix, keep_vars)
        for name, m in self._modules.items():
            if m is not None:
                m.state_dict(destination=destination, prefix=prefix + name + ".", keep_vars=keep_vars)
        for hook, may_replace in list((hooks or {}).values()):
            result = hook(self, destination, prefix, local_metadata)
            if result is not None:
                if not may_replace:
                    raise RuntimeError("state_dict post-hook must return None")
                destination = result
        return destination

    def _save_to_state_dict(self, destination, prefix, keep_vars):
        """Put this module's own parameters, persistent buffers and extra state (not its children's)
        into ``destination`` under ``prefix``; a module saving something else overrides this."""
        for name, p in self._parameters.items():
            if p is not None:  # (a lazy layer's placeholders are saved as they are, as PyTorch saves them)
                destination[prefix + name] = p if keep_vars or is_lazy(p) else p.detach()
        for name, b in self._buffers.items():
            if b is not None and name not in self._non_persistent_buffers_set:
                destination[prefix + name] = b if keep_vars or is_lazy(b) else b.detach()
        if type(self).get_extra_state is not ModuleState.get_extra_state:
            destination[prefix + _EXTRA_STATE] = self.get_extra_state()

    def register_state_dict_pre_hook(self, hook):
        """Call ``hook(module, prefix, keep_vars)`` before ``state_dict`` saves this module. Returns a handle."""
        return _Handle(self.__dict__.setdefault("_state_dict_pre_hooks", OrderedDict()), hook)

    def register_state_dict_post_hook(self, hook):
        """Call ``hook(module, state_dict, prefix, local_metadata)`` after ``state_dict`` has saved this
        module and its children; it must return None. Returns a handle."""
        return _Handle(self.__dict__.setdefault("_state_dict_hooks", OrderedDict()), (hook, False))

    def _register_state_dict_hook(self, hook):
        """As ``register_state_dict_post_hook``, but a state_dict ``hook`` returns replaces the one
        being built (PyTorch's older form)."""
        return _Handle(self.__dict__.setdefault("_state_dict_hooks", OrderedDict()), (hook, True))

    def register_load_state_dict_post_hook(self, hook):
        """Call ``hook(module, incompatible_keys)`` after ``load_state_dict`` has loaded this module
        and its children; it may change ``incompatible_keys`` (missing and unexpected keys) in
        place before a strict load checks them, and must return None (AssertionError otherwise, as
        PyTorch). Returns a handle."""
        return _Handle(self.__dict__.setdefault("_load_state_dict_post_hooks", OrderedDict()), hook)

    def get_extra_state(self):
        """State beyond parameters and buffers for ``state_dict`` (saved under ``_extra_state``);
        a module that has some overrides this and ``set_extra_state``."""
        raise RuntimeError("Reached a code path in Module.get_extra_state() that should never be called.")

    def set_extra_state(self, state):
        """Restore what ``get_extra_state`` returned (called by ``load_state_dict``)."""
        raise RuntimeError("Reached a code path in Module.set_extra_state() that should never be called.")

    def _local_state(self):
        """(name, tensor) for this module's own parameters and persistent buffers."""
        for name, p in self._parameters.items():
            if p is not None:
                yield name, p
        for name, b in self._buffers.items():
            if b is not None and name not in self._non_persistent_buffers_set:
                yield name, b

    def _state_when_missing(self, name, local_metadata):
        """The value ``load_state_dict`` gives this module's entry ``name`` when a state_dict lacks it
        (None: the key is missing), given the module's ``local_metadata`` in the state_dict (its
        ``version``); modules whose older checkpoints lack an entry override it."""
        return None

    def _load_from_state_dict(self, state_dict, prefix, local_metadata, strict, missing_keys, unexpected_keys,
                              error_msgs):
        """Called by ``load_state_dict`` with this module's ``prefix`` and ``local_metadata`` before any
        entry is read: a module whose checkpoints need rewriting (renamed keys) overrides it, rewrites
        ``state_dict`` and calls this. The entries are then copied for the whole module tree at once,
        after every module has seen them, so that a load that fails changes nothing."""

    def load_state_dict(self, state_dict, strict=True, assign=False):
        """Copy parameters and buffers from ``state_dict`` (minigrad or torch tensors; like PyTorch,
        anything else, NumPy arrays included, is an error), or with ``assign`` make the given
        tensors the module's own: a parameter becomes ``Parameter(value)`` (sharing its memory,
        taking its dtype, keeping the old parameter's requires_grad) and a buffer the value itself.

        Every problem (missing keys and unexpected keys when ``strict``, and shape
        mismatches and non-tensor values always) is reported in one RuntimeError, and on
        error nothing is changed. Load post hooks run as PyTorch's: after loading (children
        first), before the strict check of the keys, which they may clear; a load that check
        refuses then is undone (PyTorch keeps its values).
        Returns ``(missing_keys, unexpected_keys)``.
        """
        if not hasattr(state_dict, "keys") or not hasattr(state_dict, "__getitem__"):
            raise TypeError(f"Expected state_dict to be dict-like, got {type(state_dict)}.")
        plan = []  # (target tensor, source tensor, owning module, name)
        missing, errors, hooks_unexpected = [], [], []
        metadata = getattr(state_dict, "_metadata", None) or {}
        # the pre hooks and overridden _load_from_state_dict may rewrite the keys: on a copy, as PyTorch's
        state_dict = OrderedDict(state_dict)
        for key in state_dict:
            if not isinstance(key, str):
                raise StateDictKeyError(f"load_state_dict: the keys of a state dict are str, but got the key {key!r} "
                                        f"of type {type(key).__name__}")
        for mod_prefix, mod in self.named_modules(remove_duplicate=False):  # (a shared module once per name)
            local_metadata = metadata.get(mod_prefix, {})
            prefix = mod_prefix + "." if mod_prefix else ""
            for hook in list(mod.__dict__.get("_load_state_dict_pre_hooks", {}).values()):
                hook(state_dict, prefix, local_metadata, strict, missing, hooks_unexpected, errors)
            if type(mod)._load_from_state_dict is not ModuleState._load_from_state_dict:
                mod._load_from_state_dict(state_dict, prefix, local_metadata, True, missing, hooks_unexpected,
                                          errors)
        expected = set()
        extra = []  # (module, its extra state) for modules that keep one
        for mod_prefix, mod in self.named_modules(remove_duplicate=False):
            prefix = mod_prefix + "." if mod_prefix else ""
            if type(mod).set_extra_state is not ModuleState.set_extra_state:
                key = prefix + _EXTRA_STATE
                expected.add(key)
                if key in state_dict:
                    extra.append((mod, state_dict[key]))
                else:
                    missing.append(key)
            for name, target in mod._local_state():
                key = prefix + name
                expected.add(key)
                if key not in state_dict:
                    default = mod._state_when_missing(name, metadata.get(mod_prefix, {}))
                    if default is None:
                        missing.append(key)
                    else:
                        plan.append((target, default, mod, name))
                    continue
                try:
                    src = _state_dict_value(state_dict[key])
                except TypeError as exc:  # reported with the other problems, as PyTorch does
                    errors.append(f'While copying the parameter named "{key}", {exc}')
                    continue
                if not is_lazy(target) and len(target.shape) == 0 and tuple(src.shape) == (1,):
                    src = src[0]  # (PyTorch's backward compatibility: a 1-element 1-d tensor into a 0-d one)
                if not is_lazy(target) and tuple(src.shape) != tuple(target.shape):
                    errors.append(f"size mismatch for {key}: copying a param with shape {_size(src.shape)} "
                                  f"from checkpoint, the shape in current model is {_size(target.shape)}.")
                    continue
                reason = _assign_error(target, src) if assign else None
                if reason:
                    errors.append(f'While copying the parameter named "{key}", {reason}')
                    continue
                plan.append((target, src, mod, name))
        unexpected = hooks_unexpected + _in_module_order(self, [k for k in state_dict.keys() if k not in expected])
        post_hooks = [(mod, hook) for mod in _post_order(self)
                      for hook in mod.__dict__.get("_load_state_dict_post_hooks", {}).values()]
        key_errors = _key_errors(missing, unexpected) if strict else []
        if errors or (key_errors and not post_hooks):  # (nothing is changed by a load that fails here)
            _raise_load_errors(self, key_errors + errors)
        # A strict load with key problems may still pass once the post hooks below have cleared the
        # keys: the old values are kept until then, so that a refused load is undone
        undo = _snapshot(plan, extra) if key_errors else None
        _apply_load_plan(plan, extra, assign)
        if post_hooks:
            # as PyTorch's: after loading (they see the loaded values), before the strict check of the
            # keys, which they may change in place
            incompatible = _IncompatibleKeys(missing, unexpected)
            try:
                for mod, hook in post_hooks:
                    if hook(mod, incompatible) is not None:
                        raise AssertionError("Hooks registered with ``register_load_state_dict_post_hook`` are not "
                                             "expected to return new values, if incompatible_keys need to be "
                                             "modified, it should be done inplace.")
                if strict and (missing or unexpected):
                    _raise_load_errors(self, _key_errors(missing, unexpected))
            except BaseException:
                if undo is not None:  # (PyTorch keeps the values of a refused load; minigrad restores them)
                    _restore(undo)
                raise
        return _IncompatibleKeys(missing, unexpected)

    def _register_load_state_dict_pre_hook(self, hook, with_module=False):
        """Call ``hook(state_dict, prefix, local_metadata, strict, missing_keys, unexpected_keys,
        error_msgs)`` (with the module first when ``with_module``) before ``load_state_dict`` reads
        this module's entries; it may rewrite the (copied) state_dict. Returns a handle."""
        if with_module:
            return _Handle(self.__dict__.setdefault("_load_state_dict_pre_hooks", OrderedDict()),
                           lambda *args: hook(self, *args))
        return _Handle(self.__dict__.setdefault("_load_state_dict_pre_hooks", OrderedDict()), hook)

    def register_load_state_dict_pre_hook(self, hook):
        """Call ``hook(module, state_dict, prefix, local_metadata, strict, missing_keys,
        unexpected_keys, error_msgs)`` before ``load_state_dict`` reads this module's entries."""
        return self._register_load_state_dict_pre_hook(hook, with_module=True)


def _size(shape):
    return repr(Size(tuple(shape)))


def _apply_load_plan(plan, extra, assign):
    """Copy (or with ``assign`` set) each checked ``(target, source, module, name)`` of ``plan``,
    then give each module in ``extra`` its extra state."""
    with no_grad():
        for target, src, mod, name in plan:
            if is_lazy(target):
                if is_lazy(src):  # (a lazy layer's state into another: nothing to load yet, as PyTorch)
                    continue
                target.materialize(src.shape)
            if assign:  # as PyTorch: the given tensor itself, wrapped as a Parameter where one was
                if isinstance(target, Parameter):
                    if isinstance(src, Parameter):
                        src.requires_grad_(target.requires_grad)
                    else:
                        src = Parameter(src, requires_grad=target.requires_grad)
                setattr(mod, name, src)
            else:
                target.copy_(src)
    for mod, state in extra:
        mod.set_extra_state(state)


def _snapshot(plan, extra):
    """What ``_apply_load_plan(plan, extra, ...)`` will change, as it is now: each target's module,
    name, object and a copy of its values, and each module's extra state."""
    with no_grad():
        tensors = [(mod, name, target, None if is_lazy(target) else target.detach().clone())
                   for target, _, mod, name in plan]
    return tensors, [(mod, mod.get_extra_state()) for mod, _ in extra]


def _restore(undo):
    """Put back what ``_snapshot`` kept (the load's ``assign`` replaced objects, or its copies changed values)."""
    tensors, extra = undo
    with no_grad():
        for mod, name, target, values in tensors:
            if getattr(mod, name) is not target:
                setattr(mod, name, target)
            elif values is not None:
                target.copy_(values)
    for mod, state in extra:
        mod.set_extra_state(state)


def _post_order(module):
    """``module`` and its descendants, children before parents (PyTorch's order of the load
    post hooks; a shared module comes once per name, as in PyTorch's recursion)."""
    for child in module._modules.values():
        if child is not None:
            yield from _post_order(child)
    yield module


def _in_module_order(root, keys):
    """The unexpected ``keys`` in PyTorch's order: by the module that would hold them (the longest
    prefix of child names), modules in ``named_modules`` order, keys in their order within one.
    A key under a child set to None is dropped, as PyTorch's recursion never reaches it."""
    if not keys:
        return keys
    rank = {name: i for i, (name, _) in enumerate(root.named_modules(remove_duplicate=False))}
    owned = []
    for key in keys:
        mod, owner, dropped = root, "", False
        for part in key.split(".")[:-1] if isinstance(key, str) else ():  # (another key: the root's)
            if part not in mod._modules:
                break
            mod = mod._modules[part]
            if mod is None:
                dropped = True
                break
            owner = owner + "." + part if owner else part
        if not dropped:
            owned.append((rank.get(owner, 0), key))
    return [key for _, key in sorted(owned, key=lambda item: item[0])]


def _key_errors(missing, unexpected):
    """PyTorch's lines for missing and unexpected keys of a strict load (missing first)."""
    lines = []
    if missing:
        lines.append("Missing key(s) in state_dict: {}. ".format(", ".join(f'"{k}"' for k in missing)))
    if unexpected:
        lines.append("Unexpected key(s) in state_dict: {}. ".format(", ".join(f'"{k}"' for k in unexpected)))
    return lines


def _raise_load_errors(module, errors):
    raise RuntimeError("Error(s) in loading state_dict for {}:\n\t{}".format(
        type(module).__name__, "\n\t".join(errors)))
