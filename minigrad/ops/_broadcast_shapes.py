"""Broadcast shapes: the shape two or more operands broadcast to, with the RuntimeError PyTorch's ops
raise for shapes that do not (``broadcast_shapes``, ``check_broadcast``), and ``torch.broadcast_shapes``
with its own message."""
from .._tensor_metadata import Size
from ._api import public


def broadcast_shapes(*shapes):
    """The broadcast of several shapes (an int is a 1-D shape); raises the error PyTorch's ops raise,
    naming the sizes ("The size of tensor a ...")."""
    shapes = [(s,) if isinstance(s, int) else s for s in shapes]
    ndim = max((len(s) for s in shapes), default=0)
    out = [1] * ndim
    for s in shapes:
        for i in range(len(s) - 1, -1, -1):  # (from the last dim, as PyTorch's infer_size: the first mismatch it names)
            n = s[i]
            j = ndim - len(s) + i
            if out[j] == 1:
                out[j] = n
            elif n != 1 and n != out[j]:
                raise RuntimeError(f"The size of tensor a ({out[j]}) must match the size of tensor b ({n}) "
                                   f"at non-singleton dimension {j}") from None  # (as in check_broadcast)
    return tuple(out)


@public("broadcast_shapes", method=False)
def _broadcast_shapes(*shapes):
    """The broadcast of several shapes (an int is a 1-D shape), as ``torch.broadcast_shapes``: a
    mismatch raises its RuntimeError naming the argument."""
    # (a tuple, a Size or a list as given: the error names it as PyTorch's does, torch.Size([2]) or [2])
    shapes = [(s,) if isinstance(s, int) else s if isinstance(s, (tuple, list)) else tuple(s) for s in shapes]
    out = []
    for index, shape in enumerate(shapes):
        for k in range(-1, -len(shape) - 1, -1):
            n = shape[k]
            if len(out) < -k:
                out.insert(0, n)
            elif n != out[k] and n != 1:
                if out[k] != 1 or n < 0:
                    raise RuntimeError(f"Attempting to broadcast a dimension of length {n} at {k}! Mismatching "
                                       f"argument at index {index} had {shape}; but expected shape should be "
                                       f"broadcastable to {out}") from None  # (as in check_broadcast)
                out[k] = n
    return Size(out)


def check_broadcast(a, b):
    """Raise PyTorch's broadcasting error for arrays (or scalars) that do not broadcast."""
    sa, sb = getattr(a, "shape", ()), getattr(b, "shape", ())
    n = max(len(sa), len(sb))
    for i in range(1, n + 1):
        x = sa[-i] if i <= len(sa) else 1
        y = sb[-i] if i <= len(sb) else 1
        if x != y and x != 1 and y != 1:
            # (from None: called where NumPy's error was caught, it shows alone, as PyTorch's)
            raise RuntimeError(f"The size of tensor a ({x}) must match the size of tensor b ({y}) "
                               f"at non-singleton dimension {n - i}") from None
