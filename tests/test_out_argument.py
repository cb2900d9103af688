"""The ``out=`` argument of minigrad's functions, against PyTorch: the result written into the given
tensor, resized and checked as PyTorch does."""
import numpy as np
import pytest
import torch

import minigrad

LIBS = [minigrad, torch]
IDS = ["minigrad", "torch"]


@pytest.mark.parametrize("L", LIBS, ids=IDS)
def test_out_receives_the_result_and_is_returned(L):
    t = L.ones(2, 2)
    y = L.rand_like(t)
    view = y[0]
    assert L.matmul(t, t.T, out=y) is y
    assert y.tolist() == [[2.0, 2.0], [2.0, 2.0]] and view.tolist() == [2.0, 2.0]


@pytest.mark.parametrize("L", LIBS, ids=IDS)
def test_out_takes_a_result_its_dtype_can_hold(L):
    out = L.zeros(2, dtype=L.float64)
    L.add(L.ones(2), L.ones(2), out=out)
    assert out.tolist() == [2.0, 2.0] and out.dtype == L.float64


@pytest.mark.parametrize("L", LIBS, ids=IDS)
def test_out_refuses_a_result_its_dtype_cannot_hold(L):
    with pytest.raises(RuntimeError, match="result type Float can't be cast to the desired output type Long"):
        L.exp(L.ones(2), out=L.zeros(2, dtype=L.int64))


@pytest.mark.parametrize("L", LIBS, ids=IDS)
def test_sums_into_an_integer_out_compute_in_its_dtype(L):
    out = L.zeros(3, dtype=L.int64)
    L.sum(L.full((2, 3), 1.5), 0, out=out)
    assert out.tolist() == [2, 2, 2]


@pytest.mark.parametrize("L", LIBS, ids=IDS)
def test_an_out_of_another_shape_is_resized_with_a_warning_unless_empty(L):
    out = L.zeros(3)
    with pytest.warns(UserWarning, match="An output with one or more elements was resized"):
        L.mul(L.ones(2), 3, out=out)
    assert out.tolist() == [3.0, 3.0]
    empty = L.zeros(0)
    L.mul(L.ones(2), 3, out=empty)
    assert empty.tolist() == [3.0, 3.0]


@pytest.mark.parametrize("L", LIBS, ids=IDS)
def test_out_is_refused_where_a_gradient_would_flow(L):
    x = L.ones(2, requires_grad=True)
    with pytest.raises(RuntimeError, match="add\\(\\): functions with out=... arguments don't support automatic"):
        L.add(x, 1, out=L.zeros(2))
    with L.no_grad():
        assert L.add(x, 1, out=L.zeros(2)).tolist() == [2.0, 2.0]


@pytest.mark.parametrize("L", LIBS, ids=IDS)
def test_out_of_a_function_returning_values_and_indices_is_a_pair(L):
    values, indices = L.zeros(2), L.zeros(2, dtype=L.int64)
    result = L.max(L.tensor([[1.0, 3.0], [4.0, 2.0]]), 1, out=(values, indices))
    assert result[0] is values and result[1] is indices
    assert values.tolist() == [3.0, 4.0] and indices.tolist() == [1, 0]


def test_tensor_methods_take_no_out_as_torchs():
    for L in LIBS:
        with pytest.raises(TypeError):
            L.ones(2).add(1, out=L.zeros(2))


@pytest.mark.parametrize("L", LIBS, ids=IDS)
@pytest.mark.parametrize("call", [lambda L, x: L.flip(x, [0], out=L.zeros(2, 3)),
                                  lambda L, x: L.clone(x, out=L.zeros(2, 3)),
                                  lambda L, x: L.sum(x, out=L.zeros(()))], ids=["flip", "clone", "sum without dim"])
def test_out_is_refused_where_pytorchs_function_takes_none(L, call):
    with pytest.raises(TypeError):
        call(L, L.ones(2, 3))


@pytest.mark.parametrize("L", LIBS, ids=IDS)
def test_an_exact_dtype_function_refuses_an_out_of_another_dtype(L):
    with pytest.raises(RuntimeError, match="Found dtype Double but expected Float"):
        L.abs(L.ones(2), out=L.zeros(2, dtype=L.float64))


