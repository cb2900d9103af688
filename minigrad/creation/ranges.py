"""Ranges: arange, linspace and logspace, each rounded as PyTorch's CPU kernel rounds it."""
import functools
import math
from fractions import Fraction

import numpy as _np  # host-side construction; arrays move to the device backend after

from .. import dtypes as _dt
from .._errors import check_storage_size, raise_for_allocation, value_overflow
from ..device import to_device
from ..mersenne import _fused_multiply_add
from ..tensor import Tensor
from ._args import (_UNSET, _finish, _float_dtype, _int_arg, _is_int, _is_integral, _is_number, _number_arg,
                    _type_name, check_pin_memory)


def _keyword_start_needs_end(fn):
    """``fn`` (arange) refusing a keyword ``start`` without an ``end``, as PyTorch's parser does: its
    one-argument form is ``arange(end)``, so ``arange(start=1)`` lacks the end (the signature alone
    cannot tell it from ``arange(1)``)."""
    @functools.wraps(fn)
    def checked(*args, **kwargs):
        if "start" in kwargs and "end" not in kwargs:
            raise TypeError('arange() missing 1 required positional arguments: "end"')
        return fn(*args, **kwargs)
    return checked


@_keyword_start_needs_end
def arange(start=_UNSET, end=_UNSET, step=_UNSET, *, dtype=None, layout=None, device=None, requires_grad=False,
           pin_memory=False):
    """Values from start to end (exclusive) by step; int64 for integer arguments, else default float.
    Called as ``arange(end)``, ``arange(start, end)`` or ``arange(start, end, step)``, as PyTorch's."""
    check_pin_memory(pin_memory)
    start, end, step = range_bounds("arange", *_range_args(start, end, step))
    is_int = all(_is_integral(v) for v in (start, end, step))
    dt = (_dt.int64 if is_int else _dt.get_default_dtype()) if dtype is None else _dt.to_dtype(dtype)
    check_range_dtype("arange", dt)
    if not is_int and dt.category != 2 and (end - start) * step < 0:  # (the float arguments' signs)
        raise RuntimeError("upper bound and lower bound inconsistent with step sign")
    if not is_int and dt.category != 2 and dt is not _dt.int64:
        return _narrow_integer_arange(start, end, step, dt, device, requires_grad)
    if not is_int and dt.category != 2:
        # an integer dtype counts in integers: PyTorch truncates float arguments toward zero first
        start, end, step = int(start), int(end), int(step)
        if step == 0:
            raise ValueError("step must be nonzero")
        is_int = True
    if (end - start) * step < 0:
        raise RuntimeError("upper bound and lower bound inconsistent with step sign")
    if is_int and not all(-2 ** 63 <= v < 2 ** 63 for v in (start, end, step)):
        raise RuntimeError("value cannot be converted to type int64_t without overflow")
    n = math.ceil((end - start) / step)
    if n >= 2 ** 63:
        raise RuntimeError("invalid size, possible overflow?")
    try:  # (PyTorch's RuntimeError where the memory or the size runs out)
        if dt.category == 2 or not is_int:
            arr = _float_arange(start, step, n, dt.np)
        else:
            arr = _np.arange(int(start), int(end), int(step), dtype=_np.int64)
    except (MemoryError, ValueError) as error:
        raise_for_allocation(error)
    return _finish(arr.astype(dt.np), to_device(device), requires_grad)


def range_bounds(fn, start, end, step):
    """(start, end, step) of ``fn`` (arange, range) as Python numbers, with PyTorch's errors for a
    complex one, one that is not a number, a bound that is not finite and a zero or NaN step."""
    if any(isinstance(v, complex) for v in (start, end, step)):
        raise RuntimeError("value cannot be converted to type double without overflow")
    start, end, step = (_number_arg(fn, n, v) for n, v in (("start", start), ("end", end), ("step", step)))
    if not all(math.isfinite(v) for v in (start, end)):
        raise RuntimeError(f"unsupported range: {start} -> {end}")
    if step == 0 or step != step:
        raise RuntimeError("step must be nonzero")
    return start, end, step


def check_range_dtype(fn, dt):
    """PyTorch's NotImplementedError for ``fn`` (arange, range) in a complex or bool dtype: its CPU
    kernel has none."""
    if dt.category == 3 or dt is _dt.bool:
        raise NotImplementedError(f"\"{fn}_cpu\" not implemented for '{dt._torch_name[:-6]}'")


