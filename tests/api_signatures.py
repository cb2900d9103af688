"""Signatures of minigrad's public API next to PyTorch's, for the API sweep test.

PyTorch's Python functions and classes give ``inspect.signature``. Its builtins
(``torch.zeros``, ``Tensor.add``) do not: their parameters come from the ATen
operator schemas the Python bindings are generated from (the names a call may
use: ``self`` is ``input`` for functions and the tensor itself for methods),
and, for the few builtins without a schema, from the docstring lines PyTorch
writes for each overload (``max(input, dim, keepdim=False, *, out=None)``).
"""
import functools
import inspect
import re
from dataclasses import dataclass

import torch
import torch.nn.functional as TF
import torch.optim.lr_scheduler as TL
import torch.utils.data as TD

import minigrad
import minigrad.nn.functional as MF
import minigrad.optim.lr_scheduler as ML
import minigrad.utils.data as MD

POSITIONAL = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)


@dataclass(frozen=True)
class Param:
    """One documented parameter: its name, how it may be passed, and whether it has a default."""
    name: str
    kind: inspect._ParameterKind
    has_default: bool


# ---------------------------------------------------------------------- reading signatures
def _split_top_level(text):
    parts, depth, current = [], 0, ""
    for ch in text:
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        if ch == "," and depth == 0:
            parts.append(current.strip())
            current = ""
        else:
            current += ch
    if current.strip():
        parts.append(current.strip())
    return parts


def _parse_doc_signature(text):
    params, keyword_only = [], False
    for token in _split_top_level(text.replace("\\*", "*")):
        token = token.split(":")[0].strip() if "=" not in token else token
        if token == "*":
            keyword_only = True
        elif token.startswith("**"):
            params.append(Param(token[2:], inspect.Parameter.VAR_KEYWORD, False))
        elif token.startswith("*"):
            params.append(Param(token[1:], inspect.Parameter.VAR_POSITIONAL, False))
            keyword_only = True
        else:
            name, _, default = token.partition("=")
            name = name.split(":")[0].strip()
            if not name.isidentifier():
                return None
            kind = inspect.Parameter.KEYWORD_ONLY if keyword_only else inspect.Parameter.POSITIONAL_OR_KEYWORD
            params.append(Param(name, kind, bool(default)))
    return params


def _from_inspect(sig, drop_self):
    params = list(sig.parameters.values())
    if drop_self and params and params[0].kind in POSITIONAL:
        params = params[1:]  # the instance (named self, or input for functions installed as methods)
    return [Param(p.name, p.kind, p.default is not inspect.Parameter.empty) for p in params]


def torch_overloads(obj, name, is_method):
    """PyTorch's documented overloads of ``obj``: lists of Params (empty when none can be read)."""
    target = obj.__init__ if inspect.isclass(obj) else obj
    try:
        sig = inspect.signature(target)
    except (TypeError, ValueError):
        sig = None
    if sig is not None and not _is_generic(sig):
        return [_from_inspect(sig, drop_self=is_method or inspect.isclass(obj))]
    overloads = _schema_overloads(name, is_method)
    if overloads:
        return overloads
    for line in (getattr(obj, "__doc__", None) or "").splitlines():
        m = re.match(rf"\s*(?:\.\. (?:function|method):: )?{re.escape(name)}\(", line)
        inside = _balanced(line[m.end():]) if m else None
        if inside is not None:
            params = _parse_doc_signature(inside)
            if params is not None and params not in overloads:
                overloads.append(params)
    return overloads


_TORCHSCRIPT_ONLY_NAMES = {"a", "b", "t", "l", "n", "el", "list", "idx"}


def _python_visible(schema):
    """False for the schemas only TorchScript sees (lists, Python scalars as self) and out= variants."""
    for a in schema.arguments:
        if getattr(a, "is_out", False) or a.name in _TORCHSCRIPT_ONLY_NAMES or "Dimname" in str(a.type):
            return False
        if a.name == "self" and ("List" in str(a.type) or str(a.type) in ("int", "float", "bool", "str", "complex")):
            return False
    return "imname" not in schema.overload_name and "names" not in schema.overload_name


