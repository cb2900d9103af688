"""``autograd.graph``: saved-tensor hooks (pack when an op records, unpack when backward reads),
``save_on_cpu``, ``disable_saved_tensors_hooks``, ``get_gradient_edge`` and ``increment_version``,
against PyTorch."""
import numpy as np
import pytest
import torch
import torch.autograd.graph

import minigrad
import minigrad.autograd.graph
from minigrad.autograd.op import Op

LIBS = pytest.mark.parametrize("lib", [minigrad, torch], ids=["minigrad", "torch"])
X = np.array([0.5, -1.25, 2.0])


@LIBS
def test_pack_sees_each_saved_value_as_a_tensor_and_unpack_feeds_backward(lib):
    shapes = []

    def pack(t):
        shapes.append(tuple(t.shape))
        return t * 2  # (unpack undoes it: the gradient is unchanged)

    def unpack(t):
        return t / 2
    x = lib.tensor(X, requires_grad=True)
    with lib.autograd.graph.saved_tensors_hooks(pack, unpack):
        y = x.pow(2) * x.sin()
    y.sum().backward()
    assert shapes == [(3,)] * 4
    np.testing.assert_allclose(x.grad.numpy(), 2 * X * np.sin(X) + X ** 2 * np.cos(X), rtol=1e-12)


@LIBS
def test_an_unpack_hook_that_changes_the_value_changes_the_gradient(lib):
    x = lib.tensor(X, requires_grad=True)
    with lib.autograd.graph.saved_tensors_hooks(lambda t: t, lambda t: t * 0 + 1):
        y = x * x
    y.sum().backward()
    np.testing.assert_array_equal(x.grad.numpy(), [2.0, 2.0, 2.0])


@LIBS
def test_save_on_cpu_keeps_gradients(lib):
    x = lib.tensor(X, requires_grad=True)
    with lib.autograd.graph.save_on_cpu():
        z = (x * x.exp()).sum()
    z.backward()
    np.testing.assert_allclose(x.grad.numpy(), np.exp(X) * (1 + X), rtol=1e-12)


@LIBS
def test_saved_tensor_hooks_inside_a_disabling_block_raise_its_message(lib):
    with lib.autograd.graph.disable_saved_tensors_hooks("hooks are off here"):
        with pytest.raises(RuntimeError, match="hooks are off here"):
            with lib.autograd.graph.saved_tensors_hooks(lambda t: t, lambda t: t):
                pass


def test_recording_is_unwrapped_after_the_outermost_block():
    fast = Op.__dict__["_apply_fast"]
    with minigrad.autograd.graph.saved_tensors_hooks(lambda t: t, lambda t: t):
        with minigrad.autograd.graph.saved_tensors_hooks(lambda t: t, lambda t: t):
            pass
        assert Op.__dict__["_apply_fast"] is not fast
    assert Op.__dict__["_apply_fast"] is fast


@LIBS
def test_gradient_edge_is_the_grad_fn_or_the_leafs_accumulator(lib):
    x = lib.tensor(X, requires_grad=True)
    y = x * 2
    edge = lib.autograd.graph.get_gradient_edge(y)
    assert edge.node is y.grad_fn and edge.output_nr == 0
    assert type(lib.autograd.graph.get_gradient_edge(x).node).__name__ == "AccumulateGrad"


@LIBS
def test_increment_version_makes_backward_refuse_a_saved_tensor(lib):
    x = lib.tensor(X, requires_grad=True)
    a = x * 1
    y = a * a
    lib.autograd.graph.increment_version(a)
    with pytest.raises(RuntimeError, match="modified by an inplace operation"):
        y.sum().backward()


def _custom_function(lib):
    class Scaled(lib.autograd.Function):
        @staticmethod
        def forward(ctx, x, y):
            out = x * x * y
            ctx.save_for_backward(x, y, out)
            return out

        @staticmethod
        def backward(ctx, g):
            x, y, out = ctx.saved_tensors
            return g * 2 * x * y + out, g * x * x
    return Scaled


