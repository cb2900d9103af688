"""``type(t.grad_fn).__name__`` is PyTorch's node name, and ``Tensor._version`` an int, as in PyTorch."""
import pytest
import torch

import minigrad

_CASES = {
    "mul": lambda L, x: x * 2,
    "add": lambda L, x: x + x,
    "exp": lambda L, x: x.exp(),
    "sum_all": lambda L, x: x.sum(),
    "sum_dim": lambda L, x: x.sum(0),
    "clamp_numbers": lambda L, x: x.clamp(0, 1),
    "clamp_tensors": lambda L, x: x.clamp(L.zeros(3), L.ones(3)),
    "max_all": lambda L, x: x.max(),
    "mean_dim": lambda L, x: x.mean(0),
    "view": lambda L, x: x.view(3, 1),
    "matmul": lambda L, x: x @ x,
    "relu": lambda L, x: L.relu(x),
    "div_number": lambda L, x: x / 2,
}


@pytest.mark.parametrize("case", sorted(_CASES))
def test_grad_fn_type_name_is_pytorchs_node_name(case):
    names = []
    for L in (torch, minigrad):
        out = _CASES[case](L, L.ones(3, requires_grad=True))
        names.append((type(out.grad_fn).__name__, type(out.grad_fn).__qualname__, out.grad_fn.name()))
    assert names[0] == names[1]


def test_leaf_edges_are_accumulate_grad_nodes():
    for L in (torch, minigrad):
        x = L.ones(3, requires_grad=True)
        edge = (x * 2).grad_fn.next_functions[0][0]
        assert type(edge).__name__ == "AccumulateGrad" and edge.variable is x


def test_next_functions_carry_pytorchs_node_names():
    names = []
    for L in (torch, minigrad):
        x = L.ones(3, requires_grad=True)
        y = x.clamp(0, 1).exp().sum(0)
        node, chain = y.grad_fn, []
        while node is not None and type(node).__name__ != "AccumulateGrad":
            chain.append(type(node).__name__)
            node = node.next_functions[0][0]
        names.append(chain)
    assert names[0] == names[1] == ["SumBackward1", "ExpBackward0", "ClampBackward1"]


def test_renamed_node_still_runs_its_backward():
    x = minigrad.tensor([-1.0, 0.5, 2.0], requires_grad=True)
    y = x.clamp(0, 1)
    assert type(y.grad_fn).__name__ == "ClampBackward1"
    y.sum().backward()
    assert x.grad.tolist() == [0.0, 1.0, 0.0]


def test_custom_function_node_type_is_named_class_backward():
    def make(L):
        class Double(L.autograd.Function):
            @staticmethod
            def forward(ctx, a):
                return a * 2

            @staticmethod
            def backward(ctx, g):
                return g * 2
        return Double

    for L in (torch, minigrad):
        x = L.ones(2, requires_grad=True)
        fn = make(L)
        y = fn.apply(x)
        assert type(y.grad_fn).__name__ == "DoubleBackward" and y.grad_fn._forward_cls is fn
        y.sum().backward()
        assert x.grad.tolist() == [2.0, 2.0]


def test_op_classes_keep_the_name_they_were_written_with():
    from minigrad.ops.arithmetic import Mul
    assert Mul.op_name == "Mul" and Mul.__name__ == "MulBackward0"


def test_version_is_an_int_counting_in_place_changes_shared_with_views():
    counts = []
    for L in (torch, minigrad):
        x = L.zeros(4)
        view = x[:2]
        before = x._version
        x.add_(1)
        view.mul_(2)
        counts.append((type(before), before, x._version, view._version))
    assert counts[0] == counts[1] and counts[1][0] is int


_EDGES = {
    "number operand of arithmetic": lambda L, x, z: x * 2.0 + 1 - x / 2,
    "number arguments": lambda L, x, z: x.pow(2).clamp(0, 1).sum(0),
    "mean of a power": lambda L, x, z: ((x * z - z) ** 2).mean(),
    "tensor exponent": lambda L, x, z: x ** z,
    "integer index": lambda L, x, z: x.gather(0, L.tensor([0, 1])) * x[L.tensor([2, 0])],
    "where's condition": lambda L, x, z: L.where(z > 0, x, z),
    "nll_loss of log_softmax": lambda L, x, z: (L.nn.functional.nll_loss(L.log_softmax(x[None] * 2, 1), L.tensor([1]))
                                                + L.nn.functional.nll_loss(x[None], L.tensor([0]), weight=z)),
    "indexing, one node per step": lambda L, x, z: (x[None, None].sum() + x.reshape(3, 1)[0, :1].sum()
                                                    + x.reshape(1, 3)[..., 1:].sum() + x.reshape(1, 3, 1)[:, :, :].sum()),
    "masked_fill with a number": lambda L, x, z: x.masked_fill(z > 0, 1.0),
    "cross-entropy's log-softmax": lambda L, x, z: L.nn.functional.cross_entropy(L.nn.functional.linear(
        x[None], L.ones(2, 3, requires_grad=True), L.ones(2, requires_grad=True)), L.tensor([1])),
    "losses": lambda L, x, z: L.nn.functional.mse_loss(x, z) + L.nn.functional.binary_cross_entropy(x.sigmoid(), z),
    "l1 losses": lambda L, x, z: (L.nn.functional.l1_loss(x, z) + L.nn.functional.l1_loss(x, z, reduction="sum")
                                  + L.nn.functional.l1_loss(x, z, reduction="none")[0]),
    "activations": lambda L, x, z: L.softmax(L.nn.functional.leaky_relu(x, 0.1), 0),
    "convolution and layer norm without bias": lambda L, x, z: (L.nn.functional.conv1d(x.reshape(1, 1, 3), L.ones(1, 1, 2)).sum()
                                                                + L.nn.functional.layer_norm(x, (3,)).sum()),
    "batch norm, training and evaluating": lambda L, x, z: (L.nn.BatchNorm1d(1)(x.reshape(3, 1) * z.reshape(3, 1))
                                                           + L.nn.BatchNorm1d(1).eval()(x.reshape(3, 1))),
    "linear with and without bias": lambda L, x, z: L.nn.functional.linear(L.nn.functional.linear(
        x[None], L.ones(2, 3, requires_grad=True), L.ones(2, requires_grad=True)), L.ones(1, 2, requires_grad=True)),
}


def _graph(fn, depth=0):
    if fn is None:
        return ["  " * depth + "None"]
    lines = ["  " * depth + type(fn).__name__]
    for child, _ in fn.next_functions:
        lines += _graph(child, depth + 1)
    return lines


@pytest.mark.parametrize("case", sorted(_EDGES))
def test_next_functions_list_pytorchs_edges(case):
    """A number argument or an integer Tensor is no edge; an arithmetic number operand is one (None), as
    PyTorch wraps it; a linear layer's node lists the bias, the input and the weight's transpose."""
    graphs = []
    for L in (torch, minigrad):
        out = _EDGES[case](L, L.ones(3, requires_grad=True), L.full((3,), 0.5))
        graphs.append(_graph(out.grad_fn))
    assert graphs[1] == graphs[0]
