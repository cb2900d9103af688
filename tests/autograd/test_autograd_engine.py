"""The backward engine against PyTorch's: deep graphs without recursion,
graph freeing and retain_graph, gradient accumulation, grad modes,
autograd.grad, hooks, retain_grad, the version counter, memory."""
import gc
import sys
import tracemalloc

import numpy as np
import pytest
import torch

import minigrad
from minigrad import autograd


def test_backward_through_a_100000_op_chain_with_default_recursion_limit():
    assert sys.getrecursionlimit() <= 10000
    x = minigrad.tensor(1.0, requires_grad=True)
    y = x
    for _ in range(100_000):
        y = y * 1.0
    y.backward()
    assert x.grad.item() == 1.0
    del y
    gc.collect()


def test_grad_accumulates_across_backward_calls():
    for L in (minigrad, torch):
        x = L.tensor([1.0, 2.0], requires_grad=True)
        (x * 3).sum().backward()
        (x * x).sum().backward()
        assert x.grad.tolist() == [5.0, 7.0]


def test_diamond_graph_sums_gradients_per_node():
    for L in (minigrad, torch):
        x = L.tensor(2.0, requires_grad=True)
        a = x * 3
        b = a * a + a.exp() + a   # a used three times
        b.backward()
        assert x.grad.item() == pytest.approx(3 * (2 * 6 + np.exp(6) + 1))


def test_second_backward_without_retain_graph_raises():
    x = minigrad.tensor([1.0, 2.0], requires_grad=True)
    y = (x * x).sum()
    y.backward()
    with pytest.raises(RuntimeError, match="second time"):
        y.backward()


def test_retain_graph_allows_a_second_backward():
    x = minigrad.tensor([1.0, 2.0], requires_grad=True)
    y = (x.exp() * x).sum()
    y.backward(retain_graph=True)
    first = x.grad.tolist()
    y.backward()
    assert x.grad.tolist() == pytest.approx([2 * g for g in first])


def test_backward_of_non_scalar_without_gradient_raises():
    x = minigrad.tensor([1.0, 2.0], requires_grad=True)
    with pytest.raises(RuntimeError, match="scalar"):
        (x * 2).backward()


def test_backward_with_gradient_of_non_scalar():
    x = minigrad.tensor([1.0, 2.0], requires_grad=True)
    (x * 2).backward(minigrad.tensor([3.0, -1.0]))
    assert x.grad.tolist() == [6.0, -2.0]


def test_leaf_and_non_leaf_attributes_match_torch():
    for L in (minigrad, torch):
        x = L.tensor([1.0], requires_grad=True)
        c = L.tensor([1.0])
        y = x * 2
        assert x.is_leaf and c.is_leaf and not y.is_leaf
        assert x.grad_fn is None and y.grad_fn is not None
        assert y.requires_grad and not c.requires_grad
        assert not (c * 2).requires_grad
        assert (c * 2).grad_fn is None
    assert minigrad.tensor([1.0], requires_grad=True).mul(2).grad_fn.name() == "MulBackward0"


@pytest.mark.parametrize("ctx", ["no_grad", "enable_grad", "set_false", "set_true"])
def test_grad_mode_context_managers_restore_state(ctx):
    make = {"no_grad": minigrad.no_grad, "enable_grad": minigrad.enable_grad,
            "set_false": lambda: minigrad.set_grad_enabled(False),
            "set_true": lambda: minigrad.set_grad_enabled(True)}[ctx]
    inside = ctx in ("enable_grad", "set_true")
    x = minigrad.tensor([1.0], requires_grad=True)
    for outer in (True, False):
        minigrad.set_grad_enabled(outer)
        try:
            with make():
                assert minigrad.is_grad_enabled() is inside
                assert (x * 2).requires_grad is inside
            assert minigrad.is_grad_enabled() is outer
            with pytest.raises(ValueError):
                with make():
                    raise ValueError("restored even on errors")
            assert minigrad.is_grad_enabled() is outer
        finally:
            minigrad.set_grad_enabled(True)


def test_grad_mode_decorators_restore_state():
    @minigrad.no_grad()
    def f(x):
        assert not minigrad.is_grad_enabled()
        return x * 2

    @minigrad.enable_grad()
    def g(x):
        return x * 2

    @minigrad.set_grad_enabled(False)
    def h(x):
        return x * 2

    x = minigrad.tensor([1.0], requires_grad=True)
    assert minigrad.is_grad_enabled()
    assert not f(x).requires_grad
    assert minigrad.is_grad_enabled()
    assert not h(x).requires_grad
    assert minigrad.is_grad_enabled()
    with minigrad.no_grad():
        assert g(x).requires_grad
        assert not minigrad.is_grad_enabled()
    assert f.__name__ == "f"


