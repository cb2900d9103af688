"""Finer autograd semantics, each checked on minigrad and on torch alike:
hooks, backward(inputs=...), Function context features, grad-mode threads,
.grad assignment rules."""
import importlib
import threading
import warnings

import numpy as np
import pytest
import torch

import minigrad

LIBS = [minigrad, torch]
IDS = ["minigrad", "torch"]


@pytest.mark.parametrize("L", LIBS, ids=IDS)
def test_leaf_hook_runs_once_with_the_summed_gradient(L):
    x = L.tensor([1.0, 2.0], requires_grad=True)
    calls = []
    x.register_hook(lambda g: calls.append(g.tolist()))
    (x * 2 + x * x).sum().backward()
    assert calls == [[4.0, 6.0]]
    assert x.grad.tolist() == [4.0, 6.0]


@pytest.mark.parametrize("L", LIBS, ids=IDS)
def test_hooks_run_in_registration_order_and_chain(L):
    x = L.tensor([1.0], requires_grad=True)
    h = x * 1
    order = []
    h.register_hook(lambda g: order.append("a") or g * 2)
    h.register_hook(lambda g: order.append("b") or g + 1)
    (h * 3).sum().backward()
    assert order == ["a", "b"]
    assert x.grad.tolist() == [7.0]


@pytest.mark.parametrize("L", LIBS, ids=IDS)
def test_backward_with_inputs_accumulates_only_into_those(L):
    a = L.tensor([1.0], requires_grad=True)
    b = L.tensor([2.0], requires_grad=True)
    (a * b).sum().backward(inputs=[a])
    assert a.grad.tolist() == [2.0] and b.grad is None


@pytest.mark.parametrize("L", LIBS, ids=IDS)
def test_retain_graph_allows_a_second_backward_with_another_gradient(L):
    x = L.tensor([1.0, 2.0], requires_grad=True)
    y = x * x
    y.backward(L.tensor([1.0, 0.0]), retain_graph=True)
    y.backward(L.tensor([0.0, 1.0]))
    assert x.grad.tolist() == [2.0, 4.0]


@pytest.mark.parametrize("L", LIBS, ids=IDS)
def test_requires_grad_false_on_non_leaf_raises(L):
    x = L.tensor([1.0], requires_grad=True)
    with pytest.raises(RuntimeError):
        (x * 2).requires_grad_(False)


@pytest.mark.parametrize("L", LIBS, ids=IDS)
def test_assigning_grad_of_wrong_shape_raises(L):
    x = L.tensor([1.0, 2.0], requires_grad=True)
    with pytest.raises(RuntimeError):
        x.grad = L.tensor([1.0, 2.0, 3.0])
    x.grad = L.tensor([5.0, 6.0])
    (x * 1).sum().backward()
    assert x.grad.tolist() == [6.0, 7.0]


@pytest.mark.parametrize("L", LIBS, ids=IDS)
def test_zeroing_grad_in_place_then_accumulating(L):
    x = L.tensor([1.0, 2.0], requires_grad=True)
    (x * 3).sum().backward()
    g = x.grad
    x.grad.zero_()
    (x * 2).sum().backward()
    assert x.grad.tolist() == [2.0, 2.0]
    assert x.grad is g  # accumulated into the same tensor


@pytest.mark.parametrize("L", LIBS, ids=IDS)
def test_function_with_non_tensor_arguments_and_needs_input_grad(L):
    class Scale(L.autograd.Function):
        @staticmethod
        def forward(ctx, x, factor, y):
            ctx.factor = factor
            ctx.flags = tuple(ctx.needs_input_grad)
            return x * factor + y

        @staticmethod
        def backward(ctx, g):
            return g * ctx.factor, None, (g if ctx.needs_input_grad[2] else None)

    x = L.tensor([1.0, 2.0], requires_grad=True)
    y = L.tensor([0.5, 0.5])
    out = Scale.apply(x, 3.0, y)
    out.sum().backward()
    assert x.grad.tolist() == [3.0, 3.0]
    assert out.grad_fn is not None


