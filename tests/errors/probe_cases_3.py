"""Bad-input cases of the third probe, aimed at what the first two touched least: math ops given
the wrong dtypes (and in-place results that do not fit), reductions and scans given bad dims,
linear algebra, the FFT, ``nn.functional`` given bad arguments, and serialization. Same form:
``fn(L, d)`` with ``L`` the library (``torch`` or ``minigrad``) and ``d`` an empty folder of its own.
The tables cross ops with inputs, so a name says what is given, not whether PyTorch takes it: the probe
compares whatever PyTorch does, an exception or a result."""
import numpy as np

from errors.probe_cases import t
from errors.probe_runner import Cases

CASES = Cases()
add, table = CASES.add, CASES.table


def ints(L, shape=(2, 3), dtype=None):
    """An integer tensor of ``shape`` (0, 1, 2, ... in order), int64 unless ``dtype``."""
    n = int(np.prod(shape))
    return L.arange(n).reshape(shape).to(dtype if dtype is not None else L.int64)


def F(L):
    return L.nn.functional


# ----------------------------------------------------------------------------------------------
# math: operands of the wrong dtype
DTYPED = {
    "float32": lambda L: t(L),
    "float64": lambda L: t(L, dtype=L.float64),
    "int64": lambda L: ints(L),
    "int32": lambda L: ints(L, dtype=L.int32),
    "uint8": lambda L: ints(L, dtype=L.uint8),
    "bool": lambda L: ints(L) > 2,
    "complex64": lambda L: t(L, dtype=L.complex64),
}
BITWISE = ["bitwise_and", "bitwise_or", "bitwise_xor", "bitwise_left_shift", "bitwise_right_shift"]
for _op in BITWISE:
    for _a in DTYPED:
        for _b in ("float32", "int64", "bool"):
            add(f"{_op} of {_a} and {_b}",
                (lambda op, a, b: lambda L, d: getattr(L, op)(DTYPED[a](L), DTYPED[b](L)).dtype)(_op, _a, _b))
    add(f"{_op} of int64 and a float number", (lambda op: lambda L, d: getattr(L, op)(ints(L), 1.5))(_op))
    add(f"{_op} of float32 and an int number", (lambda op: lambda L, d: getattr(L, op)(t(L), 1))(_op))
    add(f"{_op} of int64 and a bool number", (lambda op: lambda L, d: getattr(L, op)(ints(L), True).dtype)(_op))
    add(f"{_op}_ of int64 by float32 in place",
        (lambda op: lambda L, d: getattr(ints(L), op + "_")(t(L)))(_op))
for _dt in DTYPED:
    add(f"bitwise_not of {_dt}", (lambda dt: lambda L, d: L.bitwise_not(DTYPED[dt](L)).dtype)(_dt))
    add(f"operator ~ of {_dt}", (lambda dt: lambda L, d: (~DTYPED[dt](L)).dtype)(_dt))
OPERATORS = {"&": lambda a, b: a & b, "|": lambda a, b: a | b, "^": lambda a, b: a ^ b,
             "<<": lambda a, b: a << b, ">>": lambda a, b: a >> b}
for _sym, _fn in OPERATORS.items():
    add(f"operator {_sym} float and float", (lambda fn: lambda L, d: fn(t(L), t(L)))(_fn))
    add(f"operator {_sym} int and float number", (lambda fn: lambda L, d: fn(ints(L), 2.0))(_fn))
    add(f"operator {_sym} float number and int", (lambda fn: lambda L, d: fn(2.0, ints(L)))(_fn))
    add(f"operator {_sym} bool and int", (lambda fn: lambda L, d: fn(ints(L) > 2, ints(L)).dtype)(_fn))

# division by an integer zero, for every integer dtype and the float dtypes (which give inf or nan)
DIVISIONS = {
    "remainder": lambda L, a, b: L.remainder(a, b),
    "fmod": lambda L, a, b: L.fmod(a, b),
    "floor_divide": lambda L, a, b: L.floor_divide(a, b),
    "div floor": lambda L, a, b: L.div(a, b, rounding_mode="floor"),
    "div trunc": lambda L, a, b: L.div(a, b, rounding_mode="trunc"),
    "operator %": lambda L, a, b: a % b,
    "true div": lambda L, a, b: L.div(a, b),
}
ZERO_DTYPES = {"int64": "int64", "int32": "int32", "uint8": "uint8", "float32": "float32"}
for _op, _fn in DIVISIONS.items():
    for _dt in ZERO_DTYPES:
        add(f"{_op} of {_dt} by a zero tensor",
            (lambda fn, dt: lambda L, d: fn(L, ints(L, dtype=getattr(L, dt)), L.zeros(2, 3, dtype=getattr(L, dt))).dtype)(_fn, _dt))
        add(f"{_op} of {_dt} by a tensor holding one zero",
            (lambda fn, dt: lambda L, d: fn(L, ints(L, dtype=getattr(L, dt)), ints(L, dtype=getattr(L, dt))).dtype)(_fn, _dt))
    add(f"{_op} of int64 by the number zero", (lambda fn: lambda L, d: fn(L, ints(L), 0).dtype)(_fn))
add("remainder_ of int64 by zero in place", lambda L, d: ints(L).remainder_(0))
add("fmod_ of int32 by zero in place", lambda L, d: ints(L, dtype=L.int32).fmod_(0))
add("floor_divide_ of int64 by a zero tensor in place", lambda L, d: ints(L).floor_divide_(L.zeros(2, 3, dtype=L.int64)))
add("remainder of a number by an int zero tensor", lambda L, d: L.remainder(3, L.zeros(2, dtype=L.int64)))
add("fmod of int by a bool zero", lambda L, d: L.fmod(ints(L), L.zeros(2, 3, dtype=L.bool)))
add("remainder of bool by bool", lambda L, d: L.remainder(ints(L) > 1, ints(L) > 3))

# integer powers
add("pow of int64 to a negative int", lambda L, d: L.pow(ints(L), -2))
add("pow of int32 to a negative int", lambda L, d: L.pow(ints(L, dtype=L.int32), -1))
add("pow of uint8 to a negative int", lambda L, d: L.pow(ints(L, dtype=L.uint8), -1))
add("pow of int64 to a negative int tensor", lambda L, d: L.pow(ints(L) + 1, -ints(L)).tolist())
add("pow of a number to a negative int tensor", lambda L, d: L.pow(2, -ints(L)).tolist())
add("pow of int64 to zero", lambda L, d: L.pow(ints(L), 0).tolist())
add("pow of int64 to a negative float", lambda L, d: L.pow(ints(L), -1.0).dtype)
add("pow of float32 to a negative int", lambda L, d: L.pow(t(L), -1).dtype)
add("pow of bool to a negative int", lambda L, d: L.pow(ints(L) > 2, -1))
add("pow of bool to bool", lambda L, d: L.pow(ints(L) > 2, ints(L) > 3).dtype)
add("pow_ of int64 to a float in place", lambda L, d: ints(L).pow_(0.5))
add("pow_ of int64 to a negative int in place", lambda L, d: ints(L).pow_(-1))
add("pow_ of int64 to a float tensor in place", lambda L, d: ints(L).pow_(t(L)))
add("pow of complex to a negative int", lambda L, d: L.pow(t(L, dtype=L.complex64) + 1, -1).dtype)
add("operator ** int to negative", lambda L, d: ints(L) ** -3)
add("operator ** number to int tensor negative", lambda L, d: (2 ** -ints(L)).tolist())
add("float_power of int to negative", lambda L, d: L.float_power(ints(L), -1).dtype)
add("float_power_ of float32 in place", lambda L, d: t(L).float_power_(2))
add("pow with a str exponent", lambda L, d: L.pow(t(L), "2"))
add("pow shape mismatch", lambda L, d: L.pow(t(L), t(L, (3, 2))))

# lerp
LERP = {
    "float32 and float64 ends": lambda L: (t(L), t(L, dtype=L.float64), 0.5),
    "float64 and float32 ends": lambda L: (t(L, dtype=L.float64), t(L), 0.5),
    "int ends": lambda L: (ints(L), ints(L), 0.5),
    "int start": lambda L: (ints(L), t(L), 0.5),
    "float64 weight tensor": lambda L: (t(L), t(L), t(L, dtype=L.float64)),
    "int weight tensor": lambda L: (t(L), t(L), ints(L)),
    "weight shape": lambda L: (t(L), t(L), t(L, (4,))),
    "complex weight number": lambda L: (t(L), t(L), 0.5j),
    "str weight": lambda L: (t(L), t(L), "0.5"),
    "None weight": lambda L: (t(L), t(L), None),
    "int number weight": lambda L: (t(L), t(L), 1),
    "complex ends": lambda L: (t(L, dtype=L.complex64), t(L, dtype=L.complex64), 0.5),
    "bool ends": lambda L: (ints(L) > 1, ints(L) > 2, 0.5),
    "weight broadcast": lambda L: (t(L), t(L), t(L, (3,))),
    "weight outgrowing the output": lambda L: (t(L, (3,)), t(L, (3,)), t(L)),
}
for _bad, _mk in LERP.items():
    add(f"lerp {_bad}", (lambda mk: lambda L, d: L.lerp(*mk(L)).shape)(_mk))
    add(f"lerp_ {_bad}", (lambda mk: lambda L, d: (lambda a, b, w: a.lerp_(b, w))(*mk(L)).shape)(_mk))

# where
WHERE_CONDITIONS = {
    "float condition": lambda L: t(L),
    "int64 condition": lambda L: ints(L),
    "uint8 condition": lambda L: ints(L, dtype=L.uint8),
    "int32 condition": lambda L: ints(L, dtype=L.int32),
    "complex condition": lambda L: t(L, dtype=L.complex64),
    "bool condition": lambda L: ints(L) > 2,
    "0-d bool condition": lambda L: L.tensor(True),
    "condition not broadcasting": lambda L: L.ones(4, dtype=L.bool),
    "a list condition": lambda L: [[True, False, True], [False, True, False]],
    "a number condition": lambda L: True,
}
for _bad, _mk in WHERE_CONDITIONS.items():
    add(f"where {_bad}", (lambda mk: lambda L, d: L.where(mk(L), t(L), -t(L)).shape)(_mk))
    add(f"where {_bad} with numbers", (lambda mk: lambda L, d: L.where(mk(L), 1.0, 0.0).shape)(_mk))
add("where condition only of a float", lambda L, d: [i.tolist() for i in L.where(t(L))])
add("where of float32 and float64", lambda L, d: L.where(ints(L) > 2, t(L), t(L, dtype=L.float64)).dtype)
add("where of int and float number", lambda L, d: L.where(ints(L) > 2, ints(L), 0.5).dtype)
add("where of bool and int", lambda L, d: L.where(ints(L) > 2, ints(L) > 3, ints(L)).dtype)
add("where with a str other", lambda L, d: L.where(ints(L) > 2, t(L), "a"))
add("Tensor.where of a float condition", lambda L, d: t(L).where(t(L), 0.0))

# clamp
CLAMP = {
    "min above max tensors": lambda L: (t(L), L.full((2, 3), 4.0), L.full((2, 3), 1.0)),
    "min above max mixed": lambda L: (t(L), L.full((2, 3), 4.0), 1.0),
    "min tensor float64": lambda L: (t(L), t(L, dtype=L.float64), None),
    "max tensor int": lambda L: (t(L), None, ints(L)),
    "int input float bounds": lambda L: (ints(L), 0.5, 3.5),
    "int input float tensor bound": lambda L: (ints(L), t(L), None),
    "bool input": lambda L: (ints(L) > 2, 0, 1),
    "complex input": lambda L: (t(L, dtype=L.complex64), 0.0, 1.0),
    "complex bound": lambda L: (t(L), 1j, None),
    "nan bound": lambda L: (t(L), float("nan"), None),
    "min shape not broadcasting": lambda L: (t(L), t(L, (3, 2)), None),
    "max outgrowing the input": lambda L: (t(L, (3,)), None, t(L)),
    "two None bounds": lambda L: (t(L), None, None),
    "list bound": lambda L: (t(L), [0.0], None),
    "bound tensor and number": lambda L: (t(L), L.zeros(2, 3), 4.0),
}
for _bad, _mk in CLAMP.items():
    add(f"clamp {_bad}", (lambda mk: lambda L, d: (lambda x, lo, hi: L.clamp(x, lo, hi).dtype)(*mk(L)))(_mk))
    add(f"clamp_ {_bad}", (lambda mk: lambda L, d: (lambda x, lo, hi: x.clamp_(lo, hi).dtype)(*mk(L)))(_mk))
add("clamp_min of int with a float", lambda L, d: L.clamp_min(ints(L), 0.5).dtype)
add("clamp_max of bool", lambda L, d: L.clamp_max(ints(L) > 1, 0))
add("clip min above max", lambda L, d: L.clip(t(L), 5.0, 1.0).tolist())

# addcmul, addcdiv
ADDC = {
    "shape mismatch": lambda L: (t(L), t(L, (3, 2)), t(L, (3, 2))),
    "tensors not broadcasting": lambda L: (t(L), t(L), t(L, (2,))),
    "outgrowing self in place": lambda L: (t(L, (3,)), t(L), t(L)),
    "int tensors": lambda L: (ints(L), ints(L), ints(L) + 1),
    "int tensors float value": lambda L: (ints(L), ints(L), ints(L) + 1, 0.5),
    "float64 tensor1": lambda L: (t(L), t(L, dtype=L.float64), t(L) + 1),
    "bool tensors": lambda L: (ints(L) > 1, ints(L) > 2, ints(L) > 3),
    "str value": lambda L: (t(L), t(L), t(L) + 1, "2"),
    "complex value on real": lambda L: (t(L), t(L), t(L) + 1, 1j),
    "number tensor2": lambda L: (t(L), t(L), 2.0),
}
for _bad, _mk in ADDC.items():
    for _op in ("addcmul", "addcdiv"):
        add(f"{_op} {_bad}", (lambda op, mk: lambda L, d: (
            lambda a, b, c, v=1: getattr(L, op)(a, b, c, value=v).dtype)(*mk(L)))(_op, _mk))
        add(f"{_op}_ {_bad}", (lambda op, mk: lambda L, d: (
            lambda a, b, c, v=1: getattr(a, op + "_")(b, c, value=v).dtype)(*mk(L)))(_op, _mk))

