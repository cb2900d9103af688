"""multi_margin_loss, multilabel_margin_loss, multilabel_soft_margin_loss and
triplet_margin_with_distance_loss against PyTorch: values and every gradient for each reduction
(margins met exactly included), their layers' printed form and attributes, and the errors; the
nodes of the losses PyTorch computes in one kernel (soft_margin_loss's too)."""
import numpy as np
import pytest
import torch
from hypothesis import given, settings, strategies as st

import minigrad

from . import strategies as S
from .helpers import check, check_raises
from .test_second_order import compare_higher

REDUCTIONS = ["mean", "sum", "none"]
STEPS = st.sampled_from([0.0, 0.5, 1.0, -1.0, 2.0, -0.5])  # (differences of exactly the margin now and then)


def _scores(data, dtype, shape):
    if data.draw(st.booleans()):
        return data.draw(S.hnp.arrays(dtype, shape, elements=STEPS))
    return data.draw(S.arrays(dtype, shape, -3, 3))


@pytest.mark.parametrize("reduction", REDUCTIONS)
@given(data=st.data(), p=st.sampled_from([1, 2]), margin=st.sampled_from([1.0, 0.5, 0.0]),
       form=st.sampled_from(["batch", "vector", "vector_target_1"]), weighted=st.booleans(), seed=S.seeds)
def test_multi_margin_loss_matches_torch(reduction, data, p, margin, form, weighted, seed):
    dtype = data.draw(S.float_dtypes)
    n, c = data.draw(st.integers(1, 4)), data.draw(st.integers(1, 5))
    x = _scores(data, dtype, (n, c) if form == "batch" else (c,))
    target_shape = {"batch": (n,), "vector": (), "vector_target_1": (1,)}[form]
    y = data.draw(S.int_arrays(target_shape, 0, c - 1))
    if weighted:
        w = data.draw(S.positive_arrays(dtype, (c,), 0.1, 2))
        check(lambda L, x, y, w: L.nn.functional.multi_margin_loss(x, y, p, margin, w, reduction=reduction), x, y, w,
              requires_grad=[True, False, False], seed=seed)
    else:
        check(lambda L, x, y: L.nn.functional.multi_margin_loss(x, y, p, margin, reduction=reduction), x, y,
              seed=seed)


def _label_lists(data, n, c):
    """Class-index rows ended by -1 (entries after the first -1 ignored, but in range; repeats allowed)."""
    return data.draw(S.hnp.arrays(np.int64, (n, c), elements=st.integers(-1, c - 1)))


@pytest.mark.parametrize("reduction", REDUCTIONS)
@given(data=st.data(), batched=st.booleans(), seed=S.seeds)
def test_multilabel_margin_loss_matches_torch(reduction, data, batched, seed):
    dtype = data.draw(S.float_dtypes)
    n, c = data.draw(st.integers(1, 4)), data.draw(st.integers(1, 5))
    x = _scores(data, dtype, (n, c))
    y = _label_lists(data, n, c)
    if not batched:
        x, y = x[0], y[0]
    check(lambda L, x, y: L.nn.functional.multilabel_margin_loss(x, y, reduction=reduction), x, y, seed=seed)


@pytest.mark.parametrize("reduction", REDUCTIONS)
@given(data=st.data(), weighted=st.booleans(), seed=S.seeds)
def test_multilabel_soft_margin_loss_matches_torch(reduction, data, weighted, seed):
    dtype = data.draw(S.float_dtypes)
    shape = data.draw(S.nonempty_shapes(min_dims=1, max_dims=3))
    x = data.draw(S.arrays(dtype, shape))
    t = data.draw(S.hnp.arrays(dtype, shape, elements=st.sampled_from([0.0, 1.0, 0.3])))
    if weighted:
        w = data.draw(S.arrays(dtype, shape[-1:], 0, 2))
        check(lambda L, x, t, w: L.nn.functional.multilabel_soft_margin_loss(x, t, w, reduction=reduction), x, t, w,
              seed=seed)
    else:
        check(lambda L, x, t: L.nn.functional.multilabel_soft_margin_loss(x, t, reduction=reduction), x, t,
              seed=seed)


DISTANCES = {
    "default": None,
    "cosine": lambda L: (lambda a, b: 1.0 - L.nn.functional.cosine_similarity(a, b)),
    "l1_layer": lambda L: L.nn.PairwiseDistance(p=1.0),
}


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("distance", sorted(DISTANCES))
@given(data=st.data(), swap=st.booleans(), margin=st.sampled_from([1.0, 0.2, 5.0]), seed=S.seeds)
def test_triplet_margin_with_distance_loss_matches_torch(reduction, distance, data, swap, margin, seed):
    dtype = data.draw(S.float_dtypes)
    shape = data.draw(S.nonempty_shapes(min_dims=1, max_dims=2))
    a, pos, neg = (data.draw(S.arrays(dtype, shape)) for _ in range(3))

    def call(L, a, b, c):
        fn = DISTANCES[distance]
        return L.nn.functional.triplet_margin_with_distance_loss(
            a, b, c, distance_function=None if fn is None else fn(L), margin=margin, swap=swap, reduction=reduction)
    check(call, a, pos, neg, seed=seed)


