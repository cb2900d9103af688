"""Scans along a dim: cumsum, cumprod, cummax/cummin, logcumsumexp, and the in-place
``cumsum_``/``cumprod_``.

cumsum's gradient is the reversed cumulative sum of ``g``. Where PyTorch's CPU kernels accumulate in a
wider dtype (float16 in float32, float32 in float64, complex64 in complex128), the scans here do too,
in the same order, so cumsum, cumprod and logcumsumexp of those dtypes are PyTorch's bit for bit; a
large float64 cumsum takes the blocked kernel (``kernels/scan.py``).

cumprod's gradient is exact where the input holds zeros (as PyTorch's): without zeros it is
the reversed cumulative sum of ``g * y`` divided by ``x``; with zeros each element's gradient
is built from the products of the others (quadratic in the dim's length, and differentiable
again). cummax/cummin send each output's gradient to the index it took its value from.
"""
from .. import dtypes as _dt
from ..autograd.namespace import provide
from ..autograd.node import check_index_guards
from ..autograd.op import Op
from ..kernels import scan as K
from ..tensor import wrap
from .._int_arguments import _wrap_dim
from ._api import public
from ._util import expect_tensor
from .conversion import cast_first
from .gathering import ScatterAlong
from .inplace import unary_inplace
from .order import _return_type, _with_saved_indices
from .reduce import cast_first_saving
from ._saved_fields import attribute

CummaxResult = _return_type("cummax")
CumminResult = _return_type("cummin")


# The dtype PyTorch's CPU scans (cumsum, cumprod, logcumsumexp) accumulate in, where wider than the input's:
# each running value is kept in it and rounded to the input's dtype as it is written.
#: (keyed by NumPy dtype: reading a dtype's ``name`` costs 2 us, a lookup by the dtype 0.04)
_WIDER = {_dt.float16.np: _dt.float32.np, _dt.float32.np: _dt.float64.np, _dt.complex64.np: _dt.complex128.np}


class CumSum(Op):
    """Cumulative sum along ``dim``; the gradient is the reversed cumulative sum."""

    edge_args = slice(0, 1)  # (PyTorch's node: the input alone)

    torch_name = "CumsumBackward0"
    supports_complex = True
    saved_fields = {"dim": attribute("dim")}

    @staticmethod
    def forward(ctx, x, dim):
        ctx.dim = dim
        if x.ndim == 0:  # (integers and bools give int64 here too)
            return x.astype(_dt.int64.np) if x.dtype.kind in "iub" else x.copy()
        x = ctx.xp.ascontiguousarray(x)  # (the output is contiguous, as PyTorch's, whatever x's strides)
        wide = _WIDER.get(x.dtype)
        if wide is not None:
            return K.cumsum_widened(ctx.xp, x, dim, wide)
        if x.size >= BLOCKED_CUMSUM_MIN and x.dtype.kind == "f":
            # Fast path, fenced: NumPy's cumsum adds one element at a time (and pays per row); the
            # blocked sums take whole-array steps, 1.4x (long rows) to 10x (a leading axis, many
            # short rows) quicker on large arrays. Same sums, grouped differently (tests compare).
            return K.cumsum(ctx.xp, x, dim)
        return ctx.xp.cumsum(x, axis=dim, dtype=_dt.int64.np if x.dtype.kind in "iub" else None)

    @staticmethod
    def backward(ctx, m, g):
        if g.ndim == 0:
            return g
        return m.flip(m.op(CumSum, m.flip(g, (ctx.dim,)), ctx.dim), (ctx.dim,))


CumSumCast = cast_first(CumSum)

# cumsum takes the blocked path from this many elements on
BLOCKED_CUMSUM_MIN = 8192


@public
def cumsum(input, dim, *, dtype=None):
    """Cumulative sum along ``dim``."""
    expect_tensor("cumsum", input)
    if dtype is not None and _dt.to_dtype(dtype).name == "bool":
        raise NotImplementedError("\"cumsum_out_cpu\" not implemented for 'Bool'")
    if dtype is None:
        return CumSum.apply(input, _wrap_dim(dim, input._data.ndim))
    dtype = _dt.to_dtype(dtype)
    if input._data.dtype.kind == "f" and dtype.np.kind == "f" and dtype.np != input._data.dtype:
        return CumSumCast.apply(input, dtype.np, _wrap_dim(dim, input._data.ndim))
    out = CumSum.apply(input.to(dtype), _wrap_dim(dim, input._data.ndim))
    return out if out.dtype is dtype else out.to(dtype)  # (an integer dtype given is kept: no int64)


provide("cumsum", lambda x, dim: CumSum.apply(x, dim))