def _x(L):
    return L.tensor([[0.5, -1.0, 2.0], [1.5, 0.25, -3.0], [2.0, 1.0, 4.0]])


#: exact-dtype functions given an out of another dtype: PyTorch's structured kernels, its TensorIterator
#: kernels and those with a message of their own
WRONG_DTYPE_OUT = {
    "gather": lambda L, o: L.gather(_x(L), 1, L.tensor([[0, 1], [2, 0], [1, 1]]), out=o),
    "gather of integers": lambda L, o: L.gather(_x(L).long(), 1, L.tensor([[0, 1]]), out=o.float()),
    "mm": lambda L, o: L.mm(_x(L), _x(L), out=o),
    "tril": lambda L, o: L.tril(_x(L), out=o),
    "softmax": lambda L, o: L.softmax(_x(L), 0, out=o),
    "sort": lambda L, o: L.sort(_x(L), out=(o, L.empty(0, dtype=L.int64))),
    "sort's indices": lambda L, o: L.sort(_x(L), out=(L.empty(0), L.empty(0))),
    "linalg.inv": lambda L, o: L.linalg.inv(_x(L), out=o),
    "abs": lambda L, o: L.abs(_x(L), out=o),
    "index_select": lambda L, o: L.index_select(_x(L), 0, L.tensor([0, 2]), out=o),
    "masked_select": lambda L, o: L.masked_select(_x(L), _x(L) > 0, out=o),
    "take": lambda L, o: L.take(_x(L), L.tensor([0, 2]), out=o),
    "dot": lambda L, o: L.dot(_x(L)[0], _x(L)[1], out=o),
    "matmul": lambda L, o: L.matmul(_x(L), _x(L), out=o),
    "matmul of vectors": lambda L, o: L.matmul(_x(L)[0], _x(L)[1], out=o),
    "amax": lambda L, o: L.amax(_x(L), 0, out=o),
    "where": lambda L, o: L.where(_x(L) > 0, _x(L), _x(L), out=o),
    "tensordot": lambda L, o: L.tensordot(_x(L), _x(L), 1, out=o),
    "linalg.norm": lambda L, o: L.linalg.norm(_x(L), out=o),
    "linalg.vecdot": lambda L, o: L.linalg.vecdot(_x(L), _x(L), out=o),
    "quantile": lambda L, o: L.quantile(_x(L), 0.5, out=o),
    "nan_to_num": lambda L, o: L.nan_to_num(_x(L), out=o),
    "narrow_copy": lambda L, o: L.narrow_copy(_x(L), 0, 0, 2, out=o),
    "searchsorted": lambda L, o: L.searchsorted(L.tensor([1.0, 2.0]), _x(L), out=o),
    "histc": lambda L, o: L.histc(_x(L), out=o),
}


@pytest.mark.parametrize("name", sorted(WRONG_DTYPE_OUT))
def test_an_exact_dtype_function_names_the_dtypes_of_a_wrong_out_in_torchs_words(name):
    messages = []
    for L in LIBS:
        with pytest.raises(RuntimeError) as raised:
            WRONG_DTYPE_OUT[name](L, L.empty(0, dtype=L.float64))
        messages.append(str(raised.value))
    assert messages[0] == messages[1]


def _sym(L):
    return L.tensor([[2.0, 1.0], [1.0, 3.0]])


