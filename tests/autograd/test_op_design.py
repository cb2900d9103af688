"""The core's design, as specifications: the backward vocabulary on both sides, the fast paths
agreeing with the general paths they shortcut, and the engine's recorded dependency counts."""
import inspect

import numpy as np
import pytest
import torch

import minigrad
from minigrad.autograd import namespace
from minigrad.autograd import op as op_module
from minigrad.autograd.namespace import TENSOR_MATH, array_math
from minigrad.ops import arithmetic, power, selection, clamping, index, unary, reduce, shape, permutation, order
from minigrad.ops import activation, linear
from minigrad.ops.order import _picked_along

rng = np.random.default_rng(0)


def test_both_namespaces_provide_the_same_words():
    m = array_math(np)
    for word in namespace.vocabulary():
        assert callable(getattr(m, word)), word
        assert callable(getattr(TENSOR_MATH, word)), word
    assert not m.records and TENSOR_MATH.records


X = rng.uniform(0.5, 2.0, (3, 4))
WORDS = {  # word -> arguments (arrays are made Tensors on the Tensor side)
    "sum_to": lambda: (X, (1, 4)), "broadcast_to": lambda: (X[:1], (3, 4)),
    "expand_reduced": lambda: (X.sum(1), (3, 4), (1,), False), "sum": lambda: (X, (0,), True),
    "mean": lambda: (X, (1,)), "where": lambda: (X > 1, X, -X), "zeros_like": lambda: (X,),
    "unsqueeze": lambda: (X, 1), "squeeze": lambda: (X[:, :1], 1), "mT": lambda: (X,),
    "permute": lambda: (X, (1, 0)), "flip": lambda: (X, (0,)), "cumsum": lambda: (X, 1),
    "clamp": lambda: (X, 0.8, 1.5), "softmax": lambda: (X, 1), "log_sigmoid": lambda: (X - 1,),
    "mm": lambda: (X, X.T), "prod_of_others": lambda: (X, (1,)),
}


@pytest.mark.parametrize("word", sorted(WORDS) + [rule.name for rule in unary.RULES])
def test_each_word_computes_the_same_on_arrays_and_on_tensors(word):
    args = WORDS[word]() if word in WORDS else (X,)
    on_arrays = getattr(array_math(np), word)(*args)
    as_tensors = [minigrad.tensor(a) if isinstance(a, np.ndarray) else a for a in args]
    on_tensors = getattr(TENSOR_MATH, word)(*as_tensors)
    np.testing.assert_allclose(np.asarray(on_arrays), on_tensors.numpy(), rtol=1e-12)


def test_scalar_word_gives_a_number_the_array_side_computes_with_in_the_same_dtype():
    x = np.ones(3, np.float32)
    c = array_math(np).scalar(0.1, x)
    assert c.dtype == np.float32 and (x * c).dtype == np.float32 and (x * c == x * 0.1).all()
    assert TENSOR_MATH.scalar(0.1, minigrad.ones(3)) == 0.1


def _recorded(t):
    node = t._node
    return (t.numpy(force=True).tolist(), str(t.dtype), t.requires_grad, type(node).__name__,
            None if node is None else (tuple(node.needs_input_grad), [type(e).__name__ for e in node.next],
                                       [tuple(s) for s in getattr(node, "shapes", ())],
                                       [None if v is None else np.asarray(v).tolist() for v in node.values],
                                       [i for _, _, i in node.checks]))


def _operands():
    a = minigrad.tensor(rng.standard_normal((2, 3)), requires_grad=True)
    b = minigrad.tensor(rng.standard_normal(3))
    c = minigrad.tensor(rng.standard_normal((2, 3)), requires_grad=True)
    return a, b, c


@pytest.mark.parametrize("op", [arithmetic.Add, arithmetic.Sub, arithmetic.Mul, arithmetic.Div, power.Pow,
                                selection.Maximum, selection.LeakyRelu])
@pytest.mark.parametrize("pair", ["grad_and_constant", "both_grad", "constant_and_grad", "number"])
def test_two_argument_fast_path_records_what_the_general_path_records(op, pair):
    a, b, c = _operands()
    if op is selection.LeakyRelu or pair == "number":
        args = (c, 0.3)
    else:
        args = {"grad_and_constant": (a, b), "both_grad": (a, c), "constant_and_grad": (b, a)}[pair]
    if op is power.Pow:
        args = (args[0].abs() + 0.5, args[1])
    assert _recorded(op._apply_fast(*args)) == _recorded(op._apply_any(args))


#: three-argument calls: op -> the arguments (Tensors made with requires_grad=False), ``lo`` and ``hi`` bounds
_THREE_ARGUMENTS = {
    "linear": lambda: (linear.Linear, rng.standard_normal((5, 3)), rng.standard_normal((4, 3)), rng.standard_normal(4)),
    "linear_without_bias": lambda: (linear.Linear, rng.standard_normal((5, 3)), rng.standard_normal((4, 3)), None),
    "clamp_tensor_bounds": lambda: (clamping.Clamp, rng.standard_normal((2, 3)), rng.uniform(-1, 0, 3),
                                    rng.uniform(0, 1, (2, 1))),
    "clamp_a_bound_and_a_number": lambda: (clamping.Clamp, rng.standard_normal((2, 3)), 0.2, rng.uniform(0, 1, 3)),
    "hardtanh": lambda: (activation.Hardtanh, rng.standard_normal((2, 3)), -0.5, 0.5),
}


@pytest.mark.parametrize("call", sorted(_THREE_ARGUMENTS))
@pytest.mark.parametrize("grads", range(8))
def test_three_argument_fast_path_records_what_the_general_path_records(call, grads):
    """``grads``: bit i set where the i-th argument requires grad (a plain value never does)."""
    op, *values = _THREE_ARGUMENTS[call]()
    args = tuple(v if not isinstance(v, np.ndarray) else minigrad.tensor(v, requires_grad=bool(grads >> i & 1))
                 for i, v in enumerate(values))
    assert _recorded(op._apply_fast(*args)) == _recorded(op._apply_any(args))
    assert _recorded(op.apply(*args)) == _recorded(op._apply_any(args))


def _checks(t, args):
    """A recorded node's in-place checks, each as (whose counter: an argument's position or -1 for
    the output, the version expected, the position it names)."""
    owners = {id(a._version_counter): i for i, a in enumerate(args) if isinstance(a, minigrad.Tensor)}
    owners[id(t._version_counter)] = -1
    return [(owners[id(counter)], expected, i) for counter, expected, i in t._node.checks]


