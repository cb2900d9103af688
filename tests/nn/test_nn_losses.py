"""Losses against PyTorch: values and gradients (input and target), every reduction, edge values, errors."""
import warnings

import numpy as np
import pytest
import torch
from hypothesis import given, strategies as st

import minigrad
import minigrad.nn as nn
import minigrad.nn.functional as F

TF = torch.nn.functional
REDUCTIONS = ["mean", "sum", "none"]
TOL = {"float64": dict(rtol=1e-7, atol=1e-12), "float32": dict(rtol=1e-5, atol=1e-6)}


def run(fn_name, arrays, requires_grad, dtype="float64", seed=0, **kwargs):
    """Call the loss on both libraries; compare output and every requested gradient."""
    results = []
    rng = np.random.default_rng(seed)
    upstream = None
    for L, Fn in ((minigrad, F), (torch, TF)):
        ts = [L.tensor(a, requires_grad=bool(rg)) if isinstance(a, np.ndarray) else a
              for a, rg in zip(arrays, requires_grad)]
        out = getattr(Fn, fn_name)(*ts, **kwargs)
        if upstream is None:
            upstream = rng.standard_normal(tuple(out.shape)).astype(dtype)
        if any(requires_grad):
            out.backward(L.tensor(upstream))
        results.append((out.detach().numpy(), [t.grad.numpy() if rg else None for t, rg in zip(ts, requires_grad)]))
    (mo, mg), (to, tg) = results
    scale = max(1.0, float(np.abs(to).max(initial=0)))
    np.testing.assert_allclose(mo, to, rtol=TOL[dtype]["rtol"], atol=TOL[dtype]["atol"] * scale)
    assert mo.dtype == to.dtype
    for i, (a, b) in enumerate(zip(mg, tg)):
        if b is not None:
            s = max(1.0, float(np.abs(b).max(initial=0)))
            np.testing.assert_allclose(a, b, rtol=TOL[dtype]["rtol"], atol=TOL[dtype]["atol"] * s,
                                       err_msg=f"gradient of argument {i}")


shapes = st.lists(st.integers(1, 5), min_size=1, max_size=3).map(tuple)


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("dtype", ["float64", "float32"])
@pytest.mark.parametrize("name", ["mse_loss", "l1_loss", "huber_loss"])
@given(shape=shapes, seed=st.integers(0, 10 ** 6))
def test_regression_losses_match_pytorch(name, dtype, reduction, shape, seed):
    rng = np.random.default_rng(seed)
    x, y = rng.standard_normal(shape).astype(dtype), rng.standard_normal(shape).astype(dtype)
    kwargs = {"delta": 0.7} if name == "huber_loss" else {}
    run(name, [x, y], [1, 1], dtype, seed, reduction=reduction, **kwargs)


@pytest.mark.filterwarnings("ignore:Using a target size")
@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("name", ["mse_loss", "l1_loss", "huber_loss", "smooth_l1_loss"])
@pytest.mark.parametrize("shapes", [((3, 1), (4,)), ((3, 4), (4,)), ((4,), (3, 4)), ((1, 4), (3, 1))])
def test_regression_losses_of_broadcasting_input_and_target_sum_their_gradients_as_pytorch(name, reduction, shapes):
    rng = np.random.default_rng(0)
    x, y = (rng.standard_normal(shape) for shape in shapes)
    run(name, [x, y], [1, 1], reduction=reduction)


def test_huber_loss_at_delta_boundary_and_zero():
    x = np.array([0.0, 1.0, -1.0, 2.0, 0.5])
    run("huber_loss", [x, np.zeros(5)], [1, 1], reduction="none", delta=1.0)
    run("l1_loss", [x, np.zeros(5)], [1, 1], reduction="none")


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("dtype", ["float64", "float32"])
@given(shape=shapes, seed=st.integers(0, 10 ** 6), weighted=st.booleans())
def test_binary_cross_entropy_matches_pytorch(dtype, reduction, shape, seed, weighted):
    rng = np.random.default_rng(seed)
    p = rng.uniform(0.01, 0.99, shape).astype(dtype)
    t = rng.random(shape).astype(dtype)
    w = rng.random(shape[-1:]).astype(dtype) if weighted else None
    outs = []
    for L, Fn in ((minigrad, F), (torch, TF)):
        pt, tt = L.tensor(p, requires_grad=True), L.tensor(t, requires_grad=True)
        out = Fn.binary_cross_entropy(pt, tt, weight=None if w is None else L.tensor(w), reduction=reduction)
        out.backward(L.ones_like(out))
        outs.append((out.detach().numpy(), pt.grad.numpy(), tt.grad.numpy()))
    for a, b in zip(*outs):
        np.testing.assert_allclose(a, b, rtol=TOL[dtype]["rtol"], atol=TOL[dtype]["atol"] * max(1, np.abs(b).max()))