@pytest.mark.parametrize("mode, records", [("no_grad", False), ("enable_grad", True), ("inference_mode", False)])
def test_grad_modes_decorate_without_parentheses_as_torch(mode, records):
    for L in (torch, minigrad):
        @getattr(L, mode)
        def double(x):
            return x * 2

        x = L.tensor([1.0], requires_grad=True)
        with L.no_grad():
            assert double(x).requires_grad is records
        assert L.is_grad_enabled() and double.__name__ == "double"


def test_set_grad_enabled_as_a_function_call_switches_at_once():
    try:
        minigrad.set_grad_enabled(False)
        assert not minigrad.is_grad_enabled()
    finally:
        minigrad.set_grad_enabled(True)
    assert minigrad.is_grad_enabled()


def test_nested_no_grad_and_enable_grad():
    x = minigrad.tensor([1.0], requires_grad=True)
    with minigrad.no_grad():
        with minigrad.enable_grad():
            assert (x * 2).requires_grad
        assert not (x * 2).requires_grad
    assert (x * 2).requires_grad


def _grad_pair(L):
    x = L.tensor([0.5, -1.0, 2.0], dtype=L.float64, requires_grad=True)
    w = L.tensor([1.5, 2.0, -0.5], dtype=L.float64, requires_grad=True)
    y = (x.sin() * w * x).sum()
    gx, gw = L.autograd.grad(y, [x, w], create_graph=True)
    ggx = L.autograd.grad((gx * gx).sum(), x, create_graph=True)[0]
    gggx = L.autograd.grad(ggx.sum(), [x, w], allow_unused=True)
    return [gx, gw, ggx] + list(gggx)


def test_autograd_grad_with_create_graph_matches_torch_to_third_order():
    for m, t in zip(_grad_pair(minigrad), _grad_pair(torch)):
        np.testing.assert_allclose(m.detach().numpy(), t.detach().numpy(), rtol=1e-12)


def test_autograd_grad_does_not_accumulate_into_grad():
    x = minigrad.tensor([1.0, 2.0], requires_grad=True)
    (g,) = autograd.grad((x * x).sum(), x)
    assert g.tolist() == [2.0, 4.0]
    assert x.grad is None


def test_autograd_grad_unused_input_raises_unless_allowed():
    for L in (minigrad, torch):
        x = L.tensor([1.0], requires_grad=True)
        z = L.tensor([1.0], requires_grad=True)
        with pytest.raises(RuntimeError):
            L.autograd.grad((x * 2).sum(), [x, z])
        gx, gz = L.autograd.grad((x * 2).sum(), [x, z], allow_unused=True)
        assert gz is None and gx.tolist() == [2.0]


@pytest.mark.parametrize("lib", [torch, minigrad])
def test_autograd_grad_of_a_second_graph_over_the_same_leaf_after_the_first(lib):
    x = lib.tensor([1.0, 2.0], requires_grad=True)
    first, second, third = (x * 2).sum(), (x * x).sum(), x.sum()
    assert lib.autograd.grad(first, x)[0].tolist() == [2.0, 2.0]
    assert lib.autograd.grad(second, x)[0].tolist() == [2.0, 4.0]
    assert lib.autograd.grad(third + (x * 3).sum(), x)[0].tolist() == [4.0, 4.0]


@pytest.mark.parametrize("lib", [torch, minigrad])
def test_backward_with_inputs_leaves_a_grad_that_can_be_zeroed(lib):
    x = lib.tensor([1.0, 2.0], requires_grad=True)
    x.sum().backward(inputs=[x])
    x.grad.zero_()  # (the gradient of a sum reaches x as a broadcast: .grad must own a copy)
    assert x.grad.tolist() == [0.0, 0.0]


@pytest.mark.parametrize("lib", [torch, minigrad])
def test_backward_with_inputs_runs_a_leaf_hook_once(lib):
    x = lib.tensor([1.0, 2.0], requires_grad=True)
    x.register_hook(lambda g: g * 2)
    (x * 3).sum().backward(inputs=[x])
    assert x.grad.tolist() == [6.0, 6.0]


