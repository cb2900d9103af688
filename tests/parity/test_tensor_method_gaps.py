"""Tensor methods from PyTorch's older and storage-level API against torch: the in-place twins
addmv_/addr_/baddbmm_/addbmm_ (values and gradients), adjoint, matrix_power as a method and
function, bernoulli/multinomial as methods on the seeded stream, the legacy constructor ``new``,
``resize_``/``resize_as_``, ``as_subclass``, ``char`` and the layout and memory queries."""
import numpy as np
import pytest
import torch
from hypothesis import given, strategies as st

import minigrad

from . import strategies as S
from .helpers import check, check_raises

LIBS = (minigrad, torch)
FLOATS = st.sampled_from([np.float32, np.float64])


@given(st.data(), FLOATS, st.sampled_from([1, 0.5, 0]), st.sampled_from([1, -2.0]))
def test_addmv_in_place_matches_torch_values_and_gradients(data, dtype, beta, alpha):
    n, k = data.draw(st.integers(1, 4)), data.draw(st.integers(1, 4))
    x, m, v = (data.draw(S.arrays(dtype, shape, -3, 3)) for shape in ((n,), (n, k), (k,)))
    check(lambda L, a, b, c: a.clone().addmv_(b, c, beta=beta, alpha=alpha), x, m, v, atol_scale=10)


@given(st.data(), FLOATS, st.sampled_from([1, 0.5]), st.sampled_from([1, 3.0]))
def test_addr_in_place_matches_torch_values_and_gradients(data, dtype, beta, alpha):
    n, k = data.draw(st.integers(1, 4)), data.draw(st.integers(1, 4))
    x, v1, v2 = (data.draw(S.arrays(dtype, shape, -3, 3)) for shape in ((n, k), (n,), (k,)))
    check(lambda L, a, b, c: a.clone().addr_(b, c, beta=beta, alpha=alpha), x, v1, v2, atol_scale=10)


@given(st.data(), FLOATS, st.sampled_from(["baddbmm_", "addbmm_"]), st.sampled_from([1, 0.5]),
       st.sampled_from([1, -1.5]))
def test_batched_matmul_adds_in_place_match_torch_values_and_gradients(data, dtype, name, beta, alpha):
    b, n, k, p = (data.draw(st.integers(1, 3)) for _ in range(4))
    out_shape = (b, n, p) if name == "baddbmm_" else (n, p)
    x, b1, b2 = (data.draw(S.arrays(dtype, shape, -3, 3)) for shape in (out_shape, (b, n, k), (b, k, p)))
    check(lambda L, a, c, d: getattr(a.clone(), name)(c, d, beta=beta, alpha=alpha), x, b1, b2, atol_scale=30)


def test_in_place_matmul_add_returns_self_and_bumps_the_version():
    x = minigrad.zeros(2)
    version = x._version_count if hasattr(x, "_version_count") else None
    assert x.addmv_(minigrad.ones(2, 3), minigrad.ones(3)) is x
    assert x.tolist() == [3.0, 3.0]
    if version is not None:
        assert x._version_count != version


def test_in_place_matmul_add_into_an_integer_tensor_of_float_operands_raises_as_torch():
    check_raises(lambda L, a, b, c: a.addmv_(b, c), np.zeros(2, np.int64), np.ones((2, 2)), np.ones(2))


@given(S.arrays(np.float64, st.tuples(st.integers(1, 3), st.integers(1, 3), st.integers(1, 3)).map(tuple)))
def test_adjoint_swaps_the_last_two_dims_as_torch(x):
    check(lambda L, a: L.adjoint(a), x)
    check(lambda L, a: a.adjoint(), x)


def test_adjoint_of_a_vector_raises_runtime_error_as_torch():
    check_raises(lambda L, a: a.adjoint(), np.ones(3))


def test_adjoint_of_a_zero_dim_tensor_warns_and_returns_it_as_torch():
    for lib in LIBS:
        x = lib.tensor(2.0)
        with pytest.warns(UserWarning, match="adjoint\\(\\) is deprecated on 0-D tensors"):
            assert x.adjoint() is x


@given(st.integers(1, 3), st.integers(-2, 4), st.integers(0, 2 ** 16))
def test_matrix_power_method_and_function_match_torch(n, power, seed):
    a = np.random.default_rng(seed).standard_normal((n, n)) + 3 * np.eye(n)
    check(lambda L, x: x.matrix_power(power), a, atol_scale=100)
    check(lambda L, x: L.matrix_power(x, power), a, atol_scale=100)


def _seeded(lib, seed, fn):
    lib.manual_seed(seed)
    return fn(lib)