def test_binary_cross_entropy_clamps_log_at_minus_100_like_pytorch():
    p = np.array([0.0, 1.0, 1e-300, 1 - 1e-16, 0.5])
    t = np.array([1.0, 0.0, 1.0, 0.0, 1.0])
    run("binary_cross_entropy", [p, t], [1, 0], reduction="none")


@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_binary_cross_entropy_target_gradient_is_the_unclamped_minus_logit_as_pytorch(dtype):
    # PyTorch's target gradient is -logit(input): +-inf at 0 and 1, beyond the forward's clamp at -100
    p = np.array([0.0, 1.0, 0.0, 1.0, 1e-300, 1e-50, 1 - 1e-16, 0.3]).astype(dtype)
    t = np.array([0.0, 1.0, 1.0, 0.0, 0.5, 0.5, 0.5, 0.2]).astype(dtype)
    for reduction in REDUCTIONS:
        run("binary_cross_entropy", [p, t], [1, 1], dtype=dtype, reduction=reduction)


@pytest.mark.parametrize("grad_enabled", [True, False])
def test_binary_cross_entropy_refuses_a_weight_that_requires_grad_as_pytorch(grad_enabled):
    outcomes = []
    for L in (minigrad, torch):
        weight = L.ones(2, requires_grad=True)
        with L.set_grad_enabled(grad_enabled):
            try:
                L.nn.functional.binary_cross_entropy(L.tensor([0.25, 0.5]), L.tensor([0.0, 1.0]), weight)
                outcomes.append(None)
            except RuntimeError as e:
                outcomes.append("not differentiable with respect to argument 'weight'" in str(e))
    assert outcomes[0] == outcomes[1] == (True if grad_enabled else None)


def test_binary_cross_entropy_rejects_out_of_range_and_mismatched_shapes():
    with pytest.raises(RuntimeError, match="between 0 and 1"):
        F.binary_cross_entropy(minigrad.tensor([1.5]), minigrad.tensor([1.0]))
    with pytest.raises(ValueError, match="target size"):
        F.binary_cross_entropy(minigrad.tensor([[0.5], [0.5]]), minigrad.tensor([1.0, 0.0]))


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("dtype", ["float64", "float32"])
@given(shape=shapes, seed=st.integers(0, 10 ** 6), use_pw=st.booleans(), weighted=st.booleans(),
       scale=st.sampled_from([1.0, 30.0, 500.0]))
def test_bce_with_logits_matches_pytorch_including_large_logits(dtype, reduction, shape, seed, use_pw, weighted,
                                                                 scale):
    rng = np.random.default_rng(seed)
    x = (rng.standard_normal(shape) * scale).astype(dtype)
    t = rng.random(shape).astype(dtype)
    pw = rng.uniform(0.2, 3.0, shape[-1:]).astype(dtype) if use_pw else None
    w = rng.random(shape[-1:]).astype(dtype) if weighted else None
    outs = []
    for L, Fn in ((minigrad, F), (torch, TF)):
        xt, tt = L.tensor(x, requires_grad=True), L.tensor(t, requires_grad=True)
        out = Fn.binary_cross_entropy_with_logits(xt, tt, weight=None if w is None else L.tensor(w),
                                                  pos_weight=None if pw is None else L.tensor(pw),
                                                  reduction=reduction)
        out.backward(L.ones_like(out))
        outs.append((out.detach().numpy(), xt.grad.numpy(), tt.grad.numpy()))
    for what, a, b in zip(("loss", "input grad", "target grad"), *outs):
        assert np.isfinite(a).all(), what
        np.testing.assert_allclose(a, b, rtol=TOL[dtype]["rtol"], atol=TOL[dtype]["atol"] * max(1, np.abs(b).max()),
                                   err_msg=what)


