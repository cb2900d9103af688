"""torch.lstm, torch.gru, torch.rnn_tanh, torch.rnn_relu (padded and packed forms) and the cells
torch.lstm_cell, torch.gru_cell, torch.rnn_tanh_cell, torch.rnn_relu_cell against PyTorch: outputs
and the gradient of every input (the sequence, the states, every weight); second order; errors.
Also: the sequence ops of nn.LSTM / GRU / RNN agree with the cell modules' steps."""
import numpy as np
import pytest
import torch
from hypothesis import given, strategies as st

import minigrad
from minigrad.nn import _recurrent
from minigrad._recurrent_forms import _layer_weights

from . import strategies as S
from .helpers import check, check_raises

GATES = {"lstm": 4, "gru": 3, "rnn_tanh": 1, "rnn_relu": 1}
CELLS = {"lstm_cell": 4, "gru_cell": 3, "rnn_tanh_cell": 1, "rnn_relu_cell": 1}


@st.composite
def _configs(draw, kinds=tuple(GATES)):
    """A recurrent layer's shape: kind, layers, directions, biases, projection, sizes."""
    kind = draw(st.sampled_from(kinds))
    hidden = draw(st.integers(1, 3))
    return dict(kind=kind, layers=draw(st.integers(1, 2)), bidirectional=draw(st.booleans()),
                biases=draw(st.booleans()), input=draw(st.integers(1, 3)), hidden=hidden,
                proj=draw(st.integers(0, hidden - 1)) if kind == "lstm" else 0)


def _params(config, rng, dtype=np.float64):
    """The flat weights of ``config`` (PyTorch's order: w_ih, w_hh, b_ih, b_hh, w_hr per layer and
    direction), as NumPy arrays."""
    gates, hidden, proj = GATES[config["kind"]] * config["hidden"], config["hidden"], config["proj"]
    out_size = proj or hidden
    directions = 2 if config["bidirectional"] else 1
    params = []
    for layer in range(config["layers"]):
        for _ in range(directions):
            width = config["input"] if layer == 0 else out_size * directions
            shapes = [(gates, width), (gates, out_size)] + ([(gates,), (gates,)] if config["biases"] else [])
            shapes += [(proj, hidden)] if proj else []
            params += [rng.uniform(-0.8, 0.8, shape).astype(dtype) for shape in shapes]
    return params


def _states(config, rng, batch, dtype=np.float64):
    """The initial states (h0, and c0 for the LSTM), each (layers * directions, batch, *)."""
    rows = config["layers"] * (2 if config["bidirectional"] else 1)
    h = rng.standard_normal((rows, batch, config["proj"] or config["hidden"])).astype(dtype)
    if config["kind"] != "lstm":
        return [h]
    return [h, rng.standard_normal((rows, batch, config["hidden"])).astype(dtype)]


def _sequence(config, batch_first=False, dropout=0.0, train=False):
    """``fn(lib, x, *states, *params)`` calling the padded form of ``config``'s function."""
    def fn(L, x, *rest):
        n = 2 if config["kind"] == "lstm" else 1
        hx = tuple(rest[:n]) if n == 2 else rest[0]
        L.manual_seed(0)
        return getattr(L, config["kind"])(x, hx, list(rest[n:]), config["biases"], config["layers"], dropout, train,
                                          config["bidirectional"], batch_first)
    return fn


@given(config=_configs(), seq=st.integers(1, 4), batch=st.integers(1, 3), batch_first=st.booleans(), seed=S.seeds)
def test_sequence_functions_match_torch_with_every_gradient(config, seq, batch, batch_first, seed):
    rng = np.random.default_rng(seed)
    shape = (batch, seq, config["input"]) if batch_first else (seq, batch, config["input"])
    check(_sequence(config, batch_first), rng.standard_normal(shape), *_states(config, rng, batch),
          *_params(config, rng), seed=seed)


@given(config=_configs(), lengths=st.lists(st.integers(1, 4), min_size=1, max_size=3), seed=S.seeds)
def test_packed_forms_match_torch_with_every_gradient(config, lengths, seed):
    rng = np.random.default_rng(seed)
    lengths = sorted(lengths, reverse=True)
    batch_sizes = np.array([sum(n > t for n in lengths) for t in range(lengths[0])], dtype=np.int64)
    n = 2 if config["kind"] == "lstm" else 1

    def fn(L, data, sizes, *rest):
        hx = tuple(rest[:n]) if n == 2 else rest[0]
        return getattr(L, config["kind"])(data, sizes, hx, list(rest[n:]), config["biases"], config["layers"], 0.0,
                                          False, config["bidirectional"])
    check(fn, rng.standard_normal((sum(lengths), config["input"])), batch_sizes,
          *_states(config, rng, len(lengths)), *_params(config, rng), seed=seed)


