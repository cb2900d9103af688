"""Each course example, in its fast mode, reaches its key result, writes its figure and prints its path."""
import importlib
import os
import sys

import numpy as np
import pytest

EXAMPLES = os.path.join(os.path.dirname(__file__), "..", "..", "examples")


@pytest.fixture(scope="module")
def examples():
    sys.path.insert(0, os.path.abspath(EXAMPLES))
    try:
        yield lambda name: importlib.import_module(name)
    finally:
        sys.path.remove(os.path.abspath(EXAMPLES))


def _figure_written(result, capsys):
    assert os.path.getsize(result["figure"]) > 1000
    printed = capsys.readouterr().out
    assert f"wrote {result['figure']}" in printed
    return printed


def test_dulong_heating_values(examples, tmp_path, capsys):
    r = examples("dulong").main(fast=True, out_dir=str(tmp_path))
    assert r["methane"] == pytest.approx(49.87, abs=0.01)
    assert r["ethanol"] == pytest.approx(26.69, abs=0.01)
    _figure_written(r, capsys)


def test_linear_regression_from_scratch_recovers_w_and_b(examples, tmp_path, capsys):
    r = examples("linear_regression_scratch").main(fast=True, out_dir=str(tmp_path))
    assert r["w"] == pytest.approx([2, -3.4], abs=0.05)
    assert r["b"] == pytest.approx(4.2, abs=0.05)
    assert r["closed_w"] == pytest.approx([2, -3.4], abs=0.05)
    _figure_written(r, capsys)


def test_gradient_descent_ends_where_the_course_says(examples, tmp_path, capsys):
    r = examples("gradient_descent").main(fast=True, out_dir=str(tmp_path))
    assert r["b"] == pytest.approx(1.0235, abs=1e-4)
    assert r["w"] == pytest.approx(1.9690, abs=1e-4)
    losses = r["final_loss_by_lr"]
    assert losses[1.1] > 1e3 > losses[0.1]  # the too-high learning rate diverges
    assert r["standardised_loss"] < losses[0.1]  # standardising the feature speeds descent up
    _figure_written(r, capsys)


def test_quickstart_trains_resumes_and_recovers_the_line(examples, tmp_path, capsys):
    r = examples("linear_regression_nn").main(fast=True, out_dir=str(tmp_path))
    assert r["w"] == pytest.approx(2, abs=0.1) and r["b"] == pytest.approx(1, abs=0.1)
    assert r["val_loss"] < 0.02 and r["epochs"] == 40
    assert r["resume_matches_uninterrupted"]
    assert f"wrote {os.path.join(str(tmp_path), 'linear_regression.ckpt')}" in _figure_written(r, capsys)


def test_noisy_line_mlp_has_405_parameters_and_fits(examples, tmp_path, capsys):
    r = examples("noisy_line_mlp").main(fast=True, out_dir=str(tmp_path))
    assert r["n_params"] == 405
    assert r["train_loss"] < 0.3
    assert r["val_loss"] > r["best_val_loss"]  # past its best epoch: the network fits the noise
    assert r["cubic"] == pytest.approx(r["cubic_lstsq"], abs=1e-3)  # Adam reaches the least-squares fit
    _figure_written(r, capsys)


def test_logistic_regression_separates_the_moons(examples, tmp_path, capsys):
    r = examples("logistic_moons").main(fast=True, out_dir=str(tmp_path))
    assert r["val_accuracy"] >= 0.75
    assert sum(map(sum, r["confusion"])) == 20
    _figure_written(r, capsys)


def test_digits_mlp_reaches_90_percent_test_accuracy(examples, tmp_path, capsys):
    r = examples("digits_mlp").main(fast=True, out_dir=str(tmp_path))
    assert r["test_accuracy"] >= 0.9
    _figure_written(r, capsys)


def _as_pytorch(name):
    """The example's source run against real PyTorch: only the three import lines change."""
    torch = pytest.importorskip("torch")
    import types
    with open(os.path.join(EXAMPLES, f"{name}.py")) as f:
        source = f.read()
    for ours, theirs in (("import minigrad as torch", "import torch"), ("from minigrad import", "from torch import"),
                         ("from minigrad.utils.data", "from torch.utils.data")):
        source = source.replace(f"\n{ours}", f"\n{theirs}")
    assert "import minigrad" not in source and "from minigrad" not in source
    module = types.ModuleType(f"{name}_on_pytorch")
    exec(compile(source, f"{name}_on_pytorch.py", "exec"), module.__dict__)
    assert module.torch is torch
    return module