@pytest.mark.parametrize("lib", [torch, minigrad])
def test_autograd_grad_runs_only_the_branches_leading_to_its_inputs(lib):
    a = lib.tensor([1.0, 2.0], requires_grad=True)
    b = lib.tensor([3.0, 4.0], requires_grad=True)
    side = a * a
    seen = []
    side.register_hook(lambda g: seen.append(g))
    out = side.sum() + b.sum()
    assert lib.autograd.grad(out, b)[0].tolist() == [1.0, 1.0] and seen == []
    out = (a * a).sum() + b.sum()
    out.backward()  # frees a * a's saved values ...
    assert lib.autograd.grad(out, b)[0].tolist() == [1.0, 1.0]  # ... which the path to b does not read


@pytest.mark.parametrize("lib", [torch, minigrad])
def test_autograd_grad_stops_at_an_intermediate_input_without_running_its_node(lib):
    a = lib.tensor([1.0, 2.0], requires_grad=True)
    hidden = a.exp()
    fired = []
    hidden.grad_fn.register_hook(lambda grad_inputs, grad_outputs: fired.append(True))
    loss = hidden.exp().sum()
    assert lib.autograd.grad(loss, hidden)[0].tolist() == pytest.approx(hidden.exp().tolist())
    assert fired == []
    hidden.backward(lib.ones(2))  # its saved values are still there
    assert a.grad.tolist() == pytest.approx(hidden.tolist())


@pytest.mark.parametrize("lib", [torch, minigrad])
def test_retain_grad_is_filled_by_autograd_grad_and_accumulates(lib):
    a = lib.tensor([1.0, 2.0], requires_grad=True)
    s = a * 2
    s.retain_grad()
    lib.autograd.grad((s * s).sum(), a, retain_graph=True)
    assert s.grad.tolist() == [4.0, 8.0]
    (s * 3).sum().backward()
    assert s.grad.tolist() == [7.0, 11.0]


@pytest.mark.parametrize("lib", [torch, minigrad])
def test_a_retained_grad_is_not_changed_by_a_later_backward_into_a_leaf(lib):
    x = lib.tensor([1.0, 2.0], requires_grad=True)
    y = x + 0  # y's gradient passes to x unchanged: x.grad must not share y.grad's storage
    y.retain_grad()
    (y * 3).sum().backward()
    (x * 1).sum().backward()
    assert y.grad.tolist() == [3.0, 3.0] and x.grad.tolist() == [4.0, 4.0]


@pytest.mark.parametrize("lib", [torch, minigrad])
def test_writes_through_data_are_hidden_from_the_in_place_check(lib):
    a = lib.tensor([1.0, 2.0], requires_grad=True)
    out = (a * a).sum()
    a.data.add_(1.0)  # .data has a version counter of its own: backward reads the new values
    out.backward()
    assert a.grad.tolist() == [4.0, 6.0]


@pytest.mark.parametrize("lib", [torch, minigrad])
def test_a_leaf_that_stopped_requiring_grad_gets_no_gradient(lib):
    a = lib.tensor([1.0, 2.0], requires_grad=True)
    b = lib.tensor([3.0, 4.0], requires_grad=True)
    out = (a * b).sum()
    a.requires_grad_(False)
    out.backward()
    assert a.grad is None and b.grad.tolist() == [1.0, 2.0]


def test_autograd_grad_with_grad_outputs_and_non_leaf_inputs():
    for L in (minigrad, torch):
        x = L.tensor([1.0, 2.0], requires_grad=True)
        h = x * 3
        y = h * h
        (gh,) = L.autograd.grad(y, h, grad_outputs=L.tensor([1.0, 0.5]))
        assert gh.tolist() == [6.0, 6.0]


