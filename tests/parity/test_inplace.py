"""In-place ops and augmented assignment against PyTorch: values, and the
gradient flowing through an in-place op on a non-leaf."""
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from . import strategies as S
from .helpers import check, check_same_error

INPLACE = {
    "add_": lambda y, o: y.add_(o), "sub_": lambda y, o: y.sub_(o),
    "mul_": lambda y, o: y.mul_(o), "div_": lambda y, o: y.div_(o),
    "iadd": lambda y, o: y.__iadd__(o), "isub": lambda y, o: y.__isub__(o),
    "imul": lambda y, o: y.__imul__(o), "itruediv": lambda y, o: y.__itruediv__(o),
    "copy_": lambda y, o: y.copy_(o),
}


@pytest.mark.parametrize("name", sorted(INPLACE))
@given(data=st.data(), seed=S.seeds)
def test_inplace_binary_on_non_leaf_matches_torch(name, data, seed):
    dtype = data.draw(S.float_dtypes)
    shape = data.draw(S.shapes(max_dims=3))
    # the other operand broadcasts to the target's shape
    oshape = data.draw(S.shapes_broadcasting_to(shape))
    x = data.draw(S.arrays(dtype, shape))
    o = data.draw(S.positive_arrays(dtype, oshape, 0.5, 3))
    if name == "copy_" and data.draw(st.booleans()):
        o = o.astype(np.float32 if dtype == np.float64 else np.float64)  # copy_ converts dtypes

    def fn(L, t, u):
        y = t * 1.0
        r = INPLACE[name](y, u)
        assert r is y
        return y * 2.0
    check(fn, x, o, seed=seed)


@pytest.mark.parametrize("name", ["add_", "sub_", "mul_", "div_", "iadd", "imul"])
@given(data=st.data(), seed=S.seeds, scalar=st.sampled_from([2, 0.5, -1.5]))
def test_inplace_with_python_scalar_matches_torch(name, data, scalar, seed):
    x = data.draw(S.array_and_dtype(S.shapes(max_dims=3)))

    def fn(L, t):
        y = t * 1.0
        INPLACE[name](y, scalar)
        return y.exp()
    check(fn, x, seed=seed)


@given(data=st.data(), seed=S.seeds)
def test_clamp_inplace_matches_torch(data, seed):
    x = data.draw(S.array_and_dtype(S.shapes(max_dims=3), low=-2, high=2))

    def fn(L, t):
        y = t * 1.0
        y.clamp_(-1.0, 1.0)
        y.clamp_(min=-0.5)
        return y
    check(fn, x, seed=seed)


@pytest.mark.parametrize("name", ["zero_", "fill_"])
def test_zero_and_fill_match_torch(name):
    def fn(L, t):
        y = t * 1.0
        (y.zero_() if name == "zero_" else y.fill_(3.5))
        return y * t
    check(fn, np.array([[1.0, -2.0], [3.0, 4.0]]))


def test_inplace_on_int_tensor_with_float_raises_like_torch():
    def fn(L, t):
        t.add_(1.5)
        return t
    check(fn, np.array([1, 2]))


def test_inplace_with_broadcast_to_larger_shape_raises_like_torch():
    def fn(L, t, u):
        y = t * 1.0
        y.add_(u)
    check(fn, np.ones(3), np.ones((2, 3)))


@pytest.mark.parametrize("mode", ["trunc", "floor"])
def test_inplace_rounded_division_with_broadcast_to_larger_shape_raises_like_torch(mode):
    def fn(L, t, u):
        t.div_(u, rounding_mode=mode)
    check(fn, np.ones((5, 1)), np.full((5, 5), 2.0), requires_grad=[False, False])


def test_inplace_int_division_raises_or_promotes_like_torch():
    def fn(L, t):
        t /= 2
        return t
    check(fn, np.array([1, 2]))