@pytest.mark.parametrize("pair", ["both_grad", "grad_and_constant", "constant_and_grad"])
def test_fast_path_checks_the_versions_the_general_path_checks(pair):
    """Pow saves both arguments and, for the exponent's gradient, its output: the fast path keeps
    the same checks as the general path, in its order, with each argument's current version."""
    a, _, c = _operands()
    base, exponent = a.detach().abs() + 0.5, c.detach()
    base.add_(1.0)
    exponent.mul_(1.0).mul_(1.0)
    args = {"both_grad": (base.requires_grad_(), exponent.requires_grad_()),
            "grad_and_constant": (base.requires_grad_(), exponent),
            "constant_and_grad": (base, exponent.requires_grad_())}[pair]
    fast, general = power.Pow._apply_fast(*args), power.Pow._apply_any(args)
    assert _checks(fast, args) == _checks(general, args)


@pytest.mark.parametrize("grads", [(True, True, True), (True, False, False), (False, True, False), (False, False, True)])
def test_three_argument_fast_path_checks_the_versions_the_general_path_checks(grads):
    """Clamp saves its input and Tensor bounds: the three-argument fast path keeps the same checks
    as the general path, in its order, with each argument's current version."""
    x, lo, hi = (minigrad.tensor(rng.uniform(a, b, (2, 3))) for a, b in ((-1, 1), (-1, 0), (0, 1)))
    x.add_(1.0)
    hi.mul_(1.0).mul_(1.0)
    args = tuple(t.requires_grad_(g) for t, g in zip((x, lo, hi), grads))
    fast, general = clamping.Clamp._apply_fast(*args), clamping.Clamp._apply_any(args)
    assert _checks(fast, args) == _checks(general, args)


@pytest.mark.parametrize("op", [unary.OPS["exp"], unary.OPS["relu"], unary.OPS["sigmoid"], unary.OPS["sign"]])
def test_one_argument_fast_path_records_what_the_general_path_records(op):
    _, _, c = _operands()
    assert _recorded(op._apply_fast(c, op_module._ONE_ARGUMENT)) == _recorded(op._apply_any((c,)))


def _stateless_ops():
    found, stack = [], [op_module.Op]
    while stack:
        cls = stack.pop()
        stack.extend(cls.__subclasses__())
        if cls.stateless_forward:
            found.append(cls)
    return sorted(found, key=lambda cls: cls.__name__)


#: the second argument of the marked ops that take a plain value there (the others take a Tensor)
_STATELESS_SECOND_ARGUMENTS = {clamping.ClampNumbers: (0.3, 0.7)}


@pytest.mark.parametrize("op", _stateless_ops(), ids=lambda cls: cls.__name__)
def test_stateless_forward_without_grad_gives_what_a_recorded_forward_gives(op):
    """An op marked ``stateless_forward`` computes with the backend's shared context when nothing is
    recorded (which refuses any attribute but xp): the same values as with a node of its own."""
    x = minigrad.tensor(rng.uniform(0.1, 0.9, (2, 3)))
    args = (x,) if op.__module__ == unary.__name__ else (x, _STATELESS_SECOND_ARGUMENTS.get(op)
                                                          or minigrad.tensor(rng.uniform(0.1, 0.9, 3)))
    with np.errstate(all="ignore"):
        plain = op._apply_fast(*args) if len(args) == 2 else op._apply_fast(x, op_module._ONE_ARGUMENT)
        recorded = op._apply_any(tuple(a.detach().requires_grad_() if isinstance(a, minigrad.Tensor) else a
                                       for a in args))
    assert plain.grad_fn is None and recorded.grad_fn is not None
    np.testing.assert_array_equal(plain.numpy(), recorded.detach().numpy())


def test_the_shared_forward_context_takes_no_attribute_but_the_array_module():
    ctx = minigrad.tensor([1.0])._device._get_backend().forward_context
    with pytest.raises(AttributeError):
        ctx.saved = 1


@pytest.mark.parametrize("op", [reduce.Sum, reduce.Mean])
def test_full_reduction_fast_path_records_what_the_general_path_records(op):
    _, _, c = _operands()
    fast = c.sum() if op is reduce.Sum else c.mean()
    general = op._apply_any((c, None, False) if op is reduce.Mean else (c, None, False, None))
    assert fast.tolist() == general.tolist() and fast.grad_fn.name() == general.grad_fn.name()
    # (the fast path records the Tensor argument alone: the general one also the plain ones, as None edges)
    assert fast.grad_fn.next == (general.grad_fn.next[0],) and fast.grad_fn.needs_input_grad == (True,)
    (fast_grad,), (general_grad,) = minigrad.autograd.grad(fast, c), minigrad.autograd.grad(general, c)
    assert fast_grad.tolist() == general_grad.tolist()


@pytest.mark.parametrize("op", [reduce.Sum, reduce.Mean])
@pytest.mark.parametrize("dims", [(0,), (1,), (0, 1)])
def test_reduction_over_dims_fast_path_records_what_the_general_path_records(op, dims):
    _, _, c = _operands()
    fast = c.sum(dims) if op is reduce.Sum else c.mean(dims)
    general = op._apply_any((c, dims, False) if op is reduce.Mean else (c, dims, False, None))
    assert fast.tolist() == general.tolist() and fast.grad_fn.name() == general.grad_fn.name()
    # (the fast path records the Tensor argument and the dims: the general one also the others, as None edges)
    assert list(fast.grad_fn.next) == general.grad_fn.next[:2] and fast.grad_fn.needs_input_grad == (True, False)
    g = minigrad.tensor(rng.standard_normal(fast.shape))
    (fast_grad,), (general_grad,) = minigrad.autograd.grad(fast, c, g), minigrad.autograd.grad(general, c, g)
    assert fast_grad.tolist() == general_grad.tolist()


@pytest.mark.parametrize("idx", [1, -3, (1, 0), (-1,), (2, -2), ()])
def test_integer_index_fast_path_gives_the_view_basic_indexing_gives(idx):
    base = minigrad.tensor(rng.standard_normal((3, 2)))
    fast = base[idx]
    general = index.BasicIndex.apply(base, idx)
    assert fast.tolist() == general.tolist() and fast._version_counter is base._version_counter is general._version_counter
    assert fast.shape == general.shape and fast._data.base is not None
    grad_base = minigrad.zeros(3, 2, requires_grad=True).clone()
    assert fast._view[1](grad_base, TENSOR_MATH).tolist() == general._view[1](grad_base, TENSOR_MATH).tolist()
    fast.add_(1.0)  # writes through, as the general path's view would
    assert base[idx].tolist() == general.tolist()


@pytest.mark.parametrize("idx, message", [(3, "index 3 is out of bounds for dimension 0 with size 3"),
                                          ((0, 2), "index 2 is out of bounds for dimension 1 with size 2"),
                                          ((-4, 0), "index -4 is out of bounds for dimension 0 with size 3")])
