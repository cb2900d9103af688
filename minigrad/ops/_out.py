"""PyTorch's ``out=`` argument of the public functions (``minigrad.<name>``, and those of ``linalg``,
``special``, ``fft`` and ``nn.functional``): the result written into a given tensor (resized where its
shape differs, as PyTorch resizes it) and that tensor returned.

The ops compute a new result as always; ``out`` only receives it, so an op needs nothing of its own
for it. Only the functions PyTorch gives ``out`` take it (``TAKES_OUT``; the others refuse the
keyword as Python does, as PyTorch's do). Tensor methods take none, as PyTorch's; neither do the
functions the library calls internally (they are the unwrapped ones), so only a user's call pays
the wrapper.
"""
import functools
import types
import warnings

from .. import dtypes as _dt
from .._errors import check_failed
from ..autograd.grad_mode import check_update, state as _state
from ..tensor import Tensor
from ._memory import PARTIAL_OVERLAP, check_no_partial_overlap
from ._tuple_out import (TUPLE_OUT, TUPLE_OUT_FORMS, check_tuple_dtypes, check_tuple_out, has_tuple_dtype_checks,
                         kernel_name as _kernel_name, shown as _shown)
from .inplace_tracking import _check_castable
from .strided import resized

#: the functions whose PyTorch form takes ``out=`` (PyTorch 2.13, checked one by one), by their names in
#: ``minigrad`` (``linalg.norm`` is ``minigrad.linalg.norm``)
TAKES_OUT = frozenset("""
abs absolute acos acosh add addbmm addcdiv addcmul addmm addmv addr alias_copy all amax amin aminmax angle any
arange arccos arccosh arcsin arcsinh arctan arctan2 arctanh argmax argmin as_strided_copy asin asinh atan atan2
atanh baddbmm bernoulli bitwise_and bitwise_left_shift bitwise_not bitwise_or bitwise_right_shift bitwise_xor
bmm bucketize cat ceil chain_matmul cholesky cholesky_inverse cholesky_solve clamp clamp_max clamp_min clip
column_stack complex concat concatenate conj_physical copysign cos cosh cross cummax cummin cumprod cumsum
deg2rad diag diagonal_copy diff digamma div divide dot dstack empty eq erf erfc erfinv exp exp2 expand_copy expm1
eye fix float_power floor floor_divide fmax fmin fmod frac frexp full gather gcd ge geqrf ger greater
greater_equal gt hardshrink heaviside histc histogram hstack hypot i0 igamma igammac index_add index_copy
index_reduce index_select inner inverse isin isneginf isposinf kron kthvalue lcm ldexp le lerp less less_equal
lgamma linspace log log10 log1p log2 log_softmax logaddexp logaddexp2 logcumsumexp logical_and logical_not
logical_or logical_xor logit logspace logsumexp lt lu lu_solve lu_unpack masked_select matmul matrix_power max
maximum mean median min minimum mm mode msort mul multinomial multiply mv mvlgamma nan_to_num nanmean nanmedian
nanquantile nansum narrow_copy ne neg negative nextafter nonzero nonzero_static norm normal not_equal ones orgqr
ormqr outer permute_copy polar polygamma pow prod qr quantile rad2deg rand randint randn randperm range
reciprocal remainder renorm round row_stack rsqrt scatter scatter_add scatter_reduce searchsorted select_copy
sgn sigmoid sign signbit sin sinc sinh slice_copy slice_scatter slogdet softmax sort split_copy
split_with_sizes_copy sqrt square squeeze_copy stack std sub subtract sum svd t_copy take take_along_dim tan
tanh tensordot threshold topk transpose_copy triangular_solve tril triu true_divide trunc unbind_copy
unfold_copy unsqueeze_copy var vdot view_as_complex_copy view_as_real_copy view_copy vstack where xlogy zeros
argsort frobenius_norm native_batch_norm nuclear_norm
linalg.cholesky linalg.cholesky_ex linalg.cond linalg.cross linalg.det linalg.eig linalg.eigh linalg.eigvals
linalg.eigvalsh linalg.householder_product linalg.inv linalg.inv_ex linalg.ldl_factor linalg.ldl_factor_ex
linalg.ldl_solve linalg.lstsq linalg.lu linalg.lu_factor linalg.lu_factor_ex linalg.lu_solve linalg.matmul
linalg.matrix_norm linalg.matrix_power linalg.matrix_rank linalg.multi_dot linalg.norm linalg.pinv linalg.qr
linalg.slogdet linalg.solve linalg.solve_ex linalg.solve_triangular linalg.svd linalg.svdvals linalg.tensorinv
linalg.tensorsolve linalg.vecdot linalg.vector_norm
special.airy_ai special.bessel_j0 special.bessel_j1 special.bessel_y0 special.bessel_y1
special.chebyshev_polynomial_t special.chebyshev_polynomial_u special.chebyshev_polynomial_v
special.chebyshev_polynomial_w special.digamma special.entr special.erf special.erfc special.erfcx special.erfinv
special.exp2 special.expit special.expm1 special.gammainc special.gammaincc special.gammaln
special.hermite_polynomial_h special.hermite_polynomial_he special.i0 special.i0e special.i1 special.i1e
special.laguerre_polynomial_l special.legendre_polynomial_p special.log1p special.log_ndtr special.logit
special.logsumexp special.modified_bessel_i0 special.modified_bessel_i1 special.modified_bessel_k0
special.modified_bessel_k1 special.multigammaln special.ndtr special.ndtri special.polygamma special.psi
special.round special.scaled_modified_bessel_k0 special.scaled_modified_bessel_k1
special.shifted_chebyshev_polynomial_t special.shifted_chebyshev_polynomial_u special.shifted_chebyshev_polynomial_v
special.shifted_chebyshev_polynomial_w special.sinc special.spherical_bessel_j0 special.xlog1py special.xlogy
special.zeta
fft.fft fft.ifft fft.fft2 fft.ifft2 fft.fftn fft.ifftn fft.rfft fft.irfft fft.rfft2 fft.irfft2 fft.rfftn fft.irfftn
fft.hfft fft.ihfft fft.hfft2 fft.ihfft2 fft.hfftn fft.ihfftn fft.fftfreq fft.rfftfreq
nn.functional.avg_pool2d nn.functional.avg_pool3d nn.functional.gelu nn.functional.hardshrink nn.functional.linear
nn.functional.logsigmoid nn.functional.softplus nn.functional.softshrink
""".split())


