"""Process-wide settings PyTorch programs make: intra-op threads and the float32 matmul
precision. Both are recorded and answered back; neither changes minigrad's arithmetic."""
import builtins as _builtins
import os as _os
import warnings as _warnings
from numbers import Integral as _Integral

_threads = [_os.cpu_count() or 1]


def set_num_threads(int):
    """Record the number of threads for intra-op parallelism, as ``torch.set_num_threads``. A
    harmless setting so that course code runs: NumPy's BLAS chooses its own threads (set
    ``OMP_NUM_THREADS`` before starting Python to limit them)."""
    if not isinstance(int, _Integral) or isinstance(int, _builtins.bool) or int <= 0:
        raise RuntimeError("set_num_threads expects a positive integer")
    _threads[0] = int


def get_num_threads():
    """The number last given to ``set_num_threads`` (the number of CPUs before)."""
    return _threads[0]


_matmul_precision = ["highest"]


def set_float32_matmul_precision(precision):
    """Record the float32 matmul precision, as ``torch.set_float32_matmul_precision``: a harmless
    setting (NumPy multiplies float32 at full precision, which is PyTorch's "highest")."""
    if not isinstance(precision, str):
        raise RuntimeError(f"set_float32_matmul_precision expects a str, but got {type(precision).__name__}")
    if precision not in ("highest", "high", "medium"):
        _warnings.warn(f"{precision} is not one of 'highest', 'high', or 'medium'; the current"
                      "setFloat32MatmulPrecision call has no effect.", UserWarning, stacklevel=2)
        return
    _matmul_precision[0] = precision


def get_float32_matmul_precision():
    """The precision last given to ``set_float32_matmul_precision`` ("highest" before)."""
    return _matmul_precision[0]


_interop_threads = [_os.cpu_count() or 1]


def set_num_interop_threads(int):
    """Record the number of threads for inter-op parallelism, as ``torch.set_num_interop_threads``
    (minigrad runs one op at a time: a harmless setting)."""
    if not isinstance(int, _Integral) or isinstance(int, _builtins.bool):
        raise RuntimeError(f"set_num_interop_threads expects an int, but got {type(int).__name__}")
    if int <= 0:
        raise RuntimeError("set_num_interop_threads expects a positive integer")
    _interop_threads[0] = int


def get_num_interop_threads():
    """The number last given to ``set_num_interop_threads`` (the number of CPUs before)."""
    return _interop_threads[0]