def test_integer_index_fast_path_raises_the_general_paths_index_error(idx, message):
    with pytest.raises(IndexError, match=message):
        minigrad.zeros(3, 2)[idx]
    with pytest.raises(IndexError, match=message):
        minigrad.zeros(3, 2, requires_grad=True)[idx]


BASIC = [(slice(None), 1), (Ellipsis, None), (slice(None), None, 1), (None, slice(1, 3), Ellipsis),
         (Ellipsis, 0, 0), (slice(None, None, 2), None), (slice(1, 3),), (), (0, Ellipsis, None, -1)]


def _registered(base, view):
    return any(r() is view for r in base.__dict__.get("_views", ()))


@pytest.mark.parametrize("idx", BASIC + [slice(1, None, 2)])
def test_basic_index_fast_path_gives_the_view_basic_indexing_gives(idx):
    base = minigrad.tensor(rng.standard_normal((3, 2)))
    fast = base[idx]
    general = index.BasicIndex.apply(base, idx)
    assert fast.tolist() == general.tolist() and fast.shape == general.shape
    assert fast.stride() == general.stride() and fast.storage_offset() == general.storage_offset()
    assert fast._version_counter is base._version_counter is general._version_counter
    assert fast._view[0] is general._view[0] is base and fast.grad_fn is None is general.grad_fn
    assert _registered(base, fast) == _registered(base, general)
    grad_base = minigrad.zeros(3, 2, requires_grad=True).clone()
    assert fast._view[1](grad_base, TENSOR_MATH).tolist() == general._view[1](grad_base, TENSOR_MATH).tolist()
    fast.add_(1.0)  # writes through, as the general path's view would
    assert base[idx].tolist() == general.tolist()


@pytest.mark.parametrize("idx", BASIC)
def test_basic_index_in_the_graph_records_what_the_converted_index_records(idx):
    x = minigrad.tensor(rng.standard_normal((3, 2)), requires_grad=True)
    fast = x[idx]
    converted, basic = index.convert_index(idx, x)
    general = index.BasicIndex.apply(x, converted)
    assert basic and fast.tolist() == general.tolist() and fast.stride() == general.stride()
    assert fast.grad_fn.name() == general.grad_fn.name()
    (fast_grad,), (general_grad,) = minigrad.autograd.grad(fast.sum(), x), minigrad.autograd.grad(general.sum(), x)
    assert fast_grad.tolist() == general_grad.tolist()


@pytest.mark.parametrize("idx, error, message", [
    ((slice(None), 2), IndexError, "index 2 is out of bounds for dimension 1 with size 2"),
    ((Ellipsis, -3), IndexError, "index -3 is out of bounds for dimension 1 with size 2"),
    ((0, 0, 0), IndexError, "too many indices for tensor of dimension 2"),
    ((slice(None), None, 0, 1), IndexError, "too many indices for tensor of dimension 2"),
    ((slice(None), slice(None, None, 0)), ValueError, "slice step cannot be zero")])
def test_basic_index_fast_path_leaves_bad_indices_to_the_general_paths_errors(idx, error, message):
    for requires_grad in (False, True):
        with pytest.raises(error, match=message):
            minigrad.zeros(3, 2, requires_grad=requires_grad)[idx]


VIEW_OPS = [(shape.View, ((4, 3),)), (shape.Reshape, ((2, 6),)), (shape.Unsqueeze, ((3, 1, 4), 1)),
            (shape.SqueezeDim, ((3, 4),)), (permutation.Permute, ((1, 0),)), (permutation.TransposeT, ((1, 0),))]
VIEW_SETTINGS = ["plain", "requires_grad", "no_grad", "view_of_a_view", "transposed"]


def _view_made(op, args, setting, fast):
    """What ``op`` makes of a (3, 4) tensor in ``setting`` by the fast path or the general one: the
    view, how it is tied to its root, what it records, and the root's gradient through it."""
    data = np.arange(12.0).reshape(4, 3) if setting == "transposed" else np.arange(12.0).reshape(3, 4)
    root = minigrad.tensor(data, requires_grad=setting in ("requires_grad", "no_grad"))
    x = root.t() if setting == "transposed" else root.view(3, 4) if setting == "view_of_a_view" else root
    try:
        with minigrad.set_grad_enabled(setting != "no_grad"):
            v = op.apply(x, *args) if fast else op._apply_any((x, *args))
    except RuntimeError as error:  # (a view of the transposed tensor)
        return str(error)
    view = v._view or (None, None)  # (a reshape that had to copy is no view)
    grad_root = minigrad.zeros(root.shape, requires_grad=True).clone()
    node = v._node
    return (v.tolist(), v.shape, v.stride(), v._version_counter is root._version_counter, view[0] is root,
            view[2:], view[1] and view[1](grad_root, TENSOR_MATH).stride(), v.requires_grad,
            _registered(root, v), type(node).__name__,
            node and (node.needs_input_grad, [type(e).__name__ for e in node.next],
                      minigrad.autograd.grad((v * v).sum(), root)[0].tolist()))


@pytest.mark.parametrize("op, args", VIEW_OPS, ids=[op.op_name for op, _ in VIEW_OPS])
@pytest.mark.parametrize("setting", VIEW_SETTINGS)
def test_view_fast_path_gives_the_view_the_general_path_gives(op, args, setting):
    assert _view_made(op, args, setting, fast=True) == _view_made(op, args, setting, fast=False)


def _described(v, root):
    """A view ``v`` of ``root``: its values and layout, how it is tied to its root, what it records,
    and the root's gradient through it."""
    node = v._node
    return (v.tolist(), v.shape, v.stride(), v._version_counter is root._version_counter, v._view[0] is root,
            v._view[2:], _registered(root, v), v.requires_grad, type(node).__name__,
            node and (node.needs_input_grad, [type(e).__name__ for e in node.next],
                      minigrad.autograd.grad((v * v).sum(), root)[0].tolist()))


@pytest.mark.parametrize("order", [(1, 0), (0, 1), (2, 0, 1), (0, 2, 1), (0,)])
@pytest.mark.parametrize("grad", [False, True])
def test_permute_fast_path_gives_the_view_the_checked_path_gives(order, grad):
    """(``permute(1, 0)`` skips the reading and checks that ``permute(dims=...)`` takes)"""
    root = minigrad.tensor(rng.standard_normal((2, 3, 4)[:len(order)]), requires_grad=grad)
    assert _described(root.permute(*order), root) == _described(root.permute(dims=order), root)


