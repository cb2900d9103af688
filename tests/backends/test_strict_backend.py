"""The core on a CuPy-like device, without a GPU.

The strict backend (strict_backend.py) serves device "cuda" with arrays that
refuse implicit conversion to NumPy, so a stray ``np.asarray``, ``bool(array)``
or host round trip inside minigrad fails here as it would on CuPy. Every op
case runs forward and backward on that device and must equal the NumPy
backend's result, with outputs and gradients kept on the device.
"""
import numpy as np
import pytest

import minigrad

from . import cases
from .strict_backend import StrictArray


@pytest.mark.parametrize("fn,inputs", [pytest.param(f, i, id=n) for n, f, i in cases.ALL])
def test_op_matches_numpy_backend_and_stays_on_device(strict, fn, inputs):
    expected = cases.run_case(fn, inputs, "cpu", np.ndarray)
    actual = cases.run_case(fn, inputs, "cuda", StrictArray)
    cases.assert_same(actual[0], expected[0], "outputs")
    cases.assert_same(actual[1], expected[1], "grads")
