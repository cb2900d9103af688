"""Summary values as TensorBoard reads them: scalars, histograms, images (PNG) and text, and a
GraphDef of a recorded autograd graph. Each function returns an encoded ``Summary.Value``."""
import struct
import zlib

import numpy as np  # host-side: what is logged is converted to NumPy first, as PyTorch does

from ...tensor import Tensor
from . import _protobuf as pb


def make_np(x):
    """A NumPy array of ``x`` (a Tensor, an array or a Python number), as PyTorch's make_np."""
    if isinstance(x, np.ndarray):
        return x
    if np.isscalar(x):
        return np.array([x])
    if isinstance(x, Tensor):
        return x.detach().cpu().numpy()
    raise NotImplementedError(f"Got {type(x)}, but numpy array or torch tensor are expected.")


def scalar(tag, value):
    """``Summary.Value`` with ``simple_value`` (a float32)."""
    value = make_np(value)
    if value.squeeze().ndim != 0:
        raise AssertionError(f"Tensor should contain one element (0 dimensions). Was given size: {value.size} and "
                             f"{value.squeeze().ndim} dimensions.")
    return pb.bytes_field(1, tag) + pb.float_field(2, float(value.reshape(-1)[0]), always=True)  # (in a oneof)


def default_bins():
    """TensorBoard's default histogram edges: +-1e-12 growing by 10% up to 1e20, and 0."""
    v, buckets = 1e-12, []
    while v < 1e20:
        buckets.append(v)
        v *= 1.1
    return [-b for b in reversed(buckets)] + [0] + buckets


def histogram(tag, values, bins, max_bins=None):
    """``Summary.Value`` with a HistogramProto of ``values`` (the empty bins at both ends dropped,
    one empty bin kept on the left so that its right edge gives the lowest limit)."""
    values = make_np(values).astype(float).reshape(-1)
    if values.size == 0:
        raise ValueError("The input has no element.")
    counts, limits = np.histogram(values, bins=bins)
    if max_bins is not None and len(counts) > max_bins:
        step = len(counts) // max_bins
        if len(counts) % step:
            counts = np.pad(counts, (0, step - len(counts) % step))
        counts = counts.reshape(-1, step).sum(-1)
        limits = np.concatenate([limits[:-1:step], limits[-1:]])
    nonzero = np.flatnonzero(counts)
    start, end = int(nonzero[0]), int(nonzero[-1]) + 1
    counts = counts[start - 1:end] if start > 0 else np.concatenate([[0], counts[:end]])
    limits = limits[start:end + 1]
    histo = (pb.double_field(1, values.min()) + pb.double_field(2, values.max()) + pb.double_field(3, len(values))
             + pb.double_field(4, values.sum()) + pb.double_field(5, values.dot(values))
             + pb.packed_doubles(6, [float(v) for v in limits]) + pb.packed_doubles(7, [float(c) for c in counts]))
    return pb.bytes_field(1, tag) + pb.message_field(5, histo)


def _grid(images, ncols=8):
    """(N, C, H, W) images tiled on one (3, H * rows, W * cols) canvas, as PyTorch's make_grid."""
    if images.shape[1] == 1:
        images = np.concatenate([images] * 3, 1)
    if images.ndim != 4 or images.shape[1] != 3:
        raise AssertionError("Input should be a 4D numpy array with 3 channels")
    n, _, h, w = images.shape
    cols = min(n, ncols)
    rows = -(-n // cols)
    canvas = np.zeros((3, h * rows, w * cols), images.dtype)
    for i in range(n):
        r, c = divmod(i, cols)
        canvas[:, r * h:(r + 1) * h, c * w:(c + 1) * w] = images[i]
    return canvas


def to_hwc(array, dataformats):
    """An image array in ``dataformats`` (NCHW, CHW, HWC, HW ...) as (H, W, C) with 3 or 4 channels."""
    fmt = dataformats.upper()
    if len(set(fmt)) != len(fmt):
        raise AssertionError(f"You can not use the same dimension shorthand twice. input_format: {dataformats}")
    if array.ndim != len(fmt):
        raise AssertionError(f"size of input tensor and input format are different. tensor shape: {array.shape}, "
                             f"input_format: {dataformats}")
    if len(fmt) == 4:
        return _grid(array.transpose([fmt.find(c) for c in "NCHW"])).transpose(1, 2, 0)
    if len(fmt) == 3:
        hwc = array.transpose([fmt.find(c) for c in "HWC"])
        return np.concatenate([hwc] * 3, 2) if hwc.shape[2] == 1 else hwc
    return np.stack([array.transpose([fmt.find(c) for c in "HW"])] * 3, 2)


def png(pixels):
    """(H, W, 3 or 4) uint8 pixels encoded as a PNG file (no filtering, zlib-compressed)."""
    h, w, c = pixels.shape
    rows = np.concatenate([np.zeros((h, 1), np.uint8), pixels.reshape(h, w * c)], 1)

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", w, h, 8, 2 if c == 3 else 6, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows.tobytes()))
            + chunk(b"IEND", b""))


