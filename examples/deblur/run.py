"""The experiment: every chosen method on every chosen image x kernel, scored, tabulated and drawn."""
import os
import time

from . import backend as backends
from .images import IMAGE_NAMES, observe, sharp_image
from .kernels import KERNEL_NAMES, kernel_bank
from .methods import BLIND, FAST, METHOD_NAMES, REFINED, SETTINGS, refine, run_method
from .metrics import image_scores, kernel_error
from .report import format_table, write_figure, write_tables

FULL_SIZE, FAST_SIZE = 128, 64
FAST_CASE = ("camera", "motion9_20")


def main(fast=False, out_dir="out", images=None, kernels=None, methods=None, backend="minigrad", size=None,
         show=True):
    """Run the table; returns {"rows", "csv", "json", "figures", "losses"} (paths are printed too).

    ``images``/``kernels``/``methods``: lists of names (all of them by default;
    ``fast`` defaults to one image x one kernel at 64 x 64 with few iterations).
    """
    torch = backends.load(backend)
    images = images or ([FAST_CASE[0]] if fast else list(IMAGE_NAMES))
    kernels = kernels or ([FAST_CASE[1]] if fast else list(KERNEL_NAMES))
    methods = methods or list(METHOD_NAMES)
    size = size or (FAST_SIZE if fast else FULL_SIZE)
    settings = FAST if fast else SETTINGS
    bank = kernel_bank()
    out_dir = os.path.join(out_dir, "deblur")
    os.makedirs(out_dir, exist_ok=True)
    rows, figures, losses = [], [], {}
    for image in images:
        scene = sharp_image(image, size)
        for kernel_name in kernels:
            kernel = bank[kernel_name]
            # the noise and the deep prior's weights are seeded by the case, whatever else is run
            seed = 1000 * IMAGE_NAMES.index(image) + KERNEL_NAMES.index(kernel_name)
            y, truth = observe(scene, kernel, size, seed=seed)
            case = {"image": image, "kernel": kernel_name, "backend": backend}
            scores = {"blurred": {**case, "method": "blurred", **image_scores(y, truth),
                                  "kernel_error": None, "seconds": 0.0}}
            estimates = {}

            def record(method, x_hat, k_hat, seconds, loss_history):
                blind = BLIND[method]
                scores[method] = {**case, "method": method, **image_scores(x_hat, truth),
                                  "kernel_error": kernel_error(k_hat, kernel) if blind else None, "seconds": seconds}
                estimates[method] = (x_hat, k_hat if blind else None)
                losses[(image, kernel_name, method)] = loss_history
                if show:
                    print(f"{image} {kernel_name} {method}: PSNR {scores[method]['psnr']:.2f} dB (blurred "
                          f"{scores['blurred']['psnr']:.2f}), {seconds:.1f} s", flush=True)

            for method in methods:
                start = time.perf_counter()
                (x_hat, k_hat), loss_history = run_method(method, y, kernel, torch=torch, settings=settings[method],
                                                          seed=seed, show=show)
                record(method, x_hat, k_hat, time.perf_counter() - start, loss_history)
                if method in REFINED:   # its k_hat handed to TV; timed from the start of the blind method
                    (x_hat, k_hat), loss_history = refine(y, k_hat, torch=torch, settings=settings, show=show)
                    record(REFINED[method], x_hat, k_hat, time.perf_counter() - start, loss_history)
            rows.extend(scores.values())
            figures.append(write_figure(os.path.join(out_dir, f"{image}_{kernel_name}.png"),
                                        truth, y, kernel, estimates, scores))
    csv_path, json_path = write_tables(rows, out_dir)
    print(format_table(rows))
    print(f"results: {csv_path}, {json_path}")
    print("figures: " + ", ".join(figures))
    return {"rows": rows, "csv": csv_path, "json": json_path, "figures": figures, "losses": losses}