def _range_args(start, end, step):
    """(start, end, step) of an arange call; PyTorch's TypeError for a call without an end, or with a
    step but not both start and end."""
    if start is _UNSET and end is _UNSET:
        raise TypeError('arange() missing 1 required positional arguments: "end"')
    if step is not _UNSET and _UNSET in (start, end):
        raise TypeError("arange() received an invalid combination of arguments: a step needs both start "
                        "and end (arange(start, end, step))")
    if end is _UNSET:  # arange(end)
        start, end = 0, start
    return 0 if start is _UNSET else start, end, 1 if step is _UNSET else step


def _float_arange(start, step, n, np_dtype):
    """``n`` values ``start + i * step`` of a float dtype as PyTorch's CPU kernel computes them, so that
    ``arange(-8, 8, 0.1)`` holds PyTorch's numbers (its value at 0 is 4.4e-16, not 0): in float64 (float32
    for float16), each run of 32 bytes of output from a base (``start + i0 * step``, rounded to the
    dtype) plus ``j * step``, every product added with one rounding (a fused multiply-add), two runs at
    a time (its vectorised loop); a last part shorter than two runs from ``start`` directly."""
    i = _np.arange(n, dtype=_np.float64)
    width = 32 // np_dtype.itemsize
    j = i % width
    whole = n // (2 * width) * (2 * width)
    if np_dtype.itemsize == 2:
        # float16 computes in float32: start and step rounded to it, each sum rounded to it (a float32
        # product is exact in float64, so the float64 sum rounded to float32 is the fused one)
        start, step = (_np.float64(_np.float32(v)) for v in (start, step))
        base = ((i - j) * step + start).astype(_np.float32).astype(np_dtype).astype(_np.float64)
        values = (j * step + base).astype(_np.float32)
        values[whole:] = (i[whole:] * step + start).astype(_np.float32)
        return values
    base = _fused_multiply_add(i - j, _np.float64(step), _np.float64(start)).astype(np_dtype).astype(_np.float64)
    values = _fused_multiply_add(j, _np.float64(step), base)
    values[whole:] = _fused_multiply_add(i[whole:], _np.float64(step), _np.float64(start))
    return values


def _narrow_integer_arange(start, end, step, dt, device, requires_grad):
    """arange of float arguments in an integer dtype narrower than int64, as PyTorch's kernel: the
    length from the float arguments, the values from the truncated start and step (wrapped to ``dt``)."""
    n = math.ceil((end - start) / step)
    values = int(start) + _np.arange(n, dtype=_np.int64) * int(step)
    return _finish(values.astype(dt.np), to_device(device), requires_grad)


def _expect_0d_ends(fn, start, end):
    """PyTorch's error for a start or end Tensor that is not 0-d (naming the dims of each end that is a Tensor)."""
    dims = [f"{name} with {t.ndim} dimension(s)" for name, t in (("start", start), ("end", end))
            if isinstance(t, Tensor)]
    if (isinstance(start, Tensor) and start.ndim) or (isinstance(end, Tensor) and end.ndim):
        raise RuntimeError(f"{fn} only supports 0-dimensional start and end tensors, but got {' and '.join(dims)}.")


_SPACE_OPTIONS = ("*, Tensor out = None, torch.dtype dtype = None, torch.layout layout = None, torch.device device = "
                  "None, bool pin_memory = False, bool requires_grad = False")


def _expect_space_args(fn, start, end, steps, base, dtype, layout, device, requires_grad, pin_memory):
    """PyTorch's TypeError for a start or end that is neither a Number nor a Tensor, or steps that is no int:
    no form of linspace/logspace takes the call. The keyword arguments are named where they are not the
    default (in reverse order, as PyTorch's parser lists those given)."""
    if all(_is_number(e) or isinstance(e, complex) for e in (start, end)) and _is_int(steps):
        return
    options = (("dtype", dtype, None), ("layout", layout, None), ("device", device, None),
               ("requires_grad", requires_grad, False), ("pin_memory", pin_memory, False))
    got = [_type_name(a) for a in (start, end, steps)] + ([_type_name(base)] if base != 10.0 else [])
    got += [f"{name}={_option_type_name(value)}" for name, value, default in reversed(options) if value is not default]
    extra = "float base = 10.0, " if fn == "logspace" else ""
    ends = (("Tensor", "Tensor"), ("Number", "Tensor"), ("Tensor", "Number"), ("Number", "Number"))
    forms = "".join(f"\n * ({a} start, {b} end, int steps, {extra}{_SPACE_OPTIONS})" for a, b in ends)
    raise TypeError(f"{fn}() received an invalid combination of arguments - got ({', '.join(got)}), but expected one "
                    f"of:{forms}\n")


