"""Random sessions of in-place changes between graphs and backward passes, compared with PyTorch.

Between recording graphs over two leaves and running backward on them, a session
changes tensors in place the ways course programs do: updates under ``no_grad``,
``.data`` writes, a detached alias written, ``requires_grad_`` toggled, an
intermediate changed in place. After every step the leaves' values and
gradients, or the type of the error, must be PyTorch's (a session ends at its
first error). This is what version counters are for: a saved tensor changed
after it was saved must raise, and one changed before must not.
"""
import numpy as np
from hypothesis import given, settings, strategies as st

import minigrad
import torch

EXPRESSIONS = [
    lambda a, b, s: (a * b).sum(),
    lambda a, b, s: (a.exp() * b).sum(),
    lambda a, b, s: (s * s).sum(),
    lambda a, b, s: (a / (b.abs() + 1.0)).sum(),
    lambda a, b, s: (a.sigmoid() * s).mean(),
]

steps = st.lists(st.one_of(
    st.tuples(st.just("graph"), st.integers(0, len(EXPRESSIONS) - 1)),
    st.tuples(st.just("backward"), st.integers(0, 3), st.booleans()),
    st.tuples(st.just("update_no_grad"), st.sampled_from(["a", "b"])),
    st.tuples(st.just("data_write"), st.sampled_from(["a", "b"])),
    st.tuples(st.just("detached_write"), st.sampled_from(["a", "b"])),
    st.tuples(st.just("leaf_in_place"), st.sampled_from(["a", "b"])),
    st.tuples(st.just("requires_grad"), st.sampled_from(["a", "b"]), st.booleans()),
    st.tuples(st.just("view_write_no_grad"), st.sampled_from(["a", "b"])),
    st.tuples(st.just("view_write"), st.sampled_from(["a", "b"])),
    st.just(("shared_view_write",)),
    st.just(("shared_in_place",)),
    st.just(("new_shared",)),
    st.just(("zero_grads",)),
), min_size=1, max_size=12)


def _value(t):
    return None if t is None else np.round(np.asarray(t.detach().numpy(), np.float64), 9).tolist()


def run_session(lib, session):
    """What a session observes after each step: the leaves and their gradients, or an error's type."""
    leaves = {"a": lib.tensor([0.5, -1.0, 2.0], dtype=lib.float64, requires_grad=True),
              "b": lib.tensor([1.5, 0.25, -0.75], dtype=lib.float64, requires_grad=True)}
    shared = leaves["a"] * leaves["b"]
    graphs, log = [], []
    for step in session:
        kind = step[0]
        a, b = leaves["a"], leaves["b"]
        try:
            if kind == "graph":
                graphs.append(EXPRESSIONS[step[1]](a, b, shared))
            elif kind == "backward":
                if not graphs:
                    continue
                graphs[step[1] % len(graphs)].backward(retain_graph=step[2])
            elif kind == "update_no_grad":
                with lib.no_grad():
                    leaves[step[1]].mul_(0.5)
            elif kind == "data_write":
                leaves[step[1]].data.add_(1.0)
            elif kind == "detached_write":
                leaves[step[1]].detach().sub_(0.25)
            elif kind == "leaf_in_place":
                leaves[step[1]].add_(1.0)
            elif kind == "requires_grad":
                leaves[step[1]].requires_grad_(step[2])
            elif kind == "view_write_no_grad":  # (masking a weight: w[0] = 0 under no_grad)
                with lib.no_grad():
                    leaves[step[1]][0] = 0.0
            elif kind == "view_write":
                leaves[step[1]][1:] *= 2.0
            elif kind == "shared_view_write":
                shared[0] = 3.0
            elif kind == "shared_in_place":
                shared.mul_(2.0)
            elif kind == "new_shared":
                shared = a * b
            else:
                a.grad = b.grad = None
            log.append((kind, _value(a), _value(b), _value(a.grad), _value(b.grad)))
        except RuntimeError:
            log.append((kind, "RuntimeError"))
            break
    return log


@settings(max_examples=150, deadline=None)
@given(session=steps)
def test_random_in_place_sessions_match_torch(session):
    assert run_session(minigrad, session) == run_session(torch, session)