@pytest.mark.parametrize("input_dtype, target_dtype", [("float32", "int64"), ("float32", "bool"), ("int64", "float32")])
def test_bce_with_logits_rejects_an_integer_target_or_input_with_pytorchs_error_type(input_dtype, target_dtype):
    errors = []
    for L in (torch, minigrad):
        x = L.full((3,), 0.5).to(getattr(L, input_dtype))
        y = L.tensor([1, 0, 1]).to(getattr(L, target_dtype))
        with pytest.raises(RuntimeError) as exc:  # NotImplementedError is a RuntimeError
            L.nn.functional.binary_cross_entropy_with_logits(x, y)
        errors.append(type(exc.value))
    assert errors[0] is errors[1]


@pytest.mark.parametrize("input_dtype, target_dtype", [("float64", "float32"), ("float32", "float64")])
def test_bce_with_logits_gives_the_targets_dtype_as_pytorch(input_dtype, target_dtype):
    rng = np.random.default_rng(0)
    x, y = rng.normal(size=5).astype(input_dtype), rng.uniform(size=5).astype(target_dtype)
    t = torch.nn.functional.binary_cross_entropy_with_logits(torch.tensor(x), torch.tensor(y))
    m = F.binary_cross_entropy_with_logits(minigrad.tensor(x), minigrad.tensor(y))
    assert str(m.dtype) == str(t.dtype)
    np.testing.assert_allclose(m.item(), t.item(), rtol=1e-6)


def test_bce_with_logits_module_with_pos_weight():
    pw = np.array([2.0, 0.5])
    x = np.array([[1000.0, -1000.0], [0.3, -0.2]])
    t = np.array([[1.0, 0.0], [0.0, 1.0]])
    mine = nn.BCEWithLogitsLoss(pos_weight=minigrad.tensor(pw))(minigrad.tensor(x), minigrad.tensor(t))
    theirs = torch.nn.BCEWithLogitsLoss(pos_weight=torch.tensor(pw))(torch.tensor(x), torch.tensor(t))
    np.testing.assert_allclose(mine.item(), theirs.item(), rtol=1e-12)


def class_targets(rng, n, c, extra=(), ignore=False):
    t = rng.integers(0, c, (n, *extra))
    if ignore and t.size:
        t.reshape(-1)[0] = -100
    return t


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("dtype", ["float64", "float32"])
@given(n=st.integers(1, 6), c=st.integers(1, 6), extra=st.sampled_from([(), (3,), (2, 2)]),
       seed=st.integers(0, 10 ** 6), weighted=st.booleans(), ignore=st.booleans(),
       smoothing=st.sampled_from([0.0, 0.1]))
def test_cross_entropy_matches_pytorch(dtype, reduction, n, c, extra, seed, weighted, ignore, smoothing):
    rng = np.random.default_rng(seed)
    x = (rng.standard_normal((n, c, *extra)) * 5).astype(dtype)
    t = class_targets(rng, n, c, extra, ignore)
    w = rng.random(c).astype(dtype) + 0.1 if weighted else None
    outs = []
    for L, Fn in ((minigrad, F), (torch, TF)):
        xt = L.tensor(x, requires_grad=True)
        out = Fn.cross_entropy(xt, L.tensor(t), weight=None if w is None else L.tensor(w), reduction=reduction,
                               label_smoothing=smoothing)
        out.backward(L.ones_like(out))
        outs.append((out.detach().numpy(), xt.grad.numpy()))
    for what, a, b in zip(("loss", "grad"), *outs):
        np.testing.assert_allclose(a, b, rtol=TOL[dtype]["rtol"], atol=TOL[dtype]["atol"] * max(1, np.abs(b).max()),
                                   err_msg=what)


@pytest.mark.parametrize("reduction", REDUCTIONS)
@given(n=st.integers(1, 6), c=st.integers(1, 6), seed=st.integers(0, 10 ** 6), weighted=st.booleans(),
       ignore=st.booleans())
