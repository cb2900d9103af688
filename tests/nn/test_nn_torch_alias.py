"""A PyTorch training script runs unchanged after ``import minigrad as torch``."""
import subprocess
import sys
import textwrap

SCRIPT = textwrap.dedent('''
    import os, sys, tempfile
    import minigrad as torch                 # the program below is written for PyTorch
    nn = torch.nn
    F = torch.nn.functional
    StepLR = torch.optim.lr_scheduler.StepLR

    torch.manual_seed(0)

    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.body = nn.Sequential(nn.Linear(4, 16), nn.ReLU(), nn.Dropout(0.1), nn.Linear(16, 3))

        def forward(self, x):
            return self.body(x)

    model = Net()
    opt = torch.optim.AdamW(model.parameters(), lr=1e-2)
    sched = StepLR(opt, step_size=10, gamma=0.5)
    x = torch.randn(64, 4)
    y = (x[:, 0] > 0).long() + (x[:, 1] > 0).long()
    first = None
    for epoch in range(60):
        model.train()
        opt.zero_grad()
        loss = F.cross_entropy(model(x), y)
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        sched.step()
        first = loss.item() if first is None else first
    assert loss.item() < first * 0.7, (first, loss.item())
    path = os.path.join(tempfile.mkdtemp(), "ck.pt")
    torch.save({"model": model.state_dict(), "opt": opt.state_dict(), "epoch": epoch}, path)
    ck = torch.load(path, map_location="cpu", weights_only=True)
    fresh = Net()
    fresh.load_state_dict(ck["model"])
    fresh.eval(); model.eval()
    with torch.no_grad():
        assert torch.allclose(fresh(x), model(x))
    assert "torch" not in sys.modules
    print("ok")
''')


def test_pytorch_script_runs_after_import_minigrad_as_torch():
    out = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"
