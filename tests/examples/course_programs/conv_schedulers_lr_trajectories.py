"""Learning-rate schedulers on a conv layer's SGD with momentum: the lr after each step of
StepLR, MultiStepLR, ExponentialLR, CosineAnnealingLR, OneCycleLR, ReduceLROnPlateau and others."""
import torch
import torch.nn as nn
torch.manual_seed(7)
m = nn.Conv2d(1, 2, 3)
def run(name, mk, steps=12, metric=None):
    opt = torch.optim.SGD(m.parameters(), lr=0.1, momentum=0.9)
    s = mk(opt)
    lrs = []
    for i in range(steps):
        opt.step()
        if metric is None: s.step()
        else: s.step(metric[i])
        lrs.append(round(opt.param_groups[0]["lr"], 8))
    print(name, lrs)
    return s
run("step", lambda o: torch.optim.lr_scheduler.StepLR(o, 3, 0.5))
run("multistep", lambda o: torch.optim.lr_scheduler.MultiStepLR(o, [2, 5, 9], 0.1))
run("exp", lambda o: torch.optim.lr_scheduler.ExponentialLR(o, 0.9))
run("cos", lambda o: torch.optim.lr_scheduler.CosineAnnealingLR(o, T_max=10, eta_min=0.001))
run("warm", lambda o: torch.optim.lr_scheduler.CosineAnnealingWarmRestarts(o, T_0=4, T_mult=2))
s = run("onecycle", lambda o: torch.optim.lr_scheduler.OneCycleLR(o, max_lr=1.0, total_steps=12))
print(s.optimizer.param_groups[0]["momentum"], s.optimizer.param_groups[0]["initial_lr"], s.optimizer.param_groups[0]["max_lr"])
run("onecycle_lin", lambda o: torch.optim.lr_scheduler.OneCycleLR(o, max_lr=0.5, epochs=3, steps_per_epoch=4, anneal_strategy="linear", three_phase=True))
vals = [1.0, 0.9, 0.9, 0.9, 0.9, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8]
s = run("plateau", lambda o: torch.optim.lr_scheduler.ReduceLROnPlateau(o, mode="min", factor=0.5, patience=2), metric=vals)
print(s.num_bad_epochs, s.best, s.cooldown_counter, s.get_last_lr())
run("plateau_rel", lambda o: torch.optim.lr_scheduler.ReduceLROnPlateau(o, factor=0.1, patience=1, threshold=0.2, threshold_mode="abs", min_lr=1e-4), metric=vals)
run("lambda", lambda o: torch.optim.lr_scheduler.LambdaLR(o, lambda e: 0.95 ** e))
run("linear", lambda o: torch.optim.lr_scheduler.LinearLR(o, start_factor=0.25, total_iters=4))
run("seq", lambda o: torch.optim.lr_scheduler.SequentialLR(o, [torch.optim.lr_scheduler.LinearLR(o, 0.1, total_iters=3), torch.optim.lr_scheduler.ExponentialLR(o, 0.8)], milestones=[3]))
run("cyclic", lambda o: torch.optim.lr_scheduler.CyclicLR(o, base_lr=0.01, max_lr=0.1, step_size_up=3))
run("poly", lambda o: torch.optim.lr_scheduler.PolynomialLR(o, total_iters=8, power=2.0))
s = torch.optim.lr_scheduler.StepLR(torch.optim.Adam(m.parameters(), lr=0.01), 2)
print(s.state_dict())
