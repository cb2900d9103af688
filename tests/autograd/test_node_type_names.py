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
    "number_over_tensor": lambda L, x: 3 / x,
    "reciprocal": lambda L, x: x.reciprocal(),
    "rsqrt": lambda L, x: L.rsqrt(x),
    "square": lambda L, x: L.square(x),
    "square_method": lambda L, x: x.square(),
    "power_of_a_tensor_exponent": lambda L, x: x ** L.tensor(2.0),
    "clamp_min_number": lambda L, x: L.clamp_min(x, 0.5), "clamp_min_tensor": lambda L, x: L.clamp_min(x, L.tensor(0.5)),
    "clamp_max_number": lambda L, x: x.clamp_max(0.5), "clamp_max_tensor": lambda L, x: L.clamp_max(x, L.tensor(0.5)),
    "triplet_margin_loss": lambda L, x: L.nn.functional.triplet_margin_loss(x.view(1, 3), x.view(1, 3) + 1, x.view(1, 3) * 2),
    "norm_p1": lambda L, x: x.norm(p=1), "vector_norm_inf": lambda L, x: L.linalg.vector_norm(x, float("inf")),
    "bmm": lambda L, x: L.bmm(x.view(1, 3, 1), x.view(1, 1, 3)),
    "linear_1d_bias": lambda L, x: L.nn.functional.linear(x, L.ones(2, 3), L.ones(2)),
    "linear_1d": lambda L, x: L.nn.functional.linear(x, L.ones(2, 3)),
    "linear_3d_bias": lambda L, x: L.nn.functional.linear(x.view(1, 1, 3), L.ones(2, 3), L.ones(2)),
    "linear_3d": lambda L, x: L.nn.functional.linear(x.view(1, 1, 3), L.ones(2, 3)),
    "rot90": lambda L, x: x.view(1, 3).rot90(1), "rot90_twice": lambda L, x: x.view(3, 1).rot90(2),
    "masked_select": lambda L, x: x.masked_select(x > 0), "nansum": lambda L, x: x.nansum(),
    "channel_shuffle": lambda L, x: L.nn.functional.channel_shuffle(x.view(1, 3, 1).repeat(1, 2, 1), 2),
    "squeeze_all": lambda L, x: x.view(1, 3, 1).squeeze(), "squeeze_dim": lambda L, x: x.view(1, 3).squeeze(0),
    "squeeze_dim_tuple": lambda L, x: L.squeeze(x.view(1, 3, 1), (0, 2)),
    "squeeze_dim_list": lambda L, x: x.view(1, 3, 1).squeeze([2]),
    "reshape_contiguous": lambda L, x: x.reshape(1, 3),
    "reshape_viewable_non_contiguous": lambda L, x: x.expand(2, 3).t().reshape(1, 3, 2),
    "reshape_copied": lambda L, x: x.expand(2, 3).t().reshape(6),
    "adaptive_avg_pool_to_one": lambda L, x: L.nn.functional.adaptive_avg_pool2d(x.view(1, 3, 1), 1),
    "adaptive_avg_pool_to_one_volume": lambda L, x: L.nn.functional.adaptive_avg_pool3d(x.view(1, 1, 3, 1), 1),
    "adaptive_avg_pool_unbatched": lambda L, x: L.nn.functional.adaptive_avg_pool2d(x.view(1, 3, 1), (1, 2)),
    "adaptive_max_pool_unbatched": lambda L, x: L.nn.functional.adaptive_max_pool2d(x.view(1, 3, 1), (2, 1)),
    "avg_pool_unbatched": lambda L, x: L.nn.functional.avg_pool2d(x.view(1, 3, 1), (2, 1)),
    "max_pool_unbatched": lambda L, x: L.nn.functional.max_pool2d(x.view(1, 3, 1), (2, 1)),
    "unfold_unbatched": lambda L, x: L.nn.functional.unfold(x.view(1, 3, 1), (2, 1)),
    "fold_unbatched": lambda L, x: L.nn.functional.fold(x.view(1, 3), (1, 3), (1, 1)),
    "group_norm": lambda L, x: L.nn.functional.group_norm(x.view(1, 3, 1), 1),
    "instance_norm": lambda L, x: L.nn.functional.instance_norm(x.view(1, 1, 3)),
    "prod_all": lambda L, x: x.prod(), "prod_dim": lambda L, x: x.prod(0),
    "addcmul_in_place": lambda L, x: (x * 1).addcmul_(L.ones(3), L.ones(3)),
    "addcdiv_in_place": lambda L, x: (x * 1).addcdiv_(L.ones(3), L.ones(3)),
    "lerp_in_place": lambda L, x: (x * 1).lerp_(L.ones(3), 0.3),
    "lerp_in_place_tensor_weight": lambda L, x: (x * 1).lerp_(L.ones(3), L.tensor(0.3)),
    "vector_times_matrix": lambda L, x: x @ L.ones(3, 2),
    "conjugate_transpose_of_a_matrix": lambda L, x: x.view(1, 3).H,
    "cross_entropy_of_a_sequence": lambda L, x: L.nn.functional.cross_entropy(x.view(1, 3, 1), L.zeros(1, 1, dtype=L.long)),
    "cross_entropy_of_an_image": lambda L, x: L.nn.functional.cross_entropy(x.view(1, 3, 1, 1),
                                                                            L.zeros(1, 1, 1, dtype=L.long)),
    "unreduced_nll_loss_of_a_sequence": lambda L, x: L.nn.functional.nll_loss(
        x.view(1, 3, 1), L.zeros(1, 1, dtype=L.long), reduction="none"),
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


