"""Recurrent layers against PyTorch: RNNCell, LSTMCell, GRUCell, RNN, LSTM, GRU and nn.utils.rnn.

Every check builds the same layer in both libraries after the same seed (so the initial weights are
PyTorch's), runs both on the same input, and compares the outputs, then the gradients of the input,
of the initial state and of every parameter for one random weighting of all outputs."""
import warnings

import numpy as np
import pytest
import torch
from hypothesis import given, strategies as st

import minigrad
import minigrad.nn as nn
from minigrad.nn.utils import rnn as mrnn
from torch.nn.utils import rnn as trnn

F64 = dict(rtol=1e-7, atol=1e-12)
CELLS = ["RNNCell", "LSTMCell", "GRUCell"]
LAYERS = ["RNN", "LSTM", "GRU"]


def build(kind, *args, seed=0, dtype="float64", **kwargs):
    """The layer ``kind`` in PyTorch and in minigrad, each built right after ``manual_seed(seed)``."""
    torch.manual_seed(seed)
    theirs = getattr(torch.nn, kind)(*args, **kwargs, dtype=getattr(torch, dtype))
    minigrad.manual_seed(seed)
    mine = getattr(nn, kind)(*args, **kwargs, dtype=getattr(minigrad, dtype))
    return theirs, mine


def assert_same_error_on_zeros(kind, x_shape, h_shape):
    """The layer or cell ``kind`` (3 features to 4) of both libraries, called on zeros of ``x_shape`` (and a
    hidden state of ``h_shape``, two for an LSTM), raises the same exception with the same message."""
    theirs, mine = build(kind, 3, 4)
    errors = []
    for lib, layer in ((torch, theirs), (minigrad, mine)):
        x = lib.zeros(x_shape, dtype=lib.float64)
        hx = None if h_shape is None else lib.zeros(h_shape, dtype=lib.float64)
        if hx is not None and kind in ("LSTM", "LSTMCell"):
            hx = (hx, hx)
        with pytest.raises(Exception) as info:
            layer(x, hx)
        errors.append(info.value)
    assert type(errors[1]) is type(errors[0]) and str(errors[1]) == str(errors[0])


def flat(out):
    """The tensors of a nested output ((output, (h, c)) ...) in order; a PackedSequence gives its data."""
    if isinstance(out, (trnn.PackedSequence, mrnn.PackedSequence)):
        return [out.data]
    if isinstance(out, (tuple, list)):
        return [t for part in out for t in flat(part)]
    return [out]


def both(array, requires_grad=True):
    """The same float64 values as a PyTorch and a minigrad tensor."""
    return (torch.tensor(array, requires_grad=requires_grad), minigrad.tensor(array, requires_grad=requires_grad))


def assert_same_parameters(theirs, mine, grads=False):
    """The same parameter names, in the same order, with equal values (or gradients)."""
    t_named, m_named = list(theirs.named_parameters()), list(mine.named_parameters())
    assert [n for n, _ in m_named] == [n for n, _ in t_named]
    for (name, t), (_, m) in zip(t_named, m_named):
        if grads:
            np.testing.assert_allclose(m.grad.numpy(), t.grad.numpy(), **F64, err_msg=name)
        else:
            assert np.array_equal(m.detach().numpy(), t.detach().numpy()), name


def assert_outputs_and_gradients_match(theirs, mine, t_args, m_args, leaves, seed=0):
    """Run both layers, compare every output, backpropagate one random weighting of all outputs and
    compare the gradients of ``leaves`` (pairs of PyTorch and minigrad tensors) and of every parameter."""
    t_out, m_out = flat(theirs(*t_args)), flat(mine(*m_args))
    assert len(t_out) == len(m_out)
    rng = np.random.default_rng(seed)
    t_loss, m_loss = 0, 0
    for t, m in zip(t_out, m_out):
        assert tuple(m.shape) == tuple(t.shape)
        np.testing.assert_allclose(m.detach().numpy(), t.detach().numpy(), **F64)
        w = rng.standard_normal(tuple(t.shape))
        t_loss = t_loss + (t * torch.tensor(w)).sum()
        m_loss = m_loss + (m * minigrad.tensor(w)).sum()
    t_loss.backward()
    m_loss.backward()
    for t, m in leaves:
        np.testing.assert_allclose(m.grad.numpy(), t.grad.numpy(), **F64)
    assert_same_parameters(theirs, mine, grads=True)


