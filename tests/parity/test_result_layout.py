"""Results that PyTorch makes contiguous whatever their inputs' strides (permuted images joined
by stack or cat, rolled, softmax, cumsum) are contiguous in minigrad too: ``.view`` of them works
as with PyTorch, and their strides are PyTorch's. Those that PyTorch lays out as their input
(``clone``, ``relu``, the ``*_like`` functions) keep a permuted input's strides, so that random
draws made for them later follow the same memory order."""
import numpy as np
import pytest
import torch
from hypothesis import assume, given, strategies as st

import minigrad

CASES = {
    "stack": lambda L, p: L.stack([p, p]),
    "stack dim 1": lambda L, p: L.stack([p, p], 1),
    "cat": lambda L, p: L.cat([p, p]),
    "cat dim 2": lambda L, p: L.cat([p, p], 2),
    "cat of expanded": lambda L, p: L.cat([p[:1].expand(3, 2, 3)]),
    "hstack": lambda L, p: L.hstack([p, p]),
    "vstack": lambda L, p: L.vstack([p, p]),
    "roll": lambda L, p: p.roll(1, 0),
    "roll flattened": lambda L, p: p.roll(2),
    "softmax": lambda L, p: p.softmax(0),
    "log_softmax": lambda L, p: p.log_softmax(-1),
    "cumsum": lambda L, p: p.cumsum(1),
}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_result_of_permuted_inputs_is_contiguous_and_views_as_torch(case):
    results = []
    for lib in (minigrad, torch):
        permuted = lib.arange(24.0).reshape(2, 3, 4).permute(2, 0, 1)
        r = case(lib, permuted)
        results.append((r.is_contiguous(), r.stride(), [round(v, 5) for v in r.view(-1).tolist()]))
    assert results[0] == results[1]
    assert results[0][0]


EMBEDDINGS = {
    "diag_embed dims 0, 2": lambda L, x: L.diag_embed(x, 0, 0, 2),
    "diag_embed dims 2, 0 offset 1": lambda L, x: L.diag_embed(x, 1, 2, 0),
    "diag_embed dims -1, -2": lambda L, x: L.diag_embed(x, -1, -1, -2),
    "diagonal_scatter dims 2, 0": lambda L, x: L.diagonal_scatter(x, L.ones(3, 2, dtype=x.dtype), 0, 2, 0),
    "diagonal_scatter dims 0, 1 offset -1": lambda L, x: L.diagonal_scatter(x, L.ones(4, 1, dtype=x.dtype), -1, 0, 1),
}


@pytest.mark.parametrize("case", EMBEDDINGS.values(), ids=EMBEDDINGS.keys())
def test_diagonal_embeddings_over_other_dims_are_one_node_laid_out_as_torch(case):
    """diag_embed is row-major over any dims, diagonal_scatter laid out as its input (a permuted one too),
    each one node of PyTorch's name; the gradients are PyTorch's."""
    results = []
    for lib in (minigrad, torch):
        for x in (lib.arange(24.0).reshape(2, 3, 4), lib.arange(24.0).reshape(4, 3, 2).permute(2, 1, 0)):
            x = x.detach().requires_grad_(True)
            r = case(lib, x)
            (r * lib.arange(float(r.numel())).reshape(r.shape)).sum().backward()
            results.append((r.stride(), r.grad_fn.name(), r.tolist(), x.grad.tolist()))
    assert results[:2] == results[2:]


def test_softmax_of_a_0d_tensor_stays_0d():
    assert minigrad.tensor(2.0).softmax(0).shape == torch.tensor(2.0).softmax(0).shape == ()
    assert minigrad.tensor(2.0).roll(1).shape == ()


KEPT_LAYOUTS = {
    "clone": lambda L, p: p.clone(),
    "relu": lambda L, p: L.relu(p),
    "zeros_like": lambda L, p: L.zeros_like(p),
    "ones_like": lambda L, p: L.ones_like(p, dtype=L.float64),
    "full_like": lambda L, p: L.full_like(p, 7),
    "empty_like": lambda L, p: L.empty_like(p).zero_(),
    "randint_like": lambda L, p: L.randint_like(p, 10),
}


@pytest.mark.parametrize("case", KEPT_LAYOUTS.values(), ids=KEPT_LAYOUTS.keys())
def test_results_that_torch_lays_out_as_a_permuted_input_keep_its_strides(case):
    results = []
    for lib in (minigrad, torch):
        lib.manual_seed(0)
        permuted = lib.arange(24.0).reshape(2, 3, 4).permute(2, 0, 1)
        r = case(lib, permuted)
        results.append((r.stride(), r.tolist()))
    assert results[0] == results[1] and results[0][0] == (1, 12, 4)


@pytest.mark.parametrize("L", [minigrad, torch], ids=["minigrad", "torch"])
def test_clone_of_a_broadcast_tensor_or_in_contiguous_format_is_row_major(L):
    expanded = L.arange(4.0).reshape(1, 4).expand(3, 4)
    assert expanded.clone().stride() == (4, 1)
    assert L.arange(6.0).reshape(2, 3).t().clone(memory_format=L.contiguous_format).stride() == (2, 1)
    assert L.zeros_like(L.ones(2, 3).t(), memory_format=L.contiguous_format).stride() == (2, 1)


def test_dropout_after_a_clone_of_a_transposed_tensor_draws_torchs_mask():
    masks = []
    for lib in (minigrad, torch):
        lib.manual_seed(0)
        masks.append(lib.nn.functional.dropout(lib.ones(4, 6).t().clone(), 0.5).tolist())
    assert masks[0] == masks[1]


def _image(L):
    return L.arange(120.0, dtype=L.float64).reshape(2, 3, 4, 5)


CHANNELS_LAST = {
    "contiguous": lambda L, x: x.contiguous(memory_format=L.channels_last),
    "clone": lambda L, x: x.clone(memory_format=L.channels_last),
    "to": lambda L, x: x.to(memory_format=L.channels_last),
    "to a dtype": lambda L, x: x.to(L.float32, memory_format=L.channels_last),
    "empty_like": lambda L, x: L.empty_like(x, memory_format=L.channels_last).copy_(x),
    "empty": lambda L, x: L.empty(2, 3, 4, 5, dtype=L.float64, memory_format=L.channels_last).copy_(x),
    "3d": lambda L, x: x.reshape(2, 3, 4, 5, 1).contiguous(memory_format=L.channels_last_3d),
}


@pytest.mark.parametrize("case", CHANNELS_LAST.values(), ids=CHANNELS_LAST.keys())
def test_results_asked_for_in_channels_last_have_torchs_strides(case):
    results = []
    for lib in (minigrad, torch):
        r = case(lib, _image(lib))
        results.append((r.stride(), r.is_contiguous(), r.tolist()))
    assert results[0] == results[1] and not results[0][1]


FOLLOWING_CHANNELS_LAST = {
    "clone": lambda L, x: x.clone(),
    "zeros_like": lambda L, x: L.zeros_like(x),
    "mul": lambda L, x: x * 2,
    "add": lambda L, x: x + x,
    "relu": lambda L, x: x.relu(),
}


@pytest.mark.parametrize("case", FOLLOWING_CHANNELS_LAST.values(), ids=FOLLOWING_CHANNELS_LAST.keys())
def test_results_of_a_channels_last_tensor_are_laid_out_as_torchs(case):
    results = []
    for lib in (minigrad, torch):
        r = case(lib, _image(lib).contiguous(memory_format=lib.channels_last))
        results.append((r.stride(), r.tolist()))
    assert results[0] == results[1]


