"""The fifth bad-input probe: every case in ``probe_cases_5.CASES`` (int arguments given a float, a
bool or a tensor with a dim; Number and float arguments given a tensor with a dim or a NumPy number;
weights that are not tensors; the checks of where, isin, poisson, binomial, dist, spectral_norm and
weight_norm) runs on PyTorch and on minigrad, and minigrad must behave alike: raise the exception
type PyTorch raises (or none where PyTorch accepts the input, with the same result), within a time
limit; where PyTorch's message is short and stable, the same message. Run as a script, it prints
every disagreement (``python tests/errors/test_bad_input_probe_5.py [words of case names]``)."""
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))  # (run as a script too)
from errors.probe_cases import CASES as FIRST_PROBE  # noqa: E402
from errors.probe_cases_2 import CASES as SECOND_PROBE  # noqa: E402
from errors.probe_cases_3 import CASES as THIRD_PROBE  # noqa: E402
from errors.probe_cases_4 import CASES as FOURTH_PROBE  # noqa: E402
from errors.probe_cases_5 import CASES  # noqa: E402
from errors import probe_runner  # noqa: E402


#: cases where minigrad knowingly differs, and why
KNOWN_DISAGREEMENTS = {}

#: cases whose PyTorch message (its first line) minigrad repeats word for word
MESSAGE_CASES = [
    'int: diagonal offset a float',
    'int: rot90 k a bool',
    'int: mvlgamma p an int tensor of one element',
    'int: Tensor.unfold size a numpy float',
    'int: chunk chunks an int tensor of two',
    'int: glu dim a bool',
    'int: combinations r a str',
    'int: vander N a float',
    'number: pdist p a tensor of one element',
    'number: cross_entropy label_smoothing a tensor of two',
    'number: margin_ranking_loss margin a tensor of one element',
    'number: pad value a tensor of one element',
    'number: full fill_value a tensor of one element',
    'number: renorm p a tensor of one element',
    'weight: conv_transpose2d None',
    'weight: conv_transpose1d a list',
    'weight: prelu None',
    'check: poisson of a negative rate',
    'check: poisson of int64',
    'check: binomial of int64 count',
    'check: binomial of a double prob',
    'check: dist of a bool tensor',
    'check: spectral_norm n_power_iterations 0',
    'check: weight_norm of a missing name',
]


def test_the_fifth_probe_has_no_case_of_the_first_four():
    assert not set(CASES) & (set(FIRST_PROBE) | set(SECOND_PROBE) | set(THIRD_PROBE) | set(FOURTH_PROBE))


# (the runner's two tests, named here so that pytest finds them in this file)
test_bad_input_gets_torchs_exception_type, test_short_stable_error_messages_are_torchs = \
    probe_runner.probe_tests(CASES, KNOWN_DISAGREEMENTS, MESSAGE_CASES, results=True)


if __name__ == "__main__":
    probe_runner.report(CASES, KNOWN_DISAGREEMENTS, sys.argv[1:], results=True)
