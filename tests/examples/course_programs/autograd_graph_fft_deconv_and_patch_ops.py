"""A deconvolution course's autograd cell: the graph of a Fourier-domain deconvolution loss walked
through grad_fn.next_functions and printed as an indented tree (fft2 of a real image, its
conjugate, the Wiener-like division, the inverse transform's real part), the graphs of patch
operations (F.unfold / F.fold, a transposed batch flattened into rows with a copy, reshape of a
permuted tensor), hooks registered on the nodes themselves (register_hook / register_prehook,
whose gradient tuples have one entry per edge), the is-view status and versions of the results,
and the gradients compared with finite differences."""
import torch
import torch.nn.functional as F


def tree(fn, depth=0, seen=None, lines=None):
    seen = set() if seen is None else seen
    lines = [] if lines is None else lines
    if fn is None:
        return lines
    name = type(fn).__name__
    lines.append("  " * depth + name + ("" if id(fn) not in seen else " (seen)"))
    if id(fn) in seen or depth > 8:
        return lines
    seen.add(id(fn))
    for child, _ in fn.next_functions:
        tree(child, depth + 1, seen, lines)
    return lines


torch.manual_seed(0)
img = torch.rand(1, 1, 8, 8, dtype=torch.float64)
kernel = torch.rand(3, 3, dtype=torch.float64, requires_grad=True)
observed = torch.rand(1, 1, 8, 8, dtype=torch.float64)

padded = F.pad(kernel, (0, 5, 0, 5))
otf = torch.fft.fft2(padded)
print(otf.dtype, otf.shape, otf.grad_fn.name(), [type(n).__name__ for n, _ in otf.grad_fn.next_functions])
spectrum = torch.fft.ifft2(torch.fft.fft2(observed) * otf.conj() / (otf * otf.conj() + 0.1))
print("\n".join(tree(spectrum.grad_fn)))
estimate = spectrum.real
loss = F.mse_loss(estimate, img)
print(loss.grad_fn.name(), [(type(n).__name__, k) for n, k in loss.grad_fn.next_functions][1:])

seen = []
h1 = otf.grad_fn.register_hook(lambda grad_inputs, grad_outputs: seen.append(
    ('post', len(grad_inputs), [None if g is None else tuple(g.shape) for g in grad_inputs],
     [tuple(g.shape) for g in grad_outputs])))
h2 = otf.grad_fn.register_prehook(lambda grad_outputs: seen.append(('pre', len(grad_outputs),
                                                                    grad_outputs[0].dtype)))
loss.backward()
print(seen)
h1.remove()
h2.remove()
print(kernel.grad.shape, kernel.grad.dtype, round(kernel.grad.abs().sum().item(), 10))

eps = 1e-6
with torch.no_grad():
    k2 = kernel.detach().clone()
    k2[1, 1] += eps
    otf2 = torch.fft.fft2(F.pad(k2, (0, 5, 0, 5)))
    plus = F.mse_loss(torch.fft.ifft2(torch.fft.fft2(observed) * otf2.conj() / (otf2 * otf2.conj() + 0.1)).real, img)
print('finite difference agrees', abs((plus.item() - loss.item()) / eps - kernel.grad[1, 1].item()) < 1e-4)

# patches: unfold / fold, transposed rows flattened, permuted reshapes
x = torch.arange(32., requires_grad=True)
image = x.reshape(1, 2, 4, 4)
cols = F.unfold(image, kernel_size=2, stride=2)
print(cols.shape, cols.grad_fn.name(), [type(n).__name__ for n, _ in cols.grad_fn.next_functions])
back = F.fold(cols, output_size=(4, 4), kernel_size=2, stride=2)
print(back.grad_fn.name(), [type(n).__name__ for n, _ in back.grad_fn.next_functions], torch.equal(back, image))
rows = cols.transpose(1, 2).reshape(-1, 8)
print(rows.shape, rows.is_contiguous(), rows._is_view(), "\n".join(tree(rows.grad_fn)))
flat = image.permute(0, 2, 3, 1).flatten(1)
print(flat.shape, flat.stride(), "\n".join(tree(flat.grad_fn)))
viewed = image.permute(0, 2, 3, 1).reshape(1, 16, 2)
print(viewed.grad_fn.name(), viewed._is_view(), viewed._base is None)
linear_out = F.linear(image.reshape(2, 4, 4), torch.ones(3, 4, dtype=torch.float32))
print(linear_out.grad_fn.name(), linear_out._is_view(), linear_out._base is None, linear_out._version)
linear_out.mul_(2)
print(linear_out._version, linear_out.grad_fn.name())
(rows.sum() + flat.pow(2).sum() + linear_out.sum()).backward()
print(x.grad.reshape(2, 16)[:, :6])
