"""Functions PyTorch computes as one op and minigrad composes (ops/one_node.py): grid_sample,
affine_grid, glu and the distances. Their node's name and type name and the edges of
next_functions are PyTorch's; values, gradients and second derivatives stay PyTorch's."""
import numpy as np
import pytest
import torch
from hypothesis import given, strategies as st

import minigrad

from . import strategies as S
from .helpers import check
from .test_second_order import compare_higher

R = np.random.default_rng(0)
GRID = R.uniform(-1.1, 1.1, size=(2, 3, 4, 2))

# name -> (fn(L, a, b) on a (2, 3, 4, 4) image-like a and a (3, 4) matrix b, PyTorch's node name)
CASES = {
    "glu": (lambda L, a, b: L.nn.functional.glu(b, dim=-1), "GluBackward0"),
    "cdist": (lambda L, a, b: L.cdist(b, b[:2] * 2), "CdistBackward0"),
    "cdist p=1": (lambda L, a, b: L.cdist(b, b[:2] * 2, p=1), "CdistBackward0"),
    "cdist p=inf": (lambda L, a, b: L.cdist(b, b[:2] * 2, p=float("inf")), "CdistBackward0"),
    "pdist": (lambda L, a, b: L.nn.functional.pdist(b), "PdistBackward0"),
    "pairwise_distance": (lambda L, a, b: L.nn.functional.pairwise_distance(b, b.flip(0)), "NormBackward1"),
    "dist": (lambda L, a, b: L.dist(b, b.detach() + 1, p=3), "DistBackward0"),
    "affine_grid": (lambda L, a, b: L.nn.functional.affine_grid(b[:2, :3].reshape(1, 2, 3), (1, 1, 3, 4),
                                                                align_corners=False), "AffineGridGeneratorBackward0"),
    "grid_sample": (lambda L, a, b: L.nn.functional.grid_sample(a, L.tensor(GRID), align_corners=False),
                    "GridSampler2DBackward0"),
    "grid_sample nearest": (lambda L, a, b: L.nn.functional.grid_sample(a, L.tensor(GRID), mode="nearest",
                                                                        align_corners=True), "GridSampler2DBackward0"),
    "grid_sample volume": (lambda L, a, b: L.nn.functional.grid_sample(a[None], L.tensor(GRID[..., :1].repeat(3, -1))[None],
                                                                       align_corners=False), "GridSampler3DBackward0"),
}


def _graph(L, name):
    a = L.tensor(np.linspace(-1, 1, 96).reshape(2, 3, 4, 4), requires_grad=True)
    b = L.tensor(np.arange(12.0).reshape(3, 4) / 7, requires_grad=True)
    node = CASES[name][0](L, a, b).grad_fn
    return type(node).__name__, node.name(), [type(n).__name__ for n, _ in node.next_functions]


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_result_is_one_node_with_pytorchs_name_and_edges(name):
    assert _graph(minigrad, name) == _graph(torch, name)
    assert _graph(minigrad, name)[0] == CASES[name][1]


def test_pairwise_distance_adds_eps_in_an_add_backward1_node_as_pytorch():
    for L in (torch, minigrad):
        b = L.ones(3, 4, requires_grad=True)
        added = L.nn.functional.pairwise_distance(b, b.flip(0)).grad_fn.next_functions[0][0]
        assert (type(added).__name__, type(added.next_functions[0][0]).__name__) == ("AddBackward1", "SubBackward0")


NO_SECOND_DERIVATIVE = {"cdist": "_cdist_backward", "cdist p=1": "_cdist_backward", "cdist p=inf": "_cdist_backward",
                        "pdist": "_pdist_backward"}


@pytest.mark.parametrize("name", sorted(NO_SECOND_DERIVATIVE))
def test_a_second_derivative_pytorch_lacks_raises_its_error(name):
    for L in (torch, minigrad):
        b = L.tensor(np.arange(12.0).reshape(3, 4) / 7, requires_grad=True)
        first = L.autograd.grad(CASES[name][0](L, None, b).sum(), b, create_graph=True)[0]
        with pytest.raises(NotImplementedError, match=f"the derivative for '{NO_SECOND_DERIVATIVE[name]}' is not implemented"):
            first.sum().backward()


