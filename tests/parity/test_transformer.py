"""Transformer layers against PyTorch: seeded initial weights bit for bit, state_dict keys,
printed form, warnings; the output (float64 and float32) and the gradient of every input and
every parameter (float64) in eval mode and in train mode with dropout 0, under each kind of
mask; the errors."""
import warnings

import numpy as np
import pytest
import torch
from hypothesis import given, strategies as st

import minigrad

from . import strategies as S
from .helpers import check, check_raises

ENCODER_LAYERS = ["nn.TransformerEncoderLayer(4, 2, 6, dropout=0.0)",
                  "nn.TransformerEncoderLayer(4, 2, 6, 0.0, 'gelu', norm_first=True)",
                  "nn.TransformerEncoderLayer(4, 1, 3, 0.0, batch_first=True, bias=False)",
                  "nn.TransformerEncoderLayer(4, 2, 6, 0.0, F.silu, layer_norm_eps=0.1)"]
DECODER_LAYERS = ["nn.TransformerDecoderLayer(4, 2, 6, dropout=0.0)",
                  "nn.TransformerDecoderLayer(4, 2, 6, 0.0, 'gelu', norm_first=True, batch_first=True)",
                  "nn.TransformerDecoderLayer(4, 4, 5, 0.0, bias=False)"]
ENCODERS = ["nn.TransformerEncoder(nn.TransformerEncoderLayer(4, 2, 6, 0.0), 2)",
            "nn.TransformerEncoder(nn.TransformerEncoderLayer(4, 2, 6, 0.0, batch_first=True), 2, nn.LayerNorm(4), "
            "enable_nested_tensor=False)"]
DECODERS = ["nn.TransformerDecoder(nn.TransformerDecoderLayer(4, 2, 6, 0.0), 2, nn.LayerNorm(4))",
            "nn.TransformerDecoder(nn.TransformerDecoderLayer(4, 2, 6, 0.0, norm_first=True), 1)"]
TRANSFORMERS = ["nn.Transformer(4, 2, 2, 1, 6, 0.0)",
                "nn.Transformer(4, 2, 1, 2, 6, 0.0, 'gelu', batch_first=True, norm_first=True)",
                "nn.Transformer(4, 1, 1, 1, 3, 0.0, bias=False, layer_norm_eps=0.01)"]
ALL = ENCODER_LAYERS + DECODER_LAYERS + ENCODERS + DECODERS + TRANSFORMERS + [
    "nn.Transformer()", "nn.TransformerEncoderLayer(8, 2, activation=nn.GELU())"]


def _build(L, expr, seed=0, dtype=None):
    """The layer ``expr`` made after ``manual_seed(seed)`` (warnings caught and returned)."""
    L.manual_seed(seed)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        layer = eval(expr, {"nn": L.nn, "F": L.nn.functional})
    if dtype is not None:
        layer = layer.to(getattr(L, dtype))
    return layer, [str(w.message) for w in caught]


@pytest.mark.parametrize("expr", ALL)
def test_seeded_layer_has_torchs_weights_keys_and_form(expr):
    (mine, mine_warned), (theirs, their_warned) = _build(minigrad, expr), _build(torch, expr)
    assert repr(mine) == repr(theirs)
    assert mine_warned == their_warned
    mine_state, their_state = mine.state_dict(), theirs.state_dict()
    assert list(mine_state) == list(their_state)
    for key, value in their_state.items():
        np.testing.assert_array_equal(mine_state[key].numpy(), value.numpy(), err_msg=key)


def _run(expr, inputs, masks, train, dtype, seed):
    """check() of the layer's output and the gradients of its inputs and all its parameters."""
    reference, _ = _build(torch, expr, dtype=dtype)
    names = [n for n, _ in reference.named_parameters()]
    params = [p.detach().numpy() for _, p in reference.named_parameters()]

    def fn(L, *tensors):
        layer, _ = _build(L, expr, dtype=dtype)
        layer.train(train)
        given = dict(zip(names, tensors[len(inputs):]))
        kwargs = {k: (L.tensor(v) if isinstance(v, np.ndarray) else v) for k, v in masks.items()}
        return L.func.functional_call(layer, given, tuple(tensors[:len(inputs)]), kwargs)

    # float32 gradients through a stack of LayerNorms and softmaxes round apart by more than
    # float32's tolerance in PyTorch's own kernels vs its reference composition: compared in float64
    check(fn, *inputs, *params, seed=seed, backward=dtype == "float64")


def _sequences(data, dtype, batch_first, n, lengths):
    """Sequences of features drawn from N(0, 1) (hypothesis' constant rows would make every LayerNorm
    divide by sqrt(eps): a result that float32 rounding decides, in PyTorch as in minigrad)."""
    batch = data.draw(st.sampled_from([None, 1, 2]))
    rng = np.random.default_rng(data.draw(S.seeds))
    shapes = [(s, 4) if batch is None else ((batch, s, 4) if batch_first else (s, batch, 4)) for s in lengths[:n]]
    return batch, [rng.standard_normal(shape).astype(dtype) for shape in shapes]


def _padding(data, batch, length):
    """A key padding mask that leaves each sequence at least one key."""
    shape = (length,) if batch is None else (batch, length)
    mask = np.array(data.draw(st.lists(st.booleans(), min_size=int(np.prod(shape)), max_size=int(np.prod(shape)))))
    mask = mask.reshape(shape)
    mask[..., 0] = False
    kind = data.draw(st.sampled_from(["bool", "float"]))
    return mask if kind == "bool" else np.where(mask, -np.inf, 0.0)