def image(tag, values, dataformats="CHW"):
    """``Summary.Value`` with an encoded image: floats are taken in [0, 1] and scaled to 0..255."""
    array = make_np(values)
    hwc = to_hwc(array, dataformats)
    scale = 1 if hwc.dtype == np.uint8 else 255
    pixels = (hwc.astype(np.float32) * scale).clip(0, 255).astype(np.uint8)
    return encoded_image(tag, png(pixels), pixels.shape)


def encoded_image(tag, data, shape):
    """``Summary.Value`` with an already encoded image of ``shape`` (H, W, C)."""
    h, w, c = shape
    img = pb.int_field(1, h) + pb.int_field(2, w) + pb.int_field(3, c) + pb.bytes_field(4, data)
    return pb.bytes_field(1, tag) + pb.message_field(4, img)


def text(tag, string):
    """``Summary.Value`` of the text plugin: a one-element string tensor."""
    metadata = pb.message_field(1, pb.bytes_field(1, "text"))
    shape = pb.message_field(2, pb.int_field(1, 1))
    tensor = pb.int_field(1, 7) + pb.message_field(2, shape) + pb.bytes_field(8, string)  # (7: DT_STRING)
    return pb.bytes_field(1, tag + "/text_summary") + pb.message_field(8, tensor) + pb.message_field(9, metadata)


def pr_curve(tag, labels, predictions, num_thresholds=127, weights=None):
    """``Summary.Value`` of the PR-curve plugin: TensorBoard's ``compute_curve``, the true and false
    positives of predictions bucketed into ``num_thresholds`` bins, counted from the top bucket down."""
    num_thresholds = min(num_thresholds, 127)  # (as PyTorch's writer: more breaks its protobuf)
    weights = 1.0 if weights is None else weights
    buckets = np.int32(np.floor(predictions * (num_thresholds - 1)))
    positive = labels.astype(np.float64)
    tp_buckets, _ = np.histogram(buckets, bins=num_thresholds, range=(0, num_thresholds - 1),
                                 weights=positive * weights)
    fp_buckets, _ = np.histogram(buckets, bins=num_thresholds, range=(0, num_thresholds - 1),
                                 weights=(1.0 - positive) * weights)
    tp, fp = np.cumsum(tp_buckets[::-1])[::-1], np.cumsum(fp_buckets[::-1])[::-1]
    tn, fn = fp[0] - fp, tp[0] - tp
    precision = tp / np.maximum(1e-7, tp + fp)
    recall = tp / np.maximum(1e-7, tp + fn)
    return pr_curve_data(tag, np.stack((tp, fp, tn, fn, precision, recall)), num_thresholds)


def pr_curve_data(tag, data, num_thresholds):
    """``Summary.Value`` of the PR-curve plugin holding ``data`` (6 rows: TP, FP, TN, FN, precision,
    recall) as a float tensor."""
    content = pb.int_field(2, min(num_thresholds, 127))  # (PrCurvePluginData: version 0, num_thresholds)
    metadata = pb.message_field(1, pb.bytes_field(1, "pr_curves") + pb.bytes_field(2, content))
    shape = b"".join(pb.message_field(2, pb.int_field(1, n)) for n in data.shape)
    values = data.reshape(-1).tolist()
    tensor = (pb.int_field(1, 1) + pb.message_field(2, shape)  # (1: DT_FLOAT)
              + pb.bytes_field(5, struct.pack(f"<{len(values)}f", *values)))
    return pb.bytes_field(1, tag) + pb.message_field(8, tensor) + pb.message_field(9, metadata)


def graph(output):
    """A GraphDef of the autograd graph that produced ``output``: one node per grad_fn (its PyTorch
    name), per parameter or input leaf, in recording order, edges from inputs to consumers."""
    names, nodes, order = {}, [], []
    stack = [(output.grad_fn, False)]
    while stack:
        node, done = stack.pop()
        if node is None or (node in names and not done):
            continue
        if done:
            order.append(node)
            continue
        names[node] = None
        stack.append((node, True))
        stack.extend((edge, False) for edge, _ in node.next_functions)
    for i, node in enumerate(order):
        leaf = getattr(node, "variable", None)
        names[node] = f"input/{i}" if leaf is not None else f"{node.name()}/{i}"
    for node in order:
        inputs = [names[e] for e, _ in node.next_functions if e is not None]
        op = "IO Node" if getattr(node, "variable", None) is not None else node.name()
        nodes.append(pb.bytes_field(1, names[node]) + pb.bytes_field(2, op)
                     + b"".join(pb.bytes_field(3, n) for n in inputs))
    return b"".join(pb.message_field(1, n) for n in nodes) + pb.message_field(4, pb.int_field(1, 22))
