"""Device strings as PyTorch's parser reads them, on minigrad and on PyTorch: a string that is not
letters (or _) with an optional ``:index`` is an "Invalid device string", an empty one has its own
message, and a well-formed name of no known device lists the types."""
import pytest
import torch

import minigrad

LIBS = pytest.mark.parametrize("lib", [minigrad, torch], ids=["minigrad", "torch"])
MALFORMED = ["float64", "cuda:x", "cpu:0:1", "cpu:-1", "cuda:", " cpu", "cuda:01", "cpu:+1", "cpu0"]


@LIBS
@pytest.mark.parametrize("text", MALFORMED)
def test_a_malformed_device_string_is_an_invalid_device_string(lib, text):
    with pytest.raises(RuntimeError, match="Invalid device string"):
        lib.device(text)


@LIBS
@pytest.mark.parametrize("text", ["float64", " cpu"])
def test_to_a_malformed_device_string_is_an_invalid_device_string(lib, text):
    with pytest.raises(RuntimeError, match="Invalid device string"):
        lib.ones(2).to(text)


@LIBS
def test_an_empty_device_string_is_refused(lib):
    with pytest.raises(RuntimeError, match="Device string must not be empty"):
        lib.device("")


@LIBS
@pytest.mark.parametrize("text", ["gpu", "CPU", "cpu_"])
def test_a_well_formed_unknown_device_type_lists_the_types(lib, text):
    with pytest.raises(RuntimeError, match="Expected one of .* device type at start of device string"):
        lib.device(text)
