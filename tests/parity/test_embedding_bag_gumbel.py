"""embedding_bag (and nn.EmbeddingBag), gumbel_softmax and the pools' *_with_indices forms against
PyTorch: values, every gradient, seeded draws, the layer's form and initial weights, the errors."""
import numpy as np
import pytest
import torch
from hypothesis import given, strategies as st

import minigrad

from . import strategies as S
from .helpers import check, check_raises, check_same_error


def _bag(L, *args, **kwargs):
    return L.nn.functional.embedding_bag(*args, **kwargs)


@st.composite
def _bags(draw, two_d=None):
    """(indices, offsets or None, number of embeddings): 2-D indices, or 1-D indices cut by sorted offsets."""
    rows = draw(st.integers(1, 5))
    if two_d is None:
        two_d = draw(st.booleans())
    if two_d:
        shape = (draw(st.integers(0, 3)), draw(st.integers(1, 4)))
        return np.array(draw(st.lists(st.integers(0, rows - 1), min_size=int(np.prod(shape)),
                                      max_size=int(np.prod(shape))))).reshape(shape).astype(np.int64), None, rows
    n = draw(st.integers(0, 8))
    idx = np.array(draw(st.lists(st.integers(0, rows - 1), min_size=n, max_size=n)), dtype=np.int64)
    cuts = sorted(draw(st.lists(st.integers(0, n), min_size=0, max_size=4)))
    return idx, np.array([0] + cuts, dtype=np.int64), rows


@given(data=st.data(), mode=st.sampled_from(["sum", "mean", "max"]), last=st.booleans(),
       padding=st.sampled_from([None, 0, -1]), seed=S.seeds)
def test_embedding_bag_matches_torch(data, mode, last, padding, seed):
    idx, offsets, rows = data.draw(_bags())
    dtype = data.draw(S.float_dtypes)
    weight = data.draw(S.arrays(dtype, (rows, data.draw(st.integers(1, 3)))))
    kwargs = {"mode": mode, "padding_idx": padding, "include_last_offset": last and offsets is not None}
    if kwargs["include_last_offset"]:  # (the last offset ends the input, as documented: past it PyTorch's
        offsets = np.append(offsets, len(idx))  # modes disagree with each other and with their gradients)
    if offsets is None:
        check(lambda L, w, i: _bag(L, i, w, **kwargs), weight, idx, seed=seed)
    else:
        check(lambda L, w, i, o: _bag(L, i, w, o, **kwargs), weight, idx, offsets, seed=seed)


@given(data=st.data(), seed=S.seeds)
def test_embedding_bag_per_sample_weights_match_torch(data, seed):
    idx, offsets, rows = data.draw(_bags())
    dtype = data.draw(S.float_dtypes)
    weight = data.draw(S.arrays(dtype, (rows, 2)))
    psw = data.draw(S.arrays(dtype, idx.shape))
    padding = data.draw(st.sampled_from([None, 0]))
    check(lambda L, w, i, p, o=None: _bag(L, i, w, o if o is None else L.as_tensor(o), mode="sum",
                                          per_sample_weights=p, padding_idx=padding),
          weight, idx, psw, *([] if offsets is None else [offsets]), seed=seed)


@given(data=st.data(), mode=st.sampled_from(["sum", "mean"]), seed=S.seeds)
def test_embedding_bag_scale_grad_by_freq_matches_torch(data, mode, seed):
    # every row looked up equally often: PyTorch's kernel divides row r's gradient by the count at
    # position r of the sorted indices (not by row r's count), which agrees only then
    rows, repeats = data.draw(st.integers(1, 4)), data.draw(st.integers(1, 3))
    idx = np.array(data.draw(st.permutations(list(range(rows)) * repeats)), dtype=np.int64).reshape(repeats, rows)
    weight = data.draw(S.arrays(np.float64, (rows + 1, 2)))
    check(lambda L, w, i: _bag(L, i, w, mode=mode, scale_grad_by_freq=True), weight, idx, seed=seed)


def test_embedding_bag_max_gives_a_tie_to_its_first_entry():
    weight = np.array([[1.0, 5.0], [1.0, 5.0], [3.0, 0.0]])
    for idx in ([0, 1, 2, 1], [1, 0, 2, 1]):
        check(lambda L, w, i, o: _bag(L, i, w, o, mode="max"), weight, np.array(idx), np.array([0, 3]))


