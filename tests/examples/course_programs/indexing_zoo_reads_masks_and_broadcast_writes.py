"""An indexing zoo as students try it in a notebook: reads with negative and zero steps (refused),
Ellipsis (twice: refused), None, bool masks of every shape (and wrong ones), Python bools, lists,
index tensors of one and two dims, separated and adjacent advanced indices, int32 and 0-d index
tensors, out-of-range and float indices, 0-d tensors; then writes: broadcasting a row, a column,
a mask's values, duplicate indices, values of the wrong shape (copy_'s expand errors for basic
indices, index_put_'s shape mismatch for advanced ones, both naming the value without its leading
size-1 dims), casts into int/bool/uint8 tensors, a write into a leaf; and index_select, take, gather,
masked_fill, index_put, index_add, nonzero, argwhere and one-argument where."""
import torch


def attempt(label, fn):
    try:
        out = fn()
        if isinstance(out, torch.Tensor):
            print(label, "->", tuple(out.shape), out.dtype, out.flatten()[:8].tolist())
        else:
            print(label, "->", out)
    except Exception as e:  # noqa: BLE001 - the cell prints whichever error PyTorch raises
        print(label, "!!", type(e).__name__ + ":", str(e).splitlines()[0])


x = torch.arange(60).reshape(3, 4, 5)
attempt("neg step", lambda: x[::-1])
attempt("zero step", lambda: x[::0])
attempt("ellipsis", lambda: x[..., 1])
attempt("two ellipsis", lambda: x[..., 1, ...])
attempt("None mid", lambda: x[:, None, 1])
attempt("None ellipsis None", lambda: x[None, ..., None])
attempt("bool mask full", lambda: x[x % 7 == 0])
attempt("bool mask row", lambda: x[torch.tensor([True, False, True])])
attempt("bool mask wrong len", lambda: x[torch.tensor([True, False])])
attempt("bool mask 2d", lambda: x[torch.ones(3, 4, dtype=torch.bool)])
attempt("bool mask 2d wrong", lambda: x[torch.ones(3, 5, dtype=torch.bool)])
attempt("python bool", lambda: x[True])
attempt("python False", lambda: x[False])
attempt("list idx", lambda: x[[0, 2]])
attempt("tuple idx", lambda: x[(0, 2)])
attempt("idx 2d tensor", lambda: x[torch.tensor([[0, 1], [2, 2]])])
attempt("two idx tensors", lambda: x[torch.tensor([0, 2]), torch.tensor([1, 3])])
attempt("separated adv", lambda: x[torch.tensor([0, 2]), :, torch.tensor([1, 3])])
attempt("adjacent adv mid", lambda: x[:, torch.tensor([0, 2]), torch.tensor([[1], [3]])])
attempt("adv + slice + None", lambda: x[None, torch.tensor([0, 1]), 1:3])
attempt("broadcast mismatch", lambda: x[torch.tensor([0, 2]), torch.tensor([1, 3, 0])])
attempt("out of range", lambda: x[3])
attempt("neg out of range", lambda: x[-4])
attempt("tensor out of range", lambda: x[torch.tensor([5])])
attempt("float idx", lambda: x[torch.tensor([0.0])])
attempt("float py idx", lambda: x[1.0])
attempt("int32 idx", lambda: x[torch.tensor([0, 1], dtype=torch.int32)])
attempt("0d idx", lambda: x[torch.tensor(2)])
attempt("too many", lambda: x[0, 0, 0, 0])
attempt("empty idx", lambda: x[torch.tensor([], dtype=torch.long)])
attempt("empty list", lambda: x[[]])
attempt("slice beyond", lambda: x[5:10])
attempt("step 2 neg start", lambda: x[-2::2, 1:-1:3])
attempt("0d tensor indexing", lambda: torch.tensor(5)[()])
attempt("0d ellipsis", lambda: torch.tensor(5)[...])
attempt("0d None", lambda: torch.tensor(5)[None])
attempt("0d int", lambda: torch.tensor(5)[0])
attempt("0d mask", lambda: torch.tensor(5)[torch.tensor(True)])
attempt("mask 0d false", lambda: x[torch.tensor(False)])
y = torch.zeros(3, 4)


def setitem(t, idx, v):
    t = t.clone()
    t[idx] = v
    return t
