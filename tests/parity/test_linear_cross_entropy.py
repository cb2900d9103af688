"""nn.functional.linear_cross_entropy against PyTorch: class indices and probabilities, unbatched and
K-dimensional forms, class weights, label smoothing, ignore_index, every reduction, gradients, errors."""
import numpy as np
import pytest
import torch
from hypothesis import given, strategies as st

import minigrad
from . import strategies as S
from .helpers import check, check_raises


@given(data=st.data(), seed=S.seeds)
def test_matches_torch_with_gradients(data, seed):
    dtype = data.draw(S.float_dtypes)
    batches = data.draw(st.sampled_from([(), (1,), (4,)]))
    out_features = () if not batches else data.draw(st.sampled_from([(), (2,), (2, 3)]))
    classes, in_features = data.draw(st.integers(1, 4)), data.draw(st.integers(1, 3))
    x = data.draw(S.arrays(dtype, batches + (in_features,), -3, 3))
    w = data.draw(S.arrays(dtype, (classes,) + out_features + (in_features,), -2, 2))
    bias = data.draw(st.none() | S.arrays(dtype, (classes,) + out_features, -1, 1))
    class_weight = data.draw(st.none() | S.positive_arrays(dtype, (classes,), 0.5, 2))
    reduction = data.draw(st.sampled_from(["mean", "sum", "none"]))
    smoothing = data.draw(st.sampled_from([0.0, 0.2]))
    rng = np.random.default_rng(seed)
    if data.draw(st.booleans()):  # class indices (some ignored)
        target = rng.integers(0, classes, batches + out_features)
        ignore = data.draw(st.sampled_from([None, 0, -100]))
    else:  # class probabilities
        p = rng.random(batches + (classes,) + out_features)
        target, ignore = (p / p.sum(len(batches), keepdims=True)).astype(dtype), None

    def fn(L, x, w, t, b, cw):
        return L.nn.functional.linear_cross_entropy(x, w, t, linear_bias=b, weight=cw, reduction=reduction,
                                                    ignore_index=ignore, label_smoothing=smoothing)
    check(fn, x, w, target, bias, class_weight, requires_grad=[True, True, False, True, False], seed=seed)


def test_chunking_options_give_the_reference_values():
    opts = torch.nn.LinearCrossEntropyOptions(batch_chunk_size=2)
    rng = np.random.default_rng(0)
    x, w, t = rng.standard_normal((5, 3)), rng.standard_normal((4, 3)), rng.integers(0, 4, 5)
    expected = torch.nn.functional.linear_cross_entropy(torch.tensor(x), torch.tensor(w), torch.tensor(t),
                                                        options=opts)
    mine = minigrad.nn.functional.linear_cross_entropy(minigrad.tensor(x), minigrad.tensor(w), minigrad.tensor(t),
                                                       options=opts)
    assert mine.item() == pytest.approx(expected.item(), rel=1e-12)


@pytest.mark.parametrize("shapes", [
    ((2, 3, 4), (5, 4), (2,)),      # input of 3 dims
    ((2, 4), (4,), (2,)),           # linear_weight of 1 dim
    ((2, 4), (5, 3), (2,)),         # in_features differ
    ((4,), (5, 2, 4), (2,)),        # K-dimensional loss of an unbatched input
])
def test_bad_shapes_raise_torchs_runtime_error(shapes):
    xs, ws, ts = shapes
    check_raises(lambda L, x, w, t: L.nn.functional.linear_cross_entropy(x, w, t), np.ones(xs), np.ones(ws),
                 np.zeros(ts, np.int64))


def test_a_bias_of_the_wrong_shape_and_ignore_index_with_probabilities_raise():
    x, w = np.ones((2, 4)), np.ones((3, 4))
    check_raises(lambda L, x, w, t, b: L.nn.functional.linear_cross_entropy(x, w, t, linear_bias=b),
                 x, w, np.zeros(2, np.int64), np.ones(4))
    check_raises(lambda L, x, w, t: L.nn.functional.linear_cross_entropy(x, w, t, ignore_index=0),
                 x, w, np.full((2, 3), 1 / 3))
