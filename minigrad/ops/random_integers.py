"""``random_``: a tensor filled in place with random integers, in [from, to), [0, to), or up to
its dtype's largest (every integer a float holds exactly), drawn as PyTorch's CPU kernel draws
them; recorded on ``random_fill.py``'s ``RandomFill`` (a zero gradient)."""
import numbers
import operator
import warnings

import numpy as _np

from ..dtypes import C_NAMES
from ..tensor import Tensor
from ._api import method
from .random_fill import _KERNEL_NAMES, _dtype_name, _fill, _from_to, _host


def _int_arg(name, value):
    if isinstance(value, Tensor) and value.numel() == 1 and not value.is_floating_point():
        value = value.item()
    if isinstance(value, bool) or not isinstance(value, (numbers.Integral, _np.integer)):
        raise TypeError(f"{name}() received an invalid combination of arguments - got ({type(value).__name__}), "
                        "but expected one of: (*, torch.Generator generator), (int from, int to, *, torch.Generator "
                        "generator), (int to, *, torch.Generator generator)")
    value = operator.index(value)
    if not -2 ** 63 <= value < 2 ** 63:
        raise ValueError("Overflow when unpacking long long")
    return value


def _update_from(low, digits, cast):
    """PyTorch's ``update_from``: a ``from`` the dtype cannot hold is moved up to one it can."""
    plus_one = int(cast(low + 1))
    if plus_one < low:
        n = abs(low + 1).bit_length() - 1
        low = plus_one + (1 << (n - digits + 1))
    return low


def _update_to(high, digits, cast):
    """PyTorch's ``update_to``: a ``to`` the dtype cannot hold is moved down to one it can."""
    minus_one = int(cast(high - 1))
    if minus_one >= high:
        n = abs(high - 1).bit_length() - 1
        high = minus_one - (1 << (n - digits + 1))
    return high


def _check_in_range(self, low, last):
    """PyTorch's ``check_from_to_in_range``: both ends within the dtype (a warning past the integers
    a float holds exactly)."""
    dt = self._data.dtype
    c_name = C_NAMES.get(_dtype_name(self))
    if dt.kind == "f":
        info = _np.finfo(dt)
        lo, hi, digits = float(info.min), float(info.max), info.nmant + 1
    elif dt.kind == "b":
        lo, hi, digits = 0, 1, None
    else:
        info = _np.iinfo(dt)
        lo, hi, digits = int(info.min), int(info.max), None
    for value, what in ((low, "from"), (last, "to - 1")):
        if not lo <= value <= hi:
            raise RuntimeError(f"{what} is out of bounds for {c_name}")
    if digits is not None:
        for value, what in ((low, "from"), (last, "to - 1")):
            if not -(1 << digits) <= value <= 1 << digits:
                warnings.warn(f"{what} is out of bounds [-(2^{digits}), 2^{digits}]. Due to precision limitations "
                              f"{c_name} can support discrete uniform distribution only within this range. This "
                              "warning will become an error in version 1.7 release, please fix the code in advance",
                              UserWarning, stacklevel=4)


def _random_bound(np_dtype):
    """``random_()``'s exclusive bound by dtype, as PyTorch's: every integer up to 2**mantissa for
    floats (inclusive), every non-negative value for integers."""
    if np_dtype.kind == "f":
        return 2 ** (_np.finfo(np_dtype).nmant + 1) + 1
    if np_dtype.kind == "b":
        return 2
    return int(_np.iinfo(np_dtype).max) + 1


def _random_below_bound(r, s, dt):
    """``random_()``'s draw: one word modulo the bound (two for int64 and float64), as PyTorch's."""
    words = _host(r, "random_words")
    if dt == _np.int32 and words is not None:  # (a bound of 2**31 from one word, where integers() takes two)
        return words(s) & 0x7FFFFFFF
    return r.integers(0, _random_bound(dt), s)


def random_(self, *args, generator=None, **named):
    """Fill with random integers in place: ``random_(from, to)`` in [from, to), ``random_(to)`` in
    [0, to), ``random_(from, None)`` from ``from`` to the dtype's largest, ``random_()`` in
    [0, 2**mantissa] for floats and [0, max] for integers; returns self."""
    if "from" in named and len(args) + len(named) == 1:
        raise TypeError("random_() takes 'from' with 'to': random_(from, to), random_(to) or random_()")
    dt = self._data.dtype
    if dt.kind == "c":
        raise NotImplementedError(f'"random_kernel_cpu" not implemented for \'{_KERNEL_NAMES.get(_dtype_name(self))}\'')
    if not args and not named:
        return _fill(self, lambda r, s: _random_below_bound(r, s, dt), generator, "RandomBackward2")
    if len(args) + len(named) == 1:  # random_(to)
        args, named, node = (0, args[0] if args else named["to"]), {}, "RandomBackward1"
    else:
        node = "RandomBackward0"
    low, high = _from_to("random_", args, named, 0, None)
    low = _int_arg("random_", low)
    if high is not None:
        high = _int_arg("random_", high)
        if low >= high:
            raise RuntimeError(f"random_ expects 'from' to be less than 'to', but got from={low} >= to={high}")
        if dt.kind == "f":
            digits, cast = _np.finfo(dt).nmant + 1, dt.type
            low, high = _update_from(low, digits, cast), _update_to(high, digits, cast)
            if low >= high:
                raise RuntimeError("random_ expects 'from' casted to dtype to be less than 'to' casted to dtype, "
                                   f"but got from={low} >= to={high}")
        _check_in_range(self, low, high - 1)
    elif low != -2 ** 63:
        if dt.kind == "f":
            last = 1 << (_np.finfo(dt).nmant + 1)
            low = _update_from(low, _np.finfo(dt).nmant + 1, dt.type)
            if low >= last:
                raise RuntimeError("random_ expects 'from' casted to dtype to be less than or equal to 'to_inc' "
                                   f"casted to dtype, but got from={low} > to_inc={last}")
        else:
            last = 1 if dt.kind == "b" else int(_np.iinfo(dt).max)
        _check_in_range(self, low, last)
        high = last + 1
    else:  # (the whole int64 range: one 64-bit word read as a signed integer)
        if dt not in (_np.int64, _np.float32, _np.float64):
            raise RuntimeError("random_full_64_bits_range_kernel_cpu handles only int64, double, float and bfloat16")
        # integers() gives word - 2**63; flipping the top bit reads the word as signed, as PyTorch's cast
        return _fill(self, lambda r, s: r.integers(low, 2 ** 63, s, dtype=_np.int64) ^ _np.int64(low), generator,
                     node)
    return _fill(self, lambda r, s: r.integers(low, high, s), generator, node)


method("random_", random_)
