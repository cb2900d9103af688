"""Hypothesis strategies for the PyTorch parity tests.

Shapes include 0-d tensors and size-0 dimensions; values mix ordinary floats
with the kinks where derivatives are defined by convention (0, exact ties,
small integers that hit clamp boundaries), so ties and boundaries occur often
rather than almost never.
"""
import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

#: the floating dtypes every op is checked in
FLOAT_DTYPES = (np.float64, np.float32)
float_dtypes = st.sampled_from(FLOAT_DTYPES)

#: values that sit on a kink or make ties likely
KINKS = (0.0, -0.0, 1.0, -1.0, 0.5, -0.5, 2.0, -2.0)

#: a seed for the random upstream gradient (and other per-example randomness)
seeds = st.integers(0, 2**32 - 1)


def shapes(min_dims=0, max_dims=4, min_side=0, max_side=4):
    """Array shapes, by default 0-d up to 4-d with sides 0..4 (size-0 included)."""
    return hnp.array_shapes(min_dims=min_dims, max_dims=max_dims, min_side=min_side, max_side=max_side)


def nonempty_shapes(min_dims=0, max_dims=4, max_side=4):
    """Shapes without size-0 dimensions."""
    return shapes(min_dims=min_dims, max_dims=max_dims, min_side=1, max_side=max_side)


def broadcastable_shapes(num_shapes=2, min_dims=0, max_dims=4, min_side=0, max_side=4):
    """Tuples of shapes that broadcast together (1s and missing leading dims)."""
    return hnp.mutually_broadcastable_shapes(
        num_shapes=num_shapes, min_dims=min_dims, max_dims=max_dims,
        min_side=min_side, max_side=max_side).map(lambda r: r.input_shapes)


def elements(dtype, low=-10.0, high=10.0, kinks=KINKS, allow_kinks=True):
    """Scalar float values in [low, high], drawn from the kinks about half the time."""
    width = 32 if np.dtype(dtype) == np.float32 else 64
    if width == 32:  # bounds must be exact float32 values: round them inwards
        low = float(np.nextafter(np.float32(low), np.float32(np.inf))) if float(np.float32(low)) < low \
            else float(np.float32(low))
        high = float(np.nextafter(np.float32(high), np.float32(-np.inf))) if float(np.float32(high)) > high \
            else float(np.float32(high))
    plain = st.floats(low, high, allow_nan=False, allow_infinity=False, width=width)
    if not allow_kinks:
        return plain
    ks = [k for k in kinks if low <= k <= high]
    return st.one_of(st.sampled_from(ks), plain) if ks else plain


def arrays(dtype, shape, low=-10.0, high=10.0, kinks=KINKS, allow_kinks=True):
    """Float arrays of ``dtype`` and ``shape`` with values from :func:`elements`."""
    return hnp.arrays(np.dtype(dtype), shape,
                      elements=elements(dtype, low, high, kinks, allow_kinks))


def positive_arrays(dtype, shape, low=0.1, high=10.0):
    """Arrays away from zero on the positive side (log, sqrt, division)."""
    return hnp.arrays(np.dtype(dtype), shape, elements=elements(dtype, low, high, kinks=(0.5, 1.0, 2.0)))


def int_arrays(shape, low=-5, high=5, dtype=np.int64):
    """Integer arrays (for dtype promotion and integer ops)."""
    return hnp.arrays(np.dtype(dtype), shape, elements=st.integers(low, high))


@st.composite
def array_and_dtype(draw, shape_strategy=None, low=-10.0, high=10.0):
    """(array, dtype) with a float dtype and a shape from ``shape_strategy``."""
    dtype = draw(float_dtypes)
    shape = draw(shape_strategy if shape_strategy is not None else shapes())
    return draw(arrays(dtype, shape, low, high))


@st.composite
def broadcast_pair(draw, min_dims=0, max_dims=4, low=-10.0, high=10.0, same_dtype=True):
    """Two float arrays of broadcastable shapes."""
    dtype = draw(float_dtypes)
    s1, s2 = draw(broadcastable_shapes(2, min_dims=min_dims, max_dims=max_dims))
    dtype2 = dtype if same_dtype else draw(float_dtypes)
    return draw(arrays(dtype, s1, low, high)), draw(arrays(dtype2, s2, low, high))


def dims(ndim, allow_none=True, allow_tuple=True):
    """A valid ``dim`` argument for a tensor of ``ndim`` dims: None, an int
    (negative too) or a tuple of distinct dims.
    A 0-d tensor accepts dim 0 and -1, as in PyTorch."""
    n = max(ndim, 1)
    single = st.integers(-n, n - 1)
    options = [single]
    if allow_none:
        options.append(st.none())
    if allow_tuple and ndim > 0:
        options.append(st.lists(st.integers(0, ndim - 1), min_size=1, max_size=ndim, unique=True)
                       .flatmap(lambda ds: st.tuples(*[st.sampled_from((d, d - ndim)) for d in ds])))
    return st.one_of(*options)


def single_dim(ndim):
    """One valid dim (possibly negative) for a tensor of ``ndim`` dims."""
    n = max(ndim, 1)
    return st.integers(-n, n - 1)


@st.composite
def shapes_broadcasting_to(draw, shape):
    """A shape that broadcasts *to* ``shape``: leading dims dropped, some sides set to 1."""
    shape = tuple(shape)
    drop = draw(st.integers(0, len(shape)))
    return tuple(s if draw(st.booleans()) else 1 for s in shape[drop:])
