"""rms_norm, scaled_dot_product_attention and multi-head attention against PyTorch: values and
every gradient, masks of each kind, the layers' parameters, initial weights after the same seed,
printed form, and the errors."""
import numpy as np
import pytest
import torch
from hypothesis import given, settings, strategies as st

import minigrad

from . import strategies as S
from .helpers import check, check_raises
from .test_second_order import compare_higher


def _sdpa(L, *args, **kwargs):
    return L.nn.functional.scaled_dot_product_attention(*args, **kwargs)


# ---------------------------------------------------------------------- rms_norm
@given(data=st.data(), weighted=st.booleans(), eps=st.sampled_from([None, 1e-5, 0.5]), seed=S.seeds)
def test_rms_norm_matches_torch(data, weighted, eps, seed):
    dtype = data.draw(S.float_dtypes)
    shape = data.draw(S.nonempty_shapes(min_dims=1, max_dims=4))
    d = data.draw(st.integers(1, len(shape)))
    norm_shape = shape[len(shape) - d:]
    if int(np.prod(norm_shape)) == 1:
        # One element normalised: x / rms(x) is sign(x) but for eps, so the gradient is two nearly equal
        # terms that cancel; in float32 what is left is rounding noise (minigrad's 2.86e-5 and torch's
        # 2.96e-5 against an exact 2.84e-5), so this case is compared in float64
        dtype = np.float64
    x = data.draw(S.arrays(dtype, shape))
    if weighted:
        w = data.draw(S.arrays(dtype, norm_shape))
        check(lambda L, x, w: L.nn.functional.rms_norm(x, norm_shape, w, eps), x, w, seed=seed)
    else:
        check(lambda L, x: L.nn.functional.rms_norm(x, list(norm_shape), eps=eps), x, seed=seed)


@given(data=st.data(), weighted=st.booleans(), eps=st.sampled_from([None, 1e-5]),
       scale=st.sampled_from([1e-3, 1.0, 30.0, 400.0]))
def test_rms_norm_of_half_tensors_computes_in_float_and_rounds_once_as_torch(data, weighted, eps, scale):
    # (in half precision x**2 overflows above 256: PyTorch's float computation gives x / |x| there, not 0)
    shape = data.draw(S.nonempty_shapes(min_dims=1, max_dims=3))
    x = (data.draw(S.arrays(np.float64, shape)) * scale).astype(np.float16)
    w = data.draw(S.arrays(np.float64, shape[-1:])).astype(np.float16)
    got = minigrad.nn.functional.rms_norm(minigrad.tensor(x), shape[-1:], minigrad.tensor(w) if weighted else None, eps)
    expected = torch.nn.functional.rms_norm(torch.tensor(x), shape[-1:], torch.tensor(w) if weighted else None, eps)
    assert got.dtype == minigrad.float16
    assert np.array_equal(got.numpy(), expected.numpy(), equal_nan=True)  # (to the bit)


@pytest.mark.parametrize("call", [
    lambda L, x: L.nn.functional.rms_norm(x, (3,)),
    lambda L, x: L.nn.functional.rms_norm(x, ()),
    lambda L, x: L.nn.functional.rms_norm(x, 4),
    lambda L, x: L.nn.functional.rms_norm(x, (4,), L.ones(3, dtype=L.float64)),
    lambda L, x: L.nn.functional.rms_norm(x.long(), (4,)),
])
def test_rms_norm_refuses_bad_arguments_like_torch(call):
    check_raises(call, np.ones((2, 4)))


def test_rms_norm_layer_has_torchs_parameters_and_form():
    for args, kwargs in (((4,), {}), (([3, 4],), {"eps": 1e-3}), ((4,), {"elementwise_affine": False})):
        m, t = minigrad.nn.RMSNorm(*args, **kwargs), torch.nn.RMSNorm(*args, **kwargs)
        assert repr(m) == repr(t)
        assert list(m.state_dict()) == list(t.state_dict())
        assert m.normalized_shape == t.normalized_shape and m.eps == t.eps
        if m.weight is not None:
            np.testing.assert_array_equal(m.weight.detach().numpy(), t.weight.detach().numpy())
        x = np.random.default_rng(0).standard_normal((2, 3, 4)).astype(np.float32)
        np.testing.assert_allclose(m(minigrad.tensor(x)).detach().numpy(), t(torch.tensor(x)).detach().numpy(),
                                   rtol=1e-5, atol=1e-6)


