"""Interpolation: interpolate (nearest, nearest-exact, (bi/tri)linear, bicubic, area; antialiased).

Interpolation is linear in the input: each op's gradient is its adjoint op, and the adjoint's
gradient is the op again, so they differentiate any number of times. The array work is in
``minigrad.kernels.resample`` (uint8 images: ``kernels.resample_uint8``). Padding is ``padding``,
pixel (un)shuffle ``pixel_shuffle``.
"""
import math

from .. import backends
from ..autograd.op import Op
from ..kernels import resample as K
from ..kernels.resample_uint8 import resize_uint8
from ..tensor import Tensor, wrap
from ._util import expect_tensor, NotATensorError
from .layout import follow_channels_last
from .avg_pool import adaptive_avg_pool1d, adaptive_avg_pool2d, adaptive_avg_pool3d
# padding and pixel shuffling, importable from here too
from .padding import PadConstant, PadConstantBackward, PadGather, PadGatherBackward, constant_pad_nd, pad  # noqa: F401
from .pixel_shuffle import PixelShuffle, PixelUnshuffle, pixel_shuffle, pixel_unshuffle  # noqa: F401


def _scatter_add(xp):
    return backends.for_module(xp).scatter_add


class Interpolate(Op):
    """Nearest or (bi/tri)linear resizing; the gradient is InterpolateBackward."""

    edge_args = slice(0, 1)  # (PyTorch's node: the input alone)

    def name(self):
        nd = len(self.resize[0])
        kind = {"nearest": "Nearest", "nearest-exact": "NearestExact", "cubic": "Bicubic"}.get(self.mode) \
            or ("Linear", "Bilinear", "Trilinear")[nd - 1]
        return f"Upsample{kind}{nd}DBackward0"

    @staticmethod
    def forward(ctx, x, out_size, mode, align_corners, scales):
        ctx.mode = mode
        ctx.resize = (x.shape[2:], mode, align_corners, scales)
        return follow_channels_last(x, K.interpolate(ctx.xp, x, out_size, mode, align_corners, scales))

    @staticmethod
    def backward(ctx, m, g):
        return m.op(InterpolateBackward, g, *ctx.resize)


class ResizeSeparable(Op):
    """``x`` (N, C, H, W) resized by two matrices: ``rows @ x @ cols.T`` (antialiased resizing).
    The op is linear; its gradient is itself with the matrices of ``adjoint`` transposed (by
    default its own: the adjoint; PyTorch's antialiased backward kernel resamples an axis whose
    size does not change, which its forward kernel leaves as it is)."""

    def name(self):
        return self.torch_name

    @staticmethod
    def forward(ctx, x, rows, cols, torch_name="MatmulBackward0", adjoint=None):
        ctx.rows, ctx.cols, ctx.torch_name = rows, cols, torch_name
        ctx.adjoint = (rows, cols) if adjoint is None else adjoint
        return follow_channels_last(x, ctx.xp.matmul(ctx.xp.matmul(rows, x), cols.T))

    @staticmethod
    def backward(ctx, m, g):
        rows, cols = ctx.adjoint
        return m.op(ResizeSeparable, g, rows.T, cols.T, ctx.torch_name, (ctx.rows.T, ctx.cols.T))


class InterpolateBackward(Op):
    """The adjoint of Interpolate."""

    @staticmethod
    def forward(ctx, g, in_size, mode, align_corners, scales):
        ctx.resize = (g.shape[2:], mode, align_corners, scales)
        return K.interpolate_backward(ctx.xp, g, in_size, mode, align_corners, scales, _scatter_add(ctx.xp))

    @staticmethod
    def backward(ctx, m, h):
        return m.op(Interpolate, h, *ctx.resize)


_LINEAR_DIMS = {"linear": 1, "bilinear": 2, "trilinear": 3}
_ALL_MODES = "nearest | linear | bilinear | bicubic | trilinear | lanczos | area | nearest-exact"