class CumProd(Op):
    """Cumulative product along ``dim`` (integers and bools give int64)."""

    edge_args = slice(0, 1)  # (the edges of PyTorch's node)

    torch_name = "CumprodBackward0"
    saves = (True,)
    saved_fields = {"dim": attribute("dim")}
    saves_output = True
    holomorphic = True

    @staticmethod
    def forward(ctx, x, dim):
        ctx.dim = dim
        if x.ndim == 0:  # (integers and bools give int64 here too)
            return x.astype(_dt.int64.np) if x.dtype.kind in "iub" else x.copy()
        x = ctx.xp.ascontiguousarray(x)  # (the output is contiguous, as PyTorch's, whatever x's strides)
        if x.dtype.kind in "iub":
            return ctx.xp.cumprod(x, axis=dim, dtype=_dt.int64.np)
        return ctx.xp.cumprod(x, axis=dim, dtype=_WIDER.get(x.dtype, x.dtype)).astype(x.dtype, copy=False)

    @staticmethod
    def backward(ctx, m, g, x, dim, y):
        if g.ndim == 0 or x.shape[ctx.dim] <= 1:
            return g
        d = ctx.dim
        if not (x == 0).any().item():  # explicit host sync, as PyTorch's
            return _reversed_cumsum(m, g * y, d) / x
        if not m.records:
            # Fast path, fenced (PyTorch takes it too outside grad mode): linear in the dim's length,
            # but its own derivative is not cumprod's second one, so under create_graph the
            # quadratic formula below is used. Tests check the two agree.
            return _grad_with_zeros_linear(ctx, m, g, x, y)
        return _grad_with_zeros(ctx, m, g, x)


CumProdCast = cast_first_saving(CumProd, in_input_dtype=True)


def _reversed_cumsum(m, t, d):
    return m.flip(m.cumsum(m.flip(t, (d,)), d), (d,))


def _grad_with_zeros_linear(ctx, m, g, x, y):
    """cumprod's input gradient where x holds zeros, in whole-array steps (PyTorch's): before the
    first zero of a row as without zeros; at it, the later gradients times the products up to
    them with the zero left out (up to the next zero); after it, zero."""
    d = ctx.dim
    is_zero = x == 0
    zeros_so_far = m.cumsum(m.cast(is_zero, g.dtype), d)
    before = zeros_so_far == 0
    gx = m.where(before, _reversed_cumsum(m, m.where(before, g * y, 0.0), d) / m.where(before, x, 1.0), 0.0)
    first_zero = is_zero & (zeros_so_far == 1)
    after_first = (zeros_so_far == 1) & ~first_zero  # up to the second zero
    last = (slice(None),) * d + (slice(-1, None),)
    before_product = m.op(CumProd, m.where(before, x, 1.0), d)[last]  # the product before the first zero
    later = m.sum(m.op(CumProd, m.where(after_first, x, 1.0), d) * m.where(zeros_so_far == 1, g, 0.0), d,
                  keepdim=True)
    return gx + m.where(first_zero, later * before_product, 0.0)


def _grad_with_zeros(ctx, m, g, x):
    """cumprod's input gradient without dividing by x: element i gets the sum over j >= i of
    g[j] times the product of x[0..j] with x[i] left out. The pairs (i, j) span two dims at
    ``dim`` (i) and ``dim + 1`` (j)."""
    d, n = ctx.dim, x.shape[ctx.dim]
    xp = ctx.xp
    pairs = (1,) * d + (n, n) + (1,) * (x.ndim - d - 1)
    left_out = xp.eye(n, dtype=bool).reshape(pairs)
    later = xp.triu(xp.ones((n, n), dtype=bool)).reshape(pairs)
    others = m.op(CumProd, m.where(~left_out, m.unsqueeze(x, d), 1.0), d + 1)  # [i, j]: x[0..j] but x[i]
    return m.sum(m.where(later, others * m.unsqueeze(g, d), 0.0), d + 1)


@public
def cumprod(input, dim, *, dtype=None):
    """Cumulative product along ``dim``; the gradient is exact with zeros in the input."""
    expect_tensor("cumprod", input)
    d = _wrap_dim(dim, input._data.ndim)
    if dtype is not None and _dt.to_dtype(dtype).name == "bool":
        raise NotImplementedError("\"cumprod_out_cpu\" not implemented for 'Bool'")
    if dtype is None:
        return CumProd.apply(input, d)
    dtype = _dt.to_dtype(dtype)
    if input._data.dtype.kind == "f" and dtype.np.kind == "f" and dtype.np != input._data.dtype:
        return CumProdCast.apply(input, dtype.np, d)
    out = CumProd.apply(input.to(dtype), d)
    return out if out.dtype is dtype else out.to(dtype)  # (an integer dtype given is kept: no int64)


unary_inplace(cumprod, "cumprod_")
unary_inplace(cumsum, "cumsum_")


