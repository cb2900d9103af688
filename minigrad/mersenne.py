"""PyTorch's CPU random stream: a Mersenne Twister (MT19937) seeded as PyTorch seeds it, and
PyTorch's ways of turning its 32-bit words into numbers.

With the same seed, ``minigrad.manual_seed(42); minigrad.randn(1)`` prints what
``torch.manual_seed(42); torch.randn(1)`` prints, and so do ``rand``, ``randint``,
``randperm``, the initialisation of ``nn.Linear`` and ``nn.Conv2d``, ``random_split`` and a
shuffling DataLoader: a course's printed numbers read the same on both. The words come
from NumPy's MT19937 (the classic generator, seeded with ``init_genrand`` as PyTorch's
``mt19937`` is); how they become numbers follows PyTorch's CPU kernels:

- a float32 uniform is the low 24 bits of one word times 2**-24; a float64 one the low
  53 bits of two words (the first the high half) times 2**-53;
- an integer in [low, high) is one word (two for ranges of 2**28 or more) modulo the range;
- a normal sample of fewer than 16 values is Box-Muller on two float64 uniforms, the sine
  kept for the next draw; 16 or more are filled as uniforms (of the tensor's dtype) and
  transformed 16 at a time, the last 16 redrawn when the count is not a multiple of 16
  (for a tensor that is not contiguous, one by one whatever the count: ``serial_normals``);
- a permutation is a forward Fisher-Yates shuffle, one word modulo the remaining count.

Float32 normals of 16 or more values are computed in float32 as PyTorch computes them;
its vectorised log/cos/sin may round a last bit or two differently. Float64 ones use NumPy's
vectorised log/cos/sin where PyTorch's kernel calls the C library's: about one value in seven
hundred rounds a last bit apart (calling the C library's per value costs ten times the time).
"""
import contextlib
import math

import numpy as np
from numpy.random.bit_generator import ISeedSequence

DEFAULT_SEED = 67280421310721  # PyTorch's default generator seed (a fresh Generator's, too)
_WORD = np.uint64(0xFFFFFFFF)
_LOW24 = np.uint64((1 << 24) - 1)
_LOW53 = np.uint64((1 << 53) - 1)
_SHIFT = np.uint64(32)
# PyTorch's CPUGeneratorImplState, byte for byte (C struct alignment): field -> (offset, type).
# The words sit at _WORDS_AT, 624 uint64 each holding one 32-bit word; PyTorch keeps a second
# kept normal (float) that minigrad's draws never leave, so it reads as not valid.
_STATE_LAYOUT = {"seed": (0, "<u8"), "left": (8, "<i4"), "seeded": (12, "<i4"), "next": (16, "<u8"),
                 "normal": (5024, "<f8"), "normal_valid": (5040, "<i4")}
_WORDS_AT = 24
_STATE_BYTES = 5056


class _UnusedSeeds(ISeedSequence):
    """Words for constructing an MT19937 that ``seed`` reseeds at once: NumPy's own SeedSequence
    would hash 624 words first (70 us of a Generator's construction)."""

    def generate_state(self, n_words, dtype=np.uint32):
        return np.ones(n_words, dtype=dtype)


_UNUSED_SEEDS = _UnusedSeeds()

_serial_normals = []  # non-empty while normals are drawn one by one (see ``serial_normals``)


@contextlib.contextmanager
def serial_normals():
    """Within the block, normal samples are drawn one by one whatever their count, as PyTorch draws
    them for a tensor that is not contiguous (its 16-at-a-time fill is for contiguous ones)."""
    _serial_normals.append(True)
    try:
        yield
    finally:
        _serial_normals.pop()


def _count(size):
    if size is None:
        return 1, ()
    shape = (size,) if isinstance(size, (int, np.integer)) else tuple(size)
    return math.prod(shape), shape