#: functions whose out is a tuple of Tensors: (a call given ``out``, their results' dtypes)
TUPLE_OUT_CALLS = {
    "max": (lambda L, o: L.max(_x(L), 0, out=o), "float32 int64"),
    "max, dim by keyword": (lambda L, o: L.max(_x(L), dim=1, out=o), "float32 int64"),
    "min": (lambda L, o: L.min(_x(L), 1, out=o), "float32 int64"),
    "sort": (lambda L, o: L.sort(_x(L), out=o), "float32 int64"),
    "sort, stable": (lambda L, o: L.sort(_x(L), stable=True, out=o), "float32 int64"),
    "topk": (lambda L, o: L.topk(_x(L), 2, out=o), "float32 int64"),
    "kthvalue": (lambda L, o: L.kthvalue(_x(L), 2, out=o), "float32 int64"),
    "aminmax": (lambda L, o: L.aminmax(_x(L), dim=0, out=o), "float32 float32"),
    "frexp": (lambda L, o: L.frexp(_x(L), out=o), "float32 int32"),
    "median": (lambda L, o: L.median(_x(L), 0, out=o), "float32 int64"),
    "nanmedian": (lambda L, o: L.nanmedian(_x(L), 1, out=o), "float32 int64"),
    "mode": (lambda L, o: L.mode(_x(L), out=o), "float32 int64"),
    "cummax": (lambda L, o: L.cummax(_x(L), 0, out=o), "float32 int64"),
    "cummin": (lambda L, o: L.cummin(_x(L), 1, out=o), "float32 int64"),
    "histogram": (lambda L, o: L.histogram(_x(L), 3, out=o), "float32 float32"),
    "linalg.eigh": (lambda L, o: L.linalg.eigh(_sym(L), out=o), "float32 float32"),
    "linalg.eig": (lambda L, o: L.linalg.eig(_sym(L), out=o), "complex64 complex64"),
    "linalg.slogdet": (lambda L, o: L.linalg.slogdet(_sym(L), out=o), "float32 float32"),
    "slogdet": (lambda L, o: L.slogdet(_sym(L), out=o), "float32 float32"),
    "linalg.qr": (lambda L, o: L.linalg.qr(_sym(L), out=o), "float32 float32"),
    "linalg.svd": (lambda L, o: L.linalg.svd(_sym(L), out=o), "float32 float32 float32"),
    "linalg.lstsq": (lambda L, o: L.linalg.lstsq(_sym(L), _sym(L), out=o), "float32 float32 int64 float32"),
    "linalg.lu_factor_ex": (lambda L, o: L.linalg.lu_factor_ex(_sym(L), out=o), "float32 int32 int32"),
    "geqrf": (lambda L, o: L.geqrf(_sym(L), out=o), "float32 float32"),
}

#: bad ``out`` arguments of those: ``fn(L, dtypes)`` with the results' dtypes (names)
BAD_TUPLE_OUTS = {
    "a Tensor": lambda L, dtypes: L.empty(0),
    "an int": lambda L, dtypes: 3,
    "a str": lambda L, dtypes: "ab",
    "a generator": lambda L, dtypes: (L.empty(0) for _ in dtypes),
    "one Tensor short": lambda L, dtypes: tuple(L.empty(0, dtype=getattr(L, d)) for d in dtypes[:-1]),
    "one Tensor too many": lambda L, dtypes: tuple(L.empty(0, dtype=getattr(L, d)) for d in dtypes + dtypes[:1]),
    "a list one short": lambda L, dtypes: [L.empty(0, dtype=getattr(L, d)) for d in dtypes[:-1]],
    "an int for the last": lambda L, dtypes: tuple(L.empty(0, dtype=getattr(L, d)) for d in dtypes[:-1]) + (5,),
    "None for the first of too few": lambda L, dtypes: (None,),
    "every one of another dtype": lambda L, dtypes: tuple(L.empty(0, dtype=L.int16 if d != "int16" else L.int8)
                                                         for d in dtypes),
    "the first of another dtype": lambda L, dtypes: tuple(L.empty(0, dtype=(L.int8 if i == 0 else getattr(L, d)))
                                                         for i, d in enumerate(dtypes)),
    "the last of another dtype": lambda L, dtypes: tuple(L.empty(0, dtype=(L.float64 if i == len(dtypes) - 1
                                                                           else getattr(L, d)))
                                                        for i, d in enumerate(dtypes)),
    "the first two of other dtypes": lambda L, dtypes: tuple(L.empty(0, dtype=[L.int16, L.uint8][i] if i < 2
                                                                     else getattr(L, d)) for i, d in enumerate(dtypes)),
}


def _first_line_of_error(call, out):
    try:
        call(out)
    except Exception as exc:  # noqa: BLE001: the test compares the exceptions
        return type(exc).__name__, str(exc).split("\n")[0]
    return None