@given(st.integers(0, 2 ** 16), FLOATS, st.integers(1, 20))
def test_bernoulli_method_draws_torchs_seeded_stream(seed, dtype, n):
    probs = np.random.default_rng(seed).uniform(0, 1, n).astype(dtype)
    out = [_seeded(lib, seed, lambda L: L.tensor(probs).bernoulli()) for lib in LIBS]
    assert out[0].tolist() == out[1].tolist() and str(out[0].dtype) == str(out[1].dtype)


@given(st.integers(0, 2 ** 16), st.floats(0, 1), st.integers(1, 20))
def test_bernoulli_with_p_draws_torchs_seeded_stream(seed, p, n):
    for form in (lambda L: L.bernoulli(L.zeros(n), p=p), lambda L: L.bernoulli(L.zeros(n), p),
                 lambda L: L.zeros(n).bernoulli(p)):
        out = [_seeded(lib, seed, form) for lib in LIBS]
        assert out[0].tolist() == out[1].tolist()


@given(st.integers(0, 2 ** 16), st.integers(1, 5), st.booleans())
def test_multinomial_method_draws_torchs_seeded_stream(seed, n, replacement):
    weights = np.random.default_rng(seed).uniform(0.1, 1, (2, 5))
    out = [_seeded(lib, seed, lambda L: L.tensor(weights).multinomial(n, replacement=replacement)) for lib in LIBS]
    assert out[0].tolist() == out[1].tolist() and str(out[0].dtype) == str(out[1].dtype)


NEW_FORMS = {
    "empty": lambda x, L: x.new(),
    "sizes": lambda x, L: x.new(2, 3).shape,
    "size": lambda x, L: x.new(L.Size([2, 3])).shape,
    "list": lambda x, L: x.new([1, 2]),
    "tuple_is_data": lambda x, L: x.new((2, 3)),
    "nested": lambda x, L: x.new([[1.5], [2]]),
}


@pytest.mark.parametrize("form", sorted(NEW_FORMS))
@pytest.mark.parametrize("dtype", ["float32", "float64", "int32"])
def test_new_builds_a_tensor_of_this_tensors_dtype_as_torch(form, dtype):
    out = []
    for lib in LIBS:
        r = NEW_FORMS[form](lib.ones(1, dtype=getattr(lib, dtype)), lib)
        out.append(tuple(r) if not isinstance(r, lib.Tensor) else (str(r.dtype), r.tolist()))
    assert out[0] == out[1]


def test_new_of_a_number_raises_type_error_as_torch():
    for lib in LIBS:
        with pytest.raises(TypeError, match="data must be a sequence"):
            lib.ones(1).new(2.5)


@pytest.mark.parametrize("size", [(2, 2), (6,), (10,), (0,), ((3, 1),)], ids=str)
def test_resize_keeps_the_first_elements_in_row_major_order_as_torch(size):
    out = []
    for lib in LIBS:
        t = lib.arange(6.0).reshape(2, 3)
        assert t.resize_(*size) is t
        n = min(t.numel(), 6)
        out.append((tuple(t.shape), t.reshape(-1)[:n].tolist()))
    assert out[0] == out[1]


def test_resize_shrinking_a_view_leaves_its_base_as_torch():
    out = []
    for lib in LIBS:
        base = lib.arange(6.0)
        view = base.view(2, 3).resize_(2)
        out.append((view.tolist(), base.tolist()))
    assert out[0] == out[1]


RESIZE_SOURCES = {
    "a transposed tensor": lambda L: L.arange(6.0).reshape(2, 3).t(),
    "a strided view": lambda L: L.arange(6.0)[::2],
    "a view with an offset": lambda L: L.arange(6.0)[2:],
    "a tensor set to an offset": lambda L: L.zeros(1).set_(L.arange(6.0), 2, (2,)),
}


