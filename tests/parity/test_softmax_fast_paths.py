"""The fast paths of softmax, log_softmax, cross_entropy, layer_norm and gelu against PyTorch and
against the general paths they stand beside: many rows (where a row's maximum is found through
argmax), extreme logits, and the gradients that backward reads from forward's arrays."""
import numpy as np
import pytest
import torch

import minigrad
from minigrad.autograd.namespace import array_math
from minigrad.kernels.softmax import max_along
from minigrad.kernels.special import normal_cdf

from .helpers import check

rng = np.random.default_rng(2024)


def extreme_logits(dtype, rows=40, classes=7):
    """Logits of large magnitude with -inf entries (never a whole row), ties and a row of zeros."""
    big = 1e30 if dtype == np.float32 else 1e300
    x = rng.standard_normal((rows, classes)) * 5
    x[1] *= big / 10
    x[2, :3] = -np.inf
    x[3] = 0.0
    x[4, 1:] = x[4, 0]  # ties
    x[5, 2] = big
    x[6] = [-big] * (classes - 1) + [0.0]
    return x.astype(dtype)


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
@pytest.mark.parametrize("shape", [(16, 3), (40, 1), (2, 16, 5), (64, 256), (15, 4)])
def test_row_maximum_through_argmax_is_the_maximum_nan_and_infinities_included(dtype, shape):
    x = rng.standard_normal(shape).astype(dtype)
    flat = x.reshape(-1, shape[-1])
    flat[0, 0] = np.nan
    flat[1, -1] = np.inf
    flat[2] = -np.inf
    flat[3] = -0.0
    got = max_along(np, x, x.ndim - 1)
    expected = x.max(axis=-1, keepdims=True)
    assert got.shape == expected.shape and got.dtype == expected.dtype
    np.testing.assert_array_equal(got, expected)


def test_row_maximum_of_a_non_contiguous_array_or_another_dim_is_the_maximum():
    x = rng.standard_normal((32, 10))
    np.testing.assert_array_equal(max_along(np, x.T, 1), x.T.max(axis=1, keepdims=True))
    np.testing.assert_array_equal(max_along(np, x, 0), x.max(axis=0, keepdims=True))


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("rows", [0, 1, 5, 128])
def test_row_sums_as_a_product_with_ones_give_the_sums_of_add_reduce(dtype, rows):
    g = rng.standard_normal((rows, 300)).astype(dtype)
    for keepdim in (False, True):
        fast = array_math(np).sum(g, 1, keepdim)
        slow = np.add.reduce(g, 1, keepdims=keepdim)
        assert fast.dtype == g.dtype and fast.shape == slow.shape
        # the same sums up to the order of the additions: within 300 eps of the sum of magnitudes
        bound = 300 * np.finfo(dtype).eps * np.add.reduce(np.abs(g), 1, keepdims=keepdim)
        assert np.all(np.abs(fast - slow) <= bound)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("name", ["softmax", "log_softmax"])
@pytest.mark.parametrize("dim", [1, 0])
def test_softmax_family_on_many_rows_of_extreme_logits_matches_torch(dtype, name, dim):
    check(lambda L, t: getattr(t, name)(dim), extreme_logits(dtype), seed=7)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
@pytest.mark.parametrize("options", [{}, {"ignore_index": 3}, {"ignore_index": -100}, {"label_smoothing": 0.2},
                                     {"weight": True}, {"weight": True, "ignore_index": 0, "label_smoothing": 0.1}])
def test_cross_entropy_on_many_rows_of_extreme_logits_matches_torch(dtype, reduction, options):
    x = extreme_logits(dtype)
    targets = rng.integers(0, x.shape[1], x.shape[0])
    targets[2] = 5  # a finite logit of a row with -inf entries
    if options.get("ignore_index") == -100:
        targets[::9] = -100
    weight = (rng.random(x.shape[1]) + 0.5).astype(dtype)
    kwargs = {k: v for k, v in options.items() if k != "weight"}

    def fn(L, logits, t, w):
        return L.nn.functional.cross_entropy(logits, t, weight=w if options.get("weight") else None,
                                             reduction=reduction, **kwargs)
    check(fn, x, targets, weight, requires_grad=[True, False, False], seed=11)