# ---------------------------------------------------------------------- scaled_dot_product_attention
def _qkv(data, dtype, batch, heads=(1, 1), same_len=False):
    l_, s = data.draw(st.integers(1, 4)), data.draw(st.integers(1, 4))
    s = l_ if same_len else s
    e, ev = data.draw(st.integers(1, 4)), data.draw(st.integers(1, 4))
    q = data.draw(S.arrays(dtype, batch + (heads[0], l_, e), -3, 3))
    k = data.draw(S.arrays(dtype, batch + (heads[1], s, e), -3, 3))
    v = data.draw(S.arrays(dtype, batch + (heads[1], s, ev), -3, 3))
    return q, k, v


@given(data=st.data(), batch=st.sampled_from([(), (2,), (1, 2)]), scale=st.sampled_from([None, 0.3, -0.7, 0.0]),
       seed=S.seeds)
def test_sdpa_matches_torch(data, batch, scale, seed):
    q, k, v = _qkv(data, data.draw(S.float_dtypes), batch)
    check(lambda L, q, k, v: _sdpa(L, q, k, v, scale=scale), q, k, v, seed=seed)


@given(data=st.data(), seed=S.seeds)
def test_sdpa_is_causal_matches_torch(data, seed):
    q, k, v = _qkv(data, data.draw(S.float_dtypes), (2,))
    check(lambda L, q, k, v: _sdpa(L, q, k, v, is_causal=True), q, k, v, seed=seed)


@given(data=st.data(), broadcast=st.booleans(), seed=S.seeds)
def test_sdpa_bool_mask_matches_torch_and_fully_masked_rows_give_zero(data, broadcast, seed):
    q, k, v = _qkv(data, data.draw(S.float_dtypes), (2,))
    shape = (q.shape[-2], k.shape[-2]) if broadcast else q.shape[:-1] + (k.shape[-2],)
    mask = data.draw(S.hnp.arrays(np.bool_, shape))
    check(lambda L, q, k, v, m: _sdpa(L, q, k, v, attn_mask=m), q, k, v, mask, seed=seed)


@given(data=st.data(), mask_dtype=st.sampled_from(["query", np.float32]), seed=S.seeds)
def test_sdpa_float_mask_is_added_like_torch(data, mask_dtype, seed):
    dtype = data.draw(S.float_dtypes)
    q, k, v = _qkv(data, dtype, (2,))
    mask = data.draw(S.arrays(dtype if mask_dtype == "query" else mask_dtype, (q.shape[-2], k.shape[-2]), -3, 3))
    check(lambda L, q, k, v, m: _sdpa(L, q, k, v, attn_mask=m), q, k, v, mask, seed=seed)


@given(data=st.data(), groups=st.sampled_from([(4, 2), (4, 1), (3, 3)]), seed=S.seeds)
def test_sdpa_grouped_query_attention_matches_torch(data, groups, seed):
    q, k, v = _qkv(data, data.draw(S.float_dtypes), (2,), heads=groups)
    check(lambda L, q, k, v: _sdpa(L, q, k, v, enable_gqa=True), q, k, v, seed=seed)


@pytest.mark.parametrize("seed", [0, 7])
def test_sdpa_dropout_draws_torchs_mask_after_the_same_seed(seed):
    rng = np.random.default_rng(0)
    q, k, v = rng.standard_normal((2, 3, 4, 5)), rng.standard_normal((2, 3, 6, 5)), rng.standard_normal((2, 3, 6, 7))
    outs = []
    for L in (torch, minigrad):
        L.manual_seed(seed)
        outs.append(_sdpa(L, L.tensor(q), L.tensor(k), L.tensor(v), dropout_p=0.4).numpy())
    np.testing.assert_allclose(outs[1], outs[0], rtol=1e-12, atol=1e-14)


@given(data=st.data(), seed=S.seeds)
@settings(max_examples=10)
def test_sdpa_second_derivatives_match_torch(data, seed):
    q, k, v = _qkv(data, np.float64, ())  # (3-D: PyTorch's 4-D CPU kernel has no second derivative)
    compare_higher(lambda L, q, k, v: _sdpa(L, q, k, v, is_causal=True), q, k, v, order=2, seed=seed)
    x = data.draw(S.arrays(np.float64, (3, 4), allow_kinks=False))
    compare_higher(lambda L, x: L.nn.functional.rms_norm(x, (4,)), x, order=2, seed=seed)


