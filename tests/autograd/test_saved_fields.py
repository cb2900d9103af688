"""What a node shows of what it saved, ``grad_fn._saved_<name>``, against PyTorch's: the names
``dir(grad_fn)`` lists and their values, the non-Tensor fields (``_saved_dim``, ``_saved_keepdim``,
``_saved_self_sym_sizes``, ``_saved_reduction`` ...) included, for the common ops."""
import numpy as np
import pytest
import torch

import minigrad

LIBS = [minigrad, torch]


def _inputs(L):
    x = L.tensor(np.linspace(0.5, 1.6, 12).reshape(3, 4), requires_grad=True)
    y = L.tensor(np.linspace(1.7, 0.6, 12).reshape(3, 4), requires_grad=True)
    return x, y


#: name -> the output of an op whose node's saved values are compared, from (L, F, x, y)
OPS = {
    "sum": lambda L, F, x, y: x.sum(),
    "sum over a dim": lambda L, F, x, y: x.sum(1),
    "sum over dims kept": lambda L, F, x, y: x.sum((0, 1), keepdim=True),
    "mean": lambda L, F, x, y: x.mean(),
    "mean over a dim kept": lambda L, F, x, y: x.mean(1, keepdim=True),
    "max over a dim": lambda L, F, x, y: x.max(1)[0],
    "min over a dim kept": lambda L, F, x, y: x.min(0, keepdim=True).values,
    "max of all": lambda L, F, x, y: x.max(),
    "amax": lambda L, F, x, y: x.amax(1),
    "median over a dim": lambda L, F, x, y: x.median(1)[0],
    "kthvalue": lambda L, F, x, y: x.kthvalue(2, 1)[0],
    "sort": lambda L, F, x, y: x.sort(1)[0],
    "topk over dim 0": lambda L, F, x, y: x.topk(2, 0)[0],
    "logsumexp": lambda L, F, x, y: x.logsumexp(1),
    "softmax": lambda L, F, x, y: x.softmax(1),
    "log_softmax": lambda L, F, x, y: F.log_softmax(x, 1),
    "cumsum": lambda L, F, x, y: x.cumsum(1),
    "cumprod": lambda L, F, x, y: x.cumprod(0),
    "cumprod in a dtype given": lambda L, F, x, y: x.float().cumprod(1, dtype=L.float64),
    "prod": lambda L, F, x, y: x.prod(),
    "prod over the last dim kept": lambda L, F, x, y: x.prod(-1, keepdim=True),
    "prod over a dim in a dtype given": lambda L, F, x, y: x.float().prod(0, dtype=L.float64),
    "cat": lambda L, F, x, y: L.cat([x, y], 1),
    "stack": lambda L, F, x, y: L.stack([x, y]),
    "view": lambda L, F, x, y: x.view(12),
    "reshape": lambda L, F, x, y: x.reshape(2, 6),
    "expand": lambda L, F, x, y: x[:1].expand(3, 4),
    "permute": lambda L, F, x, y: x.unsqueeze(0).permute(2, 0, 1),
    "transpose": lambda L, F, x, y: x.transpose(0, 1),
    "t": lambda L, F, x, y: x.t(),
    "squeeze": lambda L, F, x, y: x.unsqueeze(0).squeeze(),
    "select": lambda L, F, x, y: x[:, 2],
    "select of a negative index": lambda L, F, x, y: x[-1],
    "slice": lambda L, F, x, y: x[1:],
    "slice after a slice": lambda L, F, x, y: x[1:, ::2],
    "slice of negative bounds": lambda L, F, x, y: x[:, -3:-1],
    "select after a slice": lambda L, F, x, y: x[1:, 2],
    "unsqueeze by None": lambda L, F, x, y: x[:, None],
    "narrow": lambda L, F, x, y: x.narrow(1, 0, 4),
    "index by a list": lambda L, F, x, y: x[[0, 2]],
    "index of a column": lambda L, F, x, y: x[:, [0, 2]],
    "index after a slice": lambda L, F, x, y: x[1:, [0, 2]],
    "index by two tensors": lambda L, F, x, y: x[L.tensor([0, 1]), L.tensor([1, 3])],
    "index by a mask": lambda L, F, x, y: x[x > 1],
    "mm": lambda L, F, x, y: x.mm(y.t()),
    "mm of one needing grad": lambda L, F, x, y: x.mm(y.detach().t()),
    "addmm": lambda L, F, x, y: L.addmm(y[0], x.t(), y, beta=0.5, alpha=2),
    "addmm of a constant mat2": lambda L, F, x, y: L.addmm(y[0], x.t(), y.detach()),
    "addmm of a constant mat1": lambda L, F, x, y: L.addmm(y[0].detach(), x.t().detach(), y, alpha=0),
    "addmv": lambda L, F, x, y: L.addmv(y[:, 0], x, y[0], beta=2, alpha=0.5),
    "addr": lambda L, F, x, y: L.addr(x, y[:, 0], y[0], alpha=3),
    "baddbmm": lambda L, F, x, y: L.baddbmm(y[0, :2], x.reshape(3, 2, 2), y.reshape(3, 2, 2), beta=0),
    "addbmm": lambda L, F, x, y: L.addbmm(y[0, :2], x.reshape(3, 2, 2), y.reshape(3, 2, 2), beta=0.5),
    "linear": lambda L, F, x, y: F.linear(x, y),
    "linear with a bias": lambda L, F, x, y: F.linear(x, y, y[:, 0]),
    "linear of a constant input": lambda L, F, x, y: F.linear(x.detach(), y),
    "conv1d": lambda L, F, x, y: F.conv1d(x.unsqueeze(0), y[:, :2].unsqueeze(1).expand(3, 3, 2).contiguous()),
    "conv2d strided and padded with a bias": lambda L, F, x, y: F.conv2d(
        x.reshape(1, 1, 3, 4), y.reshape(3, 1, 2, 2), y[0, :3], stride=2, padding=(1, 2), dilation=(1, 2)),
    "mse_loss": lambda L, F, x, y: F.mse_loss(x, y),
    "mse_loss summed": lambda L, F, x, y: F.mse_loss(x, y, reduction="sum"),
    "huber_loss": lambda L, F, x, y: F.huber_loss(x, y, reduction="none", delta=0.5),
    "smooth_l1_loss": lambda L, F, x, y: F.smooth_l1_loss(x, y, beta=2.0),
    "leaky_relu": lambda L, F, x, y: F.leaky_relu(x, 0.2),
    "hardtanh": lambda L, F, x, y: F.hardtanh(x, -0.5, 1.0),
    "relu6": lambda L, F, x, y: F.relu6(x),
    "gelu": lambda L, F, x, y: F.gelu(x),
    "gelu tanh": lambda L, F, x, y: F.gelu(x, approximate="tanh"),
    "clamp": lambda L, F, x, y: x.clamp(0.6, 1.0),
    "clamp of a lower bound": lambda L, F, x, y: x.clamp(min=0.7),
    "clamp of tensor bounds": lambda L, F, x, y: x.clamp(y, None),
    "clamp_min of a tensor": lambda L, F, x, y: x.clamp_min(y),
    "clamp_max": lambda L, F, x, y: x.clamp_max(0.9),
}


