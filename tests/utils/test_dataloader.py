"""DataLoader, datasets and samplers behave as torch.utils.data (same index order -> same batches)."""
from collections import namedtuple

import numpy as np
import pytest
import torch
import torch.utils.data as tud
from hypothesis import given, strategies as st

import minigrad
import minigrad.utils.data as mud


def _same(m, t):
    """Batches equal: structure, values, dtype and shape."""
    if isinstance(t, torch.Tensor):
        assert isinstance(m, minigrad.Tensor), type(m)
        assert str(m.dtype) == str(t.dtype) and tuple(m.shape) == tuple(t.shape)
        np.testing.assert_array_equal(m.numpy(), t.numpy())
    elif isinstance(t, dict):
        assert isinstance(m, dict) and m.keys() == t.keys()
        for k in t:
            _same(m[k], t[k])
    elif isinstance(t, (list, tuple)):
        assert type(m).__name__ == type(t).__name__ and len(m) == len(t)
        for a, b in zip(m, t):
            _same(a, b)
    else:
        assert m == t


def _both(make_dataset, **kw):
    """The same loader over the same data, built with each library."""
    return mud.DataLoader(make_dataset(minigrad, mud), **kw), tud.DataLoader(make_dataset(torch, tud), **kw)


def _custom(L, mod, n=7):
    class Points(mod.Dataset):
        def __len__(self):
            return n

        def __getitem__(self, i):
            return L.tensor([float(i)]), L.tensor([2.0 * i])
    return Points()


def _tensor_dataset(L, mod, n=7):
    return mod.TensorDataset(L.arange(2 * n, dtype=L.float64).reshape(n, 2), L.arange(n))


@pytest.mark.parametrize("make", [_custom, _tensor_dataset], ids=["custom_dataset", "tensor_dataset"])
@given(batch_size=st.integers(1, 9), drop_last=st.booleans())
def test_sequential_batches_equal_torch(make, batch_size, drop_last):
    m, t = _both(make, batch_size=batch_size, drop_last=drop_last)
    assert len(m) == len(t)
    mb, tb = list(m), list(t)
    assert len(mb) == len(tb)
    for a, b in zip(mb, tb):
        _same(a, b)


def test_default_collate_of_numbers_arrays_dicts_and_named_tuples_equals_torch():
    Pair = namedtuple("Pair", "u v")
    samples = [{"f": 1.5, "i": 3, "b": True, "a": np.array([1, 2], dtype=np.int32), "s": "x",
                "n": np.float32(0.5), "p": Pair(1.0, (2, 3))} for _ in range(3)]
    _same(mud.default_collate(samples), tud.default_collate(samples))


def test_collate_of_tuples_gives_lists_as_torch():
    samples = [(np.float64(i), i) for i in range(4)]
    _same(mud.default_collate(samples), tud.default_collate(samples))


def test_unequal_lists_in_a_batch_raise():
    with pytest.raises(RuntimeError, match="equal size"):
        mud.default_collate([[1, 2], [1]])


def test_tensors_of_unequal_shapes_in_a_batch_raise_naming_the_entry():
    with pytest.raises(RuntimeError, match=r"equal size.*\[2\] at entry 0 and \[3\] at entry 2"):
        mud.default_collate([minigrad.zeros(2), minigrad.zeros(2), minigrad.zeros(3)])


def test_numpy_arrays_of_unequal_shapes_in_a_batch_raise_runtime_error_as_torch():
    samples = [np.zeros(2), np.zeros(2), np.zeros(3)]
    for collate in (mud.default_collate, tud.default_collate):
        with pytest.raises(RuntimeError, match=r"equal size.*\[2\] at entry 0 and \[3\] at entry 2"):
            collate(samples)


def test_strings_inside_lists_tuples_and_named_tuples_collate_to_tuples_as_torch():
    Named = namedtuple("Named", "x name")
    for samples in ([["a", 1], ["b", 2]], [("a", 1), ("b", 2)], [Named(1.0, "p"), Named(2.0, "q")],
                    [{"c": [1, "s"]}, {"c": [2, "t"]}]):
        _same(mud.default_collate(samples), tud.default_collate(samples))


