"""The Introduction to PyTorch series, "Introduction to PyTorch Tensors": ``torch.empty`` shapes,
``manual_seed(1729)`` draws repeated, ``*_like`` factories, ``torch.tensor`` from tuples and nested
lists, ``dtype=torch.int16``/``float64`` and ``.to(torch.int32)``, arithmetic with scalars and
``2 ** ones``, broadcasting rules (and the error of incompatible shapes), the math shown (abs, ceil,
floor, clamp, trigonometry and its inverses, bitwise_xor, eq, max/mean/std/prod/unique,
``linalg.cross``, ``matmul``, ``linalg.svd``), in-place ``_`` methods, ``out=``, ``clone`` and
``detach``, ``unsqueeze``/``squeeze`` errors, ``reshape``, and the NumPy bridge."""
import math

import numpy as np
import torch

x = torch.empty(3, 4)
print(type(x).__name__, x.shape, x.dtype)
zeros = torch.zeros(2, 3)
print(zeros)
ones = torch.ones(2, 3)
print(ones)
torch.manual_seed(1729)
random = torch.rand(2, 3)
print(random)

torch.manual_seed(1729)
random1 = torch.rand(2, 3)
print(random1)
random2 = torch.rand(2, 3)
print(random2)
torch.manual_seed(1729)
random3 = torch.rand(2, 3)
print(random3)
random4 = torch.rand(2, 3)
print(random4, torch.equal(random1, random3), torch.equal(random2, random4))

x = torch.empty(2, 2, 3)
print(x.shape)
empty_like_x = torch.empty_like(x)
print(empty_like_x.shape)
zeros_like_x = torch.zeros_like(x)
print(zeros_like_x)
ones_like_x = torch.ones_like(x)
print(ones_like_x)
rand_like_x = torch.rand_like(x)
print(rand_like_x)

some_constants = torch.tensor([[3.1415926, 2.71828], [1.61803, 0.0072897]])
print(some_constants)
some_integers = torch.tensor((2, 3, 5, 7, 11, 13, 17, 19))
print(some_integers)
more_integers = torch.tensor(((2, 4, 6), [3, 6, 9]))
print(more_integers)

a = torch.ones((2, 3), dtype=torch.int16)
print(a)
b = torch.rand((2, 3), dtype=torch.float64) * 20.
print(b)
c = b.to(torch.int32)
print(c)

ones = torch.zeros(2, 2) + 1
twos = torch.ones(2, 2) * 2
threes = (torch.ones(2, 2) * 7 - 1) / 2
fours = twos ** 2
sqrt2s = twos ** 0.5
print(ones)
print(twos)
print(threes)
print(fours)
print(sqrt2s)
powers2 = twos ** torch.tensor([[1, 2], [3, 4]])
print(powers2)
fives = ones + fours
print(fives)
dozens = threes * fours
print(dozens)
a = torch.rand(2, 3)
b = torch.rand(3, 2)
try:
    print(a * b)
except RuntimeError as e:
    print(type(e).__name__, e)

rand = torch.rand(2, 4)
doubled = rand * (torch.ones(1, 4) * 2)
print(rand)
print(doubled)
a = torch.ones(4, 3, 2)
b = a * torch.rand(3, 2)  # 3rd & 2nd dims identical to a, dim 1 absent
print(b)
c = a * torch.rand(3, 1)  # 3rd dim = 1, 2nd dim identical to a
print(c)
d = a * torch.rand(1, 2)  # 3rd dim identical to a, 2nd dim = 1
print(d)
for shape in [(4, 3), (2, 3), (0,)]:
    try:
        print((a * torch.ones(shape)).shape)
    except RuntimeError as e:
        print(type(e).__name__, e)

# common functions
a = torch.rand(2, 4) * 2 - 1
print('Common functions:')
print(torch.abs(a))
print(torch.ceil(a))
print(torch.floor(a))
print(torch.clamp(a, -0.5, 0.5))

# trigonometric functions and their inverses
angles = torch.tensor([0, math.pi / 4, math.pi / 2, 3 * math.pi / 4])
sines = torch.sin(angles)
inverses = torch.asin(sines)
print('\nSine and arcsine:')
print(angles)
print(sines)
print(inverses)

# bitwise operations
print('\nBitwise XOR:')
b = torch.tensor([1, 5, 11])
c = torch.tensor([2, 7, 10])
print(torch.bitwise_xor(b, c))

# comparisons:
print('\nBroadcasted, element-wise equality comparison:')
d = torch.tensor([[1., 2.], [3., 4.]])
e = torch.ones(1, 2)  # many comparison ops support broadcasting!
print(torch.eq(d, e))  # returns a tensor of type bool

