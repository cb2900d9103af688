"""The two networks of SelfDeblur (Ren et al., CVPR 2020), scaled down for a CPU.

* ``ImageNet``: the encoder-decoder "skip" network of Deep Image Prior
  (Ulyanov et al., CVPR 2018). Each level goes down by a stride-2 3x3 conv and a
  3x3 conv, recurses into the next level, comes back up by bilinear upsampling,
  is concatenated with a 1x1-conv skip branch taken before it went down, and is
  mixed by a 3x3 and a 1x1 conv. Every conv is followed by BatchNorm and
  LeakyReLU(0.2) and pads by reflection; a 1x1 conv and a sigmoid give the image.
* ``KernelNet``: a two-layer perceptron whose softmax output, reshaped K x K, is
  the kernel (non-negative, sums to 1).

Both take fixed random noise as input; only their weights are trained. The
classes are made for the tensor library passed to ``networks(torch)``.
"""
import functools

import numpy as np


@functools.lru_cache(maxsize=None)
def networks(torch):
    """The classes ``(ImageNet, KernelNet)`` built on ``torch.nn.Module`` of the given library."""
    nn = torch.nn

    def conv_bn_act(cin, cout, size, stride=1):
        return nn.Sequential(
            nn.Conv2d(cin, cout, size, stride=stride, padding=size // 2, padding_mode="reflect"),
            nn.BatchNorm2d(cout),
            nn.LeakyReLU(0.2),
        )

    class Level(nn.Module):
        """One level of the encoder-decoder; ``inner`` is the next level down (or None at the bottom)."""

        def __init__(self, cin, down, up, skip, inner, inner_out):
            super().__init__()
            self.skip = conv_bn_act(cin, skip, 1)
            self.down = nn.Sequential(conv_bn_act(cin, down, 3, stride=2), conv_bn_act(down, down, 3))
            self.inner = inner
            self.merge_bn = nn.BatchNorm2d(skip + inner_out)
            self.merge = nn.Sequential(conv_bn_act(skip + inner_out, up, 3), conv_bn_act(up, up, 1))

        def forward(self, x):
            deeper = self.down(x)
            if self.inner is not None:
                deeper = self.inner(deeper)
            deeper = nn.functional.interpolate(deeper, scale_factor=2, mode="bilinear", align_corners=False)
            return self.merge(self.merge_bn(torch.cat([self.skip(x), deeper], 1)))

    class ImageNet(nn.Module):
        """Noise (1, in_channels, S, S) -> image (1, 1, S, S) in (0, 1); S divisible by 2 ** len(down)."""

        def __init__(self, in_channels=8, down=(32, 32, 64, 64), up=(32, 32, 64, 64), skip=(8, 8, 8, 8)):
            super().__init__()
            inner, inner_out = None, None
            for i in reversed(range(len(down))):
                cin = in_channels if i == 0 else down[i - 1]
                inner = Level(cin, down[i], up[i], skip[i], inner, down[i] if inner is None else inner_out)
                inner_out = up[i]
            self.levels = inner
            self.out = nn.Conv2d(up[0], 1, 1)

        def forward(self, z):
            return torch.sigmoid(self.out(self.levels(z)))

    class KernelNet(nn.Module):
        """Noise (in_features,) -> K x K kernel: Linear, ReLU6, Linear, softmax."""

        def __init__(self, kernel_size, in_features=200, hidden=1000):
            super().__init__()
            self.kernel_size = kernel_size
            self.hidden = nn.Linear(in_features, hidden)
            self.out = nn.Linear(hidden, kernel_size * kernel_size)

        def forward(self, z):
            h = self.hidden(z).clamp(0, 6)   # ReLU6
            return self.out(h).softmax(0).reshape(self.kernel_size, self.kernel_size)

    return ImageNet, KernelNet


def init_from_numpy(torch, module, rng):
    """Redraw every conv and linear layer's weight and bias from NumPy's generator ``rng``.

    The distribution is PyTorch's default (uniform within +-1/sqrt(fan_in), the
    bound of ``kaiming_uniform_(a=sqrt(5))``); drawing it from NumPy gives the
    same starting weights on every backend, so runs can be compared number by
    number. BatchNorm keeps its default (weight 1, bias 0).
    """
    with torch.no_grad():
        for m in module.modules():
            weight = getattr(m, "weight", None)
            if weight is None or weight.dim() < 2:
                continue
            bound = 1.0 / np.sqrt(weight[0].numel())
            weight.copy_(torch.tensor(rng.uniform(-bound, bound, tuple(weight.shape)), dtype=weight.dtype))
            if getattr(m, "bias", None) is not None:
                m.bias.copy_(torch.tensor(rng.uniform(-bound, bound, tuple(m.bias.shape)), dtype=m.bias.dtype))
