"""``minigrad.cpu``: PyTorch's ``torch.cpu`` names, which let device-agnostic code treat the CPU
like an accelerator (one device, always available, with stand-in streams and events)."""
from contextlib import AbstractContextManager

__all__ = ["is_available", "is_initialized", "synchronize", "current_device", "current_stream", "stream",
           "set_device", "device_count", "Stream", "StreamContext", "Event"]


def is_available():
    """True: the CPU is always available."""
    return True


def is_initialized():
    """True: the CPU needs no initialisation."""
    return True


def synchronize(device=None):
    """Nothing to wait for: CPU work finishes before the call that queued it returns."""


def device_count():
    """The number of CPU devices (not cores): always 1."""
    return 1


def current_device():
    """The current CPU device's name: always ``"cpu"``."""
    return "cpu"


def set_device(device):
    """Select the CPU device: there is only one, so nothing changes."""


class Stream:
    """A stand-in for an accelerator stream: CPU work runs in order, so every method is a no-op."""

    def __init__(self, priority=-1):
        pass

    def wait_stream(self, stream):
        """Nothing to wait for."""

    def record_event(self):
        """Nothing to record."""

    def wait_event(self, event):
        """Nothing to wait for."""


class Event:
    """A stand-in for an accelerator event: always already complete."""

    def query(self):
        """True: the event has completed."""
        return True

    def record(self, stream=None):
        """Nothing to record."""

    def synchronize(self):
        """Nothing to wait for."""

    def wait(self, stream=None):
        """Nothing to wait for."""


_default_stream = Stream()
_current_stream = _default_stream


def current_stream(device=None):
    """The stream selected by the innermost ``stream(...)`` context (the default stream outside one)."""
    return _current_stream


class StreamContext(AbstractContextManager):
    """Selects ``stream`` as the current stream for the ``with`` block (``None``: no change)."""

    def __init__(self, stream):
        self.stream = stream
        self.prev_stream = _default_stream

    def __enter__(self):
        global _current_stream
        if self.stream is not None:
            self.prev_stream, _current_stream = _current_stream, self.stream

    def __exit__(self, *exc):
        global _current_stream
        if self.stream is not None:
            _current_stream = self.prev_stream


def stream(stream):
    """A ``StreamContext`` selecting ``stream``."""
    return StreamContext(stream)


from . import amp  # noqa: E402,F401  (the deprecated torch.cpu.amp names)
