"""``TaskSpec`` (what was timed) and ``Measurement`` (the times, with their statistics and
PyTorch's printed summary)."""
import dataclasses
import math
import textwrap

import numpy as _np

_MAX_SIGNIFICANT_FIGURES = 4
_MIN_CONFIDENCE_INTERVAL = 25e-9       # seconds
_IQR_WARN_THRESHOLD = 0.1              # IQR / median above this: "system fluctuation"
_IQR_GROSS_WARN_THRESHOLD = 0.25       # above this: "significant environmental influence"


def select_unit(t):
    """The unit ("ns", "us", "ms" or "s") and its scale in seconds that print ``t`` seconds
    with one to three digits before the point."""
    unit = {-3: "ns", -2: "us", -1: "ms"}.get(math.floor(math.log10(t)) // 3, "s")
    return unit, {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0}[unit]


def unit_to_english(unit):
    """The unit's name, as Compare's footer writes it."""
    return {"ns": "nanosecond", "us": "microsecond", "ms": "millisecond", "s": "second"}[unit]


def trim_sigfig(x, n):
    """``x`` rounded to ``n`` significant figures."""
    scale = 10.0 ** (math.ceil(math.log10(abs(x))) - n)
    return float(round(x / scale) * scale)


@dataclasses.dataclass(frozen=True)
class TaskSpec:
    """What a Timer runs and the labels it shows (everything but the globals)."""

    stmt: str
    setup: str
    global_setup: str = ""
    label: str = None
    sub_label: str = None
    description: str = None
    env: str = None
    num_threads: int = 1

    @property
    def title(self):
        """The label (or the one-line statement), with the sub-label."""
        sub = f": {self.sub_label}" if self.sub_label else ""
        if self.label is not None:
            return self.label + sub
        if "\n" not in self.stmt:
            return self.stmt + sub
        return f"stmt:{f' ({self.sub_label})' if self.sub_label else ''}\n{textwrap.indent(self.stmt, '  ')}"

    def setup_str(self):
        """The setup as the summary prints it (nothing for "pass")."""
        if self.setup in ("pass", ""):
            return ""
        if "\n" in self.setup:
            return f"setup:\n{textwrap.indent(self.setup, '  ')}"
        return f"setup: {self.setup}"

    def summarize(self):
        """Title, description and setup, one section per line."""
        sections = [s for s in (self.title, self.description or "", self.setup_str()) if s]
        return "\n".join(f"{s}\n" if "\n" in s else s for s in sections)


_TASK_FIELDS = tuple(f.name for f in dataclasses.fields(TaskSpec))


@dataclasses.dataclass(repr=False)
class Measurement:
    """The times of ``number_per_run`` runs of a statement, one per block (``raw_times``,
    seconds), with statistics per run: ``times``, ``median``, ``mean``, ``iqr``."""

    number_per_run: int
    raw_times: list
    task_spec: TaskSpec
    metadata: dict = None

    def __getattr__(self, name):  # the task's fields (stmt, label, num_threads ...) read through
        if name in _TASK_FIELDS:
            return getattr(self.task_spec, name)
        raise AttributeError(f"'Measurement' object has no attribute '{name}'")

    @property
    def times(self):
        """Seconds per run, one value per block."""
        return [t / self.number_per_run for t in self.raw_times]

    def _quantiles(self):
        times = _np.sort(_np.asarray(self.times, dtype=_np.float64))
        p25, median, p75 = _np.quantile(times, (0.25, 0.5, 0.75))
        return times, float(p25), float(median), float(p75)

    @property
    def median(self):
        """Median seconds per run."""
        return self._quantiles()[2]

    @property
    def mean(self):
        """Mean seconds per run."""
        times = self.times
        return sum(times) / len(times)

    @property
    def iqr(self):
        """Interquartile range of the seconds per run."""
        _, p25, _, p75 = self._quantiles()
        return p75 - p25

    def meets_confidence(self, threshold=_IQR_WARN_THRESHOLD):
        """True when the IQR is below ``threshold`` times the median."""
        return self.iqr / self.median < threshold

    @property
    def significant_figures(self):
        """Digits the spread of the middle half of the times supports (1 to 4)."""
        times = self._quantiles()[0]
        n = len(times)
        middle = times[n // 4:math.ceil(3 * n / 4)]
        interval = max(1.645 * float(_np.std(middle)) / math.sqrt(len(middle)), _MIN_CONFIDENCE_INTERVAL)
        return min(max(math.floor(math.log10(self.median / interval)), 1), _MAX_SIGNIFICANT_FIGURES)

    @property
    def warnings(self):
        """The warnings the summary prints for a noisy measurement."""
        if self.meets_confidence(_IQR_GROSS_WARN_THRESHOLD) and self.meets_confidence(_IQR_WARN_THRESHOLD):
            return ()
        why = ("This could indicate system fluctuation." if self.meets_confidence(_IQR_GROSS_WARN_THRESHOLD)
               else "This suggests significant environmental influence.")
        return (f"  WARNING: Interquartile range is {self.iqr / self.median * 100:.1f}% "
                f"of the median measurement.\n           {why}",)

    @property
    def has_warnings(self):
        """True when the IQR is 10% of the median or more."""
        return bool(self.warnings)

    @property
    def title(self):
        """The task's title."""
        return self.task_spec.title

    @property
    def env(self):
        """The task's environment tag (None without one, as in PyTorch)."""
        return self.task_spec.env

    @property
    def as_row_name(self):
        """The name of this measurement's row in ``Compare``."""
        return self.sub_label or self.stmt or "[Unknown]"

    def __repr__(self):
        times, p25, median, p75 = self._quantiles()
        n = len(times)
        unit, scale = select_unit(median)
        lines = [object.__repr__(self), self.task_spec.summarize(),
                 f"  {'Median: ' if n > 1 else ''}{median / scale:.2f} {unit}"]
        if n >= 4:
            lines.append(f"  IQR:    {(p75 - p25) / scale:.2f} {unit} ({p25 / scale:.2f} to {p75 / scale:.2f})")
        threads = self.num_threads
        lines.append(f"  {n} measurement{'s' if n > 1 else ''}, {self.number_per_run} runs "
                     f"{'per measurement,' if n > 1 else ','} {threads} thread{'s' if threads > 1 else ''}")
        lines.extend(self.warnings)
        return "\n".join(lines).strip()

    @staticmethod
    def merge(measurements):
        """One Measurement per task, pooling the replicates' times (per run)."""
        pooled = {}
        for m in measurements:
            pooled.setdefault(m.task_spec, []).extend(m.times)
        return [Measurement(1, times, spec) for spec, times in pooled.items()]
