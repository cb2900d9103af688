"""A course's trainer class in the "step by step" style: a StepByStep-like class holding model,
loss and optimizer, higher-order functions make_train_step_fn / make_val_step_fn returning
closures, a mini-batch loop over a DataLoader, set_seed (torch.backends.cudnn flags, manual_seed,
NumPy's seed, the sampler's generator), torch.manual_seed per epoch, checkpoints of model,
optimizer, epoch and losses saved with torch.save and loaded with torch.load, training resumed
from a checkpoint giving the same losses as uninterrupted training, predict under eval(), and
the parameter count."""
import io

import numpy as np
import torch
import torch.nn as nn
import torch.optim as optim
from torch.utils.data import DataLoader, TensorDataset, random_split


class StepByStep:
    def __init__(self, model, loss_fn, optimizer):
        self.model, self.loss_fn, self.optimizer = model, loss_fn, optimizer
        self.device = 'cuda' if torch.cuda.is_available() else 'cpu'
        self.model.to(self.device)
        self.train_loader = self.val_loader = None
        self.losses, self.val_losses, self.total_epochs = [], [], 0
        self.train_step_fn = self._make_train_step_fn()
        self.val_step_fn = self._make_val_step_fn()

    def to(self, device):
        self.device = device
        self.model.to(self.device)

    def set_loaders(self, train_loader, val_loader=None):
        self.train_loader, self.val_loader = train_loader, val_loader

    def _make_train_step_fn(self):
        def perform_train_step_fn(x, y):
            self.model.train()
            yhat = self.model(x)
            loss = self.loss_fn(yhat, y)
            loss.backward()
            self.optimizer.step()
            self.optimizer.zero_grad()
            return loss.item()
        return perform_train_step_fn

    def _make_val_step_fn(self):
        def perform_val_step_fn(x, y):
            self.model.eval()
            yhat = self.model(x)
            loss = self.loss_fn(yhat, y)
            return loss.item()
        return perform_val_step_fn

    def _mini_batch(self, validation=False):
        data_loader = self.val_loader if validation else self.train_loader
        step_fn = self.val_step_fn if validation else self.train_step_fn
        if data_loader is None:
            return None
        mini_batch_losses = []
        for x_batch, y_batch in data_loader:
            x_batch, y_batch = x_batch.to(self.device), y_batch.to(self.device)
            mini_batch_losses.append(step_fn(x_batch, y_batch))
        return np.mean(mini_batch_losses)

    def set_seed(self, seed=42):
        torch.backends.cudnn.deterministic = True
        torch.backends.cudnn.benchmark = False
        torch.manual_seed(seed)
        np.random.seed(seed)
        try:
            self.train_loader.sampler.generator.manual_seed(seed)
        except AttributeError:
            pass

    def train(self, n_epochs, seed=42):
        if self.total_epochs == 0:
            self.set_seed(seed)
        for epoch in range(n_epochs):
            self.total_epochs += 1
            torch.manual_seed(seed + self.total_epochs)  # reproducible dropout / shuffling per epoch
            loss = self._mini_batch(validation=False)
            self.losses.append(loss)
            with torch.no_grad():
                val_loss = self._mini_batch(validation=True)
                self.val_losses.append(val_loss)

    def save_checkpoint(self, f):
        checkpoint = {'epoch': self.total_epochs,
                      'model_state_dict': self.model.state_dict(),
                      'optimizer_state_dict': self.optimizer.state_dict(),
                      'loss': self.losses,
                      'val_loss': self.val_losses,
                      'sampler_rng': self.train_loader.generator.get_state()}
        torch.save(checkpoint, f)

    def load_checkpoint(self, f):
        checkpoint = torch.load(f, weights_only=False)
        self.model.load_state_dict(checkpoint['model_state_dict'])
        self.optimizer.load_state_dict(checkpoint['optimizer_state_dict'])
        self.total_epochs = checkpoint['epoch']
        self.losses = checkpoint['loss']
        self.val_losses = checkpoint['val_loss']
        self.train_loader.generator.set_state(checkpoint['sampler_rng'])
        self.model.train()

    def predict(self, x):
        self.model.eval()
        x_tensor = torch.as_tensor(x).float()
        y_hat_tensor = self.model(x_tensor.to(self.device))
        self.model.train()
        return y_hat_tensor.detach().cpu().numpy()

    def count_parameters(self):
        return sum(p.numel() for p in self.model.parameters() if p.requires_grad)


np.random.seed(42)
x = np.random.rand(100, 1)
y = 1 + 2 * x + .1 * np.random.randn(100, 1)
x_tensor, y_tensor = torch.as_tensor(x).float(), torch.as_tensor(y).float()
dataset = TensorDataset(x_tensor, y_tensor)
train_data, val_data = random_split(dataset, [80, 20], generator=torch.Generator().manual_seed(42))
train_loader = DataLoader(train_data, batch_size=16, shuffle=True, generator=torch.Generator())
val_loader = DataLoader(val_data, batch_size=16)


def fresh(lr=0.1, dropout=False):
    torch.manual_seed(42)
    layers = [nn.Linear(1, 8), nn.ReLU()] + ([nn.Dropout(0.2)] if dropout else []) + [nn.Linear(8, 1)]
    model = nn.Sequential(*layers)
    return StepByStep(model, nn.MSELoss(reduction='mean'), optim.SGD(model.parameters(), lr=lr, momentum=0.5))


sbs = fresh(dropout=True)
sbs.set_loaders(train_loader, val_loader)
print(sbs.model, sbs.count_parameters(), sbs.device)
sbs.train(n_epochs=6)
print([f"{v:.6f}" for v in sbs.losses])
print([f"{v:.6f}" for v in sbs.val_losses])
print(sbs.model.state_dict())
print(np.round(sbs.predict(np.array([[0.2], [0.5], [0.8]])), 5).ravel().tolist())

buffer = io.BytesIO()
interrupted = fresh(dropout=True)
interrupted.set_loaders(train_loader, val_loader)
interrupted.train(n_epochs=3)
interrupted.save_checkpoint(buffer)
print("checkpoint bytes written:", buffer.tell() > 1000)
buffer.seek(0)
resumed = fresh(dropout=True)
resumed.set_loaders(train_loader, val_loader)
train_loader.generator.manual_seed(0)
resumed.load_checkpoint(buffer)
print(resumed.total_epochs, len(resumed.losses), resumed.model.training)
state = resumed.optimizer.state_dict()
print(sorted(state), sorted(state['state']), list(state['state'][0]), state['param_groups'][0]['momentum'])
# the per-epoch seeds follow the epoch counter and the sampler's state is restored: same losses
resumed.train(n_epochs=3)
print([f"{v:.6f}" for v in resumed.losses])
print(resumed.losses[:3] == interrupted.losses, resumed.losses == sbs.losses, resumed.val_losses == sbs.val_losses)
print(all(torch.equal(a, b) for a, b in zip(resumed.model.parameters(), sbs.model.parameters())))

again = fresh(dropout=True)
again.set_loaders(train_loader, val_loader)
again.train(n_epochs=6)
print(again.losses == sbs.losses, all(torch.equal(a, b) for a, b in
                                       zip(again.model.state_dict().values(), sbs.model.state_dict().values())))

linear = StepByStep(nn.Linear(1, 1), nn.MSELoss(), None)
print(linear.count_parameters(), type(linear.train_step_fn).__name__, linear.train_step_fn.__name__)
for p in linear.model.parameters():
    p.requires_grad_(False)
print(linear.count_parameters(), linear.predict([[1.0]]).dtype, linear.predict(np.ones((2, 1))).shape)