def test_nll_loss_matches_pytorch(reduction, n, c, seed, weighted, ignore):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((n, c))
    t = class_targets(rng, n, c, (), ignore)
    w = rng.random(c) + 0.1 if weighted else None
    outs = []
    for L, Fn in ((minigrad, F), (torch, TF)):
        xt = L.tensor(x, requires_grad=True)
        out = Fn.nll_loss(xt, L.tensor(t), weight=None if w is None else L.tensor(w), reduction=reduction)
        out.backward(L.ones_like(out))
        outs.append((out.detach().numpy(), xt.grad.numpy()))
    for a, b in zip(*outs):
        np.testing.assert_allclose(a, b, rtol=1e-7, atol=1e-12)


@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_cross_entropy_ignore_index_inside_class_range(reduction):
    x = np.random.default_rng(5).standard_normal((6, 4))
    run("cross_entropy", [x, np.array([0, 1, 2, 1, 3, 1])], [1, 0], reduction=reduction, ignore_index=1)
    run("cross_entropy", [x, np.array([0, 0, 2, 2, 3, 3])], [1, 0], reduction=reduction, ignore_index=1)


def test_cross_entropy_with_probability_targets_matches_pytorch():
    rng = np.random.default_rng(3)
    x = rng.standard_normal((4, 5))
    p = rng.random((4, 5))
    p /= p.sum(1, keepdims=True)
    run("cross_entropy", [x, p], [1, 1], reduction="mean")


def test_cross_entropy_is_stable_for_huge_logits():
    x = np.array([[1e4, -1e4, 0.0], [-5e3, 5e3, 1.0]])
    run("cross_entropy", [x, np.array([1, 1])], [1, 0])


def test_cross_entropy_unbatched_input():
    run("cross_entropy", [np.array([0.2, 1.5, -0.3]), np.array(1)], [1, 0])


def test_class_losses_reject_bad_targets_like_pytorch():
    x = minigrad.randn(3, 4)
    with pytest.raises(IndexError, match="out of bounds"):
        F.cross_entropy(x, minigrad.tensor([0, 4, 1]))
    with pytest.raises(ValueError, match="batch_size"):
        F.cross_entropy(x, minigrad.tensor([0, 1]))
    with pytest.raises(RuntimeError):
        F.nll_loss(x, minigrad.tensor([0.0, 1.0, 2.0]))


@pytest.mark.parametrize("targets", [[0, 3, 1], [3], [4], [0, -1], [-100, 2], [2 ** 63 - 1], [-2 ** 63], [9, 0, 9],
                                     3, 5, [[0, 1], [2, 3]], [[0, 1], [7, 3]]])
@pytest.mark.parametrize("dtype", ["int64", "uint8"])
@pytest.mark.parametrize("ignore_index", [-100, 1, 200])
def test_the_one_host_check_of_class_targets_finds_what_the_comparisons_find(targets, dtype, ignore_index):
    from minigrad.nn._losses_classification import _all_classes
    t = np.array(targets)
    if dtype == "uint8" and not ((0 <= t) & (t < 256)).all():
        return
    classes = 4
    expected = all(0 <= v < classes and v != ignore_index for v in t.reshape(-1).tolist())
    t = t.astype(dtype)
    assert _all_classes(t, classes, ignore_index) is expected


_TARGET_SHAPE_CASES = {
    "2-d input, (N, 1) target": ((2, 3), (2, 1), "int64"),
    "2-d input, (N, C) float target": ((2, 3), (2, 3), "float32"),
    "1-d input, 2-d target": ((3,), (1, 1), "int64"),
    "1-d input, 1-d target of 2": ((3,), (2,), "int64"),
    "3-d input, short target": ((2, 3, 4), (2,), "int64"),
    "3-d input, extra target dim": ((2, 3, 4), (2, 4, 1), "int64"),
    "4-d input, 2-d target": ((2, 3, 4, 5), (2, 4), "int64"),
    "4-d input, wrong spatial size": ((2, 3, 4, 5), (2, 4, 4), "int64"),
    "5-d input, short target": ((2, 3, 4, 5, 6), (2, 4, 5), "int64"),
    "batch mismatch": ((2, 3), (3, 1), "int64"),
}


