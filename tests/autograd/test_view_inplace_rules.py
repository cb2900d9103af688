"""In-place changes of views PyTorch refuses or treats apart (its view CreationMeta), and the strides
of unsqueezed views, compared with PyTorch: each test runs the same code on both libraries."""
import pytest

import minigrad
import torch


def outcome(lib, program):
    """What ``program(lib)`` gives: ('ok', result) or ('error', type, message)."""
    try:
        return ("ok", program(lib))
    except RuntimeError as error:
        return ("error", type(error).__name__, str(error))


def assert_same(program):
    expected, got = outcome(torch, program), outcome(minigrad, program)
    assert got == expected


def grid(lib, requires_grad=True):
    return lib.tensor([[0., 1., 2.], [3., 4., 5.], [6., 7., 8.], [9., 10., 11.]], requires_grad=requires_grad)


def test_view_of_a_split_output_refuses_in_place_change():
    def program(lib):
        a, _ = (grid(lib) * 2).split(2)
        a[0].mul_(2)
    assert_same(program)


def test_reshaped_unbind_output_refuses_in_place_change():
    def program(lib):
        rows = (grid(lib) * 2).unbind(1)
        rows[2].unsqueeze(0).mul_(2)
    assert_same(program)


def test_split_output_of_a_tensor_outside_the_graph_refuses_a_change_that_requires_grad():
    def program(lib):
        a, _ = grid(lib, requires_grad=False).split(2)
        a.mul_(lib.ones(3, requires_grad=True))
    assert_same(program)


def test_split_output_of_a_tensor_outside_the_graph_takes_a_plain_change():
    def program(lib):
        x = grid(lib, requires_grad=False)
        a, _ = x.split(2)
        a.add_(1)
        return x.tolist()
    assert_same(program)


def test_unsafe_split_output_is_no_view():
    def program(lib):
        y = grid(lib) * 1
        a, _ = y.unsafe_split(2)
        a.mul_(2)
        return a._is_view(), y._version, a._version, type(y.grad_fn).__name__, y.tolist()
    assert_same(program)


def test_view_made_in_no_grad_refuses_in_place_change_in_grad_mode():
    def program(lib):
        y = grid(lib) * 2
        with lib.no_grad():
            v = y[0]
        v.mul_(2)
    assert_same(program)


def test_split_made_in_no_grad_refuses_in_place_change_in_grad_mode():
    def program(lib):
        y = grid(lib) * 2
        with lib.no_grad():
            a, _ = y.split(2)
        a.mul_(2)
    assert_same(program)


def test_view_made_in_no_grad_refuses_a_change_that_requires_grad():
    def program(lib):
        x = grid(lib, requires_grad=False)
        with lib.no_grad():
            v = x[0]
        v.mul_(lib.ones(3, requires_grad=True))
    assert_same(program)


def test_view_made_in_no_grad_takes_a_change_in_no_grad():
    def program(lib):
        y = grid(lib) * 2
        with lib.no_grad():
            v = y[0]
            v.mul_(2)
        return y.tolist()
    assert_same(program)


def test_view_made_in_inference_mode_refuses_in_place_change_in_normal_mode():
    def program(lib):
        y = grid(lib) * 2
        with lib.inference_mode():
            v = y[0]
        v.mul_(2)
    assert_same(program)


@pytest.mark.parametrize("dim", range(-4, 4))
def test_unsqueeze_of_a_transposed_tensor_has_pytorchs_strides(dim):
    def program(lib):
        u = lib.arange(24.).reshape(2, 3, 4).transpose(0, 2).unsqueeze(dim)
        return u.stride(), u.transpose(0, -1).stride()
    assert_same(program)


@pytest.mark.parametrize("dim", range(-4, 4))
def test_unsqueeze_next_to_a_size_one_dim_has_pytorchs_strides(dim):
    def program(lib):
        u = lib.arange(24.).reshape(2, 3, 4)[:, :1, :].transpose(0, 2).unsqueeze(dim)
        return u.stride(), u.is_contiguous()
    assert_same(program)