attempt("set row bcast", lambda: setitem(y, 0, torch.tensor([1., 2., 3., 4.])))
attempt("set col bcast", lambda: setitem(y, (slice(None), 1), torch.tensor([[1.], [2.], [3.]]).squeeze(1)))
attempt("set wrong shape", lambda: setitem(y, 0, torch.ones(3)))
attempt("set mask scalar", lambda: setitem(y, y == 0, 7.0))
attempt("set mask tensor", lambda: setitem(y, torch.tensor([True, False, True]), torch.arange(4.)))
attempt("set mask vals", lambda: setitem(y, torch.eye(3, 4, dtype=torch.bool), torch.tensor([1., 2., 3.])))
attempt("set mask wrong count", lambda: setitem(y, torch.eye(3, 4, dtype=torch.bool), torch.tensor([1., 2.])))
attempt("set adv dup", lambda: setitem(y, (torch.tensor([0, 0]), torch.tensor([1, 1])), torch.tensor([5., 6.])))
attempt("set adv bcast", lambda: setitem(y, torch.tensor([[0], [2]]), torch.tensor([9., 8., 7., 6.])))
attempt("set int float", lambda: setitem(torch.zeros(3, dtype=torch.long), 0, 2.7))
attempt("set int from float tensor", lambda: setitem(torch.zeros(3, dtype=torch.long), 0, torch.tensor(2.7)))
attempt("set bool from 5", lambda: setitem(torch.zeros(3, dtype=torch.bool), 1, 5))
attempt("set u8 from -1", lambda: setitem(torch.zeros(3, dtype=torch.uint8), 1, -1))
attempt("set u8 from 300", lambda: setitem(torch.zeros(3, dtype=torch.uint8), 1, 300))
attempt("set complex into float", lambda: setitem(torch.zeros(3), 1, 1j))
attempt("set list", lambda: setitem(y, 1, [1, 2, 3, 4]))
attempt("set ellipsis", lambda: setitem(y, ..., 3))
attempt("set None", lambda: setitem(y, (None, 1), torch.ones(1, 4)))
attempt("set extra dims", lambda: setitem(y, 1, torch.ones(1, 1, 4)))
attempt("set extra dims bad", lambda: setitem(y, 1, torch.ones(2, 1, 4)))
attempt("set extra dims bad f64", lambda: setitem(y, 1, torch.ones(2, 1, 4, dtype=torch.float64)))
attempt("set leading 1 too short", lambda: setitem(y, slice(0, 1), torch.ones(1, 3)))
attempt("set element from 2", lambda: setitem(y, (0, 0), torch.ones(2)))
attempt("set None too many", lambda: setitem(y, None, torch.ones(2, 3, 4)))
attempt("set adv leading 1s", lambda: setitem(y, [0, 1], torch.ones(1, 1, 3)))
attempt("set mask leading 1", lambda: setitem(y, torch.tensor([True, False, True]), torch.ones(1, 2)))
attempt("set neg step", lambda: setitem(y, slice(None, None, -1), 1.0))
attempt("set slice step", lambda: setitem(y, (slice(None), slice(None, None, 2)), torch.tensor([1., 2.])))
leaf = torch.ones(3, requires_grad=True)
attempt("set leaf", lambda: setitem(leaf, 0, 2.0).sum())


def set_leaf_inplace():
    leaf[0] = 2.0
attempt("set leaf inplace", set_leaf_inplace)
z = torch.arange(10)
attempt("index_select", lambda: z.index_select(0, torch.tensor([3, 1])))
attempt("take", lambda: x.take(torch.tensor([[0, 59], [7, 8]])))
attempt("take oob", lambda: x.take(torch.tensor([60])))
attempt("gather", lambda: x.gather(2, torch.tensor([[[0]], [[4]], [[2]]]).expand(3, 4, 1)))
attempt("gather bad dim", lambda: x.gather(3, torch.zeros(1, 1, 1, dtype=torch.long)))
attempt("masked_fill", lambda: z.masked_fill(z > 5, -1))
attempt("masked_fill float val", lambda: z.masked_fill(z > 5, 1.5))
attempt("index_put acc", lambda: torch.zeros(3).index_put((torch.tensor([0, 0, 2]),), torch.tensor(1.), accumulate=True))
attempt("index_add", lambda: torch.zeros(3).index_add(0, torch.tensor([0, 0, 2]), torch.ones(3), alpha=2))
attempt("nonzero", lambda: x.eq(0).logical_or(x.eq(33)).nonzero())
attempt("nonzero tuple", lambda: [t.tolist() for t in (x % 29 == 0).nonzero(as_tuple=True)])
attempt("argwhere", lambda: torch.argwhere(torch.tensor([[0, 1], [2, 0]])))
attempt("where1", lambda: [t.tolist() for t in torch.where(torch.tensor([[0, 1], [2, 0]]))])
print(x[1:, ::2][..., -1])
print(x[torch.tensor([[True, False, True, False]]*3)].shape)
