"""Complex dtypes against PyTorch: creation, printing, conversion, type promotion, and the ops
checked for complex input (values and PyTorch's gradient convention, dL/dx + i dL/dy); every other
op refuses complex input with RuntimeError (ops/_real_only.py)."""
import itertools

import numpy as np
import pytest
import torch
from hypothesis import given, strategies as st

import minigrad

from . import helpers, strategies as S
from .helpers import check, check_raises
from .test_second_order import compare_higher

COMPLEX = {np.float32: np.complex64, np.float64: np.complex128}
ALL_DTYPES = ["float16", "float32", "float64", "int64", "int32", "int16", "int8", "uint8", "bool",
              "complex64", "complex128"]


def without_subnormals(x):
    """``x`` (real or complex) with subnormal parts made 0. Where a complex value's size is
    subnormal, PyTorch's sgn (in the gradients of abs, polar, norms) is NaN or exact depending on
    which of its kernels' paths an element falls in (the vector lanes or the scalar tail: an array's
    length decides), so no one answer there is PyTorch's."""
    tiny = np.finfo(x.real.dtype).tiny
    if x.dtype.kind != "c":
        return np.asarray(np.where(np.abs(x) < tiny, 0, x), x.dtype)
    out = np.array(x)
    out.real[np.abs(out.real) < tiny] = 0
    out.imag[np.abs(out.imag) < tiny] = 0
    return out


@st.composite
def complex_arrays(draw, shape=None, low=-5.0, high=5.0):
    """A complex64 or complex128 array whose parts mix ordinary values and kinks (0, +-1...), none
    subnormal (see ``without_subnormals``)."""
    x = draw(S.array_and_dtype(S.shapes(max_dims=3) if shape is None else shape, low, high))
    y = draw(S.arrays(x.dtype, x.shape, low, high))
    return without_subnormals(np.asarray(x + 1j * y, COMPLEX[x.dtype.type]))


# ------------------------------------------------------------------ creation, printing, conversion
def test_complex_dtypes_and_their_aliases_are_torchs():
    assert minigrad.cfloat is minigrad.complex64 and minigrad.cdouble is minigrad.complex128
    assert repr(minigrad.complex64) == repr(torch.complex64)
    assert minigrad.complex64.is_complex and not minigrad.complex64.is_floating_point
    assert minigrad.ones(2, dtype=minigrad.cfloat).type() == torch.ones(2, dtype=torch.cfloat).type()


@pytest.mark.parametrize("data", [1 + 2j, [1j, 2], [[1 + 2j, 3.5 - 1j]], [1, 2.5, 3j], [True, 1j]])
def test_python_complex_data_make_the_tensor_torch_makes(data):
    check(lambda L: L.tensor(data))
    check(lambda L: L.tensor(data, dtype=L.complex128))


@pytest.mark.parametrize("dtype", [np.complex64, np.complex128])
def test_complex_numpy_arrays_keep_their_dtype(dtype):
    a = np.array([[1 + 2j, -3j], [0.5, 2 - 1j]], dtype)
    check(lambda L: L.tensor(a))
    check(lambda L: L.as_tensor(a))
    check(lambda L: L.from_numpy(a))


@pytest.mark.parametrize("name", ["zeros", "ones", "empty"])
def test_factories_take_complex_dtypes(name):
    for dtype in ("complex64", "complex128", "cfloat", "cdouble"):
        mine = getattr(minigrad, name)(2, 3, dtype=getattr(minigrad, dtype))
        theirs = getattr(torch, name)(2, 3, dtype=getattr(torch, dtype))
        assert str(mine.dtype) == str(theirs.dtype) and tuple(mine.shape) == tuple(theirs.shape)
        if name != "empty":
            assert np.array_equal(mine.numpy(), theirs.numpy())


