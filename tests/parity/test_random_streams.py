"""Seeded draws are PyTorch's: the same seed gives the same numbers, so a course program's
printed values (initial weights, shuffled batches, splits) read the same on both."""
import numpy as np
import pytest
import torch

import minigrad

DRAWS = {
    "rand": lambda L: L.rand(2, 3),
    "rand_float64": lambda L: L.rand(5, dtype=L.float64),
    "randn_one_then_another": lambda L: L.stack([L.randn(1), L.randn(1)]),  # (the kept Box-Muller sine)
    "randn_small": lambda L: L.randn(3, 5),
    "randn_blocks_of_16": lambda L: L.randn(4, 8),
    "randn_partial_block": lambda L: L.randn(37),
    "randn_float64": lambda L: L.randn(50, dtype=L.float64),
    "randint": lambda L: L.randint(-3, 10, (4, 5)),
    "randint_wide": lambda L: L.randint(0, 2 ** 40, (6,)),
    "randint_two_words_from_2_to_the_28": lambda L: L.randint(-5, 2 ** 28 - 5, (6,)),
    "randint_one_word_below_2_to_the_28": lambda L: L.randint(0, 2 ** 28 - 1, (6,)),
    "random_int32_full_range": lambda L: L.empty(6, dtype=L.int32).random_(-2 ** 31, 2 ** 31),
    "cauchy_": lambda L: L.empty(20).cauchy_(0.5, 2.0),
    "log_normal_": lambda L: L.empty(20, dtype=L.float64).log_normal_(0.2, 0.7),
    "geometric_": lambda L: L.empty(20, dtype=L.int64).geometric_(0.3),
    "randperm": lambda L: L.randperm(40),
    "normal_tensors": lambda L: L.normal(L.zeros(20), L.ones(20) * 2),
    "normal_numbers": lambda L: L.normal(1.0, 2.0, (3,)),
    "normal_": lambda L: L.empty(30).normal_(2.0, 3.0),
    "uniform_": lambda L: L.empty(7).uniform_(-1.0, 2.0),
    "uniform_float64": lambda L: L.empty(60, dtype=L.float64).uniform_(-0.3, 2.7),
    "random_float": lambda L: L.empty(5).random_(),
    "random_int64": lambda L: L.empty(3, dtype=L.int64).random_(),
    "random_to": lambda L: L.empty(6, dtype=L.int32).random_(7),
    "bernoulli_tensor": lambda L: L.bernoulli(L.full((20,), 0.4)),
    "bernoulli_": lambda L: L.empty(20).bernoulli_(0.4),
    "exponential_": lambda L: L.empty(6).exponential_(2.0),
    "multinomial": lambda L: L.multinomial(L.tensor([0.1, 0.5, 0.4]), 8, replacement=True),
    "multinomial_one_sample": lambda L: L.multinomial(L.tensor([[0.1, 0.5, 0.4], [0.3, 0.3, 0.4]]), 1, True),
    "multinomial_without_replacement": lambda L: L.multinomial(L.tensor([0.1, 0.5, 0.4, 0.2], dtype=L.float64), 3),
    "rand_like": lambda L: L.rand_like(L.ones(2, 2)),
    "randn_like": lambda L: L.randn_like(L.ones(20)),
    "linear_init": lambda L: L.cat([p.reshape(-1) for p in L.nn.Linear(5, 3).parameters()]),
    "conv_init": lambda L: L.cat([p.reshape(-1) for p in L.nn.Conv2d(3, 4, 3).parameters()]),
    "conv_transpose_init": lambda L: L.nn.ConvTranspose2d(3, 4, 3).weight,
    "conv3d_init": lambda L: L.cat([p.reshape(-1) for p in L.nn.Conv3d(3, 4, (3, 2, 2)).parameters()]),
    "conv_transpose3d_init": lambda L: L.cat([p.reshape(-1) for p in L.nn.ConvTranspose3d(3, 4, 2).parameters()]),
    "embedding_init": lambda L: L.nn.Embedding(10, 3).weight,
    "bilinear_init": lambda L: L.cat([p.reshape(-1) for p in L.nn.Bilinear(3, 4, 5).parameters()]),
    "rrelu": lambda L: L.nn.functional.rrelu(L.randn(30), training=True),
    "alpha_dropout": lambda L: L.nn.functional.alpha_dropout(L.ones(40), 0.3, training=True),
    "multihead_attention_init": lambda L: L.cat([p.reshape(-1) for p in L.nn.MultiheadAttention(
        6, 2, add_bias_kv=True).parameters()]),
    "multihead_attention_kdim_init": lambda L: L.cat([p.reshape(-1) for p in L.nn.MultiheadAttention(
        4, 2, kdim=3, vdim=5, bias=False).parameters()]),
    "xavier_uniform_": lambda L: L.nn.init.xavier_uniform_(L.empty(3, 4)),
    "kaiming_normal_": lambda L: L.nn.init.kaiming_normal_(L.empty(3, 4)),
    "trunc_normal_": lambda L: L.nn.init.trunc_normal_(L.empty(5)),
    "trunc_normal_narrow": lambda L: L.nn.init.trunc_normal_(L.empty(6), mean=0.3, std=1.0, a=0.0, b=0.5),
    "dropout": lambda L: L.nn.functional.dropout(L.ones(40), 0.3),
    "dropout2d": lambda L: L.nn.functional.dropout2d(L.ones(2, 5, 3, 3), 0.5),
    "dropout3d": lambda L: L.nn.functional.dropout3d(L.ones(2, 5, 3, 2, 3), 0.5),
    "dropout3d_unbatched": lambda L: L.nn.functional.dropout3d(L.ones(5, 3, 2, 3), 0.5),
    "generator_argument": lambda L: L.rand(4, generator=L.Generator().manual_seed(11)),
    "fresh_generator": lambda L: L.randn(3, generator=L.Generator()),
}