def _option_type_name(value):
    """A keyword argument's type as PyTorch's parser names it (``torch.dtype`` for minigrad's dtype class)."""
    name = _type_name(value)
    return "torch." + name if name in ("dtype", "layout", "device", "memory_format") else name


def linspace(start, end, steps, *, dtype=None, layout=None, device=None, requires_grad=False, pin_memory=False):
    """``steps`` evenly spaced values from start to end inclusive (PyTorch's symmetric formula)."""
    check_pin_memory(pin_memory)
    _expect_0d_ends("linspace", start, end)
    _expect_space_args("linspace", start, end, steps, 10.0, dtype, layout, device, requires_grad, pin_memory)
    ends = [start.item() if isinstance(start, Tensor) else start, end.item() if isinstance(end, Tensor) else end]
    if any(isinstance(v, (complex, _np.complexfloating)) for v in ends):
        return _complex_linspace(*ends, steps, dtype, device, requires_grad)
    start, end = _number_arg("linspace", "start", start), _number_arg("linspace", "end", end)
    steps = _int_arg("linspace", "steps", 3, steps)
    if steps < 0:
        raise RuntimeError("number of steps must be non-negative")
    dt = _float_dtype(dtype)
    if dt is _dt.bool:
        raise NotImplementedError("\"linspace_cpu\" not implemented for 'Bool'")
    _check_integer_ends(dt.np, start, end)
    start, end = float(start), float(end)
    try:  # (as in arange)
        arr = _linspace_array(start, end, steps, dt.np)
    except (MemoryError, ValueError) as error:
        raise_for_allocation(error)
    return _finish(arr, to_device(device), requires_grad)


def _check_integer_ends(np_dtype, *ends):
    """PyTorch's RuntimeError for an end of linspace or logspace that an integer dtype cannot hold
    (NaN, an infinity, a number beyond its range): its kernel converts each end to the dtype first."""
    if np_dtype.kind in "iu":
        from ..ops._operands import integer_scalar  # (ops import the creation functions)
        for end in ends:
            integer_scalar(np_dtype, end.item() if isinstance(end, _np.generic) else end)


def _complex_linspace(start, end, steps, dtype, device, requires_grad):
    """linspace with a complex end: complex values (the default complex dtype unless ``dtype``), each
    part spaced as a real linspace of that part's dtype (the index multiplies both parts alike)."""
    inferred = _dt.complex_of(_dt.get_default_dtype())
    dt = inferred if dtype is None else _dt.to_dtype(dtype)
    if not dt.is_complex:
        raise RuntimeError(f"torch.linspace(): inferred dtype {_C_COMPLEX[inferred.name]} can't be safely cast to "
                           f"passed dtype {dt._torch_name[:-6]}")
    steps = _int_arg("linspace", "steps", 3, steps)
    if steps < 0:
        raise RuntimeError("number of steps must be non-negative")
    start, end = complex(start), complex(end)
    part = _real_of(dt.np)
    values = _linspace_array(start.real, end.real, steps, part)
    values = values + 1j * _linspace_array(start.imag, end.imag, steps, part)
    return _finish(values.astype(dt.np), to_device(device), requires_grad)


_C_COMPLEX = {"complex64": "c10::complex<float>", "complex128": "c10::complex<double>"}


