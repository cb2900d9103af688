"""Course programs written for PyTorch (``course_programs/``, each ``import torch``) print the
same on minigrad as on PyTorch: run once as they are, and once with minigrad standing in for
``torch`` in ``sys.modules``. They print shapes, dtypes, reprs, exact values of seeded NumPy
data, seeded random draws (the CPU streams are PyTorch's) and rounded results of training."""
import difflib
import glob
import os
import subprocess
import sys

import pytest

pytest.importorskip("torch")

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
PROGRAMS = sorted(glob.glob(os.path.join(HERE, "course_programs", "*.py")))
AS_MINIGRAD = ("import runpy, sys, minigrad; sys.modules['torch'] = minigrad; "
               "runpy.run_path(sys.argv[1], run_name='__main__')")


def _run(args):
    env = dict(os.environ, PYTHONPATH=REPO + os.pathsep + os.environ.get("PYTHONPATH", ""))
    done = subprocess.run([sys.executable, *args], capture_output=True, text=True, timeout=300, env=env)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


@pytest.mark.parametrize("program", PROGRAMS, ids=[os.path.basename(p)[:-3] for p in PROGRAMS])
def test_course_program_prints_the_same_on_minigrad_as_on_pytorch(program):
    theirs = _run([program])
    ours = _run(["-c", AS_MINIGRAD, program])
    assert ours == theirs, "".join(difflib.unified_diff(theirs.splitlines(True), ours.splitlines(True),
                                                        "pytorch", "minigrad"))


def test_there_are_course_programs():
    assert len(PROGRAMS) >= 5
