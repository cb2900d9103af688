"""dtype objects and PyTorch's type-promotion rules.

A minigrad dtype wraps a NumPy dtype (CuPy uses the same dtype objects).
Promotion follows ``torch.result_type``: categories bool < integer < floating
< complex; within the winning category, dimensioned tensors outrank 0-d tensors,
which outrank Python scalars, and a Python float over integer tensors gives the
default floating dtype. A complex 0-d tensor or Python complex beside a floating
tensor gives the complex dtype of that tensor's precision (float32 -> complex64).
"""
import builtins as _builtins

import numpy as _np

__all__ = ["dtype", "float16", "float32", "float64", "int8", "int16", "int32", "int64",
           "uint8", "uint16", "uint32", "uint64", "bool", "half", "float", "double", "short", "int", "long",
           "complex64", "complex128", "cfloat", "cdouble",
           "get_default_dtype", "set_default_dtype", "result_type", "promote_types"]

_BOOL, _INT, _FLOAT, _COMPLEX = 0, 1, 2, 3


class dtype:
    """A tensor element type, e.g. ``minigrad.float32``."""

    __module__ = "minigrad"  # (minigrad.dtype, as torch.dtype)
    __slots__ = ("name", "np", "category", "itemsize", "_torch_name")

    def __init__(self, name, np_dtype, category, torch_name):
        self.name = name
        self.np = _np.dtype(np_dtype)
        self.category = category
        self.itemsize = self.np.itemsize
        self._torch_name = torch_name

    @property
    def is_floating_point(self):
        """True for floating dtypes."""
        return self.category == _FLOAT

    @property
    def is_complex(self):
        """True for complex dtypes."""
        return self.category == _COMPLEX

    @property
    def kind(self):
        """NumPy's kind letter ("f", "c", "i", "u", "b"): ``x.dtype.kind`` reads alike on arrays and Tensors."""
        return self.np.kind

    def to_real(self):
        """The real dtype of a complex one's parts (float32 for complex64); a real dtype itself."""
        return real_of(self)

    def to_complex(self):
        """The complex dtype holding this floating dtype's values (complex64 for float32); a
        complex dtype itself; PyTorch's RuntimeError for other dtypes."""
        if self.category < _FLOAT:
            raise RuntimeError(f"Unknown Complex ScalarType for {self._torch_name[:-6]}")
        return complex_of(self)

    @property
    def is_signed(self):
        """True unless the dtype is unsigned or bool."""
        return self.np.kind not in "ub"

    def __str__(self):
        return repr(self)

    def __repr__(self):
        return "torch." + self.name  # printed as PyTorch prints it, so course output reads the same

    def __reduce__(self):
        return (_by_name, (self.name,))


float16 = half = dtype("float16", _np.float16, _FLOAT, "HalfTensor")
float32 = float = dtype("float32", _np.float32, _FLOAT, "FloatTensor")
float64 = double = dtype("float64", _np.float64, _FLOAT, "DoubleTensor")
uint8 = dtype("uint8", _np.uint8, _INT, "ByteTensor")
# PyTorch's "shell" unsigned dtypes: made, converted, copied and indexed, never promoted
uint16 = dtype("uint16", _np.uint16, _INT, "UInt16Tensor")
uint32 = dtype("uint32", _np.uint32, _INT, "UInt32Tensor")
uint64 = dtype("uint64", _np.uint64, _INT, "UInt64Tensor")
int8 = dtype("int8", _np.int8, _INT, "CharTensor")
int16 = short = dtype("int16", _np.int16, _INT, "ShortTensor")
int32 = int = dtype("int32", _np.int32, _INT, "IntTensor")
int64 = long = dtype("int64", _np.int64, _INT, "LongTensor")
bool = dtype("bool", _np.bool_, _BOOL, "BoolTensor")
complex64 = cfloat = dtype("complex64", _np.complex64, _COMPLEX, "ComplexFloatTensor")
complex128 = cdouble = dtype("complex128", _np.complex128, _COMPLEX, "ComplexDoubleTensor")

