"""A course's promotion cells printed as tables: torch.promote_types over bool, the integer, float and
complex dtypes; result_type of tensors and 0-d tensors with Python bools, ints, floats, complex and
nan; can_cast; the dtype of uint8 plus each Python scalar; wrap-around of uint8/int8 arithmetic, the
bitwise and shift operators, in-place ops that cannot cast (add_, div_, pow_, clamp_), integer
division by zero and rounding modes, reductions of small integer dtypes, unary float ops on ints, and
the dtype properties (itemsize, is_signed, to_complex/to_real, finfo/iinfo and their reprs)."""
import torch


def attempt(label, fn):
    try:
        out = fn()
        print(label, "->", out)
    except Exception as e:  # noqa: BLE001 - the cell prints whichever error PyTorch raises
        print(label, "!!", type(e).__name__ + ":", str(e).splitlines()[0])


dts = [torch.bool, torch.uint8, torch.int8, torch.int16, torch.int32, torch.int64, torch.float16,
       torch.float32, torch.float64, torch.complex64, torch.complex128]
names = [str(d).split('.')[1] for d in dts]
print(" " * 10 + " ".join(n[:6].rjust(6) for n in names))
for a in dts:
    row = [str(torch.promote_types(a, b)).split('.')[1][:6].rjust(6) for b in dts]
    print(str(a).split('.')[1][:10].ljust(10) + " ".join(row))
scalars = [True, 2, -3, 2.5, 1j, float('nan')]
for a in [d for d in dts if d != torch.float16]:
    t = torch.ones(2, dtype=a)
    z = torch.tensor(1, dtype=a)
    print(a, [torch.result_type(t, s) for s in scalars], [torch.result_type(z, s) for s in scalars])
    print(" ", [torch.result_type(t, torch.tensor(s)) for s in scalars])
    print(" ", [torch.can_cast(a, b) for b in dts])
for s in scalars:
    print(repr(s), torch.tensor(s).dtype, [(torch.tensor([1, 2], dtype=torch.uint8) + s).dtype])
attempt("result_type two scalars", lambda: torch.result_type(2, 3.0))
attempt("result_type scalar tensor", lambda: torch.result_type(2, torch.tensor([1.0])))
attempt("result_type of a str", lambda: torch.result_type(torch.ones(2), "float"))
attempt("result_type of None", lambda: torch.result_type(None, 2.5))
attempt("can_cast python types", lambda: (torch.can_cast(float, torch.float32), torch.can_cast(torch.float64, int)))
attempt("can_cast of an int", lambda: torch.can_cast(torch.float32, 1))
attempt("u8 + -1", lambda: torch.tensor([1], dtype=torch.uint8) + -1)
attempt("u8 + 256", lambda: torch.tensor([1], dtype=torch.uint8) + 256)
attempt("i8 * 1000", lambda: torch.tensor([1], dtype=torch.int8) * 1000)
attempt("bool + 1", lambda: torch.tensor([True]) + 1)
attempt("bool * 1.5", lambda: torch.tensor([True]) * 1.5)
attempt("bool & 1", lambda: torch.tensor([True]) & 1)
attempt("float & 1", lambda: torch.tensor([1.0]) & 1)
attempt("int ~", lambda: ~torch.tensor([5, -1]))
attempt("float ~", lambda: ~torch.tensor([5.0]))
attempt("bool neg", lambda: -torch.tensor([True]))
attempt("int << 2", lambda: torch.tensor([1, 3]) << 2)
attempt("u8 >> 1", lambda: torch.tensor([255], dtype=torch.uint8) >> 1)
attempt("half + double0d", lambda: (torch.ones(2).half() + torch.tensor(1.0, dtype=torch.float64)).dtype)
attempt("int + half0d", lambda: (torch.ones(2, dtype=torch.int32) + torch.tensor(1.0).half()).dtype)
attempt("c64 + f64 0d", lambda: (torch.ones(2, dtype=torch.complex64) + torch.tensor(1.0, dtype=torch.float64)).dtype)


def inplace(op, dst, src):
    getattr(dst, op)(src)
    return dst