@pytest.mark.parametrize("which", ["input", "weight"])
def test_conv2d_of_a_channels_last_operand_is_channels_last_with_torchs_values_and_gradients(which):
    results = []
    for lib in (minigrad, torch):
        x = _image(lib)
        w = lib.linspace(-1, 1, 54, dtype=lib.float64).reshape(6, 3, 3, 1)
        if which == "input":
            x = x.contiguous(memory_format=lib.channels_last)
        else:
            w = w.contiguous(memory_format=lib.channels_last)
        x.requires_grad_()
        w.requires_grad_()
        out = lib.nn.functional.conv2d(x, w)
        (out * out).sum().backward()
        results.append((out.stride(), out.detach().numpy(), x.grad.numpy(), w.grad.numpy()))
    assert results[0][0] == results[1][0] == (60, 1, 30, 6)
    for mine, theirs in zip(results[0][1:], results[1][1:]):
        np.testing.assert_allclose(mine, theirs, rtol=1e-7)


def test_module_to_channels_last_lays_out_its_4d_parameters_only():
    strides = []
    for lib in (minigrad, torch):
        model = lib.nn.Sequential(lib.nn.Conv2d(3, 4, 3), lib.nn.Linear(2, 2)).to(memory_format=lib.channels_last)
        strides.append([p.stride() for p in model.parameters()])
    assert strides[0] == strides[1]


def test_convert_conv2d_weight_memory_format_lays_out_the_convolution_weights():
    strides = []
    for lib in (minigrad, torch):
        model = lib.nn.Sequential(lib.nn.Conv2d(3, 4, 3), lib.nn.ConvTranspose2d(4, 2, 3))
        lib.nn.utils.convert_conv2d_weight_memory_format(model, lib.channels_last)
        strides.append([(p.stride(), type(p).__name__, p.requires_grad) for p in model.parameters()])
    assert strides[0] == strides[1]


MEMORY_FORMAT_ERRORS = {
    "contiguous in preserve_format": lambda L: L.ones(2, 3).t().contiguous(memory_format=L.preserve_format),
    "to channels_last of a matrix": lambda L: L.ones(2, 3).to(memory_format=L.channels_last),
    "empty in preserve_format": lambda L: L.empty(2, 3, 4, 5, memory_format=L.preserve_format),
    "empty channels_last of a matrix": lambda L: L.empty(2, 3, memory_format=L.channels_last),
}


@pytest.mark.parametrize("case", MEMORY_FORMAT_ERRORS.values(), ids=MEMORY_FORMAT_ERRORS.keys())
def test_memory_formats_a_tensor_cannot_take_raise_torchs_error(case):
    errors = []
    for lib in (minigrad, torch):
        with pytest.raises(RuntimeError) as caught:
            case(lib)
        errors.append(str(caught.value))
    assert errors[0] == errors[1]


def _permuted(L):
    return L.arange(24.0, dtype=L.float64).reshape(2, 3, 4).permute(2, 0, 1)


REDUCTIONS = {
    "sum": lambda L, p: p.sum(1),
    "sum keepdim": lambda L, p: p.sum(1, keepdim=True),
    "sum of a transpose keepdim": lambda L, p: p[:, 0].sum(0, keepdim=True),
    "sum of ints": lambda L, p: p.long().sum(2),
    "mean": lambda L, p: p.mean(1),
    "var": lambda L, p: p.var(1),
    "std keepdim": lambda L, p: p.std(2, keepdim=True),
    "prod": lambda L, p: p.prod(1),
    "amax": lambda L, p: p.amax(1),
    "amin keepdim": lambda L, p: p.amin(2, keepdim=True),
    "norm": lambda L, p: p.norm(dim=1),
    "logsumexp": lambda L, p: p.logsumexp(1),
    "any": lambda L, p: (p > 3).any(1),
    "count_nonzero": lambda L, p: p.count_nonzero(1),
    "channels-last sum keepdim": lambda L, p: _image(L).contiguous(memory_format=L.channels_last).sum(1, keepdim=True),
}


@pytest.mark.parametrize("case", REDUCTIONS.values(), ids=REDUCTIONS.keys())
def test_reductions_of_permuted_inputs_are_row_major_as_torchs(case):
    results = []
    for lib in (minigrad, torch):
        r = case(lib, _permuted(lib))
        results.append((r.stride(), r.is_contiguous(), r.tolist()))
    assert results[0][:2] == results[1][:2]
    np.testing.assert_allclose(results[0][2], results[1][2], rtol=1e-7)
    assert results[0][1]


SCANS = {
    "cumprod": lambda p: p.cumprod(1),
    "cummax values": lambda p: p.cummax(1)[0],
    "cummin indices": lambda p: p.cummin(2)[1],
    "logcumsumexp": lambda p: p.logcumsumexp(1),
}


@pytest.mark.parametrize("case", SCANS.values(), ids=SCANS.keys())
def test_scans_of_permuted_inputs_are_contiguous_as_torchs(case):
    results = []
    for lib in (minigrad, torch):
        r = case(_permuted(lib))
        results.append((r.stride(), r.is_contiguous(), r.tolist()))
    assert results[0][:2] == results[1][:2] and results[0][1]
    np.testing.assert_allclose(results[0][2], results[1][2], rtol=1e-7)


def _conv_weight(L):
    return L.linspace(-1, 1, 72, dtype=L.float64).reshape(4, 2, 3, 3)


CHANNELS_LAST_LAYERS = {
    "avg_pool2d": lambda F, L, x: F.avg_pool2d(x, 3, 1, 1),
    "adaptive_avg_pool2d": lambda F, L, x: F.adaptive_avg_pool2d(x, (3, 2)),
    "adaptive_max_pool2d": lambda F, L, x: F.adaptive_max_pool2d(x, (3, 2), return_indices=True),
    "max_pool2d": lambda F, L, x: F.max_pool2d(x, 2, return_indices=True),
    "max_pool2d dilated": lambda F, L, x: F.max_pool2d(x, 3, 2, 1, 2, return_indices=True),
    "max_pool3d": lambda F, L, x: F.max_pool3d(x.unsqueeze(2).contiguous(memory_format=L.channels_last_3d), 1, 2,
                                              return_indices=True),
    "nearest": lambda F, L, x: F.interpolate(x, scale_factor=2),
    "bilinear": lambda F, L, x: F.interpolate(x, size=(5, 7), mode="bilinear"),
    "bicubic": lambda F, L, x: F.interpolate(x, size=(5, 7), mode="bicubic", align_corners=True),
    "pad": lambda F, L, x: F.pad(x, (1, 2, 0, 1)),
    "pad reflect": lambda F, L, x: F.pad(x, (1, 2, 0, 1), mode="reflect"),
    "pad circular": lambda F, L, x: F.pad(x, (1, 2, 0, 1), mode="circular"),
    "group_norm": lambda F, L, x: F.group_norm(x, 2),
    "conv_transpose2d": lambda F, L, x: F.conv_transpose2d(x, _conv_weight(L), stride=2, padding=1),
    "pixel_shuffle": lambda F, L, x: F.pixel_shuffle(x, 2),
    "pixel_unshuffle": lambda F, L, x: F.pixel_unshuffle(x, 2),
    "avg_pool3d": lambda F, L, x: F.avg_pool3d(x.unsqueeze(2).contiguous(memory_format=L.channels_last_3d), 1, 2),
}


