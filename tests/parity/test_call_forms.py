"""Argument forms PyTorch programs use (positional flags, lists for tuples,
dtype= keywords, tensor bounds), each against torch."""
import numpy as np
import pytest

from .helpers import check

X = np.array([[1.0, -2.0, 3.0], [0.5, 0.0, -1.0]])

FORMS = {
    "sum_dtype": lambda L, t: t.sum(dtype=L.float32), "mean_dtype": lambda L, t: t.mean(dtype=L.float32),
    "softmax_dtype": lambda L, t: t.softmax(1, dtype=L.float32),
    "std_positional_flags": lambda L, t: t.std(1, False, True), "var_dim_list": lambda L, t: t.var([0, 1]),
    "max_keepdim_positional": lambda L, t: t.max(1, True)[0],
    "clamp_tensor_min_only": lambda L, t: t.clamp(min=L.tensor([0.0, 0.5, 1.0], dtype=L.float64)),
    "clip_max_only": lambda L, t: t.clip(max=0.5), "where_two_scalars": lambda L, t: L.where(t > 0, 1.0, 0.0),
    "pow_function_scalar_base": lambda L, t: L.pow(2.0, t), "pow_method": lambda L, t: t.pow(2),
    "matmul_method_dot": lambda L, t: t[0].matmul(t[1]), "argmax_keepdim": lambda L, t: t.argmax(dim=1, keepdim=True),
    "logsumexp_tuple": lambda L, t: t.logsumexp((0, 1)),
    "squeeze_tuple": lambda L, t: t.unsqueeze(0).unsqueeze(2).squeeze((0, 2)),
    "expand_new_dims_minus_one": lambda L, t: t.expand(4, -1, -1), "reshape_list": lambda L, t: t.reshape([3, 2]),
    "view_list": lambda L, t: t.view([-1]), "split_sizes_tuple": lambda L, t: t.split((1, 2), 1),
    "chunk_more_than_size": lambda L, t: t.chunk(5, 1), "stack_negative_dim": lambda L, t: L.stack([t, t], -1),
    "cat_tuple": lambda L, t: L.cat((t, t), dim=-1), "transpose_negative": lambda L, t: t.transpose(-1, -2),
    "permute_list": lambda L, t: t.permute([1, 0]),
    "isclose_zero_dim": lambda L, t: L.isclose(t, L.tensor(1.0, dtype=L.float64)),
    "all_of_floats": lambda L, t: L.all(t), "any_dim_keepdim": lambda L, t: t.any(1, keepdim=True),
    "flatten_zero_dim": lambda L, t: t[0, 0].flatten(), "repeat_zero_dim": lambda L, t: t[0, 0].repeat(2, 3),
    "unique_dim": lambda L, t: L.unique(t.detach()[[0, 0, 1]], dim=0),
}


@pytest.mark.parametrize("form", sorted(FORMS))
def test_call_form_matches_torch(form):
    check(FORMS[form], X, seed=5)
