"""nn.utils.spectral_norm and nn.utils.weight_norm against torch: the parameters and buffers
they register, the normalised weight and its gradients, the power iteration's updates in
training mode (none in eval mode), and their removal. The random start of the power iteration
is overwritten with the same values in both libraries."""
import numpy as np
import pytest
import torch

import minigrad

pytestmark = pytest.mark.filterwarnings("ignore:`torch.nn.utils.weight_norm` is deprecated:FutureWarning")


def _fill(lib, module):
    module.double()  # float64: the comparisons below hold to 1e-10
    with lib.no_grad():
        for name, t in list(module.named_parameters()) + list(module.named_buffers()):
            t.copy_(lib.linspace(-1, 1, t.numel(), dtype=lib.float64).reshape(t.shape) + 0.1 * len(name))
    return module


def _both(make):
    return {lib: make(lib) for lib in (minigrad, torch)}


def _same(a, b):
    np.testing.assert_allclose(np.asarray(a.detach().tolist()), np.asarray(b.detach().tolist()), rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("layer", ["linear", "conv", "conv_transpose"])
def test_spectral_norm_registers_torchs_names_and_shapes(layer):
    def make(lib):
        return lib.nn.utils.spectral_norm({"linear": lambda: lib.nn.Linear(4, 3), "conv": lambda: lib.nn.Conv2d(3, 4, 3),
                                           "conv_transpose": lambda: lib.nn.ConvTranspose2d(3, 4, 3)}[layer]())
    mods = _both(make)
    for attr in ("weight_u", "weight_v", "weight_orig", "weight"):
        assert tuple(getattr(mods[minigrad], attr).shape) == tuple(getattr(mods[torch], attr).shape)
    assert list(mods[minigrad].state_dict()) == list(mods[torch].state_dict())
    assert [n for n, _ in mods[minigrad].named_parameters()] == [n for n, _ in mods[torch].named_parameters()]


@pytest.mark.parametrize("iterations", [1, 3])
def test_spectral_norm_forward_gradients_and_power_iteration_match_torch(iterations):
    mods = _both(lambda lib: _fill(lib, lib.nn.utils.spectral_norm(lib.nn.Conv2d(3, 4, 3), n_power_iterations=iterations)))
    outs = {}
    for lib, m in mods.items():
        x = lib.linspace(0, 1, 75, dtype=lib.float64).reshape(1, 3, 5, 5)
        y = m(x)
        (y * y).sum().backward()
        m.eval()
        outs[lib] = (y, m.weight_orig.grad, m.bias.grad, m.weight_u, m.weight_v, m(x))
    for mine, theirs in zip(outs[minigrad], outs[torch]):
        _same(mine, theirs)


def test_remove_spectral_norm_leaves_the_normalised_weight_as_a_parameter_as_torch():
    mods = _both(lambda lib: _fill(lib, lib.nn.utils.spectral_norm(lib.nn.Linear(4, 3))))
    for lib, m in mods.items():
        m(lib.ones(1, 4, dtype=lib.float64))
        lib.nn.utils.remove_spectral_norm(m)
    assert list(mods[minigrad].state_dict()) == list(mods[torch].state_dict()) == ["bias", "weight"]
    _same(mods[minigrad].weight, mods[torch].weight)


def test_spectral_norm_twice_on_one_weight_raises_runtime_error_as_torch():
    for lib in (minigrad, torch):
        with pytest.raises(RuntimeError, match="Cannot register two spectral_norm hooks"):
            lib.nn.utils.spectral_norm(lib.nn.utils.spectral_norm(lib.nn.Linear(2, 2)))


@pytest.mark.parametrize("dim", [0, 1, None])
def test_weight_norm_forward_and_gradients_match_torch(dim):
    mods = _both(lambda lib: _fill(lib, lib.nn.utils.weight_norm(lib.nn.Conv2d(3, 4, 3), dim=dim)))
    outs = {}
    for lib, m in mods.items():
        y = m(lib.linspace(0, 1, 75, dtype=lib.float64).reshape(1, 3, 5, 5))
        (y * y).sum().backward()
        outs[lib] = (y, m.weight_g, m.weight_g.grad, m.weight_v.grad, m.bias.grad)
    assert [n for n, _ in mods[minigrad].named_parameters()] == [n for n, _ in mods[torch].named_parameters()]
    for mine, theirs in zip(outs[minigrad], outs[torch]):
        assert tuple(mine.shape) == tuple(theirs.shape)
        _same(mine, theirs)


def test_weight_norm_warns_as_deprecated_and_removes_as_torch():
    for lib in (minigrad, torch):
        with pytest.warns(FutureWarning, match="weight_norm` is deprecated"):
            m = lib.nn.utils.weight_norm(lib.nn.Linear(3, 2))
        lib.nn.utils.remove_weight_norm(m)
        assert list(m.state_dict()) == ["bias", "weight"] and isinstance(m.weight, lib.nn.Parameter)