# in place: a result of a wider kind than the tensor written into
INPLACE_WIDER = {
    "int64 div_ by int": lambda L: ints(L).div_(2),
    "int64 div_ by a tensor": lambda L: ints(L).div_(ints(L) + 1),
    "int64 div_ floor": lambda L: ints(L).div_(2, rounding_mode="floor").dtype,
    "int64 div_ trunc": lambda L: ints(L).div_(2, rounding_mode="trunc").dtype,
    "int32 true_divide_": lambda L: ints(L, dtype=L.int32).true_divide_(2),
    "uint8 operator /=": lambda L: ints(L, dtype=L.uint8).__itruediv__(2),
    "int64 add_ float tensor": lambda L: ints(L).add_(t(L)),
    "int64 sub_ float tensor": lambda L: ints(L).sub_(t(L)),
    "int64 mul_ float tensor": lambda L: ints(L).mul_(t(L)),
    "int64 mul_ float number": lambda L: ints(L).mul_(0.5).tolist(),
    "int64 add_ float alpha": lambda L: ints(L).add_(ints(L), alpha=0.5),
    "int64 operator += float tensor": lambda L: ints(L).__iadd__(t(L)),
    "int64 operator *= float tensor": lambda L: ints(L).__imul__(t(L)),
    "bool add_ int tensor": lambda L: (ints(L) > 1).add_(ints(L)),
    "bool add_ bool": lambda L: (ints(L) > 1).add_(ints(L) > 2).dtype,
    "bool mul_ float number": lambda L: (ints(L) > 1).mul_(1.5),
    "float32 add_ float64": lambda L: t(L).add_(t(L, dtype=L.float64)).dtype,
    "float32 add_ complex tensor": lambda L: t(L).add_(t(L, dtype=L.complex64)),
    "float32 mul_ complex number": lambda L: t(L).mul_(1j),
    "float64 sub_ complex tensor": lambda L: t(L, dtype=L.float64).sub_(t(L, dtype=L.complex128)),
    "int64 add_ complex number": lambda L: ints(L).add_(1j),
    "int64 sqrt_": lambda L: ints(L).sqrt_(),
    "int64 exp_": lambda L: ints(L).exp_(),
    "int64 sigmoid_": lambda L: ints(L).sigmoid_(),
    "int64 sin_": lambda L: ints(L).sin_(),
    "int64 reciprocal_": lambda L: ints(L).reciprocal_(),
    "int64 neg_": lambda L: ints(L).neg_().tolist(),
    "bool neg_": lambda L: (ints(L) > 1).neg_(),
    "int64 abs_": lambda L: ints(L).abs_().dtype,
    "int64 floor_": lambda L: ints(L).floor_().dtype,
    "int64 lerp_": lambda L: ints(L).lerp_(ints(L), 0.5),
    "int64 addcdiv_": lambda L: ints(L).addcdiv_(ints(L), ints(L) + 1),
    "int64 clamp_ float": lambda L: ints(L).clamp_(0.5, 2.5).tolist(),
    "int64 masked_fill_ float": lambda L: ints(L).masked_fill_(ints(L) > 2, 0.5).tolist(),
    "int64 fill_ float": lambda L: ints(L).fill_(2.7).tolist(),
    "int64 fill_ complex": lambda L: ints(L).fill_(1j),
    "float32 fill_ complex": lambda L: t(L).fill_(1j),
    "int64 copy_ float": lambda L: ints(L).copy_(t(L) + 0.5).tolist(),
    "float32 copy_ complex": lambda L: t(L).copy_(t(L, dtype=L.complex64)).tolist(),
    "float32 setitem complex": lambda L: t(L).__setitem__(0, 1j),
    "int64 setitem float": lambda L: (lambda x: (x.__setitem__(0, 2.5), x.tolist()))(ints(L))[1],
    "float32 index_put_ complex": lambda L: t(L).index_put_((L.tensor([0]),), L.ones(3, dtype=L.complex64)),
    "int64 masked_scatter_ float": lambda L: ints(L).masked_scatter_(ints(L) > 2, t(L)),
    "float32 masked_fill_ complex": lambda L: t(L).masked_fill_(ints(L) > 2, 1j),
    "int64 where out float": lambda L: ints(L).copy_(L.where(ints(L) > 2, t(L), 0.0)).dtype,
    "float32 real view set": lambda L: t(L).real.tolist(),
    "float32 imag": lambda L: t(L).imag,
    "int64 add_ broadcast growing": lambda L: ints(L, (3,)).add_(ints(L)),
    "float32 pow_ complex": lambda L: t(L).pow_(1j),
    "int64 atan2_": lambda L: ints(L).atan2_(ints(L)),
    "int64 hypot_": lambda L: ints(L).hypot_(ints(L)),
    "int64 logit_": lambda L: ints(L).logit_(),
    "int64 relu_": lambda L: ints(L).relu_().dtype,
    "bool relu_": lambda L: (ints(L) > 1).relu_(),
    "int64 tanh_": lambda L: ints(L).tanh_(),
    "int64 log_": lambda L: ints(L).log_(),
    "int64 round_ decimals": lambda L: ints(L).round_(decimals=1).dtype,
    "int64 trunc_": lambda L: ints(L).trunc_().dtype,
}
table("in place", {k: (lambda fn: lambda L, d: fn(L))(v) for k, v in INPLACE_WIDER.items()})
OUT_KW = {
    "add float into int out": lambda L: L.add(t(L), t(L), out=ints(L)),
    "mul float into bool out": lambda L: L.mul(t(L), t(L), out=ints(L) > 1),
    "sum into int out": lambda L: L.sum(t(L), 0, out=ints(L, (3,))),
    "exp into int out": lambda L: L.exp(t(L), out=ints(L)),
}
table("out=", {k: (lambda fn: lambda L, d: fn(L))(v) for k, v in OUT_KW.items()})
PRODUCT_DTYPES = {
    "mm float and double": lambda L: L.mm(L.ones(2, 3), L.ones(3, 2, dtype=L.float64)),
    "dot float and double": lambda L: L.ones(3) @ L.ones(3, dtype=L.float64),
    "bmm float and double": lambda L: L.bmm(L.ones(1, 2, 3), L.ones(1, 3, 2, dtype=L.float64)),
    "linear double weight": lambda L: L.nn.functional.linear(L.ones(2, 3), L.ones(4, 3, dtype=L.float64)),
    "linear double bias": lambda L: L.nn.functional.linear(L.ones(2, 3), L.ones(4, 3), L.ones(4, dtype=L.float64)),
    "std int unbiased": lambda L: L.ones(2, 3).std(1, 0),
    "var float unbiased": lambda L: L.ones(2, 3).var(1, 1.0),
    "in of a string": lambda L: "a" in L.ones(2),
    "H of a vector": lambda L: L.ones(3).H,
    "to dtype then device": lambda L: L.ones(2).to(L.float64, "cpu"),
    "new_zeros unknown keyword": lambda L: L.ones(2).new_zeros(2, bogus=1),
}
table("dtypes:", {k: (lambda fn: lambda L, d: fn(L))(v) for k, v in PRODUCT_DTYPES.items()})


# ----------------------------------------------------------------------------------------------
# reductions and scans given bad dims
REDUCTIONS = {
    "sum": lambda L, x, dim, **kw: L.sum(x, dim, **kw),
    "mean": lambda L, x, dim, **kw: L.mean(x, dim, **kw),
    "nansum": lambda L, x, dim, **kw: L.nansum(x, dim, **kw),
    "nanmean": lambda L, x, dim, **kw: L.nanmean(x, dim, **kw),
    "prod": lambda L, x, dim, **kw: L.prod(x, dim, **kw),
    "amax": lambda L, x, dim, **kw: L.amax(x, dim, **kw),
    "amin": lambda L, x, dim, **kw: L.amin(x, dim, **kw),
    "max": lambda L, x, dim, **kw: L.max(x, dim, **kw),
    "min": lambda L, x, dim, **kw: L.min(x, dim, **kw),
    "argmax": lambda L, x, dim, **kw: L.argmax(x, dim, **kw),
    "argmin": lambda L, x, dim, **kw: L.argmin(x, dim, **kw),
    "std": lambda L, x, dim, **kw: L.std(x, dim, **kw),
    "var": lambda L, x, dim, **kw: L.var(x, dim, **kw),
    "std_mean": lambda L, x, dim, **kw: L.std_mean(x, dim, **kw),
    "logsumexp": lambda L, x, dim, **kw: L.logsumexp(x, dim, **kw),
    "all": lambda L, x, dim, **kw: L.all(x, dim, **kw),
    "any": lambda L, x, dim, **kw: L.any(x, dim, **kw),
    "count_nonzero": lambda L, x, dim, **kw: L.count_nonzero(x, dim),
    "median": lambda L, x, dim, **kw: L.median(x, dim, **kw),
    "nanmedian": lambda L, x, dim, **kw: L.nanmedian(x, dim, **kw),
    "mode": lambda L, x, dim, **kw: L.mode(x, dim, **kw),
    "norm": lambda L, x, dim, **kw: L.norm(x, 2, dim, **kw),
    "vector_norm": lambda L, x, dim, **kw: L.linalg.vector_norm(x, 2, dim, **kw),
    "aminmax": lambda L, x, dim, **kw: L.aminmax(x, dim=dim, **kw),
}
BAD_DIMS = {
    "dim 2 of 2-d": lambda L: (t(L), 2),
    "dim -3 of 2-d": lambda L: (t(L), -3),
    "dims repeated": lambda L: (t(L), (1, 1)),
    "dims repeated through a negative": lambda L: (t(L), (0, -2)),
    "dims with one out of range": lambda L: (t(L), (0, 2)),
    "dim 1 of 0-d": lambda L: (L.tensor(2.0), 1),
    "dim -1 of 0-d keepdim": lambda L: (L.tensor(2.0), -1, True),
    "dim 0 of 0-d": lambda L: (L.tensor(2.0), 0),
    "dim along an empty axis": lambda L: (L.ones(0, 3), 0),
    "dim along a full axis of an empty": lambda L: (L.ones(0, 3), 1),
    "a float dim": lambda L: (t(L), 1.0),
    "dims as a list": lambda L: (t(L), [0, 1]),
}


def _reduce(op, bad):
    def run(L, d):
        x, dim, *keep = BAD_DIMS[bad](L)
        out = REDUCTIONS[op](L, x, dim, **({"keepdim": True} if keep else {}))
        return [o.shape for o in out] if isinstance(out, tuple) else out.shape
    return run


for _op in REDUCTIONS:
    for _bad in BAD_DIMS:
        add(f"{_op} {_bad}", _reduce(_op, _bad))

# reductions of empty tensors, without a dim
for _op in ("max", "min", "argmax", "argmin", "amax", "amin", "median", "nanmedian", "aminmax", "sum", "prod", "mean",
            "std", "logsumexp", "all", "any"):
    add(f"{_op} of an empty tensor", (lambda op: lambda L, d: (lambda r: r.shape if hasattr(r, "shape") else [x.shape for x in r])(
        getattr(L, op)(L.ones(0)) if op != "logsumexp" else L.logsumexp(L.ones(0), 0)))(_op))
add("mode of an empty tensor", lambda L, d: L.mode(L.ones(0)).values.shape)
add("topk of an empty dim", lambda L, d: L.topk(L.ones(0, 3), 1, 0))
add("topk zero of an empty dim", lambda L, d: L.topk(L.ones(0, 3), 0, 0).values.shape)
add("kthvalue of an empty dim", lambda L, d: L.kthvalue(L.ones(0, 3), 1, 0))
add("max of an empty dim keepdim", lambda L, d: L.max(L.ones(2, 0), 1, keepdim=True))
add("argmax of an empty tensor keepdim", lambda L, d: L.argmax(L.ones(0), keepdim=True))
add("sort of an empty dim", lambda L, d: L.sort(L.ones(2, 0), 1).values.shape)
add("cummax of an empty first dim", lambda L, d: L.cummax(L.ones(0, 2), 0).indices.dtype)

# std and var with corrections
CORRECTIONS = {"correction above n": 5, "correction equal n": 3, "correction negative": -1, "float correction": 0.5,
               "correction bool": True}
for _op in ("std", "var", "var_mean"):
    for _bad, _c in CORRECTIONS.items():
        add(f"{_op} {_bad}", (lambda op, c: lambda L, d: [
            x.tolist() for x in (lambda r: r if isinstance(r, tuple) else (r,))(getattr(L, op)(t(L), 1, correction=c))])(_op, _c))
    add(f"{_op} unbiased and correction", (lambda op: lambda L, d: getattr(L, op)(t(L), 1, unbiased=True, correction=1))(_op))
    add(f"{_op} of one value", (lambda op: lambda L, d: [
        x.tolist() for x in (lambda r: r if isinstance(r, tuple) else (r,))(getattr(L, op)(L.ones(1)))])(_op))
    add(f"{_op} of complex", (lambda op: lambda L, d: getattr(L, op)(t(L, dtype=L.complex64))[0].dtype
                                 if op == "var_mean" else getattr(L, op)(t(L, dtype=L.complex64)).dtype)(_op))

# topk, kthvalue
K_CASES = {
    "k above size": lambda L: (t(L), 4, 1),
    "k zero": lambda L: (t(L), 0, 1),
    "k negative": lambda L: (t(L), -1, 1),
    "k of a bad dim": lambda L: (t(L), 1, 2),
    "k of 0-d one": lambda L: (L.tensor(1.0), 1, 0),
    "k of 0-d two": lambda L: (L.tensor(1.0), 2, 0),
    "k a tensor": lambda L: (t(L), L.tensor(2), 1),
    "k of an int tensor": lambda L: (ints(L), 2, 1),
    "k of a bool tensor": lambda L: (ints(L) > 2, 2, 1),
    "k of a complex tensor": lambda L: (t(L, dtype=L.complex64), 2, 1),
}
for _bad, _mk in K_CASES.items():
    add(f"topk {_bad}", (lambda mk: lambda L, d: (lambda x, k, dim: L.topk(x, k, dim).values.shape)(*mk(L)))(_mk))
    add(f"kthvalue {_bad}", (lambda mk: lambda L, d: (lambda x, k, dim: L.kthvalue(x, k, dim).values.shape)(*mk(L)))(_mk))

# scans
SCANS = {
    "cumsum": lambda L, x, dim, **kw: L.cumsum(x, dim, **kw),
    "cumprod": lambda L, x, dim, **kw: L.cumprod(x, dim, **kw),
    "cummax": lambda L, x, dim, **kw: L.cummax(x, dim).values,
    "cummin": lambda L, x, dim, **kw: L.cummin(x, dim).values,
    "logcumsumexp": lambda L, x, dim, **kw: L.logcumsumexp(x, dim),
    "softmax": lambda L, x, dim, **kw: L.softmax(x, dim, **kw),
    "log_softmax": lambda L, x, dim, **kw: L.log_softmax(x, dim, **kw),
    "flip": lambda L, x, dim, **kw: L.flip(x, (dim,)),
    "sort": lambda L, x, dim, **kw: L.sort(x, dim).values,
    "argsort": lambda L, x, dim, **kw: L.argsort(x, dim),
    "diff": lambda L, x, dim, **kw: L.diff(x, dim=dim),
}
SCAN_BAD = {
    "dim 2 of 2-d": lambda L: (t(L), 2, {}),
    "dim -3 of 2-d": lambda L: (t(L), -3, {}),
    "dim 1 of 0-d": lambda L: (L.tensor(2.0), 1, {}),
    "dim 0 of 0-d": lambda L: (L.tensor(2.0), 0, {}),
    "tuple dim": lambda L: (t(L), (0, 1), {}),
    "of an int tensor": lambda L: (ints(L), 1, {}),
    "of a bool tensor": lambda L: (ints(L) > 2, 1, {}),
    "along an empty first dim": lambda L: (L.ones(0, 3), 0, {}),
}
for _op in SCANS:
    for _bad in SCAN_BAD:
        add(f"{_op} {_bad}", (lambda op, bad: lambda L, d: (
            lambda x, dim, kw: (lambda r: (r.dtype, r.shape))(SCANS[op](L, x, dim, **kw)))(*SCAN_BAD[bad](L)))(_op, _bad))
SCAN_DTYPES = {"bool": "bool", "int32": "int32", "float64": "float64", "complex64": "complex64", "uint8": "uint8"}
for _op in ("cumsum", "cumprod", "softmax", "log_softmax", "sum", "prod", "mean", "nansum"):
    for _dt in SCAN_DTYPES:
        add(f"{_op} dtype={_dt}", (lambda op, dt: lambda L, d: getattr(L, op)(t(L), 1, dtype=getattr(L, dt)).dtype)(_op, _dt))
add("logsumexp of int64", lambda L, d: L.logsumexp(ints(L), 1).dtype)
add("logsumexp of bool", lambda L, d: L.logsumexp(ints(L) > 2, 1).dtype)
add("logsumexp of complex", lambda L, d: L.logsumexp(t(L, dtype=L.complex64), 1).dtype)
add("logcumsumexp of int64", lambda L, d: L.logcumsumexp(ints(L), 1).dtype)
add("mean of int64 with dim", lambda L, d: L.mean(ints(L), 1))
add("nanmean of int64", lambda L, d: L.nanmean(ints(L)))
add("median of complex", lambda L, d: L.median(t(L, dtype=L.complex64)))
add("max of complex", lambda L, d: L.max(t(L, dtype=L.complex64)))
add("amax of complex", lambda L, d: L.amax(t(L, dtype=L.complex64), 0))
add("argmax of bool", lambda L, d: L.argmax(ints(L) > 2).item())
add("sort of complex", lambda L, d: L.sort(t(L, dtype=L.complex64)))
add("cumsum with dtype keyword only", lambda L, d: L.cumsum(ints(L), dim=1, dtype=L.float32).dtype)
add("prod keepdim on 0-d", lambda L, d: L.prod(L.tensor(2.0), 0, keepdim=True).shape)
add("sum keepdim on 0-d without dim", lambda L, d: L.sum(L.tensor(2.0), keepdim=True).shape)
add("mean of an empty tuple of dims", lambda L, d: L.mean(t(L), ()).shape)
add("amax of an empty tuple of dims", lambda L, d: L.amax(t(L), ()).shape)
add("max of an empty tuple of dims", lambda L, d: L.max(t(L), ()))
add("quantile q tensor out of range", lambda L, d: L.quantile(t(L), L.tensor([0.5, 1.5])))
add("quantile bad interpolation", lambda L, d: L.quantile(t(L), 0.5, interpolation="middle"))
add("quantile q 2-d", lambda L, d: L.quantile(t(L), L.ones(2, 2) * 0.5))
add("quantile of empty", lambda L, d: L.quantile(L.ones(0), 0.5).tolist())
add("nanquantile bad dim", lambda L, d: L.nanquantile(t(L), 0.5, dim=3))


# ----------------------------------------------------------------------------------------------
# linear algebra
def square(L, n=2, batch=(), dtype=None, singular=False):
    """An invertible (or singular) square matrix, batched as ``batch``."""
    a = L.eye(n) * 2 + 0.5 if not singular else L.ones(n, n)
    a = a.expand(*batch, n, n).clone()
    return a.to(dtype) if dtype is not None else a


LINALG_UNARY = {
    "inv": lambda L, a: L.linalg.inv(a),
    "inv_ex": lambda L, a: L.linalg.inv_ex(a).inverse,
    "det": lambda L, a: L.linalg.det(a),
    "slogdet": lambda L, a: L.linalg.slogdet(a).logabsdet,
    "cholesky": lambda L, a: L.linalg.cholesky(a),
    "eigh": lambda L, a: L.linalg.eigh(a).eigenvalues,
    "eigvalsh": lambda L, a: L.linalg.eigvalsh(a),
    "eigvals": lambda L, a: L.linalg.eigvals(a),
    "svd": lambda L, a: L.linalg.svd(a).S,
    "svdvals": lambda L, a: L.linalg.svdvals(a),
    "qr": lambda L, a: L.linalg.qr(a).R,
    "pinv": lambda L, a: L.linalg.pinv(a),
    "matrix_rank": lambda L, a: L.linalg.matrix_rank(a),
    "matrix_exp": lambda L, a: L.linalg.matrix_exp(a),
    "matrix_power 2": lambda L, a: L.linalg.matrix_power(a, 2),
    "matrix_power -1": lambda L, a: L.linalg.matrix_power(a, -1),
    "lu_factor": lambda L, a: L.linalg.lu_factor(a).LU,
    "cond": lambda L, a: L.linalg.cond(a),
    "matrix_norm": lambda L, a: L.linalg.matrix_norm(a),
    "inverse": lambda L, a: L.inverse(a),
    "logdet": lambda L, a: L.logdet(a),
}
LINALG_BAD = {
    "of 1-d": lambda L: t(L, (3,)),
    "of 0-d": lambda L: L.tensor(2.0),
    "of non-square": lambda L: t(L) + 1,
    "of batched non-square": lambda L: t(L, (2, 2, 3)) + 1,
    "of int64": lambda L: square(L, dtype=L.int64),
    "of bool": lambda L: square(L) > 1,
    "of float16": lambda L: square(L, dtype=L.float16),
    "of singular": lambda L: square(L, singular=True),
    "of a batch with one singular": lambda L: L.stack([square(L), square(L, singular=True)]),
    "of 0x0": lambda L: L.ones(0, 0),
    "of an empty batch": lambda L: L.ones(0, 2, 2),
    "of nan": lambda L: square(L) * float("nan"),
}