def _given_dim(args, kwargs):
    return len(args) > 1 or "dim" in kwargs or "axis" in kwargs


def _dim_if_unbiased(args, kwargs):
    unbiased_second = len(args) > 1 and isinstance(args[1], bool)  # (std(x, True): the form without a dim)
    return not (unbiased_second or "unbiased" in kwargs) or "dim" in kwargs or len(args) > 1 and not unbiased_second


#: the functions whose PyTorch form takes ``out`` only in some of its call forms: whether a call is one
#: (the reductions with a ``dim``; std and var given ``unbiased`` with a ``dim``; argsort given ``stable``)
_OUT_FORMS = {"sum": _given_dim, "prod": _given_dim, "median": _given_dim, "nanmedian": _given_dim,
              "std": _dim_if_unbiased, "var": _dim_if_unbiased, "argsort": lambda args, kwargs: "stable" in kwargs,
              "where": lambda args, kwargs: all(isinstance(a, Tensor) for a in args[1:3])}

#: the functions whose result is not differentiable but which PyTorch computes with one that is (argsort
#: with a sort): their ``out`` is refused for an input requiring grad, named as that function
_DIFFERENTIABLE_INSIDE = {"argsort": "sort"}

#: the functions whose ``out`` must have the result's dtype exactly (the others cast into it, as
#: PyTorch's elementwise and reduction kernels do)
_EXACT_DTYPE = frozenset("""
abs absolute addbmm addmm addmv alias_copy all amax amin aminmax any argmax argmin as_strided_copy baddbmm
bitwise_not bmm bucketize ceil chain_matmul clamp clamp_max clamp_min clip complex conj_physical cross cummax
cummin diag diagonal_copy dot expand_copy fix floor frac frexp gather hardshrink heaviside histc histogram
index_add index_copy index_reduce index_select inner inverse isin isneginf isposinf kthvalue log_softmax
logcumsumexp lu_solve lu_unpack masked_select matmul matrix_power median mm mode msort multinomial mv nan_to_num
nanmedian nanquantile narrow_copy neg negative nonzero nonzero_static norm ormqr permute_copy polar qr quantile
renorm round scatter scatter_add scatter_reduce searchsorted select_copy sgn sign signbit slice_copy
slice_scatter slogdet softmax sort split_with_sizes_copy squeeze_copy svd t_copy take take_along_dim tensordot
topk transpose_copy triangular_solve tril triu trunc unbind_copy unfold_copy unsqueeze_copy vdot
view_as_complex_copy view_as_real_copy view_copy where
argsort frobenius_norm nuclear_norm
linalg.cholesky linalg.cholesky_ex linalg.cross linalg.det linalg.eigh linalg.eigvalsh linalg.inv linalg.inv_ex
linalg.ldl_factor linalg.ldl_factor_ex linalg.ldl_solve linalg.lu linalg.lu_factor linalg.lu_factor_ex
linalg.lu_solve linalg.matmul linalg.matrix_norm linalg.matrix_power linalg.multi_dot linalg.norm linalg.qr
linalg.slogdet linalg.solve linalg.solve_ex linalg.solve_triangular linalg.svd linalg.svdvals linalg.vecdot
linalg.vector_norm special.round fft.ihfft
nn.functional.avg_pool2d nn.functional.avg_pool3d nn.functional.gelu nn.functional.hardshrink nn.functional.linear
nn.functional.logsigmoid nn.functional.softplus nn.functional.softshrink
""".split())

