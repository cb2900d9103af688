"""Embedding, Unflatten, CosineSimilarity, PairwiseDistance and KLDivLoss as layers: PyTorch's
constructor arguments, attributes, printed form, state_dict, initialisation and results."""
import numpy as np
import pytest
import torch

import minigrad
from minigrad import nn

LAYERS = [
    ("Embedding", (10, 3), {}), ("Embedding", (10, 3), {"padding_idx": 0, "max_norm": 1.0}),
    ("Embedding", (5, 3), {"max_norm": 1.0, "norm_type": 1.0, "scale_grad_by_freq": True, "sparse": True}),
    ("Embedding", (5, 3), {"padding_idx": -2}), ("Unflatten", (1, (2, 2)), {}), ("Unflatten", (-1, [3, -1]), {}),
    ("CosineSimilarity", (), {}), ("CosineSimilarity", (0, 1e-3), {}), ("PairwiseDistance", (), {}),
    ("PairwiseDistance", (1.0, 0.0, True), {}), ("KLDivLoss", (), {}),
    ("KLDivLoss", (), {"reduction": "batchmean", "log_target": True}),
]


def _public_attributes(module):
    return {k: v for k, v in vars(module).items() if not k.startswith("_") and k not in ("training", "weight")}


@pytest.mark.parametrize("name,args,kwargs", LAYERS, ids=[f"{n}{a}{k}" for n, a, k in LAYERS])
def test_layer_prints_and_stores_what_torch_does(name, args, kwargs):
    mine, theirs = getattr(nn, name)(*args, **kwargs), getattr(torch.nn, name)(*args, **kwargs)
    assert repr(mine) == repr(theirs)
    assert _public_attributes(mine) == _public_attributes(theirs)
    assert list(mine.state_dict()) == list(theirs.state_dict())


def test_embedding_weight_starts_standard_normal_with_the_padding_row_zero():
    minigrad.manual_seed(0)
    layer = nn.Embedding(4000, 8, padding_idx=3)
    w = layer.weight.detach().numpy()
    assert layer.weight.shape == (4000, 8) and layer.weight.dtype is minigrad.float32 and layer.weight.requires_grad
    assert not w[3].any()
    rest = np.delete(w, 3, axis=0)
    assert abs(rest.mean()) < 0.02 and abs(rest.std() - 1.0) < 0.02


def test_embedding_layer_output_and_gradient_match_torch():
    theirs = torch.nn.Embedding(6, 3, padding_idx=2).double()
    mine = nn.Embedding(6, 3, padding_idx=2, dtype=minigrad.float64)
    mine.load_state_dict({k: minigrad.tensor(v.detach().numpy()) for k, v in theirs.state_dict().items()})
    idx = np.array([[0, 2, 5], [2, 2, 1]])
    g = np.random.default_rng(0).standard_normal((2, 3, 3))
    my, ty = mine(minigrad.tensor(idx)), theirs(torch.tensor(idx))
    my.backward(minigrad.tensor(g))
    ty.backward(torch.tensor(g))
    np.testing.assert_allclose(my.detach().numpy(), ty.detach().numpy(), rtol=1e-7)
    np.testing.assert_allclose(mine.weight.grad.numpy(), theirs.weight.grad.numpy(), rtol=1e-7)
    assert not mine.weight.grad.numpy()[2].any()