def _draw(lib, name, seed):
    lib.manual_seed(seed)
    return DRAWS[name](lib).detach().numpy()


@pytest.mark.parametrize("seed", [0, 42, 2 ** 40 + 3, -5])
@pytest.mark.parametrize("name", sorted(DRAWS))
def test_seeded_draws_are_pytorchs(name, seed):
    ours, theirs = _draw(minigrad, name, seed), _draw(torch, name, seed)
    assert ours.dtype == theirs.dtype and ours.shape == theirs.shape
    if ours.dtype == np.float32:  # PyTorch's vectorised float32 normals may round a last bit or two apart
        np.testing.assert_allclose(ours, theirs, rtol=1e-6, atol=1e-6)
    else:
        np.testing.assert_array_equal(ours, theirs)


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("low,high", [(-0.37796447300922725, 0.37796447300922725), (0.3, 2.9), (-5.1, -0.3),
                                      (-1e-3, 7.0), (0.0, 1.0)])
def test_uniform_samples_are_pytorchs_bit_for_bit(dtype, low, high):
    """PyTorch computes ``u * (to - from) + from`` with one rounding (a fused multiply-add) in the
    tensor's dtype; the same formula rounded twice would differ in a last bit now and then."""
    draws = []
    for lib in (minigrad, torch):
        lib.manual_seed(3)
        draws.append(lib.empty(2000, dtype=getattr(lib, dtype)).uniform_(low, high).numpy())
    np.testing.assert_array_equal(draws[0], draws[1])


def test_seeded_linear_weights_are_pytorchs_bit_for_bit():
    weights = []
    for lib in (minigrad, torch):
        lib.manual_seed(3)
        layer = lib.nn.Linear(5, 7)
        weights += [layer.weight.detach().numpy(), layer.bias.detach().numpy()]
    np.testing.assert_array_equal(weights[0], weights[2])
    np.testing.assert_array_equal(weights[1], weights[3])