def _schema_overloads(name, is_method):
    """The Python-visible overloads of the ATen operator ``name``: ``self`` is ``input`` for functions
    and the tensor itself for methods; a parameter keyword-only in one overload is keyword-only in all
    (the Python binding merges them); ``out``/``out_dtype`` variants are left out."""
    schemas = [s for s in torch._C._jit_get_schemas_for_operator("aten::" + name) if _python_visible(s)]
    if is_method:
        schemas = [s for s in schemas if any(a.name == "self" for a in s.arguments)]
    keyword_only = {a.name for s in schemas for a in s.arguments if a.kwarg_only}
    overloads = []
    for schema in schemas:
        params = []
        for a in schema.arguments:
            if a.name == "self" and is_method or a.name == "out_dtype":
                continue
            a_name = "input" if a.name == "self" else a.name
            kind = (inspect.Parameter.KEYWORD_ONLY if a.name in keyword_only
                    else inspect.Parameter.POSITIONAL_OR_KEYWORD)
            optional = a.default_value is not None or str(a.type).startswith("Optional")
            params.append(Param(a_name, kind, optional))
        if params not in overloads:
            overloads.append(params)
    return overloads


def _balanced(text):
    """The text up to the parenthesis closing one already opened (None if it does not close)."""
    depth = 1
    for i, ch in enumerate(text):
        depth += ch in "([{"
        depth -= ch in ")]}"
        if depth == 0:
            return text[:i]
    return None


def _is_generic(sig):
    kinds = [p.kind for p in sig.parameters.values()]
    return kinds in ([inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD],
                     [inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.VAR_POSITIONAL,
                      inspect.Parameter.VAR_KEYWORD])


def minigrad_params(obj, is_method):
    """minigrad's signature as Params (None when it has none)."""
    target = obj.__init__ if inspect.isclass(obj) else obj
    try:
        return _from_inspect(inspect.signature(target), drop_self=is_method or inspect.isclass(obj))
    except (TypeError, ValueError):
        return None


# ---------------------------------------------------------------------- comparing
def signature_mismatches(mine, overload):
    """What a call written for PyTorch's ``overload`` could do that minigrad's signature refuses:
    a parameter it does not take by name, or takes at another position."""
    problems = []
    var_kw = any(p.kind is inspect.Parameter.VAR_KEYWORD for p in mine)
    var_pos_at = next((i for i, p in enumerate(mine) if p.kind is inspect.Parameter.VAR_POSITIONAL), None)
    by_name = {p.name: p for p in mine if p.kind not in (inspect.Parameter.VAR_POSITIONAL,
                                                          inspect.Parameter.VAR_KEYWORD,
                                                          inspect.Parameter.POSITIONAL_ONLY)}
    positional = [p for p in mine if p.kind in POSITIONAL]
    for i, p in enumerate(overload):
        if p.kind is inspect.Parameter.VAR_KEYWORD:
            continue
        if p.kind is inspect.Parameter.VAR_POSITIONAL:
            if var_pos_at != i:
                problems.append(f"*{p.name}: not taken as varargs at position {i + 1}")
            continue
        if p.kind in POSITIONAL:
            if var_pos_at is not None and i >= var_pos_at:
                pass  # swallowed by minigrad's *args
            elif i >= len(positional):
                problems.append(f"{p.name}: not taken at position {i + 1}")
            elif positional[i].name != p.name and p.name not in by_name:
                problems.append(f"{p.name}: position {i + 1} is '{positional[i].name}'")
        if p.name not in by_name and not var_kw:
            problems.append(f"{p.name}: not taken by name")
    return problems


# ---------------------------------------------------------------------- what is compared
def _public(namespace):
    return sorted(n for n in dir(namespace) if not n.startswith("_"))


def _functions(mine_ns, torch_ns):
    out = []
    for n in _public(mine_ns):
        m, t = getattr(mine_ns, n), getattr(torch_ns, n, None)
        if t is None or inspect.isclass(m) or inspect.ismodule(m) or not callable(m) or not callable(t):
            continue
        out.append((n, m, t))
    return out


def _classes(mine_ns, torch_ns, base=None):
    out = []
    for n in _public(mine_ns):
        m, t = getattr(mine_ns, n), getattr(torch_ns, n, None)
        if inspect.isclass(m) and inspect.isclass(t) and (base is None or issubclass(m, base)):
            out.append((n, m, t))
    return out


def _tensor_methods():
    out = []
    for n in _public(minigrad.Tensor):
        m, t = getattr(minigrad.Tensor, n), getattr(torch.Tensor, n, None)
        if t is None or isinstance(m, property) or isinstance(inspect.getattr_static(minigrad.Tensor, n), property):
            continue
        if callable(m) and callable(t) and not inspect.isclass(m):
            out.append((n, m, t))
    return out


