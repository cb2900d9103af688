"""Attention for ``minigrad.nn.functional``: ``scaled_dot_product_attention`` and
``multi_head_attention_forward``, composed of core ops in the order PyTorch's reference
implementation composes them (so every gradient, of every order, follows)."""
import math
import warnings

from .. import backends as _backends, ops as _E
from ..autograd import no_grad
from ..creation import ones, zeros, zeros_like
from ..dtypes import bool as bool_
from ._activations import softmax
from ._checks import _expect_bool, _expect_float, _expect_tensors
from ._layers import linear, dropout

__all__ = ["scaled_dot_product_attention", "multi_head_attention_forward"]

#: dtype names as PyTorch's C++ messages print them
_C_TYPE_NAMES = {"float64": "double", "float32": "float", "float16": "c10::Half", "int64": "long int"}


def _safe_softmax(x):
    """Softmax over the last dim, but 0 (with gradient 0) on rows that are all -inf (fully masked),
    where a plain softmax gives NaN: PyTorch's ``_safe_softmax``."""
    with no_grad():
        dead = (x == -math.inf).all(-1, keepdim=True)
    if not bool(dead.any()):
        return softmax(x, -1)
    return _E.where(dead, 0.0, softmax(_E.where(dead, 0.0, x), -1))


def _bool_mask_as_float(mask, dtype):
    """A bool mask (True: take part) as an additive one: 0 where True, -inf where False."""
    return _E.where(mask, zeros((), dtype=dtype, device=mask.device), -math.inf)