# ------------------------------------------------------------------------------------------ cells
@pytest.mark.parametrize("kind", CELLS)
@pytest.mark.parametrize("bias", [True, False])
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_cell_initial_weights_after_seed_equal_pytorchs(kind, bias, dtype):
    theirs, mine = build(kind, 5, 7, bias=bias, seed=3, dtype=dtype)
    assert_same_parameters(theirs, mine)
    assert [tuple(p.shape) for p in mine.parameters()] == [tuple(p.shape) for p in theirs.parameters()]


@pytest.mark.parametrize("kind", CELLS)
def test_cell_reset_parameters_redraws_pytorchs_values(kind):
    theirs, mine = build(kind, 3, 4)
    torch.manual_seed(9)
    theirs.reset_parameters()
    minigrad.manual_seed(9)
    mine.reset_parameters()
    assert_same_parameters(theirs, mine)


@given(kind=st.sampled_from(CELLS), input_size=st.integers(1, 5), hidden=st.integers(1, 5),
       batch=st.one_of(st.none(), st.integers(0, 4)), with_hx=st.booleans(), bias=st.booleans(),
       relu=st.booleans(), seed=st.integers(0, 2 ** 16))
def test_cell_forward_and_all_gradients_match_pytorch(kind, input_size, hidden, batch, with_hx, bias, relu, seed):
    kwargs = {"nonlinearity": "relu"} if kind == "RNNCell" and relu else {}
    theirs, mine = build(kind, input_size, hidden, bias=bias, seed=seed, **kwargs)
    rng = np.random.default_rng(seed)
    lead = () if batch is None else (batch,)
    tx, mx = both(rng.standard_normal(lead + (input_size,)))
    leaves, t_args, m_args = [(tx, mx)], [tx], [mx]
    if with_hx:
        states = [both(rng.standard_normal(lead + (hidden,))) for _ in range(2 if kind == "LSTMCell" else 1)]
        leaves += states
        t_args.append(tuple(t for t, _ in states) if kind == "LSTMCell" else states[0][0])
        m_args.append(tuple(m for _, m in states) if kind == "LSTMCell" else states[0][1])
    assert_outputs_and_gradients_match(theirs, mine, t_args, m_args, leaves, seed)


@pytest.mark.parametrize("kind", CELLS)
def test_cell_second_order_gradient_matches_pytorch(kind):
    theirs, mine = build(kind, 3, 4)
    x = np.random.default_rng(0).standard_normal((2, 3))
    grads = []
    for lib, layer in ((torch, theirs), (minigrad, mine)):
        inp = lib.tensor(x, requires_grad=True)
        out = layer(inp)
        out = out[0] * out[1] if isinstance(out, tuple) else out
        g, = lib.autograd.grad(out.sum(), inp, create_graph=True)
        (g * g).sum().backward()
        grads.append([layer.weight_hh.grad.numpy(), inp.grad.numpy()])
    for m, t in zip(grads[1], grads[0]):
        np.testing.assert_allclose(m, t, **F64)


@pytest.mark.parametrize("kind,extra", [("RNNCell", {}), ("RNNCell", {"nonlinearity": "relu", "bias": False}),
                                        ("LSTMCell", {"bias": False}), ("GRUCell", {})])
def test_cell_repr_is_pytorchs(kind, extra):
    theirs, mine = build(kind, 3, 4, **extra)
    assert repr(mine) == repr(theirs)


