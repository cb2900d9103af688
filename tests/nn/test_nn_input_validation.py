"""nn.functional and nn modules check their inputs as PyTorch does: a NumPy array or a list where
a Tensor belongs is PyTorch's TypeError naming the function and the argument; BCE's input and
target must lie in [0, 1] and share a dtype; pointwise losses compute in PyTorch's dtype."""
import numpy as np
import pytest
import torch

import minigrad
import minigrad.nn.functional as F
from parity.helpers import check

TF = torch.nn.functional
X = np.array([[0.2, 0.7, 0.1], [0.6, 0.3, 0.9]])


def raised(fn):
    try:
        fn()
    except Exception as exc:  # noqa: BLE001 (the type is what is compared)
        return type(exc), str(exc)
    return None, None


@pytest.mark.parametrize("bad", [np.zeros((1, 3), np.float32), [[1.0, 2.0, 3.0]]], ids=["ndarray", "list"])
def test_linear_layer_on_a_non_tensor_raises_torchs_type_error_word_for_word(bad):
    mine = raised(lambda: minigrad.nn.Linear(3, 2)(bad))
    theirs = raised(lambda: torch.nn.Linear(3, 2)(bad))
    assert mine == theirs and mine[0] is TypeError


#: (call, argument torch names) for entry points where torch raises TypeError naming the argument
TENSOR_ARGS = {
    "linear-input": (lambda L, F, a, t: F.linear(a, L.ones(2, 3)), "input"),
    "linear-weight": (lambda L, F, a, t: F.linear(t, a), "weight"),
    "linear-bias": (lambda L, F, a, t: F.linear(t, L.ones(2, 3), a), "bias"),
    "relu": (lambda L, F, a, t: F.relu(a), "input"),
    "leaky_relu": (lambda L, F, a, t: F.leaky_relu(a), "input"),
    "dropout": (lambda L, F, a, t: F.dropout(a), "input"),
    "softplus": (lambda L, F, a, t: F.softplus(a), "input"),
    "logsigmoid": (lambda L, F, a, t: F.logsigmoid(a), "input"),
    "silu": (lambda L, F, a, t: F.silu(a), "input"),
    "elu": (lambda L, F, a, t: F.elu(a), "input"),
    "hardtanh": (lambda L, F, a, t: F.hardtanh(a), "input"),
    "cross_entropy-input": (lambda L, F, a, t: F.cross_entropy(a, L.tensor([0, 1])), "input"),
    "cross_entropy-target": (lambda L, F, a, t: F.cross_entropy(t, a), "target"),
    "cross_entropy-weight": (lambda L, F, a, t: F.cross_entropy(t, L.tensor([0, 1]), weight=a), "weight"),
    "nll_loss-input": (lambda L, F, a, t: F.nll_loss(a, L.tensor([0, 1])), "input"),
    "nll_loss-target": (lambda L, F, a, t: F.nll_loss(t, a), "target"),
    "bce_with_logits-pos_weight": (lambda L, F, a, t: F.binary_cross_entropy_with_logits(t, t, pos_weight=a),
                                   "pos_weight"),
    "one_hot": (lambda L, F, a, t: F.one_hot(a), None),
    "ReLU module": (lambda L, F, a, t: L.nn.ReLU()(a), "input"),
    "Dropout module": (lambda L, F, a, t: L.nn.Dropout()(a), "input"),
    "CrossEntropyLoss module": (lambda L, F, a, t: L.nn.CrossEntropyLoss()(a, L.tensor([0, 1])), "input"),
}

#: entry points where torch fails from inside its Python wrapper (AttributeError, "'int' object is not
#: callable"): minigrad raises the TypeError naming the argument that torch's C++ entry points use
TORCH_WRAPPER_ERRORS = {
    "sigmoid": (lambda L, F, a, t: F.sigmoid(a), "input"),
    "tanh": (lambda L, F, a, t: F.tanh(a), "input"),
    "softmax": (lambda L, F, a, t: F.softmax(a, 1), "input"),
    "log_softmax": (lambda L, F, a, t: F.log_softmax(a, 1), "input"),
    "mse_loss-input": (lambda L, F, a, t: F.mse_loss(a, t), "input"),
    "mse_loss-target": (lambda L, F, a, t: F.mse_loss(t, a), "target"),
    "l1_loss-target": (lambda L, F, a, t: F.l1_loss(t, a), "target"),
    "huber_loss-target": (lambda L, F, a, t: F.huber_loss(t, a), "target"),
    "smooth_l1_loss-input": (lambda L, F, a, t: F.smooth_l1_loss(a, t), "input"),
    "bce-input": (lambda L, F, a, t: F.binary_cross_entropy(a, t), "input"),
    "bce-weight": (lambda L, F, a, t: F.binary_cross_entropy(t, t, weight=a), "weight"),
    "bce_with_logits-target": (lambda L, F, a, t: F.binary_cross_entropy_with_logits(t, a), "target"),
    "MSELoss module": (lambda L, F, a, t: L.nn.MSELoss()(a, t), "input"),
    "Tanh module": (lambda L, F, a, t: L.nn.Tanh()(a), "input"),
}

NON_TENSORS = {"ndarray": lambda: X.copy(), "list": lambda: X.tolist(), "float": lambda: 0.5}


@pytest.mark.parametrize("bad", NON_TENSORS)
@pytest.mark.parametrize("case", TENSOR_ARGS)
def test_a_non_tensor_argument_raises_torchs_type_error_naming_it(case, bad):
    call, arg = TENSOR_ARGS[case]
    m_t, t_t = minigrad.tensor(X), torch.tensor(X)
    mine = raised(lambda: call(minigrad, F, NON_TENSORS[bad](), m_t))
    theirs = raised(lambda: call(torch, TF, NON_TENSORS[bad](), t_t))
    assert theirs[0] is TypeError and mine[0] is TypeError, (mine, theirs)
    assert "must be Tensor, not" in mine[1] and (arg is None or f"'{arg}'" in mine[1]), mine[1]
    assert mine[1].split(", not ")[-1] == theirs[1].split(", not ")[-1], (mine[1], theirs[1])  # the type's name


