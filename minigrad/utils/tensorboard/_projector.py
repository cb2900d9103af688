"""The embedding projector's files, written as PyTorch's ``add_embedding`` writes them: per
embedding a folder ``<step>/<tag>/`` with ``tensors.tsv`` (the points), ``metadata.tsv`` (their
labels) and ``sprite.png`` (their thumbnails in one square image), and ``projector_config.pbtxt``
in the log directory listing every embedding (protobuf's text format, written out by hand)."""
import math
import os

import numpy as np  # host-side: what is logged is converted to NumPy first, as PyTorch does

from . import _summaries as summaries


def encode_tag(tag):
    """The tag as a folder name: ``%``, ``/`` and ``\\`` written as ``%xx``, as PyTorch's ``_encode``."""
    return tag.replace("%", "%25").replace("/", "%2f").replace("\\", "%5c")


def write_tsv(metadata, folder, metadata_header=None):
    """``metadata.tsv``: one label per line, or a header and tab-separated columns."""
    if not metadata_header:
        lines = [str(x) for x in metadata]
    else:
        if len(metadata_header) != len(metadata[0]):
            raise AssertionError("len of header must be equal to the number of columns in metadata")
        lines = ["\t".join(str(e) for e in row) for row in [metadata_header] + list(metadata)]
    _write(os.path.join(folder, "metadata.tsv"), "\n".join(lines) + "\n")


def write_sprite(label_img, folder):
    """``sprite.png``: the images tiled in a square grid, scaled by 255 as PyTorch scales them (a
    uint8 image saturates: PyTorch's sprite does the same)."""
    images = summaries.make_np(label_img)
    cols = math.ceil(images.shape[0] ** 0.5)
    grid = summaries._grid(images, ncols=cols)
    square = np.zeros((grid.shape[2], grid.shape[2], 3))
    square[:grid.shape[1]] = grid.transpose(1, 2, 0)
    with open(os.path.join(folder, "sprite.png"), "wb") as f:
        f.write(summaries.png(np.uint8((square * 255).clip(0, 255))))


def write_points(mat, folder):
    """``tensors.tsv``: one row of ``mat`` per line, each value as Python prints its ``item()``."""
    _write(os.path.join(folder, "tensors.tsv"), "".join("\t".join(str(v.item()) for v in row) + "\n" for row in mat))


def embedding_info(metadata, label_img, subdir, global_step, tag):
    """One ``embeddings { ... }`` entry of the projector config, fields in number order."""
    lines = [f"tensor_name: {_quoted(f'{tag}:{str(global_step).zfill(5)}')}"]
    if metadata is not None:
        lines.append(f"metadata_path: {_quoted(os.path.join(subdir, 'metadata.tsv'))}")
    if label_img is not None:
        lines += ["sprite {", f"  image_path: {_quoted(os.path.join(subdir, 'sprite.png'))}",
                  f"  single_image_dim: {label_img.shape[3]}", f"  single_image_dim: {label_img.shape[2]}", "}"]
    lines.append(f"tensor_path: {_quoted(os.path.join(subdir, 'tensors.tsv'))}")
    return "embeddings {\n" + "".join(f"  {line}\n" for line in lines) + "}\n"


def write_config(log_dir, entries):
    """``projector_config.pbtxt`` with every embedding logged so far."""
    _write(os.path.join(log_dir, "projector_config.pbtxt"), "".join(entries))


_ESCAPES = {**{i: f"\\{i:03o}" for i in (*range(32), 127)}, ord("\t"): "\\t", ord("\n"): "\\n",
            ord("\r"): "\\r", ord('"'): '\\"', ord("'"): "\\'", ord("\\"): "\\\\"}


def _quoted(text):
    """A text-format string as protobuf writes one: C escapes for quotes, backslashes and ASCII
    control characters (octal), other characters as they are."""
    return '"' + text.translate(_ESCAPES) + '"'


def _write(path, text):
    with open(path, "wb") as f:
        f.write(text.encode("utf-8"))