@pytest.mark.parametrize("bad", sorted(BAD_TUPLE_OUTS))
@pytest.mark.parametrize("name", sorted(TUPLE_OUT_CALLS))
def test_a_bad_tuple_out_is_refused_with_pytorchs_error(name, bad):
    call, dtypes = TUPLE_OUT_CALLS[name]
    seen = [_first_line_of_error(lambda o: call(L, o), BAD_TUPLE_OUTS[bad](L, dtypes.split()))
            for L in (torch, minigrad)]
    if seen[0] is not None and "INTERNAL ASSERT" in seen[0][1]:
        pytest.skip("PyTorch's own assertion fails")
    assert seen[1] == seen[0]


@pytest.mark.parametrize("L", LIBS, ids=IDS)
def test_geqrf_casts_into_outs_that_can_hold_its_results(L):
    a, tau = L.empty(0, dtype=L.float64), L.empty(0, dtype=L.complex64)
    L.geqrf(_sym(L), out=(a, tau))
    assert a.dtype == L.float64 and tau.dtype == L.complex64 and a.shape == (2, 2) and tau.shape == (2,)


@pytest.mark.parametrize("L", LIBS, ids=IDS)
def test_ldexp_casts_into_an_out_that_can_hold_its_result(L):
    out = L.empty(0, dtype=L.float64)
    L.ldexp(L.tensor([0.5, -1.0]), L.tensor([1.0, 2.0]), out=out)
    assert out.tolist() == [1.0, -4.0] and out.dtype == L.float64


@pytest.mark.parametrize("L", LIBS, ids=IDS)
def test_creation_functions_take_out_and_its_dtype(L):
    out = L.zeros(0)
    assert L.arange(3, out=out) is out and out.tolist() == [0.0, 1.0, 2.0] and out.dtype == L.float32
    with pytest.raises(RuntimeError, match="does not match dtype of out parameter"):
        L.zeros(2, dtype=L.float64, out=L.zeros(2))


@pytest.mark.parametrize("L", LIBS, ids=IDS)
def test_a_shrinking_resize_writes_into_outs_memory(L):
    base = L.zeros(7)
    with pytest.warns(UserWarning, match="was resized"):
        L.add(L.ones(5), 1, out=base[:6])
    assert base.tolist() == [2.0, 2.0, 2.0, 2.0, 2.0, 0.0, 0.0]


@pytest.mark.parametrize("L", LIBS, ids=IDS)
@pytest.mark.parametrize("call", [lambda L, out: L.add(L.ones(2, 3), L.full((2, 3), 10.0), out=out),
                                  lambda L, out: L.exp(L.zeros(2, 3), out=out) + 10,
                                  lambda L, out: L.sum(L.full((4, 2, 3), 2.75), 0, out=out)],
                         ids=["add", "exp", "sum"])
def test_an_out_with_gaps_receives_the_result_and_leaves_the_gaps(L, call):
    buffer = L.zeros(2, 6)
    call(L, buffer[:, ::2])
    written = buffer[:, ::2].tolist()[0][0]
    assert buffer.tolist() == [[written, 0.0] * 3] * 2


@pytest.mark.parametrize("L", LIBS, ids=IDS)
def test_a_resized_out_with_gaps_is_laid_row_major_from_its_storage_offset(L):
    buffer = L.zeros(4, 6)
    with pytest.warns(UserWarning, match="was resized"):
        out = L.add(L.ones(2, 2), 1, out=buffer[1:, ::2])
    assert out.stride() == (2, 1) and out.storage_offset() == 6
    assert buffer.flatten().tolist() == [0.0] * 6 + [2.0] * 4 + [0.0] * 14


@pytest.mark.parametrize("L", LIBS, ids=IDS)
def test_a_growing_resize_writes_into_outs_storage_where_it_fits(L):
    buffer = L.zeros(4, 6)
    with pytest.warns(UserWarning, match="was resized"):
        L.add(L.ones(4, 5), 1, out=buffer[:2])
    assert buffer.flatten().tolist() == [2.0] * 20 + [0.0] * 4


# ---------------------------------------------------------------------------------------------
# out= of the functions of linalg, special, fft and nn.functional (and the torch-level norms), each
# call written once for both libraries: name -> lambda L: (function, args, kwargs)

def _matrix(L):
    return L.tensor([[2.0, 1.0], [1.0, 3.0]], dtype=L.float64)  # (symmetric positive definite)


def _vector(L):
    return L.tensor([0.25, 0.5, 1.5, 3.0], dtype=L.float64)


