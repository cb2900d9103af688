"""Programs written for PyTorch run when minigrad stands in for ``torch`` in sys.modules."""
import subprocess
import sys
import textwrap


def test_submodule_imports_through_a_torch_alias_give_minigrads_own_modules():
    program = textwrap.dedent("""
        import sys, minigrad
        sys.modules["torch"] = minigrad
        import torch
        import torch.nn as nn
        import torch.nn.functional as F
        from torch.utils.data import DataLoader, TensorDataset
        from torch.optim.lr_scheduler import StepLR
        assert nn is minigrad.nn and F is minigrad.nn.functional
        assert DataLoader is minigrad.utils.data.DataLoader
        model = nn.Linear(2, 1)
        loader = DataLoader(TensorDataset(torch.ones(4, 2), torch.zeros(4, 1)), batch_size=2)
        opt = torch.optim.SGD(model.parameters(), lr=0.1)
        sched = StepLR(opt, step_size=1)
        for x, y in loader:
            opt.zero_grad(); F.mse_loss(model(x), y).backward(); opt.step()
        sched.step()
        print("ok")
    """)
    out = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"


def test_device_choosing_code_of_the_courses_runs_and_picks_the_cpu():
    import minigrad
    import torch
    for lib in (minigrad, torch):
        device = "cuda" if lib.cuda.is_available() else "mps" if lib.backends.mps.is_available() else "cpu"
        assert device == "cpu" and lib.backends.mps.is_built() in (False, True)
    assert minigrad.backends.mps.is_built() is False
    minigrad.backends.cudnn.deterministic = True
    minigrad.backends.cudnn.benchmark = False