@pytest.mark.parametrize("case", CHANNELS_LAST_LAYERS.values(), ids=CHANNELS_LAST_LAYERS.keys())
def test_layers_of_a_channels_last_input_lay_out_their_results_as_torchs(case):
    results = []
    for lib in (minigrad, torch):
        x = lib.linspace(-3, 3, 2 * 4 * 6 * 6, dtype=lib.float64).reshape(2, 4, 6, 6)
        x = x.contiguous(memory_format=lib.channels_last).requires_grad_()
        out = case(lib.nn.functional, lib, x)
        outs = out if isinstance(out, tuple) else (out,)
        (outs[0] * outs[0]).sum().backward()
        results.append(([t.stride() for t in outs], [t.detach().numpy() for t in outs], x.grad.numpy()))
    assert results[0][0] == results[1][0]
    for mine, theirs in zip(results[0][1] + [results[0][2]], results[1][1] + [results[1][2]]):
        np.testing.assert_allclose(mine, theirs, rtol=1e-7)


AMBIGUOUS_LAYOUTS = {
    # (H, W, C) data permuted to (C, H, W) with a batch dim of stride C: row-major to PyTorch
    "an HWC image given a batch dim": lambda L: L.linspace(-3, 3, 144, dtype=L.float64).reshape(6, 6, 4)
    .permute(2, 0, 1).unsqueeze(0),
    "channels last, every other sample": lambda L: L.linspace(-3, 3, 3 * 144, dtype=L.float64).reshape(3, 4, 6, 6)
    .contiguous(memory_format=L.channels_last)[::2],
    "channels last, a column cut off": lambda L: L.linspace(-3, 3, 2 * 168, dtype=L.float64).reshape(2, 4, 6, 7)
    .contiguous(memory_format=L.channels_last)[..., 1:],
    "row-major, every other column": lambda L: L.linspace(-3, 3, 2 * 288, dtype=L.float64).reshape(2, 4, 6, 12)
    [..., ::2],
    "rows and channels swapped": lambda L: L.linspace(-3, 3, 2 * 192, dtype=L.float64).reshape(2, 6, 4, 8)
    .permute(0, 2, 1, 3),
}
LAYERS = dict(CHANNELS_LAST_LAYERS, conv2d=lambda F, L, x: F.conv2d(x, _conv_weight(L).transpose(0, 1), padding=1),
              max_pool2d_values=lambda F, L, x: F.max_pool2d(x, 2),
              area=lambda F, L, x: F.interpolate(x, size=(3, 4), mode="area"))


@pytest.mark.parametrize("layout", AMBIGUOUS_LAYOUTS.values(), ids=AMBIGUOUS_LAYOUTS.keys())
@pytest.mark.parametrize("case", LAYERS.values(), ids=LAYERS.keys())
def test_layers_lay_out_their_results_as_torchs_by_its_reading_of_the_inputs_strides(case, layout):
    results = []
    for lib in (minigrad, torch):
        x = layout(lib).requires_grad_()
        out = case(lib.nn.functional, lib, x)
        outs = out if isinstance(out, tuple) else (out,)
        (outs[0] * outs[0]).sum().backward()
        results.append(([(t.stride(), t.is_contiguous()) for t in outs], [t.detach().numpy() for t in outs],
                        x.grad.numpy()))
    assert results[0][0] == results[1][0]
    for mine, theirs in zip(results[0][1] + [results[0][2]], results[1][1] + [results[1][2]]):
        np.testing.assert_allclose(mine, theirs, rtol=1e-7)


UNBATCHED_POOLS = {
    "avg_pool2d": lambda F, x: (F.avg_pool2d(x, 2),),
    "max_pool2d": lambda F, x: F.max_pool2d(x, 2, return_indices=True),
    "adaptive_avg_pool2d": lambda F, x: (F.adaptive_avg_pool2d(x, 2),),
    "adaptive_max_pool2d": lambda F, x: F.adaptive_max_pool2d(x, 2, return_indices=True),
}


@pytest.mark.parametrize("case", UNBATCHED_POOLS.values(), ids=UNBATCHED_POOLS.keys())
def test_pooling_an_unbatched_permuted_image_is_row_major_as_torchs(case):
    results = []
    for lib in (minigrad, torch):
        image = lib.arange(72.0, dtype=lib.float64).reshape(4, 6, 3).permute(2, 0, 1)
        results.append([(t.stride(), t.tolist()) for t in case(lib.nn.functional, image)])
    assert results[0] == results[1]


@pytest.mark.parametrize("L", [minigrad, torch], ids=["minigrad", "torch"])
def test_adaptive_max_pool3d_indices_are_row_major(L):
    x = L.arange(2 * 3 * 64, dtype=L.float64).reshape(2, 3, 4, 4, 4).contiguous(memory_format=L.channels_last_3d)
    assert L.nn.functional.adaptive_max_pool3d(x, 3, return_indices=True)[1].stride() == (81, 27, 9, 3, 1)


LEAVES = {
    "transposed": lambda L: L.ones(3, 2, dtype=L.float64).t(),
    "channels last": lambda L: L.ones(2, 3, 4, 5, dtype=L.float64).contiguous(memory_format=L.channels_last),
    "permuted": lambda L: L.ones(2, 3, 4, dtype=L.float64).permute(2, 0, 1),
    "sliced with a step": lambda L: L.ones(4, 6, dtype=L.float64)[:, ::2].t(),
}


@pytest.mark.parametrize("leaf", LEAVES.values(), ids=LEAVES.keys())
@pytest.mark.parametrize("upstream", ["sum", "times a row-major tensor"])
def test_a_leafs_gradient_takes_the_leafs_memory_order_as_torchs(leaf, upstream):
    strides = []
    for lib in (minigrad, torch):
        x = leaf(lib).detach().requires_grad_()
        y = x if upstream == "sum" else x * lib.ones(x.shape, dtype=lib.float64)
        y.sum().backward()
        y.sum().backward() if upstream == "sum" else (x * lib.ones(x.shape, dtype=lib.float64)).sum().backward()
        strides.append((x.grad.stride(), x.grad.tolist()))
    assert strides[0] == strides[1]


def _matrices(L, batch, rows=3, seed=0):
    g = np.random.default_rng(seed).standard_normal(batch + (rows, 3))
    return L.tensor(g, dtype=L.float64)


def _spd(L, batch):
    g = _matrices(L, batch)
    return g @ g.mT + 3 * L.eye(3, dtype=L.float64)


def _triangular(L, batch):
    return _matrices(L, batch).triu() + 3 * L.eye(3, dtype=L.float64)


