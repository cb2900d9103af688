"""Idioms of older tutorials: typed constructors (``torch.FloatTensor``, ``LongTensor``,
``FloatTensor(2, 3).zero_()``), ``torch.autograd.Variable``, ``x.type()`` strings and conversions,
``isinstance(x, torch.FloatTensor)``, ``torch.set_printoptions`` (precision, sci_mode,
threshold/edgeitems, linewidth, profile), size/dim/nelement, ``resize_``, ``new_*`` constructors,
clamp/gather/index_add_/scatter_ and the short dtype conversions."""
import numpy as np
import torch
from torch.autograd import Variable

torch.manual_seed(0)
x = torch.FloatTensor([[1, 2], [3, 4]])
print(x, x.type(), x.dtype)
print(torch.LongTensor([1, 2, 3]), torch.DoubleTensor([1.5]).dtype, torch.IntTensor([7]).type(), torch.ByteTensor([1, 0]))
print(torch.BoolTensor([True, False]), torch.HalfTensor([0.5]).dtype)
z = torch.FloatTensor(2, 3).zero_()
print(z, torch.Tensor(2, 2).fill_(7), torch.LongTensor(3).zero_())
v = Variable(torch.ones(2, 2), requires_grad=True)
y = v + 2
z = y * y * 3
out = z.mean()
print(y, z, out)
out.backward()
print(v.grad, v.data, type(v.data).__name__ == type(v).__name__)
w = Variable(torch.randn(3), requires_grad=True)
print(w.requires_grad, w.data.numpy().shape, w.grad)
print(x.type(torch.LongTensor), x.type(torch.DoubleTensor).dtype, x.type('torch.IntTensor'), x.long().type())
print(x.data.numpy(), x.numpy().tolist(), torch.Tensor(np.array([1.0, 2.0])).dtype, torch.Tensor([1, 2]).dtype)
print(isinstance(x, torch.FloatTensor), isinstance(x.double(), torch.FloatTensor), isinstance(torch.ones(2, dtype=torch.int64), torch.LongTensor))
torch.set_printoptions(precision=2)
print(torch.tensor([1.23456, 2.5]), torch.randn(2, 3))
torch.set_printoptions(precision=4, sci_mode=True)
print(torch.tensor([1.23456, 2.5]))
torch.set_printoptions(profile='default')
print(torch.tensor([1.23456, 2.5]), torch.arange(2000.0))
torch.set_printoptions(threshold=5, edgeitems=2)
print(torch.arange(10), torch.arange(30.0).reshape(5, 6))
torch.set_printoptions(linewidth=40)
print(torch.arange(20.0) / 3)
torch.set_printoptions(profile='default')
a = torch.ones(3)
print(a.size(), a.size(0), a.dim(), a.nelement(), a.numel(), a.element_size(), a.is_cuda, a.is_leaf)
print(torch.is_tensor(a), torch.is_floating_point(a), torch.numel(a), torch.typename(a), a.storage().size() if hasattr(a, 'storage') else None)
b = a.clone()
b.resize_(2)
print(b, a.view(1, 3).expand(2, 3), a.unsqueeze(0).repeat(2, 2), a.new_tensor([1, 2]), a.new_zeros(2), a.new_ones((1, 2)))
print(torch.Tensor.add(a, 1), torch.add(a, a, alpha=2), a.mul_(2).sub_(1).div_(2), a)
print(x.t(), x.transpose(0, 1).contiguous().view(-1), x.permute(1, 0).reshape(4), x.flatten(), x.squeeze().unsqueeze(2).shape)
print(x.masked_fill(x > 2, 0), x.clamp(min=2), x.clamp(max=2.5), x.clamp_(1.5, 3.5), x)
print(torch.max(x, 1), torch.min(x), x.max(0)[0], x.sort(descending=True), torch.topk(x.flatten(), 2))
print(x.gather(1, torch.LongTensor([[0], [1]])), x.index_select(0, torch.tensor([1])), x[x > 2], torch.nonzero(x > 2))
idx = torch.tensor([0, 2, 2])
acc = torch.zeros(3).index_add_(0, idx, torch.ones(3))
print(acc, torch.zeros(3).scatter_(0, torch.tensor([1, 0]), torch.tensor([5.0, 6.0])), torch.zeros(2, 3).scatter_add_(1, torch.tensor([[0, 0], [2, 1]]), torch.ones(2, 2)))
print(torch.eye(3).byte(), torch.eye(2).char(), torch.eye(2).short(), torch.eye(2).bool(), torch.eye(2).half())
