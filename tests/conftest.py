"""Shared test settings: hypothesis profiles and backend parametrisation.

HYPOTHESIS_PROFILE=ci (used by .ci/run) runs enough examples to find bugs;
the default ``dev`` profile is quick for local iteration.
"""
import os

from hypothesis import HealthCheck, settings

settings.register_profile("ci", max_examples=60, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.register_profile("dev", max_examples=15, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))
