"""A deblurring course's first lab on real-looking images: uint8 H x W x C arrays made into a
batch of one with from_numpy(...).permute(2, 0, 1).float().div(255).unsqueeze(0), blurred per channel
with a Gaussian PSF by conv2d (groups=3) after reflect padding, resized with interpolate and
pooled, each result flattened with .view as the lab's feature code does (it works where PyTorch
lays the result out row-major), the same for a channels-last batch and a slice of one, and the
mistakes students make with a PSF: a 2-D kernel handed to conv2d, a kernel of three dims,
padding='same' with a stride, a bool mask padded by reflection, a transposed convolution of
integer images."""
import numpy as np
import torch
import torch.nn.functional as F

rng = np.random.default_rng(11)
hwc = rng.integers(0, 256, size=(12, 16, 3), dtype=np.uint8)
hwc[3:9, 4:12] = [250, 40, 40]
x = torch.from_numpy(hwc).permute(2, 0, 1).float().div(255).unsqueeze(0)
print("image", tuple(x.shape), x.stride(), x.is_contiguous(), x.is_contiguous(memory_format=torch.channels_last))

r = torch.arange(5, dtype=torch.float32) - 2
g = torch.exp(-r ** 2 / 2)
psf = torch.outer(g, g)
psf = psf / psf.sum()
weight = psf.expand(3, 1, 5, 5)


def describe(name, t):
    print(f"{name:>12}", tuple(t.shape), t.is_contiguous(), t.is_contiguous(memory_format=torch.channels_last),
          round(t.abs().sum().item(), 2))
    try:
        flat = t.view(t.shape[0], -1)
        print(f"{'':>12} view ok", tuple(flat.shape), round(flat[0, :5].sum().item(), 4))
    except RuntimeError as err:
        print(f"{'':>12} view fails:", str(err).split(".")[0])


def layers(name, img):
    print("--", name)
    blurred = F.conv2d(F.pad(img, (2, 2, 2, 2), mode="reflect"), weight, groups=3)
    describe("blurred", blurred)
    describe("same", F.conv2d(img, weight, padding="same", groups=3))
    describe("upsampled", F.interpolate(blurred, scale_factor=2, mode="bilinear", align_corners=False))
    describe("area", F.interpolate(img, size=(6, 8), mode="area"))
    describe("pooled", F.max_pool2d(img, 2))
    describe("avg", F.avg_pool2d(img, 2))
    describe("replicate", F.pad(img, (1, 1, 1, 1), mode="replicate"))
    describe("shuffled", F.pixel_shuffle(torch.cat([img, img, img, img], 1)[:, :4], 2))
    describe("normed", F.group_norm(img, 3))


layers("HWC image with a batch dim", x)
cl = torch.from_numpy(np.stack([hwc, hwc[::-1].copy()])).permute(0, 3, 1, 2).float().div(255)
layers("channels-last batch", cl)
layers("every other image of it", torch.cat([cl, cl]).contiguous(memory_format=torch.channels_last)[::2])
layers("its right part", cl[..., 2:])
layers("rows and channels swapped", cl.permute(0, 2, 1, 3).contiguous().permute(0, 2, 1, 3))

print("-- mistakes")
mistakes = {
    "2-D kernel": lambda: F.conv2d(x, psf),
    "3-D kernel": lambda: F.conv2d(x, psf[None]),
    "2-D kernel, padding='same'": lambda: F.conv2d(x, psf, padding="same"),
    "same padding with stride 2": lambda: F.conv2d(x, weight, padding="same", stride=2, groups=3),
    "image without batch, 5-D": lambda: F.conv2d(x[None], weight, groups=3, stride=(1, 1, 1)),
    "unknown padding string": lambda: F.conv2d(x, weight, padding="full", groups=3),
    "padding and dilation of three": lambda: F.conv2d(x, weight, padding=(1, 1, 1), dilation=(1, 1, 1), groups=3),
    "reflect-padded bool mask": lambda: F.pad(x > 0.5, (2, 2, 2, 2), mode="reflect"),
    "replicate-padded bool mask": lambda: F.pad((x > 0.5)[0], (1, 1), mode="replicate"),
    "circular-padded bool mask": lambda: F.pad(x > 0.5, (1, 1, 1, 1), mode="circular"),
    "int32 transposed conv": lambda: F.conv_transpose2d(torch.from_numpy(hwc).permute(2, 0, 1)[None].int(),
                                                        torch.ones(3, 1, 2, 2), stride=2),
    "int transposed conv, bad output padding": lambda: F.conv_transpose2d(
        torch.from_numpy(hwc).permute(2, 0, 1)[None].int(), torch.ones(3, 1, 2, 2), stride=1, output_padding=2),
    "float64 kernel, bad output padding": lambda: F.conv_transpose2d(x, weight.double(), output_padding=2),
}
for name, call in mistakes.items():
    try:
        out = call()
        print(f"{name}: ok", tuple(out.shape), out.dtype)
    except Exception as err:
        print(f"{name}: {type(err).__name__}: {str(err).splitlines()[0]}")
