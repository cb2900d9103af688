"""``repr`` of tensors, laid out like PyTorch's (4 decimals, scientific when needed)."""
import numpy as _np  # host-side printing only


class _Options:
    """Print options, as ``torch.set_printoptions`` sets them."""

    precision = 4
    threshold = 1000
    edgeitems = 3
    linewidth = 80
    sci_mode = None  # None: automatic


_options = _Options()


def set_printoptions(precision=None, threshold=None, edgeitems=None, linewidth=None, profile=None, sci_mode=None):
    """Digits, summarising threshold, edge items, line width and scientific notation of printed tensors."""
    presets = {"default": (4, 1000, 3), "short": (2, 1000, 2), "full": (4, float("inf"), 3)}
    if profile in presets:  # (another name changes nothing, as in PyTorch)
        _options.precision, _options.threshold, _options.edgeitems = presets[profile]
        _options.linewidth = 80
    if precision is not None:
        _options.precision = precision
    if threshold is not None:
        _options.threshold = threshold
    if edgeitems is not None:
        _options.edgeitems = edgeitems
    if linewidth is not None:
        _options.linewidth = linewidth
    _options.sci_mode = sci_mode


def _format_floats(values):
    """The formatter and field width of a float array, chosen from its nonzero finite values."""
    nonzero = values[_np.isfinite(values) & (values != 0)]
    p = _options.precision
    ints, sci, width = True, False, 1
    if nonzero.size:
        absmin, absmax = _np.abs(nonzero).min(), _np.abs(nonzero).max()
        ints = bool(_np.all(nonzero == _np.ceil(nonzero)))
        sci = _options.sci_mode
        if sci is None:
            sci = bool(absmax / absmin > 1000.0 or absmax > 1.0e8 or absmin < 1.0e-4)
        spec = f".{p}e" if sci else ".0f" if ints else f".{p}f"
        width = max(len(format(v, spec)) for v in nonzero.tolist()) + (ints and not sci)
    if sci:
        fmt = lambda v: f"{v:.{p}e}"  # noqa: E731
    elif ints:
        fmt = lambda v: f"{v:.0f}" if _np.isnan(v) or _np.isinf(v) else f"{v:.0f}."  # noqa: E731
    else:
        fmt = lambda v: f"{v:.{p}f}"  # noqa: E731
    return fmt, width


def _complex_formatter(shown):
    """PyTorch's complex layout: the real parts and the imaginary parts each formatted as a float
    array of their own, joined as ``1.0000+2.j``; the width counts both fields."""
    real_fmt, real_width = _format_floats(shown.real.astype(_np.float64))
    imag_fmt, imag_width = _format_floats(shown.imag.astype(_np.float64))

    def fmt(v):
        imag = imag_fmt(v.imag).rjust(imag_width).lstrip() + "j"
        return real_fmt(v.real).rjust(real_width) + (imag if imag[0] in "+-" else "+" + imag)
    return fmt, real_width + imag_width + 1