@pytest.mark.parametrize("target_dtype", [np.int64, np.uint8])
@pytest.mark.parametrize("name", ["cross_entropy", "nll_loss"])
def test_class_losses_of_long_and_byte_targets_match_torch(target_dtype, name):
    targets = (np.arange(40) % 7).astype(target_dtype)
    check(lambda L, x, t: getattr(L.nn.functional, name)(x, t), rng.standard_normal((40, 7)), targets,
          requires_grad=[True, False], seed=17)


@pytest.mark.parametrize("bad", [(np.int64, -1), (np.int64, -100), (np.int64, 7), (np.int64, 2 ** 62),
                                 (np.int64, -2 ** 63), (np.uint8, 7), (np.uint8, 255)], ids=repr)
@pytest.mark.parametrize("ignore_index", [-100, 2, 7])
@pytest.mark.parametrize("name", ["cross_entropy", "nll_loss"])
def test_class_losses_find_a_target_out_of_range_or_ignored_as_torch(bad, ignore_index, name):
    """(where ignore_index is no class, minigrad checks the targets through their largest value read as
    unsigned: a negative one is above every class)"""
    target_dtype, value = bad
    targets = (np.arange(40) % 7).astype(target_dtype)
    targets[11] = value
    messages = []
    result = check(lambda L, x, t: getattr(L.nn.functional, name)(x, t, ignore_index=ignore_index),
                   rng.standard_normal((40, 7)), targets, requires_grad=[True, False], seed=19,
                   check_error_message=messages.append)
    if isinstance(result, Exception):
        assert messages == [str(result)]


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
@pytest.mark.parametrize("call", ["nll_loss", "cross_entropy", "cross_entropy smoothed", "cross_entropy of bytes"])
def test_class_losses_fast_path_records_and_computes_what_the_general_path_does(monkeypatch, dtype, reduction, call):
    """(an ignore_index given as a NumPy int takes the general path, with its argument checks)"""
    from minigrad.nn import _losses_classification as classification
    checked = []
    checks = classification._expect_tensors
    monkeypatch.setattr(classification, "_expect_tensors", lambda *a, **k: checked.append(1) or checks(*a, **k))
    x = rng.standard_normal((12, 5)).astype(dtype)
    targets = rng.integers(0, 5, 12).astype(np.uint8 if "bytes" in call else np.int64)
    up = rng.standard_normal(12 if reduction == "none" else ()).astype(dtype)
    name, *rest = call.split()
    kwargs = {"label_smoothing": 0.25} if "smoothed" in rest else {}

    def run(ignore_index):
        checked.clear()
        logits = minigrad.tensor(x, requires_grad=True)
        loss = getattr(minigrad.nn.functional, name)(logits, minigrad.tensor(targets), ignore_index=ignore_index,
                                                     reduction=reduction, **kwargs)
        (g,) = minigrad.autograd.grad(loss, logits, minigrad.tensor(up))
        node = loss.grad_fn
        edges = [edge.name() if edge is not None else None for edge, _ in node.next_functions]
        return loss.detach().numpy().tobytes(), node.name(), edges, g.numpy().tobytes(), len(checked)

    fast, general = run(-100), run(np.int64(-100))
    assert fast[-1] == 0 and general[-1] == 1
    assert fast[:-1] == general[:-1]


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
@pytest.mark.parametrize("shape", [(40, 7), (7,), (6, 7, 3)])
@pytest.mark.parametrize("options", [{}, {"ignore_index": 3}, {"ignore_index": 30}, {"weight": True}])
def test_nll_loss_with_every_target_a_class_or_some_ignored_matches_torch(dtype, reduction, shape, options):
    # (targets all classes, none ignored: one host check and the gather alone; else the general path)
    x = rng.standard_normal(shape).astype(dtype)
    targets = rng.integers(0, 7, shape[:1] + shape[2:] if len(shape) > 1 else ())
    weight = (rng.random(7) + 0.5).astype(dtype)
    kwargs = {k: v for k, v in options.items() if k != "weight"}

    def fn(L, logp, t, w):
        out = L.nn.functional.nll_loss(logp, t, weight=w if options.get("weight") else None,
                                       reduction=reduction, **kwargs)
        return out, out.grad_fn.name()

    check(fn, x, targets, weight, requires_grad=[True, False, False], seed=13)


