"""The eighth bad-input probe: every case in ``probe_cases_8.CASES`` (the factories' odd dtypes, sizes
and steps, Tensor methods given wrong argument types, ``out=`` across the op families, dims out of
range or repeated, the shape ops' dims, indexed writes and reads with bad indexes, in-place type
promotion, autograd on integer tensors and non-scalars, layers, losses, optimizers, data loading and
checkpoints given bad arguments) runs on PyTorch and on minigrad, and minigrad must behave alike:
raise the exception type PyTorch raises (or none where PyTorch accepts the input, with the same
result), within a time limit; where PyTorch's message is short and stable, the same message. Run as
a script, it prints every disagreement (``python tests/errors/test_bad_input_probe_8.py [words of
case names]``)."""
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
from errors.probe_cases_8 import CASES  # noqa: E402
from errors import probe_runner  # noqa: E402


#: cases where minigrad knowingly differs, and why
_KEEPS = ("PyTorch writes the elements before the bad index and then raises; minigrad checks every index "
          "before it writes, so a failed in-place op leaves the tensor as it was")

KNOWN_DISAGREEMENTS = {
    "indexed: index_add_ failed keeps values": _KEEPS,
    "indexed: index_put_ failed keeps values": _KEEPS,
    "indexed: masked_scatter_ failed keeps values": _KEEPS,
    "indexed: put_ failed keeps values": _KEEPS,
    "indexed: scatter_ failed keeps values": _KEEPS,
    "out= sum into an expanded tensor": "PyTorch's reductions write into an out whose elements share memory (each "
                                        "shared element keeps the last value); minigrad refuses it, as PyTorch's "
                                        "other ops do",
}

#: cases whose PyTorch message (its first line) minigrad repeats word for word
MESSAGE_CASES = [
    "factory: tril_indices int8 dtype",
    "factory: triu_indices float32 dtype",
    "factory: linspace inf end int dtype",
    "factory: linspace end beyond int32",
    "factory: logspace float end -200 uint8",
    "method: index_select dim 1 of 3-d out of range",
    "method: index_select dim 1 negative index",
    "method: index_select empty dim",
    "method: index_select 1-d out of range",
    "method: is_contiguous memory_format None",
    "method: expand growing add_",
    "indexed: index_put_ accumulate a str",
    "indexed: index_put_ accumulate a numpy bool",
    "dims: unflatten 0-d",
    "out= cat into an input",
    "out= index_select into its input",
    "out= add into an expanded tensor",
    "loss: hinge_embedding_loss int",
    "numpy: from_numpy big-endian",
    "numpy: from_numpy big-endian 0-d",
    "numpy: from_numpy big-endian str",
    "numpy: tensor big-endian with dtype",
    "numpy: as_tensor big-endian",
    "numpy: Tensor big-endian",
    "numpy: from_numpy numpy int scalar",
    "module assign: a module to a parameter",
    "module assign: an optimizer to a buffer",
    "module assign: a tensor to a child module",
    "module assign: a parameter via register_parameter of a module",
]


def test_the_eighth_probe_has_no_case_of_the_first_seven():
    earlier = (set(FIRST_PROBE) | set(SECOND_PROBE) | set(THIRD_PROBE) | set(FOURTH_PROBE) | set(FIFTH_PROBE)
               | set(SIXTH_PROBE) | set(SEVENTH_PROBE))
    assert not set(CASES) & earlier


# (the runner's two tests, named here so that pytest finds them in this file)
test_bad_input_gets_torchs_exception_type, test_short_stable_error_messages_are_torchs = \
    probe_runner.probe_tests(CASES, KNOWN_DISAGREEMENTS, MESSAGE_CASES, results=True)


if __name__ == "__main__":
    probe_runner.report(CASES, KNOWN_DISAGREEMENTS, sys.argv[1:], results=True)