@pytest.mark.parametrize("loss", ["nll_loss", "cross_entropy"])
@pytest.mark.parametrize("case", sorted(_TARGET_SHAPE_CASES))
def test_class_losses_reject_target_shapes_with_pytorchs_error_and_message(loss, case):
    in_shape, t_shape, t_dtype = _TARGET_SHAPE_CASES[case]
    errors = []
    for lib in (torch, minigrad):
        try:
            getattr(lib.nn.functional, loss)(lib.ones(in_shape), lib.zeros(t_shape, dtype=getattr(lib, t_dtype)))
        except (RuntimeError, ValueError) as e:
            errors.append((type(e), str(e)))
    # (cross_entropy reads a float target shaped as the input as probabilities: no error in either)
    assert errors == [] if (loss, case) == ("cross_entropy", "2-d input, (N, C) float target") else \
        len(errors) == 2 and errors[0] == errors[1]


@pytest.mark.parametrize("loss", ["nll_loss", "cross_entropy"])
@pytest.mark.parametrize("reduction", ["none", "mean"])
def test_a_one_element_target_of_a_1d_input_is_read_as_its_class_index_as_pytorch(loss, reduction):
    got = getattr(F, loss)(minigrad.tensor([1.0, 2.0, 3.0]), minigrad.tensor([2]), reduction=reduction)
    want = getattr(torch.nn.functional, loss)(torch.tensor([1.0, 2.0, 3.0]), torch.tensor([2]), reduction=reduction)
    assert tuple(got.shape) == tuple(want.shape) and np.allclose(got.numpy(), want.numpy())


def test_cross_entropy_with_an_integer_target_shaped_as_the_input_asks_for_probabilities_as_pytorch():
    with pytest.raises(RuntimeError, match="Expected floating point type for target with class probabilities, got Long"):
        F.cross_entropy(minigrad.ones(2, 3), minigrad.zeros(2, 3, dtype=minigrad.int64))


def test_invalid_reduction_raises_value_error():
    with pytest.raises(ValueError, match="not a valid value for reduction"):
        F.mse_loss(minigrad.zeros(2), minigrad.zeros(2), reduction="avg")


def test_mse_loss_warns_on_broadcasting_target():
    with warnings.catch_warnings(record=True) as rec:
        warnings.simplefilter("always")
        F.mse_loss(minigrad.zeros(3, 1), minigrad.zeros(3))
    assert any("target size" in str(w.message) for w in rec)


@pytest.mark.parametrize("cls,kwargs", [("MSELoss", {}), ("L1Loss", {}), ("HuberLoss", {"delta": 2.0}),
                                        ("SmoothL1Loss", {"beta": 0.5})])
def test_loss_modules_match_functional(cls, kwargs):
    rng = np.random.default_rng(0)
    x, y = rng.standard_normal((3, 4)), rng.standard_normal((3, 4)) * 3
    for red in REDUCTIONS:
        mine = getattr(nn, cls)(reduction=red, **kwargs)(minigrad.tensor(x), minigrad.tensor(y))
        theirs = getattr(torch.nn, cls)(reduction=red, **kwargs)(torch.tensor(x), torch.tensor(y))
        np.testing.assert_allclose(mine.numpy(), theirs.numpy(), rtol=1e-12)


def test_loss_second_order_gradients_match_pytorch():
    rng = np.random.default_rng(0)
    x, t = rng.standard_normal((3, 4)), rng.integers(0, 4, 3)
    grads = []
    for L, Fn in ((minigrad, F), (torch, TF)):
        xt = L.tensor(x, requires_grad=True)
        loss = Fn.cross_entropy(xt, L.tensor(t)) + Fn.binary_cross_entropy_with_logits(xt, L.tensor(x > 0).to(xt.dtype))
        g, = L.autograd.grad(loss, xt, create_graph=True)
        (g ** 2).sum().backward()
        grads.append(xt.grad.numpy())
    np.testing.assert_allclose(grads[0], grads[1], rtol=1e-7, atol=1e-12)


@pytest.mark.parametrize("name,kwargs", [("mse_loss", {}), ("l1_loss", {}), ("huber_loss", {"delta": 0.8}),
                                         ("smooth_l1_loss", {"beta": 0.5})])
