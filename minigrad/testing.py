"""``minigrad.testing``: ``assert_close``, PyTorch's comparison of tensors, numbers and nested containers of
them, with its default tolerances per dtype and its error messages; and ``make_tensor``, PyTorch's random
test inputs, drawn as PyTorch draws them.

The comparison runs on host copies of the values (it is a testing helper, not an op)."""
import cmath
import math
import warnings
from collections.abc import Mapping, Sequence

import numpy as np

from . import dtypes as _dt
from .creation import as_tensor, empty, randint
from .ops.complex_parts import view_as_real
from .tensor import Tensor

# {dtype: (rtol, atol)}: PyTorch's defaults; every other dtype (integers, bool) compares exactly
_DTYPE_PRECISIONS = {_dt.float16: (1e-3, 1e-5), _dt.float32: (1.3e-6, 1e-5), _dt.float64: (1e-7, 1e-7),
                     _dt.complex64: (1.3e-6, 1e-5), _dt.complex128: (1e-7, 1e-7)}
# a Python number's tolerances: those of the dtype PyTorch maps its type to (complex128 as float64)
_NUMBER_PRECISIONS = {int: (0.0, 0.0), float: (1e-7, 1e-7), complex: (1e-7, 1e-7)}


class _Failure(Exception):
    """A failed check: the exception type to raise, its message, and where in the inputs it occurred."""

    def __init__(self, kind, message, path=()):
        super().__init__(message)
        self.kind, self.message, self.path = kind, message, path

    def error(self, msg=None):
        """The exception for the user: ``msg`` replaces the message (a string) or rewrites it (a callable)."""
        if isinstance(msg, str):
            return self.kind(msg)
        message = self.message
        if self.path:
            message += f"\n\nThe failure occurred for item {''.join(str([key]) for key in self.path)}"
        return self.kind(msg(message) if callable(msg) else message)


def assert_close(actual, expected, *, allow_subclasses=True, rtol=None, atol=None, equal_nan=False,
                 check_device=True, check_dtype=True, check_layout=True, check_stride=False, msg=None):
    """Raise an ``AssertionError`` unless ``actual`` and ``expected`` are close, as
    ``torch.testing.assert_close``: tensors (or NumPy arrays) elementwise with
    ``|actual - expected| <= atol + rtol * |expected|``, after checking their shape (and device, dtype and
    optionally strides); Python numbers likewise; sequences and mappings item by item. Without ``rtol`` and
    ``atol`` the tolerances are PyTorch's defaults for the dtypes (float32 and complex64: 1.3e-6 and 1e-5,
    float64 and complex128: 1e-7 and 1e-7, integers and bool: exact). ``msg`` replaces the message, or
    rewrites it if callable. ``check_layout`` is accepted (every minigrad tensor is strided)."""
    options = dict(allow_subclasses=allow_subclasses, rtol=rtol, atol=atol, equal_nan=equal_nan,
                   check_device=check_device, check_dtype=check_dtype, check_stride=check_stride)
    try:
        checks = _checks(actual, expected, (), options)
    except _Failure as failure:  # inputs that cannot be compared: msg does not apply (as PyTorch)
        raise failure.error() from None
    for check in checks:
        try:
            check()
        except _Failure as failure:
            raise failure.error(msg) from None


def _checks(actual, expected, path, options):
    """The comparisons of the leaves of ``actual`` and ``expected`` (as functions), after checking that
    their structure agrees."""
    if _is_sequence(actual) and _is_sequence(expected):
        if len(actual) != len(expected):
            raise _Failure(AssertionError,
                           f"The length of the sequences mismatch: {len(actual)} != {len(expected)}", path)
        return [c for i in range(len(actual)) for c in _checks(actual[i], expected[i], (*path, i), options)]
    if isinstance(actual, Mapping) and isinstance(expected, Mapping):
        actual_keys, expected_keys = set(actual.keys()), set(expected.keys())
        if actual_keys != expected_keys:
            missing, additional = sorted(expected_keys - actual_keys), sorted(actual_keys - expected_keys)
            raise _Failure(AssertionError, "The keys of the mappings do not match:\n"
                                           f"Missing keys in the actual mapping: {missing}\n"
                                           f"Additional keys in the actual mapping: {additional}", path)
        try:
            keys = sorted(actual_keys)
        except TypeError:
            keys = list(actual_keys)
        return [c for key in keys for c in _checks(actual[key], expected[key], (*path, key), options)]
    return [_leaf_check(actual, expected, path, options)]


