"""``repr`` of tensors, laid out like PyTorch's (4 decimals, scientific when needed)."""
import numpy as _np  # host-side printing only


class _Options:
    """Print options, as ``torch.set_printoptions`` sets them."""

    precision = 4
    threshold = 1000
    edgeitems = 3
    sci_mode = None  # None: automatic


_options = _Options()


def set_printoptions(precision=None, threshold=None, edgeitems=None, linewidth=None, profile=None, sci_mode=None):
    """Digits, summarising threshold, edge items and scientific notation of printed tensors."""
    if profile is not None:
        presets = {"default": (4, 1000, 3), "short": (2, 1000, 2), "full": (4, float("inf"), 3)}
        _options.precision, _options.threshold, _options.edgeitems = presets[profile]
    if precision is not None:
        _options.precision = precision
    if threshold is not None:
        _options.threshold = threshold
    if edgeitems is not None:
        _options.edgeitems = edgeitems
    _options.sci_mode = sci_mode


def _format_floats(values):
    finite = values[_np.isfinite(values)]
    if finite.size == 0:
        return lambda v: _special(v), 0
    absmax = _np.abs(finite).max()
    nonzero = _np.abs(finite[finite != 0])
    absmin = nonzero.min() if nonzero.size else 0.0
    ints = _np.all(finite == _np.round(finite))
    if ints and absmax < 1e8 and not _options.sci_mode:
        width = max(len(f"{v:.0f}.") for v in finite)
        return (lambda v: _special(v) if not _np.isfinite(v) else f"{v:.0f}."), width
    p = _options.precision
    sci = _options.sci_mode
    if sci is None:
        sci = bool(absmax >= 1e8 or (absmin and absmin < 1e-4) or (absmin and absmax / absmin > 1000.0))
    if sci:
        fmt = lambda v: _special(v) if not _np.isfinite(v) else f"{v:.{p}e}"  # noqa: E731
    else:
        fmt = lambda v: _special(v) if not _np.isfinite(v) else f"{v:.{p}f}"  # noqa: E731
    width = max(len(fmt(v)) for v in values.reshape(-1))
    return fmt, width


def _special(v):
    if _np.isnan(v):
        return "nan"
    return "inf" if v > 0 else "-inf"


def _body(arr, fmt, width, indent, summarize):
    if arr.ndim == 0:
        return fmt(arr.item()).rjust(width)
    if arr.ndim == 1:
        items = [fmt(v).rjust(width) for v in arr.tolist()] if not summarize or arr.shape[0] <= 2 * _options.edgeitems else \
            [fmt(v).rjust(width) for v in arr[:_options.edgeitems].tolist()] + ["...".rjust(width)] + \
            [fmt(v).rjust(width) for v in arr[-_options.edgeitems:].tolist()]
        per_line = max(1, (80 - indent) // (width + 2))
        lines = [", ".join(items[i:i + per_line]) for i in range(0, len(items), per_line)]
        return "[" + (",\n" + " " * (indent + 1)).join(lines) + "]"
    rows = list(range(arr.shape[0]))
    if summarize and arr.shape[0] > 2 * _options.edgeitems:
        e = _options.edgeitems
        rows = rows[:e] + [None] + rows[-e:]
    parts = [("..." if r is None else _body(arr[r], fmt, width, indent + 1, summarize)) for r in rows]
    sep = "," + "\n" * (arr.ndim - 1) + " " * (indent + 1)
    return "[" + sep.join(parts) + "]"


def format_array(arr, indent):
    """The bracketed values of a NumPy array as PyTorch prints them."""
    summarize = arr.size > _options.threshold
    if arr.dtype.kind == "b":
        fmt, width = (lambda v: str(bool(v))), max(len(str(bool(v))) for v in arr.reshape(-1)) if arr.size else 0
    elif arr.dtype.kind in "iu":
        fmt, width = str, max(len(str(v)) for v in arr.reshape(-1).tolist()) if arr.size else 0
    else:
        fmt, width = _format_floats(arr.astype(_np.float64))
    return _body(arr, fmt, width, indent, summarize)


def tensor_repr(t):
    """``tensor([...], dtype=..., grad_fn=<...>)`` as PyTorch writes it."""
    from . import dtypes
    arr = t._device._get_backend().to_numpy(t._data)
    suffix = []
    if t._device.type != "cpu":
        suffix.append(f"device='{t._device}'")
    if arr.size == 0:
        body = "[]"
        if arr.shape != (0,):
            suffix.insert(0, f"size=({', '.join(map(str, arr.shape))}{',' if arr.ndim == 1 else ''})")
    else:
        body = format_array(arr, len("tensor("))
    dt = t.dtype
    default_shown = dt is dtypes.get_default_dtype() or (arr.size and dt in (dtypes.int64, dtypes.bool))
    if not default_shown:
        suffix.append(f"dtype=torch.{dt.name}")
    if t._node is not None:
        suffix.append(f"grad_fn=<{t._node.name()}>")
    elif t._rg:
        suffix.append("requires_grad=True")
    return _with_suffixes("tensor(" + body, suffix, len("tensor("))


def _with_suffixes(text, suffixes, indent, linewidth=80):
    """Append ``, dtype=...`` etc., starting a new indented line where the line would pass 80 columns."""
    parts = [text]
    line = len(text) - text.rfind("\n") + 1
    for s in suffixes:
        if line + len(s) + 2 > linewidth:
            parts.append(",\n" + " " * indent + s)
            line = indent + len(s)
        else:
            parts.append(", " + s)
            line += len(s) + 2
    parts.append(")")
    return "".join(parts)