#: name -> an op whose node shows only some of PyTorch's saved values (the others it does not keep:
#: gather's input, cross_entropy's ignore_index and log-softmax, which PyTorch's nll_loss node saves)
PARTIAL = {
    "gather": lambda L, F, x, y: x.gather(1, L.tensor([[0], [1], [3]])),
    "cross_entropy": lambda L, F, x, y: F.cross_entropy(x, L.tensor([0, 1, 3]), reduction="sum"),
    "nll_loss": lambda L, F, x, y: F.nll_loss(x, L.tensor([0, 1, 3])),
}


def _shown(value, x, y):
    """A saved value, comparable across the two libraries: Tensors by identity, dtype and values."""
    if hasattr(value, "tolist") and not isinstance(value, (int, float, bool)):
        return ("tensor", value is x, value is y, str(value.dtype).rpartition(".")[2],
                np.asarray(value.detach().tolist()))
    if isinstance(value, tuple) and any(hasattr(v, "tolist") for v in value):
        return tuple(None if v is None else _shown(v, x, y) for v in value)
    return type(value).__name__, value


def _saved(L, ops, name):
    x, y = _inputs(L)
    node = ops[name](L, L.nn.functional, x, y).grad_fn
    names = sorted(n for n in dir(node) if n.startswith("_saved_"))
    return type(node).__name__, {n: _shown(getattr(node, n), x, y) for n in names}