def test_unsqueeze_of_a_transposed_complex_tensor_has_pytorchs_strides_and_values():
    def program(lib):
        z = lib.complex(lib.arange(12.).reshape(3, 4), lib.ones(3, 4)).t().unsqueeze(-1)
        return z.stride(), z.shape, z.flatten().tolist()
    assert_same(program)


@pytest.mark.parametrize("make", ["index", "slice", "view", "t", "unsqueeze", "expand", "split", "narrow", "iterate"])
def test_view_made_in_no_grad_of_a_tensor_requiring_grad_requires_grad_as_a_leaf(make):
    def program(lib):
        x = lib.tensor([[1.5, 2.0], [0.5, -1.0]], requires_grad=True)
        with lib.no_grad():
            v = {"index": lambda: x[0], "slice": lambda: x[:, 1:], "view": lambda: x.view(4), "t": lambda: x.t(),
                 "unsqueeze": lambda: x.unsqueeze(0), "expand": lambda: x.expand(3, 2, 2),
                 "split": lambda: x.split(1)[1], "narrow": lambda: x.narrow(1, 0, 1), "iterate": lambda: list(x)[1]}[make]()
        return v.requires_grad, v.is_leaf, v.grad_fn is None, repr(v)
    assert_same(program)


def test_copy_made_in_no_grad_of_a_tensor_requiring_grad_does_not_require_grad():
    def program(lib):
        x = lib.tensor([1.5, 2.0], requires_grad=True)
        with lib.no_grad():
            return [t.requires_grad for t in (x * 2, x[[0]], x.clone(), x.detach()[0])]
    assert_same(program)


@pytest.mark.parametrize("make", ["index", "slice", "view", "t", "unsqueeze", "expand", "split", "iterate"])
def test_gradient_reaching_a_view_made_in_no_grad_goes_nowhere(make):
    def program(lib):
        x = lib.tensor([[1.5, 2.0], [0.5, -1.0]], requires_grad=True)
        with lib.no_grad():
            v = {"index": lambda: x[0], "slice": lambda: x[:, 1:], "view": lambda: x.view(4), "t": lambda: x.t(),
                 "unsqueeze": lambda: x.unsqueeze(0), "expand": lambda: x.expand(3, 2, 2),
                 "split": lambda: x.split(1)[1], "iterate": lambda: list(x)[1]}[make]()
        hooked = []
        v.register_hook(hooked.append)
        (v * 3).sum().backward()
        return v.grad, x.grad, hooked
    assert_same(program)


def test_gradient_reaching_a_view_made_in_no_grad_of_a_computed_tensor_goes_nowhere():
    def program(lib):
        x = lib.tensor([[1.5, 2.0], [0.5, -1.0]], requires_grad=True)
        y = x * 2
        with lib.no_grad():
            v = y[0]
        (v[1:] * 3).sum().backward()
        return v.grad, x.grad, v.requires_grad, v.is_leaf
    assert_same(program)


def test_autograd_grad_finds_a_view_made_in_no_grad_unused():
    def program(lib):
        x = lib.tensor([1.5, 2.0], requires_grad=True)
        with lib.no_grad():
            v = x[:1]
        lib.autograd.grad((v * 3).sum(), v)
    assert_same(program)


def test_backward_from_a_view_made_in_no_grad_raises():
    def program(lib):
        x = lib.tensor([1.5, 2.0], requires_grad=True)
        with lib.no_grad():
            v = x[0]
        v.backward()
    assert_same(program)


def test_view_made_in_no_grad_asked_to_require_grad_becomes_a_leaf_of_its_own():
    def program(lib):
        x = lib.tensor([1.5, 2.0], requires_grad=True)
        with lib.no_grad():
            v = x[:1]
        v.requires_grad_()
        (v * 3).sum().backward()
        return v.grad.tolist(), x.grad
    assert_same(program)


def test_view_made_in_no_grad_keeps_requiring_grad_through_its_base():
    def program(lib):
        x = lib.tensor([1.5, 2.0], requires_grad=True)
        with lib.no_grad():
            v = x[:1]
        v.requires_grad_(False)
        return v.requires_grad
    assert_same(program)


