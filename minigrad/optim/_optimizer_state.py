"""``OptimizerState``: an optimizer's state_dict in PyTorch's format, its loading, pickling and the
state-dict hooks (a base class of ``Optimizer``)."""
from collections import OrderedDict, defaultdict
from collections.abc import Mapping
from copy import deepcopy
from itertools import chain

from .. import dtypes
from ..autograd import no_grad
from ..creation import tensor
from ..nn.module import _as_host_or_tensor
from ..nn._registry import _Handle
from ..tensor import Tensor


def scalar_dtype(fused=False):
    """The dtype of the 0-d state tensors (the step count...): float64 while the default dtype is
    float64, else float32 (PyTorch's ``_get_scalar_dtype``; a fused step keeps float32)."""
    return dtypes.float64 if not fused and dtypes.get_default_dtype() is dtypes.float64 else dtypes.float32


class OptimizerState:
    """The state_dict of an optimizer (``param_groups`` and ``state``), its hooks and its pickled form."""

    #: the options a loaded (or unpickled) group lacking them is given, as PyTorch's optimizer of
    #: the same name gives them: a state_dict saved by an older PyTorch lacks the newer options
    _options_filled_on_load = {}
    #: the state entries a built-in optimizer keeps as 0-d tensors: loaded as numbers (a state_dict saved
    #: by an older PyTorch), they become tensors; other numbers (a custom optimizer's int step) stay numbers
    _scalar_state_keys = ()

    # ------------------------------------------------------------------ state dict hooks
    def _add_state_dict_hook(self, name, hook, prepend):
        # (the hook dicts are made at the first registration and not pickled, as PyTorch's)
        hooks = self.__dict__.get(name)
        if hooks is None:
            hooks = self.__dict__[name] = OrderedDict()
        handle = _Handle(hooks, hook)
        if prepend:
            hooks.move_to_end(handle.id, last=False)
        return handle

    def _state_dict_hooks(self, name):
        hooks = self.__dict__.get(name)
        return list(hooks.values()) if hooks else ()

    def register_state_dict_pre_hook(self, hook, prepend=False):
        """Call ``hook(optimizer)`` at the start of ``state_dict()`` (before the hooks registered
        earlier with ``prepend``). Returns a handle whose ``remove()`` unregisters it."""
        return self._add_state_dict_hook("_optimizer_state_dict_pre_hooks", hook, prepend)

    def register_state_dict_post_hook(self, hook, prepend=False):
        """Call ``hook(optimizer, state_dict)`` at the end of ``state_dict()``: it may change the
        state_dict in place or return a new one, which is returned instead (and given to the next
        hook). ``prepend`` runs it before the hooks registered earlier. Returns a handle."""
        return self._add_state_dict_hook("_optimizer_state_dict_post_hooks", hook, prepend)

    def register_load_state_dict_pre_hook(self, hook, prepend=False):
        """Call ``hook(optimizer, state_dict)`` at the start of ``load_state_dict()`` with a shallow
        copy of the given state_dict: it may change it in place or return a new one, which is loaded
        instead. ``prepend`` runs it before the hooks registered earlier. Returns a handle."""
        return self._add_state_dict_hook("_optimizer_load_state_dict_pre_hooks", hook, prepend)

    def register_load_state_dict_post_hook(self, hook, prepend=False):
        """Call ``hook(optimizer)`` once ``load_state_dict()`` has loaded the state (before the hooks
        registered earlier with ``prepend``). Returns a handle whose ``remove()`` unregisters it."""
        return self._add_state_dict_hook("_optimizer_load_state_dict_post_hooks", hook, prepend)

    # ------------------------------------------------------------------ state dict
    def state_dict(self):
        """``{'state': {index: {...}}, 'param_groups': [{..., 'params': [index, ...]}]}`` as PyTorch
        gives it: parameters are numbered in group order; each parameter's state dict is the
        optimizer's own (not a copy: later steps show in it). The state-dict pre hooks run first,
        the post hooks (which may replace the result) last."""
        for hook in self._state_dict_hooks("_optimizer_state_dict_pre_hooks"):
            hook(self)
        mapping = {}
        groups = []
        index = 0
        for group in self.param_groups:
            packed = {k: v for k, v in group.items() if k != "params"}
            ids = []
            for p in group["params"]:
                if id(p) not in mapping:
                    mapping[id(p)] = index
                    index += 1
                ids.append(mapping[id(p)])
            packed["params"] = ids
            groups.append(packed)
        state = {}
        for p, s in self.state.items():
            key = mapping[id(p)] if isinstance(p, Tensor) else p
            state[key] = s
        state_dict = {"state": state, "param_groups": groups}
        for hook in self._state_dict_hooks("_optimizer_state_dict_post_hooks"):
            result = hook(self, state_dict)
            if result is not None:
                state_dict = result
        return state_dict

    def load_state_dict(self, state_dict):
        """Restore state and group options saved by ``state_dict``. As PyTorch's, the group options
        are deep-copied but a state tensor is taken as it is where it is already on its parameter's
        device (and, for a floating parameter, of its dtype): later steps change it in place, in
        the given state_dict too. The load pre hooks see a shallow copy of ``state_dict`` first
        (and may replace it); the post hooks run after loading."""
        state_dict = state_dict.copy()  # (a shallow copy, as PyTorch's: the hooks may change it; a non-dict fails as there)
        for hook in self._state_dict_hooks("_optimizer_load_state_dict_pre_hooks"):
            result = hook(self, state_dict)
            if result is not None:
                state_dict = result
        groups = self.param_groups
        saved_groups = deepcopy(state_dict["param_groups"])
        if len(groups) != len(saved_groups):
            raise ValueError("loaded state dict has a different number of parameter groups")
        for g, sg in zip(groups, saved_groups):
            if len(g["params"]) != len(sg["params"]):
                raise ValueError("loaded state dict contains a parameter group that doesn't match the size of "
                                 "optimizer's group")
        id_map = dict(zip(chain.from_iterable(sg["params"] for sg in saved_groups),
                          chain.from_iterable(g["params"] for g in groups)))
        state = defaultdict(dict)
        # as PyTorch's: a key that is no saved parameter id (the string '0' is not the id 0) is kept as
        # it is, matching no parameter (minigrad.save and minigrad.load keep int keys ints)
        for k, v in state_dict["state"].items():
            if k in id_map:
                p = id_map[k]
                if not isinstance(v, Mapping):  # (PyTorch's optimizers fail on it with a TypeError, all but SGD)
                    raise TypeError(f"loaded state dict holds a {type(v).__name__} as the state of parameter {k!r}, "
                                    "where a dict of its state values is expected")
                state[p] = {name: self._import_state_value(name, val, p) for name, val in v.items()}
            else:
                state[k] = v
        new_groups = []
        for g, sg in zip(groups, saved_groups):
            ng = {k: (tuple(v) if k == "betas" and isinstance(v, list) else v) for k, v in sg.items()}
            ng["params"] = g["params"]
            if "param_names" in g and "param_names" not in ng:  # (a state_dict saved without names keeps ours)
                ng["param_names"] = g["param_names"]
            new_groups.append(ng)
        self.__setstate__({"state": state, "param_groups": new_groups})
        for hook in self._state_dict_hooks("_optimizer_load_state_dict_post_hooks"):
            hook(self)

    def _import_state_value(self, key, value, param):
        if isinstance(value, (int, float)):
            return tensor(float(value), dtype=scalar_dtype()) if key in self._scalar_state_keys else value
        if key == "step":  # PyTorch's form: a 0-d tensor on the CPU, of the saved dtype (a minigrad one as it is)
            if isinstance(value, Tensor) and value.device.type == "cpu" and value.dim() == 0:
                return value
            t = _as_host_or_tensor(value)
            return tensor(float(t.item()), dtype=t.dtype)
        if isinstance(value, Tensor) or hasattr(value, "__array__") or hasattr(value, "__dlpack__"):
            t = _as_host_or_tensor(value)
            with no_grad():
                moved = t.to(param.device)
                if param.is_floating_point():  # PyTorch: cast to the param's dtype only for a floating param
                    moved = moved.to(param.dtype)
                # a minigrad tensor that needed no change is taken as it is, as PyTorch's; another
                # library's array is copied (the steps change state in place: not in its memory)
                return moved if isinstance(value, Tensor) or moved is not t else moved.clone()
        if isinstance(value, (list, tuple)):  # lists of tensors (LBFGS's history), each cast as PyTorch casts them
            return type(value)(self._import_state_value(key, v, param) for v in value)
        return value

    def __getstate__(self):
        return {"defaults": self.defaults, "state": self.state, "param_groups": self.param_groups}

    def __setstate__(self, state):
        self.__dict__.update(state)
        for group in self.param_groups:
            for name, value in self._options_filled_on_load.items():
                group.setdefault(name, value)
