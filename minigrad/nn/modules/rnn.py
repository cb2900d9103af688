"""Recurrent layers over whole sequences: ``RNN``, ``LSTM``, ``GRU`` (stacked layers, both
directions, packed sequences), with PyTorch's parameters, initialisation, shapes and checks. The
cells (one step) are in ``rnn_cells.py``, the arithmetic in ``nn/_recurrent.py``."""
import math
import numbers
import warnings

from ..module import Module
from ..parameter import Parameter
from .. import init
from .. import _recurrent
from ..utils.rnn import PackedSequence
from ...creation import empty, zeros

_GATES = {"RNN_TANH": 1, "RNN_RELU": 1, "LSTM": 4, "GRU": 3}


def _reset_uniform(module):
    """PyTorch's recurrent initialisation: every parameter, in registration order, from
    U(-1/sqrt(hidden_size), 1/sqrt(hidden_size))."""
    stdv = 1.0 / math.sqrt(module.hidden_size) if module.hidden_size > 0 else 0
    for weight in module.parameters():
        init.uniform_(weight, -stdv, stdv)


class RNNBase(Module):
    """What ``RNN``, ``LSTM`` and ``GRU`` share: per layer and direction the parameters
    ``weight_ih_l{k}``, ``weight_hh_l{k}``, ``bias_ih_l{k}``, ``bias_hh_l{k}`` (and ``weight_hr_l{k}``
    for an LSTM with ``proj_size``), ``_reverse`` appended for the second direction."""

    def __init__(self, mode, input_size, hidden_size, num_layers=1, bias=True, batch_first=False, dropout=0.0,
                 bidirectional=False, proj_size=0, device=None, dtype=None):
        super().__init__()
        if not isinstance(dropout, numbers.Number) or isinstance(dropout, bool) or not 0 <= dropout <= 1:
            raise ValueError("dropout should be a number in range [0, 1] representing the probability of an "
                             "element being zeroed")
        if dropout > 0 and num_layers == 1:
            warnings.warn("dropout option adds dropout after all but last recurrent layer, so non-zero dropout "
                          f"expects num_layers greater than 1, but got dropout={dropout} and "
                          f"num_layers={num_layers}", stacklevel=2)
        for name, value in (("bias", bias), ("batch_first", batch_first)):
            if not isinstance(value, bool):
                raise TypeError(f"{name} should be of type bool, got: {type(value).__name__}")
        for name, value in (("input_size", input_size), ("hidden_size", hidden_size)):
            if not isinstance(value, int):
                raise TypeError(f"{name} should be of type int, got: {type(value).__name__}")
            if value <= 0:
                raise ValueError(f"{name} must be greater than zero")
        if num_layers <= 0:
            raise ValueError("num_layers must be greater than zero")
        if proj_size < 0:
            raise ValueError("proj_size should be a positive integer or zero to disable projections")
        if proj_size >= hidden_size:
            raise ValueError("proj_size has to be smaller than hidden_size")
        if mode not in _GATES:
            raise ValueError("Unrecognized RNN mode: " + mode)
        self.mode = mode
        self.input_size = input_size
        self.hidden_size = hidden_size
        self.num_layers = num_layers
        self.bias = bias
        self.batch_first = batch_first
        self.dropout = float(dropout)
        self.bidirectional = bidirectional
        self.proj_size = proj_size
        factory = {"device": device, "dtype": dtype}
        gate_size = _GATES[mode] * hidden_size
        real_hidden = proj_size if proj_size > 0 else hidden_size
        directions = 2 if bidirectional else 1
        self._flat_weights_names = []
        self._all_weights = []
        for layer in range(num_layers):
            for direction in range(directions):
                layer_input = input_size if layer == 0 else real_hidden * directions
                suffix = f"_l{layer}" + ("_reverse" if direction else "")
                shapes = {"weight_ih": (gate_size, layer_input), "weight_hh": (gate_size, real_hidden)}
                if bias:
                    shapes.update(bias_ih=(gate_size,), bias_hh=(gate_size,))
                if proj_size > 0:
                    shapes["weight_hr"] = (proj_size, hidden_size)
                names = [name + suffix for name in shapes]
                for name, shape in zip(names, shapes.values()):
                    setattr(self, name, Parameter(empty(shape, **factory)))
                self._flat_weights_names.extend(names)
                self._all_weights.append(names)
        self.reset_parameters()

    @property
    def _flat_weights(self):
        """The parameters in PyTorch's flat order (read afresh, so reassigned ones count)."""
        return [getattr(self, name, None) for name in self._flat_weights_names]

    @property
    def all_weights(self):
        """The parameters, one list per layer and direction."""
        return [[getattr(self, name) for name in names] for names in self._all_weights]

    def flatten_parameters(self):
        """A no-op (PyTorch packs the weights for cuDNN here)."""

    def reset_parameters(self):
        """Re-draw every parameter from U(-1/sqrt(hidden_size), 1/sqrt(hidden_size))."""
        _reset_uniform(self)

    def extra_repr(self):
        s = f"{self.input_size}, {self.hidden_size}"
        if self.proj_size != 0:
            s += f", proj_size={self.proj_size}"
        if self.num_layers != 1:
            s += f", num_layers={self.num_layers}"
        if self.bias is not True:
            s += f", bias={self.bias}"
        if self.batch_first is not False:
            s += f", batch_first={self.batch_first}"
        if self.dropout != 0:
            s += f", dropout={self.dropout}"
        if self.bidirectional is not False:
            s += f", bidirectional={self.bidirectional}"
        return s

    def _layer_weights(self):
        """(w_ih, w_hh, b_ih, b_hh, w_hr) per layer and direction (None where absent)."""
        out = []
        for names in self._all_weights:
            kinds = {name.split("_l")[0]: getattr(self, name) for name in names}
            out.append(tuple(kinds.get(k) for k in ("weight_ih", "weight_hh", "bias_ih", "bias_hh", "weight_hr")))
        return out

    def _state_shapes(self, batch):
        """The expected shape of each state tensor: h (and c for the LSTM)."""
        layers = self.num_layers * (2 if self.bidirectional else 1)
        h = (layers, batch, self.proj_size if self.proj_size > 0 else self.hidden_size)
        return (h, (layers, batch, self.hidden_size)) if self.mode == "LSTM" else (h,)

    def _run(self, input, hx):
        """Check ``input`` and ``hx`` (a tuple of states, or None) as PyTorch does and run the layers.
        Returns (output, states) in the caller's layout: packed, batch-first or unbatched."""
        kind = "RNN" if self.mode.startswith("RNN") else self.mode
        packed = isinstance(input, PackedSequence)
        if packed:
            data, batch_sizes, sorted_indices, unsorted_indices = input
            batch, batched, sizes = int(batch_sizes[0]), True, [int(b) for b in batch_sizes.tolist()]
            if hx is not None:
                hx = tuple(h.index_select(1, sorted_indices) for h in hx) if sorted_indices is not None else hx
        else:
            data, sizes, unsorted_indices = input, None, None
            if input.dim() not in (2, 3):
                tail = " tensor instead" if kind == "RNN" else " instead"
                raise ValueError(f"{kind}: Expected input to be 2D or 3D, got {input.dim()}D{tail}")
            batched = input.dim() == 3
            if not batched:
                data = input.unsqueeze(0 if self.batch_first else 1)
            if hx is not None:
                want = 3 if batched else 2
                if any(h.dim() != want for h in hx):
                    if self.mode == "LSTM":
                        got = f"({hx[0].dim()}-D, {hx[1].dim()}-D) tensors"
                        raise RuntimeError(f"For {'batched 3' if batched else 'unbatched 2'}-D input, hx and cx "
                                           f"should also be {want}-D but got {got}")
                    raise RuntimeError(f"For {'batched 3' if batched else 'unbatched 2'}-D input, hx should also "
                                       f"be {want}-D but got {hx[0].dim()}-D tensor")
                if not batched:
                    hx = tuple(h.unsqueeze(1) for h in hx)
            batch = data.shape[0 if self.batch_first else 1]
        weight = self._flat_weights[0]
        if data.dtype != weight.dtype:
            raise ValueError(f"RNN input dtype ({data.dtype}) does not match weight dtype ({weight.dtype}). Convert "
                             f"input: input.to({weight.dtype}), or convert model: model.to({data.dtype})")
        if data.dim() != (2 if packed else 3):
            raise RuntimeError(f"input must have {2 if packed else 3} dimensions, got {data.dim()}")
        if data.shape[-1] != self.input_size:
            raise RuntimeError(f"input.size(-1) must be equal to input_size. Expected {self.input_size}, "
                               f"got {data.shape[-1]}")
        shapes = self._state_shapes(batch)
        if hx is None:
            hx = tuple(zeros(shape, dtype=data.dtype, device=data.device) for shape in shapes)
        for i, (h, shape) in enumerate(zip(hx, shapes)):
            if tuple(h.shape) != shape:
                which = f"hidden[{i}] size" if self.mode == "LSTM" else "hidden size"
                raise RuntimeError(f"Expected {which} {shape}, got {list(h.shape)}")
            if h.dtype != data.dtype:  # (PyTorch's matmul refuses the mix)
                raise RuntimeError(f"mat1 and mat2 must have the same dtype, but got {h.dtype._torch_name[:-6]} and "
                                   f"{data.dtype._torch_name[:-6]} (the hidden state's dtype and the input's)")
        if not packed:
            if self.batch_first:
                data = data.transpose(0, 1)
            if data.shape[0] == 0:
                raise RuntimeError("Expected sequence length to be larger than 0 in RNN")
        _expect_bidirectional_flag(self.mode, self.bidirectional, packed)
        output, states = _recurrent.run_layers(self.mode, data, hx, self._layer_weights(), self.num_layers,
                                               self.bidirectional, self.dropout, self.training, sizes)
        if packed:
            if unsorted_indices is not None:
                states = tuple(s.index_select(1, unsorted_indices) for s in states)
            return PackedSequence(output, batch_sizes, sorted_indices, unsorted_indices), states
        _name_output_node(output, self.mode, self.bidirectional)
        if self.batch_first:
            output = output.transpose(0, 1)
            if output.grad_fn is not None and self.mode != "LSTM":  # (PyTorch's GRU and RNN: another overload)
                output.grad_fn.torch_name = "TransposeBackward1"
        if not batched:
            output = output.squeeze(0 if self.batch_first else 1)
            states = tuple(s.squeeze(1) for s in states)
        return output, states