def _spectrum(L):
    return L.tensor([[2.0, 1.0 - 1.0j], [1.0j, 3.0]], dtype=L.complex128)


def _images(L):
    return L.arange(32, dtype=L.float64).reshape(1, 2, 4, 4) / 8


def _call(space, name, *make_args, **kwargs):
    def build(L):
        namespace = L
        for part in filter(None, space.split(".")):
            namespace = getattr(namespace, part)
        return getattr(namespace, name), tuple(make(L) for make in make_args), kwargs
    return build


_LINALG_ONE_MATRIX = ["cholesky", "cholesky_ex", "cond", "det", "eig", "eigh", "eigvals", "eigvalsh", "inv", "inv_ex",
                      "ldl_factor", "ldl_factor_ex", "lu", "lu_factor", "lu_factor_ex", "matrix_norm", "matrix_rank",
                      "norm", "pinv", "qr", "slogdet", "svd", "svdvals"]
_SPECIAL_UNARY = ["airy_ai", "bessel_j0", "bessel_j1", "bessel_y0", "bessel_y1", "digamma", "entr", "erf", "erfc",
                  "erfcx", "exp2", "expit", "expm1", "gammaln", "i0", "i0e", "i1", "i1e", "log1p", "log_ndtr",
                  "modified_bessel_i0", "modified_bessel_i1", "modified_bessel_k0", "modified_bessel_k1", "ndtr", "psi",
                  "round", "scaled_modified_bessel_k0", "scaled_modified_bessel_k1", "sinc", "spherical_bessel_j0"]
_SPECIAL_POLYNOMIALS = [f"{kind}_polynomial_{letter}" for kind, letters in (
    ("chebyshev", "tuvw"), ("shifted_chebyshev", "tuvw"), ("hermite", ["h", "he"]), ("laguerre", "l"),
    ("legendre", "p")) for letter in letters]
_SMALL = lambda L: _vector(L) / 4  # noqa: E731  (inside the domain of erfinv, ndtri, logit)
_LU = lambda L: L.linalg.lu_factor(_matrix(L))  # noqa: E731
_LDL = lambda L: L.linalg.ldl_factor(_matrix(L))  # noqa: E731

