""""Adversarial Example Generation" and "Spatial Transformer Networks" on MNIST-shaped synthetic
digits: the FGSM tutorial's ``Net`` (``dropout1``/``dropout2``, ``log_softmax``) trained briefly, then
attacked in ``eval()`` mode one image at a time with ``data.requires_grad = True``,
``init_pred = output.max(1, keepdim=True)[1]``, ``data.grad.data``, ``denorm`` of the normalisation,
``fgsm_attack`` (``sign()``, ``clamp(0, 1)``), the normalisation put back by hand and accuracy per
epsilon with the adversarial examples kept as NumPy arrays; then the STN's localisation network
with ``fc_loc[2]`` initialised to the identity transform, ``F.affine_grid``/``F.grid_sample``, a
few SGD steps and the learned ``theta``."""
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
import torch.optim as optim

torch.manual_seed(42)
rng = np.random.RandomState(0)
digits = np.zeros((64, 1, 28, 28), dtype=np.float32)
labels = rng.randint(0, 10, size=64)
for i, lab in enumerate(labels):
    row, col = 4 + 2 * (lab % 5), 4 + 8 * (lab // 5)
    digits[i, 0, row:row + 10, col:col + 6] = 0.75
    digits[i, 0] += rng.rand(28, 28).astype(np.float32) * 0.25  # (no clipping: exact ties would make max-pooling's
    # choice, and so the gradients, hang on the last bit of each library's convolution sums)
images = torch.from_numpy(digits)
targets = torch.from_numpy(labels)
mean, std = 0.1307, 0.3081
normalized = (images - mean) / std
print(images.shape, images.dtype, targets.dtype, targets[:10])


class Net(nn.Module):
    def __init__(self):
        super(Net, self).__init__()
        self.conv1 = nn.Conv2d(1, 8, 3, 1)
        self.conv2 = nn.Conv2d(8, 16, 3, 1)
        self.dropout1 = nn.Dropout(0.25)
        self.dropout2 = nn.Dropout(0.5)
        self.fc1 = nn.Linear(2304, 32)
        self.fc2 = nn.Linear(32, 10)

    def forward(self, x):
        x = self.conv1(x)
        x = F.relu(x)
        x = self.conv2(x)
        x = F.relu(x)
        x = F.max_pool2d(x, 2)
        x = self.dropout1(x)
        x = torch.flatten(x, 1)
        x = self.fc1(x)
        x = F.relu(x)
        x = self.dropout2(x)
        x = self.fc2(x)
        output = F.log_softmax(x, dim=1)
        return output


model = Net()
optimizer = optim.Adadelta(model.parameters(), lr=1.0)
model.train()
for epoch in range(2):
    for start in range(0, 64, 16):
        optimizer.zero_grad()
        loss = F.nll_loss(model(normalized[start:start + 16]), targets[start:start + 16])
        loss.backward()
        optimizer.step()
    print(epoch, f"{loss.item():.4g}")
model.eval()


def fgsm_attack(image, epsilon, data_grad):
    # Collect the element-wise sign of the data gradient
    sign_data_grad = data_grad.sign()
    # Create the perturbed image by adjusting each pixel of the input image
    perturbed_image = image + epsilon * sign_data_grad
    # Adding clipping to maintain [0,1] range
    perturbed_image = torch.clamp(perturbed_image, 0, 1)
    # Return the perturbed image
    return perturbed_image


def denorm(batch, mean=[0.1307], std=[0.3081]):
    if isinstance(mean, list):
        mean = torch.tensor(mean)
    if isinstance(std, list):
        std = torch.tensor(std)
    return batch * std.view(1, -1, 1, 1) + mean.view(1, -1, 1, 1)


def test(model, epsilon):
    correct = 0
    adv_examples = []
    for data, target in zip(normalized[:24].split(1), targets[:24].split(1)):
        data.requires_grad = True
        output = model(data)
        init_pred = output.max(1, keepdim=True)[1]  # get the index of the max log-probability
        if init_pred.item() != target.item():
            continue
        loss = F.nll_loss(output, target)
        model.zero_grad()
        loss.backward()
        data_grad = data.grad.data
        data_denorm = denorm(data)
        perturbed_data = fgsm_attack(data_denorm, epsilon, data_grad)
        perturbed_data_normalized = (perturbed_data - 0.1307) / 0.3081
        output = model(perturbed_data_normalized)
        final_pred = output.max(1, keepdim=True)[1]  # get the index of the max log-probability
        if final_pred.item() == target.item():
            correct += 1
            if epsilon == 0 and len(adv_examples) < 5:
                adv_ex = perturbed_data.squeeze().detach().cpu().numpy()
                adv_examples.append((init_pred.item(), final_pred.item(), adv_ex))
        else:
            if len(adv_examples) < 5:
                adv_ex = perturbed_data.squeeze().detach().cpu().numpy()
                adv_examples.append((init_pred.item(), final_pred.item(), adv_ex))
    final_acc = correct / float(24)
    print(f"Epsilon: {epsilon}\tTest Accuracy = {correct} / 24 = {final_acc:.4f}")
    return final_acc, adv_examples


accuracies = []
examples = []
for eps in [0, .05, .1, .3]:
    acc, ex = test(model, eps)
    accuracies.append(acc)
    examples.append(ex)
print([len(e) for e in examples], [(a, b, c.shape, c.dtype) for a, b, c in examples[-1][:2]])
print([f"{float(np.abs(c).max()):.4g}" for _, _, c in examples[-1][:2]])


class STNet(nn.Module):
    def __init__(self):
        super(STNet, self).__init__()
        self.conv1 = nn.Conv2d(1, 10, kernel_size=5)
        self.conv2 = nn.Conv2d(10, 20, kernel_size=5)
        self.conv2_drop = nn.Dropout2d()
        self.fc1 = nn.Linear(320, 50)
        self.fc2 = nn.Linear(50, 10)
        # Spatial transformer localization-network
        self.localization = nn.Sequential(
            nn.Conv2d(1, 8, kernel_size=7),
            nn.MaxPool2d(2, stride=2),
            nn.ReLU(True),
            nn.Conv2d(8, 10, kernel_size=5),
            nn.MaxPool2d(2, stride=2),
            nn.ReLU(True)
        )
        # Regressor for the 3 * 2 affine matrix
        self.fc_loc = nn.Sequential(
            nn.Linear(10 * 3 * 3, 32),
            nn.ReLU(True),
            nn.Linear(32, 3 * 2)
        )
        # Initialize the weights/bias with identity transformation
        self.fc_loc[2].weight.data.zero_()
        self.fc_loc[2].bias.data.copy_(torch.tensor([1, 0, 0, 0, 1, 0], dtype=torch.float))

    # Spatial transformer network forward function
    def stn(self, x):
        xs = self.localization(x)
        xs = xs.view(-1, 10 * 3 * 3)
        theta = self.fc_loc(xs)
        theta = theta.view(-1, 2, 3)
        grid = F.affine_grid(theta, x.size())
        x = F.grid_sample(x, grid)
        return x

    def forward(self, x):
        # transform the input
        x = self.stn(x)
        # Perform the usual forward pass
        x = F.relu(F.max_pool2d(self.conv1(x), 2))
        x = F.relu(F.max_pool2d(self.conv2_drop(self.conv2(x)), 2))
        x = x.view(-1, 320)
        x = F.relu(self.fc1(x))
        x = F.dropout(x, training=self.training)
        x = self.fc2(x)
        return F.log_softmax(x, dim=1)


stn = STNet()
print(stn.localization, stn.fc_loc)
with torch.no_grad():
    same = stn.stn(normalized[:2])
print(torch.allclose(same, normalized[:2], atol=1e-5))
optimizer = optim.SGD(stn.parameters(), lr=0.01)
stn.train()
for batch_idx, start in enumerate(range(0, 64, 16)):
    data, target = normalized[start:start + 16], targets[start:start + 16]
    optimizer.zero_grad()
    output = stn(data)
    loss = F.nll_loss(output, target)
    loss.backward()
    optimizer.step()
    print('Train batch {} [{}/{} ({:.0f}%)]\tLoss: {:.4g}'.format(batch_idx, start + 16, 64, 100. * (start + 16) / 64,
                                                                  loss.item()))
stn.eval()
with torch.no_grad():
    xs = stn.localization(normalized[:1]).view(-1, 90)
    theta = stn.fc_loc(xs).view(-1, 2, 3)
    print(torch.round(theta, decimals=3))
    warped = stn.stn(normalized[:4]).cpu()
    print(warped.shape, f"{warped.abs().mean().item():.4g}")
    grid = F.affine_grid(theta, (1, 1, 4, 4), align_corners=False)
    print(torch.round(grid[0, 0], decimals=3))
