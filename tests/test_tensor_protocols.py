"""Python protocols and conversions of Tensor against PyTorch: bool/float/
int/len/iter/format, item/tolist/numpy/detach/clone/to/type, and repr."""
import numpy as np
import pytest
import torch

import minigrad


def pair(data, **kw):
    tkw = {k: (getattr(torch, v.name) if isinstance(v, minigrad.dtype) else v) for k, v in kw.items()}
    return minigrad.tensor(data, **kw), torch.tensor(data, **tkw)


@pytest.mark.parametrize("data", [0.0, 1.5, -2, True, [3.0], [[0]], [False]], ids=repr)
def test_bool_float_int_of_one_element_tensors(data):
    m, t = pair(data)
    assert bool(m) == bool(t)
    assert float(m) == float(t) and isinstance(float(m), float)
    assert int(m) == int(t) and isinstance(int(m), int)


def test_comparison_result_works_in_if():
    loss = minigrad.tensor(0.3)
    hits = 0
    if loss > 0:
        hits += 1
    if not (loss < 0):
        hits += 1
    assert hits == 2


@pytest.mark.parametrize("data", [[1.0, 2.0, 3.0], [[1, 2], [3, 4], [5, 6]], np.zeros((0, 2))], ids=repr)
def test_len_and_iteration_match_torch(data):
    m, t = pair(data)
    assert len(m) == len(t)
    rows_m, rows_t = list(m), list(t)
    assert len(rows_m) == len(rows_t)
    for rm, rt in zip(rows_m, rows_t):
        assert isinstance(rm, minigrad.Tensor)
        assert rm.shape == tuple(rt.shape) and rm.tolist() == rt.tolist()


def test_iteration_rows_are_differentiable_views():
    x = minigrad.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
    a, b = x
    (a * 2 + b * 3).sum().backward()
    assert x.grad.tolist() == [[2.0, 2.0], [3.0, 3.0]]


@pytest.mark.parametrize("spec", [".4f", ".2e", "", "8.3f", "g"])
def test_format_of_one_element_tensors_matches_torch(spec):
    for data in (3.14159, -1.0, 0.0):
        m, t = pair(data)
        assert format(m, spec) == format(t, spec)
    # minigrad also formats 1-element tensors of any rank (API.md), as their item
    if spec:
        assert format(minigrad.tensor([[2.5]]), spec) == format(2.5, spec)
    m, t = pair(0.25)
    assert f"{m:.3f}" == f"{t:.3f}" == "0.250"


def test_format_of_multi_element_tensor_without_spec_is_str():
    m = minigrad.tensor([1.0, 2.0])
    assert f"{m}" == str(m)


@pytest.mark.parametrize("spec", [".2f", ">5", "e"])
def test_format_spec_on_a_multi_element_tensor_raises_type_error_as_torch(spec):
    for lib in (minigrad, torch):
        with pytest.raises(TypeError, match="unsupported format string passed to Tensor.__format__"):
            format(lib.tensor([1.0, 2.0]), spec)


@pytest.mark.parametrize("data", [1.5, [1, 2], [[1.0, 2.5], [3.0, -4.0]], True, [[True, False]], []], ids=repr)
def test_item_and_tolist_match_torch(data):
    m, t = pair(data)
    assert m.tolist() == t.tolist()
    assert type(m.tolist()) is type(t.tolist())
    if t.numel() == 1:
        assert m.item() == t.item() and type(m.item()) is type(t.item())


@pytest.mark.parametrize("dtype", ["float32", "float64", "int64", "int32", "bool"])
def test_numpy_gives_array_of_the_same_dtype(dtype):
    m, t = pair([1, 0, 2], dtype=getattr(minigrad, dtype))
    a = m.numpy()
    assert isinstance(a, np.ndarray) and a.dtype == t.numpy().dtype
    np.testing.assert_array_equal(a, t.numpy())
    np.testing.assert_array_equal(np.asarray(m), t.numpy())


def test_numpy_of_tensor_requiring_grad_needs_detach():
    m = minigrad.tensor([1.0], requires_grad=True)
    with pytest.raises(RuntimeError):
        m.numpy()
    assert m.detach().numpy().tolist() == [1.0]