LINALG_RESULTS = {
    "qr": lambda L, b: L.linalg.qr(_matrices(L, b, 4)),
    "qr complete": lambda L, b: L.linalg.qr(_matrices(L, b, 4), mode="complete"),
    "qr r": lambda L, b: L.linalg.qr(_matrices(L, b, 4), mode="r"),
    "lu_factor": lambda L, b: L.linalg.lu_factor(_matrices(L, b, 4)),
    "lu": lambda L, b: L.linalg.lu(_matrices(L, b, 4)),
    "lu_solve": lambda L, b: L.linalg.lu_solve(*L.linalg.lu_factor(_matrices(L, b)), _matrices(L, b, seed=1)),
    "lu_solve left=False": lambda L, b: L.linalg.lu_solve(*L.linalg.lu_factor(_matrices(L, b)),
                                                          _matrices(L, b, seed=1), left=False),
    "cholesky": lambda L, b: L.linalg.cholesky(_spd(L, b)),
    "cholesky upper": lambda L, b: L.linalg.cholesky_ex(_spd(L, b), upper=True),
    "cholesky_solve": lambda L, b: L.cholesky_solve(_matrices(L, b, seed=1), L.linalg.cholesky(_spd(L, b))),
    "cholesky_inverse": lambda L, b: L.cholesky_inverse(L.linalg.cholesky(_spd(L, b))),
    "geqrf": lambda L, b: L.geqrf(_matrices(L, b, 4)),
    "householder_product": lambda L, b: L.linalg.householder_product(*L.geqrf(_matrices(L, b, 4))),
    "ormqr": lambda L, b: L.ormqr(*L.geqrf(_matrices(L, b, 4)), _matrices(L, b, 4, seed=1)),
    "solve": lambda L, b: L.linalg.solve_ex(_matrices(L, b), _matrices(L, b, seed=1)),
    "solve left=False": lambda L, b: L.linalg.solve(_matrices(L, b), _matrices(L, b, seed=1), left=False),
    "inv": lambda L, b: L.linalg.inv_ex(_matrices(L, b)),
    "eigh": lambda L, b: L.linalg.eigh(_spd(L, b)),
    "eigvalsh": lambda L, b: L.linalg.eigvalsh(_spd(L, b)),
    "eig": lambda L, b: L.linalg.eig(_matrices(L, b)),
    "svd": lambda L, b: L.linalg.svd(_matrices(L, b, 4)),
    "svd reduced": lambda L, b: L.linalg.svd(_matrices(L, b, 4), full_matrices=False),
    "slogdet": lambda L, b: L.linalg.slogdet(_matrices(L, b)),
    "triangular_solve": lambda L, b: L.triangular_solve(_matrices(L, b, seed=1), _triangular(L, b)),
    "solve_triangular": lambda L, b: L.linalg.solve_triangular(_triangular(L, b), _matrices(L, b, seed=1),
                                                               upper=True),
    "ldl_factor": lambda L, b: L.linalg.ldl_factor(_spd(L, b)),
    "ldl_solve": lambda L, b: L.linalg.ldl_solve(*L.linalg.ldl_factor(_spd(L, b)), _matrices(L, b, seed=1)),
    "solve of vectors": lambda L, b: L.linalg.solve(_matrices(L, b), _matrices(L, b, seed=1)[..., 0]),
    "lstsq": lambda L, b: L.linalg.lstsq(_matrices(L, b, 4), _matrices(L, b, 4, seed=1)),
    "lstsq of a vector": lambda L, b: L.linalg.lstsq(_matrices(L, b, 4), _matrices(L, b, 4, seed=1)[..., 0]),
    "lstsq wide": lambda L, b: L.linalg.lstsq(_matrices(L, b, 4).mT, _matrices(L, b, seed=1), driver="gelsd"),
    "inv_ex of a singular matrix": lambda L, b: L.linalg.inv_ex(_matrices(L, b) * L.tensor([1.0, 1.0, 0.0],
                                                                                         dtype=L.float64)),
    "tensorinv": lambda L, b: L.linalg.tensorinv(_matrices(L, (), 4).reshape(2, 2, 3)[:, :, :2].reshape(4, 2, 1)
                                                 .expand(4, 2, 2) + L.eye(4, dtype=L.float64).reshape(4, 2, 2), ind=1),
}


@pytest.mark.filterwarnings("ignore:torch.triangular_solve is deprecated")
@pytest.mark.parametrize("batch", [(), (2,)], ids=["matrix", "batch"])
@pytest.mark.parametrize("case", LINALG_RESULTS.values(), ids=LINALG_RESULTS.keys())
def test_linear_algebra_results_are_laid_out_column_major_as_torchs(case, batch):
    results = []
    for lib in (minigrad, torch):
        out = case(lib, batch)
        outs = out if isinstance(out, tuple) else (out,)
        results.append(([(t.stride(), t.is_contiguous()) for t in outs], [t.numpy() for t in outs]))
    assert results[0][0] == results[1][0]
    for mine, theirs in zip(results[0][1], results[1][1]):  # (up to the sign of eigen- and singular vectors)
        np.testing.assert_allclose(np.abs(mine), np.abs(theirs), rtol=1e-7, atol=1e-12)


EMPTY_WITH_SIZE_ONE_DIMS = {
    "clone": lambda L, x: x.clone(),
    "times a number": lambda L, x: x * 2,
    "plus a broadcast operand": lambda L, x: x + L.ones(3, 1),
    "exp": lambda L, x: x.exp(),
    "sum keeping the dim": lambda L, x: x.sum(2, keepdim=True),
}


@pytest.mark.parametrize("case", EMPTY_WITH_SIZE_ONE_DIMS.values(), ids=EMPTY_WITH_SIZE_ONE_DIMS.keys())
def test_an_empty_result_with_a_size_one_dim_has_torchs_contiguous_strides(case):
    assert case(minigrad, minigrad.ones(0, 3, 1)).stride() == case(torch, torch.ones(0, 3, 1)).stride()


def _broadcast(L):
    return L.arange(4.0, dtype=L.float64).reshape(1, 4).expand(3, 4)


COPIES_OF_BROADCAST = {
    "float": lambda L, x: x.float(),
    "half": lambda L, x: x.half(),
    "long": lambda L, x: x.long(),
    "bool": lambda L, x: x.bool(),
    "to a dtype": lambda L, x: x.to(L.float32),
    "type_as": lambda L, x: x.type_as(L.ones(1, dtype=L.int32)),
    "repeat": lambda L, x: x.repeat(1, 1),
}


@pytest.mark.parametrize("case", COPIES_OF_BROADCAST.values(), ids=COPIES_OF_BROADCAST.keys())
def test_copies_of_a_broadcast_tensor_are_row_major_and_view_as_torchs(case):
    results = []
    for lib in (minigrad, torch):
        r = case(lib, _broadcast(lib))
        results.append((r.stride(), r.is_contiguous(), r.view(-1).tolist()))
    assert results[0] == results[1] and results[0][1]


KEEPING_A_DENSE_LAYOUT = {
    "transposed": lambda L: L.arange(12.0, dtype=L.float64).reshape(3, 4).t(),
    "permuted": _permuted,
    "channels last": lambda L: _image(L).flip(-1).contiguous(memory_format=L.channels_last),
}
SORTS = {
    "sort values": lambda p: p.sort(0)[0],
    "sort indices": lambda p: p.sort(-1, descending=True)[1],
    "argsort": lambda p: p.argsort(1),
    "flip": lambda p: p.flip(0, -1),
}


@pytest.mark.parametrize("layout", KEEPING_A_DENSE_LAYOUT.values(), ids=KEEPING_A_DENSE_LAYOUT.keys())
@pytest.mark.parametrize("case", SORTS.values(), ids=SORTS.keys())
def test_sort_and_flip_lay_out_their_results_as_a_dense_input_as_torchs(case, layout):
    results = []
    for lib in (minigrad, torch):
        r = case(layout(lib))
        results.append((r.stride(), r.tolist()))
    assert results[0] == results[1]



@pytest.mark.parametrize("layout", KEEPING_A_DENSE_LAYOUT.values(), ids=KEEPING_A_DENSE_LAYOUT.keys())
def test_repeat_is_row_major_whatever_the_inputs_layout_as_torchs(layout):
    results = []
    for lib in (minigrad, torch):
        r = layout(lib).repeat(*[1] * layout(lib).ndim)
        results.append((r.stride(), r.tolist()))
    assert results[0] == results[1]