def _is_sequence(value):
    return isinstance(value, Sequence) and not isinstance(value, str)


def _leaf_check(actual, expected, path, options):
    """The comparison of two leaves, chosen by their kinds as PyTorch chooses its comparison pairs."""
    if actual is None or expected is None:
        return lambda: _compare_none(actual, expected, path)
    if isinstance(actual, (bool, np.bool_)) and isinstance(expected, (bool, np.bool_)):
        return lambda: _compare_bools(bool(actual), bool(expected), path)
    if _is_number(actual) and _is_number(expected):
        a, b = (x.item() if isinstance(x, np.number) else x for x in (actual, expected))
        rtol, atol = _tolerances([_NUMBER_PRECISIONS[type(a)], _NUMBER_PRECISIONS[type(b)]], options, path)
        return lambda: _compare_numbers(a, b, rtol, atol, options, path)
    related = isinstance(actual, type(expected)) or isinstance(expected, type(actual))
    if related and isinstance(actual, (Tensor, np.ndarray)) and \
            (options["allow_subclasses"] or type(actual) is type(expected)):
        a, b = (x.detach() if isinstance(x, Tensor) else as_tensor(x) for x in (actual, expected))
        rtol, atol = _tolerances([_DTYPE_PRECISIONS.get(t.dtype, (0.0, 0.0)) for t in (a, b)], options, path)
        return lambda: _compare_tensors(a, b, rtol, atol, options, path)
    raise _Failure(TypeError, f"No comparison pair was able to handle inputs of type {type(actual)} and "
                              f"{type(expected)}.", path)


def _is_number(value):
    return (type(value) in _NUMBER_PRECISIONS) or isinstance(value, np.number)


def _tolerances(precisions, options, path):
    """The given ``rtol`` and ``atol``, or the loosest defaults of the inputs' dtypes."""
    rtol, atol = options["rtol"], options["atol"]
    if (rtol is None) != (atol is None):
        raise _Failure(ValueError, "Both 'rtol' and 'atol' must be either specified or omitted, "
                                   f"but got no {'rtol' if rtol is None else 'atol'}.", path)
    if rtol is not None:
        return rtol, atol
    return max(p[0] for p in precisions), max(p[1] for p in precisions)


def _compare_none(actual, expected, path):
    if not (actual is None and expected is None):
        raise _Failure(AssertionError, f"None mismatch: {actual} is not {expected}", path)


def _compare_bools(actual, expected, path):
    if actual is not expected:
        raise _Failure(AssertionError, f"Booleans mismatch: {actual} is not {expected}", path)


def _compare_numbers(actual, expected, rtol, atol, options, path):
    if options["check_dtype"] and type(actual) is not type(expected):
        raise _Failure(AssertionError, f"The (d)types do not match: {type(actual)} != {type(expected)}.", path)
    if actual == expected:
        return
    if options["equal_nan"] and cmath.isnan(actual) and cmath.isnan(expected):
        return
    difference = abs(actual - expected)
    if cmath.isfinite(difference) and difference <= atol + rtol * abs(expected):
        return
    raise _Failure(AssertionError, _scalar_mismatch(actual, expected, rtol, atol), path)


