"""A restoration course's patch chapter: F.unfold / nn.Unfold to cut an image into overlapping
patches (kernel_size, stride, padding, dilation), F.fold / nn.Fold to put them back with the
overlap count from folding ones (the averaging trick), convolution written as unfold + matmul
and checked against F.conv2d, a patch-wise denoiser (patches projected on the top principal
components from torch.linalg.svd, reassembled by fold), non-overlapping patch tokens as a
ViT-style embedding with Tensor.unfold and permute, a learned patch dictionary trained with
Adam, and patch statistics (variance per patch, the flattest patches found by topk)."""
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(6)
yy, xx = torch.meshgrid(torch.arange(20.0), torch.arange(20.0), indexing="ij")
clean = (0.5 + 0.3 * torch.sin(xx / 3) * torch.cos(yy / 4) + 0.2 * (xx > yy).float()).view(1, 1, 20, 20)
noisy = clean + 0.1 * torch.randn_like(clean)

for kw in (dict(kernel_size=4), dict(kernel_size=4, stride=4), dict(kernel_size=3, padding=1),
           dict(kernel_size=(3, 5), stride=(2, 1), dilation=(1, 2))):
    cols = F.unfold(noisy, **kw)
    print(kw, tuple(cols.shape), cols.grad_fn, round(cols.sum().item(), 3))
unf = nn.Unfold(kernel_size=5, stride=1, padding=2)
fold = nn.Fold(output_size=(20, 20), kernel_size=5, stride=1, padding=2)
print(unf, fold)
cols = unf(noisy)
counts = fold(torch.ones_like(cols))
print(cols.shape, counts.shape, counts[0, 0, 0, :4].tolist(), counts[0, 0, 10, 10].item())
print(torch.allclose(fold(cols) / counts, noisy, atol=1e-6))

weight = torch.randn(6, 1, 3, 3)
cols3 = F.unfold(noisy, 3, padding=1)
out = (weight.view(6, -1) @ cols3).view(1, 6, 20, 20)
print(torch.allclose(out, F.conv2d(noisy, weight, padding=1), atol=1e-5), cols3.transpose(1, 2).shape)

patches = cols.squeeze(0).T
mean = patches.mean(dim=0, keepdim=True)
U, S, Vh = torch.linalg.svd(patches - mean, full_matrices=False)
print(U.shape, S.shape, Vh.shape, [round(s, 2) for s in S[:4].tolist()], bool((S[:-1] >= S[1:]).all()))
for k in (2, 4, 8):
    proj = (patches - mean) @ Vh[:k].T @ Vh[:k] + mean
    rec = fold(proj.T.unsqueeze(0)) / counts
    mse = F.mse_loss(rec, clean).item()
    print(k, f"{mse:.5f}", f"{10 * torch.log10(torch.tensor(1 / mse)).item():.2f}")
print("noisy", f"{F.mse_loss(noisy, clean).item():.5f}")

var = patches.var(dim=1)
flat_v, flat_i = torch.topk(var, 3, largest=False)
print(var.shape, [round(v, 5) for v in flat_v.tolist()], flat_i.tolist(), divmod(flat_i[0].item(), 20))
print(patches[flat_i].shape, patches.std(dim=1, unbiased=False).max().item() > 0)

img = torch.arange(2 * 3 * 8 * 8, dtype=torch.float32).view(2, 3, 8, 8)
tok = img.unfold(2, 4, 4).unfold(3, 4, 4)
print(tok.shape, tok.is_contiguous(), tok.stride())
tok = tok.permute(0, 2, 3, 1, 4, 5).reshape(2, 4, 3 * 16)
print(tok.shape, torch.equal(tok, F.unfold(img, 4, stride=4).transpose(1, 2)), tok[0, 1, :3].tolist())
embed = nn.Linear(48, 10)
pos = nn.Parameter(torch.zeros(1, 4, 10))
print((embed(tok) + pos).shape, (embed(tok) + pos).grad_fn.name())
back = F.fold(tok.transpose(1, 2), output_size=8, kernel_size=4, stride=4)
print(torch.equal(back, img))

atoms = nn.Parameter(torch.randn(8, 25) * 0.1)
codes_net = nn.Linear(25, 8)
opt = torch.optim.Adam([atoms, *codes_net.parameters()], lr=0.02)
noisy_p = cols.squeeze(0).T
for step in range(50):
    codes = F.softshrink(codes_net(noisy_p), lambd=0.01)
    recon = codes @ atoms
    loss = F.mse_loss(recon, noisy_p) + 1e-3 * codes.abs().mean()
    opt.zero_grad()
    loss.backward()
    opt.step()
print(f"{loss.item():.5f}", (codes == 0).float().mean().item() >= 0, atoms.grad.shape)
with torch.no_grad():
    den = fold((F.softshrink(codes_net(noisy_p), 0.01) @ atoms).T.unsqueeze(0)) / counts
print("dictionary", f"{F.mse_loss(den, clean).item():.5f}", den.requires_grad)
try:
    F.fold(torch.ones(1, 25, 10), output_size=(20, 20), kernel_size=5)
except RuntimeError as e:
    print("RuntimeError:", str(e)[:120])
try:
    F.unfold(torch.ones(1, 4, 4), kernel_size=5)
except RuntimeError as e:
    print("RuntimeError:", str(e)[:120])
