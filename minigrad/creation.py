"""Tensor creation: from data, filled, ranges, and random, with dtype/device/requires_grad."""
import math

import numpy as _np  # host-side construction; arrays move to the device backend after

from . import dtypes as _dt
from . import _pydata
from .device import to_device, CPU
from .random import rng_for
from .tensor import Tensor, wrap, _host_array, check_strides


def _finish(arr, dev, requires_grad):
    """Wrap a host or device array as a leaf on ``dev``."""
    if dev is not CPU and dev.type != "cpu" and not isinstance(arr, dev._get_backend().array_type):
        arr = dev._get_backend().asarray(arr)
    t = wrap(arr, dev)
    if requires_grad:
        t.requires_grad = True
    return t


def _size(size):
    if len(size) == 1 and isinstance(size[0], (tuple, list)):
        size = size[0]
    elif len(size) == 1 and isinstance(size[0], Tensor):
        size = size[0].tolist()
    out = tuple(int(s) for s in size)
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
    arr = _pydata.to_array(data, dt) if _pydata.is_python_data(data) else _host_array(data, dt)
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


def _filled(size, fill, dtype, device, requires_grad):
    dt = _float_dtype(dtype)
    dev = to_device(device)
    xp = dev._get_backend().xp
    return _finish(xp.full(_size(size), fill, dt.np), dev, requires_grad)


def zeros(*size, dtype=None, device=None, requires_grad=False, out=None, layout=None):
    """A tensor of zeros of the given size."""
    return _filled(size, 0, dtype, device, requires_grad)


def ones(*size, dtype=None, device=None, requires_grad=False, out=None, layout=None):
    """A tensor of ones of the given size."""
    return _filled(size, 1, dtype, device, requires_grad)


def empty(*size, dtype=None, device=None, requires_grad=False, out=None, layout=None, memory_format=None):
    """An uninitialised tensor of the given size (zeros here)."""
    return _filled(size, 0, dtype, device, requires_grad)


def full(size, fill_value, dtype=None, device=None, requires_grad=False, out=None, layout=None):
    """A tensor filled with ``fill_value`` (dtype inferred from it: bool, int64 or default float)."""
    if dtype is None:
        if isinstance(fill_value, Tensor):
            fill_value = fill_value.item()
        cat = _dt.scalar_category(fill_value)
        dtype = (_dt.bool, _dt.int64, _dt.get_default_dtype())[cat]
    return _filled(size if isinstance(size, (tuple, list)) else (size,), fill_value, dtype, device, requires_grad)


def _like(input, dtype, device):
    return (input.dtype if dtype is None else _dt.to_dtype(dtype)), (input._device if device is None else to_device(device))


def zeros_like(input, dtype=None, device=None, requires_grad=False, memory_format=None, layout=None):
    """Zeros with input's shape (and dtype/device unless given)."""
    dt, dev = _like(input, dtype, device)
    return _filled(input.shape, 0, dt, dev, requires_grad)


def ones_like(input, dtype=None, device=None, requires_grad=False, memory_format=None, layout=None):
    """Ones with input's shape."""
    dt, dev = _like(input, dtype, device)
    return _filled(input.shape, 1, dt, dev, requires_grad)


def empty_like(input, dtype=None, device=None, requires_grad=False, memory_format=None, layout=None):
    """An uninitialised tensor with input's shape (zeros here)."""
    return zeros_like(input, dtype, device, requires_grad)


def full_like(input, fill_value, dtype=None, device=None, requires_grad=False, memory_format=None, layout=None):
    """``fill_value`` everywhere, with input's shape."""
    dt, dev = _like(input, dtype, device)
    return _filled(input.shape, fill_value, dt, dev, requires_grad)


def rand_like(input, dtype=None, device=None, requires_grad=False, memory_format=None, layout=None):
    """Uniform [0, 1) samples with input's shape."""
    dt, dev = _like(input, dtype, device)
    return rand(input.shape, dtype=dt, device=dev, requires_grad=requires_grad)