#: of those, the functions whose kernel is a structured one: a wrong dtype is its ``set_output`` check's
#: RuntimeError, "Expected out tensor to have dtype float, but got double instead" (the others' messages
#: are ``_OUT_DTYPE_MESSAGES``'s, or TensorIterator's "Found dtype Double but expected Float")
_STRUCTURED_OUT = frozenset("""
max min slogdet
addmm addmv alias_copy aminmax argmax argmin as_strided_copy baddbmm bmm cross diag diagonal_copy expand_copy
gather index_add index_copy index_reduce inverse log_softmax lu_solve lu_unpack matmul mm msort mv norm
permute_copy qr renorm scatter scatter_add scatter_reduce slice_scatter softmax sort split_with_sizes_copy
squeeze_copy svd t_copy take_along_dim topk transpose_copy triangular_solve tril triu unbind_copy unfold_copy
unsqueeze_copy view_copy linalg.cholesky linalg.cholesky_ex linalg.cross linalg.det linalg.eigh linalg.eigvalsh
linalg.inv linalg.inv_ex linalg.ldl_factor linalg.ldl_factor_ex linalg.ldl_solve linalg.lu linalg.lu_factor
linalg.lu_factor_ex linalg.lu_solve linalg.matmul linalg.qr linalg.slogdet linalg.solve linalg.solve_ex linalg.svd
linalg.svdvals linalg.vector_norm nn.functional.avg_pool2d nn.functional.avg_pool3d nn.functional.linear
""".split())

