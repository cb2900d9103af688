"""The notebooks in notebooks/ are in step with the example scripts, and run in a real Jupyter kernel.

Executing them needs the ``notebooks`` extra (nbclient, ipykernel, ipywidgets);
without it those tests are skipped, except in CI (``CI`` set), where a missing
install must fail rather than pass silently.
"""
import importlib.util
import json
import os

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
_spec = importlib.util.spec_from_file_location("generate_notebooks", os.path.join(ROOT, "notebooks", "generate.py"))
generate = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(generate)


def test_every_example_has_a_notebook_in_step_with_its_script():
    assert generate.example_names(), "no examples found"
    assert generate.stale() == [], "notebooks out of step with their scripts: run python notebooks/generate.py"


def test_notebooks_hold_no_outputs():
    for name in generate.example_names():
        with open(generate.path_of(name), encoding="utf-8") as f:
            nb = json.load(f)
        assert all(not c.get("outputs") for c in nb["cells"]), f"{name}.ipynb was saved with outputs"


def _kernel_tools():
    if os.environ.get("CI"):
        import nbclient  # noqa: F401  (CI installs the notebooks extra: a missing one must fail)
    nbclient = pytest.importorskip("nbclient", reason="pip install -e '.[notebooks]'")
    nbformat = pytest.importorskip("nbformat", reason="pip install -e '.[notebooks]'")
    pytest.importorskip("ipykernel", reason="pip install -e '.[notebooks]'")
    return nbclient, nbformat


@pytest.fixture
def run_notebook(tmp_path, monkeypatch):
    """Execute a notebook (a dict) in a fresh python3 kernel with minigrad from this checkout importable."""
    nbclient, nbformat = _kernel_tools()
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [ROOT, os.environ.get("PYTHONPATH")])))
    monkeypatch.setenv("MPLBACKEND", "Agg")

    def run(nb):
        node = nbformat.reads(json.dumps(nb), as_version=4)
        nbformat.validate(node)
        nbclient.NotebookClient(node, timeout=300, kernel_name="python3",
                                resources={"metadata": {"path": str(tmp_path)}}).execute()
        return node
    return run


def _outputs(cell):
    """(stdout, stderr, MIME types shown) of an executed cell."""
    streams = {"stdout": "", "stderr": ""}
    shown = set()
    for out in cell.get("outputs", []):
        if out["output_type"] == "stream":
            streams[out["name"]] += out["text"]
        elif out["output_type"] in ("display_data", "execute_result"):
            shown |= set(out["data"])
    return streams["stdout"], streams["stderr"], shown


@pytest.mark.parametrize("name", generate.example_names())
def test_notebook_runs_in_a_kernel_prints_what_it_wrote_and_shows_its_figure(name, run_notebook, tmp_path):
    nb = generate.notebook(name)
    params = [c for c in nb["cells"] if "parameters" in c["metadata"].get("tags", [])]
    assert len(params) == 1
    params[0]["source"] = ["FAST = True\n", f"OUT_DIR = {str(tmp_path / 'out')!r}"]
    executed = run_notebook(nb)
    code = [c for c in executed.cells if c.cell_type == "code"]
    stdout, stderr, shown = _outputs(code[-2])  # result = main(...)
    assert f"wrote {tmp_path / 'out'}" in stdout
    assert "Warning" not in stderr  # e.g. tqdm's "IProgress not found" when it cannot draw a widget
    with open(os.path.join(ROOT, "examples", f"{name}.py")) as f:
        if "progress(" in f.read():  # tqdm.auto draws a notebook widget, not text
            assert "application/vnd.jupyter.widget-view+json" in shown
    _, _, shown = _outputs(code[-1])
    assert "image/png" in shown


def test_tensors_display_in_a_notebook_as_pytorch_prints_them(run_notebook):
    torch = pytest.importorskip("torch")
    expr = "torch.tensor([[1.5, -2.0], [0.25, 3.0]], requires_grad=True) * 2"
    nb = generate.notebook("dulong")  # only its metadata; the cells are replaced
    nb["cells"] = [generate._code(f"import minigrad as torch\n{expr}", 0, "display")]
    executed = run_notebook(nb)
    (result,) = [o for o in executed.cells[0].outputs if o["output_type"] == "execute_result"]
    assert result["data"]["text/plain"] == repr(eval(expr, {"torch": torch}))
