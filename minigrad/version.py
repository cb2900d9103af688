"""``minigrad.version``: what ``torch.version`` tells a program about the build. minigrad is
pure Python: no CUDA or ROCm toolkit is compiled in (CUDA comes from CuPy at run time)."""
__version__ = "0.1.0"
git_version = "unknown"
debug = False
cuda = None
hip = None
rocm = None
xpu = None
