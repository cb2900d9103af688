"""A linear neuron as a matrix product: Dulong's formula for the heating value of fuels.

    python examples/dulong.py
"""
import minigrad as torch

from _common import run, pyplot, save

# The course's design matrix: one row per fuel; the first three columns are the mass fractions of
# C, H and O (molar masses 12, 1, 16: methane CH4, ethanol C2H5OH), the last three the course's
# correction terms.
FUELS = {"methane": [12 / 16, 4 / 16, 0.0, 0.0, 0.0, 0.0],
         "ethanol": [24 / 46, 6 / 46, 16 / 46, 0.0, 0.0, 1.0]}
# Dulong's weights in MJ/kg: 38.2 C + 84.9 (H - O/8) (so -84.9/8 = -10.6125 for O) and the corrections
WEIGHTS = [38.2, 84.9, -10.6125, 0.0, -0.5, -0.62]


def main(fast=False, out_dir="out"):
    """Heating values (MJ/kg) of methane and ethanol as X @ w."""
    X = torch.tensor(list(FUELS.values()))
    w = torch.tensor(WEIGHTS)
    hv = X @ w
    result = dict(zip(FUELS, hv.tolist()))
    print(f"X @ w = {hv}")
    for name, value in result.items():
        print(f"{name}: {value:.3f} MJ/kg")
    plt = pyplot(out_dir)
    fig, ax = plt.subplots(figsize=(5, 3.5))
    bars = ax.bar(list(result), list(result.values()))
    ax.bar_label(bars, fmt="%.2f MJ/kg")
    ax.set_xlabel("fuel")
    ax.set_ylabel("heating value (MJ/kg)")
    ax.set_ylim(0, max(result.values()) * 1.15)
    ax.set_title("Dulong's formula as one linear neuron: X @ w")
    fig.tight_layout()
    result["figure"] = save(fig, out_dir, "dulong.png")
    return result


if __name__ == "__main__":
    run(main, __doc__)
