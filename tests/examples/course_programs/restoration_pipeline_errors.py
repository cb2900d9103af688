"""A restoration course's troubleshooting appendix: the errors met while building an image
pipeline and a U-Net, each caught and printed with its type and message, then fixed: images of
different sizes batched by the default collate and by torch.stack, a U-Net on an odd-sized image
whose skip connection no longer matches (fixed by F.pad or F.interpolate to the skip's size),
pooling an image smaller than the window, interpolate given both size and scale_factor, reflect
padding wider than the image, padding='same' with a stride, BatchNorm2d / LayerNorm fed the wrong
shape, float64 images into float32 weights, Sequential called with two inputs, ModuleList called,
an optimizer without parameters, a checkpoint of another architecture, view with a wrong size,
and an unknown device string."""
import warnings

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader, Dataset

warnings.simplefilter("ignore")


def attempt(label, fn):
    try:
        result = fn()
        print(f"{label}: ok {result}")
    except Exception as e:
        print(f"{label}: {type(e).__name__}: {e}")


class Varying(Dataset):
    def __init__(self, sizes):
        self.sizes = sizes

    def __len__(self):
        return len(self.sizes)

    def __getitem__(self, i):
        return torch.zeros(1, *self.sizes[i]), i


attempt("collate of different sizes", lambda: next(iter(DataLoader(Varying([(4, 4), (4, 5)]), batch_size=2))))
attempt("collate of equal sizes", lambda: next(iter(DataLoader(Varying([(4, 4), (4, 4)]), batch_size=2)))[0].shape)
attempt("stack of different sizes", lambda: torch.stack([torch.zeros(3), torch.zeros(2)]))
attempt("stack of different ranks", lambda: torch.stack([torch.zeros(1, 3), torch.zeros(3)]))
attempt("collate with a list", lambda: next(iter(DataLoader(Varying([(4, 4), (4, 5)]), batch_size=2,
                                                         collate_fn=list)))[1][0].shape)


