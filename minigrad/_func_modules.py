"""``func.functional_call``, ``func.stack_module_state`` and ``func.replace_all_batch_norm_modules_``:
calling a module with other parameters and buffers, stacking an ensemble's for ``vmap`` over
``functional_call``, and making batch norms fit for ``vmap`` (re-exported by ``minigrad.func``)."""
from .nn.module import Module
from .nn.modules.batchnorm import _BatchNorm
from .ops import stack
from .tensor import Tensor


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
    for value in given.values():  # (checked before anything is swapped in: PyTorch swaps them back)
        if value is not None and not isinstance(value, Tensor):
            raise TypeError(f"{value} is not an instance of torch.Tensor")
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


def stack_module_state(models):
    """``(params, buffers)``: dicts of each parameter's and buffer's name to the models' tensors of
    that name stacked along a new first dim, as new leaves (a parameter's requiring grad as it does),
    for ``vmap(functional_call)`` over an ensemble. The models are of one class and in one mode."""
    models = list(models)
    if not models:
        raise RuntimeError("stack_module_state: Expected at least one model, got 0.")
    if any(m.training != models[0].training for m in models):
        raise RuntimeError("stack_module_state: Expected all models to have the same training/eval mode.")
    if any(type(m) is not type(models[0]) for m in models):
        raise RuntimeError("stack_module_state: Expected all models to be of the same class.")
    all_params = [dict(m.named_parameters()) for m in models]
    params = {}
    for name in all_params[0]:
        tensors = [p[name] for p in all_params]
        if any(t.requires_grad != tensors[0].requires_grad for t in tensors):
            raise RuntimeError(f"Expected {name} from each model to have the same .requires_grad")
        params[name] = stack([t.detach() for t in tensors]).requires_grad_(tensors[0].requires_grad)
    all_buffers = [dict(m.named_buffers()) for m in models]
    buffers = {name: stack([b[name] for b in all_buffers]) for name in all_buffers[0]}
    return params, buffers


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


def replace_all_batch_norm_modules_(root):
    """Make every batch norm in ``root`` (itself included) use the batch's statistics without keeping
    running ones, in place (``running_mean``, ``running_var`` and ``num_batches_tracked`` None,
    ``track_running_stats`` False), so that ``vmap`` can run it; returns ``root``."""
    for module in root.modules():
        if isinstance(module, _BatchNorm) and module.track_running_stats:
            module.running_mean = None
            module.running_var = None
            module.num_batches_tracked = None
            module.track_running_stats = False
    return root
