"""utils.tensorboard.SummaryWriter against PyTorch's: the same event records byte for byte
(scalars, add_scalars' runs, histograms, text), the same image pixels, a graph TensorBoard
parses, and the files' layout."""
import glob
import io
import os

import numpy as np
import pytest
import torch
from hypothesis import given, settings, strategies as st

import minigrad
from minigrad.utils.tensorboard import SummaryWriter

pytest.importorskip("tensorboard")
from tensorboard.backend.event_processing.event_file_loader import RawEventFileLoader  # noqa: E402
from tensorboard.compat.proto import event_pb2  # noqa: E402
from torch.utils.tensorboard import SummaryWriter as TorchWriter  # noqa: E402


def _records(log_dir):
    """run (sub-directory) -> the raw records of its event file, the header left out (its wall time differs)."""
    out = {}
    for path in glob.glob(os.path.join(log_dir, "**", "events.out.tfevents.*"), recursive=True):
        out[os.path.relpath(os.path.dirname(path), log_dir)] = list(RawEventFileLoader(path).Load())[1:]
    return out


def _both(tmp_path, log):
    """Records of the same logging calls on minigrad's writer and PyTorch's."""
    for lib, writer, name in ((minigrad, SummaryWriter, "ours"), (torch, TorchWriter, "theirs")):
        w = writer(str(tmp_path / name))
        log(lib, w)
        w.close()
    return _records(str(tmp_path / "ours")), _records(str(tmp_path / "theirs"))


finite = st.floats(-1e6, 1e6, allow_nan=False, width=32)


@settings(deadline=None, max_examples=20)
@given(values=st.lists(finite, min_size=1, max_size=5), steps=st.lists(st.integers(0, 10 ** 6), min_size=5, max_size=5))
def test_scalars_are_pytorchs_records(tmp_path_factory, values, steps):
    tmp = tmp_path_factory.mktemp("scalars")

    def log(lib, w):
        for v, s in zip(values, steps):
            w.add_scalar("loss", lib.tensor(v), s, walltime=1000.5)
            w.add_scalar("lr", v, None, walltime=1.0)
    ours, theirs = _both(tmp, log)
    assert ours == theirs


def test_add_scalars_writes_one_run_per_tag_as_pytorch(tmp_path):
    def log(lib, w):
        for epoch in range(3):
            w.add_scalars("loss/all", {"training": 1.0 / (epoch + 1), "validation": 2.0}, epoch, walltime=7.0)
    ours, theirs = _both(tmp_path, log)
    assert set(ours) == {".", "loss_all_training", "loss_all_validation"}
    assert ours == theirs


@settings(deadline=None, max_examples=20)
@given(values=st.lists(finite, min_size=1, max_size=40), bins=st.sampled_from(["tensorflow", "auto", 5]),
       max_bins=st.sampled_from([None, 3]))
def test_histograms_are_pytorchs_records(tmp_path_factory, values, bins, max_bins):
    tmp = tmp_path_factory.mktemp("histograms")
    ours, theirs = _both(tmp, lambda lib, w: w.add_histogram("weights", lib.tensor(values), 4, bins=bins,
                                                               walltime=3.0, max_bins=max_bins))
    assert ours == theirs


def test_text_is_pytorchs_record(tmp_path):
    ours, theirs = _both(tmp_path, lambda lib, w: w.add_text("notes", "**loss** went down", 2, walltime=5.0))
    assert ours == theirs


def _pixels(record):
    from PIL import Image
    value = event_pb2.Event.FromString(record).summary.value[0]
    return value.tag, np.array(Image.open(io.BytesIO(value.image.encoded_image_string)))


@pytest.mark.parametrize("shape, dataformats", [((3, 4, 5), "CHW"), ((4, 5, 3), "HWC"), ((4, 5), "HW"),
                                                ((1, 4, 5), "CHW"), ((5, 1, 4, 6), "NCHW")])
def test_images_have_pytorchs_pixels(tmp_path, shape, dataformats):
    img = np.random.default_rng(0).random(shape).astype(np.float32) * 1.2 - 0.1  # (clipped to [0, 1])

    def log(lib, w):
        w.add_image("img", lib.tensor(img), 1, walltime=2.0, dataformats=dataformats)
    ours, theirs = _both(tmp_path, log)
    tag, mine = _pixels(ours["."][0])
    assert (tag, mine.tolist()) == (_pixels(theirs["."][0])[0], _pixels(theirs["."][0])[1].tolist())