@pytest.mark.parametrize("kind", CELLS)
@pytest.mark.parametrize("x_shape,h_shape", [((2, 5), None), ((2, 3), (3, 4)), ((2, 3), (2, 5)), ((3,), (2, 4)),
                                             ((2, 3, 1), None), ((2, 3), (1, 2, 4)), ((2, 3), (4,))])
def test_cell_bad_shapes_raise_pytorchs_error(kind, x_shape, h_shape):
    assert_same_error_on_zeros(kind, x_shape, h_shape)


@pytest.mark.parametrize("kind", CELLS)
@pytest.mark.parametrize("x_dtype,h_dtype", [("float64", None), ("float32", "float64")])
def test_cell_dtype_mismatch_raises_pytorchs_error(kind, x_dtype, h_dtype):
    errors = []
    for lib in (torch, minigrad):
        layer = getattr(lib.nn, kind)(3, 4)
        x = lib.zeros(2, 3, dtype=getattr(lib, x_dtype))
        hx = None if h_dtype is None else lib.zeros(2, 4, dtype=getattr(lib, h_dtype))
        with pytest.raises(RuntimeError) as info:
            layer(x, None if hx is None else (hx, hx) if kind == "LSTMCell" else hx)
        errors.append(str(info.value))
    assert errors[1] == errors[0]


def test_rnn_cell_unknown_nonlinearity_raises_at_forward_as_pytorch():
    with pytest.raises(RuntimeError, match="Unknown nonlinearity: sigmoid"):
        nn.RNNCell(3, 4, nonlinearity="sigmoid")(minigrad.zeros(2, 3))


# -------------------------------------------------------------------------------- sequence layers
layer_configs = st.fixed_dictionaries({
    "kind": st.sampled_from(LAYERS), "num_layers": st.integers(1, 3), "bidirectional": st.booleans(),
    "bias": st.booleans(), "batch_first": st.booleans(), "proj": st.booleans(), "relu": st.booleans()})


def layer_kwargs(config, hidden):
    """Constructor keyword arguments for a drawn configuration (proj_size only for the LSTM)."""
    kwargs = {k: config[k] for k in ("num_layers", "bidirectional", "bias", "batch_first")}
    if config["kind"] == "LSTM" and config["proj"] and hidden > 1:
        kwargs["proj_size"] = hidden - 1
    if config["kind"] == "RNN" and config["relu"]:
        kwargs["nonlinearity"] = "relu"
    return kwargs


@given(config=layer_configs, input_size=st.integers(1, 4), hidden=st.integers(1, 4), seed=st.integers(0, 2 ** 16))
def test_layer_initial_weights_after_seed_equal_pytorchs(config, input_size, hidden, seed):
    theirs, mine = build(config["kind"], input_size, hidden, seed=seed, **layer_kwargs(config, hidden))
    assert_same_parameters(theirs, mine)
    assert list(mine.state_dict()) == list(theirs.state_dict())


@given(config=layer_configs, input_size=st.integers(1, 4), hidden=st.integers(1, 4), seq=st.integers(1, 5),
       batch=st.one_of(st.none(), st.integers(0, 3)), with_hx=st.booleans(), seed=st.integers(0, 2 ** 16))
def test_layer_forward_and_all_gradients_match_pytorch(config, input_size, hidden, seq, batch, with_hx, seed):
    kwargs = layer_kwargs(config, hidden)
    theirs, mine = build(config["kind"], input_size, hidden, seed=seed, **kwargs)
    rng = np.random.default_rng(seed)
    if batch is None:
        x_shape, lead = (seq, input_size), ()
    else:
        x_shape = (batch, seq, input_size) if config["batch_first"] else (seq, batch, input_size)
        lead = (batch,)
    tx, mx = both(rng.standard_normal(x_shape))
    leaves, t_args, m_args = [(tx, mx)], [tx], [mx]
    if with_hx:
        layers = config["num_layers"] * (2 if config["bidirectional"] else 1)
        h = both(rng.standard_normal((layers, *lead, kwargs.get("proj_size", hidden))))
        if config["kind"] == "LSTM":
            c = both(rng.standard_normal((layers, *lead, hidden)))
            leaves += [h, c]
            t_args.append((h[0], c[0]))
            m_args.append((h[1], c[1]))
        else:
            leaves.append(h)
            t_args.append(h[0])
            m_args.append(h[1])
    assert_outputs_and_gradients_match(theirs, mine, t_args, m_args, leaves, seed)