@given(config=_configs(), p=st.sampled_from([0.3, 1.0]), seed=S.seeds)
def test_dropout_between_layers_in_training_draws_torchs_masks(config, p, seed):
    config = dict(config, layers=2)
    rng = np.random.default_rng(seed)
    check(_sequence(config, dropout=p, train=True), rng.standard_normal((3, 2, config["input"])),
          *_states(config, rng, 2), *_params(config, rng), seed=seed)


@pytest.mark.filterwarnings("ignore:LSTM with projections is not supported with oneDNN")  # (PyTorch's kernel choice)
@pytest.mark.parametrize("kind", list(GATES))
def test_sequence_functions_match_torch_in_float32(kind):
    config = dict(kind=kind, layers=2, bidirectional=True, biases=True, input=3, hidden=4,
                  proj=2 if kind == "lstm" else 0)
    rng = np.random.default_rng(0)
    check(_sequence(config), rng.standard_normal((5, 3, 3)).astype(np.float32),
          *_states(config, rng, 3, np.float32), *_params(config, rng, np.float32))


def test_keyword_arguments_are_atens_names():
    rng = np.random.default_rng(0)
    config = dict(kind="gru", layers=1, bidirectional=False, biases=True, input=2, hidden=3, proj=0)
    check(lambda L, x, h, *w: L.gru(x, hx=h, params=list(w), has_biases=True, num_layers=1, dropout=0.0, train=False,
                                    bidirectional=False, batch_first=True),
          rng.standard_normal((2, 4, 2)), *_states(config, rng, 2), *_params(config, rng))


@pytest.mark.parametrize("kind", list(GATES))
def test_sequence_functions_second_order_gradients_match_torch(kind):
    config = dict(kind=kind, layers=1, bidirectional=True, biases=True, input=2, hidden=3,
                  proj=2 if kind == "lstm" else 0)
    rng = np.random.default_rng(1)
    x, states, params = rng.standard_normal((3, 2, 2)), _states(config, rng, 2), _params(config, rng)

    def second(L):
        xt = L.tensor(x, requires_grad=True)
        ws = [L.tensor(w, requires_grad=True) for w in params]
        out = _sequence(config)(L, xt, *[L.tensor(s) for s in states], *ws)
        g = L.autograd.grad(out[0].sin().sum(), [xt] + ws, create_graph=True)
        return [t.numpy() if isinstance(t, minigrad.Tensor) else t.detach().numpy()
                for t in L.autograd.grad(sum((t * t).sum() for t in g), [xt] + ws)]
    for mine, theirs in zip(second(minigrad), second(torch)):
        np.testing.assert_allclose(mine, theirs, rtol=1e-7, atol=1e-12)


# ------------------------------------------------------------------------------------------- cells
@given(kind=st.sampled_from(list(CELLS)), batch=st.integers(1, 3), size=st.integers(1, 3), hidden=st.integers(1, 3),
       biases=st.sampled_from(["both", "none", "b_ih", "b_hh"]), seed=S.seeds)
def test_cell_functions_match_torch_with_every_gradient(kind, batch, size, hidden, biases, seed):
    rng = np.random.default_rng(seed)
    gates = CELLS[kind] * hidden
    states = [rng.standard_normal((batch, hidden)) for _ in range(2 if kind == "lstm_cell" else 1)]
    w_ih, w_hh = rng.standard_normal((gates, size)), rng.standard_normal((gates, hidden))
    b_ih, b_hh = rng.standard_normal(gates), rng.standard_normal(gates)

    def fn(L, x, w_ih, w_hh, b_ih, b_hh, *states):
        hx = tuple(states) if kind == "lstm_cell" else states[0]
        return getattr(L, kind)(x, hx, w_ih, w_hh, b_ih if biases in ("both", "b_ih") else None,
                                b_hh=b_hh if biases in ("both", "b_hh") else None)
    check(fn, rng.standard_normal((batch, size)), w_ih, w_hh, b_ih, b_hh, *states, seed=seed)


def test_lstm_cell_outputs_carry_torchs_grad_fn_names():
    x, h = minigrad.randn(2, 3, requires_grad=True), minigrad.zeros(2, 4)
    h1, c1 = minigrad.lstm_cell(x, (h, h), minigrad.randn(16, 3), minigrad.randn(16, 4))
    assert (h1.grad_fn.name(), c1.grad_fn.name()) == ("MulBackward0", "AddBackward0")


# ------------------------------------------------------------------------------------------ errors
_X, _H = np.zeros((3, 4)), np.zeros((3, 6))
_W, _U = np.zeros((24, 4)), np.zeros((24, 6))


