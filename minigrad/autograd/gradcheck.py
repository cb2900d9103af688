"""Numerical gradient checking by central differences (float64)."""
import warnings

from .. import tensor as _tensor_mod
from .entry_points import grad as _grad


def _as_tuple(x):
    return tuple(x) if isinstance(x, (tuple, list)) else (x,)


def gradcheck(func, inputs, *, eps=1e-6, atol=1e-5, rtol=1e-3, raise_exception=True, nondet_tol=0.0,
              check_undefined_grad=True, check_grad_dtypes=False, check_batched_grad=False,
              check_batched_forward_grad=False, check_forward_ad=False, check_backward_ad=True, fast_mode=False,
              masked=None):
    """Compare analytical and numerical Jacobians of ``func`` at ``inputs``.

    Every output element's gradient is checked against central differences
    of every input that requires grad; returns True, or raises (or returns
    False with raise_exception=False) naming the mismatching input. PyTorch's
    further checks (``check_undefined_grad``, batched and forward-mode checks,
    ``fast_mode``) are accepted under their names; the full reverse-mode check
    runs whatever they say (``check_backward_ad=False`` skips it).
    """
    if not check_backward_ad:
        return True
    inputs = _as_tuple(inputs)
    diff_inputs = [t for t in inputs if isinstance(t, _tensor_mod.Tensor) and t.requires_grad]
    if not diff_inputs:
        raise ValueError("gradcheck expects at least one input tensor to require gradient, but none of them have "
                         "requires_grad=True.")
    for i, t in enumerate(inputs):
        if isinstance(t, _tensor_mod.Tensor) and t.requires_grad and t.dtype.itemsize < 8 * (1 + t.is_complex()):
            warnings.warn(f"Input #{i} requires gradient and is not a double precision floating point or complex. "
                          "This check will likely fail if all the inputs are not of double precision floating "
                          "point or complex. ", stacklevel=2)
    first = _as_tuple(func(*inputs))
    if any(isinstance(o, _tensor_mod.Tensor) and o.is_complex() for o in first):
        # (as PyTorch: a complex output is checked as two real ones, its real and its imaginary part)
        def func(*args, func=func):
            return tuple(part for o in _as_tuple(func(*args)) for part in _real_parts(o))
        first = func(*inputs)
    positions = [i for i, o in enumerate(first) if isinstance(o, _tensor_mod.Tensor) and o.requires_grad]
    outputs = [first[i] for i in positions]
    if not outputs:  # (no output requires grad: as PyTorch, every output's numerical gradient must be zero)
        everything = [i for i, o in enumerate(first) if isinstance(o, _tensor_mod.Tensor)]
        for x in diff_inputs:
            for n_jac in _numerical_jacobian(func, inputs, everything, x, eps):
                if n_jac.size and not (abs(n_jac) <= atol).all().item():
                    if raise_exception:
                        raise GradcheckError("Numerical gradient for function expected to be zero")
                    return False
        return True
    numerical = [_numerical_jacobian(func, inputs, positions, x, eps) for x in diff_inputs]
    for oi, out in enumerate(outputs):
        xp = out._device._get_backend().xp
        rows = [[] for _ in diff_inputs]  # per input: the analytical gradient of each output element
        for k in range(out.numel()):
            seed = xp.zeros(out._data.size, out._data.dtype)
            seed[k] = 1
            seed = _tensor_mod.wrap(seed.reshape(out._data.shape), out._device)
            analytical = _grad([out], diff_inputs, [seed], retain_graph=True, allow_unused=True)
            for ii, a in enumerate(analytical):
                size = diff_inputs[ii]._data.size
                rows[ii].append(xp.zeros(size, diff_inputs[ii]._data.dtype) if a is None else a._data.reshape(-1))
        for ii, x in enumerate(diff_inputs):
            if not rows[ii] or not x._data.size:
                continue  # (an empty output or input: nothing to compare)
            a_jac = xp.stack(rows[ii])
            n_jac = numerical[ii][oi]
            # isclose().all().item(): CuPy's allclose gives a device array, NumPy's a bool
            if not xp.isclose(a_jac, n_jac, rtol=rtol, atol=atol).all().item():
                msg = (f"Jacobian mismatch for output {oi} with respect to input {ii},\n"
                       f"numerical:{n_jac}\nanalytical:{a_jac}\n")
                if raise_exception:
                    raise GradcheckError(msg)
                return False
    return True


