"""Run one function on minigrad and on PyTorch from the same NumPy inputs and
compare everything a user could observe: forward values, shape, dtype,
requires_grad, and the gradient of every input under the same random
upstream gradient (None-ness included).

A checked function takes the library module first: ``fn(lib, *tensors)``,
so ``lambda L, x, y: L.maximum(x, y)`` runs as ``minigrad.maximum`` and as
``torch.maximum``. Where PyTorch raises, minigrad must raise the same
exception type.
"""
import re

import numpy as np
import torch

import minigrad

#: (rtol, atol) per floating dtype; atol is scaled by the magnitude of the values compared
TOLERANCES = {
    np.dtype(np.float64): (1e-7, 1e-12),
    np.dtype(np.float32): (1e-5, 1e-6),
    np.dtype(np.complex128): (1e-7, 1e-12),  # (a complex dtype: its parts' float dtype)
    np.dtype(np.complex64): (1e-5, 1e-6),
    # float16 at its own precision: two units in the last place (eps 9.8e-4), where float32's
    # tolerance is some 80; PyTorch's half kernels compute in float32 and round once, and a
    # float32 sum in another order can flip that rounding by one unit
    np.dtype(np.float16): (2e-3, 1e-3),
}


def to_numpy(t):
    """A NumPy copy of a minigrad or torch tensor (or a pass-through for arrays/scalars)."""
    if isinstance(t, torch.Tensor):  # force: torch's ZeroTensors refuse a plain numpy()
        return np.array(t.detach().numpy(force=True), copy=True)
    if isinstance(t, minigrad.Tensor):
        return np.array(t.detach().numpy(), copy=True)
    return np.asarray(t)


def dtype_name(t):
    """'float32', 'int64', 'bool' ... for a minigrad or torch tensor."""
    if isinstance(t, torch.Tensor):
        return str(t.dtype).replace("torch.", "")
    return t.dtype.name


def tolerance(dtype, atol_scale=1.0):
    """(rtol, atol) for results of ``dtype``."""
    rtol, atol = TOLERANCES.get(np.dtype(dtype), (0.0, 0.0))
    return rtol, atol * atol_scale


def assert_close(actual, expected, rtol=None, atol=None, atol_scale=1.0, what="value", compute_dtype=None):
    """Shape, dtype and values agree; NaN and +-inf sit in the same places.

    Floats compare with the dtype's tolerance (atol also scaled by the largest
    magnitude in ``expected``); integers and bools must be equal. A float64
    result computed through float32 (``compute_dtype``) gets float32's tolerance.
    """
    actual = np.asarray(actual)
    expected = np.asarray(expected)
    assert actual.shape == expected.shape, f"{what}: shape {actual.shape} != torch's {expected.shape}"
    assert actual.dtype == expected.dtype, f"{what}: dtype {actual.dtype} != torch's {expected.dtype}"
    if expected.dtype.kind not in "fc":
        assert np.array_equal(actual, expected), f"{what}: {actual!r} != torch's {expected!r}"
        return
    nan_a, nan_e = np.isnan(actual), np.isnan(expected)
    assert np.array_equal(nan_a, nan_e), f"{what}: NaN positions differ:\n{actual!r}\nvs torch\n{expected!r}"
    inf_e = np.isinf(expected) & ~nan_e  # (a complex value with a NaN part counts as NaN, checked above)
    assert np.array_equal(np.isinf(actual) & ~nan_a, inf_e) and np.array_equal(actual[inf_e], expected[inf_e]), \
        f"{what}: inf positions differ:\n{actual!r}\nvs torch\n{expected!r}"
    finite = ~(nan_e | inf_e)
    tol_dtype = expected.dtype
    if compute_dtype is not None and _precision(compute_dtype) < _precision(tol_dtype):
        tol_dtype = np.dtype(compute_dtype)
    d_rtol, d_atol = tolerance(tol_dtype, atol_scale)
    rtol = d_rtol if rtol is None else rtol
    if atol is None:
        mag = float(np.max(np.abs(expected[finite]))) if finite.any() else 1.0
        atol = d_atol * max(1.0, mag)
    wide = np.complex128 if expected.dtype.kind == "c" else np.float64
    a, e = actual[finite].astype(wide), expected[finite].astype(wide)
    bad = np.abs(a - e) > atol + rtol * np.abs(e)
    assert not bad.any(), (f"{what}: {int(bad.sum())} of {bad.size} elements differ "
                           f"(rtol={rtol}, atol={atol:g}); max abs diff {np.max(np.abs(a - e)):g}\n"
                           f"minigrad:\n{actual!r}\ntorch:\n{expected!r}")