@pytest.mark.parametrize("call", [
    lambda L, x, h, w, u: L.lstm_cell(x, h, w, u),                      # hx not a tuple
    lambda L, x, h, w, u: L.lstm_cell(x, (h,), w, u),                   # one state
    lambda L, x, h, w, u: L.lstm_cell(x[0], (h[0], h[0]), w, u),        # unbatched
    lambda L, x, h, w, u: L.lstm_cell(x, (h, h[:2]), w, u),             # batch sizes differ
    lambda L, x, h, w, u: L.lstm_cell(x[:, :3], (h, h), w, u),          # input size
    lambda L, x, h, w, u: L.gru_cell(x, h, w[:18], u[:18], w[:18, 0][:3]),  # bias size
    lambda L, x, h, w, u: L.gru_cell(x.long(), h.long(), w[:18].long(), u[:18].long()),  # integers
    lambda L, x, h, w, u: L.rnn_tanh_cell(x, None, w[:6], u[:6]),       # no state
    lambda L, x, h, w, u: L.rnn_relu_cell(x, h, w[:6].float(), u[:6]),  # dtypes differ
], ids=["hx-tensor", "one-state", "unbatched", "batch", "input-size", "bias-size", "integers", "no-state",
        "dtypes"])
def test_cell_function_bad_arguments_raise_torchs_errors(call):
    check_raises(call, _X, _H, _W, _U)


@pytest.mark.parametrize("call", [
    lambda L, x, h, w, u: L.lstm(x, (h, h), [w, u, w[:, 0]], True, 1, 0.0, False, False, False),  # params count
    lambda L, x, h, w, u: L.lstm(x, (h,), [w, u], False, 1, 0.0, False, False, False),            # one state
    lambda L, x, h, w, u: L.lstm(x, h, [w, u], False, 1, 0.0, False, False, False),               # hx a Tensor
    lambda L, x, h, w, u: L.lstm(x, (h, h), [w, u], 1, 1, 0.0, False, False, False),              # has_biases
    lambda L, x, h, w, u: L.lstm(x.double(), (h, h), [w.float(), u], False, 1, 0.0, False, False, False),
], ids=["params-count", "one-state", "hx-tensor", "has-biases-int", "dtypes"])
def test_sequence_function_bad_arguments_raise_torchs_errors(call):
    check_raises(call, _X[None], _H[None], _W, _U)


# ------------------------------------------------------------ sequence ops against the cell steps
@given(config=_configs(), seq=st.integers(1, 4), batch=st.integers(1, 3), reverse=st.booleans(), seed=S.seeds)
def test_sequence_ops_agree_with_the_cell_modules_steps(config, seq, batch, reverse, seed):
    """A sequence runs as one op per layer and direction; a cell module composes each step from
    smaller ops: over one layer, step by step, the same values and gradients."""
    config = dict(config, layers=1, bidirectional=False, proj=0)
    rng = np.random.default_rng(seed)
    mode = config["kind"].upper()
    x = rng.standard_normal((seq, batch, config["input"]))
    states, params = _states(config, rng, batch), _params(config, rng)
    weight = minigrad.tensor(rng.standard_normal((seq, batch, config["hidden"])))
    results = []
    for by_steps in (False, True):
        xt = minigrad.tensor(x, requires_grad=True)
        hx = tuple(minigrad.tensor(s, requires_grad=True) for s in states)
        ws = [minigrad.tensor(w, requires_grad=True) for w in params]
        w_ih, w_hh, b_ih, b_hh, _ = _layer_weights(ws, config["biases"], 1, False, False)[0]
        if by_steps:
            state, outs = tuple(h[0] for h in hx), [None] * seq
            for t in (range(seq - 1, -1, -1) if reverse else range(seq)):
                state = _recurrent.run_cell(mode, xt[t], state, w_ih, w_hh, b_ih, b_hh)
                outs[t] = state[0]
            out, finals = minigrad.stack(outs), state
        else:
            out, finals = _recurrent._one_direction(mode, minigrad.nn.functional.linear(xt, w_ih, b_ih).reshape(
                seq * batch, -1), tuple(h[0] for h in hx), (w_hh, b_hh, None), (batch,) * seq, reverse)
            out = out.reshape(seq, batch, -1)
        ((out * weight).sum() + sum((f * f).sum() for f in finals)).backward()
        results.append([out.detach().numpy()] + [f.detach().numpy() for f in finals]
                       + [t.grad.numpy() for t in (xt,) + hx] + [w.grad.numpy() for w in ws])
    for ops, steps in zip(*results):
        np.testing.assert_allclose(ops, steps, rtol=1e-9, atol=1e-12)
