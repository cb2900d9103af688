"""Tensor creation: from data, filled, ranges, and random, with dtype/device/requires_grad."""
import math
from fractions import Fraction

import numpy as _np  # host-side construction; arrays move to the device backend after

from . import dtypes as _dt
from .device import to_device, CPU
from .random import rng_for
from .tensor import Tensor, wrap, _host_array, check_strides


def _finish(arr, dev, requires_grad):
    """Wrap a host or device array as a leaf on ``dev``."""
    if dev is not CPU and dev.type != "cpu" and not isinstance(arr, dev._get_backend().array_type):
        arr = dev._get_backend().asarray(arr)
    t = wrap(arr, dev)
    if requires_grad:
        t._require_grad_as_created()
    return t


def _type_name(x):
    """The type's name as PyTorch's messages print it (``float``, ``Tensor``, ``numpy.ndarray``)."""
    t = type(x)
    return f"numpy.{t.__name__}" if t.__module__ == "numpy" else t.__name__


def _is_int(x):
    """An int argument as PyTorch accepts one: int, NumPy integer, or a 0-d integer Tensor (never a bool)."""
    if isinstance(x, Tensor):
        return x.numel() == 1 and x.dtype.category == 1
    return isinstance(x, (int, _np.integer)) and not isinstance(x, (bool, _np.bool_))


def _int_arg(fn, name, position, x):
    """``x`` as an int, or PyTorch's TypeError naming the argument."""
    if not _is_int(x):
        raise TypeError(f"{fn}(): argument '{name}' (position {position}) must be int, not {_type_name(x)}")
    return int(x)


def _check_tensor_arg(fn, name, position, x):
    if not isinstance(x, Tensor):
        raise TypeError(f"{fn}(): argument '{name}' (position {position}) must be Tensor, not {_type_name(x)}")


def _size(fn, dims, size=None):
    """The shape given as ints (``zeros(2, 3)``), one sequence (``zeros((2, 3))``) or ``size=``,
    checked as PyTorch checks it (a float, a bool or a string is a TypeError)."""
    if size is not None:
        if dims:
            raise TypeError(f"{fn}() received an invalid combination of arguments: the size given both "
                            f"by position {tuple(dims)} and as size={size!r}")
        if not isinstance(size, (tuple, list)):
            raise TypeError(f"{fn}(): argument 'size' must be tuple of ints, not {_type_name(size)}")
        dims = (size,)
    if not dims:
        raise TypeError(f'{fn}() missing 1 required positional arguments: "size"')
    if len(dims) == 1 and not _is_int(dims[0]):
        seq = dims[0]
        if not isinstance(seq, (tuple, list)):
            raise TypeError(f"{fn}(): argument 'size' (position 1) must be tuple of ints, not {_type_name(seq)}")
        for i, s in enumerate(seq):
            if not _is_int(s):
                raise TypeError(f"{fn}(): argument 'size' (position 1) must be tuple of ints, but found element "
                                f"of type {_type_name(s)} at pos {i}")
        dims = seq
    else:
        for i, s in enumerate(dims):
            if not _is_int(s):
                raise TypeError(f"{fn}(): argument 'size' failed to unpack the object at pos {i + 1} with error "
                                f'"type must be tuple of ints,but got {_type_name(s)}"')
    out = tuple(int(s) for s in dims)
    for s in out:
        if s < 0:
            raise RuntimeError(f"Trying to create tensor with negative dimension {s}: [{', '.join(map(str, out))}]")
    return out


def _float_dtype(dtype):
    return _dt.get_default_dtype() if dtype is None else _dt.to_dtype(dtype)


def tensor(data, dtype=None, device=None, requires_grad=False, pin_memory=False):
    """A new leaf tensor copying ``data`` (scalars, nested lists, NumPy arrays, Tensors).

    Python data follow PyTorch's rules for shape, dtype and errors (``_pydata``).
    """
    dt = None if dtype is None else _dt.to_dtype(dtype)
    if isinstance(data, Tensor) and device is None:
        device = data._device
    arr = _host_array(data, dt)
    return _finish(arr, to_device(device), requires_grad)