@LIBS
def test_a_custom_functions_saved_tensors_go_through_pack_when_it_records_and_unpack_when_read(lib):
    log = []

    def pack(t):
        log.append(("pack", t.detach().numpy().tolist(), t.requires_grad))
        return t * 10

    def unpack(t):
        log.append("unpack")
        return t
    x = lib.tensor([1.0, 2.0], dtype=lib.float64, requires_grad=True)
    y = lib.tensor([3.0, 4.0], dtype=lib.float64)
    with lib.autograd.graph.saved_tensors_hooks(pack, unpack):
        z = _custom_function(lib).apply(x, y)
    log.append("forward done")
    z.sum().backward()
    assert log == [("pack", [1.0, 2.0], True), ("pack", [3.0, 4.0], False), ("pack", [3.0, 16.0], True),
                   "forward done", "unpack", "unpack", "unpack"]
    # (backward computes with the unpacked values, each 10 times the saved one)
    np.testing.assert_allclose(x.grad.numpy(), 2 * 100 * np.array([3.0, 8.0]) + 10 * np.array([3.0, 16.0]), rtol=1e-7)


@LIBS
def test_each_read_of_saved_tensors_unpacks_again_and_unpacks_value_is_used(lib):
    calls = []

    class Twice(lib.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(x)
            return x * 2

        @staticmethod
        def backward(ctx, g):
            a, = ctx.saved_tensors
            b, = ctx.saved_tensors
            return g * (a + b)
    x = lib.tensor([1.0, 2.0], dtype=lib.float64, requires_grad=True)
    with lib.autograd.graph.saved_tensors_hooks(lambda t: t, lambda t: calls.append(1) or t * 0 + 1):
        z = Twice.apply(x)
    z.sum().backward()
    assert len(calls) == 2
    np.testing.assert_array_equal(x.grad.numpy(), [2.0, 2.0])


@LIBS
def test_an_unpack_hook_returning_no_tensor_raises_torchs_type_error(lib):
    x = lib.tensor([1.0, 2.0], dtype=lib.float64, requires_grad=True)
    with lib.autograd.graph.saved_tensors_hooks(lambda t: t, lambda t: 5):
        z = _custom_function(lib).apply(x, x.detach())
        w = x * x
    message = "Output of saved tensor unpack_hook expected to be a Tensor but got result of type int"
    for loss in (z.sum(), w.sum()):
        with pytest.raises(TypeError, match=message):
            loss.backward()


@LIBS
def test_an_unrecorded_custom_function_packs_nothing_and_hooks_skip_its_version_check(lib):
    log = []
    with lib.autograd.graph.saved_tensors_hooks(lambda t: log.append(1) or t, lambda t: t):
        _custom_function(lib).apply(lib.tensor([1.0]), lib.tensor([2.0]))
    assert log == []
    x = lib.tensor([1.0, 2.0], dtype=lib.float64, requires_grad=True)
    with lib.autograd.graph.saved_tensors_hooks(lambda t: t, lambda t: t):
        a = x * 1
        z = _custom_function(lib).apply(a, lib.tensor([3.0, 4.0], dtype=lib.float64))
    with lib.no_grad():
        a.add_(1)
    z.sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), 2 * np.array([2.0, 3.0]) * [3.0, 4.0] + [3.0, 16.0], rtol=1e-7)


def _logging_hooks(log):
    def pack(t):
        log.append(("pack", t.tolist()))
        return t * 2

    def unpack(t):
        log.append(("unpack", t.tolist()))
        return t / 2
    return pack, unpack


@LIBS
def test_a_packed_value_read_as_saved_attribute_is_unpacked(lib):
    log = []
    x = lib.tensor([1.0, 2.0], dtype=lib.float64, requires_grad=True)
    with lib.autograd.graph.saved_tensors_hooks(*_logging_hooks(log)):
        y = x.exp()
    result = y.grad_fn._saved_result
    assert result.grad_fn is y.grad_fn
    np.testing.assert_allclose(result.detach().numpy(), np.exp([1.0, 2.0]), rtol=1e-15)
    assert [kind for kind, _ in log] == ["pack", "unpack"]


@LIBS
def test_a_node_hook_registered_after_packing_runs_with_unpacked_values(lib):
    log = []
    x = lib.tensor([1.0, 2.0], dtype=lib.float64, requires_grad=True)
    with lib.autograd.graph.saved_tensors_hooks(*_logging_hooks(log)):
        y = x.exp()
    y.grad_fn.register_hook(lambda grad_inputs, grad_outputs: log.append("node hook"))
    y.sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), np.exp([1.0, 2.0]), rtol=1e-15)
    assert [entry if isinstance(entry, str) else entry[0] for entry in log] == ["pack", "unpack", "node hook"]


