"""PyTorch's own per-op sample inputs, run through minigrad.

PyTorch describes each of its operators by an OpInfo (in its internal testing
package) whose ``sample_inputs`` generator yields the argument combinations its
own test suite uses, and whose ``error_inputs`` yields calls that must raise.
For every OpInfo (of ``op_db`` and of the ``torch._foreach_*`` lists) that maps onto a name
minigrad exposes (``minigrad.<name>``, ``minigrad.nn.functional.<name>``, ``minigrad.linalg.<name>``,
``minigrad.special.<name>``, ``minigrad.masked.<name>``, ``minigrad.signal.windows.<name>``,
``minigrad.fft.<name>`` or the Tensor method), each sample is converted to minigrad tensors and
compared with PyTorch: the output's structure, shape, dtype and values, and, for
differentiable float samples, every input's gradient under the same random
upstream gradient. Where PyTorch raises,
minigrad must raise the same exception type. Complex samples (complex64, complex128)
run too: an op minigrad has not checked for complex numbers refuses them (ops/_real_only.py),
and a sample with a complex tensor that minigrad refuses counts as unsupported, not as a
disagreement; a complex result must agree.

Samples are drawn deterministically (PyTorch's generator is seeded per op and
dtype) and capped per op and dtype so the whole sweep stays quick. Known
disagreements sit in ``KNOWN_DISAGREEMENTS`` with a reason each; they run as
strict xfails, so fixing one shows up at once.

Run it from the repository root as ``python -m tests.parity.test_pytorch_samples``
for the agreement report (per-op counts and the
reason of every disagreement).
"""
import math
import sys
import warnings

import numpy as np
import pytest

torch = pytest.importorskip("torch")
opinfo_db = pytest.importorskip("torch.testing._internal.common_methods_invocations")

import minigrad  # noqa: E402
import minigrad.nn.functional as mg_functional  # noqa: E402

from .helpers import assert_close, dtype_name, minigrad_error_type  # noqa: E402

#: samples tried per op and dtype (the generators yield in a fixed order)
MAX_SAMPLES = 16
MAX_ERROR_SAMPLES = 32

FLOAT_DTYPES = (torch.float32, torch.float64)
COMPLEX_DTYPES = (torch.complex64, torch.complex128)
FORWARD_ONLY_DTYPES = (torch.int64, torch.bool)

#: ops whose values are random or uninitialised: only structure, shape and dtype are compared
UNDETERMINED_VALUES = {
    "normal", "randn", "randn_like", "rand_like", "randint", "randint_like", "multinomial",
    "bernoulli", "empty", "empty_like", "new_empty", "nn.functional.dropout", "nn.functional.dropout2d",
    "empty_strided", "new_empty_strided", "empty_permuted",
}

# ---------------------------------------------------------------------------------------------
# Which minigrad callable stands for an OpInfo


def _resolve_name(name):
    """The minigrad function (or Tensor method name) for a PyTorch op name, or None."""
    if name.startswith("nn.functional."):
        return getattr(mg_functional, name[len("nn.functional."):], None)
    for space in ("linalg", "special", "masked", "signal.windows", "fft"):
        if name.startswith(space + "."):
            namespace = minigrad
            for part in space.split("."):
                namespace = getattr(namespace, part, None)
            return getattr(namespace, name[len(space) + 1:], None)
    if "." in name:
        return None
    fn = getattr(minigrad, name, None)
    if callable(fn) and not isinstance(fn, type):
        return fn
    if hasattr(minigrad.Tensor, name):
        return _method(name)
    return None


def _method(name):
    def call(inp, *args, **kwargs):
        return getattr(inp, name)(*args, **kwargs)
    call.__name__ = f"Tensor.{name}"
    return call


def _random_call(name, seeded_by_wrapper=False):
    """The minigrad counterpart of OpInfo lambdas that seed torch around a random op."""
    if name == "normal/number_mean":
        return lambda std, mean, *args, **kwargs: minigrad.normal(mean, std, *args, **kwargs)
    if name == "normal/in_place":
        return _method("normal_")
    if name in _SEEDED_IN_PLACE:  # (Tensor.cauchy_ ... under wrapper_set_seed: the same seed, the same draws)
        return _seeded(_method(name + "_"))
    if name == "item":
        return _method("item")
    if name == "nn.functional.dropout":
        return mg_functional.dropout
    if name == "nn.functional.dropout2d":
        return mg_functional.dropout2d
    if seeded_by_wrapper and name.startswith("nn.functional."):  # (seeded as wrapper_set_seed seeds torch)
        fn = getattr(mg_functional, name.split("/")[0][len("nn.functional."):], None)
        return None if fn is None else _seeded(fn)
    fn = getattr(minigrad, name.split("/")[0], None)
    return fn