@pytest.mark.parametrize("order, error, message", [((1, 1), RuntimeError, "duplicate dims are not allowed"),
                                                   ((0,), RuntimeError, "input.dim\\(\\) = 2 is not equal"),
                                                   ((0, 2), IndexError, "Dimension out of range")])
def test_permute_fast_path_leaves_bad_orders_to_the_checked_paths_errors(order, error, message):
    with pytest.raises(error, match=message):
        minigrad.zeros(3, 2).permute(*order)


def test_permute_of_negative_dims_gives_the_view_of_their_wrapped_dims():
    root = minigrad.tensor(rng.standard_normal((2, 3, 4)), requires_grad=True)
    assert _described(root.permute(-1, 0, -2), root) == _described(root.permute(2, 0, 1), root)


@pytest.mark.parametrize("mask_shape", [(4,), (4, 5), (4, 5, 2)])
@pytest.mark.parametrize("grad", [False, True])
def test_mask_index_fast_path_records_what_the_converted_index_records(mask_shape, grad):
    """(``x[mask]`` with a mask of x's leading dims skips the index conversion and bounds checks that
    ``x[(mask,)]`` takes)"""
    x = minigrad.tensor(rng.standard_normal((4, 5, 2)), requires_grad=grad)
    mask = minigrad.tensor(rng.random(mask_shape) < 0.5)
    fast, general = x[mask], x[(mask,)]
    assert _recorded(fast) == _recorded(general) and fast.stride() == general.stride()
    if grad:
        g = minigrad.tensor(rng.standard_normal(fast.shape))
        assert minigrad.autograd.grad(fast, x, g)[0].tolist() == minigrad.autograd.grad(general, x, g)[0].tolist()


@pytest.mark.parametrize("mask_shape, message", [((3,), "The shape of the mask \\[3\\] at index 0 does not match"),
                                                 ((4, 2), "The shape of the mask \\[4, 2\\] at index 1 does not match"),
                                                 ((4, 5, 2, 1), "too many indices")])
def test_mask_index_fast_path_leaves_masks_of_other_shapes_to_the_checks(mask_shape, message):
    with pytest.raises(IndexError, match=message):
        minigrad.zeros(4, 5, 2)[minigrad.zeros(mask_shape, dtype=minigrad.bool)]


@pytest.mark.parametrize("shape, dim", [((4, 8), 1), ((4, 8), 0), ((1, 5), 1), ((5, 1), 0), ((0, 3), 1)])
def test_picking_along_a_matrix_fast_path_gives_what_take_along_axis_gives(shape, dim):
    """(max(dim) and min(dim) of a matrix index it with one cached arange beside the argmax)"""
    x = rng.standard_normal(shape)
    idx = x.argmax(axis=dim)
    expected = np.take_along_axis(x, np.expand_dims(idx, dim), dim).squeeze(dim)
    got = _picked_along(np, x, idx, dim)
    assert got.shape == expected.shape and got.tobytes() == expected.tobytes()


@pytest.mark.parametrize("dim, keepdim", [(1, False), (0, True), (1, True)])
@pytest.mark.parametrize("op", [order.IndexedMax, order.IndexedMedian])
def test_values_along_a_dim_take_the_two_argument_fast_path_and_record_what_the_general_path_records(
        op, dim, keepdim):
    """(max/min/median(dim), kthvalue and mode pass dim, keepdim, the index and is_max as one argument)"""
    _, _, c = _operands()
    pick = (dim, keepdim, c._data.argmax(axis=dim), True)
    fast, general = op.apply(c, pick), op._apply_any((c, pick))
    assert fast.grad_fn.next == (general.grad_fn.next[0], None)  # (the fast path's: the Tensor and the pick)
    assert fast.tolist() == general.tolist() and fast.grad_fn.name() == general.grad_fn.name()
    assert fast.grad_fn._saved_indices.tolist() == general.grad_fn._saved_indices.tolist()
    g = minigrad.tensor(rng.standard_normal(fast.shape))
    (fast_grad,), (general_grad,) = minigrad.autograd.grad(fast, c, g), minigrad.autograd.grad(general, c, g)
    assert fast_grad.tolist() == general_grad.tolist()


@pytest.mark.parametrize("shapes", [((4, 8), (4, 8), (4, 8)), ((4, 1), (1, 8), (8,)), ((), (3,), ())])
@pytest.mark.parametrize("dtype", [np.float32, np.float64, np.int64, np.complex64])
@pytest.mark.parametrize("grads", [(False, False), (True, False), (True, True)])
def test_where_fast_path_records_what_the_general_path_records(shapes, dtype, grads):
    cond = minigrad.tensor(rng.random(shapes[0]) < 0.5)
    a, b = (minigrad.tensor(rng.standard_normal(s).astype(dtype), requires_grad=g and dtype != np.int64)
            for s, g in zip(shapes[1:], grads))
    fast, general = minigrad.where(cond, a, b), selection._where(cond, a, b, selection.Where)
    assert _recorded(fast) == _recorded(general) and fast.stride() == general.stride()
    if fast.requires_grad:
        g = minigrad.tensor(rng.standard_normal(fast.shape).astype(dtype))
        assert [t.tolist() for t in minigrad.autograd.grad(fast, a, g)] == \
            [t.tolist() for t in minigrad.autograd.grad(general, a, g)]


class _TensorSubclass(minigrad.Tensor):
    """A Tensor that is not exactly minigrad's: takes the general paths."""


@pytest.mark.parametrize("name", ["eq", "ne", "lt", "le", "gt", "ge"])
@pytest.mark.parametrize("other", [0.5, -0.0, float("nan"), 0, -3, 2 ** 63 - 1, -2 ** 63, "tensor", "column"])
@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
def test_comparison_fast_path_gives_what_promoting_the_operands_gives(name, other, dtype):
    """(a floating Tensor beside a Python float or int64, or two Tensors of one dtype, skip as_operand
    and promote)"""
    data = np.array([[0.5, -0.0, np.nan, 3.0], [-3.0, 0.0, np.inf, -np.inf]], dtype)
    x = minigrad.tensor(data).t()
    if other in ("tensor", "column"):
        values = rng.standard_normal((4, 2) if other == "tensor" else (4, 1)).astype(dtype)
        other, general_other, torch_other = minigrad.tensor(values), minigrad.tensor(values), torch.tensor(values)
        general_other.__class__ = _TensorSubclass  # (not a plain Tensor: the general path)
    else:
        general_other = np.float64(other) if isinstance(other, float) else np.int64(other)  # (read by as_operand)
        torch_other = other
    fast, general = getattr(minigrad, name)(x, other), getattr(minigrad, name)(x, general_other)
    expected = getattr(torch, name)(torch.tensor(data).t(), torch_other)
    assert fast.tolist() == general.tolist() == expected.tolist()
    assert fast.dtype == general.dtype and fast.stride() == general.stride() == expected.stride()


