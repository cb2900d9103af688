"""minigrad.viz draws the graph behind a tensor as Graphviz DOT text."""
import shutil

import pytest

import minigrad


def _loss():
    model = minigrad.nn.Sequential(minigrad.nn.Linear(2, 3), minigrad.nn.ReLU(), minigrad.nn.Linear(3, 1))
    return model(minigrad.ones(4, 2)).mean()


def test_dot_names_every_op_and_each_leaf_that_requires_grad():
    dot = minigrad.viz.to_dot(_loss())
    assert dot.startswith("digraph") and dot.rstrip().endswith("}")
    for name in ("MeanBackward0", "AddmmBackward0", "ReluBackward0"):
        assert name in dot
    assert dot.count("leaf (") == 4 and dot.count("float32, requires_grad") == 5  # 2 weights, 2 biases, loss
    assert "(3, 2)" in dot


def test_dot_of_a_leaf_is_just_the_output():
    dot = minigrad.viz.to_dot(minigrad.ones(2))
    assert "output (2,)" in dot and "->" not in dot


def test_dot_of_a_leaf_that_requires_grad_says_so():
    assert "output (2,) float32, requires_grad" in minigrad.viz.to_dot(minigrad.ones(2, requires_grad=True))


def test_a_leaf_used_twice_is_one_node():
    w = minigrad.ones(2, 2, requires_grad=True)
    dot = minigrad.viz.to_dot((w @ w + w).sum())
    assert dot.count("leaf (2, 2)") == 1 and "MmBackward0" in dot and "AddBackward0" in dot


def test_dot_of_a_deep_chain_needs_no_recursion():
    x = minigrad.ones(1, requires_grad=True)
    y = x
    for _ in range(5000):
        y = y * 1.0
    assert minigrad.viz.to_dot(y).count("MulBackward0") == 5000


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz 'dot' is not installed")
def test_render_writes_a_png(tmp_path):
    path = minigrad.viz.render(_loss(), str(tmp_path / "g"))
    assert (tmp_path / "g.png").stat().st_size > 0 and path.endswith(".png")


def test_render_without_dot_says_how_to_get_it(monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(RuntimeError, match="graphviz"):
        minigrad.viz.render(_loss(), "unused")


def test_render_pipes_the_dot_text_to_the_dot_program(tmp_path, monkeypatch):
    fake = tmp_path / "dot"  # stands in for Graphviz: writes its stdin to the -o file
    fake.write_text('#!/bin/sh\nfor a; do case "$a" in -o) o=1;; *) [ -n "$o" ] && out="$a" && o=;; esac; done\n'
                    'cat > "$out"\n')
    fake.chmod(0o755)
    monkeypatch.setattr(shutil, "which", lambda name: str(fake) if name == "dot" else None)
    loss = _loss()
    path = minigrad.viz.render(loss, str(tmp_path / "g"), fmt="svg")
    assert path == str(tmp_path / "g.svg")
    assert (tmp_path / "g.svg").read_text() == minigrad.viz.to_dot(loss)
