"""quasirandom.SobolEngine against PyTorch's: the points drawn (plain and scrambled with a seed),
draw_base2, fast_forward, reset, dtypes, the direction numbers and the errors."""
import numpy as np
import pytest
import torch
from hypothesis import given, strategies as st

import minigrad

_STEPS = st.lists(st.tuples(st.sampled_from(["draw", "fast_forward", "reset"]), st.integers(1, 9)), max_size=5)


def _run(engine, steps, L):
    out = [engine.draw(3).numpy()]
    for kind, n in steps:
        if kind == "draw":
            out.append(engine.draw(n, dtype=L.float64).numpy())
        elif kind == "fast_forward":
            engine.fast_forward(n)
        else:
            engine.reset()
    out.append(engine.draw(2).numpy())
    return out


@given(dimension=st.integers(1, 60), scramble=st.booleans(), seed=st.integers(0, 2 ** 31), steps=_STEPS)
def test_sobol_points_match_torch_through_draws_skips_and_resets(dimension, scramble, seed, steps):
    mine = minigrad.quasirandom.SobolEngine(dimension, scramble=scramble, seed=seed)
    theirs = torch.quasirandom.SobolEngine(dimension, scramble=scramble, seed=seed)
    for a, b in zip(_run(mine, steps, minigrad), _run(theirs, steps, torch)):
        assert a.dtype == b.dtype and np.array_equal(a, b)


@pytest.mark.parametrize("dimension", [1111])
def test_sobol_direction_numbers_match_torch_up_to_the_largest_dimension_held(dimension):
    mine = minigrad.quasirandom.SobolEngine(dimension).sobolstate.numpy()
    assert np.array_equal(mine, torch.quasirandom.SobolEngine(dimension).sobolstate.numpy())


@given(seed=st.integers(0, 2 ** 31), dimension=st.integers(1, 8))
def test_sobol_scrambling_state_matches_torch(seed, dimension):
    mine = minigrad.quasirandom.SobolEngine(dimension, scramble=True, seed=seed)
    theirs = torch.quasirandom.SobolEngine(dimension, scramble=True, seed=seed)
    assert np.array_equal(mine.sobolstate.numpy(), theirs.sobolstate.numpy())
    assert np.array_equal(mine.shift.numpy(), theirs.shift.numpy())


def test_sobol_fast_forward_from_the_start_matches_torch():
    mine, theirs = minigrad.quasirandom.SobolEngine(3), torch.quasirandom.SobolEngine(3)
    assert np.array_equal(mine.fast_forward(5).draw(4).numpy(), theirs.fast_forward(5).draw(4).numpy())


@given(m=st.integers(0, 6), dimension=st.integers(1, 5))
def test_sobol_draw_base2_matches_torch(m, dimension):
    mine, theirs = minigrad.quasirandom.SobolEngine(dimension), torch.quasirandom.SobolEngine(dimension)
    assert np.array_equal(mine.draw_base2(m).numpy(), theirs.draw_base2(m).numpy())


def test_sobol_draw_base2_breaking_the_balance_raises_value_error():
    for L in (torch, minigrad):
        engine = L.quasirandom.SobolEngine(2)
        engine.draw(3)
        with pytest.raises(ValueError, match="power of 2"):
            engine.draw_base2(2)


def test_sobol_draw_into_out_and_default_dtype():
    out = minigrad.empty(0)
    engine = minigrad.quasirandom.SobolEngine(2)
    assert engine.draw(4, out=out) is out and tuple(out.shape) == (4, 2) and out.dtype is minigrad.float32


@pytest.mark.parametrize("dimension", [0, 21202])
def test_sobol_dimension_outside_torchs_range_raises_value_error(dimension):
    for L in (torch, minigrad):
        with pytest.raises(ValueError, match="Supported range"):
            L.quasirandom.SobolEngine(dimension)


def test_sobol_dimension_beyond_the_numbers_held_raises_value_error():
    with pytest.raises(ValueError, match="1111"):
        minigrad.quasirandom.SobolEngine(1112)


def test_sobol_repr_matches_torch():
    for kw in ({}, {"scramble": True, "seed": 3}):
        assert repr(minigrad.quasirandom.SobolEngine(4, **kw)) == repr(torch.quasirandom.SobolEngine(4, **kw))