def _body(arr, fmt, width, indent, summarize):
    if arr.ndim == 0:
        return fmt(arr.item()).rjust(width)
    if arr.ndim == 1:
        pad = width if arr.dtype.kind != "c" else 0  # (a complex item is not padded as a whole)
        items = [fmt(v).rjust(pad) for v in arr.tolist()] if not summarize or arr.shape[0] <= 2 * _options.edgeitems else \
            [fmt(v).rjust(pad) for v in arr[:_options.edgeitems].tolist()] + [" ..."] + \
            [fmt(v).rjust(pad) for v in arr[-_options.edgeitems:].tolist()]
        per_line = max(1, (_options.linewidth - indent) // (width + 2))
        lines = [", ".join(items[i:i + per_line]) for i in range(0, len(items), per_line)]
        return "[" + (",\n" + " " * (indent + 1)).join(lines) + "]"
    rows = list(range(arr.shape[0]))
    if summarize and arr.shape[0] > 2 * _options.edgeitems:
        e = _options.edgeitems
        rows = rows[:e] + [None] + rows[-e:]
    parts = [("..." if r is None else _body(arr[r], fmt, width, indent + 1, summarize)) for r in rows]
    sep = "," + "\n" * (arr.ndim - 1) + " " * (indent + 1)
    return "[" + sep.join(parts) + "]"


def _summarized(arr):
    """The edge items along every dimension (what a summarised repr shows)."""
    e = _options.edgeitems
    for axis in range(arr.ndim):
        if arr.shape[axis] > 2 * e:
            keep = list(range(e)) + list(range(arr.shape[axis] - e, arr.shape[axis]))
            arr = arr.take(keep, axis=axis)
    return arr


def format_array(arr, indent):
    """The bracketed values of a NumPy array as PyTorch prints them."""
    summarize = arr.size > _options.threshold
    if summarize and not _options.edgeitems and arr.ndim:  # (a 0-d tensor still prints its value)
        return "[...]"
    shown = _summarized(arr) if summarize else arr  # the width is chosen from the values printed
    if arr.dtype.kind == "b":
        fmt, width = (lambda v: str(bool(v))), max(len(str(bool(v))) for v in shown.reshape(-1)) if arr.size else 0
    elif arr.dtype.kind in "iu":
        fmt, width = str, max(len(str(v)) for v in shown.reshape(-1).tolist()) if arr.size else 0
    elif arr.dtype.kind == "c":
        fmt, width = _complex_formatter(shown)
    else:
        fmt, width = _format_floats(shown.astype(_np.float64))
    return _body(arr, fmt, width, indent, summarize)


def device_suffix(dev):
    """``device='cuda:0'``: PyTorch names a tensor's device with its index, and a device given without
    one (``"cuda"``) is the current device, always 0 here (``minigrad.cuda.current_device``)."""
    return f"device='{dev.type}:{0 if dev.index is None else dev.index}'"


def tensor_repr(t, tensor_contents=None):
    """``tensor([...], dtype=..., grad_fn=<...>)`` as PyTorch writes it; a subclass of Tensor other than
    Parameter names itself (``MyTensor([...])``), inside ``Parameter(...)`` for a Parameter's subclass.
    ``tensor_contents``, a string, stands for the bracketed values (``Tensor.__repr__``'s keyword)."""
    from . import dtypes
    from .nn.parameter import Parameter
    from .tensor import Tensor
    from .autograd.views import ChangedMultiOutputView
    plain = type(t) is Tensor or type(t) is Parameter
    prefix = "tensor(" if plain else f"{type(t).__name__}("
    shape, size = tuple(t._data.shape), t._data.size
    suffix = []
    if t._device.type != "cpu":
        suffix.append(device_suffix(t._device))
    if size == 0:
        body = "[]"
        if len(shape) != 1:
            suffix.append(f"size={shape}")
    else:
        if tensor_contents is None:
            body = format_array(t._device._get_backend().to_numpy(t._data), len(prefix))
        if not _options.edgeitems:  # (PyTorch then shows the size of every tensor)
            suffix.append(f"size={shape}")
    dt = t.dtype
    default_shown = dt is dtypes.get_default_dtype() or (size and dt in (dtypes.default_complex(), dtypes.int64,
                                                                        dtypes.bool))
    if not default_shown:
        suffix.append(f"dtype=torch.{dt.name}")
    if t._node is not None:
        # (CopySlices, not its name() with torch::autograd::; a node PyTorch refuses to show is "Invalid")
        name = t._node.name() if t._node.__class__ is ChangedMultiOutputView else type(t.grad_fn).__name__
        suffix.append(f"grad_fn=<{name}>")
    elif t._rg:
        suffix.append("requires_grad=True")
    text = _with_suffixes(prefix + (body if tensor_contents is None else tensor_contents), suffix, len(prefix))
    return text if plain or not isinstance(t, Parameter) else f"Parameter({text})"


def _with_suffixes(text, suffixes, indent):
    """Append ``, dtype=...`` etc., starting a new indented line where the line would pass the line width."""
    linewidth = _options.linewidth
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
