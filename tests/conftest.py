"""Shared test settings: hypothesis profiles and backend parametrisation.

HYPOTHESIS_PROFILE=ci (used by .ci/run) runs enough examples to find bugs, and
the same ones every run (derandomized), so CI is reproducible; the default
``dev`` profile is quick and draws new examples each run, to keep exploring.
"""
import os
import sys

import pytest

from hypothesis import HealthCheck, settings

settings.register_profile("ci", max_examples=100, deadline=None, derandomize=True, database=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.register_profile("dev", max_examples=15, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))

if os.environ.get("PYTEST_XDIST_WORKER"):
    # Under pytest-xdist each worker is one process per core: one BLAS and one PyTorch thread each,
    # so that the workers do not contend for the same cores with thread pools that spin.
    from threadpoolctl import threadpool_limits
    import torch

    threadpool_limits(1)
    torch.set_num_threads(1)


@pytest.fixture(autouse=True)
def _plain_public_names():
    """After each test, the public names as they are without Tensor subclasses: the first subclass
    that dispatches rebinds them for the rest of the process (``minigrad.overrides``), which would
    otherwise change how every later test in that process runs."""
    yield
    overrides = sys.modules.get("minigrad.overrides")
    if overrides is not None and overrides._installed:
        overrides._restore()


@pytest.fixture(autouse=True)
def _pytorch_distribution_checks_as_they_were():
    """After each test, PyTorch's default for checking distribution arguments as before it: the first
    ``torch.compile`` of a process turns the checks off for good (dynamo's patching of torch), which
    would otherwise make every later distributions test in that process compare against unchecked
    PyTorch."""
    distributions = sys.modules.get("torch.distributions")
    before = None if distributions is None else distributions.Distribution._validate_args
    yield
    if before is not None:
        distributions.Distribution._validate_args = before