@pytest.mark.parametrize("name", sorted(set(CASES) - set(NO_SECOND_DERIVATIVE)))
def test_second_derivatives_through_the_one_node_match_pytorch(name):
    fn = CASES[name][0]
    a = R.standard_normal((2, 3, 4, 4))
    b = np.arange(12.0).reshape(3, 4) / 7 + R.uniform(0, 0.1, size=(3, 4))
    compare_higher(lambda L, x, y: fn(L, x, y) ** 2, a, b)


@given(data=st.data(), seed=S.seeds)
def test_grid_sample_values_and_both_gradients_match_pytorch(data, seed):
    # float64: a flat image's grid gradient is an exact 0 that float32 leaves as ~1e-6 of rounding
    # residue in either library (the float32 samples of PyTorch's own sweep cover float32)
    dtype = np.float64
    image = data.draw(S.arrays(dtype, (1, 2, 3, 4)))
    grid = data.draw(S.arrays(dtype, (1, 2, 2, 2), -1.2, 1.2, allow_kinks=False))
    mode = data.draw(st.sampled_from(["bilinear", "bicubic"]))
    pad = data.draw(st.sampled_from(["zeros", "border", "reflection"]))
    check(lambda L, x, g: L.nn.functional.grid_sample(x, g, mode=mode, padding_mode=pad, align_corners=False),
          image, grid, seed=seed)


def test_changing_a_cdist_input_in_place_before_backward_raises_as_pytorch():
    for L in (torch, minigrad):
        x = L.ones(3, 2, requires_grad=True) + 0
        y = L.cdist(x, x * 2)
        x.mul_(3)
        with pytest.raises(RuntimeError, match="modified by an inplace operation"):
            y.sum().backward()


def test_without_a_gradient_no_node_is_recorded():
    with minigrad.no_grad():
        y = minigrad.cdist(minigrad.ones(2, 3, requires_grad=True), minigrad.ones(4, 3))
    assert y.grad_fn is None and not y.requires_grad


IN_PLACE = {
    "masked_select": lambda L, x: x.masked_select(x.detach() > 0.3), "rot90": lambda L, x: x.rot90(1, (0, 1)),
    "channel_shuffle": lambda L, x: L.nn.functional.channel_shuffle(x.view(1, 4, 3), 2),
    "affine_grid": lambda L, x: L.nn.functional.affine_grid(x[:2].view(1, 2, 3) * 1, (1, 1, 2, 2), align_corners=False),
    "glu": lambda L, x: L.nn.functional.glu(x, 0), "nansum": lambda L, x: x.nansum(), "norm p=1": lambda L, x: x.norm(p=1),
    "unfold of an image": lambda L, x: L.nn.functional.unfold(x.view(1, 4, 3), 2),
    "avg_pool2d of an image": lambda L, x: L.nn.functional.avg_pool2d(x.view(1, 4, 3), 2),
    "pairwise_distance": lambda L, x: L.nn.functional.pairwise_distance(x, x.detach() * 2),
}


@pytest.mark.parametrize("name", sorted(IN_PLACE))
def test_an_in_place_change_of_the_input_afterwards_is_refused_only_where_pytorch_saves_it(name):
    outcomes = []
    for L in (torch, minigrad):
        x = L.tensor(np.linspace(0.1, 1.2, 12).reshape(4, 3), requires_grad=True)
        y = x * 1
        out = IN_PLACE[name](L, y)
        y.add_(1)
        try:
            out.sum().backward()
            outcomes.append(("ok", x.grad.numpy().round(6).tolist()))
        except RuntimeError as e:
            outcomes.append(("RuntimeError", "modified by an inplace operation" in str(e)))
    assert outcomes[0] == outcomes[1]
