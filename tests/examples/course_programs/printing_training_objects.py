"""A course's notebook cells that print the training objects themselves: print(optimizer) for the
optimizers tutorials use (with parameter groups and their options), optimizer.state_dict() before
and after a step, scheduler state_dicts, loss modules and their options, torch.finfo / iinfo,
default dtype and seeds, calculate_gain, a DataLoader's settings, TensorDataset and Subset
lengths, torch.Size and dtype objects in containers, an epoch log line formatted with
f"{loss.item():.4f}" and a tqdm-free progress line, and the history dict of a training run."""
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset, random_split

torch.manual_seed(2024)
model = nn.Sequential(nn.Linear(2, 3), nn.Tanh(), nn.Linear(3, 1))
optimizers = [
    torch.optim.SGD(model.parameters(), lr=0.1),
    torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9, nesterov=True, weight_decay=1e-4),
    torch.optim.Adam(model.parameters(), lr=1e-3),
    torch.optim.AdamW(model.parameters(), lr=3e-4, betas=(0.9, 0.95), weight_decay=0.05),
    torch.optim.RMSprop(model.parameters(), lr=0.01, alpha=0.9),
    torch.optim.Adagrad(model.parameters()),
    torch.optim.Adam([{"params": model[0].parameters(), "lr": 1e-2}, {"params": model[2].parameters()}], lr=1e-3),
]
for opt in optimizers:
    print(opt)
opt = torch.optim.Adam(model.parameters(), lr=1e-2)
print(opt.state_dict())
x, y = torch.randn(16, 2), torch.randn(16, 1)
loss_fn = nn.MSELoss()
loss = loss_fn(model(x), y)
loss.backward()
opt.step()
state = opt.state_dict()
torch.set_printoptions(precision=2)
print(state["state"][1], state["param_groups"])
print(opt.state[model[2].bias])
sgd = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
loss_fn(model(x), y).backward()
sgd.step()
print(sgd.state_dict()["state"][3], len(sgd.state))
torch.set_printoptions(profile="default")
sched = torch.optim.lr_scheduler.StepLR(sgd, step_size=3, gamma=0.5)
print(sched.state_dict())
plateau = torch.optim.lr_scheduler.ReduceLROnPlateau(opt, patience=2)
print({k: v for k, v in plateau.state_dict().items() if not k.startswith("_")})
multi = torch.optim.lr_scheduler.MultiStepLR(sgd, milestones=[2, 5], gamma=0.1)
print(multi.state_dict()["milestones"], multi.get_last_lr(), sgd.param_groups[0]["initial_lr"])

for fn in [nn.MSELoss(), nn.MSELoss(reduction="sum"), nn.L1Loss(), nn.SmoothL1Loss(beta=0.5), nn.HuberLoss(delta=2.0),
           nn.BCELoss(), nn.BCEWithLogitsLoss(pos_weight=torch.tensor([3.0])), nn.CrossEntropyLoss(),
           nn.CrossEntropyLoss(weight=torch.tensor([1.0, 2.0]), ignore_index=1, label_smoothing=0.1),
           nn.NLLLoss(reduction="none"), nn.KLDivLoss(reduction="batchmean"), nn.CosineEmbeddingLoss(margin=0.2)]:
    print(fn, fn.reduction, getattr(fn, "weight", None), getattr(fn, "pos_weight", None))
print(nn.CrossEntropyLoss(label_smoothing=0.1).label_smoothing, nn.CrossEntropyLoss().ignore_index, nn.HuberLoss().delta)
print(torch.finfo(torch.float32), torch.finfo(torch.float16).eps, torch.finfo(torch.float64).max)
print(torch.iinfo(torch.uint8), torch.iinfo(torch.int32).min, torch.finfo().tiny, torch.finfo(torch.float32).resolution)
print(torch.get_default_dtype(), torch.initial_seed(), torch.get_rng_state().dtype)
print(nn.init.calculate_gain("relu"), nn.init.calculate_gain("leaky_relu", 0.2), nn.init.calculate_gain("tanh"),
      nn.init.calculate_gain("selu"), nn.init.calculate_gain("sigmoid"), nn.init.calculate_gain("conv2d"))

dataset = TensorDataset(torch.arange(20.0).view(10, 2), torch.arange(10))
train, val = random_split(dataset, [8, 2], generator=torch.Generator().manual_seed(0))
loader = DataLoader(train, batch_size=3, shuffle=True, drop_last=True)
print(len(dataset), len(train), len(val), train.indices, val.indices, len(loader), loader.batch_size, loader.drop_last,
      type(loader.sampler).__name__, type(loader.batch_sampler).__name__, loader.num_workers, loader.dataset is train)
print([tuple(t.shape) for t in dataset.tensors], dataset[3], {"shape": torch.Size([2, 3]), "dtype": torch.int64})
print([torch.Size([3]), torch.float16], (torch.Size([1, 2]),), torch.Size([]), torch.Size((4,)) + (2,))

history = {"loss": [], "val_loss": []}
n_epochs, n_batches = 3, 4
torch.manual_seed(1)
for epoch in range(1, n_epochs + 1):
    running = 0.0
    for batch in range(1, n_batches + 1):
        opt.zero_grad()
        loss = loss_fn(model(x[batch * 3:batch * 3 + 3]), y[batch * 3:batch * 3 + 3])
        loss.backward()
        opt.step()
        running += loss.item()
        if batch % 2 == 0:
            done = int(20 * batch / n_batches)
            print(f"\rEpoch {epoch}/{n_epochs} [{'=' * done}{'.' * (20 - done)}] {batch}/{n_batches} - loss: {loss.item():.4f}")
    with torch.no_grad():
        val_loss = loss_fn(model(x[:3]), y[:3])
    history["loss"].append(running / n_batches)
    history["val_loss"].append(val_loss.item())
    print(f"Epoch [{epoch:>2}/{n_epochs}] | train loss: {running / n_batches:>8.4f} | val loss: {val_loss:.4f} | "
          f"val {val_loss:.3f} {val_loss!r:>20}")
print({k: [round(v, 4) for v in vs] for k, vs in history.items()}, f"{min(history['val_loss']):.3e}")
print(f"{loss:.5f}", f"{loss.detach():>10.3f}", f"{loss.item()}" == str(loss.item()), f"{torch.tensor([1.5, 2.5])}")
