"""The augmentation mistakes of the course's image lab, each with the error PyTorch gives: views
from flips and crops written in place after they were used in the graph (the version counter),
in-place ops on leaf tensors and on views of leaves, .view on permuted or flipped tensors,
.numpy() of a tensor that requires grad, .item() of a batch, wrong permute/transpose dims,
expand of a non-singleton dim, reshape with two -1, channels-last images fed to conv2d, uint8
images into float ops, clamp_ in place on a non-leaf, and the fixes (contiguous, reshape,
detach, clone) each shown to work, with strides and is_contiguous printed along the way."""
import torch
import torch.nn.functional as F


def attempt(label, fn):
    try:
        out = fn()
        print(label, "->", out if not isinstance(out, torch.Tensor) else (tuple(out.shape), out.dtype, out.stride()))
    except Exception as e:  # noqa: BLE001 - the lab prints whichever error PyTorch raises
        print(label, "!!", type(e).__name__ + ":", str(e).splitlines()[0])


torch.manual_seed(0)
img = torch.rand(3, 6, 8)
hwc = img.permute(1, 2, 0)
print(hwc.shape, hwc.stride(), hwc.is_contiguous(), hwc.contiguous().stride(), img.flip(2).stride(), img.transpose(1, 2).stride())
attempt("view of permuted", lambda: hwc.view(-1))
attempt("reshape of permuted", lambda: hwc.reshape(-1))
attempt("view of transposed 2", lambda: img.transpose(1, 2).view(3, 48))
attempt("view of sliced rows", lambda: img[:, 1:4].view(3, 24))
attempt("view of sliced cols", lambda: img[:, :, 2:].view(3, -1))
attempt("view merging ok dims", lambda: img[:, :, 2:].view(18, 6))
attempt("reshape -1 -1", lambda: img.reshape(-1, -1))
attempt("view bad numel", lambda: img.view(5, -1))
attempt("view 0-size -1", lambda: torch.empty(0, 4).view(-1, 0))
attempt("permute dup", lambda: img.permute(0, 1, 1))
attempt("permute wrong count", lambda: img.permute(0, 1))
attempt("transpose out of range", lambda: img.transpose(0, 3))
attempt("expand non-singleton", lambda: img.expand(6, 6, 8))
attempt("expand -1 new dim", lambda: img[0].expand(-1, 6, 8))
attempt("expand ok", lambda: img[:1].expand(4, -1, -1))
attempt("squeeze tuple", lambda: torch.ones(1, 3, 1).squeeze((0, 2)))
attempt("unsqueeze out of range", lambda: img.unsqueeze(4))
attempt("mT of 1d", lambda: torch.ones(3).mT)
attempt("conv on HWC", lambda: F.conv2d(hwc.unsqueeze(0), torch.ones(2, 3, 3, 3)))
attempt("conv on 3d unbatched", lambda: F.conv2d(img, torch.ones(2, 3, 3, 3)))
attempt("conv wrong weight dims", lambda: F.conv2d(img.unsqueeze(0), torch.ones(3, 3, 3)))
attempt("uint8 conv", lambda: F.conv2d((img * 255).to(torch.uint8).unsqueeze(0), torch.ones(2, 3, 3, 3)))
attempt("uint8 / 255", lambda: ((img * 255).to(torch.uint8) / 255))
attempt("uint8 mean", lambda: (img * 255).to(torch.uint8).mean())
attempt("uint8 float mean", lambda: (img * 255).to(torch.uint8).float().mean().round(decimals=2).item())
attempt("uint8 overflow add", lambda: ((img * 255).to(torch.uint8) + 200).max().item())
attempt("uint8 sub", lambda: (torch.tensor([10], dtype=torch.uint8) - torch.tensor([20], dtype=torch.uint8)).item())

w = torch.rand(3, requires_grad=True)
attempt("numpy of requires_grad", lambda: w.numpy())
attempt("numpy after detach", lambda: w.detach().numpy().shape)
attempt("item of batch", lambda: w.item())
attempt("float of batch", lambda: float(w))
attempt("bool of batch", lambda: bool(w > 0))
attempt("in-place on leaf", lambda: w.add_(1))
attempt("in-place on leaf view", lambda: w[0].mul_(2))
attempt("in-place on leaf under no_grad", lambda: torch.no_grad().__enter__() or w.add_(0))
torch.set_grad_enabled(True)
attempt("setitem on leaf", lambda: w.__setitem__(0, 1.0))
attempt("data setitem on leaf", lambda: w.data.__setitem__(0, 0.5) or w.detach().clone())

x = torch.rand(2, 3, 4, 4, requires_grad=True)
y = x * 2
flipped = y.flip(-1)
cropped = y[:, :, 1:3, 1:3]
out = (cropped.sigmoid() * 3).sum()
cropped.mul_(0.5)
attempt("backward after in-place on saved view", lambda: out.backward())
y2 = x.exp()
z = y2.sum()
y2[:, 0] = 0.0
attempt("backward after setitem on exp output", lambda: z.backward())
y3 = x * 1.0
s3 = (y3 ** 2).sum()
y3.clamp_(0, 0.5)
attempt("backward after clamp_ on pow input", lambda: s3.backward())
y4 = x + 1
t4 = y4.relu()
y4.add_(1)
attempt("relu output not modified", lambda: t4.sum().backward() or round(x.grad.sum().item(), 3))
x.grad = None
y5 = x.clone()
y5[:, :, ::2] *= 2
y5.transpose(2, 3)[..., 0].zero_()
y5.sum().backward()
print(x.grad[0, 0], y5.grad_fn.name(), y5._version)
v = x.detach()
print(v._version, v.requires_grad, v.is_leaf, x.detach().data_ptr() == x.data_ptr())
aug = torch.stack([img.flip(-1), torch.rot90(img, 1, (1, 2))[:, :6, :6].contiguous().repeat(1, 1, 2)[..., :8], img.roll(1, 1)])
print(aug.shape, aug.is_contiguous(), aug.stride(), aug[1].stride())
crops = img.unfold(1, 4, 2).unfold(2, 4, 4)
print(crops.shape, crops.stride(), crops.is_contiguous(), torch.equal(crops[:, 1, 0], img[:, 2:6, 0:4]))
patches = F.unfold(img.unsqueeze(0), kernel_size=3, stride=2)
print(patches.shape, F.fold(patches, (6, 8), kernel_size=3, stride=2).shape)
