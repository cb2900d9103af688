"""``detect_anomaly`` / ``set_detect_anomaly``: PyTorch's debugging switch. With it on (and
``check_nan``), the engine raises PyTorch's error where a node's formula returns NaN; minigrad keeps
no forward tracebacks: its backward formulas are Python, so an error's traceback already points at
the forward op."""
import warnings

_state = {"enabled": False, "check_nan": True}


def is_anomaly_enabled():
    """Whether anomaly detection is switched on."""
    return _state["enabled"]


def is_anomaly_check_nan_enabled():
    """Whether anomaly detection would check for NaN."""
    return _state["check_nan"]


class set_detect_anomaly:
    """Switch anomaly detection on or off: a call, or a context manager restoring the old setting."""

    def __init__(self, mode, check_nan=True):
        self.previous = (_state["enabled"], _state["check_nan"])
        _state["enabled"], _state["check_nan"] = bool(mode), bool(check_nan)

    def __enter__(self):
        return None

    def __exit__(self, *exc):
        _state["enabled"], _state["check_nan"] = self.previous
        return False


class detect_anomaly:
    """A context manager with anomaly detection on; building it warns, as PyTorch's does."""

    def __init__(self, check_nan=True):
        self.check_nan = check_nan
        self.previous = None
        warnings.warn("Anomaly Detection has been enabled. This mode will increase the runtime and should only "
                      "be enabled for debugging.", UserWarning, stacklevel=2)

    def __enter__(self):
        if not isinstance(self.check_nan, bool):
            raise TypeError(f"set_anomaly_enabled(): argument 'check_nan' (position 2) must be bool, not "
                            f"{type(self.check_nan).__name__}")
        self.previous = (_state["enabled"], _state["check_nan"])
        _state["enabled"], _state["check_nan"] = True, bool(self.check_nan)

    def __exit__(self, *exc):
        _state["enabled"], _state["check_nan"] = self.previous
        return False