def _expect_bidirectional_flag(mode, bidirectional, packed):
    """PyTorch's TypeError for a ``bidirectional`` that is not a bool (a str, an int 1): the argument parser's
    of the recurrence it calls in forward (``lstm``, ``gru``, ``rnn_tanh``...), which names its overloads."""
    if bidirectional.__class__ is bool:
        return
    hx = "tuple of Tensors" if mode == "LSTM" else "Tensor"
    flag = type(bidirectional).__name__
    got = (f"Tensor, Tensor, {'tuple' if mode == 'LSTM' else 'Tensor'}, list, bool, int, float, bool, {flag}" if packed
           else f"Tensor, {'tuple' if mode == 'LSTM' else 'Tensor'}, list, bool, int, float, bool, {flag}, bool")
    raise TypeError(f"{mode.lower()}() received an invalid combination of arguments - got ({got}), but expected one "
                    f"of:\n * (Tensor data, Tensor batch_sizes, {hx} hx, tuple of Tensors params, bool has_biases, int "
                    "num_layers, float dropout, bool train, bool bidirectional)\n * (Tensor input, "
                    f"{hx} hx, tuple of Tensors params, bool has_biases, int num_layers, float dropout, bool train, "
                    "bool bidirectional, bool batch_first)\n")


def _name_output_node(output, mode, bidirectional):
    """Name the node of a padded sequence's output (a view of the last layer's steps here) as PyTorch
    names its own, which course programs print with the output: the two directions joined
    (``CatBackward0``), the steps stacked (``StackBackward0``), or a float32 LSTM's oneDNN layer."""
    node = output.grad_fn
    if node is not None:
        if bidirectional:
            node.torch_name = "CatBackward0"
        elif mode == "LSTM" and output.dtype.itemsize == 4:
            node.torch_name = "MkldnnRnnLayerBackward0"
        else:
            node.torch_name = "StackBackward0"


