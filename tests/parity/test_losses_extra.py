"""gaussian_nll_loss, poisson_nll_loss, margin_ranking_loss, hinge_embedding_loss, soft_margin_loss,
cosine_embedding_loss and triplet_margin_loss against PyTorch: values and every gradient for each
reduction, their layers' printed form and attributes, and the errors."""
import warnings

import numpy as np
import pytest
import torch
from hypothesis import given, settings, strategies as st

import minigrad

from . import strategies as S
from .helpers import check, check_raises
from .test_second_order import compare_higher

REDUCTIONS = ["mean", "sum", "none"]


def signs(draw, shape):
    """A target of +1 and -1 (and, for the losses that read any value, a 0 now and then)."""
    return draw(S.hnp.arrays(np.float64, shape, elements=st.sampled_from([1.0, -1.0, 1.0, -1.0, 0.0])))


@pytest.mark.parametrize("reduction", REDUCTIONS)
@given(data=st.data(), full=st.booleans(), var_form=st.sampled_from(["same", "short", "one", "float"]),
       seed=S.seeds)
def test_gaussian_nll_loss_matches_torch(reduction, data, full, var_form, seed):
    dtype = data.draw(S.float_dtypes)
    shape = data.draw(S.nonempty_shapes(min_dims=1, max_dims=3))
    x, t = data.draw(S.arrays(dtype, shape)), data.draw(S.arrays(dtype, shape))
    var_shape = {"same": shape, "short": shape[:-1], "one": shape[:-1] + (1,), "float": shape}[var_form]
    var = data.draw(S.arrays(dtype, var_shape, 0, 3, kinks=(0.0, 1e-7, 1.0)))
    eps = data.draw(st.sampled_from([1e-6, 0.5]))
    if var_form == "float":
        value = float(var.reshape(-1)[0])
        check(lambda L, a, b: L.nn.functional.gaussian_nll_loss(a, b, value, full, eps, reduction), x, t, seed=seed)
    else:
        check(lambda L, a, b, v: L.nn.functional.gaussian_nll_loss(a, b, v, full, eps, reduction), x, t, var,
              seed=seed)


@pytest.mark.parametrize("reduction", REDUCTIONS)
@given(data=st.data(), log_input=st.booleans(), full=st.booleans(), seed=S.seeds)
def test_poisson_nll_loss_matches_torch(reduction, data, log_input, full, seed):
    dtype = data.draw(S.float_dtypes)
    shape = data.draw(S.shapes())
    x = data.draw(S.arrays(dtype, shape, -3, 3) if log_input else S.positive_arrays(dtype, shape, 0.1, 5))
    t = data.draw(S.hnp.arrays(dtype, shape, elements=st.sampled_from([0.0, 1.0, 2.0, 3.0, 7.0])))
    check(lambda L, a, b: L.nn.functional.poisson_nll_loss(a, b, log_input, full, reduction=reduction), x, t,
          requires_grad=[True, False], seed=seed)


@pytest.mark.parametrize("reduction", REDUCTIONS)
@given(data=st.data(), margin=st.sampled_from([0.0, 0.5, 2.0]), seed=S.seeds)
def test_margin_ranking_loss_matches_torch(reduction, data, margin, seed):
    dtype = data.draw(S.float_dtypes)
    shape = data.draw(S.shapes(max_dims=2))
    a, b = data.draw(S.arrays(dtype, shape)), data.draw(S.arrays(dtype, shape))
    y = signs(data.draw, shape).astype(dtype)
    check(lambda L, a, b, y: L.nn.functional.margin_ranking_loss(a, b, y, margin, reduction=reduction), a, b, y,
          seed=seed)


@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_margin_ranking_loss_of_integer_inputs_is_a_float_as_torchs(reduction):
    a, b, y = np.array([[1, 2]]), np.array([[0, 3]]), np.array([[1, -1]])
    check(lambda L, a, b, y: L.nn.functional.margin_ranking_loss(a, b, y, reduction=reduction), a, b, y,
          backward=False)


@pytest.mark.parametrize("reduction", REDUCTIONS)
@given(data=st.data(), margin=st.sampled_from([1.0, 0.5, 0.0]), seed=S.seeds)
def test_hinge_embedding_loss_matches_torch(reduction, data, margin, seed):
    dtype = data.draw(S.float_dtypes)
    shape = data.draw(S.shapes(max_dims=3))
    x = data.draw(S.arrays(dtype, shape))
    y = signs(data.draw, shape).astype(dtype)
    check(lambda L, x, y: L.nn.functional.hinge_embedding_loss(x, y, margin, reduction=reduction), x, y,
          seed=seed)