@LIBS
def test_raw_saved_tensor_register_hooks_packs_now_and_unpacks_in_backward(lib):
    log = []
    x = lib.tensor([1.0, 2.0], dtype=lib.float64, requires_grad=True)
    y = x.pow(2)
    raw = y.grad_fn._raw_saved_self
    assert raw is y.grad_fn._raw_saved_self
    raw.register_hooks(*_logging_hooks(log))
    assert log == [("pack", [1.0, 2.0])]
    y.sum().backward(retain_graph=True)
    y.sum().backward()
    assert log == [("pack", [1.0, 2.0]), ("unpack", [2.0, 4.0]), ("unpack", [2.0, 4.0])]
    assert x.grad.tolist() == [4.0, 8.0]


@LIBS
def test_raw_saved_tensor_hooks_are_refused_when_set_or_freed_or_undefined(lib):
    x = lib.tensor([1.0, 2.0], requires_grad=True)
    hooks = (lambda t: t, lambda t: t)
    with lib.autograd.graph.saved_tensors_hooks(*hooks):
        y = x.exp()
    with pytest.raises(RuntimeError, match="^Calling register_hooks on a saved tensor whose hooks have already been "
                                           "set. Hint: only one pair of hooks is allowed at a time.$"):
        y.grad_fn._raw_saved_result.register_hooks(*hooks)
    y.sum().backward()
    with pytest.raises(RuntimeError, match="^Calling register_hooks on a saved tensor after it has been freed"):
        y.grad_fn._raw_saved_result.register_hooks(*hooks)
    with pytest.raises(RuntimeError, match="^Calling register_hooks on a saved tensor with value None is forbidden$"):
        (x * 3).grad_fn._raw_saved_self.register_hooks(*hooks)
    with pytest.raises(AttributeError, match="^'PowBackward0' object has no attribute '_raw_saved_exponent'$"):
        x.pow(2).grad_fn._raw_saved_exponent


@LIBS
def test_pack_sees_the_saved_arguments_and_output_themselves(lib):
    x = lib.tensor(X, requires_grad=True)
    weight = lib.nn.Parameter(lib.ones(3, dtype=lib.float64))
    seen = []

    def pack(t):
        seen.append(("x" if t is x else "weight" if t is weight else t.grad_fn.name(), t.requires_grad))
        return t
    with lib.autograd.graph.saved_tensors_hooks(pack, lambda t: t):
        (x * weight).exp()
    assert sorted(seen) == [("ExpBackward0", True), ("weight", True), ("x", True)]


@LIBS
def test_what_pack_itself_computes_is_not_packed(lib):
    x = lib.tensor(X, requires_grad=True)
    calls = []

    def pack(t):
        calls.append(1)
        return t * t  # (records a product saving t twice: not handed to pack again)
    with lib.autograd.graph.saved_tensors_hooks(pack, lambda t: t.sqrt()):
        y = x.exp()
    y.sum().backward()
    assert len(calls) == 1
    np.testing.assert_allclose(x.grad.numpy(), np.exp(X), rtol=1e-12)


PACK_ORDER_CASES = {  # the call on a (2, 3) and a (1, 3) tensor: PyTorch packs saved inputs sorted by name
    "mul": lambda L, a, b: a * b,
    "div": lambda L, a, b: a / b,
    "mul_by_a_0d_tensor": lambda L, a, b: a * b.sum(),
    "pow": lambda L, a, b: a ** b,
    "atan2": lambda L, a, b: L.atan2(a, b),
    "maximum": lambda L, a, b: L.maximum(a, b),
    "hypot": lambda L, a, b: L.hypot(a, b),
    "lerp": lambda L, a, b: L.lerp(a, b, a),
    "mm": lambda L, a, b: a.mm(b.T),
    "bmm": lambda L, a, b: a[None].bmm(b.T[None]),
    "mv": lambda L, a, b: a.mv(b[0]),
    "linear": lambda L, a, b: L.nn.functional.linear(a, b, b[0, :1]),
    "linear_without_bias": lambda L, a, b: L.nn.functional.linear(a, b),
}


