"""`python -m benchmarks --quick` runs every benchmark and reports ratios (no timing is asserted)."""
import contextlib
import io
import json

import pytest

from benchmarks import NAMES
from benchmarks.__main__ import main


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    out = tmp_path_factory.mktemp("bench")
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        rows = main(["--quick", "--json", str(out / "b.json"), "--plot", str(out / "b.png")])
    (out / "printed.txt").write_text(printed.getvalue())
    return rows, out


def test_every_benchmark_reports_rows_with_units(report):
    rows, _ = report
    assert {r["benchmark"] for r in rows} == set(NAMES)
    for r in rows:
        assert r["value"] > 0 and r["unit"]


def test_minigrad_rows_carry_a_ratio_to_torch_where_torch_ran(report):
    rows, _ = report
    torch_cases = {(r["benchmark"], r["case"]) for r in rows if r["impl"] == "torch"}
    for r in rows:
        if r["impl"] == "minigrad" and (r["benchmark"], r["case"]) in torch_cases:
            assert r["vs_torch"] is not None and r["vs_torch"] > 0


def test_training_compares_minigrad_torch_and_handwritten_numpy(report):
    rows, _ = report
    impls = {r["impl"] for r in rows if r["benchmark"] == "training"}
    assert {"minigrad", "compiled", "torch", "numpy"} <= impls


def test_json_and_plot_are_written(report):
    _, out = report
    data = json.loads((out / "b.json").read_text())
    assert data["quick"] is True and data["threads"] >= 1 and data["results"]
    assert (out / "b.png").stat().st_size > 1000


def test_quick_output_says_its_figures_are_a_smoke_run_not_comparable_with_a_full_run(report):
    _, out = report
    printed = (out / "printed.txt").read_text()
    assert printed.count("QUICK SMOKE RUN") == 2  # above and below the table
    assert "NOT comparable with a full run" in printed
    assert "NOT comparable" in json.loads((out / "b.json").read_text())["note"]


def test_unknown_benchmark_names_are_refused():
    with pytest.raises(SystemExit):
        main(["nonsense"])