def _real_parts(o):
    """A complex Tensor's real and imaginary parts, anything else alone."""
    return (o.real, o.imag) if isinstance(o, _tensor_mod.Tensor) and o.is_complex() else (o,)


def _numerical_jacobian(func, inputs, positions, x, eps):
    """Central differences of ``func``'s outputs (those at ``positions``) with respect to input ``x``:
    per output, an array of (output elements, x's elements). Each element of ``x`` is perturbed once
    (a complex one along its real and its imaginary part: the column is d/dreal + 1j d/dimag, as
    PyTorch's gradient of a real output) and every output read from the same calls."""
    data = x._data
    xp = x._device._get_backend().xp
    directions = (1, 1j) if data.dtype.kind == "c" else (1,)
    columns = []
    for j in range(data.size):
        index = tuple(_unravel(j, data.shape))
        orig = data[index].item()
        column = None
        for d in directions:
            data[index] = orig + d * eps
            plus = _as_tuple(func(*inputs))
            data[index] = orig - d * eps
            minus = _as_tuple(func(*inputs))
            data[index] = orig
            part = [d * (plus[p]._data - minus[p]._data).reshape(-1) / (2 * eps) for p in positions]
            column = part if column is None else [a + b for a, b in zip(column, part)]
        columns.append(column)
    if not columns:
        return [xp.zeros((0, 0), data.dtype) for _ in positions]
    return [xp.stack([c[oi] for c in columns], axis=1) for oi in range(len(positions))]


def _unravel(j, shape):
    """The multi-index of flat (row-major) position ``j`` in ``shape``."""
    index = []
    for size in reversed(shape):
        j, i = divmod(j, size)
        index.append(i)
    return index[::-1]


class GradcheckError(RuntimeError):
    """Raised by gradcheck when analytical and numerical gradients differ."""


def gradgradcheck(func, inputs, grad_outputs=None, *, eps=1e-6, atol=1e-5, rtol=1e-3,
                  gen_non_contig_grad_outputs=False, raise_exception=True, nondet_tol=0.0,
                  check_undefined_grad=True, check_grad_dtypes=False, check_batched_grad=False,
                  check_fwd_over_rev=False, check_rev_over_rev=True, fast_mode=False, masked=False):
    """Check second derivatives: ``gradcheck`` of the map from (``inputs``, ``grad_outputs``) to the
    gradients of ``func``'s outputs, taken with ``create_graph=True``.

    Without ``grad_outputs``, random ones (standard normal, requiring grad) are drawn for each
    output of ``func`` that requires grad, as PyTorch draws them.
    """
    if not check_rev_over_rev:
        return True
    inputs = _as_tuple(inputs)
    outputs = [o for o in _as_tuple(func(*inputs)) if isinstance(o, _tensor_mod.Tensor) and o.requires_grad]
    if grad_outputs is None:
        from .. import creation
        grad_outputs = tuple(creation.randn(o.shape, dtype=o.dtype, device=o.device, requires_grad=True)
                             for o in outputs)
    grad_outputs = _as_tuple(grad_outputs)
    n = len(grad_outputs)

    def gradients(*args):
        given, seeds = args[:len(args) - n], args[len(args) - n:]
        outs = [o for o in _as_tuple(func(*given)) if isinstance(o, _tensor_mod.Tensor) and o.requires_grad]
        wrt = [x for x in given if isinstance(x, _tensor_mod.Tensor) and x.requires_grad]
        grads = _grad(outs, wrt, list(seeds), create_graph=True, allow_unused=True)
        return tuple(g for g in grads if g is not None)

    return gradcheck(gradients, inputs + grad_outputs, eps=eps, atol=atol, rtol=rtol,
                     raise_exception=raise_exception, nondet_tol=nondet_tol)