def test_collate_keeps_the_mapping_and_sequence_types_of_the_samples_as_torch():
    from collections import OrderedDict, defaultdict

    class Tokens(list):
        pass

    for samples in ([OrderedDict(a=1.0, b="u"), OrderedDict(a=2.0, b="v")],
                    [defaultdict(int, k=1), defaultdict(int, k=2)], [Tokens([1, 2]), Tokens([3, 4])]):
        got, want = mud.default_collate(samples), tud.default_collate(samples)
        assert type(got) is type(want)
        assert repr(got).replace("minigrad", "torch") == repr(want)


def test_collated_tensors_keep_shape_and_dtype_as_torch():
    for make in (lambda L: [L.tensor(1.5), L.tensor(2.0)], lambda L: [L.zeros(2, 0)] * 3,
                 lambda L: [L.tensor([True]), L.tensor([False])], lambda L: [L.tensor([1]), L.tensor([2])]):
        _same(mud.default_collate(make(minigrad)), tud.default_collate(make(torch)))


def test_batch_size_none_yields_converted_samples():
    m, t = _both(_tensor_dataset, batch_size=None)
    for a, b in zip(m, t):
        _same(a, b)


def test_shuffle_visits_every_sample_once_per_epoch_in_a_new_order():
    loader = mud.DataLoader(_tensor_dataset(minigrad, mud, n=50), batch_size=8, shuffle=True)
    orders = []
    for _ in range(3):
        seen = [int(v) for _, y in loader for v in y]
        assert sorted(seen) == list(range(50))
        orders.append(seen)
    assert orders[0] != orders[1] or orders[1] != orders[2]


def test_shuffle_with_a_seeded_generator_is_reproducible():
    def order(seed):
        g = minigrad.Generator().manual_seed(seed)
        return [int(v) for _, y in mud.DataLoader(_tensor_dataset(minigrad, mud, n=20), batch_size=4,
                                                 shuffle=True, generator=g) for v in y]
    assert order(3) == order(3)
    assert order(3) != order(4)


def test_custom_collate_fn_gets_the_list_of_samples():
    loader = mud.DataLoader(_tensor_dataset(minigrad, mud), batch_size=3, collate_fn=lambda batch: len(batch))
    assert list(loader) == [3, 3, 1]


@pytest.mark.parametrize("lengths", [[3, 4], [0.5, 0.5], [0.3, 0.3, 0.4], [7, 0]])
def test_random_split_sizes_match_torch_and_parts_are_disjoint(lengths):
    m = mud.random_split(range(7), lengths, generator=minigrad.Generator().manual_seed(0))
    t = tud.random_split(range(7), lengths, generator=torch.Generator().manual_seed(0))
    assert [len(p) for p in m] == [len(p) for p in t]
    items = [x for p in m for x in p]
    assert sorted(items) == list(range(7))


def test_random_split_rejects_lengths_not_summing_to_the_dataset():
    with pytest.raises(ValueError):
        mud.random_split(range(5), [2, 2])


def test_subset_of_a_tensor_dataset_batches_like_torch():
    m = mud.DataLoader(mud.Subset(_tensor_dataset(minigrad, mud), [4, 0, 2]), batch_size=2)
    t = tud.DataLoader(tud.Subset(_tensor_dataset(torch, tud), [4, 0, 2]), batch_size=2)
    for a, b in zip(m, t):
        _same(a, b)


def test_samplers_subset_random_and_weighted():
    ds = _tensor_dataset(minigrad, mud, n=6)
    picked = sorted(int(v) for _, y in mud.DataLoader(ds, sampler=mud.SubsetRandomSampler([1, 4])) for v in y)
    assert picked == [1, 4]
    weighted = mud.WeightedRandomSampler([0, 0, 1, 0, 0, 0], num_samples=5)
    assert list(weighted) == [2] * 5 and len(weighted) == 5


@pytest.mark.parametrize("weights", [[1, 2, 3], np.array([0.5, 0.5]), "tensor"])
def test_weighted_sampler_keeps_its_weights_as_a_float64_tensor_as_torch(weights):
    for lib, L in ((mud, minigrad), (tud, torch)):
        given = L.tensor([0.2, 0.8]) if isinstance(weights, str) else weights
        kept = lib.WeightedRandomSampler(given, num_samples=3).weights
        assert isinstance(kept, L.Tensor) and str(kept.dtype) == "torch.float64"


