"""repr/str/print of tensors, character for character as PyTorch's: the same values printed by
both libraries under the same print options (``set_printoptions``), including the cases a
differential probe found to differ."""
import math

import numpy as np
import pytest
from hypothesis import given, strategies as st
from hypothesis.extra import numpy as hnp

import minigrad

torch = pytest.importorskip("torch")


def printed(make, **options):
    """``make(lib)``'s text in PyTorch and in minigrad, each under ``options`` (reset afterwards)."""
    texts = []
    for lib in (torch, minigrad):
        lib.set_printoptions(**options)
        try:
            texts.append(make(lib))
        finally:
            lib.set_printoptions(profile="default")
    return texts


@pytest.mark.parametrize("value,dtype", [(1 / 3, "float32"), (-0.0, "float64"), (math.nan, "float16"), (7, "int16"),
                                         (True, "bool"), (1 - 2j, "complex64"), (2.5e-9, "float32")], ids=repr)
def test_a_0d_tensor_summarised_with_no_edge_items_prints_its_value(value, dtype):
    # threshold=0 summarises every tensor; with edgeitems=0 PyTorch writes [...] for a tensor of
    # one or more dimensions, but a 0-d tensor has no dimension to elide and shows its value
    theirs, mine = printed(lambda L: repr(L.tensor(value, dtype=getattr(L, dtype))), threshold=0, edgeitems=0)
    assert mine == theirs


@pytest.mark.parametrize("make", [
    lambda L: L.arange(80.0).reshape(2, 40),            # rows wrap under the subclass's own indent
    lambda L: L.tensor(2.5),
    lambda L: L.tensor([1, -2], dtype=L.int8),        # with a dtype suffix
    lambda L: L.zeros(2, 0),                          # empty, with its size
    lambda L: L.tensor([0.5, 1e-9], requires_grad=True),
], ids=["wrapped", "0-d", "int8", "empty", "requires_grad"])
def test_a_tensor_subclass_prints_its_class_name(make):
    def text(L):
        subclass = type("MyTensor", (L.Tensor,), {})
        return repr(make(L).as_subclass(subclass))
    theirs, mine = printed(text)
    assert mine == theirs


def test_a_parameter_subclass_prints_inside_parameter():
    def text(L):
        subclass = type("MyParam", (L.nn.Parameter,), {})
        return repr(subclass(L.tensor([1.0, -2.0]))) + "|" + repr(subclass(L.tensor([3]), requires_grad=False))
    theirs, mine = printed(text)
    assert mine == theirs


def test_a_plain_parameter_prints_as_a_tensor_under_its_header():
    theirs, mine = printed(lambda L: repr(L.nn.Parameter(L.tensor([[1.0, 2.0], [3.0, 4.5]]))) + str(
        L.nn.Parameter(L.tensor([1, 2]), requires_grad=False)))
    assert mine == theirs


@pytest.mark.parametrize("make", [lambda L: L.tensor([1.0, 2.0], requires_grad=True), lambda L: L.zeros(2, 0),
                                  lambda L: L.tensor([1, 2], dtype=L.int8)], ids=["grad", "empty", "int8"])
def test_repr_tensor_contents_keyword_replaces_the_values(make):
    theirs, mine = printed(lambda L: make(L).__repr__(tensor_contents="[...]"))
    assert mine == theirs


def test_str_of_a_subclass_is_its_own_repr():
    def text(L):
        subclass = type("Shown", (L.Tensor,), {"__repr__": lambda self: "Shown!"})
        t = L.tensor([1.0]).as_subclass(subclass)
        return f"{str(t)} {t} {[t]}"
    theirs, mine = printed(text)
    assert mine == theirs


def test_a_cuda_tensor_names_its_device_index():
    # PyTorch's tensors on CUDA always carry an index: device='cuda:0', also for one made on "cuda"
    from minigrad import _formatting
    assert _formatting.device_suffix(minigrad.device("cuda")) == f"device='{torch.device('cuda', 0)}'"
    assert _formatting.device_suffix(minigrad.device("cuda:1")) == f"device='{torch.device('cuda', 1)}'"
    if minigrad.cuda.is_available():
        assert repr(minigrad.zeros(2, device="cuda")) == "tensor([0., 0.], device='cuda:0')"


# ----------------------------------------------------------------- drawn tensors and print options
DTYPES = ["float16", "float32", "float64", "int8", "int16", "int32", "int64", "uint8", "bool", "complex64",
          "complex128"]
#: values at the formatter's edges: the sci-mode switches (1e-4, 1e8, a ratio of 1000), rounding at
#: 4 decimals, integral floats, negative zero, denormals, float16's and float32's extremes
EDGES = [0.0, -0.0, 0.99995, 9.99995, 123456.5, 1e-4, 9.9999e-5, 1e8, 100000001.0, 1000.0, 1e-5, 1e-9, 1e16,
         3e38, 5e-324, 6e-8, 65504.0, 0.5, 2.5, -7.0, math.nan, math.inf, -math.inf]

