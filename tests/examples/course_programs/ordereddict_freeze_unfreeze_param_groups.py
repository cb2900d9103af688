"""A course's transfer-learning-style exercise on a small network: nn.Sequential built from an
OrderedDict (named layers reached as attributes, by index and by slice), a "backbone" frozen with
requires_grad_(False), an optimizer given only the trainable parameters with filter, then the
backbone unfrozen and added with add_param_group at a smaller learning rate, param groups with
different lrs and weight decays printed, Sequential's append / insert / extend / del / len,
named_parameters filtered by requires_grad, a head replaced, and the gradients that frozen layers
do (not) receive."""
from collections import OrderedDict

import torch
import torch.nn as nn
import torch.optim as optim

torch.manual_seed(3)
model = nn.Sequential(OrderedDict([
    ('features', nn.Sequential(OrderedDict([('conv', nn.Conv2d(1, 4, 3, padding=1)),
                                            ('bn', nn.BatchNorm2d(4)),
                                            ('relu', nn.ReLU()),
                                            ('pool', nn.MaxPool2d(2))]))),
    ('flatten', nn.Flatten()),
    ('hidden', nn.Linear(4 * 4 * 4, 10)),
    ('act', nn.ReLU()),
    ('fc', nn.Linear(10, 3)),
]))
print(model)
print(model.features.conv, model[0][0] is model.features.conv, type(model[1:3]).__name__, model[1:3])
print(list(model._modules.keys()), len(model), len(model.features))
print([name for name, _ in model.named_children()])
print([name for name, _ in model.named_modules()])

model.features.requires_grad_(False)
print([(n, p.requires_grad) for n, p in model.named_parameters()])
trainable = [n for n, p in model.named_parameters() if p.requires_grad]
print('trainable', trainable, sum(p.numel() for p in model.parameters() if p.requires_grad))
optimizer = optim.SGD(filter(lambda p: p.requires_grad, model.parameters()), lr=0.1, momentum=0.9,
                      weight_decay=1e-4)
print(len(optimizer.param_groups), len(optimizer.param_groups[0]['params']))

x = torch.randn(8, 1, 8, 8)
y = torch.randint(0, 3, (8,))
loss_fn = nn.CrossEntropyLoss()
for step in range(3):
    loss = loss_fn(model(x), y)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    print(step, round(loss.item(), 4))
print('frozen grads', model.features.conv.weight.grad, model.features.bn.weight.grad)
print('bn running mean moved', model.features.bn.running_mean.abs().sum().item() > 0,
      model.features.bn.num_batches_tracked)

model.features.requires_grad_(True)
optimizer.add_param_group({'params': model.features.parameters(), 'lr': 0.01, 'weight_decay': 0.0})
for i, group in enumerate(optimizer.param_groups):
    print(i, group['lr'], group['momentum'], group['weight_decay'], group['nesterov'], len(group['params']),
          sorted(k for k in group if k != 'params'))
for step in range(2):
    loss = loss_fn(model(x), y)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    print(step, round(loss.item(), 4), round(model.features.conv.weight.grad.norm().item(), 4))
state = optimizer.state_dict()
print(state['param_groups'][1]['params'], list(state['state'].keys()))
print(sorted(state['state'][0].keys()), state['state'][0]['momentum_buffer'].shape)

try:
    optimizer.add_param_group({'params': model.fc.weight})
except ValueError as e:
    print('ValueError', e)

# a new head and the Sequential's list methods
model.fc = nn.Linear(10, 5)
print(model.fc, model[-1] is model.fc)
model.append(nn.LogSoftmax(dim=1))
try:
    model.insert(4, nn.Dropout(0.25))
except KeyError as e:
    print('KeyError', e, list(model._modules.keys()))
model.insert(len(model), nn.Identity())
print(list(model._modules.keys()))
del model[-1]
print(list(model._modules.keys()))
model.insert(4, nn.Dropout(0.25))
print([type(m).__name__ for m in model])
del model[4]
print([type(m).__name__ for m in model], len(model))
model.extend([nn.Identity(), nn.Identity()])
print(len(model), list(model._modules.keys())[-3:])
print(model(x).shape, model(x).exp().sum(dim=1)[:2].round(decimals=4))

# different learning rates by parameter name
decay, no_decay = [], []
for name, p in model.named_parameters():
    (no_decay if name.endswith('bias') or '.bn.' in name else decay).append(p)
opt2 = optim.AdamW([{'params': decay, 'weight_decay': 0.05}, {'params': no_decay, 'weight_decay': 0.0}],
                   lr=1e-3)
print([(len(g['params']), g['weight_decay'], g['lr'], g['betas'], g['amsgrad']) for g in opt2.param_groups])
print(opt2)