ALL = (float16, float32, float64, uint8, int8, int16, int32, int64, bool, complex64, complex128, uint16, uint32, uint64)
# PyTorch's ScalarType names, as its promotion error spells them
_SCALAR_TYPE = {"bool": "Bool", "uint8": "Byte", "int8": "Char", "int16": "Short", "int32": "Int", "int64": "Long",
                "float16": "Half", "float32": "Float", "float64": "Double", "complex64": "ComplexFloat",
                "complex128": "ComplexDouble", "uint16": "UInt16", "uint32": "UInt32", "uint64": "UInt64"}
# the C++ element type names most of PyTorch's messages print ("expected dtype float ...")
C_NAMES = {"float16": "c10::Half", "float32": "float", "float64": "double", "bool": "bool", "uint8": "unsigned char",
           "int8": "signed char", "int16": "short int", "int32": "int", "int64": "long int",
           "uint16": "short unsigned int", "uint32": "unsigned int", "uint64": "long unsigned int",
           "complex64": "c10::complex<float>", "complex128": "c10::complex<double>"}
_BY_NP = {d.np: d for d in ALL}
_BY_NAME = {d.name: d for d in ALL}
_BY_NAME.update({"half": float16, "float": float32, "double": float64, "short": int16,
                 "int": int32, "long": int64, "cfloat": complex64, "cdouble": complex128})
_BY_TYPE_STRING = {"torch." + d._torch_name: d for d in ALL}
_BY_TYPE_STRING.update({d._torch_name: d for d in ALL})
# the dtypes with a legacy tensor class in PyTorch's C++ (the others print as CPUBoolType, ...)
_LEGACY_CLASS = frozenset(("float16", "float32", "float64", "uint8", "int8", "int16", "int32", "int64"))


def type_string(dt, device_type="cpu"):
    """How PyTorch's messages name a tensor's type (as in ``expand(torch.FloatTensor{[2, 3]}, ...)``):
    the legacy class (``torch.FloatTensor``, ``torch.cuda.FloatTensor``) where the dtype has one,
    else the device and ScalarType (``CPUBoolType``, ``CPUComplexFloatType``, ``CUDAUInt16Type``)."""
    if dt.name in _LEGACY_CLASS:
        return ("torch.cuda." if device_type == "cuda" else "torch.") + dt._torch_name
    return f"{device_type.upper()}{_SCALAR_TYPE[dt.name]}Type"


def _by_name(name):
    return _BY_NAME[name]


class _Defaults:
    floating = float32


_defaults = _Defaults()


def get_default_dtype():
    """The dtype that floating-point factory functions and Python floats give."""
    return _defaults.floating


def set_default_dtype(d):
    """Set the default floating dtype (float32 or float64), as torch does."""
    if type(d).__module__ == "torch" and type(d).__name__ == "dtype":  # (PyTorch's own, in code mixing the two)
        d = as_dtype(d)
    if d.__class__ is not dtype:  # (a Python type or a name, which dtype= arguments take, is refused here)
        raise TypeError("invalid dtype object: only floating-point types are supported as the default type")
    if d.category != _FLOAT:
        raise TypeError("only floating-point types are supported as the default type")
    _defaults.floating = d


#: run once, the first time a complex dtype is handed out (ops/_real_only.py arms its guard there)
_ON_FIRST_COMPLEX = []


def complex_in_use():
    """Run the hooks waiting for the first complex dtype (then never again)."""
    while _ON_FIRST_COMPLEX:
        _ON_FIRST_COMPLEX.pop()()


def from_numpy_dtype(np_dtype):
    """The minigrad dtype for a NumPy dtype (of either byte order); raises TypeError for unsupported ones."""
    try:
        d = _BY_NP.get(np_dtype) or _BY_NP[_np.dtype(np_dtype).newbyteorder("=")]
        if d.category == _COMPLEX:
            complex_in_use()
        return d
    except KeyError:
        # (named by its scalar type, as PyTorch: numpy.str_ for every string length)
        raise TypeError(f"can't convert np.ndarray of type numpy.{_np.dtype(np_dtype).type.__name__}. The only "
                        "supported types are: float64, float32, float16, complex64, complex128, int64, int32, int16, "
                        "int8, uint64, uint32, uint16, uint8, and bool.") from None


