"""nn.utils.fusion against torch: a batch norm folded into the convolution or linear layer before
it gives the same fused weights, biases and outputs (random layers and statistics), keeps dtypes
and requires_grad, and refuses training-mode layers with PyTorch's AssertionError."""
import numpy as np
import pytest
import torch
from hypothesis import given, strategies as st

import minigrad

LIBS = (minigrad, torch)


def _same(a, b):
    np.testing.assert_allclose(np.asarray(a.detach().tolist()), np.asarray(b.detach().tolist()), rtol=1e-7, atol=1e-12)


def _fill(lib, module, rng):
    """Random parameters and running statistics (a positive variance), float64."""
    module.double()
    with lib.no_grad():
        for name, t in list(module.named_parameters()) + list(module.named_buffers()):
            if t.is_floating_point():
                values = rng.uniform(0.5, 2.0, tuple(t.shape)) if "var" in name else rng.standard_normal(tuple(t.shape))
                t.copy_(lib.tensor(values))
    return module.eval()


CONVS = {"conv1d": (lambda lib, c, o: lib.nn.Conv1d(c, o, 2), lambda lib, o: lib.nn.BatchNorm1d(o), 1, False),
         "conv2d": (lambda lib, c, o: lib.nn.Conv2d(c, o, 2), lambda lib, o: lib.nn.BatchNorm2d(o), 2, False),
         "conv2d_nobias": (lambda lib, c, o: lib.nn.Conv2d(c, o, 2, bias=False), lambda lib, o: lib.nn.BatchNorm2d(o), 2, False),
         "conv_transpose2d": (lambda lib, c, o: lib.nn.ConvTranspose2d(c, o, 2), lambda lib, o: lib.nn.BatchNorm2d(o), 2, True)}


@given(st.sampled_from(sorted(CONVS)), st.integers(1, 3), st.integers(1, 3), st.booleans(), st.integers(0, 2 ** 16))
def test_fuse_conv_bn_eval_matches_torch_and_the_unfused_layers(kind, cin, cout, affine, seed):
    make_conv, make_bn, nd, transpose = CONVS[kind]
    x = np.random.default_rng(seed + 1).standard_normal((2, cin) + (3,) * nd)
    out = {}
    for lib in LIBS:
        rng = np.random.default_rng(seed)
        conv, bn = _fill(lib, make_conv(lib, cin, cout), rng), _fill(lib, make_bn(lib, cout), rng)
        bn.affine = affine
        if not affine:
            bn.weight = bn.bias = None
        fused = lib.nn.utils.fuse_conv_bn_eval(conv, bn, transpose=transpose)
        assert type(fused) is type(conv) and fused is not conv
        out[lib] = (fused.weight, fused.bias, fused(lib.tensor(x)), bn(conv(lib.tensor(x))))
    for mine, theirs in zip(out[minigrad], out[torch]):
        _same(mine, theirs)
    _same(out[minigrad][2], out[minigrad][3])


@given(st.integers(1, 4), st.integers(1, 4), st.booleans(), st.integers(0, 2 ** 16))
def test_fuse_linear_bn_eval_matches_torch_and_the_unfused_layers(fin, fout, bias, seed):
    x = np.random.default_rng(seed + 1).standard_normal((3, fin))
    out = {}
    for lib in LIBS:
        rng = np.random.default_rng(seed)
        linear, bn = _fill(lib, lib.nn.Linear(fin, fout, bias=bias), rng), _fill(lib, lib.nn.BatchNorm1d(fout), rng)
        fused = lib.nn.utils.fuse_linear_bn_eval(linear, bn)
        out[lib] = (fused.weight, fused.bias, fused(lib.tensor(x)), bn(linear(lib.tensor(x))))
    for mine, theirs in zip(out[minigrad], out[torch]):
        _same(mine, theirs)
    _same(out[minigrad][2], out[minigrad][3])


def test_fused_weights_are_leaf_parameters_keeping_dtype_and_requires_grad_as_torch():
    out = {}
    for lib in LIBS:
        conv = lib.nn.Conv2d(2, 3, 1).eval()
        conv.weight.requires_grad_(False)
        w, b = lib.nn.utils.fuse_conv_bn_weights(conv.weight, None, lib.zeros(3), lib.ones(3), 1e-5, None, None)
        out[lib] = (type(w).__name__, w.is_leaf, w.requires_grad, b.requires_grad, str(w.dtype), str(b.dtype))
    assert out[minigrad] == out[torch]


def test_fuse_linear_bn_weights_matches_torch():
    rng = np.random.default_rng(0)
    args = [rng.standard_normal((3, 2)), rng.standard_normal(3), rng.standard_normal(3), rng.uniform(1, 2, 3), 1e-3,
            rng.standard_normal(3), rng.standard_normal(3)]
    out = {lib: lib.nn.utils.fusion.fuse_linear_bn_weights(*[a if isinstance(a, float) else lib.tensor(a) for a in args])
           for lib in LIBS}
    for mine, theirs in zip(out[minigrad], out[torch]):
        _same(mine, theirs)


@pytest.mark.parametrize("which", ["conv", "bn"])
def test_fusion_of_training_mode_layers_raises_assertion_error_as_torch(which):
    for lib in LIBS:
        conv, bn = lib.nn.Conv2d(1, 2, 1).eval(), lib.nn.BatchNorm2d(2).eval()
        (conv if which == "conv" else bn).train()
        with pytest.raises(AssertionError, match="Fusion only for eval!"):
            lib.nn.utils.fuse_conv_bn_eval(conv, bn)


def test_fuse_linear_bn_eval_with_mismatched_features_raises_assertion_error_as_torch():
    for lib in LIBS:
        with pytest.raises(AssertionError, match="linear.out_features == bn.num_features"):
            lib.nn.utils.fuse_linear_bn_eval(lib.nn.Linear(2, 3).eval(), lib.nn.BatchNorm1d(2).eval())


@pytest.mark.parametrize("name", ["convert_conv2d_weight_memory_format", "convert_conv3d_weight_memory_format"])
def test_convert_conv_weight_memory_format_returns_the_module_with_the_same_weights(name):
    m = minigrad.nn.Sequential(minigrad.nn.Conv2d(2, 3, 2), minigrad.nn.ConvTranspose2d(3, 1, 1))
    before = [p.detach().clone() for p in m.parameters()]
    assert getattr(minigrad.nn.utils, name)(m, minigrad.channels_last) is m
    for p, q in zip(m.parameters(), before):
        _same(p, q)