def test_weighted_sampler_refuses_weights_that_are_not_1d_with_torchs_value_error():
    for lib in (mud, tud):
        with pytest.raises(ValueError, match=r"weights should be a 1d sequence but given weights have shape \(1, 2\)"):
            lib.WeightedRandomSampler([[1.0, 2.0]], num_samples=2)


def test_sampler_and_shuffle_are_mutually_exclusive():
    with pytest.raises(ValueError):
        mud.DataLoader(range(3), sampler=mud.SequentialSampler(range(3)), shuffle=True)


def test_a_training_loop_over_a_custom_dataset_runs():
    minigrad.manual_seed(0)
    model = minigrad.nn.Sequential(minigrad.nn.Linear(1, 4), minigrad.nn.ReLU(), minigrad.nn.Linear(4, 1))
    opt = minigrad.optim.SGD(model.parameters(), lr=0.01)
    loader = mud.DataLoader(_custom(minigrad, mud, n=5), batch_size=5, shuffle=True)
    losses = []
    for _ in range(20):
        for xb, yb in loader:
            opt.zero_grad()
            loss = minigrad.nn.functional.l1_loss(model(xb / 5), yb / 5)
            loss.backward()
            opt.step()
            losses.append(loss.item())
    assert losses[-1] < losses[0]


def test_concat_dataset_indexes_and_batches_like_torch():
    m = mud.ConcatDataset([_tensor_dataset(minigrad, mud, n=3), _custom(minigrad, mud, n=4)])
    t = tud.ConcatDataset([_tensor_dataset(torch, tud, n=3), _custom(torch, tud, n=4)])
    assert len(m) == len(t) == 7
    for i in (0, 2, 3, 6, -1, -7):
        _same(m[i], t[i])


def test_batch_sampler_argument_gives_its_batches_like_torch():
    batches = [[3, 0], [6, 1, 2], [5]]
    m, t = _both(_tensor_dataset, batch_sampler=batches)
    assert len(m) == len(t) == 3
    for a, b in zip(m, t):
        _same(a, b)


def test_a_dataset_with_getitems_is_asked_once_per_batch():
    calls = []

    class Batched(mud.Dataset):
        def __len__(self):
            return 5

        def __getitem__(self, i):
            raise AssertionError("the loader should gather whole batches")

        def __getitems__(self, idx):
            calls.append(list(idx))
            return [(minigrad.tensor([float(i)]), i) for i in idx]

    xs = [x for x, _ in mud.DataLoader(Batched(), batch_size=2)]
    assert calls == [[0, 1], [2, 3], [4]]
    assert [x.shape for x in xs] == [(2, 1), (2, 1), (1, 1)]


def test_default_collation_of_a_tensor_beside_an_array_raises_torchs_type_error():
    samples = [(torch.ones(2), np.ones(2)), (minigrad.ones(2), np.ones(2))]
    errors = []
    for lib, first in ((tud, samples[0][0]), (mud, samples[1][0])):
        with pytest.raises(TypeError) as exc:
            next(iter(lib.DataLoader([first, np.ones(2)], batch_size=2)))
        errors.append(str(exc.value))
    assert errors[0] == errors[1] == "expected Tensor as element 1 in argument 0, but got numpy.ndarray"


def test_a_generator_that_is_not_a_generator_raises_type_error_as_torch():
    for lib in (tud, mud):
        with pytest.raises(TypeError):
            next(iter(lib.DataLoader(range(4), shuffle=True, generator=5)))


@pytest.mark.parametrize("kwargs", [dict(timeout=-1), dict(prefetch_factor=2), dict(persistent_workers=True)],
                         ids=["negative timeout", "prefetch without workers", "persistent without workers"])
def test_dataloader_options_that_need_workers_or_are_negative_raise_torchs_value_error(kwargs):
    messages = []
    for lib in (tud, mud):
        with pytest.raises(ValueError) as exc:
            lib.DataLoader(range(4), **kwargs)
        messages.append(str(exc.value))
    assert messages[0] == messages[1]