def _data_order(lib, seeded_loader):
    lib.manual_seed(7)
    x = lib.arange(10).float()
    train, val = lib.utils.data.random_split(lib.utils.data.TensorDataset(x, x * 2), [7, 3])
    generator = lib.Generator().manual_seed(5) if seeded_loader else None
    loader = lib.utils.data.DataLoader(train, batch_size=3, shuffle=True, generator=generator)
    epochs = [[batch[0].tolist() for batch in loader] for _ in range(3)]
    weighted = list(lib.utils.data.WeightedRandomSampler([0.1, 0.5, 0.4], 6))
    subset = list(lib.utils.data.SubsetRandomSampler([10, 20, 30, 40]))
    replaced = list(lib.utils.data.RandomSampler(range(5), replacement=True, num_samples=40))
    after = lib.randn(3).tolist()  # (the stream is where PyTorch's is after all that)
    return list(val.indices), epochs, weighted, subset, replaced, np.round(after, 5).tolist()


@pytest.mark.parametrize("seeded_loader", [False, True])
def test_splits_shuffled_epochs_and_samplers_follow_pytorchs_order(seeded_loader):
    assert _data_order(minigrad, seeded_loader) == _data_order(torch, seeded_loader)


def test_a_saved_random_state_restores_the_same_draws():
    minigrad.manual_seed(1)
    minigrad.randn(1)  # (a kept Box-Muller value is part of the state)
    state = minigrad.get_rng_state()
    first = minigrad.randn(5).tolist()
    minigrad.set_rng_state(state)
    assert minigrad.randn(5).tolist() == first and state.dtype == minigrad.uint8


def _state_after(lib, draws):
    lib.manual_seed(7)
    for draw in draws:
        draw(lib)
    return lib.get_rng_state().numpy()


@pytest.mark.parametrize("draws", [
    [], [lambda L: L.rand(3)], [lambda L: L.rand(3), lambda L: L.randn(1)],
    [lambda L: L.randn(1), lambda L: L.randn(1, dtype=L.float64)], [lambda L: L.randn(100), lambda L: L.rand(700)],
    [lambda L: L.manual_seed(2 ** 40 + 5)], [lambda L: L.randint(0, 10, (5,)), lambda L: L.randperm(30)]],
    ids=["seeded", "uniform", "kept-normal", "normal-used", "past-a-twist", "64-bit-seed", "integers"])
def test_get_rng_state_is_pytorchs_bytes(draws):
    assert np.array_equal(_state_after(minigrad, draws), _state_after(torch, draws))


def test_restoring_a_state_restores_its_initial_seed_as_pytorch():
    for lib in (minigrad, torch):
        lib.manual_seed(5)
        state = lib.get_rng_state()
        lib.manual_seed(9)
        lib.set_rng_state(state)
        assert lib.initial_seed() == 5


def test_a_state_saved_by_pytorch_restores_pytorchs_next_draws():
    torch.manual_seed(11)
    torch.rand(5)
    torch.randn(3)
    minigrad.set_rng_state(minigrad.tensor(torch.get_rng_state().numpy()))
    assert minigrad.rand(4).tolist() == torch.rand(4).tolist()
    assert minigrad.randn(3).tolist() == torch.randn(3).tolist()


@pytest.mark.parametrize("field, value", [(slice(8, 12), 0), (slice(8, 12), 625), (slice(12, 16), 0)],
                         ids=["left-0", "left-625", "not-seeded"])
def test_an_invalid_state_raises_pytorchs_error(field, value):
    for lib in (minigrad, torch):
        state = _state_after(lib, []).copy()
        state[field] = np.array([value], np.int32).view(np.uint8)
        with pytest.raises(RuntimeError, match="Invalid mt19937 state"):
            lib.set_rng_state(lib.tensor(state))