@pytest.mark.parametrize("call", [
    lambda L, w, i: _bag(L, i, w, L.tensor([1, 2])),
    lambda L, w, i: _bag(L, i, w, L.tensor([0, 9])),
    lambda L, w, i: _bag(L, i, w),
    lambda L, w, i: _bag(L, i.reshape(2, 2), w, L.tensor([0])),
    lambda L, w, i: _bag(L, i, w, L.tensor([[0]])),
    lambda L, w, i: _bag(L, i, w, L.tensor([0]), mode="min"),
    lambda L, w, i: _bag(L, i, w, L.tensor([0]), mode="max", scale_grad_by_freq=True),
    lambda L, w, i: _bag(L, i, w, L.tensor([0]), mode="mean", per_sample_weights=L.ones(4, dtype=w.dtype)),
    lambda L, w, i: _bag(L, i, w, L.tensor([0]), per_sample_weights=L.ones(3, dtype=w.dtype)),
    lambda L, w, i: _bag(L, i + 5, w, L.tensor([0])),
    lambda L, w, i: _bag(L, i - 1, w, L.tensor([0])),
    lambda L, w, i: _bag(L, i, w[0], L.tensor([0])),
    lambda L, w, i: _bag(L, i.double(), w, L.tensor([0])),
])
def test_embedding_bag_refuses_bad_arguments_like_torch(call):
    check_raises(call, np.ones((4, 2)), np.array([0, 1, 2, 3]))


@pytest.mark.parametrize("args, kwargs", [((5, 3), {}), ((5, 3), {"mode": "sum", "padding_idx": -2}),
                                          ((4, 2), {"max_norm": 1.0, "norm_type": 1.0, "mode": "max"}),
                                          ((4, 2), {"scale_grad_by_freq": True, "include_last_offset": True})])
def test_embedding_bag_layer_has_torchs_weights_and_form(args, kwargs):
    minigrad.manual_seed(0)
    torch.manual_seed(0)
    mine, theirs = minigrad.nn.EmbeddingBag(*args, **kwargs), torch.nn.EmbeddingBag(*args, **kwargs)
    assert repr(mine) == repr(theirs)
    assert list(mine.state_dict()) == list(theirs.state_dict())
    np.testing.assert_array_equal(mine.weight.detach().numpy(), theirs.weight.detach().numpy())
    idx, offsets = [0, 1, 3, 1], [0, 2, 4] if kwargs.get("include_last_offset") else [0, 2]
    out_m = mine(minigrad.tensor(idx), minigrad.tensor(offsets))
    out_t = theirs(torch.tensor(idx), torch.tensor(offsets))
    np.testing.assert_allclose(out_m.detach().numpy(), out_t.detach().numpy(), rtol=1e-6, atol=1e-7)


def test_embedding_bag_from_pretrained_matches_torch():
    table = np.arange(6.0).reshape(3, 2)
    mine = minigrad.nn.EmbeddingBag.from_pretrained(minigrad.tensor(table), mode="sum")
    theirs = torch.nn.EmbeddingBag.from_pretrained(torch.tensor(table), mode="sum")
    assert repr(mine) == repr(theirs) and mine.weight.requires_grad == theirs.weight.requires_grad
    np.testing.assert_array_equal(mine(minigrad.tensor([[0, 2]])).numpy(), theirs(torch.tensor([[0, 2]])).numpy())


# ---------------------------------------------------------------------- gumbel_softmax
@given(data=st.data(), hard=st.booleans(), tau=st.sampled_from([1, 0.5, 3.0]), seed=S.seeds)
def test_gumbel_softmax_draws_and_differentiates_as_torch(data, hard, tau, seed):
    dtype = data.draw(S.float_dtypes)
    shape = data.draw(S.nonempty_shapes(min_dims=1, max_dims=3))
    logits = data.draw(S.arrays(dtype, shape, -3, 3))
    dim = data.draw(st.integers(-len(shape), len(shape) - 1))

    def fn(L, x):
        L.manual_seed(seed % 2**31)
        return L.nn.functional.gumbel_softmax(x, tau=tau, hard=hard, dim=dim)

    check(fn, logits, seed=seed)