def _stream_classes(lib):
    class Stream(lib.utils.data.IterableDataset):
        def __init__(self, n):
            self.n = n

        def __iter__(self):
            return iter(range(self.n))

    class SizedStream(Stream):
        def __len__(self):
            return self.n
    return Stream, SizedStream


def _as_lists(batches):
    return [b.tolist() if hasattr(b, "tolist") else b for b in batches]


@pytest.mark.parametrize("kwargs", [{"batch_size": 3}, {"batch_size": 3, "drop_last": True}, {"batch_size": None},
                                    {"batch_size": 2, "shuffle": False}], ids=str)
def test_iterable_dataset_batches_in_stream_order_as_torch(kwargs):
    seen = []
    for lib in (minigrad, torch):
        Stream, _ = _stream_classes(lib)
        seen.append(_as_lists(lib.utils.data.DataLoader(Stream(7), **kwargs)))
    assert seen[0] == seen[1]


def test_iterable_dataset_lengths_and_chaining_as_torch():
    seen = []
    for lib in (minigrad, torch):
        Stream, Sized = _stream_classes(lib)
        DataLoader = lib.utils.data.DataLoader
        chained = Stream(2) + Stream(3)
        seen.append((len(DataLoader(Sized(7), batch_size=3)), len(DataLoader(Sized(7), batch_size=3, drop_last=True)),
                     type(chained).__name__, _as_lists(DataLoader(chained, batch_size=2)),
                     len(lib.utils.data.ChainDataset([Sized(2), Sized(3)]))))
        with pytest.raises(TypeError):
            len(DataLoader(Stream(7), batch_size=3))
    assert seen[0] == seen[1]


@pytest.mark.parametrize("option", [{"shuffle": True}, {"sampler": [0, 1]}, {"batch_sampler": [[0]]}], ids=str)
def test_iterable_dataset_refuses_sampling_options_as_torch(option):
    messages = []
    for lib in (minigrad, torch):
        Stream, _ = _stream_classes(lib)
        with pytest.raises(ValueError) as error:
            lib.utils.data.DataLoader(Stream(3), **option)
        messages.append(str(error.value))
    assert messages[0] == messages[1]


@pytest.mark.parametrize("keyword", [False, True])
def test_stack_dataset_gives_torchs_samples_and_batches(keyword):
    out = []
    for lib, data in ((minigrad, mud), (torch, tud)):
        a, b = data.TensorDataset(lib.arange(5.0)), data.TensorDataset(lib.arange(5) * 10)
        stacked = data.StackDataset(x=a, y=b) if keyword else data.StackDataset(a, b)
        batches = list(data.DataLoader(stacked, batch_size=2))
        out.append((len(stacked), repr(stacked[3]), repr(batches)))
    assert out[0] == out[1]


@pytest.mark.parametrize("make", [lambda d, a: d.StackDataset(a, y=a), lambda d, a: d.StackDataset(),
                                  lambda d, a: d.StackDataset(a, d.Subset(a, [0, 1]))])
def test_stack_dataset_refusals_are_torchs(make):
    messages = []
    for lib, data in ((minigrad, mud), (torch, tud)):
        with pytest.raises(ValueError) as info:
            make(data, data.TensorDataset(lib.arange(3.0)))
        messages.append(str(info.value))
    assert messages[0] == messages[1]


def _sharded_by_worker(lib, n):
    """The documented pattern: each worker yields its share of range(n); the main process all of it."""
    class Sharded(lib.utils.data.IterableDataset):
        def __iter__(self):
            info = lib.utils.data.get_worker_info()
            if info is None:
                return iter(range(n))
            return iter(range(info.id, n, info.num_workers))
    return Sharded()


def test_get_worker_info_is_none_in_the_main_process_as_torch():
    for lib in (minigrad, torch):
        assert lib.utils.data.get_worker_info() is None


def test_a_dataset_sharded_by_worker_info_yields_all_of_it_as_torchs_main_process():
    batches = []
    for lib in (minigrad, torch):
        loader = lib.utils.data.DataLoader(_sharded_by_worker(lib, 7), batch_size=3)
        batches.append([b.tolist() for b in loader])
    assert batches[0] == batches[1] == [[0, 1, 2], [3, 4, 5], [6]]