def _linspace_array(start, end, steps, out):
    """PyTorch's CPU linspace as NumPy dtype ``out``: ``step = (end - start) / (steps - 1)`` and,
    from both ends, ``start + i * step`` for the first half and ``end - (steps - 1 - i) * step``
    for the rest, each a fused multiply-add (one rounding; PyTorch's kernel is compiled so).
    Floats compute in their own dtype (float16 rounds after every operation, as c10::Half);
    integers in float64 from their ends truncated and converted to the dtype (wrapped around its
    width, as C converts: -1 is 255 in uint8), the results truncated; complex dtypes as
    their real counterpart (real ends: PyTorch's complex kernel rounds the real part so)."""
    if out.kind == "c":
        return _linspace_array(start, end, steps, _real_of(out)).astype(out)
    compute = out if out.kind == "f" and out.itemsize >= 4 else _np.dtype(_np.float64)
    if out.kind != "f":
        start, end = (_np.array(int(v), _np.int64).astype(out).item() for v in (start, end))
    if steps == 1:
        return _np.array([start]).astype(out)
    if out.itemsize == 2 and out.kind == "f":  # float16: each operation rounded to half
        s, e = _np.float16(start), _np.float16(end)
        step = _np.float16(_np.float16(e - s) / _np.float16(steps - 1))
        i = _np.arange(steps)
        low = i < steps // 2
        arr = _np.where(low, s + (step * i.astype(_np.float16)), e - (step * (steps - 1 - i).astype(_np.float16)))
        return arr.astype(out)
    s, e = compute.type(start), compute.type(end)
    step = (e - s) / compute.type(steps - 1)
    i = _np.arange(steps, dtype=compute)
    low = i < steps // 2
    arr = _np.where(low, _fma(step, i, s), _fma(-step, compute.type(steps - 1) - i, e))
    return arr.astype(out)


def _real_of(complex_dtype):
    """float32 for complex64, float64 for complex128 (NumPy dtypes)."""
    return _np.dtype(_np.float32 if complex_dtype == _np.complex64 else _np.float64)


def _rounded(exact, dtype):
    """The Fraction ``exact`` rounded to NumPy float dtype ``dtype`` (to nearest, ties to even)."""
    try:
        near = dtype.type(float(exact))  # within an ulp of the answer (float64: the answer)
    except OverflowError:
        return dtype.type(math.inf if exact > 0 else -math.inf)
    if dtype == _np.float64 or not _np.isfinite(near):
        return near
    candidates = [_np.nextafter(near, dtype.type(-math.inf)), near, _np.nextafter(near, dtype.type(math.inf))]
    candidates = [c for c in candidates if _np.isfinite(c)]
    return min(candidates, key=lambda c: (abs(Fraction(float(c)) - exact), int(c.view(f"u{dtype.itemsize}")) & 1))


