"""``torch.<name>`` spellings of nn.functional and in-place methods (``torch.dropout``,
``torch.batch_norm``, ``torch.relu_`` ...), the math constants and the deprecated names,
against torch: values, gradients, the integer reductions and the errors."""
import math
import warnings

import numpy as np
import pytest
import torch
from hypothesis import given, strategies as st

import minigrad

from . import strategies as S
from .helpers import check, check_raises


def test_math_constants_are_pythons():
    for name in ("pi", "e", "inf", "newaxis"):
        assert getattr(minigrad, name) == getattr(torch, name)
    assert math.isnan(minigrad.nan)


@pytest.mark.parametrize("name", ["relu_", "sigmoid_", "exp_", "tanh_", "sqrt_", "zero_", "neg_", "floor_"])
def test_function_forms_of_in_place_methods_change_the_input_and_return_it(name):
    values = np.array([0.25, 1.5, 4.0])
    for lib in (minigrad, torch):
        x = lib.tensor(values)
        assert getattr(lib, name)(x) is x
    np.testing.assert_allclose(getattr(minigrad, name)(minigrad.tensor(values)).numpy(),
                               getattr(torch, name)(torch.tensor(values)).numpy(), rtol=1e-15)


def test_clamp_function_form_takes_min_and_max_by_keyword():
    x = minigrad.tensor([-2.0, 0.5, 3.0])
    minigrad.clamp_(input=x, min=-1, max=1)
    assert x.tolist() == [-1.0, 0.5, 1.0]


@given(data=S.array_and_dtype(S.nonempty_shapes()), seed=S.seeds)
def test_dropout_without_training_is_the_identity_with_its_gradient(data, seed):
    check(lambda L, a: L.dropout(a, 0.3, False), data, seed=seed)


def test_dropout_requires_train_as_pytorchs():
    check_raises(lambda L, a: L.dropout(a, 0.5), np.ones(3))


@given(data=S.array_and_dtype(S.nonempty_shapes()), alpha=st.sampled_from([0.5, 1.0, 2.0]), seed=S.seeds)
def test_selu_celu_and_hardshrink_are_nn_functionals(data, alpha, seed):
    check(lambda L, a: L.selu(a), data, seed=seed)
    check(lambda L, a: L.celu(a, alpha), data, seed=seed)
    check(lambda L, a: L.hardshrink(a, alpha / 2), data, seed=seed)
    check(lambda L, a: L.threshold(a, 0.1, -2.0), data, seed=seed)


@given(data=S.array_and_dtype(S.nonempty_shapes(min_dims=1)), seed=S.seeds)
def test_rrelu_without_training_uses_the_mean_slope(data, seed):
    check(lambda L, a: L.rrelu(a), data, seed=seed)


@given(seed=S.seeds, padding=st.sampled_from([-1, 0, 2]))
def test_embedding_takes_the_weight_first_and_minus_one_as_no_padding(seed, padding):
    weight = np.random.default_rng(seed).standard_normal((4, 3))
    check(lambda L, w: L.embedding(w, L.tensor([[0, 2], [2, 3]]), padding), weight, seed=seed)


@given(seed=S.seeds, training=st.booleans())
def test_batch_norm_in_atens_argument_order(seed, training):
    rng = np.random.default_rng(seed)
    x, w, b = rng.standard_normal((4, 3, 2)), rng.standard_normal(3), rng.standard_normal(3)
    check(lambda L, a, g, h: L.batch_norm(a, g, h, L.zeros(3, dtype=L.float64), L.ones(3, dtype=L.float64),
                                          training, 0.1, 1e-5, False), x, w, b, seed=seed)


@given(seed=S.seeds)
def test_instance_norm_in_atens_argument_order(seed):
    x = np.random.default_rng(seed).standard_normal((2, 3, 5))
    check(lambda L, a: L.instance_norm(a, None, None, None, None, True, 0.1, 1e-5, False), x, seed=seed)


LOSSES = {
    "kl_div": lambda L, a, b, s, r: L.kl_div(a, b.abs(), r),
    "binary_cross_entropy_with_logits": lambda L, a, b, s, r: L.binary_cross_entropy_with_logits(
        a, b.sigmoid(), None, None, r),
    "margin_ranking_loss": lambda L, a, b, s, r: L.margin_ranking_loss(a, b, s, 0.1, r),
    "hinge_embedding_loss": lambda L, a, b, s, r: L.hinge_embedding_loss(a, s, 1.0, r),
    "poisson_nll_loss": lambda L, a, b, s, r: L.poisson_nll_loss(a, b.abs(), True, False, 1e-8, r),
}


