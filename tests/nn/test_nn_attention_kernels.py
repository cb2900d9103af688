"""``nn.attention.sdpa_kernel`` and ``nn.parallel``: the kernel choice PyTorch's CPU build
honours (math and flash run; the others alone raise), and the one-process parallel wrappers."""
import pytest
import torch
import torch.nn.attention
import torch.nn.parallel

import minigrad
import minigrad.nn.attention

LIBS = pytest.mark.parametrize("lib", [minigrad, torch], ids=["minigrad", "torch"])


def _attend(lib):
    q = lib.ones(1, 2, 3, 4)
    return lib.nn.functional.scaled_dot_product_attention(q, q, q)


@LIBS
@pytest.mark.parametrize("choice", ["MATH", "FLASH_ATTENTION", ["EFFICIENT_ATTENTION", "MATH"]])
def test_a_choice_with_a_cpu_kernel_computes_attention(lib, choice):
    B = lib.nn.attention.SDPBackend
    backends = [getattr(B, c) for c in choice] if isinstance(choice, list) else getattr(B, choice)
    with lib.nn.attention.sdpa_kernel(backends):
        assert tuple(_attend(lib).shape) == (1, 2, 3, 4)


@LIBS
@pytest.mark.parametrize("choice", ["EFFICIENT_ATTENTION", "CUDNN_ATTENTION"])
def test_a_choice_without_a_cpu_kernel_raises_runtime_error(lib, choice):
    with lib.nn.attention.sdpa_kernel(getattr(lib.nn.attention.SDPBackend, choice)):
        with pytest.raises(RuntimeError, match="No viable backend"):
            _attend(lib)
    assert tuple(_attend(lib).shape) == (1, 2, 3, 4)


@LIBS
def test_the_choice_is_the_cuda_backend_flags_and_is_restored(lib):
    with lib.nn.attention.sdpa_kernel(lib.nn.attention.SDPBackend.FLASH_ATTENTION):
        assert not lib.backends.cuda.math_sdp_enabled() and lib.backends.cuda.flash_sdp_enabled()
    assert lib.backends.cuda.math_sdp_enabled()


@LIBS
def test_a_backend_name_as_a_string_is_refused(lib):
    with pytest.raises(AssertionError, match="Backend must be an instance of SDPBackend"):
        with lib.nn.attention.sdpa_kernel("math"):
            pass


@LIBS
def test_data_parallel_function_without_a_gpu_raises_runtime_error(lib):
    with pytest.raises(RuntimeError, match="device type could not be determined"):
        lib.nn.parallel.data_parallel(lib.nn.Linear(2, 1), lib.ones(3, 2))


@LIBS
def test_distributed_data_parallel_without_a_process_group_raises_value_error(lib):
    with pytest.raises(ValueError, match="Default process group has not been initialized"):
        lib.nn.parallel.DistributedDataParallel(lib.nn.Linear(2, 1))


@LIBS
@pytest.mark.parametrize("argument, value, expected", [("is_causal", "yes", "bool, not str"),
                                                       ("is_causal", 1, "bool, not int"),
                                                       ("enable_gqa", "yes", "bool, not str"),
                                                       ("dropout_p", "a", "float, not str"),
                                                       ("scale", "a", "float, not str")])
def test_attention_with_an_argument_of_the_wrong_type_is_torchs_type_error(lib, argument, value, expected):
    q = lib.ones(1, 2, 3)
    with pytest.raises(TypeError, match=f"scaled_dot_product_attention\\(\\): argument '{argument}' must be "
                                        f"{expected}"):
        lib.nn.functional.scaled_dot_product_attention(q, q, q, **{argument: value})
