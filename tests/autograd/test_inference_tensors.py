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
