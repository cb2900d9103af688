"""nn.init's deprecated names (warn as PyTorch, then draw as the underscore forms) and
nn.utils.skip_init, against PyTorch."""
import warnings

import numpy as np
import pytest
import torch

import minigrad

ALIASES = {"uniform": (-0.5, 2.0), "normal": (1.0, 0.5), "constant": (0.25,), "eye": (), "dirac": (),
           "xavier_uniform": (), "xavier_normal": (2.0,), "kaiming_uniform": (), "kaiming_normal": (),
           "orthogonal": (), "sparse": (0.5,)}


@pytest.mark.parametrize("name", sorted(ALIASES))
def test_deprecated_init_name_warns_and_draws_as_torch(name):
    shape = (3, 4, 1) if name == "dirac" else (3, 4)
    results = []
    for L in (minigrad, torch):
        L.manual_seed(0)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            out = getattr(L.nn.init, name)(L.empty(shape), *ALIASES[name])
        results.append((out.numpy(), [(w.category, str(w.message)) for w in caught], getattr(L.nn.init, name).__name__))
    np.testing.assert_allclose(results[0][0], results[1][0], rtol=1e-6, atol=1e-7)
    assert results[0][1:] == results[1][1:]


@pytest.mark.parametrize("make", [lambda L: L.nn.utils.skip_init(L.nn.Linear, 3, 2),
                                  lambda L: L.nn.utils.skip_init(L.nn.Conv2d, in_channels=2, out_channels=3,
                                                                 kernel_size=2, bias=False),
                                  lambda L: L.nn.utils.skip_init(L.nn.BatchNorm1d, 3, dtype=L.float64)])
def test_skip_init_gives_torchs_module_and_leaves_the_random_stream(make):
    results = []
    for L in (minigrad, torch):
        L.manual_seed(0)
        module = make(L)
        results.append((repr(module), {k: (tuple(v.shape), str(v.dtype)[-7:]) for k, v in module.state_dict().items()},
                        L.rand(3).numpy()))
    assert results[0][:2] == results[1][:2]
    np.testing.assert_array_equal(results[0][2], results[1][2])


@pytest.mark.parametrize("module_cls", ["ReLU", "int"])
def test_skip_init_refuses_what_torch_refuses(module_cls):
    for L in (minigrad, torch):
        with pytest.raises(RuntimeError):
            L.nn.utils.skip_init(getattr(L.nn, module_cls, int))
