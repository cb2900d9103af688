"""PyTorch's ATen-level recurrent functions: ``torch.lstm``, ``torch.gru``, ``torch.rnn_tanh`` and
``torch.rnn_relu`` over whole sequences (padded, or a packed sequence's data and batch sizes), and
their one-step forms ``torch.lstm_cell``, ``torch.gru_cell``, ``torch.rnn_tanh_cell`` and
``torch.rnn_relu_cell``. They run nn's recurrence (``nn/_recurrent.py``), the one behind nn.LSTM,
nn.GRU, nn.RNN and the cell modules, on weights given as a flat list."""
import numbers

from .tensor import Tensor
from .nn import _recurrent
from .ops._util import expect_tensor

__all__ = ["lstm", "gru", "rnn_tanh", "rnn_relu", "lstm_cell", "gru_cell", "rnn_tanh_cell", "rnn_relu_cell"]


def _tensors(fn, value, name, position, count=None):
    """``value`` (a tuple or list of Tensors) as a tuple, with PyTorch's TypeError otherwise."""
    if not isinstance(value, (tuple, list)):
        raise TypeError(f"{fn}(): argument '{name}' (position {position}) must be tuple of Tensors, not "
                        f"{type(value).__name__}")
    for i, t in enumerate(value):
        if not isinstance(t, Tensor):
            raise TypeError(f"expected Tensor as element {i} in argument {position}, but got {type(t).__name__}")
    return tuple(value)


def _flag(fn, value, name, position, kind=bool):
    """A bool (or int) argument, with PyTorch's TypeError for anything else."""
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise TypeError(f"{fn}(): argument '{name}' (position {position}) must be {kind.__name__}, not "
                        f"{type(value).__name__}")
    return value


def _layer_weights(params, has_biases, num_layers, bidirectional, projected):
    """The flat ``params`` (w_ih, w_hh[, b_ih, b_hh][, w_hr] per layer and direction) as one
    (w_ih, w_hh, b_ih, b_hh, w_hr) per layer and direction, None where absent."""
    stride = 2 + 2 * has_biases + projected
    if len(params) % stride:
        raise RuntimeError(f"MatrixRef: ArrayRef size {len(params)} not divisible by stride {stride}")
    groups = num_layers * (2 if bidirectional else 1)
    if len(params) < stride * groups:
        raise RuntimeError(f"got {len(params) // stride} sets of RNN parameters, expected {groups} "
                           f"({num_layers} layers, {'2 directions' if bidirectional else '1 direction'})")
    out = []
    for k in range(groups):
        group = params[k * stride:(k + 1) * stride]
        biases = (group[2], group[3]) if has_biases else (None, None)
        out.append((group[0], group[1]) + biases + ((group[-1] if projected else None),))
    return out


def _sequence(mode, fn, input, batch_sizes, hx, params, has_biases, num_layers, dropout, train, bidirectional,
              batch_first):
    """The shared body of the four sequence functions: checks, then the layers. ``hx`` a tuple."""
    expect_tensor(fn, input)
    params = _tensors(fn, params, "params", 4 if batch_sizes is None else 5)
    for name, value, position in (("has_biases", has_biases, 4), ("train", train, 8),
                                  ("bidirectional", bidirectional, 9), ("batch_first", batch_first, 10)):
        _flag(fn, value, name, position + (batch_sizes is not None and name != "batch_first"))
    _flag(fn, num_layers, "num_layers", 5, int)
    if not isinstance(dropout, numbers.Real):
        raise TypeError(f"{fn}(): argument 'dropout' (position {6 + (batch_sizes is not None)}) must be float, "
                        f"not {type(dropout).__name__}")
    for t, want in [(input, 2 if batch_sizes is not None else 3)] + [(h, 3) for h in hx]:
        if t.dim() != want:
            raise IndexError(f"Dimension out of range (expected to be in range of [-{max(t.dim(), 1)}, "
                             f"{max(t.dim(), 1) - 1}], but got {want - 1})")
    projected = mode == "LSTM" and hx[0].shape[2] != hx[1].shape[2]
    weights = _layer_weights(params, has_biases, num_layers, bidirectional, projected)
    sizes = None
    if batch_sizes is not None:
        sizes = [int(b) for b in batch_sizes.tolist()]
    elif batch_first:
        input = input.transpose(0, 1)
    output, states = _recurrent.run_layers(mode, input, hx, weights, num_layers, bidirectional, float(dropout),
                                           train, sizes)
    if batch_first and batch_sizes is None:
        output = output.transpose(0, 1)
    return (output,) + tuple(states)


