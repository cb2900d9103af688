"""Inference tensors, as PyTorch's: what is made inside ``inference_mode()`` (op results, factories,
views of inference tensors) is one; tensors made outside, their views and in-place changes made
inside, and what is made under ``inference_mode(False)`` or ``no_grad`` are not."""
import threading

import pytest
import torch

import minigrad

LIBS = [minigrad, torch]
IDS = ["minigrad", "torch"]


@pytest.mark.parametrize("L", LIBS, ids=IDS)
def test_results_and_factories_inside_inference_mode_are_inference_tensors(L):
    a = L.ones(3)
    with L.inference_mode():
        made = [L.ones(3), a * 2, L.tensor([1.0]), a.sum(), L.cat([a, a]), L.stack([a, a]), a.clone()]
    assert [t.is_inference() for t in made] == [True] * len(made)
    assert all(L.is_inference(t) for t in made)


@pytest.mark.parametrize("L", LIBS, ids=IDS)
def test_views_follow_their_base(L):
    a = L.ones(3)
    with L.inference_mode():
        b = L.ones(3)
        views = [a[1:], a.view(3), a.detach(), b[1:], b.view(3), b.detach()]
    assert [t.is_inference() for t in views] == [False, False, False, True, True, True]


@pytest.mark.parametrize("L", LIBS, ids=IDS)
def test_in_place_changes_inside_inference_mode_keep_a_normal_tensor_normal(L):
    a = L.ones(3)
    with L.inference_mode():
        a.add_(1)
    assert not a.is_inference() and a.tolist() == [2.0, 2.0, 2.0]


@pytest.mark.parametrize("L", LIBS, ids=IDS)
def test_tensors_made_outside_or_under_inference_mode_false_or_no_grad_are_normal(L):
    with L.inference_mode():
        inner = L.ones(2)
        with L.inference_mode(False):
            off = [L.ones(2), inner * 2]
    with L.no_grad():
        off.append(L.ones(2))
    off += [L.ones(2), inner.clone()]
    assert [t.is_inference() for t in off] == [False] * len(off)


@pytest.mark.parametrize("L", LIBS, ids=IDS)
def test_inference_mode_as_a_decorator_makes_inference_tensors(L):
    @L.inference_mode()
    def predict(x):
        return x * 2

    assert predict(L.ones(2)).is_inference()


@pytest.mark.parametrize("L", LIBS, ids=IDS)
def test_an_inference_tensor_has_no_version_counter(L):
    with L.inference_mode():
        b = L.ones(2)
    with pytest.raises(RuntimeError, match="Inference tensors do not track version counter"):
        b._version


@pytest.mark.parametrize("L", LIBS, ids=IDS)
def test_inference_mode_is_per_thread(L):
    entered, release, made = threading.Event(), threading.Event(), []

    def infer():
        with L.inference_mode():
            entered.set()
            release.wait(10)

    worker = threading.Thread(target=infer)
    worker.start()
    entered.wait(10)
    made.append(L.ones(2))  # this thread is not in inference mode
    release.set()
    worker.join()
    assert not made[0].is_inference()


def _inference_ones(L):
    with L.inference_mode():
        return L.ones(3)


_UPDATES = {"add_": lambda L, x: x.add_(1), "iadd": lambda L, x: x.__iadd__(1), "setitem": lambda L, x: x.__setitem__(0, 5.0),
            "zero_": lambda L, x: x.zero_(), "fill_": lambda L, x: x.fill_(2), "copy_": lambda L, x: x.copy_(L.zeros(3)),
            "exp_": lambda L, x: x.exp_(), "clamp_": lambda L, x: x.clamp_(0, 1), "uniform_": lambda L, x: x.uniform_(),
            "relu_": lambda L, x: L.relu_(x), "view": lambda L, x: x[1:].add_(1), "init": lambda L, x: L.nn.init.zeros_(x),
            "masked_fill_": lambda L, x: x.masked_fill_(x > 0, 1.0), "scatter_": lambda L, x: x.scatter_(0, L.tensor([0]), 2.0),
            "_foreach_add_": lambda L, x: L._foreach_add_([x], [L.ones(3)], alpha=-0.1)}


@pytest.mark.parametrize("update", _UPDATES.values(), ids=_UPDATES.keys())
@pytest.mark.parametrize("L", LIBS, ids=IDS)
def test_an_in_place_update_of_an_inference_tensor_outside_the_mode_raises(L, update):
    x = _inference_ones(L)
    with pytest.raises(RuntimeError, match="Inplace update to inference tensor outside InferenceMode is not allowed"):
        update(L, x)