NEW_OUT_CALLS = {
    **{f"linalg.{name}": _call("linalg", name, _matrix) for name in _LINALG_ONE_MATRIX},
    "linalg.matrix_norm nuc": _call("linalg", "matrix_norm", _matrix, lambda L: "nuc"),
    "linalg.cross": _call("linalg", "cross", lambda L: _vector(L)[:3], lambda L: _vector(L)[1:]),
    "linalg.householder_product": _call("linalg", "householder_product", _matrix,
                                        lambda L: L.tensor([1.2, 0.0], dtype=L.float64)),
    "linalg.ldl_solve": _call("linalg", "ldl_solve", lambda L: _LDL(L)[0], lambda L: _LDL(L)[1], _matrix),
    "linalg.lstsq": _call("linalg", "lstsq", _matrix, _matrix),
    "linalg.lu_solve": _call("linalg", "lu_solve", lambda L: _LU(L)[0], lambda L: _LU(L)[1], _matrix),
    "linalg.matmul": _call("linalg", "matmul", _matrix, _matrix),
    "linalg.matrix_power": _call("linalg", "matrix_power", _matrix, lambda L: 3),
    "linalg.multi_dot": _call("linalg", "multi_dot", lambda L: [_matrix(L)] * 3),
    "linalg.solve": _call("linalg", "solve", _matrix, _matrix),
    "linalg.solve_ex": _call("linalg", "solve_ex", _matrix, _matrix),
    "linalg.solve_triangular": _call("linalg", "solve_triangular", _matrix, _matrix, upper=True),
    "linalg.tensorinv": _call("linalg", "tensorinv", lambda L: L.eye(4, dtype=L.float64).reshape(4, 2, 2) * 2, ind=1),
    "linalg.tensorsolve": _call("linalg", "tensorsolve", _matrix, lambda L: L.tensor([1.0, 2.0], dtype=L.float64)),
    "linalg.vecdot": _call("linalg", "vecdot", _vector, _vector),
    "linalg.vector_norm": _call("linalg", "vector_norm", _vector),
    **{f"special.{name}": _call("special", name, _vector) for name in _SPECIAL_UNARY},
    **{f"special.{name}": _call("special", name, _SMALL) for name in ("erfinv", "ndtri", "logit")},
    **{f"special.{name}": _call("special", name, _vector, lambda L: 3) for name in _SPECIAL_POLYNOMIALS},
    **{f"special.{name}": _call("special", name, lambda L: _vector(L) + 1, _vector)
       for name in ("xlog1py", "xlogy", "zeta", "gammainc", "gammaincc")},
    "special.polygamma": _call("special", "polygamma", lambda L: 1, _vector),
    "special.multigammaln": _call("special", "multigammaln", lambda L: _vector(L) + 2, lambda L: 2),
    "special.logsumexp": _call("special", "logsumexp", _vector, lambda L: 0),
    **{f"fft.{name}": _call("fft", name, _vector) for name in ("fft", "ifft", "rfft", "ihfft")},
    **{f"fft.{name}": _call("fft", name, _matrix) for name in ("fft2", "ifft2", "fftn", "ifftn", "rfft2", "rfftn",
                                                                "ihfft2", "ihfftn")},
    **{f"fft.{name}": _call("fft", name, _spectrum) for name in ("irfft", "hfft", "irfft2", "irfftn", "hfft2",
                                                                  "hfftn")},
    "fft.fftfreq": _call("fft", "fftfreq", lambda L: 5),
    "fft.rfftfreq": _call("fft", "rfftfreq", lambda L: 5),
    "nn.functional.avg_pool2d": _call("nn.functional", "avg_pool2d", _images, lambda L: 2),
    "nn.functional.avg_pool3d": _call("nn.functional", "avg_pool3d", _images, lambda L: 2),
    **{f"nn.functional.{name}": _call("nn.functional", name, lambda L: _vector(L) - 1)
       for name in ("gelu", "hardshrink", "softshrink", "softplus", "logsigmoid")},
    "nn.functional.linear": _call("nn.functional", "linear", _matrix, _matrix),
    "nn.functional.normalize": _call("nn.functional", "normalize", _matrix),
    "argsort stable": _call("", "argsort", _vector, stable=True),
    "frobenius_norm": _call("", "frobenius_norm", _matrix, lambda L: [0, 1]),
    "nuclear_norm": _call("", "nuclear_norm", _matrix),
    "native_batch_norm": _call("", "native_batch_norm", lambda L: L.arange(24, dtype=L.float64).reshape(2, 3, 4) / 7,
                               *[lambda L: None] * 4, lambda L: True, lambda L: 0.1, lambda L: 1e-5),
}

#: results defined up to the sign (or phase) of each vector: compared in absolute value
_SIGN_FREE = {"linalg.eig", "linalg.eigh", "linalg.qr", "linalg.svd"}

#: where minigrad's out= differs from PyTorch's, with the reason (strict xfails: a fix shows at once)
_OUT_DIFFERENCES = {
    ("linalg.eigvals", "grad"): "PyTorch copies its result into out in the graph and fails only at backward (no "
                                "derivative); minigrad refuses the call (its in-graph copy takes no complex numbers)",
    ("linalg.ldl_solve", "grad"): "minigrad's ldl_solve gives a result outside the graph; PyTorch's requires grad "
                                  "(and fails at backward)",
    ("fft.ifft", "grad"): "PyTorch's ifft of a real input copies into out in the graph (failing at backward); "
                          "minigrad refuses the call",
    ("fft.ihfft", "grad"): "as ifft: PyTorch's fails at backward, minigrad's at the call",
    ("fft.ifft", "narrower"): "PyTorch's ifft of a real input demands out's dtype exactly (of a complex one it "
                              "casts); minigrad casts for both",
}

#: PyTorch's warnings that these calls provoke on purpose
pytestmark = [pytest.mark.filterwarnings("ignore:at..nuclear_norm is deprecated:UserWarning"),
              pytest.mark.filterwarnings("ignore:at..frobenius_norm is deprecated:UserWarning")]