def _linalg(op, bad):
    def run(L, d):
        out = LINALG_UNARY[op](L, LINALG_BAD[bad](L))
        return out.dtype, out.shape
    return run


for _op in LINALG_UNARY:
    for _bad in LINALG_BAD:
        if (_op, _bad) == ("eigvals", "of nan"):
            continue  # PyTorch's CPU build crashes (LAPACK's balancing of a NaN matrix)
        add(f"linalg.{_op} {_bad}", _linalg(_op, _bad))

SOLVERS = {
    "solve": lambda L, a, b: L.linalg.solve(a, b),
    "solve_ex": lambda L, a, b: L.linalg.solve_ex(a, b).result,
    "lstsq": lambda L, a, b: L.linalg.lstsq(a, b).solution,
    "cholesky_solve": lambda L, a, b: L.cholesky_solve(b, a),
    "solve_triangular": lambda L, a, b: L.linalg.solve_triangular(a, b, upper=True),
    "lu_solve": lambda L, a, b: L.linalg.lu_solve(*L.linalg.lu_factor(a), b),
}
SOLVE_BAD = {
    "rows mismatch": lambda L: (square(L), t(L, (3, 2))),
    "1-d rhs": lambda L: (square(L), t(L, (2,))),
    "1-d rhs of the wrong size": lambda L: (square(L), t(L, (3,))),
    "batches not broadcasting": lambda L: (square(L, batch=(2,)), t(L, (3, 2, 1))),
    "batch broadcast": lambda L: (square(L, batch=(2,)), t(L, (1, 2, 1))),
    "non-square matrix": lambda L: (t(L) + 1, t(L, (2, 1))),
    "singular matrix": lambda L: (square(L, singular=True), t(L, (2, 1))),
    "float64 rhs": lambda L: (square(L), t(L, (2, 1), dtype=L.float64)),
    "int rhs": lambda L: (square(L), ints(L, (2, 1))),
    "int matrix": lambda L: (square(L, dtype=L.int64), t(L, (2, 1))),
    "0-d rhs": lambda L: (square(L), L.tensor(1.0)),
}


def _solve(op, bad):
    def run(L, d):
        out = SOLVERS[op](L, *SOLVE_BAD[bad](L))
        return out.dtype, out.shape
    return run


for _op in SOLVERS:
    for _bad in SOLVE_BAD:
        add(f"linalg.{_op} {_bad}", _solve(_op, _bad))

PRODUCTS = {
    "matmul": lambda L, a, b: L.matmul(a, b),
    "mm": lambda L, a, b: L.mm(a, b),
    "bmm": lambda L, a, b: L.bmm(a, b),
    "mv": lambda L, a, b: L.mv(a, b),
    "dot": lambda L, a, b: L.dot(a, b),
    "vdot": lambda L, a, b: L.vdot(a, b),
    "inner": lambda L, a, b: L.inner(a, b),
    "outer": lambda L, a, b: L.outer(a, b),
    "kron": lambda L, a, b: L.kron(a, b),
    "multi_dot": lambda L, a, b: L.linalg.multi_dot([a, b]),
    "vecdot": lambda L, a, b: L.linalg.vecdot(a, b),
}
PRODUCT_BAD = {
    "float32 and float64": lambda L: (t(L, (2, 2)), t(L, (2, 2), dtype=L.float64)),
    "float and int": lambda L: (t(L, (2, 2)), ints(L, (2, 2))),
    "int and int": lambda L: (ints(L, (2, 2)), ints(L, (2, 2))),
    "bool and bool": lambda L: (ints(L, (2, 2)) > 1, ints(L, (2, 2)) > 1),
    "float and complex": lambda L: (t(L, (2, 2)), t(L, (2, 2), dtype=L.complex64)),
    "0-d and 2-d": lambda L: (L.tensor(2.0), t(L, (2, 2))),
    "1-d and 1-d of other sizes": lambda L: (t(L, (2,)), t(L, (3,))),
    "2-d inner mismatch": lambda L: (t(L, (2, 3)), t(L, (2, 3))),
    "3-d batch mismatch": lambda L: (t(L, (2, 2, 2)), t(L, (3, 2, 2))),
    "empty inner": lambda L: (t(L, (2, 0)), t(L, (0, 2))),
}


def _product(op, bad):
    def run(L, d):
        out = PRODUCTS[op](L, *PRODUCT_BAD[bad](L))
        return out.dtype, out.shape
    return run


for _op in PRODUCTS:
    for _bad in PRODUCT_BAD:
        add(f"{_op} of {_bad}", _product(_op, _bad))
add("addmm of int and float", lambda L, d: L.addmm(t(L, (2, 2)), ints(L, (2, 2)), t(L, (2, 2))))
add("addmv vector size", lambda L, d: L.addmv(t(L, (2,)), t(L, (2, 3)), t(L, (2,))))
add("addr shapes", lambda L, d: L.addr(t(L, (2, 2)), t(L, (3,)), t(L, (2,))))
add("addbmm batch mismatch", lambda L, d: L.addbmm(t(L, (2, 2)), t(L, (2, 2, 3)), t(L, (3, 3, 2))))
add("chain_matmul mismatch", lambda L, d: L.chain_matmul(t(L, (2, 3)), t(L, (2, 3))))
add("matmul operator int and float", lambda L, d: ints(L, (2, 2)) @ t(L, (2, 2)))
add("matmul_ in place not a thing", lambda L, d: t(L, (2, 2)).__imatmul__(t(L, (2, 2))))
add("multi_dot of one", lambda L, d: L.linalg.multi_dot([t(L, (2, 2))]))
add("multi_dot 3-d", lambda L, d: L.linalg.multi_dot([t(L, (2, 2, 2)), t(L, (2, 2))]))
add("multi_dot empty list", lambda L, d: L.linalg.multi_dot([]))

EINSUM = {
    "more letters than dims": lambda L: ("ijk->i", t(L)),
    "fewer letters than dims": lambda L: ("i->i", t(L)),
    "output letter not in inputs": lambda L: ("ij->k", t(L)),
    "output letter repeated": lambda L: ("ij->ii", t(L)),
    "too many operands": lambda L: ("ij->i", t(L), t(L)),
    "too few operands": lambda L: ("ij,jk->ik", t(L)),
    "bad character": lambda L: ("i$->i", t(L)),
    "two ellipses": lambda L: ("......->", t(L)),
    "letter sizes disagree": lambda L: ("ij,ij->ij", t(L), t(L, (3, 2))),
    "two arrows": lambda L: ("ij->i->j", t(L)),
    "empty equation": lambda L: ("", t(L)),
    "uppercase": lambda L: ("IJ->J", t(L)),
    "ellipsis": lambda L: ("...j->...", t(L)),
    "ellipsis broadcast mismatch": lambda L: ("...,...->...", t(L), t(L, (3, 2))),
    "repeated letter diagonal of unequal sizes": lambda L: ("ii->i", t(L)),
    "implicit output": lambda L: ("ij,jk", t(L), t(L, (3, 2))),
    "int and float operands": lambda L: ("ij,jk->ik", ints(L), t(L, (3, 2))),
    "float32 and float64 operands": lambda L: ("ij,jk->ik", t(L), t(L, (3, 2), dtype=L.float64)),
    "no tensors": lambda L: ("ij->i",),
    "operand a list": lambda L: ("ij->i", [[1.0, 2.0]]),
    "sublist format": lambda L: (t(L), [0, 1], [1]),
}
for _bad, _mk in EINSUM.items():
    add(f"einsum {_bad}", (lambda mk: lambda L, d: (lambda r: (r.dtype, r.shape))(L.einsum(*mk(L))))(_mk))
add("einsum operands as a list", lambda L, d: L.einsum("ij->j", [t(L)]).shape)

TENSORDOT = {
    "int dims too large": lambda L: (t(L), t(L), 3),
    "int dims negative": lambda L: (t(L), t(L), -1),
    "size mismatch": lambda L: (t(L), t(L), 1),
    "dims lists of different lengths": lambda L: (t(L), t(L), ([0, 1], [0])),
    "dims out of range": lambda L: (t(L), t(L), ([2], [0])),
    "dims repeated": lambda L: (t(L), t(L), ([0, 0], [0, 1])),
    "dims a list of one list": lambda L: (t(L), t(L), [[0]]),
    "dtype mismatch": lambda L: (t(L), t(L, dtype=L.float64), ([0], [0])),
    "dims zero": lambda L: (t(L), t(L), 0),
    "matching dims": lambda L: (t(L), t(L, (3, 2)), ([1], [0])),
    "dims a float": lambda L: (t(L), t(L), 1.5),
}
for _bad, _mk in TENSORDOT.items():
    add(f"tensordot {_bad}", (lambda mk: lambda L, d: (lambda a, b, dims: L.tensordot(a, b, dims=dims).shape)(*mk(L)))(_mk))

NORM_ORDS = {
    "linalg.norm ord fro of 1-d": lambda L: L.linalg.norm(t(L, (3,)), "fro"),
    "linalg.norm ord nuc of 1-d": lambda L: L.linalg.norm(t(L, (3,)), "nuc"),
    "linalg.norm ord 3 of 2-d": lambda L: L.linalg.norm(t(L), 3),
    "linalg.norm ord bad str": lambda L: L.linalg.norm(t(L), "max"),
    "linalg.norm three dims": lambda L: L.linalg.norm(t(L, (2, 2, 2)), dim=(0, 1, 2)),
    "linalg.norm dims repeated": lambda L: L.linalg.norm(t(L), dim=(1, 1)),
    "linalg.norm ord inf of 2-d": lambda L: L.linalg.norm(t(L), float("inf")).item(),
    "linalg.norm ord with 3-d no dim": lambda L: L.linalg.norm(t(L, (2, 2, 2)), 2),
    "linalg.norm of int": lambda L: L.linalg.norm(ints(L)),
    "linalg.norm dim out of range": lambda L: L.linalg.norm(t(L), dim=2),
    "vector_norm ord fro": lambda L: L.linalg.vector_norm(t(L), "fro"),
    "vector_norm ord zero": lambda L: L.linalg.vector_norm(t(L), 0).item(),
    "vector_norm negative ord of empty": lambda L: L.linalg.vector_norm(L.ones(0), -1),
    "vector_norm inf of empty": lambda L: L.linalg.vector_norm(L.ones(0), float("inf")),
    "vector_norm dtype int": lambda L: L.linalg.vector_norm(t(L), dtype=L.int64),
    "matrix_norm ord 3": lambda L: L.linalg.matrix_norm(t(L), 3),
    "matrix_norm ord bad str": lambda L: L.linalg.matrix_norm(t(L), "x"),
    "matrix_norm one dim": lambda L: L.linalg.matrix_norm(t(L), dim=(0,)),
    "matrix_norm same dims": lambda L: L.linalg.matrix_norm(t(L), dim=(1, 1)),
    "matrix_norm ord 2": lambda L: L.linalg.matrix_norm(t(L), 2).dtype,
    "matrix_norm of int": lambda L: L.linalg.matrix_norm(ints(L)),
    "cond bad p": lambda L: L.linalg.cond(square(L), "x"),
    "cond p 1 of non-square": lambda L: L.linalg.cond(t(L) + 1, 1),
    "cond p 2 of non-square": lambda L: L.linalg.cond(t(L) + 1, 2).dtype,
    "norm p str on 1-d": lambda L: L.norm(t(L, (3,)), "nuc"),
    "norm dim out of range": lambda L: L.norm(t(L), 2, dim=4),
}
table("", {k: (lambda fn: lambda L, d: fn(L))(v) for k, v in NORM_ORDS.items()})

DECOMP_ARGS = {
    "qr mode x": lambda L: L.linalg.qr(t(L), mode="x"),
    "qr mode capital R": lambda L: L.linalg.qr(t(L), mode="R"),
    "qr mode complete": lambda L: L.linalg.qr(t(L), mode="complete").Q.shape,
    "qr mode r": lambda L: L.linalg.qr(t(L), mode="r").R.shape,
    "qr mode None": lambda L: L.linalg.qr(t(L), mode=None),
    "qr of 1-d": lambda L: L.linalg.qr(t(L, (3,))),
    "qr of int": lambda L: L.linalg.qr(ints(L)),
    "svd of 0-d": lambda L: L.linalg.svd(L.tensor(1.0)),
    "svd driver on cpu": lambda L: L.linalg.svd(t(L), driver="gesvd"),
    "svd full_matrices False": lambda L: L.linalg.svd(t(L), full_matrices=False).U.shape,
    "torch.svd of 1-d": lambda L: L.svd(t(L, (3,))),
    "eigh UPLO bad": lambda L: L.linalg.eigh(square(L), UPLO="X"),
    "eigh UPLO lower": lambda L: L.linalg.eigh(square(L), UPLO="L").eigenvalues.shape,
    "eigvalsh UPLO bad": lambda L: L.linalg.eigvalsh(square(L), UPLO="upper"),
    "cholesky upper str": lambda L: L.linalg.cholesky(square(L), upper="yes").shape,
    "cholesky not positive definite in a batch": lambda L: L.linalg.cholesky(L.stack([square(L), -square(L)])),
    "cholesky_ex not positive definite": lambda L: L.linalg.cholesky_ex(-square(L)).info.item(),
    "cholesky_ex check_errors": lambda L: L.linalg.cholesky_ex(-square(L), check_errors=True),
    "inv_ex singular": lambda L: L.linalg.inv_ex(square(L, singular=True)).info.item(),
    "inv_ex check_errors": lambda L: L.linalg.inv_ex(square(L, singular=True), check_errors=True),
    "matrix_power float exponent": lambda L: L.linalg.matrix_power(square(L), 1.5),
    "matrix_power of singular negative": lambda L: L.linalg.matrix_power(square(L, singular=True), -1),
    "matrix_rank tol and atol": lambda L: L.linalg.matrix_rank(square(L), tol=1.0, atol=1.0),
    "pinv hermitian of non-square": lambda L: L.linalg.pinv(t(L), hermitian=True),
    "solve_triangular left False mismatch": lambda L: L.linalg.solve_triangular(square(L), t(L, (2, 3)), upper=True, left=False),
    "solve_triangular without upper": lambda L: L.linalg.solve_triangular(square(L), t(L, (2, 1))),
    "lu_factor of non-square": lambda L: L.linalg.lu_factor(t(L) + 1).LU.shape,
    "tensorinv ind zero": lambda L: L.linalg.tensorinv(square(L), ind=0),
    "tensorinv shape not square": lambda L: L.linalg.tensorinv(t(L, (2, 3, 6)), ind=1),
    "tensorsolve shape mismatch": lambda L: L.linalg.tensorsolve(square(L), t(L, (3,))),
    "cross dim of size two": lambda L: L.linalg.cross(t(L), t(L), dim=0),
    "cross shapes": lambda L: L.linalg.cross(t(L, (2, 3)), t(L, (4, 3))),
    "cross int and float": lambda L: L.linalg.cross(ints(L), t(L)),
    "det of a complex": lambda L: L.linalg.det(square(L, dtype=L.complex64)).dtype,
    "householder_product tau too long": lambda L: L.linalg.householder_product(t(L, (3, 2)), t(L, (3,))),
    "vander of 2-d": lambda L: L.linalg.vander(t(L)).shape,
    "vander of 0-d": lambda L: L.linalg.vander(L.tensor(1.0)),
    "vander negative N": lambda L: L.linalg.vander(t(L, (3,)), N=-1),
    "diag_embed dims equal": lambda L: L.diag_embed(t(L), dim1=1, dim2=1),
    "trace of 1-d": lambda L: L.trace(t(L, (3,))),
}
table("", {k: (lambda fn: lambda L, d: fn(L))(v) for k, v in DECOMP_ARGS.items()})


