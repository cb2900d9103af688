"""The ninth bad-input probe: every case in ``probe_cases_9.CASES`` (the ``nn.Module`` API misused,
state dicts of the wrong shapes or keys, the containers indexed and sliced, ``nn.functional``'s
convolutions, pools, ``interpolate``, ``pad``, ``fold``, ``pixel_shuffle`` and ``grid_sample`` given bad
arguments, the FFTs' ``n``, ``dim`` and ``norm``, the linear algebra's non-square, singular and integer
inputs, data splits, subsets, loaders and collation, the learning-rate schedulers' arguments,
``save``/``load`` of odd objects and paths, ``out=`` partly overlapping an elementwise op's input, and
``arange``'s keyword ``start``) runs on PyTorch and on minigrad, and minigrad must behave alike: raise
the exception type PyTorch raises (or none where PyTorch accepts the input, with the same result),
within a time limit; where PyTorch's message is short and stable, the same message. Run as a script,
it prints every disagreement (``python tests/errors/test_bad_input_probe_9.py [words of case names]``)."""
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
from errors.probe_cases_9 import CASES  # noqa: E402
from errors import probe_runner  # noqa: E402


#: cases where minigrad knowingly differs, and why
_LOADS_ALL_OR_NOTHING = ("PyTorch's load_state_dict copies every entry that fits and then raises for the ones that "
                         "do not; minigrad checks them all first, so a failed load leaves the module as it was")
_STORES_NO_CODE = ("PyTorch pickles any object (and fails on a lambda, or refuses it when loading with weights_only); "
                   "minigrad's checkpoint format stores data only, so it refuses other objects when saving, with a "
                   "TypeError")

KNOWN_DISAGREEMENTS = {
    "state dict: BatchNorm running_mean wrong size keeps": _LOADS_ALL_OR_NOTHING,
    "state dict: transposed weight keeps": _LOADS_ALL_OR_NOTHING,
    "save: a lambda": _STORES_NO_CODE,
    "save: load weights_only a custom class": _STORES_NO_CODE,
    "out= sum into a shifted view ok": "PyTorch's reductions do not check an out overlapping an input and read the "
                                       "values they have written; minigrad computes the result apart and writes it",
    "out= mul into a partly overlapping matrix": "PyTorch does not check views with gaps for overlap (too hard) and "
                                                 "reads the values it has written; minigrad computes the result apart "
                                                 "and writes it",
    "container: ModuleDict update with a bad pair keeps": "PyTorch adds the pairs before a bad one and then raises; "
                                                          "minigrad checks every pair first, so a failed update leaves "
                                                          "the dict as it was",
}

#: cases whose PyTorch message (its first line) minigrad repeats word for word
MESSAGE_CASES = [
    "container: ModuleDict key training",
    "container: ModuleDict setitem an int key",
    "container: ModuleDict update with a pair too short",
    "container: ModuleDict update with an int",
    "container: ModuleDict update with ints",
    "container: ModuleDict update with triples",
    "container: ParameterDict assigned to a parameter",
    "container: ParameterDict call",
    "container: ParameterDict update with an int",
    "container: ParameterDict update with ints",
    "container: ParameterDict update with triples",
    "container: ParameterList assigned to a parameter",
    "container: ParameterList call",
    "data: ConcatDataset of an IterableDataset",
    "data: DataLoader batch_sampler with sampler",
    "data: DataLoader batch_size 0",
    "data: DataLoader iterable dataset with shuffle",
    "data: DataLoader sampler with shuffle",
    "data: default_collate ragged lists",
    "data: random_split fraction negative",
    "data: random_split fractions short of 1",
    "factory: arange step keyword only",
    "fft: fft dim None",
    "fft: fft dim a tuple",
    "fft: fft norm an int",
    "fft: fft of a 0-d tensor",
    "fft: fft2 norm an int",
    "fft: fft2 of a 0-d tensor",
    "fft: fftfreq n -2",
    "fft: fftn dim repeated",
    "fft: fftshift dim a bool",
    "fft: fftshift dim a list of floats",
    "fft: fftshift dim out of range",
    "fft: fftshift of a 0-d tensor dim 0",
    "fft: ihfft norm a list",
    "fft: irfftn norm an int",
    "fft: rfft of complex",
    "fft: rfftfreq n -5",
    "functional: Conv2d padding same stride 2",
    "functional: adaptive_avg_pool2d negative size",
    "functional: adaptive_avg_pool3d negative size",
    "functional: adaptive_max_pool2d negative size",
    "functional: adaptive_max_pool2d unbatched negative sizes",
    "functional: conv2d padding full",
    "functional: conv2d stride 0",
    "functional: conv_transpose2d output_padding equal stride",
    "functional: fold channels not divisible by the kernel",
    "functional: grid_sample 3-d input",
    "functional: grid_sample 4-d input 5-d grid",
    "functional: grid_sample 5-d input 4-d grid",
    "functional: grid_sample dtype and batch mismatch",
    "functional: grid_sample empty input and rank mismatch",
    "functional: grid_sample grid rank mismatch",
    "linalg: cond p 0.5",
    "linalg: cond p bogus",
    "linalg: eigh UPLO an int of 1-d",
    "linalg: eigh UPLO bogus",
    "linalg: eigvalsh UPLO an int",
    "linalg: lstsq of 0-d",
    "linalg: lstsq of 1-d",
    "linalg: lu_solve pivots batch wrong",
    "linalg: lu_solve pivots wrong shape",
    "linalg: matrix_rank of 1-d",
    "linalg: matrix_rank of int",
    "linalg: multi_dot complex and int",
    "linalg: multi_dot dtypes differ",
    "linalg: pinv of 1-d",
    "linalg: pinv of int",
    "linalg: solve batch not broadcasting",
    "linalg: svdvals of 1-d int",
    "linalg: vector_norm dtype int",
    "linalg: vector_norm ord a str",
    "linalg: vector_norm ord complex",
    "module: add_module a function",
    "module: add_module a generator",
    "module: get_parameter of a buffer",
    "module: register_buffer name of a parameter",
    "module: setattr autograd.functional.hvp over a parameter",
    "module: setattr autograd.functional.jacobian over a parameter",
    "module: setattr autograd.grad over a parameter",
    "module: train a str",
    "out= add into a shifted view of its second input",
    "out= add into its input laid out otherwise",
    "out= eq into a shifted bool view",
    "out= frexp into a shifted view",
    "out= shifted view of another dtype",
    "scheduler: CyclicLR base_lr list of the wrong length",
    "scheduler: OneCycleLR max_lr list of the wrong length",
    "scheduler: ReduceLROnPlateau mode bogus",
]


def test_the_ninth_probe_has_no_case_of_the_first_eight():
    earlier = (set(FIRST_PROBE) | set(SECOND_PROBE) | set(THIRD_PROBE) | set(FOURTH_PROBE) | set(FIFTH_PROBE)
               | set(SIXTH_PROBE) | set(SEVENTH_PROBE) | set(EIGHTH_PROBE))
    assert not set(CASES) & earlier, sorted(set(CASES) & earlier)


# (the runner's two tests, named here so that pytest finds them in this file)
test_bad_input_gets_torchs_exception_type, test_short_stable_error_messages_are_torchs = \
    probe_runner.probe_tests(CASES, KNOWN_DISAGREEMENTS, MESSAGE_CASES, results=True)


if __name__ == "__main__":
    probe_runner.report(CASES, KNOWN_DISAGREEMENTS, sys.argv[1:], results=True)