def _channels_last(L):
    return _image(L).contiguous(memory_format=L.channels_last)


LAYOUTS = dict(KEEPING_A_DENSE_LAYOUT, **{"channels last": _channels_last})


def _same_layout_values_and_gradients(case, layout):
    """``case`` on a float64 input of ``layout`` in minigrad and PyTorch: the result's strides and
    contiguity (row-major and channels last), its values and the input's gradient."""
    results = []
    for lib in (minigrad, torch):
        x = layout(lib).detach().requires_grad_()
        r = case(lib, x)
        (r * r).sum().backward()
        cl = r.ndim == 4 and r.is_contiguous(memory_format=lib.channels_last)
        results.append(((r.stride(), r.is_contiguous(), cl), r.detach().numpy(), x.grad.numpy()))
    assert results[0][0] == results[1][0]
    for mine, theirs in zip(results[0][1:], results[1][1:]):
        np.testing.assert_allclose(mine, theirs, rtol=1e-7)


ROW_MAJOR_WHATEVER_THE_LAYOUT = {
    "masked_fill": lambda L, x: x.masked_fill(x > 5, -1.0),
    "masked_fill with a tensor value": lambda L, x: x.masked_fill(x > 5, L.tensor(-1.0, dtype=L.float64)),
    "tril": lambda L, x: x.tril(),
    "triu": lambda L, x: x.triu(1),
}


@pytest.mark.parametrize("layout", LAYOUTS.values(), ids=LAYOUTS.keys())
@pytest.mark.parametrize("case", ROW_MAJOR_WHATEVER_THE_LAYOUT.values(), ids=ROW_MAJOR_WHATEVER_THE_LAYOUT.keys())
def test_masked_fill_tril_and_triu_are_row_major_whatever_the_inputs_layout_as_torchs(case, layout):
    _same_layout_values_and_gradients(case, layout)


def _leading(L, x, dtype=None):
    return (1,) + tuple(x.shape[1:])


KEEPING_THE_INPUTS_LAYOUT = {
    "index_fill": lambda L, x: x.index_fill(0, L.tensor([0]), -1.0),
    "index_fill with a tensor value": lambda L, x: x.index_fill(1, L.tensor([1]), L.tensor(-1.0, dtype=L.float64)),
    "index_put": lambda L, x: x.index_put((L.tensor([0]),), L.tensor(-1.0, dtype=L.float64)),
    "index_put accumulating": lambda L, x: x.index_put((L.tensor([1, 1]),), L.tensor(2.0, dtype=L.float64), True),
    "put": lambda L, x: x.put(L.tensor([0, 5]), L.tensor([-1.0, -2.0], dtype=L.float64)),
    "put accumulating": lambda L, x: x.put(L.tensor([3, 3]), L.tensor([-1.0, -2.0], dtype=L.float64), True),
}
ROW_MAJOR_WRITES = {  # (PyTorch's out-of-place forms of these copy the input row-major)
    "index_copy": lambda L, x: x.index_copy(0, L.tensor([0]), L.zeros(_leading(L, x), dtype=L.float64)),
    "index_add": lambda L, x: x.index_add(0, L.tensor([0]), L.ones(_leading(L, x), dtype=L.float64)),
    "masked_scatter": lambda L, x: x.masked_scatter(x > 5, L.zeros(x.shape, dtype=L.float64)),
    "scatter": lambda L, x: x.scatter(0, L.zeros(_leading(L, x), dtype=L.long), -1.0),
    "scatter_add": lambda L, x: x.scatter_add(0, L.zeros(_leading(L, x), dtype=L.long),
                                              L.ones(_leading(L, x), dtype=L.float64)),
}


@pytest.mark.parametrize("layout", LAYOUTS.values(), ids=LAYOUTS.keys())
@pytest.mark.parametrize("case", dict(KEEPING_THE_INPUTS_LAYOUT, **ROW_MAJOR_WRITES).values(),
                         ids=dict(KEEPING_THE_INPUTS_LAYOUT, **ROW_MAJOR_WRITES).keys())
def test_indexed_writes_lay_out_their_copy_of_the_input_as_torchs(case, layout):
    _same_layout_values_and_gradients(case, layout)


FOLLOWING_CHANNELS_LAST_IMAGES = {
    "roll": lambda L, x: x.roll(1, 1),
    "roll of two dims": lambda L, x: x.roll((1, -2), (0, 3)),
    "roll flattened": lambda L, x: x.roll(3),
    "cat": lambda L, x: L.cat([x, x]),
    "cat along channels": lambda L, x: L.cat([x, x * 2], 1),
    "cat with a row-major image": lambda L, x: L.cat([x, x.contiguous()]),
    "cat of sliced images": lambda L, x: L.cat([x[::2], x[1:]]),
}


@pytest.mark.parametrize("case", FOLLOWING_CHANNELS_LAST_IMAGES.values(), ids=FOLLOWING_CHANNELS_LAST_IMAGES.keys())
def test_roll_and_cat_of_channels_last_images_are_laid_out_as_torchs(case):
    _same_layout_values_and_gradients(case, _channels_last)


def _row_major_like(L, x):
    return L.linspace(-2, 2, x.numel(), dtype=L.float64).reshape(x.shape)


MIXED_LAYOUTS = {
    "add": lambda L, x: x + _row_major_like(L, x),
    "row-major plus": lambda L, x: _row_major_like(L, x) + x,
    "mul": lambda L, x: x * _row_major_like(L, x),
    "sub of a broadcast operand": lambda L, x: x - _row_major_like(L, x)[:1],
    "div by a broadcast operand": lambda L, x: x[:1] / (_row_major_like(L, x) + 3),
    "pow": lambda L, x: (x + 1) ** _row_major_like(L, x),
    "maximum": lambda L, x: L.maximum(x, _row_major_like(L, x)),
    "atan2": lambda L, x: L.atan2(x, _row_major_like(L, x)),
    "where": lambda L, x: L.where(x > 3, x, _row_major_like(L, x)),
    "where of a row-major condition": lambda L, x: L.where(_row_major_like(L, x) > 0, x, _row_major_like(L, x)),
    "lerp": lambda L, x: L.lerp(x, _row_major_like(L, x), 0.3),
    "lerp by a tensor": lambda L, x: L.lerp(x, _row_major_like(L, x), _row_major_like(L, x)),
    "addcmul": lambda L, x: L.addcmul(x, _row_major_like(L, x), x),
    "addcdiv": lambda L, x: L.addcdiv(_row_major_like(L, x), x, _row_major_like(L, x) + 3),
    "comparison": lambda L, x: x * (x > _row_major_like(L, x)),
}


@pytest.mark.parametrize("layout", LAYOUTS.values(), ids=LAYOUTS.keys())
@pytest.mark.parametrize("case", MIXED_LAYOUTS.values(), ids=MIXED_LAYOUTS.keys())
def test_pointwise_ops_of_mixed_layouts_take_torchs_layout_from_the_operands_strides(case, layout):
    _same_layout_values_and_gradients(case, layout)


@pytest.mark.parametrize("L", [minigrad, torch], ids=["minigrad", "torch"])
def test_the_first_operand_decides_the_layout_of_a_sum_of_a_transpose_and_a_row_major_matrix(L):
    t = L.ones(4, 3).t()
    assert (t + L.ones(3, 4)).stride() == (1, 3)
    assert (L.ones(3, 4) + t).stride() == (4, 1)