class CumExtreme(Op):
    """cummax/cummin values, picked at the running extreme's indices: each output's gradient goes
    to the index its value came from."""

    edge_args = slice(0, 1)  # (the edges of PyTorch's node)
    index_guards = ()  # the indices returned beside the values (see ``order._with_saved_indices``)

    @staticmethod
    def complex_error(x, dim, index, is_max):
        """PyTorch's error for complex input, naming cummax's kernel or cummin's."""
        return NotImplementedError, f"\"{'cummax' if is_max else 'cummin'}_cpu\" not implemented for '{{kind}}'"

    def name(self):
        return "CummaxBackward0" if self.is_max else "CumminBackward0"

    @staticmethod
    def forward(ctx, x, dim, index, is_max):
        ctx.dim, ctx.index, ctx.is_max, ctx.in_shape = dim, index, is_max, x.shape
        return ctx.xp.take_along_axis(x, index, axis=dim)

    @staticmethod
    def backward(ctx, m, g):
        check_index_guards(ctx.index_guards)
        return m.op(ScatterAlong, g, ctx.in_shape, ctx.dim, ctx.index)


def _extreme_index(xp, x, dim, is_max):
    """Where the running max (min) of ``x`` along ``dim`` was last attained: a tie or a NaN takes
    the later index, as PyTorch's."""
    running = (xp.maximum if is_max else xp.minimum).accumulate(x, axis=dim)  # NaN propagates
    attained = running == x
    if x.dtype.kind == "f":
        attained |= xp.isnan(x)
    positions = xp.arange(x.shape[dim]).reshape((-1,) + (1,) * (x.ndim - dim - 1))
    return xp.maximum.accumulate(xp.where(attained, positions, 0), axis=dim).astype(_dt.int64.np)


def _cum_extreme(input, dim, is_max):
    name = "cummax" if is_max else "cummin"
    expect_tensor(name, input)
    d = _wrap_dim(dim, input._data.ndim)
    result = CummaxResult if is_max else CumminResult
    xp = input._device._get_backend().xp
    if input._data.ndim == 0:
        return result(input.clone(), wrap(xp.zeros((), _dt.int64.np), input._device))
    index = _extreme_index(xp, xp.ascontiguousarray(input._data), d, is_max)  # (contiguous, as PyTorch's)
    return result(*_with_saved_indices(CumExtreme.apply(input, d, index, is_max), wrap(index, input._device)))


@public
def cummax(input, dim):
    """(values, indices) of the running maximum along ``dim``: a tie or a NaN takes the later index."""
    return _cum_extreme(input, dim, True)


@public
def cummin(input, dim):
    """(values, indices) of the running minimum along ``dim``: a tie or a NaN takes the later index."""
    return _cum_extreme(input, dim, False)


class LogCumSumExp(Op):
    """log(cumsum(exp(x))) along ``dim``, without overflow (NumPy's logaddexp, running)."""

    edge_args = slice(0, 1)  # (the edges of PyTorch's node)

    torch_name = "LogcumsumexpBackward0"
    saves = (True,)
    saves_output = True

    @staticmethod
    def forward(ctx, x, dim):
        ctx.dim = dim
        ctx.lowest = ctx.xp.finfo(x.dtype).min
        if x.ndim == 0:
            return x.copy()
        x = ctx.xp.ascontiguousarray(x)  # (the output is contiguous, as PyTorch's, whatever x's strides)
        wide = _WIDER.get(x.dtype, x.dtype)
        return ctx.xp.logaddexp.accumulate(x.astype(wide, copy=False), axis=dim).astype(x.dtype, copy=False)

    @staticmethod
    def backward(ctx, m, g, x, dim, y):
        if g.ndim == 0:
            return g
        # PyTorch's formula: exp(x) times the reversed cumsum of g * exp(-y), with positive and
        # negative parts of g summed in log space (so neither exp(x) nor exp(-y) overflows)
        d = ctx.dim
        log_abs = m.log(m.abs(g))
        positive = m.where(g > 0, log_abs, ctx.lowest)
        negative = m.where(g < 0, log_abs, ctx.lowest)
        def reversed_scan(t):
            return m.flip(m.op(LogCumSumExp, m.flip(t, (d,)), d), (d,))
        return m.exp(reversed_scan(positive - y) + x) - m.exp(reversed_scan(negative - y) + x)


@public
def logcumsumexp(input, dim):
    """log of the cumulative sum of exp(input) along ``dim``, computed without overflow."""
    expect_tensor("logcumsumexp", input)
    d = _wrap_dim(dim, input._data.ndim)
    if input._data.dtype.kind != "f":
        raise NotImplementedError(f"\"logcumsumexp_out_cpu\" not implemented for '{input.dtype._torch_name[:-6]}'")
    return LogCumSumExp.apply(input, d)