@pytest.mark.parametrize("reduction", REDUCTIONS)
@given(data=st.data(), seed=S.seeds)
def test_soft_margin_loss_matches_torch(reduction, data, seed):
    dtype = data.draw(S.float_dtypes)
    shape = data.draw(S.shapes(max_dims=3))
    x = data.draw(S.arrays(dtype, shape))
    y = signs(data.draw, shape).astype(dtype)
    check(lambda L, x, y: L.nn.functional.soft_margin_loss(x, y, reduction=reduction), x, y,
          requires_grad=[True, False], seed=seed)


@pytest.mark.parametrize("reduction", REDUCTIONS)
@given(data=st.data(), margin=st.sampled_from([0.0, 0.3, -0.5]), batched=st.booleans(), seed=S.seeds)
def test_cosine_embedding_loss_matches_torch(reduction, data, margin, batched, seed):
    dtype = data.draw(S.float_dtypes)
    n, d = data.draw(st.integers(1, 4)), data.draw(st.integers(1, 4))
    shape = (n, d) if batched else (d,)
    a, b = data.draw(S.arrays(dtype, shape)), data.draw(S.arrays(dtype, shape))
    y = signs(data.draw, (n,) if batched else ()).astype(dtype)
    check(lambda L, a, b, y: L.nn.functional.cosine_embedding_loss(a, b, y, margin, reduction=reduction), a, b, y,
          seed=seed)


@pytest.mark.parametrize("reduction", REDUCTIONS)
@given(data=st.data(), p=st.sampled_from([2.0, 1.0, 3.0]), swap=st.booleans(), seed=S.seeds)
def test_triplet_margin_loss_matches_torch(reduction, data, p, swap, seed):
    dtype = data.draw(S.float_dtypes)
    shape = data.draw(S.nonempty_shapes(min_dims=1, max_dims=2))
    a, pos, neg = (data.draw(S.arrays(dtype, shape)) for _ in range(3))
    margin = data.draw(st.sampled_from([1.0, 0.2, 5.0]))
    check(lambda L, a, b, c: L.nn.functional.triplet_margin_loss(a, b, c, margin, p, swap=swap,
                                                                 reduction=reduction), a, pos, neg, seed=seed)


@given(data=st.data(), seed=S.seeds)
@settings(max_examples=10)
def test_loss_second_derivatives_match_torch(data, seed):
    x, t = data.draw(S.arrays(np.float64, (3, 4), allow_kinks=False)), data.draw(S.arrays(np.float64, (3, 4)))
    var = data.draw(S.positive_arrays(np.float64, (3, 4), 0.5, 3))
    y = np.array([1.0, -1.0, 1.0])
    compare_higher(lambda L, a, b, v: L.nn.functional.gaussian_nll_loss(a, b, v), x, t, var, order=2, seed=seed)
    compare_higher(lambda L, a, b: L.nn.functional.cosine_embedding_loss(a, b, L.tensor(y)), x, t, order=2,
                   seed=seed)
    compare_higher(lambda L, a: L.nn.functional.soft_margin_loss(a, L.tensor(np.sign(t) + (t == 0))), x, order=2,
                   seed=seed)


ERRORS = {
    "gaussian var negative": (lambda F, a, b: F.gaussian_nll_loss(a, b, -b.abs() - 1), "negative"),
    "gaussian float var negative": (lambda F, a, b: F.gaussian_nll_loss(a, b, -1.0), "negative"),
    "gaussian var size": (lambda F, a, b: F.gaussian_nll_loss(a, b, b[:1, :2].abs()), "incorrect size"),
    "gaussian reduction": (lambda F, a, b: F.gaussian_nll_loss(a, b, b.abs(), reduction="avg"), "avg is not valid"),
    "gaussian int var": (lambda F, a, b: F.gaussian_nll_loss(a, b, 2), "var"),
    "bce with logits of an integer target": (lambda F, a, b: F.binary_cross_entropy_with_logits(a, b.long()),
                                             "result type Double can't be cast to the desired output type Long"),
    "poisson reduction": (lambda F, a, b: F.poisson_nll_loss(a, b, reduction="avg"), "not a valid value"),
    "margin ranking dims": (lambda F, a, b: F.margin_ranking_loss(a, b[0], b), "same dimension"),
    "cosine 2-d target": (lambda F, a, b: F.cosine_embedding_loss(a, b, b), "multi-target"),
    "cosine 1-d target with 1-d inputs": (lambda F, a, b: F.cosine_embedding_loss(a[0], b[0], b[:, 0]), "2D input"),
    "cosine 0-d target with 2-d inputs": (lambda F, a, b: F.cosine_embedding_loss(a, b, b[0, 0]), "1D input"),
    "triplet margin": (lambda F, a, b: F.triplet_margin_loss(a, b, b, margin=0.0), "greater than 0"),
    "triplet dims": (lambda F, a, b: F.triplet_margin_loss(a, b[0], b), "same number of dimensions"),
    "soft margin target grad": (lambda F, a, b: F.soft_margin_loss(a, b), "not differentiable"),
    "hinge reduction": (lambda F, a, b: F.hinge_embedding_loss(a, b, reduction="avg"), "not a valid value"),
}