@pytest.mark.parametrize("kind", LAYERS)
@pytest.mark.parametrize("p", [0.3, 1.0])
def test_dropout_between_layers_draws_pytorchs_masks(kind, p):
    theirs, mine = build(kind, 3, 4, num_layers=3, dropout=p, bidirectional=True)
    x = np.random.default_rng(1).standard_normal((5, 2, 3))
    tx, mx = both(x)
    torch.manual_seed(11)
    minigrad.manual_seed(11)
    assert_outputs_and_gradients_match(theirs, mine, [tx], [mx], [(tx, mx)])


@pytest.mark.parametrize("kind", LAYERS)
def test_dropout_on_packed_sequences_draws_pytorchs_masks(kind):
    theirs, mine = build(kind, 2, 3, num_layers=2, dropout=0.4, bidirectional=True)
    tx, mx = both(np.random.default_rng(2).standard_normal((4, 3, 2)))
    torch.manual_seed(5)
    minigrad.manual_seed(5)
    assert_outputs_and_gradients_match(theirs, mine, [trnn.pack_padded_sequence(tx, [2, 4, 3], enforce_sorted=False)],
                                       [mrnn.pack_padded_sequence(mx, [2, 4, 3], enforce_sorted=False)], [(tx, mx)])


def assert_float32_close(mine, theirs, what=""):
    """float32's tolerance (rtol 1e-5, atol 1e-6 scaled by the values' magnitude)."""
    scale = max(1.0, float(np.abs(theirs).max(initial=0.0)))
    np.testing.assert_allclose(mine, theirs, rtol=1e-5, atol=1e-6 * scale, err_msg=what)


@pytest.mark.parametrize("kind", LAYERS)
def test_float32_layers_match_pytorch_to_float32_tolerance(kind):
    theirs, mine = build(kind, 3, 5, num_layers=2, bidirectional=True, dtype="float32")
    assert_same_parameters(theirs, mine)
    x = np.random.default_rng(3).standard_normal((6, 2, 3)).astype(np.float32)
    tx, mx = torch.tensor(x, requires_grad=True), minigrad.tensor(x, requires_grad=True)
    t_out, m_out = theirs(tx)[0], mine(mx)[0]
    assert m_out.dtype == minigrad.float32
    assert_float32_close(m_out.detach().numpy(), t_out.detach().numpy())
    t_out.square().sum().backward()
    m_out.square().sum().backward()
    assert_float32_close(mx.grad.numpy(), tx.grad.numpy())
    for (name, t), (_, m) in zip(theirs.named_parameters(), mine.named_parameters()):
        assert_float32_close(m.grad.numpy(), t.grad.numpy(), name)


@pytest.mark.parametrize("kind", LAYERS)
def test_layer_second_order_gradient_matches_pytorch(kind):
    theirs, mine = build(kind, 2, 3, bidirectional=True)
    x = np.random.default_rng(4).standard_normal((3, 2, 2))
    grads = []
    for lib, layer in ((torch, theirs), (minigrad, mine)):
        inp = lib.tensor(x, requires_grad=True)
        g, = lib.autograd.grad(layer(inp)[0].sin().sum(), inp, create_graph=True)
        (g * g).sum().backward()
        grads.append([inp.grad.numpy()] + [p.grad.numpy() for p in layer.parameters()])
    for m, t in zip(grads[1], grads[0]):
        np.testing.assert_allclose(m, t, **F64)


def test_dropout_is_off_in_eval_mode():
    _, mine = build("GRU", 3, 4, num_layers=2, dropout=0.9)
    mine.eval()
    x = minigrad.randn(4, 2, 3, dtype=minigrad.float64)
    assert minigrad.equal(mine(x)[0], mine(x)[0])


