"""autocast as minigrad has it: a no-op where disabled (as PyTorch disables CUDA autocast without
CUDA), NotImplementedError where it would cast, and PyTorch's argument errors."""
import pytest
import torch

import minigrad


def test_disabled_autocast_changes_nothing():
    x = minigrad.ones(2, 2)
    with minigrad.autocast("cpu", enabled=False):
        assert (x @ x).dtype == minigrad.float32
        assert not minigrad.is_autocast_enabled()


def test_cuda_autocast_without_cuda_warns_and_disables():
    with pytest.warns(UserWarning, match="Disabling autocast"):
        with minigrad.amp.autocast("cuda"):
            pass


def test_enabled_cpu_autocast_is_not_implemented():
    with pytest.raises(NotImplementedError, match="mixed-precision"):
        minigrad.autocast("cpu")


def test_autocast_decorates_a_function():
    @minigrad.autocast("cpu", enabled=False)
    def f(x):
        return x * 2
    assert f(minigrad.tensor(1.0)).item() == 2.0


def test_a_device_type_that_is_not_a_string_raises_value_error():
    with pytest.raises(ValueError, match="device_type"):
        minigrad.autocast(3)


def test_an_unknown_device_type_raises_runtime_error():
    with pytest.raises(RuntimeError, match="device type"):
        minigrad.autocast("foo", enabled=False)


def test_custom_fwd_and_bwd_leave_the_function_as_it_is():
    def f(ctx, x):
        return x
    assert minigrad.amp.custom_fwd(f, device_type="cpu") is f
    assert minigrad.amp.custom_fwd(device_type="cpu")(f) is f
    assert minigrad.amp.custom_bwd(f, device_type="cpu") is f


def test_cuda_amp_autocast_is_deprecated():
    with pytest.warns(FutureWarning, match="deprecated"):
        with minigrad.cuda.amp.autocast(enabled=False):
            pass


def test_cpu_amp_autocast_is_deprecated_and_off_when_disabled_as_pytorchs():
    for lib in (minigrad, torch):
        with pytest.warns(FutureWarning, match=r"torch\.cpu\.amp\.autocast\(args\.\.\.\)` is deprecated"):
            with lib.cpu.amp.autocast(enabled=False):
                assert lib.is_autocast_enabled("cpu") is False


def test_matmul_precision_round_trips():
    before = minigrad.get_float32_matmul_precision()
    minigrad.set_float32_matmul_precision("high")
    try:
        assert minigrad.get_float32_matmul_precision() == "high"
        with pytest.warns(UserWarning, match="no effect"):
            minigrad.set_float32_matmul_precision("low")
        assert minigrad.get_float32_matmul_precision() == "high"
    finally:
        minigrad.set_float32_matmul_precision(before)
