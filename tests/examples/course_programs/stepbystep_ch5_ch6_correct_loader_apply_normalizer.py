"""A course's chapters 5-6 in the "step by step" style: the book's line-image generator (diagonal,
anti-diagonal, horizontal / vertical lines in NumPy), a handwritten ToTensor / Normalize pair, the
trainer's static helpers written with PyTorch's NumPy-style keywords (statistics_per_channel with
mean(axis=2) / std(axis=2) / torch.stack(..., axis=0), loader_apply reducing with sum / mean,
make_normalizer), the per-class correct() counts (torch.max(yhat, 1) for multiclass, a sigmoid
threshold for a single logit), attach_hooks capturing the outputs of named layers by
np.concatenate over mini-batches, and the accuracy per class."""
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
import torch.optim as optim
from torch.utils.data import DataLoader, Dataset, random_split


def generate_dataset(img_size=10, n_images=100, seed=17):
    np.random.seed(seed)
    starts = np.random.randint(-(img_size - 1), img_size, size=(n_images,))
    directions = np.random.randint(0, 3, size=(n_images,))
    images = np.zeros((n_images, img_size, img_size), dtype=np.uint8)
    for i, (start, direction) in enumerate(zip(starts, directions)):
        if direction == 0:
            pos = np.abs(start)
            if start > 0:
                images[i, :, pos] = 255
            else:
                images[i, pos, :] = 255
        else:
            idx = np.arange(max(0, start), min(img_size, img_size + start))
            images[i, idx, idx - start] = 255
            if direction == 2:
                images[i] = np.flip(images[i], axis=1)
    noise = np.random.randint(0, 60, size=images.shape).astype(np.uint8)
    images = np.clip(images.astype(np.int16) + noise, 0, 255).astype(np.uint8)
    return images[:, np.newaxis], directions


class ToTensor:
    def __call__(self, img):
        return torch.as_tensor(img).float().div(255)


class Normalize:
    def __init__(self, mean, std):
        self.mean, self.std = torch.as_tensor(mean), torch.as_tensor(std)

    def __call__(self, x):
        return (x - self.mean.view(-1, 1, 1)) / self.std.view(-1, 1, 1)

    def __repr__(self):
        return f"Normalize(mean={self.mean}, std={self.std})"


class TransformedTensorDataset(Dataset):
    def __init__(self, x, y, transforms=()):
        self.x, self.y, self.transforms = x, y, list(transforms)

    def __getitem__(self, index):
        x = self.x[index]
        for t in self.transforms:
            x = t(x)
        return x, self.y[index]

    def __len__(self):
        return len(self.x)


class StepByStep:
    def __init__(self, model, loss_fn, optimizer):
        self.model, self.loss_fn, self.optimizer = model, loss_fn, optimizer
        self.device = 'cpu'
        self.visualization, self.handles = {}, {}

    @staticmethod
    def statistics_per_channel(images, labels):
        n_samples, n_channels, n_height, n_weight = images.size()
        flatten_per_channel = images.reshape(n_samples, n_channels, -1)
        means = flatten_per_channel.mean(axis=2)
        stds = flatten_per_channel.std(axis=2)
        sum_means = means.sum(axis=0)
        sum_stds = stds.sum(axis=0)
        n_samples = torch.tensor([n_samples] * n_channels).float()
        return torch.stack([n_samples, sum_means, sum_stds], axis=0)

    @staticmethod
    def loader_apply(loader, func, reduce='sum'):
        results = [func(x, y) for i, (x, y) in enumerate(loader)]
        results = torch.stack(results, axis=0)
        if reduce == 'sum':
            results = results.sum(axis=0)
        elif reduce == 'mean':
            results = results.float().mean(axis=0)
        return results

    @staticmethod
    def make_normalizer(loader):
        total_samples, total_means, total_stds = StepByStep.loader_apply(loader, StepByStep.statistics_per_channel)
        norm_mean = total_means / total_samples
        norm_std = total_stds / total_samples
        return Normalize(mean=norm_mean, std=norm_std)

    def correct(self, x, y, threshold=.5):
        self.model.eval()
        yhat = self.model(x.to(self.device))
        y = y.to(self.device)
        self.model.train()
        n_samples, n_dims = yhat.shape
        if n_dims > 1:
            _, predicted = torch.max(yhat, 1)
        else:
            n_dims += 1
            if isinstance(self.model, nn.Sequential) and isinstance(self.model[-1], nn.Sigmoid):
                predicted = (yhat > threshold).long()
            else:
                predicted = (F.sigmoid(yhat) > threshold).long()
        result = []
        for c in range(n_dims):
            n_class = (y == c).sum().item()
            n_correct = (predicted[y == c] == c).sum().item()
            result.append((n_correct, n_class))
        return torch.tensor(result)

    def attach_hooks(self, layers_to_hook, hook_fn=None):
        self.visualization = {}
        modules = list(self.model.named_modules())
        layer_names = {layer: name for name, layer in modules[1:]}
        if hook_fn is None:
            def hook_fn(layer, inputs, outputs):
                name = layer_names[layer]
                values = outputs.detach().cpu().numpy()
                if self.visualization[name] is None:
                    self.visualization[name] = values
                else:
                    self.visualization[name] = np.concatenate([self.visualization[name], values])
        for name, layer in modules:
            if name in layers_to_hook:
                self.visualization[name] = None
                self.handles[name] = layer.register_forward_hook(hook_fn)

    def remove_hooks(self):
        for handle in self.handles.values():
            handle.remove()
        self.handles = {}

    def train(self, loader, n_epochs):
        losses = []
        for _ in range(n_epochs):
            batch_losses = []
            for x, y in loader:
                self.model.train()
                loss = self.loss_fn(self.model(x), y)
                loss.backward()
                self.optimizer.step()
                self.optimizer.zero_grad()
                batch_losses.append(loss.item())
            losses.append(np.mean(batch_losses))
        return losses