def test_normal_and_uniform_fill_in_place():
    import minigrad
    minigrad.manual_seed(0)
    x = minigrad.empty(10000)
    assert x.uniform_(2, 3) is x
    a = x.numpy()
    assert a.min() >= 2 and a.max() < 3
    assert x.normal_(1.0, 0.5) is x
    assert abs(x.mean().item() - 1) < 0.03 and abs(x.std().item() - 0.5) < 0.03
    assert x.dtype is minigrad.float32


VIEWS = {
    "column": lambda y: y[:, 1],
    "row": lambda y: y[1],
    "strided": lambda y: y[::2, 1:],
    "flat_view_slice": lambda y: y.view(-1)[1:4],
    "transpose": lambda y: y.t(),
    "unsqueeze": lambda y: y.unsqueeze(0),
}


@pytest.mark.parametrize("op", ["mul_", "add_", "div_", "clamp_"])
@pytest.mark.parametrize("view", sorted(VIEWS))
@given(seed=S.seeds, dtype=S.float_dtypes)
def test_inplace_on_a_view_of_a_non_leaf_updates_the_base_history(view, op, seed, dtype):
    # torch rebases the base's graph (CopySlices): the base's gradient sees the in-place op
    x = np.random.default_rng(seed).standard_normal((3, 4)).astype(dtype)
    o = np.random.default_rng(seed + 1).uniform(0.5, 2.0, ()).astype(dtype)

    def fn(L, t, u):
        y = t * 1.0
        v = VIEWS[view](y)
        if op == "clamp_":
            v.clamp_(-0.5, 0.5)
        else:
            getattr(v, op)(u)
        return y * y
    check(fn, x, o, seed=seed)


SAVED = {
    "mul_const": lambda L, y, c: y * c, "mul_scalar": lambda L, y, c: y * 3.0,
    "div_by_const": lambda L, y, c: y / c, "div_const_by": lambda L, y, c: c / y,
    "add": lambda L, y, c: y + c, "sub": lambda L, y, c: c - y, "matmul_const": lambda L, y, c: y @ c,
    "exp": lambda L, y, c: y.exp(), "sum": lambda L, y, c: y.sum() * c, "relu": lambda L, y, c: y.relu(),
    "sigmoid": lambda L, y, c: y.sigmoid(), "tanh": lambda L, y, c: y.tanh(), "neg": lambda L, y, c: -y,
    "pow_scalar": lambda L, y, c: y ** 2, "index": lambda L, y, c: y[0] * c, "view": lambda L, y, c: y.view(-1),
    "maximum": lambda L, y, c: L.maximum(y, c), "where": lambda L, y, c: L.where(c > 0, y, c),
    "softmax": lambda L, y, c: y.softmax(0), "clamp": lambda L, y, c: y.clamp(-0.5, 0.5),
    "mean": lambda L, y, c: y.mean(0), "cat": lambda L, y, c: L.cat([y, c]),
    "abs": lambda L, y, c: y.abs(), "sqrt": lambda L, y, c: (y * y + 1).sqrt() * y.sum(),
    "log_softmax": lambda L, y, c: y.log_softmax(1), "logsumexp": lambda L, y, c: y.logsumexp(1),
    "max": lambda L, y, c: y.max(), "max_dim": lambda L, y, c: y.max(1)[0], "prod": lambda L, y, c: y.prod(1),
    "var": lambda L, y, c: y.var(0), "std": lambda L, y, c: y.std(), "sin": lambda L, y, c: y.sin(),
    "pow_tensor": lambda L, y, c: c.abs() ** y, "transpose": lambda L, y, c: y.t() * c,
    "adv_index": lambda L, y, c: y[[0, 0, 1]], "expand": lambda L, y, c: y[:1].expand(3, 2),
    "minimum": lambda L, y, c: L.minimum(c, y), "clone": lambda L, y, c: y.clone(),
}