#: the single-result functions with a message of their own for an ``out`` of another dtype than the
#: result's: ``{r}``/``{o}`` the result's and out's scalar types (``Float``), ``{rc}``/``{oc}`` their C names
#: (``float``)
_OUT_DTYPE_MESSAGES = {
    "index_select": "index_select(): self and result must have the same scalar type",
    "masked_select": "masked_select(): self and result must have the same scalar type",
    "take": "take(): self and out expected to have the same dtype, but got self.dtype = {r} and out.dtype = {o}",
    **dict.fromkeys(("dot", "vdot"), "result dtype {o} does not match input dtype {r}"),
    **dict.fromkeys(("amax", "amin"), "Expected the dtype for input and out to match, but got {r} for input's "
                                      "dtype and {o} for out's dtype."),
    "logcumsumexp": "expected scalar_type {r} but found {o}",
    **dict.fromkeys(("linalg.solve_triangular", "nn.functional.logsigmoid"), "expected scalar type {r} but found {o}"),
    **dict.fromkeys(("inner", "tensordot"), "tensordot: Expected the output tensor to have dtype {r}, but got an "
                                            "output tensor with dtype {o}"),
    **dict.fromkeys(("histc", "histogram"), "torch.histogram: input tensor and hist tensor should have the same "
                                            "dtype, but got input {rc} and hist {oc}"),
    **{name: name + " expected out tensor dtype {r} but got: {o}" for name in ("linalg.norm", "linalg.matrix_norm")},
    "linalg.multi_dot": "multi_dot(): expected out tensor to have dtype {rc} but got {oc}",
    "linalg.vecdot": "linalg.vecdot: Expected out of dtype{r} but found {o}",
    "nan_to_num": "nan_to_num: dtype of out: {o} should be same as input: {r}",
    **dict.fromkeys(("quantile", "nanquantile"), "quantile() out tensor must be same dtype as the input tensor"),
    "where": "Expected out type to be {r} but got {o}",
    "nonzero_static": "nonzero_static: Expected out tensor to have scalar type Long but got scalar type{o}",
    "ormqr": "torch.ormqr: Expected input and result to have the same dtype, but input has dtype{r} and result has "
             "dtype {o}",
    **dict.fromkeys(("searchsorted", "bucketize"), "torch.searchsorted(): output tensor's dtype is wrong, it can only "
                    "be Int(int32) or Long(int64) depending on whether out_int32 flag is True, but we got output "
                    "tensor's dtype {o} and out_int32 flag is {int32}"),
}

#: the matrix products whose out is checked as dot's where both factors are vectors (else as mm's, mv's, bmm's)
_MATMULS = frozenset(["matmul", "linalg.matmul"])

#: the functions returning several tensors whose ``out`` tensors take a result they can hold (the others'
#: must have its dtypes exactly)
_CASTING_TUPLES = frozenset(["linalg.eig", "linalg.lstsq", "geqrf"])

#: the functions whose ``out`` must be real (the inverse transforms to real signals)
_REAL_OUT = frozenset(["fft.irfft", "fft.irfft2", "fft.irfftn", "fft.hfft", "fft.hfft2", "fft.hfftn"])

#: the functions PyTorch composes of other ops and copies into ``out`` as any copy: given inputs requiring
#: grad, ``out`` joins the graph (the others refuse them)
_COPIED_IN_GRAPH = frozenset("""
nuclear_norm linalg.cond linalg.ldl_factor linalg.ldl_factor_ex linalg.ldl_solve linalg.matrix_norm
linalg.norm linalg.tensorinv linalg.tensorsolve special.ndtr
""".split())

#: the functions PyTorch computes in ``out``'s dtype when no ``dtype`` is given: sums and products,
#: and the creation functions
_IN_OUT_DTYPE = frozenset("""
sum nansum prod cumsum cumprod arange range empty eye full linspace logspace ones zeros rand randint randn randperm
fft.fftfreq fft.rfftfreq
""".split())

#: the joins whose ``out`` of a narrower kind is PyTorch's TypeError
_JOINS = frozenset(["cat", "concat", "concatenate", "stack", "hstack", "vstack", "dstack", "column_stack",
                    "row_stack"])


#: the functions whose ``out`` may share no memory with an input (PyTorch's assert_no_overlap)
_NO_OVERLAP = _JOINS | frozenset(["index_select", "gather", "take", "take_along_dim", "masked_select", "index_add",
                                  "index_copy"])