class MersenneStream:
    """A random stream with NumPy ``Generator``'s method names (the ones minigrad draws with),
    giving PyTorch's CPU numbers for the same seed."""

    def __init__(self, seed=DEFAULT_SEED):
        self._bits = np.random.MT19937(_UNUSED_SEEDS)  # (seeded next, as PyTorch seeds)
        self.seed(seed)

    def seed(self, seed):
        """Restart the stream from ``seed`` (its low 32 bits, as PyTorch's ``mt19937``)."""
        self.seed_value = int(seed) % 2 ** 64  # (the seed as given: kept in the state, as PyTorch's)
        seed = self.seed_value & 0xFFFFFFFF
        legacy = getattr(self._bits, "_legacy_seeding", None)
        if legacy is not None:
            # Fast path, fenced: NumPy's own init_genrand, as RandomState seeds (1 us, not 100);
            # the public route below gives the same state (a test checks they agree).
            legacy(seed)
        else:  # pragma: no cover (NumPy without the method)
            key, pos = np.random.RandomState(seed).get_state()[1:3]
            self._bits.state = {"bit_generator": "MT19937", "state": {"key": key, "pos": pos}}
        self._normal = None  # the second value of the last Box-Muller pair, not yet used

    @property
    def state(self):
        """Everything the stream's next draws depend on, as bytes (a uint8 array) laid out as
        PyTorch's CPU generator state (``_STATE_LAYOUT``): the seed, the twister's 624 words and
        position, and the kept Box-Muller value. The words left before the next twist are
        ``625 - pos`` in NumPy's terms; just after seeding PyTorch's position reads 0."""
        mt = self._bits.state["state"]
        pos = int(mt["pos"])
        data = np.zeros(_STATE_BYTES, np.uint8)
        fields = {name: data[at:at + np.dtype(kind).itemsize].view(kind) for name, (at, kind) in _STATE_LAYOUT.items()}
        fields["seed"][0] = self.seed_value
        fields["left"][0] = 625 - pos
        fields["seeded"][0] = 1
        fields["next"][0] = 0 if pos == 624 else pos
        data[_WORDS_AT:_WORDS_AT + 624 * 8].view("<u8")[:] = np.asarray(mt["key"], dtype=np.uint64)
        if self._normal is not None:
            fields["normal"][0] = self._normal
            fields["normal_valid"][0] = 1
        return data

    @state.setter
    def state(self, value):
        data = np.ascontiguousarray(value, dtype=np.uint8)
        if data.shape != (_STATE_BYTES,):
            raise RuntimeError(f"Expected a CPUGeneratorImplState of size {_STATE_BYTES} but found the input RNG "
                               f"state size to be {data.size}")
        fields = {name: data[at:at + np.dtype(kind).itemsize].view(kind) for name, (at, kind) in _STATE_LAYOUT.items()}
        left = int(fields["left"][0])
        if fields["seeded"][0] != 1 or not 1 <= left <= 624 or fields["next"][0] > 624:
            raise RuntimeError("Invalid mt19937 state")
        key = data[_WORDS_AT:_WORDS_AT + 624 * 8].view("<u8").astype(np.uint32)
        self._bits.state = {"bit_generator": "MT19937", "state": {"key": key, "pos": 625 - left}}
        self.seed_value = int(fields["seed"][0])
        self._normal = float(fields["normal"][0]) if fields["normal_valid"][0] else None

    # ------------------------------------------------------------------ words
    def _words(self, n):
        return self._bits.random_raw(n)  # uint64 values holding one 32-bit word each

    def _words64(self, n):
        pairs = self._words(2 * n).reshape(n, 2)
        return (pairs[:, 0] << _SHIFT) | pairs[:, 1]

    def _uniform(self, n, dtype):
        if np.dtype(dtype) == np.float32:
            return ((self._words(n) & _LOW24).astype(np.float64) * 2.0 ** -24).astype(np.float32)
        return (self._words64(n) & _LOW53).astype(np.float64) * 2.0 ** -53

    # --------------------------------------------------------------- NumPy's names
    def random(self, size=None, dtype=np.float64):
        """Uniform samples on [0, 1) of ``dtype`` (float32: 24 random bits, float64: 53)."""
        n, shape = _count(size)
        out = self._uniform(n, dtype).reshape(shape)
        return out if size is not None else out[()]

    def uniform(self, low=0.0, high=1.0, size=None, dtype=np.float64):
        """Uniform samples on [low, high) of ``dtype``, as PyTorch's ``uniform_`` computes them:
        the bounds rounded to ``dtype``, then ``u * (high - low) + low`` rounded once (its
        kernel's fused multiply-add). Float32 samples come out exact through float64; float64
        ones through an error-free product (the last bit differs in a third of them otherwise)."""
        n, shape = _count(size)
        if np.dtype(dtype) == np.float16:
            # float32 uniforms and arithmetic, rounded to float16; a value rounded up to ``high`` becomes
            # ``low`` (PyTorch's Half kernel keeps [low, high) so, measured)
            out = self.uniform(low, high, size, dtype=np.float32).astype(np.float16)
            return np.where(out == np.float16(high), np.float16(low), out).reshape(shape)
        u = self._uniform(n, dtype)
        if np.dtype(dtype) == np.float32:
            low, span = np.float32(low), np.float32(high) - np.float32(low)
            out = (u.astype(np.float64) * np.float64(span) + np.float64(low)).astype(np.float32)
        else:
            out = _fused_multiply_add(u, np.float64(high) - np.float64(low), np.float64(low))
        return out.reshape(shape)

    def integers(self, low, high=None, size=None, dtype=np.int64):
        """Integers in [low, high): a word (two for ranges of 2**28 or more) modulo the range."""
        if high is None:
            low, high = 0, low
        if size is None and low == 0 and high == 1 << 63:
            # Fast path, fenced: one random_() of int64 (PyTorch's per-epoch seeds), on Python ints;
            # the array path below gives the same number (a test checks they agree)
            first, second = self._bits.random_raw(2).tolist()
            return (first << 32 | second) & ((1 << 63) - 1)
        n, shape = _count(size)
        span = int(high) - int(low)
        words = self._words(n) if span < 1 << 28 else self._words64(n)  # (PyTorch 2.13's threshold, measured)
        if span < 1 << 63:
            values = (words % np.uint64(span)).astype(np.int64) + np.int64(low)
        elif span == 1 << 63 and low == 0:  # (random_() of int64: PyTorch's per-epoch seeds)
            values = (words & np.uint64((1 << 63) - 1)).astype(np.int64)
        else:
            values = np.array([int(w) % span + int(low) for w in words.tolist()], dtype=np.int64)
        return values.astype(dtype, copy=False).reshape(shape)

    def random_words(self, size=None):
        """32-bit words of the stream as int64 values (PyTorch's ``random()``), one per value."""
        n, shape = _count(size)
        return self._words(n).astype(np.int64).reshape(shape)

    def standard_normal(self, size=None, dtype=np.float64):
        """Standard normal samples of ``dtype``, drawn as PyTorch's ``normal_`` draws them."""
        n, shape = _count(size)
        if n < 16 or _serial_normals:
            out = np.array([self._one_normal() for _ in range(n)], dtype=np.float64)
        else:
            out = self._normal_fill(n, dtype)
        out = out.astype(dtype, copy=False).reshape(shape)
        return out if size is not None else out[()]

    def normal(self, loc=0.0, scale=1.0, size=None, dtype=np.float64):
        """Normal samples of ``dtype`` with mean ``loc`` and standard deviation ``scale``, as PyTorch's
        ``normal_`` computes them: ``z * scale + loc`` rounded once (its kernels' fused multiply-add),
        in float64 below 16 values, else with ``loc`` and ``scale`` rounded to ``dtype`` first."""
        n, shape = _count(size)
        if n < 16 or _serial_normals:
            z = self.standard_normal(n)
        else:
            z = self._normal_fill(n, dtype).astype(np.float64)
            loc, scale = np.dtype(dtype).type(loc), np.dtype(dtype).type(scale)
        out = _fused_multiply_add(z, np.float64(scale), np.float64(loc)).astype(dtype).reshape(shape)
        return out if size is not None else out[()]

    def standard_cauchy(self, size=None):
        """Standard Cauchy samples (float64): ``tan(pi * (u - 1/2))`` of a float64 uniform, with the C
        library's tangent (``math.tan``), as PyTorch's ``cauchy_`` kernel calls it."""
        n, shape = _count(size)
        values = np.fromiter(map(math.tan, (math.pi * (self._uniform(n, np.float64) - 0.5)).tolist()),
                             np.float64, n)
        return values.reshape(shape) if size is not None else values[0]

    def lognormal(self, mean=0.0, sigma=1.0, size=None):
        """Log-normal samples (float64): ``exp(z * sigma + mean)`` of one Box-Muller normal each (the
        kept sine used first), the sum rounded once and the C library's exp, as PyTorch's ``log_normal_``."""
        n, shape = _count(size)
        z = np.array([self._one_normal() for _ in range(n)], dtype=np.float64)
        logs = _fused_multiply_add(z, np.float64(sigma), np.float64(mean))
        values = np.fromiter(map(math.exp, logs.tolist()), np.float64, n)
        return values.reshape(shape) if size is not None else values[0]

    def geometric(self, p, size=None):
        """Geometric samples (float64, trials up to the first success): ``ceil(log(u) / log1p(-p))`` of a
        float64 uniform, with the C library's log, as PyTorch's ``geometric_``."""
        n, shape = _count(size)
        log_q = math.log1p(-p)
        values = np.fromiter((math.ceil(math.log(u) / log_q) if u > 0 else math.inf
                              for u in self._uniform(n, np.float64).tolist()), np.float64, n)
        return values.reshape(shape) if size is not None else values[0]

    def exponential(self, scale=1.0, size=None):
        """Exponential samples with mean ``scale`` (by inversion of float64 uniforms)."""
        n, shape = _count(size)
        # the C library's log1p (math.log1p), as PyTorch's kernel calls it: NumPy's own log1p
        # rounds about one value in fourteen a last bit apart
        logs = np.fromiter(map(math.log1p, (-self._uniform(n, np.float64)).tolist()), np.float64, n)
        return (-logs * scale).reshape(shape)

    def permutation(self, x):
        """A shuffled ``arange(x)`` (or a shuffled copy of the array ``x``), as ``randperm``."""
        if isinstance(x, (int, np.integer)):
            return np.array(self.shuffled(int(x)), dtype=np.int64)
        return np.array(self._shuffle(np.asarray(x).tolist()), dtype=np.asarray(x).dtype)

    def shuffled(self, n):
        """``permutation(n)`` as a list of Python ints (a sampler's epoch, without the array)."""
        return self._shuffle(list(range(n)))

    def _shuffle(self, order):
        """``order`` (a list) shuffled in place, as ``randperm`` shuffles; returns it."""
        n = len(order)
        if 1 < n <= 64:
            # Fast path, fenced: a short shuffle on Python ints (NumPy's per-call costs dominate
            # there); the same steps as the array path below (a test checks they agree)
            for i, word in enumerate(self._bits.random_raw(n - 1).tolist()):
                j = i + word % (n - i)
                order[i], order[j] = order[j], order[i]
        elif n > 1:
            if n < (1 << 32) // 20:
                steps = (self._words(n - 1) % np.arange(n, 1, -1, dtype=np.uint64)).tolist()
            else:
                steps = (self._words64(n - 1) % np.arange(n, 1, -1, dtype=np.uint64)).tolist()
            for i, z in enumerate(steps):
                j = i + z
                order[i], order[j] = order[j], order[i]
        return order

    def choice(self, a, size=None, replace=True, p=None):
        """Indices (or items of ``a``) drawn with probabilities ``p``: inverse CDF of float64
        uniforms, drawn one at a time without replacement."""
        items = np.arange(a) if isinstance(a, (int, np.integer)) else np.asarray(a)
        weights = np.full(len(items), 1.0) if p is None else np.asarray(p, dtype=np.float64).copy()
        n, shape = _count(size)
        if replace:
            cdf = np.cumsum(weights)
            picks = np.searchsorted(cdf, self._uniform(n, np.float64) * cdf[-1], side="right")
            return items[np.minimum(picks, len(items) - 1)].reshape(shape)
        picks = []
        for _ in range(n):
            cdf = np.cumsum(weights)
            k = min(int(np.searchsorted(cdf, self._uniform(1, np.float64)[0] * cdf[-1], side="right")),
                    len(items) - 1)
            picks.append(k)
            weights[k] = 0.0
        return items[np.array(picks, dtype=np.int64)].reshape(shape)

    # ------------------------------------------------------------------ normals
    def _one_normal(self):
        """One value of PyTorch's ``normal_distribution<double>``: Box-Muller, the sine kept."""
        if self._normal is not None:
            value, self._normal = self._normal, None
            return value
        u1, u2 = self._uniform(2, np.float64).tolist()
        radius = math.sqrt(-2.0 * math.log1p(-u2))
        theta = 2.0 * math.pi * u1
        self._normal = radius * math.sin(theta)
        return radius * math.cos(theta)

    def _normal_fill(self, n, dtype):
        """PyTorch's ``normal_fill``: ``n`` (>= 16) uniforms, Box-Muller on each block of 16
        (values j and j + 8 from one pair); a last partial block is 16 fresh uniforms
        written over the last 16 values."""
        dtype = np.float32 if np.dtype(dtype) == np.float32 else np.float64
        out = self._uniform(n, dtype)
        full = n // 16 * 16
        _box_muller_16(out[:full].reshape(-1, 16))
        if n % 16:
            tail = self._uniform(16, dtype).reshape(1, 16)
            _box_muller_16(tail)
            out[n - 16:] = tail[0]
        return out


