"""``Compare``: many measurements as tables, one per label: a row per sub-label (or statement),
grouped by thread count, a column per description, the medians in one unit."""
import math

from .measurement import Measurement, select_unit, trim_sigfig, unit_to_english

_BEST, _GOOD, _BAD, _VERY_BAD = "\033[92m", "\033[34m", "\033[2m\033[91m", "\033[31m"
_BOLD, _END = "\033[1m", "\033[0m"


def _env_tag(measurement):
    # (a table shows environments only when they differ; an untagged one is named so there)
    env = measurement.env
    return "Unspecified env" if env is None else env


def _ordered_unique(items):
    return list(dict.fromkeys(items))


class _Table:
    """One label's measurements, laid out as PyTorch's Compare prints them."""

    def __init__(self, results, colorize, trim, highlight):
        self.results, self.colorize, self.trim = results, colorize, trim
        self.highlight = highlight and any(r.has_warnings for r in results)
        self.label = results[0].label
        self.unit, self.scale = select_unit(min(r.median for r in results))
        self.row_keys = _ordered_unique((r.num_threads, _env_tag(r), r.as_row_name) for r in results)
        self.row_keys.sort(key=lambda k: k[:2])  # (threads, env); statements keep their order
        self.col_keys = _ordered_unique(r.description for r in results)
        self.cells = [[None] * len(self.col_keys) for _ in self.row_keys]
        for r in results:
            self.cells[self.row_keys.index((r.num_threads, _env_tag(r), r.as_row_name))][
                self.col_keys.index(r.description)] = r

    def _column_format(self, j):
        column = [row[j] for row in self.cells if row[j] is not None]
        digits = [math.ceil(math.log10(r.median / self.scale)) for r in column]
        decimals = min(max(r.significant_figures - d, 0) for r, d in zip(column, digits)) if self.trim else 1
        width = max(digits) + decimals + (1 if decimals else 0)
        return width, decimals

    def _cell(self, r, fmt):
        width, decimals = fmt
        text = f"{' ' * width}" if r is None else None
        if r is not None:
            value = r.median / self.scale
            if self.trim:
                value = trim_sigfig(value, r.significant_figures)
            text = f"{value:>{width}.{decimals}f}"
            if self.highlight:
                text += f"{f' (! {r.iqr / r.median * 100:.0f}%)' if r.has_warnings else '':>7}"
        elif self.highlight:
            text += " " * 7
        return text

    def _colored(self, text, value, best):
        if value <= best * 1.01 or value <= best + 100e-9:
            return _BEST + _BOLD + text + _END * 2
        if value <= best * 1.1:
            return _GOOD + _BOLD + text + _END * 2
        if value >= best * 5:
            return _VERY_BAD + _BOLD + text + _END * 2
        if value >= best * 2:
            return _BAD + text + _END * 2
        return text

    def render(self):
        formats = [self._column_format(j) for j in range(len(self.col_keys))]
        envs = {_env_tag(r) for r in self.results}
        show_env = len(envs) > 1
        env_width = max(len(e) for e in envs) if show_env else 0
        strings = [[""] + [str(k) if k is not None else "" for k in self.col_keys]]
        prior_env = None
        for (threads, env, name), row in zip(self.row_keys, self.cells):
            tag = f"({env})" if show_env and env != prior_env else ""
            prior_env = env
            strings.append(["  " + tag.ljust(env_width + 4) + name] +
                           [self._cell(r, f) for r, f in zip(row, formats)])
        widths = [max(len(s[i]) for s in strings) for i in range(len(strings[0]))]
        header = "  |  ".join(s.center(w) for s, w in zip(strings[0], widths))
        lines = [header]
        prior_threads = None
        for (threads, _, _), row, texts in zip(self.row_keys, self.cells, strings[1:]):
            if threads != prior_threads:
                lines.append(f"{threads} threads: ".ljust(len(header), "-"))
                prior_threads = threads
            cells = [texts[0].ljust(widths[0])]
            for j, (text, width, r) in enumerate(zip(texts[1:], widths[1:], row)):
                text = text.center(width)
                if self.colorize and r is not None:
                    best = (min(x.median for x in row if x is not None) if self.colorize == "rowwise" else
                            min(x[j].median for k, x in zip(self.row_keys, self.cells)
                                if x[j] is not None and k[0] == threads))  # (the column within its thread group)
                    text = self._colored(text, r.median, best)
                cells.append(text)
            lines.append("  |  ".join(cells))
        title = f"[{(' ' + (self.label or '') + ' ').center(len(header) - 2, '-')}]"
        note = ("(! XX%) Measurement has high variance, where XX is the IQR / median * 100.\n"
                if self.highlight else "")
        return "\n".join([title] + lines) + f"\n\nTimes are in {unit_to_english(self.unit)}s ({self.unit}).\n{note}"


class Compare:
    """Tables of ``results`` (Measurements): one per label, a column per description."""

    def __init__(self, results):
        self._results = []
        self.extend_results(results)
        self._trim = False
        self._colorize = None
        self._highlight = False

    def extend_results(self, results):
        """Add Measurements (ValueError for anything else)."""
        for r in results:
            if not isinstance(r, Measurement):
                raise ValueError(f"Expected an instance of `Measurement`, got {type(r)} instead.")
        self._results.extend(results)

    def trim_significant_figures(self):
        """Print each median to the digits its spread supports."""
        self._trim = True

    def colorize(self, rowwise=False):
        """Color each median against the best of its column (or row)."""
        self._colorize = "rowwise" if rowwise else "columnwise"

    def highlight_warnings(self):
        """Mark noisy medians with their IQR in percent."""
        self._highlight = True

    def __str__(self):
        groups = {}
        for r in Measurement.merge(self._results):
            groups.setdefault(r.label, []).append(r)
        return "\n".join(_Table(g, self._colorize, self._trim, self._highlight).render() for g in groups.values())

    def print(self):
        """Print the tables."""
        print(str(self))