def as_tensor(data, dtype=None, device=None):
    """A tensor sharing memory with ``data`` where possible (NumPy arrays, Tensors)."""
    dt = None if dtype is None else _dt.to_dtype(dtype)
    dev = to_device(device) if device is not None else None
    if isinstance(data, Tensor):
        out = data
        if dt is not None and out.dtype is not dt:
            out = out.to(dt)
        if dev is not None and out._device != dev:
            out = out.to(dev)
        return out
    if isinstance(data, _np.ndarray) and (dev is None or dev.type == "cpu"):
        check_strides(data)
        if dt is None:
            _dt.from_numpy_dtype(data.dtype)
            return wrap(data, CPU)
        return wrap(data if data.dtype == dt.np else data.astype(dt.np), CPU)
    return tensor(data, dtype=dt, device=dev)


def from_numpy(ndarray):
    """A CPU tensor sharing memory with a NumPy array."""
    if not isinstance(ndarray, _np.ndarray):
        raise TypeError(f"expected np.ndarray (got {type(ndarray).__name__})")
    check_strides(ndarray)
    _dt.from_numpy_dtype(ndarray.dtype)
    return wrap(ndarray, CPU)


def _filled(shape, fill, dtype, device, requires_grad):
    dt = _float_dtype(dtype)
    dev = to_device(device)
    xp = dev._get_backend().xp
    return _finish(xp.full(shape, fill, dt.np), dev, requires_grad)


def zeros(*dims, size=None, dtype=None, layout=None, device=None, requires_grad=False,
          pin_memory=False):
    """A tensor of zeros; the size as ints, one sequence, or ``size=``."""
    return _filled(_size("zeros", dims, size), 0, dtype, device, requires_grad)


def ones(*dims, size=None, dtype=None, layout=None, device=None, requires_grad=False, pin_memory=False):
    """A tensor of ones; the size as ints, one sequence, or ``size=``."""
    return _filled(_size("ones", dims, size), 1, dtype, device, requires_grad)


def empty(*dims, size=None, dtype=None, layout=None, device=None, requires_grad=False, pin_memory=False,
          memory_format=None):
    """An uninitialised tensor (zeros here); the size as ints, one sequence, or ``size=``."""
    return _filled(_size("empty", dims, size), 0, dtype, device, requires_grad)


def empty_strided(size, stride, *, dtype=None, layout=None, device=None, requires_grad=False, pin_memory=False):
    """An uninitialised tensor (zeros here) of ``size``; ``stride`` is PyTorch's memory layout, which
    minigrad's contiguous storage does not follow."""
    shape = _shape_arg("empty_strided", size, 1)
    if len(_shape_arg("empty_strided", stride, 2)) != len(shape):
        raise RuntimeError("mismatch in length of strides and shape")
    return _filled(shape, 0, dtype, device, requires_grad)


def empty_permuted(size, physical_layout, *, dtype=None, layout=None, device=None, requires_grad=False,
                   pin_memory=False):
    """An uninitialised tensor (zeros here) of ``size``; ``physical_layout`` (the order of its dims in
    memory, a permutation) is checked but minigrad's storage is contiguous."""
    shape = _shape_arg("empty_permuted", size, 1)
    order = _shape_arg("empty_permuted", physical_layout, 2)
    if sorted(order) != list(range(len(shape))):
        raise RuntimeError(f"Dimension out of range (expected to be in range of [{-max(len(shape), 1)}, "
                           f"{max(len(shape), 1) - 1}], but got {max(order, default=0)})")
    return _filled(shape, 0, dtype, device, requires_grad)


def _is_number(x):
    return isinstance(x, (int, float, _np.number, _np.bool_)) or (isinstance(x, Tensor) and x.numel() == 1)


def full(size, fill_value, *, dtype=None, layout=None, device=None, requires_grad=False,
         pin_memory=False):
    """A tensor filled with ``fill_value`` (dtype inferred from it: bool, int64 or default float)."""
    shape = _shape_arg("full", size, 1)
    if not _is_number(fill_value):
        raise TypeError(f"full(): argument 'fill_value' (position 2) must be Number, not {_type_name(fill_value)}")
    if isinstance(fill_value, Tensor):
        fill_value = fill_value.item()
    if dtype is None:
        cat = _dt.scalar_category(fill_value)
        dtype = (_dt.bool, _dt.int64, _dt.get_default_dtype())[cat]
    return _filled(shape, fill_value, dtype, device, requires_grad)


