"""A course's debugging chapter: the errors beginners meet, caught and printed with their type and
message, each followed by its fix: shape mismatches in Linear and matmul, a (N, 1) target given
to CrossEntropyLoss, float targets for class losses, integer tensors asked to require grad,
an in-place change of a tensor saved for backward, backward twice, ``.numpy()`` on a tensor
that requires grad, ``view`` of a non-contiguous tensor, ``.item()`` of many elements, f-string
formats of tensors, a checkpoint that keeps shapes and dtypes, and ``view`` with a NumPy size."""
import io
import warnings

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


def attempt(label, fn):
    try:
        result = fn()
        print(f"{label}: ok {result}")
    except Exception as e:  # a course prints what went wrong
        print(f"{label}: {type(e).__name__}: {e}")


warnings.simplefilter("ignore")  # (the broadcasting warning goes to stderr)
torch.manual_seed(0)
layer = nn.Linear(4, 3)
x = torch.randn(5, 6)
attempt("linear on wrong features", lambda: layer(x))
attempt("fixed with a slice", lambda: layer(x[:, :4]).shape)
attempt("matmul", lambda: torch.ones(2, 3) @ torch.ones(2, 3))
attempt("mm", lambda: torch.mm(torch.ones(2, 3), torch.ones(4, 2)))
attempt("add", lambda: torch.ones(2, 3) + torch.ones(3, 2))
attempt("cat", lambda: torch.cat([torch.ones(2, 3), torch.ones(3, 2)]))
attempt("cat fixed", lambda: torch.cat([torch.ones(2, 3), torch.ones(3, 2).T]).shape)

logits = torch.randn(4, 3)
labels = torch.tensor([[0], [2], [1], [2]])
criterion = nn.CrossEntropyLoss()
attempt("(N, 1) target", lambda: criterion(logits, labels))
attempt("squeezed target", lambda: round(criterion(logits, labels.squeeze(1)).item(), 4))
attempt("view(-1) target", lambda: round(criterion(logits, labels.view(-1)).item(), 4))
attempt("float class target", lambda: F.nll_loss(F.log_softmax(logits, 1), labels.view(-1).float()))
attempt("int target like logits", lambda: criterion(logits, torch.zeros(4, 3, dtype=torch.long)))
attempt("one-hot float target", lambda: round(criterion(logits, F.one_hot(labels.view(-1), 3).float()).item(), 4))
attempt("out of range class", lambda: criterion(logits, torch.tensor([0, 1, 2, 3])))
attempt("batch mismatch", lambda: criterion(logits, torch.tensor([0, 1])))
attempt("segmentation target", lambda: criterion(torch.randn(2, 3, 4, 4), torch.zeros(2, 1, 4, 4, dtype=torch.long)))
attempt("segmentation fixed", lambda: round(criterion(torch.zeros(2, 3, 4, 4), torch.zeros(2, 4, 4, dtype=torch.long)).item(), 5))
attempt("BCE with int target", lambda: F.binary_cross_entropy(torch.sigmoid(logits[:, 0]), torch.tensor([1, 0, 1, 0])))
attempt("BCE out of range", lambda: F.binary_cross_entropy(logits[:, 0], torch.ones(4)))
attempt("MSE broadcast warning", lambda: F.mse_loss(torch.zeros(4, 1), torch.zeros(4)).item())

attempt("int requires grad", lambda: torch.tensor([1, 2, 3], requires_grad=True))
attempt("int requires_grad_", lambda: torch.arange(3).requires_grad_())
attempt("int Parameter", lambda: nn.Parameter(torch.arange(3)))
attempt("float fixes it", lambda: torch.arange(3.0, requires_grad=True))


def inplace_after_save():
    w = torch.ones(3, requires_grad=True)
    h = w.sigmoid()
    h.mul_(2)
    h.sum().backward()


def inplace_fixed():
    w = torch.ones(3, requires_grad=True)
    h = w.sigmoid()
    h = h * 2
    h.sum().backward()
    return w.grad


attempt("in-place after save", inplace_after_save)
attempt("out-of-place fix", inplace_fixed)


def leaf_inplace():
    w = torch.ones(2, requires_grad=True)
    w += 1


attempt("leaf in-place", leaf_inplace)


def backward_twice():
    w = torch.ones(2, requires_grad=True)
    loss = (w.exp() * 3).sum()
    loss.backward()
    loss.backward()


attempt("backward twice", backward_twice)
attempt("numpy of grad tensor", lambda: torch.ones(2, requires_grad=True).numpy())
attempt("detach fixes it", lambda: torch.ones(2, requires_grad=True).detach().numpy())
attempt("view of transpose", lambda: torch.ones(2, 3).t().view(6))
attempt("reshape of transpose", lambda: torch.ones(2, 3).t().reshape(6).shape)
attempt("item of many", lambda: torch.ones(3).item())
attempt("format of many", lambda: f"{torch.ones(3):.2f}")
attempt("format of one", lambda: f"{torch.tensor(2 / 3):.3f}")
attempt("non-scalar backward", lambda: (torch.ones(2, requires_grad=True) * 2).backward())
attempt("backward with grad", lambda: (torch.ones(2, requires_grad=True) * 2).backward(torch.ones(2)))
attempt("no grad_fn", lambda: torch.ones(2).sum().backward())
attempt("view numpy size", lambda: torch.zeros(2, 3).view(np.prod((2, 3))).shape)
attempt("view numpy -1", lambda: torch.zeros(2, 3).view(np.int64(-1)).shape)
attempt("dtype mismatch matmul", lambda: torch.ones(2, 2) @ torch.ones(2, 2, dtype=torch.float64))
attempt("long vs float linear", lambda: nn.Linear(2, 1)(torch.tensor([[1, 2]])))
attempt("embedding float index", lambda: nn.Embedding(5, 2)(torch.tensor([1.0])))
attempt("embedding out of range", lambda: nn.Embedding(5, 2)(torch.tensor([5])))
attempt("conv missing batch dim", lambda: nn.Conv2d(1, 2, 3)(torch.ones(1, 5, 5)).shape)
attempt("conv wrong channels", lambda: nn.Conv2d(3, 2, 3)(torch.ones(1, 1, 5, 5)))
attempt("batchnorm single sample", lambda: nn.BatchNorm1d(3)(torch.ones(1, 3)))

buffer = io.BytesIO()
sample = torch.zeros(8, 3, 16, 16)
torch.save({"input_shape": sample.shape, "dtype": sample.dtype, "device": sample.device, "classes": 3}, buffer)
buffer.seek(0)
meta = torch.load(buffer)
print(meta, meta["input_shape"][1:], torch.zeros(meta["input_shape"], dtype=meta["dtype"], device=meta["device"]).numel())
