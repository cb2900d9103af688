"""``minigrad.save`` / ``minigrad.load``: checkpoints as safetensors files; nothing is ever unpickled.

A checkpoint is a safetensors file, written and parsed by the ``safetensors``
package's NumPy API (its header parser is hardened and fuzzed; see
notes/DESIGN-NOTES.md). The header maps each tensor name to its dtype, shape
and byte range; ``"__metadata__"`` holds ``{"format": "pt", "minigrad":
<JSON>}`` where the JSON describes the saved object with every tensor replaced
by a reference to its name. A flat state dict's tensors are stored under their
own keys, so ``safetensors.torch.load_file`` reads it as the same state dict;
nested checkpoints use dotted paths (``model.0.weight``,
``optimizer.state.0.exp_avg``). Each storage (the memory a tensor and its views
share) is stored once, and a tensor that is not the first saved of it and that
storage whole and row-major refers to it with its offset, shape and strides
(format version 2), so that layouts and sharing come back as ``torch.load`` gives them.

minigrad adds what a training script needs around the format: an atomic,
durable write that never damages what is at the path, and a loader that
raises only ``SerializationError`` (or ``OSError``) on a bad file.
"""
from .format import SerializationError, SaveError, NotACheckpointError, NotAFileError  # noqa: F401
from .saving import save  # noqa: F401
from .loading import load  # noqa: F401