def _precision(dtype):
    """Bytes per real number of ``dtype`` (a complex number holds two)."""
    dtype = np.dtype(dtype)
    return dtype.itemsize // 2 if dtype.kind == "c" else dtype.itemsize


def make_inputs(lib, inputs, requires_grad):
    """Tensors of ``lib`` (minigrad or torch) from NumPy arrays; other values pass through."""
    out = []
    for x, rg in zip(inputs, requires_grad):
        if isinstance(x, np.ndarray):
            t = lib.tensor(x.copy())
            if rg and x.dtype.kind in "fc":
                t.requires_grad_(True)
            out.append(t)
        else:
            out.append(x)
    return out


def _as_tuple(out):
    if isinstance(out, (minigrad.Tensor, torch.Tensor)) or not isinstance(out, (tuple, list)):
        return (out,), True
    return tuple(out), False


def minigrad_error_type(exc):
    """The exception type minigrad raises where torch raised ``exc``: the same type, but
    minigrad.linalg.LinAlgError (a RuntimeError, as torch's) for torch.linalg.LinAlgError."""
    if isinstance(exc, torch.linalg.LinAlgError):
        return minigrad.linalg.LinAlgError
    return type(exc)


def upstream_like(t, rng):
    """A random upstream gradient shaped like the torch tensor ``t`` (never all ones; complex
    for a complex ``t``)."""
    g = rng.standard_normal(tuple(t.shape))
    if t.dtype.is_complex:
        g = g + 1j * rng.standard_normal(tuple(t.shape))
    return np.asarray(g, dtype=str(t.dtype).replace("torch.", ""))


#: backward errors that are part of the contract (others are gaps in torch's derivative formulas)
_BACKWARD_CONTRACT_ERRORS = ("modified by an inplace operation", "a second time", "does not require grad",
                             "Mismatch in shape", "implicitly created only for scalar")


