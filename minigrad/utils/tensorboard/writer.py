"""``SummaryWriter``: TensorBoard event files, written as PyTorch's writer writes them."""
import io
import itertools
import os
import socket
import time
from datetime import datetime

import numpy as np  # host-side: what is logged is converted to NumPy first, as PyTorch does

from ...autograd import enable_grad
from . import _projector as projector
from . import _protobuf as pb
from . import _summaries as summaries

_file_numbers = itertools.count()  # one number per event file of this process, as TensorBoard's global uid


class FileWriter:
    """One event file in ``log_dir``: a header event, then one TFRecord per event."""

    def __init__(self, log_dir, max_queue=10, flush_secs=120, filename_suffix=""):
        os.makedirs(log_dir, exist_ok=True)
        self._log_dir = log_dir
        name = (f"events.out.tfevents.{int(time.time()):010d}.{socket.gethostname()}.{os.getpid()}."
                f"{next(_file_numbers)}{filename_suffix}")
        self._path = os.path.join(log_dir, name)
        self._file = open(self._path, "wb")
        self._max_queue, self._flush_secs = max_queue, flush_secs
        self._pending, self._last_flush = 0, time.time()
        header = pb.bytes_field(3, "brain.Event:2") + pb.message_field(
            10, pb.bytes_field(1, "tensorboard.summary.writer.event_file_writer"))
        self.add_event(header, walltime=time.time())

    def get_logdir(self):
        """The directory of the event file."""
        return self._log_dir

    def add_event(self, body, step=None, walltime=None):
        """Write an Event: wall time, step (when given) and ``body`` (its other encoded fields)."""
        if self._file is None:
            raise RuntimeError("the event file writer is closed")
        walltime = time.time() if walltime is None else walltime
        event = pb.double_field(1, float(walltime)) + (b"" if step is None else pb.int_field(2, int(step))) + body
        self._file.write(pb.record(event))
        self._pending += 1
        if self._pending >= self._max_queue or time.time() - self._last_flush >= self._flush_secs:
            self.flush()

    def add_summary(self, value, step=None, walltime=None):
        """Write an Event holding a Summary of one encoded value."""
        self.add_event(pb.message_field(5, pb.message_field(1, value)), step, walltime)

    def flush(self):
        """Write what is buffered to disk."""
        if self._file is not None:
            self._file.flush()
        self._pending, self._last_flush = 0, time.time()

    def close(self):
        """Flush and close the file."""
        if self._file is not None:
            self._file.close()
            self._file = None