@pytest.mark.parametrize("case", PACK_ORDER_CASES)
def test_saved_values_are_packed_in_torchs_order(case):
    orders = []
    for L in (minigrad, torch):
        a = L.tensor(np.arange(1.0, 7.0).reshape(2, 3), requires_grad=True)
        b = L.tensor([[1.5, 2.5, 0.5]], dtype=L.float64, requires_grad=True)
        sums = []  # (which value was packed: a sum tells them apart, a transposed weight's too)
        with L.autograd.graph.saved_tensors_hooks(lambda t: sums.append(round(t.sum().item(), 6)) or t, lambda t: t):
            PACK_ORDER_CASES[case](L, a, b)
        orders.append(sums)
    assert orders[0] == orders[1]


@LIBS
def test_a_product_saves_its_operands_under_torchs_names(lib):
    a, b = lib.ones(2, 3, requires_grad=True), lib.ones(3, 4, requires_grad=True)
    mm, mv, dot = a.mm(b).grad_fn, a.mv(b[:, 0]).grad_fn, b[:, 0].dot(b[:, 1]).grad_fn
    assert mm._saved_self.shape == (2, 3) and mm._saved_mat2.shape == (3, 4)
    assert mv._saved_self.shape == (2, 3) and mv._saved_vec.shape == (3,)
    assert dot._saved_self.shape == (3,) and dot._saved_tensor.shape == (3,)


@LIBS
def test_an_unpack_hook_of_another_shape_raises_torchs_broadcast_error(lib):
    a, b = lib.ones(3, requires_grad=True), lib.ones(3, requires_grad=True)
    with lib.autograd.graph.saved_tensors_hooks(lambda t: t, lambda t: t[:2]):
        y = a * b
    with pytest.raises(RuntimeError, match=r"^The size of tensor a \(3\) must match the size of tensor b \(2\) at "
                                           r"non-singleton dimension 0$"):
        y.sum().backward()


@pytest.mark.parametrize("name", ["softmax", "log_softmax"])
def test_softmax_saves_its_result_alone_as_torchs(name):
    seen = []
    for lib in (minigrad, torch):
        x = lib.tensor(np.arange(12.0).reshape(4, 3) / 7, requires_grad=True)
        packed = []
        with lib.autograd.graph.saved_tensors_hooks(lambda t: packed.append(t) or t, lambda t: t):
            y = getattr(lib.nn.functional, name)(x, 1)
        node = y.grad_fn
        seen.append(([t is y for t in packed], [n for n in dir(node) if n.startswith("_saved")], node._saved_dim))
    assert seen[0] == seen[1]


@LIBS
def test_a_value_packed_by_hooks_is_not_checked_against_in_place_changes(lib):
    x = lib.tensor(X, requires_grad=True)
    with lib.autograd.graph.saved_tensors_hooks(lambda t: t.clone(), lambda t: t):
        y = x.clone()
        z = y * y
        y.add_(1)  # (the packed clone keeps the old values: no version error, as PyTorch's)
    z.sum().backward()
    assert x.grad.tolist() == (2 * X).tolist()


def _saved_changed_in_place(lib, change):
    with lib.autograd.graph.allow_mutation_on_saved_tensors():
        x = lib.tensor(X, requires_grad=True)
        y = x.clone()
        z = y * y
        change(y)
        z.sum().backward()
        return x.grad.tolist(), y.tolist()


@pytest.mark.parametrize("change", [lambda y: y.sin_(), lambda y: (y.add_(1), y.mul_(2)), lambda y: y[1:].mul_(2)],
                         ids=["once", "twice", "through a view"])
def test_allow_mutation_on_saved_tensors_clones_what_a_change_would_alter(change):
    ours, theirs = (_saved_changed_in_place(lib, change) for lib in (minigrad, torch))
    np.testing.assert_allclose(ours, theirs, rtol=1e-7)


@LIBS
def test_allow_mutation_on_saved_tensors_refuses_nesting_and_a_backward_outside(lib):
    graph = lib.autograd.graph
    with graph.allow_mutation_on_saved_tensors():
        with pytest.raises(RuntimeError, match="^allow_mutation_on_saved_tensors contexts cannot be nested$"):
            with graph.allow_mutation_on_saved_tensors():
                pass
        x = lib.tensor(X, requires_grad=True)
        z = (x.clone() ** 2).sum()
    with pytest.raises(AssertionError, match="^Trying to backward outside of the 'allow_mutation_on_saved_tensors'"):
        z.backward()