@pytest.mark.parametrize("other, error", [(2 ** 63, OverflowError), (True, None), (1.5 + 0j, None)])
def test_comparison_fast_path_leaves_other_numbers_to_as_operand(other, error):
    x = minigrad.tensor([0.5, 1.0])
    if error is not None:
        with pytest.raises(error):
            x > other
    else:
        assert (x == other).tolist() == (torch.tensor([0.5, 1.0]) == other).tolist()


def test_cached_aranges_are_read_only_and_forgotten_with_the_cached_ones():
    rows = namespace.arange(np, 5)
    assert rows.tolist() == list(range(5)) and rows.dtype == np.arange(5).dtype and not rows.flags.writeable
    assert namespace.arange(np, 5) is rows
    namespace.forget_ones()  # (minigrad.compile's call around a capture)
    assert namespace.arange(np, 5) is not rows


@pytest.mark.parametrize("sizes", [(8, 4), (32,), (2, 2, 8), (1, 32, 1), (4, -8), (8, -1), (0, 32), (16, 4),
                                   (True, 32), (np.int64(8), 4), (2 ** 63, 0), ()])
@pytest.mark.parametrize("numel", [32, 0])
def test_plain_sizes_are_what_the_size_readers_return(sizes, numel):
    """view's and reshape's shortcut for positive Python int sizes gives the shape sizes_arg and
    infer_shape give, and leaves every other case (and its errors) to them."""
    plain = shape._plain_sizes(sizes, numel)
    if plain is not None:
        assert plain == shape.infer_shape(shape.sizes_arg(sizes), numel) and type(plain) is tuple
    else:
        assert any(s.__class__ is not int or s <= 0 for s in sizes) or _product(sizes) != numel


def _product(sizes):
    n = 1
    for s in sizes:
        n *= s
    return n


def test_backward_from_a_tensor_that_is_used_later_still_reaches_the_leaves():
    x = minigrad.tensor([1.0, 2.0], requires_grad=True)
    y = x * 3
    z = y * y  # a consumer this backward never runs: y waits on it, until the pass recounts
    y.sum().backward()
    assert x.grad.tolist() == [3.0, 3.0]
    del z


def test_two_losses_sharing_a_graph_each_get_their_gradient():
    x = minigrad.tensor([1.0, 2.0], requires_grad=True)
    h = x.exp()
    first, second = (h * 2).sum(), (h * h).sum()
    first.backward(retain_graph=True)
    assert np.allclose(x.grad.numpy(), 2 * np.exp([1.0, 2.0]))
    x.grad = None
    second.backward()
    assert np.allclose(x.grad.numpy(), 2 * np.exp([2.0, 4.0]))


def test_a_dropped_branch_does_not_hold_back_the_gradient():
    w = minigrad.tensor([0.5, -1.0], requires_grad=True)
    h = w * 2
    _ = h.exp()  # computed and dropped (a metric), still a recorded consumer of h
    (h * 3).sum().backward()
    assert w.grad.tolist() == [6.0, 6.0]


def test_a_parameter_used_every_step_is_counted_afresh_in_each_graph():
    w = minigrad.tensor([1.0, 2.0], requires_grad=True)
    for _ in range(3):
        (w * w).sum().backward()
        w.grad = None
    node = (w * w).grad_fn.next[0]
    assert node.uses == 2  # this graph's two uses, not every step's


def test_a_leaf_keeps_its_accumulator_across_steps():
    w = minigrad.tensor([1.0, 2.0], requires_grad=True)
    loss = (w * w).sum()
    first = loss.grad_fn.next[0].next[0]
    loss.backward()
    assert first.uses == 0
    assert (w * w).grad_fn.next[0] is first  # the same node, counting the new graph's uses only
    assert first.uses == 2


def test_a_graph_recorded_before_another_graph_backward_still_sums_its_gradients_once():
    w = minigrad.tensor([1.0, 2.0], requires_grad=True)
    seen = []
    w.register_hook(lambda g: seen.append(g.tolist()))
    first = (w * w).sum()
    second = (w * 3).sum()  # both graphs hold edges into w's accumulator
    first.backward()
    second.backward()
    assert seen == [[2.0, 4.0], [3.0, 3.0]] and w.grad.tolist() == [5.0, 7.0]


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("rows", [0, 1, 5, 256])
@pytest.mark.parametrize("dims", [0, (0,)], ids=["bias_gradient", "sum_of_dim_0"])
def test_column_sums_as_a_product_with_ones_give_the_sums_of_add_reduce(dtype, rows, dims):
    g = rng.standard_normal((rows, 12)).astype(dtype)
    fast = array_math(np).sum(g, dims)
    assert fast.dtype == g.dtype and fast.shape == (12,)
    # the same sums up to the order of the additions: within rows * eps of the sum of magnitudes
    bound = max(rows, 1) * np.finfo(dtype).eps * np.add.reduce(np.abs(g), 0)
    assert np.all(np.abs(fast - np.add.reduce(g, 0)) <= bound)


@pytest.mark.parametrize("base", [np.zeros(()), np.zeros((3,)), np.zeros((2, 3)), np.zeros((4, 3)).T,
                                  np.zeros((2, 1, 3))[:, :, ::2], np.float64(1.5)], ids=repr)
@pytest.mark.parametrize("dim", [0, 1, 2, 3, -1, -2, -3, -4, (0, 1)])
def test_unsqueeze_word_on_arrays_gives_the_view_expand_dims_gives(base, dim):
    """(the array side reshapes directly, without expand_dims's checks)"""
    try:
        expected = np.expand_dims(base, dim)
    except np.exceptions.AxisError as error:
        with pytest.raises(type(error)):
            array_math(np).unsqueeze(base, dim)
        return
    got = array_math(np).unsqueeze(base, dim)
    assert (got.shape, got.strides, got.dtype) == (expected.shape, expected.strides, expected.dtype)
    assert type(got) is type(expected) and np.shares_memory(got, base) == np.shares_memory(expected, base)


@pytest.mark.parametrize("shape", [(3,), (80, 1), (16, 16), (257,), (2, 200)])
@pytest.mark.parametrize("value_shape", [(), (1,), (1, 1)])
def test_broadcast_of_one_value_is_a_read_only_zero_stride_view(shape, value_shape):
    g = np.full(value_shape, -2.5, np.float32)
    out = namespace._broadcast_for(np)(g, shape)
    assert out.shape == shape and out.dtype == g.dtype
    assert out.strides == (0,) * len(shape) and not out.flags.writeable
    assert out.tobytes() == np.broadcast_to(g.reshape(()), shape).tobytes()