def _split(x):
    """x = hi + lo with hi holding the upper 26 bits of x's significand (Veltkamp's splitting)."""
    t = 134217729.0 * x  # (2**27 + 1)
    hi = t - (t - x)
    return hi, x - hi


def _fused_multiply_add(a, b, c):
    """a * b + c in float64 with the product kept exact (Dekker's product, then Knuth's sum): what
    a fused multiply-add gives, without one in NumPy. ``a`` holds values of moderate size (uniforms,
    normals, tangents); ``b`` and ``c`` may be any finite values."""
    if np.max(np.abs(b)) <= _SPLIT_SAFE:
        return _exact_multiply_add(a, b, c)
    # Veltkamp's split of a b this large overflows (uniform_(-1e300, 1e300)): b and c scaled down by a
    # power of two round the same, and scaled back up the result overflows where the true one does.
    # Where a is 0 the scaled c may have lost bits: a * b + c is exact there.
    down = np.where(np.abs(b) > _SPLIT_SAFE, _SCALE_DOWN, 1.0)
    return np.where(a == 0, a * b + c, _exact_multiply_add(a, b * down, c * down) / down)


_SPLIT_SAFE = 2.0 ** 512
_SCALE_DOWN = 2.0 ** -512


def _exact_multiply_add(a, b, c):
    """``_fused_multiply_add`` for a ``b`` whose split cannot overflow."""
    p = a * b
    a_hi, a_lo = _split(a)
    b_hi, b_lo = _split(b)
    p_err = ((a_hi * b_hi - p) + a_hi * b_lo + a_lo * b_hi) + a_lo * b_lo  # a * b == p + p_err exactly
    s = p + c
    c_part = s - p
    s_err = (p - (s - c_part)) + (c - c_part)  # p + c == s + s_err exactly
    return s + (s_err + p_err)


def _box_muller_16(blocks):
    """Blocks of 16 uniforms become 16 normals each, in place (PyTorch's normal_fill_16),
    computed in the blocks' dtype as PyTorch computes them (float32: within 2 ulps of its
    vectorised kernel, mostly equal)."""
    one, minus_two, two_pi = (blocks.dtype.type(v) for v in (1.0, -2.0, 2.0 * math.pi))
    radius = np.sqrt(minus_two * np.log(one - blocks[:, :8]))
    theta = two_pi * blocks[:, 8:]
    blocks[:, :8] = radius * np.cos(theta)
    blocks[:, 8:] = radius * np.sin(theta)
