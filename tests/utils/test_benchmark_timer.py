"""``utils.benchmark``: Timer's measurements and the summaries PyTorch prints for them."""
import pytest
import torch
import torch.utils.benchmark

import minigrad
import minigrad.utils.benchmark as benchmark

BENCHMARKS = pytest.mark.parametrize("lib", [benchmark, torch.utils.benchmark], ids=["minigrad", "torch"])


def _measurement(lib, times, number=100, **task):
    task.setdefault("setup", "pass")
    return lib.Measurement(number, times, lib.utils.common.TaskSpec(stmt="x.sum()", **task)
                           if lib is torch.utils.benchmark else lib.TaskSpec(stmt="x.sum()", **task))


def _body(m):
    return repr(m).split("\n", 1)[1]  # (the first line names the object's class and address)


def test_timeit_runs_the_statement_number_times_with_torch_as_minigrad():
    calls = []
    m = benchmark.Timer("calls.append(torch)", globals={"calls": calls}).timeit(50)
    assert m.number_per_run == 50 and len(m.raw_times) == 1
    assert set(calls) == {minigrad} and len(calls) == 50 + 2  # (a warm-up of max(50 // 100, 2) runs)


def test_blocked_autorange_repeats_blocks_for_at_least_min_run_time():
    m = benchmark.Timer("x * 2", setup="y = 1", globals={"x": minigrad.ones(10)}).blocked_autorange(min_run_time=0.02)
    assert sum(m.raw_times) >= 0.02 and m.median > 0 and m.number_per_run >= 1


def test_adaptive_autorange_stops_at_max_run_time():
    m = benchmark.Timer("pass").adaptive_autorange(threshold=0.0, max_run_time=0.05)
    assert 0.05 < sum(m.raw_times) < 1.0


def test_a_statement_that_is_not_a_string_raises_value_error():
    with pytest.raises(ValueError, match="only a `str` stmt"):
        benchmark.Timer(lambda: None)


@BENCHMARKS
def test_a_measurement_of_blocks_prints_median_iqr_and_counts_as_pytorch(lib):
    m = _measurement(lib, [1.1e-4, 1.2e-4, 1.15e-4, 1.3e-4, 1.12e-4], label="sum", sub_label="100",
                     description="loop", setup="y = 1")
    assert _body(m) == ("sum: 100\nloop\nsetup: y = 1\n  Median: 1.15 us\n  IQR:    0.08 us (1.12 to 1.20)\n"
                        "  5 measurements, 100 runs per measurement, 1 thread")


@BENCHMARKS
def test_a_single_block_prints_its_time_without_a_median_label(lib):
    assert _body(_measurement(lib, [9.1e-3], num_threads=2)) == "x.sum()\n  91.00 us\n  1 measurement, 100 runs , 2 threads"


@BENCHMARKS
def test_a_noisy_measurement_carries_pytorchs_warning(lib):
    m = _measurement(lib, [1e-4, 1e-4, 3e-4, 3e-4])
    assert m.has_warnings and _body(m).endswith("This suggests significant environmental influence.")


def _table(lib, trim=False):
    ms = [_measurement(lib, [1.1e-4, 1.2e-4, 1.15e-4, 1.3e-4, 1.12e-4], label="sum", sub_label="100", description="torch"),
          _measurement(lib, [2.1e-4, 2.0e-4, 2.05e-4, 2.2e-4, 2.3e-4], label="sum", sub_label="100", description="loop"),
          _measurement(lib, [5.1e-3, 5.2e-3, 5.0e-3, 5.4e-3], label="sum", sub_label="10000", description="torch"),
          _measurement(lib, [9.1e-3], label="sum", sub_label="10000", description="loop", num_threads=2)]
    compare = lib.Compare(ms)
    if trim:
        compare.trim_significant_figures()
        compare.highlight_warnings()
    return str(compare)


def test_compare_prints_pytorchs_table():
    assert _table(benchmark) == _table(torch.utils.benchmark)


def test_compare_with_trimmed_figures_prints_pytorchs_table():
    assert _table(benchmark, trim=True) == _table(torch.utils.benchmark, trim=True)


def test_compare_refuses_what_is_not_a_measurement():
    with pytest.raises(ValueError, match="Expected an instance of `Measurement`"):
        benchmark.Compare([1.0])


@BENCHMARKS
def test_a_measurement_without_an_environment_tag_has_env_none(lib):
    assert _measurement(lib, [1e-4]).env is None
    assert _measurement(lib, [1e-4], env="ours").env == "ours"