def _sequence_function(mode, fn, states):
    """torch.lstm / gru / rnn_tanh / rnn_relu: ``(input, hx, params, has_biases, num_layers, dropout,
    train, bidirectional, batch_first)``, or a packed sequence's ``(data, batch_sizes, hx, params,
    has_biases, num_layers, dropout, train, bidirectional)`` (told apart by the second argument)."""
    def run(input, *args, **kwargs):
        # the packed form's second argument is batch_sizes, a Tensor; the padded form's is hx (a
        # tuple for the LSTM) then params (a list)
        packed = "batch_sizes" in kwargs or (len(args) > 0 and isinstance(args[0], Tensor) and
                                             (states == 2 or (len(args) > 1 and isinstance(args[1], Tensor))))
        names = (("batch_sizes",) if packed else ()) + ("hx", "params", "has_biases", "num_layers", "dropout",
                                                        "train", "bidirectional") + (() if packed else ("batch_first",))
        values = dict(zip(names, args))
        for key, value in kwargs.items():
            if key not in names or key in values:
                raise TypeError(f"{fn}() got an unexpected keyword argument '{key}'")
            values[key] = value
        missing = [n for n in names if n not in values]
        if missing:
            raise TypeError(f"{fn}() missing {len(missing)} required positional argument: "
                            + ", ".join(f'"{n}"' for n in missing))
        hx = values["hx"]
        if states == 2:
            hx = _tensors(fn, hx, "hx", 3 if packed else 2)
            if len(hx) != 2:
                raise RuntimeError(f"{fn} expects two hidden states")
        else:
            expect_tensor(fn, hx, "hx", 3 if packed else 2)
            hx = (hx,)
        return _sequence(mode, fn, input, values.get("batch_sizes"), hx, values["params"], values["has_biases"],
                         values["num_layers"], values["dropout"], values["train"], values["bidirectional"],
                         values.get("batch_first", False))
    run.__name__ = run.__qualname__ = fn
    module = "RNN" if mode.startswith("RNN") else mode
    outputs = "(output, h_n, c_n)" if states == 2 else "(output, h_n)"
    run.__doc__ = (f"The {fn} layers over a sequence as ``nn.{module}`` runs them, its weights given as a flat "
                   f"list ``params``; returns {outputs}.")
    return run


lstm = _sequence_function("LSTM", "lstm", 2)
gru = _sequence_function("GRU", "gru", 1)
rnn_tanh = _sequence_function("RNN_TANH", "rnn_tanh", 1)
rnn_relu = _sequence_function("RNN_RELU", "rnn_relu", 1)


def _cell(mode, fn, input, hx, w_ih, w_hh, b_ih, b_hh):
    """One step of ``mode`` on a batch ``input`` (N, input_size) from the states ``hx`` (a tuple), with
    ATen's checks of the shapes."""
    for name, value, position in (("input", input, 1), ("w_ih", w_ih, 3), ("w_hh", w_hh, 4)):
        expect_tensor(fn, value, name, position)
    for name, value, position in (("b_ih", b_ih, 5), ("b_hh", b_hh, 6)):
        if value is not None:
            expect_tensor(fn, value, name, position)
    for t in (input,) + hx:
        if t.dim() < 2:
            raise IndexError("Dimension out of range (expected to be in range of [-1, 0], but got 1)")
    if input.shape[1] != w_ih.shape[1]:
        raise RuntimeError(f"input has inconsistent input_size: got {input.shape[1]} expected {w_ih.shape[1]}")
    for i, h in enumerate(hx):
        if input.shape[0] != h.shape[0]:
            raise RuntimeError(f"Input batch size {input.shape[0]} doesn't match hidden{i} batch size {h.shape[0]}")
        if h.shape[1] != w_hh.shape[1]:
            raise RuntimeError(f"hidden{i} has inconsistent hidden_size: got {h.shape[1]}, expected "
                               f"{w_hh.shape[1]}")
    if mode in ("LSTM", "GRU") and not input.dtype.is_floating_point:
        raise RuntimeError(f"result type Float can't be cast to the desired output type {_aten_type(input)}")
    return _recurrent.run_cell(mode, input, hx, w_ih, w_hh, b_ih, b_hh)


def _aten_type(t):
    """ATen's scalar type name of ``t``'s dtype (``Long`` for int64)."""
    return t.type().split(".")[-1].replace("Tensor", "")


def lstm_cell(input, hx, w_ih, w_hh, b_ih=None, b_hh=None):
    """One LSTM step (gates input, forget, cell, output) from ``hx = (h, c)``: returns ``(h', c')``."""
    hx = _tensors("lstm_cell", hx, "hx", 2)
    if len(hx) != 2:
        raise RuntimeError("lstm_cell expects two hidden states")
    return _cell("LSTM", "lstm_cell", input, hx, w_ih, w_hh, b_ih, b_hh)


def gru_cell(input, hx, w_ih, w_hh, b_ih=None, b_hh=None):
    """One GRU step (gates reset, update, new) from the hidden state ``hx``: returns ``h'``."""
    expect_tensor("gru_cell", hx, "hx", 2)
    return _cell("GRU", "gru_cell", input, (hx,), w_ih, w_hh, b_ih, b_hh)[0]


def rnn_tanh_cell(input, hx, w_ih, w_hh, b_ih=None, b_hh=None):
    """One Elman RNN step, ``tanh(input @ w_ih.T + b_ih + hx @ w_hh.T + b_hh)``."""
    expect_tensor("rnn_tanh_cell", hx, "hx", 2)
    return _cell("RNN_TANH", "rnn_tanh_cell", input, (hx,), w_ih, w_hh, b_ih, b_hh)[0]


def rnn_relu_cell(input, hx, w_ih, w_hh, b_ih=None, b_hh=None):
    """One Elman RNN step with ReLU, ``relu(input @ w_ih.T + b_ih + hx @ w_hh.T + b_hh)``."""
    expect_tensor("rnn_relu_cell", hx, "hx", 2)
    return _cell("RNN_RELU", "rnn_relu_cell", input, (hx,), w_ih, w_hh, b_ih, b_hh)[0]
