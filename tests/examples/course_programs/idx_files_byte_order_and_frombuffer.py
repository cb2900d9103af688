"""Reading MNIST-style IDX files by hand, as a course does before torchvision: the files are built
in memory with struct (big-endian magic numbers and sizes), parsed with np.frombuffer and
torch.frombuffer, the big-endian header arrays handed to torch by mistake (PyTorch's byte-order
ValueError) and then fixed (astype to native order, or int() of each element), uint8 pixels turned
into float images, a read-only buffer's warning avoided with bytearray, labels one-hot encoded,
and a tiny softmax classifier trained on the parsed images with a TensorDataset and DataLoader."""
import io
import struct

import numpy as np
import torch
import torch.nn.functional as F
from torch.utils.data import DataLoader, TensorDataset

rng = np.random.default_rng(0)
n, rows, cols = 24, 6, 6
labels = rng.integers(0, 3, size=n).astype(np.uint8)
images = np.zeros((n, rows, cols), dtype=np.uint8)
for i, c in enumerate(labels):
    images[i, :, 2 * c:2 * c + 2] = 200 + rng.integers(0, 55, size=(rows, 2))
    images[i] += rng.integers(0, 30, size=(rows, cols)).astype(np.uint8)

image_file = io.BytesIO(struct.pack(">IIII", 2051, n, rows, cols) + images.tobytes())
label_file = io.BytesIO(struct.pack(">II", 2049, n) + labels.tobytes())
print(len(image_file.getvalue()), len(label_file.getvalue()))

raw = image_file.getvalue()
header = np.frombuffer(raw, dtype=">i4", count=4)
print(header, header.dtype, header.dtype.byteorder, header.dtype.isnative)
for convert in (torch.from_numpy, torch.tensor, torch.as_tensor):
    try:
        convert(header)
    except ValueError as e:
        print(convert.__name__, "ValueError:", e)
fixed = torch.from_numpy(header.astype(np.int32))
print(fixed, fixed.dtype, [int(v) for v in header], torch.tensor([int(v) for v in header]))
magic, count, r, c = struct.unpack(">IIII", raw[:16])
print(magic, count, r, c)

pixels = torch.frombuffer(bytearray(raw), dtype=torch.uint8, offset=16)
print(pixels.shape, pixels.dtype, pixels[:5])
swapped = torch.frombuffer(bytearray(raw[:16]), dtype=torch.int32)
print(swapped, swapped.dtype, torch.tensor(np.frombuffer(raw[:16], dtype=">i4").byteswap().view("<i4")))
imgs = pixels.view(count, r, c)
x = imgs.float().div(255).unsqueeze(1)
print(x.shape, x.dtype, round(x.mean().item(), 4), x.max().item() <= 1.0)
lab_raw = label_file.getvalue()
y = torch.frombuffer(bytearray(lab_raw), dtype=torch.uint8, offset=8).long()
print(y[:8], y.dtype, torch.bincount(y), F.one_hot(y[:4], num_classes=3))
u8_header = np.frombuffer(lab_raw[:8], dtype=">u4")
print(torch.tensor(u8_header.astype(np.int64)), torch.tensor(np.frombuffer(lab_raw[8:], dtype=">u1")[:4]))

mean, std = x.mean(), x.std()
ds = TensorDataset((x - mean) / std, y)
loader = DataLoader(ds, batch_size=8, shuffle=True, generator=torch.Generator().manual_seed(0))
torch.manual_seed(0)
W = torch.zeros(rows * cols, 3, requires_grad=True)
b = torch.zeros(3, requires_grad=True)
opt = torch.optim.SGD([W, b], lr=0.1)
for epoch in range(4):
    total = 0.0
    for xb, yb in loader:
        logits = xb.flatten(1) @ W + b
        loss = F.cross_entropy(logits, yb)
        opt.zero_grad()
        loss.backward()
        opt.step()
        total += loss.item() * len(xb)
    acc = ((ds.tensors[0].flatten(1) @ W + b).argmax(1) == y).float().mean()
    print(epoch, f"{total / n:.4f}", f"{acc.item():.3f}")
print(W.grad.shape, b.grad, (W.detach().view(rows, cols, 3).sum(0).argmax(0)))
