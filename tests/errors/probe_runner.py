"""The bad-input probes' runner: a case run on torch and on minigrad, each in its own folder and under
a time limit, and how their outcomes differ (the exception types, and whether a traceback shows the
error alone; the first lines of messages)."""
import pathlib
import tempfile
import warnings

import numpy as np
import pytest

import minigrad
import torch
from parity.limits import time_limit

SECONDS = 20  # far above any case's run time: a hang fails the case instead of blocking the suite


class Cases(dict):
    """A probe's cases by name: ``add(name, fn)`` registers ``fn(L, d)`` under its name (each name
    once); ``table(prefix, rows)`` registers every ``{label: fn}`` row as ``prefix`` and ``label``
    joined by a space (none after an empty prefix or one ending in ".")."""

    def add(self, name, fn):
        assert name not in self, name
        self[name] = fn

    def table(self, prefix, rows):
        for label, fn in rows.items():
            self.add(f"{prefix}{'' if not prefix or prefix.endswith('.') else ' '}{label}", fn)


def tenths(L, *shape, dtype=None):
    """A tensor of ``shape`` (2 x 3 without one) with values 0, 0.1, 0.2... (wrapping at 1), float64 unless
    ``dtype``: results then compare to many digits."""
    shape = shape or (2, 3)
    n = int(np.prod(shape))
    return L.tensor((np.arange(n) % 10 / 10).reshape(shape), dtype=dtype or L.float64)


def fixed_linear(L):
    """A 2 -> 2 float64 linear layer of fixed weights (``tenths``)."""
    m = L.nn.Linear(2, 2, dtype=L.float64)
    with L.no_grad():
        m.weight.copy_(tenths(L, 2, 2))
        m.bias.copy_(tenths(L, 2))
    return m


def kept(x, change):
    """``x``'s values after ``change(x)`` raised (or returned): a failed in-place op leaves them."""
    try:
        change(x)
    except Exception:  # noqa: BLE001: the case compares what is left
        pass
    return x


def outcome(cases, lib, case, folder):
    """What ``cases[case]`` does on ``lib``: ("raised", the exception) or ("returned", the value)."""
    with warnings.catch_warnings(), time_limit(SECONDS, case):
        warnings.simplefilter("ignore")
        try:
            value = cases[case](lib, folder)
        except Exception as exc:  # noqa: BLE001: the probe compares whatever is raised
            return "raised", exc
    return "returned", value


def plain(value):
    """A returned value as data both libraries' values compare as: a tensor as (dtype, shape, values),
    a dtype or a device as its string, a module as its repr, another object of either library as its
    type's name, a tuple or a list item by item."""
    if hasattr(value, "tolist") and hasattr(value, "dtype") and hasattr(value, "shape") and \
            not isinstance(value, np.ndarray):
        return str(value.dtype), tuple(value.shape), value.tolist()
    if isinstance(value, (torch.dtype, minigrad.dtype, torch.device, minigrad.device)):
        return str(value)
    if isinstance(value, (torch.nn.Module, minigrad.nn.Module)):
        return repr(value)
    if isinstance(value, (tuple, list)):
        return [plain(v) for v in value]
    if type(value).__module__.split(".")[0] in ("torch", "minigrad"):  # (an optimizer, a loader...)
        return type(value).__name__
    return value


def expected_type(exc):
    """The type minigrad must raise where torch raised ``exc`` (torch's linalg error is minigrad's)."""
    if isinstance(exc, torch.linalg.LinAlgError):
        return minigrad.linalg.LinAlgError
    return type(exc)


def both(cases, case, root):
    """(torch's outcome, minigrad's outcome) of ``case``, each in its own folder under ``root``."""
    (root / "torch").mkdir()
    (root / "minigrad").mkdir()
    return outcome(cases, torch, case, root / "torch"), outcome(cases, minigrad, case, root / "minigrad")


def disagreement(cases, case, root, results=False):
    """None when minigrad behaves as torch on ``case`` (and with ``results``, returns the same value:
    ``plain``), else a line saying how they differ."""
    (theirs, t_exc), (mine, m_exc) = both(cases, case, root)
    if theirs == "returned":
        if mine != "returned":
            return f"torch returned; minigrad raised {type(m_exc).__name__}: {m_exc}"
        if results and plain(t_exc) != plain(m_exc):
            return f"torch returned {plain(t_exc)!r:.200}; minigrad returned {plain(m_exc)!r:.200}"
        return None
    if mine == "returned":
        return f"torch raised {type(t_exc).__name__}: {t_exc}; minigrad returned"
    if not isinstance(m_exc, expected_type(t_exc)):
        return (f"torch raised {type(t_exc).__name__}: {str(t_exc)[:200]}; "
                f"minigrad raised {type(m_exc).__name__}: {str(m_exc)[:200]}")
    if shown_before(t_exc) is None and shown_before(m_exc) is not None:
        before = shown_before(m_exc)
        return (f"torch's {type(t_exc).__name__} shows alone; minigrad's shows after "
                f"{type(before).__name__}: {str(before)[:200]}")
    return None


def shown_before(exc):
    """The exception a traceback of ``exc`` shows before it (its cause, or the one being handled
    when it was raised), None where it shows alone."""
    return exc.__cause__ or (None if exc.__suppress_context__ else exc.__context__)


def first_line(exc):
    """The first line of an exception's message."""
    return str(exc).splitlines()[0] if str(exc) else ""


def case_params(cases, known):
    """The case names as pytest parameters in sorted order, the known differences as strict xfails
    with their reasons."""
    return [pytest.param(c, marks=pytest.mark.xfail(reason=known[c], strict=True)) if c in known else c
            for c in sorted(cases)]


def report(cases, known, names, results=False):
    """Script mode: run the cases whose names contain one of ``names`` (every case without), print
    each disagreement (``results``: of the values returned too) and the count."""
    selected = [c for c in sorted(cases) if not names or any(a in c for a in names)]
    bad = 0
    for c in selected:
        with tempfile.TemporaryDirectory() as tmp:
            try:
                problem = disagreement(cases, c, pathlib.Path(tmp), results)
            except Exception as exc:  # noqa: BLE001
                problem = f"PROBE ERROR {type(exc).__name__}: {exc}"
        if problem:
            bad += 1
            print(f"{c}{' (known)' if c in known else ''}: {problem}")
    print(f"{bad} of {len(selected)} cases disagree")


def probe_tests(cases, known, message_cases, results=False):
    """A probe file's two tests: every case of ``cases`` behaves as torch's (``known`` differences as
    strict xfails; ``results``: returning the same values too), and the cases of ``message_cases``
    raise torch's message (its first line). A probe file assigns them to its own test names."""
    @pytest.mark.parametrize("case", case_params(cases, known))
    def test_bad_input_gets_torchs_exception_type(case, tmp_path):
        problem = disagreement(cases, case, tmp_path, results)
        assert problem is None, problem

    @pytest.mark.parametrize("case", message_cases)
    def test_short_stable_error_messages_are_torchs(case, tmp_path):
        (theirs, t_exc), (mine, m_exc) = both(cases, case, tmp_path)
        assert theirs == mine == "raised", (theirs, mine)
        assert first_line(m_exc) == first_line(t_exc)
    return test_bad_input_gets_torchs_exception_type, test_short_stable_error_messages_are_torchs