@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_regression_loss_second_order_gradients_match_pytorch(name, kwargs, reduction):
    rng = np.random.default_rng(1)
    x, y = rng.standard_normal((3, 4)), rng.standard_normal((3, 4))
    results = []
    for L, Fn in ((minigrad, F), (torch, TF)):
        xt, yt = L.tensor(x, requires_grad=True), L.tensor(y, requires_grad=True)
        loss = getattr(Fn, name)(xt.tanh(), yt, reduction=reduction, **kwargs).sum()
        gx, gy = L.autograd.grad(loss, (xt, yt), create_graph=True)
        ((gx ** 2).sum() + (gx * gy).sum()).backward()
        results.append((xt.grad.numpy(), yt.grad.numpy()))
    for a, b in zip(*results):
        np.testing.assert_allclose(a, b, rtol=1e-7, atol=1e-12)


@pytest.mark.parametrize("make", [lambda L: L.nn.functional.mse_loss(L.zeros(2), L.ones(2), size_average=False),
                                  lambda L: L.nn.functional.l1_loss(L.zeros(2), L.ones(2), reduce=False),
                                  lambda L: L.nn.functional.cross_entropy(L.zeros(2, 3), L.tensor([0, 1]), reduce=False),
                                  lambda L: L.nn.MSELoss(size_average=False),
                                  lambda L: L.nn.NLLLoss(reduce=True, size_average=True),
                                  lambda L: L.nn.functional.kl_div(L.zeros(2), L.ones(2), reduce=False),
                                  lambda L: L.nn.functional.soft_margin_loss(L.zeros(2), L.ones(2), size_average=False)])
def test_legacy_size_average_and_reduce_warn_once_as_torch(make):
    messages = []
    for lib in (minigrad, torch):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            make(lib)
        messages.append([str(w.message) for w in caught])
    assert messages[0] == messages[1] and len(messages[0]) == 1


@pytest.mark.parametrize("name", ["softmax", "log_softmax", "softmin"])
def test_an_implicit_softmax_dim_warns_naming_the_function_as_torch(name):
    messages = []
    for lib in (minigrad, torch):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            getattr(lib.nn.functional, name)(lib.zeros(2, 3))
        messages.append([str(w.message) for w in caught])
    assert messages[0] == messages[1] and len(messages[0]) == 1


BOTH = pytest.mark.parametrize("L", [minigrad, torch], ids=["minigrad", "torch"])


@BOTH
@pytest.mark.parametrize("call", ["function", "module", "with label smoothing", "with weight", "3-d input"])
def test_cross_entropy_with_swapped_arguments_fails_in_log_softmax_as_torch(L, call):
    """Class indices given as the input (and scores as the target): PyTorch's log-softmax refuses the
    integer input first, before any check of the target."""
    logits, classes = L.randn(4, 3), L.tensor([0, 2, 1, 0])
    forms = {
        "function": lambda: L.nn.functional.cross_entropy(classes, logits),
        "module": lambda: L.nn.CrossEntropyLoss()(classes, logits),
        "with label smoothing": lambda: L.nn.functional.cross_entropy(classes, logits, label_smoothing=0.1),
        "with weight": lambda: L.nn.CrossEntropyLoss(weight=L.ones(3))(classes, logits),
        "3-d input": lambda: L.nn.functional.cross_entropy(L.ones(4, 3, 2, dtype=L.int64), L.rand(4, 2)),
    }
    with pytest.raises(NotImplementedError, match=r"log_softmax.*not implemented for 'Long'"):
        forms[call]()


@BOTH
@pytest.mark.parametrize("argument, position, value, expected", [("swap", 7, "yes", "bool"), ("swap", 7, 1, "bool"),
                                                                 ("p", 5, "a", "float")])
def test_triplet_margin_loss_with_an_argument_of_the_wrong_type_is_torchs_type_error(L, argument, position, value,
                                                                                       expected):
    x = L.randn(2, 3)
    with pytest.raises(TypeError, match=f"triplet_margin_loss\\(\\): argument '{argument}' \\(position {position}\\) "
                                        f"must be {expected}"):
        L.nn.functional.triplet_margin_loss(x, x, x, **{argument: value})
