"""Bad-input cases of the fifth probe: int arguments (dims, sizes, counts, offsets) given a float, a
bool or a tensor with a dim; Number and float arguments given a tensor with a dim or a NumPy number;
non-Tensor weights; and checks PyTorch makes that minigrad skipped (where with one operand, isin of a
list, poisson and binomial dtypes and rates, dist of a bool tensor, spectral_norm's and weight_norm's
arguments). Same form as the others: ``fn(L, d)`` with ``L`` the library (``torch`` or
``minigrad``) and ``d`` an empty folder of its own; a name says what is given, not whether PyTorch
takes it."""
import numpy as np

from errors.probe_cases import t
from errors.probe_runner import Cases

CASES = Cases()
add, table = CASES.add, CASES.table


def F(L):
    return L.nn.functional


# ----------------------------------------------------------------------------------------------
# int arguments: PyTorch's parser takes an int, a NumPy int or a 0-d integer tensor; a float, a bool
# or a tensor with a dim is its TypeError
INT_ARGUMENTS = {  # label -> fn(L, value)
    "diagonal offset": lambda L, v: L.diagonal(t(L, (3, 3)), v),
    "diag_embed offset": lambda L, v: L.diag_embed(t(L), v),
    "rot90 k": lambda L, v: L.rot90(t(L), v),
    "mvlgamma p": lambda L, v: L.mvlgamma(t(L) + 3, v),
    "polygamma n": lambda L, v: L.polygamma(v, t(L) + 1),
    "Tensor.unfold size": lambda L, v: t(L).unfold(1, v, 1),
    "Tensor.unfold step": lambda L, v: t(L).unfold(1, 2, v),
    "chunk chunks": lambda L, v: t(L).chunk(v),
    "diff n": lambda L, v: L.diff(t(L), v),
    "glu dim": lambda L, v: F(L).glu(t(L, (2, 4)), v),
    "torch.group_norm num_groups": lambda L, v: L.group_norm(t(L, (2, 4)), v).shape,
    "combinations r": lambda L, v: L.combinations(t(L, (3,)), v),
    "vander N": lambda L, v: L.vander(t(L, (3,)), v),
    "select index": lambda L, v: L.select(t(L), 1, v),
    "narrow start": lambda L, v: L.narrow(t(L), 1, v, 1),
    "narrow length": lambda L, v: L.narrow(t(L), 1, 0, v),
    "tensor_split sections": lambda L, v: L.tensor_split(t(L), v, 1),
    "repeat_interleave repeats": lambda L, v: L.repeat_interleave(t(L), v),
    "embedding padding_idx": lambda L, v: F(L).embedding(L.arange(3), t(L, (4, 2)), v),
    "matrix_power n": lambda L, v: L.matrix_power(L.eye(2), v),
    "max_pool2d kernel_size": lambda L, v: F(L).max_pool2d(t(L, (1, 1, 4, 4)), v),
    "avg_pool1d kernel_size": lambda L, v: F(L).avg_pool1d(t(L, (1, 2, 4)), v),
}
INT_VALUES = {  # label -> fn(L)
    "a float": lambda L: 1.0,
    "a numpy float": lambda L: np.float64(1.0),
    "a bool": lambda L: True,
    "a 0-d float tensor": lambda L: L.tensor(1.0),
    "an int tensor of two": lambda L: L.ones(2, dtype=L.int64),
    "an int tensor of one element": lambda L: L.ones(1, dtype=L.int64),
    "a str": lambda L: "a",
    "a numpy int ok": lambda L: np.int64(1),
    "a 0-d int tensor ok": lambda L: L.tensor(1),
}
for _fn, _call in INT_ARGUMENTS.items():
    for _label, _value in INT_VALUES.items():
        add(f"int: {_fn} {_label}", (lambda call, value: lambda L, d: call(L, value(L)))(_call, _value))
table("int:", {
    "split size a bool": lambda L, d: L.split(t(L), True, 1),
    "tensor_split indices of a float": lambda L, d: L.tensor_split(t(L), [1.0], 1),
    "tensor_split indices of a bool": lambda L, d: L.tensor_split(t(L), [True], 1),
    "tensor_split indices ok": lambda L, d: L.tensor_split(t(L), [1], 1),
    "avg_pool1d stride a bool": lambda L, d: F(L).avg_pool1d(t(L, (1, 2, 4)), 2, True),
    "nn.GLU dim a bool": lambda L, d: L.nn.GLU(True)(t(L, (2, 4))),
})


