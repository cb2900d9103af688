"""Bad input loses nothing and never hangs: a failed load_state_dict leaves the model (or the
optimizer) as it was, a failed save leaves the file at the path as it was, and DataLoaders and
hooks given bad functions raise or finish within a time limit."""
import time

import numpy as np
import pytest

import minigrad
from parity.limits import time_limit

SECONDS = 20  # far above what any of these takes: a hang fails the test instead of blocking the suite


def snapshot(model):
    return {k: v.detach().numpy().copy() for k, v in model.state_dict().items()}


def assert_unchanged(model, before):
    after = snapshot(model)
    assert after.keys() == before.keys()
    for k in before:
        np.testing.assert_array_equal(after[k], before[k], err_msg=k)


def mlp():
    minigrad.manual_seed(0)
    return minigrad.nn.Sequential(minigrad.nn.Linear(3, 4), minigrad.nn.ReLU(), minigrad.nn.Linear(4, 2))


def shifted_state(model):
    """Every entry of the model's state dict plus one: loading it would change every parameter."""
    return {k: v.detach() + 1 for k, v in model.state_dict().items()}


@pytest.mark.parametrize("strict", [True, False])
def test_a_shape_mismatch_in_the_last_parameter_leaves_every_parameter_unchanged(strict):
    model = mlp()
    before = snapshot(model)
    state = shifted_state(model)
    state["2.bias"] = minigrad.ones(5)
    with pytest.raises(RuntimeError, match="size mismatch for 2.bias"):
        model.load_state_dict(state, strict=strict)
    assert_unchanged(model, before)


@pytest.mark.parametrize("change", ["missing", "unexpected"])
def test_a_strict_load_with_a_missing_or_unexpected_key_leaves_every_parameter_unchanged(change):
    model = mlp()
    before = snapshot(model)
    state = shifted_state(model)
    if change == "missing":
        del state["2.bias"]
    else:
        state["2.extra"] = minigrad.ones(1)
    with pytest.raises(RuntimeError, match="Error\\(s\\) in loading state_dict"):
        model.load_state_dict(state)
    assert_unchanged(model, before)


def test_a_non_tensor_value_in_the_last_entry_leaves_every_parameter_unchanged():
    model = mlp()
    before = snapshot(model)
    state = shifted_state(model)
    state["2.bias"] = "not a tensor"
    with pytest.raises(RuntimeError):
        model.load_state_dict(state)
    assert_unchanged(model, before)


@pytest.mark.parametrize("strict", [True, False])
def test_a_key_that_is_not_a_str_is_refused_as_torch_does_and_changes_nothing(strict):
    model = mlp()
    before = snapshot(model)
    state = shifted_state(model)
    state[0] = minigrad.ones(1)
    with pytest.raises(AttributeError):  # (PyTorch's type; minigrad's is a TypeError too)
        model.load_state_dict(state, strict=strict)
    assert_unchanged(model, before)


def test_an_optimizer_state_of_another_shape_is_refused_and_changes_nothing():
    p = minigrad.ones(2, requires_grad=True)
    opt = minigrad.optim.SGD([p], lr=0.1, momentum=0.9)
    state = opt.state_dict()
    state["param_groups"][0]["params"] = [0, 1]
    state["param_groups"][0]["lr"] = 5.0
    with pytest.raises(ValueError, match="doesn't match the size of optimizer's group"):
        opt.load_state_dict(state)
    assert opt.param_groups[0]["lr"] == 0.1 and opt.param_groups[0]["params"] == [p]


def test_an_optimizer_parameter_state_that_is_no_dict_is_a_type_error_and_changes_nothing():
    p = minigrad.ones(2, requires_grad=True)
    opt = minigrad.optim.Adam([p], lr=0.1)
    p.grad = minigrad.ones(2)
    opt.step()
    before = {k: v.clone() for k, v in opt.state[p].items()}
    state = opt.state_dict()
    state["state"][0] = 3
    state["param_groups"][0]["lr"] = 5.0
    with pytest.raises(TypeError):  # (PyTorch's Adam raises a TypeError too, having replaced its state)
        opt.load_state_dict(state)
    assert opt.param_groups[0]["lr"] == 0.1 and opt.state[p].keys() == before.keys()
    assert all(minigrad.equal(opt.state[p][k], before[k]) for k in before)


