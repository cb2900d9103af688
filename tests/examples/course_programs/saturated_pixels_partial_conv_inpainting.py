"""Night photos with blown-out lights: a course exercise on deblurring with saturated pixels. Masks of
clipped pixels with torch.where and comparisons, masked_select/masked_scatter/masked_fill, a partial
convolution layer (Liu et al.) written with F.conv2d on the mask and its renormalisation, a masked
L1 loss with nanmean/nansum, dilation of masks by max_pool2d, the gradient through masked ops, and
the errors of mismatched masks."""
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(21)
img = torch.rand(1, 1, 6, 6) * 1.4
saturated = img >= 1.0
print(saturated.sum().item(), saturated.dtype, img.clamp(max=1.0).max().item())
clipped = torch.where(saturated, torch.ones_like(img), img)
print(torch.equal(clipped, img.clamp(max=1.0)), torch.where(saturated, 1.0, 0.0).sum().item())
dilated = F.max_pool2d(saturated.float(), 3, stride=1, padding=1) > 0
print(dilated.sum().item(), dilated[0, 0].int().tolist()[:2])
valid = (~dilated).float()

values = img.masked_select(saturated)
print(values.shape, f"{values.sum().item():.4f}")
replacement = torch.arange(values.numel(), dtype=torch.float32) / 10
filled = img.masked_scatter(saturated, replacement)
print(filled[saturated].tolist() == replacement.tolist(), torch.equal(filled[~saturated], img[~saturated]))
print(img.masked_fill(saturated, float("nan")).isnan().sum().item(),
      torch.masked_fill(img, ~saturated, 0.0).count_nonzero().item())


class PartialConv2d(nn.Conv2d):
    def forward(self, x, mask):
        ones = torch.ones(1, 1, *self.kernel_size)
        with torch.no_grad():
            coverage = F.conv2d(mask, ones, stride=self.stride, padding=self.padding)
            ratio = self.kernel_size[0] * self.kernel_size[1] / coverage.clamp(min=1e-8)
            new_mask = (coverage > 0).float()
            ratio = ratio * new_mask
        raw = F.conv2d(x * mask, self.weight, None, self.stride, self.padding)
        out = raw * ratio + self.bias.view(1, -1, 1, 1)
        return out * new_mask, new_mask


torch.manual_seed(2)
pconv = PartialConv2d(1, 3, 3, padding=1)
out, new_mask = pconv(img, valid)
print(out.shape, new_mask.sum().item(), f"{out.abs().sum().item():.4f}")
out2, mask2 = pconv(out[:, :1], new_mask)
print(mask2.sum().item(), f"{out2.mean().item():.4f}")
out.sum().backward()
print(pconv.weight.grad.shape, f"{pconv.weight.grad.sum().item():.4f}", pconv.bias.grad)

target = torch.rand(1, 1, 6, 6)
pred = torch.rand(1, 1, 6, 6, requires_grad=True)
diff = (pred - target).abs()
masked = torch.where(valid.bool(), diff, torch.full_like(diff, float("nan")))
loss = masked.nanmean()
print(f"{loss.item():.4f}", f"{masked.nansum().item():.4f}", f"{(diff * valid).sum().item() / valid.sum().item():.4f}")
loss.backward()
print(pred.grad.count_nonzero().item(), f"{pred.grad.abs().max().item():.4f}")
print(torch.tensor([float("nan"), 1.0, 3.0]).nanmean(), torch.tensor([float("nan")]).nanmean(),
      torch.nanmean(torch.tensor([[1.0, float("nan")], [3.0, 5.0]]), dim=1))
print(torch.nansum(torch.tensor([[1.0, float("nan")], [3.0, 5.0]]), dim=0, keepdim=True))

p = torch.tensor([0.2, 0.9, 1.3], requires_grad=True)
m = torch.tensor([True, False, True])
p.masked_fill(m, 0.0).sum().backward()
print(p.grad)
p.grad = None
torch.where(m, p * 2, p ** 2).sum().backward()
print(p.grad)
q = torch.zeros(3, requires_grad=True)
src = torch.tensor([5.0, 6.0], requires_grad=True)
r = q.masked_scatter(m, src)
(r * torch.tensor([1.0, 2.0, 3.0])).sum().backward()
print(r, q.grad, src.grad)

for bad in (lambda: img.masked_select(saturated[..., :3]),
            lambda: img.masked_scatter(saturated, torch.zeros(1)),
            lambda: img.masked_fill(saturated.float(), 0.0),
            lambda: torch.where(saturated, img, torch.zeros(2, 2)),
            lambda: img.masked_fill(saturated, torch.zeros(2))):
    try:
        bad()
        print("no error")
    except Exception as e:
        print(type(e).__name__, str(e).splitlines()[0])
