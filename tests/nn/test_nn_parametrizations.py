"""nn.utils.parametrizations (weight_norm, spectral_norm, orthogonal) against torch: state_dict
keys, seeded power-iteration buffers, values and gradients of the parametrized weight for random
weights, training against evaluation mode, assignment, and PyTorch's errors."""
import numpy as np
import pytest
import torch
from hypothesis import given, strategies as st

import minigrad

LIBS = (minigrad, torch)


def _same(a, b, rtol=1e-7, atol=1e-12):
    np.testing.assert_allclose(np.asarray(a.detach().tolist()), np.asarray(b.detach().tolist()), rtol=rtol, atol=atol)


def _conv(lib, weight, transposed=False):
    """A float64 Conv2d (ConvTranspose2d) holding the NumPy ``weight``."""
    a, b, k = weight.shape[0], weight.shape[1], weight.shape[2]
    m = (lib.nn.ConvTranspose2d(a, b, k) if transposed else lib.nn.Conv2d(b, a, k)).double()
    with lib.no_grad():
        m.weight.copy_(lib.tensor(weight))
    return m


conv_weights = st.tuples(st.integers(1, 4), st.integers(1, 3), st.integers(1, 2), st.integers(0, 2 ** 16)).map(
    lambda s: np.random.default_rng(s[3]).standard_normal((s[0], s[1], s[2], s[2])))


def _backward(lib, m, upstream):
    w = m.weight
    (w * lib.tensor(upstream)).sum().backward()
    return w


# ------------------------------------------------------------------ weight_norm
@given(conv_weights, st.sampled_from([0, 1, 2, 3, -1, -2, None]))
def test_weight_norm_weight_and_gradients_match_torch(weight, dim):
    upstream = np.cos(np.arange(weight.size)).reshape(weight.shape)
    out = {}
    for lib in LIBS:
        m = lib.nn.utils.parametrizations.weight_norm(_conv(lib, weight), dim=dim)
        w = _backward(lib, m, upstream)
        p = m.parametrizations.weight
        out[lib] = (w, p.original0, p.original1, p.original0.grad, p.original1.grad)
    for mine, theirs in zip(out[minigrad], out[torch]):
        assert tuple(mine.shape) == tuple(theirs.shape)
        _same(mine, theirs)


def test_weight_norm_registers_g_as_original0_and_v_as_original1_as_torch():
    keys = [list(lib.nn.utils.parametrizations.weight_norm(lib.nn.Linear(2, 3)).state_dict()) for lib in LIBS]
    assert keys[0] == keys[1] == ["bias", "parametrizations.weight.original0", "parametrizations.weight.original1"]


@pytest.mark.filterwarnings("ignore:`torch.nn.utils.weight_norm` is deprecated:FutureWarning")
def test_weight_norm_loads_a_checkpoint_of_the_older_weight_norm():
    old = torch.nn.utils.weight_norm(torch.nn.Linear(3, 2))
    new = minigrad.nn.utils.parametrizations.weight_norm(minigrad.nn.Linear(3, 2))
    result = new.load_state_dict(old.state_dict())
    assert not result.missing_keys and not result.unexpected_keys
    _same(new.weight, old.weight)


def test_weight_norm_removed_leaves_the_weight_as_torch():
    weight = np.arange(1.0, 7.0).reshape(3, 2, 1, 1)
    out = {}
    for lib in LIBS:
        m = lib.nn.utils.parametrizations.weight_norm(_conv(lib, weight))
        lib.nn.utils.parametrize.remove_parametrizations(m, "weight")
        out[lib] = (list(m.state_dict()), m.weight)
    assert out[minigrad][0] == out[torch][0]
    _same(out[minigrad][1], out[torch][1])


# ------------------------------------------------------------------ spectral_norm
@pytest.mark.parametrize("layer", ["linear", "conv", "conv_transpose"])
def test_spectral_norm_seeded_buffers_and_keys_match_torch(layer):
    out = {}
    for lib in LIBS:
        lib.manual_seed(7)
        m = {"linear": lambda: lib.nn.Linear(4, 3), "conv": lambda: lib.nn.Conv2d(3, 4, 3),
             "conv_transpose": lambda: lib.nn.ConvTranspose2d(3, 4, 3)}[layer]()
        lib.nn.utils.parametrizations.spectral_norm(m)
        out[lib] = m.state_dict()
    assert list(out[minigrad]) == list(out[torch])
    for key in out[torch]:
        _same(out[minigrad][key], out[torch][key], rtol=1e-5, atol=1e-6)  # float32


@given(conv_weights.filter(lambda w: w[0].size > 1), st.integers(1, 3), st.booleans())
def test_spectral_norm_training_forward_gradient_and_buffers_match_torch(weight, iterations, transposed):
    upstream = np.sin(np.arange(weight.size)).reshape(weight.shape)
    out = {}
    for lib in LIBS:
        lib.manual_seed(0)
        m = lib.nn.utils.parametrizations.spectral_norm(_conv(lib, weight, transposed), n_power_iterations=iterations)
        w = _backward(lib, m, upstream)
        p = m.parametrizations.weight
        out[lib] = (w, p.original.grad, p[0]._u, p[0]._v)
    for mine, theirs in zip(out[minigrad], out[torch]):
        _same(mine, theirs, rtol=1e-6)  # sigma is the product of iterations started from the same draws