# ----------------------------------------------------------------------------------------------
# fft
FFTS_1D = ["fft", "ifft", "rfft", "irfft", "hfft", "ihfft"]
FFTS_ND = ["fft2", "ifft2", "rfft2", "irfft2", "fftn", "ifftn", "rfftn", "irfftn", "hfft2", "ihfft2"]
FFT_1D_BAD = {
    "norm x": lambda L: (t(L), {"norm": "x"}),
    "norm None": lambda L: (t(L), {"norm": None}),
    "norm capital": lambda L: (t(L), {"norm": "Ortho"}),
    "n zero": lambda L: (t(L), {"n": 0}),
    "n negative": lambda L: (t(L), {"n": -2}),
    "n float": lambda L: (t(L), {"n": 2.5}),
    "dim out of range": lambda L: (t(L), {"dim": 2}),
    "dim a tuple": lambda L: (t(L), {"dim": (0, 1)}),
    "of 0-d": lambda L: (L.tensor(1.0), {}),
    "of int": lambda L: (ints(L), {}),
    "of bool": lambda L: (ints(L) > 2, {}),
    "of complex": lambda L: (t(L, dtype=L.complex64), {}),
    "of float16": lambda L: (t(L, dtype=L.float16), {}),
    "of an empty dim": lambda L: (L.ones(2, 0), {}),
    "n larger": lambda L: (t(L), {"n": 8}),
}


def _fft(op, make, kw_of):
    def run(L, d):
        x, kw = kw_of(L)
        out = getattr(L.fft, op)(x, **kw)
        return out.dtype, out.shape
    return run


for _op in FFTS_1D:
    for _bad, _mk in FFT_1D_BAD.items():
        add(f"fft.{_op} {_bad}", _fft(_op, None, _mk))
FFT_ND_BAD = {
    "norm x": lambda L: (t(L, (2, 3, 4)), {"norm": "x"}),
    "dims repeated": lambda L: (t(L, (2, 3, 4)), {"dim": (1, 1)}),
    "dims repeated through a negative": lambda L: (t(L, (2, 3, 4)), {"dim": (2, -1)}),
    "dim out of range": lambda L: (t(L, (2, 3, 4)), {"dim": (0, 3)}),
    "s and dim lengths differ": lambda L: (t(L, (2, 3, 4)), {"s": (2, 2), "dim": (0,)}),
    "s zero": lambda L: (t(L, (2, 3, 4)), {"s": (0, 2)}),
    "s negative": lambda L: (t(L, (2, 3, 4)), {"s": (-2, 2)}),
    "s longer than input": lambda L: (t(L, (2, 3)), {"s": (2, 2, 2)}),
    "of 1-d": lambda L: (t(L, (4,)), {}),
    "of bool": lambda L: (ints(L, (2, 3, 4)) > 2, {}),
    "s -1": lambda L: (t(L, (2, 3, 4)), {"s": (-1, 4)}),
}
for _op in FFTS_ND:
    for _bad, _mk in FFT_ND_BAD.items():
        add(f"fft.{_op} {_bad}", _fft(_op, None, _mk))
FFT_MORE = {
    "fft.rfft of a complex input": lambda L: L.fft.rfft(t(L, dtype=L.complex64)),
    "fft.ihfft of a complex input": lambda L: L.fft.ihfft(t(L, dtype=L.complex64)),
    "fft.irfft of float": lambda L: L.fft.irfft(t(L)).dtype,
    "fft.irfft n one": lambda L: L.fft.irfft(t(L), n=1).shape,
    "fft.irfft of one value without n": lambda L: L.fft.irfft(t(L, (2, 1))),
    "fft.hfft of one value without n": lambda L: L.fft.hfft(t(L, (2, 1))),
    "fft.irfftn of one value without s": lambda L: L.fft.irfftn(t(L, (2, 1))),
    "fft.fftshift dim out of range": lambda L: L.fft.fftshift(t(L), dim=2),
    "fft.fftshift dims repeated": lambda L: L.fft.fftshift(t(L), dim=(1, 1)).tolist(),
    "fft.ifftshift dim -3": lambda L: L.fft.ifftshift(t(L), dim=-3),
    "fft.fftshift dim float": lambda L: L.fft.fftshift(t(L), dim=1.0),
    "fft.fftshift of 0-d": lambda L: L.fft.fftshift(L.tensor(1.0)).shape,
    "fft.fftfreq zero": lambda L: L.fft.fftfreq(0).shape,
    "fft.fftfreq negative": lambda L: L.fft.fftfreq(-1),
    "fft.fftfreq d zero": lambda L: L.fft.fftfreq(4, d=0.0).tolist(),
    "fft.rfftfreq float n": lambda L: L.fft.rfftfreq(2.5),
    "fft.fftfreq int dtype": lambda L: L.fft.fftfreq(4, dtype=L.int64),
    "fft.fft of a list": lambda L: L.fft.fft([1.0, 2.0]),
    "fft.fft2 of a vector": lambda L: L.fft.fft2(t(L, (4,))),
    "fft.fftn s and empty dim": lambda L: L.fft.fftn(t(L), s=(2,), dim=()),
    "fft.fftn empty dim": lambda L: L.fft.fftn(t(L), dim=()).shape,
    "stft without window": lambda L: L.stft(t(L, (16,)), 4, return_complex=True).shape,
    "stft without return_complex": lambda L: L.stft(t(L, (16,)), 4),
    "stft n_fft above length": lambda L: L.stft(t(L, (4,)), 16, return_complex=True, center=False),
    "stft window size": lambda L: L.stft(t(L, (16,)), 4, window=L.ones(3), return_complex=True),
}
table("", {k: (lambda fn: lambda L, d: fn(L))(v) for k, v in FFT_MORE.items()})


# ----------------------------------------------------------------------------------------------
# nn.functional: convolutions given bad arguments
def conv_input(L, n, channels=2, size=5, batch=1):
    return t(L, (batch, channels, *(size,) * n))


def conv_weight(L, n, out=4, channels=2, k=3):
    return t(L, (out, channels, *(k,) * n)) / 100


F_CONV_BAD = {
    "weight rank too low": lambda L, n: ((conv_input(L, n), t(L, (4, 2))), {}),
    "weight rank too high": lambda L, n: ((conv_input(L, n), t(L, (4, 2, *(3,) * (n + 1)))), {}),
    "groups not dividing in": lambda L, n: ((conv_input(L, n, channels=3), conv_weight(L, n, channels=1)), {"groups": 2}),
    "groups not dividing out": lambda L, n: ((conv_input(L, n), conv_weight(L, n, out=3, channels=1)), {"groups": 2}),
    "groups zero": lambda L, n: ((conv_input(L, n), conv_weight(L, n)), {"groups": 0}),
    "padding same with stride": lambda L, n: ((conv_input(L, n), conv_weight(L, n)), {"padding": "same", "stride": 2}),
    "padding valid with stride": lambda L, n: ((conv_input(L, n), conv_weight(L, n)), {"padding": "valid", "stride": 2}),
    "padding bad str": lambda L, n: ((conv_input(L, n), conv_weight(L, n)), {"padding": "full"}),
    "negative padding": lambda L, n: ((conv_input(L, n), conv_weight(L, n)), {"padding": -1}),
    "dilation zero": lambda L, n: ((conv_input(L, n), conv_weight(L, n)), {"dilation": 0}),
    "stride zero": lambda L, n: ((conv_input(L, n), conv_weight(L, n)), {"stride": 0}),
    "stride negative": lambda L, n: ((conv_input(L, n), conv_weight(L, n)), {"stride": -1}),
    "padding tuple too long": lambda L, n: ((conv_input(L, n), conv_weight(L, n)), {"padding": (1,) * (n + 1)}),
    "bias of the wrong size": lambda L, n: ((conv_input(L, n), conv_weight(L, n), L.ones(3)), {}),
    "bias 2-d": lambda L, n: ((conv_input(L, n), conv_weight(L, n), L.ones(4, 1)), {}),
    "wrong channels": lambda L, n: ((conv_input(L, n, channels=3), conv_weight(L, n)), {}),
    "kernel larger than input": lambda L, n: ((conv_input(L, n, size=2), conv_weight(L, n)), {}),
    "kernel larger than padded input": lambda L, n: ((conv_input(L, n, size=2), conv_weight(L, n)), {"padding": 1}),
    "dilated kernel larger than input": lambda L, n: ((conv_input(L, n), conv_weight(L, n)), {"dilation": 3}),
    "unbatched": lambda L, n: ((conv_input(L, n)[0], conv_weight(L, n)), {}),
    "int input": lambda L, n: ((conv_input(L, n).long(), conv_weight(L, n).long()), {}),
    "input float64 weight float32": lambda L, n: ((conv_input(L, n).double(), conv_weight(L, n)), {}),
    "weight a list": lambda L, n: ((conv_input(L, n), [[1.0]]), {}),
}


def _fconv(n, bad):
    def run(L, d):
        args, kw = F_CONV_BAD[bad](L, n)
        return getattr(F(L), f"conv{n}d")(*args, **kw).shape
    return run


for _n in (1, 2, 3):
    for _bad in F_CONV_BAD:
        add(f"F.conv{_n}d {_bad}", _fconv(_n, _bad))
F_CONV_T_BAD = {
    "weight rank too low": lambda L, n: ((conv_input(L, n), t(L, (2, 4))), {}),
    "input channels not the weight's": lambda L, n: ((conv_input(L, n, channels=3), conv_weight(L, n, out=2)), {}),
    "output_padding not below stride": lambda L, n: ((conv_input(L, n), conv_weight(L, n, out=2)), {"output_padding": 1}),
    "output_padding below stride": lambda L, n: ((conv_input(L, n), conv_weight(L, n, out=2)), {"output_padding": 1, "stride": 2}),
    "negative padding": lambda L, n: ((conv_input(L, n), conv_weight(L, n, out=2)), {"padding": -1}),
    "stride zero": lambda L, n: ((conv_input(L, n), conv_weight(L, n, out=2)), {"stride": 0}),
    "dilation zero": lambda L, n: ((conv_input(L, n), conv_weight(L, n, out=2)), {"dilation": 0}),
    "padding str": lambda L, n: ((conv_input(L, n), conv_weight(L, n, out=2)), {"padding": "same"}),
    "groups of four not dividing": lambda L, n: ((conv_input(L, n), conv_weight(L, n, out=2)), {"groups": 4}),
    "bias of the wrong size": lambda L, n: ((conv_input(L, n), conv_weight(L, n, out=2), L.ones(3)), {}),
}


def _fconv_t(n, bad):
    def run(L, d):
        args, kw = F_CONV_T_BAD[bad](L, n)
        return getattr(F(L), f"conv_transpose{n}d")(*args, **kw).shape
    return run


for _n in (1, 2, 3):
    for _bad in F_CONV_T_BAD:
        add(f"F.conv_transpose{_n}d {_bad}", _fconv_t(_n, _bad))

# nn.functional: pooling given bad arguments
F_POOL_BAD = {
    "kernel larger than input": lambda L, n: (t(L, (1, 1, *(2,) * n)), {"kernel_size": 3}),
    "kernel larger than input with padding": lambda L, n: (t(L, (1, 1, *(2,) * n)), {"kernel_size": 3, "padding": 1}),
    "padding above half the kernel": lambda L, n: (t(L, (1, 1, *(4,) * n)), {"kernel_size": 3, "padding": 2}),
    "stride zero": lambda L, n: (t(L, (1, 1, *(4,) * n)), {"kernel_size": 2, "stride": 0}),
    "stride negative": lambda L, n: (t(L, (1, 1, *(4,) * n)), {"kernel_size": 2, "stride": -1}),
    "kernel zero": lambda L, n: (t(L, (1, 1, *(4,) * n)), {"kernel_size": 0}),
    "padding negative": lambda L, n: (t(L, (1, 1, *(4,) * n)), {"kernel_size": 2, "padding": -1}),
    "kernel tuple too short": lambda L, n: (t(L, (1, 1, *(4,) * n)), {"kernel_size": (2,) * (n - 1) if n > 1 else ()}),
    "stride tuple too long": lambda L, n: (t(L, (1, 1, *(4,) * n)), {"kernel_size": 2, "stride": (1,) * (n + 1)}),
    "unbatched": lambda L, n: (t(L, (1, *(4,) * n)), {"kernel_size": 2}),
    "rank too low": lambda L, n: (t(L, (4,) * n), {"kernel_size": 2}),
    "int input": lambda L, n: (ints(L, (1, 1, *(4,) * n)), {"kernel_size": 2}),
    "empty spatial": lambda L, n: (L.ones(1, 1, *(0,) * n), {"kernel_size": 1}),
    "ceil_mode window starting in padding": lambda L, n: (t(L, (1, 1, *(5,) * n)), {"kernel_size": 2, "stride": 2, "ceil_mode": True}),
}
for _kind in ("max", "avg"):
    for _n in (1, 2, 3):
        for _bad, _mk in F_POOL_BAD.items():
            add(f"F.{_kind}_pool{_n}d {_bad}", (lambda kind, n, mk: lambda L, d: (
                lambda x, kw: getattr(F(L), f"{kind}_pool{n}d")(x, **kw).shape)(*mk(L, n)))(_kind, _n, _mk))
    for _n in (1, 2, 3):
        add(f"F.{_kind}_pool{_n}d return_indices", (lambda kind, n: lambda L, d: getattr(F(L), f"{kind}_pool{n}d")(
            t(L, (1, 1, *(4,) * n)), 2, return_indices=True)[0].shape)(_kind, _n))
for _n in (1, 2, 3):
    add(f"F.max_pool{_n}d dilation zero", (lambda n: lambda L, d: getattr(F(L), f"max_pool{n}d")(
        t(L, (1, 1, *(4,) * n)), 2, dilation=0))(_n))
    add(f"F.max_pool{_n}d dilated kernel larger than input", (lambda n: lambda L, d: getattr(F(L), f"max_pool{n}d")(
        t(L, (1, 1, *(4,) * n)), 2, dilation=4))(_n))
    if _n > 1:
        add(f"F.avg_pool{_n}d divisor_override zero", (lambda n: lambda L, d: getattr(F(L), f"avg_pool{n}d")(
            t(L, (1, 1, *(4,) * n)), 2, divisor_override=0))(_n))
    add(f"F.adaptive_avg_pool{_n}d output zero", (lambda n: lambda L, d: getattr(F(L), f"adaptive_avg_pool{n}d")(
        t(L, (1, 1, *(4,) * n)), 0).shape)(_n))
    add(f"F.adaptive_max_pool{_n}d output negative", (lambda n: lambda L, d: getattr(F(L), f"adaptive_max_pool{n}d")(
        t(L, (1, 1, *(4,) * n)), -2))(_n))
    add(f"F.adaptive_max_pool{_n}d output larger", (lambda n: lambda L, d: getattr(F(L), f"adaptive_max_pool{n}d")(
        t(L, (1, 1, *(2,) * n)), 5).shape)(_n))
    add(f"F.adaptive_avg_pool{_n}d empty spatial", (lambda n: lambda L, d: getattr(F(L), f"adaptive_avg_pool{n}d")(
        L.ones(1, 1, *(0,) * n), 2))(_n))
add("F.avg_pool1d count_include_pad a str", lambda L, d: F(L).avg_pool1d(t(L, (1, 1, 4)), 2, count_include_pad="no").shape)
add("F.lp_pool2d negative norm", lambda L, d: F(L).lp_pool2d(t(L, (1, 1, 4, 4)) + 1, -1.0, 2).shape)
add("F.lp_pool1d kernel larger than input", lambda L, d: F(L).lp_pool1d(t(L, (1, 1, 2)), 2.0, 3))
add("F.max_unpool2d indices shape", lambda L, d: F(L).max_unpool2d(t(L, (1, 1, 2, 2)), L.zeros(1, 1, 3, 3, dtype=L.int64), 2))
add("F.max_unpool2d float indices", lambda L, d: F(L).max_unpool2d(t(L, (1, 1, 2, 2)), L.zeros(1, 1, 2, 2), 2))

