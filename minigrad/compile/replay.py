"""The replay of a tape: generated straight-line code repeating the capture's array calls.

One function of array calls in the capture's order, on the same functions with
the same arguments; nothing else runs (no Tensor objects, no graph nodes, no
dispatch). Where a call's result is a fresh array and the function can write
into a given one (ufuncs, their reductions, products), it writes into a buffer
allocated once (``out=``); a view of arrays that never change identity
(parameters, buffers) is taken once at build time; calls on constants are
folded; calls nothing observes are left out; everything else (views of
inputs, live numbers, random draws, NumPy scalars) is computed at every
replay, as the eager step computes it. Values the user can hold (returned
tensors, new gradients) come from pools (``runtime.take``). Which instructions are
kept, and in which order, is decided in ``replay_plan.py``.
"""
import operator

from .guard import path_expr
from .call_kinds import _IN_PLACE_OPERATORS
from .slots import Ref
from .runtime import Consumed, empty_like, xp_of
from .replay_plan import grad_owners, handed_slots, instruction_order, needed_instructions, _random_function
from .traced import Method, setitem, traced_class, TracedScalar, _is_ufunc

# operator functions and the ufunc names that compute them (``a + b`` is ``add(a, b)`` on arrays;
# ``**`` is not here: NumPy computes ``a ** 2`` and ``a ** 0.5`` by other functions than power)
_OPERATOR_UFUNCS = {operator.add: "add", operator.sub: "subtract", operator.mul: "multiply",
                    operator.truediv: "true_divide", operator.floordiv: "floor_divide",
                    operator.mod: "remainder", operator.matmul: "matmul", operator.and_: "bitwise_and",
                    operator.or_: "bitwise_or", operator.xor: "bitwise_xor", operator.lshift: "left_shift",
                    operator.rshift: "right_shift", operator.lt: "less", operator.le: "less_equal",
                    operator.gt: "greater", operator.ge: "greater_equal", operator.eq: "equal",
                    operator.ne: "not_equal", operator.neg: "negative", operator.pos: "positive",
                    operator.abs: "absolute", operator.invert: "invert",
                    operator.iadd: "add", operator.isub: "subtract", operator.imul: "multiply",
                    operator.itruediv: "true_divide", operator.ifloordiv: "floor_divide",
                    operator.imod: "remainder", operator.iand: "bitwise_and", operator.ior: "bitwise_or",
                    operator.ixor: "bitwise_xor"}
_UNARY_OPERATORS = frozenset({operator.neg, operator.pos, operator.abs, operator.invert})
# methods and functions that take ``out=`` and compute the same values into it
_OUT_METHODS = frozenset({"sum", "mean", "prod", "max", "min", "cumsum", "std", "var", "any", "all", "round",
                          "clip", "take"})
_OUT_FUNCTIONS = frozenset({"dot", "sum", "mean", "prod", "clip", "take", "concatenate", "stack", "cumsum",
                            "amax", "amin", "max", "min", "einsum"})
# ufuncs whose output may not be passed by position (NumPy deprecates it)
_OUT_BY_KEYWORD = frozenset({"maximum", "minimum"})
# NumPy's ndarray reductions and the ufunc each one reduces with (``a.sum(...)`` is ``add.reduce(a, ...)``)
_REDUCTIONS = {"sum": "add", "prod": "multiply", "max": "maximum", "min": "minimum"}
# calls that return their argument unchanged and do nothing else
_IDENTITY = frozenset({"asarray", "astype", "ascontiguousarray", "asanyarray", "array"})


