"""Random tensors: uniform, normal, integers, permutations, Bernoulli and multinomial draws, from
the default generator of the device or a given ``Generator``."""
import functools
import math

import numpy as _np  # host-side construction; arrays move to the device backend after

from .. import dtypes as _dt
from .._errors import check_failed, check_storage_size, raise_for_allocation, value_overflow
from ..device import to_device, CPU
from ..random import rng_for
from ..tensor import Tensor
from .filled import empty
from ._args import (_UNSET, _check_options, _check_tensor_arg, _finish, _in_layout_of, _float_dtype, _int_arg,
                    _is_int, _like, _number_arg, _shape_arg, _size, _type_name, check_pin_memory)


def rand_like(input, *, generator=None, dtype=None, layout=None, device=None, requires_grad=False,
              memory_format=None, pin_memory=False):
    """Uniform [0, 1) samples with input's shape."""
    check_pin_memory(pin_memory)
    dt, dev = _like("rand_like", input, dtype, device, memory_format)
    return _in_layout_of(input, lambda shape: rand(shape, generator=generator, dtype=dt, device=dev),
                         requires_grad, memory_format)


def randn_like(input, *, generator=None, dtype=None, layout=None, device=None, requires_grad=False,
               memory_format=None, pin_memory=False):
    """Standard normal samples with input's shape."""
    check_pin_memory(pin_memory)
    dt, dev = _like("randn_like", input, dtype, device, memory_format)
    return _in_layout_of(input, lambda shape: randn(shape, generator=generator, dtype=dt, device=dev),
                         requires_grad, memory_format)


def randint_like(input, low=_UNSET, high=_UNSET, *, generator=None, dtype=None, layout=None, device=None,
                 requires_grad=False, memory_format=None, pin_memory=False):
    """Random integers in [low, high) with input's shape: ``randint_like(input, high)`` or
    ``randint_like(input, low, high)``."""
    check_pin_memory(pin_memory)
    given = [value for value in (low, high) if value is not _UNSET]
    if not given or not all(_is_int(value) for value in given):  # (PyTorch's parser: no form fits)
        got = ", ".join(_type_name(value) for value in (input, *given))
        raise TypeError(f"randint_like() received an invalid combination of arguments - got ({got}), but expected "
                        f"one of:{_RANDINT_LIKE_FORMS}\n")
    low, high = (0, *given) if len(given) == 1 else given
    dt, dev = _like("randint_like", input, dtype, device, memory_format)
    return _in_layout_of(input, lambda shape: randint(low, high, shape, generator=generator, dtype=dt, device=dev),
                         requires_grad, memory_format)


_OPTIONS = ("torch.dtype dtype = None, torch.layout layout = None, torch.device device = None, "
            "bool pin_memory = False, bool requires_grad = False)")
_RANDINT_LIKE_FORMS = "".join(
    f"\n * (Tensor input, {form}, *, {generator}torch.memory_format memory_format = None, {_OPTIONS}"
    for form in ("int low, int high", "Tensor high", "int high") for generator in ("torch.Generator generator, ", ""))


#: the kernel of ``rand`` and of ``randn`` that refuses an integer or bool dtype
_KERNELS = {"rand": "check_uniform_bounds", "randn": "normal_kernel_cpu"}


def _random(fn, shape, dtype, device, generator, requires_grad, draw):
    dt = _float_dtype(dtype)
    if dt.is_complex:  # PyTorch draws the parts as real values, real and imaginary in turn
        dev = to_device(device)
        return _finish(_complex_draw(rng_for(generator, dev), shape, dt, fn, draw), dev, requires_grad)
    if dt.category != 2:  # (PyTorch's kernel that refuses the dtype names it)
        raise NotImplementedError(f"\"{_KERNELS[fn]}\" not implemented for '{dt._torch_name[:-6]}'")
    dev = to_device(device)
    rng = rng_for(generator, dev)
    # (PyTorch draws float16's uniform values as float32's, its normal values in float64)
    drawn = dt.np if dt.np in (_np.float32, _np.float64) else _np.float32 if fn == "rand" else _np.float64
    check_storage_size(shape, dt.itemsize)
    try:  # (PyTorch's RuntimeError where the memory or the size runs out)
        arr = draw(rng, shape, drawn)
    except (MemoryError, ValueError) as error:
        raise_for_allocation(error)
    if arr.dtype != dt.np:
        arr = arr.astype(dt.np)
    return _finish(arr, dev, requires_grad)


