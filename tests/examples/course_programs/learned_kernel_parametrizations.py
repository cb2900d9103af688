"""A blind-deblurring course's "learn the blur" lab: a blur kernel held as free logits and made a
valid kernel by a softmax over its entries, applied to every colour channel by F.conv2d with
groups=3 and a kernel expanded per channel, fitted to a blurred observation with Adam, compared
to the true kernel; then a small restoration network whose convolutions are reparametrised by
torch.nn.utils.parametrizations.weight_norm and spectral_norm: the parametrization's
state_dict keys (original0 / original1, _u / _v), the printed model, the weight recomputed
from its parts, the spectral norm near one after power iterations, remove_parametrizations,
and eval() freezing the power iteration."""
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.nn.utils import parametrize
from torch.nn.utils.parametrizations import spectral_norm, weight_norm

torch.manual_seed(31)
size = 5
yy, xx = torch.meshgrid(torch.arange(size) - size // 2, torch.arange(size) - size // 2, indexing='ij')
true_kernel = torch.exp(-(xx.float() ** 2 / 2.0 + yy.float() ** 2 / 0.5))
true_kernel = true_kernel / true_kernel.sum()
sharp = torch.rand(2, 3, 20, 20)
sharp = F.avg_pool2d(sharp, 3, stride=1, padding=1, count_include_pad=False)


def blur(img, kernel):
    k = kernel.expand(img.shape[1], 1, size, size)
    return F.conv2d(F.pad(img, (2, 2, 2, 2), mode='replicate'), k, groups=img.shape[1])


observed = blur(sharp, true_kernel)
print(round(true_kernel.sum().item(), 6), observed.shape, true_kernel.argmax())


class LearnedBlur(nn.Module):
    def __init__(self, size):
        super().__init__()
        self.logits = nn.Parameter(torch.zeros(size * size))

    def kernel(self):
        return torch.softmax(self.logits, dim=0).view(1, 1, size, size)

    def forward(self, img):
        return blur(img, self.kernel())


blur_model = LearnedBlur(size)
opt = torch.optim.Adam(blur_model.parameters(), lr=0.1)
for step in range(60):
    opt.zero_grad()
    loss = F.mse_loss(blur_model(sharp), observed)
    loss.backward()
    opt.step()
    if step % 15 == 0:
        print(f"step {step:2d} loss {loss.item():.3e} kernel sum {blur_model.kernel().sum().item():.4f}")
k = blur_model.kernel().detach()
print(k.shape, f"{(k - true_kernel).abs().max().item():.4f}", k[0, 0, 2], blur_model.logits.grad.shape)
print(torch.isclose(k.sum(), torch.tensor(1.0)), (k >= 0).all(), k.flatten().topk(3).indices)

torch.manual_seed(2)
conv = weight_norm(nn.Conv2d(3, 8, 3, padding=1))
print(conv)
print(list(conv.state_dict().keys()))
g, v = conv.parametrizations.weight.original0, conv.parametrizations.weight.original1
print(g.shape, v.shape, torch.allclose(conv.weight, g * v / v.flatten(1).norm(dim=1).view(-1, 1, 1, 1)))
print(parametrize.is_parametrized(conv), parametrize.is_parametrized(conv, "bias"), type(conv).__name__)
lin = weight_norm(nn.Linear(4, 3), name='weight', dim=None)
print(lin.parametrizations.weight.original0, lin.parametrizations.weight.original0.shape)

torch.manual_seed(3)
sn = spectral_norm(nn.Linear(6, 4), n_power_iterations=3)
print(sn)
print(sorted(sn.state_dict().keys()))
W = sn.parametrizations.weight.original
sn.train()
for _ in range(5):
    _ = sn(torch.randn(2, 6))
print(f"{torch.linalg.matrix_norm(sn.weight.detach(), ord=2).item():.4f}", f"{torch.linalg.matrix_norm(W.detach(), ord=2).item():.4f}")
u = sn.parametrizations.weight[0]._u.clone()
sn.eval()
with torch.no_grad():
    w1 = sn.weight.clone()
    w2 = sn.weight.clone()
print(torch.equal(w1, w2), torch.equal(u, sn.parametrizations.weight[0]._u), sn.parametrizations.weight[0]._u.norm())


class Restorer(nn.Module):
    def __init__(self):
        super().__init__()
        self.head = weight_norm(nn.Conv2d(3, 8, 3, padding=1))
        self.body = spectral_norm(nn.Conv2d(8, 8, 3, padding=1))
        self.tail = nn.Conv2d(8, 3, 3, padding=1)

    def forward(self, x):
        return x + self.tail(F.relu(self.body(F.relu(self.head(x)))))


torch.manual_seed(9)
net = Restorer()
print(sum(p.numel() for p in net.parameters()), [n for n, _ in net.named_parameters()])
opt = torch.optim.Adam(net.parameters(), lr=3e-3)
for epoch in range(10):
    opt.zero_grad()
    loss = F.l1_loss(net(observed), sharp)
    loss.backward()
    opt.step()
    if epoch % 3 == 0:
        print(f"epoch {epoch} L1 {loss.item():.5f} |g| {net.head.parametrizations.weight.original0.grad.norm().item():.4f}")
net.eval()
with torch.no_grad():
    before = net(observed)
parametrize.remove_parametrizations(net.head, "weight")
parametrize.remove_parametrizations(net.body, "weight", leave_parametrized=True)
with torch.no_grad():
    after = net(observed)
print(torch.allclose(before, after, atol=1e-6), type(net.head.weight).__name__, [n for n, _ in net.named_parameters()])
print(net)