# nn.functional: interpolate
INTERPOLATE = {
    "size and scale_factor": lambda L: (t(L, (1, 1, 2, 2)), {"size": 4, "scale_factor": 2.0}),
    "neither size nor scale_factor": lambda L: (t(L, (1, 1, 2, 2)), {"mode": "bilinear"}),
    "bad mode": lambda L: (t(L, (1, 1, 2, 2)), {"size": 4, "mode": "lanczos"}),
    "align_corners with nearest": lambda L: (t(L, (1, 1, 2, 2)), {"size": 4, "align_corners": True}),
    "align_corners with nearest-exact": lambda L: (t(L, (1, 1, 2, 2)), {"size": 4, "mode": "nearest-exact", "align_corners": False}),
    "align_corners with area": lambda L: (t(L, (1, 1, 2, 2)), {"size": 4, "mode": "area", "align_corners": True}),
    "align_corners with bilinear": lambda L: (t(L, (1, 1, 2, 2)), {"size": 4, "mode": "bilinear", "align_corners": True}),
    "1-d input": lambda L: (t(L, (4,)), {"size": 4}),
    "2-d input": lambda L: (t(L, (2, 4)), {"size": 4}),
    "6-d input": lambda L: (t(L, (1, 1, 2, 2, 2, 2)), {"size": 4}),
    "linear of 4-d": lambda L: (t(L, (1, 1, 2, 2)), {"size": 4, "mode": "linear"}),
    "bilinear of 5-d": lambda L: (t(L, (1, 1, 2, 2, 2)), {"size": 4, "mode": "bilinear"}),
    "trilinear of 4-d": lambda L: (t(L, (1, 1, 2, 2)), {"size": 4, "mode": "trilinear"}),
    "bicubic of 3-d": lambda L: (t(L, (1, 1, 2)), {"size": 4, "mode": "bicubic"}),
    "size tuple too long": lambda L: (t(L, (1, 1, 2, 2)), {"size": (4, 4, 4)}),
    "size tuple too short": lambda L: (t(L, (1, 1, 2, 2)), {"size": (4,)}),
    "scale_factor tuple too long": lambda L: (t(L, (1, 1, 2, 2)), {"scale_factor": (2.0, 2.0, 2.0)}),
    "size zero": lambda L: (t(L, (1, 1, 2, 2)), {"size": 0}),
    "size negative": lambda L: (t(L, (1, 1, 2, 2)), {"size": -2}),
    "scale zero": lambda L: (t(L, (1, 1, 2, 2)), {"scale_factor": 0.0}),
    "scale shrinking to zero": lambda L: (t(L, (1, 1, 2, 2)), {"scale_factor": 0.1}),
    "recompute_scale_factor with size": lambda L: (t(L, (1, 1, 2, 2)), {"size": 4, "recompute_scale_factor": True}),
    "antialias with nearest": lambda L: (t(L, (1, 1, 2, 2)), {"size": 4, "antialias": True}),
    "antialias with bilinear": lambda L: (t(L, (1, 1, 4, 4)), {"size": 2, "mode": "bilinear", "antialias": True}),
    "int input nearest": lambda L: (ints(L, (1, 1, 2, 2)).to(L.uint8), {"size": 4}),
    "int input bilinear": lambda L: (ints(L, (1, 1, 2, 2)), {"size": 4, "mode": "bilinear"}),
    "empty batch": lambda L: (L.ones(0, 1, 2, 2), {"size": 4}),
    "empty spatial": lambda L: (L.ones(1, 1, 0, 2), {"size": 4}),
    "scale_factor a str": lambda L: (t(L, (1, 1, 2, 2)), {"scale_factor": "2"}),
    "mode None": lambda L: (t(L, (1, 1, 2, 2)), {"size": 4, "mode": None}),
}
for _bad, _mk in INTERPOLATE.items():
    add(f"F.interpolate {_bad}", (lambda mk: lambda L, d: (lambda x, kw: F(L).interpolate(x, **kw).shape)(*mk(L)))(_mk))
    add(f"nn.Upsample {_bad}", (lambda mk: lambda L, d: (lambda x, kw: L.nn.Upsample(**kw)(x).shape)(*mk(L)))(_mk))

# nn.functional: pad
PAD = {
    "odd tuple length": lambda L: (t(L, (1, 2, 3)), (1, 1, 1), {}),
    "tuple longer than twice the rank": lambda L: (t(L, (1, 2, 3)), (1,) * 8, {}),
    "reflect pad equal to size": lambda L: (t(L, (1, 2, 3)), (3, 0), {"mode": "reflect"}),
    "reflect pad above size": lambda L: (t(L, (1, 2, 3)), (0, 4), {"mode": "reflect"}),
    "reflect pad below size": lambda L: (t(L, (1, 2, 3)), (2, 2), {"mode": "reflect"}),
    "reflect of 1-d": lambda L: (t(L, (3,)), (1, 1), {"mode": "reflect"}),
    "reflect of too many padded dims": lambda L: (t(L, (1, 2, 3)), (1, 1, 1, 1, 1, 1), {"mode": "reflect"}),
    "replicate of an empty dim": lambda L: (L.ones(1, 2, 0), (1, 1), {"mode": "replicate"}),
    "circular pad above size": lambda L: (t(L, (1, 2, 3)), (4, 0), {"mode": "circular"}),
    "circular pad equal to size": lambda L: (t(L, (1, 2, 3)), (3, 3), {"mode": "circular"}),
    "bad mode": lambda L: (t(L, (1, 2, 3)), (1, 1), {"mode": "symmetric"}),
    "value with reflect": lambda L: (t(L, (1, 2, 3)), (1, 1), {"mode": "reflect", "value": 1.0}),
    "negative pad cropping": lambda L: (t(L, (1, 2, 3)), (-1, -1), {}),
    "negative pad beyond size": lambda L: (t(L, (1, 2, 3)), (-2, -2), {}),
    "reflect negative pad": lambda L: (t(L, (1, 2, 3)), (-1, 1), {"mode": "reflect"}),
    "constant of int with a float value": lambda L: (ints(L, (1, 2, 3)), (1, 1), {"value": 0.5}),
    "pad a list": lambda L: (t(L, (1, 2, 3)), [1, 1], {}),
    "pad of ints in a tensor": lambda L: (t(L, (1, 2, 3)), L.tensor([1, 1]), {}),
    "pad None": lambda L: (t(L, (1, 2, 3)), None, {}),
    "replicate of int": lambda L: (ints(L, (1, 2, 3)), (1, 1), {"mode": "replicate"}),
    "reflect 2-d of a 3-d": lambda L: (t(L, (2, 3, 3)), (1, 1, 1, 1), {"mode": "reflect"}),
    "value a str": lambda L: (t(L, (1, 2, 3)), (1, 1), {"value": "x"}),
}
for _bad, _mk in PAD.items():
    add(f"F.pad {_bad}", (lambda mk: lambda L, d: (lambda x, p, kw: F(L).pad(x, p, **kw).shape)(*mk(L)))(_mk))

# nn.functional: grid_sample, affine_grid
GRID = {
    "grid last dim 3 for 4-d": lambda L: F(L).grid_sample(t(L, (1, 1, 2, 2)), L.zeros(1, 2, 2, 3)),
    "grid batch mismatch": lambda L: F(L).grid_sample(t(L, (2, 1, 2, 2)), L.zeros(1, 2, 2, 2)),
    "grid rank mismatch": lambda L: F(L).grid_sample(t(L, (1, 1, 2, 2)), L.zeros(1, 2, 2, 2, 3)),
    "input 3-d": lambda L: F(L).grid_sample(t(L, (1, 2, 2)), L.zeros(1, 2, 2)),
    "bad padding_mode": lambda L: F(L).grid_sample(t(L, (1, 1, 2, 2)), L.zeros(1, 2, 2, 2), padding_mode="wrap"),
    "bicubic of 5-d": lambda L: F(L).grid_sample(t(L, (1, 1, 2, 2, 2)), L.zeros(1, 2, 2, 2, 3), mode="bicubic"),
    "grid dtype mismatch": lambda L: F(L).grid_sample(t(L, (1, 1, 2, 2)), L.zeros(1, 2, 2, 2, dtype=L.float64)),
    "int input": lambda L: F(L).grid_sample(ints(L, (1, 1, 2, 2)), L.zeros(1, 2, 2, 2, dtype=L.int64)),
    "empty spatial input": lambda L: F(L).grid_sample(L.ones(1, 1, 0, 2), L.zeros(1, 2, 2, 2)),
    "grid out of range": lambda L: F(L).grid_sample(t(L, (1, 1, 2, 2)), L.full((1, 2, 2, 2), 5.0), align_corners=False).tolist(),
    "nearest 5-d": lambda L: F(L).grid_sample(t(L, (1, 1, 2, 2, 2)), L.zeros(1, 1, 1, 1, 3), mode="nearest",
                                                 align_corners=False).shape,
    "affine_grid theta 2x2": lambda L: F(L).affine_grid(L.zeros(1, 2, 2), (1, 1, 4, 4), align_corners=False),
    "affine_grid theta 3x3 for 4-d": lambda L: F(L).affine_grid(L.zeros(1, 3, 3), (1, 1, 4, 4), align_corners=False),
    "affine_grid size of 3": lambda L: F(L).affine_grid(L.zeros(1, 2, 3), (1, 1, 4), align_corners=False),
    "affine_grid batch mismatch": lambda L: F(L).affine_grid(L.zeros(2, 2, 3), (1, 1, 4, 4), align_corners=False),
    "affine_grid int theta": lambda L: F(L).affine_grid(L.zeros(1, 2, 3, dtype=L.int64), (1, 1, 4, 4), align_corners=False),
    "affine_grid 5-d": lambda L: F(L).affine_grid(L.zeros(1, 3, 4), (1, 1, 2, 2, 2), align_corners=False).shape,
    "affine_grid zero size": lambda L: F(L).affine_grid(L.zeros(1, 2, 3), (1, 1, 0, 4), align_corners=False),
    "affine_grid 2-d theta": lambda L: F(L).affine_grid(L.zeros(2, 3), (1, 1, 4, 4), align_corners=False),
}
table("F.grid_sample", {k: (lambda fn: lambda L, d: fn(L))(v) for k, v in GRID.items() if not k.startswith("affine")})
table("F.", {k: (lambda fn: lambda L, d: fn(L))(v) for k, v in GRID.items() if k.startswith("affine")})

# nn.functional: embedding, one_hot, normalize, cosine_similarity
EMBEDDING = {
    "float indices": lambda L: (t(L, (3,)), t(L, (4, 2)), {}),
    "bool indices": lambda L: (ints(L, (3,)) > 0, t(L, (4, 2)), {}),
    "int32 indices": lambda L: (ints(L, (3,), L.int32), t(L, (4, 2)), {}),
    "uint8 indices": lambda L: (ints(L, (3,), L.uint8), t(L, (4, 2)), {}),
    "index equal to rows": lambda L: (L.tensor([4]), t(L, (4, 2)), {}),
    "index far above rows": lambda L: (L.tensor([[0, 100]]), t(L, (4, 2)), {}),
    "negative index": lambda L: (L.tensor([-1]), t(L, (4, 2)), {}),
    "weight 1-d": lambda L: (L.tensor([0]), t(L, (4,)), {}),
    "weight 3-d": lambda L: (L.tensor([0]), t(L, (4, 2, 2)), {}),
    "padding_idx out of range": lambda L: (L.tensor([0]), t(L, (4, 2)), {"padding_idx": 4}),
    "padding_idx negative in range": lambda L: (L.tensor([0]), t(L, (4, 2)), {"padding_idx": -1}),
    "padding_idx negative out of range": lambda L: (L.tensor([0]), t(L, (4, 2)), {"padding_idx": -5}),
    "max_norm of an int weight": lambda L: (L.tensor([0]), ints(L, (4, 2)), {"max_norm": 1.0}),
    "empty indices": lambda L: (L.ones(0, dtype=L.int64), t(L, (4, 2)), {}),
    "indices a list": lambda L: ([0, 1], t(L, (4, 2)), {}),
}
for _bad, _mk in EMBEDDING.items():
    add(f"F.embedding {_bad}", (lambda mk: lambda L, d: (lambda i, w, kw: F(L).embedding(i, w, **kw).shape)(*mk(L)))(_mk))
ONE_HOT = {
    "negative in the middle": lambda L: (L.tensor([0, -2, 1]), {}),
    "too large for num_classes": lambda L: (L.tensor([0, 5]), {"num_classes": 5}),
    "num_classes zero": lambda L: (L.tensor([0]), {"num_classes": 0}),
    "num_classes below -1": lambda L: (L.tensor([0]), {"num_classes": -2}),
    "num_classes -1": lambda L: (L.tensor([0, 2]), {"num_classes": -1}),
    "bool input": lambda L: (L.tensor([True, False]), {}),
    "uint8 input": lambda L: (L.tensor([1, 0], dtype=L.uint8), {}),
    "empty without num_classes": lambda L: (L.ones(0, dtype=L.int64), {}),
    "empty with num_classes": lambda L: (L.ones(0, dtype=L.int64), {"num_classes": 3}),
    "0-d": lambda L: (L.tensor(2), {}),
    "num_classes a tensor": lambda L: (L.tensor([0, 1]), {"num_classes": L.tensor(3)}),
    "2-d": lambda L: (L.tensor([[0, 1], [2, 0]]), {}),
}
for _bad, _mk in ONE_HOT.items():
    add(f"F.one_hot {_bad}", (lambda mk: lambda L, d: (lambda x, kw: (lambda r: (r.dtype, r.shape))(F(L).one_hot(x, **kw)))(*mk(L)))(_mk))
NORMALIZE = {
    "p zero": lambda L: (t(L), {"p": 0}),
    "p negative": lambda L: (t(L) + 1, {"p": -1}),
    "p inf": lambda L: (t(L), {"p": float("inf")}),
    "p a str": lambda L: (t(L), {"p": "fro"}),
    "dim -3": lambda L: (t(L), {"dim": -3}),
    "dim tuple": lambda L: (t(L), {"dim": (0, 1)}),
    "eps negative": lambda L: (t(L), {"eps": -1.0}),
    "of 0-d": lambda L: (L.tensor(2.0), {"dim": 0}),
    "of bool": lambda L: (ints(L) > 2, {}),
    "of complex": lambda L: (t(L, dtype=L.complex64), {}),
    "of an empty": lambda L: (L.ones(2, 0), {}),
}
for _bad, _mk in NORMALIZE.items():
    add(f"F.normalize {_bad}", (lambda mk: lambda L, d: (lambda x, kw: (lambda r: (r.dtype, r.shape))(F(L).normalize(x, **kw)))(*mk(L)))(_mk))
COSINE = {
    "shapes not broadcasting": lambda L: (t(L, (2, 3)), t(L, (3, 3)), {}),
    "broadcast": lambda L: (t(L, (2, 3)), t(L, (1, 3)), {}),
    "dim out of range": lambda L: (t(L), t(L), {"dim": 2}),
    "1-d and 2-d": lambda L: (t(L, (3,)), t(L), {}),
    "0-d inputs": lambda L: (L.tensor(1.0), L.tensor(2.0), {"dim": 0}),
    "int inputs": lambda L: (ints(L), ints(L), {}),
    "float32 and float64": lambda L: (t(L), t(L, dtype=L.float64), {}),
    "negative eps": lambda L: (t(L), t(L), {"eps": -1.0}),
    "dim a tuple": lambda L: (t(L), t(L), {"dim": (0, 1)}),
}
for _bad, _mk in COSINE.items():
    add(f"F.cosine_similarity {_bad}", (lambda mk: lambda L, d: (lambda a, b, kw: (lambda r: (r.dtype, r.shape))(
        F(L).cosine_similarity(a, b, **kw)))(*mk(L)))(_mk))
    add(f"F.pairwise_distance {_bad}", (lambda mk: lambda L, d: (lambda a, b, kw: (lambda r: (r.dtype, r.shape))(
        F(L).pairwise_distance(a, b, **{k: v for k, v in kw.items() if k != "dim"})))(*mk(L)))(_mk))

# nn.functional: softmax family without a dim (a warning, then the legacy dim), with bad dims and dtypes
for _fn in ("softmax", "log_softmax", "softmin"):
    for _rank in (0, 1, 2, 3, 4):
        add(f"F.{_fn} without dim of {_rank}-d", (lambda fn, r: lambda L, d: getattr(F(L), fn)(t(L, (2,) * r)).sum().item())(_fn, _rank))
    add(f"F.{_fn} dim out of range", (lambda fn: lambda L, d: getattr(F(L), fn)(t(L), 2))(_fn))
    add(f"F.{_fn} of int", (lambda fn: lambda L, d: getattr(F(L), fn)(ints(L), 1))(_fn))
    add(f"F.{_fn} of int with a float dtype", (lambda fn: lambda L, d: getattr(F(L), fn)(ints(L), 1, dtype=L.float64).dtype)(_fn))
    add(f"F.{_fn} dtype int", (lambda fn: lambda L, d: getattr(F(L), fn)(t(L), 1, dtype=L.int64))(_fn))
    add(f"F.{_fn} dim a tuple", (lambda fn: lambda L, d: getattr(F(L), fn)(t(L), (0, 1)))(_fn))
    add(f"F.{_fn} of an empty", (lambda fn: lambda L, d: getattr(F(L), fn)(L.ones(0, 3), 0).shape)(_fn))
add("F.gumbel_softmax tau zero", lambda L, d: F(L).gumbel_softmax(t(L), tau=0.0).shape)
add("F.gumbel_softmax of int", lambda L, d: F(L).gumbel_softmax(ints(L)))
add("F.glu odd dim", lambda L, d: F(L).glu(t(L), 1))
add("F.glu of 0-d", lambda L, d: F(L).glu(L.tensor(1.0)))

# nn.functional: dropout p out of range
for _fn, _rank in (("dropout", 2), ("dropout1d", 3), ("dropout2d", 4), ("dropout3d", 5), ("alpha_dropout", 2),
                   ("feature_alpha_dropout", 4)):
    for _bad, _p in (("p negative", -0.5), ("p of 1.5", 1.5), ("p one", 1.0), ("p nan", float("nan")),
                     ("p a str", "0.5"), ("p inf", float("inf"))):
        add(f"F.{_fn} {_bad}", (lambda fn, r, p: lambda L, d: getattr(F(L), fn)(t(L, (2,) * r), p).shape)(_fn, _rank, _p))
    add(f"F.{_fn} of int in training", (lambda fn, r: lambda L, d: getattr(F(L), fn)(ints(L, (2,) * r), 0.5).shape)(_fn, _rank))
add("F.dropout1d of 4-d", lambda L, d: F(L).dropout1d(t(L, (1, 2, 3, 4)), 0.5))
add("F.dropout2d of 2-d", lambda L, d: F(L).dropout2d(t(L, (2, 3)), 0.5).shape)
add("F.dropout3d of 3-d", lambda L, d: F(L).dropout3d(t(L, (2, 3, 4)), 0.5).shape)
add("F.dropout inplace on a leaf", lambda L, d: F(L).dropout(t(L, rg=True), 0.5, inplace=True))