@pytest.mark.parametrize("kind,extra", [("RNN", {}), ("RNN", {"nonlinearity": "relu", "num_layers": 2}),
                                        ("LSTM", {"proj_size": 2, "num_layers": 2, "bias": False,
                                                  "batch_first": True, "dropout": 0.5, "bidirectional": True}),
                                        ("GRU", {"bidirectional": True})])
def test_layer_repr_is_pytorchs(kind, extra):
    theirs, mine = build(kind, 3, 4, **extra)
    assert repr(mine) == repr(theirs)


def test_pytorch_trained_lstm_checkpoint_loads_and_gives_pytorchs_outputs():
    theirs, mine = build("LSTM", 3, 5, num_layers=2, bidirectional=True, proj_size=2, seed=1)
    with torch.no_grad():
        for p in theirs.parameters():
            p.mul_(1.5).add_(0.1)
    minigrad.manual_seed(2)
    mine.reset_parameters()
    mine.load_state_dict(theirs.state_dict())  # (PyTorch's tensors, as a checkpoint made there)
    x = np.random.default_rng(0).standard_normal((4, 2, 3))
    np.testing.assert_allclose(mine(minigrad.tensor(x))[0].detach().numpy(),
                               theirs(torch.tensor(x))[0].detach().numpy(), **F64)


def test_layer_state_dict_loads_into_pytorch():
    theirs, mine = build("GRU", 2, 3, num_layers=2, seed=4)
    minigrad.manual_seed(5)
    mine.reset_parameters()
    theirs.load_state_dict({k: torch.tensor(v.numpy()) for k, v in mine.state_dict().items()})
    assert_same_parameters(theirs, mine)


def test_reassigned_parameter_is_used_by_forward():
    _, mine = build("RNN", 2, 3)
    mine.weight_hh_l0 = nn.Parameter(minigrad.zeros(3, 3, dtype=minigrad.float64))
    assert mine._flat_weights[1] is mine.weight_hh_l0
    assert mine.all_weights[0][1] is mine.weight_hh_l0


def test_flatten_parameters_is_a_no_op():
    _, mine = build("LSTM", 2, 3)
    before = [p.detach().numpy().copy() for p in mine.parameters()]
    assert mine.flatten_parameters() is None
    assert all(np.array_equal(a, p.detach().numpy()) for a, p in zip(before, mine.parameters()))


@pytest.mark.parametrize("kind", LAYERS)
@pytest.mark.parametrize("x_shape,h_shape", [((0, 2, 3), None), ((5, 2, 4), None), ((3,), None), ((2, 2, 2, 3), None),
                                             ((5, 2, 3), (1, 3, 4)), ((5, 2, 3), (2, 4)), ((5, 3), (1, 4, 4)),
                                             ((5, 3), (2, 4))])
def test_layer_bad_shapes_raise_pytorchs_error(kind, x_shape, h_shape):
    assert_same_error_on_zeros(kind, x_shape, h_shape)


@pytest.mark.parametrize("kind", LAYERS)
def test_input_dtype_other_than_the_weights_raises_pytorchs_value_error(kind):
    theirs, mine = build(kind, 3, 4, dtype="float32")
    with pytest.raises(ValueError) as t_info:
        theirs(torch.zeros(2, 1, 3, dtype=torch.float64))
    with pytest.raises(ValueError) as m_info:
        mine(minigrad.zeros(2, 1, 3, dtype=minigrad.float64))
    assert str(m_info.value) == str(t_info.value)


@pytest.mark.parametrize("kwargs,error", [({"dropout": 1.5}, ValueError), ({"dropout": True}, ValueError),
                                          ({"bias": 1}, TypeError), ({"batch_first": None}, TypeError),
                                          ({"num_layers": 0}, ValueError), ({"proj_size": 4}, ValueError),
                                          ({"proj_size": -1}, ValueError)])