def test_the_refused_update_says_what_pytorchs_says():
    messages = []
    for L in LIBS:
        with pytest.raises(RuntimeError) as raised:
            _inference_ones(L).add_(1)
        messages.append(str(raised.value))
    assert messages[0] == messages[1]


@pytest.mark.parametrize("update", _UPDATES.values(), ids=_UPDATES.keys())
def test_a_refused_update_writes_nothing(update):
    x = _inference_ones(minigrad)
    with pytest.raises(RuntimeError):
        update(minigrad, x)
    assert x.tolist() == [1.0, 1.0, 1.0]


@pytest.mark.parametrize("L", LIBS, ids=IDS)
def test_an_inference_tensor_is_updated_in_place_inside_the_mode_or_through_data(L):
    x = _inference_ones(L)
    with L.inference_mode():
        x.add_(1)
    x.data.mul_(2)
    assert x.tolist() == [4.0, 4.0, 4.0]


_SAVING = {"mul": lambda L, x, p: x * p, "exp-then-mul": lambda L, x, p: (p * 2).exp() * x, "matmul": lambda L, x, p: x @ p,
           "linear": lambda L, x, p: L.nn.functional.linear(x[None], p[None]),
           "mse_loss": lambda L, x, p: L.nn.functional.mse_loss(p, x)}


@pytest.mark.parametrize("op", _SAVING.values(), ids=_SAVING.keys())
@pytest.mark.parametrize("L", LIBS, ids=IDS)
def test_an_inference_tensor_saved_for_backward_raises(L, op):
    x, p = _inference_ones(L), L.ones(3, requires_grad=True)
    with pytest.raises(RuntimeError, match="Inference tensors cannot be saved for backward"):
        op(L, x, p)


@pytest.mark.parametrize("L", LIBS, ids=IDS)
def test_an_inference_tensor_not_saved_or_outside_the_graph_is_used_freely(L):
    x, p = _inference_ones(L), L.ones(3, requires_grad=True)
    (x + p).sum().backward()
    with L.no_grad():
        assert (x * p).tolist() == [1.0, 1.0, 1.0]
    assert (x * L.ones(3)).tolist() == [1.0, 1.0, 1.0]
    assert p.grad.tolist() == [1.0, 1.0, 1.0]


@pytest.mark.parametrize("L", LIBS, ids=IDS)
def test_a_user_function_saving_an_inference_tensor_raises(L):
    class Mul(L.autograd.Function):
        @staticmethod
        def forward(ctx, a, b):
            ctx.save_for_backward(a, b)
            return a * b

        @staticmethod
        def backward(ctx, g):
            a, b = ctx.saved_tensors
            return g * b, g * a
    x = _inference_ones(L)
    with pytest.raises(RuntimeError, match="Inference tensors cannot be saved for backward"):
        Mul.apply(x, L.ones(3, requires_grad=True))
    assert Mul.apply(x, L.ones(3)).tolist() == [1.0, 1.0, 1.0]


@pytest.mark.parametrize("L", LIBS, ids=IDS)
def test_an_inference_tensor_cannot_require_grad_outside_the_mode(L):
    x = _inference_ones(L)
    with pytest.raises(RuntimeError, match="Setting requires_grad=True on inference tensor outside InferenceMode"):
        x.requires_grad_()
    x.requires_grad_(False)
    with L.inference_mode():
        x.requires_grad_()
    assert x.requires_grad


@pytest.mark.parametrize("L", LIBS, ids=IDS)
@pytest.mark.parametrize("turn_on", ["enable_grad", "set_grad_enabled"])
def test_grad_mode_turned_on_inside_inference_mode_records_no_graph(L, turn_on):
    w = L.ones(3, requires_grad=True)
    with L.inference_mode():
        with (L.enable_grad() if turn_on == "enable_grad" else L.set_grad_enabled(True)):
            y = w * 2
            assert L.is_grad_enabled() and L.is_inference_mode_enabled()
        assert not L.is_grad_enabled()
    assert not y.requires_grad and y.grad_fn is None and y.is_inference()
    assert L.is_grad_enabled() and (w * 2).requires_grad


@pytest.mark.parametrize("L", LIBS, ids=IDS)
def test_grad_mode_on_before_inference_mode_is_off_inside_and_back_after(L):
    with L.enable_grad():
        with L.inference_mode():
            assert not L.is_grad_enabled()
            with L.inference_mode(False):
                assert L.is_grad_enabled() and (L.ones(1, requires_grad=True) * 2).requires_grad
            with L.no_grad():
                assert not L.is_grad_enabled()
            assert not L.is_grad_enabled()
        assert L.is_grad_enabled()
