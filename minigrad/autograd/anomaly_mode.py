"""``detect_anomaly`` / ``set_detect_anomaly``: PyTorch's debugging switch. With it on (and
``check_nan``), the engine raises PyTorch's error where a node's formula returns NaN; nodes recorded
while it is on keep the traceback of their forward call, and an error raised in backward is first
reported with it in PyTorch's UserWarning ("Error detected in MulBackward0. Traceback of forward call
that caused the error: ..."). The traceback leaves out minigrad's own frames."""
import os
import traceback
import warnings

_state = {"enabled": False, "check_nan": True}


def is_anomaly_enabled():
    """Whether anomaly detection is switched on."""
    return _state["enabled"]


def is_anomaly_check_nan_enabled():
    """Whether anomaly detection would check for NaN."""
    return _state["check_nan"]


_PACKAGE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _set(enabled, check_nan):
    """Set the switches (Op's recording paths keep forward tracebacks while it is on)."""
    _state["enabled"], _state["check_nan"] = enabled, check_nan
    from . import graph  # (graph imports the ops' base, which imports this module)
    graph._sync_recording()


def forward_trace():
    """The current call stack as PyTorch's anomaly mode shows it, without minigrad's own frames."""
    frames = [f for f in traceback.extract_stack() if not os.path.abspath(f.filename).startswith(_PACKAGE)]
    return "".join(traceback.format_list(frames))


def warn_backward_error(node):
    """PyTorch's warning, before an error raised in backward at ``node`` propagates."""
    trace = node.__dict__.get("forward_trace")
    if trace is None:
        message = (f"Error detected in {node.name()}. No forward pass information available. Enable detect "
                   "anomaly during forward pass for more information.")
    else:
        message = f"Error detected in {node.name()}. Traceback of forward call that caused the error:\n{trace}"
    warnings.warn(message, UserWarning, stacklevel=3)


class set_detect_anomaly:
    """Switch anomaly detection on or off: a call, or a context manager restoring the old setting."""

    def __init__(self, mode, check_nan=True):
        self.previous = (_state["enabled"], _state["check_nan"])
        _set(bool(mode), bool(check_nan))

    def __enter__(self):
        return None

    def __exit__(self, *exc):
        _set(*self.previous)
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
        _set(True, bool(self.check_nan))

    def __exit__(self, *exc):
        _set(*self.previous)
        return False