def test_bad_constructor_arguments_raise_pytorchs_errors(kwargs, error):
    with pytest.raises(error) as t_info:
        torch.nn.LSTM(3, 4, **kwargs)
    with pytest.raises(error) as m_info:
        nn.LSTM(3, 4, **kwargs)
    assert str(m_info.value) == str(t_info.value)


def test_dropout_with_one_layer_warns_as_pytorch():
    with pytest.warns(UserWarning, match="non-zero dropout expects num_layers greater than 1"):
        nn.GRU(3, 4, dropout=0.2)


def test_rnn_unknown_nonlinearity_raises_value_error():
    with pytest.raises(ValueError, match="Unknown nonlinearity 'sigmoid'"):
        nn.RNN(3, 4, nonlinearity="sigmoid")


# ------------------------------------------------------------------------------- nn.utils.rnn
sequence_lengths = st.lists(st.integers(1, 5), min_size=1, max_size=4)


@given(lengths=sequence_lengths, batch_first=st.booleans(), side=st.sampled_from(["right", "left"]),
       value=st.floats(-2, 2), feature=st.one_of(st.none(), st.integers(1, 3)))
def test_pad_sequence_and_its_gradients_match_pytorch(lengths, batch_first, side, value, feature):
    rng = np.random.default_rng(len(lengths))
    seqs = [both(rng.standard_normal((n,) if feature is None else (n, feature))) for n in lengths]
    t = trnn.pad_sequence([s[0] for s in seqs], batch_first, value, side)
    m = mrnn.pad_sequence([s[1] for s in seqs], batch_first, value, side)
    np.testing.assert_allclose(m.detach().numpy(), t.detach().numpy(), **F64)
    w = rng.standard_normal(tuple(t.shape))
    (t * torch.tensor(w)).sum().backward()
    (m * minigrad.tensor(w)).sum().backward()
    for ts, ms in seqs:
        np.testing.assert_allclose(ms.grad.numpy(), ts.grad.numpy(), **F64)


@given(lengths=st.lists(st.integers(1, 5), min_size=1, max_size=4, unique=True), batch_first=st.booleans(),
       enforce_sorted=st.booleans(), extra=st.integers(0, 2))
def test_pack_then_pad_round_trip_matches_pytorch_with_gradients(lengths, batch_first, enforce_sorted, extra):
    if enforce_sorted:
        lengths = sorted(lengths, reverse=True)
    steps, batch = max(lengths), len(lengths)
    rng = np.random.default_rng(steps * 10 + batch)
    tx, mx = both(rng.standard_normal((batch, steps, 2) if batch_first else (steps, batch, 2)))
    tp = trnn.pack_padded_sequence(tx, torch.tensor(lengths), batch_first, enforce_sorted)
    mp = mrnn.pack_padded_sequence(mx, minigrad.tensor(lengths), batch_first, enforce_sorted)
    np.testing.assert_allclose(mp.data.detach().numpy(), tp.data.detach().numpy(), **F64)
    for name in ("batch_sizes", "sorted_indices", "unsorted_indices"):
        t_val, m_val = getattr(tp, name), getattr(mp, name)
        assert (m_val is None) == (t_val is None)
        if t_val is not None:
            assert m_val.dtype == minigrad.int64 and m_val.tolist() == t_val.tolist()
    t_pad, t_len = trnn.pad_packed_sequence(tp, batch_first, -1.0, steps + extra)
    m_pad, m_len = mrnn.pad_packed_sequence(mp, batch_first, -1.0, steps + extra)
    np.testing.assert_allclose(m_pad.detach().numpy(), t_pad.detach().numpy(), **F64)
    assert m_len.tolist() == t_len.tolist() and m_len.dtype == minigrad.int64
    w = rng.standard_normal(tuple(t_pad.shape))
    (t_pad * torch.tensor(w)).sum().backward()
    (m_pad * minigrad.tensor(w)).sum().backward()
    np.testing.assert_allclose(mx.grad.numpy(), tx.grad.numpy(), **F64)