_Q = np.ones((2, 3, 4, 5))
SDPA_ERRORS = {
    "key_width_differs": lambda L, q: _sdpa(L, q, q[..., :4], q),
    "value_length_differs": lambda L, q: _sdpa(L, q[0], q[0], q[0, :, :3]),  # (3-D: PyTorch's 4-D kernel reads on)
    "dtypes_differ": lambda L, q: _sdpa(L, q, q.float(), q),
    "integer_inputs": lambda L, q: _sdpa(L, q.long(), q.long(), q.long()),
    "one_dimensional": lambda L, q: _sdpa(L, q[0, 0, 0], q[0, 0, 0], q[0, 0, 0]),
    "integer_mask": lambda L, q: _sdpa(L, q, q, q, attn_mask=L.ones(4, 4, dtype=L.int64)),
    "mask_shape": lambda L, q: _sdpa(L, q, q, q, attn_mask=L.ones(3, 4)),
    "float16_mask": lambda L, q: _sdpa(L, q, q, q, attn_mask=L.ones(4, 4, dtype=L.float16)),
    "dropout_above_one": lambda L, q: _sdpa(L, q, q, q, dropout_p=1.5),
    "heads_not_grouped": lambda L, q: _sdpa(L, q, q[:, :2], q[:, :2], enable_gqa=True),
}


@pytest.mark.parametrize("name", sorted(SDPA_ERRORS))
def test_sdpa_refuses_bad_input_like_torch(name):
    check_raises(SDPA_ERRORS[name], _Q)


# ---------------------------------------------------------------------- MultiheadAttention
def _pair(text):
    """(minigrad layer, torch layer), each built after manual_seed(0)."""
    layers = []
    for L in (minigrad, torch):
        L.manual_seed(0)
        layers.append(eval(text, {"nn": L.nn, "L": L}))
    return layers


LAYERS = ["nn.MultiheadAttention(8, 2)", "nn.MultiheadAttention(8, 2, batch_first=True)",
          "nn.MultiheadAttention(8, 4, kdim=3, vdim=5)", "nn.MultiheadAttention(8, 2, bias=False)",
          "nn.MultiheadAttention(8, 2, add_bias_kv=True, add_zero_attn=True)",
          "nn.MultiheadAttention(6, 3, dropout=0.2, kdim=2)"]


@pytest.mark.parametrize("text", LAYERS)
def test_multihead_attention_has_torchs_parameters_form_and_initial_weights(text):
    m, t = _pair(text)
    assert repr(m) == repr(t)
    assert list(m.state_dict()) == list(t.state_dict())
    for (name, pm), (_, pt) in zip(m.named_parameters(), t.named_parameters()):
        assert pm.shape == pt.shape, name
        # (PyTorch's vectorised float32 draws may round a last bit apart)
        np.testing.assert_allclose(pm.detach().numpy(), pt.detach().numpy(), rtol=1e-6, atol=1e-7, err_msg=name)
    for attr in ("embed_dim", "kdim", "vdim", "num_heads", "dropout", "batch_first", "head_dim", "add_zero_attn",
                 "_qkv_same_embed_dim"):
        assert getattr(m, attr) == getattr(t, attr), attr


def _mha_inputs(rng, layer, batched, self_attention, length=3, source=4, batch=2):
    def shape(n, e):
        if not batched:
            return (n, e)
        return (batch, n, e) if layer.batch_first else (n, batch, e)
    q = rng.standard_normal(shape(length, layer.embed_dim))
    if self_attention:
        return q, q, q
    return q, rng.standard_normal(shape(source, layer.kdim)), rng.standard_normal(shape(source, layer.vdim))


def _mha_run(L, layer, q, k, v, self_attention, g, **kwargs):
    qs = L.tensor(q, requires_grad=True)
    ks, vs = (qs, qs) if self_attention else (L.tensor(k, requires_grad=True), L.tensor(v, requires_grad=True))
    kwargs = {n: (L.tensor(a) if isinstance(a, np.ndarray) else a) for n, a in kwargs.items()}
    out, weights = layer(qs, ks, vs, **kwargs)
    (out * L.tensor(g)).sum().backward()
    grads = [x.grad.numpy() for x in ((qs,) if self_attention else (qs, ks, vs))]
    return out.detach().numpy(), None if weights is None else weights.detach().numpy(), grads, \
        [p.grad.numpy() for p in layer.parameters()]


