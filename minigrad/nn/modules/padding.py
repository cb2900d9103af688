"""Padding layers: reflection, replication, zero, constant and circular padding in 1-D, 2-D and 3-D."""
from ..module import Module
from .. import functional as F


def _repeat(padding, n):
    """PyTorch's padding argument: an int for every side, or the full (left, right[, top, bottom]) tuple."""
    if isinstance(padding, int):
        return (padding,) * (2 * n)
    return tuple(padding)


class _PadNd(Module):
    _n = 2
    _mode = "constant"

    def __init__(self, padding):
        super().__init__()
        self.padding = _repeat(padding, self._n)

    def forward(self, input):
        return F.pad(input, self.padding, self._mode)

    def extra_repr(self):
        return f"{self.padding}"


class ReflectionPad1d(_PadNd):
    """Pad the last dim with its reflection (the edge not repeated)."""

    _n, _mode = 1, "reflect"


class ReflectionPad2d(_PadNd):
    """Pad the last two dims with their reflection (the edge not repeated)."""

    _mode = "reflect"


class ReflectionPad3d(_PadNd):
    """Pad the last three dims with their reflection (the edge not repeated)."""

    _n, _mode = 3, "reflect"


class ReplicationPad1d(_PadNd):
    """Pad the last dim by repeating its edge values."""

    _n, _mode = 1, "replicate"


class ReplicationPad2d(_PadNd):
    """Pad the last two dims by repeating their edge values."""

    _mode = "replicate"


class ReplicationPad3d(_PadNd):
    """Pad the last three dims by repeating their edge values."""

    _n, _mode = 3, "replicate"


class _CircularPadNd(_PadNd):
    """Circular padding: PyTorch's modules check the input's rank first (ValueError), where the
    other padding modules leave it to ``F.pad``."""

    _mode = "circular"

    def _check_input_dim(self, input):
        dims = (self._n + 1, self._n + 2)
        if input.dim() not in dims:
            raise ValueError(f"expected {dims[0]}D or {dims[1]}D input (got {input.dim()}D input)")

    def forward(self, input):
        self._check_input_dim(input)
        return super().forward(input)


class CircularPad1d(_CircularPadNd):
    """Pad the last dim by wrapping around."""

    _n = 1


class CircularPad2d(_CircularPadNd):
    """Pad the last two dims by wrapping around."""


class CircularPad3d(_CircularPadNd):
    """Pad the last three dims by wrapping around."""

    _n = 3


class ConstantPad1d(_PadNd):
    """Pad the last dim with ``value``."""

    _n = 1

    def __init__(self, padding, value):
        super().__init__(padding)
        self.value = value

    def forward(self, input):
        return F.pad(input, self.padding, "constant", self.value)

    def extra_repr(self):
        return f"padding={self.padding}, value={self.value}"


class ConstantPad2d(ConstantPad1d):
    """Pad the last two dims with ``value``."""

    _n = 2


class ConstantPad3d(ConstantPad1d):
    """Pad the last three dims with ``value``."""

    _n = 3


class ZeroPad1d(ConstantPad1d):
    """Pad the last dim with zeros."""

    def __init__(self, padding):
        super().__init__(padding, 0.0)

    def extra_repr(self):
        return f"{self.padding}"


class ZeroPad2d(ZeroPad1d):
    """Pad the last two dims with zeros."""

    _n = 2


class ZeroPad3d(ZeroPad1d):
    """Pad the last three dims with zeros."""

    _n = 3
