"""PyTorch's default collation: ``default_collate`` (samples into a batch) and
``default_convert`` (NumPy arrays into tensors, without batching)."""
import collections.abc
import copy

import numpy as _np  # recognising NumPy samples

from ...tensor import Tensor, wrap
from ... import creation, dtypes as _dt
from ...ops import stack


def _check_equal_shapes(shapes):
    """PyTorch's error for samples (tensors, or NumPy arrays turned into tensors) that cannot be stacked."""
    for i, shape in enumerate(shapes):
        if shape != shapes[0]:
            raise RuntimeError(f"stack expects each tensor to be equal size, but got {list(shapes[0])} at entry 0 "
                               f"and {list(shape)} at entry {i}")


def default_collate(batch):
    """Merge a list of samples into a batch, as ``torch.utils.data.default_collate``.

    Tensors are stacked along a new first dim; NumPy arrays and numbers become
    tensors (Python floats float64, ints int64); dicts, tuples/lists and
    named tuples are collated field by field (tuples come back as lists).
    """
    if isinstance(batch, Tensor):
        raise TypeError("stack(): argument 'tensors' (position 1) must be tuple of Tensors, not Tensor")
    elem = batch[0]
    if elem.__class__ is tuple:  # (a Dataset's (input, target) pairs: the Sequence case below, checked first)
        return _collate_fields(elem, batch)
    if isinstance(elem, Tensor):
        arrays = []
        dtype, shape = elem._data.dtype, elem._data.shape
        try:
            for t in batch:
                data = t._data
                if t._rg or data.dtype != dtype:
                    break
                arrays.append(data)
                if data.shape != shape:
                    shape = None  # (PyTorch's error below, once every sample is known to be a tensor)
        except AttributeError:  # a sample that is not a Tensor: stack's TypeError names it
            arrays = None
        # stack records the graph when one needs it, and promotes mixed dtypes as torch does
        # (NumPy's rules differ: float32 with int64 is float64 there, float32 in torch)
        if arrays is None or len(arrays) < len(batch):
            return stack(batch, 0)
        if shape is None:
            _check_equal_shapes([a.shape for a in arrays])
        xp = elem._device._get_backend().xp
        # np.array of equal-shape arrays stacks them about 4x faster than np.stack
        return wrap(_np.array(arrays) if xp is _np else xp.stack(arrays), elem._device)
    if isinstance(elem, _np.ndarray):
        if elem.dtype.kind in "OSU":
            raise TypeError(f"default_collate: batch must contain tensors, numpy arrays, numbers, dicts or lists; "
                            f"found {elem.dtype}")
        dtype = elem.dtype
        # (an array with a negative stride takes torch's way below: as_tensor refuses it; a contiguous
        # one has none, and a 0-d one is contiguous)
        if all(isinstance(a, _np.ndarray) and a.dtype == dtype and (a.flags.c_contiguous or min(a.strides) >= 0)
               for a in batch):
            _check_equal_shapes([a.shape for a in batch])
            return creation.as_tensor(_np.stack(batch))
        # as torch: each array becomes a tensor, and those are stacked with torch's promotion
        return default_collate([creation.as_tensor(a) for a in batch])
    if isinstance(elem, (str, bytes)):  # (numpy.str_ too: a str, kept as it is)
        return batch
    if isinstance(elem, (_np.bool_, _np.number, _np.object_)):  # (no datetime64 or void: the TypeError below)
        dtype = elem.dtype
        if all(isinstance(a, _np.generic) and a.dtype == dtype for a in batch):
            return creation.as_tensor(_np.array(batch))
        return creation.as_tensor(list(batch))  # torch's promotion across the scalars' dtypes
    if isinstance(elem, float):
        return creation.tensor(batch, dtype=_dt.float64)
    if isinstance(elem, int):
        return creation.tensor(batch)
    if isinstance(elem, collections.abc.Mapping):
        collated = {key: default_collate([d[key] for d in batch]) for key in elem}
        return _same_container(elem, collated, lambda clone: clone.update(collated))
    # the fields of a namedtuple, tuple or list are collated from tuples of samples (strings stay tuples)
    if isinstance(elem, tuple) and hasattr(elem, "_fields"):
        return type(elem)(*(default_collate(samples) for samples in zip(*batch)))
    if isinstance(elem, collections.abc.Sequence):
        collated = _collate_fields(elem, batch)
        if isinstance(elem, tuple):
            return collated
        return _same_container(elem, collated, lambda clone: [clone.__setitem__(i, c) for i, c in enumerate(collated)])
    raise TypeError("default_collate: batch must contain tensors, numpy arrays, numbers, dicts or lists; "
                    f"found {type(elem)}")


def _collate_fields(elem, batch):
    """The list of each field collated across ``batch``, samples of ``elem``'s length."""
    size = len(elem)
    for e in batch:
        if len(e) != size:
            raise RuntimeError("each element in list of batch should be of equal size")
    return [default_collate(samples) for samples in zip(*batch)]


def _same_container(elem, collated, fill):
    """``collated`` in the container type of the sample ``elem`` as PyTorch's collate returns it: a
    mutable container is a copy of ``elem`` filled by ``fill(clone)`` (keeping a subclass's extra
    attributes), another is ``type(elem)(collated)``; a plain dict or list where those fail."""
    try:
        mutable = collections.abc.MutableMapping if isinstance(elem, collections.abc.Mapping) else \
            collections.abc.MutableSequence
        if isinstance(elem, mutable):
            clone = copy.copy(elem)
            fill(clone)
            return clone
        return type(elem)(collated)
    except TypeError:
        return collated


def default_convert(data):
    """Without batching: NumPy arrays and numbers (not strings) become tensors, containers are
    converted inside (a mapping or list keeps its type, as in ``default_collate``; a tuple becomes a
    list, a named tuple stays one)."""
    if isinstance(data, (_np.ndarray, _np.generic)) and data.dtype.kind not in "OSU":
        return creation.as_tensor(data)
    if isinstance(data, collections.abc.Mapping):
        converted = {k: default_convert(v) for k, v in data.items()}
        return _same_container(data, converted, lambda clone: clone.update(converted))
    if isinstance(data, tuple) and hasattr(data, "_fields"):
        return type(data)(*(default_convert(d) for d in data))
    if isinstance(data, tuple):
        return [default_convert(d) for d in data]
    if isinstance(data, collections.abc.Sequence) and not isinstance(data, (str, bytes, Tensor)):
        # (a list keeps its type; another sequence, a range, becomes a list where its type cannot hold tensors)
        converted = [default_convert(d) for d in data]
        return _same_container(data, converted, lambda clone: [clone.__setitem__(i, c) for i, c in enumerate(converted)])
    return data