@given(data=st.data(), text=st.sampled_from(LAYERS[:5]), batched=st.booleans(), need_weights=st.booleans(),
       average=st.booleans(), padding=st.booleans(), mask=st.sampled_from([None, "bool", "float"]))
@settings(max_examples=40)
def test_multihead_attention_matches_torch(data, text, batched, need_weights, average, padding, mask):
    m, t = _pair(text)
    t.double()
    m.double().load_state_dict({k: minigrad.tensor(v.detach().numpy()) for k, v in t.state_dict().items()})
    rng = np.random.default_rng(data.draw(S.seeds))
    self_attention = t._qkv_same_embed_dim and data.draw(st.booleans())
    q, k, v = _mha_inputs(rng, t, batched, self_attention)
    length, source = 3, 3 if self_attention else 4
    kwargs = {"need_weights": need_weights, "average_attn_weights": average}
    if padding:
        kpm = rng.random((2, source) if batched else (source,)) > 0.6
        kpm[..., 0] = False
        kwargs["key_padding_mask"] = kpm if mask != "float" else np.where(kpm, -np.inf, 0.0)
    if mask == "bool":
        kwargs["attn_mask"] = rng.random((length, source)) > 0.7
    elif mask == "float":
        kwargs["attn_mask"] = rng.standard_normal((length, source))
    g = rng.standard_normal(q.shape[:-1] + (t.embed_dim,))
    (om, wm, gm, pm) = _mha_run(minigrad, m, q, k, v, self_attention, g, **kwargs)
    (ot, wt, gt, pt) = _mha_run(torch, t, q, k, v, self_attention, g, **kwargs)
    np.testing.assert_allclose(om, ot, rtol=1e-7, atol=1e-12)
    assert (wm is None) == (wt is None)
    if wt is not None:
        np.testing.assert_allclose(wm, wt, rtol=1e-7, atol=1e-12)
    for a, b in zip(gm + pm, gt + pt):
        np.testing.assert_allclose(a, b, rtol=1e-7, atol=1e-12)


@pytest.mark.parametrize("need_weights", [True, False])
@pytest.mark.parametrize("text", LAYERS[:5])
def test_multihead_attention_of_an_empty_batch_matches_torch(text, need_weights):
    m, t = _pair(text)
    t.double()
    m.double().load_state_dict({k: minigrad.tensor(v.detach().numpy()) for k, v in t.state_dict().items()})
    q, k, v = _mha_inputs(np.random.default_rng(0), t, True, False, batch=0)
    g = np.zeros(q.shape[:-1] + (t.embed_dim,))
    (om, wm, gm, pm) = _mha_run(minigrad, m, q, k, v, False, g, need_weights=need_weights)
    (ot, wt, gt, pt) = _mha_run(torch, t, q, k, v, False, g, need_weights=need_weights)
    assert om.shape == ot.shape and (wm is None) == (wt is None)
    if wt is not None:
        assert wm.shape == wt.shape
    for a, b in zip(gm + pm, gt + pt):
        np.testing.assert_array_equal(a, b)


def test_multihead_attention_is_causal_with_its_mask_matches_torch():
    m, t = _pair("nn.MultiheadAttention(8, 2)")
    t.double()
    m.double().load_state_dict({k: minigrad.tensor(v.detach().numpy()) for k, v in t.state_dict().items()})
    rng = np.random.default_rng(3)
    q = rng.standard_normal((4, 2, 8))
    causal = np.triu(np.ones((4, 4), bool), 1)
    g = rng.standard_normal(q.shape)
    for need_weights in (False, True):
        res_m = _mha_run(minigrad, m, q, q, q, True, g, attn_mask=causal, is_causal=True, need_weights=need_weights)
        res_t = _mha_run(torch, t, q, q, q, True, g, attn_mask=causal, is_causal=True, need_weights=need_weights)
        np.testing.assert_allclose(res_m[0], res_t[0], rtol=1e-7, atol=1e-12)
        np.testing.assert_allclose(res_m[2][0], res_t[2][0], rtol=1e-7, atol=1e-12)
    m.zero_grad()
    t.zero_grad()


