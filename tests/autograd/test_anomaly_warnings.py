"""Anomaly mode's report of an error raised in backward, against PyTorch: the error itself, and
first a UserWarning naming the node with the traceback of its forward call (or saying there is
none, for a node recorded with the mode off)."""
import warnings

import pytest
import torch

import minigrad

LIBS = pytest.mark.parametrize("lib", [minigrad, torch], ids=["minigrad", "torch"])
HEADER = "Error detected in {}. Traceback of forward call that caused the error:\n"


def _sqrt_at_zero(x):
    return x.sqrt() * 0  # (0 * inf in SqrtBackward0: NaN)


def _backward_warnings(run):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        run()
    return [w for w in caught if str(w.message).startswith("Error detected")]


@LIBS
def test_a_nan_gradient_raises_and_first_warns_with_the_forward_traceback(lib):
    x = lib.tensor([0.0, 1.0], requires_grad=True)

    def run():
        with lib.autograd.detect_anomaly():
            y = _sqrt_at_zero(x)
            with pytest.raises(RuntimeError, match=r"^Function 'SqrtBackward0' returned nan values in its 0th output\.$"):
                y.sum().backward()
    warned, = _backward_warnings(run)
    assert warned.category is UserWarning
    message = str(warned.message)
    assert message.startswith(HEADER.format("SqrtBackward0"))
    assert "in _sqrt_at_zero\n    return x.sqrt() * 0" in message
    assert "minigrad" not in message.replace("test_anomaly_warnings", "")


@LIBS
def test_an_error_in_a_custom_backward_propagates_after_the_warning(lib):
    class Failing(lib.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            return x * 2

        @staticmethod
        def backward(ctx, g):
            raise ValueError("boom")
    x = lib.tensor([0.0, 1.0], requires_grad=True)

    def run():
        lib.autograd.set_detect_anomaly(True)
        try:
            y = Failing.apply(x).exp()
            with pytest.raises(ValueError, match="^boom$"):
                y.sum().backward()
        finally:
            lib.autograd.set_detect_anomaly(False)
    warned, = _backward_warnings(run)
    assert str(warned.message).startswith(HEADER.format("FailingBackward"))
    assert "y = Failing.apply(x).exp()" in str(warned.message)


@LIBS
def test_a_node_recorded_with_the_mode_off_has_no_forward_information(lib):
    x = lib.tensor([0.0, 1.0], requires_grad=True)
    y = _sqrt_at_zero(x).sum()

    def run():
        with lib.autograd.set_detect_anomaly(True), pytest.raises(RuntimeError):
            lib.autograd.grad(y, x)
    warned, = _backward_warnings(run)
    # (PyTorch's message ends with where in its C++ sources it was raised: minigrad has no such place)
    assert str(warned.message).startswith("Error detected in SqrtBackward0. No forward pass information available. "
                                          "Enable detect anomaly during forward pass for more information.")


@LIBS
def test_without_anomaly_mode_a_backward_error_gives_no_warning(lib):
    x = lib.tensor([0.0, 1.0], requires_grad=True)
    y = x.exp()
    y.register_hook(lambda g: 1 / 0)

    def run():
        with pytest.raises(ZeroDivisionError):
            y.sum().backward()
    assert _backward_warnings(run) == []