def test_a_number_over_a_tensor_is_a_product_with_its_reciprocal_as_in_pytorch():
    chains = []
    for L in (torch, minigrad):
        node = (1 / L.ones(3, requires_grad=True)).grad_fn
        chains.append([type(node).__name__, type(node.next_functions[0][0]).__name__, node.next_functions[1][0]])
    assert chains[0] == chains[1] == ["MulBackward0", "ReciprocalBackward0", None]


def test_group_norm_is_one_node_over_input_weight_and_bias_as_in_pytorch():
    chains = []
    for L in (torch, minigrad):
        x, w, b = L.ones(2, 4, 3, requires_grad=True), L.ones(4, requires_grad=True), L.zeros(4, requires_grad=True)
        node = L.nn.functional.group_norm(x, 2, w, b).grad_fn
        chains.append([type(node).__name__] + [type(node.next_functions[i][0]).__name__ for i in range(3)]
                      + [node.next_functions[i][0].variable is t for i, t in enumerate((x, w, b))])
    assert chains[0] == chains[1]


def test_pooling_an_unbatched_image_is_one_node_over_it_as_in_pytorch():
    edges = []
    for L in (torch, minigrad):
        x = L.ones(2, 4, 4, requires_grad=True)
        node = L.nn.functional.max_pool2d(x, 2).grad_fn
        edges.append([type(node).__name__] + [type(n).__name__ for n, _ in node.next_functions])
    assert edges[0] == edges[1] == ["MaxPool2DWithIndicesBackward0", "AccumulateGrad"]


def _nested_graph(node):
    """``node``'s name and those below it, nested as its ``next_functions``."""
    return None if node is None else (type(node).__name__, [_nested_graph(n) for n, _ in node.next_functions])


@pytest.mark.parametrize("shapes", [((2, 3), (2, 4)), ((3,), (4,)), ((2, 1, 3), (2, 1, 4))], ids=["2-d", "1-d", "3-d"])
@pytest.mark.parametrize("bias", [False, True], ids=["no bias", "bias"])
def test_bilinear_is_pytorchs_trilinear_node_between_views_of_its_inputs(shapes, bias):
    graphs = []
    for L in (torch, minigrad):
        x1, x2 = (L.ones(s, requires_grad=True) for s in shapes)
        w, b = L.ones(5, 3, 4, requires_grad=True), L.ones(5, requires_grad=True)
        graphs.append(_nested_graph(L.nn.functional.bilinear(x1, x2, w, b if bias else None).grad_fn))
    assert graphs[0] == graphs[1]