@pytest.mark.parametrize("reduction", ["mean", "sum"])
@pytest.mark.parametrize("shape", [(300, 7), (7,), (6, 7, 50), (2, 7, 3, 40)])
@pytest.mark.parametrize("options", [{}, {"ignore_index": 3}, {"weight": True}, {"weight": True, "ignore_index": 0}])
def test_a_float16_nll_loss_is_summed_in_torchs_cascade_bit_for_bit(reduction, shape, options):
    # PyTorch's CPU kernel adds float16 terms in float16, into a partial sum emptied into the next every 16
    # targets: a float32 sum rounded once is a few units in the last place away (-18.05 for its -18.03)
    x = (rng.standard_normal(shape) * 3).astype(np.float16)
    targets = rng.integers(0, 7, shape[:1] + shape[2:] if len(shape) > 1 else ())
    weight = rng.random(7).astype(np.float16)
    kwargs = {k: v for k, v in options.items() if k != "weight"}
    losses = [L.nn.functional.nll_loss(L.tensor(x), L.tensor(targets), weight=L.tensor(weight) if options.get("weight")
                                       else None, reduction=reduction, **kwargs).numpy() for L in (minigrad, torch)]
    assert losses[0].dtype == losses[1].dtype
    np.testing.assert_array_equal(losses[0], losses[1])  # (every target ignored: NaN, whatever its sign bit)


@pytest.mark.parametrize("name", ["softmax", "log_softmax"])
@pytest.mark.parametrize("shape, dim", [((300, 10), 1), ((64, 1000), -1), ((64, 10), 0), ((7, 33, 5), 1), ((5,), 0),
                                        ((), 0)], ids=str)
def test_float16_softmax_and_log_softmax_round_as_torchs_kernels_bit_for_bit(name, shape, dim):
    # PyTorch computes them in float32, but its last-dim log_softmax rounds the sum of exponentials and its
    # log to float16, and its other-dim softmax the exponentials (hundreds of ulps apart otherwise)
    x = (np.random.default_rng(7).standard_normal(shape) * 4).astype(np.float16)
    results = [getattr(L, name)(L.tensor(x), dim).numpy() for L in (minigrad, torch)]
    assert results[0].dtype == results[1].dtype
    mismatched = np.count_nonzero(results[0] != results[1])
    assert mismatched <= results[0].size // 5000  # (the float32 sums' order: an ulp, now and then)


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
@pytest.mark.parametrize("label_smoothing", [0.0, 0.15])
def test_a_float16_cross_entropy_is_torchs_bit_for_bit(reduction, label_smoothing):
    # its log_softmax as above, then nll_loss's cascade; label smoothing composed as PyTorch composes it
    rng_ = np.random.default_rng(11)
    x = (rng_.standard_normal((300, 17)) * 4).astype(np.float16)
    targets = rng_.integers(0, 17, 300)
    losses = [L.nn.functional.cross_entropy(L.tensor(x), L.tensor(targets), reduction=reduction,
                                            label_smoothing=label_smoothing).numpy() for L in (minigrad, torch)]
    assert losses[0].dtype == losses[1].dtype
    np.testing.assert_array_equal(losses[0], losses[1])


def value_and_gradient(fn, x, target):
    """fn(x, target) and the gradient of sum(fn(x, target) * r) as arrays (r a fixed random direction)."""
    t = minigrad.tensor(x, requires_grad=True)
    y = fn(t, minigrad.tensor(target))
    r = minigrad.tensor(np.random.default_rng(3).standard_normal(y.shape).astype(x.dtype))
    (g,) = minigrad.autograd.grad((y * r).sum(), t)
    return y.detach().numpy(), g.numpy()


def assert_bit_for_bit(got, expected):
    for a, b in zip(got, expected):
        assert a.dtype == b.dtype and a.shape == b.shape
        np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
