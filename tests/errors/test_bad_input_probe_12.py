"""The twelfth bad-input probe, "a failure loses nothing, nothing hangs": every case in
``probe_cases_12.CASES`` (in-place ops failing part-way on float, int, view, non-leaf and leaf tensors;
optimizers whose step fails on the second parameter or group; schedulers whose step or constructor
raises; modules changed with a bad entry among good ones, moved to bad dtypes, given functions that
raise; checkpoints saved over or loaded from bad files; datasets, samplers and collate functions that
raise, then a new iterator; sizes no memory holds) runs on PyTorch and on minigrad, returning the kind of
error raised and the state left behind, and minigrad's must be PyTorch's, within a time limit. Run as a
script, it prints every disagreement (``python tests/errors/test_bad_input_probe_12.py [words of case names]``)."""
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))  # (run as a script too)
from errors.probe_cases import CASES as FIRST_PROBE  # noqa: E402
from errors.probe_cases_2 import CASES as SECOND_PROBE  # noqa: E402
from errors.probe_cases_3 import CASES as THIRD_PROBE  # noqa: E402
from errors.probe_cases_4 import CASES as FOURTH_PROBE  # noqa: E402
from errors.probe_cases_5 import CASES as FIFTH_PROBE  # noqa: E402
from errors.probe_cases_6 import CASES as SIXTH_PROBE  # noqa: E402
from errors.probe_cases_7 import CASES as SEVENTH_PROBE  # noqa: E402
from errors.probe_cases_8 import CASES as EIGHTH_PROBE  # noqa: E402
from errors.probe_cases_9 import CASES as NINTH_PROBE  # noqa: E402
from errors.probe_cases_10 import CASES as TENTH_PROBE  # noqa: E402
from errors.probe_cases_11 import CASES as ELEVENTH_PROBE  # noqa: E402
from errors.probe_cases_12 import CASES  # noqa: E402
from errors import probe_runner  # noqa: E402


_PART_WAY = ("PyTorch writes the elements before a bad index (or until the source runs out) and then raises; "
             "minigrad checks everything first and raises with nothing written (docs/supported.md: deliberately "
             "different, a failed call loses nothing)")
_LOADED_PART_WAY = ("PyTorch's load_state_dict copies the entries that fit before raising for the others; minigrad "
                    "checks every entry first and changes nothing (docs/supported.md: deliberately different)")
_STATE_FIRST = ("PyTorch creates the state of a group's parameters (and, for SGD, stores momentum buffers only "
                "after the whole group) around the failing arithmetic; minigrad reads a group's options before "
                "it touches the group's state: the parameters' values agree, the failing group's state does not")

#: cases where minigrad knowingly differs, and why
KNOWN_DISAGREEMENTS = {
    **{f"in place on {self}: {call}": _PART_WAY
       for self in ("float", "int", "transposed view", "non-leaf")
       for call in ("index_put_ a bad index after good ones", "index_put_ accumulate a bad index after good ones",
                    "scatter_ one bad index", "scatter_ a value with one bad index", "scatter_add_ one bad index",
                    "index_add_ one bad index", "index_fill_ one bad index", "put_ an index out of range",
                    "masked_scatter_ too few source elements", "setitem a list index out of range",
                    "setitem the 2nd index of a list out of range")},
    **{f"module state: load_state_dict {case}": _LOADED_PART_WAY
       for case in ("a 0-d entry for a bias", "a broadcastable entry", "the last entry a str")},
    **{f"optim step {opt}: 2nd group {option}": _STATE_FIRST
       for opt in ("Adam", "AdamW", "NAdam", "RAdam", "RMSprop", "Adadelta")
       for option in ("lr None", "lr a str", "weight_decay a str")
       if not (opt in ("RMSprop", "Adadelta") and option == "weight_decay a str")},
    "optim step SGD momentum: 2nd group lr a tensor of two": _STATE_FIRST,
    "optim step SGD momentum: 2nd parameter resized": _STATE_FIRST,
    "checkpoint: save a lambda over it": "PyTorch pickles into the file as it goes: a save that fails part-way leaves "
                                         "a broken file; minigrad refuses the object before writing and writes "
                                         "through a temporary file (docs/supported.md: deliberately different)",
    "huge: expand 2**62 ok": "NumPy counts an array's bytes in an int64 even where its strides are 0: an expanded "
                             "view of 2**62 float32 elements (2**64 bytes) cannot be made",
}

def test_the_twelfth_probe_has_no_case_of_the_first_eleven():
    earlier = (set(FIRST_PROBE) | set(SECOND_PROBE) | set(THIRD_PROBE) | set(FOURTH_PROBE) | set(FIFTH_PROBE)
               | set(SIXTH_PROBE) | set(SEVENTH_PROBE) | set(EIGHTH_PROBE) | set(NINTH_PROBE) | set(TENTH_PROBE)
               | set(ELEVENTH_PROBE))
    assert not set(CASES) & earlier, sorted(set(CASES) & earlier)


# (the runner's first test, named here so that pytest finds it in this file; its second, of messages, has no
# case here: every case returns what it caught)
test_bad_input_gets_torchs_exception_type, _ = probe_runner.probe_tests(CASES, KNOWN_DISAGREEMENTS, [], results=True)


if __name__ == "__main__":
    probe_runner.report(CASES, KNOWN_DISAGREEMENTS, sys.argv[1:], results=True)
