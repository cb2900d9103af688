"""``minigrad.version``: what ``torch.version`` tells a program about the build. minigrad is
pure Python: no CUDA or ROCm toolkit is compiled in (CUDA comes from CuPy at run time).

``__version__`` names the PyTorch release whose behaviour minigrad follows, with minigrad's own
version as the local label (``2.13.0+minigrad.0.1.0``, as PyTorch's CPU build is ``2.13.0+cpu``):
programs that gate a feature on ``torch.__version__ >= "2.0"`` or ``>= (1, 13)`` take the path
written for the API minigrad speaks. Like PyTorch's ``TorchVersion`` it is a ``str`` that also
compares with version strings and tuples by release number."""

import re

#: the PyTorch release whose API and numbers minigrad follows, and minigrad's own version
PYTORCH_RELEASE = (2, 13, 0)
MINIGRAD_VERSION = "0.1.0"


class TorchVersion(str):
    """A version string that compares by release number with strings (``"2.0"``) and tuples
    (``(2, 0)``): a local label (``+...``) makes it greater than its bare release, as PEP 440 orders them."""

    @staticmethod
    def _key(version):
        if isinstance(version, tuple):
            return tuple(int(v) for v in version) + (0,) * (4 - len(version)), 0
        public, _, local = str(version).partition("+")
        release = []
        for part in public.split("."):
            digits = re.match(r"\d+", part)  # (a pre-release's "0a1" counts as its leading 0)
            if digits is None:
                break
            release.append(int(digits.group()))
        return tuple(release) + (0,) * (4 - len(release)), 1 if local else 0

    def _compare(self, other, op):
        if not isinstance(other, (str, tuple)):
            return NotImplemented
        return op(self._key(self), self._key(other))

    def __lt__(self, other):
        return self._compare(other, lambda a, b: a < b)

    def __le__(self, other):
        return self._compare(other, lambda a, b: a <= b)

    def __gt__(self, other):
        return self._compare(other, lambda a, b: a > b)

    def __ge__(self, other):
        return self._compare(other, lambda a, b: a >= b)

    def __eq__(self, other):
        if isinstance(other, tuple):
            return self._key(self) == self._key(other)
        return str.__eq__(self, other)

    def __ne__(self, other):
        return not self == other

    __hash__ = str.__hash__


__version__ = TorchVersion(".".join(map(str, PYTORCH_RELEASE)) + "+minigrad." + MINIGRAD_VERSION)
git_version = "unknown"
debug = False
cuda = None
hip = None
rocm = None
xpu = None
