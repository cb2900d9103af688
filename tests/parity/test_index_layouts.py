"""Indexing corners found by a differential probe against PyTorch: the memory layout of advanced
indexing results and of empty tensors, a Python bool as a setitem index, a 0-d NumPy integer array
as an index, and the NumPy scalars PyTorch refuses as setitem values."""
import numpy as np
import pytest
import torch

import minigrad

from .helpers import check


@pytest.mark.parametrize("expr", ["t[..., [0, 4]]", "t[:, [0, 1], [1, 2]]", "t[:, L.tensor([[0], [3]])]"])
def test_advanced_index_after_a_slice_is_contiguous_and_views_as_torch(expr):
    results = []
    for L in (minigrad, torch):
        t = eval(expr, {"L": L, "t": L.arange(60.0).reshape(3, 4, 5)})
        results.append((t.stride(), t.is_contiguous(), t.view(-1).tolist()))
    assert results[0] == results[1]


@pytest.mark.parametrize("expr", ["t[[]]", "t[False]", "t[:, 1:1, [0, 1]]", "L.empty(0, 3)", "L.zeros(3, 0, 2)"])
def test_strides_of_a_new_empty_tensor_are_torchs(expr):
    strides = [eval(expr, {"L": L, "t": L.arange(60.0).reshape(3, 4, 5)}).stride() for L in (minigrad, torch)]
    assert strides[0] == strides[1]


@pytest.mark.parametrize("expr", ["y[True] = w", "y[True, 0] = w", "y[None, True] = w", "y[True] = 2.0"])
@pytest.mark.parametrize("graph", [True, False], ids=["graph", "no-graph"])
def test_setitem_with_a_python_bool_index_writes_as_torch(expr, graph):
    def write(L, t, w):
        y = t * 1 if graph else t.detach().clone()
        exec(expr, {}, {"y": y, "w": w if graph else w.detach()})
        return y
    rng = np.random.default_rng(0)
    check(write, rng.standard_normal((3, 4)), rng.standard_normal(4))


def test_a_0d_numpy_integer_array_indexes_as_an_int_giving_a_view():
    views = [L.arange(6.0).reshape(3, 2)[np.array(1)]._is_view() for L in (minigrad, torch)]
    assert views == [True, True]


@pytest.mark.parametrize("value", [np.float32(2.5), np.float16(1.0), np.bool_(True)], ids=["float32", "float16", "bool"])
@pytest.mark.parametrize("index", [0, (0, 0), [0], slice(None)], ids=["int", "ints", "list", "slice"])
def test_setitem_refuses_numpy_scalars_torch_refuses(value, index):
    def write(L, t):
        t.detach()[index] = value
    check(write, np.zeros((3, 2)))


@pytest.mark.parametrize("value", ["w", "L.ones(7)", "5.0"], ids=["tensor", "other shape", "number"])
def test_setitem_at_a_lone_false_writes_and_records_nothing(value):
    results = []
    for L in (minigrad, torch):
        x = L.tensor([1.0, 2.0, 3.0], dtype=L.float64, requires_grad=True)
        w = L.tensor([4.0], dtype=L.float64, requires_grad=True)
        y = x * 2
        y[False] = eval(value, {"L": L, "w": w})
        version, name = y._version, type(y.grad_fn).__name__
        y.sum().backward()
        results.append((version, name, y.tolist(), x.grad.tolist(), w.grad))
    assert results[0] == results[1]


def test_setitem_at_a_lone_false_into_a_leaf_requiring_grad_is_no_error():
    results = []
    for L in (minigrad, torch):
        x = L.ones(3, requires_grad=True)
        x[False] = 5.0
        results.append((x._version, x.tolist()))
    assert results[0] == results[1]


@pytest.mark.parametrize("value", ["'a'", "300", "np.float32(2)"])
def test_setitem_at_a_lone_false_checks_the_value_as_torch(value):
    errors = []
    for L in (minigrad, torch):
        with pytest.raises((TypeError, RuntimeError)) as info:
            L.ones(3, dtype=L.uint8)[False] = eval(value)
        errors.append((info.type, str(info.value)))
    assert errors[0] == errors[1]


@pytest.mark.parametrize("expr", ["t[:, None, 1]", "t[..., None, 1]", "t[:, None, 1:3]", "t[:, None, None, 1]",
                                  "t.permute(2, 0, 1)[:, None, 1]", "t[None, 1:, None, 0]"])
def test_a_new_dim_before_a_selected_or_sliced_dim_has_torchs_stride(expr):
    results = []
    for L in (minigrad, torch):
        v = eval(expr, {"t": L.arange(24.0).reshape(2, 3, 4)})
        results.append((v.stride(), v.is_contiguous(), v.storage_offset(), v.flatten().tolist()))
    assert results[0] == results[1]


PERMUTED_INDEXES = ["t.t()[:, [0, 2]]", "p[:, [0, 1]]", "p[..., [0, 1]]", "p[:, [[0, 1], [1, 0]]]",
                    "t.t()[:, L.tensor([True, False, True])]", "t.t().index_select(1, L.tensor([0, 2]))",
                    "p.index_select(1, L.tensor([1, 0]))"]


@pytest.mark.parametrize("expr", PERMUTED_INDEXES)
def test_advanced_index_of_a_permuted_tensor_is_laid_out_as_torchs(expr):
    results = []
    for L in (minigrad, torch):
        env = {"L": L, "t": L.arange(12.0).reshape(3, 4), "p": L.arange(24.0).reshape(2, 3, 4).permute(2, 0, 1)}
        r = eval(expr, env)
        results.append((r.stride(), r.is_contiguous(), r.tolist()))
    assert results[0] == results[1]


EMPTY_RESULTS = ["L.zeros(0, 3) + 1", "L.zeros(0, 3).exp()", "L.zeros(0, 3).clone()", "L.cat([L.zeros(0, 3), L.zeros(0, 3)])",
                 "L.cat([L.zeros(2, 0), L.zeros(2, 0)], 1)", "L.zeros(0, 3) @ L.zeros(3, 4)", "L.tensor([])",
                 "L.tensor([[]])", "L.stack([L.zeros(0, 3)] * 2)", "L.zeros(0, 3).sum(1)", "L.arange(0)",
                 "L.linspace(0, 1, 0)", "L.zeros(2, 3).nonzero()", "L.from_numpy(np.zeros((0, 3))) + 1"]


@pytest.mark.parametrize("expr", EMPTY_RESULTS)
def test_empty_results_have_torchs_contiguous_strides(expr):
    strides = [(eval(expr, {"L": L, "np": np}).stride(), eval(expr, {"L": L, "np": np}).is_contiguous())
               for L in (minigrad, torch)]
    assert strides[0] == strides[1]


@pytest.mark.parametrize("expr", ["L.from_numpy(np.zeros((0, 3)))", "L.tensor(np.zeros((0, 3)))",
                                  "L.as_tensor(np.zeros((2, 0)))"])
def test_an_empty_tensor_of_a_numpy_array_keeps_numpys_strides(expr):
    assert eval(expr, {"L": minigrad, "np": np}).stride() == eval(expr, {"L": torch, "np": np}).stride()


def test_nonzero_is_column_major_as_torchs():
    for data in ([[1, 0], [1, 1]], [1, 0, 1]):
        assert minigrad.tensor(data).nonzero().stride() == torch.tensor(data).nonzero().stride()