def test_complex_values_go_back_to_python_and_numpy_as_torchs():
    values = [1 + 2j, -0.5j, 3.0]
    for dtype in ("complex64", "complex128"):
        mine, theirs = minigrad.tensor(values, dtype=getattr(minigrad, dtype)), torch.tensor(values, dtype=getattr(torch, dtype))
        assert mine[0].item() == theirs[0].item() and type(mine[0].item()) is complex
        assert complex(mine[1]) == complex(theirs[1])
        assert mine.tolist() == theirs.tolist()
        assert mine.numpy().dtype == theirs.numpy().dtype


@pytest.mark.parametrize("values", [[1 + 2j, 3.5 - 1j], [0j, 0j], [1e-5 + 1e5j, -2.0], [1 + 1j, float("nan") * 1j],
                                    [[1.25 + 0.5j, -3j], [2, 1e10j]], [1 + 2j] * 1200])
@pytest.mark.parametrize("dtype", ["complex64", "complex128"])
def test_complex_tensors_print_as_torchs(values, dtype):
    assert repr(minigrad.tensor(values, dtype=getattr(minigrad, dtype))) == \
        repr(torch.tensor(values, dtype=getattr(torch, dtype)))


def test_a_complex_tensor_that_requires_grad_prints_as_torchs():
    assert repr(minigrad.tensor([1 + 2j], requires_grad=True)) == repr(torch.tensor([1 + 2j], requires_grad=True))


@given(data=st.data(), seed=S.seeds)
def test_casts_between_real_and_complex_and_their_gradients_match_torch(data, seed):
    x = data.draw(S.array_and_dtype(S.shapes(max_dims=2)))
    z = data.draw(complex_arrays())
    for target in ("complex64", "complex128"):
        check(lambda L, t: t.to(getattr(L, target)), x, seed=seed)
        check(lambda L, t: t.to(getattr(L, target)), z, seed=seed)
    check(lambda L, t: t.type(L.complex64), np.round(x).astype(np.int64), seed=seed)


def test_is_complex_as_function_and_method_matches_torch():
    for dtype in ALL_DTYPES:
        mine, theirs = minigrad.zeros(1, dtype=getattr(minigrad, dtype)), torch.zeros(1, dtype=getattr(torch, dtype))
        assert minigrad.is_complex(mine) == torch.is_complex(theirs) == mine.is_complex()
    assert not minigrad.ones(1, dtype=minigrad.cfloat).conj().is_conj()


def test_complex_leaves_may_require_grad():
    z = minigrad.zeros(2, dtype=minigrad.complex64, requires_grad=True)
    assert z.requires_grad


# ------------------------------------------------------------------ promotion
@pytest.mark.parametrize("a", ALL_DTYPES)
def test_promote_types_with_complex_matches_torch(a):
    for b in ("complex64", "complex128"):
        assert str(minigrad.promote_types(getattr(minigrad, a), getattr(minigrad, b))) == \
            str(torch.promote_types(getattr(torch, a), getattr(torch, b)))


@pytest.mark.parametrize("a", [d for d in ALL_DTYPES if d != "float16"])
def test_result_type_of_tensors_zero_dim_tensors_and_complex_scalars_matches_torch(a):
    others = [1j, 2.5, 3, True] + [(d, shape) for d in ("complex64", "complex128", "float32", "float64")
                                   for shape in ((), (2,))]
    for shape in ((), (2,)):
        for other in others:
            def make(L, dtype, s):
                return L.ones(s, dtype=getattr(L, dtype))
            m = (make(minigrad, *other) if isinstance(other, tuple) else other)
            t = (make(torch, *other) if isinstance(other, tuple) else other)
            assert str(minigrad.result_type(make(minigrad, a, shape), m)) == \
                str(torch.result_type(make(torch, a, shape), t)), (a, shape, other)


# ------------------------------------------------------------------ the parts of a complex tensor
@pytest.mark.parametrize("name", ["real", "imag", "conj", "conj_physical", "resolve_conj", "resolve_neg", "angle",
                                  "abs", "view_as_real", "neg", "exp", "square", "sgn_free_abs_squared"])
