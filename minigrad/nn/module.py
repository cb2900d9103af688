"""``Module``: the base of every layer, with PyTorch's registration semantics.

Attributes that are Parameters, Modules or registered buffers live in the
``_parameters``, ``_modules`` and ``_buffers`` dicts (in assignment order), so
``state_dict()`` keys, ``parameters()`` order and ``repr`` match PyTorch's.
"""
import warnings
from collections import OrderedDict, namedtuple

import numpy as _np

from ..tensor import Size, Tensor, wrap
from ..autograd import no_grad
from .. import dtypes as _dt
from .parameter import Parameter, Buffer, is_lazy
from ._backward_hooks import BackwardHookCall

_KeyLists = namedtuple("_KeyLists", ["missing_keys", "unexpected_keys"])

# Counts changes to any Module's attributes, registries (parameters, buffers, children) or hooks:
# a compiled step re-checks the modules it guards only when this moved.
mutations = [0]


class _IncompatibleKeys(_KeyLists):
    """``load_state_dict``'s result: the missing and unexpected keys (named and printed as PyTorch's)."""

    __slots__ = ()

    def __repr__(self):
        if not self.missing_keys and not self.unexpected_keys:
            return "<All keys matched successfully>"
        return super().__repr__()

    __str__ = __repr__


def _addindent(text, spaces):
    lines = text.split("\n")
    if len(lines) == 1:
        return text
    first = lines.pop(0)
    return first + "\n" + "\n".join(" " * spaces + line for line in lines)


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
    if hasattr(value, "get") and hasattr(value, "__cuda_array_interface__"):
        return wrap(_np.asarray(value.get()))  # a CuPy array: an explicit copy to the host
    if hasattr(value, "__array__") or hasattr(value, "__array_interface__"):
        return wrap(_np.asarray(value))
    if hasattr(value, "__dlpack__"):
        return wrap(_np.from_dlpack(value))
    if isinstance(value, (int, float, bool)):
        return wrap(_np.asarray(value))
    raise TypeError(f"expected torch.Tensor or Tensor-like object from checkpoint but received {type(value)}")


class _Registry(dict):
    """A module's parameters, buffers or children by name, in registration order, mirrored into the
    module's ``__dict__``: ``self.weight`` is then a plain attribute read (PyTorch's modules look
    such names up in ``__getattr__`` after a failed lookup, on every call of every layer)."""

    def __init__(self, attributes):
        super().__init__()
        self._attributes = attributes  # the owning module's __dict__

    def __setitem__(self, name, value):
        mutations[0] += 1
        super().__setitem__(name, value)
        self._attributes[name] = value

    def __delitem__(self, name):
        mutations[0] += 1
        super().__delitem__(name)
        self._attributes.pop(name, None)

    def pop(self, name, *default):
        """Remove ``name`` (and its attribute); as dict.pop."""
        mutations[0] += 1
        if name in self:
            self._attributes.pop(name, None)
        return super().pop(name, *default)

    def popitem(self):
        """Remove the last entry (and its attribute); as dict.popitem."""
        mutations[0] += 1
        name, value = super().popitem()
        self._attributes.pop(name, None)
        return name, value

    def clear(self):
        """Remove every entry (and its attribute)."""
        mutations[0] += 1
        for name in self:
            self._attributes.pop(name, None)
        super().clear()

    def update(self, *args, **kwargs):
        """Add entries (and their attributes); as dict.update."""
        for name, value in dict(*args, **kwargs).items():
            self[name] = value

    def setdefault(self, name, default=None):
        """As dict.setdefault, mirroring a new entry."""
        if name not in self:
            self[name] = default
        return self[name]


