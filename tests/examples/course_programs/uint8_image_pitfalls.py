"""A course's pitfalls of 8-bit images: uint8 arithmetic that wraps around (+, -, *), division that
gives floats, sums and products promoted to int64, mean refused for integer tensors, comparisons
and masks, bit shifts for quantisation, clamping through a wider integer type, casts from negative
ints, floor division, torch.where with uint8 and a Python number, bincount histograms, uint8
tensors from NumPy and back, contrast stretching done in float and rounded, and the dtypes of
each result printed."""
import numpy as np
import torch

rng = np.random.default_rng(3)
img = torch.from_numpy(rng.integers(0, 256, size=(2, 3, 4, 4), dtype=np.uint8))
print(img.dtype, img.shape, img.max(), img.min(), img[0, 0, 0])
for name, value in [("img + 10", img + 10), ("img - 50", img - 50), ("img * 2", img * 2), ("img / 255", img / 255),
                    ("img // 3", img // 3), ("img % 7", img % 7), ("img >> 4", img >> 4), ("img << 1", img << 1),
                    ("img & 0xF0", img & 0xF0), ("img * 1.5", img * 1.5), ("img + img", img + img), ("-img", -img),
                    ("img.sum()", img.sum()), ("img.sum(1)", img.sum(1)), ("img.prod(3)", img.prod(3)), ("img.cumsum(3)", img.cumsum(3)),
                    ("img.float().mean()", img.float().mean()), ("img.double().std()", img.double().std()),
                    ("img > 128", img > 128), ("(img > 128).sum()", (img > 128).sum()), ("img.max(1)", img.max(1).values),
                    ("img.argmax()", img.argmax()), ("img.to(int16) - 50", img.to(torch.int16) - 50), ("img.int() * 300", img.int() * 300),
                    ("img.abs()", img.abs()), ("img.clamp(50, 200)", img.clamp(50, 200)), ("img.clamp(max=100.5)", img.clamp(max=100.5)),
                    ("where(img>128, img, 0)", torch.where(img > 128, img, 0)), ("where(img>128, img, 0.5)", torch.where(img > 128, img, 0.5)),
                    ("img.sqrt()", img.sqrt()), ("img ** 2", img ** 2), ("img.pow(0.5)", img.pow(0.5)), ("img.float() ** 2", img.float() ** 2),
                    ("img == img.T", img == img.transpose(2, 3)), ("img.flip(3)", img.flip(3)), ("img.topk(2).values", img.topk(2).values),
                    ("img.sort(3).values", img.sort(3).values), ("img.median()", img.median()), ("img.unique().numel()", img.unique().numel()),
                    ("img.float().round()", img.float().round()), ("img.bitwise_not()", img.bitwise_not()), ("img.mul(0.5).byte()", img.mul(0.5).byte())]:
    if isinstance(value, torch.Tensor):
        shown = value.flatten()[:6].tolist() if value.ndim else value.item()
        if value.is_floating_point():
            shown = [round(v, 4) for v in shown] if value.ndim else round(shown, 4)
        print(f"{name:26s} {str(value.dtype):14s} {shown}")
    else:
        print(name, value)
for bad in (lambda: img.mean(), lambda: img.std(), lambda: img.var(), lambda: torch.softmax(img, 0), lambda: img.requires_grad_(),
            lambda: img.add_(1.5), lambda: img.float().to(torch.uint8).add_(torch.tensor(300)), lambda: torch.nn.functional.conv2d(img, torch.ones(1, 3, 1, 1))):
    try:
        r = bad()
        print("ok", r.dtype, r.flatten()[:3].tolist())
    except Exception as e:
        print(type(e).__name__, str(e)[:90])
print(torch.tensor([-1, 256, 511]).to(torch.uint8), torch.tensor([250], dtype=torch.uint8) + torch.tensor([10], dtype=torch.uint8))
print(torch.tensor([3.7, -0.2, 255.4]).to(torch.uint8), torch.tensor([3.7, 2.5, 255.4]).round().byte(), torch.tensor([1, 2], dtype=torch.uint8) - 3)
wide = img.to(torch.int32) * 3 - 100
back = wide.clamp(0, 255).to(torch.uint8)
print(wide.dtype, back.dtype, back.flatten()[:6].tolist(), torch.equal(back, (img.int() * 3 - 100).clamp_(0, 255).byte()))
hist = torch.bincount(img[0, 0].flatten().long(), minlength=256)
print(hist.shape, hist.dtype, hist.sum().item(), hist.nonzero().flatten()[:5].tolist(), torch.histc(img[0, 0].float(), bins=4, min=0, max=255))
lo, hi = img.float().amin(dim=(2, 3), keepdim=True), img.float().amax(dim=(2, 3), keepdim=True)
stretched = ((img.float() - lo) / (hi - lo) * 255).round().to(torch.uint8)
print(stretched.dtype, stretched.amin(dim=(2, 3)).flatten().tolist(), stretched.amax(dim=(2, 3)).flatten().tolist())
arr = stretched.permute(0, 2, 3, 1).numpy()
print(arr.dtype, arr.shape, arr.flags["C_CONTIGUOUS"], arr[0, 0, 0], np.asarray(stretched[0]).dtype)
print(img.numpy().mean().round(3), img.float().mean().item() == np.float32(img.numpy().astype(np.float32).mean()), img.element_size(), img.nbytes, img.is_floating_point())
gray = (0.299 * img[:, 0] + 0.587 * img[:, 1] + 0.114 * img[:, 2])
print(gray.dtype, gray.round().to(torch.uint8)[0, 0].tolist(), (img.float() / 127.5 - 1).aminmax())
