"""The arithmetic of PyTorch's recurrent cells and the loop that runs them over a sequence, layer
by layer and in both directions, in the order of PyTorch's CPU implementation (ATen's RNN.cpp),
composed from minigrad's differentiable ops.

A cell's state is a tuple: ``(h,)`` for the RNN and the GRU, ``(h, c)`` for the LSTM. Each step
takes ``gi``, the input's projection ``linear(x, w_ih, b_ih)``, computed for the whole sequence by
one matrix product before the loop (as PyTorch does on the CPU), then one ``linear`` of the hidden
state per step: gates are kept in PyTorch's fused layout (input, forget, cell, output gates of the
LSTM; reset, update, new gates of the GRU, each ``hidden_size`` wide).
"""
from ..ops.join import cat, stack
from ..ops.recurrent import lstm_cell_state, lstm_hidden, gru_hidden, rnn_layer, lstm_layer, gru_layer
from . import functional as F


def rnn_tanh_step(gi, state, w_hh, b_hh, w_hr=None):
    """Elman RNN step: ``h' = tanh(gi + h @ w_hh.T + b_hh)``."""
    return ((F.linear(state[0], w_hh, b_hh) + gi).tanh(),)


def rnn_relu_step(gi, state, w_hh, b_hh, w_hr=None):
    """Elman RNN step with ReLU: ``h' = relu(gi + h @ w_hh.T + b_hh)``."""
    return ((F.linear(state[0], w_hh, b_hh) + gi).relu(),)


def lstm_step(gi, state, w_hh, b_hh, w_hr=None):
    """LSTM step: gates i, f, g, o from one product; ``c' = f*c + i*g``, ``h' = o*tanh(c')``,
    projected by ``w_hr`` when the LSTM has ``proj_size`` (the pointwise parts are single ops)."""
    h, c = state
    gates = F.linear(h, w_hh, b_hh) + gi
    c = lstm_cell_state(gates, c)
    h = lstm_hidden(gates, c)
    return (h if w_hr is None else F.linear(h, w_hr)), c


def gru_step(gi, state, w_hh, b_hh, w_hr=None):
    """GRU step: reset r and update z gates, new gate ``n = tanh(gi_n + r * gh_n)``,
    ``h' = (h - n) * z + n`` (the pointwise part is a single op)."""
    h = state[0]
    return (gru_hidden(gi, F.linear(h, w_hh, b_hh), h),)


STEPS = {"RNN_TANH": rnn_tanh_step, "RNN_RELU": rnn_relu_step, "LSTM": lstm_step, "GRU": gru_step}


def run_cell(mode, input, state, w_ih, w_hh, b_ih, b_hh):
    """One step of a cell module on a batch ``input`` (N, input_size) from ``state``."""
    return STEPS[mode](F.linear(input, w_ih, b_ih), state, w_hh, b_hh)


def _forward_in_time(step, gis, state, weights):
    """Run ``step`` over ``gis`` first to last. Batch sizes may shrink from step to step (a packed
    sequence): the rows that have ended keep their last state, set aside until the end."""
    outputs, ended = [], []
    for gi in gis:
        rows = gi.shape[0]
        if rows < state[0].shape[0]:
            ended.append(tuple(s[rows:] for s in state))
            state = tuple(s[:rows] for s in state)
        state = step(gi, state, *weights)
        outputs.append(state[0])
    if ended:
        state = tuple(cat([s] + [e[k] for e in reversed(ended)]) for k, s in enumerate(state))
    return outputs, state


def _backward_in_time(step, gis, state, weights):
    """Run ``step`` over ``gis`` last to first. Batch sizes may grow (a packed sequence read
    backwards): a row joins with its initial state at its sequence's last step."""
    initial = state
    if gis[-1].shape[0] < state[0].shape[0]:
        state = tuple(s[:gis[-1].shape[0]] for s in state)
    outputs = [None] * len(gis)
    for t in range(len(gis) - 1, -1, -1):
        rows = gis[t].shape[0]
        if rows > state[0].shape[0]:
            state = tuple(cat([s, s0[s.shape[0]:rows]]) for s, s0 in zip(state, initial))
        state = step(gis[t], state, *weights)
        outputs[t] = state[0]
    return outputs, state


def _whole_sequence(mode, gi, state, weights, reverse):
    """One layer and direction over a whole (seq, batch, *) sequence of input projections ``gi`` as a
    single op: returns the output (seq, batch, hidden) and the final state tuple."""
    w_hh, b_hh, w_hr = weights
    last = 0 if reverse else -1
    if mode == "LSTM":
        p = state[0].shape[1]
        both = lstm_layer(gi, state[0], state[1], w_hh, b_hh, w_hr, reverse)
        return both[:, :, :p], (both[last, :, :p], both[last, :, p:])
    if mode == "GRU":
        out = gru_layer(gi, state[0], w_hh, b_hh, reverse)
    else:
        out = rnn_layer(gi, state[0], w_hh, b_hh, mode == "RNN_RELU", reverse)
    return out, (out[last],)


def run_layers(mode, input, hx, weights, num_layers, bidirectional, dropout, training, batch_sizes=None):
    """PyTorch's multi-layer recurrence. ``input`` is (seq, batch, features), or a packed sequence's
    data with its ``batch_sizes`` (a list of ints); ``hx`` a tuple of state tensors
    (num_layers * num_directions, batch, *); ``weights`` one (w_ih, w_hh, b_ih, b_hh, w_hr) per layer
    and direction. Each layer's output (both directions side by side) feeds the next, through
    dropout when training. Returns the last layer's output and the tuple of final states."""
    step = STEPS[mode]
    directions = 2 if bidirectional else 1
    states = [s.unbind(0) for s in hx]
    finals = []
    layer_input = input
    for layer in range(num_layers):
        outputs = []
        for direction in range(directions):
            k = layer * directions + direction
            w_ih, w_hh, b_ih, b_hh, w_hr = weights[k]
            gi = F.linear(layer_input, w_ih, b_ih)
            state = tuple(s[k] for s in states)
            if batch_sizes is None:
                # fast path, fenced: the whole sequence as one op (a packed sequence, whose batch
                # shrinks from step to step, takes the general path below, one step at a time)
                output, final = _whole_sequence(mode, gi, state, (w_hh, b_hh, w_hr), direction == 1)
                outputs.append(output)
                finals.append(final)
                continue
            run = _backward_in_time if direction else _forward_in_time
            steps, final = run(step, gi.split(batch_sizes), state, (w_hh, b_hh, w_hr))
            outputs.append(cat(steps))
            finals.append(final)
        layer_input = outputs[0] if directions == 1 else cat(outputs, -1)
        if dropout != 0 and training and layer < num_layers - 1:
            layer_input = F.dropout(layer_input, dropout, True)
    return layer_input, tuple(stack([f[i] for f in finals]) for i in range(len(hx)))