class ReplayBuilder:
    """Decides where each slot lives (a fixed name, a buffer, a pool, a local) and writes the replay."""

    def __init__(self, cap, src):
        self.cap = cap
        self.rec = cap.rec
        self.rec.resolve_views()
        self.src = src
        self.lines = []
        self.fixed = {}       # slot -> object known at build time (externals, buffers, hoisted values)
        self.constant = set() # fixed slots whose values never change (computed once from constants)
        self.handed = handed_slots(cap)
        self.grad_owner = grad_owners(cap, src)

    def name(self, i):
        """Source naming slot ``i``."""
        if i in self.fixed:
            return self.src.bind(self.fixed[i], "f")
        return f"s{i}"

    def expr(self, v):
        """Source for an encoded argument."""
        cls = v.__class__
        if isinstance(v, Ref):
            return self.name(v.i)
        if cls is tuple:
            return "(" + "".join(self.expr(x) + ", " for x in v) + ")"
        if cls is list:
            return "[" + ", ".join(self.expr(x) for x in v) + "]"
        return self.src.literal(v)

    def call_args(self, instr, extra=None):
        parts = [self.expr(a) for a in instr.args]
        for k, v in (instr.kwargs or {}).items():
            parts.append(f"{k}={self.expr(v)}")
        if extra:
            parts.append(extra)
        return ", ".join(parts)

    def stable(self, v):
        """Whether an encoded argument names only objects fixed for the tape's lifetime."""
        if isinstance(v, Ref):
            return v.i in self.fixed
        if v.__class__ in (tuple, list):
            return all(self.stable(x) for x in v)
        return True

    def constants_only(self, v):
        """Whether an encoded argument names only constant slots (and plain values)."""
        if isinstance(v, Ref):
            return v.i in self.constant
        if v.__class__ in (tuple, list):
            return all(self.constants_only(x) for x in v)
        return True

    def build(self):
        rec = self.rec
        cap = self.cap
        for tr in cap.externals:
            self.fixed[tr.slot] = tr.data
            if tr.grad_slot is not None:
                self.fixed[tr.grad_slot] = tr.grad_data
        for tr in cap.inputs:
            p = path_expr(tr.path)
            self.lines.append(f"s{tr.slot} = {p}._data")
            if tr.grad_slot is not None:
                self.lines.append(f"s{tr.grad_slot} = {p}._grad._data")
        needed = needed_instructions(cap, self.handed)
        for n in instruction_order(rec):
            if n in needed:
                instr = rec.instrs[n]
                getattr(self, "_" + instr.kind)(n, instr)
        self._effects()
        self.lines.append(f"return {self._result(cap.result)}")
        body = "".join(f"    {line}\n" for line in self.lines)
        return f"def replay(args, kwargs):\n{body}"

    # ------------------------------------------------------------------ instructions
    def _call(self, n, instr):
        fn = instr.fn
        rec = self.rec
        if not instr.outs:
            if instr.same is not None or instr.writes or fn is setitem:
                self._statement(instr)
            return
        if len(instr.outs) > 1:
            names = ", ".join(f"s{i}" for i in instr.outs)
            self.lines.append(f"{names}, = {self._call_expr(instr)}")
            return
        i = instr.outs[0]
        slot = rec.slots[i]
        value = slot.value
        is_array = traced_class(value) is not None and traced_class(value) is not TracedScalar
        refs = _has_refs(instr.args) or _has_refs(tuple((instr.kwargs or {}).values()))
        kw_values = tuple((instr.kwargs or {}).values())
        hoist = i not in self.handed and not slot.written and not instr.writes and not _random_function(fn)
        if hoist and (not refs or (self.constants_only(instr.args) and self.constants_only(kw_values))):
            # a constant: computed from constants only, the same at every replay
            self.fixed[i] = value if not refs else self._evaluate(instr)
            self.constant.add(i)
            return
        if hoist and is_array and instr.views and self.stable(instr.args) and self.stable(kw_values):
            # a view of arrays that never change identity: taken once
            self.fixed[i] = self._evaluate(instr)
            return
        out = self._out_form(instr, value) if is_array and not instr.views else None
        if out is None:
            self.lines.append(f"s{i} = {self._call_expr(instr)}")
            return
        if i in self.handed:
            pool = self.src.bind([empty_like(value)], 'pool')
            owner = self.grad_owner.get(i)
            self.lines.append(f"s{i} = take_grad({pool}, {owner})" if owner else f"s{i} = take({pool})")
            target = f"s{i}"
        else:
            self.fixed[i] = empty_like(value)
            target = self.name(i)
        self.lines.append(out(target))

    def _evaluate(self, instr):
        """Run a call now on the fixed objects (a view of arrays that never change identity)."""
        args = tuple(_resolve(a, self.fixed) for a in instr.args)
        kwargs = {k: _resolve(v, self.fixed) for k, v in (instr.kwargs or {}).items()}
        return instr.fn(*args, **kwargs)

    def _call_expr(self, instr, out=None):
        """Source of the call (writing into ``out`` when given)."""
        fn = instr.fn
        kwargs = dict(instr.kwargs or {})
        if out is not None:
            kwargs["out"] = out
        if fn.__class__ is Method:
            recv, rest = instr.args[0], list(instr.args[1:])
            reduce = self._reduction(fn.name, recv)
            if reduce is not None:
                # ndarray.sum(...) is add.reduce(a, ...) (axis None unless given): the same computation
                # without the method's Python layer
                if not rest and "axis" not in kwargs:
                    rest = [None]
                parts = [self.expr(recv)] + [self.expr(a) for a in rest] + [
                    f"{k}={v if k == 'out' else self.expr(v)}" for k, v in kwargs.items()]
                return f"{reduce}({', '.join(parts)})"
            parts = [self.expr(a) for a in rest] + [
                f"{k}={v if k == 'out' else self.expr(v)}" for k, v in kwargs.items()]
            return f"{self.expr(recv)}.{fn.name}({', '.join(parts)})"
        if fn is operator.getitem:
            return f"{self.expr(instr.args[0])}[{self.expr(instr.args[1])}]"
        parts = [self.expr(a) for a in instr.args]
        out_kw = kwargs.pop("out", None)
        if out_kw is not None and _is_ufunc(fn) and len(parts) == fn.nin and fn.nout == 1 \
                and getattr(fn, "__name__", "") not in _OUT_BY_KEYWORD:
            # out given by position: the same call, without keyword parsing
            parts.append(out_kw if out is not None else self.expr(out_kw))
        elif out_kw is not None:
            kwargs["out"] = out_kw
        parts += [f"{k}={v if (k == 'out' and out is not None) else self.expr(v)}" for k, v in kwargs.items()]
        return f"{self.src.bind(fn)}({', '.join(parts)})"

    def _reduction(self, name, recv):
        """Source of the ufunc reduce that NumPy's ndarray.<name> calls, or None."""
        ufunc = _REDUCTIONS.get(name)
        if ufunc is None or not isinstance(recv, Ref):
            return None
        value = self.rec.slots[recv.i].value
        xp = xp_of(value)
        if xp is None or getattr(xp, "__name__", "") != "numpy" or traced_class(value) is TracedScalar:
            return None
        return self.src.bind(getattr(xp, ufunc).reduce)

    def _statement(self, instr):
        fn = instr.fn
        if fn is setitem:
            a = instr.args
            self.lines.append(f"{self.expr(a[0])}[{self.expr(a[1])}] = {self.expr(a[2])}")
            return
        if fn in _IN_PLACE_OPERATORS:
            target = instr.args[0]
            value = self.rec.slots[target.i].value if isinstance(target, Ref) else None
            xp = xp_of(value) if value is not None else None
            ufunc = _OPERATOR_UFUNCS.get(fn)
            if xp is not None and ufunc is not None and traced_class(value) is not TracedScalar:
                self.lines.append(f"{self.src.bind(getattr(xp, ufunc))}({self.call_args(instr, self.expr(target))})")
                return
        name = fn.name if fn.__class__ is Method else getattr(fn, "__name__", "")
        if instr.same is not None and not instr.writes and name in _IDENTITY:
            return  # returned its argument, did nothing else
        self.lines.append(self._call_expr(instr))

    def _out_form(self, instr, value):
        """A function giving the source of the call writing into a given array, when the call can."""
        fn = instr.fn
        kwargs = instr.kwargs or {}
        if "out" in kwargs:
            return None
        if fn.__class__ is Method:
            if fn.name in _OUT_METHODS:
                return lambda target: self._call_expr(instr, target)
            if fn.name == "dot" and len(instr.args) == 2 and not kwargs:
                return lambda target: f"{self.expr(instr.args[0])}.dot({self.expr(instr.args[1])}, {target})"
            return None
        if fn in _OPERATOR_UFUNCS:
            xp = xp_of(value)
            if xp is None or fn in _IN_PLACE_OPERATORS:
                return None
            ufunc = self.src.bind(getattr(xp, _OPERATOR_UFUNCS[fn]))
            return lambda target: f"{ufunc}({self.call_args(instr, target)})"
        if _is_ufunc(fn) and getattr(fn, "__name__", "") in _OUT_BY_KEYWORD:
            if fn.nout == 1 and len(instr.args) == fn.nin and not kwargs:
                return lambda target: f"{self.src.bind(fn)}({self.call_args(instr, 'out=' + target)})"
            return None
        if _is_ufunc(fn):
            if fn.nout == 1 and len(instr.args) == fn.nin and not kwargs:
                return lambda target: self._call_expr(instr, target)
            return None
        owner = getattr(fn, "__self__", None)
        fname = getattr(fn, "__name__", "")
        if (owner is not None and _is_ufunc(owner) and fname in ("reduce", "accumulate")) or fname in _OUT_FUNCTIONS:
            return lambda target: self._call_expr(instr, target)
        return None

    def _draw(self, n, instr):
        source, name = instr.fn
        i = instr.outs[0]
        self.lines.append(f"s{i} = {self.src.bind(source)}().{name}({self.call_args(instr)})")

    def _live(self, n, instr):
        call = f"{self.src.bind(instr.fn)}(*{self.src.bind(instr.args)})"
        outs = instr.outs
        if instr.same:  # a single float
            self.lines.append(f"s{outs[0]} = {call}")
            return
        self.lines.append(f"_live = {call}")
        for k, o in enumerate(outs):
            if o is not None:
                self.lines.append(f"s{o} = _live[{k}]")

    def _action(self, n, instr):
        self.lines.append(f"{self.src.bind(instr.fn)}(*{self.src.bind(instr.args)})")

    def _check(self, n, instr):
        what = instr.fn
        target = self.expr(instr.args[0])
        expr = {"item": f"{target}.item()", "__bool__": f"bool({target})", "__float__": f"float({target})",
                "__int__": f"int({target})", "__index__": f"{target}.__index__()"}[what]
        self.lines.append(f"if _differs({expr}, {self.src.literal(instr.same)}):")
        self.lines.append("    return BAIL")

    def _read(self, n, instr):
        what = instr.fn
        target = self.expr(instr.args[0])
        i = instr.outs[0]
        if what == "__float__":
            self.lines.append(f"s{i} = float({target})")
        else:
            extra = ", ".join(self.expr(a) for a in instr.args[1:])
            self.lines.append(f"s{i} = {target}.{what}({extra})")

    # ------------------------------------------------------------------ effects and result
    def _effects(self):
        src = self.src
        for e in self.cap.effects:
            tr = e[1]
            t = path_expr(tr.path) if tr.path is not None else src.bind(tr.tensor)
            if e[0] == "grad_none":
                self.lines.append(f"{t}._grad = None")
            else:
                _, _, slot, version = e
                dev = src.bind(tr.tensor._device)
                if slot in self.grad_owner:
                    self.lines.append(f"set_grad({t}, {self.name(slot)}, {dev}, {version})")
                else:
                    self.lines.append(f"{t}._grad = make_tensor({self.name(slot)}, {dev}, {version})")
        for tr, delta, which in self.cap.versions:
            t = path_expr(tr.path) if tr.path is not None else src.bind(tr.tensor)
            self.lines.append(f"{t}{'._grad' if which == 'grad' else ''}._version_counter[0] += {delta}")

    def _result(self, t):
        src = self.src
        kind = t[0]
        if kind == "tensor":
            _, slot, dev, rg, node_name, version = t
            node = src.bind(Consumed(node_name, dev)) if node_name is not None else "None"
            return f"make_tensor({self.name(slot)}, {src.bind(dev)}, {version}, {rg}, {node})"
        if kind == "read":
            return self.name(t[1])
        if kind == "input":
            return path_expr(t[1])
        if kind == "object":
            return src.bind(t[1])
        if kind == "const":
            return src.literal(t[1])
        if kind == "dict":
            return "{" + ", ".join(f"{src.literal(k)}: {self._result(v)}" for k, v in t[1].items()) + "}"
        inner = "".join(self._result(p) + ", " for p in t[1])
        return f"({inner})" if kind == "tuple" else f"[{inner}]"


def _has_refs(v):
    if isinstance(v, Ref):
        return True
    if v.__class__ in (tuple, list):
        return any(_has_refs(x) for x in v)
    return False


def _resolve(v, fixed):
    if isinstance(v, Ref):
        return fixed[v.i]
    if v.__class__ in (tuple, list):
        return v.__class__(_resolve(x, fixed) for x in v)
    return v