@pytest.mark.parametrize("target_dtype", [np.int64, np.uint8])
def test_nll_loss_as_one_node_equals_its_gather_path_bit_for_bit(dtype, reduction, target_dtype):
    from minigrad.nn import _losses_classification as classification
    from minigrad.nn._checks import _reduce
    from minigrad.ops.class_losses import as_nll_loss

    def gather_path(x, t):  # the general path: a gather, a negation and a reduction
        return as_nll_loss(_reduce(-classification._picked(x, 1, t.long()), reduction), x, reduction)

    x = rng.standard_normal((37, 9)).astype(dtype)
    targets = rng.integers(0, 9, 37).astype(target_dtype)
    one_node = lambda x, t: minigrad.nn.functional.nll_loss(x, t, reduction=reduction)  # noqa: E731
    assert_bit_for_bit(value_and_gradient(one_node, x, targets), value_and_gradient(gather_path, x, targets))


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
@pytest.mark.parametrize("picked", [0.0, -0.0, "cancelling"])
def test_nll_loss_of_zero_sums_keeps_torchs_sign_of_zero(dtype, reduction, picked):
    """(the one-node nll_loss negates the reduced sum, not each term)"""
    t = np.array([0, 2, 1, 1, 0, 2])
    x = np.full((6, 3), 1.5, dtype)
    x[np.arange(6), t] = [1.0, -1.0, 2.5, -2.5, 0.0, -0.0] if picked == "cancelling" else picked
    ours = minigrad.nn.functional.nll_loss(minigrad.tensor(x), minigrad.tensor(t), reduction=reduction).numpy()
    theirs = torch.nn.functional.nll_loss(torch.tensor(x), torch.tensor(t), reduction=reduction).numpy()
    assert ours.tobytes() == theirs.tobytes()


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
@pytest.mark.parametrize("signs", ["positive", "mixed"])
def test_weighted_cross_entropy_as_one_node_equals_log_softmax_then_nll_loss_bit_for_bit(dtype, reduction, signs):
    F = minigrad.nn.functional
    x = (rng.standard_normal((37, 9)) * 3).astype(dtype)
    targets = rng.integers(0, 9, 37)
    weight = minigrad.tensor((rng.random(9) + 0.2 if signs == "positive" else rng.standard_normal(9)).astype(dtype))
    one_node = lambda x, t: F.cross_entropy(x, t, weight, reduction=reduction)  # noqa: E731
    composite = lambda x, t: F.nll_loss(F.log_softmax(x, 1), t, weight, reduction=reduction)  # noqa: E731
    assert_bit_for_bit(value_and_gradient(one_node, x, targets), value_and_gradient(composite, x, targets))


@pytest.mark.parametrize("name", ["cross_entropy", "nll_loss"])
@pytest.mark.parametrize("ignore_index", [-100, 2])
def test_class_losses_of_byte_targets_with_a_weight_match_torch(name, ignore_index):
    targets = (np.arange(40) % 7).astype(np.uint8)
    weight = rng.random(7) + 0.5
    check(lambda L, x, t, w: getattr(L.nn.functional, name)(x, t, w, ignore_index=ignore_index),
          rng.standard_normal((40, 7)), targets, weight, requires_grad=[True, False, False], seed=19)


@pytest.mark.parametrize("ignore_index", [-100, 3])
def test_nll_loss_gradient_under_create_graph_is_the_one_on_arrays(ignore_index):
    t = minigrad.tensor(np.arange(40) % 7)
    fn = lambda x: minigrad.nn.functional.nll_loss(x.log_softmax(1), t, ignore_index=ignore_index)  # noqa: E731
    on_arrays, recorded = recorded_and_array_gradients(fn, rng.standard_normal((40, 7)))
    np.testing.assert_allclose(on_arrays, recorded, rtol=1e-12, atol=1e-14)


def recorded_and_array_gradients(fn, x):
    """The gradient of sum(fn(x) * r) computed on arrays and, under create_graph, as recorded Tensor ops."""
    r = minigrad.tensor(rng.standard_normal(fn(minigrad.tensor(x)).shape))
    grads = []
    for create_graph in (False, True):
        t = minigrad.tensor(x, requires_grad=True)
        (g,) = minigrad.autograd.grad((fn(t) * r).sum(), t, create_graph=create_graph)
        grads.append(g.detach().numpy())
    return grads