def _refuse_keywords(kwargs):
    """PyTorch's errors for keywords ``RNN`` and ``GRU`` do not take: ``proj_size`` (an LSTM's
    only, refused whatever its value) and any unknown one."""
    if "proj_size" in kwargs:
        raise ValueError("proj_size argument is only supported for LSTM, not RNN or GRU")
    for key in kwargs:
        raise TypeError(f"RNNBase.__init__() got an unexpected keyword argument '{key}'")


class RNN(RNNBase):
    """A multi-layer Elman RNN: ``h_t = tanh(x_t W_ih^T + b_ih + h_{t-1} W_hh^T + b_hh)`` (or relu).
    Input (L, N, input_size), (N, L, input_size) with ``batch_first``, (L, input_size) unbatched,
    or a ``PackedSequence``; returns ``(output, h_n)``."""

    def __init__(self, input_size, hidden_size, num_layers=1, nonlinearity="tanh", bias=True, batch_first=False,
                 dropout=0.0, bidirectional=False, device=None, dtype=None, **kwargs):
        _refuse_keywords(kwargs)
        if nonlinearity not in ("tanh", "relu"):
            raise ValueError(f"Unknown nonlinearity '{nonlinearity}'. Select from 'tanh' or 'relu'.")
        self.nonlinearity = nonlinearity
        super().__init__("RNN_TANH" if nonlinearity == "tanh" else "RNN_RELU", input_size, hidden_size, num_layers,
                         bias, batch_first, dropout, bidirectional, device=device, dtype=dtype)

    def forward(self, input, hx=None):
        output, states = self._run(input, None if hx is None else (hx,))
        return output, states[0]


