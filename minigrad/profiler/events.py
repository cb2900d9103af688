"""What a profile records: one ``FunctionEvent`` per op call, backward formula or
``record_function`` block (its CPU time, with and without the events inside it), their
averages per name (``key_averages``) and PyTorch's summary table of them."""


def _format_time(us):
    if us >= 1e6:
        return f"{us / 1e6:.3f}s"
    if us >= 1e3:
        return f"{us / 1e3:.3f}ms"
    return f"{us:.3f}us"


def _format_share(us, total):
    return "NaN" if total == 0 else f"{us * 100.0 / total:.2f}%"


class FunctionEvent:
    """One recorded call: ``name``, ``cpu_time_total`` and ``self_cpu_time_total`` (microseconds,
    the latter without the events recorded inside it), ``input_shapes`` when shapes were recorded."""

    count = 1

    def __init__(self, name, start_us, input_shapes=None, parent=None):
        self.name = name
        self.start_us = start_us
        self.end_us = start_us
        self.input_shapes = input_shapes
        self.cpu_parent = parent
        self.cpu_children = []

    @property
    def key(self):
        """The name events are grouped by."""
        return self.name

    @property
    def cpu_time_total(self):
        """Microseconds from the call's start to its end."""
        return self.end_us - self.start_us

    @property
    def self_cpu_time_total(self):
        """``cpu_time_total`` less the time of the events recorded inside it."""
        return self.cpu_time_total - sum(c.cpu_time_total for c in self.cpu_children)

    cpu_time = cpu_time_total

    def __repr__(self):
        return (f"<FunctionEvent name={self.name} cpu_time={_format_time(self.cpu_time_total)} "
                f"self_cpu_time={_format_time(self.self_cpu_time_total)} input_shapes={self.input_shapes}>")


class FunctionEventAvg:
    """The events of one name (and input shapes, when grouped by them): ``count``, summed
    ``cpu_time_total`` / ``self_cpu_time_total``, and ``cpu_time`` per call."""

    def __init__(self, key, input_shapes=None):
        self.key = key
        self.input_shapes = input_shapes
        self.count = 0
        self.cpu_time_total = 0.0
        self.self_cpu_time_total = 0.0
        self.cpu_parent = None

    def add(self, event):
        """Count ``event`` in."""
        self.count += 1
        self.cpu_time_total += event.cpu_time_total
        self.self_cpu_time_total += event.self_cpu_time_total
        return self

    @property
    def cpu_time(self):
        """Mean microseconds per call."""
        return 0.0 if self.count == 0 else self.cpu_time_total / self.count

    def __repr__(self):
        return (f"<FunctionEventAvg key={self.key} self_cpu_time={_format_time(self.self_cpu_time_total)} "
                f"cpu_time={_format_time(self.cpu_time)} input_shapes={self.input_shapes}>")


class EventList(list):
    """Events (or their averages) with PyTorch's summaries: ``key_averages``, ``table``, ``total_average``."""

    def key_averages(self, group_by_input_shape=False, group_by_stack_n=0, group_by_overload_name=False):
        """One ``FunctionEventAvg`` per name (and per input shapes with ``group_by_input_shape``),
        in order of first appearance."""
        groups = {}
        for event in self:
            shapes = str(event.input_shapes) if group_by_input_shape else None
            key = (event.key, shapes)
            if key not in groups:
                groups[key] = FunctionEventAvg(event.key, event.input_shapes if group_by_input_shape else None)
            groups[key].add(event)
        return EventList(groups.values())

    def total_average(self):
        """Every event's time summed into one average."""
        total = FunctionEventAvg("Total")
        for event in self:
            total.add(event)
        return total

    @property
    def self_cpu_time_total(self):
        """The events' self CPU times summed (microseconds)."""
        return sum(e.self_cpu_time_total for e in self)

    def table(self, sort_by=None, row_limit=100, max_src_column_width=75, max_name_column_width=55,
              max_shapes_column_width=80, header=None, top_level_events_only=False, time_unit=None):
        """The summary table PyTorch prints: name, self and total CPU time (with shares of the
        summed self time), mean time and calls per row, sorted by ``sort_by`` (an attribute such
        as ``"cpu_time_total"``, largest first), at most ``row_limit`` rows."""
        return build_table(self, sort_by, header, row_limit, max_name_column_width, max_shapes_column_width,
                           top_level_events_only, time_unit)

    def __str__(self):
        return self.table()


def _time(us, unit):
    if unit == "s":
        return f"{us / 1e6:.3f}s"
    if unit == "ms":
        return f"{us / 1e3:.3f}ms"
    if unit == "us":
        return f"{us:.3f}us"
    return _format_time(us)


def build_table(events, sort_by=None, header=None, row_limit=100, max_name_column_width=55,
                max_shapes_column_width=80, top_level_events_only=False, time_unit=None):
    """PyTorch's profiler table of ``events`` (see ``EventList.table``)."""
    if not events:
        return ""
    if sort_by is not None:
        key = sort_by.replace("cuda", "device").replace("xpu", "device")
        events = sorted(events, key=lambda e: getattr(e, key, 0.0), reverse=True)
    with_shapes = any(e.input_shapes for e in events)
    name_width = min(max(len(e.key) for e in events) + 4, max_name_column_width)
    shapes_width = min(max(len(str(e.input_shapes)) for e in events) + 4, max_shapes_column_width)
    headers = ["Name", "Self CPU %", "Self CPU", "CPU total %", "CPU total", "CPU time avg", "# of Calls"]
    widths = [name_width] + [12] * 6 + ([shapes_width] if with_shapes else [])
    if with_shapes:
        headers.append("Input Shapes")
    row_format = "".join("{: >" + str(w) + "}  " for w in widths)
    separator = "".join("-" * w + "  " for w in widths)
    line_length = sum(w + 2 for w in widths) - 2
    total = sum(e.self_cpu_time_total for e in events)
    lines = []
    if header is not None:
        lines += ["=" * line_length, header]
    if top_level_events_only:
        lines += ["=" * line_length, "This report only display top-level ops statistics"]
    lines += [separator, row_format.format(*headers), separator]
    shown = 0
    for e in events:
        if shown == row_limit:
            break
        if top_level_events_only and e.cpu_parent is not None:
            continue
        shown += 1
        name = e.key
        if len(name) >= max_name_column_width - 3:
            name = name[:max_name_column_width - 3] + "..."
        row = [name, _format_share(e.self_cpu_time_total, total), _time(e.self_cpu_time_total, time_unit),
               _format_share(e.cpu_time_total, total), _time(e.cpu_time_total, time_unit),
               _time(e.cpu_time, time_unit), e.count]
        if with_shapes:
            row.append(str(e.input_shapes)[:shapes_width])
        lines.append(row_format.format(*row))
    lines += [separator, f"Self CPU time total: {_time(total, time_unit)}"]
    return "".join(line + "\n" for line in lines)
