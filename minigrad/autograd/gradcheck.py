"""Numerical gradient checking by central differences (float64)."""
from .. import tensor as _tensor_mod
from .functional import grad as _grad


def _as_tuple(x):
    return tuple(x) if isinstance(x, (tuple, list)) else (x,)


def gradcheck(func, inputs, *, eps=1e-6, atol=1e-5, rtol=1e-3, raise_exception=True, **_ignored):
    """Compare analytical and numerical Jacobians of ``func`` at ``inputs``.

    Every output element's gradient is checked against central differences
    of every input that requires grad; returns True, or raises (or returns
    False with raise_exception=False) naming the mismatching input.
    """
    inputs = _as_tuple(inputs)
    diff_inputs = [t for t in inputs if isinstance(t, _tensor_mod.Tensor) and t.requires_grad]
    if not diff_inputs:
        raise ValueError("gradcheck expects at least one input tensor to require gradient, but none of them have "
                         "requires_grad=True.")
    outputs = [o for o in _as_tuple(func(*inputs)) if isinstance(o, _tensor_mod.Tensor) and o.requires_grad]
    for oi, out in enumerate(outputs):
        flat_n = out.numel()
        for k in range(flat_n):
            xp = out._device._get_backend().xp
            seed = xp.zeros(out._data.size, out._data.dtype)
            seed[k] = 1
            seed = _tensor_mod.wrap(seed.reshape(out._data.shape), out._device)
            analytical = _grad([out], diff_inputs, [seed], retain_graph=True, allow_unused=True)
            for ii, x in enumerate(diff_inputs):
                data = x._data
                flat = data.reshape(-1)
                numeric = xp.zeros(data.size, data.dtype)
                for j in range(data.size):
                    orig = flat[j].item()
                    flat[j] = orig + eps
                    plus = _as_tuple(func(*inputs))[oi]._data.reshape(-1)[k].item()
                    flat[j] = orig - eps
                    minus = _as_tuple(func(*inputs))[oi]._data.reshape(-1)[k].item()
                    flat[j] = orig
                    numeric[j] = (plus - minus) / (2 * eps)
                a = analytical[ii]
                a_flat = xp.zeros(data.size, data.dtype) if a is None else a._data.reshape(-1)
                # isclose().all().item(): CuPy's allclose gives a device array, NumPy's a bool
                if not xp.isclose(a_flat, numeric, rtol=rtol, atol=atol).all().item():
                    msg = (f"Jacobian mismatch for output {oi} with respect to input {ii},\n"
                           f"numerical:{numeric}\nanalytical:{a_flat}\n")
                    if raise_exception:
                        raise GradcheckError(msg)
                    return False
    return True


class GradcheckError(RuntimeError):
    """Raised by gradcheck when analytical and numerical gradients differ."""
