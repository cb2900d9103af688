"""Graph breaks: what a replay could not repeat makes the function run eagerly, with one warning
naming the cause; ``fullgraph=True`` raises instead."""
import warnings

import numpy as np
import pytest

import minigrad
import minigrad.nn as nn
from minigrad.compile import Unsupported

W = minigrad.tensor([1.0, 2.0, 3.0], requires_grad=True)
HISTORY = []


def _x(seed=0):
    return minigrad.tensor(np.random.default_rng(seed).standard_normal(3))


def _update(x):
    """An effect outside the step (W changes in place): reads after it cannot be checks."""
    with minigrad.no_grad():
        W.add_(x * 0.01)


def _item_mid_step(x):
    _update(x)
    k = W.sum().item()  # a value the effect changed: no check can stand in for it
    return x * k


def _bool_mid_step(x):
    _update(x)
    if (W > 2).any():
        return x + 1
    return x - 1


def _tolist_mid_step(x):
    _update(x)
    values = x.tolist()
    return x * len(values)


def _numpy_call(x):
    return minigrad.tensor(x.numpy() * 2)


def _prints(x):
    y = x * 2
    print("step")
    return y


def _prints_a_tensor(x):
    y = x * 2
    print(y)
    return y


def _formats(x):
    _update(x)
    return f"{x.sum():.3f}"


def _tensor_from_python_data(x):
    return x * minigrad.tensor([1.0, 2.0, 3.0])


def _appends_to_a_list(x):
    y = x * 2
    HISTORY.append(y)
    return y


def _registers_a_hook(x):
    w = W * 1
    w.register_hook(lambda g: g * 2)
    return (w * x).sum()


def _hook_of_a_leaf(x):
    loss = (W * x).sum()
    loss.backward()
    return loss


def _int_after_effect(x):
    _update(x)
    n = int(W.argmax())
    return x[:n + 1].sum()


CASES = [
    (_item_mid_step, "Tensor.item()"),
    (_bool_mid_step, "bool(tensor)"),
    (_tolist_mid_step, "Tensor.tolist()"),
    (_numpy_call, "Tensor.numpy()"),
    (_prints, "print()"),
    (_prints_a_tensor, "print()"),
    (_formats, "formatting a tensor"),
    (_tensor_from_python_data, "built from Python or NumPy data"),
    (_appends_to_a_list, "changed a Python object"),
    (_registers_a_hook, "registering a hook"),
    (_int_after_effect, "int(tensor)"),
]


@pytest.mark.parametrize("fn,cause", CASES, ids=[c[0].__name__ for c in CASES])
def test_each_cause_runs_the_function_eagerly_with_one_warning_naming_it(fn, cause, capsys):
    f = minigrad.compile(fn)
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        results = [f(_x(i)) for i in range(4)]
    breaks = [str(x.message) for x in w if "graph break" in str(x.message)]
    assert len(breaks) == 1 and cause in breaks[0], breaks
    assert f.tapes == []  # nothing recorded: every call ran eagerly
    for r in results:
        assert r is not None


def test_a_capture_patches_tensor_methods_where_they_live_now():
    # (a Tensor subclass puts wrappers of the public methods on Tensor itself; conftest takes them
    # off again after each test: a later capture must find Tensor.numpy where it lives then)
    def breaks_of(fn):
        with warnings.catch_warnings(record=True) as w:
            warnings.simplefilter("always")
            f = minigrad.compile(fn)
            for i in range(3):  # (the first call runs eagerly, a later one captures)
                f(_x(i))
        return [str(x.message) for x in w if "graph break" in str(x.message)]

    class Sub(minigrad.Tensor):
        pass
    assert any("Tensor.numpy()" in b for b in breaks_of(lambda x: minigrad.tensor(x.numpy() * 2)))
    if minigrad.overrides._installed:
        minigrad.overrides._restore()  # (the subclass's wrappers taken off, as conftest does)
    assert any("Tensor.numpy()" in b for b in breaks_of(lambda x: minigrad.tensor(x.numpy() * 3)))


def test_a_tensor_hook_running_in_the_step_is_a_graph_break():
    h = W.register_hook(lambda g: g * 2)
    try:
        f = minigrad.compile(_hook_of_a_leaf)
        f(_x())  # the first call runs eagerly
        with pytest.warns(UserWarning, match="a tensor hook ran"):
            f(_x())
    finally:
        h.remove()
        W.grad = None


def test_a_module_with_forward_hooks_is_a_graph_break():
    minigrad.manual_seed(0)
    model = nn.Linear(3, 1)
    model.register_forward_hook(lambda m, a, out: out * 2)
    f = minigrad.compile(lambda x: model(x))
    with minigrad.no_grad(), pytest.warns(UserWarning, match="forward hooks"):
        f(minigrad.ones(2, 3))
        f(minigrad.ones(2, 3))


