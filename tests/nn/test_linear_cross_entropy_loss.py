"""``nn.LinearCrossEntropyLoss`` and ``nn.LinearCrossEntropyOptions`` against PyTorch's: the module's
layer and parameters, its loss and gradients over every constructor argument, its repr and errors."""
import numpy as np
import pytest
import torch
from hypothesis import given, strategies as st

import minigrad
from tests.parity import strategies as S


def _pair(in_features, classes, class_weight=None, **kwargs):
    theirs = torch.nn.LinearCrossEntropyLoss(in_features, classes, dtype=torch.float64, **kwargs, weight=(
        None if class_weight is None else torch.tensor(class_weight)))
    ours = minigrad.nn.LinearCrossEntropyLoss(in_features, classes, dtype=minigrad.float64, **kwargs, weight=(
        None if class_weight is None else minigrad.tensor(class_weight)))
    ours.load_state_dict({k: minigrad.tensor(v.detach().numpy()) for k, v in theirs.state_dict().items()})
    return ours, theirs


@given(data=st.data(), seed=S.seeds)
def test_loss_and_gradients_match_pytorch(data, seed):
    batches = data.draw(st.sampled_from([(), (3,)]))
    out_features = () if not batches else data.draw(st.sampled_from([(), (2,), (2, 2)]))
    classes, in_features = data.draw(st.integers(1, 4)), data.draw(st.integers(1, 3))
    options = dict(out_features=out_features, bias=data.draw(st.booleans()),
                   reduction=data.draw(st.sampled_from(["mean", "sum", "none"])),
                   label_smoothing=data.draw(st.sampled_from([0.0, 0.3])))
    rng = np.random.default_rng(seed)
    if data.draw(st.booleans()):
        options["class_weight"] = rng.uniform(0.5, 2, classes)
    if data.draw(st.booleans()):
        target = rng.integers(0, classes, batches + out_features)
        options["ignore_index"] = data.draw(st.sampled_from([None, 0]))
    else:
        p = rng.random(batches + (classes,) + out_features)
        target = p / p.sum(len(batches), keepdims=True)
    x = rng.standard_normal(batches + (in_features,))
    ours, theirs = _pair(in_features, classes, **options)
    xo, xt = minigrad.tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
    lo, lt = ours(xo, minigrad.tensor(target)), theirs(xt, torch.tensor(target))
    np.testing.assert_allclose(lo.detach().numpy(), lt.detach().numpy(), rtol=1e-7, atol=1e-12)
    lo.sum().backward()
    lt.sum().backward()
    np.testing.assert_allclose(xo.grad.numpy(), xt.grad.numpy(), rtol=1e-7, atol=1e-12)
    assert len(list(ours.parameters())) == len(list(theirs.parameters()))
    for (name, po), pt in zip(ours.named_parameters(), theirs.parameters()):
        np.testing.assert_allclose(po.grad.numpy(), pt.grad.numpy(), rtol=1e-7, atol=1e-12, err_msg=name)


def test_the_layer_stores_a_flat_weight_of_classes_times_out_features_rows():
    ours = minigrad.nn.LinearCrossEntropyLoss(5, 10, out_features=(4, 3), bias=True)
    theirs = torch.nn.LinearCrossEntropyLoss(5, 10, out_features=(4, 3), bias=True)
    assert {k: tuple(v.shape) for k, v in ours.state_dict().items()} == \
        {k: tuple(v.shape) for k, v in theirs.state_dict().items()}


def test_repr_matches_pytorch():
    kwargs = dict(out_features=(2,), bias=True, reduction="sum", ignore_index=3, label_smoothing=0.1)
    assert repr(minigrad.nn.LinearCrossEntropyLoss(4, 6, **kwargs)) == repr(torch.nn.LinearCrossEntropyLoss(4, 6, **kwargs))


def test_options_are_accepted_and_give_the_reference_values():
    ours, theirs = _pair(3, 4, options=None)
    ours.options = minigrad.nn.LinearCrossEntropyOptions(batch_chunk_size=2)
    x, t = np.random.default_rng(0).standard_normal((5, 3)), np.arange(5) % 4
    expected = theirs(torch.tensor(x), torch.tensor(t)).item()
    assert ours(minigrad.tensor(x), minigrad.tensor(t)).item() == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize("kwargs", [dict(weight=[1.0, 2.0]), dict(label_smoothing=1.5),
                                    dict(label_smoothing=-0.1)])
def test_bad_class_weight_or_smoothing_raise_runtime_error_as_pytorch(kwargs):
    for lib in (minigrad, torch):
        if "weight" in kwargs:
            kwargs = dict(weight=lib.tensor(kwargs["weight"]))
        with pytest.raises(RuntimeError):
            lib.nn.LinearCrossEntropyLoss(3, 4, **kwargs)


def test_options_are_a_frozen_record_with_pytorchs_fields_and_defaults():
    ours, theirs = minigrad.nn.LinearCrossEntropyOptions(), torch.nn.LinearCrossEntropyOptions()
    assert repr(ours) == repr(theirs)
    with pytest.raises(AttributeError):
        ours.acc_policy = "compact"


@pytest.mark.parametrize("kwargs", [dict(acc_policy="fast"), dict(chunking_method="aspect_ratio:0"),
                                    dict(chunking_method="rows"), dict(batch_chunk_size=0),
                                    dict(acc_dtype="int64")])
def test_bad_options_raise_value_error_as_pytorch(kwargs):
    for lib in (minigrad, torch):
        if kwargs.get("acc_dtype") == "int64":
            kwargs = dict(acc_dtype=lib.int64)
        with pytest.raises(ValueError):
            lib.nn.LinearCrossEntropyOptions(**kwargs)