#: the elementwise functions (PyTorch's TensorIterator kernels) and those PyTorch computes with them or checks as
#: they do (outer, kron, diff, msort, max/min, normal, bernoulli), whose ``out`` may not partly overlap an input:
#: sharing the very same elements in the same layout is allowed (``add(x, y, out=x)``), sharing only some of them is
#: not. (Found by running each function of ``TAKES_OUT`` in PyTorch with an ``out`` shifted from its input. ``Op``'s
#: ``pointwise`` marks the same kernels, but a function does not name the op it applies, and many of these apply none)
_NO_PARTIAL_OVERLAP = frozenset("""
bernoulli complex diff ger kron max min msort normal outer polar
abs absolute acos acosh add addcdiv addcmul angle arccos arccosh arcsin arcsinh arctan arctan2 arctanh asin asinh
atan atan2 atanh bitwise_and bitwise_left_shift bitwise_not bitwise_or bitwise_right_shift bitwise_xor ceil clamp
clamp_max clamp_min clip conj_physical copysign cos cosh deg2rad digamma div divide eq erf erfc erfinv exp exp2
expm1 fix float_power floor floor_divide fmax fmin fmod frac frexp gcd ge greater greater_equal gt hardshrink
heaviside hypot i0 igamma igammac isneginf isposinf lcm ldexp le lerp less less_equal lgamma log log10 log1p log2
logaddexp logaddexp2 logical_and logical_not logical_or logical_xor logit lt maximum minimum mul multiply nan_to_num
ne neg negative nextafter nn.functional.gelu nn.functional.hardshrink nn.functional.softplus
nn.functional.softshrink not_equal polygamma pow rad2deg reciprocal remainder round rsqrt sgn sigmoid sign signbit
sin sinc sinh special.airy_ai special.bessel_j0 special.bessel_j1 special.bessel_y0 special.bessel_y1
special.chebyshev_polynomial_t special.chebyshev_polynomial_u special.chebyshev_polynomial_v
special.chebyshev_polynomial_w special.digamma special.entr special.erf special.erfc special.erfcx special.erfinv
special.exp2 special.expit special.expm1 special.gammainc special.gammaincc special.gammaln
special.hermite_polynomial_h special.hermite_polynomial_he special.i0 special.i0e special.i1 special.i1e
special.laguerre_polynomial_l special.legendre_polynomial_p special.log1p special.log_ndtr special.logit
special.modified_bessel_i0 special.modified_bessel_i1 special.modified_bessel_k0 special.modified_bessel_k1
special.ndtri special.polygamma special.psi special.round special.scaled_modified_bessel_k0
special.scaled_modified_bessel_k1 special.shifted_chebyshev_polynomial_t special.shifted_chebyshev_polynomial_u
special.shifted_chebyshev_polynomial_v special.shifted_chebyshev_polynomial_w special.sinc
special.spherical_bessel_j0 special.xlog1py special.xlogy special.zeta sqrt square sub subtract tan tanh true_divide
trunc where xlogy
""".split())


#: the functions whose resized ``out`` stays row-major whatever their result's layout (PyTorch's that copy a
#: result computed apart into it)
_RESIZED_ROW_MAJOR = frozenset(name for name in TAKES_OUT if name.startswith("fft.")) | _COPIED_IN_GRAPH | {"stack"}


def _laid_as(array, like):
    """``array`` (row-major, of ``like``'s shape) as a view of its memory laid out as ``like``, whose
    strides give the order of its dims in memory."""
    order = sorted(range(like.ndim), key=lambda d: -abs(like.strides[d]))
    inverse = [0] * like.ndim
    for i, d in enumerate(order):
        inverse[d] = i
    return array.reshape(tuple(like.shape[d] for d in order)).transpose(inverse)


