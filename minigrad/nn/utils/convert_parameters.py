"""``parameters_to_vector`` and ``vector_to_parameters``: all parameters as one flat vector and back."""
from ...tensor import Tensor
from ...ops import cat


def parameters_to_vector(parameters):
    """One 1-D tensor holding every parameter, flattened and in order (differentiable)."""
    return cat([p.view(-1) for p in parameters])


def vector_to_parameters(vec, parameters):
    """Make each parameter's data the matching slice of the 1-D ``vec`` (shared with it, as in
    PyTorch: a later change to ``vec`` shows in the parameters)."""
    if not isinstance(vec, Tensor):
        raise TypeError(f"expected torch.Tensor, but got: {type(vec).__name__}")
    start = 0
    for p in parameters:
        n = p.numel()
        p.data = vec[start:start + n].view(p.shape).data
        start += n