@pytest.mark.parametrize("const_grad", [False, True], ids=["const", "both_grad"])
@pytest.mark.parametrize("name", sorted(SAVED))
def test_in_place_change_after_an_op_raises_exactly_when_torch_does(name, const_grad):
    """torch saves only what backward needs; a later in-place change to anything else is fine."""
    def fn(L, t, c):
        y = t * 1.0
        out = SAVED[name](L, y, c)
        y.add_(1.0)
        return out
    x = np.array([[0.5, -1.0], [2.0, 0.25]])
    check(fn, x, np.array([[1.5, 2.0], [-0.5, 3.0]]), requires_grad=[True, const_grad], seed=1)


STALE_VIEWS = {
    "sibling_view_after_view_in_place": lambda L, y: (lambda a, b: (a.mul_(3), b * b)[1])(y[0], y[:, 0]),
    "view_used_after_base_in_place": lambda L, y: (lambda v: (y.mul_(2), v * 1.0)[1])(y[0]),
}


@pytest.mark.parametrize("name", sorted(STALE_VIEWS))
def test_views_taken_before_an_in_place_change_see_it_in_their_gradient(name):
    def fn(L, t):
        y = t * 1.0
        return STALE_VIEWS[name](L, y)
    check(fn, np.array([[1.0, 2.0], [3.0, 4.0]]), seed=4)


#: in-place ops on a tensor outside the graph whose other argument requires grad: the result requires
#: grad, and the argument gets its gradient (minigrad recorded only add_, mul_ and the like)
ARGUMENT_REQUIRING_GRAD = {
    "pow_": lambda c, w: c.pow_(w), "clamp_ min": lambda c, w: c.clamp_(min=w), "clamp_max_": lambda c, w: c.clamp_max_(w),
    "atan2_": lambda c, w: c.atan2_(w), "hypot_": lambda c, w: c.hypot_(w), "copysign_": lambda c, w: c.copysign_(w),
    "xlogy_": lambda c, w: c.xlogy_(w), "fill_ 0-d": lambda c, w: c.fill_(w.sum()),
}


@pytest.mark.parametrize("name", sorted(ARGUMENT_REQUIRING_GRAD))
def test_an_in_place_op_outside_the_graph_records_an_argument_requiring_grad_as_torch(name):
    def fn(L, t, w):
        c = t.detach().clone()
        ARGUMENT_REQUIRING_GRAD[name](c, w)
        return c
    check(fn, np.array([0.5, 1.0, 2.0, 3.0]), np.array([1.5, -2.0, 0.25, 1.0]), requires_grad=[False, True])


def test_fill_of_a_non_leaf_with_a_0d_tensor_requiring_grad_differentiates_both_as_torch():
    check(lambda L, t, w: (t * 1).fill_(w), np.ones(3), np.array(2.0))


def test_fill_with_a_0d_double_tensor_beyond_float_range_writes_inf_as_torch():
    # (a number out of range is refused; a 0-d tensor's value is cast, as copy_ casts it)
    check(lambda L, v: L.zeros(3).fill_(v), np.array(1e300), requires_grad=[False])


#: views of a base outside the graph, then an in-place change (through the view itself, another
#: view or the base) that writes a value requiring grad: every view then requires grad, as in torch
VIEWS_OF_A_CONSTANT = {
    "setitem_into_a_reshaped_base": lambda L, c, w: (lambda v: (v.__setitem__(0, w * 2), v)[1])(c.view(2, 2)),
    "in_place_on_a_row_of_a_view": lambda L, c, w: (lambda v: (v[1].add_(w), v)[1])(c.view(2, 2)),
    "sibling_view_after_copy_into_another": lambda L, c, w: (lambda a, b: (a.copy_(w), b * 1.0)[1])(
        c[:2], c.view(2, 2)),
    "row_taken_before_setitem_on_the_base": lambda L, c, w: (lambda r: (c.view(2, 2).__setitem__(0, w), r * 3.0)[1])(
        c.view(2, 2)[0]),
}