class Module:
    """Base class for all neural network modules, as ``torch.nn.Module``."""

    training = True
    _version = 1

    def __init__(self, *args, **kwargs):
        if args or kwargs:
            raise TypeError(f"{type(self).__name__}.__init__() got unexpected arguments")
        d = self.__dict__
        d["training"] = True
        d["_parameters"] = _Registry(d)
        d["_buffers"] = _Registry(d)
        d["_non_persistent_buffers_set"] = set()
        d["_modules"] = _Registry(d)
        d["_forward_hooks"] = OrderedDict()
        d["_forward_pre_hooks"] = OrderedDict()

    # ------------------------------------------------------------------ calling
    def forward(self, *args, **kwargs):
        """The computation; subclasses override it."""
        raise NotImplementedError(f'Module [{type(self).__name__}] is missing the required "forward" function')

    def __call__(self, *args, **kwargs):
        d = self.__dict__
        backward_hooks = d.get("_backward_hooks") or d.get("_backward_pre_hooks")
        if not (self._forward_pre_hooks or self._forward_hooks or backward_hooks):
            return self.forward(*args, **kwargs)
        with_kwargs = d.get("_hooks_with_kwargs", ())
        for hook_id, hook in list(self._forward_pre_hooks.items()):
            if hook_id in with_kwargs:
                res = hook(self, args, kwargs)
                if res is not None:
                    if not (isinstance(res, tuple) and len(res) == 2):
                        raise RuntimeError("forward pre-hook must return None or a tuple of (new_args, new_kwargs), "
                                           f"but got {res}.")
                    args, kwargs = res
            else:
                res = hook(self, args)
                if res is not None:
                    args = res if isinstance(res, tuple) else (res,)
        if backward_hooks:
            call = BackwardHookCall(self, d.get("_backward_hooks", {}), d.get("_backward_pre_hooks", {}))
            args = call.setup_inputs(args)
        out = None
        called = set()
        try:
            out = self.forward(*args, **kwargs)
            for hook_id, hook in list(self._forward_hooks.items()):
                called.add(hook_id)
                res = hook(self, args, kwargs, out) if hook_id in with_kwargs else hook(self, args, out)
                if res is not None:
                    out = res
        except Exception:
            # PyTorch still runs the hooks registered with always_call=True (an error of theirs is only warned)
            for hook_id, hook in list(self._forward_hooks.items()):
                if hook_id in d.get("_hooks_always_called", ()) and hook_id not in called:
                    try:
                        res = hook(self, args, kwargs, out) if hook_id in with_kwargs else hook(self, args, out)
                        out = out if res is None else res
                    except Exception as e:
                        warnings.warn("module forward hook with ``always_call=True`` raised an exception that was "
                                      f"silenced as another error was raised in forward: {e}")
            raise
        return call.setup_outputs(out) if backward_hooks else out

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
        respect to the module's Tensor inputs are computed; it may return a new grad_input."""
        return self._add_hook(self.__dict__.setdefault("_backward_hooks", OrderedDict()), hook, prepend)

    def register_full_backward_pre_hook(self, hook, prepend=False):
        """Call ``hook(module, grad_output)`` in backward when the gradients with respect to the
        module's outputs are computed; it may return a new grad_output."""
        return self._add_hook(self.__dict__.setdefault("_backward_pre_hooks", OrderedDict()), hook, prepend)

    # ------------------------------------------------------------------ registration
    def __setattr__(self, name, value):
        mutations[0] += 1
        d = self.__dict__
        params = d.get("_parameters")
        if isinstance(value, Parameter):
            if params is None:
                raise AttributeError("cannot assign parameters before Module.__init__() call")
            _remove_from(self, name, d, self._buffers, self._modules, self._non_persistent_buffers_set)
            self.register_parameter(name, value)
        elif params is not None and name in params:
            if value is not None:
                raise TypeError(f"cannot assign '{_type_name(value)}' as parameter '{name}' "
                                "(torch.nn.Parameter or None expected)")
            self.register_parameter(name, value)
        elif isinstance(value, Module):
            modules = d.get("_modules")
            if modules is None:
                raise AttributeError("cannot assign module before Module.__init__() call")
            _remove_from(self, name, d, self._parameters, self._buffers, self._non_persistent_buffers_set)
            modules[name] = value
        elif d.get("_modules") is not None and name in d["_modules"]:
            if value is not None:
                raise TypeError(f"cannot assign '{_type_name(value)}' as child module '{name}' "
                                "(torch.nn.Module or None expected)")
            d["_modules"][name] = value
        elif isinstance(value, Buffer) or (d.get("_buffers") is not None and name in d["_buffers"]):
            if value is not None and not isinstance(value, Tensor):
                raise TypeError(f"cannot assign '{_type_name(value)}' as buffer '{name}' "
                                "(torch.nn.Buffer, torch.Tensor or None expected)")
            if isinstance(value, Buffer):
                self.register_buffer(name, value, value.persistent)
            else:
                d["_buffers"][name] = value
        else:
            object.__setattr__(self, name, value)

    def __getattr__(self, name):
        # only reached for missing names: registered parameters, buffers and children are in __dict__
        raise AttributeError(f"'{type(self).__name__}' object has no attribute '{name}'")

    def __delattr__(self, name):
        mutations[0] += 1
        for store in (self._parameters, self._buffers, self._modules):
            if name in store:
                del store[name]
                self._non_persistent_buffers_set.discard(name)
                return
        object.__delattr__(self, name)

    def __dir__(self):
        return sorted(set(object.__dir__(self)) | set(self._parameters) | set(self._buffers)
                      | set(self._modules))

    def _check_name(self, name, kind):
        if not isinstance(name, str):
            raise TypeError(f"{kind} name should be a string. Got {type(name).__name__}")
        if "." in name:
            raise KeyError(f'{kind} name can\'t contain ".", got: {name}')
        if name == "":
            raise KeyError(f'{kind} name can\'t be empty string ""')

    def register_parameter(self, name, param):
        """Add a parameter (or None) under ``name``."""
        if "_parameters" not in self.__dict__:
            raise AttributeError("cannot assign parameter before Module.__init__() call")
        self._check_name(name, "parameter")
        if hasattr(type(self), name) or (name in self.__dict__ and name not in self._parameters):
            raise KeyError(f"attribute '{name}' already exists")
        if param is not None and not isinstance(param, Parameter):
            raise TypeError(f"cannot assign '{_type_name(param)}' object to parameter '{name}' "
                            "(torch.nn.Parameter or None required)")
        if param is not None and param.grad_fn is not None:
            raise ValueError(f"Cannot assign non-leaf Tensor to parameter '{name}'. Model parameters must be "
                             "created explicitly. To express '{name}' as a function of another Tensor, compute "
                             "the value in the forward() method.")
        self._parameters[name] = param

    def register_buffer(self, name, tensor, persistent=True):
        """Add a buffer (state that is not a parameter, e.g. running statistics) under ``name``."""
        if "_buffers" not in self.__dict__:
            raise AttributeError("cannot assign buffer before Module.__init__() call")
        self._check_name(name, "buffer")
        if (hasattr(type(self), name) or name in self.__dict__) and name not in self._buffers:
            raise KeyError(f"attribute '{name}' already exists")
        if tensor is not None and not isinstance(tensor, Tensor):
            raise TypeError(f"cannot assign '{_type_name(tensor)}' object to buffer '{name}' "
                            "(torch Tensor or None required)")
        self._buffers[name] = tensor
        if persistent:
            self._non_persistent_buffers_set.discard(name)
        else:
            self._non_persistent_buffers_set.add(name)

    def add_module(self, name, module):
        """Add a child module under ``name``."""
        if module is not None and not isinstance(module, Module):
            raise TypeError(f"{_type_name(module)} is not a Module subclass")
        self._check_name(name, "module")
        if hasattr(type(self), name) and name not in self._modules:
            raise KeyError(f"attribute '{name}' already exists")
        self._modules[name] = module

    register_module = add_module

    def get_submodule(self, target):
        """The submodule at the dotted path ``target`` ('' is self)."""
        mod = self
        if target == "":
            return mod
        for item in target.split("."):
            if item not in mod._modules:
                raise AttributeError(f"{type(mod).__name__} has no attribute `{item}`")
            mod = mod._modules[item]
        return mod

    def set_submodule(self, target, module, strict=False):
        """Put ``module`` at the dotted path ``target`` (its parent must exist; with ``strict``, so
        must the submodule it replaces)."""
        if target == "":
            raise ValueError("Cannot set the submodule without a target name!")
        if not isinstance(module, Module):
            raise ValueError(f"`module` is not an nn.Module, found {type(module)}")
        parent_path, _, name = target.rpartition(".")
        parent = self.get_submodule(parent_path)
        if hasattr(parent, name):
            if not isinstance(getattr(parent, name), Module):
                raise AttributeError(f"`{name}` is not an nn.Module")
        elif strict:
            raise AttributeError(f"{parent._get_name()} has no attribute `{name}`")
        setattr(parent, name, module)

    def get_parameter(self, target):
        """The parameter at the dotted path ``target``."""
        mod_path, _, name = target.rpartition(".")
        mod = self.get_submodule(mod_path)
        if name not in mod._parameters:
            raise AttributeError(f"{type(mod).__name__} has no parameter `{name}`")
        return mod._parameters[name]

    def get_buffer(self, target):
        """The buffer at the dotted path ``target``."""
        mod_path, _, name = target.rpartition(".")
        mod = self.get_submodule(mod_path)
        if name not in mod._buffers:
            if hasattr(mod, name):
                raise AttributeError(f"`{name}` is not a buffer")
            raise AttributeError(f"{type(mod).__name__} has no attribute `{name}`")
        return mod._buffers[name]

    # ------------------------------------------------------------------ iteration
    def named_modules(self, memo=None, prefix="", remove_duplicate=True):
        """(name, module) for this module and every descendant, each module once."""
        if memo is None:
            memo = set()
        if remove_duplicate:
            if self in memo:
                return
            memo.add(self)
        yield prefix, self
        for name, module in self._modules.items():
            if module is None:
                continue
            sub = prefix + ("." if prefix else "") + name
            yield from module.named_modules(memo, sub, remove_duplicate)

    def modules(self):
        """This module and every descendant, each once."""
        for _, m in self.named_modules():
            yield m

    def named_children(self):
        """(name, module) for the direct children, each once."""
        seen = set()
        for name, module in self._modules.items():
            if module is not None and module not in seen:
                seen.add(module)
                yield name, module

    def children(self):
        """The direct children, each once."""
        for _, m in self.named_children():
            yield m

    def _named_members(self, store, prefix, recurse, remove_duplicate):
        mods = self.named_modules(prefix=prefix, remove_duplicate=remove_duplicate) if recurse \
            else [(prefix, self)]
        seen = set()
        for mod_prefix, mod in mods:
            for name, v in getattr(mod, store).items():
                if v is None:
                    continue
                if remove_duplicate:
                    if id(v) in seen:
                        continue
                    seen.add(id(v))
                yield mod_prefix + ("." if mod_prefix else "") + name, v

    def named_parameters(self, prefix="", recurse=True, remove_duplicate=True):
        """(dotted name, Parameter) pairs; a shared parameter comes once."""
        return self._named_members("_parameters", prefix, recurse, remove_duplicate)

    def parameters(self, recurse=True):
        """The parameters (a shared one once), in registration order."""
        for _, p in self.named_parameters(recurse=recurse):
            yield p

    def named_buffers(self, prefix="", recurse=True, remove_duplicate=True):
        """(dotted name, buffer) pairs."""
        return self._named_members("_buffers", prefix, recurse, remove_duplicate)

    def buffers(self, recurse=True):
        """The buffers, in registration order."""
        for _, b in self.named_buffers(recurse=recurse):
            yield b

    # ------------------------------------------------------------------ modes and grads
    def train(self, mode=True):
        """Set training mode on this module and its descendants; returns self."""
        if not isinstance(mode, bool):
            raise ValueError("training mode is expected to be boolean")
        self.training = mode
        for m in self.children():
            m.train(mode)
        return self

    def eval(self):
        """Evaluation mode (``train(False)``); returns self."""
        return self.train(False)

    def requires_grad_(self, requires_grad=True):
        """Set ``requires_grad`` on every parameter; returns self."""
        for p in self.parameters():
            p.requires_grad_(requires_grad)
        return self

    def zero_grad(self, set_to_none=True):
        """Reset the gradients of every parameter (to None by default)."""
        for p in self.parameters():
            if p.grad is None:
                continue
            if set_to_none:
                p.grad = None
            else:
                g = p.grad
                g.detach_()  # the same tensor, as PyTorch's (compiled steps guard its identity)
                with no_grad():
                    g.zero_()

    # ------------------------------------------------------------------ conversions
    def _apply(self, fn):
        """Replace every parameter's and buffer's storage by ``fn(tensor)``, keeping the objects."""
        for m in self.children():
            m._apply(fn)
        with no_grad():
            for p in self._parameters.values():
                if p is None:
                    continue
                p.data = fn(p.data)  # a lazy one too: it materialises where (and as what) it was moved
                if p.grad is not None:
                    p.grad = fn(p.grad)
            for name, b in self._buffers.items():
                if b is not None:
                    self._buffers[name] = fn(b)
        return self

    def apply(self, fn):
        """Call ``fn`` on every descendant (children first) and on self; returns self."""
        for m in self.children():
            m.apply(fn)
        fn(self)
        return self

    def to(self, *args, **kwargs):
        """Move and/or cast parameters and buffers (floating ones only for dtypes); returns self."""
        dtype = kwargs.pop("dtype", None)
        device = kwargs.pop("device", None)
        kwargs.pop("non_blocking", None)
        kwargs.pop("memory_format", None)  # (minigrad's arrays keep their layout)
        if kwargs:
            raise TypeError(f"to() got unexpected keyword arguments {sorted(kwargs)}")
        for a in args:
            if isinstance(a, Tensor):
                dtype, device = a.dtype, a.device
            elif isinstance(a, _dt.dtype) or (not isinstance(a, str) and str(a).startswith("torch.")):
                dtype = a
            elif a is not None:
                device = a
        if dtype is not None:
            dtype = _dt.to_dtype(dtype)
            if not dtype.is_floating_point:
                raise TypeError(f"nn.Module.to only accepts floating point dtypes, but got desired dtype={dtype}")

        def convert(t):
            if dtype is not None and t.is_floating_point():
                return t.to(device=device, dtype=dtype)
            return t.to(device=device) if device is not None else t
        return self._apply(convert)

    def float(self):
        """Cast floating parameters and buffers to float32; returns self."""
        return self._apply(lambda t: t.float() if t.is_floating_point() else t)

    def double(self):
        """Cast floating parameters and buffers to float64; returns self."""
        return self._apply(lambda t: t.double() if t.is_floating_point() else t)

    def half(self):
        """Cast floating parameters and buffers to float16; returns self."""
        return self._apply(lambda t: t.half() if t.is_floating_point() else t)

    def cpu(self):
        """Move parameters and buffers to the CPU; returns self."""
        return self._apply(lambda t: t.cpu())

    def cuda(self, device=None):
        """Move parameters and buffers to a CUDA device; returns self."""
        return self._apply(lambda t: t.cuda(device))

    def type(self, dst_type):
        """Cast all parameters and buffers to ``dst_type``; returns self."""
        return self._apply(lambda t: t.to(dst_type))

    # ------------------------------------------------------------------ state dict
    def state_dict(self, *args, destination=None, prefix="", keep_vars=False):
        """An OrderedDict of every parameter and persistent buffer under its dotted name
        (detached tensors sharing storage, unless ``keep_vars``)."""
        if args:  # PyTorch's deprecated positional form (destination, prefix, keep_vars)
            destination = args[0]
            if len(args) > 1:
                prefix = args[1]
            if len(args) > 2:
                keep_vars = args[2]
        if destination is None:
            destination = OrderedDict()
        for name, p in self._parameters.items():
            if p is not None:  # (a lazy layer's placeholders are saved as they are, as PyTorch saves them)
                destination[prefix + name] = p if keep_vars or is_lazy(p) else p.detach()
        for name, b in self._buffers.items():
            if b is not None and name not in self._non_persistent_buffers_set:
                destination[prefix + name] = b if keep_vars or is_lazy(b) else b.detach()
        if type(self).get_extra_state is not Module.get_extra_state:
            destination[prefix + _EXTRA_STATE] = self.get_extra_state()
        for name, m in self._modules.items():
            if m is not None:
                m.state_dict(destination=destination, prefix=prefix + name + ".", keep_vars=keep_vars)
        return destination

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

    def _state_when_missing(self, name):
        """The value ``load_state_dict`` gives this module's entry ``name`` when a state_dict lacks it
        (None: the key is missing); modules whose older checkpoints lack an entry override it."""
        return None

    def load_state_dict(self, state_dict, strict=True, assign=False):
        """Copy parameters and buffers from ``state_dict`` (minigrad Tensors, NumPy arrays or torch
        tensors; values are copied, never aliased).

        Every problem (missing keys and unexpected keys when ``strict``, and shape
        mismatches always) is reported in one RuntimeError, and on error nothing is
        changed. Returns ``(missing_keys, unexpected_keys)``.
        """
        if not hasattr(state_dict, "keys") or not hasattr(state_dict, "__getitem__"):
            raise TypeError(f"Expected state_dict to be dict-like, got {type(state_dict)}.")
        plan = []  # (target tensor, source tensor, owning module, name)
        missing, errors, hooks_unexpected = [], [], []
        hooked = [(name, mod) for name, mod in self.named_modules() if mod.__dict__.get("_load_state_dict_pre_hooks")]
        if hooked:  # the hooks may rewrite the keys: they work on a copy, as PyTorch's
            state_dict = OrderedDict(state_dict)
            for mod_prefix, mod in hooked:
                for hook in list(mod._load_state_dict_pre_hooks.values()):
                    hook(state_dict, mod_prefix + "." if mod_prefix else "", {}, strict, missing,
                         hooks_unexpected, errors)
        expected = set()
        extra = []  # (module, its extra state) for modules that keep one
        for mod_prefix, mod in self.named_modules(remove_duplicate=False):
            prefix = mod_prefix + "." if mod_prefix else ""
            if type(mod).set_extra_state is not Module.set_extra_state:
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
                    default = mod._state_when_missing(name)
                    if default is None:
                        missing.append(key)
                    else:
                        plan.append((target, default, mod, name))
                    continue
                try:
                    src = _as_host_or_tensor(state_dict[key])
                except TypeError as exc:  # reported with the other problems, as PyTorch does
                    errors.append(f'While copying the parameter named "{key}", {exc}')
                    continue
                if is_lazy(target):
                    plan.append((target, src, mod, name))
                    continue
                if tuple(src.shape) != tuple(target.shape):
                    errors.append(f"size mismatch for {key}: copying a param with shape {_size(src.shape)} "
                                  f"from checkpoint, the shape in current model is {_size(target.shape)}.")
                    continue
                plan.append((target, src, mod, name))
        unexpected = hooks_unexpected + [k for k in state_dict.keys() if k not in expected]
        if strict:
            if unexpected:
                errors.insert(0, "Unexpected key(s) in state_dict: {}. ".format(
                    ", ".join(f'"{k}"' for k in unexpected)))
            if missing:
                errors.insert(0, "Missing key(s) in state_dict: {}. ".format(
                    ", ".join(f'"{k}"' for k in missing)))
        if errors:
            raise RuntimeError("Error(s) in loading state_dict for {}:\n\t{}".format(
                type(self).__name__, "\n\t".join(errors)))
        with no_grad():
            for target, src, mod, name in plan:
                if is_lazy(target):
                    target.materialize(src.shape)
                if assign:
                    new = src.to(target.device).clone()
                    if isinstance(target, Parameter):
                        target.data = new.to(target.dtype) if new.dtype != target.dtype else new
                    else:
                        mod._buffers[name] = new
                else:
                    target.copy_(src)
        for mod, state in extra:
            mod.set_extra_state(state)
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

    # ------------------------------------------------------------------ printing
    def extra_repr(self):
        """The text inside this module's parentheses in ``repr``; subclasses override it."""
        return ""

    def _get_name(self):
        return type(self).__name__

    def __repr__(self):
        extra = self.extra_repr()
        extra_lines = extra.split("\n") if extra else []
        child_lines = []
        for name, module in self._modules.items():
            child_lines.append(f"({name}): " + _addindent(repr(module), 2))
        lines = extra_lines + child_lines
        main = self._get_name() + "("
        if lines:
            if len(extra_lines) == 1 and not child_lines:
                main += extra_lines[0]
            else:
                main += "\n  " + "\n  ".join(lines) + "\n"
        return main + ")"

    def __setstate__(self, state):
        d = self.__dict__
        d.update(state)
        for name in ("_parameters", "_buffers", "_modules"):  # (a copy's registries mirror into its own __dict__)
            registry = d.get(name)
            if isinstance(registry, _Registry):
                registry._attributes = d


_EXTRA_STATE = "_extra_state"  # the state_dict key of a module's get_extra_state()


class _Handle:
    """A removable registration in an ordered dict of hooks."""

    _next_id = 0

    def __init__(self, hooks, fn, *flags):
        mutations[0] += 1
        self._hooks = hooks
        self._flags = flags  # sets of hook ids (registered with_kwargs, always_call) to leave on removal
        self.id = _Handle._next_id
        _Handle._next_id += 1
        hooks[self.id] = fn
        for flag in flags:
            flag.add(self.id)

    def remove(self):
        """Unregister the hook."""
        mutations[0] += 1
        self._hooks.pop(self.id, None)
        for flag in self._flags:
            flag.discard(self.id)


def _remove_from(module, name, d, *stores):
    d.pop(name, None)
    for s in stores:
        if isinstance(s, dict):
            s.pop(name, None)
        else:
            s.discard(name)


def _type_name(value):
    if isinstance(value, Tensor):
        return value.type()
    module = type(value).__module__
    return type(value).__qualname__ if module == "builtins" else module + "." + type(value).__qualname__


def _size(shape):
    return repr(Size(tuple(shape)))
