"""The optimizers refuse the option combinations PyTorch refuses, with PyTorch's exception types:
``fused`` with ``foreach`` or ``differentiable`` (RuntimeError), a tensor ``lr`` or ``betas`` with
``foreach=True`` and ``capturable=False`` in Adam and AdamW (ValueError), betas of mixed types
(ValueError); and ``load_state_dict`` matches state to parameters by the saved ids as PyTorch does
(a string key is not an id), which checkpoints saved and loaded by minigrad keep as ints."""
import io

import pytest
import torch

import minigrad

LIBS = pytest.mark.parametrize("L", [minigrad, torch], ids=["minigrad", "torch"])
FUSED = ["SGD", "Adam", "AdamW", "Adagrad"]  # (the optimizers that take both fused and foreach)
FOREACH_ONLY = ["Adadelta", "Adamax", "ASGD", "NAdam", "RAdam", "RMSprop", "Rprop", "Adafactor"]


def _params(L):
    return [L.nn.Parameter(L.zeros(2, 2))]


def _step(L, opt):
    for group in opt.param_groups:
        for p in group["params"]:
            p.grad = L.ones_like(p)
    opt.step()


@LIBS
@pytest.mark.parametrize("name", FUSED)
def test_fused_and_foreach_together_raise_runtime_error(L, name):
    with pytest.raises(RuntimeError, match="`fused` and `foreach` cannot be `True` together."):
        getattr(L.optim, name)(_params(L), foreach=True, fused=True)


@LIBS
@pytest.mark.parametrize("name", FUSED)
def test_fused_and_differentiable_together_raise_runtime_error(L, name):
    with pytest.raises(RuntimeError, match="`fused` does not support `differentiable`"):
        getattr(L.optim, name)(_params(L), differentiable=True, fused=True)


@LIBS
@pytest.mark.parametrize("name", FUSED)
@pytest.mark.parametrize("fused, foreach", [(True, False), (False, True), (None, True), (True, None)])
def test_fused_or_foreach_alone_is_accepted(L, name, fused, foreach):
    opt = getattr(L.optim, name)(_params(L), fused=fused, foreach=foreach)
    _step(L, opt)


@LIBS
@pytest.mark.parametrize("name", FUSED)
def test_fused_and_foreach_are_checked_after_the_parameters(L, name):
    with pytest.raises(ValueError, match="empty parameter list"):
        getattr(L.optim, name)([], foreach=True, fused=True)


@LIBS
@pytest.mark.parametrize("name", ["Adam", "AdamW"])
@pytest.mark.parametrize("lr", [[0.1], [[0.1, 0.2]], [-1.0]], ids=["one_element", "two_elements", "negative"])
def test_tensor_lr_with_foreach_raises_value_error(L, name, lr):
    with pytest.raises(ValueError, match="lr as a Tensor is not supported for capturable=False and foreach=True"):
        getattr(L.optim, name)(_params(L), lr=L.tensor(lr[0]), foreach=True)


@LIBS
@pytest.mark.parametrize("name", ["Adam", "AdamW"])
def test_tensor_lr_with_foreach_and_capturable_is_accepted(L, name):
    opt = getattr(L.optim, name)(_params(L), lr=L.tensor(0.1), foreach=True, capturable=True)
    assert opt.param_groups[0]["capturable"] is True


CAPTURABLE = ["Adam", "AdamW", "Adamax", "NAdam", "RAdam", "ASGD", "Adadelta", "RMSprop", "Rprop"]


@LIBS
@pytest.mark.parametrize("name", CAPTURABLE)
def test_capturable_step_of_cpu_parameters_raises_torchs_assertion(L, name):
    opt = getattr(L.optim, name)(_params(L), capturable=True)
    with pytest.raises(AssertionError, match=r"If capturable=True, params.* must be on supported devices: \['cuda'"):
        _step(L, opt)


