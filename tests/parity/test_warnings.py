"""minigrad warns where PyTorch warns, with PyTorch's category and message.

pyproject.toml makes every warning an error, so a warning minigrad gives
anywhere a test does not expect it fails that test.
"""
import warnings

import pytest
import torch

import minigrad


def _caught(fn):
    """(category, message) of each warning ``fn`` gives, without PyTorch's C++ source location."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fn()
    return [(w.category, str(w.message).split(" (Triggered internally")[0]) for w in caught]


def assert_warns_like_torch(fn):
    """``fn(minigrad)`` gives the warnings ``fn(torch)`` gives (minigrad's text may stop early)."""
    ours, theirs = _caught(lambda: fn(minigrad)), _caught(lambda: fn(torch))
    assert theirs, "PyTorch gave no warning: this case no longer tests anything"
    assert [c for c, _ in ours] == [c for c, _ in theirs], f"{ours} != torch's {theirs}"
    for (_, our_text), (_, their_text) in zip(ours, theirs):
        assert their_text.startswith(our_text), f"{our_text!r} is not torch's {their_text!r}"


@pytest.mark.parametrize("decorator", ["no_grad", "enable_grad", "inference_mode", "set_grad_enabled"])
def test_a_grad_mode_decorating_a_class_warns_that_it_is_deprecated(decorator):
    class Made:
        pass
    assert_warns_like_torch(lambda L: getattr(L, decorator)(*(False,) * (decorator == "set_grad_enabled"))(Made))


@pytest.mark.parametrize("name", ["var", "std"])
def test_var_std_of_one_element_warn_that_no_degrees_of_freedom_are_left(name):
    assert_warns_like_torch(lambda L: getattr(L.ones(1), name)())


@pytest.mark.parametrize("name", ["var", "std"])
def test_var_std_with_correction_as_large_as_the_count_warn(name):
    assert_warns_like_torch(lambda L: getattr(L.ones(3, 2), name)(dim=0, correction=3))


def test_var_with_degrees_of_freedom_left_gives_no_warning():
    assert _caught(lambda: minigrad.ones(2).var()) == []


def test_reading_grad_of_a_non_leaf_warns():
    def read(L):
        h = L.ones(2, requires_grad=True) * 2
        h.sum().backward()
        return h.grad
    assert_warns_like_torch(read)


def test_reading_grad_of_a_non_leaf_that_retains_it_gives_no_warning():
    h = minigrad.ones(2, requires_grad=True) * 2
    h.retain_grad()
    h.sum().backward()
    assert _caught(lambda: h.grad) == []


def test_softmax_without_dim_warns_that_the_implicit_dim_is_deprecated():
    assert_warns_like_torch(lambda L: L.nn.functional.softmax(L.ones(2, 3)))


def test_initialising_a_zero_element_tensor_warns():
    assert_warns_like_torch(lambda L: L.nn.init.kaiming_uniform_(L.empty(0, 3)))


def test_an_optimizer_given_a_parameter_twice_warns():
    def make(L):
        p = L.nn.Parameter(L.ones(2))
        L.optim.SGD([p, p], lr=0.1)
    assert_warns_like_torch(make)


def test_a_scheduler_stepped_with_an_epoch_warns():
    def step(L):
        p = L.nn.Parameter(L.ones(2))
        optimizer = L.optim.SGD([p], lr=0.1)
        scheduler = L.optim.lr_scheduler.StepLR(optimizer, step_size=1)
        optimizer.step()
        scheduler.step(1)
    assert_warns_like_torch(step)


@pytest.mark.parametrize("call", [lambda L: L.ones(1).std(), lambda L: L.std(L.ones(1)), lambda L: L.ones(1).var(0),
                                  lambda L: L.var_mean(L.ones(1)), lambda L: L.std_mean(L.ones(1)),
                                  lambda L: L.cov(L.ones(1))],
                         ids=["Tensor.std", "std", "Tensor.var(dim)", "var_mean", "std_mean", "cov"])
def test_the_no_degrees_of_freedom_warning_names_the_users_line_as_torch(call):
    for L in (minigrad, torch):
        with pytest.warns(UserWarning, match="degrees of freedom is <= 0") as caught:
            call(L)
        assert [w.filename for w in caught] == [__file__], L.__name__


@pytest.mark.parametrize("shape", [(), (3,), (2, 2, 2)])
def test_transpose_T_of_not_2d_warns_once_per_process_as_torch(monkeypatch, shape):
    from minigrad.ops import permutation
    monkeypatch.setitem(permutation._warned, "T of not 2-D", False)
    with pytest.warns(UserWarning, match="The use of `x.T` on tensors of dimension other than 2 to reverse their "
                                         "shape is deprecated") as caught:
        t = minigrad.ones(shape).T
    assert len(caught) == 1 and caught[0].filename == __file__
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert t.shape == minigrad.ones(shape).T.shape == torch.ones(shape).permute(tuple(range(len(shape) - 1, -1, -1))).shape
        minigrad.ones(2, 3).T


def test_asarray_of_a_tensor_requiring_grad_without_requires_grad_warns_once_per_process_as_torch(monkeypatch):
    from minigrad import _conversions
    monkeypatch.setitem(_conversions._warned, "unspecified requires_grad", False)
    x = minigrad.ones(2, requires_grad=True)
    with pytest.warns(UserWarning, match="torch.asarray: unspecified requires_grad now defaults to obj.requires_grad "
                                         "instead of False") as caught:
        minigrad.asarray(x)
    assert len(caught) == 1 and caught[0].filename == __file__
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        minigrad.asarray(x * 2)
        minigrad.asarray(x, requires_grad=True)


def test_tensor_from_a_list_of_numpy_arrays_warns_once_per_process_as_torch(monkeypatch):
    import numpy as np
    from minigrad import _pydata
    monkeypatch.setitem(_pydata._warned, "list of arrays", False)
    arrays = [np.zeros(2), np.ones(2)]
    with pytest.warns(UserWarning, match="Creating a tensor from a list of numpy.ndarrays is extremely slow") as caught:
        t = minigrad.tensor(arrays)
    assert len(caught) == 1 and caught[0].filename == __file__  # (the user's line, as PyTorch's)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        minigrad.tensor(arrays)
        minigrad.as_tensor([[np.zeros(2)]])
    assert t.tolist() == [[0.0, 0.0], [1.0, 1.0]]


def test_index_reduce_in_place_warns_once_per_process_at_the_users_line_as_torch(monkeypatch):
    from minigrad.ops import index_along
    monkeypatch.setitem(index_along._warned, "index_reduce in beta", False)
    index, source = minigrad.tensor([0, 1, 1]), minigrad.ones(3, 2)
    with pytest.warns(UserWarning, match="index_reduce\\(\\) is in beta") as caught:
        minigrad.zeros(2, 2).index_reduce_(0, index, source, "mean")
    assert len(caught) == 1 and caught[0].filename == __file__
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        minigrad.zeros(2, 2).index_reduce(0, index, source, "amax")
        minigrad.index_reduce(minigrad.zeros(2, 2), 0, index, source, "prod")


def test_meshgrid_without_indexing_warns_once_per_process_as_torch(monkeypatch):
    from minigrad.ops import join
    monkeypatch.setitem(join._warned, "meshgrid without indexing", False)
    with pytest.warns(UserWarning, match="torch.meshgrid: in an upcoming release, it will be required to pass the "
                                         "indexing argument") as caught:
        grids = minigrad.meshgrid(minigrad.arange(2), minigrad.arange(3))
    assert len(caught) == 1
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        minigrad.meshgrid(minigrad.arange(2), minigrad.arange(3))
    theirs = torch.meshgrid(torch.arange(2), torch.arange(3), indexing="ij")
    assert [g.tolist() for g in grids] == [g.tolist() for g in theirs]


def _scheduler_after_an_optimizer_step(L, name, *args):
    optimizer = L.optim.SGD([L.nn.Parameter(L.ones(1))], lr=0.1)
    optimizer.step()
    return getattr(L.optim.lr_scheduler, name)(optimizer, *args)


#: (call, whether PyTorch 2.13's warning names the caller's line rather than one of its own files).
#: Where it names its own file, Python's default filters show the warning once per process (and
#: hide a DeprecationWarning); naming the caller's line shows it once per line that calls.
_WARNING_LINES = {
    "range": (lambda L: L.range(0, 2), True),
    "StepLR.step(epoch)": (lambda L: _scheduler_after_an_optimizer_step(L, "StepLR", 1).step(1), True),
    "ReduceLROnPlateau.step(metrics, epoch)": (
        lambda L: _scheduler_after_an_optimizer_step(L, "ReduceLROnPlateau").step(1.0, 3), True),
    "kaiming_uniform_ of no elements": (lambda L: L.nn.init.kaiming_uniform_(L.empty(0, 3)), True),
    "kaiming_normal_ of no elements": (lambda L: L.nn.init.kaiming_normal_(L.empty(0, 3)), True),
    "Tensor.qr": (lambda L: L.eye(2).qr(), True),
    "Tensor.cholesky": (lambda L: L.eye(2).cholesky(), True),
    "Tensor.lu_solve": (lambda L: L.ones(2, 1).lu_solve(*L.linalg.lu_factor(L.eye(2))), True),
    "lu": (lambda L: L.lu(L.eye(2)), False),
    "jit.script": (lambda L: L.jit.script(L.nn.Linear(1, 1)), False),
    "jit.trace": (lambda L: L.jit.trace(L.nn.Linear(1, 1), L.ones(1, 1)), False),
    "set_default_tensor_type": (lambda L: L.set_default_tensor_type(L.FloatTensor), False),
    "nn.Softmax()": (lambda L: L.nn.Softmax()(L.ones(2, 3)), False),
    "nn.LogSoftmax()": (lambda L: L.nn.LogSoftmax()(L.ones(2, 3)), False),
    "nn.Softmin()": (lambda L: L.nn.Softmin()(L.ones(2, 3)), False),
    "nn.L1Loss(size_average)": (lambda L: L.nn.L1Loss(size_average=True), False),
    "mse_loss(size_average)": (lambda L: L.nn.functional.mse_loss(L.ones(2), L.ones(2), size_average=True), False),
    "binary_cross_entropy(reduce)": (lambda L: L.nn.functional.binary_cross_entropy(
        L.full((2,), 0.5), L.ones(2), reduce=False), False),
    "hinge_embedding_loss(size_average)": (lambda L: L.nn.functional.hinge_embedding_loss(
        L.ones(2), L.ones(2), size_average=True), False),
    "mse_loss('elementwise_mean')": (lambda L: L.nn.functional.mse_loss(
        L.ones(2), L.ones(2), reduction="elementwise_mean"), False),
    "DataLoader(pin_memory=True)": (lambda L: list(L.utils.data.DataLoader([1.0], pin_memory=True)), False),
    "DataLoader(pin_memory_device)": (lambda L: list(L.utils.data.DataLoader(
        [1.0], pin_memory=True, pin_memory_device="cpu")), False),
}


def _names_the_callers_line(call, L):
    """Whether each warning ``call(L)`` gives names a line of ``call``; None if it gives none."""
    lines = {line for *_, line in call.__code__.co_lines()}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        call(L)
    return all(w.filename == __file__ and w.lineno in lines for w in caught) if caught else None


@pytest.mark.parametrize("name", list(_WARNING_LINES))
def test_a_warning_names_the_callers_line_where_torchs_does(name):
    call, torchs = _WARNING_LINES[name]
    theirs = _names_the_callers_line(call, torch)
    assert theirs in (torchs, None)  # (None: a warning PyTorch gives once per process has been given already)
    assert _names_the_callers_line(call, minigrad) is torchs


_READ_ONLY = "The given NumPy array is not writable, and PyTorch does not support non-writable tensors"


def _read_only_array():
    import numpy as np
    array = np.arange(4.0)
    array.setflags(write=False)
    return array


@pytest.mark.parametrize("make", [lambda L, a: L.from_numpy(a), lambda L, a: L.as_tensor(a),
                                  lambda L, a: L.as_tensor(a, dtype=L.float32), lambda L, a: L.asarray(a),
                                  lambda L, a: L.Tensor(a)],
                         ids=["from_numpy", "as_tensor", "as_tensor to another dtype", "asarray", "Tensor"])
def test_a_tensor_of_a_read_only_numpy_array_warns_once_per_process_as_torch(monkeypatch, make):
    from minigrad import _host_data
    monkeypatch.setitem(_host_data._warned, "read-only array", False)
    array = _read_only_array()
    with pytest.warns(UserWarning, match=_READ_ONLY) as caught:
        make(minigrad, array)
    assert len(caught) == 1 and caught[0].filename == __file__  # (the user's line, as PyTorch's)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        make(minigrad, array)


@pytest.mark.parametrize("make", [lambda L, a: L.tensor(a), lambda L, a: L.asarray(a, copy=True)],
                         ids=["tensor", "asarray with copy"])
def test_a_copy_of_a_read_only_numpy_array_gives_no_warning_as_torch(monkeypatch, make):
    from minigrad import _host_data
    monkeypatch.setitem(_host_data._warned, "read-only array", False)
    for L in (minigrad, torch):
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            assert make(L, _read_only_array()).tolist() == [0.0, 1.0, 2.0, 3.0]


_COMPLEX_TO_REAL = "Casting complex values to real discards the imaginary part"
_CASTS_TO_REAL = {
    "float": lambda L, c: c.float(), "long": lambda L, c: c.long(), "half": lambda L, c: c.half(),
    "to": lambda L, c: c.to(L.float64), "type": lambda L, c: c.type(L.FloatTensor),
    "copy_": lambda L, c: L.zeros(2).copy_(c), "setitem": lambda L, c: L.zeros(3, 2).__setitem__(1, c),
    "as_tensor": lambda L, c: L.as_tensor(c, dtype=L.float32), "fill_": lambda L, c: L.zeros(2).fill_(c[1]),
}


@pytest.mark.parametrize("cast", list(_CASTS_TO_REAL.values()), ids=list(_CASTS_TO_REAL))
def test_a_complex_tensor_cast_to_a_real_dtype_warns_once_per_process_as_torch(monkeypatch, cast):
    from minigrad import _errors
    monkeypatch.setattr(_errors, "_warned_complex_cast", [])
    theirs = _caught(lambda: cast(torch, torch.tensor([1 + 2j, -3j])))
    assert theirs in ([(UserWarning, _COMPLEX_TO_REAL)], [])  # ([]: PyTorch has given it in this process already)
    with pytest.warns(UserWarning, match=_COMPLEX_TO_REAL) as caught:
        cast(minigrad, minigrad.tensor([1 + 2j, -3j]))
    assert len(caught) == 1 and caught[0].filename == __file__  # (the user's line, as PyTorch's)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        cast(minigrad, minigrad.tensor([1 + 2j, -3j]))


@pytest.mark.parametrize("cast", [lambda c: c.bool(), lambda c: c.real.float(), lambda c: c.abs()],
                         ids=["bool", "real part", "abs"])
def test_a_complex_tensor_read_as_bool_or_through_its_parts_gives_no_warning(monkeypatch, cast):
    from minigrad import _errors
    monkeypatch.setattr(_errors, "_warned_complex_cast", [])
    assert _caught(lambda: cast(minigrad.tensor([1 + 2j, -3j]))) == []


def test_new_tensor_of_a_tensor_warns_naming_new_tensor_as_torch():
    assert_warns_like_torch(lambda L: L.ones(2).new_tensor(L.ones(2)))
    with pytest.warns(UserWarning, match="rather than tensor.new_tensor") as caught:
        minigrad.ones(2).new_tensor(minigrad.ones(2))
    assert caught[0].filename == __file__


def test_a_pinned_loader_with_persistent_workers_warns_once_not_every_epoch_as_torch():
    def two_epochs(L):
        loader = L.utils.data.DataLoader([1.0, 2.0], pin_memory=True, num_workers=1, persistent_workers=True)
        return [list(loader) for _ in range(2)]
    ours, theirs = _caught(lambda: two_epochs(minigrad)), _caught(lambda: two_epochs(torch))
    assert len(theirs) == 1 and ours == theirs


_SCALAR_OF_GRAD = "Converting a tensor with requires_grad=True to a scalar may lead to unexpected behavior."


@pytest.mark.parametrize("convert", [float, complex], ids=["float", "complex"])
@pytest.mark.parametrize("numel", [1, 3])
def test_a_scalar_of_a_tensor_requiring_grad_warns_before_its_size_is_checked_as_torch(monkeypatch, convert, numel):
    from minigrad import _tensor_protocols
    monkeypatch.setattr(_tensor_protocols, "_warned_scalar", [])
    with pytest.warns(UserWarning, match=_SCALAR_OF_GRAD) as caught:
        try:
            convert(minigrad.ones(numel, requires_grad=True))
        except ValueError as e:
            assert numel > 1 and str(e) == "only one element tensors can be converted to Python scalars"
    assert len(caught) == 1 and caught[0].filename == __file__
    with warnings.catch_warnings():  # (once per process, as PyTorch's)
        warnings.simplefilter("error")
        convert(minigrad.ones(1, requires_grad=True))


@pytest.mark.parametrize("dims", [1, 2, 3])
def test_same_padding_of_an_even_kernel_warns_once_per_process_at_the_users_line_as_torch(monkeypatch, dims):
    from minigrad.ops import conv_checks
    monkeypatch.setattr(conv_checks, "_warned_same_padding", [])
    conv = getattr(minigrad.nn.functional, f"conv{dims}d")
    x, w = minigrad.ones((1, 1) + (4,) * dims), minigrad.ones((1, 1) + (2,) * dims)
    with pytest.warns(UserWarning, match="Using padding='same' with even kernel lengths") as caught:
        conv(x, w, padding="same")
    assert len(caught) == 1 and caught[0].filename == __file__  # (the user's line, as PyTorch's)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        conv(x, w, padding="same")