@given(kind=st.sampled_from(LAYERS), lengths=st.lists(st.integers(1, 5), min_size=1, max_size=4, unique=True),
       num_layers=st.integers(1, 2), bidirectional=st.booleans(), with_hx=st.booleans(), proj=st.booleans(),
       seed=st.integers(0, 2 ** 16))
def test_layers_on_packed_sequences_match_pytorch(kind, lengths, num_layers, bidirectional, with_hx, proj, seed):
    hidden = 3
    kwargs = {"num_layers": num_layers, "bidirectional": bidirectional}
    if kind == "LSTM" and proj:
        kwargs["proj_size"] = 2
    theirs, mine = build(kind, 2, hidden, seed=seed, **kwargs)
    rng = np.random.default_rng(seed)
    tx, mx = both(rng.standard_normal((max(lengths), len(lengths), 2)))
    t_args = [trnn.pack_padded_sequence(tx, lengths, enforce_sorted=False)]
    m_args = [mrnn.pack_padded_sequence(mx, lengths, enforce_sorted=False)]
    leaves = [(tx, mx)]
    if with_hx:
        layers = num_layers * (2 if bidirectional else 1)
        h = both(rng.standard_normal((layers, len(lengths), kwargs.get("proj_size", hidden))))
        if kind == "LSTM":
            c = both(rng.standard_normal((layers, len(lengths), hidden)))
            leaves += [h, c]
            t_args.append((h[0], c[0]))
            m_args.append((h[1], c[1]))
        else:
            leaves.append(h)
            t_args.append(h[0])
            m_args.append(h[1])
    assert_outputs_and_gradients_match(theirs, mine, t_args, m_args, leaves, seed)


@given(lengths=sequence_lengths, batch_first=st.booleans())
def test_unpad_sequence_gives_pytorchs_sequences(lengths, batch_first):
    padded = np.random.default_rng(len(lengths)).standard_normal((len(lengths), max(lengths), 2))
    if not batch_first:
        padded = padded.transpose(1, 0, 2).copy()
    theirs = trnn.unpad_sequence(torch.tensor(padded), torch.tensor(lengths), batch_first)
    mine = mrnn.unpad_sequence(minigrad.tensor(padded), minigrad.tensor(lengths), batch_first)
    assert len(mine) == len(theirs)
    for m, t in zip(mine, theirs):
        np.testing.assert_array_equal(m.numpy(), t.numpy())


def test_packed_output_keeps_the_inputs_indices():
    _, mine = build("GRU", 2, 3)
    packed = mrnn.pack_sequence([minigrad.randn(2, 2, dtype=minigrad.float64),
                                 minigrad.randn(4, 2, dtype=minigrad.float64)], enforce_sorted=False)
    out, _ = mine(packed)
    assert isinstance(out, mrnn.PackedSequence)
    assert out.batch_sizes is packed.batch_sizes and out.sorted_indices is packed.sorted_indices
    assert out.unsorted_indices is packed.unsorted_indices


def test_pack_sequence_and_unpack_sequence_round_trip():
    seqs = [minigrad.randn(n, 2) for n in (2, 4, 1)]
    back = mrnn.unpack_sequence(mrnn.pack_sequence(seqs, enforce_sorted=False))
    assert all(minigrad.equal(a, b) for a, b in zip(back, seqs))


def test_packed_sequence_repr_and_fields_are_pytorchs():
    t = trnn.pack_sequence([torch.ones(3), torch.ones(2)])
    m = mrnn.pack_sequence([minigrad.ones(3), minigrad.ones(2)])
    assert repr(m) == repr(t)
    assert m._fields == t._fields


def test_packed_sequence_to_converts_data_only():
    m = mrnn.pack_sequence([minigrad.ones(3), minigrad.ones(2)]).double()
    assert m.data.dtype == minigrad.float64 and m.batch_sizes.dtype == minigrad.int64