@pytest.mark.parametrize("L", LIBS, ids=IDS)
def test_function_mark_non_differentiable_output(L):
    class SortLike(L.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            idx = x.argmax().reshape(1)
            ctx.mark_non_differentiable(idx)
            return x * 2, idx

        @staticmethod
        def backward(ctx, g, g_idx):
            return g * 2

    x = L.tensor([1.0, 3.0], requires_grad=True)
    y, idx = SortLike.apply(x)
    assert y.requires_grad and not idx.requires_grad
    y.sum().backward()
    assert x.grad.tolist() == [2.0, 2.0]


@pytest.mark.parametrize("L", LIBS, ids=IDS)
def test_function_set_materialize_grads_false_gives_none(L):
    seen = []

    class Two(L.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            ctx.set_materialize_grads(False)
            return x * 1, x * 2

        @staticmethod
        def backward(ctx, g1, g2):
            seen.append((g1 is None, g2 is None))
            return g1 if g1 is not None else g2 * 2

    x = L.tensor([1.0], requires_grad=True)
    a, b = Two.apply(x)
    b.sum().backward()
    assert seen == [(True, False)]
    assert x.grad.tolist() == [2.0]


@pytest.mark.parametrize("L", LIBS, ids=IDS)
def test_function_backward_returning_wrong_count_raises(L):
    class Bad(L.autograd.Function):
        @staticmethod
        def forward(ctx, x, y):
            return x + y

        @staticmethod
        def backward(ctx, g):
            return g

    x = L.tensor([1.0], requires_grad=True)
    with pytest.raises(RuntimeError):
        Bad.apply(x, L.tensor([1.0], requires_grad=True)).sum().backward()


@pytest.mark.parametrize("L", LIBS, ids=IDS)
def test_grad_mode_is_thread_local(L):
    results = {}

    def worker():
        results["other"] = L.is_grad_enabled()

    with L.no_grad():
        t = threading.Thread(target=worker)
        t.start()
        t.join()
        results["main"] = L.is_grad_enabled()
    assert results == {"other": True, "main": False}


@pytest.mark.parametrize("L", LIBS, ids=IDS)
def test_a_new_thread_entering_no_grad_first_restores_its_own_grad_mode(L):
    results = []

    def worker():
        with L.no_grad():
            results.append(L.is_grad_enabled())
        results.append(L.is_grad_enabled())
        with L.inference_mode():
            results.append((L.is_grad_enabled(), L.is_inference_mode_enabled()))

    with L.no_grad():
        t = threading.Thread(target=worker)
        t.start()
        t.join()
        results.append(L.is_grad_enabled())
    assert results == [False, True, (False, True), False]


@pytest.mark.parametrize("L", LIBS, ids=IDS)
def test_grad_of_non_leaf_is_none_without_retain_grad(L):
    import warnings
    x = L.tensor([1.0], requires_grad=True)
    h = x * 2
    (h * h).sum().backward()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert h.grad is None


@pytest.mark.parametrize("L", LIBS, ids=IDS)
def test_autograd_grad_of_several_outputs_sums_them(L):
    x = L.tensor([1.0, 2.0], requires_grad=True)
    y1 = (x * x).sum()
    y2 = (x * 3).sum()
    (g,) = L.autograd.grad([y1, y2], [x])
    assert g.tolist() == [5.0, 7.0]


@pytest.mark.parametrize("L", LIBS, ids=IDS)
def test_autograd_grad_on_output_not_requiring_grad_raises(L):
    x = L.tensor([1.0], requires_grad=True)
    with pytest.raises(RuntimeError):
        L.autograd.grad(L.tensor(1.0), [x])


@pytest.mark.parametrize("L", LIBS, ids=IDS)
def test_leaf_used_through_many_paths_and_retained_intermediate(L):
    x = L.tensor([0.5, -1.5], dtype=L.float64, requires_grad=True)
    h = x.sin()
    h.retain_grad()
    out = (h * x).sum() + (h.exp() * h).sum() + h.sum()
    out.backward()
    hv = np.sin(np.array([0.5, -1.5]))
    expected_h = np.array([0.5, -1.5]) + np.exp(hv) * (1 + hv) + 1
    np.testing.assert_allclose(h.grad.detach().numpy(), expected_h, rtol=1e-12)
    np.testing.assert_allclose(x.grad.detach().numpy(), expected_h * np.cos([0.5, -1.5]) + hv, rtol=1e-12)


@pytest.mark.parametrize("L", LIBS, ids=IDS)
def test_no_grad_result_does_not_require_grad_even_from_leaf(L):
    w = L.tensor([1.0], requires_grad=True)
    with L.no_grad():
        y = w * 2
        z = w.exp()
    assert not y.requires_grad and not z.requires_grad
    assert y.grad_fn is None


@pytest.mark.parametrize("L", LIBS, ids=IDS)
def test_backward_through_view_and_detach_mix(L):
    x = L.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
    v = x.view(4)
    y = v[1:] * v[:-1].detach()
    y.sum().backward()
    assert x.grad.tolist() == [[0.0, 1.0], [2.0, 3.0]]


@pytest.mark.parametrize("L", LIBS, ids=IDS)
def test_backward_without_gradient_on_one_element_tensor(L):
    x = L.tensor([[2.0]], requires_grad=True)
    (x * 3).backward()
    assert x.grad.tolist() == [[3.0]]


@pytest.mark.parametrize("L", LIBS, ids=IDS)
def test_gradcheck_takes_torch_keywords(L):
    x = L.tensor([0.3, -0.7], dtype=L.float64, requires_grad=True)
    assert L.autograd.gradcheck(lambda a: (a * a).tanh(), (x,), eps=1e-6, atol=1e-5, rtol=1e-3,
                                raise_exception=True)
    assert L.autograd.gradcheck(lambda a: a.exp(), x)


@pytest.mark.parametrize("L", LIBS, ids=IDS)
def test_detach_inplace_and_requires_grad_toggle_on_leaf(L):
    x = L.tensor([1.0, 2.0])
    x.requires_grad_()
    assert x.requires_grad and x.is_leaf
    x.requires_grad = False
    assert not (x * 2).requires_grad
    y = L.tensor([1.0], requires_grad=True) * 2
    y.detach_()
    assert not y.requires_grad and y.is_leaf and y.grad_fn is None


@pytest.mark.parametrize("change", ["mul_", "setitem", "view mul_"])
@pytest.mark.parametrize("L", LIBS, ids=IDS)
def test_a_retained_gradient_is_that_of_the_value_after_an_in_place_change(L, change):
    w = L.ones(2, requires_grad=True)
    y = w * 1
    y.retain_grad()
    {"mul_": lambda: y.mul_(2), "setitem": lambda: y.__setitem__(0, 5.0), "view mul_": lambda: y[:1].mul_(2)}[change]()
    (y * 3).sum().backward()
    assert y.retains_grad and y.grad.tolist() == [3.0, 3.0]


@pytest.mark.parametrize("L", LIBS, ids=IDS)
def test_backward_accumulates_into_grad_of_expanded_leaf(L):
    b = L.tensor([1.0, 2.0, 3.0], requires_grad=True)
    x = L.ones(4, 3)
    (x * b).sum().backward()
    (x[:2] + b).sum().backward()
    assert b.grad.tolist() == [6.0, 6.0, 6.0]


@pytest.mark.parametrize("L", LIBS, ids=IDS)
def test_in_place_on_the_base_invalidates_saved_views(L):
    x = L.tensor([1.0, 2.0], requires_grad=True)
    y = x * 1
    v = y[0]
    z = v * v          # saves the view v
    y.mul_(2)          # bumps the shared version counter
    with pytest.raises(RuntimeError, match="inplace"):
        z.backward()


@pytest.mark.parametrize("L", LIBS, ids=IDS)
def test_in_place_on_a_view_invalidates_saved_base(L):
    x = L.tensor([1.0, 2.0], requires_grad=True)
    y = x * 1
    z = (y * y).sum()  # saves y
    y[1:].add_(1)
    with pytest.raises(RuntimeError, match="inplace"):
        z.backward()


@pytest.mark.parametrize("L", LIBS, ids=IDS)
def test_version_counter_is_shared_by_views_and_counts_changes(L):
    def version(t):  # torch's int ``_version``; minigrad keeps a shared one-element list
        return t._version if L is torch else t._version_count
    x = L.zeros(3)
    v = x[1:]
    before = version(x)
    v.add_(1)
    x[0] = 2.0
    assert version(x) == version(v) == before + 2


@pytest.mark.parametrize("index", [0, (0, 1), None, (slice(None), 0), slice(1, None)], ids=repr)
def test_assigning_into_a_leaf_through_a_view_names_the_view(index):
    for L in LIBS:
        x = L.ones(3, 3, requires_grad=True)
        with pytest.raises(RuntimeError, match="^a view of a leaf Variable that requires grad is being used in an in-place"):
            x[index] = 5.0


@pytest.mark.parametrize("index", [slice(None), Ellipsis, [0, 1]], ids=repr)
def test_assigning_into_a_leaf_through_a_whole_or_advanced_index_names_the_leaf(index):
    for L in LIBS:
        x = L.ones(3, 3, requires_grad=True)
        with pytest.raises(RuntimeError, match="^a leaf Variable that requires grad is being used in an in-place"):
            x[index] = 5.0


def test_anomaly_detection_switches_and_restores_as_torch():
    seen = []
    for L in LIBS:
        states = [L.is_anomaly_enabled()]
        L.autograd.set_detect_anomaly(True)
        states.append(L.is_anomaly_enabled())
        with L.autograd.set_detect_anomaly(False):
            states.append(L.is_anomaly_enabled())
        states.append(L.is_anomaly_enabled())
        L.autograd.set_detect_anomaly(False)
        with pytest.warns(UserWarning, match="Anomaly Detection has been enabled"):
            guard = L.autograd.detect_anomaly(check_nan=False)
        with guard:
            states.append((L.is_anomaly_enabled(), L.is_anomaly_check_nan_enabled()))
        states.append((L.is_anomaly_enabled(), L.is_anomaly_check_nan_enabled()))
        seen.append(states)
    assert seen[0] == seen[1]


@pytest.mark.parametrize("L", LIBS, ids=IDS)
def test_grad_fn_metadata_is_a_dict_kept_with_the_node(L):
    y = L.ones(2, requires_grad=True) * 2
    assert y.grad_fn.metadata == {}
    y.grad_fn.metadata["step"] = 3
    assert y.grad_fn.metadata == {"step": 3}


@pytest.mark.parametrize("L", LIBS, ids=IDS)
def test_post_accumulate_grad_hook_sees_each_accumulated_grad(L):
    x = L.ones(2, requires_grad=True)
    seen = []
    handle = x.register_post_accumulate_grad_hook(lambda t: seen.append(t.grad.tolist()))
    (x * 3).sum().backward()
    (x * 2).sum().backward(inputs=[x])
    x.backward(L.ones(2))
    L.autograd.grad((x * 2).sum(), x)  # (nothing accumulates: no call)
    handle.remove()
    (x * 2).sum().backward()
    assert seen == [[3.0, 3.0], [5.0, 5.0], [6.0, 6.0]]


@pytest.mark.parametrize("L", LIBS, ids=IDS)
def test_post_accumulate_grad_hook_may_return_the_leaf_it_updated_in_place(L):
    # (PyTorch's documentation example: an optimizer step in the hook, ``p.add_(...)``'s result returned)
    v = L.tensor([0.0, 0.0, 0.0], requires_grad=True)
    v.register_post_accumulate_grad_hook(lambda p: p.add_(p.grad, alpha=-0.5))
    v.backward(L.tensor([1.0, 2.0, 3.0]))
    assert v.tolist() == [-0.5, -1.0, -1.5]


@pytest.mark.parametrize("L", LIBS, ids=IDS)
def test_post_accumulate_grad_hook_runs_after_the_leafs_gradient_hooks(L):
    x = L.ones(2, requires_grad=True)
    seen = []
    x.register_post_accumulate_grad_hook(lambda t: seen.append(t.grad.tolist()))
    x.register_hook(lambda g: g * 10)
    (x * 1).sum().backward()
    assert seen == [[10.0, 10.0]]


@pytest.mark.parametrize("L", LIBS, ids=IDS)
def test_post_accumulate_grad_hook_is_refused_on_non_leaves_and_constants(L):
    with pytest.raises(RuntimeError, match="non-leaf"):
        (L.ones(2, requires_grad=True) * 2).register_post_accumulate_grad_hook(lambda t: None)
    with pytest.raises(RuntimeError, match="doesn't require gradient"):
        L.ones(2).register_post_accumulate_grad_hook(lambda t: None)


@pytest.mark.parametrize("L", LIBS, ids=IDS)
def test_post_accumulate_grad_hooks_can_step_an_optimizer_in_backward(L):
    # PyTorch's recipe: one optimizer per parameter, stepped as soon as its gradient is ready
    L.manual_seed(0)
    model = L.nn.Linear(3, 2)
    opts = {p: L.optim.SGD([p], lr=0.1) for p in model.parameters()}

    def step(p):
        opts[p].step()
        opts[p].zero_grad()
    for p in model.parameters():
        p.register_post_accumulate_grad_hook(step)
    before = [p.detach().clone() for p in model.parameters()]
    model(L.ones(4, 3)).sum().backward()
    moved = [(p - b).abs().sum().item() > 0 for p, b in zip(model.parameters(), before)]
    assert moved == [True, True] and all(p.grad is None for p in model.parameters())


@pytest.mark.parametrize("L", LIBS, ids=IDS)
def test_is_inference_mode_enabled_follows_nested_inference_modes(L):
    seen = [L.is_inference_mode_enabled()]
    with L.inference_mode():
        seen.append((L.is_inference_mode_enabled(), L.is_grad_enabled()))
        with L.inference_mode(False):
            seen.append((L.is_inference_mode_enabled(), L.is_grad_enabled()))
        seen.append(L.is_inference_mode_enabled())
    seen.append(L.is_inference_mode_enabled())
    assert seen == [False, (True, False), (False, True), True, False]


def _exp_with_setup_context(L):
    class Exp(L.autograd.Function):
        """PyTorch 2's style: forward without ctx, then setup_context."""

        @staticmethod
        def forward(x, k):
            return x.exp() * k

        @staticmethod
        def setup_context(ctx, inputs, output):
            ctx.save_for_backward(output)
            ctx.k = inputs[1]

        @staticmethod
        def backward(ctx, g):
            (y,) = ctx.saved_tensors
            return g * y, None
    return Exp


@pytest.mark.parametrize("L", LIBS, ids=IDS)
def test_function_with_setup_context_saves_what_backward_reads(L):
    x = L.tensor([1.0, 2.0], requires_grad=True)
    y = _exp_with_setup_context(L).apply(x, 3.0)
    y.sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), 3 * np.exp([1.0, 2.0]), rtol=1e-6)