def test_a_global_module_hook_registered_after_compiling_runs_on_every_call():
    from minigrad.nn.modules import module as module_hooks
    model = nn.Linear(2, 2)
    opt = minigrad.optim.SGD(model.parameters(), lr=0.1)

    def step(x):
        opt.zero_grad()
        model(x).sum().backward()
        opt.step()
    compiled = minigrad.compile(step)
    x = minigrad.ones(2)
    for _ in range(4):
        compiled(x)  # (captured and replayed)
    calls = []
    handle = module_hooks.register_module_forward_hook(lambda module, args, out: calls.append(module))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for _ in range(3):
                compiled(x)
    finally:
        handle.remove()
    assert calls == [model] * 3


def test_the_eager_run_after_a_break_gives_the_eager_results():
    f = minigrad.compile(_item_mid_step)
    f(_x(0))
    with pytest.warns(UserWarning):
        a = f(_x(1))
    b = _item_mid_step(_x(1))
    assert a.shape == b.shape


@pytest.mark.parametrize("fn,cause", CASES[:6], ids=[c[0].__name__ for c in CASES[:6]])
def test_fullgraph_raises_unsupported_naming_the_cause(fn, cause):
    f = minigrad.compile(fn, fullgraph=True)
    with pytest.raises(Unsupported, match="graph break"):
        f(_x())


def test_reads_before_any_effect_are_checked_at_replay():
    def f(x):
        if (x > 0).all():  # decided again at every replay
            return x * 2
        return x * 3
    g = minigrad.compile(f)
    pos, neg = minigrad.tensor([1.0, 2.0]), minigrad.tensor([-1.0, 2.0])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert g(pos).tolist() == [2.0, 4.0]
        assert g(pos).tolist() == [2.0, 4.0]
        assert g(neg).tolist() == [-3.0, 6.0]  # the check fails: the call runs eagerly
        assert g(pos).tolist() == [2.0, 4.0]
    assert g.tapes[0].bails == 1


def test_an_item_at_the_end_of_the_step_is_returned_by_the_replay():
    minigrad.manual_seed(0)
    model = nn.Linear(3, 1)
    opt = minigrad.optim.SGD(model.parameters(), lr=0.1)

    def step(x, y):
        opt.zero_grad()
        loss = ((model(x) - y) ** 2).mean()
        loss.backward()
        opt.step()
        return loss.item()
    f = minigrad.compile(step)
    rng = np.random.default_rng(0)
    x = minigrad.tensor(rng.standard_normal((5, 3)).astype(np.float32))
    y = minigrad.tensor(rng.standard_normal((5, 1)).astype(np.float32))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        values = [f(x, y) for _ in range(5)]
    assert all(type(v) is float for v in values) and values[0] > values[-1]
    assert sum(t.calls for t in f.tapes if t.replay is not None) == 3


def _bn_classifier_run(compiled, targets_per_step):
    minigrad.manual_seed(0)
    model = nn.Sequential(nn.Linear(4, 8), nn.BatchNorm1d(8), nn.ReLU(), nn.Linear(8, 3))
    opt = minigrad.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    loss_fn = nn.CrossEntropyLoss()

    def step(x, y):
        opt.zero_grad()
        loss = loss_fn(model(x), y)  # the loss checks its targets after BatchNorm counted the batch
        loss.backward()
        opt.step()
        return loss
    f = minigrad.compile(step) if compiled else step
    rng = np.random.default_rng(0)
    losses = []
    for targets in targets_per_step:
        x = minigrad.tensor(rng.standard_normal((6, 4)).astype(np.float32))
        losses.append(f(x, minigrad.tensor(targets)).item())
    state = [model[1].num_batches_tracked.item()] + [p.detach().numpy().copy() for p in model.parameters()]
    return losses, state, f


def test_a_check_after_an_effect_runs_before_it_and_a_failing_one_changes_nothing():
    ok = [0, 1, 2, 0, 1, 2]
    ignored = [0, -100, 2, 0, 1, 2]  # ignore_index: the loss takes its general path
    schedule = [ok] * 5 + [ignored] + [ok] * 3
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        losses, state, f = _bn_classifier_run(True, schedule)
    eager_losses, eager_state, _ = _bn_classifier_run(False, schedule)
    assert losses == eager_losses
    assert state[0] == eager_state[0] == 9  # the failed replay did not count the batch twice
    assert all(np.array_equal(a, b) for a, b in zip(state[1:], eager_state[1:]))
    assert sum(t.bails for t in f.tapes) == 1


def test_a_step_captured_after_a_broken_one_summed_as_many_terms_is_no_graph_break():
    # (a small full sum is a product with a cached vector of ones: one cached by an eager call was a
    # plain array, whose product with the captured step's array read its data, a graph break)
    broken = minigrad.compile(_int_after_effect)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for i in range(2):
            broken(_x(i))
    f = minigrad.compile(_hook_of_a_leaf, fullgraph=True)
    try:
        for i in range(3):
            f(_x(i))
        assert f.tapes
    finally:
        W.grad = None
