"""The sixth bad-input probe: every case in ``probe_cases_6.CASES`` (the nn.Module API, the
containers, layer constructors and calls, optimizers and schedulers, utils.data) runs on PyTorch and
on minigrad, and minigrad must behave alike: raise the exception type PyTorch raises (or none where
PyTorch accepts the input, with the same result), within a time limit; where PyTorch's message is
short and stable, the same message. Run as a script, it prints every disagreement
(``python tests/errors/test_bad_input_probe_6.py [words of case names]``)."""
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))  # (run as a script too)
from errors.probe_cases import CASES as FIRST_PROBE  # noqa: E402
from errors.probe_cases_2 import CASES as SECOND_PROBE  # noqa: E402
from errors.probe_cases_3 import CASES as THIRD_PROBE  # noqa: E402
from errors.probe_cases_4 import CASES as FOURTH_PROBE  # noqa: E402
from errors.probe_cases_5 import CASES as FIFTH_PROBE  # noqa: E402
from errors.probe_cases_6 import CASES  # noqa: E402
from errors import probe_runner  # noqa: E402


#: cases where minigrad knowingly differs, and why
KNOWN_DISAGREEMENTS = {
    "container: ModuleList insert negative": "PyTorch's insert shifts keys from str(index) and fails with a "
                                             "KeyError on a negative index, part-way through; minigrad inserts "
                                             "as list.insert does (and as PyTorch's Sequential.insert)",
    "container: ModuleList insert far negative": "the same",
    "optim: SGD load_state_dict state of an int": "PyTorch's SGD keeps a parameter state that is no dict and fails "
                                                  "at its next step; minigrad refuses it at the load with the "
                                                  "TypeError PyTorch's other optimizers raise there",
}

#: cases whose PyTorch message (its first line) minigrad repeats word for word
MESSAGE_CASES = [
    "container: ParameterDict int key",
    "container: ParameterDict popitem empty",
    "container: Sequential iadd list",
    "layer: Conv2d kernel 0 forward",
    "sched: ReduceLROnPlateau load_state_dict of a bad mode",
    "layer: F.conv1d zero-width kernel",
    "layer: F.conv3d zero kernel",
    "layer: F.conv2d zero-height kernel of doubles",
]


def test_the_sixth_probe_has_no_case_of_the_first_five():
    earlier = set(FIRST_PROBE) | set(SECOND_PROBE) | set(THIRD_PROBE) | set(FOURTH_PROBE) | set(FIFTH_PROBE)
    assert not set(CASES) & earlier


# (the runner's two tests, named here so that pytest finds them in this file)
test_bad_input_gets_torchs_exception_type, test_short_stable_error_messages_are_torchs = \
    probe_runner.probe_tests(CASES, KNOWN_DISAGREEMENTS, MESSAGE_CASES, results=True)


if __name__ == "__main__":
    probe_runner.report(CASES, KNOWN_DISAGREEMENTS, sys.argv[1:], results=True)