def _complex_draw(rng, shape, dt, fn, draw):
    """Complex samples as PyTorch draws them: twice the count of real values of the parts' dtype
    (the pairs become the parts); randn scales them by 1/sqrt(2) (each part has variance 1/2), in
    float64 below 16 values, where PyTorch's scalar path computes in float64 too."""
    part = _dt.real_of(dt).np
    count = 2 * math.prod(shape)
    if fn == "rand":
        values = draw(rng, (count,), part)
    else:
        values = draw(rng, (count,), _np.float64 if count < 16 else part)
        values = (values * values.dtype.type(1 / math.sqrt(2))).astype(part, copy=False)
    return values.view(dt.np).reshape(shape)


def rand(*dims, size=None, generator=None, dtype=None, layout=None, device=None, requires_grad=False,
         pin_memory=False):
    """Uniform samples on [0, 1); the size as ints, one sequence, or ``size=``."""
    _check_options("rand", layout, pin_memory)
    return _random("rand", _size("rand", dims, size), dtype, device, generator, requires_grad,
                   lambda r, s, d: r.random(s, dtype=d))


def randn(*dims, size=None, generator=None, dtype=None, layout=None, device=None, requires_grad=False,
          pin_memory=False):
    """Standard normal samples; the size as ints, one sequence, or ``size=``."""
    _check_options("randn", layout, pin_memory)
    return _random("randn", _size("randn", dims, size), dtype, device, generator, requires_grad,
                   lambda r, s, d: r.standard_normal(s, dtype=d))


_RANDOM_C_NAMES = {"int8": "signed char", "uint8": "unsigned char", "int16": "short", "int32": "int",
                   "int64": "long", "bool": "bool"}


_RANDINT_FORMS = "".join(
    f"\n * ({form}, *, {generator}Tensor out = None, {_OPTIONS}"
    for form in ("int high, tuple of ints size", "int low, int high, tuple of ints size")
    for generator in ("torch.Generator generator, ", ""))


def _randint_mismatch(got):
    """PyTorch's TypeError for a call that fits neither form of ``randint``."""
    return TypeError(f"randint() received an invalid combination of arguments - got ({got}), but expected one "
                     f"of:{_RANDINT_FORMS}\n")


def _randint_arguments(low, high, size):
    """``(low, high, shape)`` of a ``randint`` call, read as PyTorch's parser reads it: two arguments
    are ``(high, size)``, three ``(low, high, size)``; its TypeError where the call fits neither
    (``randint(10)``, ``randint(0, 10)``: the size forgotten, ``randint(size=(3,))``: the bound)."""
    given = [(name, value) for name, value in (("low", low), ("high", high), ("size", size)) if value is not _UNSET]
    if len(given) < 2:  # a single value given by name is printed as PyTorch prints a keyword
        raise _randint_mismatch("".join(_type_name(v) if n == "low" else f"{n}={_type_name(v)}, " for n, v in given))
    if len(given) == 3:
        if not (_is_int(low) and _is_int(high) and isinstance(size, (tuple, list))
                and all(_is_int(s) for s in size)):
            raise _randint_mismatch(", ".join(_type_name(v) for _, v in given))
        return _int64_bound(int(low)), _int64_bound(int(high)), _size("randint", (size,))
    if size is _UNSET:  # randint(high, size), both positional
        return 0, _int64_bound(_int_arg("randint", "high", 1, low)), _shape_arg("randint", high, 2)
    if high is _UNSET:  # randint(high, size=...)
        return 0, _int64_bound(_int_arg("randint", "high", 1, low)), _shape_arg("randint", size, None)
    return 0, _int64_bound(_int_arg("randint", "high", None, high)), _shape_arg("randint", size, None)  # both by name