def test_to_and_type_conversions_match_torch():
    m, t = pair([1.7, -2.2])
    for dt in ("float64", "int64", "int32", "bool", "float32"):
        mm, tt = m.to(getattr(minigrad, dt)), t.to(getattr(torch, dt))
        assert mm.dtype.name == dt and mm.tolist() == tt.tolist()
        assert m.type(getattr(minigrad, dt)).tolist() == t.type(getattr(torch, dt)).tolist()
    assert m.to("cpu") is m and m.cpu() is m
    assert m.to(minigrad.float32) is m
    assert m.to("cpu", minigrad.float64).dtype is minigrad.float64
    assert m.to(dtype=minigrad.float64).dtype is minigrad.float64
    assert m.to(minigrad.zeros(1, dtype=minigrad.int64)).dtype is minigrad.int64
    assert m.type() == t.type() == "torch.FloatTensor"


def test_type_converts_to_a_legacy_tensor_type_as_torch():
    m, t = pair([1.7, -2.2])
    for name in ("FloatTensor", "DoubleTensor", "LongTensor", "IntTensor", "BoolTensor", "ByteTensor", "HalfTensor",
                 "ShortTensor", "CharTensor"):
        mm, tt = m.type(getattr(minigrad, name)), t.type(getattr(torch, name))
        assert mm.dtype.name == str(tt.dtype)[6:] and mm.tolist() == tt.tolist()


def test_to_keeps_the_graph():
    for L in (minigrad, torch):
        x = L.tensor([1.0, 2.0], requires_grad=True)
        y = x.to(L.float64)
        assert y.requires_grad
        (y * y).sum().backward()
        assert x.grad.dtype == L.float32 and x.grad.tolist() == [2.0, 4.0]


def test_detach_and_clone():
    x = minigrad.tensor([1.0, 2.0], requires_grad=True)
    d = x.detach()
    c = x.clone()
    assert not d.requires_grad and d.is_leaf
    assert c.requires_grad and not c.is_leaf
    c2 = x.detach().clone()
    c2[0] = 9.0
    assert x.tolist() == [1.0, 2.0]


def test_shape_size_dim_numel_and_device_attributes():
    m, t = pair(np.zeros((2, 3, 4)))
    assert m.shape == t.shape and m.size() == t.size() and m.size(1) == t.size(1) == 3
    assert m.size(-1) == 4 and m.dim() == m.ndim == 3 and m.numel() == 24
    assert isinstance(m.shape, tuple) and m.shape == (2, 3, 4)
    assert str(m.device) == "cpu" and m.device == minigrad.device("cpu")
    assert m.contiguous().tolist() == m.tolist()


REPR_CASES = [
    ([1.0, 2.0, 3.0], {}),
    ([1.5, -2.25], {}),
    ([1, 2, 3], {}),
    ([True, False], {}),
    (3.5, {}),
    (7, {}),
    ([[1.0, 2.0], [3.0, 4.0]], {}),
    ([1.0, 2.0], {"dtype": minigrad.float64}),
    ([1.0, 2.0], {"requires_grad": True}),
    ([], {}),
    ([0.1, 100.0, 12345.678], {}),
    ([1e-5, 1.0], {}),
    ([1, 2], {"dtype": minigrad.int32}),
    ([[-1.5, 2.0, 3.25], [4.0, -5.0, 6.0]], {}),
    ([1e10, 1.0], {}),
    ([[[1, 2], [3, 4]], [[5, 6], [7, 8]]], {}),
    (list(range(2000)), {}),
    ([float("nan"), float("inf"), -float("inf"), 1.0], {}),
    (np.zeros((2, 0)), {}),
    (-0.5, {"requires_grad": True}),
    ([float(i) for i in range(2000)], {}),          # summarised: integers of ratio > 1000 print in e-notation
    ([1.0] * 5 + [1e-6] * 1000 + [1.0] * 5, {}),   # the width comes from the printed edge items only
    ([1e8], {}),
    ([1e8, 1.0], {}),
    ([1.0, -float("inf")], {}),
    ([0.0, float("nan")], {}),
    (float("nan"), {}),
    ([1.5, -float("inf"), 2.0], {}),
    ([[float(i * 100 + j) for j in range(600)] for i in range(3)], {}),
    ([int(i) - 600 for i in range(1200)], {}),
]


