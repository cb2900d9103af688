"""The seventh bad-input probe: every case in ``probe_cases_7.CASES`` (the factories' other forms and
huge sizes, ``nn.init``, validated distributions, autograd misuse, conversions, seeds and RNG states)
runs on PyTorch and on minigrad, and minigrad must behave alike: raise the exception type PyTorch
raises (or none where PyTorch accepts the input, with the same result), within a time limit; where
PyTorch's message is short and stable, the same message. Run as a script, it prints every
disagreement (``python tests/errors/test_bad_input_probe_7.py [words of case names]``). The tests
after it check what PyTorch's CPU build does without a GPU, where minigrad has none either."""
import pathlib
import sys

import pytest

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))  # (run as a script too)
from errors.probe_cases import CASES as FIRST_PROBE  # noqa: E402
from errors.probe_cases_2 import CASES as SECOND_PROBE  # noqa: E402
from errors.probe_cases_3 import CASES as THIRD_PROBE  # noqa: E402
from errors.probe_cases_4 import CASES as FOURTH_PROBE  # noqa: E402
from errors.probe_cases_5 import CASES as FIFTH_PROBE  # noqa: E402
from errors.probe_cases_6 import CASES as SIXTH_PROBE  # noqa: E402
from errors.probe_cases_7 import CASES  # noqa: E402
from errors import probe_runner  # noqa: E402
import minigrad  # noqa: E402
import torch  # noqa: E402


#: cases where minigrad knowingly differs, and why
KNOWN_DISAGREEMENTS = {
    "factory: poisson inf": "PyTorch returns int64's minimum as a float for an infinite rate (an overflow); "
                            "minigrad raises",
    "factory: zeros layout sparse_coo": "minigrad has no sparse layouts",
    "convert: numpy bfloat16": "minigrad has no bfloat16",
    "convert: random.fork_rng devices bad": "PyTorch fails only when it iterates the devices (with CUDA); "
                                            "minigrad's fork_rng ignores them on the CPU",
    "autograd: vmap item inside": "minigrad's vmap runs the function per sample: item() is a number there, "
                                  "refused as the function's result (a ValueError)",
}

#: cases whose PyTorch message (its first line) minigrad repeats word for word
MESSAGE_CASES = [
    "factory: range step 0",
    "factory: range inf",
    "factory: range bool",
    "factory: range wrong sign",
    "factory: logspace huge steps",
    "autograd: jacrev of a complex input",
    "autograd: jacrev of a complex argument not differentiated",
    "autograd: jacrev of a complex output",
    "autograd: jacfwd of a complex input",
    "autograd: jacfwd of a complex output",
    "autograd: jacfwd of a complex output, randomness different",
    "autograd: hessian of a complex input",
    "autograd: checkpoint reentrant autograd.grad",
    "autograd: checkpoint reentrant backward inputs",
]


def test_the_seventh_probe_has_no_case_of_the_first_six():
    earlier = (set(FIRST_PROBE) | set(SECOND_PROBE) | set(THIRD_PROBE) | set(FOURTH_PROBE) | set(FIFTH_PROBE)
               | set(SIXTH_PROBE))
    assert not set(CASES) & earlier


# (the runner's two tests, named here so that pytest finds them in this file)
test_bad_input_gets_torchs_exception_type, test_short_stable_error_messages_are_torchs = \
    probe_runner.probe_tests(CASES, KNOWN_DISAGREEMENTS, MESSAGE_CASES, results=True)


# PyTorch's CPU build has no GPU: these compare with it only where minigrad has none either
without_gpu = pytest.mark.skipif(minigrad.cuda.is_available(), reason="a GPU is available to minigrad")

PINNED_FACTORIES = {
    "zeros": lambda L: L.zeros(2, pin_memory=True),
    "full": lambda L: L.full((2,), 1.0, pin_memory=True),
    "randn": lambda L: L.randn(2, pin_memory=True),
    "arange": lambda L: L.arange(3, pin_memory=True),
    "linspace": lambda L: L.linspace(0, 1, 3, pin_memory=True),
    "eye": lambda L: L.eye(2, pin_memory=True),
    "tensor": lambda L: L.tensor([1.0], pin_memory=True),
    "scalar_tensor": lambda L: L.scalar_tensor(1.0, pin_memory=True),
    "empty_strided": lambda L: L.empty_strided((2,), (1,), pin_memory=True),
    "zeros_like": lambda L: L.zeros_like(L.ones(2), pin_memory=True),
    "randint_like": lambda L: L.randint_like(L.ones(2), 3, pin_memory=True),
    "randperm": lambda L: L.randperm(3, pin_memory=True),
    "tril_indices": lambda L: L.tril_indices(3, 3, pin_memory=True),
    "hann_window": lambda L: L.hann_window(3, pin_memory=True),
    "new_zeros": lambda L: L.ones(2).new_zeros(2, pin_memory=True),
    "new_full": lambda L: L.ones(2).new_full((2,), 1.0, pin_memory=True),
}


@without_gpu
@pytest.mark.parametrize("factory", sorted(PINNED_FACTORIES))
def test_pin_memory_without_a_gpu_is_pytorchs_runtime_error(factory):
    make = PINNED_FACTORIES[factory]
    with pytest.raises(RuntimeError) as theirs:
        make(torch)
    with pytest.raises(RuntimeError) as mine:
        make(minigrad)
    assert str(mine.value) == str(theirs.value)


@without_gpu
@pytest.mark.parametrize("device", ["cuda", "cuda:0"])
def test_a_gpu_generator_without_a_gpu_is_a_runtime_error(device):
    with pytest.raises(RuntimeError):
        torch.Generator(device=device)
    with pytest.raises(RuntimeError, match="generator"):
        minigrad.Generator(device=device)


@without_gpu
@pytest.mark.parametrize("name", ["torch.cuda.FloatTensor", "torch.cuda.LongTensor", "torch.cuda.BadTensor"])
def test_type_to_a_gpu_type_name_without_a_gpu_is_a_runtime_error(name):
    with pytest.raises(RuntimeError):
        torch.ones(2).type(name)
    with pytest.raises(RuntimeError, match="CUDA"):
        minigrad.ones(2).type(name)


if __name__ == "__main__":
    probe_runner.report(CASES, KNOWN_DISAGREEMENTS, sys.argv[1:], results=True)