# reductions:
print('\nReduction ops:')
print(torch.max(d))  # returns a single-element tensor
print(torch.max(d).item())  # extracts the value from the returned tensor
print(torch.mean(d))  # average
print(torch.std(d))  # standard deviation
print(torch.prod(d))  # product of all numbers
print(torch.unique(torch.tensor([1, 2, 1, 2, 1, 2])))  # filter unique elements

# vector and linear algebra operations
v1 = torch.tensor([1., 0., 0.])  # x unit vector
v2 = torch.tensor([0., 1., 0.])  # y unit vector
m1 = torch.rand(2, 2)  # random matrix
m2 = torch.tensor([[3., 0.], [0., 3.]])  # three times identity matrix

print('\nVectors & Matrices:')
print(torch.linalg.cross(v2, v1))  # negative of z unit vector (v1 x v2 == -v2 x v1)
print(m1)
m3 = torch.linalg.matmul(m1, m2)
print(m3)  # 3 times m1
U, S, Vh = torch.linalg.svd(m3)
print(S.shape, U.shape, Vh.shape)
print(torch.allclose(U @ torch.diag(S) @ Vh, m3, atol=1e-6))

a = torch.tensor([0, math.pi / 4, math.pi / 2, 3 * math.pi / 4])
print('a:')
print(a)
print(torch.sin(a))  # this operation creates a new tensor in memory
print(a)  # a has not changed
b = torch.tensor([0, math.pi / 4, math.pi / 2, 3 * math.pi / 4])
print('\nb:')
print(b)
print(torch.sin_(b))  # note the underscore
print(b)  # b has changed
a = torch.ones(2, 2)
b = torch.rand(2, 2)
print('Before:')
print(a)
print(b)
print('\nAfter adding:')
print(a.add_(b))
print(a)
print(b)
print('\nAfter multiplying')
print(b.mul_(b))
print(b)

a = torch.rand(2, 2)
b = torch.rand(2, 2)
c = torch.zeros(2, 2)
old_id = id(c)
print(c)
d = torch.matmul(a, b, out=c)
print(c)  # contents of c have changed
assert c is d  # test c & d are same object, not just containing equal values
assert id(c) == old_id  # make sure that our new c is the same object as the old one
torch.rand(2, 2, out=c)  # works for creation too!
print(c)  # c has changed again
assert id(c) == old_id  # still the same object!

a = torch.ones(2, 2)
b = a
a[0][1] = 561  # we change a...
print(b)  # ...and b is also altered
a = torch.ones(2, 2)
b = a.clone()
assert b is not a  # different objects in memory...
print(torch.eq(a, b))  # ...but still with the same contents!
a[0][1] = 561  # a changes...
print(b)  # ...but b is still all ones
a = torch.rand(2, 2, requires_grad=True)  # turn on autograd
print(a)
b = a.clone()
print(b)
c = a.detach().clone()
print(c)
print(a)

a = torch.rand(3, 226, 226)
b = a.unsqueeze(0)
print(a.shape)
print(b.shape)
c = torch.rand(1, 1, 1, 1, 1)
print(c)
a = torch.rand(1, 20)
print(a.shape)
print(a[:, :4])
b = a.squeeze(0)
print(b.shape)
c = torch.rand(2, 2)
print(c.shape)
d = c.squeeze(0)
print(d.shape)
a = torch.ones(4, 3, 2)
c = a * torch.rand(3, 1)  # 3rd dim = 1, 2nd dim identical to a
print(c.shape)
a = torch.ones(4, 3, 2)
b = torch.rand(3)  # trying to multiply a * b will give a runtime error
c = b.unsqueeze(1)  # change to a 2-dimensional tensor, adding new dim at the end
print(c.shape)
print(a * c)  # broadcasting works again!
batch_me = torch.rand(3, 226, 226)
print(batch_me.shape)
batch_me.unsqueeze_(0)
print(batch_me.shape)
output3d = torch.rand(6, 20, 20)
print(output3d.shape)
input1d = output3d.reshape(6 * 20 * 20)
print(input1d.shape)
# can also call it as a method on the torch module:
print(torch.reshape(output3d, (6 * 20 * 20,)).shape)
try:
    a * b
except RuntimeError as e:
    print(type(e).__name__, e)
for bad in (lambda: output3d.reshape(7, -1), lambda: output3d.view(-1, -1), lambda: torch.rand(2, 3).T.view(6)):
    try:
        bad()
    except RuntimeError as e:
        print(type(e).__name__, e)

numpy_array = np.ones((2, 3))
print(numpy_array)
pytorch_tensor = torch.from_numpy(numpy_array)
print(pytorch_tensor)
pytorch_rand = torch.rand(2, 3)
print(pytorch_rand)
numpy_rand = pytorch_rand.numpy()
print(numpy_rand, numpy_rand.dtype)
numpy_array[1, 1] = 23
print(pytorch_tensor)
pytorch_rand[1, 1] = 17
print(numpy_rand)
