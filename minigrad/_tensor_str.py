"""The names of ``torch._tensor_str`` that programs reach for to read or save and restore the print
options: ``PRINT_OPTS`` (the live options ``set_printoptions`` changes), ``get_printoptions`` and
the ``printoptions`` context manager."""
import contextlib

from ._formatting import _options as PRINT_OPTS, set_printoptions

__all__ = ["PRINT_OPTS", "get_printoptions", "printoptions", "set_printoptions"]


def get_printoptions():
    """The current print options, as a dict of ``set_printoptions``'s keywords (no ``profile``)."""
    return {"precision": PRINT_OPTS.precision, "threshold": PRINT_OPTS.threshold, "edgeitems": PRINT_OPTS.edgeitems,
            "linewidth": PRINT_OPTS.linewidth, "sci_mode": PRINT_OPTS.sci_mode}


@contextlib.contextmanager
def printoptions(**kwargs):
    """``set_printoptions(**kwargs)`` for the ``with`` block; the options before it come back after."""
    old = get_printoptions()
    set_printoptions(**kwargs)
    try:
        yield
    finally:
        set_printoptions(**old)