def _wavy(x):
    """``x`` made irregular, keeping its layout (sin is elementwise), so that no transform's
    gradient cancels to rounding noise."""
    return (x / 7).sin()


FOURIER_TRANSFORMS = {
    "fft along dim 0": lambda L, x: L.fft.fft(_wavy(x), dim=0).abs(),
    "fft zero-padded along dim 0": lambda L, x: L.fft.fft(_wavy(x), n=7, dim=0).abs(),
    "ifft cropped along dim 1": lambda L, x: L.fft.ifft(_wavy(x), n=2, dim=1).abs(),
    "rfft along dim 0": lambda L, x: L.fft.rfft(_wavy(x), dim=0).abs(),
    "irfft along dim 0": lambda L, x: L.fft.irfft(_wavy(x), dim=0),
    "hfft along dim 0": lambda L, x: L.fft.hfft(_wavy(x), dim=0),
    "ihfft along dim 0": lambda L, x: L.fft.ihfft(_wavy(x), dim=0).abs(),
    "fft2 over the last dim, then the first": lambda L, x: L.fft.fft2(_wavy(x), dim=(-1, 0)).abs(),
    "fftn of a complex input": lambda L, x: L.fft.fftn(_wavy(x) * (1 + 1j), dim=(0, -1)).abs(),
    "rfftn one-sided along dim 0": lambda L, x: L.fft.rfftn(_wavy(x), dim=(-1, 0)).abs(),
    "irfftn": lambda L, x: L.fft.irfftn(_wavy(x), dim=(-1, 0)),
    "hfftn": lambda L, x: L.fft.hfftn(_wavy(x), dim=(0, -1)),
    "ihfftn": lambda L, x: L.fft.ihfftn(_wavy(x), dim=(-1, 0)).abs(),
    "ihfftn zero-padded": lambda L, x: L.fft.ihfftn(_wavy(x), s=(5, 6), dim=(-1, 0)).abs(),
}


@pytest.mark.parametrize("layout", LAYOUTS.values(), ids=LAYOUTS.keys())
@pytest.mark.parametrize("case", FOURIER_TRANSFORMS.values(), ids=FOURIER_TRANSFORMS.keys())
def test_fourier_transforms_lay_out_their_results_as_torchs(case, layout):
    results = []
    for lib in (minigrad, torch):
        x = layout(lib).detach().requires_grad_()
        r = case(lib, x)
        (r * r).sum().backward()
        results.append((r.stride(), r.detach().numpy(), x.grad.numpy()))
    assert results[0][0] == results[1][0]
    for mine, theirs in zip(results[0][1:], results[1][1:]):  # (test_fft.py's tolerance: a sum's rounding)
        np.testing.assert_allclose(mine, theirs, rtol=1e-10, atol=1e-10 * max(1.0, float(np.abs(theirs).sum())))


@pytest.mark.parametrize("L", [minigrad, torch], ids=["minigrad", "torch"])
def test_an_fft_along_the_first_dim_of_a_matrix_is_innermost_in_memory(L):
    assert L.fft.fft(L.ones(3, 4), dim=0).stride() == (1, 3)


STACKS_OF_CHANNELS_LAST_IMAGES = {
    "stack": lambda L, x: L.stack([x, x * 2]),
    "stack dim 1": lambda L, x: L.stack([x, x * 2], 1),
    "stack dim 2": lambda L, x: L.stack([x, x * 2], 2),
    "stack dim 3": lambda L, x: L.stack([x, x * 2], 3),
    "stack along a new last dim": lambda L, x: L.stack([x, x * 2], 4),
    "stack with a row-major image": lambda L, x: L.stack([x, x.contiguous()], 1),
}


@pytest.mark.parametrize("case", STACKS_OF_CHANNELS_LAST_IMAGES.values(), ids=STACKS_OF_CHANNELS_LAST_IMAGES.keys())
def test_stack_of_channels_last_images_is_laid_out_as_the_cat_it_views_as_torchs(case):
    _same_layout_values_and_gradients(case, _channels_last)


DIFFERENTIABLE_SPECIAL_FUNCTIONS = {
    "lgamma": lambda L, x: L.lgamma(x + 0.5),
    "digamma": lambda L, x: L.digamma(x + 0.5),
    "erfc": lambda L, x: L.erfc(x / 50),
    "erfinv": lambda L, x: L.erfinv(x / 200),
    "erfcx": lambda L, x: L.special.erfcx(x / 50),
    "ndtri": lambda L, x: L.special.ndtri(x / 200 + 0.3),
    "log_ndtr": lambda L, x: L.special.log_ndtr(x / 50),
    "i1": lambda L, x: L.special.i1(x / 50),
}


@pytest.mark.parametrize("layout", LAYOUTS.values(), ids=LAYOUTS.keys())
@pytest.mark.parametrize("case", DIFFERENTIABLE_SPECIAL_FUNCTIONS.values(), ids=DIFFERENTIABLE_SPECIAL_FUNCTIONS.keys())
def test_special_functions_keep_their_inputs_layout_as_torchs(case, layout):
    _same_layout_values_and_gradients(case, layout)


VALUES_ONLY = {
    "modified_bessel_k0": lambda L, x: L.special.modified_bessel_k0(x / 50 + 0.1),
    "airy_ai": lambda L, x: L.special.airy_ai(x / 50),
    "chebyshev_polynomial_t": lambda L, x: L.special.chebyshev_polynomial_t(x / 200, 3),
    "bitwise_and with a row-major operand": lambda L, x: x.long() & _row_major_like(L, x).long(),
    "bitwise_left_shift": lambda L, x: L.bitwise_left_shift(x.long(), 2),
    "gcd": lambda L, x: L.gcd(x.long(), _row_major_like(L, x).long()),
    "logical_and": lambda L, x: L.logical_and(x, _row_major_like(L, x)),
    "floor_divide": lambda L, x: L.floor_divide(x, _row_major_like(L, x) + 3),
}


@pytest.mark.parametrize("layout", LAYOUTS.values(), ids=LAYOUTS.keys())
@pytest.mark.parametrize("case", VALUES_ONLY.values(), ids=VALUES_ONLY.keys())
def test_elementwise_functions_without_gradients_take_torchs_layout(case, layout):
    results = []
    for lib in (minigrad, torch):
        r = case(lib, layout(lib))
        results.append((r.stride(), r.numpy()))
    assert results[0][0] == results[1][0]
    np.testing.assert_allclose(results[0][1], results[1][1], rtol=1e-7)


@pytest.mark.parametrize("layout", LAYOUTS.values(), ids=LAYOUTS.keys())
def test_logsigmoid_is_row_major_whatever_its_inputs_layout_as_torchs(layout):
    _same_layout_values_and_gradients(lambda L, x: L.nn.functional.logsigmoid(x / 50), layout)