# ----------------------------------------------------------------------------------------------
# Number and float arguments: a tensor with a dim (even of one element) is PyTorch's TypeError, a
# NumPy number or a 0-d tensor the Python number it holds (a NumPy float64 keeps a float32 result)
NUMBER_ARGUMENTS = {  # label -> fn(L, value)
    "pdist p": lambda L, v: F(L).pdist(t(L), v),
    "cdist p": lambda L, v: L.cdist(t(L), t(L) + 1, v).dtype,
    "dist p": lambda L, v: L.dist(t(L), t(L) + 1, v),
    "norm p": lambda L, v: L.norm(t(L), v),
    "normalize p": lambda L, v: F(L).normalize(t(L), v),
    "renorm p": lambda L, v: L.renorm(t(L), v, 0, 1.0),
    "renorm maxnorm": lambda L, v: L.renorm(t(L), 2, 0, v),
    "cross_entropy label_smoothing": lambda L, v: F(L).cross_entropy(t(L), L.tensor([0, 1]), label_smoothing=v / 4).dtype,
    "CrossEntropyLoss label_smoothing": lambda L, v: L.nn.CrossEntropyLoss(label_smoothing=v / 4)(t(L), L.tensor([0, 1])).dtype,
    "margin_ranking_loss margin": lambda L, v: F(L).margin_ranking_loss(t(L), t(L) + 1, L.ones(2, 3), v),
    "hinge_embedding_loss margin": lambda L, v: F(L).hinge_embedding_loss(t(L), -L.ones(2, 3), margin=v),
    "cosine_embedding_loss margin": lambda L, v: F(L).cosine_embedding_loss(t(L), t(L) + 1, L.ones(2), margin=v),
    "triplet_margin_loss margin": lambda L, v: F(L).triplet_margin_loss(t(L), t(L), t(L) + 1, margin=v).dtype,
    "poisson_nll_loss eps": lambda L, v: F(L).poisson_nll_loss(t(L), t(L), eps=v),
    "pad value": lambda L, v: F(L).pad(t(L), (1, 1), value=v),
    "embedding max_norm": lambda L, v: F(L).embedding(L.arange(3), t(L, (4, 2)) / 8, max_norm=v),
    "full fill_value": lambda L, v: L.full((2,), v),
    "new_full fill_value": lambda L, v: t(L).new_full((2,), v),
    "add alpha": lambda L, v: L.add(t(L), t(L), alpha=v),
    "sub alpha": lambda L, v: L.sub(t(L), t(L), alpha=v),
    "addcmul value": lambda L, v: L.addcmul(t(L), t(L), t(L), value=v),
    "std correction": lambda L, v: L.std(t(L), correction=v),
    "var correction": lambda L, v: L.var(t(L), dim=1, correction=v),
    "group_norm eps": lambda L, v: F(L).group_norm(t(L, (2, 4)), 2, eps=v).dtype,
    "batch_norm eps": lambda L, v: F(L).batch_norm(t(L), L.zeros(3), L.ones(3), eps=v),
    "batch_norm momentum": lambda L, v: F(L).batch_norm(t(L), L.zeros(3), L.ones(3), momentum=v / 2),
    "instance_norm eps": lambda L, v: F(L).instance_norm(t(L, (1, 2, 3)), eps=v).dtype,
    "rms_norm eps": lambda L, v: F(L).rms_norm(t(L), (3,), eps=v).dtype,
    "cosine_similarity eps": lambda L, v: F(L).cosine_similarity(t(L), t(L) + 1, 1, v),
    "histc min": lambda L, v: L.histc(t(L), 4, v, 5),
}
NUMBER_VALUES = {  # label -> fn(L)
    "a tensor of one element": lambda L: L.tensor([2.0]),
    "a tensor of two": lambda L: L.ones(2) * 2,
    "a str": lambda L: "a",
    "a numpy float ok": lambda L: np.float64(2.0),
    "a 0-d tensor ok": lambda L: L.tensor(2.0),
}
for _fn, _call in NUMBER_ARGUMENTS.items():
    for _label, _value in NUMBER_VALUES.items():
        if (_fn, _label) == ("batch_norm eps", "a tensor of two"):
            continue  # (PyTorch's Python code compares eps first: its RuntimeError for a tensor of two)
        add(f"number: {_fn} {_label}", (lambda call, value: lambda L, d: call(L, value(L)))(_call, _value))