def test_a_state_of_another_size_raises_pytorchs_error():
    with pytest.raises(RuntimeError, match="Expected a CPUGeneratorImplState of size 5056 but found the input RNG "
                                           "state size to be 100"):
        minigrad.set_rng_state(minigrad.zeros(100, dtype=minigrad.uint8))


def test_set_rng_state_refuses_what_is_not_a_byte_tensor_as_pytorch():
    for lib in (torch, minigrad):
        with pytest.raises(TypeError, match="RNG state must be a torch.ByteTensor"):
            lib.set_rng_state(lib.zeros(3))


def test_a_fresh_generator_starts_from_pytorchs_default_seed():
    assert minigrad.Generator().initial_seed() == torch.Generator().initial_seed()


def test_seeding_through_numpys_legacy_seeding_gives_randomstates_state():
    from minigrad.mersenne import MersenneStream
    for seed in (0, 42, 2 ** 32 - 1):
        key, pos = np.random.RandomState(seed).get_state()[1:3]
        state = MersenneStream(seed)._bits.state["state"]
        assert (state["key"] == key).all() and state["pos"] == pos


def test_short_permutations_and_int64_seeds_take_the_steps_of_the_array_paths(monkeypatch):
    from minigrad import mersenne
    fast, general = mersenne.MersenneStream(9), mersenne.MersenneStream(9)
    assert fast.integers(0, 2 ** 63) == int(general.integers(0, 2 ** 63, (1,))[0])
    for n in (2, 5, 64):
        short = fast.permutation(n).tolist()
        # the array path's steps, replayed here (a longer shuffle would draw more words)
        steps = (general._words(n - 1) % np.arange(n, 1, -1, dtype=np.uint64)).tolist()
        order = list(range(n))
        for i, z in enumerate(steps):
            order[i], order[i + z] = order[i + z], order[i]
        assert short == order


BAD_SEEDS = {
    "too_large": (lambda L: L.manual_seed(2 ** 70), ValueError),
    "too_negative": (lambda L: L.manual_seed(-2 ** 63 - 1), ValueError),
    "a_string_to_a_generator": (lambda L: L.Generator().manual_seed("x"), RuntimeError),
    "a_float_to_a_generator": (lambda L: L.Generator().manual_seed(1.5), RuntimeError),
    "not_a_generator": (lambda L: L.rand(3, generator="g"), TypeError),
    "a_probability_above_one": (lambda L: L.empty(3).bernoulli_(1.5), RuntimeError),
}


@pytest.mark.parametrize("name", sorted(BAD_SEEDS))
def test_bad_seeds_and_generators_raise_pytorchs_error_type(name):
    call, error = BAD_SEEDS[name]
    for lib in (torch, minigrad):
        with pytest.raises(error):
            call(lib)
    torch.manual_seed(0)
    minigrad.manual_seed(0)


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("seed", [0, 42, 2 ** 40 + 3])
def test_uniform_and_linear_init_are_pytorchs_bit_for_bit(seed, dtype):
    draws = []
    for lib in (minigrad, torch):
        lib.manual_seed(seed)
        layer = lib.nn.Linear(7, 5)
        draws.append(np.concatenate([lib.empty(40, dtype=getattr(lib, dtype)).uniform_(-0.37, 1.3).numpy(),
                                     layer.weight.detach().numpy().ravel(), layer.bias.detach().numpy()]))
    np.testing.assert_array_equal(*draws)


def test_fused_multiply_add_rounds_once_as_exact_arithmetic():
    from fractions import Fraction
    from minigrad.mersenne import _fused_multiply_add
    rng = np.random.default_rng(0)
    a, b, c = rng.random(200), rng.standard_normal(200) * 7, rng.standard_normal(200)
    exact = [float(Fraction(x) * Fraction(y) + Fraction(z)) for x, y, z in zip(a.tolist(), b.tolist(), c.tolist())]
    np.testing.assert_array_equal(_fused_multiply_add(a, b, c), np.array(exact))


