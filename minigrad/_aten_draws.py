"""PyTorch's random draws of counts at the top level: ``torch.poisson`` and ``torch.binomial``, with
PyTorch's checks of their arguments (the samplers are in ``distributions/samplers.py``)."""
from .distributions import samplers
from .ops._util import expect_tensor

__all__ = ["poisson", "binomial"]


def poisson(input, generator=None):
    """Counts drawn from Poisson distributions with rates ``input`` (PyTorch's, after the same seed)."""
    expect_tensor("poisson", input)
    if not input.dtype.is_floating_point:
        raise NotImplementedError(f"\"poisson_cpu\" not implemented for '{input.dtype._torch_name[:-6]}'")
    if input.numel() and not bool((input >= 0).all()):  # (NaN too)
        raise RuntimeError("invalid Poisson rate, expected rate to be non-negative")
    return samplers.poisson(input, generator)


def binomial(count, prob, generator=None):
    """Counts drawn from Binomial(count, prob) distributions (PyTorch's, after the same seed)."""
    expect_tensor("binomial", count, "count")
    expect_tensor("binomial", prob, "prob", 2)
    for name, t in (("count", count), ("prob", prob)):
        if not t.dtype.is_floating_point:
            raise ValueError(f"binomial only supports floating-point dtypes for {name}, got: {t.dtype._torch_name[:-6]}")
    if prob.dtype is not count.dtype:
        raise RuntimeError(f"Found dtype {prob.dtype._torch_name[:-6]} but expected {count.dtype._torch_name[:-6]}")
    if count.dtype.name not in ("float32", "float64"):
        raise NotImplementedError(f"\"binomial_cpu\" not implemented for '{count.dtype._torch_name[:-6]}'")
    return samplers.binomial(count, prob, generator)
