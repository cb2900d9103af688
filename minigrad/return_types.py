"""``torch.return_types``: the named tuples ops return (max's and sort's values and indices,
slogdet's sign and logabsdet...), printed as PyTorch's. Each class lives here under its
PyTorch name, as PyTorch's: ``isinstance(r, torch.return_types.max)`` holds, and a checkpoint
holding a result (``torch.save``) loads it back as itself."""
import collections


def named_result(name, fields):
    """The named tuple class ``torch.return_types.<name>`` with ``fields``: made once, then the same."""
    made = globals().get(name)
    if isinstance(made, type) and made.__module__ == __name__:
        return made
    base = collections.namedtuple(name, fields, module=__name__)

    def __repr__(self):
        body = ",\n".join(f"{f}={v!r}" for f, v in zip(fields, self))
        return f"torch.return_types.{name}(\n{body})"
    counts = {"n_fields": len(fields), "n_sequence_fields": len(fields), "n_unnamed_fields": 0}  # (a structseq's)
    made = type(name, (base,), {"__slots__": (), "__repr__": __repr__, "__module__": __name__, **counts})
    globals()[name] = made
    return made