class SummaryWriter:
    """Log scalars, histograms, images, text and the model's graph for TensorBoard
    (``torch.utils.tensorboard.SummaryWriter``; needs no TensorBoard package to write).

    ``log_dir`` defaults to ``runs/<month><day>_<hour>-<minute>-<second>_<host><comment>``."""

    def __init__(self, log_dir=None, comment="", purge_step=None, max_queue=10, flush_secs=120,
                 filename_suffix=""):
        if not log_dir:
            stamp = datetime.now().strftime("%b%d_%H-%M-%S")
            log_dir = os.path.join("runs", stamp + "_" + socket.gethostname() + comment)
        self.log_dir = log_dir
        self.purge_step = purge_step
        self.max_queue, self.flush_secs, self.filename_suffix = max_queue, flush_secs, filename_suffix
        self.default_bins = summaries.default_bins()
        self.file_writer = self.all_writers = None
        self._embeddings = []  # the projector config's entries, rewritten whole at each add_embedding
        self._get_file_writer()

    def _get_file_writer(self):
        """The writer of ``log_dir`` (opened again after ``close``)."""
        if self.all_writers is None or self.file_writer is None:
            self.file_writer = FileWriter(self.log_dir, self.max_queue, self.flush_secs, self.filename_suffix)
            self.all_writers = {self.file_writer.get_logdir(): self.file_writer}
            if self.purge_step is not None:
                self.file_writer.add_event(pb.bytes_field(3, "brain.Event:2"), self.purge_step)
                self.file_writer.add_event(pb.message_field(7, pb.int_field(1, 1)), self.purge_step)  # SessionLog START
                self.purge_step = None
        return self.file_writer

    def get_logdir(self):
        """The directory event files are written to."""
        return self.log_dir

    def add_scalar(self, tag, scalar_value, global_step=None, walltime=None, new_style=False,
                   double_precision=False):
        """Log one number under ``tag`` at ``global_step``."""
        self._get_file_writer().add_summary(summaries.scalar(tag, scalar_value), global_step, walltime)

    def add_scalars(self, main_tag, tag_scalar_dict, global_step=None, walltime=None):
        """Log several numbers on one chart: each goes to its own run ``<log_dir>/<main_tag>_<tag>``."""
        walltime = time.time() if walltime is None else walltime
        base = self._get_file_writer().get_logdir()
        for tag, value in tag_scalar_dict.items():
            run = base + "/" + main_tag.replace("/", "_") + "_" + tag
            writer = self.all_writers.get(run)
            if writer is None:
                writer = self.all_writers[run] = FileWriter(run, self.max_queue, self.flush_secs,
                                                            self.filename_suffix)
            writer.add_summary(summaries.scalar(main_tag, value), global_step, walltime)

    def add_histogram(self, tag, values, global_step=None, bins="tensorflow", walltime=None, max_bins=None):
        """Log the distribution of ``values`` (``bins``: "tensorflow" for TensorBoard's default edges,
        or anything ``numpy.histogram`` takes)."""
        if isinstance(bins, str) and bins == "tensorflow":
            bins = self.default_bins
        self._get_file_writer().add_summary(summaries.histogram(tag, values, bins, max_bins), global_step,
                                            walltime)

    def add_image(self, tag, img_tensor, global_step=None, walltime=None, dataformats="CHW"):
        """Log an image (floats in [0, 1] or uint8 in 0..255), laid out as ``dataformats``."""
        self._get_file_writer().add_summary(summaries.image(tag, img_tensor, dataformats), global_step, walltime)

    def add_images(self, tag, img_tensor, global_step=None, walltime=None, dataformats="NCHW"):
        """Log a batch of images tiled into one grid."""
        self.add_image(tag, img_tensor, global_step, walltime, dataformats)

    def add_figure(self, tag, figure, global_step=None, close=True, walltime=None):
        """Log a matplotlib figure (or a list of them) as an image."""
        figures = figure if isinstance(figure, list) else [figure]
        for i, fig in enumerate(figures):
            buffer = io.BytesIO()
            fig.savefig(buffer, format="png")
            width, height = fig.canvas.get_width_height()
            name = tag if len(figures) == 1 else f"{tag}/{i}"
            self._get_file_writer().add_summary(summaries.encoded_image(name, buffer.getvalue(),
                                                                        (height, width, 4)), global_step, walltime)
            if close:
                import matplotlib.pyplot as plt  # (only a caller with a figure has matplotlib)
                plt.close(fig)

    def add_text(self, tag, text_string, global_step=None, walltime=None):
        """Log a string (Markdown is rendered by TensorBoard)."""
        self._get_file_writer().add_summary(summaries.text(tag, text_string), global_step, walltime)

    def add_pr_curve(self, tag, labels, predictions, global_step=None, num_thresholds=127, weights=None,
                     walltime=None):
        """Log a precision-recall curve: binary ``labels`` against ``predictions`` in [0, 1], counted
        at ``num_thresholds`` thresholds (at most 127, as PyTorch's writer)."""
        value = summaries.pr_curve(tag, summaries.make_np(labels), summaries.make_np(predictions), num_thresholds,
                                   weights)
        self._get_file_writer().add_summary(value, global_step, walltime)

    def add_pr_curve_raw(self, tag, true_positive_counts, false_positive_counts, true_negative_counts,
                         false_negative_counts, precision, recall, global_step=None, num_thresholds=127,
                         weights=None, walltime=None):
        """Log a precision-recall curve from counts and ratios already computed per threshold."""
        data = np.stack([summaries.make_np(x) for x in (true_positive_counts, false_positive_counts,
                                                         true_negative_counts, false_negative_counts, precision,
                                                         recall)])
        self._get_file_writer().add_summary(summaries.pr_curve_data(tag, data, num_thresholds), global_step,
                                            walltime)

    def add_embedding(self, mat, metadata=None, label_img=None, global_step=None, tag="default",
                      metadata_header=None):
        """Save points for TensorBoard's projector: the rows of ``mat`` with their ``metadata``
        labels and ``label_img`` thumbnails (N, C, H, W) in ``<log_dir>/<step>/<tag>/``, listed
        in ``projector_config.pbtxt``."""
        mat = summaries.make_np(mat)
        global_step = 0 if global_step is None else global_step
        subdir = f"{str(global_step).zfill(5)}/{projector.encode_tag(tag)}"
        folder = os.path.join(self._get_file_writer().get_logdir(), subdir)
        if os.path.isdir(folder):
            print("warning: Embedding dir exists, did you set global_step for add_embedding()?")
        elif os.path.exists(folder):
            raise NotADirectoryError(f"Path: `{folder}` exists, but is a file. Cannot proceed.")
        else:
            os.makedirs(folder)
        if metadata is not None:
            if mat.shape[0] != len(metadata):
                raise AssertionError("#labels should equal with #data points")
            projector.write_tsv(metadata, folder, metadata_header)
        if label_img is not None:
            if mat.shape[0] != label_img.shape[0]:
                raise AssertionError("#images should equal with #data points")
            projector.write_sprite(label_img, folder)
        if mat.ndim != 2:
            raise AssertionError("mat should be 2D, where mat.size(0) is the number of data points")
        projector.write_points(mat, folder)
        self._embeddings.append(projector.embedding_info(metadata, label_img, subdir, global_step, tag))
        projector.write_config(self._get_file_writer().get_logdir(), self._embeddings)

    def add_graph(self, model, input_to_model=None, verbose=False, use_strict_trace=True):
        """Log the graph of ``model(input_to_model)``: the autograd nodes it records."""
        args = input_to_model if isinstance(input_to_model, (list, tuple)) else (input_to_model,)
        with enable_grad():
            output = model(*args)
        while isinstance(output, (list, tuple)):
            output = output[0]
        if output.grad_fn is None:
            return
        self._get_file_writer().add_event(pb.bytes_field(4, summaries.graph(output)))

    def flush(self):
        """Write every buffered event to disk."""
        for writer in (self.all_writers or {}).values():
            writer.flush()

    def close(self):
        """Flush and close every event file (a later add opens a new one)."""
        for writer in (self.all_writers or {}).values():
            writer.flush()
            writer.close()
        self.file_writer = self.all_writers = None

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc_val, exc_tb):
        self.close()
