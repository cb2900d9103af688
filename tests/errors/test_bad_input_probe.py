"""The bad-input probe: every case in ``probe_cases.CASES`` runs on PyTorch and on minigrad, and
minigrad must behave alike: raise the exception type PyTorch raises (or none where PyTorch
accepts the input), within a time limit; where PyTorch's message is short and stable (the
shape and index errors users search for), the same message. Run as a script, it prints every
disagreement (``python tests/errors/test_bad_input_probe.py [words of case names]``)."""
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))  # (run as a script too)
from errors.probe_cases import CASES  # noqa: E402
from errors import probe_runner  # noqa: E402


#: cases where minigrad knowingly differs, and why
KNOWN_DISAGREEMENTS = {}

#: cases whose PyTorch message (its first line) minigrad repeats word for word
MESSAGE_CASES = [
    "Linear wrong features", "matmul mismatch", "addmm shapes", "add shape mismatch", "mul shape mismatch",
    "allclose shape", "masked_fill_ shape", "clamp tensor min shape", "where shape mismatch", "lerp shape",
    "reshape wrong size", "view wrong size", "view non-contiguous", "expand mismatch", "expand smaller",
    "broadcast_to smaller", "broadcast_shapes mismatch", "cat mismatch", "cat ndim mismatch",
    "cat mismatch outside dim", "cat dtypes mismatch", "stack mismatch", "stack dtypes mismatch", "split sizes wrong",
    "split negative size", "unflatten wrong size", "repeat negative", "flip repeated dim", "outer 2d",
    "bmm batch mismatch", "baddbmm shapes", "mv mismatch", "dot size", "F.cosine_similarity shapes",
    "ce batch mismatch", "ce bad class index", "ce negative class", "nll bad class", "ce int32 target",
    "nll float target", "embedding out of range", "F.embedding out of range", "one_hot negative",
    "one_hot too small classes", "index row out of range", "index tensor out of range", "gather index out of range",
    "scatter out of range", "index_select out of range", "select out of range", "narrow out of range",
    "sum bad dim", "transpose bad dim", "cat bad dim", "Conv2d wrong channels", "conv wrong channels",
    "Conv2d too small", "max_pool kernel too big", "layer_norm shape", "LayerNorm wrong shape",
    "BatchNorm1d wrong features", "bce shape mismatch", "bce_with_logits shape", "mse shape mismatch broadcast",
    "LSTM wrong input size", "index_put_ wrong value", "item of many", "index str", "set_grad_enabled of a str",
    "uniform_ bad range", "grad of an unused input", "backward of a non-scalar",
    "backward twice through a freed graph", "in-place on a leaf requiring grad", "hook returning the wrong shape",
    "linspace float steps", "linspace complex steps",
]


# (the runner's two tests, named here so that pytest finds them in this file)
test_bad_input_gets_torchs_exception_type, test_short_stable_error_messages_are_torchs = \
    probe_runner.probe_tests(CASES, KNOWN_DISAGREEMENTS, MESSAGE_CASES)


if __name__ == "__main__":
    probe_runner.report(CASES, KNOWN_DISAGREEMENTS, sys.argv[1:])
