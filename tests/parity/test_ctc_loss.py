"""ctc_loss and nn.CTCLoss against PyTorch: the loss and PyTorch's gradient for log_probs, for
padded and concatenated targets, every reduction, zero_infinity, unbatched input; the errors."""
import numpy as np
import pytest
import torch
from hypothesis import given, strategies as st

import minigrad

from . import strategies as S
from .helpers import check, check_raises


@st.composite
def _problems(draw):
    """(log_probs (T, N, C) float64, padded targets (N, S), input lengths, target lengths)."""
    t, n, c, s = draw(st.integers(1, 6)), draw(st.integers(1, 3)), draw(st.integers(2, 5)), draw(st.integers(0, 4))
    rng = np.random.default_rng(draw(S.seeds))
    log_probs = np.log(rng.dirichlet(np.ones(c), size=(t, n)))
    targets = rng.integers(1, c, size=(n, s))
    input_lengths = np.array(draw(st.lists(st.integers(0, t), min_size=n, max_size=n)))
    target_lengths = np.array(draw(st.lists(st.integers(0, s), min_size=n, max_size=n)))
    return log_probs, targets, input_lengths, target_lengths


def _ctc(L, lp, tg, il, tl, **kwargs):
    return L.nn.functional.ctc_loss(lp, tg, il, tl, **kwargs)


@given(problem=_problems(), reduction=st.sampled_from(["none", "mean", "sum"]), zero_infinity=st.booleans(),
       seed=S.seeds)
def test_ctc_loss_matches_torch(problem, reduction, zero_infinity, seed):
    check(lambda L, *a: _ctc(L, *a, reduction=reduction, zero_infinity=zero_infinity), *problem, seed=seed)


@given(problem=_problems(), seed=S.seeds)
def test_ctc_loss_of_concatenated_targets_and_listed_lengths_matches_torch(problem, seed):
    lp, tg, il, tl = problem
    flat = np.concatenate([row[:k] for row, k in zip(tg, tl)]).astype(np.int64)
    check(lambda L, lp, flat: _ctc(L, lp, flat, tuple(il.tolist()), list(tl.tolist()), reduction="none",
                                   zero_infinity=True), lp, flat, seed=seed)


@given(data=st.data(), seed=S.seeds)
def test_ctc_loss_with_another_blank_matches_torch(data, seed):
    lp, tg, il, tl = data.draw(_problems())
    blank = lp.shape[2] - 1
    tg = tg - 1  # labels 0 .. C - 2
    check(lambda L, *a: _ctc(L, *a, blank=blank, reduction="sum", zero_infinity=True), lp, tg, il, tl, seed=seed)


@given(problem=_problems(), seed=S.seeds)
def test_ctc_loss_of_unbatched_input_matches_torch(problem, seed):
    lp, tg, il, tl = problem
    check(lambda L, lp, tg: _ctc(L, lp, tg, L.tensor([int(il[0])]), L.tensor(int(tl[0])), reduction="none",
                                 zero_infinity=True),
          lp[:, 0], tg[0, :tl[0]], seed=seed)


def test_ctc_loss_takes_float_targets_as_torch():
    check(lambda L, lp, tg: _ctc(L, lp, tg, [5, 5], [2, 2]), np.log(np.full((5, 2, 4), 0.25)),
          np.array([[1.0, 2.0], [3.0, 3.0]]), requires_grad=[True, False])


def test_ctc_loss_float32_matches_torch():
    lp = torch.randn(6, 2, 4, generator=torch.Generator().manual_seed(0)).log_softmax(2).numpy()
    check(lambda L, lp, tg: _ctc(L, lp, tg, [6, 4], [2, 3]), lp, np.array([[1, 2, 0], [3, 3, 1]]))