def api():
    """(qualified name, minigrad object, torch object, is a method) for everything compared."""
    entries = []
    for n, m, t in _functions(minigrad, torch):
        entries.append((f"torch.{n}", m, t, False))
    for n, m, t in _tensor_methods():
        entries.append((f"Tensor.{n}", m, t, True))
    for n, m, t in _functions(MF, TF):
        entries.append((f"nn.functional.{n}", m, t, False))
    for n, m, t in _functions(minigrad.nn.init, torch.nn.init):
        entries.append((f"nn.init.{n}", m, t, False))
    for n, m, t in _functions(minigrad.nn.utils, torch.nn.utils):
        entries.append((f"nn.utils.{n}", m, t, False))
    for n, m, t in _functions(minigrad.autograd, torch.autograd):
        entries.append((f"autograd.{n}", m, t, False))
    for n, m, t in _classes(minigrad.nn, torch.nn, minigrad.nn.Module):
        entries.append((f"nn.{n}", m, t, False))
    for n, m, t in _classes(minigrad.optim, torch.optim):
        entries.append((f"optim.{n}", m, t, False))
    for n, m, t in _classes(ML, TL):
        entries.append((f"optim.lr_scheduler.{n}", m, t, False))
    for n, m, t in _classes(MD, TD) + _functions(MD, TD):
        entries.append((f"utils.data.{n}", m, t, False))
    for n, m, t in _classes(minigrad.distributions, torch.distributions) + _functions(minigrad.distributions,
                                                                                      torch.distributions):
        entries.append((f"distributions.{n}", m, t, False))
    return entries


def all_mismatches():
    """{qualified name: [problem, ...]} for every entry of ``api()`` (only those with problems)."""
    found = {}
    for qual, m, t, is_method in api():
        name = qual.rsplit(".", 1)[-1]
        overloads = torch_overloads(t, "__init__" if inspect.isclass(t) else name, is_method)
        mine = minigrad_params(m, is_method)
        if not overloads:
            continue
        if mine is None:
            found[qual] = ["minigrad's signature cannot be read"]
            continue
        problems = []
        for overload in overloads:
            for p in signature_mismatches(mine, overload):
                if p not in problems:
                    problems.append(p)
        if problems:
            found[qual] = problems
    return found


# ---------------------------------------------------------------------- calling with a wrong argument type
@functools.lru_cache(maxsize=None)
def _samples(L):
    """A valid value for each common parameter name, for library ``L`` (minigrad or torch)."""
    x = L.arange(6.0).reshape(2, 3) / 10 + 0.1
    return {
        "input": x, "other": x + 1, "tensor": x, "tensors": [x, x], "self": x, "mat1": x, "mat2": x.T, "vec": x[0],
        "mat": x, "batch1": x.reshape(1, 2, 3), "batch2": x.T.reshape(1, 3, 2), "vec1": x[0], "vec2": x[1],
        "exponent": 2.0, "dim": 0, "dim0": 0, "dim1": 1, "keepdim": False, "size": (2, 3), "shape": (2, 3),
        "dims": (1, 0), "sizes": (2, 3), "repeats": (1, 2), "dtype": L.float64, "device": "cpu",
        "requires_grad": False, "data": [1.0, 2.0], "fill_value": 1.0, "start": 0, "end": 3, "steps": 3, "step": 1,
        "n": 3, "m": 3, "low": 0, "high": 3, "mean": 0.0, "std": 1.0, "min": 0.0, "max": 1.0, "alpha": 1,
        "index": L.tensor([[0, 1, 0], [1, 0, 1]]), "mask": x > 0.2, "value": 0.0, "condition": x > 0.2,
        "split_size_or_sections": 1, "split_size": 1, "chunks": 2, "k": 1, "p": 0.5, "target": x * 0 + 0.5,
        "weight": L.ones(4, 3), "num_samples": 1, "seed": 0, "num_classes": 3, "negative_slope": 0.1,
        "in_features": 3, "out_features": 4, "params": [L.nn.Parameter(L.ones(2))], "lr": 0.1,
        "start_dim": 0, "end_dim": -1, "source": 0, "destination": 1, "length": 1, "src": x, "decimals": 0,
        "diagonal": 0, "sorted": True, "descending": False, "largest": True, "correction": 1, "unbiased": True,
        "beta": 1.0, "threshold": 20.0, "training": True, "inplace": False, "reduction": "mean", "delta": 1.0,
        "label_smoothing": 0.0, "ignore_index": -100, "momentum": 0.9, "betas": (0.9, 0.999), "eps": 1e-8,
        "weight_decay": 0.0, "step_size": 1, "gamma": 0.5, "optimizer": None, "dataset": None,
        "obj": x, "f": None, "outputs": None, "inputs": None, "nan": 0.0, "posinf": None, "neginf": None,
        "rtol": 1e-5, "atol": 1e-8, "equal_nan": False, "ord": None, "tensor1": x, "tensor2": x,
        "return_inverse": False, "return_counts": False, "memory_format": None, "non_blocking": False,
        "copy": False, "indices": L.tensor([0, 1]), "dim_size": None, "generator": None, "replacement": False,
        "mode": "fan_in", "nonlinearity": "leaky_relu", "a": 0.0, "b": 1.0, "gain": 1.0, "val": 0.5,
        "max_norm": 1.0, "norm_type": 2.0, "clip_value": 1.0, "parameters": [L.nn.Parameter(L.ones(2))],
        "min_val": -1.0, "max_val": 1.0, "type1": L.int64, "type2": L.float32, "d": L.float64, "axis0": 0,
        "axis1": 1, "from": 0, "to": 3, "hook": lambda grad: None, "s": 1.0, "lengths": [1, 1],
        "weights": [0.5, 0.5], "data_source": [1, 2, 3], "milestones": [1], "lr_lambda": lambda epoch: 1.0,
        "batch": [x, x],
    }


