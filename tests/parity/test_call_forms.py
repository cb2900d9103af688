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
    # PyTorch's parameter names as keywords
    "reshape_shape_keyword": lambda L, t: t.reshape(shape=(3, 2)),
    "torch_reshape_shape_keyword": lambda L, t: L.reshape(t, shape=(3, 2)),
    "view_size_keyword": lambda L, t: t.view(size=(3, 2)),
    "permute_dims_keyword": lambda L, t: t.permute(dims=(1, 0)),
    "torch_permute_dims_keyword": lambda L, t: L.permute(t, dims=(1, 0)),
    "flip_dims_keyword": lambda L, t: t.flip(dims=(0,)), "flip_varargs": lambda L, t: t.flip(0, 1),
    "torch_flip_dims_keyword": lambda L, t: L.flip(t, dims=(1,)),
    "repeat_repeats_keyword": lambda L, t: t.repeat(repeats=(1, 2)),
    "expand_size_keyword": lambda L, t: t[0].expand(size=(2, 3), implicit=False),
    "broadcast_to_size_keyword": lambda L, t: t.broadcast_to(size=(2, 2, 3)),
    "max_other_keyword": lambda L, t: t.max(other=t * 0.5),
    "torch_min_other_keyword": lambda L, t: L.min(t, other=t * 0.5),
    "swapaxes_axis_keywords": lambda L, t: t.swapaxes(axis0=0, axis1=1),
    "torch_swapaxes_axis_keywords": lambda L, t: L.swapaxes(t, axis0=1, axis1=0),
    "split_method_split_size_keyword": lambda L, t: t.split(split_size=2, dim=1),
    "dot_tensor_keyword": lambda L, t: L.dot(t[0], tensor=t[1]),
    "gather_sparse_grad_keyword": lambda L, t: L.gather(t, 1, L.tensor([[0, 1], [2, 0]]), sparse_grad=False),
    "norm_dtype_at_position_6": lambda L, t: L.norm(t.float(), 2, None, False, None, L.float64),
    "copy_a_number": lambda L, t: t.clone().copy_(2.0) * t,
}

#: NumPy's keyword names for dim and keepdim, which every PyTorch function with those parameters takes
NUMPY_KEYWORD_FORMS = {
    "sum_axis": lambda L, t: L.sum(t, axis=1), "sum_method_axis_keepdims": lambda L, t: t.sum(axis=0, keepdims=True),
    "mean_axis_tuple": lambda L, t: t.mean(axis=(0, 1)), "argmax_axis": lambda L, t: t.argmax(axis=1),
    "max_axis": lambda L, t: L.max(t, axis=1)[0], "std_axis_keepdims": lambda L, t: t.std(axis=1, keepdims=True),
    "softmax_axis": lambda L, t: t.softmax(axis=0), "cat_axis": lambda L, t: L.cat([t, t], axis=1),
    "stack_axis": lambda L, t: L.stack([t, t], axis=-1), "squeeze_axis": lambda L, t: t[None].squeeze(axis=0),
    "logsumexp_axis_keepdims": lambda L, t: L.logsumexp(t, axis=1, keepdims=True),
}
FORMS.update(NUMPY_KEYWORD_FORMS)


@pytest.mark.parametrize("form", sorted(FORMS))
def test_call_form_matches_torch(form):
    check(FORMS[form], X, seed=5)


@pytest.mark.parametrize("call", [lambda t: t.sum(1, axis=1), lambda t: t.sum(dim=1, axis=1)], ids=["positional", "keyword"])
def test_dim_given_both_as_dim_and_as_axis_raises_type_error_as_torch(call):
    import minigrad
    import torch
    for L in (torch, minigrad):
        with pytest.raises(TypeError):
            call(L.ones(2, 3))


def test_copy_takes_its_source_as_other_or_as_src():
    import minigrad
    dst = minigrad.zeros(2)
    assert dst.copy_(other=minigrad.ones(2)).tolist() == [1.0, 1.0]
    assert dst.copy_(src=minigrad.full((2,), 3.0)).tolist() == [3.0, 3.0]


def test_random_fills_take_from_and_to_by_name_as_torch():
    import minigrad
    x = minigrad.zeros(1000)
    u = x.uniform_(**{"from": 2.0, "to": 3.0})
    assert 2.0 <= u.min().item() and u.max().item() < 3.0
    r = x.random_(**{"from": 5, "to": 7})
    assert set(r.tolist()) <= {5.0, 6.0}
    assert set(x.random_(to=2).tolist()) <= {0.0, 1.0}


@pytest.mark.parametrize("call", [lambda t: t.random_(0), lambda t: t.random_(**{"from": 5}),
                                  lambda t: t.uniform_(0, 1, 2), lambda t: t.uniform_(low=0)],
                         ids=["random_ empty range", "random_ from alone", "uniform_ three bounds", "uniform_ numpy name"])
def test_random_fills_refuse_what_torch_refuses(call):
    import minigrad
    import torch
    with pytest.raises(Exception) as theirs:
        call(torch.zeros(3))
    with pytest.raises(theirs.type):
        call(minigrad.zeros(3))


def test_autograd_backward_takes_the_deprecated_grad_variables_with_torchs_warning():
    import minigrad
    x = minigrad.tensor([1.0, 2.0], requires_grad=True)
    with pytest.warns(FutureWarning, match="grad_variables"):
        minigrad.autograd.backward(x * 3, grad_variables=minigrad.tensor([1.0, 10.0]))
    assert x.grad.tolist() == [3.0, 30.0]