# nn.functional: normalisation shape errors
NORM_FUNCTIONS = {
    "layer_norm shape longer than input": lambda L: F(L).layer_norm(t(L), (2, 2, 3)),
    "layer_norm trailing dims differ": lambda L: F(L).layer_norm(t(L), (2,)),
    "layer_norm weight of two dims": lambda L: F(L).layer_norm(t(L), (3,), weight=L.ones(3, 1)),
    "layer_norm weight without bias": lambda L: F(L).layer_norm(t(L), (3,), weight=L.ones(3)).shape,
    "layer_norm of int": lambda L: F(L).layer_norm(ints(L), (3,)),
    "layer_norm of 0-d with empty shape": lambda L: F(L).layer_norm(L.tensor(2.0), ()).shape,
    "layer_norm negative eps": lambda L: F(L).layer_norm(t(L), (3,), eps=-1.0).shape,
    "layer_norm weight float64": lambda L: F(L).layer_norm(t(L), (3,), weight=L.ones(3, dtype=L.float64)),
    "layer_norm shape a tensor": lambda L: F(L).layer_norm(t(L), L.tensor([3])),
    "group_norm groups not dividing": lambda L: F(L).group_norm(t(L, (2, 6, 2)), 4),
    "group_norm groups above channels": lambda L: F(L).group_norm(t(L, (2, 2, 2)), 4),
    "group_norm weight size": lambda L: F(L).group_norm(t(L, (2, 4, 2)), 2, weight=L.ones(2)),
    "group_norm bias size": lambda L: F(L).group_norm(t(L, (2, 4, 2)), 2, bias=L.ones(3)),
    "group_norm of 1-d": lambda L: F(L).group_norm(t(L, (4,)), 2),
    "group_norm of 2-d": lambda L: F(L).group_norm(t(L, (2, 4)), 2).shape,
    "group_norm of int": lambda L: F(L).group_norm(ints(L, (2, 4, 2)), 2),
    "group_norm negative groups": lambda L: F(L).group_norm(t(L, (2, 4, 2)), -2),
    "group_norm of an empty batch": lambda L: F(L).group_norm(L.ones(0, 4, 2), 2).shape,
    "batch_norm running_var size": lambda L: F(L).batch_norm(t(L, (2, 3)), L.zeros(3), L.ones(2)),
    "batch_norm weight 2-d": lambda L: F(L).batch_norm(t(L, (2, 3)), L.zeros(3), L.ones(3), weight=L.ones(3, 1)),
    "batch_norm bias size": lambda L: F(L).batch_norm(t(L, (2, 3)), L.zeros(3), L.ones(3), bias=L.ones(4)),
    "batch_norm one value training": lambda L: F(L).batch_norm(t(L, (1, 3)), L.zeros(3), L.ones(3), training=True),
    "batch_norm one value eval": lambda L: F(L).batch_norm(t(L, (1, 3)), L.zeros(3), L.ones(3)).shape,
    "batch_norm training without stats": lambda L: F(L).batch_norm(t(L, (2, 3)), None, None, training=True).shape,
    "batch_norm of 0-d": lambda L: F(L).batch_norm(L.tensor(1.0), L.zeros(1), L.ones(1)),
    "batch_norm of int": lambda L: F(L).batch_norm(ints(L), L.zeros(3), L.ones(3)),
    "batch_norm running stats int": lambda L: F(L).batch_norm(t(L), L.zeros(3, dtype=L.int64), L.ones(3)),
    "batch_norm running_mean float64": lambda L: F(L).batch_norm(t(L), L.zeros(3, dtype=L.float64), L.ones(3)),
    "instance_norm of 1-d": lambda L: F(L).instance_norm(t(L, (4,))),
    "instance_norm one value per channel": lambda L: F(L).instance_norm(t(L, (2, 3, 1))),
    "instance_norm weight size": lambda L: F(L).instance_norm(t(L, (2, 3, 4)), weight=L.ones(2)),
    "instance_norm use_input_stats False without stats": lambda L: F(L).instance_norm(t(L, (2, 3, 4)), use_input_stats=False),
    "rms_norm shape mismatch": lambda L: F(L).rms_norm(t(L), (2,)),
    "rms_norm weight shape": lambda L: F(L).rms_norm(t(L), (3,), weight=L.ones(2)),
    "local_response_norm size zero": lambda L: F(L).local_response_norm(t(L, (1, 2, 3)), 0),
}
table("F.", {k: (lambda fn: lambda L, d: fn(L))(v) for k, v in NORM_FUNCTIONS.items()})


# nn.functional: losses, target shapes and class ranges
def logits(L, n=3, c=4):
    return t(L, (n, c)) / 10


LOSS_TARGETS = {
    "target 2-d for 2-d input": lambda L: (logits(L), L.zeros(3, 1, dtype=L.int64), {}),
    "target 0-d for 2-d input": lambda L: (logits(L), L.tensor(1), {}),
    "target batch larger": lambda L: (logits(L), L.zeros(4, dtype=L.int64), {}),
    "class equal to classes": lambda L: (logits(L), L.tensor([0, 4, 1]), {}),
    "class far above classes": lambda L: (logits(L), L.tensor([0, 1000, 1]), {}),
    "class negative not ignored": lambda L: (logits(L), L.tensor([0, -1, 1]), {}),
    "ignore_index negative": lambda L: (logits(L), L.tensor([0, -1, 1]), {"ignore_index": -1}),
    "ignore_index all": lambda L: (logits(L), L.full((3,), -100, dtype=L.int64), {}),
    "ignore_index out of range": lambda L: (logits(L), L.tensor([0, 7, 1]), {"ignore_index": 7}),
    "bool target": lambda L: (logits(L), L.tensor([True, False, True]), {}),
    "uint8 target": lambda L: (logits(L), L.tensor([0, 1, 2], dtype=L.uint8), {}),
    "float64 input": lambda L: (logits(L).double(), L.tensor([0, 1, 2]), {}),
    "int input": lambda L: (ints(L, (3, 4)), L.tensor([0, 1, 2]), {}),
    "0-d input": lambda L: (L.tensor(1.0), L.tensor(0), {}),
    "1-d input and 0-d target": lambda L: (t(L, (4,)), L.tensor(2), {}),
    "1-d input and 1-d target": lambda L: (t(L, (4,)), L.tensor([2]), {}),
    "spatial target shape": lambda L: (t(L, (2, 4, 3, 3)), L.zeros(2, 3, 2, dtype=L.int64), {}),
    "spatial target class out of range": lambda L: (t(L, (2, 4, 3, 3)), L.full((2, 3, 3), 4, dtype=L.int64), {}),
    "weight of the wrong size": lambda L: (logits(L), L.tensor([0, 1, 2]), {"weight": L.ones(5)}),
    "weight 2-d": lambda L: (logits(L), L.tensor([0, 1, 2]), {"weight": L.ones(1, 4)}),
    "weight int": lambda L: (logits(L), L.tensor([0, 1, 2]), {"weight": L.ones(4, dtype=L.int64)}),
    "weight float64": lambda L: (logits(L), L.tensor([0, 1, 2]), {"weight": L.ones(4, dtype=L.float64)}),
    "reduction bad": lambda L: (logits(L), L.tensor([0, 1, 2]), {"reduction": "batchmean"}),
    "reduction None": lambda L: (logits(L), L.tensor([0, 1, 2]), {"reduction": None}),
    "empty batch": lambda L: (L.ones(0, 4), L.ones(0, dtype=L.int64), {}),
    "empty batch with reduction sum": lambda L: (L.ones(0, 4), L.ones(0, dtype=L.int64), {"reduction": "sum"}),
}
for _loss in ("cross_entropy", "nll_loss"):
    for _bad, _mk in LOSS_TARGETS.items():
        add(f"F.{_loss} {_bad}", (lambda loss, mk: lambda L, d: (lambda x, y, kw: (lambda r: (r.dtype, r.shape))(
            getattr(F(L), loss)(x, y, **kw)))(*mk(L)))(_loss, _mk))
CE_PROBS = {
    "probabilities target of the wrong shape": lambda L: (logits(L), L.full((3, 5), 0.2), {}),
    "probabilities target float64": lambda L: (logits(L), L.full((3, 4), 0.25, dtype=L.float64), {}),
    "probabilities target with ignore_index": lambda L: (logits(L), L.full((3, 4), 0.25), {"ignore_index": 1}),
    "probabilities target negative": lambda L: (logits(L), L.full((3, 4), -0.25), {}),
    "probabilities target with label smoothing": lambda L: (logits(L), L.full((3, 4), 0.25), {"label_smoothing": 0.1}),
    "label_smoothing negative": lambda L: (logits(L), L.tensor([0, 1, 2]), {"label_smoothing": -0.1}),
    "label_smoothing one": lambda L: (logits(L), L.tensor([0, 1, 2]), {"label_smoothing": 1.0}),
    "probabilities target 1-d for 1-d input": lambda L: (t(L, (4,)), L.full((4,), 0.25), {}),
}
for _bad, _mk in CE_PROBS.items():
    add(f"F.cross_entropy {_bad}", (lambda mk: lambda L, d: (lambda x, y, kw: (lambda r: (r.dtype, r.shape))(
        F(L).cross_entropy(x, y, **kw)))(*mk(L)))(_mk))
BCE = {
    "input negative": lambda L: (L.tensor([-0.5, 0.5]), L.ones(2), {}),
    "input above one": lambda L: (L.tensor([0.5, 1.0001]), L.ones(2), {}),
    "input nan": lambda L: (L.tensor([float("nan"), 0.5]), L.ones(2), {}),
    "input exactly zero and one": lambda L: (L.tensor([0.0, 1.0]), L.tensor([0.0, 1.0]), {}),
    "target negative": lambda L: (L.full((2,), 0.5), L.tensor([-1.0, 0.5]), {}),
    "target broadcasting": lambda L: (L.full((2, 3), 0.5), L.ones(3), {}),
    "weight not broadcasting": lambda L: (L.full((2, 3), 0.5), L.ones(2, 3), {"weight": L.ones(2)}),
    "weight broadcasting": lambda L: (L.full((2, 3), 0.5), L.ones(2, 3), {"weight": L.ones(3)}),
    "float64 target": lambda L: (L.full((2,), 0.5), L.ones(2, dtype=L.float64), {}),
    "int input": lambda L: (L.ones(2, dtype=L.int64), L.ones(2), {}),
    "reduction bad": lambda L: (L.full((2,), 0.5), L.ones(2), {"reduction": "avg"}),
    "empty": lambda L: (L.ones(0), L.ones(0), {}),
}
for _bad, _mk in BCE.items():
    add(f"F.binary_cross_entropy {_bad}", (lambda mk: lambda L, d: (lambda x, y, kw: (lambda r: (r.dtype, r.shape))(
        F(L).binary_cross_entropy(x, y, **kw)))(*mk(L)))(_mk))
    add(f"F.binary_cross_entropy_with_logits {_bad}", (lambda mk: lambda L, d: (lambda x, y, kw: (lambda r: (r.dtype, r.shape))(
        F(L).binary_cross_entropy_with_logits(x, y, **kw)))(*mk(L)))(_mk))
add("F.binary_cross_entropy_with_logits pos_weight size", lambda L, d: F(L).binary_cross_entropy_with_logits(
    t(L), t(L), pos_weight=L.ones(2)))
add("F.binary_cross_entropy_with_logits pos_weight broadcasting", lambda L, d: F(L).binary_cross_entropy_with_logits(
    t(L), t(L), pos_weight=L.ones(3)).shape)
KL_REDUCTIONS = {"mean": "mean", "batchmean": "batchmean", "sum": "sum", "none": "none", "avg": "avg", "Mean": "Mean",
                 "empty": "", "None": None, "elementwise_mean": "elementwise_mean"}
for _bad, _r in KL_REDUCTIONS.items():
    add(f"F.kl_div reduction {_bad}", (lambda r: lambda L, d: F(L).kl_div(t(L), t(L) / 10, reduction=r).shape)(_r))
add("F.kl_div shape mismatch", lambda L, d: F(L).kl_div(t(L), t(L, (3, 2))))
add("F.kl_div broadcasting", lambda L, d: F(L).kl_div(t(L), t(L, (3,)), reduction="none").shape)
add("F.kl_div log_target str", lambda L, d: F(L).kl_div(t(L), t(L), reduction="sum", log_target="yes").shape)
add("F.kl_div of int", lambda L, d: F(L).kl_div(ints(L), ints(L), reduction="sum"))
add("F.kl_div batchmean of 0-d", lambda L, d: F(L).kl_div(L.tensor(1.0), L.tensor(0.5), reduction="batchmean").item())
for _loss in ("mse_loss", "l1_loss", "smooth_l1_loss", "huber_loss", "soft_margin_loss"):
    for _r in ("avg", "Mean", None):
        add(f"F.{_loss} reduction {_r!s}", (lambda loss, r: lambda L, d: getattr(F(L), loss)(t(L), t(L), reduction=r))(_loss, _r))
    add(f"F.{_loss} of int and int", (lambda loss: lambda L, d: getattr(F(L), loss)(ints(L), ints(L)))(_loss))
    add(f"F.{_loss} of bool and float", (lambda loss: lambda L, d: getattr(F(L), loss)(ints(L) > 1, t(L)))(_loss))
add("F.poisson_nll_loss shapes", lambda L, d: F(L).poisson_nll_loss(t(L), t(L, (3, 2))))
add("F.gaussian_nll_loss var size", lambda L, d: F(L).gaussian_nll_loss(t(L), t(L), L.ones(2, 2)))
add("F.gaussian_nll_loss negative var", lambda L, d: F(L).gaussian_nll_loss(t(L), t(L), -L.ones(2, 3)))
add("F.cosine_embedding_loss target 2-d", lambda L, d: F(L).cosine_embedding_loss(t(L), t(L), L.ones(2, 1)))
add("F.multi_margin_loss p three", lambda L, d: F(L).multi_margin_loss(logits(L), L.tensor([0, 1, 2]), p=3))
add("F.multi_margin_loss target out of range", lambda L, d: F(L).multi_margin_loss(logits(L), L.tensor([0, 1, 9])))
add("F.multilabel_margin_loss target shape", lambda L, d: F(L).multilabel_margin_loss(logits(L), L.zeros(3, 3, dtype=L.int64)))
add("F.hinge_embedding_loss shapes", lambda L, d: F(L).hinge_embedding_loss(t(L), t(L, (3, 2))))


# ----------------------------------------------------------------------------------------------
# serialization
def _state(L):
    L.manual_seed(0)
    return L.nn.Sequential(L.nn.Linear(3, 2), L.nn.Linear(2, 1))


def _saved(L, d, obj=None):
    path = d / "x.pt"
    L.save(obj if obj is not None else {"w": L.ones(50), "b": L.arange(4)}, path)
    return path


def _load_cut(L, d, keep):
    path = _saved(L, d)
    raw = path.read_bytes()
    path.write_bytes(raw[:keep(len(raw))])
    return L.load(path)


for _label, _keep in {"to ten bytes": lambda n: 10, "to a tenth": lambda n: n // 10, "to nine tenths": lambda n: n * 9 // 10,
                      "by the last byte": lambda n: n - 1, "by the end record": lambda n: n - 22,
                      "to the header": lambda n: 30}.items():
    add(f"load of a file cut {_label}", (lambda keep: lambda L, d: _load_cut(L, d, keep))(_keep))


def _load_raw(L, d, raw, **kw):
    path = d / "x.pt"
    path.write_bytes(raw)
    return L.load(path, **kw)


NOT_ZIP = {
    "text": b"hello, checkpoint\n",
    "json": b'{"w": [1, 2, 3]}',
    "npy": b"\x93NUMPY\x01\x00v\x00{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }" + b" " * 50 + b"\n" + b"\x00" * 8,
    "one zero byte": b"\x00",
    "random bytes": bytes(range(256)) * 4,
    "gzip magic": b"\x1f\x8b\x08\x00" + b"\x00" * 30,
    "an empty zip": b"PK\x05\x06" + b"\x00" * 18,
    "a zip header only": b"PK\x03\x04",
}
for _label, _raw in NOT_ZIP.items():
    add(f"load of a non-zip file: {_label}", (lambda raw: lambda L, d: _load_raw(L, d, raw))(_raw))
    add(f"load weights_only of a non-zip file: {_label}", (lambda raw: lambda L, d: _load_raw(L, d, raw, weights_only=True))(_raw))


class _Marker:
    """Unpickling this writes a marker file (through its __setstate__): it must never run."""

    def __setstate__(self, state):
        with open("HOSTILE_MARKER_3", "w") as f:
            f.write("ran")


def _pickled_code(kind):
    import io
    import pickle
    import torch
    payloads = {
        "os.system": lambda: type("P", (), {"__reduce__": lambda self: (__import__("os").system, ("touch HOSTILE_MARKER_3",))})(),
        "builtins.eval": lambda: type("P", (), {"__reduce__": lambda self: (eval, ("open('HOSTILE_MARKER_3', 'w')",))})(),
        "builtins.exec": lambda: type("P", (), {"__reduce__": lambda self: (exec, ("open('HOSTILE_MARKER_3', 'w')",))})(),
        "a class with __setstate__": lambda: _Marker(),
        "a function": lambda: np.save,
    }
    obj = payloads[kind]()
    buf = io.BytesIO()
    torch.save({"w": torch.ones(2), "payload": obj}, buf, pickle_module=pickle)  # (torch's writer, for both)
    return {"bare": pickle.dumps(obj, protocol=2), "zip": buf.getvalue()}