@given(data=st.data(), seed=S.seeds)
@settings(max_examples=10)
def test_margin_loss_second_derivatives_match_torch(data, seed):
    """(PyTorch's multi_margin_loss and multilabel_margin_loss have no second derivative.)"""
    x = data.draw(S.arrays(np.float64, (3, 4), allow_kinks=False))
    compare_higher(lambda L, a: L.nn.functional.triplet_margin_with_distance_loss(a, a * 2, a.flip(0)), x, order=2,
                   seed=seed)
    t = data.draw(S.hnp.arrays(np.float64, (3, 4), elements=st.sampled_from([0.0, 1.0])))
    compare_higher(lambda L, x: L.nn.functional.multilabel_soft_margin_loss(x, L.tensor(t)), x, order=2, seed=seed)


LAYERS = ["nn.MultiMarginLoss()", "nn.MultiMarginLoss(p=2, margin=0.5, weight=L.ones(3), reduction='sum')",
          "nn.MultiLabelMarginLoss(reduction='none')", "nn.MultiLabelSoftMarginLoss(weight=L.ones(3))",
          "nn.TripletMarginWithDistanceLoss()",
          "nn.TripletMarginWithDistanceLoss(distance_function=nn.PairwiseDistance(p=1.0), margin=0.5, swap=True)"]


@pytest.mark.parametrize("text", LAYERS)
def test_margin_loss_layers_have_torchs_form_and_compute_what_torch_computes(text):
    m, t = (eval(text, {"nn": L.nn, "L": L}) for L in (minigrad, torch))
    assert repr(m) == repr(t)
    assert list(m.state_dict()) == list(t.state_dict())
    for attr in ("reduction", "p", "margin", "swap"):
        assert getattr(m, attr, None) == getattr(t, attr, None), attr
    rng = np.random.default_rng(0)
    x = rng.standard_normal((4, 3)).astype(np.float32)
    if "Triplet" in text:
        check(lambda L, a, b, c: (t if L is torch else m.to(a.device))(a, b, c), x, x[::-1].copy(), x * 2)
    elif "SoftMargin" in text:
        check(lambda L, a, b: (t if L is torch else m.to(a.device))(a, b), x, (x > 0).astype(np.float32),
              requires_grad=[True, False])
    elif "MultiLabel" in text:
        check(lambda L, a, b: (t if L is torch else m.to(a.device))(a, b), x, np.array([[0, 2, -1]] * 4))
    else:
        check(lambda L, a, b: (t if L is torch else m.to(a.device))(a, b), x, np.array([0, 2, 1, 1]))