def _like(fn, input, dtype, device):
    _check_tensor_arg(fn, "input", 1, input)
    dt = input.dtype if dtype is None else _dt.to_dtype(dtype)
    return dt, (input._device if device is None else to_device(device))


def zeros_like(input, *, dtype=None, layout=None, device=None, requires_grad=False, memory_format=None,
               pin_memory=False):
    """Zeros with input's shape (and dtype/device unless given)."""
    dt, dev = _like("zeros_like", input, dtype, device)
    return _filled(tuple(input.shape), 0, dt, dev, requires_grad)


def ones_like(input, *, dtype=None, layout=None, device=None, requires_grad=False, memory_format=None,
              pin_memory=False):
    """Ones with input's shape."""
    dt, dev = _like("ones_like", input, dtype, device)
    return _filled(tuple(input.shape), 1, dt, dev, requires_grad)


def empty_like(input, *, dtype=None, layout=None, device=None, requires_grad=False, memory_format=None,
               pin_memory=False):
    """An uninitialised tensor with input's shape (zeros here)."""
    dt, dev = _like("empty_like", input, dtype, device)
    return _filled(tuple(input.shape), 0, dt, dev, requires_grad)


def full_like(input, fill_value, *, dtype=None, layout=None, device=None, requires_grad=False, memory_format=None,
              pin_memory=False):
    """``fill_value`` everywhere, with input's shape."""
    dt, dev = _like("full_like", input, dtype, device)
    if not _is_number(fill_value):
        raise TypeError(f"full_like(): argument 'fill_value' (position 2) must be Number, not "
                        f"{_type_name(fill_value)}")
    return _filled(tuple(input.shape), fill_value.item() if isinstance(fill_value, Tensor) else fill_value, dt, dev,
                   requires_grad)


def rand_like(input, *, generator=None, dtype=None, layout=None, device=None, requires_grad=False,
              memory_format=None, pin_memory=False):
    """Uniform [0, 1) samples with input's shape."""
    dt, dev = _like("rand_like", input, dtype, device)
    return rand(tuple(input.shape), generator=generator, dtype=dt, device=dev, requires_grad=requires_grad)


def randn_like(input, *, generator=None, dtype=None, layout=None, device=None, requires_grad=False,
               memory_format=None, pin_memory=False):
    """Standard normal samples with input's shape."""
    dt, dev = _like("randn_like", input, dtype, device)
    return randn(tuple(input.shape), generator=generator, dtype=dt, device=dev, requires_grad=requires_grad)


def randint_like(input, low=0, high=None, *, generator=None, dtype=None, layout=None, device=None,
                 requires_grad=False, memory_format=None, pin_memory=False):
    """Random integers in [low, high) with input's shape."""
    if high is None:
        low, high = 0, low
    dt, dev = _like("randint_like", input, dtype, device)
    return randint(low, high, tuple(input.shape), generator=generator, dtype=dt, device=dev)


def _number_arg(fn, name, x):
    """A Python number from a number or 0-d Tensor argument, or a TypeError naming the argument."""
    if not _is_number(x):
        raise TypeError(f"{fn}(): argument '{name}' must be Number, not {_type_name(x)}")
    return x.item() if isinstance(x, Tensor) else x


def _is_integral(x):
    return isinstance(x, (int, _np.integer, _np.bool_))


def arange(start=0, end=None, step=1, *, dtype=None, layout=None, device=None, requires_grad=False,
           pin_memory=False):
    """Values from start to end (exclusive) by step; int64 for integer arguments, else default float."""
    if end is None:
        start, end = 0, start
    start, end, step = (_number_arg("arange", n, v) for n, v in (("start", start), ("end", end), ("step", step)))
    if not all(math.isfinite(v) for v in (start, end, step)):
        raise RuntimeError(f"unsupported range: {start} -> {end}")
    if step == 0:
        raise RuntimeError("step must be nonzero")
    is_int = all(_is_integral(v) for v in (start, end, step))
    dt = (_dt.int64 if is_int else _dt.get_default_dtype()) if dtype is None else _dt.to_dtype(dtype)
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
    if dt.category == 2 or not is_int:
        arr = start + _np.arange(n, dtype=_np.float64) * step
    else:
        arr = _np.arange(int(start), int(end), int(step), dtype=_np.int64)
    return _finish(arr.astype(dt.np), to_device(device), requires_grad)