@pytest.mark.parametrize("shape", [(), (1,), (1, 1), (2,), (3, 2)])
@pytest.mark.parametrize("ufunc", [np.add, np.subtract, np.multiply, np.divide])
@pytest.mark.parametrize("dtypes", [(np.float32, np.float32), (np.float16, np.float16), (np.float64, np.float64),
                                    (np.float32, np.float64)])
def test_update_in_place_gives_the_values_of_the_ufunc_with_out(shape, ufunc, dtypes):
    a = np.array(rng.standard_normal(shape) * 10.0 ** rng.integers(-6, 6, shape), dtypes[0])
    b = np.array(rng.standard_normal(shape) * 10.0 ** rng.integers(-6, 6, shape), dtypes[1])
    expected = a.copy()
    ufunc(expected, b, out=expected, casting="same_kind")
    namespace.update(ufunc, a, b)
    assert a.tobytes() == expected.tobytes()


@pytest.mark.parametrize("ufunc", [np.add, np.subtract, np.multiply])
@pytest.mark.parametrize("pair", [(np.inf, 1.0), (np.inf, np.inf), (np.nan, 1.0), (-0.0, 0.0), (-0.0, -0.0),
                                  (1e-45, 1e-45), (3e38, 0.5), (1.0, 1e-8), (0.1, 0.2)])
def test_update_of_one_float32_value_rounds_as_the_float32_operation(ufunc, pair):
    a, b = np.array([pair[0]], np.float32), np.array([pair[1]], np.float32)
    expected = a.copy()
    ufunc(expected, b, out=expected)
    namespace.update(ufunc, a, b)
    assert a.tobytes() == expected.tobytes()


@pytest.mark.parametrize("shape", [(), (1,), (1, 1, 1)])
@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
@pytest.mark.parametrize("ufunc", [np.add, np.subtract, np.multiply])
@pytest.mark.parametrize("pair", [(np.inf, -np.inf), (np.nan, 1.0), (-0.0, 0.0), (-0.0, -0.0), (6e-8, 6e-8),
                                  (6e4, 6e4), (1.0, 1e-4), (0.1, 0.2)])
def test_update_of_one_value_writes_the_bytes_of_the_ufunc_at_every_shape(shape, dtype, ufunc, pair):
    """(the one-element path writes ``data[0]``, or fills a 0-d array)"""
    a, b = np.full(shape, pair[0], dtype), np.full(shape, pair[1], dtype)
    expected = a.copy()
    with np.errstate(all="ignore"):
        ufunc(expected, b, out=expected)
        namespace.update(ufunc, a, b)
    assert a.shape == shape and a.tobytes() == expected.tobytes()


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("column", ["contiguous", "strided", "flat", "three_dims"])
@pytest.mark.parametrize("target", [(1,), (1, 1), ()])
def test_sum_to_one_value_skipping_reshapes_gives_the_bytes_of_the_reshaped_product(dtype, column, target):
    """(a column (n, 1) is not reshaped to itself, nor a product of the target's shape to it)"""
    base = rng.standard_normal((80, 3)).astype(dtype)
    g = {"contiguous": base[:, :1].copy(), "strided": base[:, 1:2], "flat": base[:, 0].copy(),
         "three_dims": base[:, :1].reshape(1, 80, 1)}[column]
    if column == "three_dims" and len(target) < 2:
        target = (1, 1, 1)[-max(len(target), 1):]
    expected = np.ones(g.size, dtype).dot(g.reshape(-1, 1)).reshape(target)
    got = array_math(np).sum_to(g, target)
    assert got.dtype == expected.dtype and got.shape == expected.shape and got.tobytes() == expected.tobytes()


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("n", [3, 80, 2 ** 24 + 1, 2 ** 53 + 1])
@pytest.mark.parametrize("value", [1.0, 0.1, -0.0, np.inf, -np.inf, np.nan, 1e-45, 3e38])
def test_mean_gradient_divided_by_a_cached_count_gives_the_bytes_of_dividing_by_the_number(dtype, n, value):
    g = np.array(value, dtype)
    got = array_math(np).divide_expanded(g, n, (2, 1), None, False)
    expected = np.empty((2, 1), dtype)
    expected[...] = g / n
    assert got.dtype == expected.dtype and got.tobytes() == expected.tobytes()


@pytest.mark.parametrize("data", [[1.5], [0.1, -2.5, float("nan"), float("inf"), 1e300, 1e-46],
                                  [np.float32(0.1), np.float32(3)], [np.float64(0.1)], [np.float16(2.5)],
                                  [1.5, np.float32(2.0)], [1, 2.5], [True]])
@pytest.mark.parametrize("dtype", [None, minigrad.float64, minigrad.float16])
def test_flat_float_list_fast_path_reads_what_the_three_passes_read(data, dtype):
    from minigrad import _pydata
    fast, general = _pydata.to_array(list(data), dtype), _pydata.to_array(tuple(data), dtype)  # (a tuple: general)
    assert fast.dtype == general.dtype and fast.shape == general.shape
    assert fast.tobytes() == general.tobytes()


@pytest.mark.parametrize("exponent", [2, 3, -1, 0, 0.5, 2.0, -1.5, 0.0, float("inf"), 2 ** 62])
@pytest.mark.parametrize("dtype", [minigrad.float32, minigrad.float64])
def test_power_fast_path_records_what_the_general_path_records(exponent, dtype):
    base = minigrad.tensor(rng.uniform(0.5, 2.0, 4), dtype=dtype, requires_grad=True)
    fast = base ** exponent
    general = power.Pow.apply(*power.promote(base, power.as_operand(exponent, base)))  # what pow does then
    assert _recorded(fast) == _recorded(general)


@pytest.mark.parametrize("shapes, dim", [(((2, 3), (2, 3)), 0), (((2, 3), (2, 3), (2, 3)), -1), (((4,), (4,)), 0),
                                         (((2, 0), (2, 0)), 1), (((1, 2, 3),), 2)])
@pytest.mark.parametrize("grads", [(True, False), (False, False), (True, True)])
def test_cat_fast_path_records_what_the_general_path_records(shapes, dim, grads):
    parts = [minigrad.tensor(rng.standard_normal(s), requires_grad=grads[i % 2]) for i, s in enumerate(shapes)]
    fast = minigrad.cat(parts, dim)
    general = minigrad.cat(parts, np.int64(dim))  # (a NumPy int dim takes the checks)
    assert _recorded(fast) == _recorded(general)
    if fast.requires_grad:
        g = minigrad.tensor(rng.standard_normal(fast.shape))
        assert [a.tolist() for a in minigrad.autograd.grad(fast, parts[0], g)] == \
            [a.tolist() for a in minigrad.autograd.grad(general, parts[0], g)]