def test_ctc_loss_layer_matches_torch():
    lp = np.log(np.random.default_rng(0).dirichlet(np.ones(4), size=(5, 2)))
    tg, il, tl = np.array([[1, 2], [3, 3]]), np.array([5, 4]), np.array([2, 2])
    for kwargs in ({}, {"blank": 0, "reduction": "sum", "zero_infinity": True}):
        assert repr(minigrad.nn.CTCLoss(**kwargs)) == repr(torch.nn.CTCLoss(**kwargs))
        check(lambda L, *a: L.nn.CTCLoss(**kwargs)(*a), lp, tg, il, tl)


@pytest.mark.parametrize("call", [
    lambda L, lp, tg: _ctc(L, lp, tg, [7, 5], [2, 2]),
    lambda L, lp, tg: _ctc(L, lp, tg, [5, 5], [2, 3]),
    lambda L, lp, tg: _ctc(L, lp, tg, [5], [2, 2]),
    lambda L, lp, tg: _ctc(L, lp, tg, [5, 5], [2, 2], blank=4),
    lambda L, lp, tg: _ctc(L, lp, tg, 5, [2, 2]),
    lambda L, lp, tg: _ctc(L, lp, tg, [5, 5], L.tensor([2, 2])),
    lambda L, lp, tg: _ctc(L, lp, tg, [5, 5], [2, 2], reduction="max"),
])
def test_ctc_loss_refuses_bad_arguments_like_torch(call):
    check_raises(call, np.log(np.full((5, 2, 4), 0.25)), np.array([[1, 2], [3, 3]]))


def _raises_as_torch(call, *inputs):
    """``call(L, *inputs)`` raises the same error type, with the same message, in PyTorch and minigrad."""
    with pytest.raises(Exception) as theirs:
        call(torch, *(torch.tensor(x) for x in inputs))
    with pytest.raises(type(theirs.value)) as mine:
        call(minigrad, *(minigrad.tensor(x) for x in inputs))
    assert str(mine.value) == str(theirs.value)


def test_ctc_loss_refuses_concatenated_targets_longer_than_the_lengths_sum():
    lp = np.log(np.full((5, 2, 4), 0.25))
    _raises_as_torch(lambda L, lp, tg: _ctc(L, lp, tg, [5, 5], [2, 2]), lp, np.array([1, 2, 3, 3, 1]))


def test_ctc_loss_of_unbatched_input_reads_1d_targets_as_one_concatenated_sequence():
    lp = np.log(np.full((5, 4), 0.25))
    _raises_as_torch(lambda L, lp, tg: _ctc(L, lp, tg, L.tensor(5), L.tensor(2)), lp, np.array([1, 2, 3]))
    check(lambda L, lp, tg: _ctc(L, lp, tg, L.tensor(5), L.tensor(3), reduction="none"), lp, np.array([1, 2, 3]))


@pytest.mark.parametrize("targets, input_lengths, target_lengths", [
    (np.zeros((2, 2, 2), np.int64), [5, 5], [-1, 2]),   # the targets' dimensions first
    (np.array([[1, 2]] * 3), [7, -1], [-1, 2]),         # then negative target lengths
    (np.array([[1, 2]] * 3), [7, -1], [2, 2]),          # then the targets' batch size
    (np.array([[1, 2]] * 2), [7, -1], [2, 3]),          # their width
    (np.array([1, 2, 3]), [7, -1], [2, 2]),             # the concatenated targets' size
    (np.array([[1, 2]] * 2), [7, -1], [2, 2]),          # input lengths above T, then negative ones
    (np.array([[1, 2]] * 2), [5, -1], [2, 2]),
])
def test_ctc_loss_checks_targets_and_lengths_in_torchs_order_with_its_messages(targets, input_lengths,
                                                                                target_lengths):
    lp = np.log(np.full((5, 2, 4), 0.25))
    _raises_as_torch(lambda L, lp, tg, il, tl: _ctc(L, lp, tg, il, tl), lp, targets, np.array(input_lengths),
                     np.array(target_lengths))