def test_embedding_from_pretrained_is_frozen_by_default_and_keeps_the_rows():
    rows = minigrad.tensor([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    frozen = nn.Embedding.from_pretrained(rows)
    assert not frozen.weight.requires_grad and repr(frozen) == "Embedding(3, 2)"
    assert frozen(minigrad.tensor([2, 0])).tolist() == [[5.0, 6.0], [1.0, 2.0]]
    trained = nn.Embedding.from_pretrained(rows, freeze=False, padding_idx=1)
    assert trained.weight.requires_grad and trained.padding_idx == 1
    assert trained.weight[1].tolist() == [3.0, 4.0]  # the padding row is kept as given


def test_embedding_from_pretrained_wants_a_2d_tensor():
    with pytest.raises(AssertionError, match="expected to be 2-dimensional"):
        nn.Embedding.from_pretrained(minigrad.ones(3))


@pytest.mark.parametrize("padding_idx", [5, -6])
def test_embedding_padding_idx_out_of_range_fails_the_assertion(padding_idx):
    with pytest.raises(AssertionError, match="Padding_idx must be within num_embeddings"):
        nn.Embedding(5, 2, padding_idx=padding_idx)


def test_embedding_given_weight_of_the_wrong_shape_fails_the_assertion():
    with pytest.raises(AssertionError, match="Shape of weight does not match"):
        nn.Embedding(5, 2, _weight=minigrad.ones(4, 2))


def test_embedding_max_norm_rescales_the_layers_weight_in_place():
    layer = nn.Embedding(4, 2, max_norm=1.0, _weight=minigrad.tensor([[3.0, 4.0], [0.3, 0.4], [6.0, 8.0], [1.0, 0]]))
    out = layer(minigrad.tensor([0, 1]))
    np.testing.assert_allclose(out.detach().numpy(), [[0.6, 0.8], [0.3, 0.4]], rtol=1e-6)
    np.testing.assert_allclose(layer.weight.detach().numpy()[2], [6.0, 8.0])  # rows not looked up stay


@pytest.mark.parametrize("size", [4, "ab", [2, 2.0]])
def test_unflatten_wants_a_tuple_of_ints_like_torch(size):
    with pytest.raises(TypeError) as mine:
        nn.Unflatten(1, size)
    with pytest.raises(TypeError) as theirs:
        torch.nn.Unflatten(1, size)
    assert str(mine.value) == str(theirs.value)


def test_unflatten_splits_a_dim_like_torch():
    x = np.arange(24.0).reshape(2, 12)
    for dim, size in [(1, (3, 4)), (-1, (2, -1, 3)), (0, (1, 2))]:
        mine, theirs = nn.Unflatten(dim, size)(minigrad.tensor(x)), torch.nn.Unflatten(dim, size)(torch.tensor(x))
        np.testing.assert_array_equal(mine.numpy(), theirs.numpy())


def test_unflatten_of_a_size_that_does_not_multiply_up_raises_runtime_error():
    with pytest.raises(RuntimeError):
        nn.Unflatten(1, (3, 2))(minigrad.ones(3, 4))


@pytest.mark.parametrize("name,args,kwargs", [("CosineSimilarity", (), {}), ("CosineSimilarity", (0,), {}),
                                              ("PairwiseDistance", (), {}), ("PairwiseDistance", (1.0,), {}),
                                              ("KLDivLoss", (), {"reduction": "batchmean"}),
                                              ("KLDivLoss", (), {"reduction": "sum", "log_target": True})])
def test_two_input_layers_match_torch(name, args, kwargs):
    rng = np.random.default_rng(2)
    a, b = -rng.random((4, 5)), rng.random((4, 5))
    mine, theirs = getattr(nn, name)(*args, **kwargs), getattr(torch.nn, name)(*args, **kwargs)
    ma, mb = minigrad.tensor(a, requires_grad=True), minigrad.tensor(b, requires_grad=True)
    ta, tb = torch.tensor(a, requires_grad=True), torch.tensor(b, requires_grad=True)
    my, ty = mine(ma, mb), theirs(ta, tb)
    my.sum().backward()
    ty.sum().backward()
    np.testing.assert_allclose(my.detach().numpy(), ty.detach().numpy(), rtol=1e-7)
    np.testing.assert_allclose(ma.grad.numpy(), ta.grad.numpy(), rtol=1e-7, atol=1e-12)
    np.testing.assert_allclose(mb.grad.numpy(), tb.grad.numpy(), rtol=1e-7, atol=1e-12)


def test_unflatten_of_a_shape_slice_prints_as_torch():
    mine = nn.Unflatten(1, minigrad.ones(2, 3, 4).shape[1:])
    theirs = torch.nn.Unflatten(1, torch.ones(2, 3, 4).shape[1:])
    assert repr(mine) == repr(theirs) == "Unflatten(dim=1, unflattened_size=torch.Size([3, 4]))"


BOTH = pytest.mark.parametrize("L", [minigrad, torch], ids=["minigrad", "torch"])


@BOTH
@pytest.mark.parametrize("name, position", [("scale_grad_by_freq", 4), ("sparse", 5)])
@pytest.mark.parametrize("flag", ["yes", 1], ids=["str", "int"])
def test_embedding_with_a_flag_not_a_bool_is_torchs_type_error(L, name, position, flag):
    with pytest.raises(TypeError, match=f"embedding\\(\\): argument '{name}' \\(position {position}\\) must be bool"):
        L.nn.functional.embedding(L.tensor([0, 1]), L.ones(3, 2), **{name: flag})


@BOTH
def test_an_embedding_of_no_rows_looked_up_is_torchs_runtime_error(L):
    with pytest.raises(RuntimeError, match="index_select\\(\\): self indexing axis dim should be positive"):
        L.nn.Embedding(0, 3)(L.tensor([0, 1]))


@BOTH
@pytest.mark.parametrize("argument, value, expected", [("p", "a", "float"), ("eps", "a", "float"),
                                                       ("keepdim", "yes", "bool")])
def test_pairwise_distance_with_an_argument_of_the_wrong_type_is_torchs_type_error(L, argument, value, expected):
    with pytest.raises(TypeError, match=f"pairwise_distance\\(\\): argument '{argument}' must be {expected}, not str"):
        L.nn.functional.pairwise_distance(L.ones(2, 3), L.ones(2, 3), **{argument: value})
