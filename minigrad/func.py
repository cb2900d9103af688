"""``minigrad.func``: calling a module with other parameters and buffers (``torch.func``'s
``functional_call``), for training loops that keep the weights outside the module."""
from .nn.module import Module

__all__ = ["functional_call"]


def functional_call(module, parameter_and_buffer_dicts, args=None, kwargs=None, *, tie_weights=True, strict=False):
    """Call ``module(*args, **kwargs)`` with the tensors of ``parameter_and_buffer_dicts`` (a dict of
    dotted names to tensors, or a tuple of such dicts) in place of its parameters and buffers of
    those names, then put the module's own back (also when the call raises).

    With ``tie_weights``, a tensor given for one of several names of one shared parameter stands
    for all of them. With ``strict``, every parameter and buffer must be given, and nothing else.
    """
    if not isinstance(module, Module):
        raise TypeError(f"functional_call(): expected an nn.Module, got {type(module).__name__}")
    dicts = parameter_and_buffer_dicts
    if isinstance(dicts, dict):
        dicts = (dicts,)
    given = {}
    repeated = []
    for d in dicts:
        for key, value in d.items():
            if key in given:
                repeated.append(key)
            given[key] = value
    if repeated:
        raise ValueError(f"{sorted(set(repeated))} appeared in multiple dictionaries; behavior of functional call "
                         "is ambiguous")
    names = _state_names(module)
    if tie_weights:
        given = _with_tied_names(given, names)
    if strict:
        _check_strict(module, given, names)
    if args is None:
        args = ()
    elif not isinstance(args, tuple):
        args = (args,)
    swapped = [_swap(module, key, value) for key, value in given.items()]
    try:
        return module(*args, **(kwargs or {}))
    finally:
        for restore in reversed(swapped):
            restore()


def _state_names(module):
    """Every dotted name of a parameter or buffer (shared ones under each of their names) -> its tensor."""
    names = {}
    for prefix, mod in module.named_modules(remove_duplicate=False):
        dot = prefix + "." if prefix else ""
        for store in (mod._parameters, mod._buffers):
            for name, t in store.items():
                if t is not None:
                    names[dot + name] = t
    return names


def _with_tied_names(given, names):
    """``given`` extended to every other name of a shared tensor one of whose names it sets."""
    by_tensor = {}
    for name, t in names.items():
        by_tensor.setdefault(id(t), []).append(name)
    out = dict(given)
    for key, value in given.items():
        if key not in names:
            continue
        for other in by_tensor[id(names[key])]:
            if other in given and given[other] is not value:
                raise ValueError(f"functional_call got multiple values for keys ['{key}', '{other}'], which are "
                                 "tied. Consider using tie_weights=False")
            out[other] = value
    return out


def _check_strict(module, given, names):
    missing = sorted(k for k in names if k not in given)
    unexpected = sorted(k for k in given if k not in names)
    if missing or unexpected:
        parts = []
        if unexpected:
            parts.append("Unexpected key(s): {}.".format(", ".join(repr(k) for k in unexpected)))
        if missing:
            parts.append("Missing key(s): {}.".format(", ".join(repr(k) for k in missing)))
        raise RuntimeError("Error(s) in reparametrizing for {}:\n\t{}".format(type(module).__name__,
                                                                              "\n\t".join(parts)))


def _swap(module, key, value):
    """Put ``value`` at dotted name ``key``; returns the function that puts back what was there."""
    path, _, name = key.rpartition(".")
    mod = module.get_submodule(path)
    for store in (mod._parameters, mod._buffers):
        if name in store:
            old = store[name]
            store[name] = value

            def restore(store=store, old=old):
                store[name] = old
            return restore
    missing = object()
    old = mod.__dict__.get(name, missing)
    mod.__dict__[name] = value  # (a name the module does not have: an attribute for the call)

    def restore_attribute():
        if old is missing:
            mod.__dict__.pop(name, None)
        else:
            mod.__dict__[name] = old
    return restore_attribute
