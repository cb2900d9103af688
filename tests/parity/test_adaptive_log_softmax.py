"""nn.AdaptiveLogSoftmaxWithLoss against PyTorch: seeded weights, printed form and state keys; each
target's log-probability, the loss and every gradient; log_prob, predict; the errors."""
import warnings

import numpy as np
import pytest
import torch
from hypothesis import given, strategies as st

import minigrad

from . import strategies as S
from .helpers import check

LAYERS = [(8, 10, [2, 6]), (6, 12, [3], 2.0, True), (5, 7, [1, 2, 4]), (4, 4, [3])]


def _layer(L, args, seed=0, dtype="float64"):
    L.manual_seed(seed)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # (a projection of width 0 warns its initialisation is a no-op)
        return L.nn.AdaptiveLogSoftmaxWithLoss(*args, dtype=getattr(L, dtype))


@pytest.mark.parametrize("args", LAYERS)
def test_seeded_layer_has_torchs_weights_and_form(args):
    mine, theirs = _layer(minigrad, args), _layer(torch, args)
    assert repr(mine) == repr(theirs)
    assert list(mine.state_dict()) == list(theirs.state_dict())
    for (key, m), t in zip(mine.state_dict().items(), theirs.state_dict().values()):
        np.testing.assert_array_equal(m.numpy(), t.numpy(), err_msg=key)


@given(data=st.data(), args=st.sampled_from(LAYERS), seed=S.seeds)
def test_output_loss_and_gradients_match_torch(data, args, seed):
    batched = data.draw(st.booleans())
    n = data.draw(st.integers(1, 5))
    x = data.draw(S.arrays(np.float64, (n, args[0]) if batched else (args[0],), -3, 3))
    y = np.array(data.draw(st.lists(st.integers(0, args[1] - 1), min_size=n, max_size=n)))
    y = y if batched else y[0]
    names = [name for name, _ in _layer(torch, args).named_parameters()]

    def fn(L, x, y):
        layer = _layer(L, args, seed % 1000)
        out = layer(x, y)
        return (out.output, out.loss) + tuple(getattr(layer.get_submodule(k.rsplit(".", 1)[0]) if "." in k else layer,
                                                      k.rsplit(".", 1)[-1]) for k in names)

    check(fn, x, y, seed=seed)


@given(data=st.data(), args=st.sampled_from(LAYERS), seed=S.seeds)
def test_log_prob_and_predict_match_torch(data, args, seed):
    x = data.draw(S.arrays(np.float64, (data.draw(st.integers(1, 5)), args[0]), -3, 3))
    check(lambda L, x: _layer(L, args, seed % 1000).log_prob(x), x, seed=seed)
    check(lambda L, x: _layer(L, args, seed % 1000).predict(x), x, seed=seed)


@pytest.mark.parametrize("call", [
    lambda L: L.nn.AdaptiveLogSoftmaxWithLoss(4, 10, []),
    lambda L: L.nn.AdaptiveLogSoftmaxWithLoss(4, 10, [5, 2]),
    lambda L: L.nn.AdaptiveLogSoftmaxWithLoss(4, 10, [2, 10]),
    lambda L: L.nn.AdaptiveLogSoftmaxWithLoss(4, 10, [2, 2]),
    lambda L: _layer(L, (4, 10, [2]))(L.ones(3, 4, dtype=L.float64), L.tensor([0, 1])),
    lambda L: _layer(L, (4, 10, [2]))(L.ones(3, 4, dtype=L.float64), L.tensor([0, 1, 10])),
    lambda L: _layer(L, (4, 10, [2]))(L.ones(2, 4, dtype=L.float64), L.tensor([[0, 1]])),
    lambda L: _layer(L, (4, 10, [2]))(L.ones(2, 4, dtype=L.float64), L.tensor(1)),
])
def test_bad_arguments_raise_as_torch(call):
    with pytest.raises(Exception) as theirs:
        call(torch)
    with pytest.raises(type(theirs.value)):
        call(minigrad)
