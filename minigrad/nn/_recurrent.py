"""The arithmetic of PyTorch's recurrent cells and the loop that runs them over a sequence, layer
by layer and in both directions, in the order of PyTorch's CPU implementation (ATen's RNN.cpp).

A cell's state is a tuple: ``(h,)`` for the RNN and the GRU, ``(h, c)`` for the LSTM. The input's
projection ``linear(x, w_ih, b_ih)`` is computed for the whole sequence by one matrix product (as
PyTorch does on the CPU); gates are kept in PyTorch's fused layout (input, forget, cell, output
gates of the LSTM; reset, update, new gates of the GRU, each ``hidden_size`` wide). A cell module's
step is composed from minigrad's ops; a sequence runs as one op per layer and direction
(``ops/recurrent.py``), padded sequences in a packed sequence's layout (steps of equal sizes).
"""
from ..ops.join import cat, stack
from ..ops.recurrent import lstm_cell_state, lstm_hidden, gru_hidden, rnn_layer, lstm_layer, gru_layer
from . import functional as F
from ._layers import linear  # (the unwrapped function, without F.linear's out= wrapper)


def rnn_tanh_step(gi, state, w_hh, b_hh, w_hr=None):
    """Elman RNN step: ``h' = tanh(gi + h @ w_hh.T + b_hh)``."""
    return ((linear(state[0], w_hh, b_hh) + gi).tanh(),)


def rnn_relu_step(gi, state, w_hh, b_hh, w_hr=None):
    """Elman RNN step with ReLU: ``h' = relu(gi + h @ w_hh.T + b_hh)``."""
    return ((linear(state[0], w_hh, b_hh) + gi).relu(),)


def lstm_step(gi, state, w_hh, b_hh, w_hr=None):
    """LSTM step: gates i, f, g, o from one product; ``c' = f*c + i*g``, ``h' = o*tanh(c')``,
    projected by ``w_hr`` when the LSTM has ``proj_size`` (the pointwise parts are single ops)."""
    h, c = state
    gates = linear(h, w_hh, b_hh) + gi
    c = lstm_cell_state(gates, c)
    h = lstm_hidden(gates, c)
    return (h if w_hr is None else linear(h, w_hr)), c


def gru_step(gi, state, w_hh, b_hh, w_hr=None):
    """GRU step: reset r and update z gates, new gate ``n = tanh(gi_n + r * gh_n)``,
    ``h' = (h - n) * z + n`` (the pointwise part is a single op)."""
    h = state[0]
    return (gru_hidden(gi, linear(h, w_hh, b_hh), h),)


STEPS = {"RNN_TANH": rnn_tanh_step, "RNN_RELU": rnn_relu_step, "LSTM": lstm_step, "GRU": gru_step}


def run_cell(mode, input, state, w_ih, w_hh, b_ih, b_hh):
    """One step of a cell module on a batch ``input`` (N, input_size) from ``state``."""
    return STEPS[mode](linear(input, w_ih, b_ih), state, w_hh, b_hh)


def _final_rows(sizes, reverse):
    """(first, last) row ranges of the packed output holding each sequence's final state, in
    the order of the sequences: a sequence ends at its last step, or at step 0 read backwards."""
    if reverse:
        return [(0, sizes[0])]
    starts = [0]
    for n in sizes[:-1]:
        starts.append(starts[-1] + n)
    ranges = []
    for t in range(len(sizes) - 1, -1, -1):
        later = sizes[t + 1] if t + 1 < len(sizes) else 0
        if sizes[t] > later:
            ranges.append((starts[t] + later, starts[t] + sizes[t]))
    return ranges or [(0, 0)]  # (an empty batch)


def _one_direction(mode, gi, state, weights, sizes, reverse):
    """One layer and direction as a single op over the input projections ``gi`` in the packed
    layout (``sizes[t]`` rows at step t): returns the output (rows, hidden) and the final states."""
    w_hh, b_hh, w_hr = weights
    if mode == "LSTM":
        out = lstm_layer(gi, state[0], state[1], w_hh, b_hh, w_hr, sizes, reverse)
    elif mode == "GRU":
        out = gru_layer(gi, state[0], w_hh, b_hh, sizes, reverse)
    else:
        out = rnn_layer(gi, state[0], w_hh, b_hh, sizes, mode == "RNN_RELU", reverse)
    pieces = [out[lo:hi] for lo, hi in _final_rows(sizes, reverse)]
    final = pieces[0] if len(pieces) == 1 else cat(pieces)
    if mode != "LSTM":
        return out, (final,)
    p = state[0].shape[1]
    # (the hidden states as an array of their own, as PyTorch's output is: dropout after an LSTM then
    # draws its mask in PyTorch's order)
    return out[:, :p].contiguous(), (final[:, :p], final[:, p:])


def run_layers(mode, input, hx, weights, num_layers, bidirectional, dropout, training, batch_sizes=None):
    """PyTorch's multi-layer recurrence. ``input`` is (seq, batch, features), or a packed sequence's
    data with its ``batch_sizes`` (a list of ints); ``hx`` a tuple of state tensors
    (num_layers * num_directions, batch, *); ``weights`` one (w_ih, w_hh, b_ih, b_hh, w_hr) per layer
    and direction. Each layer's output (both directions side by side) feeds the next, through
    dropout when training. Returns the last layer's output and the tuple of final states."""
    directions = 2 if bidirectional else 1
    states = [s.unbind(0) for s in hx]
    finals = []
    padded = batch_sizes is None
    if padded:  # (seq, batch, *) as seq steps of batch rows, in the packed layout
        seq, batch = input.shape[0], input.shape[1]
        batch_sizes = (batch,) * seq
        input = input.reshape(seq * batch, input.shape[2])
    layer_input = input
    for layer in range(num_layers):
        outputs = []
        for direction in range(directions):
            k = layer * directions + direction
            w_ih, w_hh, b_ih, b_hh, w_hr = weights[k]
            output, final = _one_direction(mode, linear(layer_input, w_ih, b_ih), tuple(s[k] for s in states),
                                           (w_hh, b_hh, w_hr), tuple(batch_sizes), direction == 1)
            outputs.append(output)
            finals.append(final)
        layer_input = outputs[0] if directions == 1 else cat(outputs, -1)
        if dropout != 0 and training and layer < num_layers - 1:
            layer_input = F.dropout(layer_input, dropout, True)
    if padded:
        layer_input = layer_input.reshape(seq, batch, layer_input.shape[1])
    return layer_input, tuple(stack([f[i] for f in finals]) for i in range(len(hx)))