def _int64_bound(value):
    """A bound of ``randint`` as PyTorch's parser reads it, into an int64: its ValueError for one that does
    not fit (whatever the dtype asked for: ``randint(0, 2 ** 63, dtype=uint64)`` too)."""
    if not -2 ** 63 <= value < 2 ** 63:
        raise ValueError("Overflow when unpacking long long")
    return value


def randint(low=_UNSET, high=_UNSET, size=_UNSET, *, generator=None, dtype=None, layout=None, device=None,
            requires_grad=False, pin_memory=False):
    """Random integers in [low, high) (int64 unless dtype is given): ``randint(high, size)`` or
    ``randint(low, high, size)``."""
    _check_options("randint", layout, pin_memory)
    low, high, shape = _randint_arguments(low, high, size)
    if low >= high:
        raise RuntimeError(f"random_ expects 'from' to be less than 'to', but got from={low} >= to={high}")
    dt = _dt.int64 if dtype is None else _dt.to_dtype(dtype)
    if dt.category == 3:
        raise RuntimeError("check_random_bounds handles only integral, floating-point and boolean types")
    if dt.category <= 1:
        lo, hi = (0, 1) if dt is _dt.bool else (int(_np.iinfo(dt.np).min), int(_np.iinfo(dt.np).max))
        c_name = _RANDOM_C_NAMES.get(dt.name, dt.name)
        if low < lo:
            raise RuntimeError(f"from is out of bounds for {c_name}")
        if high - 1 > hi:
            raise RuntimeError(f"to - 1 is out of bounds for {c_name}")
    dev = to_device(device)
    check_storage_size(shape, dt.itemsize)
    try:  # (as in _random)
        arr = rng_for(generator, dev).integers(low, high, shape)
    except (MemoryError, ValueError) as error:
        raise_for_allocation(error)
    return _finish(arr.astype(dt.np, copy=False), dev, requires_grad)  # (int64 already: no copy)


def randperm(n, *, generator=None, dtype=None, layout=None, device=None, requires_grad=False,
             pin_memory=False):
    """A random permutation of 0..n-1 (int64)."""
    check_pin_memory(pin_memory)
    n = _int_arg("randperm", "n", 1, n)
    if n < 0:
        raise RuntimeError(f"Trying to create tensor with negative dimension {n}: [{n}]")
    dt = _dt.int64 if dtype is None else _dt.to_dtype(dtype)
    _check_permutation_fits(n, dt)
    dev = to_device(device)
    rng = rng_for(generator, dev)
    try:  # (as in _random)
        if hasattr(rng, "permutation"):
            arr = rng.permutation(n)
        else:  # cupy.random.Generator has no permutation: sort random keys on the device
            arr = dev._get_backend().xp.argsort(rng.random(n))
    except (MemoryError, ValueError) as error:
        raise_for_allocation(error)
    return _finish(arr.astype(dt.np, copy=False), dev, requires_grad)  # (int64 already: no copy)


#: the largest n whose permutation a float dtype holds exactly, as PyTorch bounds it
_PERMUTATION_LIMITS = {"float16": (2 ** 11 + 1, "2049 for Half"), "float32": (2 ** 24 + 1, "2^24+1 for Float"),
                       "float64": (2 ** 53 + 1, "2^53+1 for Double")}


@functools.lru_cache(maxsize=None)
def _largest(np_dtype):
    """The largest value of an integer dtype (cached: NumPy's iinfo costs more than randperm's other checks)."""
    return int(_np.iinfo(np_dtype).max)


def _check_permutation_fits(n, dt):
    """PyTorch's errors for a permutation of ``n`` in dtype ``dt``: n - 1 beyond an integer dtype's range
    or a float dtype's exact integers (RuntimeError), then a dtype without a kernel (bool, complex, the
    wider unsigned: NotImplementedError)."""
    if dt.category == 1 and n - 1 > _largest(dt.np):
        raise value_overflow(dt.name)
    if dt.name in _PERMUTATION_LIMITS and n > _PERMUTATION_LIMITS[dt.name][0]:
        raise RuntimeError(f"n cannot be greater than {_PERMUTATION_LIMITS[dt.name][1]} type.")
    if dt is _dt.bool or dt.category == 3 or dt.name in ("uint16", "uint32", "uint64"):
        raise NotImplementedError(f"\"randperm\" not implemented for '{dt._torch_name[:-6]}'")


