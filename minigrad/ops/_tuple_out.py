"""A tuple ``out=`` (of the functions returning several tensors: ``max(x, 0, out=(values, indices))``,
``sort``, ``linalg.eigh`` ...): PyTorch's argument parser's TypeErrors for an ``out`` that is no tuple of
as many Tensors as the results, and each kernel's own words for an ``out`` tensor of another dtype.
``_out.py`` calls these from its wrapper."""
from .. import dtypes as _dt
from ..tensor import Tensor
from ._util import _type_name


def shown(name):
    """The name PyTorch's messages give function ``name``: its ATen name (``linalg_norm``, ``gelu``)."""
    return name.replace("nn.functional.", "").replace(".", "_")


def kernel_name(dtype):
    """PyTorch's scalar-type name of ``dtype`` (``Float``), as its kernels' messages give it."""
    return dtype._torch_name[:-6]


def _dim_form(args, kwargs):
    return len(args) > 1 and not isinstance(args[1], Tensor) or "dim" in kwargs


#: the functions whose ``out`` is a tuple of Tensors (in the call forms ``TUPLE_OUT_FORMS`` tells, where
#: they have others): (how many, the position of ``out`` in PyTorch's signature, which its errors name)
TUPLE_OUT = {
    **dict.fromkeys(("frexp", "geqrf", "slogdet", "linalg.slogdet", "linalg.eig"), (2, 1)),
    **dict.fromkeys(("cummax", "cummin", "qr", "linalg.qr", "linalg.eigh", "linalg.lu_factor", "linalg.inv_ex",
                     "linalg.ldl_factor"), (2, 2)),
    **dict.fromkeys(("max", "min", "sort", "aminmax", "median", "nanmedian", "mode", "linalg.cholesky_ex"), (2, 3)),
    **dict.fromkeys(("svd", "linalg.svd"), (3, 3)), "linalg.lu": (3, 2),
    **dict.fromkeys(("linalg.lu_factor_ex", "linalg.ldl_factor_ex"), (3, 3)),
    "kthvalue": (2, 4), "linalg.solve_ex": (2, 4), "linalg.lstsq": (4, 4), "lu_unpack": (3, 4),
    "topk": (2, 5), "triangular_solve": (2, 5), "histogram": (2, 5), "native_batch_norm": (3, 8),
}

#: the call forms of those that have others (max(x, y) takes one Tensor) and the position of ``out`` where it
#: depends on the form (sort's form with ``stable``, histogram's with Tensor bins)
TUPLE_OUT_FORMS = {"max": _dim_form, "min": _dim_form}
_OUT_POSITION = {"sort": lambda args, kwargs: 4 if "stable" in kwargs else 3,
                 "histogram": lambda args, kwargs: 4 if isinstance(args[1] if len(args) > 1 else kwargs.get("bins"),
                                                                  Tensor) else 5}

#: the functions of several signatures, whose parser reports an ``out`` of no sequence as an invalid combination
_OVERLOADED = frozenset(["max", "min", "sort", "histogram"])


def check_tuple_out(name, out, args, kwargs):
    """PyTorch's argument parser's TypeErrors for an ``out`` of ``name`` that is no tuple (or list) of
    as many Tensors as its results: a Tensor out of a sequence first, then the count."""
    count, position = TUPLE_OUT[name]
    if not isinstance(out, (tuple, list)):
        if name in _OVERLOADED:
            keywords = [f"{k}={_type_name(v)}" for k, v in reversed({**kwargs, "out": out}.items())]
            raise TypeError(f"{name}() received an invalid combination of arguments - got "
                            f"({', '.join([_type_name(a) for a in args] + keywords)}), but expected one of:")
        raise TypeError(f"{shown(name)}(): argument 'out' must be tuple of Tensors, not {_type_name(out)}")
    if name in _OUT_POSITION:
        position = _OUT_POSITION[name](args, kwargs)
    for i, item in enumerate(out):
        if not isinstance(item, Tensor):
            raise TypeError(f"expected Tensor as element {i} in argument {position}, but got {_type_name(item)}")
    if len(out) != count:
        raise TypeError(f"expected tuple of {count} elements but got {len(out)}")