_X = np.ones((3, 4))
ERRORS = {
    "multi_margin_p": lambda L, x: L.nn.functional.multi_margin_loss(x, L.tensor([0, 1, 2]), p=3),
    "multi_margin_weight_rank": lambda L, x: L.nn.functional.multi_margin_loss(x, L.tensor([0, 1, 2]),
                                                                               weight=L.ones(2, 2)),
    "multi_margin_weight_size": lambda L, x: L.nn.functional.multi_margin_loss(x, L.tensor([0, 1, 2]),
                                                                               weight=L.ones(3, dtype=L.float64)),
    "multi_margin_weight_dtype": lambda L, x: L.nn.functional.multi_margin_loss(x, L.tensor([0, 1, 2]),
                                                                                weight=L.ones(4)),
    "multi_margin_target_out_of_range": lambda L, x: L.nn.functional.multi_margin_loss(x, L.tensor([0, 4, 2])),
    "multi_margin_target_negative": lambda L, x: L.nn.functional.multi_margin_loss(x, L.tensor([0, -1, 2])),
    "multi_margin_target_int32": lambda L, x: L.nn.functional.multi_margin_loss(x, L.tensor([0, 1, 2],
                                                                                            dtype=L.int32)),
    "multi_margin_target_size": lambda L, x: L.nn.functional.multi_margin_loss(x, L.tensor([0, 1])),
    "multi_margin_input_rank_3": lambda L, x: L.nn.functional.multi_margin_loss(x[None], L.tensor([0, 1, 2])),
    "multi_margin_no_classes": lambda L, x: L.nn.functional.multi_margin_loss(x[:, :0], L.tensor([0, 1, 2])),
    "multi_margin_weight_requires_grad": lambda L, x: L.nn.functional.multi_margin_loss(
        x, L.tensor([0, 1, 2]), weight=L.ones(4, dtype=L.float64, requires_grad=True)),
    "multi_margin_reduction": lambda L, x: L.nn.functional.multi_margin_loss(x, L.tensor([0, 1, 2]),
                                                                             reduction="avg"),
    "multilabel_margin_target_out_of_range": lambda L, x: L.nn.functional.multilabel_margin_loss(
        x, L.tensor([[0, 4, -1, 0]] * 3)),
    "multilabel_margin_target_below_minus_one": lambda L, x: L.nn.functional.multilabel_margin_loss(
        x, L.tensor([[0, -2, -1, 0]] * 3)),
    "multilabel_margin_out_of_range_after_end": lambda L, x: L.nn.functional.multilabel_margin_loss(
        x, L.tensor([[0, -1, 9, 0]] * 3)),
    "multilabel_margin_target_shape": lambda L, x: L.nn.functional.multilabel_margin_loss(
        x, L.tensor([[0, 1, -1]] * 3)),
    "multilabel_margin_target_int32": lambda L, x: L.nn.functional.multilabel_margin_loss(
        x, L.tensor([[0, 1, -1, 0]] * 3, dtype=L.int32)),
    "multilabel_soft_margin_of_rank_0": lambda L, x: L.nn.functional.multilabel_soft_margin_loss(x[0, 0],
                                                                                                 L.ones(())),
    "multilabel_soft_margin_reduction": lambda L, x: L.nn.functional.multilabel_soft_margin_loss(x, x, reduction="x"),
    "triplet_with_distance_margin": lambda L, x: L.nn.functional.triplet_margin_with_distance_loss(x, x, x,
                                                                                                   margin=0.0),
    "triplet_with_distance_ranks": lambda L, x: L.nn.functional.triplet_margin_with_distance_loss(x, x[0], x),
    "triplet_with_distance_reduction": lambda L, x: L.nn.functional.triplet_margin_with_distance_loss(
        x, x, x, reduction="avg"),
    "multi_margin_layer_p": lambda L, x: L.nn.MultiMarginLoss(p=3),
    "triplet_with_distance_layer_margin": lambda L, x: L.nn.TripletMarginWithDistanceLoss(margin=-1.0),
    "triplet_layer_margin": lambda L, x: L.nn.TripletMarginLoss(margin=0.0),
}


@pytest.mark.parametrize("name", sorted(ERRORS))
def test_margin_losses_refuse_bad_input_like_torch(name):
    check_raises(ERRORS[name], _X)


_ONE_NODE = {  # the loss, as PyTorch computes it in one kernel, over a (3, 4) input
    "multi_margin_loss": lambda L, x, reduction: L.nn.functional.multi_margin_loss(
        x, L.tensor([1, 0, 3]), reduction=reduction),
    "multilabel_margin_loss": lambda L, x, reduction: L.nn.functional.multilabel_margin_loss(
        x, L.tensor([[1, 0, -1, 0], [3, -1, 0, 0], [0, 1, 2, 3]]), reduction=reduction),
    "soft_margin_loss": lambda L, x, reduction: L.nn.functional.soft_margin_loss(
        x, L.tensor([[1.0, -1.0, 1.0, -1.0]] * 3), reduction=reduction),
}


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("name", sorted(_ONE_NODE))
def test_margin_losses_are_one_node_as_torchs_kernels(name, reduction):
    """grad_fn's name and type and its one edge (the input's) are PyTorch's, for every reduction."""
    seen = []
    for L in (torch, minigrad):
        x = L.tensor(np.linspace(-1, 1, 12).reshape(3, 4), requires_grad=True)
        node = _ONE_NODE[name](L, x, reduction).grad_fn
        seen.append((node.name(), type(node).__name__, [edge.name() for edge, _ in node.next_functions]))
    assert seen[1] == seen[0]


@pytest.mark.parametrize("name", ["multi_margin_loss", "multilabel_margin_loss"])
def test_margin_loss_gradient_without_second_derivative_raises_as_torchs(name):
    """The gradient is PyTorch's NotImplemented node, whose backward raises its RuntimeError."""
    seen = []
    for L in (torch, minigrad):
        x = L.tensor(np.linspace(-1, 1, 12).reshape(3, 4), requires_grad=True)
        g, = L.autograd.grad(_ONE_NODE[name](L, x, "mean"), x, create_graph=True)
        with pytest.raises(RuntimeError) as info:
            g.sum().backward()
        seen.append((g.grad_fn.name(), type(g.grad_fn).__name__, str(info.value)))
    assert seen[1] == seen[0]
