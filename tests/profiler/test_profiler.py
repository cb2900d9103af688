"""``profiler.profile`` / ``autograd.profiler.profile`` and ``record_function``: which calls
are recorded, how their times nest and add up, and the table PyTorch prints."""
import json

import pytest
import torch

import minigrad
from minigrad.autograd.op import Op
from minigrad.profiler import ProfilerActivity, profile, record_function


def _train_step(lib):
    lib.manual_seed(0)
    model = lib.nn.Linear(4, 2)
    x = lib.randn(8, 4)
    with record_function("step") if lib is minigrad else torch.profiler.record_function("step"):
        model(x).relu().sum().backward()


def test_op_calls_and_backward_formulas_are_recorded_inside_record_function_blocks():
    with profile(activities=[ProfilerActivity.CPU]) as prof:
        _train_step(minigrad)
    names = [e.name for e in prof.events()]
    assert names[0] == "step" and "aten::relu" in names and "aten::sum" in names
    assert "autograd::engine::evaluate_function: ReluBackward0" in names
    step = prof.events()[0]
    assert all(e.cpu_parent is step for e in prof.events()[1:])


def test_an_events_self_time_is_its_total_less_its_childrens():
    with profile() as prof:
        _train_step(minigrad)
    step = prof.events()[0]
    children = sum(e.cpu_time_total for e in step.cpu_children)
    assert step.self_cpu_time_total == pytest.approx(step.cpu_time_total - children)
    assert prof.key_averages().self_cpu_time_total == pytest.approx(step.cpu_time_total)


def test_key_averages_count_calls_per_name():
    x = minigrad.ones(3)
    with profile() as prof:
        for _ in range(4):
            x * 2
    (mul,) = [a for a in prof.key_averages() if a.key == "aten::mul"]
    assert mul.count == 4 and mul.cpu_time == pytest.approx(mul.cpu_time_total / 4)


def test_shapes_are_recorded_when_asked_and_group_averages():
    with profile(record_shapes=True) as prof:
        minigrad.ones(2, 3) * 2
        minigrad.ones(5) * 2
    rows = [a for a in prof.key_averages(group_by_input_shape=True) if a.key == "aten::mul"]
    assert sorted(str(r.input_shapes) for r in rows) == ["[[2, 3], []]", "[[5], []]"]


def test_the_table_has_pytorchs_columns_and_footer():
    with profile() as prof:
        _train_step(minigrad)
    with torch.profiler.profile() as tprof:
        _train_step(torch)
    ours = prof.key_averages().table(sort_by="cpu_time_total", row_limit=3).splitlines()
    theirs = tprof.key_averages().table(sort_by="cpu_time_total", row_limit=3).splitlines()
    assert ours[1].split() == theirs[1].split() and len(ours) == len(theirs)
    assert ours[3].split()[0] == theirs[3].split()[0] == "step"
    assert ours[-1].startswith("Self CPU time total: ")


def test_nothing_is_recorded_or_patched_outside_a_profile():
    fast, run = Op.__dict__["_apply_fast"], Op.__dict__["run"]
    with profile() as prof:
        minigrad.ones(2) * 2
    minigrad.ones(2) * 3
    assert len(prof.events()) == 1
    assert Op.__dict__["_apply_fast"] is fast and Op.__dict__["run"] is run


def test_record_function_decorates_a_function():
    @record_function("helper")
    def helper(x):
        return x + 1
    with profile() as prof:
        helper(minigrad.ones(1))
    assert [e.name for e in prof.events()] == ["helper", "aten::add"]


def test_autograd_profiler_disabled_records_nothing():
    with minigrad.autograd.profiler.profile(enabled=False) as prof:
        minigrad.ones(2) * 2
    assert len(prof.events()) == 0


def test_a_chrome_trace_is_json_with_one_event_per_call(tmp_path):
    with profile() as prof:
        minigrad.ones(2).exp()
    path = tmp_path / "trace.json"
    prof.export_chrome_trace(str(path))
    assert [e["name"] for e in json.loads(path.read_text())["traceEvents"]] == ["aten::exp"]
