"""Kernel estimation by gradient descent through the FFT, as the course's blind-deconvolution
lab does it in float64: the blur kernel is a softmax over logits padded to an odd image size,
the forward model is irfft2(rfft2(x) * rfft2(k), s=...) with every norm, gradients through
rfft2/irfft2/fft2/ifft2/fftn and through .abs(), .angle(), torch.polar and view_as_real, a
phase-only correlation for the kernel's shift, Richardson-Lucy iterations in the Fourier domain,
a Laplacian (second-derivative) prior on the kernel, LBFGS on the kernel logits with a closure,
and the recovered kernel compared with the true one."""
import torch
import torch.nn.functional as F

torch.manual_seed(5)
dtype = torch.float64
H, W, K = 15, 13, 5


def pad_kernel(k, shape):
    out = torch.zeros(shape, dtype=k.dtype)
    out[: k.shape[-2], : k.shape[-1]] = k
    return torch.roll(out, (-(k.shape[-2] // 2), -(k.shape[-1] // 2)), dims=(-2, -1))


def fft_blur(x, k, norm="backward"):
    kp = pad_kernel(k, x.shape[-2:])
    return torch.fft.irfft2(torch.fft.rfft2(x, norm=norm) * torch.fft.rfft2(kp, norm="backward"), s=x.shape[-2:], norm=norm)


yy, xx = torch.meshgrid(torch.arange(H, dtype=dtype), torch.arange(W, dtype=dtype), indexing="ij")
sharp = ((torch.sin(xx / 2) + torch.cos(yy / 3)) > 0.3).to(dtype) + 0.1 * torch.rand(H, W, dtype=dtype)
true_k = torch.zeros(K, K, dtype=dtype)
true_k[2, :] = torch.tensor([0.1, 0.2, 0.4, 0.2, 0.1], dtype=dtype)
true_k[1, 3] = 0.2
true_k = true_k / true_k.sum()
blurred = fft_blur(sharp, true_k)
print(blurred.dtype, blurred.shape, torch.allclose(blurred.sum(), sharp.sum()))
for norm in ("backward", "ortho", "forward"):
    print(norm, torch.allclose(fft_blur(sharp, true_k, norm), blurred), round(torch.fft.rfft2(sharp, norm=norm)[0, 0].real.item() / sharp.sum().item(), 10))

circ = F.conv2d(F.pad(sharp.view(1, 1, H, W), (2, 2, 2, 2), mode="circular"), true_k.flip(0, 1).view(1, 1, K, K))[0, 0]
print(torch.allclose(circ, blurred))

x = sharp.clone().requires_grad_(True)
k = true_k.clone().requires_grad_(True)
out = fft_blur(x, k)
(out * torch.linspace(0, 1, W, dtype=dtype)).sum().backward()
print(x.grad.shape, k.grad.shape, out.grad_fn.name(), round(k.grad.sum().item(), 6))
print(torch.autograd.gradcheck(lambda a, b: fft_blur(a, b, "ortho"), (x.detach()[:7, :6].clone().requires_grad_(), k.detach().clone().requires_grad_())))

z = torch.randn(6, dtype=torch.complex128, requires_grad=True)
f = torch.fft.fft(z)
(f.abs() ** 2).sum().backward()
print(torch.allclose(z.grad, 2 * 6 * z.detach()), z.grad.dtype)
r = torch.tensor([1.0, 2.0, 0.5], dtype=dtype, requires_grad=True)
th = torch.tensor([0.1, -1.0, 2.5], dtype=dtype, requires_grad=True)
p = torch.polar(r, th)
loss = torch.view_as_real(p)[:, 0].sum() + p.angle().sum() + (p * p).imag.sum()
loss.backward()
print(r.grad, th.grad)
zz = torch.tensor([3 + 4j, -1 + 0j, 0j], dtype=torch.complex128, requires_grad=True)
(zz.abs().sum() + zz.angle().sum()).backward()
print(zz.grad)
v = torch.randn(4, 5, 6, dtype=dtype, requires_grad=True)
torch.fft.fftn(v, dim=(0, 2)).real.pow(2).sum().backward()
print(v.grad.shape, torch.allclose(v.grad, 2 * torch.fft.ifftn(torch.fft.fftn(v.detach(), dim=(0, 2)).real.to(torch.complex128), dim=(0, 2)).real * 24))
g = torch.fft.hfft(torch.tensor([1.0, 2.0 + 1j, 3.0], dtype=torch.complex128), n=4)
print(g, torch.fft.ihfft(g))

a = torch.fft.fft2(sharp)
b = torch.fft.fft2(torch.roll(sharp, (2, -3), dims=(0, 1)))
cross = a.conj() * b
corr = torch.fft.ifft2(cross / cross.abs().clamp_min(1e-12)).real
peak = corr.argmax()
print(divmod(peak.item(), W), torch.unravel_index(peak, corr.shape))

est = torch.full_like(blurred, 0.5)
Kf = torch.fft.rfft2(pad_kernel(true_k, (H, W)))
for it in range(25):
    ratio = blurred / torch.fft.irfft2(torch.fft.rfft2(est) * Kf, s=(H, W)).clamp_min(1e-8)
    est = est * torch.fft.irfft2(torch.fft.rfft2(ratio) * Kf.conj(), s=(H, W))
    if it % 8 == 0:
        print("RL", it, f"{F.mse_loss(est, sharp).item():.6f}")

logits = torch.zeros(K, K, dtype=dtype, requires_grad=True)
lap = torch.tensor([[0, 1, 0], [1, -4, 1], [0, 1, 0]], dtype=dtype).view(1, 1, 3, 3)
opt = torch.optim.LBFGS([logits], lr=0.5, max_iter=20, history_size=10, line_search_fn="strong_wolfe")
evals = []


def closure():
    opt.zero_grad()
    kernel = torch.softmax(logits.flatten(), 0).view(K, K)
    data = F.mse_loss(fft_blur(sharp, kernel), blurred, reduction="sum")
    prior = F.conv2d(kernel.view(1, 1, K, K), lap, padding=1).pow(2).sum()
    loss = data + 1e-3 * prior
    loss.backward()
    evals.append(loss.item())
    return loss


for outer in range(3):
    loss = opt.step(closure)
    print("LBFGS", outer, f"{loss.item():.6f}", len(evals))
kernel = torch.softmax(logits.detach().flatten(), 0).view(K, K)
print((kernel - true_k).abs().max() < 0.05, kernel.argmax().item(), true_k.argmax().item(), round(kernel.sum().item(), 10))
print(sorted(opt.state_dict()["state"][0]), opt.state_dict()["state"][0]["n_iter"], opt.state[logits]["func_evals"])