@pytest.mark.parametrize("case", sorted(ERRORS))
def test_loss_errors_are_torchs(case):
    call, text = ERRORS[case]
    check_raises(lambda L, a, b: call(L.nn.functional, a, b), np.arange(6.0).reshape(2, 3) - 2,
                 np.ones((2, 3)), names=(text,))


@pytest.mark.parametrize("name", ["poisson_nll_loss", "hinge_embedding_loss", "soft_margin_loss"])
def test_legacy_reduction_arguments_warn_and_reduce_as_torch(name):
    x, t = np.array([[0.5, -1.0], [2.0, 0.1]]), np.array([[1.0, -1.0], [-1.0, 1.0]])
    with pytest.warns(UserWarning, match="size_average and reduce args will be deprecated"):
        mine = getattr(minigrad.nn.functional, name)(minigrad.tensor(x), minigrad.tensor(t), reduce=False)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = getattr(torch.nn.functional, name)(torch.tensor(x), torch.tensor(t), reduce=False)
    np.testing.assert_allclose(mine.numpy(), theirs.numpy(), rtol=1e-7)


LAYERS = [("GaussianNLLLoss", (), {}), ("GaussianNLLLoss", (), {"full": True, "eps": 0.1, "reduction": "sum"}),
          ("PoissonNLLLoss", (), {}), ("PoissonNLLLoss", (False, True), {"eps": 1e-4}),
          ("MarginRankingLoss", (), {}), ("MarginRankingLoss", (0.5,), {}), ("HingeEmbeddingLoss", (2.0,), {}),
          ("SoftMarginLoss", (), {"reduction": "none"}), ("CosineEmbeddingLoss", (0.1,), {}),
          ("TripletMarginLoss", (), {}), ("TripletMarginLoss", (0.5, 1.0, 1e-3, True), {})]


@pytest.mark.parametrize("name,args,kwargs", LAYERS, ids=[f"{n}{a}{k}" for n, a, k in LAYERS])
def test_loss_layer_prints_and_stores_what_torch_does(name, args, kwargs):
    mine, theirs = getattr(minigrad.nn, name)(*args, **kwargs), getattr(torch.nn, name)(*args, **kwargs)
    assert repr(mine) == repr(theirs)
    assert {k: v for k, v in vars(mine).items() if not k.startswith("_")} == \
        {k: v for k, v in vars(theirs).items() if not k.startswith("_")}


@pytest.mark.parametrize("name,args,kwargs", LAYERS, ids=[f"{n}{a}{k}" for n, a, k in LAYERS])
def test_loss_layer_computes_what_torch_does(name, args, kwargs):
    rng = np.random.default_rng(5)
    n_inputs = {"GaussianNLLLoss": 3, "MarginRankingLoss": 3, "CosineEmbeddingLoss": 3, "TripletMarginLoss": 3}
    x = [rng.standard_normal((4, 3)), rng.standard_normal((4, 3)), rng.standard_normal((4, 3))]
    target = np.sign(rng.standard_normal((4, 3)))
    inputs = {"GaussianNLLLoss": [x[0], x[1], np.abs(x[2])], "PoissonNLLLoss": [np.abs(x[0]), np.abs(target)],
              "MarginRankingLoss": [x[0], x[1], target], "CosineEmbeddingLoss": [x[0], x[1], target[:, 0]],
              "TripletMarginLoss": x}.get(name, [x[0], target])[:n_inputs.get(name, 2)]
    mine, theirs = getattr(minigrad.nn, name)(*args, **kwargs), getattr(torch.nn, name)(*args, **kwargs)
    check(lambda L, *ts: (mine if L is minigrad else theirs)(*ts), *inputs,
          requires_grad=[True] + [name != "SoftMarginLoss"] * (len(inputs) - 1))