def accepting_out(fn, name):
    """``fn`` also taking ``out=`` (a Tensor, or a tuple of them for a function returning several),
    checked as PyTorch's function ``name`` (``linalg.norm`` for torch.linalg.norm) checks it."""
    takes_out_dtype = name in _IN_OUT_DTYPE
    out_form = _OUT_FORMS.get(name)
    inner = _DIFFERENTIABLE_INSIDE.get(name)
    tuple_out, tuple_form = name in TUPLE_OUT, TUPLE_OUT_FORMS.get(name)

    @functools.wraps(fn)
    def with_out(*args, out=None, **kwargs):
        if out is None:
            return fn(*args, **kwargs)
        if out_form is not None and not out_form(args, kwargs):
            raise TypeError(f"{name}() received an invalid combination of arguments - got out=Tensor in a form of "
                            f"{name}() that takes no out")
        if tuple_out and (tuple_form is None or tuple_form(args, kwargs)):
            check_tuple_out(name, out, args, kwargs)
        if inner is not None and _state.enabled and args and getattr(args[0], "_rg", False):
            raise RuntimeError(_GRAD_ERROR.format(inner))
        if takes_out_dtype and isinstance(out, Tensor):
            dtype = kwargs.get("dtype")
            if dtype is None:
                kwargs["dtype"] = out.dtype
            elif _dt.to_dtype(dtype) is not out.dtype:
                raise RuntimeError(f"dtype {_kernel_name(_dt.to_dtype(dtype))} does not match dtype of out parameter "
                                   f"({_kernel_name(out.dtype)})")
        inputs = (*args, *kwargs.values()) if name in _NO_OVERLAP or name in _NO_PARTIAL_OVERLAP else ()
        return write_out(name, fn(*args, **kwargs), out, inputs)
    return with_out


def _check_no_overlap(args, out, partial_only=False):
    """PyTorch's RuntimeError for an ``out`` sharing memory with a Tensor argument (or one in a list of
    them) of a function that reads its inputs while it writes ``out`` (the joins and the gathers); with
    ``partial_only``, for an ``out`` sharing some memory with one but not all of it in the same layout
    (the elementwise kernels)."""
    for arg in args:
        for t in arg if isinstance(arg, (tuple, list)) else (arg,):
            if isinstance(t, Tensor):
                if t._data is out._data and out._data.size and not partial_only:
                    raise RuntimeError(PARTIAL_OVERLAP)
                check_no_partial_overlap(out._data, t._data, scattered=not partial_only)


def exported(namespace, space=""):
    """``{name: function}`` for the functions of ``namespace`` (a module's globals: those of ``minigrad``, or
    of ``minigrad.<space>``) that take ``out=``, each wrapped (one wrapper per function, shared by its
    aliases) and named ``minigrad.<space>.<name>``."""
    prefix = space + "." if space else ""
    module = "minigrad" + ("." + space if space else "")
    wrappers = {}
    exports = {}
    for name in sorted(namespace):
        fn = namespace[name]
        if prefix + name not in TAKES_OUT or not isinstance(fn, types.FunctionType):
            continue
        wrapper = wrappers.get(fn)
        if wrapper is None:
            wrapper = wrappers[fn] = accepting_out(fn, prefix + name)
            wrapper.__module__, wrapper.__qualname__ = module, name
            if fn.__module__ == "minigrad" and Tensor.__dict__.get(fn.__qualname__) is fn:
                # (the function is the Tensor method too: named where it is found as one now)
                fn.__module__, fn.__qualname__ = "minigrad.tensor", f"Tensor.{fn.__qualname__}"
        exports[name] = wrapper
    return exports


def write_out(name, result, out, inputs=()):
    """Write ``result`` (a Tensor or a tuple of them) into ``out``, checked as PyTorch's function ``name``
    checks it (``out`` sharing no memory with the Tensors of ``inputs``); returns ``out``."""
    if isinstance(result, tuple):
        if not isinstance(out, (tuple, list)) or len(out) != len(result):
            raise TypeError(f"{_shown(name)}(): argument 'out' must be tuple of {len(result)} Tensors")
        exact = name not in _CASTING_TUPLES
        if has_tuple_dtype_checks(name):
            check_tuple_dtypes(name, result, out, not exact, _out_dtype_error)
        for o in out if name in _NO_PARTIAL_OVERLAP else ():
            if isinstance(o, Tensor):
                _check_no_overlap(inputs, o, partial_only=True)
        written = [_write_one(name, r, o, exact) for r, o in zip(result, out)]
        return type(result)(*written) if hasattr(result, "_fields") else tuple(written)
    return _write_one(name, result, out, name in _EXACT_DTYPE, inputs)


