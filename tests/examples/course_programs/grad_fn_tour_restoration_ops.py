"""A course's "read the graph" notebook for restoration models: print(loss) and the grad_fn name
of every op a deblurring network uses (conv2d, conv_transpose2d, batch/group/instance/layer norm,
interpolate, pixel_shuffle, pad in its modes, unfold, grid_sample and affine_grid, glu, softmax
kernels, 1 / x and rsqrt normalisations, square, cdist / pdist / pairwise_distance, fft), a walk
down next_functions from a PSNR loss, requires_grad_ / retain_grad on intermediates, tensor hooks
that record gradient norms, and gradients checked against finite differences in float64."""
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(8)
x = torch.rand(2, 3, 8, 8, requires_grad=True)
w = torch.randn(4, 3, 3, 3, requires_grad=True)
theta = torch.tensor([[[1.0, 0.1, 0.0], [-0.1, 1.0, 0.05]]]).repeat(2, 1, 1).requires_grad_()
feats = torch.randn(5, 6, requires_grad=True)

results = {
    "conv2d": F.conv2d(x, w, padding=1),
    "conv_transpose2d": F.conv_transpose2d(x, w.transpose(0, 1), stride=2),
    "batch_norm": F.batch_norm(x, None, None, training=True),
    "group_norm": F.group_norm(x, 3),
    "instance_norm": F.instance_norm(x),
    "layer_norm": F.layer_norm(x, (8, 8)),
    "interpolate bilinear": F.interpolate(x, scale_factor=2, mode="bilinear", align_corners=False),
    "interpolate nearest": F.interpolate(x, scale_factor=2),
    "pixel_shuffle": F.pixel_shuffle(x[:, :1].repeat(1, 4, 1, 1), 2),
    "pad reflect": F.pad(x, (1, 1, 1, 1), mode="reflect"),
    "pad replicate": F.pad(x, (1, 1, 1, 1), mode="replicate"),
    "pad circular": F.pad(x, (1, 1, 1, 1), mode="circular"),
    "pad constant": F.pad(x, (1, 1, 1, 1), value=0.5),
    "unfold": F.unfold(x, 3),
    "tensor unfold": x.unfold(2, 4, 4),
    "affine_grid": F.affine_grid(theta, (2, 3, 8, 8), align_corners=False),
    "grid_sample": F.grid_sample(x, F.affine_grid(theta, (2, 3, 8, 8), align_corners=False), align_corners=False),
    "glu": F.glu(x, dim=1) if x.shape[1] % 2 == 0 else F.glu(torch.cat([x, x[:, :1]], 1), dim=1),
    "softmax kernel": F.softmax(w.flatten(1), dim=-1),
    "reciprocal": 1 / (x + 1),
    "rsqrt": torch.rsqrt(x + 1),
    "square": (x - 0.5).square(),
    "power": (x - 0.5) ** 2,
    "cdist": torch.cdist(feats, feats[:2]),
    "pdist": F.pdist(feats),
    "pairwise_distance": F.pairwise_distance(feats, feats.flip(0)),
    "cosine_similarity": F.cosine_similarity(feats, feats.flip(0)),
    "normalize": F.normalize(feats, dim=1),
    "fft2 abs": torch.fft.fft2(x).abs(),
    "rfft2": torch.fft.rfft2(x),
    "einsum": torch.einsum("bchw,oc->bohw", x, w[:, :, 1, 1]),
    "max_pool2d": F.max_pool2d(x, 2),
    "avg_pool2d": F.avg_pool2d(x, 2),
    "adaptive_avg_pool2d": F.adaptive_avg_pool2d(x, 1),
    "leaky_relu": F.leaky_relu(x - 0.5, 0.2),
    "gelu": F.gelu(x),
    "silu": F.silu(x),
    "sigmoid": torch.sigmoid(x),
    "clamp": x.clamp(0.2, 0.8),
    "where": torch.where(x > 0.5, x, x * 0.1),
    "mse_loss": F.mse_loss(x, torch.zeros_like(x)),
    "l1_loss": F.l1_loss(x, torch.zeros_like(x)),
    "smooth_l1_loss": F.smooth_l1_loss(x, torch.zeros_like(x)),
}
for name, out in results.items():
    print(f"{name:22s} {type(out.grad_fn).__name__:32s} {tuple(out.shape)}")

clean = torch.rand(2, 3, 8, 8)
net = nn.Sequential(nn.Conv2d(3, 4, 3, padding=1), nn.GroupNorm(2, 4), nn.GELU(), nn.Conv2d(4, 3, 3, padding=1))
out = net(x)
mse = F.mse_loss(out, clean)
psnr = 10 * torch.log10(1 / mse)
loss = -psnr
print(loss, mse.grad_fn.name(), psnr.grad_fn.name())
node, chain = loss.grad_fn, []
while node is not None and len(chain) < 12:
    chain.append(type(node).__name__)
    node = next((n for n, _ in node.next_functions if n is not None), None)
print(" <- ".join(chain))

hidden = net[0](x)
hidden.retain_grad()
act = net[2](net[1](hidden))
norms = {}
act.register_hook(lambda g: norms.__setitem__("act", round(g.norm().item(), 5)))
final = F.mse_loss(net[3](act), clean)
final.backward()
print(hidden.grad.shape, hidden.is_leaf, act.retains_grad, sorted(norms), norms["act"] > 0, x.grad.abs().sum().item() > 0)
print(net[0].weight.grad.shape, round(net[1].weight.grad.abs().sum().item(), 5) > 0, w.grad is None)

d = torch.randn(3, 4, dtype=torch.float64, requires_grad=True)
anchors, partner = torch.randn(2, 4, dtype=torch.float64), torch.randn(3, 4, dtype=torch.float64)
checks = {
    "glu": lambda t: F.glu(t, dim=1),
    "cdist": lambda t: torch.cdist(t, anchors),
    "pdist": lambda t: F.pdist(t),
    "pairwise_distance": lambda t: F.pairwise_distance(t, partner),
    "1 / x": lambda t: 1 / (t.abs() + 1),
    "rsqrt": lambda t: torch.rsqrt(t.abs() + 1),
    "grid_sample": lambda t: F.grid_sample(t.view(1, 1, 3, 4), torch.tensor([[[[0.2, -0.3], [0.5, 0.7]]]], dtype=torch.float64),
                                           align_corners=False),
}
for name, fn in checks.items():
    print(name, torch.autograd.gradcheck(fn, (d,)), type(fn(d).grad_fn).__name__)
z = torch.tensor([1.0, 2.0, 4.0], requires_grad=True)
y = (3 / z).sum() + torch.rsqrt(z).sum() + z.reciprocal().sum()
y.backward()
print(z.grad, (3 / z).grad_fn.next_functions[0][0].name())