def default_complex():
    """The complex dtype of the default float's precision (what a Python complex becomes)."""
    complex_in_use()
    return complex128 if _defaults.floating is float64 else complex64


def complex_of(d):
    """The complex dtype holding ``d``'s values: complex64 for float32 and below, complex128 for float64."""
    complex_in_use()
    if d.category == _COMPLEX:
        return d
    if d is float16:
        raise TypeError("complex32 (ComplexHalf) is not supported: minigrad's complex dtypes are complex64 "
                        "and complex128")
    return complex128 if d is float64 else complex64


def real_of(d):
    """The real dtype of a complex dtype's parts (float32 for complex64); ``d`` itself otherwise."""
    return float32 if d is complex64 else float64 if d is complex128 else d


_PY_TYPES = {}


def to_dtype(d):
    """A ``dtype=`` argument as PyTorch takes it (a minigrad dtype, a Python type as ``float``, or a
    torch dtype) as a minigrad dtype; a string or a NumPy type is PyTorch's TypeError (the library's
    own code, which passes those, uses ``as_dtype``)."""
    if d.__class__ is dtype:
        if d.category == _COMPLEX:
            complex_in_use()
        return d
    if isinstance(d, (str, _np.dtype)) or (isinstance(d, type) and issubclass(d, _np.generic)):
        kind = type(d)
        name = kind.__name__ if kind.__module__ == "builtins" else f"{kind.__module__}.{kind.__qualname__}"
        raise TypeError(f"argument 'dtype' must be torch.dtype, not {name}")
    try:
        return as_dtype(d)
    except ValueError:  # (a tensor, a number...: not a dtype to PyTorch's parser either)
        raise TypeError(f"argument 'dtype' must be torch.dtype, not {type(d).__name__}") from None


def as_dtype(d):
    """Any dtype the library itself names (a minigrad dtype, a NumPy dtype or type, a Python type,
    a name such as ``'float32'``, a torch dtype) as a minigrad dtype."""
    if d.__class__ is dtype:
        if d.category == _COMPLEX:
            complex_in_use()
        return d
    d = _to_dtype(d)
    if d is not None and d.category == _COMPLEX:
        complex_in_use()
    return d


def _to_dtype(d):
    if d is None:
        return None
    if d is _builtins.float:
        return float64
    if d is _builtins.int:
        return int64
    if d is _builtins.bool:
        return bool
    if d is _builtins.complex:
        return complex128
    if isinstance(d, str):
        key = d[6:] if d.startswith("torch.") and d[6:] in _BY_NAME else d
        if key in _BY_NAME:
            return _BY_NAME[key]
        if d in _BY_TYPE_STRING:
            return _BY_TYPE_STRING[d]
        raise TypeError(f"invalid dtype {d!r}")
    name = getattr(d, "name", None) if not isinstance(d, _np.dtype) else None
    text = str(d)
    if text.startswith("torch.") and text[6:] in _BY_NAME:  # a torch.dtype
        return _BY_NAME[text[6:]]
    try:
        return from_numpy_dtype(_np.dtype(d))
    except TypeError:
        raise TypeError(f"invalid dtype {d!r}{'' if name is None else ''}") from None


def promote_types(type1, type2):
    """The smallest dtype both ``type1`` and ``type2`` convert to safely (torch.promote_types)."""
    a, b = to_dtype(type1), to_dtype(type2)
    if a is b:
        return a
    if (_is_shell(a) or _is_shell(b)) and not (a.category == _FLOAT or b.category == _FLOAT):
        raise RuntimeError("Promotion for uint16, uint32, uint64 types is not supported, attempted to promote "
                           f"{_SCALAR_TYPE[a.name]} and {_SCALAR_TYPE[b.name]}")
    if a.category != b.category:
        high, low = (a, b) if a.category > b.category else (b, a)
        return complex_of(low) if high is complex64 and low is float64 else high
    return _BY_NP[_np.promote_types(a.np, b.np)]