@pytest.mark.parametrize("L", LIBS, ids=IDS)
def test_function_may_define_vjp_instead_of_backward(L):
    class Square(L.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(x)
            return x * x

        @staticmethod
        def vjp(ctx, g):
            (x,) = ctx.saved_tensors
            return 2 * x * g
    x = L.tensor([1.0, 2.0], requires_grad=True)
    Square.apply(x).sum().backward()
    assert x.grad.tolist() == [2.0, 4.0]


def test_function_nodes_are_named_and_printed_as_torchs():
    import re
    shown = []
    for L in LIBS:
        y = _exp_with_setup_context(L).apply(L.ones(2, requires_grad=True), 2.0)
        shown.append((y.grad_fn.name(), re.sub("0x[0-9a-f]+", "ADDR", repr(y.grad_fn)), repr(y).split("grad_fn=")[1]))
    assert shown[0] == shown[1]


def test_function_ctx_is_importable_from_pytorchs_module_and_names_it():
    # (written in autograd/function_ctx.py: programs import it from autograd.function, as PyTorch's)
    homes = [importlib.import_module(L.__name__ + ".autograd.function") for L in LIBS]
    assert [m.FunctionCtx.__module__ for m in homes] == [m.__name__ for m in homes]


def test_once_differentiable_backward_runs_without_recording():
    from minigrad.autograd.function import once_differentiable
    seen = []

    class Double(minigrad.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            return x * 2

        @staticmethod
        @once_differentiable
        def backward(ctx, g):
            seen.append(minigrad.is_grad_enabled())
            return g * 2
    x = minigrad.ones(2, requires_grad=True)
    with pytest.warns(UserWarning, match="reference cycle"):
        Double.apply(x).sum().backward(create_graph=True)
    assert seen == [False] and x.grad.tolist() == [2.0, 2.0]


def _once_differentiable_under_create_graph(L):
    """What a once-differentiable backward's gradient is when it is taken with create_graph=True,
    and what differentiating it again raises."""
    once_differentiable = importlib.import_module(L.__name__ + ".autograd.function").once_differentiable

    class Square(L.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(x)
            return x * x

        @staticmethod
        @once_differentiable
        def backward(ctx, g):
            (x,) = ctx.saved_tensors
            return 2 * x * g
    x = L.tensor([1.0, -2.0], requires_grad=True)
    (g,) = L.autograd.grad((Square.apply(x) ** 2).sum(), x, create_graph=True)
    seen = [g.requires_grad, g.is_leaf, g.grad_fn.name(), type(g.grad_fn).__name__, repr(g), g.tolist()]
    with pytest.raises(RuntimeError) as raised:
        g.sum().backward()
    return seen + [str(raised.value)]


def test_a_once_differentiable_gradient_under_create_graph_refuses_a_second_derivative_as_torch():
    assert _once_differentiable_under_create_graph(minigrad) == _once_differentiable_under_create_graph(torch)


@pytest.mark.parametrize("decorator", ["no_grad", "set_grad_enabled(False)", "inference_mode"])
def test_a_grad_mode_decorator_applies_inside_a_generator_at_every_step_as_torch(decorator):
    outcomes = []
    for L in (torch, minigrad):
        mode = eval(f"L.{decorator}" if "(" in decorator else f"L.{decorator}()")

        @mode
        def steps(a):
            received = yield a * 2
            yield a * 3, received, L.is_grad_enabled()
            return "done"
        x = L.ones(2, requires_grad=True)
        gen = steps(x)
        first = next(gen)
        second, received, enabled = gen.send(7)
        between = L.is_grad_enabled()
        with pytest.raises(StopIteration) as stop:
            next(gen)
        outcomes.append((first.requires_grad, second.requires_grad, received, enabled, between, stop.value.value))
    assert outcomes[0] == outcomes[1]


def test_grad_with_only_inputs_false_warns_that_it_is_ignored_as_torch():
    x = minigrad.ones(2, requires_grad=True)
    with pytest.warns(FutureWarning, match="only_inputs argument is deprecated"):
        (g,) = minigrad.autograd.grad(x.sum(), x, only_inputs=False)
    assert g.tolist() == [1.0, 1.0]


@pytest.mark.parametrize("L", LIBS, ids=IDS)
def test_node_prehook_sees_the_output_gradient_after_the_tensor_hooks_and_may_replace_it(L):
    x = L.tensor([1.0, 2.0], requires_grad=True)
    y = x * 3
    seen = []
    y.register_hook(lambda g: g * 10)
    y.grad_fn.register_prehook(lambda go: seen.append(go[0].tolist()) or (go[0] + 1,))
    y.sum().backward()
    assert seen == [[10.0, 10.0]]
    assert x.grad.tolist() == [33.0, 33.0]


@pytest.mark.parametrize("L", LIBS, ids=IDS)
def test_node_post_hook_sees_grad_inputs_and_grad_outputs_and_may_replace_grad_inputs(L):
    x = L.tensor([1.0, 2.0], requires_grad=True)
    w = L.tensor([3.0, 4.0], requires_grad=True)
    y = x * w
    seen = []
    handle = y.grad_fn.register_hook(
        lambda gi, go: seen.append(([g.tolist() for g in gi], [g.tolist() for g in go])) or (gi[0], gi[1] * 0))
    y.sum().backward(retain_graph=True)
    assert seen == [([[3.0, 4.0], [1.0, 2.0]], [[1.0, 1.0]])]
    assert (x.grad.tolist(), w.grad.tolist()) == ([3.0, 4.0], [0.0, 0.0])
    handle.remove()
    y.sum().backward()
    assert (len(seen), w.grad.tolist()) == (1, [1.0, 2.0])


@pytest.mark.parametrize("L", LIBS, ids=IDS)
def test_node_post_hook_grad_inputs_hold_none_where_no_gradient_flows(L):
    x = L.tensor([1.0, 2.0], requires_grad=True)
    y = x * L.tensor([3.0, 4.0])
    seen = []
    y.grad_fn.register_hook(lambda gi, go: seen.append([g is None for g in gi]))
    y.sum().backward()
    assert seen == [[False, True]]


@pytest.mark.parametrize("L", LIBS, ids=IDS)
def test_accumulate_grad_node_hooks_see_the_leafs_gradient(L):
    x = L.tensor([1.0, 2.0], requires_grad=True)
    y = x * 2
    acc = y.grad_fn.next_functions[0][0]
    seen = []
    acc.register_prehook(lambda go: seen.append(("pre", go[0].tolist())))
    acc.register_hook(lambda gi, go: seen.append(("post", gi, go[0].tolist())))
    y.sum().backward()
    assert seen == [("pre", [2.0, 2.0]), ("post", (), [2.0, 2.0])]


@pytest.mark.parametrize("L", LIBS, ids=IDS)
def test_node_hooks_run_under_autograd_grad_and_create_graph(L):
    x = L.tensor([1.0, 2.0], requires_grad=True)
    z = (x * x).sum()
    seen = []
    z.grad_fn.register_prehook(lambda go: seen.append(go[0].item()))
    z.grad_fn.next_functions[0][0].register_hook(lambda gi, go: seen.append(gi[0].requires_grad))
    g, = L.autograd.grad(z, x, create_graph=True)
    assert seen == [1.0, True] and g.tolist() == [2.0, 4.0]


@pytest.mark.parametrize("L", LIBS, ids=IDS)
@pytest.mark.parametrize("result, error, message", [
    (lambda gi: gi[0], TypeError, "expected tuple, but hook returned 'Tensor'"),
    (lambda gi: (gi[0], gi[0]), RuntimeError, "can't replace a None gradient with a non-None value"),
    (lambda gi: (gi[0][:1], None), RuntimeError, "has changed the size of value"),
    (lambda gi: (gi[0].double(), None), RuntimeError, "has changed the type of value"),
])
def test_node_post_hook_results_are_checked_as_torch(L, result, error, message):
    x = L.tensor([1.0, 2.0], requires_grad=True)
    y = x * L.tensor([3.0, 4.0])
    y.grad_fn.register_hook(lambda gi, go: result(gi))
    with pytest.raises(error, match=message):
        y.sum().backward()


@pytest.mark.parametrize("L", LIBS, ids=IDS)
def test_a_gradient_of_another_real_dtype_is_cast_to_its_outputs_dtype(L):
    x = L.ones(2, requires_grad=True)
    y = x * 2
    y.retain_grad()
    seen = []
    y.register_hook(lambda g: seen.append(g.dtype))
    y.backward(L.ones(2, dtype=L.float64))
    assert seen == [L.float32] and y.grad.dtype == L.float32 and x.grad.dtype == L.float32
    assert [g.dtype for g in L.autograd.grad(x * 2, [x], L.ones(2, dtype=L.int64))] == [L.float32]


@pytest.mark.parametrize("L", LIBS, ids=IDS)
def test_a_complex_gradient_of_another_precision_is_cast_to_a_complex_outputs_dtype(L):
    x = L.ones(2, dtype=L.complex64, requires_grad=True)
    (x * 2).backward(L.ones(2, dtype=L.complex128))
    assert x.grad.dtype == L.complex64 and x.grad.tolist() == [2 + 0j, 2 + 0j]


@pytest.mark.parametrize("L", LIBS, ids=IDS)
def test_a_complex_gradient_for_a_real_output_is_refused(L):
    y = L.ones(2, requires_grad=True) * 2
    with pytest.raises(RuntimeError, match="grad_output\\[0\\] has a dtype of torch.complex64 and output\\[0\\] "
                                           "has a dtype of torch.float32"):
        y.backward(L.ones(2, dtype=L.complex64))


@pytest.mark.parametrize("L", LIBS, ids=IDS)
def test_backward_of_a_complex_scalar_without_a_gradient_is_refused_as_torch(L):
    x = L.ones(3, requires_grad=True)
    with pytest.raises(RuntimeError, match="grad can be implicitly created only for real scalar outputs"):
        (x * 1j).sum().backward()


@pytest.mark.parametrize("L", LIBS, ids=IDS)
def test_a_functions_gradient_is_cast_to_its_inputs_dtype(L):
    class Double(L.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            return x * 2

        @staticmethod
        def backward(ctx, g):
            return g.double() * 2
    x = L.ones(2, requires_grad=True)
    h = x * 3
    h.retain_grad()
    Double.apply(h).sum().backward()
    assert (h.grad.dtype, x.grad.dtype, x.grad.tolist()) == (L.float32, L.float32, [6.0, 6.0])


@pytest.mark.parametrize("L", LIBS, ids=IDS)
@pytest.mark.parametrize("chain", [
    lambda F, x: F.relu(x, inplace=True).mul_(2),
    lambda F, x: x.sigmoid_().add_(1),
    lambda F, x: x.exp_().mul_(2),
    lambda F, x: x[:2].relu_().mul_(2),
], ids=["relu_", "sigmoid_", "exp_", "relu_ of a view"])
def test_changing_the_result_of_an_in_place_op_that_saves_it_makes_backward_raise(L, chain):
    x = L.tensor([1.0, -2.0, 3.0], requires_grad=True)
    y = chain(L.nn.functional, x * 1)
    with pytest.raises(RuntimeError, match="modified by an inplace operation.*is at version 2; expected version 1"):
        y.sum().backward()


@pytest.mark.parametrize("L", LIBS, ids=IDS)
def test_in_place_leaky_relu_reads_its_result_as_torchs_leaky_relu_backward1(L):
    x = L.tensor([1.0, -2.0, 3.0, 0.0], requires_grad=True)
    y = L.nn.functional.leaky_relu(x * 1, 0.2, inplace=True)
    assert type(y.grad_fn).__name__ == "LeakyReluBackward1"
    y.sum().backward()
    assert x.grad.tolist() == pytest.approx([1.0, 0.2, 1.0, 0.2])
    y = L.nn.functional.leaky_relu_(x * 1, 0.1)
    y.mul_(2)
    with pytest.raises(RuntimeError, match="modified by an inplace operation"):
        y.sum().backward()


ELU_IN_PLACE = {  # the in-place form, the out-of-place one, PyTorch's node for the in-place form
    "elu_": (lambda F, x: F.elu_(x, 0.5), lambda F, x: F.elu(x, 0.5), "EluBackward1"),
    "elu inplace": (lambda F, x: F.elu(x, 0.5, inplace=True), lambda F, x: F.elu(x, 0.5), "EluBackward1"),
    "selu inplace": (lambda F, x: F.selu(x, inplace=True), lambda F, x: F.selu(x), "EluBackward1"),
    "celu inplace": (lambda F, x: F.celu(x, 2.0, inplace=True), lambda F, x: F.celu(x, 2.0), "CeluBackward1"),
}


@pytest.mark.parametrize("L", LIBS, ids=IDS)
@pytest.mark.parametrize("case", ELU_IN_PLACE.values(), ids=ELU_IN_PLACE.keys())
def test_the_in_place_elu_family_reads_its_result_as_torchs_backward1_nodes(L, case):
    in_place, out_of_place, node = case
    x = L.tensor([1.5, -2.0, 0.0, -0.25], dtype=L.float64, requires_grad=True)
    y = in_place(L.nn.functional, x * 1)
    assert type(y.grad_fn).__name__ == node
    (gradient,) = L.autograd.grad(y.sum(), x)
    (expected,) = L.autograd.grad(out_of_place(L.nn.functional, x).sum(), x)
    assert gradient.tolist() == pytest.approx(expected.tolist(), rel=1e-15)
    y = in_place(L.nn.functional, x * 1)
    y.mul_(2)
    with pytest.raises(RuntimeError, match="modified by an inplace operation"):
        y.sum().backward()


@pytest.mark.parametrize("L", LIBS, ids=IDS)
def test_in_place_elu_with_a_negative_alpha_refuses_its_backward_as_torch(L):
    y = L.nn.functional.elu_(L.tensor([1.0, -2.0], requires_grad=True) * 1, -0.5)
    with pytest.raises(RuntimeError, match="In-place elu backward calculation is triggered with a negative slope"):
        y.sum().backward()


@pytest.mark.parametrize("L", LIBS, ids=IDS)
@pytest.mark.parametrize("training", [False, True], ids=["eval", "training"])
def test_in_place_rrelu_reads_its_result_as_torchs_rrelu_with_noise_backward1(L, training):
    x = L.tensor([1.0, -2.0, 3.0], requires_grad=True)
    y = L.nn.functional.rrelu_(x * 1, training=training)
    assert y.grad_fn.name() == "RreluWithNoiseBackward1"
    y.mul_(2)
    with pytest.raises(RuntimeError, match="modified by an inplace operation"):
        y.sum().backward()


@pytest.mark.parametrize("L", LIBS, ids=IDS)
def test_in_place_threshold_is_torchs_threshold_backward1_and_keeps_its_gradient(L):
    x = L.tensor([-1.0, 0.05, 0.5, 2.0], requires_grad=True)
    y = L.nn.functional.threshold_(x * 1, 0.1, 2.0)
    assert type(y.grad_fn).__name__ == "ThresholdBackward1"
    y.mul_(2).sum().backward()
    assert x.grad.tolist() == [0.0, 0.0, 2.0, 2.0]


@pytest.mark.parametrize("L", LIBS, ids=IDS)
def test_in_place_leaky_relu_with_a_negative_slope_refuses_its_backward_as_torch(L):
    y = L.nn.functional.leaky_relu(L.tensor([1.0, -2.0], requires_grad=True) * 1, -0.2, inplace=True)
    with pytest.raises(RuntimeError, match="In-place leakyReLu backward calculation is triggered with a negative slope"):
        y.sum().backward()


@pytest.mark.parametrize("L", LIBS, ids=IDS)
def test_a_functions_trailing_none_gradients_beyond_its_inputs_are_dropped(L):
    class Scale(L.autograd.Function):
        @staticmethod
        def forward(ctx, x, k=2.0):
            ctx.k = k
            return x * k

        @staticmethod
        def backward(ctx, g):
            return g * ctx.k, None, None
    x = L.ones(2, requires_grad=True)
    Scale.apply(x).sum().backward()
    assert x.grad.tolist() == [2.0, 2.0]


@pytest.mark.parametrize("L", LIBS, ids=IDS)
def test_a_function_returns_a_tensor_it_marked_dirty_itself_with_its_history(L):
    class Double(L.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            x.mul_(2)
            ctx.mark_dirty(x)
            return x

        @staticmethod
        def backward(ctx, g):
            return g * 2
    a = L.tensor([1.0, 2.0], requires_grad=True)
    b = a.clone()
    assert Double.apply(b) is b and type(b.grad_fn).__name__ == "DoubleBackward" and b._version == 2
    b.sum().backward()
    assert a.grad.tolist() == [2.0, 2.0]
    with pytest.raises(RuntimeError, match="a leaf Variable that requires grad has been used in an in-place"):
        Double.apply(a)


def _exp_saving_its_output(L):
    class Exp(L.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            result = x.exp()
            ctx.save_for_backward(result)
            return result

        @staticmethod
        def backward(ctx, g):
            (result,) = ctx.saved_tensors
            return g * result
    return Exp


def test_a_function_saving_its_output_is_differentiable_twice():
    grads = []
    for L in LIBS:
        x = L.tensor([0.5, -1.0], dtype=L.float64, requires_grad=True)
        (g,) = L.autograd.grad(_exp_saving_its_output(L).apply(x).sum(), x, create_graph=True)
        (gg,) = L.autograd.grad((g * g).sum(), x)
        grads.append((g.tolist(), gg.tolist()))
    assert grads[0] == grads[1]


@pytest.mark.parametrize("L", LIBS, ids=IDS)
def test_a_functions_saved_output_changed_in_place_is_named_in_the_error(L):
    y = _exp_saving_its_output(L).apply(L.tensor([0.5, -1.0], requires_grad=True))
    y.mul_(2)
    with pytest.raises(RuntimeError, match="which is output 0 of Exp, is at version 1; expected version 0"):
        y.sum().backward()


@pytest.mark.parametrize("L", LIBS, ids=IDS)
def test_a_function_saving_a_tensor_it_marked_dirty_reads_it_at_its_new_version(L):
    class Double(L.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            x.mul_(2)
            ctx.mark_dirty(x)
            ctx.save_for_backward(x)
            return x

        @staticmethod
        def backward(ctx, g):
            (x,) = ctx.saved_tensors
            return g * 2
    a = L.tensor([1.0, 2.0], requires_grad=True)
    Double.apply(a.clone()).sum().backward()
    assert a.grad.tolist() == [2.0, 2.0]


@pytest.mark.parametrize("L", LIBS, ids=IDS)
def test_a_function_gets_none_for_the_gradient_of_a_non_tensor_output(L):
    seen = []

    class Tagged(L.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            return x * 2, "tag", x * 3

        @staticmethod
        def backward(ctx, g, g_tag, g3):
            seen.append((g_tag, g3.tolist()))
            return g * 2
    x = L.tensor([1.0, 2.0], requires_grad=True)
    y, tag, _ = Tagged.apply(x)
    y.sum().backward()
    assert tag == "tag" and seen == [(None, [0.0, 0.0])] and x.grad.tolist() == [2.0, 2.0]


@pytest.mark.parametrize("L", LIBS, ids=IDS)
def test_a_function_returning_a_gradient_for_a_non_tensor_input_raises(L):
    class Scale(L.autograd.Function):
        @staticmethod
        def forward(ctx, x, k):
            return x * k

        @staticmethod
        def backward(ctx, g):
            return g, g
    y = Scale.apply(L.tensor([1.0, 2.0], requires_grad=True), 2.0)
    with pytest.raises(RuntimeError, match="returned a gradient different than None at position 2, but the "
                                           "corresponding forward input was not a Variable"):
        y.sum().backward()


@pytest.mark.parametrize("L", LIBS, ids=IDS)
def test_a_node_shows_what_it_saved_as_torchs_saved_attributes(L):
    x = L.randn(5, requires_grad=True)
    y = x.pow(2)
    assert y.grad_fn._saved_self is x and y.grad_fn._saved_exponent == 2
    y = x * x
    assert y.grad_fn._saved_self is x and y.grad_fn._saved_other is x
    y = x.exp()
    assert y.grad_fn._saved_result is not y and y.grad_fn._saved_result.equal(y)
    assert y.grad_fn._saved_result.requires_grad
    with pytest.raises(AttributeError):
        y.grad_fn._saved_self  # (exp saves its result only)
    y.sum().backward()
    with pytest.raises(RuntimeError, match="Trying to backward through the graph a second time"):
        y.grad_fn._saved_result
    with pytest.raises(AttributeError):
        y.grad_fn._saved_nothing_of_that_name


@pytest.mark.parametrize("L", LIBS, ids=IDS)
def test_dir_of_a_node_lists_its_saved_attributes_before_and_after_backward(L):
    x = L.randn(5, requires_grad=True)

    def saved(node):
        return [name for name in dir(node) if name.startswith("_saved")]
    assert saved((x * x).grad_fn) == ["_saved_other", "_saved_self"]
    assert saved(x.sin().grad_fn) == ["_saved_self"]
    y = x.exp()
    assert saved(y.grad_fn) == ["_saved_result"]
    y.sum().backward()
    assert saved(y.grad_fn) == ["_saved_result"]


#: name -> a result whose node saves values PyTorch names after pow's arguments
POWERS = {
    "tensor to a number": lambda L, x: x ** 2,
    "tensor to a fraction": lambda L, x: x.pow(0.5),
    "tensor to a tensor": lambda L, x: x ** L.tensor([2.0, 3.0], requires_grad=True),
    "int to a tensor": lambda L, x: 2 ** x,
    "float to a tensor": lambda L, x: L.pow(2.5, x),
    "complex tensor to a number": lambda L, x: L.complex(x, x) ** 3,
}


def _saved_values(node):
    names = sorted(name for name in dir(node) if name.startswith("_saved"))
    values = [getattr(node, name) for name in names]
    return names, [v.tolist() if hasattr(v, "tolist") and not isinstance(v, (int, float)) else (type(v).__name__, v)
                   for v in values]


@pytest.mark.parametrize("name", sorted(POWERS))
def test_pow_nodes_save_torchs_self_exponent_and_result(name):
    seen = [_saved_values(POWERS[name](L, L.tensor([1.0, 2.0], requires_grad=True)).grad_fn) for L in LIBS]
    assert seen[0] == seen[1]


@pytest.mark.parametrize("L", LIBS, ids=IDS)
def test_a_pow_to_a_number_has_no_saved_result(L):
    with pytest.raises(AttributeError, match="_saved_result"):
        (L.tensor([1.0, 2.0], requires_grad=True) ** 2).grad_fn._saved_result


#: name -> a result whose node saves tensors under names of PyTorch's own
NAMED_SAVES = {
    "where": lambda L, x, y: L.where(x > 0.5, x, y),
    "masked_fill": lambda L, x, y: x.masked_fill(x > 0.5, 0.0),
    "mse_loss": lambda L, x, y: L.nn.functional.mse_loss(x, y),
    "huber_loss": lambda L, x, y: L.nn.functional.huber_loss(x, y),
    "smooth_l1_loss": lambda L, x, y: L.nn.functional.smooth_l1_loss(x, y, reduction="sum"),
    "l1_loss": lambda L, x, y: L.nn.functional.l1_loss(x, y),
}


@pytest.mark.parametrize("name", sorted(NAMED_SAVES))
def test_nodes_name_their_saved_tensors_as_torchs(name):
    seen = []
    for L in LIBS:
        x, y = (L.tensor(v, requires_grad=True) for v in ([0.25, 0.75], [1.0, -1.0]))
        node = NAMED_SAVES[name](L, x, y).grad_fn
        tensors = {n: getattr(node, n) for n in dir(node) if n.startswith("_saved")}
        seen.append({n: (v is x, v is y, v.tolist()) for n, v in tensors.items() if hasattr(v, "tolist")})
    assert seen[0] == seen[1]


@pytest.mark.parametrize("L", LIBS, ids=IDS)
def test_nodes_show_no_saved_values_of_minigrads_own_making(L):
    x = L.rand(3, 4, dtype=L.float64, requires_grad=True)
    for out in (L.nn.functional.glu(x), x.masked_select(x > 0.5), L.linalg.svd(x)[1], L.linalg.qr(x)[1]):
        shown = {name for name in dir(out.grad_fn) if name.startswith("_saved")}
        assert "_saved_other" not in shown and "_saved_result" not in shown


@pytest.mark.parametrize("L", LIBS, ids=IDS)
def test_deleting_a_gradient_leaves_none(L):
    w = L.ones(2, requires_grad=True)
    (w * 2).sum().backward()
    del w.grad
    assert w.grad is None


NEXT_FUNCTIONS = {
    "to double": lambda L, x, i: x.double(),
    "half": lambda L, x, i: x.half(),
    "logit": lambda L, x, i: x.logit(1e-6),
    "logcumsumexp": lambda L, x, i: x.logcumsumexp(0),
    "cummax": lambda L, x, i: x.cummax(0)[0],
    "as_strided": lambda L, x, i: x.as_strided((2,), (1,)),
    "take": lambda L, x, i: x.take(L.tensor([0, 1])),
    "scatter of a value": lambda L, x, i: (x * 1).scatter(0, i, 2.0),
    "scatter of a source": lambda L, x, i: (x * 1).scatter(0, i, x),
    "scatter_add": lambda L, x, i: (x * 1).scatter_add(0, i, x),
    "index_add": lambda L, x, i: (x * 1).index_add(0, L.tensor([0, 1]), x),
    "index_put": lambda L, x, i: (x * 1).index_put((L.tensor([0]),), L.tensor(5.0)),
    "zero_": lambda L, x, i: (x * 1).zero_(),
    "fill_": lambda L, x, i: (x * 1).fill_(2.0),
    "threshold": lambda L, x, i: L.nn.functional.threshold(x, 0.5, 0.0),
    "nan_to_num": lambda L, x, i: x.nan_to_num(),
}


@pytest.mark.parametrize("op", NEXT_FUNCTIONS.values(), ids=NEXT_FUNCTIONS.keys())
def test_next_functions_list_the_tensor_inputs_alone_as_torchs(op):
    listed = []
    for L in LIBS:
        x = L.ones(2, 3, requires_grad=True)
        node = op(L, x, L.tensor([[0, 1, 0], [1, 0, 1]])).grad_fn
        listed.append([None if n is None else type(n).__name__ for n, _ in node.next_functions])
    assert listed[0] == listed[1]


#: how the flags of backward and autograd.grad are passed
FLAG_CALLS = {
    "Tensor.backward retain_graph": lambda L, x, v: (x * 2).sum().backward(retain_graph=v),
    "Tensor.backward create_graph": lambda L, x, v: (x * 2).sum().backward(create_graph=v),
    "autograd.backward retain_graph": lambda L, x, v: L.autograd.backward((x * 2).sum(), retain_graph=v),
    "autograd.grad retain_graph": lambda L, x, v: L.autograd.grad((x * 2).sum(), x, retain_graph=v),
    "autograd.grad create_graph": lambda L, x, v: L.autograd.grad((x * 2).sum(), x, create_graph=v),
    "autograd.grad allow_unused": lambda L, x, v: L.autograd.grad((x * 2).sum(), x, allow_unused=v),
}


@pytest.mark.parametrize("L", LIBS, ids=IDS)
@pytest.mark.parametrize("call", FLAG_CALLS)
@pytest.mark.parametrize("flag, kind", [("y", "str"), (1.5, "float"), ([], "list")], ids=["str", "float", "list"])
def test_a_backward_flag_that_is_not_an_integer_is_torchs_type_error(L, call, flag, kind):
    x = L.ones(2, requires_grad=True)
    with pytest.raises(TypeError, match=f"^'{kind}' object cannot be interpreted as an integer$"):
        FLAG_CALLS[call](L, x, flag)


@pytest.mark.parametrize("L", LIBS, ids=IDS)
def test_backward_with_create_graph_none_is_torchs_type_error(L):
    with pytest.raises(TypeError, match="'NoneType' object cannot be interpreted as an integer"):
        (L.ones(2, requires_grad=True) * 2).sum().backward(create_graph=None)


@pytest.mark.parametrize("L", LIBS, ids=IDS)
@pytest.mark.parametrize("flag", [0, 2, np.int64(1)], ids=["0", "2", "numpy int"])
def test_backward_takes_an_integer_flag_as_torch(L, flag):
    x = L.ones(2, requires_grad=True)
    y = (x * 2).sum()
    y.backward(retain_graph=flag)
    assert x.grad.tolist() == [2.0, 2.0]


@pytest.mark.parametrize("L", LIBS, ids=IDS)
@pytest.mark.parametrize("flag, message", [(256, "greater than maximum"), (-1, "less than minimum")])
def test_a_backward_flag_out_of_a_bytes_range_is_torchs_overflow_error(L, flag, message):
    with pytest.raises(OverflowError, match=f"unsigned byte integer is {message}"):
        (L.ones(2, requires_grad=True) * 2).sum().backward(retain_graph=flag)


@pytest.mark.parametrize("L", LIBS, ids=IDS)
def test_backward_with_an_input_that_is_not_a_tensor_is_torchs_runtime_error(L):
    x = L.ones(2, requires_grad=True)
    with pytest.raises(RuntimeError, match="all inputs have to be Tensors or GradientEdges, but got str"):
        (x * 2).sum().backward(inputs=[x, "a"])


def _doubling(L, forward):
    return type("Doubling", (L.autograd.Function,), {"forward": staticmethod(forward),
                                                      "backward": staticmethod(lambda ctx, g: g * 2)})


@pytest.mark.parametrize("L", LIBS, ids=IDS)
def test_a_functions_saved_tensors_are_freed_by_backward_even_when_it_saved_none(L):
    y = _doubling(L, lambda ctx, x: x * 2).apply(L.tensor([1.0, 2.0], requires_grad=True))
    assert y.grad_fn.saved_tensors == ()
    y.sum().backward()
    with pytest.raises(RuntimeError, match="Trying to backward through the graph a second time"):
        y.grad_fn.saved_tensors


@pytest.mark.parametrize("L", LIBS, ids=IDS)
def test_a_function_marking_dirty_a_tensor_it_does_not_return_raises(L):
    def forward(ctx, x):
        x.mul_(2)
        ctx.mark_dirty(x)
        return x * 1
    with pytest.raises(RuntimeError, match="Some elements marked as dirty during the forward method were not "
                                           "returned as output"):
        _doubling(L, forward).apply(L.tensor([1.0, 2.0], requires_grad=True) * 1)


@pytest.mark.parametrize("L", LIBS, ids=IDS)
def test_a_function_marking_dirty_a_tensor_that_is_not_an_input_warns(L):
    def forward(ctx, x):
        y = x * 2
        ctx.mark_dirty(y)
        return y
    with pytest.warns(UserWarning, match=r"ctx.mark_dirty\(\) received a tensor that was not an input"):
        y = _doubling(L, forward).apply(L.tensor([1.0, 2.0], requires_grad=True))
    assert y.tolist() == [2.0, 4.0]


def test_a_functions_next_functions_list_only_its_tensor_arguments():
    names = []
    for L in LIBS:
        x, z = L.ones(2, requires_grad=True), L.ones(2)
        y = _doubling(L, lambda ctx, x, k, z: x * k + z).apply(x * 1, 2.0, z)
        names.append([(None if node is None else type(node).__name__, nr) for node, nr in y.grad_fn.next_functions])
    assert names[0] == names[1] == [("MulBackward0", 0), (None, 0)]


@pytest.mark.parametrize("L", LIBS, ids=IDS)
def test_instantiating_a_function_warns_that_its_methods_are_static(L):
    with pytest.warns(DeprecationWarning, match="should not be instantiated. Methods on autograd functions are all "
                                                "static"):
        _doubling(L, lambda ctx, x: x * 2)()


@pytest.mark.parametrize("L", LIBS, ids=IDS)
def test_materialized_grads_require_grad_under_create_graph(L):
    x, unused = L.ones(2, requires_grad=True), L.ones(2, requires_grad=True)
    _, zeros = L.autograd.grad((x * x).sum(), (x, unused), materialize_grads=True, create_graph=True)
    assert zeros.tolist() == [0.0, 0.0] and zeros.requires_grad


@pytest.mark.parametrize("L", LIBS, ids=IDS)
def test_batched_materialized_grads_of_an_unused_input_are_shaped_as_the_input(L):
    x, unused = L.ones(3, requires_grad=True), L.ones(3, requires_grad=True)
    g, zeros = L.autograd.grad(x * x, (x, unused), L.eye(3), is_grads_batched=True, materialize_grads=True)
    assert g.shape == (3, 3) and zeros.shape == (3,) and zeros.tolist() == [0.0, 0.0, 0.0]


@pytest.mark.parametrize("L", LIBS, ids=IDS)
def test_node_hooks_of_a_split_see_every_outputs_gradient_none_where_none_arrived(L):
    x = L.tensor([0.0, 1.0, 2.0], requires_grad=True)
    a, b, c = x.unbind()
    seen = []
    a.grad_fn.register_hook(lambda gi, go: seen.append([None if g is None else g.item() for g in go]))
    (a * 2 + b).backward()
    assert seen == [[2.0, 1.0, None]]


@pytest.mark.parametrize("L", LIBS, ids=IDS)
def test_a_split_nodes_prehook_may_replace_its_outputs_gradients(L):
    x = L.tensor([0.0, 1.0, 2.0], requires_grad=True)
    a, b, c = x.unbind()
    b.grad_fn.register_prehook(lambda go: (go[0] * 10, go[1], go[2]))
    (a * 2 + b * c).backward()
    assert x.grad.tolist() == [20.0, 2.0, 1.0]


@pytest.mark.parametrize("L", LIBS, ids=IDS)
def test_a_split_nodes_prehook_returning_too_few_gradients_raises(L):
    a, b = L.arange(4.0, requires_grad=True).split(2)
    a.grad_fn.register_prehook(lambda go: (go[0],))
    with pytest.raises(RuntimeError, match=r"incorrect number of values \(got 1, but expected 2\)"):
        (a.sum() + b.sum()).backward()


@pytest.mark.parametrize("L", LIBS, ids=IDS)
@pytest.mark.parametrize("shape", [(2, 3), (20, 30)], ids=["small", "large"])
def test_a_hook_after_a_sum_sees_the_gradient_expanded(L, shape):
    x = L.ones(shape, requires_grad=True)
    seen = []
    y = x * 2
    y.register_hook(lambda g: seen.append((g.stride(), g.is_contiguous())))
    y.sum().backward()
    y = x * 2
    y.register_hook(lambda g: seen.append((g.stride(), g.is_contiguous())))
    y.sum(0).sum().backward()
    assert seen == [((0, 0), False), ((0, 0), False)]


@pytest.mark.parametrize("L", LIBS, ids=IDS)
def test_a_hook_after_a_mean_sees_a_contiguous_gradient(L):
    x = L.ones(4, 5, requires_grad=True)
    seen = []
    for reduce in (lambda y: y.mean(), lambda y: y.mean(0).sum()):
        y = x * 2
        y.register_hook(lambda g: seen.append((g.stride(), g.is_contiguous())))
        reduce(y).backward()
    assert seen == [((5, 1), True), ((5, 1), True)]


@pytest.mark.parametrize("L", LIBS, ids=IDS)
def test_an_in_place_change_of_an_expanded_hook_gradient_is_refused(L):
    x = L.ones(2, 3, requires_grad=True)
    y = x * 2
    y.register_hook(lambda g: g.add_(1))
    with pytest.raises(RuntimeError, match="^unsupported operation: more than one element of the written-to tensor "
                                           "refers to a single memory location"):
        y.sum().backward()


@pytest.mark.parametrize("L", LIBS, ids=IDS)
def test_a_leaf_hook_sees_the_expanded_gradient_and_grad_is_contiguous(L):
    x = L.ones(2, 3, requires_grad=True)
    seen = []
    x.register_hook(lambda g: seen.append(g.stride()))
    x.sum().backward()
    assert seen == [(0, 0)]
    assert x.grad.stride() == (3, 1) and x.grad.tolist() == [[1.0] * 3] * 2


@pytest.mark.parametrize("L", LIBS, ids=IDS)
def test_a_leaf_hooks_replacement_gradient_is_copied_into_grad(L):
    x = L.ones(2, requires_grad=True)
    kept = L.full((2,), 3.0)
    x.register_hook(lambda g: kept)
    x.sum().backward()
    x.sum().backward()
    assert x.grad.tolist() == [6.0, 6.0] and kept.tolist() == [3.0, 3.0]


@pytest.mark.parametrize("L", LIBS, ids=IDS)
def test_a_linear_nodes_hook_sees_bias_input_and_transposed_weight_gradients(L):
    layer = L.nn.Linear(3, 2)
    x = L.ones(4, 3, requires_grad=True)
    seen = []
    for bias in (layer.bias, None):
        y = L.nn.functional.linear(x, layer.weight, bias)
        y.grad_fn.register_hook(lambda gi, go: seen.append([None if g is None else tuple(g.shape) for g in gi]))
        y.sum().backward()
    assert seen == [[(2,), (4, 3), (3, 2)], [(4, 3), (3, 2)]]


@pytest.mark.parametrize("L", LIBS, ids=IDS)
def test_a_linear_nodes_hook_replaces_the_gradients_it_returns(L):
    layer = L.nn.Linear(3, 2)
    x = L.ones(4, 3, requires_grad=True)
    y = layer(x)
    y.grad_fn.register_hook(lambda gi, go: (gi[0] * 0, gi[1] * 2, gi[2] * 3))
    y.sum().backward()
    assert layer.bias.grad.tolist() == [0.0, 0.0]
    assert x.grad.tolist() == (2 * layer.weight.sum(0)).detach().expand(4, 3).tolist()
    assert layer.weight.grad.tolist() == [[12.0] * 3] * 2


@pytest.mark.parametrize("L", LIBS, ids=IDS)
def test_a_batch_norm_nodes_hook_sees_the_parameters_gradients_in_their_shape(L):
    norm = L.nn.BatchNorm2d(3)
    y = norm(L.arange(24.0).reshape(2, 3, 2, 2))
    seen = []
    y.grad_fn.register_hook(lambda gi, go: seen.append([None if g is None else tuple(g.shape) for g in gi]))
    (y * y).sum().backward()
    assert seen == [[None, (3,), (3,)]]


def _once_differentiable_square(L):
    class Square(L.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(x)
            return x * x

        @staticmethod
        @L.autograd.function.once_differentiable
        def backward(ctx, g):
            x, = ctx.saved_tensors
            return 2 * x * g
    return Square


@pytest.mark.parametrize("L", LIBS, ids=IDS)
def test_a_once_differentiable_gradient_from_a_seed_needs_no_grad(L):
    x = L.tensor([1.0, 2.0], requires_grad=True)
    g, = L.autograd.grad(_once_differentiable_square(L).apply(x).sum(), x, create_graph=True)
    assert not g.requires_grad and g.grad_fn is None


@pytest.mark.parametrize("L", LIBS, ids=IDS)
def test_differentiating_a_once_differentiable_backward_again_raises(L):
    x = L.tensor([1.0, 2.0], requires_grad=True)
    y = _once_differentiable_square(L).apply(x * 1)
    g, = L.autograd.grad((y * y).sum(), x, create_graph=True)
    assert g.requires_grad
    with pytest.raises(RuntimeError, match="^trying to differentiate twice a function that was marked with "
                                           "@once_differentiable$"):
        g.sum().backward()
    with pytest.raises(RuntimeError, match="^The differentiated Tensor at index 0 appears to not have been used"):
        L.autograd.grad(g.sum(), x)


def _doubling_function(L, style):
    """A Function doubling its input: forward taking ``ctx`` ("ctx"), or with ``setup_context``
    ("setup"), and that with a generated vmap rule ("vmappable")."""
    if style == "ctx":
        class Double(L.autograd.Function):
            @staticmethod
            def forward(ctx, x):
                return x * 2

            @staticmethod
            def backward(ctx, g):
                return g * 2
        return Double

    class Double(L.autograd.Function):
        generate_vmap_rule = style == "vmappable"

        @staticmethod
        def forward(x):
            return x * 2

        @staticmethod
        def setup_context(ctx, inputs, output):
            pass

        @staticmethod
        def backward(ctx, g):
            return g * 2

        @staticmethod
        def jvp(ctx, t):
            return t * 2
    return Double


SETUP_CONTEXT_NEEDED = "^In order to use an autograd.Function with functorch transforms"
VMAP_RULE_NEEDED = "^You tried to vmap over Double, but it does not have vmap support"
TRANSFORMS = {
    "vmap": lambda L, f: L.func.vmap(f)(L.ones(3, 2)),
    "vmap_of_a_constant": lambda L, f: L.func.vmap(lambda a: a + f(L.ones(2)))(L.ones(3, 2)),
    "grad": lambda L, f: L.func.grad(lambda a: f(a).sum())(L.ones(2)),
    "jacrev": lambda L, f: L.func.jacrev(f)(L.ones(2)),
    "jacfwd": lambda L, f: L.func.jacfwd(f)(L.ones(2)),
    "hessian": lambda L, f: L.func.hessian(lambda a: f(a).sum())(L.ones(2)),
    "vjp": lambda L, f: L.func.vjp(f, L.ones(2))[0],
}
REFUSALS = {("ctx", name): SETUP_CONTEXT_NEEDED for name in TRANSFORMS}
REFUSALS.update({("setup", name): VMAP_RULE_NEEDED for name in ("vmap", "vmap_of_a_constant", "jacfwd", "hessian")})


@pytest.mark.parametrize("L", LIBS, ids=IDS)
@pytest.mark.parametrize("style", ["ctx", "setup", "vmappable"])
@pytest.mark.parametrize("transform", TRANSFORMS)
def test_functions_under_func_transforms_run_or_are_refused_as_torchs(L, style, transform):
    f = _doubling_function(L, style).apply
    refusal = REFUSALS.get((style, transform))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # (torch.func.jacfwd's first call, inside PyTorch)
        if refusal is None:
            TRANSFORMS[transform](L, f)
        else:
            with pytest.raises(RuntimeError, match=refusal):
                TRANSFORMS[transform](L, f)


@pytest.mark.parametrize("L", LIBS, ids=IDS)
@pytest.mark.parametrize("write, expected", [
    (lambda g: g.fill_(2.), 2.0), (lambda g: g.zero_(), 0.0), (lambda g: g.__setitem__((0, 1), 5.), 5.0),
], ids=["fill_", "zero_", "an element"])
def test_a_hook_may_write_into_the_expanded_gradient_of_a_sum_leaving_later_passes_alone(L, write, expected):
    x = L.ones(2, 3, requires_grad=True)
    handle = x.register_hook(write)
    x.sum().backward()
    assert x.grad.tolist() == [[expected] * 3] * 2  # (its elements are one memory location)
    handle.remove()
    x.grad = None
    x.sum().backward()
    assert x.grad.tolist() == [[1.0] * 3] * 2


@pytest.mark.parametrize("L", LIBS, ids=IDS)
def test_a_hook_may_write_into_a_row_of_a_gradient_expanded_along_a_dim(L):
    x = L.ones(2, 3, requires_grad=True)
    x.register_hook(lambda g: g.__setitem__((0, 1), 5.))
    (x.sum(0) * L.tensor([1., 2., 3.])).sum().backward()
    assert x.grad.tolist() == [[1.0, 5.0, 3.0]] * 2


@pytest.mark.parametrize("L", LIBS, ids=IDS)
def test_a_hook_may_fill_the_implicit_gradient_of_a_scalar(L):
    x = L.ones(3, requires_grad=True)
    y = (x * 2).sum()
    y.register_hook(lambda g: g.fill_(3.))
    y.backward()
    assert x.grad.tolist() == [6.0] * 3
    x.grad = None
    (x * 2).sum().backward()
    assert x.grad.tolist() == [2.0] * 3


@pytest.mark.parametrize("L", LIBS, ids=IDS)
def test_filling_the_expanded_result_of_autograd_grad_leaves_the_next_call_alone(L):
    x = L.ones(2, 3, requires_grad=True)
    g, = L.autograd.grad(x.sum(), x)
    g.fill_(3.)
    again, = L.autograd.grad(x.sum(), x)
    assert (g.tolist(), again.tolist(), g.stride()) == ([[3.0] * 3] * 2, [[1.0] * 3] * 2, (0, 0))


@pytest.mark.parametrize("L", LIBS, ids=IDS)
def test_a_view_retaining_its_gradient_keeps_it_after_its_base_changes_in_place(L):
    x = L.ones(4, requires_grad=True)
    y = x * 2
    v = y[1:]
    v.retain_grad()
    y.mul_(3)
    (v * L.arange(3.)).sum().backward()
    assert (v.grad.tolist(), x.grad.tolist()) == ([0.0, 1.0, 2.0], [0.0, 0.0, 6.0, 12.0])


@pytest.mark.parametrize("L", LIBS, ids=IDS)
def test_backward_with_a_non_leaf_input_runs_its_node_freeing_what_it_saved(L):
    x = L.ones(2, requires_grad=True)
    y = x.exp()
    ran = []
    y.grad_fn.register_hook(lambda grad_inputs, grad_outputs: ran.append(True))
    (y * y).sum().backward(inputs=[y])
    assert ran == [True] and x.grad is None
    with pytest.raises(RuntimeError, match="^Trying to backward through the graph a second time"):
        y.sum().backward()


@pytest.mark.parametrize("L", LIBS, ids=IDS)
def test_autograd_grad_of_a_non_leaf_input_leaves_its_node_alone(L):
    x = L.ones(2, requires_grad=True)
    y = x.exp()
    L.autograd.grad((y * y).sum(), y)
    y.sum().backward()
    assert x.grad.tolist() == pytest.approx([np.e] * 2)
