"""The second bad-input probe: every case in ``probe_cases_2.CASES`` (nn modules, containers, state
dicts, optimizers, schedulers, data loading, tensor creation and conversion, autograd) runs on
PyTorch and on minigrad, and minigrad must behave alike: raise the exception type PyTorch raises
(or none where PyTorch accepts the input), within a time limit; where PyTorch's message is short
and stable, the same message. Run as a script, it prints every disagreement
(``python tests/errors/test_bad_input_probe_2.py [words of case names]``)."""
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))  # (run as a script too)
from errors.probe_cases import CASES as FIRST_PROBE  # noqa: E402
from errors.probe_cases_2 import CASES  # noqa: E402
from errors import probe_runner  # noqa: E402


#: cases where minigrad knowingly differs, and why
KNOWN_DISAGREEMENTS = {
    'ModuleList insert non-module': "PyTorch's ModuleList.insert stores a non-Module unchecked (a later traversal fails); minigrad refuses it at once, as append does",
    'device meta ok': 'minigrad has no meta device (cpu and cuda only)',
    'numpy of bfloat16': 'minigrad has no bfloat16 dtype (no Tensor.bfloat16)',
    'in-place on a view of a leaf made from a view': 'minigrad checks the root of a view chain (here a tensor not requiring grad), PyTorch the leaf the view was taken from',
    'take_along_dim out of range': "PyTorch 2.13's take_along_dim does not check the range on the CPU (it returned a stray value); minigrad raises",
}