def _assert_same(ours, theirs):
    """Saved values alike: Tensors' values at float64's tolerance, everything else equal."""
    if isinstance(theirs, np.ndarray):
        np.testing.assert_allclose(ours, theirs, rtol=1e-7, atol=0)
    elif isinstance(theirs, tuple):
        assert isinstance(ours, tuple) and len(ours) == len(theirs)
        for a, b in zip(ours, theirs):
            _assert_same(a, b)
    else:
        assert ours == theirs


@pytest.mark.parametrize("name", sorted(OPS))
def test_nodes_show_torchs_saved_names_and_values(name):
    (ours, our_values), (theirs, their_values) = _saved(minigrad, OPS, name), _saved(torch, OPS, name)
    assert ours == theirs and sorted(our_values) == sorted(their_values)
    for n in their_values:
        _assert_same(our_values[n], their_values[n])


@pytest.mark.parametrize("name", sorted(PARTIAL))
def test_what_a_node_shows_of_its_saved_values_is_torchs(name):
    (ours, our_values), (theirs, their_values) = _saved(minigrad, PARTIAL, name), _saved(torch, PARTIAL, name)
    assert ours == theirs and set(our_values) <= set(their_values)
    for n in our_values:
        _assert_same(our_values[n], their_values[n])


@pytest.mark.parametrize("L", LIBS, ids=["minigrad", "torch"])
def test_saved_sizes_and_dims_are_read_after_backward_too(L):
    x, _ = _inputs(L)
    y = x.sum(1)
    y.sum().backward()
    assert (y.grad_fn._saved_dim, y.grad_fn._saved_keepdim, y.grad_fn._saved_self_sym_sizes) == ((1,), False, (3, 4))
    assert "_saved_dim" in dir(y.grad_fn)


@pytest.mark.parametrize("L", LIBS, ids=["minigrad", "torch"])
def test_a_field_of_another_form_of_the_node_is_no_attribute(L):
    x, _ = _inputs(L)
    with pytest.raises(AttributeError):
        x.sum().grad_fn._saved_dim  # (SumBackward0, the sum of all elements, saves the sizes alone)
    with pytest.raises(AttributeError):
        L.var_mean(x, 1)[1].grad_fn._saved_self_sym_numel  # (a mean inside var_mean's node)


def test_cross_entropy_with_label_smoothing_shows_the_sum_of_its_terms_as_torch():
    seen = []
    for L in LIBS:
        x, _ = _inputs(L)
        node = L.nn.functional.cross_entropy(x, L.tensor([0, 1, 3]), label_smoothing=0.1).grad_fn
        seen.append((type(node).__name__, [n for n in dir(node) if n.startswith("_saved_")], node._saved_alpha))
    assert seen[0] == seen[1]


@pytest.mark.parametrize("L", LIBS, ids=["minigrad", "torch"])
def test_prod_in_a_dtype_given_saves_its_input_as_given_and_checks_it_for_in_place_changes(L):
    x, _ = _inputs(L)
    y = x.float() * 2
    out = y.prod(1, dtype=L.float64)
    assert out.grad_fn._saved_self is y
    y.mul_(2)
    with pytest.raises(RuntimeError, match="modified by an inplace operation"):
        out.sum().backward()