# ------------------------------------------------------------------ size-1 dims and mixed layouts
SIZE_ONE_PROGRAMS = {
    "unsqueezed transpose, float": lambda L: L.arange(12).reshape(3, 4).t().unsqueeze(0).float(),
    "unsqueezed transpose, clone": lambda L: L.arange(12.0).reshape(3, 4).t().unsqueeze(0).clone(),
    "unsqueezed transpose, times 2": lambda L: L.arange(12.0).reshape(3, 4).t().unsqueeze(0) * 2,
    "unsqueezed transpose, exp": lambda L: L.arange(12.0, dtype=L.float64).reshape(3, 4).t().unsqueeze(0).exp(),
    "unsqueezed transpose, to channels_last": lambda L: L.arange(24.0).reshape(2, 3, 4).permute(0, 2, 1)
    .unsqueeze(3).to(memory_format=L.channels_last),
    "size-1 dim moved out, double": lambda L: L.arange(48.0).reshape(4, 1, 3, 4).permute(0, 2, 1, 3).double(),
    "size-1 dim moved out, added to itself": lambda L: (lambda x: x + x)(
        L.arange(48.0).reshape(4, 1, 3, 4).permute(0, 2, 1, 3)),
    "sliced, clone": lambda L: L.arange(8.0).reshape(2, 4)[::2].clone(),
    "sliced and unsqueezed, relu": lambda L: L.arange(24.0).reshape(2, 3, 4)[:, ::2].unsqueeze(1).relu(),
    "sliced and unsqueezed, zeros_like": lambda L: L.zeros_like(
        L.arange(24.0).reshape(2, 3, 4)[:, ::2].unsqueeze(1)),
}


@pytest.mark.parametrize("program", SIZE_ONE_PROGRAMS.values(), ids=SIZE_ONE_PROGRAMS.keys())
def test_results_stride_size_one_dims_as_torchs(program):
    results = []
    for lib in (minigrad, torch):
        r = program(lib)
        results.append(_layout_and_values(lib, r))
    _assert_same_layout_and_values(*results)


def _layout_and_values(L, r):
    return (r.stride(), r.is_contiguous(), r.is_contiguous(memory_format=L.channels_last) if r.ndim == 4 else None,
            r.numpy())


def _assert_same_layout_and_values(mine, theirs):
    assert mine[:-1] == theirs[:-1]
    np.testing.assert_allclose(mine[-1], theirs[-1], rtol=1e-7)


def test_a_cast_hwc_image_given_a_batch_dim_convolves_row_major_as_torchs():
    strides = []
    for lib in (minigrad, torch):
        image = lib.arange(48, dtype=lib.uint8).reshape(4, 4, 3).permute(2, 0, 1).unsqueeze(0).float()
        out = lib.nn.functional.conv2d(image, lib.ones(2, 3, 1, 1))
        strides.append((image.stride(), out.stride()))
    assert strides[0] == strides[1] == ((3, 1, 12, 3), (32, 16, 4, 1))


MIXED_LAYOUTS = {
    "a vector plus a transpose": lambda L: L.ones(3) + L.arange(12.0).reshape(3, 4).t(),
    "a row-major matrix plus a transpose": lambda L: L.ones(4, 3) + L.arange(12.0).reshape(3, 4).t(),
    "a transpose plus a row-major matrix": lambda L: L.arange(12.0).reshape(3, 4).t() + L.ones(4, 3),
    "an expanded row plus a transpose": lambda L: L.ones(1, 3).expand(4, 3) * L.arange(12.0).reshape(3, 4).t(),
    "an expanded column plus a transpose": lambda L: L.ones(4, 1).expand(4, 3) * L.arange(12.0).reshape(3, 4).t(),
    "a channels-last image times a row-major one": lambda L: _image(L).contiguous(memory_format=L.channels_last)
    * _image(L),
    "a row-major image times a channels-last one": lambda L: _image(L)
    * _image(L).contiguous(memory_format=L.channels_last),
    "a per-channel scale times a channels-last image": lambda L: L.ones(3, 1, 1, dtype=L.float64)
    * _image(L).contiguous(memory_format=L.channels_last),
    "where of a row-major condition and transposes": lambda L: L.where(
        L.ones(4, 3, dtype=L.bool), L.arange(12.0).reshape(3, 4).t(), 0.0),
    "comparison of a vector and a transpose": lambda L: L.ones(3) > L.arange(12.0).reshape(3, 4).t(),
    "clamp of a transpose by a row-major bound": lambda L: L.arange(12.0).reshape(3, 4).t().clamp(L.ones(4, 3)),
    "lerp of transposes": lambda L: L.lerp(L.arange(12.0).reshape(3, 4).t(), L.ones(4, 3), 0.5),
}


@pytest.mark.parametrize("program", MIXED_LAYOUTS.values(), ids=MIXED_LAYOUTS.keys())
def test_pointwise_results_of_mixed_layouts_are_laid_out_as_torchs(program):
    results = []
    for lib in (minigrad, torch):
        r = program(lib)
        results.append((r.stride(), r.tolist()))
    assert results[0] == results[1]


@pytest.mark.parametrize("program", MIXED_LAYOUTS.values(), ids=MIXED_LAYOUTS.keys())
def test_a_remembered_pointwise_layout_is_the_one_worked_out_afresh(program):
    # pointwise_layout works out each pattern of shapes and strides once (a fast path): a second
    # result of the same program reads the remembered decision
    from minigrad.ops import layout
    layout._layouts.clear()
    afresh = program(minigrad)
    remembered = program(minigrad)
    assert remembered.stride() == afresh.stride() == program(torch).stride()
    assert remembered.tolist() == afresh.tolist()


@pytest.mark.parametrize("L", [minigrad, torch], ids=["minigrad", "torch"])
def test_to_channels_last_of_a_tensor_read_as_channels_last_returns_it(L):
    # channels last by its strides (PyTorch's suggest_memory_format), though not dense
    x = L.arange(16.0).reshape(4, 4, 1)[::2].permute(0, 2, 1).unsqueeze(3)
    assert x.stride() == (8, 1, 1, 1)
    assert x.to(memory_format=L.channels_last) is x
    # dense in channels-last order but not read as such (its W dim is strided by 1): copied
    y = L.arange(16.0).reshape(2, 2, 4).permute(0, 2, 1).unsqueeze(3)
    assert y.to(memory_format=L.channels_last).stride() == (8, 1, 4, 4)


@pytest.mark.parametrize("L", [minigrad, torch], ids=["minigrad", "torch"])
def test_roll_by_a_multiple_of_the_size_is_a_contiguous_clone(L):
    image = _image(L).contiguous(memory_format=L.channels_last)
    assert image.roll(1, 0).stride() == (60, 1, 15, 3)
    assert image.roll(2, 0).stride() == image.roll((2, 1), (0, 1)).stride() == (60, 20, 5, 1)
    assert L.arange(6.0).reshape(1, 6)[:, ::2].unsqueeze(0).roll(1, 0).stride() == (3, 3, 1)


@st.composite
def views(draw):
    """How to make a view of a row-major tensor: its shape, the permutation of its dims, a step per
    dim, and the places of size-1 dims added one after another."""
    ndim = draw(st.integers(1, 3))
    shape = draw(st.lists(st.integers(1, 4), min_size=ndim, max_size=ndim))
    order = draw(st.permutations(range(ndim)))
    steps = draw(st.lists(st.sampled_from([1, 1, 2]), min_size=ndim, max_size=ndim))
    new_dims = []
    for n in range(ndim, ndim + draw(st.integers(0, 2))):
        new_dims.append(draw(st.integers(0, n)))
    return shape, order, steps, new_dims


def _view(L, recipe):
    shape, order, steps, new_dims = recipe
    x = L.arange(float(np.prod(shape)), dtype=L.float64).reshape(shape).permute(*order)
    x = x[tuple(slice(None, None, s) for s in steps)]
    for d in new_dims:
        x = x.unsqueeze(d)
    return x