@pytest.mark.parametrize("size", [(2,), (3,), (2, 2)], ids=str)
@pytest.mark.parametrize("source", RESIZE_SOURCES.values(), ids=RESIZE_SOURCES.keys())
def test_resize_lays_out_the_storage_from_the_tensors_offset_as_torch(source, size):
    out = []
    for lib in LIBS:
        storage = lib.arange(6.0)
        t = source(lib)
        t.resize_(*size)
        n = min(t.numel(), t.untyped_storage().nbytes() // 4 - t.storage_offset())
        out.append((tuple(t.shape), t.stride(), t.storage_offset(), t.reshape(-1)[:n].tolist(), t._version))
    assert out[0] == out[1]


@pytest.mark.parametrize("size", [(2, 3), (3, 2)], ids=str)
def test_resize_to_the_shape_a_tensor_has_changes_nothing_as_torch(size):
    out = []
    for lib in LIBS:
        t = lib.arange(6.0).reshape(*size).t()
        t.resize_(*t.shape)
        out.append((t.stride(), t._version))
    assert out[0] == out[1]


def test_resize_writes_through_a_strided_view_into_its_base_as_torch():
    out = []
    for lib in LIBS:
        base = lib.arange(6.0)
        view = base[::2].resize_(2)
        view.mul_(0)
        out.append(base.tolist())
    assert out[0] == out[1]


def test_resize_as_takes_the_templates_shape_as_torch():
    out = [tuple(lib.arange(6.0).resize_as_(lib.ones(3, 2)).shape) for lib in LIBS]
    assert out[0] == out[1] == (3, 2)


def test_resize_of_a_tensor_requiring_grad_raises_runtime_error_as_torch():
    for lib in LIBS:
        with pytest.raises(RuntimeError, match="cannot resize variables that require grad"):
            lib.ones(3, requires_grad=True).resize_(2)


def test_resize_to_a_negative_size_raises_runtime_error_as_torch():
    for lib in LIBS:
        with pytest.raises(RuntimeError):
            lib.ones(3).resize_(-1)


def test_as_subclass_is_an_alias_in_the_graph_as_torch():
    out = []
    for lib in LIBS:
        class Sub(lib.Tensor):
            pass
        x = lib.ones(2, requires_grad=True)
        y = x.as_subclass(Sub)
        (y * 2).sum().backward()
        out.append((type(y).__name__, y.grad_fn.name(), y.is_leaf, y.requires_grad, x.grad.tolist()))
    assert out[0] == out[1]


def test_as_subclass_shares_storage_with_the_tensor():
    class Sub(minigrad.Tensor):
        pass
    x = minigrad.ones(2)
    x.as_subclass(Sub).add_(1)
    assert x.tolist() == [2.0, 2.0]


def _tagged_subclass(lib):
    """A subclass whose ``__new__`` takes its own keywords and returns ``as_subclass`` of its
    data, as fastai's ``TensorBase`` does."""
    class Tagged(lib.Tensor):
        @staticmethod
        def __new__(cls, x, **kwargs):
            res = lib.as_tensor(x).as_subclass(cls)
            for k, v in kwargs.items():
                setattr(res, k, v)
            return res
    return Tagged


def test_subclass_with_its_own_new_keeps_the_dtype_of_its_data_as_torch():
    out = []
    for lib in LIBS:
        t = _tagged_subclass(lib)([1, 2], tag="x")
        out.append((type(t).__name__, str(t.dtype), t.tag, t.tolist()))
    assert out[0] == out[1]


def test_subclass_with_its_own_new_stays_in_the_graph_of_its_data_as_torch():
    out = []
    for lib in LIBS:
        x = lib.ones(2, requires_grad=True)
        t = _tagged_subclass(lib)(x)
        (t * 3).sum().backward()
        out.append((t.requires_grad, t.is_leaf, x.grad.tolist()))
    assert out[0] == out[1]


def test_as_subclass_of_a_class_not_deriving_from_tensor_raises_type_error_as_torch():
    for lib in LIBS:
        with pytest.raises(TypeError, match="does not inherit from Tensor"):
            lib.ones(2).as_subclass(int)


@given(S.arrays(np.float64, st.just((2, 3)), -200, 200))
def test_char_casts_to_int8_as_torch(x):
    check(lambda L, a: a.char(), np.trunc(x), requires_grad=[False])


QUERIES = {
    "layout": lambda t: repr(t.layout),
    "is_sparse": lambda t: t.is_sparse,
    "is_meta": lambda t: t.is_meta,
    "is_conj": lambda t: t.is_conj(),
    "is_neg": lambda t: t.is_neg(),
    "is_pinned": lambda t: t.is_pinned(),
    "is_shared": lambda t: t.is_shared(),
    "share_memory_": lambda t: (t.share_memory_() is t, t.is_shared()),
}


@pytest.mark.parametrize("query", sorted(QUERIES))
def test_layout_and_memory_queries_answer_as_torch_on_the_cpu(query):
    out = [QUERIES[query](lib.ones(2, 3)) for lib in LIBS]
    assert out[0] == out[1]


def test_strided_is_the_layout_and_prints_as_torchs():
    assert minigrad.ones(1).layout is minigrad.strided
    assert repr(minigrad.strided) == repr(torch.strided) == "torch.strided"
    assert isinstance(minigrad.strided, minigrad.layout)


@pytest.mark.skipif(minigrad.cuda.is_available(), reason="without a GPU only")
def test_pin_memory_without_a_gpu_raises_runtime_error_as_torch():
    for lib in LIBS:
        with pytest.raises(RuntimeError, match="Cannot access accelerator device"):
            lib.ones(2).pin_memory()
