"""``minigrad.amp``: PyTorch's automatic-mixed-precision names.

minigrad computes in the dtypes it is given: ``autocast`` is accepted where it
is disabled (``enabled=False``, or CUDA asked for where there is none, as
PyTorch disables it there) and refuses to enable itself. ``GradScaler`` is
complete: scaling the loss, unscaling the gradients, skipping a step on
inf/NaN and growing or backing off the scale give PyTorch's numbers, so a
training loop written for mixed precision runs unchanged.
"""
from .autocast_mode import autocast, custom_fwd, custom_bwd, is_autocast_available, is_autocast_enabled  # noqa: F401
from .grad_scaler import GradScaler  # noqa: F401