def _clamp_made(bounds, dtype, fast, grad):
    """What clamp with number ``bounds`` records and computes, through its fast path or _clamp's."""
    data = np.array([[-1.0, -0.0, 0.0, 0.25, 0.5], [0.75, 1.0, np.nan, np.inf, -np.inf]], dtype)
    x = minigrad.tensor(data, requires_grad=grad)
    y = x.clamp(*bounds) if fast else clamping._clamp(x, *bounds, clamping.Clamp)
    node = y.grad_fn
    made = [y.numpy(force=True).tobytes(), str(y.dtype), y.shape, y.stride(), y.requires_grad,
            node and (node.name(), [type(f).__name__ for f, _ in node.next_functions], node.needs_input_grad[0],
                      np.asarray(node.values[0]).tobytes())]
    if grad:
        y.backward(minigrad.tensor(rng.standard_normal(data.shape).astype(dtype)))
        made.append(x.grad.numpy().tobytes())
    return made


@pytest.mark.parametrize("bounds", [(0, 1), (-0.5, None), (None, 0.25), (0.5, 0.5), (1, 0), (-0.0, 0.0),
                                    (0.0, -0.0), (-65504, 65504.0)])
@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
@pytest.mark.parametrize("grad", [True, False])
def test_clamp_with_number_bounds_fast_path_records_what_the_general_path_records(bounds, dtype, grad):
    state = rng.bit_generator.state
    fast = _clamp_made(bounds, dtype, True, grad)
    rng.bit_generator.state = state  # (the same upstream gradient for both)
    assert fast == _clamp_made(bounds, dtype, False, grad)


@pytest.mark.parametrize("bounds", [(0, 1), (None, 0.5), (0.5, 0.5), (1, 0), (-0.0, 0.0)])
@pytest.mark.parametrize("value", [-1.0, 0.25, 2.0, -0.0, np.nan])
@pytest.mark.parametrize("shape", [(), (1,), (1, 1)])
def test_clamp_with_number_bounds_of_one_value_gives_what_the_general_path_gives(bounds, value, shape):
    """(a 0-d array, whose NumPy results are scalars, keeps the general forward)"""
    x = minigrad.tensor(np.full(shape, value, np.float32))
    fast, general = x.clamp(*bounds), clamping._clamp(x, *bounds, clamping.Clamp)
    assert fast.numpy().tobytes() == general.numpy().tobytes()
    assert (fast.dtype, fast.shape, fast.stride()) == (general.dtype, general.shape, general.stride())


def test_clamp_with_number_bounds_takes_the_two_argument_fast_path():
    x = minigrad.rand(3, requires_grad=True)
    assert isinstance(x.clamp(0, 1)._node, clamping.ClampNumbers)
    assert not isinstance(x.clamp(0, 1e5)._node, clamping.ClampNumbers)  # (beyond float16: checked)


@pytest.mark.parametrize("bias", [True, False])
@pytest.mark.parametrize("grads", [(True, True, True), (False, True, True), (True, False, False), (False, False, False)])
@pytest.mark.parametrize("dtype", [np.float32, np.float64, np.int64])
def test_linear_of_matrices_fast_path_records_what_the_general_path_records(bias, grads, dtype):
    def made(linear):
        x, w, b = (minigrad.tensor(rng.standard_normal(s).astype(dtype), requires_grad=rg and dtype != np.int64)
                   for s, rg in zip(((5, 3), (4, 3), (4,)), grads))
        w = minigrad.nn.Parameter(w, requires_grad=w.requires_grad)  # (a layer's weight; x stays a Tensor)
        y = linear(x, w, b if bias else None)
        node = y._node
        recorded = _recorded(y), node and (node.name(), [type(f).__name__ for f, _ in node.next_functions])
        leaves = [t for t in (x, w, b if bias else x) if t.requires_grad]
        return recorded, [g.tolist() for g in minigrad.autograd.grad(y, leaves, minigrad.ones_like(y))] if leaves else []
    state = rng.bit_generator.state
    fast = made(minigrad.nn.functional.linear)
    rng.bit_generator.state = state
    assert fast == made(minigrad.ops.linear.linear)  # (the general path: every check, then the same op)
    shown = fast[0][1]
    recording = any(grads) and dtype != np.int64
    assert (shown and shown[0]) == (("AddmmBackward0" if bias else "MmBackward0") if recording else None)


def test_backward_of_a_scalar_loss_fast_path_accumulates_what_the_general_path_accumulates():
    def grads(run):
        w = minigrad.tensor([1.0, -2.0, 3.0], requires_grad=True)
        for _ in range(2):  # the second pass adds to the first's .grad
            run(((w * w).sum() * 0.5))
        return w.grad.tolist()
    general = grads(lambda loss: minigrad.autograd.backward([loss], [minigrad.ones(())]))
    assert grads(lambda loss: loss.backward()) == general
    assert grads(lambda loss: minigrad.autograd.backward(loss)) == general


def test_cached_constants_keep_the_sign_of_zero():
    positive = namespace.constant(np, 0.0, np.dtype(np.float32))
    negative = namespace.constant(np, -0.0, np.dtype(np.float32))
    assert not np.signbit(positive) and np.signbit(negative)


def test_a_number_operand_of_zero_keeps_its_sign_after_the_other_zero_is_cached():
    x = minigrad.tensor([1.0, -2.0])
    for number in (0.0, -0.0, 0.0):  # (each read from the cache of 0-d operands after the first)
        expected = torch.tensor([1.0, -2.0]) * number
        assert np.signbit((x * number).numpy()).tolist() == torch.signbit(expected).tolist()


def test_leaky_relu_with_a_negative_zero_slope_after_a_zero_slope_gives_positive_zeros():
    x = minigrad.tensor([-1.0, 2.0])
    minigrad.nn.functional.leaky_relu(x, 0.0)
    out = minigrad.nn.functional.leaky_relu(x, -0.0)  # PyTorch: -1 * -0.0 = +0.0
    assert not np.signbit(out.numpy()[0])


class _DeviceLikeArray(np.ndarray):
    """An array that is not exactly NumPy's: takes the paths written for device arrays."""


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
def test_sign_fast_path_on_numpy_arrays_gives_what_the_general_path_gives(dtype):
    x = np.array([np.nan, -np.nan, 0.0, -0.0, 1e-300, -1e-300, 2.5, -3.0, np.inf, -np.inf], dtype)
    fast = unary._sign(np, x)
    device_like = x.view(_DeviceLikeArray)
    assert not unary.is_host_array(np.sign(device_like))  # (so the where path runs)
    general = unary._sign(np, device_like)
    assert fast.dtype == general.dtype and fast.tobytes() == general.tobytes()