@given(data=st.data(), seed=S.seeds)
def test_unary_complex_op_and_its_gradient_match_torch(name, data, seed):
    z = data.draw(complex_arrays())
    if name == "sgn_free_abs_squared":
        check(lambda L, t: (t * t.conj()).real, z, seed=seed)
    elif name == "view_as_real":
        check(lambda L, t: L.view_as_real(t), z, seed=seed)
    else:
        check(lambda L, t: getattr(L, name)(t), z, seed=seed)


@pytest.mark.parametrize("name", ["real", "conj", "resolve_conj", "angle", "abs"])
@given(data=st.data(), seed=S.seeds)
def test_real_input_to_a_complex_part_op_matches_torch(name, data, seed):
    x = data.draw(S.array_and_dtype(S.shapes(max_dims=2)))
    check(lambda L, t: getattr(L, name)(t), x, seed=seed)
    check(lambda L, t: getattr(L, name)(t), np.round(x).astype(np.int64), seed=seed)


def test_real_and_imag_are_attributes_as_in_torch():
    check(lambda L, t: t.real * 2 + t.imag, np.array([1 + 2j, -3j]))


@given(data=st.data(), seed=S.seeds)
def test_view_as_complex_and_its_gradient_match_torch(data, seed):
    shape = data.draw(S.shapes(max_dims=2)) + (2,)
    x = data.draw(S.array_and_dtype(st.just(shape)))
    check(lambda L, t: L.view_as_complex(t), x, seed=seed)


@pytest.mark.parametrize("name", ["complex", "polar"])
@given(data=st.data(), seed=S.seeds)
def test_complex_from_parts_and_its_gradients_match_torch(name, data, seed):
    x, y = data.draw(S.broadcast_pair(max_dims=3, low=-5, high=5))
    if name == "polar":
        x = without_subnormals(np.abs(x))
    check(lambda L, a, b: getattr(L, name)(a, b), x, y, seed=seed)


def test_part_ops_refuse_what_torch_refuses():
    check_raises(lambda L, t: L.imag(t), np.ones(2))
    check_raises(lambda L, t: L.view_as_real(t), np.ones(2))
    check_raises(lambda L, t: L.view_as_complex(t), np.ones((2, 3)))
    check_raises(lambda L, t: L.view_as_complex(t), np.ones((2, 2), np.int64))
    check_raises(lambda L, t: L.view_as_complex(t.T), np.ones((2, 2)))
    check_raises(lambda L, a, b: L.complex(a, b), np.ones(2), np.ones(2, np.float32))
    check_raises(lambda L, a, b: L.complex(a, b), np.ones(2, np.int64), np.ones(2, np.int64))
    check_raises(lambda L, a, b: L.polar(a, b), np.ones(2), np.ones(2, np.float32))


# ------------------------------------------------------------------ the parts are views
def _complex_tensor(L, requires_grad=False):
    return L.tensor([1 + 2j, -3 + 0.5j, 4 - 1j], dtype=L.complex128, requires_grad=requires_grad)


PART_WRITES = {
    "view_as_real": lambda L, c: L.view_as_real(c)[..., 0].fill_(5),
    "real": lambda L, c: c.real.__setitem__(0, 7),
    "imag": lambda L, c: c.imag.zero_(),
    "real setter": lambda L, c: setattr(c, "real", L.ones(3, dtype=L.float64)),
    "imag setter": lambda L, c: setattr(c, "imag", L.ones(3, dtype=L.float64)),
    "view_as_complex of view_as_real": lambda L, c: L.view_as_complex(L.view_as_real(c))[1:].mul_(2j),
}