table("number:", {
    "normalize p None ok": lambda L, d: F(L).normalize(t(L), None),
    "normalize p fro ok": lambda L, d: F(L).normalize(t(L), "fro"),
    "bucketize right a str": lambda L, d: L.bucketize(t(L), L.tensor([1.0]), right="a"),
    "bucketize right an int": lambda L, d: L.bucketize(t(L), L.tensor([1.0]), right=1),
    "bucketize out_int32 an int": lambda L, d: L.bucketize(t(L), L.tensor([1.0]), out_int32=1),
    "searchsorted right None": lambda L, d: L.searchsorted(L.tensor([1.0]), t(L), right=None),
    "searchsorted right ok": lambda L, d: L.searchsorted(L.tensor([1.0]), t(L), right=True),
})


# ----------------------------------------------------------------------------------------------
# weights that are not tensors
table("weight:", {
    "conv_transpose1d None": lambda L, d: F(L).conv_transpose1d(t(L, (1, 2, 3)), None),
    "conv_transpose1d a list": lambda L, d: F(L).conv_transpose1d(t(L, (1, 2, 3)), [[[1.0]], [[1.0]]]),
    "conv_transpose2d None": lambda L, d: F(L).conv_transpose2d(t(L, (1, 2, 3, 3)), None),
    "conv_transpose2d a list": lambda L, d: F(L).conv_transpose2d(t(L, (1, 2, 3, 3)), [[[[1.0]]], [[[1.0]]]]),
    "conv_transpose2d bias a list": lambda L, d: F(L).conv_transpose2d(t(L, (1, 2, 3, 3)), L.ones(2, 1, 1, 1), [1.0]),
    "conv_transpose3d None": lambda L, d: F(L).conv_transpose3d(t(L, (1, 2, 1, 3, 3)), None),
    "prelu None": lambda L, d: F(L).prelu(t(L), None),
})


# ----------------------------------------------------------------------------------------------
# checks PyTorch makes
table("check:", {
    "where with input None only": lambda L, d: L.where(t(L) > 2, None),
    "where with input only": lambda L, d: L.where(t(L) > 2, t(L)),
    "where with input and other None": lambda L, d: L.where(t(L) > 2, t(L), None),
    "where with neither ok": lambda L, d: L.where(t(L) > 2),
    "where with both ok": lambda L, d: L.where(t(L) > 2, t(L), 0.0),
    "isin of a list": lambda L, d: L.isin(t(L), [1.0]),
    "isin of a tuple": lambda L, d: L.isin(t(L), (1.0,)),
    "isin of None": lambda L, d: L.isin(t(L), None),
    "isin elements a list": lambda L, d: L.isin([1.0], t(L)),
    "isin of a number ok": lambda L, d: L.isin(t(L), 1.0),
    "isin of a numpy number ok": lambda L, d: L.isin(t(L), np.float64(1.0)),
    "poisson of a negative rate": lambda L, d: L.poisson(-t(L)),
    "poisson of a NaN rate": lambda L, d: L.poisson(L.tensor([float("nan")])),
    "poisson of int64": lambda L, d: L.poisson(L.arange(3)),
    "poisson of bool": lambda L, d: L.poisson(L.ones(2, dtype=L.bool)),
    "poisson of zeros ok": lambda L, d: L.poisson(L.zeros(2, dtype=L.float64)),
    "binomial of int64 count": lambda L, d: L.binomial(L.ones(2, dtype=L.int64), L.ones(2) / 2),
    "binomial of int64 prob": lambda L, d: L.binomial(L.ones(2), L.ones(2, dtype=L.int64)),
    "binomial of a double prob": lambda L, d: L.binomial(L.ones(2), L.ones(2, dtype=L.float64) / 2),
    "binomial of a float prob beside a double count": lambda L, d: L.binomial(L.ones(2, dtype=L.float64), L.ones(2) / 2),
    "binomial of half": lambda L, d: L.binomial(L.ones(2, dtype=L.float16), L.ones(2, dtype=L.float16) / 2),
    "binomial of sure draws ok": lambda L, d: L.binomial(L.ones(2, dtype=L.float64) * 3, L.ones(2, dtype=L.float64)),
    "dist of a bool tensor": lambda L, d: L.dist(t(L), L.ones(2, 3, dtype=L.bool)),
    "dist of two bool tensors": lambda L, d: L.dist(L.ones(2, 3, dtype=L.bool), L.ones(2, 3, dtype=L.bool)),
    "spectral_norm n_power_iterations 0": lambda L, d: L.nn.utils.spectral_norm(L.nn.Linear(2, 2), n_power_iterations=0),
    "spectral_norm n_power_iterations -1": lambda L, d: L.nn.utils.spectral_norm(L.nn.Linear(2, 2), n_power_iterations=-1),
    "weight_norm of a missing name": lambda L, d: L.nn.utils.weight_norm(L.nn.Linear(2, 2), name="nope"),
})