@pytest.mark.parametrize("data,kw", REPR_CASES, ids=[repr(c) for c in REPR_CASES])
def test_repr_matches_torch(data, kw):
    m, t = pair(data, **kw)
    assert repr(m) == repr(t)


def test_repr_of_result_with_grad_fn_names_it():
    for L in (minigrad, torch):
        x = L.tensor([1.0, 2.0], requires_grad=True)
        r = repr(x * 2)
        assert r.startswith("tensor([2., 4.], grad_fn=<MulBackward0")


def test_array_interface_and_numpy_ops_with_detached():
    m = minigrad.tensor([1.0, 2.0])
    assert np.asarray(m).tolist() == [1.0, 2.0]
    assert np.sum(np.asarray(m)) == 3.0


GRAD_FN_CASES = {
    "add": lambda L, x: x + x, "sub": lambda L, x: x - 1, "mul": lambda L, x: x * x, "div": lambda L, x: x / 2,
    "neg": lambda L, x: -x, "exp": lambda L, x: x.exp(), "log": lambda L, x: x.log(), "sum": lambda L, x: x.sum(),
    "sum_dim": lambda L, x: x.sum(0), "mean": lambda L, x: x.mean(), "mean_dim": lambda L, x: x.mean(1),
    "tanh": lambda L, x: x.tanh(), "sigmoid": lambda L, x: x.sigmoid(), "relu": lambda L, x: x.relu(),
    "pow": lambda L, x: x ** 2, "mm": lambda L, x: x @ x, "mv": lambda L, x: x @ x[0],
    "select": lambda L, x: x[0], "slice": lambda L, x: x[:1], "view": lambda L, x: x.view(4),
    "reshape": lambda L, x: x.reshape(4), "t": lambda L, x: x.t(), "max": lambda L, x: x.max(),
    "max_dim": lambda L, x: x.max(0)[0], "softmax": lambda L, x: x.softmax(0), "abs": lambda L, x: x.abs(),
    "clamp": lambda L, x: x.clamp(0, 1), "where": lambda L, x: L.where(x > 0, x, x * 2),
    "cat": lambda L, x: L.cat([x, x]), "unsqueeze": lambda L, x: x.unsqueeze(0),
    "expand": lambda L, x: x[:1].expand(3, 2), "clone": lambda L, x: x.clone(),
    "log_softmax": lambda L, x: x.log_softmax(1), "sqrt": lambda L, x: x.sqrt(),
}


@pytest.mark.parametrize("op", sorted(GRAD_FN_CASES))
def test_grad_fn_names_match_torch(op):
    # the names show in repr(tensor): tensor(..., grad_fn=<MmBackward0>)
    names = []
    for L in (minigrad, torch):
        x = L.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
        names.append(GRAD_FN_CASES[op](L, x).grad_fn.name())
    assert names[0] == names[1]


def test_integer_one_element_tensor_works_as_an_index():
    import operator
    for L in (minigrad, torch):
        i = L.tensor(2)
        assert operator.index(i) == 2 and [10, 20, 30][i] == 30 and list(range(i)) == [0, 1]
        with pytest.raises(TypeError):
            operator.index(L.tensor(2.0))


def test_contains_and_comparison_to_python_numbers():
    for L in (minigrad, torch):
        t = L.tensor([1.0, 2.0, 3.0])
        assert 2.0 in t and 5 not in t
        assert bool((t == 2).any())


def test_size_slices_and_concatenations_are_sizes_as_in_torch():
    mine, theirs = minigrad.ones(2, 3, 4).shape, torch.ones(2, 3, 4).shape
    for op in (lambda s: s[1:], lambda s: s[::-1], lambda s: s + (5,), lambda s: (5,) + s, lambda s: s * 2):
        assert repr(op(mine)) == repr(op(theirs))
    assert mine[0] == 2 and type(mine[-1]) is int


@pytest.mark.parametrize("view", ["x", "x.t()", "x[:, 1:]", "x[::2]", "x.expand(2, 3, 4)", "x[0]", "x.view(-1)",
                                  "x.unsqueeze(1)"])