def test_a_plateau_scheduler_state_of_an_unknown_mode_is_refused_and_changes_nothing():
    opt = minigrad.optim.SGD([minigrad.ones(1, requires_grad=True)], lr=0.1)
    scheduler = minigrad.optim.lr_scheduler.ReduceLROnPlateau(opt, mode="max", patience=5)
    before = dict(scheduler.__dict__)
    with pytest.raises(ValueError, match="mode bad is unknown"):
        scheduler.load_state_dict({**scheduler.state_dict(), "mode": "bad", "patience": 0})
    assert scheduler.__dict__ == before


def test_a_save_under_a_path_that_is_a_file_raises_and_keeps_the_file(tmp_path):
    existing = tmp_path / "checkpoint.st"
    existing.write_bytes(b"the previous checkpoint")
    with pytest.raises(RuntimeError):
        minigrad.save({"w": minigrad.ones(2)}, existing / "inner.st")
    assert existing.read_bytes() == b"the previous checkpoint"


def test_a_save_of_an_unsupported_object_keeps_the_existing_file(tmp_path):
    existing = tmp_path / "checkpoint.st"
    minigrad.save({"w": minigrad.ones(2)}, existing)
    raw = existing.read_bytes()
    with pytest.raises(TypeError):
        minigrad.save({"w": minigrad.zeros(2), "f": lambda: 0}, existing)
    assert existing.read_bytes() == raw


def dataset():
    return minigrad.utils.data.TensorDataset(minigrad.arange(8.0))


def test_a_worker_init_fn_that_raises_gives_its_own_error_and_does_not_hang():
    """minigrad's workers are emulated in the calling process: their init function runs there."""
    def init(worker_id):
        raise ValueError(f"bad worker {worker_id}")
    with time_limit(SECONDS, "the DataLoader"), pytest.raises(ValueError, match="bad worker 0"):
        list(minigrad.utils.data.DataLoader(dataset(), batch_size=4, num_workers=2, worker_init_fn=init))


@pytest.mark.parametrize("num_workers", [0, 2])
def test_a_dataset_that_raises_gives_its_own_error_and_does_not_hang(num_workers):
    class Broken(minigrad.utils.data.Dataset):
        def __len__(self):
            return 4

        def __getitem__(self, i):
            raise KeyError(i)
    with time_limit(SECONDS, "the DataLoader"), pytest.raises(KeyError):
        list(minigrad.utils.data.DataLoader(Broken(), batch_size=2, num_workers=num_workers))


def test_a_collate_fn_that_raises_gives_its_own_error_and_does_not_hang():
    def collate(batch):
        raise ValueError("bad batch")
    with time_limit(SECONDS, "the DataLoader"), pytest.raises(ValueError, match="bad batch"):
        list(minigrad.utils.data.DataLoader(dataset(), batch_size=2, num_workers=2, collate_fn=collate))


def test_a_hook_that_recurses_raises_recursion_error_and_does_not_hang():
    x = minigrad.ones(3, requires_grad=True)

    def hook(grad):
        return hook(grad)
    x.register_hook(hook)
    with time_limit(SECONDS, "backward"), pytest.raises(RecursionError):
        (x * 2).sum().backward()


def test_a_hook_that_calls_backward_on_its_own_graph_raises_and_does_not_hang():
    x = minigrad.ones(3, requires_grad=True)
    y = (x * 2).sum()

    def hook(grad):
        y.backward()  # the graph is being freed: PyTorch's "backward through the graph a second time"
    x.register_hook(hook)
    with time_limit(SECONDS, "backward"), pytest.raises(RuntimeError):
        y.backward()