@pytest.mark.parametrize("name", sorted(VIEWS_OF_A_CONSTANT))
def test_views_of_a_base_outside_the_graph_take_a_gradient_written_in_place_as_torch(name):
    def fn(L, t, w):
        return VIEWS_OF_A_CONSTANT[name](L, t.detach().clone(), w)
    check(fn, np.arange(4.0), np.array([1.5, -2.0]), requires_grad=[False, True])


VIEW_OPS = [
    lambda v: v[0] if v.dim() else v, lambda v: v[:, 1:] if v.dim() > 1 else v[1:],
    lambda v: v.t() if v.dim() <= 2 else v, lambda v: v.reshape(-1) if v.is_contiguous() else v,
    lambda v: v.unsqueeze(0), lambda v: v[..., ::2], lambda v: v.squeeze(), lambda v: v.permute(
        *reversed(range(v.dim()))) if v.dim() else v, lambda v: v[-1:] if v.dim() else v,
    # (no split/chunk pieces: torch forbids in-place changes of multi-output views; minigrad allows them)
    lambda v: v.view(v.shape) if v.is_contiguous() else v,
    lambda v: v.transpose(0, -1) if v.dim() else v, lambda v: v[None, ..., None],
]
INPLACE_OPS = [
    lambda v, w: v.mul_(w), lambda v, w: v.add_(w), lambda v, w: v.clamp_(-0.5, 0.5),
    lambda v, w: v.__setitem__((Ellipsis,), w * 2), lambda v, w: v.div_(2.0), lambda v, w: v.sub_(w * v),
    lambda v, w: v.zero_(), lambda v, w: v.fill_(1.5), lambda v, w: v.copy_(v * w + 1),
    lambda v, w: v.__setitem__(v > 0, w), lambda v, w: v.__imul__(v), lambda v, w: v.__iadd__(2.0),
]


@st.composite
def view_programs(draw):
    steps = []
    n_tensors = 1  # the base
    for _ in range(draw(st.integers(1, 6))):
        if draw(st.booleans()):
            steps.append(("view", draw(st.integers(0, len(VIEW_OPS) - 1)), draw(st.integers(0, n_tensors - 1))))
            n_tensors += 1
        else:
            steps.append(("inplace", draw(st.integers(0, len(INPLACE_OPS) - 1)), draw(st.integers(0, n_tensors - 1))))
    return steps, n_tensors


@settings(max_examples=200)
@given(prog=view_programs(), seed=S.seeds)
def test_random_views_and_in_place_changes_match_torch(prog, seed):
    steps, _ = prog
    x = np.random.default_rng(seed).standard_normal((3, 4))
    w = np.asarray(np.random.default_rng(seed + 1).uniform(0.5, 2.0))

    def fn(L, t, s):
        ts = [t * 1.0]
        for kind, op, i in steps:
            if kind == "view":
                ts.append(VIEW_OPS[op](ts[i]))
            else:
                INPLACE_OPS[op](ts[i], s)
        out = ts[0].sum() * 0.0
        for k, v in enumerate(ts):
            out = out + (v * (k + 1)).sum() + (v * v).sum()
        return out
    check(fn, x, w, seed=seed)


@pytest.mark.parametrize("statement", ["v //= 2", "v %= 3", "v &= 6", "v |= 8", "v ^= 5", "v <<= 1", "v >>= 1"])
def test_augmented_assignments_change_the_tensor_in_place_as_torch(statement):
    """``v //= 2`` (and %=, &=, |=, ^=, <<=, >>=) writes into v, so a tensor v is a view of changes too."""
    def fn(L, t):
        x = t.clone()
        v = x[0]
        exec(statement, {}, {"v": v})  # (v is rebound only inside exec: x shows whether v changed in place)
        return x
    check(fn, np.array([[6, 7], [8, 9]]))


@pytest.mark.parametrize("statement", ["x //= 2.5", "x %= 2.5", "x &= True"])
def test_augmented_assignments_refuse_a_result_that_does_not_fit_as_torch(statement):
    def fn(L, t):
        x = t.clone()
        exec(statement, {}, {"x": x})
        return x
    check(fn, np.array([5, 7]))