def test_strides_of_views_match_torch(view):
    mine = eval(view, {"x": minigrad.arange(12.0).reshape(3, 4)})
    theirs = eval(view, {"x": torch.arange(12.0).reshape(3, 4)})
    assert mine.stride() == theirs.stride()
    assert [mine.stride(d) for d in range(-mine.ndim, mine.ndim)] == [theirs.stride(d) for d in range(-theirs.ndim, theirs.ndim)]


def test_stride_of_a_0d_tensor_is_empty_and_naming_a_dim_raises_as_torch():
    for L in (minigrad, torch):
        assert L.tensor(3.0).stride() == ()
        with pytest.raises(IndexError, match="Dimension specified as 0 but tensor has no dimensions"):
            L.tensor(3.0).stride(0)


def test_data_ptr_is_shared_by_views_and_offset_as_torch():
    for L in (minigrad, torch):
        x = L.arange(12.0).reshape(3, 4)
        assert x.view(-1).data_ptr() == x.data_ptr() and x.clone().data_ptr() != x.data_ptr()
        assert x[1].data_ptr() - x.data_ptr() == 16


def test_cpu_device_index_flag_and_byte_count_as_torch():
    for L in (minigrad, torch):
        x = L.ones(3, 4)
        assert (x.get_device(), x.is_cpu, x.nbytes) == (-1, True, 48)


@pytest.mark.parametrize("size", [np.int64(-1), np.int32(6), np.prod((2, 3)), torch.tensor(6)], ids=repr)
def test_view_with_one_numpy_or_tensor_integer_is_a_size_not_a_dtype_as_torch(size):
    m = minigrad.zeros(2, 3).view(minigrad.tensor(6) if isinstance(size, torch.Tensor) else size)
    t = torch.zeros(2, 3).view(size)
    assert tuple(m.shape) == tuple(t.shape) == (6,) and str(m.dtype) == str(t.dtype)


def test_a_parameter_formats_as_its_repr_and_refuses_a_format_spec_as_torch():
    import torch
    for L in (torch, minigrad):
        p = L.nn.Parameter(L.tensor(1.5))
        assert f"{p}" == "Parameter containing:\ntensor(1.5000, requires_grad=True)"
        with pytest.raises(TypeError, match="Parameter.__format__"):
            f"{p:.2f}"


def test_printing_with_edgeitems_zero_shows_every_size_as_torch():
    import torch
    texts = []
    for L in (torch, minigrad):
        L.set_printoptions(edgeitems=0, threshold=3)
        try:
            texts.append([repr(x) for x in (L.tensor([1.0, 2.0, 3.0]), L.arange(8.0).reshape(4, 2), L.tensor(1 / 3))])
        finally:
            L.set_printoptions(profile="default")
    assert texts[0] == texts[1]


def test_an_empty_complex_tensor_shows_its_dtype_as_torch():
    assert repr(minigrad.tensor([], dtype=minigrad.complex64)) == "tensor([], dtype=torch.complex64)"


LIBS = [minigrad, torch]
IDS = ["minigrad", "torch"]


@pytest.mark.filterwarnings("ignore:__array__ implementation doesn't accept a copy keyword:DeprecationWarning")
@pytest.mark.parametrize("L", LIBS, ids=IDS)
def test_np_array_copies_and_np_asarray_shares(L):
    t = L.zeros(3)
    np.array(t)[0] = 5
    np.array(t, dtype=np.float32)[1] = 5
    np.asarray(t)[2] = 7
    assert t.tolist() == [0.0, 0.0, 7.0]


@pytest.mark.filterwarnings("ignore:__array__ implementation doesn't accept a copy keyword:DeprecationWarning")
@pytest.mark.parametrize("L", LIBS, ids=IDS)
def test_np_array_with_copy_false_raises_numpys_value_error(L):
    with pytest.raises(ValueError, match="Unable to avoid copy while creating an array as requested"):
        np.array(L.zeros(3), copy=False)


