"""Building a restoration network out of containers the way a course shows them: repeated blocks
in Sequential (their collapsed repr), slicing, append/insert/del, ModuleList/ModuleDict,
ParameterList/ParameterDict, shared submodules, state_dict prefixes and keep_vars, state-dict
hooks, half/float round trips, zero_grad, and the reprs of layers, losses and optimizers."""
import torch
import torch.nn as nn

torch.manual_seed(0)
block = lambda: nn.Sequential(nn.Conv2d(4, 4, 3, padding=1), nn.BatchNorm2d(4), nn.ReLU())
net = nn.Sequential(*[block() for _ in range(3)], nn.Flatten(), nn.Unflatten(1, (4, 16)), nn.Identity())
print(net)
print(net[1:3], type(net[1:3]).__name__, len(net))
del net[-1]; net.append(nn.Tanh()); net.insert(0, nn.Dropout(0.1))
print(len(net), net[0], net[-1], net(torch.rand(2, 4, 4, 4)).shape)
ml = nn.ModuleList([nn.Linear(2, 2) for _ in range(4)]); ml.extend([nn.ReLU()]); ml.insert(1, nn.GELU(approximate='tanh'))
print(ml)
pl = nn.ParameterList([nn.Parameter(torch.ones(2)), nn.Parameter(torch.zeros(3, 2))]); print(pl)
pd = nn.ParameterDict({'a': nn.Parameter(torch.ones(1)), 'b': nn.Parameter(torch.zeros(2), requires_grad=False)}); print(pd)
md = nn.ModuleDict({'enc': nn.Linear(3, 4), 'dec': nn.Linear(4, 3)}); print(md, list(md.keys()), 'enc' in md)
shared = nn.Linear(2, 2); two = nn.Sequential(shared, shared)
print(len(list(two.modules())), len(list(two.parameters())), list(two.state_dict().keys()))
sd = md.state_dict(prefix='model.', keep_vars=True)
print(list(sd), type(sd['model.enc.weight']).__name__, sd['model.enc.bias'].requires_grad)
p = nn.Parameter(torch.tensor([1.5, -2.0])); print(p, repr(p * 2), torch.tensor([1.5], dtype=torch.float64, requires_grad=True))

class Restorer(nn.Module):
    def __init__(self):
        super().__init__()
        self.lin = nn.Linear(2, 2)
        self.register_state_dict_pre_hook(lambda mod, prefix, keep_vars: print('saving with prefix', repr(prefix)))
        self.register_load_state_dict_post_hook(lambda mod, inc: print('loaded', inc))
m = Restorer(); s = m.state_dict(); m.load_state_dict(s)
h = m.half(); print(h.lin.weight.dtype, m.float().lin.bias.dtype)
m.zero_grad(); print(m.lin.weight.grad)
m.lin.weight.grad = torch.ones(2, 2); m.zero_grad(set_to_none=False); print(m.lin.weight.grad)
opt = torch.optim.SGD(m.parameters(), lr=0.1, momentum=0.9, weight_decay=1e-4); print(opt)
sch = torch.optim.lr_scheduler.StepLR(opt, 2, 0.5); print(sch.state_dict())
print(nn.Sequential(nn.Linear(2, 3), nn.ReLU()).extra_repr() == '', nn.Linear(2, 3).extra_repr(), nn.Conv2d(1, 2, 3).extra_repr())
print(nn.LSTM(3, 4, num_layers=2, batch_first=True, dropout=0.1), nn.Embedding(10, 3, padding_idx=0), nn.MultiheadAttention(8, 2, batch_first=True))
print(nn.LayerNorm([4, 4]), nn.GroupNorm(2, 4), nn.InstanceNorm2d(3, affine=True), nn.LeakyReLU(0.2, inplace=True), nn.PReLU(3),
      nn.Softmax(dim=1), nn.AvgPool2d(3, stride=2, padding=1, ceil_mode=True, count_include_pad=False))
print(nn.MaxPool2d(2), nn.AdaptiveMaxPool2d((2, 3)), nn.Dropout(), nn.ConvTranspose2d(2, 3, 2, 2), nn.Hardtanh(-2, 2), nn.ELU(alpha=0.5),
      nn.Softplus(beta=2), nn.Threshold(0.1, 20), nn.CELU(), nn.ZeroPad2d((1, 2, 0, 0)), nn.ReflectionPad2d(2), nn.ReplicationPad1d(3),
      nn.ConstantPad2d(1, 3.5), nn.CircularPad2d(1))
print(nn.CrossEntropyLoss(), nn.BCEWithLogitsLoss(pos_weight=torch.ones(1)), nn.L1Loss(reduction='sum'), nn.KLDivLoss(reduction='batchmean', log_target=True))
total = sum(p.numel() for p in net.parameters()); trainable = sum(p.numel() for p in net.parameters() if p.requires_grad)
print(f'{total:,} parameters, {trainable} trainable, {sum(b.numel() for b in net.buffers())} buffer values')
for name, mod in net.named_modules():
    if isinstance(mod, nn.BatchNorm2d):
        print(name, mod.num_batches_tracked.item(), mod.running_var[:2])