def check(fn, *inputs, requires_grad=None, seed=0, atol_scale=1.0, grad_atol_scale=None,
          rtol=None, backward=True, check_error_message=None):
    """Compare ``fn(minigrad, *tensors)`` with ``fn(torch, *tensors)``.

    ``inputs`` are NumPy arrays (made into tensors; float ones require grad
    unless ``requires_grad`` says otherwise) or plain values passed as they
    are. Returns the torch outputs (or the exception torch raised).
    """
    if requires_grad is None:
        requires_grad = [True] * len(inputs)
    t_in = make_inputs(torch, inputs, requires_grad)
    try:
        t_out = fn(torch, *t_in)
    except Exception as exc:  # torch refuses: minigrad must refuse alike
        if isinstance(exc, NotImplementedError) or "INTERNAL ASSERT" in str(exc):
            # a kernel torch lacks for a dtype (or a torch bug) is no contract
            return exc
        m_in = make_inputs(minigrad, inputs, requires_grad)
        try:
            fn(minigrad, *m_in)
        except minigrad_error_type(exc) as m_exc:
            if check_error_message is not None:
                check_error_message(str(m_exc))
            return exc
        except Exception as m_exc:
            raise AssertionError(f"torch raised {type(exc).__name__}({exc}); minigrad raised "
                                 f"{type(m_exc).__name__}({m_exc})") from m_exc
        raise AssertionError(f"torch raised {type(exc).__name__}({exc}); minigrad did not raise")
    m_in = make_inputs(minigrad, inputs, requires_grad)
    m_out = fn(minigrad, *m_in)
    t_outs, single = _as_tuple(t_out)
    m_outs, m_single = _as_tuple(m_out)
    assert single == m_single and len(m_outs) == len(t_outs), \
        f"output structure differs: minigrad {type(m_out)} vs torch {type(t_out)}"
    for i, (m, t) in enumerate(zip(m_outs, t_outs)):
        if isinstance(t, torch.Tensor):
            assert isinstance(m, minigrad.Tensor), f"output {i}: {type(m)} is not a minigrad.Tensor"
            assert tuple(m.shape) == tuple(t.shape), f"output {i}: shape {tuple(m.shape)} != torch's {tuple(t.shape)}"
            assert dtype_name(m) == dtype_name(t), f"output {i}: dtype {dtype_name(m)} != torch's {dtype_name(t)}"
            assert m.requires_grad == t.requires_grad, \
                f"output {i}: requires_grad {m.requires_grad} != torch's {t.requires_grad}"
            assert_close(to_numpy(m), to_numpy(t), rtol=rtol, atol_scale=atol_scale, what=f"output {i}")
        else:
            assert m == t, f"output {i}: {m!r} != torch's {t!r}"
    if not backward:
        return t_out
    rng = np.random.default_rng(seed)
    pairs = [(m, t) for m, t in zip(m_outs, t_outs)
             if isinstance(t, torch.Tensor) and t.requires_grad]
    if not pairs:
        return t_out
    for k, (m, t) in enumerate(pairs):
        g = upstream_like(t, rng)
        retain = k < len(pairs) - 1
        try:
            t.backward(torch.tensor(g), retain_graph=retain)
        except Exception as exc:  # e.g. the version counter: minigrad must refuse alike
            if not any(k in str(exc) for k in _BACKWARD_CONTRACT_ERRORS):
                return exc  # a derivative torch lacks (bool exponents, Python-scalar remainder): no contract
            try:
                m.backward(minigrad.tensor(g), retain_graph=retain)
            except minigrad_error_type(exc):
                return exc
            raise AssertionError(f"torch's backward raised {type(exc).__name__}({exc}); minigrad's did not "
                                 "raise that type") from exc
        m.backward(minigrad.tensor(g), retain_graph=retain)
    gscale = atol_scale if grad_atol_scale is None else grad_atol_scale
    # the least precise float dtype the computation went through bounds every gradient's precision
    floats = [np.dtype(dtype_name(t)) for t in list(t_in) + list(t_outs)
              if isinstance(t, torch.Tensor) and (t.dtype.is_floating_point or t.dtype.is_complex)]
    compute = min(floats, key=_precision) if floats else None
    out_numel = max([t.numel() for t in t_outs if isinstance(t, torch.Tensor)] + [1])
    in_magnitude = max([1.0] + [float(np.max(np.abs(x[np.isfinite(x)])))
                                for x in inputs if isinstance(x, np.ndarray) and x.dtype.kind in "fc"
                                and np.isfinite(x).any()])
    for i, (m, t) in enumerate(zip(m_in, t_in)):
        if not isinstance(t, torch.Tensor):
            continue
        if t.grad is None:
            assert m.grad is None, f"input {i}: torch's grad is None, minigrad's is {m.grad!r}"
            continue
        assert m.grad is not None, f"input {i}: minigrad's grad is None, torch's is {t.grad!r}"
        # an input broadcast to a larger output gets a gradient that sums n terms: its rounding
        # error grows with n and with the terms' size (bounded by the inputs' magnitude)
        n = max(1.0, out_numel / max(t.numel(), 1))
        scale = gscale if n == 1 else gscale * n * in_magnitude
        assert_close(to_numpy(m.grad), to_numpy(t.grad), rtol=rtol, atol_scale=scale, what=f"grad of input {i}",
                     compute_dtype=compute)
    return t_out


def check_same_error(fn, *inputs):
    """torch raises for ``fn``; minigrad raises the same type with the same message."""
    messages = []
    error = check(fn, *inputs, backward=False, check_error_message=messages.append)
    assert isinstance(error, Exception), "torch did not raise"
    # (on a device the type names in a message are the device's, PyTorch's CUDA names: compared as the CPU's)
    messages = [re.sub(r"torch\.cuda\.(\w+Tensor)", r"torch.\1", re.sub(r"\bCUDA(\w+Type)\b", r"CPU\1", m))
                for m in messages]
    assert messages == [str(error)], f"minigrad's message {messages[0]!r} is not torch's {str(error)!r}"


def check_raises(fn, *inputs, names=()):
    """torch raises for ``fn``; minigrad raises the same type, naming ``names`` in the message."""
    def names_in(msg):
        for n in names:
            assert str(n) in msg, f"error message {msg!r} does not name {n!r}"
    res = check(fn, *inputs, backward=False, check_error_message=names_in)
    assert isinstance(res, Exception), "torch did not raise"
    return res
