"""The examples of the ``torch.nn.functional`` reference pages, run as written (with smaller sizes
where they were large): ``F.pad`` with 1-, 2- and 3-sided pads, ``one_hot``, ``embedding`` and
``embedding_bag`` (offsets, ``padding_idx``, ``per_sample_weights``), the convolutions' and
poolings' shapes, ``avg_pool1d`` on ``[[[1, ..., 7]]]``, ``max_pool`` indices into ``max_unpool``,
``unfold``/``fold``, ``pixel_shuffle``, ``interpolate`` modes, ``grid_sample`` with
``affine_grid``, ``normalize``, ``cosine_similarity``, ``pairwise_distance``, ``pdist``, the
losses' examples (``cross_entropy`` with class indices and probabilities, ``nll_loss``,
``binary_cross_entropy``, ``kl_div`` with ``log_target``, ``ctc_loss``, ``triplet_margin_loss``,
``multilabel_soft_margin_loss``, ``poisson_nll_loss``, ``gaussian_nll_loss``), ``gumbel_softmax``
and ``scaled_dot_product_attention``."""
import torch
import torch.nn.functional as F

torch.manual_seed(0)


def r(t, nd=4):
    """Values rounded to ``nd`` significant digits (thread counts change float32 sums)."""
    return [float(f"{v:.{nd}g}") for v in t.detach().flatten().tolist()]


t4d = torch.empty(3, 3, 4, 2)
p1d = (1, 1)  # pad last dim by 1 on each side
out = F.pad(t4d, p1d, "constant", 0)  # effectively zero padding
print(out.size())
p2d = (1, 1, 2, 2)  # pad last dim by (1, 1) and 2nd to last by (2, 2)
out = F.pad(t4d, p2d, "constant", 0)
print(out.size())
t4d = torch.empty(3, 3, 4, 2)
p3d = (0, 1, 2, 1, 3, 3)  # pad by (0, 1), (2, 1), and (3, 3)
out = F.pad(t4d, p3d, "constant", 0)
print(out.size())
x = torch.arange(6.).view(1, 2, 3)
print(F.pad(x, (2, 1), mode="reflect"), F.pad(x, (1, 2), mode="replicate"), F.pad(x, (2, 2), mode="circular"))
print(F.pad(x, (-1, 1), value=9.5), F.pad(x.long(), (1, 0, 1, 0), value=7))

print(F.one_hot(torch.arange(0, 5) % 3))
print(F.one_hot(torch.arange(0, 5) % 3, num_classes=5))
print(F.one_hot(torch.arange(0, 6).view(3, 2) % 3))

input = torch.tensor([[1, 2, 4, 5], [4, 3, 2, 9]])
embedding_matrix = torch.rand(10, 3)
print(F.embedding(input, embedding_matrix))
weights = torch.rand(10, 3)
weights[0, :].zero_()
embedding_matrix = weights
input = torch.tensor([[0, 2, 0, 5]])
print(F.embedding(input, embedding_matrix, padding_idx=0))
embedding_matrix = torch.rand(10, 3)
input = torch.tensor([1, 2, 4, 5, 4, 3, 2, 9])
offsets = torch.tensor([0, 4])
print(F.embedding_bag(input, embedding_matrix, offsets))
print(F.embedding_bag(input, embedding_matrix, offsets, mode="max"))
psw = torch.arange(8.) / 8
print(F.embedding_bag(input, embedding_matrix, offsets, mode="sum", per_sample_weights=psw))

inputs = torch.randn(8, 4, 10)
filters = torch.randn(5, 4, 3)
print(F.conv1d(inputs, filters).shape, F.conv1d(inputs, filters, padding="same").shape)
filters = torch.randn(8, 4, 3, 3)
inputs = torch.randn(1, 4, 5, 5)
print(F.conv2d(inputs, filters, padding=1).shape)
filters = torch.randn(6, 4, 2, 2, 2)
inputs = torch.randn(2, 4, 5, 5, 5)
print(F.conv3d(inputs, filters).shape)
inputs = torch.randn(2, 4, 5)
weights = torch.randn(4, 3, 3)
print(F.conv_transpose1d(inputs, weights).shape)
inputs = torch.randn(1, 4, 5, 5)
weights = torch.randn(4, 8, 3, 3)
print(F.conv_transpose2d(inputs, weights, padding=1).shape)
input = torch.tensor([[[1, 2, 3, 4, 5, 6, 7]]], dtype=torch.float32)
print(F.avg_pool1d(input, kernel_size=3, stride=2))
print(F.max_pool1d(input, 2), F.lp_pool1d(input, 2, 3), F.avg_pool1d(input, 3, 2, ceil_mode=True))
x = torch.randn(1, 1, 4, 4)
pooled, indices = F.max_pool2d(x, 2, return_indices=True)
print(indices, F.max_unpool2d(pooled, indices, 2).shape)
print(F.adaptive_avg_pool2d(torch.arange(25.).view(1, 5, 5), (2, 3)))
values, idx = F.adaptive_max_pool1d(torch.arange(7.).view(1, 1, 7).flip(-1), 3, return_indices=True)
print(values, idx)