def _random_samples(lib):
    """A map-style dataset whose samples draw from minigrad's / PyTorch's, NumPy's and Python's
    global random streams and name the worker loading them."""
    import random

    class RandomSamples(lib.utils.data.Dataset):
        def __len__(self):
            return 7

        def __getitem__(self, i):
            info = lib.utils.data.get_worker_info()
            return lib.tensor([float(i), lib.rand(()).item(), float(np.random.rand()), random.random(),
                               -1.0 if info is None else float(info.id)], dtype=lib.float64)
    return RandomSamples()


def _epochs(lib, dataset, epochs=2, **options):
    import random
    lib.manual_seed(3)
    np.random.seed(3)
    random.seed(3)
    loader = lib.utils.data.DataLoader(dataset, **options)
    seen = [[b.tolist() for b in loader] for _ in range(epochs)]
    return seen, [lib.rand(()).item(), np.random.rand(), random.random()]  # (the main process's streams after)


@pytest.mark.filterwarnings("ignore:This DataLoader will create")  # (PyTorch: more workers than cores)
@pytest.mark.parametrize("options", [dict(batch_size=2, shuffle=True, num_workers=2),
                                     dict(batch_size=3, num_workers=2, persistent_workers=True),
                                     dict(batch_size=None, num_workers=2, shuffle=True)], ids=str)
def test_workers_load_batches_in_turn_with_their_own_random_streams_as_torch(options):
    assert _epochs(minigrad, _random_samples(minigrad), **options) == _epochs(torch, _random_samples(torch), **options)


@pytest.mark.filterwarnings("ignore:This DataLoader will create")  # (PyTorch: more workers than cores)
def test_worker_init_fn_runs_in_each_worker_with_its_streams_as_torch():
    def init_fn(worker_id):  # the usual NumPy reseeding, from the state PyTorch gave the worker
        np.random.seed(np.random.get_state()[1][0] + worker_id)
    got = _epochs(minigrad, _random_samples(minigrad), batch_size=2, num_workers=2, worker_init_fn=init_fn)
    assert got == _epochs(torch, _random_samples(torch), batch_size=2, num_workers=2, worker_init_fn=init_fn)


@pytest.mark.filterwarnings("ignore:This DataLoader will create")  # (PyTorch: more workers than cores)
@pytest.mark.parametrize("sharded", [False, True])
@pytest.mark.parametrize("drop_last", [False, True])
def test_an_iterable_dataset_is_read_once_per_worker_in_turn_as_torch(sharded, drop_last):
    def make(lib):
        return _sharded_by_worker(lib, 7) if sharded else _counting(lib)
    got = _epochs(minigrad, make(minigrad), epochs=1, batch_size=2, num_workers=2, drop_last=drop_last)
    assert got == _epochs(torch, make(torch), epochs=1, batch_size=2, num_workers=2, drop_last=drop_last)


def _counting(lib):
    """An iterable dataset of range(5) that does not shard by worker."""
    class Counting(lib.utils.data.IterableDataset):
        def __iter__(self):
            return iter(range(5))
    return Counting()


def test_worker_info_names_the_worker_its_seed_and_the_dataset():
    seen = []

    class Probe(mud.Dataset):
        def __len__(self):
            return 4

        def __getitem__(self, i):
            info = mud.get_worker_info()
            seen.append((info.id, info.num_workers, info.dataset is probe, info.seed - base))
            return i

    probe = Probe()
    minigrad.manual_seed(0)
    base = int(minigrad.random.default_generator.rng.integers(0, 2 ** 63))  # the base seed the loader will draw
    minigrad.manual_seed(0)
    list(mud.DataLoader(probe, batch_size=1, num_workers=2))
    assert seen == [(0, 2, True, 0), (1, 2, True, 1), (0, 2, True, 0), (1, 2, True, 1)]
    assert mud.get_worker_info() is None and repr(mud.dataloader.WorkerInfo(id=0, num_workers=1, seed=5, dataset=None)) \
        == "WorkerInfo(id=0, num_workers=1, seed=5, dataset=None)"