@given(data=st.data(), expr=st.sampled_from(ENCODER_LAYERS + ENCODERS), train=st.booleans(),
       mask_kind=st.sampled_from([None, "causal", "bool", "padding", "is_causal"]), seed=S.seeds)
def test_encoder_output_and_gradients_match_torch(data, expr, train, mask_kind, seed):
    dtype = data.draw(st.sampled_from(["float64", "float32"]))
    batch_first = "batch_first=True" in expr
    s = data.draw(st.integers(1, 4))
    batch, (src,) = _sequences(data, np.dtype(dtype), batch_first, 1, [s])
    masks = {}
    mask_name = "mask" if "Encoder(" in expr else "src_mask"
    causal = torch.nn.Transformer.generate_square_subsequent_mask(s, dtype=getattr(torch, dtype)).numpy()
    if mask_kind == "causal":
        masks[mask_name] = causal
    elif mask_kind == "is_causal":
        masks[mask_name], masks["is_causal"] = causal, True
    elif mask_kind == "bool":
        masks[mask_name] = np.triu(np.ones((s, s), bool), 1)
    elif mask_kind == "padding":
        masks["src_key_padding_mask"] = _padding(data, batch, s)
        if masks["src_key_padding_mask"].dtype == bool or dtype == "float64":
            pass
        else:
            masks["src_key_padding_mask"] = masks["src_key_padding_mask"].astype(np.float32)
    _run(expr, [src], masks, train, dtype, seed)


@given(data=st.data(), expr=st.sampled_from(DECODER_LAYERS + DECODERS), train=st.booleans(),
       tgt_causal=st.booleans(), memory_padding=st.booleans(), seed=S.seeds)
def test_decoder_output_and_gradients_match_torch(data, expr, train, tgt_causal, memory_padding, seed):
    dtype = data.draw(st.sampled_from(["float64", "float32"]))
    t, s = data.draw(st.integers(1, 4)), data.draw(st.integers(1, 4))
    batch, (tgt, memory) = _sequences(data, np.dtype(dtype), "batch_first=True" in expr, 2, [t, s])
    masks = {}
    if tgt_causal:
        masks["tgt_mask"] = torch.nn.Transformer.generate_square_subsequent_mask(t, dtype=getattr(torch, dtype)).numpy()
    if memory_padding:
        masks["memory_key_padding_mask"] = _padding(data, batch, s).astype(bool)
    _run(expr, [tgt, memory], masks, train, dtype, seed)


@given(data=st.data(), expr=st.sampled_from(TRANSFORMERS), train=st.booleans(), seed=S.seeds)
def test_transformer_output_and_gradients_match_torch(data, expr, train, seed):
    dtype = data.draw(st.sampled_from(["float64", "float32"]))
    s, t = data.draw(st.integers(1, 4)), data.draw(st.integers(1, 4))
    batch, (src, tgt) = _sequences(data, np.dtype(dtype), "batch_first=True" in expr, 2, [s, t])
    masks = {"tgt_mask": torch.nn.Transformer.generate_square_subsequent_mask(t, dtype=getattr(torch, dtype)).numpy()}
    if data.draw(st.booleans()):
        masks["src_key_padding_mask"] = _padding(data, batch, s).astype(bool)
        masks["memory_key_padding_mask"] = masks["src_key_padding_mask"]
    _run(expr, [src, tgt], masks, train, dtype, seed)


@pytest.mark.parametrize("size", [0, 1, 4])
@pytest.mark.parametrize("dtype", [None, "float64"])
def test_generate_square_subsequent_mask_matches_torch(size, dtype):
    mine = minigrad.nn.Transformer.generate_square_subsequent_mask(size, dtype=dtype and getattr(minigrad, dtype))
    theirs = torch.nn.Transformer.generate_square_subsequent_mask(size, dtype=dtype and getattr(torch, dtype))
    assert mine.dtype.name == str(theirs.dtype)[6:]
    np.testing.assert_array_equal(mine.numpy(), theirs.numpy())


def test_dropout_in_train_mode_draws_as_torch():
    x = np.random.default_rng(0).standard_normal((3, 2, 4)).astype(np.float32)
    outs = []
    for L in (minigrad, torch):
        layer, _ = _build(L, "nn.TransformerEncoderLayer(4, 2, 6, dropout=0.5)")
        L.manual_seed(7)
        outs.append(layer(L.tensor(x)).detach().numpy())
    np.testing.assert_allclose(outs[0], outs[1], rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("call", [
    lambda L, x: L.nn.TransformerEncoderLayer(4, 2, 6, activation="tanh"),
    lambda L, x: L.nn.TransformerEncoderLayer(4, 3, 6),
    lambda L, x: L.nn.Transformer(4, 2, 1, 1, 6)(x, x[:, :1]),
    lambda L, x: L.nn.Transformer(4, 2, 1, 1, 6)(x[..., :3], x[..., :3]),
    lambda L, x: L.nn.TransformerEncoderLayer(4, 2, 6)(x, src_mask=L.ones(3, 3, dtype=L.int64)),
    lambda L, x: L.nn.TransformerEncoderLayer(4, 2, 6)(x, src_mask=L.ones(2, 2)),
])
def test_bad_arguments_raise_as_torch(call):
    check_raises(call, np.ones((3, 2, 4), np.float32))