class Cube(autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x * x * x

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return grad * 3 * x * x


class SplitSumProd(autograd.Function):
    """Two outputs: x + y and x * y."""

    @staticmethod
    def forward(ctx, x, y):
        ctx.save_for_backward(x, y)
        return x + y, x * y

    @staticmethod
    def backward(ctx, g_sum, g_prod):
        x, y = ctx.saved_tensors
        return g_sum + g_prod * y, g_sum + g_prod * x


def test_custom_function_forward_backward():
    x = minigrad.tensor([1.0, -2.0], requires_grad=True)
    y = Cube.apply(x)
    assert y.tolist() == [1.0, -8.0] and y.requires_grad
    y.backward(minigrad.tensor([1.0, 2.0]))
    assert x.grad.tolist() == [3.0, 24.0]


def test_custom_function_is_differentiable_twice_when_backward_uses_ops():
    x = minigrad.tensor([2.0], requires_grad=True)
    (g,) = autograd.grad(Cube.apply(x).sum(), x, create_graph=True)
    (gg,) = autograd.grad(g.sum(), x)
    assert g.tolist() == [12.0] and gg.tolist() == [12.0]


def test_custom_function_with_multiple_outputs():
    x = minigrad.tensor([1.0, 2.0], requires_grad=True)
    y = minigrad.tensor([3.0, 5.0], requires_grad=True)
    s, p = SplitSumProd.apply(x, y)
    (s * 2 + p).sum().backward()
    assert x.grad.tolist() == [2.0 + 3.0, 2.0 + 5.0]
    assert y.grad.tolist() == [2.0 + 1.0, 2.0 + 2.0]
    x.grad = y.grad = None
    s, p = SplitSumProd.apply(x, y)
    p.sum().backward()  # the unused output's gradient arrives as zeros
    assert x.grad.tolist() == [3.0, 5.0] and y.grad.tolist() == [1.0, 2.0]


def test_custom_function_saved_tensor_modified_in_place_raises():
    x = minigrad.tensor([1.0, 2.0], requires_grad=True)
    h = x * 1
    y = Cube.apply(h)
    h.mul_(2)
    with pytest.raises(RuntimeError, match="modified by an inplace operation"):
        y.sum().backward()


def test_gradcheck_passes_for_correct_and_fails_for_wrong_gradients():
    class Wrong(autograd.Function):
        @staticmethod
        def forward(ctx, x):
            return x * x

        @staticmethod
        def backward(ctx, grad):
            return grad

    x = minigrad.tensor(np.array([0.3, -1.2, 2.0]), requires_grad=True)
    assert autograd.gradcheck(Cube.apply, (x,))
    assert autograd.gradcheck(lambda a: (a.sin() * a).sum(), (x,))
    with pytest.raises(Exception):
        ok = autograd.gradcheck(Wrong.apply, (x,))
        assert ok  # gradcheck may return False instead of raising, as torch's raise_exception=False


def test_register_hook_sees_and_replaces_gradient():
    for L in (minigrad, torch):
        x = L.tensor([1.0, 2.0], requires_grad=True)
        seen = []
        h = x * 2
        h.register_hook(lambda g: seen.append(g.tolist()))
        handle = x.register_hook(lambda g: g * 10)
        (h * h).sum().backward()
        assert seen == [[4.0, 8.0]]
        assert x.grad.tolist() == [80.0, 160.0]
        handle.remove()
        x.grad = None
        (x * 1).sum().backward()
        assert x.grad.tolist() == [1.0, 1.0]


def test_retain_grad_keeps_the_gradient_of_a_non_leaf():
    for L in (minigrad, torch):
        x = L.tensor([1.0, 2.0], requires_grad=True)
        h = x * 3
        h.retain_grad()
        k = x * 4
        (h * h + k).sum().backward()
        assert h.grad.tolist() == [6.0, 12.0]
        with pytest.warns(UserWarning, match="not a leaf Tensor"):
            assert k.grad is None


def _index_changed_before_backward(lib, write):
    """The error of backward after an index Tensor was changed in place (None: no error)."""
    w = lib.ones(3, 2, requires_grad=True)
    if write:
        index = lib.tensor([True, False, True])
        y = w * 1
        y[index] = lib.zeros(2)
        index[1] = True
    else:
        index = lib.tensor([0, 2])
        y = w[index]
        index[0] = 1
    try:
        y.sum().backward()
    except RuntimeError as exc:
        return str(exc)
    return None


@pytest.mark.parametrize("write", [False, True], ids=["x[index]", "x[mask] = v"])
def test_an_index_changed_in_place_before_backward_raises_pytorchs_error(write):
    ours, theirs = _index_changed_before_backward(minigrad, write), _index_changed_before_backward(torch, write)
    assert theirs is not None and ours == theirs


def test_in_place_change_of_a_saved_tensor_raises_naming_it():
    x = minigrad.tensor([1.0, 2.0], requires_grad=True)
    h = x * 1
    y = h * h
    h.add_(1)
    with pytest.raises(RuntimeError) as err:
        y.sum().backward()
    msg = str(err.value)
    assert "modified by an inplace operation" in msg
    assert "[2]" in msg and "version 1" in msg


def test_in_place_change_of_an_output_needed_by_backward_raises():
    x = minigrad.tensor([1.0, 2.0], requires_grad=True)
    y = x.exp()   # exp's backward uses its output
    y.mul_(2)
    with pytest.raises(RuntimeError, match="inplace"):
        y.sum().backward()


def test_in_place_change_not_needed_by_backward_is_fine():
    for L in (minigrad, torch):
        x = L.tensor([1.0, 2.0], requires_grad=True)
        h = x * 1
        y = h + 2   # add saves nothing
        h.mul_(3)
        y.sum().backward()
        assert x.grad.tolist() == [1.0, 1.0]


def test_in_place_ops_under_no_grad_update_leaves():
    w = minigrad.tensor([1.0, 2.0], requires_grad=True)
    (w * w).sum().backward()
    with minigrad.no_grad():
        w -= 0.5 * w.grad
        w.add_(1.0)
    assert w.tolist() == [1.0, 1.0] and w.is_leaf and w.requires_grad


def test_augmented_assignment_records_gradient_on_non_leaf():
    for L in (minigrad, torch):
        x = L.tensor([1.0, 2.0], requires_grad=True)
        y = x * 1
        y *= x
        y += 1
        y.sum().backward()
        assert x.grad.tolist() == [2.0, 4.0]


def test_detach_and_data_cut_the_graph():
    x = minigrad.tensor([1.0], requires_grad=True)
    assert not x.detach().requires_grad and x.detach().grad_fn is None
    assert not x.data.requires_grad
    y = x * 2 + x.detach() * 100
    y.backward()
    assert x.grad.tolist() == [2.0]


def test_requires_grad_false_inputs_get_no_grad():
    x = minigrad.tensor([1.0], requires_grad=True)
    c = minigrad.tensor([2.0])
    (x * c).sum().backward()
    assert c.grad is None


def _small_step(L, w, x):
    y = ((x @ w).tanh() * 2).sum()
    y.backward()
    w.grad = None


def test_memory_does_not_grow_over_10000_forward_backward_iterations():
    w = minigrad.tensor(np.random.default_rng(0).standard_normal((4, 3)), requires_grad=True)
    x = minigrad.tensor(np.random.default_rng(1).standard_normal((2, 4)))
    for _ in range(200):
        _small_step(minigrad, w, x)
    gc.collect()
    gc.disable()  # only reference counting frees: cycles would show up as growth
    try:
        tracemalloc.start()
        before_objs = len(gc.get_objects())
        start, _ = tracemalloc.get_traced_memory()
        for _ in range(10_000):
            _small_step(minigrad, w, x)
        end, _ = tracemalloc.get_traced_memory()
        after_objs = len(gc.get_objects())
        tracemalloc.stop()
    finally:
        gc.enable()
    assert after_objs - before_objs < 100, f"{after_objs - before_objs} objects kept alive"
    assert end - start < 200_000, f"traced memory grew by {end - start} bytes"


def test_graph_is_freed_after_backward():
    import weakref
    x = minigrad.tensor([1.0, 2.0], requires_grad=True)
    y = (x * 2).exp()
    node = weakref.ref(y.grad_fn)
    y.sum().backward()
    del y
    assert node() is None


@pytest.mark.parametrize("seeds", [(1.0, 0.0), (1.0, 1.0), (0.0, 1.0)])
def test_an_output_that_is_an_input_of_another_output_keeps_its_own_gradient_as_torch(seeds):
    for use_grad in (True, False):
        grads = []
        for L in (minigrad, torch):
            x = L.tensor([1.0, 2.0], requires_grad=True)
            y = x * 2
            z = (y * 3).sum()
            ups = [L.ones(2) * seeds[0], L.tensor(seeds[1])]
            if use_grad:
                grads.append(L.autograd.grad([y, z], [x], ups)[0].numpy())
            else:
                L.autograd.backward([z, y], ups[::-1])
                grads.append(x.grad.numpy())
        assert np.array_equal(grads[0], grads[1])


def _autograd_error(L, call):
    w = L.ones(3, 1, requires_grad=True)
    with pytest.raises(RuntimeError) as err:
        call(L, w)
    return str(err.value)


@pytest.mark.parametrize("call", [
    lambda L, w: L.autograd.grad(L.ones(2).sum(), [L.ones(2)]),
    lambda L, w: L.autograd.grad(L.ones(2).sum(), [w]),
    lambda L, w: L.autograd.grad(w * 2, w, grad_outputs=L.ones(3)),
    lambda L, w: (w * 2).backward(L.ones(1, 3)),
    lambda L, w: L.autograd.grad((w * 2).sum(), [w, L.ones(1)]),
], ids=["output before input", "output without grad", "grad_outputs shape", "backward gradient shape", "input without grad"])
def test_grad_and_backward_check_the_outputs_first_and_print_sizes_as_torch(call):
    assert _autograd_error(minigrad, call) == _autograd_error(torch, call)
