"""What programs ask about the machine and the build (accelerators, versions, backend flags,
the default device) gets PyTorch's answers on a machine without an accelerator."""
import pytest
import torch

import minigrad

LIBS = pytest.mark.parametrize("lib", [minigrad, torch], ids=["minigrad", "torch"])


@LIBS
def test_the_tutorials_device_choice_through_torch_accelerator_picks_the_cpu(lib):
    device = lib.accelerator.current_accelerator().type if lib.accelerator.is_available() else "cpu"
    assert device == "cpu"
    assert lib.accelerator.current_accelerator() is None
    assert lib.accelerator.device_count() == 0


@LIBS
def test_accelerator_calls_that_need_a_device_raise_runtime_error(lib):
    for call in (lib.accelerator.current_device_index, lib.accelerator.synchronize, lib.accelerator.empty_cache):
        with pytest.raises(RuntimeError, match="none is available"):
            call()


@LIBS
def test_mps_and_xpu_are_unavailable_and_their_seeding_is_ignored(lib):
    assert lib.mps.device_count() == 0 and lib.xpu.is_available() is False and lib.xpu.device_count() == 0
    assert lib.mps.manual_seed(0) is None and lib.xpu.manual_seed(0) is None
    with pytest.raises(RuntimeError):
        lib.mps.synchronize()


@LIBS
def test_a_cpu_tensor_is_no_instance_of_the_cuda_legacy_types(lib):
    x = lib.ones(2)
    assert isinstance(x, lib.FloatTensor) and not isinstance(x, lib.cuda.FloatTensor)
    assert not isinstance(x.long(), lib.cuda.LongTensor) and lib.cuda.DoubleTensor.__name__ == "DoubleTensor"


@LIBS
def test_a_cuda_legacy_constructor_without_cuda_raises_type_error(lib):
    if lib.cuda.is_available():
        pytest.skip("a CUDA device is present")
    with pytest.raises(TypeError, match=r"^type torch\.cuda\.FloatTensor not available\. Torch not compiled with CUDA"):
        lib.cuda.FloatTensor([1.0])


@LIBS
def test_torch_version_names_no_cuda_toolkit(lib):
    assert lib.version.cuda is None and lib.version.hip is None
    assert isinstance(lib.version.__version__, str)


@LIBS
def test_version_gates_written_for_pytorch_2_take_the_new_path(lib):
    version = lib.__version__
    assert isinstance(version, str) and version.startswith("2.13.0+")
    assert version >= "2.0" and version >= (1, 13) and version > (2, 13) and version < "2.14"
    assert version != (2, 13, 0) and int(version.split(".")[1]) == 13


def test_the_version_carries_minigrads_own_as_its_local_label():
    import tomllib
    from pathlib import Path
    project = tomllib.loads((Path(__file__).parents[1] / "pyproject.toml").read_text())["project"]
    assert minigrad.__version__ == f"2.13.0+minigrad.{project['version']}" == minigrad.version.__version__


@LIBS
def test_cuda_matmul_allow_tf32_is_the_float32_matmul_precision(lib):
    try:
        assert lib.backends.cuda.matmul.allow_tf32 is False
        lib.backends.cuda.matmul.allow_tf32 = True
        assert lib.get_float32_matmul_precision() == "high"
        lib.set_float32_matmul_precision("highest")
        assert lib.backends.cuda.matmul.allow_tf32 is False
    finally:
        lib.set_float32_matmul_precision("highest")


@LIBS
def test_an_unknown_cuda_matmul_setting_raises_attribute_error(lib):
    with pytest.raises(AttributeError, match="Unknown attribute"):
        lib.backends.cuda.matmul.no_such_flag = True


@LIBS
def test_cudnn_and_attention_kernel_flags_are_recorded(lib):
    assert lib.backends.cudnn.allow_tf32 is True and lib.backends.cudnn.version() is None
    try:
        lib.backends.cuda.enable_flash_sdp(False)
        assert lib.backends.cuda.flash_sdp_enabled() is False and lib.backends.cuda.math_sdp_enabled() is True
    finally:
        lib.backends.cuda.enable_flash_sdp(True)


@LIBS
def test_nanogpts_dtype_choice_finds_no_bfloat16_support(lib):
    # nanoGPT: 'bfloat16' if torch.cuda.is_available() and torch.cuda.is_bf16_supported() else 'float16'
    assert lib.cuda.is_bf16_supported() is False and lib.cuda.is_bf16_supported(including_emulation=False) is False
    assert lib.cuda.is_tf32_supported() is False


@LIBS
def test_peak_cuda_memory_is_zero_without_cuda(lib):
    assert lib.cuda.max_memory_allocated() == 0 and lib.cuda.max_memory_reserved() == 0


@LIBS
def test_set_default_device_cpu_keeps_factories_on_the_cpu(lib):
    try:
        lib.set_default_device("cpu")
        assert lib.get_default_device() == lib.device("cpu") and lib.zeros(2).device.type == "cpu"
    finally:
        lib.set_default_device(None)
    assert lib.get_default_device().type == "cpu"


def test_a_default_device_without_its_backend_fails_at_creation_not_when_set():
    try:
        minigrad.set_default_device("cuda")
        from minigrad.backends import cupy_backend
        # PyTorch's CPU build raises AssertionError here; with CuPy but no device, RuntimeError
        with pytest.raises(AssertionError if cupy_backend.cp is None else RuntimeError, match="not available"):
            minigrad.zeros(2)
    finally:
        minigrad.set_default_device(None)
    assert minigrad.zeros(1).device.type == "cpu"


@LIBS
def test_the_default_cuda_device_without_an_index_is_the_current_one(lib):
    try:
        lib.set_default_device("cuda")
        if lib.cuda.is_available():
            assert lib.get_default_device() == lib.device("cuda", lib.cuda.current_device())
        else:  # (PyTorch's CPU build: the current CUDA device cannot be asked)
            with pytest.raises(AssertionError):
                lib.get_default_device()
        lib.set_default_device("cuda:1")
        assert repr(lib.get_default_device()) == "device(type='cuda', index=1)"
    finally:
        lib.set_default_device(None)


@LIBS
def test_a_device_block_sets_the_default_device_and_restores_it(lib):
    with lib.device("cpu") as dev:
        assert lib.get_default_device() == dev and lib.ones(1).device == dev
    assert lib.get_default_device().type == "cpu"


def test_default_generator_is_the_generator_manual_seed_seeds():
    minigrad.manual_seed(3)
    a = minigrad.rand(3)
    minigrad.default_generator.manual_seed(3)
    assert minigrad.equal(minigrad.rand(3), a)