COMMON_OPS = {
    "float": lambda L, x: x.float(),
    "clone": lambda L, x: x.clone(),
    "contiguous": lambda L, x: x.contiguous(),
    "exp": lambda L, x: x.exp(),
    "relu": lambda L, x: x.relu(),
    "add itself": lambda L, x: x + x,
    "mul by a row-major tensor": lambda L, x: x * L.ones(x.shape, dtype=L.float64),
    "row-major tensor minus it": lambda L, x: L.ones(x.shape, dtype=L.float64) - x,
    "pow": lambda L, x: x ** 2,
    "clamp": lambda L, x: x.clamp(1, 5),
    "clamp by a tensor": lambda L, x: x.clamp(L.ones(x.shape[-1:], dtype=L.float64)),
    "lerp": lambda L, x: L.lerp(x, x, 0.25),
    "where": lambda L, x: L.where(x > 2, x, x.flip(0)),
    "sort": lambda L, x: x.sort(-1)[0],
    "argsort": lambda L, x: x.argsort(0),
    "flip": lambda L, x: x.flip(-1),
    "roll": lambda L, x: x.roll(1, -1),
    "cumsum": lambda L, x: x.cumsum(0),
    "masked_fill": lambda L, x: x.masked_fill(x > 2, 0.0),
    "index_fill": lambda L, x: x.index_fill(-1, L.tensor([0]), -1.0),
    "zeros_like": lambda L, x: L.zeros_like(x),
    "empty_like": lambda L, x: L.empty_like(x).zero_(),
    "to channels_last": lambda L, x: x.to(memory_format=L.channels_last) if x.ndim == 4 else x,
    # (below, a row-major input whose size-1 dims a view strided otherwise is left out: see
    # notes/DESIGN-NOTES.md, "size-1 strides")
    "mul by a number": lambda L, x: x * 2,
    "comparison with a number": lambda L, x: x > 2,
    "plus a vector": lambda L, x: x + L.ones(x.shape[-1:], dtype=L.float64),
    "a vector plus it": lambda L, x: L.ones(x.shape[-1:], dtype=L.float64) + x,
}
_ROW_MAJOR_ONLY_BY_NUMPYS_FLAG = {"mul by a number", "comparison with a number", "plus a vector",
                                  "a vector plus it"}


def _row_major_with_other_size_one_strides(t):
    expected = torch.empty(t.shape).stride()
    return t.is_contiguous() and t.stride() != expected


@given(recipe=views(), case=st.sampled_from(sorted(COMMON_OPS)))
def test_common_ops_of_permuted_sliced_and_unsqueezed_views_have_torchs_strides(recipe, case):
    assume(case not in _ROW_MAJOR_ONLY_BY_NUMPYS_FLAG or not _row_major_with_other_size_one_strides(
        _view(torch, recipe)))
    results = []
    for lib in (minigrad, torch):
        r = COMMON_OPS[case](lib, _view(lib, recipe))
        results.append(_layout_and_values(lib, r))
    _assert_same_layout_and_values(*results)


@pytest.mark.parametrize("shape, strides", [((3, 1, 4), (16, 16, 4)), ((3, 1, 4), (16, 4, 4)), ((2, 3), (4, 8))])
def test_strided_fast_path_gives_the_view_as_strided_gives(shape, strides):
    from minigrad import _array_layout as layout
    base = np.arange(12, dtype=np.float32)
    fast = layout._strided(np, base, shape, strides)
    general = np.lib.stride_tricks.as_strided(base, shape, strides)
    assert fast.strides == general.strides and np.shares_memory(fast, base)
    np.testing.assert_array_equal(fast, general)


def _laid_out(lib, x, perm):
    """A tensor of ``x``'s values (an array) stored in the order of dims ``perm``, as a permuted view."""
    return lib.tensor(np.ascontiguousarray(x.transpose(perm)).tolist(), dtype=lib.float64).permute(
        *np.argsort(perm).tolist())


def _strides_apart_from_size_one_dims(t):
    """A result's strides where they address elements (PyTorch's einsum strides its size-1 dims its own way)."""
    return tuple(s for s, n in zip(t.stride(), t.shape) if n != 1), t.is_contiguous()


EINSUMS = {
    "matmul": ("ij,jk->ik", [(2, 3), (3, 4)]),
    "matmul transposed out": ("ij,jk->ki", [(2, 3), (3, 4)]),
    "batched matmul": ("bij,bjk->bik", [(2, 3, 4), (2, 4, 5)]),
    "batched matmul, output's dims reordered": ("bij,bjk->bki", [(2, 3, 4), (2, 4, 5)]),
    "right operand's dims first": ("ijk,kl->lji", [(2, 3, 4), (4, 5)]),
    "mixed dims": ("ijk,kl->ilj", [(2, 3, 4), (4, 5)]),
    "ellipsis": ("...k,kl->...l", [(2, 3, 4), (4, 5)]),
    "outer product": ("ij,kl->klij", [(2, 3), (4, 5)]),
    "elementwise": ("ijk,ijk->kij", [(2, 3, 4), (2, 3, 4)]),
    "sum of one operand": ("ijk->ki", [(2, 3, 4)]),
    "permutation of one operand": ("ijk->kji", [(2, 3, 4)]),
    "diagonal": ("iij->ji", [(3, 3, 2)]),
    "summed in one operand alone": ("ijk,jl->li", [(2, 3, 4), (3, 5)]),
    "broadcast dim": ("bij,bjk->bik", [(1, 3, 4), (2, 4, 5)]),
}


@pytest.mark.parametrize("case", EINSUMS.values(), ids=EINSUMS.keys())
@given(data=st.data())
def test_einsum_of_permuted_operands_lays_its_result_out_as_torchs(case, data):
    equation, shapes = case
    rng = np.random.default_rng(0)
    arrays = [rng.standard_normal(shape) for shape in shapes]
    perms = [data.draw(st.permutations(range(len(shape)))) for shape in shapes]
    results = []
    for lib in (minigrad, torch):
        result = lib.einsum(equation, *[_laid_out(lib, a, p) for a, p in zip(arrays, perms)])
        results.append((_strides_apart_from_size_one_dims(result), np.asarray(result.tolist())))
    assert results[0][0] == results[1][0]
    np.testing.assert_allclose(results[0][1], results[1][1], rtol=1e-7)


@pytest.mark.parametrize("indices", [np.array(5), np.array([3, 7]), np.arange(12).reshape(3, 4)], ids=str)
@pytest.mark.parametrize("transposed", [False, True])
def test_unravel_index_gives_views_of_one_tensor_laid_out_as_the_indices_as_torch(indices, transposed):
    results = []
    for lib in (minigrad, torch):
        t = lib.tensor(indices)
        coordinates = lib.unravel_index(t.T if transposed and t.ndim == 2 else t, (2, 3, 2))
        results.append([(c.tolist(), c.stride(), c.storage_offset(), c._is_view()) for c in coordinates])
    assert results[0] == results[1]


@pytest.mark.parametrize("dim", [0, 1, 2])
@pytest.mark.parametrize("perm", [(0, 1, 2), (2, 0, 1), (1, 2, 0)], ids=str)
def test_topk_of_a_permuted_tensor_lays_values_and_indices_out_as_torch(dim, perm):
    x = np.random.default_rng(1).standard_normal((3, 4, 5))
    results = []
    for lib in (minigrad, torch):
        values, indices = lib.topk(_laid_out(lib, x, list(perm)), 2, dim)
        results.append((values.stride(), indices.stride(), values.is_contiguous(), indices.tolist()))
    assert results[0] == results[1]
