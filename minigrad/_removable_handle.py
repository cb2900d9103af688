"""``RemovableHandle``, the class of every handle a ``register_*hook`` call returns (tensors, nodes,
modules, optimizers); PyTorch's ``torch.utils.hooks`` names it (``utils/hooks.py``)."""


class RemovableHandle:
    """Returned by ``register_hook``; ``remove()`` unregisters the hook. ``id`` numbers the
    registration (from ``next_id``, a count shared by every handle, as PyTorch's)."""

    __module__ = "minigrad.utils.hooks"  # (where PyTorch has it: torch.utils.hooks.RemovableHandle)
    next_id = 0

    def __init__(self, hooks, fn):
        self._hooks = hooks
        self._fn = fn
        self.id = RemovableHandle.next_id
        RemovableHandle.next_id += 1

    def remove(self):
        """Unregister the hook (no-op if already removed)."""
        try:
            self._hooks.remove(self._fn)
        except ValueError:
            pass

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        """Leaving a ``with register_...(hook):`` block removes the hook."""
        self.remove()