def _is_shell(d):
    """Whether ``d`` is one of PyTorch's shell dtypes (uint16, uint32, uint64)."""
    return d.np.kind == "u" and d.itemsize > 1


def scalar_category(x):
    """Category of a Python (or NumPy) scalar: bool, integer, floating or complex."""
    if isinstance(x, (_builtins.bool, _np.bool_)):
        return _BOOL
    if isinstance(x, (_builtins.int, _np.integer)):
        return _INT
    if isinstance(x, (_builtins.complex, _np.complexfloating)):
        return _COMPLEX
    return _FLOAT


def _combine(higher, lower):
    """PyTorch's combine_categories: the dtype of a higher-priority group (dimensioned tensors over
    0-d tensors over Python scalars) and a lower one, which wins only with a higher category."""
    if higher is None:
        return lower
    if lower is None or higher.category >= lower.category:
        return higher
    if lower.category == _COMPLEX and higher.category == _FLOAT:
        return complex_of(higher)  # keep the precision of the floating side
    if higher.category == _BOOL or lower.category >= _FLOAT:
        return promote_types(higher, lower)
    return higher


def result_type(*operands):
    """torch.result_type over Tensors and Python scalars."""
    dim_dt = zero_dt = None
    scalar_cat = -1
    for op in operands:
        d = getattr(op, "dtype", None)
        if d.__class__ is dtype:
            if op.ndim:
                dim_dt = d if dim_dt is None else promote_types(dim_dt, d)
            else:
                zero_dt = d if zero_dt is None else promote_types(zero_dt, d)
        else:
            c = scalar_category(op)
            scalar_cat = c if c > scalar_cat else scalar_cat
    # (default_complex only for a complex scalar: it arms the complex checks of every op, see ops/_real_only)
    scalar_dt = None if scalar_cat < 0 else default_complex() if scalar_cat == _COMPLEX else \
        (bool, int64, _defaults.floating)[scalar_cat]
    return _combine(dim_dt, _combine(zero_dt, scalar_dt))


class finfo:
    """The numerical limits of a floating dtype (the default one when none is given), as
    ``torch.finfo``: ``bits``, ``eps``, ``max``, ``min``, ``tiny`` (= ``smallest_normal``),
    ``resolution`` and ``dtype`` (its name)."""

    def __init__(self, type=None):
        d = get_default_dtype() if type is None else real_of(to_dtype(type))  # (a complex dtype: its parts')
        if not d.is_floating_point:
            raise TypeError("torch.finfo() requires a floating point input type. Use torch.iinfo to handle "
                            "'torch.finfo'")
        info = _np.finfo(d.np)
        self.bits, self.dtype = info.bits, d.name
        self.eps, self.max, self.min = _builtins.float(info.eps), _builtins.float(info.max), _builtins.float(info.min)
        self.tiny = self.smallest_normal = _builtins.float(info.smallest_normal)
        self.resolution = 10.0 ** -info.precision

    def __repr__(self):
        return (f"finfo(resolution={self.resolution:g}, min={self.min:g}, max={self.max:g}, eps={self.eps:g}, "
                f"smallest_normal={self.smallest_normal:g}, tiny={self.tiny:g}, dtype={self.dtype})")


class iinfo:
    """The limits of an integer dtype, as ``torch.iinfo``: ``bits``, ``max``, ``min`` and ``dtype``."""

    def __init__(self, type):
        d = to_dtype(type)
        if d.is_floating_point:
            raise TypeError("torch.iinfo() requires an integer input type. Use torch.finfo to handle 'torch.iinfo'")
        if d.name == "bool":
            raise TypeError("torch.bool is not supported by torch.iinfo")
        info = _np.iinfo(d.np)
        self.bits, self.max, self.min, self.dtype = info.bits, _builtins.int(info.max), _builtins.int(info.min), d.name

    def __repr__(self):
        return f"iinfo(min={self.min:g}, max={self.max:g}, dtype={self.dtype})"