def interpolate(input, size=None, scale_factor=None, mode="nearest", align_corners=None,
                recompute_scale_factor=None, antialias=False):
    """Resize the spatial dims of (N, C, *spatial) input to ``size`` or by ``scale_factor``.

    Modes: ``nearest``, ``nearest-exact``, ``linear`` (3-D input), ``bilinear`` (4-D), ``bicubic`` (4-D),
    ``trilinear`` (5-D), ``area``.
    """
    expect_tensor("interpolate", input, error=NotATensorError)  # (PyTorch's code reads input.dim() first)
    if input.ndim not in (3, 4, 5):
        raise NotImplementedError(f"Input Error: Only 3D, 4D and 5D input Tensors supported (got {input.ndim}D) for "
                                  f"the modes: {_ALL_MODES} (got {mode})")
    if mode in ("nearest", "area", "nearest-exact"):
        if align_corners is not None:
            raise ValueError("align_corners option can only be set with the interpolating modes: "
                             "linear | bilinear | bicubic | trilinear")
    elif mode in _LINEAR_DIMS or mode == "bicubic":
        align_corners = False if align_corners is None else align_corners  # (checked as the kernel reads it)
    elif mode != "lanczos":
        raise NotImplementedError(f"Input Error: Only 3D, 4D and 5D input Tensors supported (got {input.ndim}D) for "
                                  f"the modes: {_ALL_MODES} (got {mode})")
    dim = input.ndim - 2
    if size is not None and scale_factor is not None:
        raise ValueError("only one of size or scale_factor should be defined")
    if size is not None:
        if isinstance(size, (list, tuple)):
            if len(size) != dim:
                raise ValueError(f"Input and output must have the same number of spatial dimensions, but got input "
                                 f"with spatial dimensions of {list(input.shape[2:])} and output size of {size}. "
                                 "Please provide input tensor in (N, C, d1, d2, ...,dK) format and output size in "
                                 "(o1, o2, ...,oK) format.")
            sizes = list(size)
        else:
            sizes = [size] * dim
        if not all(isinstance(s, int) or (hasattr(s, "__index__") and not isinstance(s, float)) for s in sizes):
            raise TypeError(f"expected size to be one of int or Tuple[int] or Tuple[int, int] or Tuple[int, int, "
                            f"int], but got size with types {[type(s) for s in sizes]}")
        out_size = tuple(int(s) for s in sizes)
        scales = (None,) * dim
        if recompute_scale_factor:
            raise ValueError("recompute_scale_factor is not meaningful with an explicit size.")
    elif scale_factor is not None:
        factors = scale_factor if isinstance(scale_factor, (list, tuple)) else [scale_factor]
        if any(isinstance(s, str) for s in factors):
            raise TypeError(f"upsample_{mode}{dim}d() received an invalid combination of arguments - got a str "
                            "scale_factor, but expected a float or a tuple of floats")
        if isinstance(scale_factor, (list, tuple)):
            if len(scale_factor) != dim:
                raise ValueError(f"Input and scale_factor must have the same number of spatial dimensions, but got "
                                 f"input with spatial dimensions of {list(input.shape[2:])} and scale_factor of shape "
                                 f"{scale_factor}. Please provide input tensor in (N, C, d1, d2, ...,dK) format and "
                                 "scale_factor in (s1, s2, ...,sK) format.")
            scales = tuple(float(s) for s in scale_factor)
        else:
            scales = (float(scale_factor),) * dim
        if not all(math.isfinite(f) for f in scales):  # (PyTorch converts the output size to int64 first)
            raise RuntimeError("value cannot be converted to type int64_t without overflow")
        out_size = tuple(int(s * f // 1) for s, f in zip(input.shape[2:], scales))
        if recompute_scale_factor or mode == "area":
            scales = (None,) * dim
    else:
        raise ValueError("either size or scale_factor should be defined")
    # (what the kernel's argument parser receives: the size, or the factors it is not computed from here)
    kernel_args = (size, None) if size is not None else (None, None if scales[0] is None else scale_factor)
    if antialias:
        if mode not in ("bilinear", "bicubic", "lanczos") or input.ndim != 4:
            raise ValueError("Anti-alias option is restricted to bilinear, bicubic, and lanczos modes and requires "
                             "a 4-D tensor as input")
        if mode != "lanczos":
            _check_parsed(f"_upsample_{mode}2d_aa", 2, True, *kernel_args)
            _check_align_corners(f"_upsample_{mode}2d_aa", align_corners, size is not None)
            _check_sizes(input, out_size)
            if input.dtype.name == "uint8":
                return _uint8_resized(input, out_size, mode, align_corners, scales, True)
            if not input.dtype.is_floating_point:
                raise NotImplementedError(f"\"compute_index_ranges_weights\" not implemented for "
                                          f"'{input.dtype._torch_name[:-6]}'")
            return _antialiased(input, out_size, mode, align_corners, scales)
    if mode == "lanczos" and not antialias:
        raise ValueError("Lanczos mode requires antialias=True")
    if mode == "lanczos":
        raise NotImplementedError(f"interpolate(mode={mode!r}) is not supported by minigrad")
    if mode == "bicubic" and dim != 2:
        raise NotImplementedError(f"Input Error: Only 3D, 4D and 5D input Tensors supported (got {input.ndim}D) for "
                                  f"the modes: {_ALL_MODES} (got {mode})")
    if mode in _LINEAR_DIMS and _LINEAR_DIMS[mode] != dim:
        raise NotImplementedError(f"Got {input.ndim}D input, but {mode} mode needs {_LINEAR_DIMS[mode] + 2}D input")
    if mode == "area":  # (given a size, the pool reads it as PyTorch passes it on: a list of each item)
        given = out_size if size is None else list(size) if isinstance(size, (list, tuple)) else [size] * dim
        return (adaptive_avg_pool1d, adaptive_avg_pool2d, adaptive_avg_pool3d)[dim - 1](input, given)
    kernel = f"_upsample_nearest_exact{dim}d" if mode == "nearest-exact" else f"upsample_{mode}{dim}d"
    _check_parsed(kernel, dim, mode in _LINEAR_DIMS or mode == "bicubic", *kernel_args)
    if mode in _LINEAR_DIMS or mode == "bicubic":
        _check_align_corners(kernel, align_corners, size is not None)
    _check_sizes(input, out_size)
    if input.dtype.name == "uint8" and mode in ("bilinear", "bicubic"):
        return _uint8_resized(input, out_size, mode, align_corners, scales, False)
    kernel_mode = mode if mode in ("nearest", "nearest-exact") else "cubic" if mode == "bicubic" else "linear"
    if not input.dtype.is_floating_point and not (input.dtype.name == "uint8" and mode in ("nearest", "nearest-exact")):
        raise NotImplementedError(f"\"{_cpu_kernel(dim, kernel_mode)}\" not implemented for "
                                  f"'{input.dtype._torch_name[:-6]}'")
    return Interpolate.apply(input, out_size, kernel_mode, align_corners, scales)


def _cpu_kernel(dim, kernel_mode):
    """The name of PyTorch's CPU kernel that refuses a dtype for ``dim`` spatial dims and ``kernel_mode``:
    images' nearest and bilinear resampling run one kernel in every memory layout, the rest compute
    their indices and weights first."""
    if dim == 2 and kernel_mode != "cubic":
        return f"upsample_{'bilinear' if kernel_mode == 'linear' else 'nearest'}2d_channels_last"
    return f"compute_indices_weights_{'nearest' if kernel_mode.startswith('nearest') else kernel_mode}"


def _check_parsed(kernel, dim, aligns, size, scale_factor):
    """PyTorch's TypeError (its argument parser's, naming the resampling ``kernel``) for a ``size`` its
    tuple of ints refuses or a ``scale_factor`` its tuple of floats refuses (None: not given to the
    kernel). The parser tells a sequence by its first element: a bool or a floating tensor is not an
    int there, a tensor not a float (after it, any element ``__index__`` or ``float`` reads passes)."""
    given = size if size is not None else scale_factor
    if given is None:
        return
    first = given[0] if isinstance(given, (list, tuple)) and len(given) else given
    if isinstance(first, Tensor):
        refused = scale_factor is not None or first.dtype.is_floating_point or first.dtype.is_complex
    else:
        refused = size is not None and first.__class__ is bool
    if not refused:
        return
    kind = type(given).__name__ if isinstance(given, (list, tuple)) else "list"
    got = ["Tensor", kind if size is not None else "NoneType", kind if size is None else "NoneType"]
    if aligns:
        got.insert(2, "bool")
    align = "bool align_corners, " if aligns else ""
    scales = "float scales = None" if dim == 1 else ", ".join(f"float scales_{d} = None" for d in "dhw"[3 - dim:])
    raise TypeError(f"{kernel}() received an invalid combination of arguments - got ({', '.join(got)}), but "
                    f"expected one of:\n * (Tensor input, tuple of ints output_size, {align}tuple of floats "
                    f"scale_factors)\n * (Tensor input, tuple of ints output_size, {align}{scales}, *, Tensor out = "
                    "None)\n")


def _check_align_corners(kernel, align_corners, size_given):
    """PyTorch's TypeError (its argument parser's, naming the resampling ``kernel``) for an
    ``align_corners`` that is not a bool (an int 1 is not one)."""
    if align_corners.__class__ is not bool:
        kind = type(align_corners)
        name = kind.__name__ if kind.__module__ == "builtins" else f"{kind.__module__}.{kind.__name__}"
        got = ("Tensor", "list" if size_given else "NoneType", name, "NoneType" if size_given else "list")
        raise TypeError(f"{kernel}() received an invalid combination of arguments - got ({', '.join(got)}), but "
                        "expected one of:\n * (Tensor input, tuple of ints output_size, bool align_corners, tuple of "
                        "floats scale_factors)\n * (Tensor input, tuple of ints output_size, bool align_corners, "
                        "float scales = None, *, Tensor out = None)\n")


def _check_sizes(input, out_size):
    """PyTorch's errors for an empty input or output size, then for an input without channels."""
    if any(s <= 0 for s in input.shape[2:]) or any(o <= 0 for o in out_size):
        dim = len(out_size)
        names = ("W",) if dim == 1 else ("H", "W") if dim == 2 else ("D", "H", "W")
        raise RuntimeError("Input and output sizes should be greater than 0, but got input ("
                           + ", ".join(f"{n}: {s}" for n, s in zip(names, input.shape[2:])) + ") output ("
                           + ", ".join(f"{n}: {s}" for n, s in zip(names, out_size)) + ")")
    if input.shape[1] == 0:
        raise RuntimeError(f"Non-empty {input.ndim}D data tensor expected but got a tensor with sizes "
                           f"{list(input.shape)}")


def _uint8_resized(input, out_size, mode, align_corners, scales, antialias):
    """A uint8 (N, C, H, W) image resized in PyTorch's fixed point (Pillow's): no gradient (uint8)."""
    xp = input._device._get_backend().xp
    return wrap(resize_uint8(xp, input._data, out_size, mode, align_corners, scales, antialias), input._device)


def _antialiased(input, out_size, mode, align_corners, scales):
    """PyTorch's antialiased bilinear/bicubic resizing of (N, C, H, W) input: one weight matrix per axis."""
    xp = input._device._get_backend().xp
    dt = input._data.dtype
    rows, cols = (xp.asarray(K.antialias_matrix(dt, n, o, mode, align_corners, s))
                  for n, o, s in zip(input.shape[2:], out_size, scales))
    adjoint = None
    if any(n == o for n, o in zip(input.shape[2:], out_size)):  # (see ResizeSeparable)
        adjoint = tuple(xp.asarray(K.antialias_matrix(dt, n, o, mode, align_corners, s, keep_same_size=False))
                        for n, o, s in zip(input.shape[2:], out_size, scales))
    return ResizeSeparable.apply(input, rows, cols, f"Upsample{mode.capitalize()}2DAaBackward0", adjoint)