_EDGE_CASES = {
    "number_plus": lambda L, x, c: x + 2, "number_minus_tensor": lambda L, x, c: 2 - x, "power_number": lambda L, x, c: x ** 2,
    "power_tensor": lambda L, x, c: x ** c, "number_power": lambda L, x, c: 2 ** x,
    "where_number": lambda L, x, c: L.where(x > 0.5, x, 0.0), "where_tensor": lambda L, x, c: L.where(x > 0.5, x, c),
    "clamp": lambda L, x, c: x.clamp(0, 1), "clamp_tensors": lambda L, x, c: x.clamp(c * 0, c + 1),
    "sum_dim": lambda L, x, c: x.sum(0), "mean_keepdim": lambda L, x, c: x.mean(1, keepdim=True),
    "max_dim": lambda L, x, c: x.max(1).values, "norm_dim": lambda L, x, c: x.norm(dim=1),
    "cat": lambda L, x, c: L.cat([x, c], 0), "stack": lambda L, x, c: L.stack([x, x]), "view": lambda L, x, c: x.view(3, 2),
    "permute": lambda L, x, c: x.permute(1, 0), "expand": lambda L, x, c: x[None].expand(2, 2, 3), "select": lambda L, x, c: x[0],
    "mask_index": lambda L, x, c: x[x > 0.5], "masked_fill": lambda L, x, c: x.masked_fill(x > 0.5, 0.0),
    "masked_fill_tensor": lambda L, x, c: x.masked_fill(x > 0.5, c.sum()),
    "softmax": lambda L, x, c: x.softmax(1), "gather": lambda L, x, c: x.gather(1, L.tensor([[0], [1]])),
    "layer_norm": lambda L, x, c: L.nn.functional.layer_norm(x, (3,)), "mse": lambda L, x, c: L.nn.functional.mse_loss(x, c),
    "conv": lambda L, x, c: L.nn.functional.conv2d(x.view(1, 1, 2, 3), c.view(1, 1, 2, 3), padding=1),
    "pad": lambda L, x, c: L.nn.functional.pad(x, (1, 1)), "lerp": lambda L, x, c: L.lerp(x, c, 0.3),
    "clamp_min_tensor": lambda L, x, c: L.clamp_min(x, c), "clamp_max_tensor": lambda L, x, c: L.clamp_max(x, c),
    "hardtanh": lambda L, x, c: L.nn.functional.hardtanh(x), "elu": lambda L, x, c: L.nn.functional.elu(x),
    "softplus": lambda L, x, c: L.nn.functional.softplus(x), "logsumexp": lambda L, x, c: x.logsumexp(1),
    "prod": lambda L, x, c: x.prod(), "tril": lambda L, x, c: x.tril(), "reflect_pad": lambda L, x, c: L.nn.functional.pad(x[None], (1, 1), mode="reflect"),
    "floor_divide": lambda L, x, c: L.div(x, 2, rounding_mode="floor"), "bce": lambda L, x, c: L.nn.functional.binary_cross_entropy(x, c),
}


