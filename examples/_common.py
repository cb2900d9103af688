"""Shared bits of the examples: the command line, a non-interactive matplotlib, saving a figure
(and saying where it went), and a progress bar."""
import argparse
import inspect
import os


def run(main, doc):
    """Parse ``--fast`` / ``--out`` (and ``--compile`` for examples that train) and call ``main``."""
    parser = argparse.ArgumentParser(description=doc.strip().splitlines()[0])
    parser.add_argument("--fast", action="store_true", help="a quick run (the test suite's smoke test)")
    parser.add_argument("--out", default="out", help="folder for the figures")
    compiles = "compile" in inspect.signature(main).parameters
    if compiles:
        parser.add_argument("--compile", action="store_true",
                            help="compile the training steps (torch.compile): the same results, faster")
    args = parser.parse_args()
    if compiles:
        main(fast=args.fast, out_dir=args.out, compile=args.compile)
    else:
        main(fast=args.fast, out_dir=args.out)


def pyplot(out_dir):
    """matplotlib.pyplot on the Agg backend, with ``out_dir`` created."""
    os.makedirs(out_dir, exist_ok=True)
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    return plt


def save(fig, out_dir, name):
    """Write ``fig`` to ``out_dir/name``, close it, print the path and return it."""
    import matplotlib.pyplot as plt
    path = os.path.join(out_dir, name)
    fig.savefig(path)
    plt.close(fig)
    print(f"wrote {path}")
    return path


def progress(iterable, desc):
    """``iterable`` with a progress bar (tqdm's notebook-aware form), or as it is without tqdm."""
    try:
        from tqdm.auto import tqdm
    except ImportError:
        return iterable
    return tqdm(iterable, desc=desc, leave=False)