@pytest.mark.parametrize("slope", [0.0, 0.01, 0.5, 1.0])
@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
def test_leaky_relu_small_array_gradient_fast_path_gives_what_the_general_path_gives(monkeypatch, slope, dtype):
    x = np.array([np.nan, 0.0, -0.0, 1e-30, -1e-30, 2.5, -3.0, np.inf, -np.inf, 7.0, -7.0, 0.5], dtype)
    g = np.array([1.0, -1.0, 1.0, -1.0, 2.0, -3.0, 0.25, 1.0, -1.0, np.nan, np.inf, -0.0], dtype)
    m = array_math(np)
    fast = selection.LeakyRelu.backward(None, m, g, x, slope)
    monkeypatch.setattr(selection, "_SMALL_FACTOR_SIZE", -1)
    general = selection.LeakyRelu.backward(None, m, g, x, slope)
    assert fast.dtype == general.dtype and fast.tobytes() == general.tobytes()


def _op_classes(cls=op_module.Op):
    for sub in cls.__subclasses__():
        yield sub
        yield from _op_classes(sub)


def test_nodes_have_no_getattr_so_their_attribute_reads_stay_specialised():
    # (CPython 3.11 specialises no attribute read on a class with a __getattr__)
    assert not any("__getattr__" in c.__dict__ for c in op_module.Op.__mro__)


def test_every_name_an_op_saves_under_is_a_node_attribute():
    for cls in _op_classes():
        names = cls.saved_names if isinstance(cls.saved_names, tuple) else cls.saved_name_forms
        assert names, cls  # (a property saved_names lists its forms)
        for name in (*names, *cls.saved_fields, "result"):
            assert isinstance(inspect.getattr_static(cls, "_saved_" + name), property), (cls, name)
            assert isinstance(inspect.getattr_static(cls, "_raw_saved_" + name), property), (cls, name)


@pytest.mark.parametrize("name", ["_saved_foo", "_saved_mat1", "_raw_saved_mat1"])
def test_a_saved_name_the_node_lacks_is_pytorchs_attribute_error(name):
    x, w = minigrad.ones(3, 2, requires_grad=True), minigrad.ones(4, 2, requires_grad=True)
    tx, tw = torch.ones(3, 2, requires_grad=True), torch.ones(4, 2, requires_grad=True)
    with pytest.raises(AttributeError) as theirs:
        getattr(torch.nn.functional.linear(tx, tw).grad_fn, name)
    with pytest.raises(AttributeError, match=f"^{theirs.value}$"):
        getattr(minigrad.nn.functional.linear(x, w).grad_fn, name)


@pytest.mark.parametrize("value", [0.01, 0.0, -0.0, 2, 5.5])
@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
def test_scalar_word_gives_the_cached_constant_of_the_value(value, dtype):
    like = np.ones(3, dtype)
    word = array_math(np).scalar(value, like)
    assert word is namespace.constant(np, value, like.dtype)
    assert word.tobytes() == np.asarray(value, dtype).tobytes()  # (the sign of a zero kept)


def test_mm_word_on_numpy_gives_the_bytes_of_ndarray_dot():
    a, b = rng.standard_normal((5, 3)).astype(np.float32), rng.standard_normal((3, 4)).astype(np.float32)
    assert array_math(np).mm(a, b).tobytes() == a.dot(b).tobytes()
    assert array_math(np).mm(a.T, a).tobytes() == a.T.dot(a).tobytes()


def _first_grads(make_gradients, leaves):
    """The arrays ``.grad`` of ``leaves`` hold after a pass handing them ``make_gradients()``, taking
    the leaf step's fast path and, with ``own`` forced, the general one."""
    from minigrad.autograd.gradient_sink import _Sink
    results = []
    for general in (False, True):
        sink = _Sink(False, set(), None)
        for leaf, g in zip(leaves, make_gradients()):
            leaf.grad = None
            if general:
                g = sink.own(g, leaf)  # (what the general path keeps; own keeps it as it is)
            sink.leaf_gradient(minigrad.autograd.engine.root_node(leaf), g, False, False)
        results.append([leaf.grad._data for leaf in leaves])
    return results


def test_a_leafs_first_grad_fast_path_keeps_what_own_keeps():
    w = minigrad.zeros((3, 2), requires_grad=True)
    v = minigrad.zeros((2, 3), dtype=minigrad.float64, requires_grad=True)
    t = minigrad.zeros((2, 3), requires_grad=True).t().detach().requires_grad_()  # (a leaf laid out by columns)
    fresh = rng.standard_normal((3, 2)).astype(np.float32)
    fast, general = _first_grads(lambda: [fresh, fresh.T.copy(), fresh], [w, v, t])
    for a, b in zip(fast, general):
        assert a.dtype == b.dtype and a.strides == b.strides and a.tobytes() == b.tobytes()
    assert fast[0] is fresh  # a fresh array no one else holds: kept as it is
    assert fast[1].dtype == np.float64  # (cast to the leaf's dtype)
    assert fast[2] is not fresh and fast[2].strides == t._data.strides  # held by w already: a copy in t's layout


def test_a_leafs_first_grad_made_in_inference_mode_is_an_inference_tensor_as_torch():
    for lib in (minigrad, torch):
        w = lib.ones(3, requires_grad=True)
        y = (w * 2).sum()
        with lib.inference_mode():
            y.backward()
        assert w.grad.is_inference() and not w.grad.requires_grad and w.grad.grad_fn is None
        assert w.grad.tolist() == [2.0, 2.0, 2.0]


def test_a_leafs_first_grad_from_a_view_is_a_copy():
    w = minigrad.zeros((2, 3), requires_grad=True)
    base = rng.standard_normal((3, 2)).astype(np.float32)
    fast, general = _first_grads(lambda: [base.T], [w])
    assert fast[0].base is None and fast[0].tobytes() == general[0].tobytes() == base.T.tobytes()


@pytest.mark.parametrize("layer", [lambda x: minigrad.nn.functional.leaky_relu(x, 0.2),
                                   lambda x: minigrad.nn.functional.linear(x, minigrad.nn.Parameter(minigrad.ones(2, 3)))])
def test_functional_layers_entering_the_fast_path_directly_pass_their_saved_values_through_saved_tensor_hooks(layer):
    packed = []
    with minigrad.autograd.graph.saved_tensors_hooks(lambda t: packed.append(t) or t, lambda t: t):
        layer(minigrad.ones(4, 3, requires_grad=True))
    assert packed