#: the functions PyTorch declares not differentiable at all (their outputs are no function of their inputs' values
#: to autograd): an ``out`` requiring grad is written without its error
_NOT_DIFFERENTIABLE = frozenset("""
eq ne lt le gt ge less less_equal greater greater_equal not_equal logical_not logical_and logical_or logical_xor
""".split())

_GRAD_ERROR = ("{}(): functions with out=... arguments don't support automatic differentiation, but one of the "
               "arguments requires grad.")




def _write_one(name, result, out, exact, inputs=()):
    if not isinstance(out, Tensor):
        raise TypeError(f"{_shown(name)}(): argument 'out' must be Tensor, not {type(out).__name__}")
    check_update(out)  # (an out whose elements share memory, an inference tensor: PyTorch's in-place errors)
    in_graph = _state.enabled and (result._rg or out._rg) and name not in _NOT_DIFFERENTIABLE
    if in_graph and name not in _COPIED_IN_GRAPH:
        raise RuntimeError(_GRAD_ERROR.format(_shown(name)))
    if name in _NO_PARTIAL_OVERLAP:  # (checked before the dtypes, as PyTorch's kernels check it)
        _check_no_overlap(inputs, out, partial_only=True)
    if name in _REAL_OUT and out.dtype.is_complex:
        raise RuntimeError(f"{name[4:]} expects a floating point output tensor, but got {_kernel_name(out.dtype)}")
    if result._data.dtype is not out._data.dtype:
        if exact:
            raise _out_dtype_error(name if name not in _MATMULS or result.ndim else "dot", result.dtype, out.dtype)
        if name in _JOINS and result.dtype.category > out.dtype.category:
            raise TypeError(f"torch.cat(): input types can't be cast to the desired output type "
                            f"{_kernel_name(out.dtype)}")
        _check_castable(out, result.dtype)
    if name in _NO_OVERLAP:
        _check_no_overlap(inputs, out)
    data = result._data
    if data.shape != out._data.shape:
        if out._data.size:
            warnings.warn(f"An output with one or more elements was resized since it had shape {list(out.shape)}, "
                          f"which does not match the required output shape {list(result.shape)}. This behavior is "
                          "deprecated, and in a future PyTorch release outputs will not be resized unless they have "
                          "zero elements. You can explicitly reuse an out tensor t by resizing it, inplace, to zero "
                          "elements with t.resize_(0).", UserWarning, stacklevel=4)
        out._data = resized(out._device._get_backend().xp, out._data, data.shape)  # (PyTorch's resize_, in its storage)
        if not data.flags.c_contiguous and name not in _RESIZED_ROW_MAJOR:
            # (PyTorch's kernels restride a resized out as they lay out a new result: x.t() + y into
            # an empty out gives x.t()'s layout)
            out._data = _laid_as(out._data, data)
    if in_graph:
        return out.copy_(result)
    out._data[...] = data
    out._version_counter[0] += 1
    return out


def _out_dtype_error(name, result, out):
    """PyTorch's RuntimeError for an ``out`` of dtype ``out`` where function ``name`` must write ``result``'s."""
    if name in _STRUCTURED_OUT:
        return RuntimeError(f"Expected out tensor to have dtype {_dt.C_NAMES[result.name]}, but got "
                            f"{_dt.C_NAMES[out.name]} instead")
    if name == "narrow_copy":
        return check_failed("self.dtype() == output.dtype()")
    message = _OUT_DTYPE_MESSAGES.get(name)
    if message is None:
        return RuntimeError(f"Found dtype {_kernel_name(out)} but expected {_kernel_name(result)}")
    return RuntimeError(message.format(r=_kernel_name(result), o=_kernel_name(out), rc=_dt.C_NAMES[result.name],
                                       oc=_dt.C_NAMES[out.name], int32=result is _dt.int32))
