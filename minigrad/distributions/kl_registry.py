"""The registry of KL divergences: ``register_kl`` files a closed form under a pair of
distribution classes, ``kl_divergence`` finds the closest registered pair for two distributions."""
import warnings

from .distribution import Distribution

_KL_REGISTRY = {}  # (type_p, type_q) -> function(p, q)
_KL_CHOSEN = {}    # the function found for a pair of concrete types, kept


def register_kl(type_p, type_q):
    """A decorator registering ``fn(p, q)`` as KL(p || q) for p of ``type_p`` and q of ``type_q``
    (and their subclasses, unless a closer pair is registered)."""
    for t in (type_p, type_q):
        if not (isinstance(t, type) and issubclass(t, Distribution)):
            raise TypeError(f"Expected type_p and type_q to be Distribution subclasses but got {t}")

    def decorator(fn):
        _KL_REGISTRY[type_p, type_q] = fn
        _KL_CHOSEN.clear()
        return fn
    return decorator


def _closest(type_p, type_q):
    """The registered function for the closest pair of base classes: the closest p first
    (then q); a RuntimeWarning when the closest q first would pick another function."""
    matches = [(bp, bq) for bp, bq in _KL_REGISTRY if issubclass(type_p, bp) and issubclass(type_q, bq)]
    if not matches:
        return NotImplemented
    p_rank, q_rank = type_p.__mro__.index, type_q.__mro__.index
    left = min(matches, key=lambda m: (p_rank(m[0]), q_rank(m[1])))
    right = min(matches, key=lambda m: (q_rank(m[1]), p_rank(m[0])))
    if _KL_REGISTRY[left] is not _KL_REGISTRY[right]:
        warnings.warn(f"Ambiguous kl_divergence({type_p.__name__}, {type_q.__name__}). "
                      f"Please register_kl({left[0].__name__}, {right[1].__name__})", RuntimeWarning)
    return _KL_REGISTRY[left]


def kl_divergence(p, q):
    """KL(p || q) = E_p[log p(x) - log q(x)], batched over the batch shape; NotImplementedError
    for a pair without a registered closed form."""
    key = (type(p), type(q))
    if key not in _KL_CHOSEN:
        _KL_CHOSEN[key] = _closest(*key)
    fn = _KL_CHOSEN[key]
    if fn is NotImplemented:
        raise NotImplementedError(f"No KL(p || q) is implemented for p type {p.__class__.__name__} "
                                  f"and q type {q.__class__.__name__}")
    return fn(p, q)