#: OpInfos of in-place random fills (``wrapper_set_seed(torch.Tensor.<name>_, ...)``) whose seeded values agree
_SEEDED_IN_PLACE = {"cauchy", "exponential", "geometric", "log_normal", "uniform"}


def _seeded(fn):
    def call(*args, **kwargs):
        minigrad.manual_seed(42)
        return fn(*args, **kwargs)
    call.__name__ = fn.__name__
    return call


#: OpInfo lambdas that call a torch function: their minigrad form
_LAMBDA_FORMS = {
    "where": lambda self, condition, other, **kwargs: minigrad.where(condition, self, other, **kwargs),
    "zero_": lambda x: x.clone().zero_(),
    "einsum": lambda tensors, equation: minigrad.einsum(equation, tensors),  # the OpInfo's argument order
    **{f"polygamma/polygamma_n_{n}": lambda x, n, **kwargs: minigrad.polygamma(n, x, **kwargs) for n in range(5)},
    "special.polygamma/special_polygamma_n_0": lambda x, n, **kwargs: minigrad.special.polygamma(n, x, **kwargs),
    "nn.functional.embedding_bag": lambda weight, idx, **kwargs: mg_functional.embedding_bag(idx, weight, **kwargs),
    "nn.functional.embedding": lambda weight, idx, **kwargs: mg_functional.embedding(idx, weight, **kwargs),
    # aten.slice (no public torch name): basic slicing along one dim
    "slice": lambda x, dim=0, start=None, end=None, step=1: x[(slice(None),) * (dim % max(x.ndim, 1))
                                                             + (slice(start, end, step),)],
    # OpInfo's lambdas on a product of factors (a rank-k matrix, whose gradient stays well defined)
    "linalg.pinv/singular": lambda a, b: minigrad.linalg.pinv(a @ b.mT),
    "linalg.lstsq/grad_oriented": lambda a, b, driver: minigrad.linalg.lstsq(a, b, driver=driver)[:2],
    **{f"{name}_lowrank": _seeded(lambda a, b, _name=name, **kwargs: getattr(minigrad, f"{_name}_lowrank")(
        a @ b.mT, **kwargs)) for name in ("svd", "pca")},
    # torch.grid_sampler_2d/3d(input, grid, mode, padding_mode, align_corners) take the modes as numbers
    **{f"grid_sampler_{d}d": lambda x, grid, mode, padding_mode, align_corners: minigrad.nn.functional.grid_sample(
        x, grid, ("bilinear", "nearest", "bicubic")[mode], ("zeros", "border", "reflection")[padding_mode],
        align_corners) for d in (2, 3)},
}


def op_id(op):
    """'name' or 'name/variant', unique across op_db."""
    return op.name + ("/" + op.variant_test_name if op.variant_test_name else "")


def minigrad_callable(op):
    """The minigrad callable that mirrors ``op.op`` (called with the sample's arguments), or None."""
    oid = op_id(op)
    if oid in _LAMBDA_FORMS:
        return _LAMBDA_FORMS[oid]
    fn = op.op
    code = getattr(fn, "__code__", None)
    if code is not None and getattr(fn, "__name__", "") == "<lambda>":
        if "wrapper_set_seed" in code.co_names or "torch" in code.co_names:
            return _random_call(oid, "wrapper_set_seed" in code.co_names)
        if hasattr(minigrad.Tensor, op.name):
            return fn  # calls only Tensor methods on its arguments: runs on minigrad tensors as it is
        return None
    if op.name.startswith("__") and op.name.endswith("__"):
        return _method(op.name) if hasattr(minigrad.Tensor, op.name) else None
    for name in [op.name] + [a.name for a in op.aliases]:
        found = _resolve_name(name)
        if found is not None:
            return found
    return None


#: PyTorch's lists of OpInfos: op_db, and those of torch._foreach_* kept apart from it
_OPINFO_DBS = ("op_db", "foreach_unary_op_db", "foreach_binary_op_db", "foreach_pointwise_op_db",
               "foreach_reduce_op_db", "foreach_other_op_db")


