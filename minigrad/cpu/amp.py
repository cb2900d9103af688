"""``minigrad.cpu.amp``: PyTorch's deprecated CPU spellings of ``minigrad.amp``'s names."""
from ..amp.deprecated_spellings import deprecated_classes

GradScaler, autocast = deprecated_classes("cpu")