@pytest.mark.parametrize("case", sorted(_EDGE_CASES))
def test_next_functions_hold_the_edges_of_pytorchs_node(case):
    edges = []
    for L in (torch, minigrad):
        x = L.tensor([[0.1, 0.7, 0.4], [0.9, 0.2, 0.6]], requires_grad=True)
        c = L.tensor([[0.5, 0.5, 0.5], [0.3, 0.8, 0.1]])
        node = _EDGE_CASES[case](L, x, c).grad_fn
        edges.append((type(node).__name__, [None if n is None else type(n).__name__ for n, _ in node.next_functions]))
    assert edges[0] == edges[1]


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
    "nll_loss and cross_entropy of more dims: the 2-D kernel's node, over views for 3 or 5+ dims": lambda L, x, z: (
        L.nn.functional.nll_loss(x.reshape(1, 3, 1), L.tensor([[1]]))
        + L.nn.functional.nll_loss(x.reshape(1, 3, 1), L.tensor([[2]]), reduction="none").sum()
        + L.nn.functional.nll_loss(x.reshape(1, 3, 1, 1), L.tensor([[[0]]]), reduction="none").sum()
        + L.nn.functional.cross_entropy(x.reshape(1, 3, 1, 1, 1), L.tensor([[[[1]]]]))
        + L.nn.functional.cross_entropy((x * z).reshape(1, 3, 1), L.tensor([[0]]), reduction="sum")),
    "indexing, one node per step": lambda L, x, z: (x[None, None].sum() + x.reshape(3, 1)[0, :1].sum()
                                                    + x.reshape(1, 3)[..., 1:].sum() + x.reshape(1, 3, 1)[:, :, :].sum()),
    "frac": lambda L, x, z: (x * 2.5).frac(),
    "Tensor.unfold": lambda L, x, z: x.unfold(0, 2, 1),
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
    "std_mean and var_mean, one node name for both outputs": lambda L, x, z: (
        sum(L.std_mean(x.reshape(3, 1), 0)) + sum(L.var_mean(x * z))),
    "batched products: an mm, mv or bmm of views": lambda L, x, z: (
        (x.reshape(1, 3, 1) @ x.reshape(1, 1, 3)).sum() + (x.reshape(3, 1, 1) @ L.ones(1, 2)).sum()
        + (x.reshape(1, 1, 3) @ z).sum() + (x[:2].reshape(2, 1, 1) @ L.ones(2, 1, 3)).sum()),
    "outer": lambda L, x, z: L.outer(x, z),
    "add* products: one node over their three inputs": lambda L, x, z: (
        L.addmm(x, x.reshape(3, 1), z.reshape(1, 3), beta=2, alpha=0.5).sum()
        + L.addmm(z[0], x.reshape(3, 1), z.reshape(1, 3), beta=0, alpha=0).sum()
        + L.addmv(x, x.reshape(3, 1), z[:1], beta=0.5).sum() + L.addr(x * z, x, z, alpha=2).sum()
        + L.baddbmm(x, x.reshape(3, 1, 1), z.reshape(3, 1, 1).expand(3, 1, 3), alpha=3).sum()
        + L.addbmm(z.reshape(1, 3), x.reshape(3, 1, 1), x.reshape(3, 1, 1).expand(3, 1, 3), beta=0.5).sum()),
    "fourier transforms: one edge each, a real image made complex for fft2": lambda L, x, z: (
        L.fft.fft(x).abs().sum() + L.fft.fft2(x.reshape(1, 3)).abs().sum() + L.fft.fftn(x * z).abs().sum()
        + L.fft.rfft(x).abs().sum() + L.fft.irfft(L.fft.rfft(x)).sum() + L.fft.ifft2(x.reshape(3, 1)).abs().sum()
        + L.fft.ifft(L.fft.fft(x)).abs().sum()),
    "reshape and flatten that copy: a contiguous clone read in the new shape": lambda L, x, z: (
        x.expand(2, 3).t().reshape(6).sum() + x.expand(2, 3).t().flatten().sum()
        + (x * z).reshape(1, 3).expand(2, 3).mT.reshape(3, 2).sum()),
    "unfold and fold: one edge each": lambda L, x, z: L.nn.functional.fold(
        L.nn.functional.unfold(x.reshape(1, 1, 1, 3), (1, 2)), (1, 3), (1, 2)),
    "sum, mean and cumsum in a dtype given: their own node casts, no ToCopyBackward0": lambda L, x, z: (
        x.sum(dtype=L.float64) + x.mean(0, dtype=L.float64) + x.cumsum(0, dtype=L.float64).sum()
        + x.double().sum(0, keepdim=True, dtype=L.float16).sum(dtype=L.float64)),
    "prod and cumprod in a dtype given: their own node casts, no ToCopyBackward0": lambda L, x, z: (
        x.prod(dtype=L.float64) + x.prod(0, dtype=L.float64) + x.cumprod(0, dtype=L.float64).sum()
        + x.double().prod(-1, keepdim=True, dtype=L.float16).sum(dtype=L.float64)),
    "quantile and nanquantile: the quantiles' dim moved in place at the top": lambda L, x, z: (
        L.quantile(x, 0.3) + L.nanquantile(x.reshape(1, 3), z[:2].float(), dim=1).sum()
        + L.quantile(x.reshape(3, 1), 0.5, dim=0, keepdim=True, interpolation="midpoint").sum()
        + L.quantile(x[0], z[:2], keepdim=True, interpolation="lower").sum()),
    "stft: a padded view framed, transformed, transposed in place (and squeezed for a signal)": lambda L, x, z: (
        L.stft(L.cat([x, x * z]), 4, window=L.ones(4), return_complex=True).abs().sum()
        + L.stft(L.cat([x, z]).reshape(1, 6), 4, 2, window=L.ones(4), return_complex=True).abs().sum()),
    "margin_ranking_loss adds its margin as a Scalar": lambda L, x, z: L.nn.functional.margin_ranking_loss(
        x, x * z, L.ones(3), margin=0.5),
    "real and imag: a select of the view as real pairs": lambda L, x, z: (
        L.complex(x, x * z).real + L.complex(x * z, x).imag + L.real(L.complex(x, z))),
    "label-smoothed cross_entropy: PyTorch's two terms, products with Scalars": lambda L, x, z: (
        L.nn.functional.cross_entropy(x.reshape(1, 3) * z, L.tensor([1]), label_smoothing=0.1)
        + L.nn.functional.cross_entropy(x.reshape(1, 3), L.tensor([2]), label_smoothing=0.2, reduction="sum")
        + L.nn.functional.cross_entropy(x.reshape(1, 3), L.tensor([0]), weight=z, label_smoothing=0.1)
        + L.nn.functional.cross_entropy(x.reshape(1, 3), L.tensor([1]), label_smoothing=0.3, reduction="none").sum()),
    "trapezoid's products with numbers": lambda L, x, z: (L.trapezoid(x) + L.trapezoid(x, z) + L.trapz(x, dx=0.5)
                                                          + L.cumulative_trapezoid(x).sum()
                                                          + L.cumulative_trapezoid(x, z).sum()),
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