def test_spectral_norm_in_eval_mode_stops_iterating_as_torch():
    for lib in LIBS:
        m = lib.nn.utils.parametrizations.spectral_norm(lib.nn.Linear(3, 4)).eval()
        u = m.parametrizations.weight[0]._u.clone()
        m.weight
        assert bool((m.parametrizations.weight[0]._u == u).all())


def test_spectral_norm_updates_its_buffers_in_place():
    m = minigrad.nn.utils.parametrizations.spectral_norm(minigrad.nn.Linear(3, 4))
    u = m.parametrizations.weight[0]._u
    m.weight
    assert m.parametrizations.weight[0]._u is u


def test_spectral_norm_of_a_vector_normalises_it_as_torch():
    out = []
    for lib in LIBS:
        m = lib.nn.Module()
        m.register_parameter("w", lib.nn.Parameter(lib.tensor([3.0, 4.0], dtype=lib.float64)))
        lib.nn.utils.parametrizations.spectral_norm(m, "w")
        out.append((m.w, list(m.state_dict())))
    _same(out[0][0], out[1][0])
    assert out[0][1] == out[1][1]


@pytest.mark.parametrize("kwargs, error", [({"dim": 2}, IndexError), ({"n_power_iterations": 0}, ValueError)])
def test_spectral_norm_bad_arguments_raise_as_torch(kwargs, error):
    for lib in LIBS:
        with pytest.raises(error):
            lib.nn.utils.parametrizations.spectral_norm(lib.nn.Linear(2, 2), **kwargs)


def test_spectral_norm_of_a_missing_name_raises_value_error_as_torch():
    for lib in LIBS:
        with pytest.raises(ValueError, match="has no parameter or buffer with name 'nothere'"):
            lib.nn.utils.parametrizations.spectral_norm(lib.nn.Linear(2, 2), "nothere")


# ------------------------------------------------------------------ orthogonal
@given(st.sampled_from(["matrix_exp", "cayley", "householder", None]),
       st.sampled_from([(3, 3), (4, 2), (2, 4), (1, 3)]), st.integers(0, 2 ** 16))
def test_orthogonal_weight_and_gradient_match_torch(orthogonal_map, shape, seed):
    upstream = np.random.default_rng(seed).standard_normal(shape)
    out = {}
    for lib in LIBS:
        lib.manual_seed(seed)
        m = lib.nn.utils.parametrizations.orthogonal(lib.nn.Linear(shape[1], shape[0]).double(), orthogonal_map=orthogonal_map)
        w = _backward(lib, m, upstream)
        p = m.parametrizations.weight
        out[lib] = (list(m.state_dict()), w, p[0].base, p.original.grad)
    assert out[minigrad][0] == out[torch][0]
    for mine, theirs in zip(out[minigrad][1:], out[torch][1:]):
        _same(mine, theirs)


@pytest.mark.parametrize("orthogonal_map", ["matrix_exp", "cayley", "householder"])
def test_orthogonal_weight_has_orthonormal_columns(orthogonal_map):
    m = minigrad.nn.utils.parametrizations.orthogonal(minigrad.nn.Linear(2, 5).double(), orthogonal_map=orthogonal_map)
    _same(m.weight.mT @ m.weight, minigrad.eye(2, dtype=minigrad.float64))


def test_orthogonal_assignment_makes_the_weight_the_orthonormalised_value_as_torch():
    value = np.array([[2.0, 1.0, 0.0], [0.0, 1.0, 3.0], [1.0, 0.0, 1.0]])
    out = []
    for lib in LIBS:
        m = lib.nn.utils.parametrizations.orthogonal(lib.nn.Linear(3, 3).double())
        m.weight = lib.tensor(value)
        out.append(m.weight)
    _same(out[0], out[1])


@pytest.mark.parametrize("orthogonal_map", ["matrix_exp", "cayley"])
def test_orthogonal_without_trivialization_matches_torch(orthogonal_map):
    out = []
    for lib in LIBS:
        lib.manual_seed(3)
        m = lib.nn.utils.parametrizations.orthogonal(lib.nn.Linear(3, 3).double(), orthogonal_map=orthogonal_map,
                                                     use_trivialization=False)
        out.append((list(m.state_dict()), m.weight))
    assert out[0][0] == out[1][0]
    _same(out[0][1], out[1][1])


def test_orthogonal_householder_without_trivialization_is_refused_for_lack_of_geqrf():
    with pytest.raises(NotImplementedError, match="geqrf"):
        minigrad.nn.utils.parametrizations.orthogonal(minigrad.nn.Linear(2, 3), orthogonal_map="householder",
                                                      use_trivialization=False)


@pytest.mark.parametrize("make, match", [(lambda lib: lib.nn.Linear(2, 2), "orthogonal_map has to be one of"),
                                         (lambda lib: lib.nn.BatchNorm1d(2), "Expected a matrix")])
def test_orthogonal_bad_input_raises_value_error_as_torch(make, match):
    for lib in LIBS:
        with pytest.raises(ValueError, match=match):
            lib.nn.utils.parametrizations.orthogonal(make(lib), orthogonal_map="qr" if "one of" in match else None)