@pytest.mark.parametrize("name", sorted(PART_WRITES))
def test_writing_into_a_part_view_changes_the_complex_tensor_as_in_torch(name):
    results = []
    for L in (torch, minigrad):
        c = _complex_tensor(L)
        PART_WRITES[name](L, c)
        results.append(c.tolist())
    assert results[0] == results[1]


def test_an_in_place_change_of_a_complex_tensor_shows_through_its_part_views_as_in_torch():
    results = []
    for L in (torch, minigrad):
        c = _complex_tensor(L)
        views = L.view_as_real(c), c.real, c.imag
        c.mul_(2 - 1j)
        results.append([v.tolist() for v in views])
    assert results[0] == results[1]


def test_writing_into_view_as_complex_changes_the_real_tensor_as_in_torch():
    results = []
    for L in (torch, minigrad):
        x = L.arange(8, dtype=L.float64).reshape(2, 2, 2)
        z = L.view_as_complex(x.transpose(0, 1))
        z[0, 1] = 9 - 9j
        results.append(x.tolist())
    assert results[0] == results[1]


@pytest.mark.parametrize("name", ["view_as_real", "real", "imag", "view_as_complex"])
def test_part_views_share_base_version_and_memory_as_in_torch(name):
    def facts(L):
        c = L.tensor(np.arange(24.0).reshape(4, 3, 2) @ [1, 1j]).transpose(0, 1)  # (strided)
        base = L.view_as_real(c) if name == "view_as_complex" else c
        v = L.view_as_complex(base) if name == "view_as_complex" else getattr(L, name)(base)
        base.add_(1)
        return (v._base is base, v._is_view(), v._version, v.shape, v.stride(), v.storage_offset(),
                v.data_ptr() - base.data_ptr(), v.is_contiguous())
    assert facts(minigrad) == facts(torch)


PART_UPDATES = {
    "real mul_": lambda L, d, w: d.real.mul_(w),
    "imag slice add_": lambda L, d, w: d.imag[1:].add_(w[1:]),
    "view_as_real copy_": lambda L, d, w: L.view_as_real(d)[..., 1].copy_(w),
    "view_as_complex of view_as_real mul_": lambda L, d, w: L.view_as_complex(L.view_as_real(d)).mul_(w),
    "the base, after the views": lambda L, d, w: (d.real, d.imag, d.mul_(w)),
}


@pytest.mark.parametrize("name", sorted(PART_UPDATES))
@given(data=st.data(), seed=S.seeds)
def test_gradients_through_in_place_writes_into_part_views_match_torch(name, data, seed):
    z = data.draw(S.arrays(np.float64, (3,), 0.5, 3)) + 1j * data.draw(S.arrays(np.float64, (3,), 0.5, 3))
    w = data.draw(S.arrays(np.float64, (3,), 0.5, 3))

    def fn(L, t, u):
        d = t * 1
        views = L.view_as_real(d), d.real, d.imag
        PART_UPDATES[name](L, d, u)
        return d.sin(), views[0] * 2, views[1] * views[2]
    check(fn, z, w, seed=seed)


def test_a_part_view_of_a_leaf_requiring_grad_refuses_in_place_changes_as_torch():
    check_raises(lambda L, t: t.real.mul_(2), np.array([1 + 2j, 3j]))
    check_raises(lambda L, t: L.view_as_real(t).zero_(), np.array([1 + 2j, 3j]))


@pytest.mark.parametrize("make", [lambda t: t, lambda t: t[:, :2], lambda t: t.reshape(-1)[1:7].reshape(3, 2),
                                  lambda t: t[0, 0]],
                         ids=["last dim 3", "odd stride", "odd storage offset", "0-d"])
def test_view_as_complex_refuses_the_layouts_torch_refuses(make, request):
    if "offset" in request.node.callspec.id and helpers.minigrad.ones(4)[1:].storage_offset() == 0:
        pytest.skip("this device reports no storage offsets (the strict stand-in has no memory addresses)")
    expected = check_raises(lambda L, t: L.view_as_complex(make(t)), np.ones((3, 3)))
    with pytest.raises(RuntimeError) as error:
        minigrad.view_as_complex(make(minigrad.ones(3, 3, dtype=minigrad.float64)))
    assert str(error.value) == str(expected)


