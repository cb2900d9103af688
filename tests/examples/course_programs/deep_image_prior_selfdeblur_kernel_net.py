"""Self-supervised blind deblurring in the Deep Image Prior / SelfDeblur style: one blurry image,
an image generator (a small skip encoder-decoder with nn.Upsample and BatchNorm, built with
add_module) fed a fixed random code from torch.randn / uniform_ that is perturbed every step by
noise.normal_() (input-noise regularisation), a kernel generator (an MLP on a fixed code whose
output goes through nn.Softmax and view to a kernel), both fitted jointly by reblurring with
F.conv2d (the kernel as the weight of a batch of one), MultiStepLR on two parameter groups,
the RNG state saved and restored with get_rng_state/set_rng_state, an exponential moving
average of the output, and the kernel's centre of mass and support printed."""
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(2)
KS = 7
H = W = 24


def get_noise(c, spatial, method='noise', var=0.1):
    if method == 'noise':
        t = torch.zeros([1, c, *spatial])
        t.uniform_()
        t *= var
        return t
    X, Y = torch.meshgrid(torch.arange(spatial[1]) / float(spatial[1] - 1), torch.arange(spatial[0]) / float(spatial[0] - 1), indexing='xy')
    return torch.cat([X[None, :], Y[None, :]])[None]


def conv_block(cin, cout, stride=1):
    block = nn.Sequential()
    block.add_module('pad', nn.ReflectionPad2d(1))
    block.add_module('conv', nn.Conv2d(cin, cout, 3, stride, bias=False))
    block.add_module('bn', nn.BatchNorm2d(cout))
    block.add_module('act', nn.LeakyReLU(0.2, inplace=True))
    return block


class SkipNet(nn.Module):
    def __init__(self, cin=8, ch=8):
        super().__init__()
        self.down = conv_block(cin, ch, 2)
        self.mid = conv_block(ch, ch)
        self.up = nn.Upsample(scale_factor=2, mode='bilinear')
        self.skip = nn.Conv2d(cin, 4, 1)
        self.out = nn.Sequential(conv_block(ch + 4, ch), nn.Conv2d(ch, 1, 1), nn.Sigmoid())

    def forward(self, x):
        return self.out(torch.cat([self.up(self.mid(self.down(x))), self.skip(x)], 1))


class KernelNet(nn.Module):
    def __init__(self, n_in=20, hidden=40):
        super().__init__()
        self.fc = nn.Sequential(nn.Linear(n_in, hidden, bias=True), nn.ReLU6(), nn.Linear(hidden, KS * KS))
        self.soft = nn.Softmax(dim=0)

    def forward(self, z):
        return self.soft(self.fc(z)).view(-1, 1, KS, KS)


yy, xx = torch.meshgrid(torch.arange(H + KS - 1, dtype=torch.float32), torch.arange(W + KS - 1, dtype=torch.float32), indexing='ij')
sharp = (0.2 + 0.6 * ((xx - 12).abs() < 6).float() * ((yy - 10).abs() < 7).float() + 0.15 * torch.sin(xx / 3))[None, None]
true_k = torch.zeros(KS, KS)
true_k[3, 1:6] = torch.tensor([1., 2., 3., 2., 1.])
true_k[2, 5] = 1.0
true_k /= true_k.sum()
blurry = F.conv2d(sharp, true_k[None, None])
blurry = blurry + 0.01 * torch.randn_like(blurry)
print(blurry.shape, round(blurry.mean().item(), 5), get_noise(2, (4, 3), 'meshgrid')[0, :, -1, :])

net_input = get_noise(8, (H + KS - 1, W + KS - 1))
net_input_saved = net_input.detach().clone()
noise = net_input.detach().clone()
k_input = torch.zeros(20).uniform_()
net, knet = SkipNet(), KernelNet()
print(net.down, knet.soft, sorted(n for n, _ in net.named_children()))
opt = torch.optim.Adam([{'params': net.parameters()}, {'params': knet.parameters(), 'lr': 1e-3}], lr=5e-3)
sched = torch.optim.lr_scheduler.MultiStepLR(opt, milestones=[4, 7], gamma=0.5)
ema = None
state = torch.get_rng_state()
first_noise = noise.clone().normal_()
torch.set_rng_state(state)
for step in range(9):
    net_input = net_input_saved + noise.normal_() * 0.001
    x = net(net_input)
    k = knet(k_input)
    reblur = F.conv2d(x, k, padding=0)
    loss = F.mse_loss(reblur, blurry) + 1e-3 * (x[..., 1:, :] - x[..., :-1, :]).abs().mean()
    opt.zero_grad()
    loss.backward()
    opt.step()
    sched.step()
    with torch.no_grad():
        crop = x[..., KS // 2:KS // 2 + H, KS // 2:KS // 2 + W]
        ema = crop.clone() if ema is None else ema.mul_(0.9).add_(crop, alpha=0.1)
    print(step, x.shape[-2:], reblur.shape[-2:], f"{loss.item():.4f}", [g['lr'] for g in opt.param_groups], round(k.sum().item(), 5))
after = torch.rand(2)
torch.set_rng_state(state)
print(torch.equal(noise.normal_(), first_noise), state.dtype, state.shape, torch.rand(2).shape, after.shape)
k = knet(k_input).detach()[0, 0]
r = torch.arange(KS, dtype=torch.float32)
print(round((k.sum(1) * r).sum().item(), 3), round((k.sum(0) * r).sum().item(), 3), (k > 1.0 / (KS * KS)).sum().item(), k.argmax().item())
print(round(F.mse_loss(ema, sharp[..., KS // 2:KS // 2 + H, KS // 2:KS // 2 + W]).item(), 5), net.down.bn.running_var[:3], net.down.bn.num_batches_tracked, net_input_saved.equal(net_input))
print(sched.state_dict()['milestones'], sched.get_last_lr(), opt.param_groups[1]['initial_lr'])