@pytest.mark.parametrize("loss", sorted(LOSSES))
@pytest.mark.parametrize("reduction", [0, 1, 2])
def test_losses_take_atens_integer_reductions(loss, reduction):
    rng = np.random.default_rng(reduction)
    a, b = rng.standard_normal(6), rng.standard_normal(6)
    signs = np.where(rng.standard_normal(6) > 0, 1.0, -1.0)
    check(lambda L, x, y: LOSSES[loss](L, x, y, L.tensor(signs), reduction), a, b)


@pytest.mark.parametrize("loss", sorted(set(LOSSES) - {"poisson_nll_loss"}))  # (it takes every argument)
def test_losses_default_to_no_reduction_as_pytorchs_torch_level_forms(loss):
    rng = np.random.default_rng(0)
    a, b = rng.standard_normal(6), rng.standard_normal(6)
    signs = np.where(rng.standard_normal(6) > 0, 1.0, -1.0)
    fn = getattr(minigrad, loss)
    args = {"kl_div": (a, np.abs(b)), "binary_cross_entropy_with_logits": (a, 1 / (1 + np.exp(-b))),
            "margin_ranking_loss": (a, b, signs), "hinge_embedding_loss": (a, signs)}[loss]
    args = [minigrad.tensor(v) for v in args]
    assert fn(*args).shape == (6,)


def test_adaptive_max_pool1d_returns_values_and_indices():
    x = np.arange(16.0).reshape(1, 2, 8)[..., ::-1].copy()
    check(lambda L, a: L.adaptive_max_pool1d(a, 3), x)


def test_max_pool1d_with_indices_defaults_its_stride_to_the_kernel():
    x = np.random.default_rng(1).standard_normal((2, 3, 9))
    check(lambda L, a: L.max_pool1d_with_indices(a, 3), x)


def test_poisson_and_binomial_draw_pytorchs_counts_after_the_same_seed():
    for lib in (minigrad, torch):
        lib.manual_seed(0)
    rates, counts, probs = [1.0, 5.0, 10.0], [10.0, 20.0], [0.5, 0.2]
    assert minigrad.poisson(minigrad.tensor(rates)).tolist() == torch.poisson(torch.tensor(rates)).tolist()
    assert (minigrad.binomial(minigrad.tensor(counts), minigrad.tensor(probs)).tolist()
            == torch.binomial(torch.tensor(counts), torch.tensor(probs)).tolist())


@pytest.mark.parametrize("args", [(1, 4), (0, 1, 0.3), (2.5, -1, -0.5)])
def test_range_includes_its_end_and_warns_as_deprecated(args):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        got = minigrad.range(*args)
    assert any("torch.range is deprecated" in str(w.message) for w in caught)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        expected = torch.range(*args)
    assert got.dtype.__repr__().split(".")[-1] == str(expected.dtype).split(".")[-1]
    np.testing.assert_array_equal(got.numpy(), expected.numpy())


@pytest.mark.parametrize("name", ["solve", "lstsq", "eig", "symeig", "matrix_rank"])
def test_functions_removed_in_pytorch_1_9_raise_runtime_error(name):
    with pytest.raises(RuntimeError, match="deprecated since version 1.9 and is now removed"):
        getattr(minigrad, name)(minigrad.eye(2), minigrad.eye(2))


def test_nuclear_and_frobenius_norms_warn_and_agree():
    x = np.random.default_rng(2).standard_normal((3, 4))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        check(lambda L, a: L.nuclear_norm(a), x)
        check(lambda L, a: L.frobenius_norm(a, (0, 1)), x)


def test_set_default_tensor_type_sets_the_default_float_dtype():
    try:
        with pytest.warns(UserWarning, match="deprecated"):
            minigrad.set_default_tensor_type(minigrad.DoubleTensor)
        assert minigrad.get_default_dtype() is minigrad.float64
        with pytest.warns(UserWarning):
            minigrad.set_default_tensor_type("torch.FloatTensor")
        assert minigrad.get_default_dtype() is minigrad.float32
    finally:
        minigrad.set_default_dtype(minigrad.float32)


def test_interop_threads_are_recorded_and_checked_as_pytorchs():
    minigrad.set_num_interop_threads(minigrad.get_num_interop_threads())
    check_raises(lambda L, a: L.set_num_interop_threads(0), np.ones(1))
    check_raises(lambda L, a: L.set_num_interop_threads(2.0), np.ones(1))


def test_dense_tensors_answer_pytorchs_device_and_layout_queries():
    for lib in (minigrad, torch):
        x = lib.ones(2)
        assert not (x.is_xpu or x.is_mps or x.is_nested or x.is_quantized or x.is_mkldnn or x.is_distributed())
        assert x.to_dense() is x and lib.get_device(x) == -1