@pytest.mark.parametrize("w_shape,x_shape", [((), (1,)), ((), (2, 3)), ((3,), (2, 3)), ((1, 3), (2, 3)),
                                             ((1, 4), (2, 3, 4)), ((2, 1), (2, 3))])
def test_gradient_summed_back_to_a_broadcast_input_is_named_as_pytorchs_sum_to(w_shape, x_shape):
    """Under create_graph, the gradient of a broadcast input is PyTorch's ``sum_to``: ``sum()`` to a
    0-dim shape (SumBackward0), ``sum(dims, keepdim=True)`` (SumBackward1), under a ``view`` when
    leading dims go (ViewBackward0)."""
    names = []
    for L in (torch, minigrad):
        w = L.ones(w_shape, requires_grad=True)
        (g,) = L.autograd.grad(((w * L.ones(x_shape)) ** 2).sum(), w, create_graph=True)
        names.append((g.grad_fn.name(), repr(g).split("grad_fn=")[1]))
    assert names[0] == names[1]


_MULTI_OUTPUT = {
    "unbind": lambda L, x, a: x.unbind(),
    "split": lambda L, x, a: x.split(1),
    "chunk": lambda L, x, a: x.chunk(2, 1),
    "split_with_sizes": lambda L, x, a: x.split([1, 2]),
    "svd": lambda L, x, a: L.linalg.svd(a),
    "qr": lambda L, x, a: L.linalg.qr(a),
    "eigh": lambda L, x, a: L.linalg.eigh(a @ a.mT),
    "slogdet": lambda L, x, a: L.linalg.slogdet(a),
}