def _empty_outs(L, result, dtype=None):
    """Empty tensors to receive ``result`` (one per tensor of a tuple), in its dtypes or ``dtype(its dtype)``."""
    if isinstance(result, tuple):
        return tuple(_empty_outs(L, r, dtype) for r in result)
    return L.zeros(0, dtype=result.dtype if dtype is None else dtype(L, result.dtype))


def _outcome(L, name, dtype=None, grad=False):
    """What calling ``name`` with out= gives in library L: the exception type, or (returned outs, outs)."""
    fn, args, kwargs = NEW_OUT_CALLS[name](L)
    if grad:
        args = tuple(a.detach().requires_grad_() if isinstance(a, L.Tensor) and a.is_floating_point() else a
                     for a in args)
    outs = _empty_outs(L, fn(*args, **kwargs), dtype)
    try:
        return fn(*args, **kwargs, out=outs), outs
    except Exception as exc:
        return type(exc)


def _marked(name, case, *params):
    """The test parameters ``name, *params``, a strict xfail where ``(name, case)`` is a known difference."""
    reason = _OUT_DIFFERENCES.get((name, case))
    return pytest.param(name, *params, marks=[pytest.mark.xfail(strict=True, reason=reason)] if reason else [])


@pytest.mark.parametrize("name", NEW_OUT_CALLS)
def test_out_of_linalg_special_fft_and_functional_receives_the_result_as_torchs(name):
    results = {}
    for L in LIBS:
        returned, outs = _outcome(L, name)
        if isinstance(outs, tuple):
            assert isinstance(returned, tuple) and all(r is o for r, o in zip(returned, outs))
        else:
            assert returned is outs
        results[L] = outs if isinstance(outs, tuple) else (outs,)
    for m, t in zip(results[minigrad], results[torch]):
        assert str(m.dtype) == str(t.dtype) and tuple(m.shape) == tuple(t.shape)
        m_values, t_values = m.numpy(), t.numpy()
        if name in _SIGN_FREE:
            m_values, t_values = abs(m_values), abs(t_values)
        np.testing.assert_allclose(m_values, t_values, rtol=1e-7, atol=1e-12)


_OTHER_DTYPES = {
    "narrower": lambda L, dtype: {L.float64: L.float32, L.complex128: L.complex64, L.int64: L.int32}.get(dtype, dtype),
    "integer": lambda L, dtype: L.int32 if dtype == L.int64 else L.int64,
    "complex": lambda L, dtype: L.complex128,
}


@pytest.mark.parametrize("name, kind", [_marked(name, kind, kind) for name in NEW_OUT_CALLS
                                         for kind in _OTHER_DTYPES])
def test_out_of_another_dtype_is_taken_or_refused_as_torchs(name, kind):
    outcomes = [_outcome(L, name, _OTHER_DTYPES[kind]) for L in LIBS]
    if isinstance(outcomes[1], type):
        assert outcomes[0] is outcomes[1]
    else:
        assert not isinstance(outcomes[0], type), f"minigrad raised {outcomes[0].__name__}"
        for m, t in zip(*(o[1] if isinstance(o[1], tuple) else (o[1],) for o in outcomes)):
            assert str(m.dtype) == str(t.dtype)


@pytest.mark.parametrize("name", [_marked(name, "grad") for name in NEW_OUT_CALLS])
def test_out_given_inputs_requiring_grad_is_refused_or_joins_the_graph_as_torchs(name):
    outcomes = [_outcome(L, name, grad=True) for L in LIBS]
    if isinstance(outcomes[1], type):
        assert outcomes[0] is outcomes[1]
    else:
        assert not isinstance(outcomes[0], type), f"minigrad raised {outcomes[0].__name__}"
        for m, t in zip(*(o[1] if isinstance(o[1], tuple) else (o[1],) for o in outcomes)):
            assert m.requires_grad == t.requires_grad


@pytest.mark.parametrize("L", LIBS, ids=IDS)
def test_an_out_written_by_a_composite_function_carries_its_gradient(L):
    x = L.tensor([3.0, 4.0], dtype=L.float64, requires_grad=True)
    out = L.zeros((), dtype=L.float64)
    L.linalg.norm(x, out=out).backward()
    assert x.grad.tolist() == [0.6, 0.8]


