"""Refresh docs/figures/ with the figures of full example runs: python docs/make_figures.py

Each example runs as a user runs it (``python examples/<name>.py --out DIR``);
the PNG files it writes are copied here, for the examples page of the site,
and so are the benchmark chart of the latest full run (benchmarks/results.png)
and the figure that the deblurring example's README shows (a full run of that
example takes hours: its README's figure comes from the measured results).
"""
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIGURES = os.path.join(ROOT, "docs", "figures")


def main():
    """Run every example into a temporary folder and copy its PNGs to docs/figures/."""
    scripts = sorted(p for p in glob.glob(os.path.join(ROOT, "examples", "*.py"))
                     if not os.path.basename(p).startswith("_"))
    os.makedirs(FIGURES, exist_ok=True)
    with tempfile.TemporaryDirectory() as out:
        for script in scripts:
            print(f"running {os.path.relpath(script, ROOT)}", flush=True)
            subprocess.run([sys.executable, script, "--out", out], check=True, cwd=ROOT,
                           stdout=subprocess.DEVNULL)
        for png in sorted(glob.glob(os.path.join(out, "*.png"))):
            shutil.copy(png, FIGURES)
            print(f"wrote {os.path.relpath(os.path.join(FIGURES, os.path.basename(png)), ROOT)}")
    # the latest full benchmark run's chart (python -m benchmarks --plot benchmarks/results.png)
    shutil.copy(os.path.join(ROOT, "benchmarks", "results.png"), os.path.join(FIGURES, "benchmarks.png"))
    print("wrote docs/figures/benchmarks.png")
    # the first figure examples/deblur/README.md shows, as docs/figures/deblur.png
    deblur = os.path.join(ROOT, "examples", "deblur")
    with open(os.path.join(deblur, "README.md"), encoding="utf-8") as f:
        shown = re.search(r"!\[[^\]]*\]\(([^)\s]+\.png)\)", f.read())
    shutil.copy(os.path.join(deblur, shown.group(1)), os.path.join(FIGURES, "deblur.png"))
    print(f"wrote docs/figures/deblur.png (from examples/deblur/{shown.group(1)})")


if __name__ == "__main__":
    main()