def _compare_tensors(actual, expected, rtol, atol, options, path):
    def mismatch(name, a, b):
        raise _Failure(AssertionError, f"The values for attribute '{name}' do not match: {a} != {b}.", path)
    if actual.shape != expected.shape:
        mismatch("shape", actual.shape, expected.shape)
    if options["check_stride"] and actual.stride() != expected.stride():
        mismatch("stride()", actual.stride(), expected.stride())
    if options["check_device"] and actual.device != expected.device:
        mismatch("device", actual.device, expected.device)
    if options["check_dtype"] and actual.dtype != expected.dtype:
        mismatch("dtype", actual.dtype, expected.dtype)
    if actual.dtype != expected.dtype:  # compared in the promoted dtype
        dtype = _dt.promote_types(actual.dtype, expected.dtype)
        actual, expected = actual.to(dtype), expected.to(dtype)
    a, b = actual.cpu().numpy(), expected.cpu().numpy()
    matches = _isclose(a, b, rtol, atol, options["equal_nan"])
    if matches.all():
        return
    if a.ndim == 0:
        message = _scalar_mismatch(a.item(), b.item(), rtol, atol)
    else:
        message = _tensor_mismatch(a, b, matches, rtol, atol)
    raise _Failure(AssertionError, message, path)


def _isclose(a, b, rtol, atol, equal_nan):
    """``|a - b| <= atol + rtol * |b|`` elementwise (exact equality for integers and bools without tolerance)."""
    if a.dtype.kind in "biu" and rtol == 0 and atol == 0:
        return a == b
    with np.errstate(invalid="ignore", over="ignore"):
        return np.isclose(a, b, rtol=rtol, atol=atol, equal_nan=equal_nan)


def _mismatch_message(identifier, extra, abs_diff, abs_index, rel_diff, rel_index, rtol, atol):
    equality = rtol == 0 and atol == 0

    def line(kind, diff, index, tol):
        if index is None:
            text = f"{kind.title()} difference: {diff}"
        else:
            text = f"Greatest {kind} difference: {diff} at index {index}"
        return text + ("" if equality else f" (up to {tol} allowed)") + "\n"
    message = f"{identifier} are not {'equal' if equality else 'close'}!\n\n{extra}\n"
    message += line("absolute", abs_diff, abs_index, atol) + line("relative", rel_diff, rel_index, rtol)
    return message.strip()


def _scalar_mismatch(actual, expected, rtol, atol):
    difference = abs(actual - expected)
    relative = float("inf") if expected == 0 else difference / abs(expected)
    return _mismatch_message("Scalars", f"Expected {expected} but got {actual}.", difference, None, relative, None,
                             rtol, atol)


def _tensor_mismatch(a, b, matches, rtol, atol):
    """PyTorch's statistics of the mismatched elements: their count, and the greatest absolute and
    relative differences among them with their indices."""
    total = matches.size
    mismatched = total - int(matches.sum())
    extra = f"Mismatched elements: {mismatched} / {total} ({mismatched / total:.1%})"
    if a.dtype.kind in "biu":  # integers compared in int64; their ratio in the default float dtype, as PyTorch
        a, b = a.astype(np.int64), b.astype(np.int64)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        abs_diff = np.abs(a - b)
        abs_diff[matches] = 0
        divisor = np.abs(b)
        if a.dtype.kind in "biu":
            float_dtype = np.dtype(_dt.get_default_dtype().name)
            rel_diff = abs_diff.astype(float_dtype) / divisor.astype(float_dtype)
        else:
            rel_diff = abs_diff / divisor
        rel_diff[matches] = 0

    def greatest(diff):
        flat = int(np.argmax(diff))  # (the first NaN, if any, as torch.max finds it)
        return diff.flat[flat].item(), tuple(int(i) for i in np.unravel_index(flat, diff.shape))
    (abs_value, abs_index), (rel_value, rel_index) = greatest(abs_diff), greatest(rel_diff)
    return _mismatch_message("Tensor-likes", extra, abs_value, abs_index, rel_value, rel_index, rtol, atol)