@pytest.mark.filterwarnings("ignore:This DataLoader will create")  # (PyTorch: more workers than cores)
@pytest.mark.parametrize("workers", [0, 2])
@pytest.mark.parametrize("taken", [1, 2, 3, 4])
@pytest.mark.parametrize("n, batch_size, drop_last", [(12, 3, False), (10, 3, False), (10, 3, True)])
def test_an_epoch_left_early_draws_from_the_loaders_generator_as_far_as_torch(workers, taken, n, batch_size, drop_last):
    def run(lib):
        g = lib.Generator().manual_seed(1)
        loader = lib.utils.data.DataLoader(lib.utils.data.TensorDataset(lib.arange(n)), batch_size=batch_size,
                                           shuffle=True, generator=g, num_workers=workers, drop_last=drop_last)
        it = iter(loader)
        first = [next(it)[0].tolist() for _ in range(min(taken, len(loader)))]
        return first, [b[0].tolist() for b in loader], lib.randperm(5, generator=g).tolist()
    assert run(minigrad) == run(torch)


def test_tensor_dataset_of_tensors_with_different_first_sizes_raises_torchs_assertion_message():
    messages = []
    for L, data in ((minigrad, mud), (torch, tud)):
        with pytest.raises(AssertionError) as err:
            data.TensorDataset(L.zeros(3, 2), L.zeros(2))
        messages.append(str(err.value))
    assert messages[0] == messages[1]


def test_default_convert_makes_numpy_numbers_tensors_and_keeps_a_mappings_type_as_torch():
    import collections
    from minigrad.utils.data import default_convert
    from torch.utils.data import default_convert as torch_convert
    for sample in (np.int64(3), np.float32(1.5), np.bool_(True)):
        mine, theirs = default_convert(sample), torch_convert(sample)
        assert mine.tolist() == theirs.tolist() and str(mine.dtype) == str(theirs.dtype)
    converted = default_convert(collections.OrderedDict(a=np.ones(1)))
    assert type(converted) is collections.OrderedDict and converted["a"].tolist() == [1.0]


def test_default_collate_keeps_numpy_strings_as_torch():
    from minigrad.utils.data import default_collate
    assert default_collate([np.str_("a"), np.str_("b")]) == ["a", "b"]


def _doubling_tensor_dataset(L):
    """A TensorDataset subclass whose samples are its own (the inputs doubled)."""
    class Doubled(L.utils.data.TensorDataset):
        def __getitem__(self, i):
            x, y = super().__getitem__(i)
            return x * 2, y
    return Doubled(L.arange(5.0), L.arange(5))


@pytest.mark.parametrize("wrap", [lambda L, d: d, lambda L, d: L.utils.data.Subset(d, [4, 0, 2])],
                         ids=["dataset", "subset"])
def test_a_tensor_dataset_subclass_with_its_own_getitem_batches_its_samples_as_torch(wrap):
    def run(L):
        loader = L.utils.data.DataLoader(wrap(L, _doubling_tensor_dataset(L)), batch_size=2)
        return [[t.tolist() for t in batch] for batch in loader]
    assert run(minigrad) == run(torch)


def test_a_subset_subclass_with_its_own_getitems_batches_its_samples_as_torch():
    def run(L):
        class Shifted(L.utils.data.Subset):
            def __getitem__(self, i):
                return super().__getitem__(i)[0] + 100

            def __getitems__(self, indices):
                return [self[i] for i in indices]
        subset = Shifted(L.utils.data.TensorDataset(L.arange(5.0)), [3, 0, 1])
        return [batch.tolist() for batch in L.utils.data.DataLoader(subset, batch_size=2)]
    assert run(minigrad) == run(torch)


def test_a_subset_subclass_overriding_only_getitem_raises_torchs_not_implemented_error():
    messages = []
    for L in (minigrad, torch):
        class Shifted(L.utils.data.Subset):
            def __getitem__(self, i):
                return super().__getitem__(i) + 100
        with pytest.raises(NotImplementedError) as err:
            Shifted([1, 2, 3], [0])
        messages.append(str(err.value))
    assert messages[0] == messages[1]