@LIBS
@pytest.mark.parametrize("name", CAPTURABLE + ["SGD", "Adagrad"])
def test_differentiable_step_of_a_leaf_requiring_grad_raises_torchs_in_place_error(L, name):
    opt = getattr(L.optim, name)(_params(L), differentiable=True)
    with pytest.raises(RuntimeError, match="a leaf Variable that requires grad is being used in an in-place operation"):
        _step(L, opt)


@LIBS
@pytest.mark.parametrize("name", FUSED + FOREACH_ONLY)
@pytest.mark.parametrize("foreach", [None, False])
def test_tensor_lr_without_foreach_steps(L, name, foreach):
    opt = getattr(L.optim, name)(_params(L), lr=L.tensor(0.01), foreach=foreach)
    _step(L, opt)


@LIBS
@pytest.mark.parametrize("name", FOREACH_ONLY + ["SGD", "Adagrad"])
def test_tensor_lr_with_foreach_is_accepted_where_torch_accepts_it(L, name):
    opt = getattr(L.optim, name)(_params(L), lr=L.tensor(0.01), foreach=True)
    _step(L, opt)


@LIBS
@pytest.mark.parametrize("name", ["Adam", "AdamW"])
def test_tensor_betas_with_foreach_raise_value_error(L, name):
    with pytest.raises(ValueError, match=r"betas\[0\] as a Tensor is not supported"):
        getattr(L.optim, name)(_params(L), betas=(L.tensor(0.9), L.tensor(0.999)), foreach=True)


@LIBS
@pytest.mark.parametrize("name", ["Adam", "AdamW"])
@pytest.mark.parametrize("betas", [(0, 0.999), (0.9, 0), "mixed"], ids=["int_first", "int_second", "tensor_and_float"])
def test_betas_neither_both_floats_nor_both_tensors_raise_value_error(L, name, betas):
    if betas == "mixed":
        betas = (L.tensor(0.9), 0.999)
    with pytest.raises(ValueError, match="betas must be either both floats or both Tensors"):
        getattr(L.optim, name)(_params(L), betas=betas)


@LIBS
@pytest.mark.parametrize("name", ["Adam", "AdamW"])
def test_tensor_betas_without_foreach_step(L, name):
    opt = getattr(L.optim, name)(_params(L), betas=(L.tensor(0.9), L.tensor(0.999)))
    _step(L, opt)


@LIBS
def test_adafactor_tensor_lr_of_two_elements_raises_value_error(L):
    with pytest.raises(ValueError, match="Tensor lr must be 1-element"):
        L.optim.Adafactor(_params(L), lr=L.tensor([0.1, 0.2]))


def _stepped_adam(L):
    opt = L.optim.Adam([L.nn.Parameter(L.ones(2)), L.nn.Parameter(L.ones(3))], lr=0.1)
    _step(L, opt)
    return opt


@LIBS
def test_optimizer_state_saved_and_loaded_keeps_int_keys_and_loads(L):
    buffer = io.BytesIO()
    L.save(_stepped_adam(L).state_dict(), buffer)
    buffer.seek(0)
    loaded = L.load(buffer)
    assert list(loaded["state"]) == [0, 1]
    fresh = L.optim.Adam([L.nn.Parameter(L.ones(2)), L.nn.Parameter(L.ones(3))], lr=0.1)
    fresh.load_state_dict(loaded)
    assert [float(s["step"]) for s in fresh.state.values()] == [1.0, 1.0]
    assert all(isinstance(p, L.Tensor) for p in fresh.state)


@LIBS
def test_load_state_dict_keeps_a_string_key_unmatched_to_any_parameter(L):
    saved = _stepped_adam(L).state_dict()
    saved = {"state": {str(k): v for k, v in saved["state"].items()}, "param_groups": saved["param_groups"]}
    fresh = L.optim.Adam([L.nn.Parameter(L.ones(2)), L.nn.Parameter(L.ones(3))], lr=0.1)
    fresh.load_state_dict(saved)
    assert list(fresh.state_dict()["state"]) == ["0", "1"]
    _step(L, fresh)  # (the parameters start from no state: their first step)
    assert float(fresh.state[fresh.param_groups[0]["params"][0]]["step"]) == 1.0
