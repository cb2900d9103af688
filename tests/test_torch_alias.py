"""Programs written for PyTorch run when minigrad stands in for ``torch`` in sys.modules."""
import subprocess
import sys
import textwrap

import pytest


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


def test_backends_settings_are_modules_importable_by_name_as_pytorchs():
    program = textwrap.dedent("""
        import sys, types, minigrad
        sys.modules["torch"] = minigrad
        import torch.backends.cudnn as cudnn
        import torch.backends.cuda
        import torch.backends.mps
        assert cudnn is minigrad.backends.cudnn and isinstance(cudnn, types.ModuleType)
        cudnn.benchmark = True
        assert minigrad.backends.cudnn.benchmark is True and cudnn.is_available() is False
        assert torch.backends.cuda.matmul.allow_tf32 is False and torch.backends.mps.is_available() is False
        print("ok")
    """)
    out = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"


def test_torch_onnx_imports_and_its_export_is_refused():
    import minigrad
    import minigrad.onnx
    assert minigrad.onnx.is_in_onnx_export() is False
    with pytest.raises(NotImplementedError, match="ONNX"):
        minigrad.onnx.export(minigrad.nn.Linear(1, 1), (minigrad.ones(1),), "m.onnx")


def test_utils_hooks_removable_handle_is_the_class_of_every_hook_handle():
    import minigrad
    from minigrad.utils.hooks import RemovableHandle
    t = minigrad.ones(1, requires_grad=True)
    model = minigrad.nn.Linear(1, 1)
    handles = [t.register_hook(lambda g: g), model.register_forward_hook(lambda *a: None),
               minigrad.optim.SGD(model.parameters(), lr=0.1).register_step_post_hook(lambda *a: None)]
    assert all(isinstance(h, RemovableHandle) for h in handles)


def test_removable_handle_names_utils_hooks_as_its_module_as_torchs():
    import torch
    import minigrad
    handle = minigrad.ones(1, requires_grad=True).register_hook(lambda g: g)
    assert type(handle).__module__ == "minigrad.utils.hooks"
    assert type(torch.ones(1, requires_grad=True).register_hook(lambda g: g)).__module__ == "torch.utils.hooks"


def test_modules_imported_through_the_alias_keep_their_own_spec():
    program = textwrap.dedent("""
        import sys, warnings, minigrad
        sys.modules["torch"] = minigrad
        import torch.autograd
        from torch.autograd import Variable
        assert minigrad.autograd.__spec__.name == "minigrad.autograd"
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # (a relative import under the alias's spec: ImportWarning)
            Variable(torch.ones(1))
        print("ok")
    """)
    out = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"
