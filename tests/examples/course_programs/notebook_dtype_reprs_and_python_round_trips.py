"""A notebook's first cells on dtypes: the same four numbers as float16, float32, float64, the
signed and unsigned integers, bool and both complex dtypes, each printed whole, as a 0-d element,
empty and reshaped, then back to Python through tolist(), item() and numpy(); tiny and huge
magnitudes, overflow to inf in float16, nan/inf in complex, -0.0, int64's extremes, 0-d and empty
tensors of every kind, set_printoptions precision/sci_mode/linewidth/threshold/profile variants, and
the errors of float()/int()/bool()/item()/index() and numpy() on the wrong tensors."""
import torch


def attempt(label, fn):
    try:
        out = fn()
        print(label, "->", out)
    except Exception as e:  # noqa: BLE001 - the cell prints whichever error PyTorch raises
        print(label, "!!", type(e).__name__ + ":", str(e).splitlines()[0])


vals = [0.1, -2.5, 1000.0, 3.0]
for dt in [torch.float16, torch.float32, torch.float64, torch.int8, torch.uint8,
           torch.int16, torch.int32, torch.int64, torch.bool, torch.complex64, torch.complex128]:
    t = torch.tensor(vals).to(dt)
    print(dt, t)
    print(repr(t[0]), t[:0], t.reshape(2, 2))
    print(t.tolist(), t[1].item(), type(t[1].item()).__name__)
    try:
        a = t.numpy()
        print(a.dtype, a.tolist())
    except Exception as e:
        print(type(e).__name__, str(e).splitlines()[0])
print(torch.tensor([1e-30, 1e30]), torch.tensor([1e-30, 1e30], dtype=torch.float16))
print(torch.tensor([65504.0, 70000.0]).half(), torch.tensor([1e-8]).half())
print(torch.tensor([float('nan'), float('inf')], dtype=torch.complex64))
print(torch.tensor([1+1e-8j, 1e10+2j]))
print(torch.tensor([[1+2j, -3.5-0.25j], [0j, 1e-5j]]))
print(torch.tensor([True, False]).reshape(2, 1, 1))
print(torch.empty(0, 3, dtype=torch.int8), torch.empty(2, 0, 3, dtype=torch.bool))
print(torch.empty(0, dtype=torch.complex64), torch.tensor(5, dtype=torch.int8))
print(torch.tensor(True), torch.tensor(2.5, dtype=torch.float16), torch.tensor(-0.0))
print(torch.tensor([-0.0, 0.0]), torch.tensor([1e-5, 1.0]), torch.tensor([1e-4, 1e4]))
print(torch.tensor([123456789.0]), torch.tensor([123456789], dtype=torch.int32))
print(torch.tensor([1.0, 2.0]).half().requires_grad_())
print(torch.arange(-128, 128, 37, dtype=torch.int8))
print(torch.tensor([2**63 - 1, -2**63]))
torch.set_printoptions(precision=2, sci_mode=False)
print(torch.tensor([1e-6, 12345.678], dtype=torch.float64), torch.tensor([1+1e-6j]))
torch.set_printoptions(precision=10)
print(torch.tensor([1/3]), torch.tensor([1/3], dtype=torch.float64), torch.tensor([1/3]).half())
torch.set_printoptions(profile='full')
print(torch.arange(1200).reshape(2, 600)[:, :3])
torch.set_printoptions(profile='default', linewidth=30)
print(torch.arange(20, dtype=torch.int8), torch.ones(8, dtype=torch.complex64))
torch.set_printoptions(linewidth=80)
torch.set_printoptions(threshold=5, edgeitems=1)
print(torch.arange(60.).reshape(3, 4, 5))
print(torch.ones(10, dtype=torch.bool), torch.ones(10, dtype=torch.complex128))
torch.set_printoptions(profile='default')
print(f"{torch.tensor(2.5)}", "{:.3f}".format(torch.tensor(2.5)), str(torch.tensor([1, 2])))
attempt("format int", lambda: "{:d}".format(torch.tensor(3)))
attempt("format bool", lambda: "{}".format(torch.tensor(True)))
attempt("float of 2el", lambda: float(torch.tensor([1., 2.])))
attempt("int of complex", lambda: int(torch.tensor(1+1j)))
attempt("float of complex", lambda: float(torch.tensor(1+1j)))
attempt("complex of float", lambda: complex(torch.tensor(1.5)))
attempt("item empty", lambda: torch.tensor([]).item())
attempt("bool of 2el", lambda: bool(torch.tensor([1, 2])))
attempt("bool of empty", lambda: bool(torch.tensor([])))
attempt("index of float", lambda: [1, 2, 3][torch.tensor(1.0)])
attempt("index of int", lambda: [1, 2, 3][torch.tensor(1)])
attempt("numpy requires_grad", lambda: torch.ones(2, requires_grad=True).numpy())
attempt("numpy force", lambda: torch.ones(2, requires_grad=True).numpy(force=True))
attempt("tolist 0-d", lambda: torch.tensor(3.5).tolist())
attempt("tolist half", lambda: torch.tensor([0.1]).half().tolist())
attempt("item int8", lambda: type(torch.tensor(3, dtype=torch.int8).item()).__name__)