class TinyUNet(nn.Module):
    def __init__(self, c=4):
        super().__init__()
        self.enc = nn.Conv2d(1, c, 3, padding=1)
        self.pool = nn.MaxPool2d(2)
        self.mid = nn.Conv2d(c, 2 * c, 3, padding=1)
        self.up = nn.ConvTranspose2d(2 * c, c, 2, stride=2)
        self.dec = nn.Conv2d(2 * c, 1, 3, padding=1)

    def forward(self, x, fix=None):
        e = F.relu(self.enc(x))
        u = self.up(F.relu(self.mid(self.pool(e))))
        if fix == "pad":
            dy, dx = e.size(2) - u.size(2), e.size(3) - u.size(3)
            u = F.pad(u, [dx // 2, dx - dx // 2, dy // 2, dy - dy // 2])
        elif fix == "interpolate":
            u = F.interpolate(u, size=e.shape[-2:], mode="nearest")
        return self.dec(torch.cat([u, e], dim=1))


torch.manual_seed(0)
unet = TinyUNet()
attempt("U-Net on 8x8", lambda: unet(torch.rand(1, 1, 8, 8)).shape)
attempt("U-Net on 9x7", lambda: unet(torch.rand(2, 1, 9, 7)).shape)
attempt("fixed by pad", lambda: unet(torch.rand(2, 1, 9, 7), fix="pad").shape)
attempt("fixed by interpolate", lambda: round(unet(torch.rand(2, 1, 9, 7), fix="interpolate").mean().item(), 4))
attempt("cat on the wrong dim", lambda: torch.cat([torch.zeros(1, 2, 4, 4), torch.zeros(1, 3, 4, 4)], dim=0))
attempt("pool a 1x1 map", lambda: nn.MaxPool2d(2)(torch.zeros(1, 8, 1, 1)))
attempt("avg pool a 1x1 map", lambda: F.avg_pool2d(torch.zeros(1, 8, 1, 1), 2))
attempt("ceil_mode pool", lambda: nn.MaxPool2d(2, ceil_mode=True)(torch.zeros(1, 8, 3, 3)).shape)
attempt("size and scale_factor", lambda: F.interpolate(torch.zeros(1, 1, 4, 4), size=8, scale_factor=2))
attempt("neither size nor scale", lambda: F.interpolate(torch.zeros(1, 1, 4, 4)))
attempt("bilinear on 3-D", lambda: F.interpolate(torch.zeros(1, 4, 4), scale_factor=2, mode="bilinear"))
attempt("unknown mode", lambda: F.interpolate(torch.zeros(1, 1, 4, 4), scale_factor=2, mode="cubic"))
attempt("reflect pad too wide", lambda: F.pad(torch.zeros(1, 1, 2, 2), (3, 3, 3, 3), mode="reflect"))
attempt("replicate pad wide", lambda: F.pad(torch.zeros(1, 1, 2, 2), (3, 3, 3, 3), mode="replicate").shape)
attempt("same padding with stride", lambda: nn.Conv2d(1, 1, 3, stride=2, padding="same"))
attempt("same padding", lambda: nn.Conv2d(1, 1, 4, padding="same")(torch.zeros(1, 1, 5, 5)).shape)
attempt("unknown padding string", lambda: F.conv2d(torch.zeros(1, 1, 5, 5), torch.zeros(1, 1, 3, 3), padding="full"))
attempt("batchnorm2d on 3-D", lambda: nn.BatchNorm2d(3)(torch.zeros(3, 4, 4)))
attempt("batchnorm2d wrong channels", lambda: nn.BatchNorm2d(3)(torch.zeros(2, 4, 4, 4)))
attempt("layernorm wrong shape", lambda: nn.LayerNorm(8)(torch.zeros(2, 4)))
attempt("groupnorm not divisible", lambda: nn.GroupNorm(3, 8))
attempt("float64 image", lambda: nn.Conv2d(1, 1, 3)(torch.zeros(1, 1, 5, 5, dtype=torch.float64)))
attempt("float64 linear", lambda: nn.Linear(3, 1)(torch.zeros(2, 3, dtype=torch.float64)))
attempt("fixed by .float()", lambda: nn.Conv2d(1, 1, 3)(torch.zeros(1, 1, 5, 5, dtype=torch.float64).float()).dtype)
attempt("uint8 image", lambda: nn.Conv2d(1, 1, 3)(torch.zeros(1, 1, 5, 5, dtype=torch.uint8)))
attempt("Sequential with two inputs", lambda: nn.Sequential(nn.Identity())(torch.zeros(1), torch.zeros(1)))
attempt("calling a ModuleList", lambda: nn.ModuleList([nn.Identity()])(torch.zeros(1)))
attempt("empty optimizer", lambda: torch.optim.Adam([], lr=1e-3))
attempt("negative lr", lambda: torch.optim.SGD(unet.parameters(), lr=-1))
attempt("bad betas", lambda: torch.optim.Adam(unet.parameters(), betas=(1.0, 0.999)))
attempt("parameters twice", lambda: torch.optim.SGD([{"params": unet.enc.parameters()}, {"params": unet.enc.parameters()}], lr=0.1))


def load_other():
    other = nn.Sequential(nn.Conv2d(1, 8, 3), nn.ReLU(), nn.Conv2d(8, 1, 3))
    other.load_state_dict(nn.Sequential(nn.Conv2d(1, 4, 3), nn.ReLU(), nn.Conv2d(4, 1, 3)).state_dict())


attempt("checkpoint of another width", load_other)
attempt("missing keys", lambda: unet.load_state_dict({k: v for k, v in unet.state_dict().items() if "dec" not in k}))
result = unet.load_state_dict({k: v for k, v in unet.state_dict().items() if "dec" not in k}, strict=False)
print(result.missing_keys, result.unexpected_keys, result)
attempt("view wrong size", lambda: torch.zeros(2, 3).view(2, 5))
attempt("reshape two -1", lambda: torch.zeros(2, 3).reshape(-1, -1))
attempt("permute wrong dims", lambda: torch.zeros(1, 3, 4, 4).permute(0, 2, 3))
attempt("squeeze out of range", lambda: torch.zeros(1, 3).squeeze(2))
attempt("expand wrong size", lambda: torch.zeros(3, 1).expand(2, 4))
attempt("cuda if available", lambda: torch.zeros(1).to("cuda" if torch.cuda.is_available() else "cpu").device.type)
attempt("device string", lambda: torch.device("gpu"))
attempt("item of empty", lambda: torch.zeros(0).item())
attempt("argmax of empty", lambda: torch.zeros(0).argmax())
attempt("max of empty dim", lambda: torch.zeros(2, 0).max(dim=1))
attempt("clamp without bounds", lambda: torch.zeros(2).clamp())
attempt("mean of an int image", lambda: torch.zeros(1, 3, dtype=torch.uint8).mean())
attempt("mean with dtype", lambda: torch.ones(1, 3, dtype=torch.uint8).mean(dtype=torch.float32))
attempt("one_hot of negative", lambda: F.one_hot(torch.tensor([-1, 0])))
attempt("one_hot too few classes", lambda: F.one_hot(torch.tensor([3, 0]), num_classes=3))