def _load_code(L, d, kind, container, **kw):
    import os
    path = d / "x.pt"
    path.write_bytes(_pickled_code(kind)[container])
    here = os.getcwd()
    os.chdir(d)
    try:
        return L.load(path, **kw)
    finally:
        os.chdir(here)
        assert not (d / "HOSTILE_MARKER_3").exists(), "pickled code ran"


for _kind in ("os.system", "builtins.eval", "builtins.exec", "a class with __setstate__", "a function"):
    for _container in ("bare", "zip"):
        add(f"load of pickled code ({_kind}, {_container})",
            (lambda k, c: lambda L, d: _load_code(L, d, k, c))(_kind, _container))
        add(f"load weights_only of pickled code ({_kind}, {_container})",
            (lambda k, c: lambda L, d: _load_code(L, d, k, c, weights_only=True))(_kind, _container))


def _save_then_load_weights_only(L, d, make):
    path = d / "x.pt"
    L.save(make(L), path)
    out = L.load(path, weights_only=True)
    return type(out).__name__


UNSUPPORTED = {
    "a set": lambda T: {"s": {1, 2}},
    "a frozenset": lambda T: {"s": frozenset([1])},
    "a complex number": lambda T: {"c": 1 + 2j},
    "a bytearray": lambda T: {"b": bytearray(b"ab")},
    "a range": lambda T: {"r": range(3)},
    "a slice": lambda T: {"s": slice(1, 2)},
    "a module": lambda T: T.nn.Linear(2, 2),
    "a numpy array": lambda T: {"a": np.ones(2)},
    "a numpy scalar": lambda T: {"a": np.float64(1.0)},
    "a function": lambda T: {"f": np.sum},
    "an exception": lambda T: {"e": ValueError("x")},
    "a type": lambda T: {"t": int},
    "a dtype": lambda T: {"d": T.float32},
    "an OrderedDict": lambda T: __import__("collections").OrderedDict(a=T.ones(2)),
    "nested containers": lambda T: {"a": [(1, 2.0, "x", None, True)], "b": {"c": T.ones(1)}},
    "a torch.Size": lambda T: {"s": T.Size([2, 3])},
    "a device": lambda T: {"d": T.device("cpu")},
    "an int64 tensor": lambda T: {"i": T.arange(3)},
    "a complex tensor": lambda T: {"c": T.ones(2, dtype=T.complex64)},
    "a Parameter": lambda T: {"p": T.nn.Parameter(T.ones(2))},
}
for _label, _make in UNSUPPORTED.items():
    add(f"load weights_only of {_label}", (lambda mk: lambda L, d: _save_then_load_weights_only(L, d, mk))(_make))


def _untouched(L, d, write):
    """Run ``write(path)`` where a file already is; raise what it raised, and fail if the file changed."""
    path = d / "keep.pt"
    path.write_bytes(b"precious")
    try:
        write(path)
    finally:
        assert path.read_bytes() == b"precious", "the file at the path was changed"


def _save_into_reader(L, path):
    with open(path, "rb") as f:
        L.save({"a": L.ones(2)}, f)


SAVES = {
    "to a directory": lambda L, d: L.save({"a": L.ones(2)}, d),
    "to a path under a file": lambda L, d: _untouched(L, d, lambda p: L.save({"a": L.ones(2)}, p / "x.pt")),
    "to a path in a missing folder": lambda L, d: L.save({"a": L.ones(2)}, d / "no" / "such" / "x.pt"),
    "to an empty path": lambda L, d: L.save({"a": L.ones(2)}, ""),
    "to a path that is a folder with a trailing separator": lambda L, d: L.save({"a": L.ones(2)}, str(d) + "/"),
    "to a file object opened for reading": lambda L, d: _untouched(L, d, lambda p: _save_into_reader(L, p)),
    "to a bytes path": lambda L, d: L.save({"a": L.ones(2)}, bytes(d / "x.pt")),
    "of a lambda into a new file": lambda L, d: L.save({"f": lambda: 1}, d / "x.pt"),
    "of a generator": lambda L, d: L.save({"g": (i for i in range(3))}, d / "x.pt"),
    "of a lock": lambda L, d: L.save({"l": __import__("threading").Lock()}, d / "x.pt"),
    "pickle_protocol 0": lambda L, d: L.save({"a": L.ones(2)}, d / "x.pt", pickle_protocol=0),
    "pickle_protocol too high": lambda L, d: L.save({"a": L.ones(2)}, d / "x.pt", pickle_protocol=99),
    "to an int path": lambda L, d: L.save({"a": L.ones(2)}, 7),
}
table("save", SAVES)


def _load_state_keeps(L, d, edit, strict):
    """Load the model's own state with one entry edited; re-raise what failed, after checking the model
    kept every value (a failed load loses nothing)."""
    model = _state(L)
    before = {k: v.detach().clone() for k, v in model.state_dict().items()}
    state = {k: v.detach().clone() for k, v in model.state_dict().items()}
    edit(L, state)
    try:
        result = model.load_state_dict(state, strict=strict)
    except Exception:
        for k, v in model.state_dict().items():
            assert L.equal(v, before[k]), f"{k} changed by a failed load"
        raise
    return sorted(result.missing_keys), sorted(result.unexpected_keys), str(model.state_dict()["0.weight"].dtype)


STATE_EDITS = {
    "weight float64": lambda L, s: s.__setitem__("0.weight", s["0.weight"].double()),
    "weight int64": lambda L, s: s.__setitem__("0.weight", s["0.weight"].long()),
    "weight bool": lambda L, s: s.__setitem__("0.weight", s["0.weight"] > 0),
    "weight complex": lambda L, s: s.__setitem__("0.weight", s["0.weight"].to(L.complex64)),
    "weight transposed": lambda L, s: s.__setitem__("0.weight", s["0.weight"].t()),
    "weight flattened": lambda L, s: s.__setitem__("0.weight", s["0.weight"].flatten()),
    "weight 0-d": lambda L, s: s.__setitem__("0.weight", L.tensor(1.0)),
    "bias with an extra dim": lambda L, s: s.__setitem__("1.bias", s["1.bias"][None]),
    "last bias empty": lambda L, s: s.__setitem__("1.bias", L.ones(0)),
    "weight a number": lambda L, s: s.__setitem__("0.weight", 1.0),
    "weight a list": lambda L, s: s.__setitem__("0.weight", [[1.0] * 3] * 2),
    "weight None": lambda L, s: s.__setitem__("0.weight", None),
    "weight requiring grad": lambda L, s: s.__setitem__("0.weight", s["0.weight"].requires_grad_()),
    "weight non-contiguous": lambda L, s: s.__setitem__("0.weight", s["0.weight"].t().contiguous().t()),
    "weight expanded": lambda L, s: s.__setitem__("1.bias", L.ones(1).expand(1)),
}
for _bad, _edit in STATE_EDITS.items():
    for _strict in (True, False):
        add(f"load_state_dict {'strict' if _strict else 'non-strict'} {_bad}",
            (lambda e, s: lambda L, d: _load_state_keeps(L, d, e, s))(_edit, _strict))


def _load_state_from_file(L, d, edit):
    model = _state(L)
    state = {k: v.detach().clone() for k, v in model.state_dict().items()}
    edit(L, state)
    L.save(state, d / "s.pt")
    return model.load_state_dict(L.load(d / "s.pt"))


add("load_state_dict from a saved file with a wrong shape",
    lambda L, d: _load_state_from_file(L, d, lambda L, s: s.__setitem__("0.bias", L.ones(3))))
add("load_state_dict from a saved file of float64",
    lambda L, d: str(_load_state_from_file(L, d, lambda L, s: s.update({k: v.double() for k, v in s.items()}))))
add("load_state_dict assign with a wrong shape", lambda L, d: _state(L).load_state_dict(
    {**_state(L).state_dict(), "0.bias": L.ones(3)}, assign=True))
add("load_state_dict assign float64", lambda L, d: str((lambda m: (m.load_state_dict(
    {k: v.double() for k, v in m.state_dict().items()}, assign=True), m[0].weight.dtype))(_state(L))[1]))
add("load_state_dict with strict a str", lambda L, d: _state(L).load_state_dict(_state(L).state_dict(), strict="yes"))


# Arguments of the wrong Python type where PyTorch's argument parser wants ints, bools, floats or
# numbers: a bool for an int, an int beyond int64, a tensor of several elements, a string, a list.
_BIG = 10 ** 20
table("argument", {
    "view of a bool size": lambda L, d: t(L).view(True),
    "reshape to a size beyond int64": lambda L, d: t(L).reshape(_BIG),
    "sum over a dim beyond int64": lambda L, d: t(L).sum(_BIG),
    "getitem beyond int64": lambda L, d: t(L)[_BIG],
    "setitem beyond int64": lambda L, d: t(L).clone().__setitem__(_BIG, 1.0),
    "unsqueeze at a dim beyond int64": lambda L, d: t(L).unsqueeze(-_BIG),
    "nonzero as_tuple an int": lambda L, d: t(L).nonzero(as_tuple=1),
    "nonzero as_tuple a tensor": lambda L, d: t(L).nonzero(as_tuple=L.ones(2)),
    "diag with a float diagonal": lambda L, d: L.diag(t(L), 1.5),
    "diag with a bool diagonal": lambda L, d: L.diag(t(L), True),
    "tril with a bool diagonal": lambda L, d: L.tril(t(L), True),
    "histc with float bins": lambda L, d: L.histc(t(L), 3.0),
    "histc with tensor bins": lambda L, d: L.histc(t(L), L.ones(2)),
    "isclose with a tensor rtol": lambda L, d: L.isclose(t(L), t(L), L.ones(2)),
    "isclose with a one-element tensor rtol": lambda L, d: L.isclose(t(L), t(L), L.ones(1)),
    "isclose with a 0-d tensor rtol": lambda L, d: L.isclose(t(L), t(L), L.tensor(1.0)).shape,
    "isclose with a string atol": lambda L, d: L.isclose(t(L), t(L), 1e-5, "x"),
    "isclose with a NaN rtol": lambda L, d: L.isclose(t(L), t(L), float("nan")),
    "fill_ with a string": lambda L, d: t(L).clone().fill_("x"),
    "fill_ with a list": lambda L, d: t(L).clone().fill_([1.0]),
    "fill_ with None": lambda L, d: t(L).clone().fill_(None),
    "roll by a float": lambda L, d: t(L).roll(1.5, 0),
    "roll along a tensor of dims": lambda L, d: t(L).roll(1, L.tensor([0, 1])),
    "roll along a bool dim": lambda L, d: t(L).roll(1, True),
    "bincount with a float minlength": lambda L, d: L.tensor([1, 2]).bincount(minlength=2.0),
    "bincount of floats with a string minlength": lambda L, d: t(L).flatten().bincount(minlength="x"),
    "kthvalue with a bool k": lambda L, d: t(L).kthvalue(True),
    "one_hot with bool classes": lambda L, d: L.nn.functional.one_hot(L.tensor([0, 1]), True),
    "to a tuple": lambda L, d: t(L).to((1, 2)),
    "to a list": lambda L, d: t(L).to([0]),
    "flip along a bool": lambda L, d: t(L).flip(True),
    "repeat a bool": lambda L, d: t(L).repeat(True),
})

# Python ints beyond what PyTorch's parser reads as a Scalar (int64, and uint64 above it): its
# OverflowError; within uint64 but beyond the tensor's dtype: its RuntimeError.
_HUGE = 2 ** 64
table("scalar", {
    "fill_ beyond uint64": lambda L, d: t(L).clone().fill_(_HUGE),
    "fill_ below int64": lambda L, d: t(L).clone().fill_(-2 ** 63 - 1),
    "fill_ of int64 with 2**63": lambda L, d: ints(L).clone().fill_(2 ** 63),
    "full beyond uint64": lambda L, d: L.full((2,), _HUGE),
    "full_like beyond uint64": lambda L, d: L.full_like(t(L), _HUGE),
    "new_full beyond uint64": lambda L, d: t(L).new_full((2,), _HUGE),
    "clamp min beyond uint64": lambda L, d: t(L).clamp(_HUGE),
    "clamp max below int64": lambda L, d: t(L).clamp(max=-_HUGE),
    "clamp of int64 at 2**63": lambda L, d: ints(L).clamp(2 ** 63),
    "lerp weight beyond uint64": lambda L, d: t(L).lerp(t(L), _HUGE),
    "arange to beyond uint64": lambda L, d: L.arange(_HUGE),
    "arange from below int64": lambda L, d: L.arange(-_HUGE, 0),
    "linspace to beyond uint64": lambda L, d: L.linspace(0, _HUGE, 3),
})

# dim=None given where PyTorch's overloads have no such form (its TypeError), and where one has
# (a reduction over every dim, nn.functional's implicit softmax dim with its warning)
table("dim None", {
    "max": lambda L, d: L.max(t(L), dim=None),
    "min as a method": lambda L, d: t(L).min(None),
    "median": lambda L, d: L.median(t(L), dim=None),
    "nanmedian": lambda L, d: t(L).nanmedian(dim=None),
    "prod": lambda L, d: L.prod(t(L), dim=None),
    "squeeze": lambda L, d: L.squeeze(t(L, (2, 1)), None),
    "squeeze as a method": lambda L, d: t(L, (2, 1)).squeeze(dim=None),
    "softmax": lambda L, d: L.softmax(t(L), dim=None),
    "log_softmax as a method": lambda L, d: t(L).log_softmax(None),
    "logsumexp": lambda L, d: L.logsumexp(t(L), dim=None),
    "sum": lambda L, d: L.sum(t(L), dim=None).shape,
    "argmax": lambda L, d: L.argmax(t(L), dim=None).shape,
    "nn.functional.softmax": lambda L, d: F(L).softmax(t(L), dim=None).shape,
    "nn.functional.normalize": lambda L, d: F(L).normalize(t(L), dim=None).tolist(),
})

# complex numbers where PyTorch has no kernel or refuses them by name (complex numbers have no order,
# no rounding, no bits), and bool tensors where its integer kernels stop short of Bool
def cplx(L, dtype=None):
    return t(L).to(dtype if dtype is not None else L.complex64)


table("complex", {
    "lt of complex tensors": lambda L, d: L.lt(cplx(L), cplx(L)),
    "ge of a float tensor and a complex one": lambda L, d: t(L, dtype=L.float64).ge(cplx(L, L.complex128)),
    "< of a float tensor and a complex number": lambda L, d: t(L) < 1j,
    "> of a complex number and an int tensor": lambda L, d: 1j > ints(L),
    "floor": lambda L, d: L.floor(cplx(L)),
    "ceil": lambda L, d: cplx(L).ceil(),
    "round": lambda L, d: L.round(cplx(L, L.complex128)),
    "trunc": lambda L, d: L.trunc(cplx(L)),
    "signbit": lambda L, d: L.signbit(cplx(L)),
    "isposinf": lambda L, d: L.isposinf(cplx(L)),
    "argmax": lambda L, d: L.argmax(cplx(L)),
    "argmin along a dim": lambda L, d: cplx(L).argmin(1),
    "maximum": lambda L, d: L.maximum(cplx(L), t(L)),
    "fmin": lambda L, d: L.fmin(t(L), cplx(L)),
    "heaviside": lambda L, d: L.heaviside(cplx(L), cplx(L)),
    "deg2rad": lambda L, d: L.deg2rad(cplx(L)),
    "nansum": lambda L, d: L.nansum(cplx(L)),
    "fmod by a complex number": lambda L, d: L.fmod(t(L), 1j),
    "remainder of float64 by a complex number": lambda L, d: t(L, dtype=L.float64).remainder(1j),
    "% by a complex number": lambda L, d: ints(L) % 1j,
    "complex number % a tensor": lambda L, d: 1j % t(L),
    "// by a complex number": lambda L, d: t(L) // 1j,
    "bitwise_and with a complex number": lambda L, d: L.bitwise_and(ints(L), 1j),
    "& a complex number": lambda L, d: ints(L) & 1j,
    "<< a complex number": lambda L, d: ints(L) << 1j,
    "copysign by a complex number": lambda L, d: L.copysign(t(L), 1j),
    "xlogy of a complex number": lambda L, d: L.xlogy(t(L), 1j),
    "complex number ** a float tensor": lambda L, d: ((0.5 + 1j) ** t(L)).tolist(),
    "complex number ** an int tensor": lambda L, d: ((0.5 + 1j) ** ints(L)).dtype,
})
table("bool", {
    "fmod": lambda L, d: L.fmod(ints(L) > 2, True),
    "floor_divide": lambda L, d: (ints(L) > 2) // True,
    "div trunc": lambda L, d: L.div(ints(L) > 2, ints(L) > 3, rounding_mode="trunc"),
    "True ** a bool tensor": lambda L, d: True ** (ints(L) > 2),
})
table("0-d", {
    "split": lambda L, d: L.tensor(1.0).split(1),
    "split_with_sizes": lambda L, d: L.tensor(1.0).split_with_sizes([1]),
    "chunk": lambda L, d: L.tensor(1.0).chunk(1),
})
add("flip without dims", lambda L, d: t(L).flip())
table("keepdim without dim", {
    "mean": lambda L, d: L.mean(t(L), keepdim=True),
    "max as a method": lambda L, d: t(L).max(keepdim=True),
    "prod": lambda L, d: L.prod(t(L), keepdim=True),
    "median": lambda L, d: t(L).median(keepdim=True),
    "sum with dim None": lambda L, d: L.sum(t(L), dim=None, keepdim=True).shape,
})