def randn_like(input, dtype=None, device=None, requires_grad=False, memory_format=None, layout=None):
    """Standard normal samples with input's shape."""
    dt, dev = _like(input, dtype, device)
    return randn(input.shape, dtype=dt, device=dev, requires_grad=requires_grad)


def randint_like(input, low=0, high=None, dtype=None, device=None, requires_grad=False):
    """Random integers in [low, high) with input's shape."""
    if high is None:
        low, high = 0, low
    dt, dev = _like(input, dtype, device)
    return randint(low, high, input.shape, dtype=dt, device=dev)


def _scalar(x):
    return x.item() if isinstance(x, Tensor) else x


def arange(start=0, end=None, step=1, *, dtype=None, device=None, requires_grad=False, out=None, layout=None):
    """Values from start to end (exclusive) by step; int64 for integer arguments, else default float."""
    start, end, step = _scalar(start), _scalar(end), _scalar(step)
    if end is None:
        start, end = 0, start
    if step == 0:
        raise RuntimeError("step must be nonzero")
    if (end - start) * step < 0:
        raise RuntimeError("upper bound and lower bound inconsistent with step sign")
    if dtype is None:
        is_int = all(isinstance(v, (int, _np.integer)) and not isinstance(v, bool) for v in (start, end, step))
        dt = _dt.int64 if is_int else _dt.get_default_dtype()
    else:
        dt = _dt.to_dtype(dtype)
    n = int(math.ceil((end - start) / step))
    arr = (start + _np.arange(n, dtype=_np.float64) * step) if dt.category == 2 or not all(
        isinstance(v, (int, _np.integer)) for v in (start, end, step)) else _np.arange(start, end, step, dtype=_np.int64)
    return _finish(arr.astype(dt.np), to_device(device), requires_grad)


def linspace(start, end, steps, *, dtype=None, device=None, requires_grad=False, out=None, layout=None):
    """``steps`` evenly spaced values from start to end inclusive (PyTorch's symmetric formula)."""
    start, end = float(_scalar(start)), float(_scalar(end))
    steps = int(steps)
    if steps < 0:
        raise RuntimeError("number of steps must be non-negative")
    dt = _float_dtype(dtype)
    if steps == 1:
        arr = _np.array([start])
    else:
        step = (end - start) / (steps - 1) if steps > 1 else 0.0
        i = _np.arange(steps, dtype=_np.float64)
        half = steps // 2
        arr = _np.where(i < half, start + step * i, end - step * (steps - 1 - i))
    return _finish(arr.astype(dt.np), to_device(device), requires_grad)


def logspace(start, end, steps, base=10.0, *, dtype=None, device=None, requires_grad=False):
    """base ** linspace(start, end, steps)."""
    lin = linspace(start, end, steps, dtype=_dt.float64)
    return _finish((base ** lin._data).astype(_float_dtype(dtype).np), to_device(device), requires_grad)


def eye(n, m=None, *, dtype=None, device=None, requires_grad=False, out=None, layout=None):
    """The n x m identity matrix."""
    return _finish(_np.eye(n, n if m is None else m, dtype=_float_dtype(dtype).np), to_device(device), requires_grad)


def _random(size, dtype, device, generator, requires_grad, draw):
    dt = _float_dtype(dtype)
    dev = to_device(device)
    rng = rng_for(generator, dev)
    arr = draw(rng, _size(size), dt.np if dt.np in (_np.float32, _np.float64) else _np.float64)
    if arr.dtype != dt.np:
        arr = arr.astype(dt.np)
    return _finish(arr, dev, requires_grad)


def rand(*size, generator=None, dtype=None, device=None, requires_grad=False, out=None, layout=None):
    """Uniform samples on [0, 1)."""
    return _random(size, dtype, device, generator, requires_grad, lambda r, s, d: r.random(s, dtype=d))


def randn(*size, generator=None, dtype=None, device=None, requires_grad=False, out=None, layout=None):
    """Standard normal samples."""
    return _random(size, dtype, device, generator, requires_grad, lambda r, s, d: r.standard_normal(s, dtype=d))


