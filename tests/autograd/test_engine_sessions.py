"""Random sessions of graphs and backward passes, compared with PyTorch.

A session records several graphs over the same two leaves (some sharing
intermediate tensors), then runs backward passes on them in a random order:
``backward`` with and without ``retain_graph``, ``autograd.grad`` over some
of the leaves, ``backward(inputs=...)``, hooks, and resetting ``.grad``.
After every step the leaves' ``.grad``, the returned gradients and the
type of any error must be PyTorch's (a session ends at its first error: what
a failing pass ran, freed and accumulated before it failed depends on the order
the engine runs nodes in). Single-pass tests cannot see what
these find: dependency counts left behind by one pass and read by the next.
"""
import numpy as np
from hypothesis import given, settings, strategies as st

import minigrad
import torch

EXPRESSIONS = [
    lambda a, b, s: (a * b).sum(),
    lambda a, b, s: (a * a).sum() + b.sum(),
    lambda a, b, s: (a.exp() * 0.5).sum(),
    lambda a, b, s: (s * b).sum(),
    lambda a, b, s: (s * s).mean(),
    lambda a, b, s: a.sum(),
    lambda a, b, s: (a + b).tanh().sum() + s.sum(),
]

steps = st.lists(st.one_of(
    st.tuples(st.just("graph"), st.integers(0, len(EXPRESSIONS) - 1)),
    st.tuples(st.just("backward"), st.integers(0, 5), st.booleans()),
    st.tuples(st.just("grad"), st.integers(0, 5), st.booleans(), st.sampled_from(["a", "b", "ab"])),
    st.tuples(st.just("backward_inputs"), st.integers(0, 5), st.booleans(), st.sampled_from(["a", "b", "ab"])),
    st.tuples(st.just("hook"), st.sampled_from(["a", "b", "shared"])),
    st.tuples(st.just("retain_grad")),
    st.tuples(st.just("grad_create_graph"), st.integers(0, 5)),
    st.tuples(st.just("reset"), st.sampled_from(["none", "zero"])),
), min_size=1, max_size=12)


def _value(t):
    return None if t is None else np.asarray(t.detach().numpy(), np.float64).round(10).tolist()


def run_session(lib, session):
    """What a session observes: one entry per step (gradients seen, or the error's type)."""
    a = lib.tensor([0.5, -1.0, 2.0], dtype=lib.float64, requires_grad=True)
    b = lib.tensor([1.5, 0.25, -0.75], dtype=lib.float64, requires_grad=True)
    shared = a * b + 1.0  # an intermediate several graphs use
    leaves = {"a": a, "b": b, "shared": shared}
    graphs = []
    log = []
    for step in session:
        kind = step[0]
        try:
            if kind == "graph":
                graphs.append(EXPRESSIONS[step[1]](a, b, shared))
                log.append(("graph", _value(graphs[-1])))
                continue
            if kind == "hook":
                leaves[step[1]].register_hook(lambda g: g * 2.0)
                log.append(("hook",))
                continue
            if kind == "retain_grad":
                shared.retain_grad()
                log.append(("retain_grad",))
                continue
            if kind == "reset":
                for t in (a, b):
                    if step[1] == "none":
                        t.grad = None
                    elif t.grad is not None:
                        t.grad.zero_()
                log.append(("reset",))
                continue
            if not graphs:
                continue
            out = graphs[step[1] % len(graphs)]
            if kind == "backward":
                out.backward(retain_graph=step[2])
            elif kind == "grad":
                got = lib.autograd.grad(out, [leaves[k] for k in step[3]], retain_graph=step[2], allow_unused=True)
                log.append(("grad", [_value(g) for g in got]))
            elif kind == "grad_create_graph":  # a gradient of a gradient, through the saved values
                (ga,) = lib.autograd.grad(out, a, create_graph=True, retain_graph=True, allow_unused=True)
                if ga is not None and ga.requires_grad:
                    log.append(("second", [_value(g) for g in lib.autograd.grad((ga * ga).sum(), [a, b],
                                                                               allow_unused=True)]))
            else:
                out.backward(retain_graph=step[2], inputs=[leaves[k] for k in step[3]])
            log.append((kind, _value(a.grad), _value(b.grad), _value(shared.grad) if shared.retains_grad else None))
        except RuntimeError:
            log.append((kind, "RuntimeError"))
            break  # (what a failed pass ran, freed and accumulated before it failed depends on the engine's order)
    return log


@settings(max_examples=150, deadline=None)
@given(session=steps)
def test_random_sessions_of_graphs_and_backward_passes_match_torch(session):
    assert run_session(minigrad, session) == run_session(torch, session)
