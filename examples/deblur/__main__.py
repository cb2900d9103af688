"""Command line: ``python -m examples.deblur [--fast] [--image NAME] [--kernel NAME] [--method NAME]
[--backend minigrad|torch]``. Names may be repeated or given as a comma-separated list."""
import argparse

from .backend import BACKENDS
from .images import IMAGE_NAMES
from .kernels import KERNEL_NAMES
from .methods import METHOD_NAMES
from .run import main


def _names(values, allowed, what):
    names = [n for v in values or [] for n in v.split(",") if n]
    for n in names:
        if n not in allowed:
            raise SystemExit(f"unknown {what} {n!r}; choose from {', '.join(allowed)}")
    return names or None


def cli(argv=None):
    """Parse the arguments and run the experiment."""
    p = argparse.ArgumentParser(prog="python -m examples.deblur",
                                description="Blind image deconvolution: deep prior and MAP against classical methods.")
    p.add_argument("--fast", action="store_true", help="one small image x one kernel, few iterations (smoke test)")
    p.add_argument("--image", action="append", help=f"image(s): {', '.join(IMAGE_NAMES)} (default: all)")
    p.add_argument("--kernel", action="append", help=f"kernel(s): {', '.join(KERNEL_NAMES)} (default: all)")
    p.add_argument("--method", action="append", help=f"method(s): {', '.join(METHOD_NAMES)} (default: all)")
    p.add_argument("--backend", choices=BACKENDS, default="minigrad", help="tensor library (default: minigrad)")
    p.add_argument("--size", type=int, help="image side in pixels (default 128, 64 with --fast)")
    p.add_argument("--out", default="out", help="output folder (results go to OUT/deblur)")
    a = p.parse_args(argv)
    return main(fast=a.fast, out_dir=a.out, images=_names(a.image, IMAGE_NAMES, "image"),
                kernels=_names(a.kernel, KERNEL_NAMES, "kernel"), methods=_names(a.method, METHOD_NAMES, "method"),
                backend=a.backend, size=a.size)


if __name__ == "__main__":
    cli()
