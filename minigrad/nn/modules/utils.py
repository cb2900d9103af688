"""PyTorch's small argument helpers of ``torch.nn.modules.utils``, which layer code written for
PyTorch imports: ``_single``/``_pair``/``_triple``/``_quadruple`` (a number repeated, a sequence
as a tuple) and ``consume_prefix_in_state_dict_if_present``."""


def _ntuple(value, n):
    """``value`` as an n-tuple: a sequence as a tuple, anything else repeated ``n`` times."""
    return tuple(value) if isinstance(value, (tuple, list)) else (value,) * n


def _single(value):
    return _ntuple(value, 1)


def _pair(value):
    return _ntuple(value, 2)


def _triple(value):
    return _ntuple(value, 3)


def _quadruple(value):
    return _ntuple(value, 4)


def consume_prefix_in_state_dict_if_present(state_dict, prefix):
    """Strip ``prefix`` (e.g. ``"module."`` of a DataParallel checkpoint) from the keys of
    ``state_dict`` in place, keeping their order, and from its ``_metadata`` keys if it has them
    (the wrapped model's own entry, ``"module"``, becomes the root's, ``""``)."""
    for key in list(state_dict.keys()):
        if key.startswith(prefix):
            state_dict[key[len(prefix):]] = state_dict.pop(key)
    metadata = getattr(state_dict, "_metadata", None)
    if metadata is not None:
        for key in [k for k in metadata.keys() if k]:
            if key == prefix.replace(".", "") or key.startswith(prefix):
                metadata[key[len(prefix):]] = metadata.pop(key)
