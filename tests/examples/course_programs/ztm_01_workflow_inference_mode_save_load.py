"""Zero to Mastery "Learn PyTorch", 01 workflow: a ``LinearRegressionModel`` of two
``nn.Parameter(torch.randn(1, dtype=torch.float))``, L1 loss and SGD with the test loop under
``torch.inference_mode()``, losses kept as NumPy values, ``torch.save(obj=..., f=...)`` and
``load_state_dict(torch.load(f=...))`` (a mismatched state dict, strict and not), the
``nn.Linear`` version moved to a device-agnostic ``device``, what inference tensors refuse
(``requires_grad_``, backward, in-place updates, being saved for backward), and the PyTorch 2
``torch.compile`` wrapper showing the model's mode and attributes."""
import torch
import numpy as np
from torch import nn
from pathlib import Path
import tempfile, os, shutil
weight = 0.7
bias = 0.3
start, end, step = 0, 1, 0.02
X = torch.arange(start, end, step).unsqueeze(dim=1)
y = weight * X + bias
print(X[:10], y[:10], len(X), len(y), X.dtype)
train_split = int(0.8 * len(X))
X_train, y_train = X[:train_split], y[:train_split]
X_test, y_test = X[train_split:], y[train_split:]
print(len(X_train), len(y_train), len(X_test), len(y_test))

class LinearRegressionModel(nn.Module):
    def __init__(self):
        super().__init__()
        self.weights = nn.Parameter(torch.randn(1, dtype=torch.float), requires_grad=True)
        self.bias = nn.Parameter(torch.randn(1, dtype=torch.float), requires_grad=True)
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.weights * x + self.bias

torch.manual_seed(42)
model_0 = LinearRegressionModel()
print(list(model_0.parameters()))
print(model_0.state_dict())
print(model_0)
with torch.inference_mode():
    y_preds = model_0(X_test)
print(f"Number of testing samples: {len(X_test)}")
print(f"Number of predictions made: {len(y_preds)}")
print(f"Predicted values:\n{y_preds}")
print(y_preds.requires_grad, y_preds.is_inference(), y_preds.grad_fn)
with torch.no_grad():
    y_preds2 = model_0(X_test)
print(y_preds2.requires_grad, y_preds2.is_inference())
print(y_test - y_preds)
loss_fn = nn.L1Loss()
optimizer = torch.optim.SGD(params=model_0.parameters(), lr=0.01)
print(loss_fn, optimizer)
torch.manual_seed(42)
epochs = 100
train_loss_values = []
test_loss_values = []
epoch_count = []
for epoch in range(epochs):
    model_0.train()
    y_pred = model_0(X_train)
    loss = loss_fn(y_pred, y_train)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    model_0.eval()
    with torch.inference_mode():
        test_pred = model_0(X_test)
        test_loss = loss_fn(test_pred, y_test.type(torch.float))
        if epoch % 10 == 0:
            epoch_count.append(epoch)
            train_loss_values.append(loss.detach().numpy().round(5))
            test_loss_values.append(test_loss.detach().numpy().round(5))
            print(f"Epoch: {epoch} | MAE Train Loss: {loss:.5f} | MAE Test Loss: {test_loss:.5f} ")
print(train_loss_values, test_loss_values)
print("Train loss", torch.tensor(np.array(train_loss_values)).numpy())
print("The model learned the following values for weights and bias:")
print(model_0.state_dict())
print("\nAnd the original values for weights and bias are:")
print(f"weights: {weight}, bias: {bias}")
model_0.eval()
with torch.inference_mode():
    y_preds = model_0(X_test)
print(y_preds)
d = tempfile.mkdtemp()
MODEL_PATH = Path(d) / "models"
MODEL_PATH.mkdir(parents=True, exist_ok=True)
MODEL_NAME = "01_pytorch_workflow_model_0.pth"
MODEL_SAVE_PATH = MODEL_PATH / MODEL_NAME
print(f"Saving model to: {MODEL_SAVE_PATH.name}")
torch.save(obj=model_0.state_dict(), f=MODEL_SAVE_PATH)
loaded_model_0 = LinearRegressionModel()
res = loaded_model_0.load_state_dict(torch.load(f=MODEL_SAVE_PATH))
print(res)
loaded_model_0.eval()
with torch.inference_mode():
    loaded_model_preds = loaded_model_0(X_test)