def test_view_made_in_no_grad_of_a_view_whose_root_does_not_require_grad_does_not_require_it():
    def program(lib):
        x = lib.arange(4.).reshape(2, 2).requires_grad_()
        with lib.no_grad():
            return x[0].requires_grad
    assert_same(program)


def _expanded_then_base_changed(lib):
    a = lib.tensor([1., 2., 3.], requires_grad=True)
    x = a.clone()
    e = x.unsqueeze(0).expand(2, 3)
    x.mul_(2)
    return a, x, e


def test_expanded_view_takes_its_bases_in_place_change_into_its_gradient():
    def program(lib):
        a, _, e = _expanded_then_base_changed(lib)
        e.sum().backward()
        return a.grad.tolist()
    assert_same(program)


def test_expanded_view_shares_its_bases_version_and_is_its_view():
    def program(lib):
        _, x, e = _expanded_then_base_changed(lib)
        return e._version, x._version, e._is_view(), e._base is x, e.tolist()
    assert_same(program)


def test_expanded_view_saved_for_backward_refuses_its_bases_later_change():
    def program(lib):
        x = lib.tensor([1., 2., 3.], requires_grad=True).clone()
        e = x.expand(2, 3)
        y = e * e
        x.add_(1)
        y.sum().backward()
    expected, got = outcome(torch, program), outcome(minigrad, program)
    # (PyTorch names the view's regenerated node AsStridedBackward0, minigrad ExpandBackward0)
    assert got[:2] == expected[:2] and got[2].split(", which")[0] == expected[2].split(", which")[0]


def _split_output_after_its_base_changed(lib):
    leaf = lib.arange(4.).requires_grad_()
    x = leaf * 1
    first, second = x.chunk(2)
    x.add_(1)
    return leaf, second


def test_split_output_used_after_its_base_changed_in_place_makes_backward_raise():
    def program(lib):
        _, second = _split_output_after_its_base_changed(lib)
        (second * 2).sum().backward()
    assert_same(program)


def test_split_output_after_its_base_changed_in_place_refuses_its_grad_fn():
    assert_same(lambda lib: _split_output_after_its_base_changed(lib)[1].grad_fn)


def test_split_output_after_its_base_changed_in_place_prints_an_invalid_grad_fn():
    assert_same(lambda lib: repr(_split_output_after_its_base_changed(lib)[1]))