_BAD = object()


def _sample_call(qual, params, L):
    """(args, kwargs) calling ``qual`` with a sample for every parameter without a default, or None."""
    samples = _samples(L)
    args, kwargs = [], {}
    for p in params:
        if p.kind is inspect.Parameter.VAR_POSITIONAL:
            if p.name in ("size", "shape", "dims", "sizes", "repeats") and not args:
                args.extend(samples[p.name])
            elif p.name == "tensors":
                args.extend(samples["tensors"])
            continue
        if p.kind is inspect.Parameter.VAR_KEYWORD or p.has_default:
            continue
        if p.name not in samples or samples[p.name] is None:
            return None
        if p.kind is inspect.Parameter.KEYWORD_ONLY:
            kwargs[p.name] = samples[p.name]
        else:
            args.append(samples[p.name])
    return args, kwargs


def _call(qual, obj_name, L, args, kwargs):
    if qual.startswith("Tensor."):
        target = getattr(_samples(L)["input"].clone(), obj_name)
    else:
        target = _resolve(qual, L)
    return target(*args, **kwargs)


def _resolve(qual, L):
    obj = L
    for part in qual.split(".")[1:] if qual.startswith("torch.") else qual.split("."):
        obj = getattr(obj, part)
    return obj


def _outcome(fn):
    try:
        fn()
    except Exception as exc:  # noqa: BLE001 (the type is the outcome)
        return type(exc)
    return None


#: functions with global effects (default dtype, grad mode, random state, files): never called by the probe
_GLOBAL_EFFECTS = ("set_", "manual_seed", "seed", "save", "load", "enable_grad", "no_grad", "inference_mode",
                   "use_deterministic_algorithms")


def wrong_type_mismatches():
    """{qualified name: [problem, ...]}: where PyTorch raises TypeError for an argument of the wrong type
    (an ``object()``) in an otherwise valid call, and minigrad does not raise TypeError."""
    saved = (torch.get_default_dtype(), minigrad.get_default_dtype(), torch.is_grad_enabled(),
             minigrad.is_grad_enabled())
    try:
        return _probe_wrong_types()
    finally:  # (a guard: no probed call should change these)
        torch.set_default_dtype(saved[0])
        minigrad.set_default_dtype(saved[1])
        torch.set_grad_enabled(saved[2])
        minigrad.set_grad_enabled(saved[3])


def _probe_wrong_types():
    import warnings
    found = {}
    for qual, m, t, is_method in api():
        if qual.rsplit(".", 1)[-1].startswith(_GLOBAL_EFFECTS):
            continue
        name = qual.rsplit(".", 1)[-1]
        mine = minigrad_params(m, is_method)
        overloads = torch_overloads(t, name, is_method)
        if mine is None or not overloads:
            continue
        problems = []
        for overload in overloads[:1]:  # the first documented form
            torch_call = _sample_call(qual, overload, torch)
            mine_call = _sample_call(qual, overload, minigrad)
            if torch_call is None:
                continue
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                if _outcome(lambda: _call(qual, name, torch, *torch_call)) is not None:
                    continue  # the sample call is not valid for PyTorch: nothing to probe
                for i in range(len(torch_call[0])):
                    t_args = list(torch_call[0])
                    t_args[i] = _BAD
                    m_args = list(mine_call[0])
                    m_args[i] = _BAD
                    theirs = _outcome(lambda: _call(qual, name, torch, t_args, torch_call[1]))
                    if theirs is TypeError:
                        got = _outcome(lambda: _call(qual, name, minigrad, m_args, mine_call[1]))
                        if got is not TypeError:
                            problems.append(f"argument {i + 1} an object(): torch raises TypeError, minigrad "
                                            f"{'returns' if got is None else 'raises ' + got.__name__}")
        if problems:
            found[qual] = problems
    return found
