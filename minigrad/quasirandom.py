"""``minigrad.quasirandom``: PyTorch's ``SobolEngine``, low-discrepancy Sobol' sequences with
PyTorch's direction numbers, point order, scrambling and dtypes.

Point k of the sequence is the XOR of the direction numbers picked by the bits of k's Gray
code (``k ^ (k >> 1)``), XORed with the scrambling shift, over 2**30: the order PyTorch's
engine steps through one direction number at a time. Scrambling draws PyTorch's random
bits from a seeded ``Generator`` (the shift, then lower-triangular binary matrices that
mix each direction number's bits). The sequence state lives on the host, as PyTorch's does.
"""
import numpy as _np  # (host-side: the engine's state is CPU integers, as PyTorch's)

from . import dtypes as _dt
from ._sobol_directions import DIRECTIONS
from .creation import randint, tensor
from .random import Generator

__all__ = ["SobolEngine"]

_TABLE = [tuple(int(v) for v in line.split()) for line in DIRECTIONS.splitlines()]


def _direction_numbers(dimension, maxbit):
    """(dimension, maxbit) int64: each dimension's direction numbers, shifted to the top of maxbit bits."""
    v = _np.zeros((dimension, maxbit), dtype=_np.int64)
    v[0, :] = 1
    for d in range(1, dimension):
        poly, *initial = _TABLE[d - 1]
        degree = len(initial)
        v[d, :degree] = initial
        for j in range(degree, maxbit):  # m_j = m_{j-s} ^ (2^s m_{j-s}) ^ XOR of the polynomial's terms
            new = v[d, j - degree]
            for k in range(degree):
                if (poly >> (degree - 1 - k)) & 1:
                    new ^= v[d, j - k - 1] << (k + 1)
            v[d, j] = new
    return v << _np.arange(maxbit - 1, -1, -1, dtype=_np.int64)


class SobolEngine:
    """Draws points of a (scrambled) Sobol' sequence of ``dimension`` coordinates in [0, 1).

    ``scramble`` applies PyTorch's linear matrix scrambling and digital shift, drawn from
    ``seed`` (a fresh random seed when None). Dimensions up to 1111 are available (PyTorch
    allows 21201); a larger one raises ValueError.
    """

    MAXBIT = 30
    MAXDIM = 21201
    AVAILABLE_DIM = len(_TABLE) + 1

    def __init__(self, dimension, scramble=False, seed=None):
        if dimension > self.MAXDIM or dimension < 1:
            raise ValueError("Supported range of dimensionality for SobolEngine is [1, "
                             f"{self.MAXDIM}]")
        if dimension > self.AVAILABLE_DIM:
            raise ValueError(f"minigrad's SobolEngine has the direction numbers of dimensions [1, "
                             f"{self.AVAILABLE_DIM}]; got {dimension}")
        self.seed = seed
        self.scramble = scramble
        self.dimension = dimension
        self._state = _direction_numbers(dimension, self.MAXBIT)
        self._shift = _np.zeros(dimension, dtype=_np.int64)
        if scramble:
            self._scramble()
        # the first point is kept in the default dtype of this moment, and later drawn from that (as PyTorch's is)
        self._first_point = (self._shift * 2.0 ** -self.MAXBIT).astype(_dt.get_default_dtype().np)
        self.num_generated = 0

    @property
    def sobolstate(self):
        """The direction numbers, (dimension, 30) int64 (scrambled when ``scramble``)."""
        return tensor(self._state)

    @property
    def shift(self):
        """The digital shift XORed into every point (zeros without scrambling)."""
        return tensor(self._shift)

    @property
    def quasi(self):
        """The last point drawn, as integers over 2**30 (the shift before any draw)."""
        return tensor(self._points(max(self.num_generated - 1, 0), 1)[0])

    def _scramble(self):
        g = Generator()
        if self.seed is not None:
            g.manual_seed(self.seed)
        else:
            g.seed()
        bits = self.MAXBIT
        shift_bits = randint(2, (self.dimension, bits), generator=g).numpy()
        self._shift = shift_bits @ (1 << _np.arange(bits, dtype=_np.int64))
        mix = _np.tril(randint(2, (self.dimension, bits, bits), generator=g).numpy())
        mix[:, _np.arange(bits), _np.arange(bits)] = 1
        # bit (bits-1-p) of a scrambled number: the parity of (row p of the matrix) AND (its bits, highest first)
        state_bits = (self._state[:, :, None] >> _np.arange(bits - 1, -1, -1)) & 1     # (d, j, k)
        parity = _np.einsum("djk,dpk->djp", state_bits, mix) & 1                       # (d, j, p)
        self._state = (parity << _np.arange(bits - 1, -1, -1, dtype=_np.int64)).sum(-1)

    def _points(self, start, n):
        """Points ``start`` ... ``start + n - 1`` of the sequence as integers over 2**30, (n, dimension)."""
        k = _np.arange(start, start + n, dtype=_np.int64)
        gray = k ^ (k >> 1)
        out = _np.broadcast_to(self._shift, (n, self.dimension)).copy()
        for j in range(self.MAXBIT):
            picked = ((gray >> j) & 1).astype(bool)
            out[picked] ^= self._state[:, j]
        return out

    def draw(self, n=1, out=None, dtype=None):
        """The next ``n`` points, (n, dimension), in ``dtype`` (the default float dtype when None);
        written into ``out`` when given."""
        dt = _dt.get_default_dtype() if dtype is None else _dt.to_dtype(dtype)
        values = (self._points(self.num_generated, n) * 2.0 ** -self.MAXBIT).astype(dt.np)
        if self.num_generated == 0 and n:
            values[0] = self._first_point
        self.num_generated += n
        result = tensor(values)
        if out is not None:
            out.resize_as_(result).copy_(result)
            return out
        return result

    def draw_base2(self, m, out=None, dtype=None):
        """The next ``2**m`` points; the total drawn must stay a power of 2 (ValueError otherwise),
        which keeps the sequence's balance properties."""
        n = 2 ** m
        total_n = self.num_generated + n
        if total_n & (total_n - 1):
            raise ValueError("The balance properties of Sobol' points require n to be a power of 2. "
                             f"{self.num_generated} points have been previously generated, then: "
                             f"n={self.num_generated}+2**{m}={total_n}. If you still want to do this, please "
                             "use 'SobolEngine.draw()' instead.")
        return self.draw(n=n, out=out, dtype=dtype)

    def reset(self):
        """Start the sequence again from its first point; returns self."""
        self.num_generated = 0
        return self

    def fast_forward(self, n):
        """Skip ``n`` points (as drawing them would); returns self."""
        self.num_generated += n
        return self

    def __repr__(self):
        parts = [f"dimension={self.dimension}"]
        if self.scramble:
            parts.append("scramble=True")
        if self.seed is not None:
            parts.append(f"seed={self.seed}")
        return f"{type(self).__name__}({', '.join(parts)})"