def _batch_loading(L, calls):
    """A dataset that records whether it is asked for one sample or for a batch at once."""
    class Batched(L.utils.data.Dataset):
        def __len__(self):
            return 5

        def __getitem__(self, i):
            calls.append(("one", i))
            return i

        def __getitems__(self, indices):
            calls.append(("batch", list(indices)))
            return [10 * i for i in indices]
    return Batched()


@pytest.mark.parametrize("wrap", [lambda L, d: L.utils.data.Subset(d, [4, 1, 3]),
                                  lambda L, d: L.utils.data.StackDataset(d, d),
                                  lambda L, d: L.utils.data.StackDataset(a=d, b=[5, 6, 7, 8, 9])],
                         ids=["subset", "stack", "stack_dict"])
def test_subset_and_stack_dataset_ask_their_dataset_for_whole_batches_as_torch(wrap):
    def run(L):
        calls = []
        loader = L.utils.data.DataLoader(wrap(L, _batch_loading(L, calls)), batch_size=2)
        return repr([[t.tolist() for t in b] if isinstance(b, list) else {k: t.tolist() for k, t in b.items()}
                     if isinstance(b, dict) else b.tolist() for b in loader]), calls
    assert run(minigrad) == run(torch)


def test_subset_keeps_its_indices_as_given_as_torch():
    for indices in (range(1, 3), np.array([2, 0])):
        assert type(mud.Subset([1, 2, 3], indices).indices) is type(tud.Subset([1, 2, 3], indices).indices)
        assert type(mud.SubsetRandomSampler(indices).indices) is type(tud.SubsetRandomSampler(indices).indices)


@pytest.mark.parametrize("make", [lambda L: L.utils.data.SubsetRandomSampler([4, 3, 2, 1, 0]),
                                  lambda L: L.utils.data.WeightedRandomSampler([1.0, 2.0, 3.0, 4.0, 5.0], 5)],
                         ids=["subset_random", "weighted"])
def test_subset_random_and_weighted_samplers_draw_at_the_first_index_as_torch(make):
    def run(L):
        L.manual_seed(0)
        indices = iter(make(L))
        between = L.rand(2).tolist()  # (drawn before the sampler's first index is asked for)
        return list(indices), between, L.rand(2).tolist()
    assert run(minigrad) == run(torch)


@pytest.mark.parametrize("weights, replacement", [([1.0, -2.0, 3.0], True), ([0.0, 0.0], True), ([], True),
                                                  ([1.0, 0.0], False)], ids=str)
def test_weighted_sampler_refuses_bad_weights_when_drawing_as_torch(weights, replacement):
    messages = []
    for data in (mud, tud):
        sampler = data.WeightedRandomSampler(weights, 4, replacement=replacement)  # (accepted here)
        with pytest.raises(RuntimeError) as err:
            list(sampler)
        messages.append(str(err.value))
    assert messages[0] == messages[1]


def test_random_sampler_with_replacement_over_an_empty_dataset_raises_torchs_runtime_error():
    messages = []
    for data in (mud, tud):
        with pytest.raises(RuntimeError) as err:
            list(data.RandomSampler([], replacement=True, num_samples=3))
        messages.append(str(err.value))
    assert messages[0] == messages[1]


@pytest.mark.parametrize("batch", [[np.arange(3)[::-1]], [np.ones((2, 2))[:, ::-1], np.ones((2, 2))]], ids=str)
def test_default_collate_refuses_numpy_arrays_with_negative_strides_as_torch(batch):
    messages = []
    for data in (mud, tud):
        with pytest.raises(ValueError) as err:
            data.default_collate(batch)
        messages.append(str(err.value))
    assert messages[0] == messages[1]


def test_default_collate_refuses_numpy_scalars_that_are_no_numbers_with_torchs_type_error():
    batch = [np.datetime64("2020-01-01"), np.datetime64("2020-01-02")]
    messages = []
    for data in (mud, tud):
        with pytest.raises(TypeError) as err:
            data.default_collate(batch)
        messages.append(str(err.value))
    assert messages[0] == messages[1]


@pytest.mark.parametrize("sample", [range(3), [range(2), np.ones(1)], (range(1),)], ids=str)
def test_default_convert_of_an_immutable_sequence_converts_its_items_into_a_list_as_torch(sample):
    _same(mud.default_convert(sample), tud.default_convert(sample))