attempt("i64.add_(f32)", lambda: inplace("add_", torch.ones(2, dtype=torch.long), torch.ones(2)))
attempt("i64.add_(1.5)", lambda: inplace("add_", torch.ones(2, dtype=torch.long), 1.5))
attempt("i64.mul_(2)", lambda: inplace("mul_", torch.ones(2, dtype=torch.long), 2))
attempt("i64.div_(2)", lambda: inplace("div_", torch.ones(2, dtype=torch.long), 2))
attempt("f32.add_(c)", lambda: inplace("add_", torch.ones(2), 1j))
attempt("f32.add_(f64)", lambda: inplace("add_", torch.ones(2), torch.ones(2, dtype=torch.float64)))
attempt("bool.add_(1)", lambda: inplace("add_", torch.ones(2, dtype=torch.bool), 1))
attempt("bool.add_(True)", lambda: inplace("add_", torch.zeros(2, dtype=torch.bool), True))
attempt("u8.sub_(i8)", lambda: inplace("sub_", torch.ones(2, dtype=torch.uint8), torch.ones(2, dtype=torch.int8)))
attempt("u8.pow_(2)", lambda: inplace("pow_", torch.full((2,), 20, dtype=torch.uint8), 2))
attempt("i32.pow_(0.5)", lambda: inplace("pow_", torch.full((2,), 4, dtype=torch.int32), 0.5))
attempt("i32 floor_divide_", lambda: inplace("floor_divide_", torch.tensor([-7, 7], dtype=torch.int32), 2))
attempt("i32 remainder_", lambda: inplace("remainder_", torch.tensor([-7, 7], dtype=torch.int32), 3))
attempt("f32 fmod_", lambda: inplace("fmod_", torch.tensor([-7., 7.]), 3))
attempt("int true_divide", lambda: torch.tensor([7]).true_divide(2))
attempt("int div floor", lambda: torch.tensor([-7]).div(2, rounding_mode='floor'))
attempt("int div trunc", lambda: torch.tensor([-7]).div(2, rounding_mode='trunc'))
attempt("int div bad", lambda: torch.tensor([-7]).div(2, rounding_mode='round'))
attempt("int div 0", lambda: torch.tensor([-7]).div(0, rounding_mode='floor'))
attempt("int // 0", lambda: torch.tensor([-7]) // 0)
attempt("int % 0", lambda: torch.tensor([-7]) % 0)
attempt("float // 0", lambda: torch.tensor([-7., 0.]) // 0)
attempt("sum of u8", lambda: torch.tensor([200, 100], dtype=torch.uint8).sum())
attempt("cumsum of bool", lambda: torch.tensor([True, True]).cumsum(0))
attempt("prod of i8", lambda: torch.tensor([100, 100], dtype=torch.int8).prod())
attempt("mean of i8 dtype", lambda: torch.tensor([100, 100], dtype=torch.int8).mean(dtype=torch.float32))
attempt("max of bool", lambda: torch.tensor([True, False]).max())
attempt("abs of i8 min", lambda: torch.tensor([-128], dtype=torch.int8).abs())
attempt("sqrt of int", lambda: torch.tensor([4, 2]).sqrt())
attempt("exp of bool", lambda: torch.tensor([True]).exp())
attempt("sigmoid of u8", lambda: torch.tensor([1], dtype=torch.uint8).sigmoid())
attempt("round of int", lambda: torch.tensor([3]).round())
attempt("round decimals", lambda: torch.tensor([1.23456, 12345.6789]).round(decimals=2))
attempt("round neg decimals", lambda: torch.tensor([1234.5, 1250.]).round(decimals=-2))
attempt("clamp int float", lambda: torch.tensor([1, 5]).clamp(max=2.5))
attempt("clamp_ int float", lambda: torch.tensor([1, 5]).clamp_(max=2.5))
attempt("where int float", lambda: torch.where(torch.tensor([True, False]), torch.tensor([1]), 2.5))
attempt("where scalars", lambda: torch.where(torch.tensor([True, False]), 1, 2.5))
attempt("where ints", lambda: torch.where(torch.tensor([True, False]), 1, 2))
attempt("maximum i f", lambda: torch.maximum(torch.tensor([1]), torch.tensor([1.5])))
attempt("eq i c", lambda: torch.tensor([1]) == 1j)
attempt("lt c", lambda: torch.tensor([1j]) < 1)
attempt("type str", lambda: torch.ones(2).type())
attempt("type to", lambda: torch.ones(2).type('torch.IntTensor'))
attempt("type dtype", lambda: torch.ones(2).type(torch.int16))
attempt("is_floating_point", lambda: [torch.ones(1, dtype=d).is_floating_point() for d in dts])
attempt("is_complex", lambda: [torch.ones(1, dtype=d).is_complex() for d in dts])
attempt("is_signed", lambda: [torch.ones(1, dtype=d).is_signed() for d in dts])
attempt("itemsize", lambda: [d.itemsize for d in dts])
attempt("element_size", lambda: [torch.ones(1, dtype=d).element_size() for d in dts])
attempt("dtype props", lambda: [(d.is_floating_point, d.is_complex, d.is_signed) for d in dts])
attempt("to_complex", lambda: [d.to_complex() for d in (torch.float32, torch.float64)])
attempt("to_real", lambda: [d.to_real() for d in (torch.complex64, torch.complex128, torch.float32)])
attempt("finfo", lambda: (torch.finfo(torch.float16).max, torch.finfo(torch.float16).eps, torch.finfo(torch.float16).tiny, torch.finfo().dtype))
attempt("finfo c64", lambda: torch.finfo(torch.complex64).eps)
attempt("iinfo", lambda: (torch.iinfo(torch.int8).min, torch.iinfo(torch.uint8).max, torch.iinfo(torch.int32).bits))
attempt("iinfo float", lambda: torch.iinfo(torch.float32))
attempt("finfo int", lambda: torch.finfo(torch.int32))
attempt("finfo repr", lambda: repr(torch.finfo(torch.float32)))
attempt("iinfo repr", lambda: repr(torch.iinfo(torch.int16)))