@pytest.mark.parametrize("call", [
    lambda R, L: R.pad_sequence([]),
    lambda R, L: R.pad_sequence([L.ones(2)], padding_side="up"),
    lambda R, L: R.pack_padded_sequence(L.ones(3, 2), [1, 2]),
    lambda R, L: R.pack_padded_sequence(L.ones(3, 2), [2, 0]),
    lambda R, L: R.pack_padded_sequence(L.ones(3, 2), [2, 1, 1]),
    lambda R, L: R.pack_sequence([L.ones(2), L.ones(3)]),
    lambda R, L: R.pad_packed_sequence(R.pack_sequence([L.ones(3), L.ones(2)]), total_length=2),
])
def test_bad_sequence_arguments_raise_pytorchs_errors(call):
    with pytest.raises(Exception) as t_info:
        call(trnn, torch)
    with pytest.raises(Exception) as m_info:
        call(mrnn, minigrad)
    assert type(m_info.value) is type(t_info.value) and str(m_info.value) == str(t_info.value)


# ------------------------------------------------------------------------------------- training
@pytest.mark.parametrize("kind", LAYERS)
def test_sgd_training_on_a_sequence_task_gives_pytorchs_losses(kind):
    """A two-layer recurrent net with a linear head learns the running sum of its input; eight SGD
    steps give PyTorch's losses."""
    rng = np.random.default_rng(0)
    x = rng.standard_normal((6, 4, 2))
    target = np.cumsum(x[..., :1], axis=0)
    losses = []
    for lib, L in ((torch, torch), (minigrad, minigrad)):
        L.manual_seed(0)
        rnn = getattr(lib.nn, kind)(2, 5, num_layers=2, dtype=L.float64)
        head = lib.nn.Linear(5, 1, dtype=L.float64)
        params = list(rnn.parameters()) + list(head.parameters())
        opt = lib.optim.SGD(params, lr=0.1, momentum=0.9)
        run = []
        for _ in range(8):
            opt.zero_grad()
            out, _ = rnn(L.tensor(x))
            loss = ((head(out) - L.tensor(target)) ** 2).mean()
            loss.backward()
            opt.step()
            run.append(loss.item())
        losses.append(run)
    np.testing.assert_allclose(losses[1], losses[0], **F64)
    assert losses[1][-1] < losses[1][0]


def test_dropout_with_several_layers_does_not_warn():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        nn.LSTM(3, 4, num_layers=2, dropout=0.2)


@pytest.mark.parametrize("mode", ["LSTM", "GRU", "RNN"])
@pytest.mark.parametrize("bidirectional", [False, True], ids=["one direction", "bidirectional"])
@pytest.mark.parametrize("batch_first", [False, True], ids=["seq first", "batch first"])
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_a_recurrent_layers_output_prints_torchs_grad_fn(mode, bidirectional, batch_first, dtype):
    names = []
    for L in (minigrad, torch):
        layer = getattr(L.nn, mode)(3, 2, bidirectional=bidirectional, batch_first=batch_first).to(getattr(L, dtype))
        output, _ = layer(L.randn(2, 4, 3, dtype=getattr(L, dtype)))
        names.append((output.grad_fn.name(), output.is_contiguous()))
    assert names[0] == names[1]


@pytest.mark.parametrize("L", [minigrad, torch], ids=["minigrad", "torch"])
@pytest.mark.parametrize("mode, function", [("LSTM", "lstm"), ("GRU", "gru"), ("RNN", "rnn_tanh")])
@pytest.mark.parametrize("flag", ["yes", 1], ids=["str", "int"])
def test_a_recurrent_layer_made_with_bidirectional_not_a_bool_fails_at_its_call_with_torchs_type_error(L, mode,
                                                                                                     function, flag):
    layer = getattr(L.nn, mode)(3, 4, bidirectional=flag)  # (made as PyTorch makes it)
    with pytest.raises(TypeError, match=f"{function}\\(\\) received an invalid combination of arguments"):
        layer(L.ones(5, 2, 3))