class LSTM(RNNBase):
    """A multi-layer LSTM (gates input, forget, cell, output), optionally with projections
    (``proj_size``: ``h_t = W_hr (o_t * tanh(c_t))``). Returns ``(output, (h_n, c_n))``."""

    def __init__(self, input_size, hidden_size, num_layers=1, bias=True, batch_first=False, dropout=0.0,
                 bidirectional=False, proj_size=0, device=None, dtype=None):
        super().__init__("LSTM", input_size, hidden_size, num_layers, bias, batch_first, dropout, bidirectional,
                         proj_size, device, dtype)

    def forward(self, input, hx=None):
        if isinstance(hx, (tuple, list)) and len(hx) > 2:
            raise RuntimeError("lstm expects two hidden states")
        output, states = self._run(input, None if hx is None else (hx[0], hx[1]))
        return output, states


class GRU(RNNBase):
    """A multi-layer GRU (gates reset, update, new). Returns ``(output, h_n)``."""

    def __init__(self, input_size, hidden_size, num_layers=1, bias=True, batch_first=False, dropout=0.0,
                 bidirectional=False, device=None, dtype=None, **kwargs):
        _refuse_keywords(kwargs)
        super().__init__("GRU", input_size, hidden_size, num_layers, bias, batch_first, dropout, bidirectional,
                         device=device, dtype=dtype)

    def forward(self, input, hx=None):
        output, states = self._run(input, None if hx is None else (hx,))
        return output, states[0]