def _multi_output_graph(L, case):
    x = L.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 10.0]], dtype=L.float64, requires_grad=True)
    a = L.tensor([[4.0, 1.0, 0.5], [1.0, 3.0, 0.2], [0.5, 0.2, 2.0]], dtype=L.float64, requires_grad=True)
    outs = _MULTI_OUTPUT[case](L, x, a)
    y = sum(o.sum() for o in outs if o.requires_grad)
    return outs, y


@pytest.mark.parametrize("case", sorted(_MULTI_OUTPUT))
def test_the_outputs_of_a_multi_output_op_share_one_grad_fn_and_number_themselves(case):
    for L in (minigrad, torch):
        outs, _ = _multi_output_graph(L, case)
        differentiable = [o for o in outs if o.requires_grad]
        assert all(o.grad_fn is differentiable[0].grad_fn for o in differentiable)
        assert [o.output_nr for o in differentiable] == list(range(len(differentiable)))
    names = [type(o.grad_fn).__name__ for o in _multi_output_graph(minigrad, case)[0] if o.requires_grad]
    assert names == [type(o.grad_fn).__name__ for o in _multi_output_graph(torch, case)[0] if o.requires_grad]


@pytest.mark.parametrize("case", sorted(_MULTI_OUTPUT))
def test_next_functions_pair_a_multi_output_node_with_the_output_number(case):
    def edges(L):
        outs, _ = _multi_output_graph(L, case)
        y = outs[-1] * outs[0].sum()
        return [(type(n).__name__, nr) for n, nr in y.grad_fn.next_functions]
    assert edges(minigrad) == edges(torch)


@pytest.mark.parametrize("L", [minigrad, torch], ids=["minigrad", "torch"])
def test_gradient_edge_of_a_split_output_is_the_shared_node_and_its_number(L):
    a, b, c = L.ones(3, requires_grad=True).unbind()
    edge = L.autograd.graph.get_gradient_edge(c)
    assert edge.node is a.grad_fn and edge.output_nr == 2


@pytest.mark.parametrize("L", [minigrad, torch], ids=["minigrad", "torch"])
def test_the_outputs_of_a_multi_output_function_share_its_node(L):
    class Two(L.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            return x * 2, x * 3

        @staticmethod
        def backward(ctx, ga, gb):
            return ga * 2 + gb * 3

    a, b = Two.apply(L.ones(2, requires_grad=True))
    assert a.grad_fn is b.grad_fn and (a.output_nr, b.output_nr) == (0, 1)
    assert [nr for _, nr in (a + b).grad_fn.next_functions] == [0, 1]


@pytest.mark.parametrize("make", [lambda L, x: L.nn.functional.linear(x.reshape(1, 1, 3), L.ones(2, 3)),
                                  lambda L, x: x.expand(2, 3).t().reshape(6),
                                  lambda L, x: x.expand(2, 3).t().flatten()],
                         ids=["linear_3d", "reshape_copied", "flatten_copied"])
def test_an_unsafe_view_output_is_no_view_as_in_pytorch(make):
    seen = []
    for L in (torch, minigrad):
        out = make(L, L.ones(3, requires_grad=True))
        before = out._version
        out.add_(1)
        seen.append((out._is_view(), out._base is None, before, out._version, type(out.grad_fn).__name__))
    assert seen[0] == seen[1]
