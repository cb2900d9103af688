"""Linear regression with nn.Sequential, DataLoader, optim.SGD and MSELoss: train, validate,
checkpoint halfway, resume from the checkpoint, and finish — the quickstart.

    python examples/linear_regression_nn.py [--fast] [--out DIR]
"""
import argparse
import os

import numpy as np

import minigrad as torch
from minigrad import nn, optim
from minigrad.utils.data import DataLoader, TensorDataset, random_split
from minigrad.training import fit, plot_history


def main(fast=False, out_dir="out", compile=False):
    """Train y = 1 + 2x + noise in two halves (with a resume in between); returns b, w and losses."""
    os.makedirs(out_dir, exist_ok=True)
    np.random.seed(42)
    x = np.random.rand(100, 1)
    y = 1 + 2 * x + .1 * np.random.randn(100, 1)
    dataset = TensorDataset(torch.as_tensor(x).float(), torch.as_tensor(y).float())
    torch.manual_seed(42)
    train_data, val_data = random_split(dataset, [80, 20], generator=torch.Generator().manual_seed(42))
    train_loader = DataLoader(train_data, batch_size=16, shuffle=True)
    val_loader = DataLoader(val_data, batch_size=20)

    def make():
        torch.manual_seed(42)
        model = nn.Sequential(nn.Linear(1, 1))
        return model, optim.SGD(model.parameters(), lr=0.1)

    epochs = 40 if fast else 200
    ckpt = os.path.join(out_dir, "linear_regression.ckpt")
    if os.path.exists(ckpt):
        os.remove(ckpt)
    model, optimizer = make()
    fit(model, nn.MSELoss(), optimizer, train_loader, val_loader, epochs=epochs // 2,
        checkpoint_path=ckpt, progress=False, compile=compile)
    # a fresh model and optimizer continue from the checkpoint, as after a restart
    model, optimizer = make()
    history = fit(model, nn.MSELoss(), optimizer, train_loader, val_loader, epochs=epochs,
                  checkpoint_path=ckpt, resume=True, progress=False, compile=compile)
    # the same run without the interruption: a checkpoint restores the weights, the optimizer and
    # the random state, so the resumed run drew the same shuffled batches and ends identically
    straight_model, straight_opt = make()
    straight = fit(straight_model, nn.MSELoss(), straight_opt, train_loader, val_loader, epochs=epochs,
                   progress=False, compile=compile)
    figure = plot_history(history, os.path.join(out_dir, "linear_regression_loss.png"),
                          f"linear regression: MSE per epoch (resumed at epoch {epochs // 2})")
    b, w = model[0].bias.item(), model[0].weight.item()
    result = {"b": b, "w": w, "train_loss": history["train"][-1], "val_loss": history["val"][-1],
              "epochs": len(history["train"]), "resume_matches_uninterrupted": straight == history,
              "figure": figure}
    print(f"after {result['epochs']} epochs (resumed at {epochs // 2}): b = {b:.4f}, w = {w:.4f} "
          f"(true 1, 2); train MSE {result['train_loss']:.5f}, validation MSE {result['val_loss']:.5f}")
    print(model.state_dict())
    print("resumed run identical to an uninterrupted one:", result["resume_matches_uninterrupted"])
    print(f"wrote {ckpt} (the checkpoint)")
    print(f"wrote {figure} (the loss curves)")
    return result


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fast", action="store_true", help="fewer epochs (a smoke test)")
    parser.add_argument("--out", default="out", help="where figures and checkpoints go")
    args = parser.parse_args()
    main(fast=args.fast, out_dir=args.out)