def covered_ops():
    """The OpInfos minigrad has a counterpart for, in op_db's order (then the foreach lists')."""
    return [op for db in _OPINFO_DBS for op in getattr(opinfo_db, db, ()) if minigrad_callable(op) is not None]


# ---------------------------------------------------------------------------------------------
# Converting a sample


class Unconvertible(Exception):
    """A sample holds something minigrad has no counterpart for (a dtype, a memory format)."""


_DTYPES = {getattr(torch, n): getattr(minigrad, n)
           for n in ("float32", "float64", "float16", "int64", "int32", "int16", "int8", "uint8", "bool",
                     "complex64", "complex128")
           if hasattr(minigrad, n)}


def fresh_leaves(value, memo):
    """``value`` with every torch Tensor that requires grad replaced by a fresh leaf of the same values
    and strides (OpInfo's non-contiguous samples are leaf views, whose gradients torch.autograd.grad
    does not report). A tensor used twice stays one tensor (``memo``: id -> replacement)."""
    if isinstance(value, torch.Tensor):
        if value.requires_grad and id(value) not in memo:
            memo[id(value)] = value.detach().clone().requires_grad_(True)
        return memo.get(id(value), value)
    if isinstance(value, list):
        return [fresh_leaves(v, memo) for v in value]
    if isinstance(value, tuple) and not isinstance(value, torch.Size):
        return tuple(fresh_leaves(v, memo) for v in value)
    if isinstance(value, dict):
        return {k: fresh_leaves(v, memo) for k, v in value.items()}
    return value


def _module_to_minigrad(module):
    """minigrad's layer of the same class and settings, for a torch layer without parameters or buffers
    (a sample's ``distance_function=nn.PairwiseDistance()``, say)."""
    cls = getattr(minigrad.nn, type(module).__name__, None)
    if cls is None or any(True for _ in module.parameters()) or any(True for _ in module.buffers()):
        raise Unconvertible(f"layer {type(module).__name__}")
    layer = cls.__new__(cls)
    minigrad.nn.Module.__init__(layer)
    for name, setting in vars(module).items():
        if not name.startswith("_"):
            setattr(layer, name, setting)
    return layer


def to_minigrad(value, leaves):
    """``value`` with every torch Tensor replaced by a minigrad one (leaves: (torch, minigrad) pairs, each
    torch tensor once: one used twice becomes one minigrad tensor used twice)."""
    if isinstance(value, torch.Tensor):
        for t_seen, m_seen in leaves:
            if t_seen is value:
                return m_seen
        if value.dtype not in _DTYPES:
            raise Unconvertible(f"dtype {value.dtype}")
        if value.device.type == "meta":  # (a tensor without values: torch's device-mismatch error inputs)
            raise Unconvertible("meta device")
        data = value.detach().numpy().copy()
        t = minigrad.tensor(data, dtype=_DTYPES[value.dtype])
        if value.requires_grad:
            t.requires_grad_(True)
        leaves.append((value, t))
        return t
    if isinstance(value, torch.dtype):
        if value not in _DTYPES:
            raise Unconvertible(f"dtype {value}")
        return _DTYPES[value]
    if isinstance(value, torch.device):
        return minigrad.device(str(value))
    if isinstance(value, torch.Size):
        return tuple(value)
    if isinstance(value, (torch.memory_format, torch.layout, torch.Generator)):
        raise Unconvertible(type(value).__name__)
    if isinstance(value, torch.nn.Module):
        return _module_to_minigrad(value)
    if isinstance(value, list):
        return [to_minigrad(v, leaves) for v in value]
    if isinstance(value, tuple):
        return tuple(to_minigrad(v, leaves) for v in value)
    if isinstance(value, dict):
        return {k: to_minigrad(v, leaves) for k, v in value.items()}
    return value


def _flatten(out):
    """(structure, leaves) of an op's result: Tensors and plain values inside tuples/lists."""
    if isinstance(out, (tuple, list)):
        parts = [_flatten(o) for o in out]
        return ("seq", len(out), tuple(p[0] for p in parts)), [x for p in parts for x in p[1]]
    return ("leaf",), [out]


# ---------------------------------------------------------------------------------------------
# Comparing one sample

#: the classes a disagreement falls in
VALUE, GRADIENT, META, MISSING_ARG, RAISES, NO_RAISE = (
    "wrong value", "wrong gradient", "wrong dtype/shape", "missing argument/keyword",
    "raises where torch does not", "does not raise where torch does")