def _first_two(lib):
    """A custom Function whose forward returns a view of its input."""
    class FirstTwo(lib.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            return x[:2]

        @staticmethod
        def backward(ctx, g):
            return lib.cat([g, g.new_zeros(2)])
    return FirstTwo


def _as_is(lib):
    """A custom Function whose forward returns its input as-is."""
    class AsIs(lib.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            return x

        @staticmethod
        def backward(ctx, g):
            return g * 2
    return AsIs


def test_function_output_viewing_its_input_is_a_view_of_it():
    def program(lib):
        x = lib.arange(4.).requires_grad_()
        y = _first_two(lib).apply(x)
        return y._is_view(), y._base is x, type(y.grad_fn).__name__
    assert_same(program)


def test_function_output_viewing_its_input_refuses_in_place_change():
    def program(lib):
        _first_two(lib).apply(lib.arange(4.).requires_grad_()).add_(1)
    assert_same(program)


def test_view_of_a_function_output_viewing_its_input_refuses_in_place_change():
    def program(lib):
        _first_two(lib).apply(lib.arange(4.).requires_grad_())[:1].add_(1)
    assert_same(program)


def test_function_output_viewing_an_input_outside_the_graph_takes_a_change():
    def program(lib):
        x = lib.arange(4.)
        _first_two(lib).apply(x).add_(1)
        return x.tolist()
    assert_same(program)


def test_function_output_viewing_its_input_made_in_no_grad_refuses_in_place_change_in_grad_mode():
    def program(lib):
        with lib.no_grad():
            y = _first_two(lib).apply(lib.arange(4.).requires_grad_())
        y.add_(1)
    assert_same(program)


def test_function_input_returned_as_is_is_a_view_of_it():
    def program(lib):
        x = lib.arange(4.).requires_grad_()
        y = _as_is(lib).apply(x)
        y.sum().backward()
        return y is x, y._base is x, type(y.grad_fn).__name__, x.grad.tolist()
    assert_same(program)


def test_function_input_returned_as_is_refuses_in_place_change():
    def program(lib):
        _as_is(lib).apply(lib.arange(4.).requires_grad_() * 1).mul_(3)
    assert_same(program)


def test_function_output_viewing_its_input_after_the_input_changed_in_place_refuses_its_grad_fn():
    def program(lib):
        x = lib.arange(4.).requires_grad_() * 1
        y = _first_two(lib).apply(x)
        x.mul_(2)
        return y.grad_fn
    assert_same(program)


def test_function_outputs_viewing_their_inputs_refuse_in_place_change_as_multiple_views():
    def program(lib):
        class Pair(lib.autograd.Function):
            @staticmethod
            def forward(ctx, x):
                return x * 2, x[1:]

            @staticmethod
            def backward(ctx, g, _):
                return g * 2
        _, rest = Pair.apply(lib.arange(4.).requires_grad_())
        rest.add_(1)
    assert_same(program)


def test_non_differentiable_function_output_viewing_its_input_requires_grad_through_it():
    def program(lib):
        class Head(lib.autograd.Function):
            @staticmethod
            def forward(ctx, x):
                head = x[:2]
                ctx.mark_non_differentiable(head)
                return head

            @staticmethod
            def backward(ctx, g):
                return None
        x = lib.arange(4.).requires_grad_()
        y = Head.apply(x)
        return y._base is x, y.requires_grad, y.grad_fn, y.is_leaf
    assert_same(program)


def _doubling_in_place(lib):
    """A custom Function doubling its input in place (marked dirty)."""
    class DoubleInPlace(lib.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            ctx.mark_dirty(x)
            return x.mul_(2)

        @staticmethod
        def backward(ctx, g):
            return g * 2
    return DoubleInPlace


def test_view_marked_dirty_by_a_function_changes_its_bases_gradient():
    def program(lib):
        leaf = lib.arange(4.).requires_grad_()
        base = leaf * 1
        view = base[:2]
        out = _doubling_in_place(lib).apply(view)
        (base * lib.arange(1., 5.)).sum().backward()
        return out is view, type(base.grad_fn).__name__, base._version, base.tolist(), leaf.grad.tolist()
    assert_same(program)


def test_view_of_a_leaf_marked_dirty_by_a_function_is_refused():
    def program(lib):
        _doubling_in_place(lib).apply(lib.arange(4.).requires_grad_()[:2])
    assert_same(program)


def test_split_output_marked_dirty_by_a_function_is_refused():
    def program(lib):
        first, _ = (lib.arange(4.).requires_grad_() * 1).split(2)
        _doubling_in_place(lib).apply(first)
    assert_same(program)


def _expanded(lib, requires_grad=False):
    """(a vector of zeros, the same vector expanded to two rows)."""
    z = lib.zeros(3, requires_grad=requires_grad)
    return z, z.expand(2, 3)


@pytest.mark.parametrize("write", [
    lambda lib, e: e.fill_(7),
    lambda lib, e: e.zero_(),
    lambda lib, e: e.__setitem__(0, 7),
    lambda lib, e: e.__setitem__((0, 1), 7),
    lambda lib, e: e.__setitem__(-1, lib.tensor([1., 2., 3.])),
    lambda lib, e: e.__setitem__((None, 0), 4),
    lambda lib, e: e[0].add_(1),
    lambda lib, e: e.T.fill_(2),
], ids=["fill_", "zero_", "a row", "an element", "a row from a tensor", "a row under None", "a row's add_",
        "a transpose's fill_"])
def test_a_fill_or_a_write_into_an_unrepeated_view_of_an_expanded_tensor_writes_its_memory(write):
    def program(lib):
        z, e = _expanded(lib)
        write(lib, e)
        return z.tolist(), z._version
    assert_same(program)


@pytest.mark.parametrize("write", [
    lambda lib, e: e.__setitem__(slice(None), 3),
    lambda lib, e: e.__setitem__((slice(None), 1), 3),
    lambda lib, e: e.__setitem__(Ellipsis, 3),
    lambda lib, e: e.copy_(lib.ones(2, 3)),
    lambda lib, e: e.add_(1),
    lambda lib, e: e.fill_(lib.tensor(7.)),
    lambda lib, e: e.index_add_(1, lib.tensor([0]), lib.ones(2, 1)),
], ids=["all rows", "a column", "Ellipsis", "copy_", "add_", "fill_ of a tensor", "index_add_"])
def test_a_write_into_repeated_elements_of_an_expanded_tensor_is_refused_changing_nothing(write):
    def program(lib):
        z, e = _expanded(lib)
        try:
            write(lib, e)
        finally:
            assert z.tolist() == [0.0] * 3 and z._version == 0
    assert_same(program)


@pytest.mark.parametrize("write", [
    lambda lib, e: e.fill_(7),
    lambda lib, e: e.__setitem__(slice(None), 3),
    lambda lib, e: e.copy_(lib.ones(3)),
], ids=["fill_", "all rows", "copy_"])
def test_a_write_into_an_expanded_view_of_a_leaf_is_refused_as_a_leaf_views_first(write):
    assert_same(lambda lib: write(lib, _expanded(lib, requires_grad=True)[1]))


@pytest.mark.filterwarnings("ignore:Use of (index_put_|masked_fill_|index_fill_) on expanded tensors is deprecated")
@pytest.mark.parametrize("write", [
    lambda lib, e: e.index_put_((lib.tensor([0]),), lib.tensor(1.)),
    lambda lib, e: e.index_put_((lib.tensor([0]),), lib.tensor(1.), accumulate=True),
    lambda lib, e: e.__setitem__((lib.tensor([0]), 1), 2.),
    lambda lib, e: e.__setitem__(lib.tensor([[True, False, False], [False, False, True]]), lib.tensor([4., 5.])),
    lambda lib, e: e.masked_fill_(lib.tensor([True, False, False]), 1.),
    lambda lib, e: e.index_fill_(0, lib.tensor([0]), 1.),
], ids=["index_put_", "index_put_ accumulating", "an index tensor", "a mask", "masked_fill_", "index_fill_"])
def test_an_indexed_write_into_an_expanded_tensor_writes_the_positions_it_names(write):
    def program(lib):
        z, e = _expanded(lib)
        write(lib, e)
        return z.tolist(), z._version
    assert_same(program)


def test_an_indexed_write_into_an_expanded_tensor_warns_as_pytorchs():
    seen = []
    for lib in (minigrad, torch):
        z, e = _expanded(lib)
        with pytest.warns(UserWarning) as caught:
            e[lib.tensor([True, False])] = 1.
            e.index_fill_(1, lib.tensor([0]), 1.)
        seen.append([str(w.message).split(" (Triggered internally")[0] for w in caught])
    assert seen[0] == seen[1] and len(seen[0]) == 3


@pytest.mark.parametrize("start", ["the view", "the base"])
def test_a_fill_of_an_expanded_view_in_the_graph_raises_at_backward(start):
    def program(lib):
        x = lib.ones(3, requires_grad=True)
        y = x * 2
        e = y.expand(2, 3)
        e.fill_(5.)
        values = y.tolist()
        (e if start == "the view" else y).sum().backward()
        return values
    assert_same(program)


def test_a_write_into_an_element_of_an_expanded_view_reaches_the_gradient_of_its_base():
    def program(lib):
        x = lib.ones(3, requires_grad=True)
        y = x * 2
        e = y.expand(2, 3)
        e[0, 1] = 9
        (e * lib.arange(6.).reshape(2, 3)).sum().backward()
        return y.tolist(), x.grad.tolist()
    assert_same(program)