@pytest.mark.parametrize("name", ["add_", "sub_", "mul_"])
def test_a_recorded_in_place_op_refuses_a_result_of_a_higher_category_as_torch(name):
    """Under autograd too: an int tensor cannot take a float result, a real one a complex result."""
    check(lambda L, t, w: getattr(L.zeros(2, dtype=L.int64), name)(w), np.zeros(2), np.ones(2),
          requires_grad=[False, True])
    check(lambda L, t: getattr(t * 1, name)(1j), np.ones(2))


def test_true_division_in_place_by_a_complex_tensor_raises_as_torch():
    def fn(L, t):
        x = t.clone()
        x /= L.tensor([1j, 1j])
        return x
    check(fn, np.ones(2), requires_grad=[False])


IN_PLACE_WITH_TWO_TENSORS = {
    "addcmul_": lambda x, a, b: x.addcmul_(a, b),
    "addcdiv_": lambda x, a, b: x.addcdiv_(a, b),
    "div_ floor": lambda x, a, b: x.div_(a, rounding_mode="floor"),
    "div_ trunc": lambda x, a, b: x.div_(b, rounding_mode="trunc"),
}


@pytest.mark.parametrize("name", sorted(IN_PLACE_WITH_TWO_TENSORS))
@pytest.mark.parametrize("dtypes", [("int64", "float32"), ("bool", "int64"), ("float64", "complex64")])
def test_a_ternary_or_rounded_in_place_op_refuses_a_result_that_does_not_fit_as_torch(name, dtypes):
    """``int_tensor.addcmul_(float, float)`` is PyTorch's "result type Float can't be cast" error (it was
    computed and cast, or NumPy's UFuncTypeError for addcdiv_)."""
    self_dtype, operand_dtype = dtypes
    check(lambda L, x, a, b: IN_PLACE_WITH_TWO_TENSORS[name](x, a, b),
          np.array([1, 0], self_dtype), np.array([3, 2], operand_dtype), np.array([2, 4], operand_dtype),
          requires_grad=[False] * 3)


IN_PLACE_CLAMPS = {
    "clamp_ numbers": lambda L, x: x.clamp_(0.5, 1.5),
    "clamp_ max=number": lambda L, x: x.clamp_(max=0.5),
    "clip_ numbers": lambda L, x: x.clip_(0.5, 1.5),
    "clamp_min_ number": lambda L, x: x.clamp_min_(0.5),
    "clamp_max_ number": lambda L, x: x.clamp_max_(2.5),
    "clamp_ tensor": lambda L, x: x.clamp_(L.tensor(0.5)),
    "clamp_max_ tensor": lambda L, x: x.clamp_max_(L.tensor(0.5)),
}


@pytest.mark.parametrize("name", sorted(IN_PLACE_CLAMPS))
@pytest.mark.parametrize("dtype", ["int64", "int32", "uint8", "bool"])
def test_an_in_place_clamp_refusing_a_float_result_names_the_type_as_torch(name, dtype):
    """PyTorch's message names the tensor's type in C++ (``long int``) where the bounds are
    numbers, and by its ScalarType (``Long``) where a bound is a Tensor."""
    check_same_error(IN_PLACE_CLAMPS[name], np.array([1, 0], dtype))


def test_an_infinite_gradient_at_a_region_overwritten_through_a_view_reaches_the_base_as_zero():
    check(lambda L, t: (lambda d: (d[:1].fill_(0.0), d.sqrt())[1])(t * 1), np.array([1.0, 4.0, 9.0]))


def test_an_in_place_change_of_a_view_of_a_complex_tensor_records_its_gradient_as_torch():
    check(lambda L, t: (lambda d: (d[0].mul_(2j), d.abs())[1])(t * 1), np.array([1 + 1j, 2j]))