#: cases whose PyTorch message (its first line) minigrad repeats word for word
MESSAGE_CASES = [
    'Adadelta rho above one', 'Adagrad negative eps', 'Adam beta1 negative', 'Adam beta2 one',
    'Adam group with a None param', 'Adam negative weight_decay', 'Adam step with a grad of the wrong shape',
    'AdamW negative eps', 'AdaptiveAvgPool2d(rank too high)', 'AvgPool1d(kernel tuple too long)',
    'BCELoss input above one', 'BatchNorm2d(int input)', 'BatchNorm2d(one value per channel)',
    'BatchNorm2d(rank too low)', 'BatchNorm2d(wrong channels)', 'BatchSampler float', 'BatchSampler negative',
    'Bilinear wrong first size', 'ConcatDataset negative out of range', 'ConcatDataset of an iterable dataset',
    'ConstantLR factor above one', 'Conv2d forward rank too high', 'Conv2d forward too small',
    'Conv2d forward wrong channels', 'Conv2d load_state_dict strict missing key',
    'Conv2d load_state_dict strict wrong shape', 'Conv2d(groups not dividing in)', 'Conv2d(negative in_channels)',
    'Conv2d(padding same with stride)', 'Conv2d(zero groups)',
    'ConvTranspose2d forward zero spatial', 'CosineAnnealingLR of a module', 'CrossEntropyLoss 4-d target shape',
    'CrossEntropyLoss class out of range', 'CrossEntropyLoss float target with ignore_index',
    'CrossEntropyLoss int32 target', 'CrossEntropyLoss weight int', 'CyclicLR bad mode',
    'CyclicLR without momentum', 'DataLoader batch_sampler with batch_size None',
    'DataLoader multiprocessing_context without workers', 'DataLoader prefetch_factor negative with workers',
    'DataLoader set batch_size after init', 'DataLoader timeout str', 'Dropout(nan p)', 'Dropout(negative p)',
    'Dropout(p above one)', 'Dropout2d 1-d input', 'Embedding 2-d index out of range',
    'Embedding padding_idx negative out of range', 'F.dropout training str', 'F.one_hot empty no classes',
    'F.one_hot int32', 'F.pad too many amounts', 'F.smooth_l1_loss negative beta',
    'Function returning a grad of the wrong shape', 'Function returning a number as grad',
    'Function returning two grads for one input', 'Function save_for_backward of a number',
    'GroupNorm wrong channels', 'InstanceNorm1d(one value per channel)', 'LayerNorm int input',
    'LayerNorm tuple shape mismatch', 'Linear forward 1-d wrong size', 'Linear forward 3-d wrong size',
    'Linear forward int64 input', 'LinearLR end factor above one', 'LinearLR start factor above one',
    'MSELoss shapes not broadcasting', 'MaxPool1d(kernel tuple too long)', 'MaxPool2d(kernel too big)',
    'MaxPool2d(padding over half kernel)', 'MaxPool2d(rank too low)', 'ModuleDict non-module value',
    'MultiheadAttention wrong embed dim', 'MultiheadAttention zero heads', 'NLLLoss batch mismatch',
    'NLLLoss weight wrong size', 'OneCycleLR bad anneal', 'OneCycleLR epochs without steps_per_epoch',
    'OneCycleLR of a module', 'OneCycleLR pct_start above one', 'OneCycleLR total steps exceeded',
    'PixelShuffle 2-d', 'RMSprop negative eps', 'RandomSampler negative num_samples',
    'ReduceLROnPlateau bad threshold mode', 'ReduceLROnPlateau factor above one',
    'ReduceLROnPlateau min_lr list length', 'Rprop etas reversed', 'SGD a tensor as params', 'SGD params empty',
    'SGD load state of fewer groups', 'SGD lr negative', 'SGD nesterov with dampening', 'SGD non-leaf param',
    'SGD same param in two groups', 'SGD step with a grad of the wrong shape', 'Sequential append non-module',
    'Sequential index negative out of range', 'Sequential set non-module', 'SequentialLR empty schedulers',
    'SequentialLR schedulers of two optimizers', 'SequentialLR with ReduceLROnPlateau',
    'StackDataset mismatched lengths', 'StepLR of a module', 'TransformerEncoderLayer bad activation',
    'WeightedRandomSampler replacement str', 'add_module empty name', 'add_module name exists as attribute',
    'add_module non-str name', 'arange complex', 'arange negative step increasing', 'arange step zero float',
    'backward inputs empty', 'backward of a (2,) without gradient', 'backward of a tensor not requiring grad',
    'backward twice through exp', 'backward twice through matmul', 'clone with channels_last on 2-d',
    'default_collate None', 'default_collate lists of unequal length', 'default_collate mismatched shapes',
    'device cuda negative index', 'expand -1 in a new dim', 'expand -2', 'expand fewer dims',
    'expand shrinking a dim', 'eye negative columns', 'from_numpy numpy scalar', 'full value overflows int8',
    'gather rank mismatch higher',
    'grad of an input unused only by the output', 'grad outputs and grad_outputs length mismatch',
    'grad with no inputs', 'gradcheck of a tensor not requiring grad', 'hook returning a non-tensor',
    'hook returning a wrong dtype', 'iinfo bool', 'in-place add_ on a leaf requiring grad',
    'in-place on a saved exp output', 'in-place on a saved pow input',
    'in-place on a view of a leaf requiring grad', 'in-place zero_ on a leaf requiring grad',
    'index_add_ out of range', 'index_select bad dim', 'index_select float index', 'item of 2x2',
    'linspace bool dtype', 'masked_select int mask', 'ones requires_grad int dtype', 'permute out of range',
    'permute repeated negative', 'permute too many', 'randint high too big for dtype',
    'random_split fractions above one', 'random_split lengths too long', 'randperm bool dtype',
    'register_buffer name exists as attribute', 'register_parameter non-leaf', 'requires_grad_ on bool',
    'requires_grad_ on int32', 'reshape -1 on empty ambiguous', 'reshape three -1', 'reshape with a -1 not fitting',
    'scatter bad reduce',
    'scatter float index', 'scatter rank mismatch', 'setitem of int tensor with nan', 'squeeze tuple repeated',
    'tensor int overflow', 'tensor int8 overflow', 'tensor of ragged nested list', 'tensor positional dtype',
    'tensor requires_grad bool', 'tensor requires_grad str', 'view incompatible sizes',
    'view of a transposed to a merge', 'view of an expanded', 'view of empty with -1', 'view two -1',
]


def test_the_second_probe_has_600_cases_none_of_them_in_the_first():
    assert len(CASES) >= 600
    assert not set(CASES) & set(FIRST_PROBE)


# (the runner's two tests, named here so that pytest finds them in this file)
test_bad_input_gets_torchs_exception_type, test_short_stable_error_messages_are_torchs = \
    probe_runner.probe_tests(CASES, KNOWN_DISAGREEMENTS, MESSAGE_CASES)


if __name__ == "__main__":
    probe_runner.report(CASES, KNOWN_DISAGREEMENTS, sys.argv[1:])