def normal(mean=0.0, std=1.0, size=None, *, generator=None, dtype=None, layout=None, device=None,
           requires_grad=False, pin_memory=False):
    """Normal samples: scalar mean/std with ``size``, or elementwise Tensor means/stds."""
    if isinstance(mean, Tensor) or isinstance(std, Tensor):
        ref = mean if isinstance(mean, Tensor) else std
        if not any(isinstance(t, Tensor) and t.dtype.is_floating_point for t in (mean, std)):
            raise NotImplementedError(f"\"normal_kernel_cpu\" not implemented for '{ref.dtype._torch_name[:-6]}'")
        m = mean._data if isinstance(mean, Tensor) else _number_arg("normal", "mean", mean)
        s = std._data if isinstance(std, Tensor) else _number_arg("normal", "std", std)
        if isinstance(std, Tensor) and (std._data < 0).any().item():  # explicit sync for the check
            raise RuntimeError("normal expects all elements of std >= 0.0")
        if not isinstance(std, Tensor) and s < 0:
            raise RuntimeError(f"normal expects std >= 0.0, but found std {std:g}")
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
    _check_options("normal", layout, pin_memory)
    if std < 0:
        raise RuntimeError(f"normal expects std >= 0.0, but found std {std:g}")
    t = empty(shape, dtype=dtype, device=device).normal_(mean, std, generator=generator)  # (PyTorch's own route)
    return _finish(t._data, t._device, requires_grad)


def bernoulli(input, p=None, *, generator=None):
    """Samples of 0/1 with probabilities ``input`` (or ``p``)."""
    _check_tensor_arg("bernoulli", "input", 1, input)
    if p is None:
        probs = input._data
        if probs.dtype.kind != "f":  # (PyTorch's kernel reads floating probabilities only)
            raise NotImplementedError(f"\"bernoulli_tensor_cpu_p_\" not implemented for '{input.dtype._torch_name[:-6]}'")
        if probs.size and not ((probs >= 0) & (probs <= 1)).all().item():  # explicit sync for the check
            raise check_failed("p_in >= 0 && p_in <= 1")
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
    rows = probs.reshape(len(probs) if probs.ndim == 2 else 1, probs.shape[-1])
    if replacement and num_samples > 1:
        _check_rows_with_replacement(rows)
    elif probs.shape[-1] == 0:
        raise RuntimeError("aminmax(): cannot compute aminmax over an empty dimension as the operation has no identity.")
    elif not (_np.isfinite(probs).all() and (probs >= 0).all()):
        raise RuntimeError("probability tensor contains either `inf`, `nan` or element < 0")
    rng = rng_for(generator, CPU)
    if (rows.sum(-1) <= 0).any():
        raise RuntimeError("invalid multinomial distribution (sum of probabilities <= 0)")
    if num_samples == 1 or not replacement:
        arr = _largest_over_exponential_noise(input, rng, num_samples)
        return _finish(arr, input._device, False)
    shape = probs.shape[:-1] + (num_samples,)
    check_storage_size(shape, 8)
    try:  # (as in _random)
        arr = _np.array([rng.choice(len(row), size=num_samples, replace=True, p=row / row.sum()) for row in rows],
                        dtype=_np.int64).reshape(shape)
    except (MemoryError, ValueError) as error:
        raise_for_allocation(error)
    return _finish(arr, input._device, False)


def _check_rows_with_replacement(rows):
    """PyTorch's checks of multinomial's draws with replacement (its CPU kernel's): row by row, each
    entry non-negative and then finite (a NaN fails the first), then the row's sum positive."""
    for row in rows:
        bad = ~(row >= 0) | ~_np.isfinite(row)
        if bad.any():
            kind = "< 0" if not row[bad.argmax()] >= 0 else "= infinity or NaN"
            raise RuntimeError(f"invalid multinomial distribution (encountering probability entry {kind})")
        if row.sum() <= 0:
            raise RuntimeError("invalid multinomial distribution (sum of probabilities <= 0)")


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