def _expect_0d_ends(fn, start, end):
    """PyTorch's error for a start or end Tensor that is not 0-d."""
    dims = [t.ndim if isinstance(t, Tensor) else 0 for t in (start, end)]
    if dims[0]:
        raise RuntimeError(f"{fn} only supports 0-dimensional start and end tensors, but got start with "
                           f"{dims[0]} dimension(s).")
    if dims[1]:
        raise RuntimeError(f"{fn} only supports 0-dimensional start and end tensors, but got start with 0 "
                           f"dimension(s) and end with {dims[1]} dimension(s).")


def linspace(start, end, steps, *, dtype=None, layout=None, device=None, requires_grad=False, pin_memory=False):
    """``steps`` evenly spaced values from start to end inclusive (PyTorch's symmetric formula)."""
    _expect_0d_ends("linspace", start, end)
    start, end = float(_number_arg("linspace", "start", start)), float(_number_arg("linspace", "end", end))
    steps = _int_arg("linspace", "steps", 3, steps)
    if steps < 0:
        raise RuntimeError("number of steps must be non-negative")
    dt = _float_dtype(dtype)
    return _finish(_linspace_array(start, end, steps, dt.np), to_device(device), requires_grad)


def _linspace_array(start, end, steps, out):
    """PyTorch's CPU linspace as NumPy dtype ``out``: ``step = (end - start) / (steps - 1)`` and,
    from both ends, ``start + i * step`` for the first half and ``end - (steps - 1 - i) * step``
    for the rest, each a fused multiply-add (one rounding; PyTorch's kernel is compiled so).
    Floats compute in their own dtype (float16 rounds after every operation, as c10::Half);
    integers in float64 from their truncated ends, the results truncated."""
    compute = out if out.kind == "f" and out.itemsize >= 4 else _np.dtype(_np.float64)
    if out.kind != "f":
        start, end = int(start), int(end)
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
    _expect_0d_ends("logspace", start, end)
    start, end = _number_arg("logspace", "start", start), _number_arg("logspace", "end", end)
    steps = _int_arg("logspace", "steps", 3, steps)
    if steps < 0:
        raise RuntimeError("number of steps must be non-negative")
    base = float(_number_arg("logspace", "base", base))
    out = _float_dtype(dtype).np
    if steps == 1:
        value = _c_pow(base, float(start))  # (a fill: PyTorch checks that it fits an integer dtype)
        if out.kind != "f" and not _np.iinfo(out).min <= value <= _np.iinfo(out).max:  # (NaN too)
            raise RuntimeError(f"value cannot be converted to type {out.name}_t without overflow")
        return _finish(_np.array([value]).astype(out), to_device(device), requires_grad)
    s, e = (int(start), int(end)) if out.kind != "f" else (out.type(start), out.type(end))
    step = float(out.type(e - s) if out.kind == "f" else e - s) / (steps - 1)
    i = _np.arange(steps, dtype=_np.float64)
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


def eye(n, m=None, *, dtype=None, layout=None, device=None, requires_grad=False, pin_memory=False):
    """The n x m identity matrix."""
    n = _int_arg("eye", "n", 1, n)
    m = n if m is None else _int_arg("eye", "m", 2, m)
    for name, v in (("n", n), ("m", m)):
        if v < 0:
            raise RuntimeError(f"{name} must be greater or equal to 0, got {v}")
    return _finish(_np.eye(n, m, dtype=_float_dtype(dtype).np), to_device(device), requires_grad)


def _shape_arg(fn, size, position):
    """A size that PyTorch takes only as a sequence of ints (``full``, ``randint``, ``normal``)."""
    if not isinstance(size, (tuple, list)):
        raise TypeError(f"{fn}(): argument 'size' (position {position}) must be tuple of ints, not "
                        f"{_type_name(size)}")
    return _size(fn, (size,))


def _random(fn, shape, dtype, device, generator, requires_grad, draw):
    dt = _float_dtype(dtype)
    if dt.category != 2:
        raise NotImplementedError(f"{fn}() draws floating-point values; dtype {dt} is not a floating dtype")
    dev = to_device(device)
    rng = rng_for(generator, dev)
    arr = draw(rng, shape, dt.np if dt.np in (_np.float32, _np.float64) else _np.float64)
    if arr.dtype != dt.np:
        arr = arr.astype(dt.np)
    return _finish(arr, dev, requires_grad)


