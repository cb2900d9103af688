"""The fourth bad-input probe: every case in ``probe_cases_4.CASES`` (the tensor factories and the
``*_like`` ones crossed with bad sizes, dtypes, devices and flags; Tensor methods given bad dims,
shapes and indices; nn layers, losses, optimizers, ``utils.data`` and the schedulers given bad
arguments) runs on PyTorch and on minigrad, and minigrad must behave alike: raise the exception type
PyTorch raises (or none where PyTorch accepts the input, with the same result), within a time limit;
where PyTorch's message is short and stable, the same message. Run as a script, it prints every
disagreement (``python tests/errors/test_bad_input_probe_4.py [words of case names]``)."""
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))  # (run as a script too)
from errors.probe_cases import CASES as FIRST_PROBE  # noqa: E402
from errors.probe_cases_2 import CASES as SECOND_PROBE  # noqa: E402
from errors.probe_cases_3 import CASES as THIRD_PROBE  # noqa: E402
from errors.probe_cases_4 import CASES  # noqa: E402
from errors import probe_runner  # noqa: E402


#: cases where minigrad knowingly differs, and why
KNOWN_DISAGREEMENTS = {
    'layer call: AdaptiveAvgPool2d of 2-d': "PyTorch's adaptive_avg_pool2d to (1, 1) takes a shortcut (a mean over the last two dims) that accepts a 2-d input; any other output size refuses it, as minigrad refuses every 2-d input",
}

#: cases whose PyTorch message (its first line) minigrad repeats word for word
MESSAGE_CASES = [
    'empty layout a str',
    'empty pin_memory a str',
    'empty_like memory_format a str',
    'empty_like memory_format channels_last of 2-d',
    'factory: randint complex dtype',
    'fixed: Size of None',
    'fixed: Size of a float',
    'fixed: Size of a float tensor',
    'fixed: Size of a numpy bool',
    'fixed: Size of a numpy float',
    'fixed: Size of a str',
    'fixed: Size of a tensor of two',
    'fixed: Size plus a float tuple',
    'fixed: Tensor.round decimals a float',
    'fixed: a float tuple plus Size',
    'fixed: arange step keyword only',
    'fixed: arange with a dtype only',
    'fixed: randperm 129 as int8',
    'fixed: randperm 2050 as float16',
    'fixed: randperm 257 as uint8',
    'fixed: randperm 300 as bool',
    'fixed: randperm 300 as uint8',
    'fixed: randperm 32769 as int16',
    'fixed: randperm 70000 as uint16',
    'fixed: randperm as complex64',
    'fixed: randperm as uint16',
    'fixed: round decimals beyond int64',
    'full layout a str',
    'full pin_memory a str',
    'full_like memory_format a str',
    'full_like memory_format channels_last of 2-d',
    'layer: ConvTranspose2d negative output_padding',
    'layer: ConvTranspose2d output_padding not below dilation or stride',
    'layer: ConvTranspose2d output_padding not below stride',
    'ones layout a str',
    'ones pin_memory a str',
    'ones_like memory_format a str',
    'ones_like memory_format channels_last of 2-d',
    'rand_like memory_format channels_last of 2-d',
    'randint_like memory_format channels_last of 2-d',
    'randn_like memory_format channels_last of 2-d',
    'zeros layout a str',
    'zeros pin_memory a str',
    'zeros_like memory_format a str',
    'zeros_like memory_format channels_last of 2-d',
    'number: celu alpha of two elements',
    'number: hardshrink lambd of two elements',
    'number: huber_loss delta of one element',
    'number: layer_norm eps of one element',
    'number: nan_to_num nan a str',
    'number: nan_to_num posinf of two elements',
    'number: logit eps of one element',
    'number: logit eps a str',
    'data: a NumPy array set',
    'data: an int set',
    'data: an int tensor set on a tensor requiring grad',
    'data: Module.type int64 of parameters requiring grad',
]


def test_the_fourth_probe_has_no_case_of_the_first_three():
    assert not set(CASES) & (set(FIRST_PROBE) | set(SECOND_PROBE) | set(THIRD_PROBE))


# (the runner's two tests, named here so that pytest finds them in this file)
test_bad_input_gets_torchs_exception_type, test_short_stable_error_messages_are_torchs = \
    probe_runner.probe_tests(CASES, KNOWN_DISAGREEMENTS, MESSAGE_CASES, results=True)


if __name__ == "__main__":
    probe_runner.report(CASES, KNOWN_DISAGREEMENTS, sys.argv[1:], results=True)
