"""Random sessions of Module API calls, compared with PyTorch.

A session edits one small model the ways course programs do (buffers kept or
not in the state dict, submodules added, hooks added and removed, layers
frozen, train/eval, state dicts saved and loaded with missing and unexpected
keys) and runs it between edits. After every step the names, flags, state-dict
keys, returned key lists and outputs must be PyTorch's (a session ends at its
first error, whose type must be PyTorch's).
"""
import numpy as np
from hypothesis import given, settings, strategies as st

import minigrad
import torch

steps = st.lists(st.one_of(
    st.tuples(st.just("buffer"), st.booleans()),
    st.just(("add_module",)),
    st.just(("forward_hook",)),
    st.just(("pre_hook",)),
    st.just(("remove_hooks",)),
    st.tuples(st.just("freeze"), st.integers(0, 1), st.booleans()),
    st.tuples(st.just("mode"), st.booleans()),
    st.just(("forward",)),
    st.tuples(st.just("load"), st.sampled_from(["same", "missing", "unexpected", "both"]), st.booleans()),
    st.just(("zero_grad",)),
    st.just(("backward",)),
), min_size=1, max_size=10)


class _Values:
    """Float32 values, equal to others within float32 tolerance."""

    def __init__(self, t):
        self.array = np.asarray(t.detach().numpy(), np.float64)

    def __eq__(self, other):
        return self.array.shape == other.array.shape and np.allclose(self.array, other.array, rtol=1e-5,
                                                                      atol=1e-6)

    def __repr__(self):
        return repr(self.array.tolist())


def _values(t):
    return _Values(t)


def run_session(lib, session):
    nn = lib.nn
    lib.manual_seed(0)  # (the two libraries initialise alike after the same seed)
    model = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2))
    x = lib.tensor(np.linspace(-1, 1, 6).reshape(2, 3), dtype=lib.float32)
    handles, log, n_buffers, n_added = [], [], 0, 0
    for step in session:
        kind = step[0]
        try:
            if kind == "buffer":
                model.register_buffer(f"extra{n_buffers}", lib.ones(2) * n_buffers, persistent=step[1])
                n_buffers += 1
            elif kind == "add_module":
                model.add_module(f"tail{n_added}", nn.Identity())
                n_added += 1
            elif kind == "forward_hook":
                handles.append(model[0].register_forward_hook(lambda m, i, o: o * 2))
            elif kind == "pre_hook":
                handles.append(model[2].register_forward_pre_hook(lambda m, i: (i[0] + 1,)))
            elif kind == "remove_hooks":
                for h in handles:
                    h.remove()
                handles.clear()
            elif kind == "freeze":
                model[2 * step[1]].requires_grad_(not step[2])
            elif kind == "mode":
                model.train(step[1])
            elif kind == "forward":
                log.append(("out", _values(model(x))))
            elif kind == "load":
                state = dict(model.state_dict())
                if step[1] in ("missing", "both"):
                    state.pop("0.bias")
                if step[1] in ("unexpected", "both"):
                    state["ghost.weight"] = lib.zeros(1)
                result = model.load_state_dict(state, strict=step[2])
                log.append(("keys", sorted(result.missing_keys), sorted(result.unexpected_keys)))
            elif kind == "zero_grad":
                model.zero_grad()
            else:
                out = model(x).sum()
                if out.requires_grad:
                    out.backward()
            log.append((kind, model.training, [n for n, _ in model.named_parameters()],
                        [n for n, p in model.named_parameters() if p.requires_grad],
                        [n for n, _ in model.named_buffers()], list(model.state_dict()),
                        [None if p.grad is None else _values(p.grad) for p in model.parameters()]))
        except RuntimeError:
            log.append((kind, "RuntimeError"))
            break
    return log


@settings(max_examples=100, deadline=None)
@given(session=steps)
def test_random_module_sessions_match_torch(session):
    assert run_session(minigrad, session) == run_session(torch, session)
