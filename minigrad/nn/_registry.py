"""Where a Module keeps its parameters, buffers, children and hooks: registries mirrored into its
``__dict__`` and removable hook handles; ``mutations`` counts every change to them."""
from .._conversions import typename
from .._removable_handle import RemovableHandle

# Counts changes to any Module's attributes, registries (parameters, buffers, children) or hooks:
# a compiled step re-checks the modules it guards only when this moved.
mutations = [0]


class _Registry(dict):
    """A module's parameters, buffers or children by name, in registration order, mirrored into the
    module's ``__dict__``: ``self.weight`` is then a plain attribute read (PyTorch's modules look
    such names up in ``__getattr__`` after a failed lookup, on every call of every layer)."""

    def __init__(self, attributes):
        super().__init__()
        self._attributes = attributes  # the owning module's __dict__

    def __setitem__(self, name, value):
        mutations[0] += 1
        super().__setitem__(name, value)
        self._attributes[name] = value

    def __delitem__(self, name):
        mutations[0] += 1
        super().__delitem__(name)
        self._attributes.pop(name, None)

    def pop(self, name, *default):
        """Remove ``name`` (and its attribute); as dict.pop."""
        mutations[0] += 1
        if name in self:
            self._attributes.pop(name, None)
        return super().pop(name, *default)

    def popitem(self):
        """Remove the last entry (and its attribute); as dict.popitem."""
        mutations[0] += 1
        name, value = super().popitem()
        self._attributes.pop(name, None)
        return name, value

    def clear(self):
        """Remove every entry (and its attribute)."""
        mutations[0] += 1
        for name in self:
            self._attributes.pop(name, None)
        super().clear()

    def update(self, *args, **kwargs):
        """Add entries (and their attributes); as dict.update."""
        for name, value in dict(*args, **kwargs).items():
            self[name] = value

    def setdefault(self, name, default=None):
        """As dict.setdefault, mirroring a new entry."""
        if name not in self:
            self[name] = default
        return self[name]


class _Handle(RemovableHandle):
    """A removable registration in an ordered dict of hooks (a context manager too)."""

    def __init__(self, hooks, fn, *flags):
        mutations[0] += 1
        self._hooks = hooks
        self._flags = flags  # sets of hook ids (registered with_kwargs, always_call) to leave on removal
        self.id = RemovableHandle.next_id
        RemovableHandle.next_id += 1
        hooks[self.id] = fn
        for flag in flags:
            flag.add(self.id)

    def remove(self):
        """Unregister the hook."""
        mutations[0] += 1
        self._hooks.pop(self.id, None)
        for flag in self._flags:
            flag.discard(self.id)


def _remove_from(module, name, d, *stores):
    d.pop(name, None)
    for s in stores:
        if isinstance(s, dict):
            s.pop(name, None)
        else:
            s.discard(name)


_type_name = typename  # (what PyTorch's messages call a value)


def _addindent(text, spaces):
    lines = text.split("\n")
    if len(lines) == 1:
        return text
    first = lines.pop(0)
    return first + "\n" + "\n".join(" " * spaces + line for line in lines)