def test_the_graph_lists_the_models_autograd_nodes(tmp_path):
    model = minigrad.nn.Sequential(minigrad.nn.Linear(2, 3), minigrad.nn.ReLU(), minigrad.nn.Linear(3, 1))
    with SummaryWriter(str(tmp_path)) as w:
        w.add_graph(model, minigrad.ones(4, 2))
    (records,) = _records(str(tmp_path)).values()
    from tensorboard.compat.proto import graph_pb2
    graph = graph_pb2.GraphDef.FromString(event_pb2.Event.FromString(records[0]).graph_def)
    ops = [n.op for n in graph.node]
    assert ops.count("AddmmBackward0") == 2 and "ReluBackward0" in ops and ops.count("IO Node") == 4


def test_the_default_log_dir_is_under_runs(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    w = SummaryWriter(comment="_lr0.1")
    w.close()
    assert w.get_logdir().startswith("runs" + os.sep) and w.get_logdir().endswith("_lr0.1")
    assert len(glob.glob(os.path.join(w.get_logdir(), "events.out.tfevents.*"))) == 1


def test_a_value_with_several_elements_is_refused(tmp_path):
    with SummaryWriter(str(tmp_path)) as w:
        with pytest.raises(AssertionError, match="one element"):
            w.add_scalar("loss", minigrad.ones(2), 0)


def test_logging_after_close_opens_a_new_file(tmp_path):
    w = SummaryWriter(str(tmp_path))
    w.close()
    w.add_scalar("loss", 1.0, 0)
    w.close()
    assert len(glob.glob(str(tmp_path / "events.out.tfevents.*"))) == 2


@pytest.mark.parametrize("num_thresholds, weighted", [(127, False), (10, True), (200, False)])
def test_pr_curves_are_pytorchs_records(tmp_path, num_thresholds, weighted):
    rng = np.random.default_rng(1)
    labels, predictions = rng.integers(0, 2, 40), rng.random(40).astype(np.float32)
    weights = rng.random(40) if weighted else None

    def log(lib, w):
        w.add_pr_curve("class 0", lib.tensor(labels) == 1, lib.tensor(predictions), 3,
                       num_thresholds=num_thresholds, weights=weights, walltime=4.0)
    ours, theirs = _both(tmp_path, log)
    assert ours == theirs


def test_raw_pr_curves_are_pytorchs_records(tmp_path):
    counts = [np.arange(5.0) + k for k in range(4)] + [np.linspace(0, 1, 5)] * 2

    def log(lib, w):
        w.add_pr_curve_raw("raw", *[lib.tensor(c) for c in counts], 1, num_thresholds=5, walltime=2.0)
    ours, theirs = _both(tmp_path, log)
    assert ours == theirs


def _projector_files(log_dir):
    """relative path -> content of the projector's files (a sprite as its pixels)."""
    from PIL import Image
    out = {}
    for root, _, files in os.walk(log_dir):
        for name in files:
            path = os.path.join(root, name)
            if name == "sprite.png":
                out[os.path.relpath(path, log_dir)] = np.array(Image.open(path)).tolist()
            elif not name.startswith("events.out"):
                with open(path, encoding="utf-8") as f:
                    out[os.path.relpath(path, log_dir)] = f.read()
    return out


def test_embeddings_write_pytorchs_projector_files(tmp_path):
    rng = np.random.default_rng(2)
    points, images = rng.random((5, 3)).astype(np.float32), rng.random((5, 1, 4, 6)).astype(np.float32)

    def log(lib, w):
        w.add_embedding(lib.tensor(points), metadata=[1, "a", 2.5, None, True], label_img=lib.tensor(images))
        w.add_embedding(lib.tensor(points[:, :2]), tag='a/b%"é\\\n\x01', global_step=3)
        w.add_embedding(lib.tensor(images[:2, 0, 0]), metadata=[("x", 1), ("y", 2)], metadata_header=["name", "n"],
                        global_step=7)
        w.add_embedding(lib.tensor(points).to(lib.uint8), label_img=lib.tensor(images * 255).to(lib.uint8),
                        global_step=8)
    for lib, writer, name in ((minigrad, SummaryWriter, "ours"), (torch, TorchWriter, "theirs")):
        with writer(str(tmp_path / name)) as w:
            log(lib, w)
    assert _projector_files(str(tmp_path / "ours")) == _projector_files(str(tmp_path / "theirs"))