@pytest.mark.filterwarnings("ignore:__array__ implementation doesn't accept a copy keyword:DeprecationWarning")
@pytest.mark.parametrize("L", LIBS, ids=IDS)
@pytest.mark.parametrize("to_numpy", [lambda t: t.numpy(), lambda t: t.numpy(force=True), np.asarray],
                         ids=["numpy", "force", "asarray"])
def test_numpy_gives_a_new_array_object_on_each_call_so_reshaping_it_leaves_the_tensor_as_torch(L, to_numpy):
    a = np.zeros((2, 3), np.float32)
    t = L.from_numpy(a)
    n = to_numpy(t)
    n.shape = (6,)
    n.flags.writeable = False
    t.add_(1)
    assert to_numpy(t) is not to_numpy(t) and n is not a
    assert tuple(t.shape) == (2, 3) and a.sum() == 6 and n.sum() == 6


@pytest.mark.parametrize("L", LIBS, ids=IDS)
@pytest.mark.parametrize("shape, says", [((0,), "no values"), ((0, 3), "no values"), ((2,), "more than one value")])
def test_bool_of_an_empty_or_longer_tensor_says_which_as_torch(L, shape, says):
    with pytest.raises(RuntimeError, match=f"Boolean value of Tensor with {says} is ambiguous"):
        bool(L.ones(*shape))


@pytest.mark.parametrize("L", LIBS, ids=IDS)
def test_copy_copy_is_a_leaf_sharing_storage_with_the_class_and_requires_grad(L):
    import copy
    p = L.nn.Parameter(L.ones(2))
    p.note = "kept"
    q = copy.copy(p)
    assert type(q) is type(p) and q is not p and q.requires_grad and q.is_leaf and q.note == "kept"
    q.data[0] = 3
    assert p.tolist() == [3.0, 1.0]
    assert copy.copy(p * 2).grad_fn is None


@pytest.mark.parametrize("L", LIBS, ids=IDS)
def test_reversed_flips_the_first_dim_and_keeps_a_0d_tensor(L):
    x = L.tensor([[1, 2], [3, 4]])
    assert reversed(x).tolist() == [[3, 4], [1, 2]]
    s = L.tensor(1.0)
    assert reversed(s) is s


@pytest.mark.parametrize("L", LIBS, ids=IDS)
@pytest.mark.parametrize("element", ["a", None, [1.0]], ids=repr)
def test_in_refuses_what_is_neither_a_tensor_nor_a_number(L, element):
    with pytest.raises(RuntimeError, match="Tensor.__contains__ only supports Tensor or scalar"):
        element in L.tensor([1.0, 2.0])


@pytest.mark.parametrize("L", LIBS, ids=IDS)
def test_in_compares_the_element_to_the_tensor_so_a_size_mismatch_names_the_element_first(L):
    with pytest.raises(RuntimeError, match=r"size of tensor a \(2\) must match the size of tensor b \(3\)"):
        L.tensor([1, 2]) in L.arange(3)


@pytest.mark.parametrize("L", LIBS, ids=IDS)
def test_adjoint_conjugates_a_complex_matrix(L):
    a = L.tensor([[1 + 1j, 2]])
    assert a.adjoint().tolist() == [[1 - 1j], [2 + 0j]] and L.adjoint(a).tolist() == [[1 - 1j], [2 + 0j]]


@pytest.mark.parametrize("L", LIBS, ids=IDS)
@pytest.mark.parametrize("dims", [1, 3])
def test_H_is_refused_beside_matrices(L, dims):
    with pytest.raises(RuntimeError, match=f"tensor.H is only supported on matrices \\(2-D tensors\\). Got {dims}-D"):
        L.ones([2] * dims).H


@pytest.mark.parametrize("L", LIBS, ids=IDS)
@pytest.mark.parametrize("call, dtype", [
    (lambda L, x: x.to(L.float64, True), "float64"),
    (lambda L, x: x.to("cpu", L.float64, False, True), "float64"),
    (lambda L, x: x.to(L.ones(1, dtype=L.int32), True), "int32"),
    (lambda L, x: x.to("cpu", None), "float32"),
    (lambda L, x: x.to(L.device("cpu"), dtype=L.float64), "float64"),
    (lambda L, x: x.to(float), "float64"),
])
def test_to_reads_its_three_forms_positionally_as_torch(L, call, dtype):
    assert str(call(L, L.ones(2)).dtype) == f"torch.{dtype}"