print(y_preds == loaded_model_preds)
print(torch.load(MODEL_SAVE_PATH, weights_only=True))
device = "cuda" if torch.cuda.is_available() else "cpu"
print(f"Using device: {device}")

class LinearRegressionModelV2(nn.Module):
    def __init__(self):
        super().__init__()
        self.linear_layer = nn.Linear(in_features=1, out_features=1)
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.linear_layer(x)

torch.manual_seed(42)
model_1 = LinearRegressionModelV2()
print(model_1, model_1.state_dict())
print(next(model_1.parameters()).device)
model_1.to(device)
print(next(model_1.parameters()).device)
loss_fn = nn.L1Loss()
optimizer = torch.optim.SGD(params=model_1.parameters(), lr=0.01)
torch.manual_seed(42)
epochs = 1000
X_train = X_train.to(device); X_test = X_test.to(device); y_train = y_train.to(device); y_test = y_test.to(device)
for epoch in range(epochs):
    model_1.train()
    y_pred = model_1(X_train)
    loss = loss_fn(y_pred, y_train)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    model_1.eval()
    with torch.inference_mode():
        test_pred = model_1(X_test)
        test_loss = loss_fn(test_pred, y_test)
    if epoch % 100 == 0:
        print(f"Epoch: {epoch} | Train loss: {loss:.5f} | Test loss: {test_loss:.5f}")
from pprint import pprint
print("The model learned the following values for weights and bias:")
pprint(model_1.state_dict())
print(model_1.state_dict().keys(), type(model_1.state_dict()))
MODEL_SAVE_PATH = MODEL_PATH / "01_pytorch_workflow_model_1.pth"
torch.save(obj=model_1.state_dict(), f=MODEL_SAVE_PATH)
loaded_model_1 = LinearRegressionModelV2()
loaded_model_1.load_state_dict(torch.load(MODEL_SAVE_PATH))
loaded_model_1.to(device)
print(f"Loaded model:\n{loaded_model_1}")
print(f"Model on device:\n{next(loaded_model_1.parameters()).device}")
loaded_model_1.eval()
with torch.inference_mode():
    loaded_model_1_preds = loaded_model_1(X_test)
print(y_preds == loaded_model_1_preds, test_pred == loaded_model_1_preds)
try:
    loaded_model_1.load_state_dict(model_0.state_dict())
except RuntimeError as e:
    print("RuntimeError:", e)
r = loaded_model_1.load_state_dict(model_0.state_dict(), strict=False)
print(r)
print(r.missing_keys, r.unexpected_keys)
with torch.inference_mode():
    t = model_1(X_test)
try:
    t.requires_grad_()
except RuntimeError as e:
    print("RuntimeError:", e)
try:
    loss_fn(t, y_test).backward()
except RuntimeError as e:
    print("RuntimeError:", e)
try:
    with torch.inference_mode():
        y = model_1(X_test)
    y.add_(1)
except RuntimeError as e:
    print("RuntimeError:", e)
try:
    (model_1(X_test) * y).sum().backward()
except RuntimeError as e:
    print("RuntimeError:", e)
print(torch.is_inference_mode_enabled())
with torch.inference_mode():
    print(torch.is_inference_mode_enabled(), torch.is_grad_enabled())
@torch.inference_mode()
def pred(m, x): return m(x)
print(pred(model_1, X_test[:2]))
with torch.inference_mode(mode=False):
    print(torch.is_inference_mode_enabled())
print(model_0.weights.grad, model_0.weights, model_0.weights.data)
compiled_model_1 = torch.compile(model_1)
model_1.eval()
print(compiled_model_1.training, list(compiled_model_1.state_dict())[:1])
compiled_model_1.train()
print(model_1.training, model_1.linear_layer.training)
compiled_model_1.note = "compiled"
print(model_1.note, "note" in vars(compiled_model_1))
with torch.inference_mode():
    print(torch.allclose(compiled_model_1(X_test), model_1(X_test)))
shutil.rmtree(d)