def test_gradient_descent_matches_pytorch_running_the_same_script(examples, tmp_path):
    ours = examples("gradient_descent").main(fast=True, out_dir=str(tmp_path / "ours"))
    theirs = _as_pytorch("gradient_descent").main(fast=True, out_dir=str(tmp_path / "torch"))
    assert ours["b"] == pytest.approx(theirs["b"], rel=1e-9) and ours["w"] == pytest.approx(theirs["w"], rel=1e-9)
    assert ours["final_loss_by_lr"][0.6] == pytest.approx(theirs["final_loss_by_lr"][0.6], rel=1e-9)


def test_dulong_matches_pytorch_running_the_same_script(examples, tmp_path):
    ours = examples("dulong").main(out_dir=str(tmp_path / "ours"))
    theirs = _as_pytorch("dulong").main(out_dir=str(tmp_path / "torch"))
    assert ours["methane"] == pytest.approx(theirs["methane"], rel=1e-6)
    assert ours["ethanol"] == pytest.approx(theirs["ethanol"], rel=1e-6)


def test_lenet_digits_reaches_98_percent_and_draws_curve_and_mistakes(examples, tmp_path, capsys):
    r = examples("lenet_digits").main(fast=True, out_dir=str(tmp_path))
    assert r["test_accuracy"] >= 0.98
    assert len(r["curve"]["epoch"]) == 6 and r["curve"]["train_loss"][-1] < r["curve"]["train_loss"][0]
    assert r["misclassified"] == round((1 - r["test_accuracy"]) * 450)
    printed = _figure_written(r, capsys)
    assert os.path.getsize(r["errors_figure"]) > 1000
    assert f"wrote {r['errors_figure']}" in printed



TRAINING_EXAMPLES = ["gradient_descent", "linear_regression_scratch", "linear_regression_nn", "noisy_line_mlp",
                     "logistic_moons", "digits_mlp", "lenet_digits"]


@pytest.mark.parametrize("name", TRAINING_EXAMPLES)
def test_each_training_example_gives_the_same_results_compiled(examples, tmp_path, name, recwarn):
    """``--compile`` (minigrad.compile on the training steps) changes no number the example reports."""
    module = examples(name)
    eager = module.main(fast=True, out_dir=str(tmp_path / "eager"))
    compiled = module.main(fast=True, out_dir=str(tmp_path / "compiled"), compile=True)
    for key, value in eager.items():
        if "figure" not in key:
            assert compiled[key] == value, key
    assert not [w for w in recwarn if "minigrad.compile" in str(w.message)]  # no graph break


def test_compile_speedup_trains_the_course_models_identically(examples, tmp_path, capsys):
    r = examples("compile_speedup").main(fast=True, out_dir=str(tmp_path))
    assert len(r["speeds"]) == 3 and all(s["identical"] for s in r["speeds"].values())
    _figure_written(r, capsys)


@pytest.mark.skipif(os.environ.get("MINIGRAD_TORCH_COMPILE") != "1",
                    reason="opt-in (MINIGRAD_TORCH_COMPILE=1): torch.compile needs tens of seconds per example")
@pytest.mark.parametrize("name", ["gradient_descent", "logistic_moons", "linear_regression_scratch"])
def test_the_compiled_examples_run_on_pytorch_with_torch_compile(examples, tmp_path, name):
    """The same source on real PyTorch: ``torch.compile`` on the steps gives PyTorch's eager results."""
    module = _as_pytorch(name)
    eager = module.main(fast=True, out_dir=str(tmp_path / "eager"))
    compiled = module.main(fast=True, out_dir=str(tmp_path / "compiled"), compile=True)
    for key, value in eager.items():
        if "figure" not in key:
            if isinstance(value, dict):
                value, got = list(value.values()), list(compiled[key].values())
            else:
                got = compiled[key]
            assert np.allclose(np.asarray(got, dtype=float), np.asarray(value, dtype=float), rtol=1e-5), key