inp = torch.randn(1, 3, 10, 12)
w = torch.randn(2, 3, 4, 5)
inp_unf = F.unfold(inp, (4, 5))
out_unf = inp_unf.transpose(1, 2).matmul(w.view(w.size(0), -1).t()).transpose(1, 2)
out = F.fold(out_unf, (7, 8), (1, 1))
print(inp_unf.shape, out.shape, (F.conv2d(inp, w) - out).abs().max() < 1e-4)
print(F.fold(torch.ones(1, 3 * 2 * 2, 12), (4, 5), (2, 2)).shape)
print(F.pixel_shuffle(torch.arange(16.).view(1, 4, 2, 2), 2))
print(F.pixel_unshuffle(torch.arange(16.).view(1, 1, 4, 4), 2).shape)

x = torch.arange(1, 5, dtype=torch.float32).view(1, 1, 2, 2)
for mode in ("nearest", "bilinear", "bicubic", "nearest-exact", "area"):
    print(mode, r(F.interpolate(x, scale_factor=2, mode=mode)))
print(r(F.interpolate(x, size=(3, 3), mode="bilinear", align_corners=True)))
print(r(F.interpolate(torch.arange(4.).view(1, 1, 4), size=6, mode="linear")))
theta = torch.tensor([[[0.8, -0.2, 0.1], [0.3, 0.9, -0.1]]])
grid = F.affine_grid(theta, (1, 1, 3, 4), align_corners=False)
img = torch.arange(12.).view(1, 1, 3, 4)
print(grid.shape, r(F.grid_sample(img, grid, align_corners=False)))
print(r(F.grid_sample(img, grid, mode="nearest", padding_mode="border", align_corners=False)))
print(r(F.grid_sample(img, grid, padding_mode="reflection", align_corners=True)))

x = torch.tensor([[3., 4.], [0., 0.], [1., -1.]])
print(F.normalize(x), F.normalize(x, p=1, dim=0))
input1 = torch.randn(10, 8)
input2 = torch.randn(10, 8)
print(r(F.cosine_similarity(input1, input2)))
print(r(F.pairwise_distance(input1, input2)), r(F.pdist(input1[:4])))

input = torch.randn(3, 5, requires_grad=True)
target = torch.randint(5, (3,), dtype=torch.int64)
loss = F.cross_entropy(input, target)
loss.backward()
print(target, r(loss), r(input.grad))
input = torch.randn(3, 5, requires_grad=True)
target = torch.randn(3, 5).softmax(dim=1)
loss = F.cross_entropy(input, target)
loss.backward()
print(r(loss), torch.allclose(input.grad, (input.softmax(1) - target) / 3, atol=1e-7))
print(r(F.cross_entropy(input, torch.tensor([1, -100, 4]), label_smoothing=0.1)))
input = torch.randn(3, 5, requires_grad=True)
target = torch.tensor([1, 0, 4])
output = F.nll_loss(F.log_softmax(input, dim=1), target)
output.backward()
print(r(output), r(input.grad))
input = torch.randn(3, 2, requires_grad=True)
target = torch.rand(3, 2, requires_grad=False)
loss = F.binary_cross_entropy(torch.sigmoid(input), target)
loss.backward()
print(r(loss), r(input.grad))
kl_loss = torch.nn.KLDivLoss(reduction="batchmean")
input = F.log_softmax(torch.randn(3, 5, requires_grad=True), dim=1)
target = F.softmax(torch.rand(3, 5), dim=1)
output = kl_loss(input, target)
kl_loss = torch.nn.KLDivLoss(reduction="batchmean", log_target=True)
log_target = F.log_softmax(torch.rand(3, 5), dim=1)
output2 = kl_loss(input, log_target)
print(r(output), r(output2), r(F.kl_div(input, log_target, reduction="none", log_target=True)[0]))

T, C, N, S = 10, 6, 3, 5  # input length, classes, batch, target length
S_min = 3
input = torch.randn(T, N, C).log_softmax(2).detach().requires_grad_()
target = torch.randint(low=1, high=C, size=(N, S), dtype=torch.long)
input_lengths = torch.full(size=(N,), fill_value=T, dtype=torch.long)
target_lengths = torch.randint(low=S_min, high=S, size=(N,), dtype=torch.long)
ctc_loss = torch.nn.CTCLoss()
loss = ctc_loss(input, target, input_lengths, target_lengths)
loss.backward()
print(target_lengths, r(loss), r(input.grad[0, 0]))
print(r(F.ctc_loss(input, target, input_lengths, target_lengths, reduction="none")))

