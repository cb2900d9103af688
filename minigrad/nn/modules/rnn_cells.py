"""Recurrent cells: ``RNNCell``, ``LSTMCell``, ``GRUCell``, one step of a recurrence each, with
PyTorch's parameters, initialisation, shapes and checks (PyTorch's module of them is
``torch.nn.modules.rnn``, as of the sequence layers in ``rnn.py``). The arithmetic is in
``nn/_recurrent.py``."""
from ..module import Module
from ..parameter import Parameter
from .. import _recurrent
from ...creation import empty, zeros
from .rnn import _reset_uniform



class RNNCellBase(Module):
    """What the three cells share: ``weight_ih`` (gates * hidden, input), ``weight_hh``
    (gates * hidden, hidden) and, with ``bias``, ``bias_ih`` and ``bias_hh``."""

    def __init__(self, input_size, hidden_size, bias, num_chunks, device=None, dtype=None):
        super().__init__()
        self.input_size = input_size
        self.hidden_size = hidden_size
        self.bias = bias
        factory = {"device": device, "dtype": dtype}
        self.weight_ih = Parameter(empty((num_chunks * hidden_size, input_size), **factory))
        self.weight_hh = Parameter(empty((num_chunks * hidden_size, hidden_size), **factory))
        if bias:
            self.bias_ih = Parameter(empty(num_chunks * hidden_size, **factory))
            self.bias_hh = Parameter(empty(num_chunks * hidden_size, **factory))
        else:
            self.register_parameter("bias_ih", None)
            self.register_parameter("bias_hh", None)
        self.reset_parameters()

    def reset_parameters(self):
        """Re-draw every parameter from U(-1/sqrt(hidden_size), 1/sqrt(hidden_size))."""
        _reset_uniform(self)

    def extra_repr(self):
        s = f"{self.input_size}, {self.hidden_size}"
        if self.bias is not True:
            s += f", bias={self.bias}"
        if getattr(self, "nonlinearity", "tanh") != "tanh":
            s += f", nonlinearity={self.nonlinearity}"
        return s

    def _step(self, mode, input, state, names):
        """Check ``input`` (1-D or 2-D) and ``state`` (a tuple, or None for zeros) as PyTorch does,
        run one step of ``mode``, and drop the batch dim again for an unbatched input."""
        kind = type(self).__name__
        if input.dim() not in (1, 2):
            raise ValueError(f"{kind}: Expected input to be 1D or 2D, got {input.dim()}D instead")
        if state is not None:
            for name, s in zip(names, state):
                if s.dim() not in (1, 2):
                    raise ValueError(f"{kind}: Expected {name} to be 1D or 2D, got {s.dim()}D instead")
        batched = input.dim() == 2
        if not batched:
            input = input.unsqueeze(0)
        if state is None:
            h0 = zeros(input.shape[0], self.hidden_size, dtype=input.dtype, device=input.device)
            state = (h0,) * len(names)
        elif not batched:
            state = tuple(s.unsqueeze(0) for s in state)
        if input.shape[1] != self.weight_ih.shape[1]:
            raise RuntimeError(f"input has inconsistent input_size: got {input.shape[1]} expected "
                               f"{self.weight_ih.shape[1]}")
        for i, s in enumerate(state):
            if input.shape[0] != s.shape[0]:
                raise RuntimeError(f"Input batch size {input.shape[0]} doesn't match hidden{i} batch size {s.shape[0]}")
            if s.shape[1] != self.hidden_size:
                raise RuntimeError(f"hidden{i} has inconsistent hidden_size: got {s.shape[1]}, expected "
                                   f"{self.hidden_size}")
        for t in (input, *state):  # (PyTorch's cell kernels name the mix their own way)
            if t.dtype != self.weight_ih.dtype:
                raise RuntimeError(f"mat1 and mat2 must have the same dtype, but got {t.dtype._torch_name[:-6]} and "
                                   f"{self.weight_ih.dtype._torch_name[:-6]}")
        out = _recurrent.run_cell(mode, input, state, self.weight_ih, self.weight_hh, self.bias_ih, self.bias_hh)
        return out if batched else tuple(s.squeeze(0) for s in out)


class RNNCell(RNNCellBase):
    """An Elman RNN step: ``h' = tanh(x @ weight_ih.T + bias_ih + h @ weight_hh.T + bias_hh)``
    (``relu`` with ``nonlinearity='relu'``). Input (N, input_size) or (input_size,); hx likewise
    with hidden_size (zeros when not given)."""

    def __init__(self, input_size, hidden_size, bias=True, nonlinearity="tanh", device=None, dtype=None):
        super().__init__(input_size, hidden_size, bias, 1, device, dtype)
        self.nonlinearity = nonlinearity

    def forward(self, input, hx=None):
        if self.nonlinearity not in ("tanh", "relu"):
            raise RuntimeError(f"Unknown nonlinearity: {self.nonlinearity}")
        mode = "RNN_TANH" if self.nonlinearity == "tanh" else "RNN_RELU"
        return self._step(mode, input, None if hx is None else (hx,), ("hidden",))[0]


class LSTMCell(RNNCellBase):
    """An LSTM step with PyTorch's gate order (input, forget, cell, output) in ``weight_ih`` /
    ``weight_hh``; hx is ``(h, c)`` (zeros when not given); returns ``(h', c')``."""

    def __init__(self, input_size, hidden_size, bias=True, device=None, dtype=None):
        super().__init__(input_size, hidden_size, bias, 4, device, dtype)

    def forward(self, input, hx=None):
        if hx is not None:
            if not isinstance(hx, (tuple, list)):
                raise TypeError(f"lstm_cell(): argument 'hx' (position 2) must be tuple of Tensors, not "
                                f"{type(hx).__name__}")
            if len(hx) != 2:
                raise RuntimeError("lstm_cell expects two hidden states")
        return self._step("LSTM", input, None if hx is None else tuple(hx), ("hx[0]", "hx[1]"))


class GRUCell(RNNCellBase):
    """A GRU step with PyTorch's gate order (reset, update, new) in ``weight_ih`` / ``weight_hh``:
    ``n = tanh(W_in x + b_in + r * (W_hn h + b_hn))``, ``h' = (1 - z) * n + z * h``."""

    def __init__(self, input_size, hidden_size, bias=True, device=None, dtype=None):
        super().__init__(input_size, hidden_size, bias, 3, device, dtype)

    def forward(self, input, hx=None):
        return self._step("GRU", input, None if hx is None else (hx,), ("hidden",))[0]