def randint(low=0, high=None, size=None, *, generator=None, dtype=None, device=None, requires_grad=False):
    """Random integers in [low, high) (int64 unless dtype is given)."""
    if size is None:
        low, high, size = 0, low, high
    if high is None:
        low, high = 0, low
    if isinstance(size, int):
        raise TypeError("randint(): argument 'size' must be tuple of ints, not int")
    if low >= high:
        raise RuntimeError(f"random_ expects 'from' to be less than 'to', but got from={low} >= to={high}")
    dt = _dt.int64 if dtype is None else _dt.to_dtype(dtype)
    dev = to_device(device)
    arr = rng_for(generator, dev).integers(low, high, _size((size,) if isinstance(size, Tensor) else size))
    return _finish(arr.astype(dt.np), dev, requires_grad)


def randperm(n, *, generator=None, dtype=None, device=None, requires_grad=False):
    """A random permutation of 0..n-1 (int64)."""
    dt = _dt.int64 if dtype is None else _dt.to_dtype(dtype)
    dev = to_device(device)
    rng = rng_for(generator, dev)
    if hasattr(rng, "permutation"):
        arr = rng.permutation(int(n))
    else:  # cupy.random.Generator has no permutation: sort random keys on the device
        arr = dev._get_backend().xp.argsort(rng.random(int(n)))
    return _finish(arr.astype(dt.np), dev, requires_grad)


def normal(mean=0.0, std=1.0, size=None, *, generator=None, dtype=None, device=None, requires_grad=False, out=None):
    """Normal samples: scalar mean/std with ``size``, or elementwise Tensor means/stds."""
    if isinstance(mean, Tensor) or isinstance(std, Tensor):
        ref = mean if isinstance(mean, Tensor) else std
        m = mean._data if isinstance(mean, Tensor) else mean
        s = std._data if isinstance(std, Tensor) else std
        if isinstance(std, Tensor) and (std._data < 0).any().item():  # explicit sync for the check
            raise RuntimeError("normal expects all elements of std >= 0.0")
        shape = _np.broadcast_shapes(_np.shape(m), _np.shape(s))
        rng = rng_for(generator, ref._device)
        z = ref._device._get_backend().asarray(rng.standard_normal(shape))  # a host generator's draw moves over
        arr = (m + s * z).astype(ref._data.dtype if ref._data.dtype.kind == "f" else _dt.get_default_dtype().np)
        return _finish(arr, ref._device, requires_grad)
    if size is None:
        raise TypeError("normal() missing required argument 'size' for float mean and std")
    if std < 0:
        raise RuntimeError(f"normal expects std >= 0.0, but found std {std}")
    t = randn(size, generator=generator, dtype=dtype, device=device)
    return _finish(t._data * std + mean if std != 1.0 or mean != 0.0 else t._data, t._device, requires_grad)


def bernoulli(input, p=None, *, generator=None):
    """Samples of 0/1 with probabilities ``input`` (or ``p``)."""
    probs = input._data if p is None else p
    rng = rng_for(generator, input._device)
    arr = (rng.random(input.shape) < probs).astype(input._data.dtype)
    return _finish(arr, input._device, False)


def multinomial(input, num_samples, replacement=False, *, generator=None):
    """Indices sampled from rows of (unnormalised) probabilities ``input``."""
    probs = input.detach().cpu().numpy().astype(_np.float64)
    rng = rng_for(generator, CPU)
    rows = probs.reshape(-1, probs.shape[-1])
    out = []
    for row in rows:
        if not replacement and num_samples > (row > 0).sum():
            raise RuntimeError("cannot sample n_sample > prob_dist.size(-1) samples without replacement")
        out.append(rng.choice(len(row), size=num_samples, replace=replacement, p=row / row.sum()))
    arr = _np.array(out, dtype=_np.int64).reshape(probs.shape[:-1] + (num_samples,))
    return _finish(arr, input._device, False)


def scalar_tensor(s, dtype=None, device=None, requires_grad=False):
    """A 0-d tensor holding ``s`` (default float dtype)."""
    return tensor(float(s) if dtype is None else s, dtype=dtype, device=device, requires_grad=requires_grad)
