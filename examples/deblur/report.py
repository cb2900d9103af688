"""Writing the results: the table (printed, CSV, JSON) and one figure per image x kernel."""
import csv
import json
import os

import numpy as np

COLUMNS = ("image", "kernel", "method", "psnr", "ssim", "kernel_error", "seconds", "backend")


def format_table(rows):
    """The rows as a fixed-width text table, then the mean PSNR / SSIM / kernel error of each method."""
    lines = [f"{'image':10s} {'kernel':13s} {'method':16s} {'PSNR':>6s} {'SSIM':>6s} {'k err':>6s} {'time s':>7s}"]
    for r in rows:
        kerr = "" if r["kernel_error"] is None else f"{r['kernel_error']:.3f}"
        lines.append(f"{r['image']:10s} {r['kernel']:13s} {r['method']:16s} {r['psnr']:6.2f} {r['ssim']:6.3f} "
                     f"{kerr:>6s} {r['seconds']:7.1f}")
    lines.append("")
    lines.append(f"{'mean over ' + str(len({(r['image'], r['kernel']) for r in rows})) + ' cases':41s} "
                 f"{'PSNR':>6s} {'SSIM':>6s} {'k err':>6s} {'time s':>7s}")
    for method in dict.fromkeys(r["method"] for r in rows):
        sel = [r for r in rows if r["method"] == method]
        kerrs = [r["kernel_error"] for r in sel if r["kernel_error"] is not None]
        kerr = f"{np.mean(kerrs):.3f}" if kerrs else ""
        lines.append(f"{method:41s} {np.mean([r['psnr'] for r in sel]):6.2f} {np.mean([r['ssim'] for r in sel]):6.3f} "
                     f"{kerr:>6s} {np.mean([r['seconds'] for r in sel]):7.1f}")
    return "\n".join(lines)


def write_tables(rows, out_dir):
    """``results.csv`` and ``results.json`` in ``out_dir``; returns their paths."""
    os.makedirs(out_dir, exist_ok=True)
    csv_path, json_path = os.path.join(out_dir, "results.csv"), os.path.join(out_dir, "results.json")
    with open(csv_path, "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=COLUMNS, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    with open(json_path, "w") as f:
        json.dump(rows, f, indent=1)
    return csv_path, json_path


def write_figure(path, sharp, blurred, true_kernel, estimates, scores):
    """sharp | blurred | each method's x_hat on top; below, the true kernel and each method's k_hat.

    ``estimates``: {method: (x_hat, k_hat or None for non-blind)}; ``scores``: {name: row} for titles.
    """
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    cols = 2 + len(estimates)
    fig, axes = plt.subplots(2, cols, figsize=(2.2 * cols, 4.6))
    panels = [("sharp", sharp, None), ("blurred", blurred, "blurred")]
    panels += [(m, x, m) for m, (x, _) in estimates.items()]
    for ax, (title, img, key) in zip(axes[0], panels):
        ax.imshow(np.clip(img, 0, 1), cmap="gray", vmin=0, vmax=1)
        if key is not None:
            title += f"\n{scores[key]['psnr']:.2f} dB  SSIM {scores[key]['ssim']:.3f}"
        ax.set_title(title, fontsize=8)
    axes[1, 0].set_visible(False)
    axes[1, 1].imshow(true_kernel, cmap="gray")
    axes[1, 1].set_title("true kernel", fontsize=8)
    for ax, (m, (_, k)) in zip(axes[1, 2:], estimates.items()):
        if k is None:
            ax.text(0.5, 0.5, "given the\ntrue kernel", ha="center", va="center", fontsize=8)
        else:
            ax.imshow(k, cmap="gray")
            ax.set_title(f"{m} k\nerror {scores[m]['kernel_error']:.3f}", fontsize=8)
    for ax in axes.ravel():
        ax.set_xticks([])
        ax.set_yticks([])
    fig.tight_layout()
    fig.savefig(path, dpi=90)
    plt.close(fig)
    return path
