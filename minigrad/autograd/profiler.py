"""``minigrad.autograd.profiler``: PyTorch's older profiler API, the same recorder as
``minigrad.profiler`` (``profile(enabled=True, record_shapes=False, ...)``, ``record_function``)."""
from ..profiler import EventList, FunctionEvent, FunctionEventAvg, record_function
from ..profiler import profile as _profile


class profile(_profile):
    """Record the ops run inside the block (``use_cuda``/``use_device`` are accepted: CPU time only)."""

    def __init__(self, enabled=True, *, use_cuda=False, use_device=None, record_shapes=False, with_flops=False,
                 profile_memory=False, with_stack=False, with_modules=False, use_kineto=False, use_cpu=True,
                 experimental_config=None, acc_events=False, custom_trace_id_callback=None):
        super().__init__(record_shapes=record_shapes, enabled=enabled)


__all__ = ["EventList", "FunctionEvent", "FunctionEventAvg", "profile", "record_function"]