@pytest.mark.parametrize("name, fn", [
    ("cross_entropy", lambda t: minigrad.nn.functional.cross_entropy(t, minigrad.tensor(np.arange(40) % 7),
                                                                     reduction="none")),
    ("cross_entropy_mean", lambda t: minigrad.nn.functional.cross_entropy(t, minigrad.tensor(np.arange(40) % 7))),
    ("cross_entropy_smoothed", lambda t: minigrad.nn.functional.cross_entropy(
        t, minigrad.tensor(np.arange(40) % 7), label_smoothing=0.2, reduction="none")),
    ("cross_entropy_weighted", lambda t: minigrad.nn.functional.cross_entropy(
        t, minigrad.tensor(np.arange(40) % 7), weight=minigrad.tensor(np.linspace(0.5, 2.0, 7)))),
    ("nll_loss", lambda t: minigrad.nn.functional.nll_loss(t, minigrad.tensor(np.arange(40) % 7), reduction="none")),
    ("log_softmax", lambda t: t.log_softmax(1)),
    ("log_softmax_dim0", lambda t: t.log_softmax(0)),
    ("layer_norm", lambda t: minigrad.nn.functional.layer_norm(t, (7,))),
    ("layer_norm_affine", lambda t: minigrad.nn.functional.layer_norm(t, (7,), t[0] * 2, t[1])),
    ("gelu", lambda t: minigrad.nn.functional.gelu(t)),
])
def test_gradient_read_from_forward_arrays_equals_the_recomputed_one(name, fn):
    x = rng.standard_normal((40, 7)) * 3
    on_arrays, recorded = recorded_and_array_gradients(fn, x)
    np.testing.assert_allclose(on_arrays, recorded, rtol=1e-12, atol=1e-14)


def test_float32_normal_cdf_agrees_with_the_erf_path_to_float32_accuracy():
    x = np.concatenate([np.linspace(-14, 14, 200001), [0.0, -0.0, 1e-30, -1e-30, 3e38, -3e38]]).astype(np.float32)
    fast, fast_density = normal_cdf(np, x)
    general, general_density = normal_cdf(np, x.astype(np.float64))
    assert fast.dtype == fast_density.dtype == np.float32
    # a few ulps of 1 where Phi >= 1/2; relative error below 1e-5 in the lower tail (2e-6 down to 1e-6)
    np.testing.assert_allclose(fast, general, rtol=1e-5, atol=3e-7)
    np.testing.assert_allclose(fast[general >= 1e-6], general[general >= 1e-6], rtol=2e-6)
    # exp(-x^2 / 2): float32's rounding of x^2 grows with it (4e-6 relative at x^2 / 2 = 75)
    np.testing.assert_allclose(fast_density, general_density, rtol=1e-5, atol=1e-38)


def test_float32_normal_cdf_keeps_infinities_and_nan():
    phi, density = normal_cdf(np, np.array([np.inf, -np.inf, np.nan, 0.0], np.float32))
    np.testing.assert_array_equal(phi[[0, 1, 3]], [1.0, 0.0, 0.5])
    np.testing.assert_array_equal(density[[0, 1, 3]], [0.0, 0.0, 1.0])
    assert np.isnan(phi[2]) and np.isnan(density[2])


def test_erfc_polynomial_is_within_its_stated_accuracy_of_scipy():
    from scipy.special import erfcx
    from minigrad.kernels.special.error import _ERFC_POLY, _ERFC_T_SCALE

    z = np.linspace(0, 10, 100001)
    t = 1 / (1 + _ERFC_T_SCALE * z)
    approx = np.polyval(_ERFC_POLY, t) * t  # = erfc(z) exp(z^2)
    np.testing.assert_allclose(approx, erfcx(z), rtol=1e-8)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_gelu_on_extreme_and_ordinary_values_matches_torch(dtype):
    x = np.concatenate([np.linspace(-12, 12, 241), [0.0, -0.0, 1e-30, -1e-30, -1e4, 1e4]]).astype(dtype)
    check(lambda L, t: L.nn.functional.gelu(t), x, seed=5)


@pytest.mark.parametrize("options", [{}, {"label_smoothing": 0.1}])
def test_cross_entropy_node_is_pytorchs(options):
    x, t = np.zeros((3, 4)), np.array([0, 1, 3])
    names = [L.nn.functional.cross_entropy(L.tensor(x, requires_grad=True), L.tensor(t), **options).grad_fn.name()
             for L in (minigrad, torch)]
    assert names[0] == names[1]


def test_gelu_node_is_pytorchs():
    x = minigrad.tensor([1.0, -2.0], requires_grad=True)
    expected = torch.nn.functional.gelu(torch.tensor([1.0], requires_grad=True)).grad_fn.name()
    assert minigrad.nn.functional.gelu(x).grad_fn.name() == expected
