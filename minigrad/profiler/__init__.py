"""``minigrad.profiler``: where the time of a program goes, op by op, as ``torch.profiler``
reports it (CPU time of each op call and backward formula, self and total, per name).

    with profiler.profile(record_shapes=True) as prof:
        with profiler.record_function("train_step"):
            loss = model(x).sum(); loss.backward()
    print(prof.key_averages().table(sort_by="cpu_time_total", row_limit=10))

Ops are named ``aten::<op>`` after minigrad's op classes, backward formulas
``autograd::engine::evaluate_function: <Node>``, as PyTorch names its own.
"""
from .events import EventList, FunctionEvent, FunctionEventAvg
from .profiler import ProfilerActivity, profile, record_function, schedule

__all__ = ["EventList", "FunctionEvent", "FunctionEventAvg", "ProfilerActivity", "profile", "record_function",
           "schedule"]