# in-place updates: results their tensor's dtype cannot hold, shapes that do not broadcast, and
# tensors whose elements share memory (expanded)
table("in place", {
    "bool += int": lambda L, d: (ints(L) > 2).__iadd__(1),
    "bool *= int": lambda L, d: (ints(L) > 2).__imul__(2),
    "bool += True": lambda L, d: (ints(L) > 2).__iadd__(True).tolist(),
    "sub_ of a bool tensor": lambda L, d: t(L).sub_(ints(L) > 2),
    "sub_ of two bool tensors": lambda L, d: (ints(L) > 2).sub_(ints(L) > 3),
    "div_ by a complex number": lambda L, d: t(L).div_(1j),
    "div_ by a tensor that does not broadcast": lambda L, d: t(L).div_(t(L, (4,))),
    "logical_and of shapes that do not broadcast": lambda L, d: L.logical_and(t(L), t(L, (4,))),
    "logical_or_ of shapes that do not broadcast": lambda L, d: t(L).logical_or_(t(L, (4,))),
    "masked assignment of a value of too many dims": lambda L, d: t(L).__setitem__(t(L) > 2, t(L, (2, 3))),
    "add_ into an expanded tensor": lambda L, d: t(L, (1, 3)).expand(3, 3).add_(1),
    "relu_ of an expanded tensor": lambda L, d: t(L, (1, 3)).expand(3, 3).relu_(),
    "exp_ of an expanded column": lambda L, d: t(L, (1, 3)).expand(3, 3)[:, 0].exp_(),
})

# layers and losses: PyTorch's checks of hidden states, norms' statistics and eps, fold/unfold's geometry,
# and the forms it takes (a 1-D weight in linear)
def _seq(L):
    return L.arange(24.0).reshape(3, 2, 4) / 24


table("layer", {
    "LSTM with three hidden states": lambda L, d: L.nn.LSTM(4, 5)(_seq(L), (L.zeros(1, 2, 5),) * 3),
    "GRU with a float64 hidden state": lambda L, d: L.nn.GRU(4, 5)(_seq(L), L.zeros(1, 2, 5, dtype=L.float64)),
    "LSTMCell with a tensor for hx": lambda L, d: L.nn.LSTMCell(4, 5)(t(L, (3, 4)), L.zeros(3, 5)),
    "LSTMCell with one hidden state": lambda L, d: L.nn.LSTMCell(4, 5)(t(L, (3, 4)), (L.zeros(3, 5),)),
    "group_norm of one value per group": lambda L, d: F(L).group_norm(t(L, (1, 3)), 3),
    "GroupNorm of one value per group": lambda L, d: L.nn.GroupNorm(3, 3)(t(L, (1, 3, 1))),
    "batch_norm with a negative eps": lambda L, d: F(L).batch_norm(t(L, (4, 3)), L.zeros(3), L.ones(3), eps=-1),
    "batch_norm training with eps 0": lambda L, d: F(L).batch_norm(t(L, (4, 3)), L.zeros(3), L.ones(3),
                                                                   training=True, eps=0.0),
    "batch_norm with 2-D running statistics": lambda L, d: F(L).batch_norm(t(L, (4, 3)), L.zeros(3, 1),
                                                                           L.ones(3, 1)),
    "Flatten of a 0-d tensor": lambda L, d: L.nn.Flatten()(L.tensor(1.0)),
    "fold with stride 0": lambda L, d: F(L).fold(t(L, (1, 4, 16)), (8, 8), 2, stride=0),
    "fold with padding -1": lambda L, d: F(L).fold(t(L, (1, 4, 16)), (8, 8), 2, padding=-1),
    "unfold with a one-element kernel_size": lambda L, d: F(L).unfold(t(L, (1, 2, 8, 8)), (2,)),
    "cross_entropy of a float target of another batch size": lambda L, d: F(L).cross_entropy(t(L, (4, 5)),
                                                                                             t(L, (3, 5))),
    "linear with a 1-D weight": lambda L, d: F(L).linear(t(L, (3, 4)), L.ones(4)).tolist(),
    "linear with a 1-D weight and a bias": lambda L, d: F(L).linear(t(L, (3, 4)), L.ones(4), L.tensor(1.0)),
    "linear of a batch with a 1-D weight and a bias": lambda L, d: F(L).linear(t(L, (2, 3, 4)), L.ones(4),
                                                                               L.tensor(1.0)).tolist(),
})


def _anomalous_sqrt(L):
    with L.autograd.detect_anomaly():
        L.tensor([-1.0, 1.0], requires_grad=True).sqrt().sum().backward()


def _set_requires_grad(y, value):
    y.requires_grad = value


def _own_grad(x):
    x.grad = x


table("autograd", {
    "requires_grad = True on a computed tensor": lambda L, d: _set_requires_grad(t(L, rg=True) * 2, True),
    "requires_grad_() on a computed tensor": lambda L, d: (t(L, rg=True) * 2).requires_grad_().requires_grad,
    "a tensor as its own grad": lambda L, d: _own_grad(t(L, rg=True)),
    "detect_anomaly with a NaN gradient": lambda L, d: _anomalous_sqrt(L),
})
table("argument type", {
    "sum with keepdim=1": lambda L, d: t(L).sum(0, keepdim=1),
    "mean with keepdim=None": lambda L, d: L.mean(t(L), 0, keepdim=None),
    "max along a dim with keepdim=1": lambda L, d: t(L).max(0, keepdim=1),
    "std with keepdim=1": lambda L, d: t(L).std(0, keepdim=1),
    "conv2d with a float stride": lambda L, d: F(L).conv2d(t(L, (1, 1, 5, 5)), L.ones(1, 1, 3, 3), stride=1.5),
    "conv2d with a float in its padding": lambda L, d: F(L).conv2d(t(L, (1, 1, 5, 5)), L.ones(1, 1, 3, 3),
                                                                   padding=(1.0, 1)),
    "Conv2d with a float stride": lambda L, d: L.nn.Conv2d(1, 1, 3, stride=1.5)(t(L, (1, 1, 5, 5))),
    "conv_transpose2d with a bool stride": lambda L, d: F(L).conv_transpose2d(t(L, (1, 1, 5, 5)),
                                                                              L.ones(1, 1, 3, 3), stride=True),
})
table("argument kind", {
    "batch_norm with list running statistics": lambda L, d: F(L).batch_norm(t(L, (4, 3)), [0.0] * 3, [1.0] * 3),
    "layer_norm with a list weight": lambda L, d: F(L).layer_norm(t(L, (4, 3)), (3,), weight=[1.0] * 3),
    "conv2d with a list bias": lambda L, d: F(L).conv2d(t(L, (1, 2, 4, 4)), L.ones(1, 2, 3, 3), bias=[0.0]),
    "grid_sample with grid None": lambda L, d: F(L).grid_sample(t(L, (1, 2, 4, 4)), None),
    "meshgrid with None": lambda L, d: L.meshgrid(t(L, (3,)), None),
    "pad_sequence with None": lambda L, d: L.nn.utils.rnn.pad_sequence([t(L, (3,)), None]),
    "pad_sequence of 0-d tensors": lambda L, d: L.nn.utils.rnn.pad_sequence([L.tensor(1.0), L.tensor(2.0)]),
    "pad_sequence with a later 0-d tensor": lambda L, d: L.nn.utils.rnn.pad_sequence([t(L, (3,)), L.tensor(2.0)]),
    "add with a tensor alpha of three elements": lambda L, d: L.add(t(L, (3,)), t(L, (3,)), alpha=t(L, (3,))),
    "SGD with a two-element lr": lambda L, d: L.optim.SGD([L.nn.Parameter(L.ones(2))], lr=L.tensor([0.1, 0.2])),
    "fill_ of an int tensor with NaN": lambda L, d: ints(L).fill_(float("nan")),
    "interpolate with a NaN scale_factor": lambda L, d: F(L).interpolate(t(L, (1, 2, 4, 4)), scale_factor=float("nan")),
    "index_select with an int16 index": lambda L, d: L.index_select(t(L), 0, L.tensor([0], dtype=L.int16)),
    "gather with a uint8 index": lambda L, d: L.gather(t(L), 0, L.zeros(1, 3, dtype=L.uint8)),
    "float of a complex element": lambda L, d: float(L.tensor(1 + 2j)),
    "int of a real complex element": lambda L, d: int(L.tensor(3 + 0j)),
    "histogram without bins": lambda L, d: L.histogram(t(L))[0].shape,
    "norm with p None": lambda L, d: L.norm(t(L), None).item(),
    "movedim of a 0-d tensor": lambda L, d: L.movedim(L.tensor(1.0), 0, 0).shape,
    "mse_loss with reduction elementwise_mean": lambda L, d: F(L).mse_loss(t(L), t(L), reduction="elementwise_mean").item(),
    "repeat_interleave with 2-D repeats": lambda L, d: L.repeat_interleave(t(L, (3,)), L.ones(1, 3, dtype=L.long)),
    "a number through a uint8 mask": lambda L, d: t(L).__setitem__(L.ones(2, 3, dtype=L.uint8), 1.0),
    "zeros of 10**20": lambda L, d: L.zeros(10 ** 20),
})

# ----------------------------------------------------------------------------------------------
# numbers that do not fit the tensor they are written into (PyTorch's "value cannot be converted")
_NOT_FITTING = {
    "inf into int32": (lambda L: L.int32, float("inf")),
    "NaN into int64": (lambda L: L.int64, float("nan")),
    "300 into int8": (lambda L: L.int8, 300),
    "-1 into uint8": (lambda L: L.uint8, -1),
    "1e300 into int32": (lambda L: L.int32, 1e300),
    "2**63 into int64": (lambda L: L.int64, 2 ** 63),
    "1e300 into float32": (lambda L: L.float32, 1e300),
    "70000.0 into float16": (lambda L: L.float16, 70000.0),
    "inf into float32": (lambda L: L.float32, float("inf")),
    "1j into bool": (lambda L: L.bool, 1j),
    "1j into float64": (lambda L: L.float64, 1j),
}
for _label, (_dtype, _value) in _NOT_FITTING.items():
    table(f"number {_label}:", {
        "t[0] =": lambda L, d, dt=_dtype, v=_value: _written(L.zeros(3, dtype=dt(L)), 0, v),
        "t[:2] =": lambda L, d, dt=_dtype, v=_value: _written(L.zeros(3, dtype=dt(L)), slice(0, 2), v),
        "fill_": lambda L, d, dt=_dtype, v=_value: L.zeros(3, dtype=dt(L)).fill_(v).tolist(),
        "full": lambda L, d, dt=_dtype, v=_value: L.full((2,), v, dtype=dt(L)).tolist(),
        "masked_fill": lambda L, d, dt=_dtype, v=_value: L.zeros(3, dtype=dt(L)).masked_fill(
            L.tensor([True, False, True]), v).tolist(),
    })


def _written(x, index, value):
    """``x[index] = value``, then x's values."""
    x[index] = value
    return x.tolist()


add("clamp of float32 with max 1e300", lambda L, d: t(L).clamp(max=1e300).tolist())

# dtype= given as something other than a dtype (PyTorch's TypeError; a Python type as float is a dtype)
table("dtype given as", {
    "a string to zeros": lambda L, d: L.zeros(3, dtype="float32"),
    "a NumPy type to zeros": lambda L, d: L.zeros(3, dtype=np.float32),
    "a NumPy dtype to tensor": lambda L, d: L.tensor([1], dtype=np.dtype("int64")),
    "a string to sum": lambda L, d: t(L).sum(dtype="float64"),
    "a NumPy type to cumsum": lambda L, d: t(L).cumsum(0, dtype=np.float64),
    "a NumPy type to arange": lambda L, d: L.arange(3, dtype=np.int32),
    "a string to randint": lambda L, d: L.randint(0, 3, (2,), dtype="int64"),
    "a Python float to ones": lambda L, d: L.ones(2, dtype=float).tolist(),
    "a Python int to to": lambda L, d: t(L).to(int).tolist(),
})

# small dtype rules of the fourth probe
table("dtype rule:", {
    "nanmean with an int dtype": lambda L, d: t(L).nanmean(dtype=L.int64),
    "dtype to_complex of float32": lambda L, d: str(L.float32.to_complex()),
    "dtype to_complex of int64": lambda L, d: L.int64.to_complex(),
    "dtype to_real of complex128": lambda L, d: str(L.complex128.to_real()),
    "finfo of complex64": lambda L, d: L.finfo(L.complex64).eps,
    "dist of float and int": lambda L, d: L.dist(t(L, (2,)), L.tensor([0, 0])).item(),
    "dist of two ints": lambda L, d: L.dist(L.tensor([1, 2]), L.tensor([0, 0])),
    "arange of complex64": lambda L, d: L.arange(0, 1, 0.25, dtype=L.complex64),
    "unary plus of bool": lambda L, d: +L.tensor([True]),
    "abs_ of complex": lambda L, d: L.tensor([1j]).abs_(),
    "median of bool": lambda L, d: L.median(L.tensor([True, False])),
    "median of bool along a dim": lambda L, d: L.tensor([True]).median(0),
    "nanmedian of bool": lambda L, d: L.nanmedian(L.tensor([True])),
})
table("dtype rule:", {
    "isin of bool": lambda L, d: L.isin(L.tensor([True]), L.tensor([True, False])),
    "searchsorted of bool in bool": lambda L, d: L.searchsorted(L.tensor([False, True]), L.tensor([True])),
    "searchsorted of bool in int": lambda L, d: L.searchsorted(L.tensor([1, 2]), L.tensor([True])).tolist(),
    "bucketize of bool by bool": lambda L, d: L.bucketize(L.tensor([True]), L.tensor([False, True])),
    "repeat_interleave with int8 counts": lambda L, d: L.repeat_interleave(t(L, (2,)), L.tensor([1, 2], dtype=L.int8)),
    "repeat_interleave with int32 counts": lambda L, d: L.repeat_interleave(L.tensor([1, 2], dtype=L.int32)).tolist(),
    "trace of bool": lambda L, d: L.trace(L.ones(2, 2, dtype=L.bool)),
    "bincount of bool": lambda L, d: L.bincount(L.tensor([True, False])),
    "quantile of float16": lambda L, d: L.quantile(L.tensor([1.0, 2.0], dtype=L.float16), 0.5),
    "index_fill of a complex into float": lambda L, d: L.index_fill(L.zeros(2), 0, L.tensor([0]), 1j),
    "nan_to_num with a complex nan": lambda L, d: L.nan_to_num(L.zeros(2), nan=1j),
})
table("dtype rule:", {
    "sub of bool and int with alpha": lambda L, d: L.sub(L.tensor([True, False]), L.tensor([1, 2]), alpha=2),
    "sub of int and bool with alpha": lambda L, d: L.sub(L.tensor([1, 2]), L.tensor([True, False]), alpha=2),
    "add of bool and True with alpha 2": lambda L, d: str(L.add(L.tensor([True, False]), True, alpha=2).dtype),
    "uint8 to the power 300": lambda L, d: L.tensor([3], dtype=L.uint8) ** 300,
    "where of 300 beside uint8": lambda L, d: L.where(L.tensor([True]), 300, L.tensor([1], dtype=L.uint8)),
    "where of -1 beside uint8": lambda L, d: L.where(L.tensor([True]), -1, L.tensor([1], dtype=L.uint8)).tolist(),
})
table("dtype rule:", {
    "tensor of a complex as bool": lambda L, d: L.tensor([0j, 1j], dtype=L.bool).tolist(),
    "tensor of a numpy.float64 in a list as int64": lambda L, d: L.tensor([np.float64(1.5)], dtype=L.int64).tolist(),
    "tensor of a numpy.float32 in a list as int64": lambda L, d: L.tensor([np.float32(1.5)], dtype=L.int64),
})

# autograd arguments (the fourth probe)
table("autograd:", {
    "backward with a list of floats as gradient": lambda L, d: (L.ones(3, requires_grad=True) * 2).backward([1.0, 1.0, 1.0]),
    "backward with more gradients than tensors": lambda L, d: L.autograd.backward(
        [L.ones(3, requires_grad=True).sum()], [L.tensor(1.0), L.tensor(2.0)]),
    "backward with fewer gradients than tensors": lambda L, d: L.autograd.backward(
        [L.ones(3, requires_grad=True).sum()] * 2, [L.tensor(1.0)]),
    "grad with materialize_grads and allow_unused False": lambda L, d: L.autograd.grad(
        L.ones(3, requires_grad=True).sum(), L.ones(3, requires_grad=True), materialize_grads=True, allow_unused=False),
    "post-accumulate hook returning a tensor": lambda L, d: _post_hook_returning(L, lambda t: t * 2),
    "post-accumulate hook returning an int": lambda L, d: _post_hook_returning(L, lambda t: 5),
})


def _post_hook_returning(L, hook):
    x = L.ones(2, requires_grad=True)
    x.register_post_accumulate_grad_hook(hook)
    (x * 2).sum().backward()
add("autograd: a Parameter of an inference tensor", lambda L, d: L.nn.Parameter(_inference_ones(L)))


def _inference_ones(L):
    with L.inference_mode():
        return L.ones(2)
