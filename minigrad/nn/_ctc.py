"""``ctc_loss`` of ``minigrad.nn.functional``: the connectionist temporal classification loss of
(T, N, C) log-probabilities against unaligned label sequences."""
from ..creation import tensor, zeros
from ..dtypes import int64
from ..ops.ctc import CTCLoss
from ..tensor import Tensor
from ._checks import _expect_tensors, _check_reduction

__all__ = ["ctc_loss"]


def _lengths(value, name, batch):
    """Lengths given as a Tensor, a list or a tuple, as an int64 Tensor of ``batch`` entries."""
    if isinstance(value, Tensor):
        if value.dtype.is_floating_point or value.dtype.name == "bool":
            raise RuntimeError(f"{name} must be integral")
        value = value.to(int64).reshape(-1)
    elif isinstance(value, (list, tuple)):
        value = tensor([int(v) for v in value], dtype=int64)
    else:
        raise TypeError(f"ctc_loss(): argument '{name}' must be tuple of ints or Tensor, not {type(value).__name__}")
    if value.numel() != batch:
        raise RuntimeError(f"{name} must be of size batch_size")
    return value


def _padded_targets(targets, target_lengths, batch):
    """Targets as a (N, S) int64 Tensor: 2-D ones as they are, concatenated 1-D ones cut by their lengths."""
    if targets.ndim == 2:
        return targets.to(int64)
    width = int(target_lengths.max()) if batch else 0
    padded = zeros((batch, width), dtype=int64, device=targets.device)
    start = 0
    for n, length in enumerate(target_lengths.tolist()):
        padded[n, :length] = targets[start:start + length]
        start += length
    return padded


def ctc_loss(log_probs, targets, input_lengths, target_lengths, blank=0, reduction="mean", zero_infinity=False):
    """The CTC loss of ``log_probs`` (T, N, C) (or unbatched (T, C)), log-softmaxed over classes,
    against ``targets`` ((N, S) padded, or the N sequences concatenated in 1-D) of
    ``target_lengths``, each sample using its first ``input_lengths`` frames. ``blank`` is the
    blank class; ``reduction`` 'mean' divides each loss by its target length, then averages;
    ``zero_infinity`` gives impossible alignments a loss (and gradient) of 0."""
    _expect_tensors("ctc_loss", ("log_probs", 1, log_probs), ("targets", 2, targets))
    _check_reduction(reduction)
    unbatched = log_probs.ndim == 2
    if unbatched:
        log_probs = log_probs.unsqueeze(1)  # 1-D targets then read as the one concatenated sequence
    if log_probs.ndim != 3:
        raise RuntimeError(f"ctc_loss: expected log_probs to be 2-D or 3-D, got {log_probs.ndim}-D")
    T, N, C = log_probs.shape
    targets = targets.to(int64)  # (PyTorch takes float targets too)
    if not 0 <= blank < C:
        raise RuntimeError("blank must be in label range")
    if isinstance(input_lengths, Tensor) != isinstance(target_lengths, Tensor):
        raise TypeError("ctc_loss(): input_lengths and target_lengths must both be Tensors or both tuples of ints")
    input_lengths = _lengths(input_lengths, "input_lengths", N)
    target_lengths = _lengths(target_lengths, "target_lengths", N)
    # PyTorch's checks, in its order
    where = "(while checking arguments for ctc_loss_allocate_outputs)"
    if targets.ndim not in (1, 2):
        raise RuntimeError(f"Expected 1 to 2 dimensions, but got {targets.ndim}-dimensional tensor for argument #2 "
                           f"'targets' {where}")
    if N and int(target_lengths.min()) < 0:
        raise RuntimeError(f"Expected target_lengths to have value at least 0, but got value "
                           f"{int(target_lengths.min())} {where}")
    if targets.ndim == 2 and targets.shape[0] != N:
        raise RuntimeError(f"Expected tensor to have size {N} at dimension 0, but got size {targets.shape[0]} for "
                           f"argument #2 'targets' {where}")
    if targets.ndim == 2 and N and int(target_lengths.max()) > targets.shape[1]:
        raise RuntimeError(f"Expected tensor to have size at least {int(target_lengths.max())} at dimension 1, but "
                           f"got size {targets.shape[1]} for argument #2 'targets' {where}")
    # concatenated targets hold exactly the N sequences: extra labels are refused too
    if targets.ndim == 1 and int(target_lengths.sum()) != targets.shape[0]:
        raise RuntimeError(f"Expected tensor to have size {int(target_lengths.sum())} at dimension 0, but "
                           f"got size {targets.shape[0]} for argument #2 'targets' {where}")
    if N and int(input_lengths.max()) > T:
        raise RuntimeError(f"Expected input_lengths to have value at most {T}, but got value "
                           f"{int(input_lengths.max())} {where}")
    if N and int(input_lengths.min()) < 0:
        raise RuntimeError(f"Expected input_lengths to have value at least 0, but got value "
                           f"{int(input_lengths.min())} {where}")
    padded = _padded_targets(targets, target_lengths, N)
    loss = CTCLoss.apply(log_probs, padded, input_lengths, target_lengths, blank, zero_infinity)
    if reduction == "mean":
        return (loss / target_lengths.clamp(min=1).to(loss.dtype)).mean()
    if reduction == "sum":
        return loss.sum()
    return loss.squeeze(0) if unbatched else loss