@pytest.mark.parametrize("bad", NON_TENSORS)
@pytest.mark.parametrize("case", TORCH_WRAPPER_ERRORS)
def test_where_torchs_wrapper_fails_minigrad_raises_the_type_error_naming_the_argument(case, bad):
    call, arg = TORCH_WRAPPER_ERRORS[case]
    mine = raised(lambda: call(minigrad, F, NON_TENSORS[bad](), minigrad.tensor(X)))
    theirs = raised(lambda: call(torch, TF, NON_TENSORS[bad](), torch.tensor(X)))
    assert theirs[0] in (TypeError, AttributeError), theirs  # torch refuses too, less clearly
    assert issubclass(mine[0], theirs[0]), (mine, theirs)  # (NotATensorError: TypeError and AttributeError)
    assert issubclass(mine[0], TypeError) and f"argument '{arg}'" in mine[1] and "must be Tensor" in mine[1], mine


# ---------------------------------------------------------------------- binary cross-entropy
@pytest.mark.parametrize("x, y", [([0.5, 0.2], [2.0, 0.5]), ([0.5], [-1.0]), ([0.5], [1.0000001]), ([0.5], [np.nan]),
                                  ([0.5], [np.inf]), ([1.5], [1.0]), ([-0.5], [1.0]), ([np.nan], [1.0]),
                                  ([0.5, 1.5], [2.0, 0.5]), ([1.5, 0.5], [0.5, 2.0]), ([0.0, 1.0], [1.0, 0.0])],
                         ids=repr)
@pytest.mark.parametrize("form", ["function", "module"])
def test_bce_checks_input_and_target_range_like_torch(x, y, form):
    def call(L, a, b):
        return L.nn.BCELoss()(a, b) if form == "module" else L.nn.functional.binary_cross_entropy(a, b)
    got = check(call, np.array(x, np.float32), np.array(y, np.float32), requires_grad=[True, False])
    if isinstance(got, Exception):
        mine = raised(lambda: call(minigrad, minigrad.tensor(np.float32(x)), minigrad.tensor(np.float32(y))))
        assert mine == (RuntimeError, str(got))


@pytest.mark.parametrize("target_dtype", ["int64", "bool", "float64"])
def test_bce_with_a_target_of_another_dtype_raises_like_torch(target_dtype):
    mine = raised(lambda: F.binary_cross_entropy(minigrad.tensor([0.5]), minigrad.tensor([1]).to(
        getattr(minigrad, target_dtype))))
    theirs = raised(lambda: TF.binary_cross_entropy(torch.tensor([0.5]), torch.tensor([1]).to(
        getattr(torch, target_dtype))))
    assert mine == theirs and mine[0] is RuntimeError


def test_bce_with_logits_takes_any_target_like_torch():
    check(lambda L, a, b: L.nn.functional.binary_cross_entropy_with_logits(a, b), np.array([0.5, -1.0]),
          np.array([2.0, -3.0]))


# ---------------------------------------------------------------------- pointwise loss dtypes
LOSS_DTYPES = ["float32", "float64", "int64", "int32", "bool"]  # (the contract's dtypes)


@pytest.mark.parametrize("loss", ["mse_loss", "l1_loss", "huber_loss", "smooth_l1_loss"])
@pytest.mark.parametrize("input_dtype", LOSS_DTYPES)
@pytest.mark.parametrize("target_dtype", LOSS_DTYPES)
def test_pointwise_losses_compute_in_torchs_dtype_or_raise_like_torch(loss, input_dtype, target_dtype):
    x = np.array([0.5, -1.5, 3.0]).astype(input_dtype)
    y = np.array([2, 0, 1]).astype(target_dtype)
    check(lambda L, a, b: getattr(L.nn.functional, loss)(a, b), x, y)


@pytest.mark.parametrize("loss", ["mse_loss", "l1_loss", "huber_loss"])
def test_pointwise_losses_with_an_int64_target_and_no_reduction_are_float32(loss):
    check(lambda L, a, b: getattr(L.nn.functional, loss)(a, b, reduction="none"), np.array([0.5, -1.5], np.float32),
          np.array([2, 0]))


@pytest.mark.parametrize("module", ["MSELoss", "L1Loss", "HuberLoss"])
def test_loss_modules_with_an_int64_target_return_float32(module):
    check(lambda L, a, b: getattr(L.nn, module)()(a, b), np.array([0.5, 2.0], np.float32), np.array([1, 2]))


def test_leaky_relu_slope_must_be_a_number_like_torch():
    mine = raised(lambda: F.leaky_relu(minigrad.ones(2), "a"))
    theirs = raised(lambda: TF.leaky_relu(torch.ones(2), "a"))
    assert mine == theirs


@pytest.mark.parametrize("loss", ["nll_loss", "cross_entropy"])
@pytest.mark.parametrize("target_dtype", ["int64", "uint8", "int32", "float32", "bool"])
def test_class_index_losses_take_long_or_byte_targets_or_raise_like_torch(loss, target_dtype):
    mine = raised(lambda: getattr(F, loss)(minigrad.ones(2, 3), minigrad.tensor([0, 1]).to(
        getattr(minigrad, target_dtype))))
    theirs = raised(lambda: getattr(TF, loss)(torch.ones(2, 3), torch.tensor([0, 1]).to(getattr(torch, target_dtype))))
    assert mine == theirs
