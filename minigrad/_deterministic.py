"""``use_deterministic_algorithms`` and its companions, as PyTorch's: the flags are recorded and read
back. They change no computation: minigrad has no alternative algorithms to choose between."""
import builtins

_flags = {"enabled": False, "warn_only": False}


def use_deterministic_algorithms(mode, *, warn_only=False):
    """Ask for deterministic algorithms only (``mode``), warning instead of raising where there is none
    (``warn_only``). Both must be bools, as in PyTorch."""
    if not isinstance(mode, builtins.bool):
        raise TypeError(f"_set_deterministic_algorithms(): argument 'mode' (position 1) must be bool, "
                        f"not {type(mode).__name__}")
    if not isinstance(warn_only, builtins.bool):
        raise TypeError(f"_set_deterministic_algorithms(): argument 'warn_only' must be bool, "
                        f"not {type(warn_only).__name__}")
    _flags["enabled"] = mode
    _flags["warn_only"] = warn_only


def are_deterministic_algorithms_enabled():
    """Whether ``use_deterministic_algorithms(True)`` is in force."""
    return _flags["enabled"]


def is_deterministic_algorithms_warn_only_enabled():
    """Whether it was set with ``warn_only=True``."""
    return _flags["warn_only"]


def set_deterministic_debug_mode(debug_mode):
    """The same flags as one mode: ``'default'`` or 0 (off), ``'warn'`` or 1 (on, warn only),
    ``'error'`` or 2 (on)."""
    if not isinstance(debug_mode, (builtins.int, str)):
        raise TypeError(f"debug_mode must be str or int, but got {type(debug_mode)}")
    if isinstance(debug_mode, str):
        modes = {"default": 0, "warn": 1, "error": 2}
        if debug_mode not in modes:
            raise RuntimeError(f"invalid value of debug_mode, expected one of `default`, `warn`, `error`, "
                               f"but got {debug_mode}")
        debug_mode = modes[debug_mode]
    if debug_mode not in (0, 1, 2):
        raise RuntimeError(f"invalid value of debug_mode, expected 0, 1, or 2, but got {debug_mode}")
    use_deterministic_algorithms(debug_mode != 0, warn_only=debug_mode == 1)


def get_deterministic_debug_mode():
    """The flags as ``set_deterministic_debug_mode`` takes them: 0, 1 or 2."""
    if not _flags["enabled"]:
        return 0
    return 1 if _flags["warn_only"] else 2