def test_fused_multiply_add_of_a_factor_near_the_largest_double_rounds_once_too():
    # (uniform_(-1e300, 1e300): the split of the span overflowed to NaN)
    from fractions import Fraction
    from minigrad.mersenne import _fused_multiply_add
    rng = np.random.default_rng(1)
    a = np.concatenate([rng.random(200), [0.0]])
    for b, c in ((2e300, -1e300), (1.7e308, 0.0), (1e305, 3e290), (-8e307, 1e-300)):
        exact = [float(Fraction(x) * Fraction(b) + Fraction(c)) for x in a.tolist()]
        np.testing.assert_array_equal(_fused_multiply_add(a, np.float64(b), np.float64(c)), np.array(exact))


def test_float16_rand_draws_pytorchs_values_after_manual_seed():
    """PyTorch draws float16's uniform values as float32's, then rounds them."""
    values = []
    for L in (torch, minigrad):
        L.manual_seed(0)
        values.append(L.rand(20, dtype=L.float16).tolist())
    assert values[0] == values[1]


#: draws for a transposed (dense, not contiguous) tensor: PyTorch fills it in its memory order
TRANSPOSED_DRAWS = {
    "dropout": lambda L, x: L.nn.functional.dropout(x, 0.5),
    "rand_like": lambda L, x: L.rand_like(x),
    "randn_like, 24 values": lambda L, x: L.randn_like(L.ones(2, 3, 4).permute(2, 0, 1)),
    "uniform_": lambda L, x: x.uniform_(),
    "normal_, 20 values": lambda L, x: L.zeros(4, 5).t().normal_(),
    "bernoulli_": lambda L, x: x.bernoulli_(0.3),
    "xavier_uniform_": lambda L, x: L.nn.init.xavier_uniform_(x),
}


@pytest.mark.parametrize("name", TRANSPOSED_DRAWS)
def test_draws_for_a_transposed_tensor_follow_its_memory_order_as_pytorchs(name):
    drawn = {}
    for L in (minigrad, torch):
        L.manual_seed(0)
        drawn[L] = TRANSPOSED_DRAWS[name](L, L.ones(4, 3).t()).tolist()
    assert drawn[minigrad] == drawn[torch]


def test_rand_like_keeps_a_transposed_tensors_layout_as_pytorchs():
    assert minigrad.rand_like(minigrad.ones(4, 3).t()).stride() == torch.rand_like(torch.ones(4, 3).t()).stride()


def test_dropout_after_a_batch_first_lstm_draws_pytorchs_mask():
    drawn = {}
    for L in (minigrad, torch):
        L.manual_seed(0)
        out, _ = L.nn.LSTM(3, 4, batch_first=True)(L.ones(2, 5, 3))
        drawn[L] = (out.stride(), L.nn.functional.dropout(out, 0.5).detach().numpy())
    assert drawn[minigrad][0] == drawn[torch][0]
    np.testing.assert_allclose(drawn[minigrad][1], drawn[torch][1], rtol=1e-5, atol=1e-6)


def test_shuffled_is_permutations_order_as_python_ints():
    from minigrad.mersenne import MersenneStream
    for n in (0, 1, 2, 5, 64, 65):
        listed, arrayed = MersenneStream(3), MersenneStream(3)
        assert listed.shuffled(n) == arrayed.permutation(n).tolist()


def test_a_seeded_shuffling_samplers_epochs_visit_pytorchs_order():
    for lib in (torch, minigrad):
        lib.manual_seed(7)
    samplers = [lib.utils.data.RandomSampler(range(5)) for lib in (torch, minigrad)]
    subsets = [lib.utils.data.SubsetRandomSampler([3, 1, 4, 1, 5]) for lib in (torch, minigrad)]
    for _ in range(3):
        assert list(samplers[1]) == list(samplers[0])
        assert list(subsets[1]) == list(subsets[0])
    assert minigrad.randint(0, 2 ** 40, (2,)).tolist() == torch.randint(0, 2 ** 40, (2,)).tolist()