def test_multihead_attention_dropout_in_training_draws_torchs_masks():
    outs = []
    for L in (minigrad, torch):
        L.manual_seed(0)
        layer = L.nn.MultiheadAttention(8, 2, dropout=0.3)
        x = L.ones(3, 2, 8)
        out, weights = layer(x, x, x, average_attn_weights=False)
        outs.append((out.detach().numpy(), weights.detach().numpy()))
    np.testing.assert_allclose(outs[0][0], outs[1][0], rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(outs[0][1], outs[1][1], rtol=1e-5, atol=1e-6)


MHA_ERRORS = {
    "query_of_rank_4": lambda L, x: L.nn.MultiheadAttention(4, 2)(x[None], x[None], x[None]),
    "key_rank_differs": lambda L, x: L.nn.MultiheadAttention(4, 2)(x, x[0], x),
    "embed_dim_differs": lambda L, x: L.nn.MultiheadAttention(6, 2)(x, x, x),
    "padding_mask_rank": lambda L, x: L.nn.MultiheadAttention(4, 2)(x, x, x, key_padding_mask=L.zeros(3, 2, 3)),
    "mask_shape": lambda L, x: L.nn.MultiheadAttention(4, 2)(x, x, x, attn_mask=L.zeros(2, 3)),
    "mask_of_integers": lambda L, x: L.nn.MultiheadAttention(4, 2)(x, x, x, attn_mask=L.zeros(3, 3, dtype=L.int64)),
    "is_causal_without_mask": lambda L, x: L.nn.MultiheadAttention(4, 2)(x, x, x, is_causal=True),
    "heads_do_not_divide": lambda L, x: L.nn.MultiheadAttention(4, 3),
    "no_heads": lambda L, x: L.nn.MultiheadAttention(4, 0),
}


@pytest.mark.parametrize("name", sorted(MHA_ERRORS))
def test_multihead_attention_refuses_bad_input_like_torch(name):
    check_raises(MHA_ERRORS[name], np.ones((3, 2, 4), np.float32))


@pytest.mark.parametrize("shapes", [((2, 3, 4, 5),) * 3, ((2, 4, 4, 5), (2, 2, 6, 5), (2, 2, 6, 5)),
                                    ((2, 3, 4, 5), (2, 3, 6, 5), (2, 3, 6, 7)), ((3, 4, 5),) * 3])
def test_sdpa_causal_with_a_mask_applies_both_or_raises_as_torch_does(shapes):
    """PyTorch's fused CPU kernel (4-D inputs of one head size) applies both; its reference path raises."""
    rng = np.random.default_rng(0)
    q, k, v = (rng.standard_normal(s) for s in shapes)
    mask = rng.random((q.shape[-2], k.shape[-2])) > 0.3
    check(lambda L, q, k, v, m: _sdpa(L, q, k, v, attn_mask=m, is_causal=True, enable_gqa=True), q, k, v, mask)


_RNG = np.random.default_rng(5)
_MHA_ARGS = [_RNG.standard_normal(s) for s in ((3, 2, 4), (12, 4), (12,), (4, 4), (4,), (4, 5, 2), (4, 5, 2))]


@pytest.mark.parametrize("need_weights", [True, False])
@pytest.mark.parametrize("form", ["static_key_value", "zero_attention_bool_mask", "per_head_float_mask",
                                  "float32_mask_on_float64"])
def test_multi_head_attention_forward_matches_torch(form, need_weights):
    def call(L, q, w, b, wo, bo, sk, sv):
        extra = {"static_key_value": {"static_k": sk, "static_v": sv},
                 "zero_attention_bool_mask": {"attn_mask": L.zeros(3, 3, dtype=L.bool)},
                 "per_head_float_mask": {"attn_mask": L.zeros(4, 3, 3, dtype=L.float64) + 0.5},
                 "float32_mask_on_float64": {"attn_mask": L.zeros(3, 3)}}[form]
        return L.nn.functional.multi_head_attention_forward(q, q, q, 4, 2, w, b, None, None,
                                                            form == "zero_attention_bool_mask", 0.0, wo, bo,
                                                            need_weights=need_weights, **extra)
    check(call, *_MHA_ARGS)
