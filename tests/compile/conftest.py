"""The strict CuPy stand-in (device "cuda" without a GPU) for the compile tests that run on a device."""
from backends.conftest import strict  # noqa: F401  (the fixture)
