"""A course's first end-to-end workflow: a straight line from torch.arange, a Module with two
Parameters and type hints, L1Loss and SGD by keyword, evaluation under inference_mode, and a
state_dict saved and loaded through pathlib paths with ``torch.save(obj=..., f=...)`` and
``torch.load(f=...)``."""
import tempfile
from pathlib import Path

import torch
from torch import nn

slope, intercept = 0.7, 0.3
inputs = torch.arange(0, 1, 0.02).unsqueeze(dim=1)
targets = slope * inputs + intercept
print(inputs[:3], targets[:3], len(inputs), len(targets))
cut = int(0.8 * len(inputs))
train_x, train_y, test_x, test_y = inputs[:cut], targets[:cut], inputs[cut:], targets[cut:]


class Line(nn.Module):
    def __init__(self):
        super().__init__()
        self.weights = nn.Parameter(torch.randn(1, dtype=torch.float), requires_grad=True)
        self.bias = nn.Parameter(torch.randn(1, dtype=torch.float), requires_grad=True)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.weights * x + self.bias


torch.manual_seed(42)
line = Line()
print(list(line.parameters())[0].shape, type(line.state_dict()).__name__)
with torch.inference_mode():
    untrained = line(test_x)
print(untrained.shape, untrained.requires_grad)
loss_fn = nn.L1Loss()
optimizer = torch.optim.SGD(params=line.parameters(), lr=0.01)
for epoch in range(300):
    line.train()
    loss = loss_fn(line(train_x), train_y)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    line.eval()
    with torch.inference_mode():
        test_loss = loss_fn(line(test_x), test_y.type(torch.float))
fitted = line.state_dict()
print("fitted", abs(fitted['weights'].item() - slope) < 0.05, abs(fitted['bias'].item() - intercept) < 0.05)

folder = Path(tempfile.mkdtemp()) / "models"
folder.mkdir(parents=True, exist_ok=True)
checkpoint = folder / "line.pth"
torch.save(obj=line.state_dict(), f=checkpoint)
print(checkpoint.exists(), checkpoint.stat().st_size > 0)
reloaded = Line()
reloaded.load_state_dict(torch.load(f=checkpoint))
reloaded.eval()
with torch.inference_mode():
    same = (reloaded(test_x) == line(test_x)).all()
print(same, next(reloaded.parameters()).device)
layer = nn.Linear(in_features=1, out_features=1)
print(layer, layer.state_dict().keys())
torch.save(layer.state_dict(), str(folder / "layer.pt"))
print(sorted(torch.load(str(folder / "layer.pt"), map_location="cpu").keys()))
