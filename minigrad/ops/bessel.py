"""torch.special's Bessel functions that PyTorch does not differentiate: their values only (results
do not require grad, as PyTorch's), from the NumPy kernels of ``kernels/special/``."""
from ..kernels import special
from ..tensor import wrap
from ._util import expect_tensor
from ._operands import to_float
from .layout import pointwise_layout


def _values(name, kernel, in_float64=True):
    """The public function for a kernel; it runs in float64 (else in the input's float dtype, as
    PyTorch's Cephes kernels, whose float32 roundings, e.g. of a large phase, show in the result)."""
    def fn(input):
        expect_tensor(f"special_{name}", input)
        x = to_float(input)._data
        xp = input._device._get_backend().xp
        out = kernel(xp, x) if not in_float64 else kernel(xp, x.astype(xp.float64)).astype(x.dtype, copy=False)
        return wrap(pointwise_layout(out, (x,)), input._device)  # (laid out as x, as PyTorch's)
    fn.__name__ = fn.__qualname__ = name
    fn.__module__ = "minigrad.special"
    return fn


def _scaled_k_or_k(nu, scaled):
    def kernel(xp, x):
        out = special.k_scaled(xp, nu, x)
        return out if scaled else out * xp.exp(-xp.where(x > 0, x, 0))
    return kernel


#: name -> function (for minigrad.special)
FUNCTIONS = {name: _values(name, kernel) for name, kernel in {
    "modified_bessel_k0": _scaled_k_or_k(0, False),
    "modified_bessel_k1": _scaled_k_or_k(1, False),
    "scaled_modified_bessel_k0": _scaled_k_or_k(0, True),
    "scaled_modified_bessel_k1": _scaled_k_or_k(1, True),
    "spherical_bessel_j0": special.spherical_j0,
}.items()}
FUNCTIONS.update({name: _values(name, getattr(special, name), in_float64=False)
                  for name in ("bessel_j0", "bessel_j1", "bessel_y0", "bessel_y1", "airy_ai")})
# (I0 and I1 compute in float64 themselves, and overflow where PyTorch's exp(|x|) does in the input's dtype)
FUNCTIONS.update({"modified_bessel_i0": _values("modified_bessel_i0", special.i0, in_float64=False),
                  "modified_bessel_i1": _values("modified_bessel_i1", special.i1, in_float64=False)})
for _name, _fn in FUNCTIONS.items():
    _fn.__doc__ = f"torch.special.{_name}, elementwise (no gradient, as PyTorch's)."