def make_tensor(*shape, dtype, device, low=None, high=None, requires_grad=False, noncontiguous=False,
                exclude_zero=False, memory_format=None):
    """A tensor of ``shape`` filled with values drawn uniformly from ``[low, high)``, as
    ``torch.testing.make_tensor``: the same draws from the global generator (``randint`` for bool and
    integer dtypes, ``uniform_`` for floating ones, on both parts of complex ones), the same defaults
    (bool [0, 2), unsigned [0, 10), signed integers [-9, 10), floating and complex [-9, 9)), bounds clamped
    to the dtype's range (and rounded up for integers), ``noncontiguous`` (every other element of a last dim
    twice as long), ``memory_format``, ``exclude_zero`` (zeros replaced by 1 or the dtype's ``tiny``) and
    ``requires_grad``, with PyTorch's errors and its deprecation warning for ``low == high``."""
    if len(shape) == 1 and isinstance(shape[0], Sequence):
        shape = shape[0]
    shape = tuple(shape)
    if noncontiguous and memory_format is not None:
        raise ValueError(f"The parameters `noncontiguous` and `memory_format` are mutually exclusive, "
                         f"but got noncontiguous={noncontiguous!r} and memory_format={memory_format!r}")
    exact = dtype is _dt.bool or (not dtype.is_floating_point and not dtype.is_complex)
    if requires_grad and exact:
        raise ValueError(f"`requires_grad=True` is not supported for boolean and integral dtypes, but got "
                         f"dtype={dtype!r}")
    noncontiguous = noncontiguous and math.prod(shape) > 1
    if noncontiguous:  # twice the last dim, so that the elements kept differ from their neighbours
        shape = (*shape[:-1], 2 * shape[-1])
    if dtype is _dt.bool:
        low, high = _make_bounds(low, high, dtype, 0, 2, 0, 2)
        result = randint(low, high, shape, device=device, dtype=dtype)
    elif exact:
        info = _dt.iinfo(dtype)
        # randint's bounds pass through int64, so int64's largest value cannot be drawn
        top = info.max + (1 if dtype is not _dt.int64 else 0)
        low, high = _make_bounds(low, high, dtype, info.min, top, -9, 10)
        result = randint(low, high, shape, device=device, dtype=dtype)
    else:
        info = _dt.finfo(dtype)
        low, high = _make_bounds(low, high, dtype, info.min, info.max, -9, 9)
        result = empty(shape, device=device, dtype=dtype)
        target = view_as_real(result) if dtype.is_complex else result
        if high - low >= info.max:  # uniform_ needs high - low to be finite: draw half the range, then double
            target.uniform_(low / 2, high / 2).mul_(2)
        else:
            target.uniform_(low, high)
    if noncontiguous:
        result = result[..., 1::2]
    elif memory_format is not None:
        result = result.clone(memory_format=memory_format)
    if exclude_zero:
        result[result == 0] = 1 if exact else _dt.finfo(dtype).tiny
    if not exact:
        result.requires_grad = requires_grad
    return result


def _make_bounds(low, high, dtype, lowest, highest, default_low, default_high):
    """``make_tensor``'s checked bounds: the defaults where None, clamped to ``[lowest, highest]``, and for
    bool and integer dtypes rounded up (``randint``'s high is exclusive)."""
    low = default_low if low is None else low
    high = default_high if high is None else high
    exact = dtype is _dt.bool or (not dtype.is_floating_point and not dtype.is_complex)
    if any(isinstance(value, float) and math.isnan(value) for value in (low, high)):
        raise ValueError(f"`low` and `high` cannot be NaN, but got low={low!r} and high={high!r}")
    if low == high and not exact:
        warnings.warn("Passing `low==high` to `torch.testing.make_tensor` for floating or complex types is "
                      "deprecated since 2.1 and will be removed in 2.3. Use `torch.full(...)` instead.",
                      FutureWarning, stacklevel=3)
    elif low >= high:
        raise ValueError(f"`low` must be less than `high`, but got {low} >= {high}")
    elif high < lowest or low >= highest:
        raise ValueError(f"The value interval specified by `low` and `high` is [{low}, {high}), but {dtype} only "
                         f"supports [{lowest}, {highest})")
    low, high = min(max(low, lowest), highest), min(max(high, lowest), highest)
    if exact:
        return math.ceil(low), math.ceil(high)
    return low, high