class Disagreement(AssertionError):
    """minigrad and PyTorch disagree on one sample."""

    def __init__(self, kind, detail):
        super().__init__(f"{kind}: {detail}")
        self.kind = kind


def _classify_raise(exc):
    msg = str(exc)
    if isinstance(exc, TypeError) and ("argument" in msg or "keyword" in msg):
        return MISSING_ARG
    return RAISES


def _call(fn, inp, args, kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return fn(inp, *args, **kwargs)


def _torch_is_excused(exc):
    """PyTorch errors that are no contract: a kernel missing for a dtype, an internal assert."""
    return isinstance(exc, NotImplementedError) or "INTERNAL ASSERT" in str(exc)


def _compare_outputs(t_out, m_out, values):
    t_struct, t_leaves = _flatten(t_out)
    m_struct, m_leaves = _flatten(m_out)
    if t_struct != m_struct:
        raise Disagreement(META, f"output structure {m_struct} != torch's {t_struct}")
    for i, (t, m) in enumerate(zip(t_leaves, m_leaves)):
        if isinstance(t, torch.Tensor):
            if not isinstance(m, minigrad.Tensor):
                raise Disagreement(META, f"output {i} is {type(m).__name__}, torch's a Tensor")
            if tuple(m.shape) != tuple(t.shape) or dtype_name(m) != dtype_name(t):
                raise Disagreement(META, f"output {i}: {dtype_name(m)}{tuple(m.shape)} != torch's "
                                         f"{dtype_name(t)}{tuple(t.shape)}")
            if values:
                try:
                    assert_close(m.detach().numpy(), t.detach().numpy(force=True), what=f"output {i}")
                except AssertionError as exc:
                    raise Disagreement(VALUE, str(exc).splitlines()[0]) from None
        elif values:
            same = (m == t) or (isinstance(t, float) and isinstance(m, float) and math.isnan(t) and math.isnan(m))
            if not same or type(m) is not type(t):
                raise Disagreement(VALUE, f"output {i}: {m!r} != torch's {t!r}")
    return t_leaves, m_leaves


def _differentiable(t_leaves, m_leaves):
    pairs = []
    for i, (t, m) in enumerate(zip(t_leaves, m_leaves)):
        if isinstance(t, torch.Tensor) and t.requires_grad:
            if not (isinstance(m, minigrad.Tensor) and m.requires_grad):
                raise Disagreement(GRADIENT, f"output {i} does not require grad; torch's does")
            pairs.append((t, m))
        elif isinstance(m, minigrad.Tensor) and m.requires_grad:
            raise Disagreement(GRADIENT, f"output {i} requires grad; torch's does not")
    return pairs


def _upstream(rng, t):
    """A random upstream gradient shaped like torch tensor ``t`` (complex for a complex ``t``)."""
    g = rng.standard_normal(tuple(t.shape))
    if t.is_complex():
        g = g + 1j * rng.standard_normal(tuple(t.shape))
    return np.asarray(g, dtype_name(t))


def _has_complex(value):
    """Whether a sample's input, args or kwargs hold a complex tensor (or a complex dtype)."""
    if isinstance(value, torch.Tensor):
        return value.is_complex()
    if isinstance(value, torch.dtype):
        return value.is_complex
    if isinstance(value, (list, tuple)):
        return any(_has_complex(v) for v in value)
    if isinstance(value, dict):
        return any(_has_complex(v) for v in value.values())
    return False


def _compare_gradients(t_out, m_out, leaves, sample, seed):
    process = sample.output_process_fn_grad
    t_pairs = _differentiable(*_compare_outputs(process(t_out), process(m_out), values=False))
    if not t_pairs or not leaves:
        return
    rng = np.random.default_rng(seed)
    ups = [_upstream(rng, t) for t, _ in t_pairs]
    t_ins = [t for t, _ in leaves]
    m_ins = [m for _, m in leaves]
    try:
        t_grads = torch.autograd.grad([t for t, _ in t_pairs], t_ins, [torch.from_numpy(u) for u in ups],
                                      allow_unused=True)
    except (RuntimeError, IndexError):
        return  # a derivative PyTorch does not implement, or its backward fails (on empty tensors): no contract
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            m_grads = minigrad.autograd.grad([m for _, m in t_pairs], m_ins, [minigrad.tensor(u) for u in ups],
                                             allow_unused=True)
    except Exception as exc:
        raise Disagreement(GRADIENT, f"backward raised {type(exc).__name__}: {exc}") from None
    out_numel = max([t.numel() for t, _ in t_pairs] + [1])
    magnitude = max([1.0] + [float(t.detach().abs()[torch.isfinite(t)].max()) for t in t_ins
                             if torch.isfinite(t).any()])
    for i, (tg, mg) in enumerate(zip(t_grads, m_grads)):
        if tg is None:
            if mg is not None and bool((mg != 0).any()):
                raise Disagreement(GRADIENT, f"grad of input {i}: nonzero where torch's is None")
            continue
        if mg is None:
            if bool((tg != 0).any()):
                raise Disagreement(GRADIENT, f"grad of input {i}: None where torch's is nonzero")
            continue
        # an input broadcast over n outputs sums n terms: rounding grows with n and the inputs' size
        n = max(1.0, out_numel / max(t_ins[i].numel(), 1))
        scale = 1.0 if n == 1 else n * magnitude
        try:
            assert_close(mg.detach().numpy(), tg.numpy(force=True), atol_scale=scale, what=f"grad of input {i}")
        except AssertionError as exc:
            raise Disagreement(GRADIENT, str(exc).splitlines()[0]) from None


#: factorizations whose vectors PyTorch fixes only up to a sign each (its docs: "eigenvectors/singular vectors
#: are not unique ... only unique up to sign"), and LAPACK builds choose differently (PyTorch's MKL and
#: NumPy's OpenBLAS do, e.g. for batched or wide SVDs and for eigh): their values are compared with each
#: vector's sign fixed and, for full_matrices' extra vectors (any orthonormal basis of the complement),
#: through the projector onto their span. Gradients need nothing: OpInfo's output_process_fn_grad feeds
#: only sign-invariant functions of the vectors (|U|, U @ Vh, |V|) to the gradient.
#: linalg.eig's eigenvectors are complex, unique up to a phase each (LAPACK makes the largest entry real, but
#: its sign is free): compared with each vector's largest entry turned real and positive.
_SIGN_GAUGED = {"linalg.eigh": "eigh", "linalg.svd": "Vh", "svd": "V", "linalg.eig": "eig", "svd_lowrank": "V",
                "pca_lowrank": "V"}


def _fixed_signs(kind, out):
    """``out`` of a _SIGN_GAUGED factorization as NumPy arrays with every vector's sign fixed (its entry of
    largest magnitude positive; a singular vector pair by its left vector) and extra vectors as projectors."""
    if kind == "eig":
        L, V = (np.array(o.detach().numpy(), dtype=np.complex128) for o in out)
        return L, V * _column_signs(V).conj()
    wide = np.complex128 if any(o.dtype.is_complex for o in out if hasattr(o, "dtype")) else np.float64
    arrays = [np.array(o.detach().resolve_conj().numpy(), dtype=wide) if hasattr(o, "detach") else o for o in out]
    if kind == "eigh":
        L, V = arrays
        return L, V * _column_signs(V).conj()
    U, S, W = arrays
    V = W if kind == "V" else np.swapaxes(W, -1, -2).conj()
    k = S.shape[-1]
    phase = _column_signs(U[..., :k]).conj()  # (a complex pair of singular vectors shares one free phase)
    Uk, Vk = U[..., :k] * phase, V[..., :k] * phase
    rest_u, rest_v = U[..., k:], V[..., k:]
    return (Uk, S, Vk, rest_u @ np.swapaxes(rest_u, -1, -2).conj(), rest_v @ np.swapaxes(rest_v, -1, -2).conj())


def _column_signs(V):
    """+-1 per column: the sign of the column's entry of largest magnitude (shaped to multiply V); for a
    complex V that entry's phase, a unit complex number."""
    if V.size == 0:
        return np.ones(V.shape[:-2] + (1, V.shape[-1]))
    pick = np.argmax(np.abs(V), axis=-2)[..., None, :]
    return np.sign(np.take_along_axis(V, pick, axis=-2))


def _compare_sign_gauged(kind, t_out, m_out):
    _compare_outputs(t_out, m_out, values=False)
    for i, (t, m) in enumerate(zip(_fixed_signs(kind, t_out), _fixed_signs(kind, m_out))):
        try:
            assert_close(m.astype(t.dtype), t, atol_scale=1.0, what=f"sign-fixed output {i}", rtol=None,
                         compute_dtype=dtype_name(t_out[0]))
        except AssertionError as exc:
            raise Disagreement(VALUE, str(exc).splitlines()[0]) from None


def check_sample(op, fn, sample, seed, expected_error=None):
    """Run one sample on both libraries; raise Disagreement where they differ, Unconvertible to skip."""
    if "out" in sample.kwargs:
        raise Unconvertible("out= in the sample (tests/test_out_argument.py checks out= against PyTorch)")
    if op.name.startswith("__") and not isinstance(sample.input, torch.Tensor):
        raise Unconvertible("an unbound dunder called on a non-Tensor (a Python descriptor error)")
    memo = {}
    t_inp = fresh_leaves(sample.input, memo)
    t_args = fresh_leaves(tuple(sample.args), memo)
    t_kwargs = fresh_leaves(dict(sample.kwargs), memo)
    leaves = []
    try:
        m_inp = to_minigrad(t_inp, leaves)
        m_args = to_minigrad(t_args, leaves)
        m_kwargs = to_minigrad(t_kwargs, leaves)
    except ValueError as exc:  # NumPy's limits (more than 64 dimensions)
        raise Unconvertible(str(exc)) from None
    torch.manual_seed(seed)
    minigrad.manual_seed(seed)
    try:
        t_out = _call(op.op, t_inp, t_args, t_kwargs)
    except Exception as exc:
        if _torch_is_excused(exc):
            raise Unconvertible(f"torch: {type(exc).__name__}") from None
        try:
            _call(fn, m_inp, m_args, m_kwargs)
        except minigrad_error_type(exc):
            return
        except Exception as m_exc:
            raise Disagreement(RAISES if not isinstance(m_exc, TypeError) else _classify_raise(m_exc),
                               f"torch raised {type(exc).__name__}({str(exc)[:80]}); minigrad raised "
                               f"{type(m_exc).__name__}({str(m_exc)[:80]})") from None
        raise Disagreement(NO_RAISE, f"torch raised {type(exc).__name__}({str(exc)[:100]})")
    if expected_error is not None:
        raise Unconvertible("torch did not raise its own error input")
    try:
        m_out = _call(fn, m_inp, m_args, m_kwargs)
    except Exception as exc:
        if _has_complex((sample.input, sample.args, sample.kwargs)):
            raise Unconvertible(f"complex input refused: {exc}") from None  # an op not checked for complex
        raise Disagreement(_classify_raise(exc), f"{type(exc).__name__}: {str(exc)[:160]}") from None
    values = op_id(op) not in UNDETERMINED_VALUES and op.name not in UNDETERMINED_VALUES
    if op_id(op) in _SIGN_GAUGED:
        _compare_sign_gauged(_SIGN_GAUGED[op_id(op)], t_out, m_out)
    else:
        _compare_outputs(t_out, m_out, values)
    if not values:
        return
    for i, (t, m) in enumerate(leaves):  # what the op wrote into its arguments (running statistics)
        if not t.requires_grad:
            try:
                assert_close(m.numpy(), t.numpy(), what=f"argument tensor {i} after the call")
            except AssertionError as exc:
                raise Disagreement(VALUE, str(exc).splitlines()[0]) from None
    grad_leaves = [(t, m) for t, m in leaves if t.requires_grad]
    if grad_leaves:
        _compare_gradients(t_out, m_out, grad_leaves, sample, seed)


# ---------------------------------------------------------------------------------------------
# The sweep


def _dtypes(op):
    supported = op.supported_dtypes("cpu")
    return [d for d in FLOAT_DTYPES + COMPLEX_DTYPES + FORWARD_ONLY_DTYPES if d in supported]


def samples(op):
    """(key, sample, expected_error) for an op: its capped, deterministic sample inputs and error inputs."""
    out = []
    for dtype in _dtypes(op):
        grad = (dtype in FLOAT_DTYPES and op.supports_autograd) or (
            dtype in COMPLEX_DTYPES and op.supports_autograd and dtype in op.supported_backward_dtypes("cpu"))
        torch.manual_seed(0)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                gen = op.sample_inputs("cpu", dtype, requires_grad=grad)
                for i, s in enumerate(gen):
                    if i >= MAX_SAMPLES:
                        break
                    out.append(((str(dtype).replace("torch.", ""), i), s, None))
        except Exception:  # a generator that needs what this build lacks
            continue
    torch.manual_seed(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for i, e in enumerate(op.error_inputs("cpu")):
                if i >= MAX_ERROR_SAMPLES:
                    break
                out.append((("error", i), e.sample_input, e.error_type))
    except Exception:
        pass
    return out


_RESULTS = {}


def run_op(op):
    """{key: None (agrees) | Disagreement} for every convertible sample of ``op`` (computed once per op)."""
    oid = op_id(op)
    if oid not in _RESULTS:
        _RESULTS[oid] = _run_op(op)
    return _RESULTS[oid]


def _run_op(op):
    fn = minigrad_callable(op)
    results = {}
    for n, (key, sample, error) in enumerate(samples(op)):
        try:
            check_sample(op, fn, sample, seed=n, expected_error=error)
        except Unconvertible:
            continue
        except Disagreement as exc:
            results[key] = exc
            continue
        except Exception as exc:  # the harness itself failed on this sample (e.g. an output_process_fn)
            results[key] = Disagreement(RAISES, f"{type(exc).__name__}: {str(exc)[:160]}")
            continue
        results[key] = None
    return results


# ---------------------------------------------------------------------------------------------
# Known disagreements: (op id, dtype or 'error', sample index or None for all) -> reason

_SDPA_FLOAT32 = ("float32 rounding: torch's fused CPU kernel (and its batched GEMMs) sum in another order; against "
                 "a float64 reference minigrad's values and gradients are as close as torch's (or closer), but the "
                 "two float32 results differ by ~1e-6 at gradients below 1 (atol 1e-6)")

KNOWN_DISAGREEMENTS = {
    ("nn.functional.layer_norm", "float32", 2): "torch's float32 kernel rounds x - mean of a 1-element row to "
                                                "-7.6e-8 (times rstd 316); minigrad's exact 0 is right",
    **{("native_layer_norm", "float32", i): "torch's float32 kernel rounds x - mean of a 1-element row to a few "
                                            "1e-7 (times rstd 316), its gradient to ~-5e-4; minigrad's exact 0 "
                                            "(float64: torch's too) is right"
       for i in (8, 10)},
    ("linalg.eigh", "float32", 4): "two eigenvalues 0.068 apart: torch's float32 gradient is 3.8e-5 off the "
                                   "float64 one (beyond float32 tolerance), minigrad's 1.7e-6",
    **{("cov", "float32", i): "aweights' exact gradient is 0 (float64: -1.4e-14), the sum of terms near 50 that "
                              "cancel; float32 rounding leaves 7.6e-6 in torch and 6.5e-6 in minigrad"
       for i in (6, 15)},
    ("cov", "complex64", 6): "aweights' exact gradient is 0 (complex128: -1.8e-15), the sum of terms near 9 that "
                             "cancel; float32 rounding leaves -9.5e-7 in torch and -6.5e-7 in minigrad",
    ("nn.functional.scaled_dot_product_attention", "float32", 4): _SDPA_FLOAT32,
    ("nn.functional.scaled_dot_product_attention", "float32", 15): _SDPA_FLOAT32,
    **{("nn.functional.ctc_loss", "float32", i): "the gradient exp(lp) - exp(log(alpha*beta) + nll - lp) cancels "
                                                 "a loss near 1e2 (ulp 8e-6): both libraries' float32 gradients "
                                                 "are up to 4e-5 off the float64 one (mean 4.78e-7 each), and "
                                                 "differ from each other by up to 2.7e-5"
       for i in (0, 1, 2, 3, 8, 9, 10)},
    **{("as_strided/partial_views", dt, i): "the sample is a view at storage offset 5 into a larger storage, which "
                                            "torch's as_strided addresses; the minigrad tensor made from it holds "
                                            "only its own elements (float samples are cloned for grad: both agree)"
       for dt in ("int64", "bool") for i in (1, 2)},
    **{("as_strided_scatter", dt, None): "torch's gradient of input is inverted (the upstream gradient at the "
                                         "overwritten positions, zeros elsewhere: torch.autograd.gradcheck fails on "
                                         "it); minigrad's is the derivative, zeros at the overwritten positions"
       for dt in ("float32", "float64")},
}

# Disagreements seen on some CPUs only: float32 rounding that depends on the BLAS and SIMD kernels
# the machine selects, in PyTorch or in NumPy. They run as non-strict xfails.
MACHINE_DEPENDENT = {
    **{("linalg.householder_product", "complex64", i): "torch's complex64 gradient is the inaccurate one: on 40 "
       "random 5x3 complex inputs, its largest error against the complex128 gradient averaged 6.7e-4 (up to "
       "1e-2), minigrad's 2.1e-5 (up to 1.6e-4); which samples land beyond the tolerance depends on the "
       "machine's float32 kernels" for i in (1, 3, 6, 7)},
    **{("nn.functional.scaled_dot_product_attention", "float32", i): _SDPA_FLOAT32 + " (which of these samples "
       "lands beyond the tolerance depends on the machine's BLAS)" for i in (8, 9)},
    ("cov", "complex64", 15): "aweights' exact gradient is 0 (complex128: 3.6e-15), the sum of terms near 75 (ulp "
                              "7.6e-6) that cancel; float32 rounding leaves 1.9e-6 to 3.8e-6 in each library, which "
                              "one more depending on the run's kernels (both within tolerance on some CPUs)",
}


def _known_for(oid, key):
    return KNOWN_DISAGREEMENTS.get((oid,) + key) or KNOWN_DISAGREEMENTS.get((oid, key[0], None)) \
        or KNOWN_DISAGREEMENTS.get((oid, None, None)) or MACHINE_DEPENDENT.get((oid,) + key)


COVERED = covered_ops()


@pytest.mark.parametrize("op", COVERED, ids=op_id)
def test_pytorch_samples_agree(op):
    """Every sample PyTorch's OpInfo yields for this op gives minigrad torch's result (known ones aside)."""
    oid = op_id(op)
    failures = [f"{key}: {exc}" for key, exc in run_op(op).items()
                if exc is not None and not _known_for(oid, key)]
    assert not failures, f"{len(failures)} samples disagree:\n" + "\n".join(failures)


def _known_params():
    by_id = {op_id(op): op for op in COVERED}
    return [pytest.param(by_id.get(oid), (dt, idx), marks=pytest.mark.xfail(strict=True, reason=reason),
                         id=f"{oid}-{dt}-{idx}")
            for (oid, dt, idx), reason in KNOWN_DISAGREEMENTS.items()] + [
        pytest.param(by_id.get(oid), (dt, idx), marks=pytest.mark.xfail(strict=False, reason=reason),
                     id=f"{oid}-{dt}-{idx}") for (oid, dt, idx), reason in MACHINE_DEPENDENT.items()]


@pytest.mark.parametrize("op, where", _known_params())
def test_known_disagreement(op, where):
    """A listed disagreement still disagrees (strict xfail: a fix turns this into a failure to remove;
    a machine-dependent one may agree on another CPU)."""
    assert op is not None, "the op is no longer covered"
    dt, idx = where
    results = run_op(op)
    picked = [exc for key, exc in results.items()
              if (dt is None or key[0] == dt) and (idx is None or key[1] == idx)]
    assert picked, "no such sample"
    bad = [exc for exc in picked if exc is not None]
    assert not bad, "; ".join(str(e) for e in bad[:3])


def agreement_report(covered, run, name_of, noun, width, stream=sys.stdout):
    """Print the agreement rate over the ``covered`` items (``run(item)``: sample key -> None or its
    disagreement), per-item counts and each disagreement's class and detail."""
    total = agree = 0
    kinds = {}
    lines = []
    for item in covered:
        res = run(item)
        ok = sum(1 for e in res.values() if e is None)
        total += len(res)
        agree += ok
        bad = {k: e for k, e in res.items() if e is not None}
        for e in bad.values():
            kinds[e.kind] = kinds.get(e.kind, 0) + 1
        lines.append(f"{name_of(item):{width}s} {ok:3d}/{len(res):3d}")
        for k, e in bad.items():
            lines.append(f"    {k}: {str(e)[:200]}")
    print("\n".join(lines), file=stream)
    print(f"\n{noun} {len(covered)}; samples agreeing {agree}/{total} = {agree / max(total, 1):.1%}", file=stream)
    for k, n in sorted(kinds.items(), key=lambda kv: -kv[1]):
        print(f"  {k}: {n}", file=stream)


def report(stream=sys.stdout):
    """Print the agreement rate, per-op counts and each disagreement's class and detail."""
    agreement_report(COVERED, run_op, op_id, "ops", 45, stream)


if __name__ == "__main__":
    report()