@pytest.mark.parametrize("L", LIBS, ids=IDS)
@pytest.mark.parametrize("call", [lambda L, x: L.std(x, True, out=L.zeros(())),
                                  lambda L, x: L.var(x, unbiased=False, out=L.zeros(())),
                                  lambda L, x: L.argsort(x, out=L.zeros(2, 3, dtype=L.int64))],
                         ids=["std unbiased without dim", "var unbiased without dim", "argsort without stable"])
def test_out_is_refused_in_the_call_forms_of_pytorch_that_take_none(L, call):
    with pytest.raises(TypeError):
        call(L, L.ones(2, 3))


@pytest.mark.parametrize("L", LIBS, ids=IDS)
def test_std_with_dim_and_unbiased_takes_out(L):
    out = L.zeros(0)
    assert L.std(L.tensor([[1.0, 2.0], [3.0, 5.0]]), 0, False, out=out) is out and out.tolist() == [1.0, 1.5]


@pytest.mark.parametrize("L", LIBS, ids=IDS)
def test_norm_and_normalize_take_out_at_its_position_too(L):
    x = L.tensor([[3.0, 4.0]], dtype=L.float64)
    norms, normalized = L.zeros(0, dtype=L.float64), L.zeros(0, dtype=L.float64)
    assert L.norm(x, 2, 1, False, norms) is norms and norms.tolist() == [5.0]
    assert L.nn.functional.normalize(x, 2.0, 1, 1e-12, normalized) is normalized
    assert normalized.tolist() == [[0.6, 0.8]]


@pytest.mark.parametrize("L", LIBS, ids=IDS)
def test_an_inverse_transform_to_a_real_signal_refuses_a_complex_out(L):
    with pytest.raises(RuntimeError, match="expects a floating point output tensor"):
        L.fft.irfft(L.ones(3, dtype=L.complex64), out=L.zeros(0, dtype=L.complex64))


@pytest.mark.parametrize("L", LIBS, ids=IDS)
def test_argsort_refuses_out_for_an_input_requiring_grad(L):
    with pytest.raises(RuntimeError, match="functions with out=... arguments don't support automatic"):
        L.argsort(L.ones(3, requires_grad=True), stable=True, out=L.zeros(3, dtype=L.int64))


RESIZED_OUTS = {
    "add": lambda L, x, out: L.add(x, 1.0, out=out),
    "mul of mixed layouts": lambda L, x, out: L.mul(x, x.contiguous(), out=out),
    "exp": lambda L, x, out: L.exp(x, out=out),
    "clamp": lambda L, x, out: L.clamp(x, 0.2, out=out),
    "digamma": lambda L, x, out: L.digamma(x + 1, out=out),
    "cat": lambda L, x, out: L.cat([x, x], out=out),
}


@pytest.mark.parametrize("case", RESIZED_OUTS.values(), ids=RESIZED_OUTS.keys())
def test_a_resized_out_of_an_elementwise_op_or_cat_takes_the_results_layout_as_torchs(case):
    strides = []
    for L in LIBS:
        x = L.arange(120.0, dtype=L.float64).reshape(2, 3, 4, 5).contiguous(memory_format=L.channels_last)
        out = L.empty(0, dtype=L.float64)
        case(L, x, out)
        strides.append(out.stride())
    assert strides[0] == strides[1] == (60, 1, 15, 3) or strides[0] == strides[1] == (120, 1, 15, 3)


@pytest.mark.parametrize("L", LIBS, ids=IDS)
def test_a_resized_out_of_an_fft_stays_row_major(L):
    out = L.empty(0, dtype=L.complex128)
    L.fft.fft(L.ones(3, 4, dtype=L.float64), dim=0, out=out)
    assert out.stride() == (4, 1)


def test_every_elementwise_table_row_taking_out_refuses_a_partly_overlapping_out():
    # (the rows of the unary and binary tables are TensorIterator kernels in PyTorch: a new row taking out
    # needs its name in _NO_PARTIAL_OVERLAP too)
    from minigrad.ops import _out, binary, unary
    names = {name for rule in unary.RULES for name in (rule.name, *rule.aliases)} | {rule.name for rule in binary.RULES}
    assert sorted(n for n in names if n in _out.TAKES_OUT and n not in _out._NO_PARTIAL_OVERLAP) == []