def _fma(a, b, c):
    """``a * b + c`` rounded once (as a fused multiply-add), elementwise in a's float dtype: the
    product's rounding error recovered exactly by Veltkamp's split (Dekker), the sum's by Knuth's
    two-sum, both added back before the one rounding that remains."""
    dtype = _np.result_type(a, b, c)
    a, b, c = (_np.asarray(v, dtype) for v in (a, b, c))
    finite = _np.isfinite(a) & _np.isfinite(b) & _np.isfinite(c)
    if not finite.all():  # (an infinite end of linspace: its values are NaN, as PyTorch's)
        return _np.where(finite, _fma(*(_np.where(finite, v, 0) for v in (a, b, c))), _unfused(a, b, c))
    info = _np.finfo(dtype)
    magnitudes = _np.abs(_np.concatenate([a.ravel(), b.ravel(), c.ravel()]))
    magnitudes = magnitudes[magnitudes != 0]
    exactly = _np.vectorize(lambda x, y, z: _rounded(Fraction(float(x)) * Fraction(float(y)) + Fraction(float(z)),
                                                     dtype), otypes=[dtype])
    if magnitudes.size and (magnitudes.min() < info.tiny * 2.0 ** (2 * info.nmant + 4)
                            or magnitudes.max() > info.max / 2.0 ** (info.nmant + 4)):
        return exactly(a, b, c)  # near the ends of the range the split's parts under- or overflow
    factor = dtype.type(2 ** ((info.nmant + 2) // 2) + 1)

    def split(x):
        t = x * factor
        high = t - (t - x)
        return high, x - high
    product = a * b
    (ah, al), (bh, bl) = split(a), split(b)
    product_error = ((ah * bh - product) + ah * bl + al * bh) + al * bl
    total, sum_error = _two_sum(product, c)
    correction, correction_error = _two_sum(product_error, sum_error)
    result, last_error = _two_sum(total, correction)
    # where the last sum is a tie that the correction's own rounding error decides: exactly
    spacing = _np.spacing(_np.abs(result))
    tie = (correction_error != 0) & ((_np.abs(last_error) * 2 == spacing) | (_np.abs(last_error) * 4 == spacing))
    if tie.any():
        a, b, c = _np.broadcast_arrays(a, b, c)
        result = _np.array(result, copy=True)
        result[tie] = exactly(a[tie], b[tie], c[tie])
    return result


def _unfused(a, b, c):
    """``a * b + c`` where an operand is infinite or NaN, as a fused multiply-add gives it: ``c``
    where ``a`` and ``b`` are finite (their exact product is), else the IEEE product plus ``c``."""
    with _np.errstate(invalid="ignore", over="ignore"):
        return _np.where(_np.isfinite(a) & _np.isfinite(b), c, a * b + c)


def _two_sum(x, y):
    """``x + y`` rounded and its rounding error, exactly (Knuth's two-sum)."""
    total = x + y
    back = total - x
    return total, (x - (total - back)) + (y - back)


def logspace(start, end, steps, base=10.0, *, dtype=None, layout=None, device=None, requires_grad=False,
             pin_memory=False):
    """base ** linspace(start, end, steps), as PyTorch's CPU kernel: the ends in the result's dtype
    (integers truncated), their difference over ``steps - 1`` as the float64 step, the exponents
    from both ends as linspace's (but each product and sum rounded: this kernel is compiled without
    fused multiply-adds), then C's ``pow`` in float64 (NumPy's power may differ in the last bit)."""
    check_pin_memory(pin_memory)
    _expect_0d_ends("logspace", start, end)
    _expect_space_args("logspace", start, end, steps, base, dtype, layout, device, requires_grad, pin_memory)
    start, end = _number_arg("logspace", "start", start), _number_arg("logspace", "end", end)
    steps = _int_arg("logspace", "steps", 3, steps)
    if steps < 0:
        raise RuntimeError("number of steps must be non-negative")
    base = float(_number_arg("logspace", "base", base))
    if dtype is not None and _dt.to_dtype(dtype) is _dt.bool:
        raise NotImplementedError("\"logspace_cpu\" not implemented for 'Bool'")
    out = _float_dtype(dtype).np
    _check_integer_ends(out, start, end)
    if out.kind == "c":  # (real ends: the real part rounds as the real dtype's)
        values = logspace(start, end, steps, base, dtype=_dt.as_dtype(_real_of(out).name), device=device)
        return _finish(values.numpy().astype(out), to_device(device), requires_grad)
    if steps == 1:
        value = _c_pow(base, float(start))  # (a fill: PyTorch checks that it fits an integer dtype)
        if out.kind != "f" and not _np.iinfo(out).min <= value <= _np.iinfo(out).max:  # (NaN too)
            raise value_overflow(out.name)
        return _finish(_np.array([value]).astype(out), to_device(device), requires_grad)
    s, e = (int(start), int(end)) if out.kind != "f" else (out.type(start), out.type(end))
    step = float(out.type(e - s) if out.kind == "f" else e - s) / (steps - 1)
    check_storage_size((steps,), out.itemsize)
    try:  # (PyTorch's RuntimeError where the memory runs out)
        i = _np.arange(steps, dtype=_np.float64)
    except (MemoryError, ValueError) as error:
        raise_for_allocation(error)
    exponents = _np.where(i < steps // 2, float(s) + step * i, float(e) - step * ((steps - 1) - i))
    values = _np.array([_c_pow(base, x) for x in exponents.tolist()], dtype=_np.float64)
    if out.kind == "f" and out.itemsize == 2:
        values = values.astype(_np.float32)  # (c10::Half takes a double through float)
    return _finish(values.astype(out), to_device(device), requires_grad)


def _c_pow(base, exponent):
    """C's pow for Python floats: inf where the result overflows, NaN where it is not real."""
    try:
        return math.pow(base, exponent)
    except OverflowError:
        return math.inf if base > 0 or float(exponent).is_integer() and exponent % 2 == 0 else -math.inf
    except ValueError:  # 0 to a negative power (C: inf), or a negative base to a fraction
        return math.inf if base == 0 else math.nan
