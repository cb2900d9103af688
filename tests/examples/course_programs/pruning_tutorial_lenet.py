""""Pruning Tutorial": LeNet's ``conv1`` pruned by ``prune.random_unstructured`` (``weight_orig`` among
the parameters, ``weight_mask`` among the buffers, the forward pre-hook), ``l1_unstructured`` on the
bias with an integer amount, iterative ``ln_structured`` along channels (the ``PruningContainer``'s
history), the pruned model's ``state_dict`` keys, ``prune.remove`` making it permanent, pruning
several parameters, ``global_unstructured`` with the sparsity of each layer, and a custom
``BasePruningMethod`` pruning every other entry."""
import torch
from torch import nn
import torch.nn.utils.prune as prune
import torch.nn.functional as F

torch.manual_seed(0)


class LeNet(nn.Module):
    def __init__(self):
        super(LeNet, self).__init__()
        # 1 input image channel, 6 output channels, 5x5 square conv kernel
        self.conv1 = nn.Conv2d(1, 6, 5)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(16 * 5 * 5, 120)  # 5x5 image dimension
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), (2, 2))
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = x.view(-1, int(x.nelement() / x.shape[0]))
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        x = self.fc3(x)
        return x


model = LeNet()
module = model.conv1
print(list(module.named_parameters())[1])
print(list(module.named_buffers()))
prune.random_unstructured(module, name="weight", amount=0.3)
print([n for n, _ in module.named_parameters()])
print([(n, b.shape, b.dtype) for n, b in module.named_buffers()])
print(module.weight[0])
print(module.weight_mask.sum(), int(torch.sum(module.weight == 0)))
print(type(module._forward_pre_hooks).__name__, [(k, type(h).__name__) for k, h in module._forward_pre_hooks.items()])
print(type(module.weight).__name__, module.weight.grad_fn.__class__.__name__, isinstance(module.weight, nn.Parameter))
prune.l1_unstructured(module, name="bias", amount=3)
print([n for n, _ in module.named_parameters()])
print([n for n, _ in module.named_buffers()])
print(module.bias_mask, module.bias_orig)
print(module.bias)
print([type(h).__name__ for h in module._forward_pre_hooks.values()])

prune.ln_structured(module, name="weight", amount=0.5, n=2, dim=0)
print(module.weight.flatten(1).abs().sum(1))
print((module.weight_mask.flatten(1).sum(1)))
for hook in module._forward_pre_hooks.values():
    if hook._tensor_name == "weight":  # select out the correct hook
        break
print(type(hook).__name__, len(hook), hook._tensor_name)
print([type(h).__name__ for h in hook], [h._tensor_name for h in hook])
print(list(model.state_dict().keys()))
out = model(torch.randn(2, 1, 32, 32))
print(out.shape, [round(v, 4) for v in out[0].tolist()])
out.sum().backward()
print(module.weight_orig.grad.shape, int((module.weight_orig.grad != 0).sum()), module.weight_orig.grad.flatten()[:4])

prune.remove(module, 'weight')
print([n for n, _ in module.named_parameters()])
print([n for n, _ in module.named_buffers()])
print(int((module.weight == 0).sum()), type(module.weight).__name__)

new_model = LeNet()
for name, module in new_model.named_modules():
    # prune 20% of connections in all 2D-conv layers
    if isinstance(module, torch.nn.Conv2d):
        prune.l1_unstructured(module, name='weight', amount=0.2)
    # prune 40% of connections in all linear layers
    elif isinstance(module, torch.nn.Linear):
        prune.l1_unstructured(module, name='weight', amount=0.4)
print(dict(new_model.named_buffers()).keys())  # to verify that all masks exist

model = LeNet()
parameters_to_prune = (
    (model.conv1, 'weight'),
    (model.conv2, 'weight'),
    (model.fc1, 'weight'),
    (model.fc2, 'weight'),
    (model.fc3, 'weight'),
)
prune.global_unstructured(
    parameters_to_prune,
    pruning_method=prune.L1Unstructured,
    amount=0.2,
)
for name in ("conv1", "conv2", "fc1", "fc2", "fc3"):
    w = getattr(model, name).weight
    print(
        "Sparsity in {}.weight: {:.2f}%".format(name, 100. * float(torch.sum(w == 0)) / float(w.nelement()))
    )
total = sum(float(torch.sum(getattr(model, n).weight == 0)) for n in ("conv1", "conv2", "fc1", "fc2", "fc3"))
print("Global sparsity: {:.2f}%".format(100. * total / sum(getattr(model, n).weight.nelement()
                                                           for n in ("conv1", "conv2", "fc1", "fc2", "fc3"))))


class FooBarPruningMethod(prune.BasePruningMethod):
    """Prune every other entry in a tensor
    """
    PRUNING_TYPE = 'unstructured'

    def compute_mask(self, t, default_mask):
        mask = default_mask.clone()
        mask.view(-1)[::2] = 0
        return mask


def foobar_unstructured(module, name):
    FooBarPruningMethod.apply(module, name)
    return module


model = LeNet()
foobar_unstructured(model.fc3, name='bias')
print(model.fc3.bias_mask)
print(prune.is_pruned(model), prune.is_pruned(LeNet()))
m = nn.Linear(4, 3)
prune.random_structured(m, "weight", amount=1, dim=1)
print(m.weight_mask)
prune.identity(m, "bias")
print(m.bias_mask, [n for n, _ in m.named_parameters()])
