"""PyTorch's device error classes (``torch.OutOfMemoryError``, the same class as
``torch.cuda.OutOfMemoryError``, and ``torch.AcceleratorError``)."""


class OutOfMemoryError(RuntimeError):
    """A device ran out of memory."""


class AcceleratorError(RuntimeError):
    """An error reported by the accelerator's runtime."""
