"""``Timer``: ``timeit.Timer`` with PyTorch's conventions (a warm-up, a fixed number of
threads, blocks sized so the clock's own cost vanishes, replicates for a median)."""
import contextlib
import enum
import statistics
import textwrap
import timeit

from ... import _settings
from .measurement import Measurement, TaskSpec


class Language(enum.Enum):
    """The language of a statement: minigrad times Python only."""

    PYTHON = 0
    CPP = 1


@contextlib.contextmanager
def _threads(n):
    before = _settings.get_num_threads()
    _settings.set_num_threads(n)
    try:
        yield
    finally:
        _settings.set_num_threads(before)


def _clean(code):
    code = textwrap.dedent(code)
    return (code[1:] if code[:1] == "\n" else code).rstrip()


class Timer:
    """Time ``stmt`` (a string of Python) after ``setup``, with names from ``globals``
    (``torch`` is minigrad unless given). ``label``, ``sub_label``, ``description`` and
    ``env`` name the measurement for printing and for ``Compare``."""

    def __init__(self, stmt="pass", setup="pass", global_setup="", timer=timeit.default_timer,
                 globals=None, label=None, sub_label=None, description=None, env=None,
                 num_threads=1, language=Language.PYTHON):
        if not isinstance(stmt, str):
            raise ValueError("Currently only a `str` stmt is supported.")
        if language not in (Language.PYTHON, "py", "python"):
            if language in (Language.CPP, "cpp", "c++"):
                raise NotImplementedError("minigrad's Timer runs Python statements only")
            raise ValueError(f"Invalid language `{language}`.")
        if global_setup:
            raise ValueError(f"global_setup is C++ only, got `{global_setup}`. Most likely this code can "
                             "simply be moved to `setup`.")
        import minigrad
        names = dict(globals or {})
        names.setdefault("torch", minigrad)
        stmt, setup = _clean(stmt), _clean(setup)
        self._timer = timeit.Timer(stmt=stmt, setup=setup, timer=timer, globals=names)
        self._task_spec = TaskSpec(stmt=stmt, setup=setup, global_setup=global_setup, label=label,
                                   sub_label=sub_label, description=description, env=env,
                                   num_threads=num_threads)

    def _timeit(self, number):
        return max(self._timer.timeit(number), 1e-9)

    def timeit(self, number=1000000):
        """One block of ``number`` runs, after a warm-up of a hundredth as many."""
        with _threads(self._task_spec.num_threads):
            self._timeit(max(number // 100, 2))
            return Measurement(number, [self._timeit(number)], self._task_spec)

    def repeat(self, repeat=-1, number=-1):
        """Not provided, as in PyTorch: see ``blocked_autorange``."""
        raise NotImplementedError("See `Timer.blocked_autorange.`")

    def autorange(self, callback=None):
        """Not provided, as in PyTorch: see ``blocked_autorange``."""
        raise NotImplementedError("See `Timer.blocked_autorange.`")

    def _block_size(self, min_run_time):
        """Runs per block: grown tenfold until the clock's overhead is 1e-4 of a block's time
        and a block takes a thousandth of ``min_run_time`` (or all of it)."""
        with _threads(self._task_spec.num_threads):
            overhead = statistics.median(self._timeit(0) for _ in range(5))
            number = 1
            while True:
                taken = self._timeit(number)
                if overhead / taken <= 1e-4 and taken >= min_run_time / 1000 or taken > min_run_time:
                    return number
                if number * 10 > 2 ** 31 - 1:
                    return number
                number *= 10

    def _measure(self, number, min_run_time, max_run_time=None, callback=None, enough=lambda times: True):
        times = []
        total = 0.0
        with _threads(self._task_spec.num_threads):
            while total < min_run_time or not enough(times):
                spent = self._timeit(number)
                times.append(spent)
                total += spent
                if callback:
                    callback(number, spent)
                if max_run_time and total > max_run_time:
                    break
        return Measurement(number, times, self._task_spec)

    def blocked_autorange(self, callback=None, min_run_time=0.2):
        """Blocks of a size the warm-up chooses, repeated for at least ``min_run_time`` seconds."""
        return self._measure(self._block_size(min_run_time), min_run_time, callback=callback)

    def adaptive_autorange(self, threshold=0.1, *, min_run_time=0.01, max_run_time=10.0, callback=None):
        """Blocks repeated until there are more than three, ``min_run_time`` has passed and the
        IQR is below ``threshold`` times the median, or ``max_run_time`` has passed."""
        number = self._block_size(0.05)

        def enough(times):
            return len(times) > 3 and Measurement(number, times, self._task_spec).meets_confidence(threshold)
        return self._measure(number, min_run_time, max_run_time, callback, enough)