def rand(*dims, size=None, generator=None, dtype=None, layout=None, device=None, requires_grad=False,
         pin_memory=False):
    """Uniform samples on [0, 1); the size as ints, one sequence, or ``size=``."""
    return _random("rand", _size("rand", dims, size), dtype, device, generator, requires_grad,
                   lambda r, s, d: r.random(s, dtype=d))


def randn(*dims, size=None, generator=None, dtype=None, layout=None, device=None, requires_grad=False,
          pin_memory=False):
    """Standard normal samples; the size as ints, one sequence, or ``size=``."""
    return _random("randn", _size("randn", dims, size), dtype, device, generator, requires_grad,
                   lambda r, s, d: r.standard_normal(s, dtype=d))


def randint(low=0, high=None, size=None, *, generator=None, dtype=None, layout=None, device=None,
            requires_grad=False, pin_memory=False):
    """Random integers in [low, high) (int64 unless dtype is given): ``randint(high, size)`` or
    ``randint(low, high, size)``."""
    if size is None:
        low, high, size = 0, low, high
    if high is None:
        low, high = 0, low
    shape = _shape_arg("randint", size, 3)
    low, high = _int_arg("randint", "low", 1, low), _int_arg("randint", "high", 2, high)
    if low >= high:
        raise RuntimeError(f"random_ expects 'from' to be less than 'to', but got from={low} >= to={high}")
    dt = _dt.int64 if dtype is None else _dt.to_dtype(dtype)
    dev = to_device(device)
    arr = rng_for(generator, dev).integers(low, high, shape)
    return _finish(arr.astype(dt.np, copy=False), dev, requires_grad)  # (int64 already: no copy)


def randperm(n, *, generator=None, dtype=None, layout=None, device=None, requires_grad=False,
             pin_memory=False):
    """A random permutation of 0..n-1 (int64)."""
    n = _int_arg("randperm", "n", 1, n)
    if n < 0:
        raise RuntimeError(f"Trying to create tensor with negative dimension {n}: [{n}]")
    dt = _dt.int64 if dtype is None else _dt.to_dtype(dtype)
    dev = to_device(device)
    rng = rng_for(generator, dev)
    if hasattr(rng, "permutation"):
        arr = rng.permutation(n)
    else:  # cupy.random.Generator has no permutation: sort random keys on the device
        arr = dev._get_backend().xp.argsort(rng.random(n))
    return _finish(arr.astype(dt.np, copy=False), dev, requires_grad)  # (int64 already: no copy)


def normal(mean=0.0, std=1.0, size=None, *, generator=None, dtype=None, layout=None, device=None,
           requires_grad=False, pin_memory=False):
    """Normal samples: scalar mean/std with ``size``, or elementwise Tensor means/stds."""
    if isinstance(mean, Tensor) or isinstance(std, Tensor):
        ref = mean if isinstance(mean, Tensor) else std
        m = mean._data if isinstance(mean, Tensor) else _number_arg("normal", "mean", mean)
        s = std._data if isinstance(std, Tensor) else _number_arg("normal", "std", std)
        if isinstance(std, Tensor) and (std._data < 0).any().item():  # explicit sync for the check
            raise RuntimeError("normal expects all elements of std >= 0.0")
        if not isinstance(std, Tensor) and s < 0:
            raise RuntimeError(f"normal expects std >= 0.0, but found std {std}")
        try:
            shape = _np.broadcast_shapes(_np.shape(m), _np.shape(s))
        except ValueError:
            raise RuntimeError(f"normal(): the shapes of mean {tuple(_np.shape(m))} and std "
                               f"{tuple(_np.shape(s))} cannot be broadcast together") from None
        rng = rng_for(generator, ref._device)
        out_dtype = ref._data.dtype if ref._data.dtype.kind == "f" else _dt.get_default_dtype().np
        z = rng.standard_normal(shape, dtype=_np.float32 if out_dtype == _np.float32 else _np.float64)
        z = ref._device._get_backend().asarray(z)  # a host generator's draw moves over
        arr = (m + s * z).astype(out_dtype)
        return _finish(arr, ref._device, requires_grad)
    mean, std = _number_arg("normal", "mean", mean), _number_arg("normal", "std", std)
    if size is None:
        raise TypeError("normal() missing required argument 'size' for float mean and std")
    shape = _shape_arg("normal", size, 3)
    if std < 0:
        raise RuntimeError(f"normal expects std >= 0.0, but found std {std}")
    t = randn(shape, generator=generator, dtype=dtype, device=device)
    return _finish(t._data * std + mean if std != 1.0 or mean != 0.0 else t._data, t._device, requires_grad)


