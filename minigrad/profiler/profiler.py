"""``profile`` and ``record_function``, as ``torch.profiler`` and ``torch.autograd.profiler``
offer them: the CPU time of every op call and backward formula inside a block, summed by name."""
import enum
import functools
import json

from . import recording
from .events import EventList


class ProfilerActivity(enum.Enum):
    """What a profiler may record: minigrad records CPU activity (the others are accepted)."""

    CPU = 0
    XPU = 1
    MTIA = 2
    CUDA = 3
    HPU = 4
    PrivateUse1 = 5


class profile:
    """Record the ops run inside ``with profile(...) as prof:`` (or between ``start()`` and
    ``stop()``); ``prof.key_averages().table(sort_by="cpu_time_total")`` summarises them.
    ``record_shapes`` keeps each call's input shapes (``key_averages(group_by_input_shape=True)``)."""

    def __init__(self, activities=None, *, schedule=None, on_trace_ready=None, record_shapes=False,
                 profile_memory=False, with_stack=False, with_flops=False, with_modules=False,
                 experimental_config=None, execution_trace_observer=None, acc_events=False, use_cuda=None,
                 custom_trace_id_callback=None, enabled=True):
        self.activities = set(activities) if activities is not None else {ProfilerActivity.CPU}
        self.record_shapes = record_shapes
        self.on_trace_ready = on_trace_ready
        self.enabled = enabled
        self._events = EventList()
        self.step_num = 0

    def start(self):
        """Begin recording."""
        if self.enabled:
            recording.start(self)

    def stop(self):
        """Stop recording (and hand the profile to ``on_trace_ready``)."""
        recording.stop(self)
        if self.on_trace_ready is not None:
            self.on_trace_ready(self)

    def step(self):
        """Mark the end of a training step (steps are counted; every step is recorded)."""
        self.step_num += 1

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.stop()
        return False

    def events(self):
        """The recorded events, in the order they began."""
        return self._events

    def key_averages(self, group_by_input_shape=False, group_by_stack_n=0, group_by_overload_name=False):
        """The events averaged per name (and per input shapes with ``group_by_input_shape``)."""
        return self._events.key_averages(group_by_input_shape)

    def table(self, *args, **kwargs):
        """``events().table(...)``."""
        return self._events.table(*args, **kwargs)

    @property
    def self_cpu_time_total(self):
        """The summed self CPU time of every event (microseconds)."""
        return self._events.self_cpu_time_total

    def export_chrome_trace(self, path):
        """Write the events as a Chrome trace (JSON ``traceEvents``, open in chrome://tracing or Perfetto)."""
        trace = [{"name": e.name, "ph": "X", "ts": e.start_us, "dur": e.cpu_time_total, "pid": 0, "tid": 0,
                  "cat": "cpu_op", "args": {} if e.input_shapes is None else {"Input Dims": e.input_shapes}}
                 for e in self._events]
        with open(path, "w") as f:
            json.dump({"traceEvents": trace}, f)


class record_function:
    """A named block in the profile (``with record_function("forward"):``), also a decorator."""

    def __init__(self, name, args=None):
        self.name = name
        self.args = args
        self._event = None

    def __enter__(self):
        self._event = recording.begin(self.name)
        return self

    def __exit__(self, *exc):
        recording.end(self._event)
        self._event = None
        return False

    def __call__(self, fn):
        @functools.wraps(fn)
        def wrapped(*args, **kwargs):
            with record_function(self.name, self.args):
                return fn(*args, **kwargs)
        return wrapped


def schedule(*, wait, warmup, active, repeat=0, skip_first=0, skip_first_wait=0):
    """PyTorch's step schedule, accepted: minigrad records every step of a profile."""
    return lambda step: None