#: the functions returning several tensors whose kernels word the error for an ``out`` of another dtype (or, of
#: the casting ones, one that cannot hold its result) in their own way: {output index: message} (``{r}``/``{o}``
#: the result's and out's scalar types, ``{rc}``/``{oc}`` their C names, ``{rl}``/``{ol}`` their legacy type
#: names), checked in ``_DTYPE_ORDER``'s order where it is not the outputs' (the others' errors are
#: ``_out``'s generic ones)
_CASTABLE = "{fn}: Expected {what} to be safely castable from {r} dtype, but got {what} with dtype {o}"
_MEDIAN_DTYPE_MESSAGES = {
    0: "Expected tensor for 'values' to have the same type as tensor for argument #2 'self'; but type {ol} does not "
       "equal {rl} (while checking arguments for median)",
    1: "Expected tensor for argument #1 'indices' to have scalar type Long; but got {ol} instead (while checking "
       "arguments for median)"}
TUPLE_DTYPE_MESSAGES = {
    "kthvalue": {0: "output values must be of same type as input", 1: "output indices must be of scalar type Long"},
    "frexp": {0: "torch.frexp() expects mantissa to have dtype {rc} but got {oc}",
              1: "torch.frexp() expects exponent to have int dtype but got {oc}"},
    "median": _MEDIAN_DTYPE_MESSAGES, "nanmedian": _MEDIAN_DTYPE_MESSAGES,
    "mode": {0: "expected scalar type '{r}' but got '{o}' for values output",
             1: "expected scalar type '{r}' but got '{o}' for indices output"},
    **dict.fromkeys(("cummax", "cummin"), {0: "expected scalar_type {r} but found {o}",
                                           1: "expected scalar_type {r} but found {o}"}),
    "histogram": {0: "torch.histogram: input tensor and hist tensor should have the same dtype, but got input {rc} and "
                     "hist {oc}",
                  1: "torch.histogram: input tensor and bin_edges tensor should have the same dtype, but got input "
                     "{rc} and bin_edges {oc} for dimension 0"},
    "linalg.eig": {i: _CASTABLE.replace("{fn}", "torch.linalg.eig").replace("{what}", what)
                   for i, what in enumerate(("eigenvalues", "eigenvectors"))},
    # (its residuals are checked as its solution, by its name)
    "linalg.lstsq": {i: _CASTABLE.replace("{fn}", "torch.linalg.lstsq").replace("{what}", what)
                     for i, what in enumerate(("solution", "solution", "rank", "singular_values"))},
    "geqrf": {i: _CASTABLE.replace("{fn}", "torch.geqrf").replace("{what}", what)
              for i, what in enumerate(("a", "tau"))},
}
_DTYPE_ORDER = {"median": (1, 0), "nanmedian": (1, 0), "linalg.eigh": (1, 0)}


def _legacy_name(dtype):
    """PyTorch's legacy name of a CPU tensor type of ``dtype`` (``torch.FloatTensor``, ``CPUComplexFloatType``)."""
    if dtype.is_complex or dtype.name == "bfloat16":
        return f"CPU{kernel_name(dtype)}Type"
    return f"torch.{dtype._torch_name}"


def has_tuple_dtype_checks(name):
    """Whether the kernel of ``name`` checks its ``out`` tensors' dtypes in words or an order of its own."""
    return name in TUPLE_DTYPE_MESSAGES or name in _DTYPE_ORDER


def check_tuple_dtypes(name, result, out, casting, dtype_error):
    """The error of the kernel of ``name`` for the first ``out`` tensor (in the order it checks them) of
    another dtype than its result's, or, where it is ``casting`` into its outputs, one that cannot hold
    it (``dtype_error(name, result_dtype, out_dtype)``: the error of one without words of its own)."""
    messages = TUPLE_DTYPE_MESSAGES.get(name, {})
    for i in _DTYPE_ORDER.get(name, range(len(result))):
        r, o = result[i].dtype, out[i].dtype
        if r is o or casting and r.category <= o.category:
            continue
        if i not in messages:
            raise dtype_error(name, r, o)
        raise RuntimeError(messages[i].format(r=kernel_name(r), o=kernel_name(o), rc=_dt.C_NAMES[r.name],
                                              oc=_dt.C_NAMES[o.name], rl=_legacy_name(r), ol=_legacy_name(o)))