def test_view_as_complex_of_a_strided_tensor_keeps_torchs_strides():
    def facts(L):
        z = L.view_as_complex(L.ones(4, 6, dtype=L.float64)[:, 2:4])
        return z.shape, z.stride(), z.storage_offset()
    assert facts(minigrad) == facts(torch)


# ------------------------------------------------------------------ arithmetic, reductions, views
@pytest.mark.parametrize("op", ["add", "sub", "mul", "div"])
@given(data=st.data(), seed=S.seeds)
def test_arithmetic_of_complex_tensors_and_its_gradients_match_torch(op, data, seed):
    shapes = data.draw(S.broadcastable_shapes(max_dims=3))
    z = data.draw(complex_arrays(st.just(shapes[0]), low=0.5, high=3))
    w = data.draw(complex_arrays(st.just(shapes[1]), low=0.5, high=3))
    x = data.draw(S.arrays(np.float64, shapes[1], 0.5, 3))
    check(lambda L, a, b: getattr(L, op)(a, b), z, w, seed=seed)
    check(lambda L, a, b: getattr(L, op)(a, b), z, x, seed=seed)  # complex with real: promoted
    check(lambda L, a, b: getattr(L, op)(a, b), x, z, seed=seed)


@pytest.mark.parametrize("scalar", [2j, 1.5 - 0.5j, 2.0, 3])
@given(data=st.data(), seed=S.seeds)
def test_arithmetic_with_python_scalars_matches_torch(scalar, data, seed):
    z = data.draw(complex_arrays(low=0.5, high=3))
    x = data.draw(S.array_and_dtype(S.shapes(max_dims=2), 0.5, 3))
    for a in (z, x):
        check(lambda L, t: (t + scalar, t - scalar, t * scalar, t / scalar, scalar / t, scalar - t), a, seed=seed)


_NON_FINITE_PARTS = [complex(re, im) for re in (np.inf, -np.inf, np.nan, 1.0) for im in (np.inf, -np.inf, np.nan, 2.0)]


@pytest.mark.parametrize("dtype", [np.complex64, np.complex128])
def test_complex_add_and_sub_scale_the_other_operand_by_one_as_torch_at_infinite_parts(dtype):
    # PyTorch computes a + alpha * b with alpha = 1 + 0j: (1 + 2j) + (1 + inf j) is nan + inf j
    a, b = (np.array(v, dtype) for v in zip(*itertools.product(_NON_FINITE_PARTS, repeat=2)))
    check(lambda L, s, t: (s + t, s - t, L.add(s, t), L.sub(s, t, alpha=1), L.rsub(s, t), 1.5 - s,
                           s + complex(1, np.inf), s.real + t, s + t.real), a, b, backward=False)
    check(lambda L, s, t: (s.clone().add_(t), s.clone().sub_(t), s.clone().__iadd__(t)), a, b,
          requires_grad=[False, False])


@given(data=st.data(), seed=S.seeds)
def test_reductions_and_views_of_complex_tensors_match_torch(data, seed):
    z = data.draw(complex_arrays(S.shapes(min_dims=2, max_dims=3, min_side=1)))
    check(lambda L, t: (t.sum(), t.sum(0), t.mean(), t.mean(-1, keepdim=True)), z, seed=seed)
    check(lambda L, t: (t.reshape(-1), t.transpose(0, 1), t[0], t[..., :1], t[t.real > 0], t.flip(0),
                        L.roll(t, 1, 0), L.cat([t, t]), L.stack([t, t]), t.unsqueeze(0).expand(2, *t.shape)),
          z, seed=seed)