def bernoulli(input, p=None, *, generator=None):
    """Samples of 0/1 with probabilities ``input`` (or ``p``)."""
    _check_tensor_arg("bernoulli", "input", 1, input)
    if p is None:
        probs = input._data
        if probs.size and not ((probs >= 0) & (probs <= 1)).all().item():  # explicit sync for the check
            raise RuntimeError("Expected p_in >= 0 && p_in <= 1 to be true, but got false.")
    else:
        probs = _number_arg("bernoulli", "p", p)
        if not 0 <= probs <= 1:
            raise RuntimeError(f"bernoulli_ expects p to be in [0, 1], but got p={probs}")
    rng = rng_for(generator, input._device)
    draw_dtype = _np.float32 if input._data.dtype == _np.float32 and p is None else _np.float64  # (as PyTorch)
    arr = (rng.random(input.shape, dtype=draw_dtype) < probs).astype(input._data.dtype)
    return _finish(arr, input._device, False)


def multinomial(input, num_samples, replacement=False, *, generator=None):
    """Indices sampled from rows of (unnormalised) probabilities ``input``."""
    _check_tensor_arg("multinomial", "input", 1, input)
    num_samples = _int_arg("multinomial", "num_samples", 2, num_samples)
    if input.ndim not in (1, 2):
        raise RuntimeError("prob_dist must be 1 or 2 dim")
    if not input.is_floating_point():
        kind = input.type().split(".")[-1][:-len("Tensor")]  # 'torch.LongTensor' -> 'Long'
        raise RuntimeError(f"multinomial only supports floating-point dtypes for input, got: {kind}")
    if num_samples <= 0:
        raise RuntimeError("cannot sample n_sample <= 0 samples")
    if not replacement and num_samples > input.shape[-1]:
        raise RuntimeError("cannot sample n_sample > prob_dist.size(-1) samples without replacement")
    probs = input.detach().cpu().numpy().astype(_np.float64)
    if not (_np.isfinite(probs).all() and (probs >= 0).all()):
        raise RuntimeError("probability tensor contains either `inf`, `nan` or element < 0")
    rng = rng_for(generator, CPU)
    rows = probs.reshape(-1, probs.shape[-1])
    if (rows.sum(-1) <= 0).any():
        raise RuntimeError("invalid multinomial distribution (sum of probabilities <= 0)")
    if num_samples == 1 or not replacement:
        arr = _largest_over_exponential_noise(input, rng, num_samples)
        return _finish(arr, input._device, False)
    out = []
    for row in rows:
        out.append(rng.choice(len(row), size=num_samples, replace=True, p=row / row.sum()))
    arr = _np.array(out, dtype=_np.int64).reshape(probs.shape[:-1] + (num_samples,))
    return _finish(arr, input._device, False)


def _largest_over_exponential_noise(input, rng, num_samples):
    """PyTorch's multinomial for one sample, or for samples without replacement: the categories
    with the largest p / q, q standard exponential noise of the input's shape and dtype (the
    Gumbel-max trick), largest first. Zero-probability categories come last, the higher index
    first (PyTorch's topk orders such ties by its partial sort: not always so)."""
    p = input.detach().cpu().numpy()
    noise = rng.exponential(1.0, p.shape).astype(p.dtype)  # (drawn as exponential_ draws it)
    ratio = (p / noise).astype(_np.float64)
    k = p.shape[-1]
    # descending ratio, ties by descending index: a stable sort of the reversed categories
    order = _np.argsort(-ratio[..., ::-1], axis=-1, kind="stable")[..., :num_samples]
    return (k - 1 - order).astype(_np.int64)


def scalar_tensor(s, *, dtype=None, layout=None, device=None, requires_grad=False, pin_memory=False):
    """A 0-d tensor holding ``s`` (default float dtype)."""
    return tensor(float(s) if dtype is None else s, dtype=dtype, device=device, requires_grad=requires_grad)
