"""The guard of a tape: one generated boolean expression saying whether a call fits it.

It checks the call's arguments (shapes, dtypes, devices, requires_grad,
whether gradients exist, Python numbers by value), grad mode, every edge of
the World (``world.py``) that leads to a tensor, Module or optimizer, each
tensor's data identity, requires_grad and gradient, the optimizers' state
sizes and the class (zero, one, other) of every checked live number. The
checks of Modules (flags, scalar attributes, hooks, registries) run only when
nn's mutation counter moved since they last held.
"""
from .slots import Ref
from ..nn import _module_hooks as _nn_module_hooks


def path_expr(path):
    """Source for the argument at ``path`` (("arg", i) / ("kwarg", k), then indices)."""
    head = f"args[{path[1]}]" if path[0] == "arg" else f"kwargs[{path[1]!r}]"
    return head + "".join(f"[{i}]" for i in path[2:])


def guard_source(cap, src):
    """``guard(args, kwargs)``; the checks of Modules (their flags, attributes, hooks and registries)
    run only when nn's mutation counter moved since they last held."""
    terms, module_terms = [], []
    args_t, kwargs_t = cap.args_template
    terms.append(f"len(args) == {len(args_t)}")
    terms.append(f"len(kwargs) == {len(kwargs_t)}")
    for i, t in enumerate(args_t):
        _arg_terms(terms, t, ("arg", i), src)
    for k, t in kwargs_t.items():
        terms.append(f"{k!r} in kwargs")
        _arg_terms(terms, t, ("kwarg", k), src)
    terms.append(f"_grad_state.enabled is {cap.grad_enabled}")
    world = cap.world
    for kind, holder, key, child in world.edges:
        h, c = src.bind(holder), src.bind(child)
        if kind == "item":
            term = f"{h}.get({src.literal(key)}, _MISSING) is {c}"
        elif kind == "index":
            term = f"len({h}) > {key} and {h}[{key}] is {c}"
        else:
            term = f"{h}.cell_contents is {c}"
        (module_terms if id(holder) in world.module_holders else terms).append(term)
    for kind, holder, key, v in world.values:
        h = src.bind(holder)
        now = f"{h}.cell_contents" if kind == "cell" else f"{h}.get({src.literal(key)}, _MISSING)"
        terms.append(f"same_value({now}, {src.literal(v)})")
    used = _used_slots(cap.rec.instrs)
    for tr in cap.externals:
        t = src.bind(tr.tensor)
        terms.append(f"{t}._data is {src.bind(tr.data)}")
        terms.append(f"{t}._rg is {tr.rg}")
        if tr.grad is None:
            terms.append(f"{t}._grad is None")
        elif tr.grad_slot in used:
            terms.append(f"{t}._grad is {src.bind(tr.grad)}")
            terms.append(f"{src.bind(tr.grad)}._data is {src.bind(tr.grad_data)}")
        else:
            terms.append(f"{t}._grad is not None")
    if cap.rec.modules:  # (global module hooks, like a module's own, are not in a replay)
        module_terms.append(f"not {src.bind(_nn_module_hooks)}._global_call_hooks")
    for m in cap.rec.modules.values():
        name = src.bind(m)
        module_terms.append(f"{name}.training is {m.training}")
        module_terms.append(f"not {name}._forward_hooks and not {name}._forward_pre_hooks")
        d = src.bind(m.__dict__)
        for attr, v in m.__dict__.items():
            if not attr.startswith("_") and attr != "training" and v.__class__ in (int, float, bool, str,
                                                                                    type(None)):
                module_terms.append(f"same_value({d}.get({attr!r}, _MISSING), {src.literal(v)})")
    for opt in world.optimizers.values():
        terms.append(f"len({src.bind(opt.state)}) == {len(opt.state)}")
    for instr in cap.rec.instrs:
        if instr.kind == "live" and instr.signature is not None:
            call = f"{src.bind(instr.fn)}(*{src.bind(instr.args)})"
            terms.append(f"signature({call}) == {src.literal(instr.signature)}")
    terms.append("(_mutations[0] == _seen[0] or modules_hold())")
    modules = "\n        and ".join(module_terms or ["True"])
    body = "\n        and ".join(terms)
    return (f"def modules_hold():\n    if (\n        {modules}):\n        _seen[0] = _mutations[0]\n"
            f"        return True\n    return False\n\n\n"
            f"def guard(args, kwargs):\n    return (\n        {body})\n")


def _used_slots(instrs):
    """The slots some instruction reads or writes."""
    used = set()

    def walk(v):
        if isinstance(v, Ref):
            used.add(v.i)
        elif v.__class__ in (tuple, list):
            for x in v:
                walk(x)
    for instr in instrs:
        if instr.kind in ("call", "draw", "read"):
            walk(instr.args)
            walk(tuple((instr.kwargs or {}).values()))
            used.update(instr.writes)
    return used


def _arg_terms(terms, t, path, src):
    e = path_expr(path)
    kind = t[0]
    if kind == "tensor":
        _, shape, dtype, dev, rg, cls, acls, has_grad = t
        terms.append(f"{e}.__class__ is {src.bind(cls)}")
        terms.append(f"{e}._data.__class__ is {src.bind(acls)}")
        terms.append(f"{e}._data.shape == {src.literal(tuple(shape))}")
        terms.append(f"{e}._data.dtype is {src.bind(dtype)}")
        terms.append(f"{e}._device is {src.bind(dev)}")
        terms.append(f"{e}._rg is {rg}")
        terms.append(f"{e}._grad is {'not ' if has_grad else ''}None")
    elif kind == "same":
        terms.append(f"{e} is {path_expr(t[1])}")
    elif kind == "value":
        terms.append(f"same_value({e}, {src.literal(t[2])})")
    elif kind == "object":
        terms.append(f"{e} is {src.bind(t[1])}")
    else:
        cls, parts = t
        terms.append(f"{e}.__class__ is {cls} and len({e}) == {len(parts)}")
        for i, p in enumerate(parts):
            _arg_terms(terms, p, path + (i,), src)