def test_second_order_gradients_through_complex_ops_match_torch():
    x = np.array([0.3, -1.2, 2.0])
    compare_higher(lambda L, t: (L.polar(t * t + 1, t).exp() * L.complex(t, -t)).abs().sum(), x)
    compare_higher(lambda L, t: L.view_as_real(L.complex(t, t * t) / L.complex(t + 3, t)).sum() ** 2, x)


def test_an_op_not_checked_for_complex_refuses_complex_input():
    z = minigrad.tensor([1 + 2j, -1j], requires_grad=True)
    for fn in (minigrad.sinc, minigrad.erf, minigrad.lgamma, lambda t: t.logcumsumexp(0)):
        with pytest.raises(RuntimeError, match="not implemented for 'ComplexFloat'"):
            fn(z)


#: ops PyTorch refuses complex input for with an error of its own (its type and message)
COMPLEX_REFUSALS = {
    "max": lambda L, z: L.max(z), "min": lambda L, z: z.min(), "amax": lambda L, z: L.amax(z, 0),
    "amin": lambda L, z: z.amin(), "max_dim": lambda L, z: L.max(z, 0), "min_dim": lambda L, z: z.min(dim=0),
    "max_dim_of_0d": lambda L, z: L.max(z[0], 0), "aminmax": lambda L, z: L.aminmax(z),
    "median": lambda L, z: z.median(), "cummax": lambda L, z: L.cummax(z, 0), "cummin": lambda L, z: z.cummin(0),
    "clamp": lambda L, z: L.clamp(z, 0, 1), "clamp_tensor_bounds": lambda L, z: L.clamp(z, z, z),
    "clamp_": lambda L, z: z.clone().clamp_(max=1), "clip": lambda L, z: z.clip(-1),
    "clamp_min": lambda L, z: L.clamp_min(z, 0),
    "clamp_min_tensor": lambda L, z: L.clamp_min(z, z), "clamp_max_tensor": lambda L, z: z.clamp_max(z),
    "relu": lambda L, z: L.relu(z), "sign": lambda L, z: L.sign(z), "sign_": lambda L, z: z.clone().sign_(),
    "hardtanh": lambda L, z: L.nn.functional.hardtanh(z), "relu6": lambda L, z: L.nn.functional.relu6(z),
    "leaky_relu": lambda L, z: L.nn.functional.leaky_relu(z), "softplus": lambda L, z: L.nn.functional.softplus(z),
    "threshold": lambda L, z: L.nn.functional.threshold(z, 0.5, 1.0),
    "logsigmoid": lambda L, z: L.nn.functional.logsigmoid(z),
    "scatter_reduce_amax": lambda L, z: z.scatter_reduce(0, L.tensor([1, 0]), z, "amax"),
    "scatter_reduce_amin": lambda L, z: z.scatter_reduce(0, L.tensor([1, 0]), z, "amin", include_self=False),
}


@pytest.mark.parametrize("name", COMPLEX_REFUSALS)
@pytest.mark.parametrize("dtype", ["complex64", "complex128"])
def test_an_op_torch_refuses_complex_input_for_raises_torchs_error(dtype, name):
    errors = []
    for L in (torch, minigrad):
        with pytest.raises(Exception) as info:
            COMPLEX_REFUSALS[name](L, L.tensor([1 + 2j, -1j], dtype=getattr(L, dtype)))
        errors.append((type(info.value), str(info.value)))
    assert errors[1] == errors[0]


@pytest.mark.parametrize("exponent", [2, 3, -1, 0, 0.5, 2.5])
@given(data=st.data(), seed=S.seeds)
def test_power_of_a_complex_tensor_by_a_real_number_matches_torch(exponent, data, seed):
    z = data.draw(complex_arrays(low=0.5, high=3))  # (away from 0, where negative powers are infinite)
    check(lambda L, t: (t ** exponent, L.pow(t, exponent)), z, seed=seed)