def test_dataloader_keeps_multiprocessing_context_in_order_and_pin_memory_device_as_torch():
    def attributes(L, **kw):
        loader = L.utils.data.DataLoader([1, 2], num_workers=1, **kw)
        return (type(loader.multiprocessing_context).__name__, loader.in_order, loader.pin_memory_device)
    assert attributes(minigrad) == attributes(torch)
    assert attributes(minigrad, multiprocessing_context="spawn", in_order=False, pin_memory_device="x") \
        == attributes(torch, multiprocessing_context="spawn", in_order=False, pin_memory_device="x")


def test_a_multiprocessing_context_that_is_no_context_raises_torchs_type_error():
    messages = []
    for data in (mud, tud):
        with pytest.raises(TypeError) as err:
            data.DataLoader([1, 2], num_workers=1, multiprocessing_context=3)
        messages.append(str(err.value))
    assert messages[0] == messages[1]


# (PyTorch's half-made iterator fails in its __del__: collected here, inside the test)
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_a_zero_prefetch_factor_with_workers_raises_torchs_assertion_error_when_iterating():
    import gc
    messages = []
    for data in (mud, tud):
        loader = data.DataLoader([1, 2], num_workers=1, prefetch_factor=0)  # (accepted here)
        with pytest.raises(AssertionError) as err:
            iter(loader)
        messages.append(str(err.value))
        del err
        gc.collect()
    assert messages[0] == messages[1]


@pytest.mark.skipif(minigrad.accelerator.is_available(), reason="the warning is for a machine without an accelerator")
@pytest.mark.parametrize("device", ["", "cuda"])
def test_pin_memory_without_an_accelerator_warns_at_each_epoch_as_torch(device):
    def warned(data):
        loader = data.DataLoader([1, 2], pin_memory=True, pin_memory_device=device)
        with pytest.warns(UserWarning) as record:
            for _ in range(2):
                list(loader)
        return [str(w.message) for w in record]
    assert warned(mud) == warned(tud)


def _failing_at(lib, bad_index, error):
    """A map-style dataset of 8 numbers whose item ``bad_index`` raises ``error``."""
    class Failing(lib.utils.data.Dataset):
        def __len__(self):
            return 8

        def __getitem__(self, i):
            if i == bad_index:
                raise error
            return float(i)
    return Failing()


@pytest.mark.parametrize("options", [dict(batch_size=3), dict(batch_size=3, drop_last=True), dict(batch_size=None),
                                     dict(batch_size=2, num_workers=2)], ids=str)
def test_the_iterator_of_a_loader_has_the_loaders_length_as_torch(options):
    lengths = [len(iter(lib.utils.data.DataLoader(list(range(8)), **options))) for lib in (minigrad, torch)]
    assert lengths[0] == lengths[1]


@pytest.mark.parametrize("options", [dict(batch_size=3), dict(batch_size=2, num_workers=2)], ids=str)
def test_the_iterator_of_a_loader_is_named_as_torchs(options):
    names = []
    for lib in (minigrad, torch):
        iterator = iter(lib.utils.data.DataLoader(list(range(8)), **options))
        names.append(type(iterator).__name__)
        list(iterator)  # (ends the pass, and PyTorch's workers with it)
    assert names[0] == names[1]


@pytest.mark.filterwarnings("ignore:This DataLoader will create")  # (PyTorch: more workers than cores)
@pytest.mark.parametrize("error", [ValueError("bad item"), KeyError("key"), IndexError("out")], ids=repr)
def test_an_error_in_a_worker_is_raised_with_its_type_naming_the_worker_as_torch(error):
    for lib in (minigrad, torch):
        loader = lib.utils.data.DataLoader(_failing_at(lib, 3, error), batch_size=2, num_workers=2)
        with pytest.raises(type(error), match="Caught .* in DataLoader worker process 1") as caught:
            list(loader)
        assert "Original Traceback" in str(caught.value)


def test_an_error_without_workers_is_raised_as_it_is_as_torch():
    for lib in (minigrad, torch):
        loader = lib.utils.data.DataLoader(_failing_at(lib, 3, ValueError("bad item")), batch_size=2)
        with pytest.raises(ValueError, match="^bad item$"):
            list(loader)