images, labels = generate_dataset(img_size=10, n_images=120, seed=17)
print(images.shape, images.dtype, labels[:10], np.bincount(labels))
x_tensor = torch.as_tensor(images)
y_tensor = torch.as_tensor(labels).long()
print(x_tensor.dtype, y_tensor.dtype, x_tensor.float().div(255).mean().item())

torch.manual_seed(13)
raw = TransformedTensorDataset(x_tensor, y_tensor, [ToTensor()])
train_idx, val_idx = random_split(range(len(raw)), [0.8, 0.2])
print(len(train_idx), len(val_idx), train_idx.indices[:5])
raw_train_loader = DataLoader(TransformedTensorDataset(x_tensor[train_idx.indices], y_tensor[train_idx.indices],
                                                       [ToTensor()]), batch_size=16)
stats = StepByStep.loader_apply(raw_train_loader, StepByStep.statistics_per_channel)
print(stats, stats.shape)
print(StepByStep.loader_apply(raw_train_loader, StepByStep.statistics_per_channel, reduce='mean'))
normalizer = StepByStep.make_normalizer(raw_train_loader)
print(normalizer)

train_ds = TransformedTensorDataset(x_tensor[train_idx.indices], y_tensor[train_idx.indices], [ToTensor(), normalizer])
val_ds = TransformedTensorDataset(x_tensor[val_idx.indices], y_tensor[val_idx.indices], [ToTensor(), normalizer])
gen = torch.Generator().manual_seed(1)
train_loader = DataLoader(train_ds, batch_size=16, shuffle=True, generator=gen)
val_loader = DataLoader(val_ds, batch_size=16)
xb, yb = next(iter(val_loader))
print(xb.shape, xb.dtype, round(xb.mean().item(), 4), round(xb.std().item(), 4), yb[:8])

torch.manual_seed(13)
model = nn.Sequential()
model.add_module('conv1', nn.Conv2d(1, 5, kernel_size=3))
model.add_module('relu1', nn.ReLU())
model.add_module('maxp1', nn.MaxPool2d(kernel_size=2))
model.add_module('flatten', nn.Flatten())
model.add_module('fc1', nn.Linear(5 * 4 * 4, 10))
model.add_module('relu2', nn.ReLU())
model.add_module('fc2', nn.Linear(10, 3))
sbs = StepByStep(model, nn.CrossEntropyLoss(reduction='mean'), optim.SGD(model.parameters(), lr=0.1))
losses = sbs.train(train_loader, 10)
print([round(float(v), 4) for v in losses[::3]])
per_class = StepByStep.loader_apply(val_loader, sbs.correct)
print(per_class, per_class.dtype, per_class.shape)
print('accuracy per class', (per_class[:, 0] / per_class[:, 1]).round(decimals=4))
print('overall', per_class.sum(axis=0), round((per_class[:, 0].sum() / per_class[:, 1].sum()).item(), 4))
print(StepByStep.loader_apply(val_loader, sbs.correct, reduce='mean'))

sbs.attach_hooks(['conv1', 'maxp1', 'fc2'])
print(sorted(sbs.visualization), len(sbs.handles))
with torch.no_grad():
    for xv, _ in val_loader:
        sbs.model(xv)
for name, values in sbs.visualization.items():
    print(name, type(values).__name__, values.shape, values.dtype, round(float(values.mean()), 4))
sbs.remove_hooks()
print(len(sbs.handles), [len(m._forward_hooks) for m in model.children()])

# a binary head: one logit thresholded through sigmoid, and a model ending in Sigmoid
bin_y = (y_tensor == 0).float().view(-1, 1)
torch.manual_seed(2)
binary = nn.Sequential(nn.Flatten(), nn.Linear(100, 1))
sbs_bin = StepByStep(binary, nn.BCEWithLogitsLoss(), optim.Adam(binary.parameters(), lr=0.01))
bin_loader = DataLoader(TransformedTensorDataset(x_tensor, bin_y, [ToTensor(), normalizer]), batch_size=30)
print([round(float(v), 4) for v in sbs_bin.train(bin_loader, 5)])
print(StepByStep.loader_apply(bin_loader, sbs_bin.correct))
with_sigmoid = nn.Sequential(binary, nn.Sigmoid())
print(StepByStep(with_sigmoid, None, None).correct(*next(iter(bin_loader)), threshold=0.3))
print(F.sigmoid(torch.tensor([0.0, 2.0])), torch.sigmoid(torch.tensor([-1.0])), F.tanh(torch.tensor([0.5])))