@pytest.mark.parametrize("L", LIBS, ids=IDS)
@pytest.mark.parametrize("call", [
    lambda L, x: x.to(L.float64, "cpu"),
    lambda L, x: x.to("cpu", "cpu"),
    lambda L, x: x.to("cpu", device="cpu"),
    lambda L, x: x.to(L.float64, 1),
    lambda L, x: x.to(x, L.float64),
    lambda L, x: x.to(L.float64, dtype=L.float64),
])
def test_to_refuses_what_matches_none_of_its_forms(L, call):
    with pytest.raises(TypeError, match="to\\(\\) received an invalid combination of arguments"):
        call(L, L.ones(2))


@pytest.mark.parametrize("L", LIBS, ids=IDS)
def test_new_factories_take_their_arguments_as_keywords(L):
    x = L.ones(2, dtype=L.float64)
    made = [x.new_zeros(size=(2,)), x.new_ones(size=[1, 2]), x.new_empty(size=(3,)),
            x.new_full(size=(2,), fill_value=3.0), x.new_tensor(data=[1.0])]
    assert [(tuple(t.shape), str(t.dtype)) for t in made] == [
        ((2,), "torch.float64"), ((1, 2), "torch.float64"), ((3,), "torch.float64"), ((2,), "torch.float64"),
        ((1,), "torch.float64")]
    assert made[3].tolist() == [3.0, 3.0]


@pytest.mark.parametrize("L", LIBS, ids=IDS)
@pytest.mark.parametrize("call", [lambda x: x.new_zeros(2, bogus=1), lambda x: x.new_tensor([1], x.dtype)])
def test_new_factories_refuse_unknown_arguments(L, call):
    with pytest.raises(TypeError):
        call(L.ones(2))


@pytest.mark.parametrize("size", [[2, 2], []], ids=str)
def test_the_legacy_constructor_reads_a_size_as_a_shape(size):
    assert minigrad.Tensor(minigrad.Size(size)).shape == torch.Tensor(torch.Size(size)).shape


def _read_only(values):
    a = np.array(values)
    a.flags.writeable = False
    return a


@pytest.mark.filterwarnings("ignore:The given NumPy array is not writable:UserWarning")
@pytest.mark.parametrize("L", LIBS, ids=IDS)
@pytest.mark.parametrize("share", [lambda L, a: L.from_numpy(a), lambda L, a: L.as_tensor(a)], ids=["from_numpy", "as_tensor"])
@pytest.mark.parametrize("write", [lambda t: t.mul_(2), lambda t: t.fill_(7), lambda t: t.__setitem__(0, 5.0),
                                   lambda t: t.copy_(t + 1), lambda t: t.__iadd__(1)],
                         ids=["mul_", "fill_", "setitem", "copy_", "iadd"])
def test_in_place_writes_to_a_shared_read_only_array_go_through_as_torch(L, share, write):
    a = _read_only([1.0, 2.0, 3.0])
    t = share(L, a)
    write(t)
    assert t.tolist() == a.tolist() and not a.flags.writeable


@pytest.mark.filterwarnings("ignore:The given buffer is not writable:UserWarning")
@pytest.mark.parametrize("L", LIBS, ids=IDS)
def test_a_tensor_over_a_read_only_buffer_is_writable_as_torch(L):
    t = L.frombuffer(bytes(np.arange(3, dtype=np.int32).tobytes()), dtype=L.int32)
    assert t.add_(1).tolist() == [1, 2, 3]


def test_a_tensor_over_a_read_only_buffer_warns_once_per_process_as_torch(monkeypatch):
    from minigrad import _host_data
    monkeypatch.setitem(_host_data._warned, "read-only buffer", False)
    with pytest.warns(UserWarning, match="The given buffer is not writable, and PyTorch does not support non-writable tensors"):
        minigrad.frombuffer(b"\0\0\0\0", dtype=minigrad.int32)
    minigrad.frombuffer(b"\0\0\0\0", dtype=minigrad.int32)  # (a second time, silent: warnings are errors in this suite)