OPTIONS = st.fixed_dictionaries({}, optional={
    "precision": st.integers(0, 10), "sci_mode": st.sampled_from([True, False, None]),
    "linewidth": st.sampled_from([10, 40, 80, 200]), "edgeitems": st.sampled_from([0, 1, 3, 5]),
    "threshold": st.sampled_from([0, 5, 20, 1000, math.inf]), "profile": st.sampled_from(["short", "full", "default"]),
})


@st.composite
def arrays(draw):
    dtype = np.dtype(draw(st.sampled_from(DTYPES)))
    shape = draw(hnp.array_shapes(min_dims=0, max_dims=4, min_side=0, max_side=6))
    if dtype.kind == "f":
        elements = st.one_of(st.sampled_from(EDGES), st.integers(-10 ** 6, 10 ** 6).map(float),
                             st.floats(width=8 * dtype.itemsize))
        with np.errstate(over="ignore"):
            return draw(hnp.arrays(dtype, shape, elements=elements))
    if dtype.kind == "c":
        parts = st.one_of(st.sampled_from(EDGES), st.floats(-1e6, 1e6))
        return draw(hnp.arrays(dtype, shape, elements=st.builds(complex, parts, parts)))
    return draw(hnp.arrays(dtype, shape))


@given(arrays(), OPTIONS, st.sampled_from(["plain", "requires_grad", "result"]))
def test_repr_of_drawn_tensors_under_drawn_print_options_matches_torch(arr, options, kind):
    def text(L):
        t = L.from_numpy(arr.copy())
        if kind != "plain" and arr.dtype.kind in "fc":
            t = t.requires_grad_() if kind == "requires_grad" else t.requires_grad_().clone()
        return repr(t)
    theirs, mine = printed(text, **options)
    assert mine == theirs


@pytest.mark.parametrize("shape", [(1000,), (1001,), (2000,), (40, 40), (3, 400), (2, 3, 200)], ids=str)
@pytest.mark.parametrize("dtype", ["float32", "float16", "int64", "complex64", "bool"])
def test_repr_of_a_summarised_tensor_matches_torch(shape, dtype):
    rng = np.random.default_rng(0)
    values = rng.standard_normal(shape) * 10.0 ** rng.integers(-3, 3, shape)
    if dtype == "complex64":
        values = values + 1j * values[::-1]
    arr = (values > 0 if dtype == "bool" else values).astype(dtype)
    theirs, mine = printed(lambda L: repr(L.from_numpy(arr.copy())))
    assert mine == theirs


@pytest.mark.parametrize("make", [lambda L, x: (x * x).sum(), lambda L, x: (x ** 3).sum(), lambda L, x: (x * 2).sum()],
                         ids=["add", "mul", "constant"])
def test_a_first_grad_under_create_graph_prints_copybackwards(make):
    # PyTorch's AccumulateGrad stores a copy of a first gradient that requires grad
    # (new_empty_strided(...).copy_(grad)): x.grad prints grad_fn=<CopyBackwards>, not the
    # gradient's own node; a second backward adds to it (AddBackward0)
    def text(L):
        x = L.tensor([1.5, -2.0], requires_grad=True)
        make(L, x).backward(create_graph=True)
        first = repr(x.grad)
        make(L, x).backward(create_graph=True)
        return first + "|" + repr(x.grad)
    with pytest.warns(UserWarning):  # (both warn of the reference cycle create_graph makes)
        theirs, mine = printed(text)
    assert mine == theirs


def test_tensor_str_reads_the_print_options_set_printoptions_sets():
    seen = []
    for lib in (torch, minigrad):
        try:
            lib.set_printoptions(precision=2, threshold=7, edgeitems=1, linewidth=60, sci_mode=False)
            opts = lib._tensor_str.PRINT_OPTS
            seen.append((lib._tensor_str.get_printoptions(), opts.precision, opts.threshold, opts.edgeitems,
                         opts.linewidth, opts.sci_mode))
        finally:
            lib.set_printoptions(profile="default")
    assert seen[0] == seen[1]


def test_tensor_str_printoptions_restores_the_options_after_its_block():
    texts = []
    for lib in (torch, minigrad):
        lib.set_printoptions(precision=6)
        try:
            with lib._tensor_str.printoptions(precision=1, sci_mode=True):
                inside = repr(lib.tensor([1 / 3, 2.0]))
            texts.append((inside, repr(lib.tensor([1 / 3, 2.0])), lib._tensor_str.get_printoptions()))
        finally:
            lib.set_printoptions(profile="default")
    assert texts[0] == texts[1]