def test_gumbel_softmax_warns_that_eps_is_deprecated_as_torch():
    for L in (minigrad, torch):
        with pytest.warns(UserWarning, match="`eps` parameter is deprecated and has no effect."):
            L.nn.functional.gumbel_softmax(L.zeros(3), eps=1e-3)


# ---------------------------------------------------------------------- *_with_indices
@given(data=st.data(), seed=S.seeds)
def test_max_pool_with_indices_match_torch(data, seed):
    dims = data.draw(st.sampled_from([1, 2]))
    dtype = data.draw(S.float_dtypes)
    x = data.draw(S.arrays(dtype, (2, 2) + (5,) * dims))
    kernel, stride = data.draw(st.integers(1, 3)), data.draw(st.sampled_from([None, 1, 2]))
    ceil = data.draw(st.booleans())
    name = f"max_pool{dims}d_with_indices"
    check(lambda L, x: getattr(L.nn.functional, name)(x, kernel, stride, ceil_mode=ceil), x, seed=seed)


@given(data=st.data(), seed=S.seeds)
def test_adaptive_max_pool_with_indices_match_torch(data, seed):
    dims = data.draw(st.sampled_from([1, 2]))
    x = data.draw(S.arrays(data.draw(S.float_dtypes), (2,) + (5,) * dims))
    size = data.draw(st.integers(1, 5))
    name = f"adaptive_max_pool{dims}d_with_indices"
    check(lambda L, x: getattr(L.nn.functional, name)(x, size), x, seed=seed)


@pytest.mark.parametrize("index_dtype, offsets_dtype", [("int16", "int32"), ("uint8", "int64"), ("int8", "int32"),
                                                         ("bool", "int64"), ("int64", "int16"), ("int32", "uint8")],
                         ids=str)
@pytest.mark.parametrize("mode", ["sum", "mean", "max"])
def test_embedding_bag_takes_indices_and_offsets_that_promote_to_int32_or_int64_as_torch(index_dtype, offsets_dtype,
                                                                                          mode):
    weight = np.random.default_rng(0).standard_normal((5, 3))
    check(lambda L, i, w, o: L.nn.functional.embedding_bag(i, w, o, mode=mode),
          np.array([1, 0, 1, 1], index_dtype), weight, np.array([0, 1], offsets_dtype))


@pytest.mark.parametrize("index_dtype, offsets_dtype", [("int16", "int16"), ("uint8", "int8"), ("float32", "int64"),
                                                         ("int64", "float64")], ids=str)
def test_embedding_bag_refuses_indices_and_offsets_promoting_to_another_dtype_in_torchs_words(index_dtype,
                                                                                             offsets_dtype):
    check_same_error(lambda L, i, w, o: L.nn.functional.embedding_bag(i, w, o),
                     np.array([1, 0, 1], index_dtype), np.ones((5, 3)), np.array([0, 1], offsets_dtype))


@pytest.mark.parametrize("mode", ["sum", "mean", "max"])
@pytest.mark.parametrize("dtype, padding_idx", [("float32", None), ("float64", None), ("float32", 0)], ids=str)
@pytest.mark.parametrize("index", [[1, 7, 2, 9], [1, -1, 7], [9, -2, 1]], ids=str)
def test_embedding_bag_names_its_first_index_out_of_range_in_its_kernels_words_as_torch(mode, dtype, padding_idx,
                                                                                        index):
    """(PyTorch's fast kernel, for float32 sums and means without a padding_idx, words it its own way.)"""
    check_same_error(lambda L, i, w, o: L.nn.functional.embedding_bag(i, w, o, mode=mode, padding_idx=padding_idx),
                     np.array(index), np.ones((5, 3), dtype), np.array([0]))


@pytest.mark.parametrize("mode, weights", [("sum", False), ("sum", True), ("mean", False), ("max", False)])
def test_embedding_bag_grad_fn_is_named_as_torchs(mode, weights):
    names = []
    for L in (minigrad, torch):
        weight = L.ones(5, 2, requires_grad=True)
        indices, offsets = L.tensor([1, 2, 4, 3]), L.tensor([0, 2])
        out = _bag(L, indices, weight, offsets, mode=mode, per_sample_weights=L.ones(4) if weights else None)
        names.append(out.grad_fn.name())
    assert names[0] == names[1]
