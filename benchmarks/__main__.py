"""Command line: run benchmarks, print a table with ratios, write JSON and a bar chart."""
import argparse
import importlib
import json
import platform
import sys

from . import NAMES
from .harness import pin_threads


#: printed above and below a --quick table, and kept in its JSON and chart
QUICK_NOTE = ("QUICK SMOKE RUN (--quick): tiny sizes and few repeats, only to check that every benchmark "
              "runs. These figures are NOT comparable with a full run's (README, benchmarks/RESULTS.md); "
              "run without --quick to measure.")


def ratios(rows):
    """Per case, each implementation's speed relative to PyTorch (>1: faster than PyTorch)."""
    by_case = {}
    for r in rows:
        by_case.setdefault((r["benchmark"], r["case"]), {})[r["impl"]] = r
    out = []
    for (bench, case), impls in by_case.items():
        base = impls.get("torch")
        for impl, r in impls.items():
            ratio = None
            if base is not None and impl != "torch" and r["unit"] == base["unit"]:
                rate = r["unit"].endswith("/s")
                ratio = r["value"] / base["value"] if rate else base["value"] / r["value"]
            out.append(dict(r, vs_torch=ratio))
    return out


def table(rows):
    """The report as text."""
    lines = [f"{'benchmark':<14}{'case':<62}{'impl':<10}{'value':>14}  {'unit':<10}{'vs torch':>9}"]
    for r in rows:
        ratio = "" if r["vs_torch"] is None else f"{r['vs_torch']:.2f}x"
        lines.append(f"{r['benchmark']:<14}{r['case'][:61]:<62}{r['impl']:<10}{r['value']:>14.4g}  "
                     f"{r['unit']:<10}{ratio:>9}")
    return "\n".join(lines)


def plot(rows, path, title=None):
    """A bar chart of the speed ratios against PyTorch."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    shown = [r for r in rows if r["vs_torch"] is not None]
    fig, ax = plt.subplots(figsize=(10, 0.35 * len(shown) + 1.5))
    labels = [f"{r['impl']}: {r['case'][:55]}" for r in shown]
    ax.barh(labels, [r["vs_torch"] for r in shown])
    ax.axvline(1.0, color="k", lw=1)
    ax.set_xscale("log")
    ax.set_xlabel("speed relative to PyTorch (>1 is faster)")
    ax.invert_yaxis()
    if title:
        ax.set_title(title, fontsize=9, wrap=True)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def main(argv=None):
    """Run the named benchmarks (all by default)."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("names", nargs="*", metavar="NAME",
                        help=f"which to run: {', '.join(NAMES)} (default: all)")
    parser.add_argument("--quick", action="store_true", help="tiny sizes and few repeats (a smoke test)")
    parser.add_argument("--json", metavar="PATH", help="write the results as JSON")
    parser.add_argument("--plot", metavar="PATH", help="write a bar chart of the ratios (PNG)")
    parser.add_argument("--threads", type=int, default=None, help="BLAS/PyTorch threads (default: 1, or $BENCH_THREADS)")
    args = parser.parse_args(argv)
    unknown = [n for n in args.names if n not in NAMES]
    if unknown:
        parser.error(f"unknown benchmark(s) {', '.join(unknown)}; choose from {', '.join(NAMES)}")
    threads = pin_threads(args.threads)
    rows = []
    for name in args.names or NAMES:
        rows += importlib.import_module(f"benchmarks.{name}").run(quick=args.quick)
    rows = ratios(rows)
    import numpy
    import torch
    header = (f"minigrad benchmarks on {platform.machine()} ({platform.processor() or 'cpu'}), {threads} threads "
              f"for NumPy and PyTorch; Python {platform.python_version()}, NumPy {numpy.__version__}, "
              f"PyTorch {torch.__version__}{' (quick)' if args.quick else ''}")
    note = QUICK_NOTE if args.quick else None
    print(header)
    if note:
        print(note)
    print(table(rows))
    if note:
        print(note)
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"header": header, "threads": threads, "quick": args.quick, "note": note, "results": rows},
                      f, indent=1)
        print(f"wrote {args.json}")
    if args.plot:
        plot(rows, args.plot, title=note)
        print(f"wrote {args.plot}")
    return rows


if __name__ == "__main__":
    main(sys.argv[1:])
