"""``minigrad.layout`` and its one instance ``minigrad.strided``, as ``torch.layout`` /
``torch.strided``: minigrad's tensors are dense and strided (``Tensor.layout``)."""


class layout:
    """A memory layout, as ``torch.layout``."""

    def __init__(self, name):
        self._name = name

    def __repr__(self):
        return "torch." + self._name

    def __reduce__(self):
        return self._name  # pickled by reference to the module-level instance


strided = layout("strided")