def _repeat_kv_heads(query, key, value):
    """Grouped-query attention: each of key's and value's heads (dim -3) serves several query heads."""
    hq, hk, hv = query.shape[-3], key.shape[-3], value.shape[-3]
    if hq % hk or hq % hv:
        raise RuntimeError("Number of heads in key and value must divide the number of heads in query")
    return key.repeat_interleave(hq // hk, -3), value.repeat_interleave(hq // hv, -3)


def _fused_cpu_kernel_applies(query, key, value, attn_mask, dropout_p, enable_gqa):
    """Whether PyTorch's CPU dispatch picks its fused (flash) kernel rather than the reference one:
    4-D inputs of one batch size and head size, heads equal (or grouped), no dropout, a 2-D or 4-D mask."""
    if not query.ndim == key.ndim == value.ndim == 4 or dropout_p > 0.0:
        return False
    if not query.shape[0] == key.shape[0] == value.shape[0] or not query.shape[-1] == key.shape[-1] == value.shape[-1]:
        return False
    heads_fit = query.shape[1] == key.shape[1] == value.shape[1] or (
        enable_gqa and key.shape[1] == value.shape[1] and query.shape[1] % key.shape[1] == 0)
    return heads_fit and (attn_mask is None or attn_mask.ndim in (2, 4))


def scaled_dot_product_attention(query, key, value, attn_mask=None, dropout_p=0.0, is_causal=False, scale=None,
                                 enable_gqa=False):
    """softmax(query @ key^T * scale + mask) @ value over the last two dims (``scale`` None:
    1/sqrt(E)). ``attn_mask``: bool (True takes part) or float (added); ``is_causal``: a lower-
    triangular mask; ``dropout_p``: dropout on the attention weights; ``enable_gqa``: key and value
    heads (dim -3) shared by groups of query heads. Fully masked rows give 0, not NaN."""
    _expect_tensors("scaled_dot_product_attention", ("query", 1, query), ("key", 2, key), ("value", 3, value),
                    ("attn_mask", 4, attn_mask))
    _expect_float("scaled_dot_product_attention", "dropout_p", None, dropout_p)
    _expect_bool("scaled_dot_product_attention", "is_causal", None, is_causal)
    if scale is not None:
        _expect_float("scaled_dot_product_attention", "scale", None, scale)
    _expect_bool("scaled_dot_product_attention", "enable_gqa", None, enable_gqa)
    kernels = _backends.cuda._sdp
    if not (kernels["math"] or kernels["flash"]):  # (nn.attention.sdpa_kernel chose none that runs on the CPU)
        raise RuntimeError("No viable backend for scaled_dot_product_attention was found. This is likely due to "
                           "turning off both the math kernel and the fused kernels.")
    if query.ndim < 2 or key.ndim < 2 or value.ndim < 2:
        raise RuntimeError(f"Expected query, key, and value to all be  at least 2 dimensional, but got query.dim: "
                           f"{query.ndim} key.dim: {key.ndim} and value.dim: {value.ndim} instead.")
    if not query.dtype == key.dtype == value.dtype:
        names = [_C_TYPE_NAMES.get(t.dtype.name, t.dtype.name) for t in (query, key, value)]
        raise RuntimeError(f"Expected query, key, and value to have the same dtype, but got query.dtype: {names[0]} "
                           f"key.dtype: {names[1]} and value.dtype: {names[2]} instead.")
    if not query.dtype.is_floating_point:
        raise RuntimeError(f"expected scalar type Float but found {query.dtype._torch_name[:-6]}")
    if attn_mask is not None and attn_mask.dtype.name not in ("bool", "float32", query.dtype.name):
        mask_name = _C_TYPE_NAMES.get(attn_mask.dtype.name, attn_mask.dtype.name)
        raise RuntimeError(f"Expected attn_mask dtype to be bool or float or to match query dtype, but got "
                           f"attn_mask.dtype: {mask_name} and  query.dtype: {_C_TYPE_NAMES[query.dtype.name]} instead.")
    if not 0.0 <= dropout_p <= 1.0:
        raise RuntimeError(f"dropout probability has to be between 0 and 1, but got {dropout_p}")
    if query.dtype.name == "float16":  # (PyTorch's CPU kernel computes half in float32, rounded once)
        wide = [t.float() for t in (query, key, value)]
        mask = attn_mask.float() if attn_mask is not None and attn_mask.dtype.is_floating_point else attn_mask
        return scaled_dot_product_attention(*wide, mask, dropout_p, is_causal, scale, enable_gqa).half()
    # PyTorch scales query and key by sqrt(scale) each (a negative scale flips query's sign)
    scale = 1.0 / math.sqrt(query.shape[-1]) if scale is None else scale
    factor = math.sqrt(abs(scale))
    query = query * (-factor if scale < 0 else factor)
    if is_causal:
        causal = ones((query.shape[-2], key.shape[-2]), dtype=bool_, device=query.device).tril()
        if attn_mask is None:
            attn_mask = causal
        elif _fused_cpu_kernel_applies(query, key, value, attn_mask, dropout_p, enable_gqa):
            # (PyTorch's fused CPU kernel, which it picks for these shapes, applies both masks)
            attn_mask = _bool_mask_as_float(causal, query.dtype) + (
                _bool_mask_as_float(attn_mask, query.dtype) if attn_mask.dtype.name == "bool" else attn_mask)
        else:
            raise RuntimeError("_scaled_dot_product_attention: Explicit attn_mask should not be set when "
                               "is_causal=True")
    if attn_mask is not None and attn_mask.dtype.name == "bool":
        attn_mask = _bool_mask_as_float(attn_mask, query.dtype)
    if enable_gqa and query.ndim >= 3 and (query.shape[-3] != key.shape[-3] or query.shape[-3] != value.shape[-3]):
        key, value = _repeat_kv_heads(query, key, value)
    attn = _E.matmul(query, key.transpose(-2, -1) * factor)
    if attn_mask is not None:
        attn = attn + attn_mask
        if attn.dtype != query.dtype:  # (PyTorch adds the mask in place: the result keeps query's dtype)
            attn = attn.to(query.dtype)
    attn = _safe_softmax(attn)
    if dropout_p > 0.0:
        attn = dropout(attn, dropout_p, True)
    return _E.matmul(attn, value)


# ---------------------------------------------------------------------- multi-head attention
def _mha_is_batched(query, key, value, key_padding_mask, attn_mask, num_heads):
    """PyTorch's rank checks of multi-head attention's inputs; True for batched (3-D) input."""
    if query.ndim not in (2, 3):
        raise AssertionError(f"query should be unbatched 2D or batched 3D tensor but received {query.ndim}-D query "
                             "tensor")
    batched = query.ndim == 3
    kind = "batched (3-D)" if batched else "unbatched (2-D)"
    if key.ndim != query.ndim or value.ndim != query.ndim:
        raise AssertionError(f"For {kind} `query`, expected `key` and `value` to be {query.ndim}-D but found "
                             f"{key.ndim}-D and {value.ndim}-D tensors respectively")
    if key_padding_mask is not None and key_padding_mask.ndim != query.ndim - 1:
        raise AssertionError(f"For {kind} `query`, expected `key_padding_mask` to be `None` or "
                             f"{query.ndim - 1}-D but found {key_padding_mask.ndim}-D tensor instead")
    if attn_mask is not None:
        if attn_mask.ndim not in (2, 3):
            raise AssertionError(f"For {kind} `query`, expected `attn_mask` to be `None`, 2-D or 3-D but found "
                                 f"{attn_mask.ndim}-D tensor instead")
        expected = (num_heads, query.shape[0], key.shape[0])
        if not batched and attn_mask.ndim == 3 and tuple(attn_mask.shape) != expected:
            raise AssertionError(f"Expected `attn_mask` shape to be {expected} but got {attn_mask.shape}")
    return batched


def _canonical_mask(mask, name, dtype):
    """A bool mask (True: masked out) as an additive float one (-inf where True); a float mask as it is."""
    if mask is None:
        return None
    if mask.dtype.name != "bool" and not mask.dtype.is_floating_point:
        raise AssertionError(f"only bool and floating types of {name} are supported")
    if mask.dtype.name == "bool":
        return zeros_like(mask, dtype=dtype).masked_fill(mask, -math.inf)
    return mask


def _in_projection(query, key, value, in_proj_weight, in_proj_bias, separate):
    """query, key and value through their input projections (packed rows of ``in_proj_weight``, or
    the three ``separate`` weights)."""
    if separate is None:
        if in_proj_weight is None:
            raise AssertionError("use_separate_proj_weight is False but in_proj_weight is None")
        weights = in_proj_weight.chunk(3)
    else:
        for name, w in zip("qkv", separate):
            if w is None:
                raise AssertionError(f"use_separate_proj_weight is True but {name}_proj_weight is None")
        weights = separate
        e = query.shape[-1]
        for name, w, x in (("query", weights[0], query), ("key", weights[1], key), ("value", weights[2], value)):
            if tuple(w.shape) != (e, x.shape[-1]):
                raise AssertionError(f"expecting {name} weights shape of {(e, x.shape[-1])}, but got {w.shape}")
    biases = (None,) * 3 if in_proj_bias is None else in_proj_bias.chunk(3)
    return tuple(linear(x, w, b) for x, w, b in zip((query, key, value), weights, biases))


def multi_head_attention_forward(query, key, value, embed_dim_to_check, num_heads, in_proj_weight, in_proj_bias,
                                 bias_k, bias_v, add_zero_attn, dropout_p, out_proj_weight, out_proj_bias,
                                 training=True, key_padding_mask=None, need_weights=True, attn_mask=None,
                                 use_separate_proj_weight=False, q_proj_weight=None, k_proj_weight=None,
                                 v_proj_weight=None, static_k=None, static_v=None, average_attn_weights=True,
                                 is_causal=False):
    """Multi-head attention on (L, N, E) query and (S, N, E) key and value (or unbatched (L, E),
    (S, E)): project, split into ``num_heads`` heads, attend, join and project out. Returns the
    output and, with ``need_weights``, the attention weights (averaged over heads with
    ``average_attn_weights``), else None. Masks: bool (True: masked out) or float (added)."""
    batched = _mha_is_batched(query, key, value, key_padding_mask, attn_mask, num_heads)
    if not batched:
        query, key, value = query.unsqueeze(1), key.unsqueeze(1), value.unsqueeze(1)
        if key_padding_mask is not None:
            key_padding_mask = key_padding_mask.unsqueeze(0)
    tgt_len, bsz, embed_dim = query.shape
    if key_padding_mask is not None and attn_mask is not None and key_padding_mask.dtype != attn_mask.dtype:
        warnings.warn("Support for mismatched key_padding_mask and attn_mask is deprecated. Use same type for both "
                      "instead.", stacklevel=2)
    key_padding_mask = _canonical_mask(key_padding_mask, "key_padding_mask", query.dtype)
    if is_causal and attn_mask is None:
        raise RuntimeError("Need attn_mask if specifying the is_causal hint. You may use the Transformer module "
                           "method `generate_square_subsequent_mask` to create this mask.")
    if is_causal and key_padding_mask is None and not need_weights:
        attn_mask = None  # (the mask is the causal one: attention builds it)
    else:
        attn_mask = _canonical_mask(attn_mask, "attn_mask", query.dtype)
        if key_padding_mask is not None:
            is_causal = False
    if embed_dim != embed_dim_to_check:
        raise AssertionError(f"was expecting embedding dimension of {embed_dim_to_check}, but got {embed_dim}")
    head_dim = embed_dim // num_heads
    if head_dim * num_heads != embed_dim:
        raise AssertionError(f"embed_dim {embed_dim} not divisible by num_heads {num_heads}")
    if use_separate_proj_weight:
        if tuple(key.shape[:2]) != tuple(value.shape[:2]):
            raise AssertionError(f"key's sequence and batch dims {key.shape[:2]} do not match value's "
                                 f"{value.shape[:2]}")
        separate = (q_proj_weight, k_proj_weight, v_proj_weight)
    else:
        if tuple(key.shape) != tuple(value.shape):
            raise AssertionError(f"key shape {key.shape} does not match value shape {value.shape}")
        separate = None
    q, k, v = _in_projection(query, key, value, in_proj_weight, in_proj_bias, separate)
    src_len = key.shape[0]
    if attn_mask is not None:
        if attn_mask.ndim == 2:
            if tuple(attn_mask.shape) != (tgt_len, src_len):
                raise RuntimeError(f"The shape of the 2D attn_mask is {attn_mask.shape}, but should be "
                                   f"{(tgt_len, src_len)}.")
            attn_mask = attn_mask.unsqueeze(0)
        elif attn_mask.ndim == 3:
            if tuple(attn_mask.shape) != (bsz * num_heads, tgt_len, src_len):
                raise RuntimeError(f"The shape of the 3D attn_mask is {attn_mask.shape}, but should be "
                                   f"{(bsz * num_heads, tgt_len, src_len)}.")
        else:
            raise RuntimeError(f"attn_mask's dimension {attn_mask.ndim} is not supported")
    if bias_k is not None and bias_v is not None:
        if static_k is not None:
            raise AssertionError("bias cannot be added to static key.")
        if static_v is not None:
            raise AssertionError("bias cannot be added to static value.")
        k = _E.cat([k, bias_k.repeat(1, bsz, 1)])
        v = _E.cat([v, bias_v.repeat(1, bsz, 1)])
        attn_mask = _pad_last(attn_mask)
        key_padding_mask = _pad_last(key_padding_mask)
    elif bias_k is not None or bias_v is not None:
        raise AssertionError("bias_k is set but bias_v is None" if bias_k is not None
                             else "bias_v is set but bias_k is None")
    q = q.reshape(tgt_len, bsz * num_heads, head_dim).transpose(0, 1)
    k = _heads(k, static_k, "static_k", bsz * num_heads, head_dim)
    v = _heads(v, static_v, "static_v", bsz * num_heads, head_dim)
    if add_zero_attn:
        k = _E.cat([k, zeros((bsz * num_heads, 1, head_dim), dtype=k.dtype, device=k.device)], 1)
        v = _E.cat([v, zeros((bsz * num_heads, 1, head_dim), dtype=v.dtype, device=v.device)], 1)
        attn_mask = _pad_last(attn_mask)
        key_padding_mask = _pad_last(key_padding_mask)
    src_len = k.shape[1]
    if key_padding_mask is not None:
        if key_padding_mask.shape[0] != bsz:
            raise AssertionError(f"Expected key_padded_mask.shape[0] to be {bsz}, but got "
                                 f"{key_padding_mask.shape[0]}")
        if key_padding_mask.shape[1] != src_len:
            raise AssertionError(f"Expected key_padded_mask.shape[1] to be {src_len}, but got "
                                 f"{key_padding_mask.shape[1]}")
        key_padding_mask = key_padding_mask.reshape(bsz, 1, 1, src_len).expand(-1, num_heads, -1, -1) \
            .reshape(bsz * num_heads, 1, src_len)
        attn_mask = key_padding_mask if attn_mask is None else attn_mask + key_padding_mask
    if not training:
        dropout_p = 0.0
    if need_weights:
        if is_causal and attn_mask is None:
            raise AssertionError("FIXME: is_causal not implemented for need_weights")
        scores = _E.bmm(q * math.sqrt(1.0 / float(q.shape[-1])), k.transpose(-2, -1))
        if attn_mask is not None:
            if attn_mask.dtype != scores.dtype:
                raise RuntimeError(f"Input dtypes must be the same, got: input {_C_TYPE_NAMES[attn_mask.dtype.name]}, "
                                   f"batch1: {_C_TYPE_NAMES[q.dtype.name]}, batch2: {_C_TYPE_NAMES[k.dtype.name]}")
            scores = attn_mask + scores  # (PyTorch's baddbmm(attn_mask, q, k^T))
        weights = softmax(scores, -1)
        if dropout_p > 0.0:
            weights = dropout(weights, dropout_p)
        out = _E.bmm(weights, v).transpose(0, 1).reshape(tgt_len * bsz, embed_dim)
        out = _unflatten_batch(linear(out, out_proj_weight, out_proj_bias), tgt_len, bsz)
        weights = weights.reshape(bsz, num_heads, tgt_len, src_len)
        if average_attn_weights:
            weights = weights.mean(1)
        if not batched:
            out, weights = out.squeeze(1), weights.squeeze(0)
        return out, weights
    if attn_mask is not None:
        if attn_mask.shape[0] == 1 and attn_mask.ndim == 3:
            attn_mask = attn_mask.unsqueeze(0)
        else:
            attn_mask = attn_mask.reshape(bsz, num_heads, -1, src_len)
    q = q.reshape(bsz, num_heads, tgt_len, head_dim)
    k = k.reshape(bsz, num_heads, src_len, head_dim)
    v = v.reshape(bsz, num_heads, src_len, head_dim)
    out = scaled_dot_product_attention(q, k, v, attn_mask, dropout_p, is_causal)
    out = out.permute(2, 0, 1, 3).reshape(bsz * tgt_len, embed_dim)
    out = _unflatten_batch(linear(out, out_proj_weight, out_proj_bias), tgt_len, bsz)
    return (out if batched else out.squeeze(1)), None


def _unflatten_batch(out, tgt_len, bsz):
    """The projected (tgt_len * bsz, E) rows as (tgt_len, bsz, E): E named, not inferred, so that
    an empty batch reshapes too."""
    return out.reshape(tgt_len, bsz, out.shape[-1])


def _pad_last(mask):
    """A mask with one more (zero: not masked) column at the end of its last dim, or None."""
    return None if mask is None else _E.cat([mask, zeros(tuple(mask.shape[:-1]) + (1,), dtype=mask.dtype,
                                                         device=mask.device)], -1)


def _heads(x, static, name, batch_heads, head_dim):
    """(S, N, E) projections as (N * heads, S, head_dim), or the given ``static`` keys/values."""
    if static is None:
        return x.reshape(x.shape[0], batch_heads, head_dim).transpose(0, 1)
    if static.shape[0] != batch_heads:
        raise AssertionError(f"expecting {name}.size(0) of {batch_heads}, but got {static.shape[0]}")
    if static.shape[2] != head_dim:
        raise AssertionError(f"expecting {name}.size(2) of {head_dim}, but got {static.shape[2]}")
    return static
