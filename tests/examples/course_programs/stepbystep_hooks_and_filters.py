"""A course's "what is the network looking at" chapter in the step-by-step style: a trainer's
attach_hooks / remove_hooks that capture every named layer's output with forward hooks (a dict
built from named_modules), the captured feature maps summarised, filters of a Conv2d read from
weight.data and summarised per channel, gradients captured per parameter with Tensor.register_hook
during training, parameters snapshotted each epoch, a per-class accuracy by scatter_add_, a
confusion matrix by index_put_, and a classifier that uses nn.Softmax / nn.LogSoftmax + NLLLoss."""
import copy

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader, TensorDataset


def make_images(n, g):
    """6x6 images of a horizontal bar (0), a vertical bar (1) or a diagonal (2)."""
    labels = torch.randint(0, 3, (n,), generator=g)
    imgs = 0.1 * torch.rand(n, 1, 6, 6, generator=g)
    pos = torch.randint(1, 5, (n,), generator=g)
    for i, (lab, p) in enumerate(zip(labels.tolist(), pos.tolist())):
        if lab == 0:
            imgs[i, 0, p, :] = 1.0
        elif lab == 1:
            imgs[i, 0, :, p] = 1.0
        else:
            imgs[i, 0].fill_diagonal_(1.0)
    return imgs, labels


g = torch.Generator().manual_seed(12)
X, Y = make_images(120, g)
train_loader = DataLoader(TensorDataset(X[:96], Y[:96]), batch_size=16, shuffle=True,
                          generator=torch.Generator().manual_seed(2))
Xv, Yv = X[96:], Y[96:]


class Trainer:
    def __init__(self, model, loss_fn, optimizer):
        self.model, self.loss_fn, self.optimizer = model, loss_fn, optimizer
        self.visualization, self.handles = {}, {}
        self._gradients, self._parameters = {}, {}

    def attach_hooks(self, layers_to_hook, hook_fn=None):
        self.visualization = {}
        modules = list(self.model.named_modules())
        layer_names = {layer: name for name, layer in modules[1:]}
        if hook_fn is None:
            def hook_fn(layer, inputs, outputs):
                name = layer_names[layer]
                values = outputs.detach().cpu().numpy()
                if self.visualization.get(name) is None:
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

    def capture_gradients(self, layers_to_hook):
        modules = list(self.model.named_modules())
        self._gradients = {}

        def make_log_fn(name, parm_id):
            def log_fn(grad):
                self._gradients[name][parm_id].append(grad.tolist())
            return log_fn

        for name, layer in modules:
            if name in layers_to_hook:
                self._gradients[name] = {}
                for parm_id, p in layer.named_parameters():
                    self._gradients[name][parm_id] = []
                    self.handles[f"{name}.{parm_id}.grad"] = p.register_hook(make_log_fn(name, parm_id))

    def capture_parameters(self, layers_to_hook):
        modules = list(self.model.named_modules())
        self._parameters = {}
        for name, layer in modules:
            if name in layers_to_hook:
                self._parameters[name] = {}
                for parm_id, p in layer.named_parameters():
                    self._parameters[name][parm_id] = []

        def fw_hook_fn(layer, inputs, outputs):
            name = layer_names[layer]
            for parm_id, parameter in layer.named_parameters():
                self._parameters[name][parm_id].append(parameter.tolist())

        layer_names = {layer: name for name, layer in modules}
        for name, layer in modules:
            if name in layers_to_hook:
                self.handles[f"{name}.params"] = layer.register_forward_hook(fw_hook_fn)

    def train(self, loader, n_epochs):
        for epoch in range(n_epochs):
            total = 0.0
            for xb, yb in loader:
                self.model.train()
                loss = self.loss_fn(self.model(xb), yb)
                loss.backward()
                self.optimizer.step()
                self.optimizer.zero_grad()
                total += loss.item()
            print(f"epoch {epoch} loss {total / len(loader):.4f}")


torch.manual_seed(4)
model = nn.Sequential()
model.add_module('conv1', nn.Conv2d(1, 3, kernel_size=3))
model.add_module('relu1', nn.ReLU())
model.add_module('maxp1', nn.MaxPool2d(kernel_size=2))
model.add_module('flatten', nn.Flatten())
model.add_module('fc1', nn.Linear(12, 8))
model.add_module('relu2', nn.ReLU())
model.add_module('fc2', nn.Linear(8, 3))
model.add_module('logsoftmax', nn.LogSoftmax(dim=-1))
trainer = Trainer(model, nn.NLLLoss(), torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.5))
print(model)
trainer.capture_gradients(['fc2'])
trainer.capture_parameters(['conv1'])
trainer.train(train_loader, 5)
grads = trainer._gradients['fc2']
print(sorted(grads), len(grads['weight']), np.array(grads['bias']).shape, np.round(np.array(grads['bias'][-1]), 4).tolist())
params = trainer._parameters['conv1']
print(len(params['weight']), np.array(params['weight']).shape, np.round(np.array(params['bias'][0]) - np.array(params['bias'][-1]), 5).tolist())
trainer.remove_hooks()
print(trainer.handles, len(trainer._gradients['fc2']['weight']))

trainer.attach_hooks(['conv1', 'relu1', 'maxp1', 'fc2', 'logsoftmax'])
model.eval()
with torch.no_grad():
    for i in range(0, 24, 8):
        model(Xv[i:i + 8])
trainer.remove_hooks()
for name, values in trainer.visualization.items():
    print(f"{name:10s} {values.shape} mean {values.mean():.4f} max {values.max():.4f} dtype {values.dtype}")
probs = np.exp(trainer.visualization['logsoftmax'])
print(np.round(probs.sum(axis=1)[:4], 5).tolist(), probs.argmax(1)[:8].tolist(), Yv[:8].tolist())

filters = model.conv1.weight.data.cpu().numpy()
print(filters.shape, np.round(filters.mean(axis=(1, 2, 3)), 4).tolist(), np.round(model.conv1.bias.data.numpy(), 4).tolist())
print(model.conv1.weight.data.norm(dim=(2, 3)).squeeze(1), model.conv1.weight.data.flatten(1).abs().max(dim=1))

with torch.no_grad():
    preds = model(Xv).argmax(dim=1)
correct_per_class = torch.zeros(3).scatter_add_(0, Yv, (preds == Yv).float())
count_per_class = torch.zeros(3, dtype=torch.long).scatter_add_(0, Yv, torch.ones_like(Yv))
print(correct_per_class, count_per_class, (correct_per_class / count_per_class).round(decimals=3))
cm = torch.zeros(3, 3, dtype=torch.int64)
cm.index_put_((Yv, preds), torch.tensor(1), accumulate=True)
print(cm, cm.trace().item(), cm.sum(dim=0), cm.diag() / cm.sum(dim=1))
softmax_model = copy.deepcopy(model)
softmax_model.logsoftmax = nn.Softmax(dim=-1)
with torch.no_grad():
    p = softmax_model(Xv[:3])
print(softmax_model[-1], p.sum(dim=1).allclose(torch.ones(3)), torch.allclose(p.log(), model(Xv[:3]), atol=1e-6))
print(F.nll_loss(model(Xv), Yv), nn.CrossEntropyLoss()(softmax_model[:-1](Xv), Yv))