anchor = torch.randn(6, 8, requires_grad=True)
positive = torch.randn(6, 8, requires_grad=True)
negative = torch.randn(6, 8, requires_grad=True)
output = F.triplet_margin_loss(anchor, positive, negative, margin=1.0, p=2)
output.backward()
print(r(output), r(anchor.grad[0]))
print(r(F.multilabel_soft_margin_loss(torch.randn(3, 4), torch.tensor([[1., 0, 1, 0], [0, 0, 0, 1], [1, 1, 1, 1]]))))
print(r(F.poisson_nll_loss(torch.randn(5), torch.tensor([0., 1, 2, 3, 4]))),
      r(F.poisson_nll_loss(torch.rand(5) + 0.5, torch.tensor([0., 1, 2, 3, 4]), log_input=False, full=True)))
var = torch.ones(4, 1) * 0.5
print(r(F.gaussian_nll_loss(torch.randn(4, 2), torch.randn(4, 2), var)),
      r(F.gaussian_nll_loss(torch.randn(4, 2), torch.randn(4, 2), torch.ones(4, 2), full=True, reduction="sum")))
print(r(F.huber_loss(torch.tensor([0., 2., -3.]), torch.zeros(3), delta=1.5)),
      r(F.smooth_l1_loss(torch.tensor([0.2, 2., -3.]), torch.zeros(3), beta=0.5)))
print(r(F.margin_ranking_loss(torch.randn(4), torch.randn(4), torch.tensor([1., -1, 1, -1]), margin=0.2)),
      r(F.hinge_embedding_loss(torch.randn(4), torch.tensor([1., -1, 1, -1]))),
      r(F.cosine_embedding_loss(torch.randn(4, 3), torch.randn(4, 3), torch.tensor([1, -1, 1, -1]))),
      r(F.multi_margin_loss(torch.randn(3, 4), torch.tensor([3, 0, 1]))),
      r(F.multilabel_margin_loss(torch.tensor([[0.1, 0.2, 0.4, 0.8]]), torch.tensor([[3, 0, -1, 1]]))),
      r(F.soft_margin_loss(torch.randn(4), torch.tensor([1., -1, 1, -1]))))

logits = torch.randn(20, 32)
y_soft = F.gumbel_softmax(logits, tau=1, hard=False)
y_hard = F.gumbel_softmax(logits, tau=1, hard=True)
print(y_soft.shape, r(y_soft.sum(-1)[:3]), y_hard.sum(-1)[:5], y_hard.argmax(-1)[:8])
query = torch.randn(2, 3, 4, 8)
key = torch.randn(2, 3, 6, 8)
value = torch.randn(2, 3, 6, 8)
out = F.scaled_dot_product_attention(query, key, value)
causal = F.scaled_dot_product_attention(query, key, value, is_causal=True)
masked = F.scaled_dot_product_attention(query, key, value, attn_mask=torch.ones(4, 6).tril().bool())
print(out.shape, r(out[0, 0, 0]), r(causal[0, 0, 0]), torch.allclose(causal, masked, atol=1e-6))
print(r(F.softmax(torch.tensor([1, 2, 3]), dim=0, dtype=torch.float64)), F.softmax(torch.arange(3.), 0, dtype=torch.float64).dtype)
x = torch.linspace(-3, 3, 7)
for name in ("gelu", "silu", "mish", "softplus", "elu", "selu", "celu", "hardswish", "hardsigmoid", "logsigmoid",
             "softsign", "tanhshrink", "relu6"):
    print(name, r(getattr(F, name)(x)))
print(r(F.gelu(x, approximate="tanh")), r(F.hardtanh(x, -2, 2)), r(F.leaky_relu(x, 0.2)), r(F.rrelu(x, training=False)))
print(r(F.glu(torch.arange(8.).view(2, 4))), r(F.softmin(x, 0)), r(F.threshold(x, 0.5, -9.)))
print(r(F.hardshrink(x, 1.5)), r(F.softshrink(x, 1.5).abs()), r(F.prelu(x, torch.tensor([0.25]))))
x = torch.arange(24.).view(1, 6, 2, 2)
print(r(F.local_response_norm(x, 2)), r(F.group_norm(x, 3)), r(F.layer_norm(x, (2, 2))))
print(r(F.instance_norm(x)), r(F.batch_norm(x, torch.zeros(6), torch.ones(6))))
print(r(F.rms_norm(x, (2, 2))))
print(r(F.alpha_dropout(x, 0.5, training=False)), F.dropout(x, 0.3, training=False).equal(x))
