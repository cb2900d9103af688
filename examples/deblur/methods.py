"""The methods compared, each a function of the observation y that returns (x_hat, k_hat).

Every method gets y (H x W) and the kernel's size; the non-blind ones also get
the true kernel. x_hat is on y's grid (H x W), k_hat is K x K. The settings per
method are in ``SETTINGS`` (the full run) and ``FAST`` (the smoke test).
"""
from . import classical, deep_prior, variational

BLIND = {"map": True, "deep_prior": True, "deep_prior+tv": True,
         "richardson_lucy": False, "wiener": False, "tv": False}
METHOD_NAMES = ("richardson_lucy", "wiener", "tv", "map", "deep_prior")
# A row added after the deep prior's: its kernel k_hat handed to the non-blind TV method
# (what the MAP method does with its own k_hat), to tell the kernel's quality from the image's.
REFINED = {"deep_prior": "deep_prior+tv"}

SETTINGS = {
    "richardson_lucy": dict(iterations=classical.RL_ITERATIONS),
    "wiener": dict(balance=classical.WIENER_BALANCE),
    "tv": dict(iterations=300),
    "map": dict(levels=4, iterations=300, lam=(3e-3, 1e-3), final_tv=300),
    "deep_prior": dict(deep_prior.CONFIG),
}
FAST = {
    "richardson_lucy": dict(iterations=classical.RL_ITERATIONS),
    "wiener": dict(balance=classical.WIENER_BALANCE),
    "tv": dict(iterations=100),
    "map": dict(levels=2, iterations=60, final_tv=100),
    "deep_prior": dict(iterations=120, channels=(16, 16, 16), skip=(4, 4, 4), kernel_hidden=200, lr_k=1e-3),
}


def refine(y, k_hat, *, torch, settings, show=True):
    """x_hat from the non-blind TV method given a blind method's ``k_hat``, cleaned first (faint entries cut,
    centred: ``variational.cleaned_kernel``, as MAP does with its own); returns ((x_hat, k_hat), losses)."""
    k_hat, _ = variational.cleaned_kernel(k_hat)
    (x_hat, _), losses = variational.tv_deconvolution(y, k_hat, torch=torch, show=show, **settings["tv"])
    return (x_hat, k_hat), losses


def run_method(name, y, kernel, *, torch, settings, seed=0, show=True):
    """Run method ``name`` on y; returns ((x_hat, k_hat), losses). ``kernel`` is used by non-blind methods
    and, for blind ones, only for its size."""
    if name == "richardson_lucy":
        return classical.richardson_lucy(y, kernel, **settings), []
    if name == "wiener":
        return classical.wiener(y, kernel, **settings), []
    if name == "tv":
        return variational.tv_deconvolution(y, kernel, torch=torch, show=show, **settings)
    if name == "map":
        return variational.blind_map(y, kernel.shape[0], torch=torch, show=show, **settings)
    if name == "deep_prior":
        return deep_prior.deep_prior(y, kernel.shape[0], torch=torch, seed=seed, show=show, **settings)
    raise ValueError(f"unknown method {name!r}; choose from {METHOD_NAMES}")
