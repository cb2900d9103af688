"""PyTorch's recipes "Defining a Neural Network" and "Zeroing out gradients": the MNIST ``Net``
with ``nn.Dropout2d`` (applied, as the recipe does, to the flattened 2-D activations too: PyTorch's
warning about it, recorded), ``torch.flatten(x, 1)`` and ``F.log_softmax``, printed on
``torch.rand((1, 1, 28, 28))``; then the CIFAR-shaped training loop with ``optimizer.zero_grad()``
before each step, ``'[%d, %5d] loss: %.3f'`` running losses, and what ``zero_grad`` leaves
(``None`` by default, zeros with ``set_to_none=False``) and how gradients add up without it."""
import warnings
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
import torch.optim as optim
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(0)

class Net(nn.Module):
    def __init__(self):
      super(Net, self).__init__()

      # First 2D convolutional layer, taking in 1 input channel (image),
      # outputting 32 convolutional features, with a square kernel size of 3
      self.conv1 = nn.Conv2d(1, 32, 3, 1)
      # Second 2D convolutional layer, taking in the 32 input layers,
      # outputting 64 convolutional features, with a square kernel size of 3
      self.conv2 = nn.Conv2d(32, 64, 3, 1)

      # Designed to ensure that adjacent pixels are either all 0s or all active
      # with an input probability
      self.dropout1 = nn.Dropout2d(0.25)
      self.dropout2 = nn.Dropout2d(0.5)

      # First fully connected layer
      self.fc1 = nn.Linear(9216, 128)
      # Second fully connected layer that outputs our 10 labels
      self.fc2 = nn.Linear(128, 10)

    # x represents our data
    def forward(self, x):
      # Pass data through conv1
      x = self.conv1(x)
      # Use the rectified-linear activation function over x
      x = F.relu(x)

      x = self.conv2(x)
      x = F.relu(x)

      # Run max pooling over x
      x = F.max_pool2d(x, 2)
      # Pass data through dropout1
      x = self.dropout1(x)
      # Flatten x with start_dim=1
      x = torch.flatten(x, 1)
      # Pass data through ``fc1``
      x = self.fc1(x)
      x = F.relu(x)
      x = self.dropout2(x)
      x = self.fc2(x)

      # Apply softmax to x
      output = F.log_softmax(x, dim=1)
      return output

my_nn = Net()
print(my_nn)

random_data = torch.rand((1, 1, 28, 28))
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    result = my_nn(random_data)
print(result)
print([(w.category.__name__, str(w.message)) for w in caught])
my_nn.eval()
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    result = my_nn(random_data)
print(result, result.exp().sum().item() > 0.999, len(caught))
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    print(F.dropout2d(torch.ones(2, 3), 0.5, training=False))
    print(nn.Dropout2d(0.5)(torch.ones(2, 3, 4)).shape)
print([str(w.message) for w in caught])

# Zeroing out gradients
class Net(nn.Module):
    def __init__(self):
        super(Net, self).__init__()
        self.conv1 = nn.Conv2d(3, 6, 5)
        self.pool = nn.MaxPool2d(2, 2)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(16 * 5 * 5, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)

    def forward(self, x):
        x = self.pool(F.relu(self.conv1(x)))
        x = self.pool(F.relu(self.conv2(x)))
        x = x.view(-1, 16 * 5 * 5)
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        x = self.fc3(x)
        return x

rng = np.random.RandomState(0)
images = ((rng.rand(64, 3, 32, 32) - 0.5) / 0.5).astype(np.float32)
labels = rng.randint(0, 10, 64)
trainset = TensorDataset(torch.from_numpy(images), torch.from_numpy(labels))
trainloader = DataLoader(trainset, batch_size=4, shuffle=True, num_workers=0)

net = Net()
criterion = nn.CrossEntropyLoss()
optimizer = optim.SGD(net.parameters(), lr=0.001, momentum=0.9)

for epoch in range(2):  # loop over the dataset multiple times

    running_loss = 0.0
    for i, data in enumerate(trainloader, 0):
        # get the inputs; data is a list of [inputs, labels]
        inputs, labels = data

        # zero the parameter gradients
        optimizer.zero_grad()

        # forward + backward + optimize
        outputs = net(inputs)
        loss = criterion(outputs, labels)
        loss.backward()
        optimizer.step()

        # print statistics
        running_loss += loss.item()
        if i % 8 == 7:    # print every 8 mini-batches
            print('[%d, %5d] loss: %.3f' %
                  (epoch + 1, i + 1, running_loss / 8))
            running_loss = 0.0

print('Finished Training', type(data).__name__, len(data))
print(net.conv1.weight.grad is not None, net.conv1.bias.grad.shape)
optimizer.zero_grad()
print(net.conv1.weight.grad, net.fc3.bias.grad)
outputs = net(inputs)
criterion(outputs, labels).backward()
g1 = net.fc3.bias.grad.clone()
net.zero_grad(set_to_none=False)
print(net.fc3.bias.grad, net.fc3.bias.grad.abs().sum())
criterion(net(inputs), labels).backward()
criterion(net(inputs), labels).backward()
print(torch.allclose(net.fc3.bias.grad, 2 * g1), net.fc3.bias.grad.shape)
optimizer.zero_grad(set_to_none=False)
print(all(p.grad is not None and not p.grad.any() for p in net.parameters()))
